"""Conflicts and rejections the server reported, and settling a conflict.

A conflict is settled one of two ways, always by the user:

* **keep the server's version** — the server's copy is written over ours
  without a new outbox change (it is the server's already), and its version
  becomes ours; the next edit of the record is sent *rebased* on it;
* **send ours again** — a new change carrying our values, rebased on the
  server's version, so the server applies it on top of what it holds.

Only what the server told us is known here (the protocol is push-only): the
record as it was when it refused our change, plus our own changes to it it
applied since.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, Integer, LargeBinary, Time, Uuid, delete, func, select
from sqlalchemy.orm import Session

from localitydesk.i18n import N_, _
from localitydesk.store.database import Database
from localitydesk.store.journal import OUTBOX_SCHEMA_VERSION, Actor, json_value, snapshot
from localitydesk.store.models import AuditEntry, Base, LocalityOwned, OutboxChange, SyncAdoption
from localitydesk.store.types import ExactDecimal, UTCDateTime, utc_now
from localitydesk.sync.protocol import IMMUTABLE_FIELDS, Operation

from ..errors import NotFound, ServiceError
from ..unit_of_work import read_only
from .outbox import WAITING_STATES

# Never shown as a difference: they say nothing a user decides on.
HIDDEN_FIELDS = frozenset({"id", "locality_id", "version", "created_at", "updated_at"})

ENTITY_NAMES = {
    "worker": N_("Worker"),
    "worker_role": N_("Worker's role"),
    "compliance_item": N_("Compliance item"),
    "availability_slot": N_("Availability"),
    "absence": N_("Absence"),
    "provider": N_("Provider"),
    "provider_contact": N_("Provider contact"),
    "rate_card_entry": N_("Rate"),
    "provider_worker_preference": N_("Worker preference"),
    "cover_request": N_("Cover request"),
    "booking": N_("Booking"),
    "rota_publication": N_("Rota"),
    "timesheet": N_("Timesheet"),
    "statement": N_("Statement"),
    "app_user": N_("User"),
    "setting": N_("Setting"),
}

REASONS = {
    "fields": N_("Someone else changed the same fields on the server."),
    "deleted": N_("The record has been withdrawn on the server."),
    "exists": N_("A record with this id already exists on the server."),
    "base_version": N_("The server does not know the version this change was based on."),
    "out_of_order": N_("The server received this desktop's changes out of order."),
    "not_found": N_("The server has no such record."),
    "invalid_payload": N_("The server cannot store some of the values."),
    "unknown_entity": N_("The server does not keep this kind of record."),
    "too_large": N_("The change is too large to send."),
}


def entity_label(entity: str) -> str:
    return _(ENTITY_NAMES[entity]) if entity in ENTITY_NAMES else entity


def reason_text(reason: str | None) -> str:
    return _(REASONS[reason]) if reason in REASONS else (reason or "")


@dataclass(frozen=True)
class FieldDifference:
    field: str
    ours: Any  # wire form (text for dates, money, ids)
    server: Any
    contested: bool  # one the server named as changed by someone else


@dataclass(frozen=True)
class ConflictView:
    seq: int  # the latest conflicting change of the record
    entity: str
    entity_id: uuid.UUID
    operation: str
    reason: str
    server_version: int | None
    server_deleted: bool
    name: str  # the record as people know it: a person's name, a reference, else the start of its id
    differences: tuple[FieldDifference, ...]
    change_count: int  # how many of our changes to this record the server refused

    @property
    def title(self) -> str:
        """Kind and name, in the language in use now (so a list follows a switch of language)."""
        return _title(self.entity, self.name)


@dataclass(frozen=True)
class RejectionView:
    seq: int
    entity: str
    entity_id: uuid.UUID
    operation: str
    reason: str
    message: str
    name: str  # as ConflictView.name
    problems: tuple[tuple[str, str, Any], ...]  # (field, what is wrong, our value)

    @property
    def title(self) -> str:
        return _title(self.entity, self.name)


@cache
def _models() -> dict[str, type]:
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, LocalityOwned)
    }


def _name(values: dict[str, Any], entity_id: uuid.UUID) -> str:
    if values.get("first_name") or values.get("last_name"):
        return f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
    for key in ("name_en", "name", "name_cy", "staff_number", "reference", "key"):
        if values.get(key):
            return str(values[key])
    return str(entity_id)[:8]


def _title(entity: str, name: str) -> str:
    return f"{entity_label(entity)}: {name}"


def _open(row: OutboxChange, closing_key: str) -> bool:
    return not (row.result or {}).get(closing_key)


def _conflict_rows(session: Session) -> dict[tuple[str, uuid.UUID], list[OutboxChange]]:
    grouped: dict[tuple[str, uuid.UUID], list[OutboxChange]] = {}
    for row in session.scalars(select(OutboxChange).where(OutboxChange.state == "conflict").order_by(OutboxChange.seq)):
        if _open(row, "resolution"):
            grouped.setdefault((row.entity, row.entity_id), []).append(row)
    return grouped


@dataclass
class _ServerCopy:
    version: int | None
    data: dict[str, Any] | None  # None: a tombstone, or nothing known


def _server_copy(session: Session, latest: OutboxChange) -> _ServerCopy:
    """The server's record as last told: the conflict's copy plus our changes it applied since."""
    result = latest.result or {}
    detail = result.get("detail") or {}
    data = detail.get("server_record")
    copy = _ServerCopy(result.get("server_version"), dict(data) if data is not None else None)
    later = session.scalars(
        select(OutboxChange)
        .where(OutboxChange.entity == latest.entity, OutboxChange.entity_id == latest.entity_id, OutboxChange.seq > latest.seq)
        .order_by(OutboxChange.seq)
    ).all()
    for row in later:
        answer = row.result or {}
        if row.state != "applied" or copy.data is None:
            continue
        if row.operation == Operation.DELETE:
            copy.data = None
        else:
            for name in row.changed_fields or ():
                if name in row.payload:
                    copy.data[name] = row.payload[name]
        copy.version = answer.get("server_version", copy.version)
    return copy


def _local_values(session: Session, entity: str, entity_id: uuid.UUID, fallback: dict[str, Any]) -> tuple[Any, dict]:
    model = _models().get(entity)
    record = session.get(model, entity_id) if model is not None else None
    return record, (snapshot(record) if record is not None else dict(fallback))


def _differences(ours: dict[str, Any], server: dict[str, Any] | None, contested: set[str]) -> tuple[FieldDifference, ...]:
    server = server or {}
    names = sorted((set(ours) | set(server)) - HIDDEN_FIELDS, key=lambda name: (name not in contested, name))
    return tuple(
        FieldDifference(name, ours.get(name), server.get(name), name in contested)
        for name in names
        if ours.get(name) != server.get(name) or name in contested
    )


def list_conflicts(db: Database) -> list[ConflictView]:
    """Open conflicts, one per record (its latest refused change), field by field: ours against the server's."""
    views = []
    with read_only(db) as session:
        for (entity, entity_id), rows in _conflict_rows(session).items():
            latest = rows[-1]
            copy = _server_copy(session, latest)
            _record, ours = _local_values(session, entity, entity_id, latest.payload)
            detail = (latest.result or {}).get("detail") or {}
            views.append(
                ConflictView(
                    seq=latest.seq,
                    entity=entity,
                    entity_id=entity_id,
                    operation=latest.operation,
                    reason=detail.get("reason", ""),
                    server_version=copy.version,
                    server_deleted=copy.data is None,
                    name=_name(ours, entity_id),
                    differences=_differences(ours, copy.data, set(detail.get("fields") or ())),
                    change_count=len(rows),
                )
            )
    return sorted(views, key=lambda view: view.seq)


