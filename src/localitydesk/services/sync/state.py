"""Sync settings and state: the server, the token's whereabouts, the backlog, what went wrong."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import Locality, OutboxChange
from localitydesk.sync.client import AddressRefused, normalise_server_url
from localitydesk.sync.token_store import TokenStore, TokenStoreError, account_name

from ..errors import ServiceError, ValidationError
from ..unit_of_work import read_only
from .outbox import WAITING_STATES, claimed_up_to, sync_state


@dataclass(frozen=True)
class SyncSettings:
    origin: uuid.UUID
    server_url: str
    ca_file: str
    locality_id: uuid.UUID | None
    locality_code: str | None

    @property
    def account(self) -> str | None:
        if not self.server_url or self.locality_id is None:
            return None
        return account_name(self.server_url, self.locality_id)


@dataclass(frozen=True)
class SyncStatus:
    """Everything the Sync section and the status bar show, read in one go."""

    settings: SyncSettings
    has_token: bool
    token_where: str
    waiting: int  # changes not yet answered (the backlog)
    in_flight: int  # of those, sent and awaiting an answer
    conflicts: int  # open conflicts
    rejections: int  # rejections not yet acknowledged
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str
    stopped: str
    failures: int

    @property
    def configured(self) -> bool:
        return bool(self.settings.server_url) and self.has_token


def load_settings(db: Database) -> SyncSettings:
    """This database's sync settings; makes its origin id the first time it is asked."""
    with db.session() as session, session.begin():
        state = sync_state(session)
        home = session.execute(select(Locality.id, Locality.code).where(Locality.is_home.is_(True))).first()
        return SyncSettings(
            origin=state.origin,
            server_url=state.server_url,
            ca_file=state.ca_file,
            locality_id=home.id if home else None,
            locality_code=home.code if home else None,
        )


def set_server(db: Database, server_url: str, ca_file: str | None = None) -> SyncSettings:
    """Remember the regional server (and a private CA's certificate file) for this database."""
    errors: dict[str, str] = {}
    try:
        url = normalise_server_url(server_url)
    except AddressRefused:
        url = ""
        errors["server_url"] = _(
            "Give the server's address starting https:// (plain http:// only to this computer)."
        )
    ca_text = ""
    if ca_file:
        ca_path = Path(ca_file).expanduser()
        if not ca_path.is_file():
            errors["ca_file"] = _("There is no certificate file at {path}.").format(path=ca_path)
        ca_text = str(ca_path.resolve()) if ca_path.is_file() else ""
    if errors:
        raise ValidationError(errors)
    with db.session() as session, session.begin():
        state = sync_state(session)
        state.server_url, state.ca_file = url, ca_text
        # A new address deserves a fresh start: a refusal by the old one says nothing of it.
        state.stopped, state.failures, state.last_error = "", 0, ""
    return load_settings(db)


def set_token(db: Database, token: str, store: TokenStore | None = None) -> str:
    """Keep the locality's token for the configured server; returns where it went ('keyring' or 'file')."""
    settings = load_settings(db)
    if settings.account is None:
        raise ServiceError(_("Set the server's address before its token."))
    if not token.strip():
        raise ValidationError({"token": _("The token is empty.")})
    store = store or TokenStore()
    try:
        where = store.set(settings.account, token)
    except (OSError, TokenStoreError) as error:
        raise ServiceError(_("The token could not be kept: {error}").format(error=error)) from error
    clear_stop(db)
    return where


def forget_token(db: Database, store: TokenStore | None = None) -> None:
    settings = load_settings(db)
    if settings.account is not None:
        (store or TokenStore()).delete(settings.account)


def saved_token(settings: SyncSettings, store: TokenStore | None = None) -> str | None:
    if settings.account is None:
        return None
    try:
        return (store or TokenStore()).get(settings.account)
    except TokenStoreError as error:
        raise ServiceError(str(error)) from error


def clear_stop(db: Database) -> None:
    """The user has acted (new token, Push now): pushing may go on."""
    with db.session() as session, session.begin():
        state = sync_state(session)
        state.stopped, state.failures = "", 0


def sync_status(db: Database, store: TokenStore | None = None) -> SyncStatus:
    settings = load_settings(db)
    store = store or TokenStore()
    try:
        has_token = bool(saved_token(settings, store))
    except ServiceError:
        has_token = False
    with read_only(db) as session:
        state = sync_state(session)
        counts = dict(
            session.execute(
                select(OutboxChange.state, func.count()).group_by(OutboxChange.state)
            ).all()
        )
        open_conflicts = len(_open_records(session, "conflict", "resolution"))
        open_rejections = len(_open_records(session, "rejected", "acknowledged", per_change=True))
        return SyncStatus(
            settings=settings,
            has_token=has_token,
            token_where=store.where,
            waiting=sum(counts.get(name, 0) for name in WAITING_STATES),
            in_flight=session.execute(
                select(func.count()).where(OutboxChange.state == "pending", OutboxChange.seq <= claimed_up_to(session))
            ).scalar_one(),
            conflicts=open_conflicts,
            rejections=open_rejections,
            last_attempt_at=state.last_attempt_at,
            last_success_at=state.last_success_at,
            last_error=state.last_error,
            stopped=state.stopped,
            failures=state.failures,
        )


def _open_records(session, outcome: str, closing_key: str, per_change: bool = False) -> set:
    """Records (or, per change, seqs) with an answer of this kind the user has not yet closed."""
    rows = session.execute(
        select(OutboxChange.seq, OutboxChange.entity, OutboxChange.entity_id, OutboxChange.result).where(
            OutboxChange.state == outcome
        )
    ).all()
    return {
        row.seq if per_change else (row.entity, row.entity_id)
        for row in rows
        if not (row.result or {}).get(closing_key)
    }


def new_origin(db: Database) -> uuid.UUID:
    """Give this database a new origin id: call after restoring a backup or copying the file.

    The server tells desktops apart by origin and expects each one's versions
    of a record to follow on. A restored or copied file has gone back in time
    (or now lives twice); as a new desktop, its edits are judged afresh
    against what the server holds, and conflict rather than overwrite.
    """
    with db.session() as session, session.begin():
        state = sync_state(session)
        state.origin = uuid.uuid4()
        state.failures, state.stopped = 0, ""
        return state.origin
