"""Pushing this database's outbox to the regional server: the one entry point
the CLI, the app's background sync and the benchmark all use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.sync.backoff import Backoff
from localitydesk.sync.client import AddressRefused, ClientSettings, SyncClient, SyncError
from localitydesk.sync.pusher import Pusher, PushReport, PushState, Stop
from localitydesk.sync.token_store import TokenStore

from ..errors import ServiceError
from .outbox import DatabaseOutbox, run_directly, sync_state
from .state import SyncSettings, load_settings, saved_token


@dataclass(frozen=True)
class PushTarget:
    """Where and how to push: the saved settings, or what a command line overrides."""

    server_url: str
    token: str
    ca_file: str | None
    origin: str


def resolve_target(
    db: Database,
    *,
    server_url: str | None = None,
    token: str | None = None,
    ca_file: str | None = None,
    store: TokenStore | None = None,
    run: Callable[[Callable[[], Any]], Any] = run_directly,
) -> PushTarget:
    settings: SyncSettings = run(lambda: load_settings(db))
    url = server_url or settings.server_url
    if not url:
        raise ServiceError(_("No regional server is set. Give its address in Settings (or with --server)."))
    if token is None:
        account_settings = settings if not server_url else SyncSettings(
            settings.origin, server_url.rstrip("/"), settings.ca_file, settings.locality_id, settings.locality_code
        )
        token = saved_token(account_settings, store)
    if not token:
        raise ServiceError(_("No token is kept for this server. Set the locality's token first."))
    return PushTarget(url, token, ca_file if ca_file is not None else (settings.ca_file or None), str(settings.origin))


def make_client(target: PushTarget, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | None = None) -> SyncClient:
    try:
        settings = ClientSettings(target.server_url, target.token, target.ca_file)
        if timeout is not None:
            settings = ClientSettings(target.server_url, target.token, target.ca_file, timeout)
        return SyncClient(settings, transport=transport)
    except AddressRefused as error:
        raise ServiceError(_("The server address is refused: {reason}").format(reason=error.message)) from error
    except (OSError, ValueError) as error:  # an unreadable CA file
        raise ServiceError(_("The certificate file could not be used: {error}").format(error=error)) from error


def push_outbox(
    db: Database,
    target: PushTarget,
    *,
    max_attempts: int | None = 5,
    backoff: Backoff | None = None,
    wait: Callable[[float], bool] | None = None,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout | None = None,
    run: Callable[[Callable[[], Any]], Any] = run_directly,
    client: SyncClient | None = None,
    on_pusher: Callable[[Pusher], None] | None = None,
) -> PushReport:
    """Send everything waiting, in order; the report counts what the server said."""
    outbox = DatabaseOutbox(db, target.origin, run)
    own_client = client is None
    client = client or make_client(target, transport, timeout)
    try:
        pusher = Pusher(outbox, client, backoff=backoff, wait=wait)
        if on_pusher is not None:
            on_pusher(pusher)
        report = pusher.run(max_attempts=max_attempts)
    except SyncError as error:  # a client that could not even be built for this target
        report = PushReport(state=PushState.STOPPED, stop=Stop.REFUSED, error=error.message)
    finally:
        if own_client:
            client.close()
    if report.state is PushState.STOPPED:
        run(lambda: _remember_stop(db, report))
    return report


def _remember_stop(db: Database, report: PushReport) -> None:
    with db.session() as session, session.begin():
        state = sync_state(session)
        state.stopped = str(report.stop) or str(Stop.REFUSED)
        state.last_error = report.error[:2000]