def list_rejections(db: Database) -> list[RejectionView]:
    """Changes the server refused for good and the user has not yet acknowledged."""
    views = []
    with read_only(db) as session:
        for row in session.scalars(select(OutboxChange).where(OutboxChange.state == "rejected").order_by(OutboxChange.seq)):
            if not _open(row, "acknowledged"):
                continue
            detail = (row.result or {}).get("detail") or {}
            fields = detail.get("fields") or {}
            problems = tuple((name, str(problem), row.payload.get(name)) for name, problem in sorted(fields.items()))
            views.append(
                RejectionView(
                    seq=row.seq,
                    entity=row.entity,
                    entity_id=row.entity_id,
                    operation=row.operation,
                    reason=detail.get("reason", ""),
                    message=str(detail.get("message", "")),
                    name=_name(row.payload, row.entity_id),
                    problems=problems,
                )
            )
    return views


def acknowledge_rejection(db: Database, seq: int) -> None:
    """The user has read it; it leaves the list (the row and its answer stay for the record)."""
    with db.session() as session, session.begin():
        row = session.get(OutboxChange, seq)
        if row is None or row.state != "rejected":
            raise NotFound(_("There is no such rejected change."))
        row.result = {**(row.result or {}), "acknowledged": utc_now().isoformat()}


# -- settling a conflict ----------------------------------------------------------

def _from_wire(column_type: Any, value: Any) -> Any:
    """A wire value back into the column's Python type (the inverse of json_safe)."""
    if value is None:
        return None
    if isinstance(column_type, ExactDecimal):
        return Decimal(value)
    if isinstance(column_type, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Uuid):
        return uuid.UUID(str(value))
    if isinstance(column_type, Boolean | Integer):
        return value
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Time):
        return time.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    return value


def _apply_server_copy(record: Any, data: dict[str, Any]) -> None:
    table = type(record).__table__
    for column in table.columns:
        if column.name in data and column.name not in ("id", "locality_id", "version"):
            setattr(record, column.key, _from_wire(column.type, data[column.name]))


def _prepare(session: Session, seq: int) -> tuple[list[OutboxChange], OutboxChange, _ServerCopy]:
    row = session.get(OutboxChange, seq)
    if row is None or row.state != "conflict" or not _open(row, "resolution"):
        raise NotFound(_("There is no such open conflict."))
    waiting = session.scalar(
        select(func.count())
        .select_from(OutboxChange)
        .where(
            OutboxChange.entity == row.entity,
            OutboxChange.entity_id == row.entity_id,
            OutboxChange.state.in_(WAITING_STATES),
        )
    )
    if waiting:
        raise ServiceError(
            _("Changes to this record are still waiting to be sent. Push them first, then settle the conflict.")
        )
    rows = _conflict_rows(session)[(row.entity, row.entity_id)]
    latest = rows[-1]
    return rows, latest, _server_copy(session, latest)


def _close(rows: list[OutboxChange], how: str) -> None:
    when = utc_now().isoformat()
    for row in rows:
        row.result = {**(row.result or {}), "resolution": how, "resolved_at": when}


def _audit(session: Session, actor: Actor, action: str, record: Any, entity: str, entity_id: uuid.UUID,
           before: dict | None, after: dict | None, locality_id: uuid.UUID | None) -> None:
    session.add(
        AuditEntry(
            locality_id=locality_id,
            user_id=actor.user_id,
            actor=actor.name,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
            reason=_("settling a sync conflict"),
        )
    )


def keep_server_version(db: Database, actor: Actor, seq: int) -> None:
    """Take the server's copy of the record as ours; nothing new is sent for it."""
    with db.session() as session, session.begin():
        # The server's copy is the server's already: journalling it would send it back.
        session.info["journal"] = False
        rows, latest, copy = _prepare(session, seq)
        model = _models().get(latest.entity)
        if model is None:
            raise ServiceError(_("This kind of record cannot be settled here."))
        if copy.data is None and copy.version is None:
            # Not a tombstone (that has a version): the server told us nothing it holds.
            raise ServiceError(_("The server did not say what it holds for this record, so there is nothing to keep."))
        record = session.get(model, latest.entity_id)
        before = snapshot(record) if record is not None else None
        locality_id = record.locality_id if record is not None else None
        if copy.data is None:
            # The server has withdrawn it (or never had it): so do we.
            if record is not None:
                if hasattr(record, "deleted_at"):
                    if record.deleted_at is None:
                        record.deleted_at = utc_now()
                else:
                    session.delete(record)
        else:
            if record is None:
                record = model(id=latest.entity_id, locality_id=uuid.UUID(str(copy.data["locality_id"])))
                session.add(record)
            _apply_server_copy(record, copy.data)
            record.version = copy.version
            locality_id = record.locality_id
            last_seq = session.scalar(select(func.max(OutboxChange.seq))) or 0
            session.execute(delete(SyncAdoption).where(
                SyncAdoption.entity == latest.entity, SyncAdoption.entity_id == latest.entity_id))
            session.add(SyncAdoption(entity=latest.entity, entity_id=latest.entity_id,
                                     server_version=copy.version, after_seq=last_seq))
        session.flush()
        after = snapshot(record) if record is not None and copy.data is not None else None
        _audit(session, actor, "sync_keep_server", record, latest.entity, latest.entity_id, before, after, locality_id)
        _close(rows, "kept_server")


def resend_ours(db: Database, actor: Actor, seq: int) -> None:
    """Send our copy again, rebased on the server's version, so it lands on top of it."""
    with db.session() as session, session.begin():
        session.info["journal"] = False  # the change is written here, marked rebased
        rows, latest, copy = _prepare(session, seq)
        if copy.version is None:
            raise ServiceError(_("The server gave no version to build on; keep the server's version instead."))
        if copy.data is None and latest.operation != Operation.DELETE:
            raise ServiceError(
                _("The server has withdrawn this record, so ours cannot be sent on top of it. Keep the server's version.")
            )
        model = _models().get(latest.entity)
        record = session.get(model, latest.entity_id) if model is not None else None
        withdrawn = record is None or getattr(record, "deleted_at", None) is not None
        if withdrawn:
            payload = dict(latest.payload)
            operation, changed = Operation.DELETE, []
        else:
            # "Ours" is what we edited, nothing more: every other field takes the
            # server's value, so an edit made elsewhere is neither undone nor missed here.
            ours = set().union(*(row.changed_fields or () for row in rows)) - IMMUTABLE_FIELDS - {"version", "updated_at"}
            _apply_server_copy(record, {k: v for k, v in (copy.data or {}).items() if k not in ours})
            payload = snapshot(record)
            changed = sorted(name for name in ours if name in payload and payload[name] != (copy.data or {}).get(name))
            operation = Operation.UPDATE
            if changed:
                record.updated_at = utc_now()
                payload = snapshot(record)
                changed.append("updated_at")
        before = snapshot(record) if record is not None else None
        if operation is Operation.UPDATE and not changed:
            # Ours and the server's agree already: adopting its version is all there is to do.
            record.version = copy.version
        else:
            payload["version"] = copy.version + 1
            session.add(
                OutboxChange(
                    change_id=uuid.uuid4(),
                    entity=latest.entity,
                    entity_id=latest.entity_id,
                    operation=str(operation),
                    base_version=copy.version,
                    changed_fields=changed,
                    payload={name: json_value(value) for name, value in payload.items()},
                    schema_version=OUTBOX_SCHEMA_VERSION,
                    rebased=True,
                )
            )
            if record is not None:
                record.version = copy.version + 1
        session.execute(delete(SyncAdoption).where(
            SyncAdoption.entity == latest.entity, SyncAdoption.entity_id == latest.entity_id))
        session.flush()
        locality_id = record.locality_id if record is not None else None
        after = snapshot(record) if record is not None else None
        _audit(session, actor, "sync_resend_ours", record, latest.entity, latest.entity_id, before, after, locality_id)
        _close(rows, "resent")
