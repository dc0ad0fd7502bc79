"""Every change to a locality record writes its audit entry and its outbox
change in the same transaction, automatically.

This is done in one ``before_flush`` listener rather than in each service, so
no service can forget it: a flush that changes a record and the journal rows
describing it commit or roll back together. Services say *who* and *why* by
putting an :class:`Actor` and a reason in ``session.info``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import MANYTOONE, Session

from localitydesk.store.types import utc_now
from localitydesk.sync.protocol import json_safe

from .models import AuditEntry, LocalityOwned, OutboxChange

# The shape of an outbox payload; the regional server refuses versions it
# does not know, so bump this with any change to what a payload carries.
OUTBOX_SCHEMA_VERSION = 1
# Fields that are bookkeeping, not content: never "changed fields" on their own.
_BOOKKEEPING = {"version", "updated_at", "created_at"}


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    name: str
    role: str | None = None


SYSTEM = Actor(user_id=None, name="LocalityDesk")


def json_value(value: Any) -> Any:
    """A column value as the outbox and the audit log keep it: the wire
    encoding (``protocol.json_safe``), so what is journalled is what the
    regional server checks.

    The two values the wire refuses are left for the column types to refuse
    at flush with their own messages (a float for money, a naive instant);
    a float inside a JSON column is kept as the number it is.
    """
    if isinstance(value, float):
        return value
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    return json_safe(value)


def snapshot(record: LocalityOwned) -> dict[str, Any]:
    mapper = inspect(record).mapper
    return {column.key: json_value(getattr(record, column.key)) for column in mapper.column_attrs}


def _complete_new(record: LocalityOwned) -> None:
    """Fill in now what the INSERT would fill in later: Python-side column
    defaults and foreign keys held by a many-to-one relationship.

    The outbox payload is taken before the flush; without this an insert
    would travel with no ``created_at`` and a child with no parent id, and
    the regional server would rightly reject it.
    """
    state = inspect(record)
    mapper = state.mapper
    for attribute in mapper.column_attrs:
        if attribute.key in state.dict:
            continue
        default = attribute.columns[0].default
        if default is None:
            continue
        if default.is_scalar:
            setattr(record, attribute.key, default.arg)
        elif default.is_callable:
            setattr(record, attribute.key, default.arg(None))
    for relation in mapper.relationships:
        if relation.direction is not MANYTOONE:
            continue
        target = state.dict.get(relation.key)
        if target is None:
            continue
        target_mapper = inspect(target).mapper
        for local, remote in relation.local_remote_pairs:
            key = mapper.get_property_by_column(local).key
            if getattr(record, key) is None:
                setattr(record, key, getattr(target, target_mapper.get_property_by_column(remote).key))


def _changes(record: LocalityOwned) -> dict[str, Any]:
    """Changed column -> its value before this flush."""
    state = inspect(record)
    before: dict[str, Any] = {}
    for attribute in state.mapper.column_attrs:
        history = state.attrs[attribute.key].history
        if history.has_changes() and attribute.key not in _BOOKKEEPING:
            before[attribute.key] = json_value(history.deleted[0]) if history.deleted else None
    return before


def _journal(
    session: Session,
    record: LocalityOwned,
    operation: str,
    before: dict | None,
    changed: list[str],
    base_version: int,
    removed: bool = False,
) -> None:
    actor: Actor = session.info.get("actor", SYSTEM)
    after = snapshot(record)
    session.add(
        OutboxChange(
            change_id=uuid.uuid4(),
            entity=record.__tablename__,
            entity_id=record.id,
            operation=operation,
            base_version=base_version,
            changed_fields=changed,
            payload=after,
            schema_version=OUTBOX_SCHEMA_VERSION,
        )
    )
    session.add(
        AuditEntry(
            locality_id=record.locality_id,
            user_id=actor.user_id,
            actor=actor.name,
            action=session.info.get("action", operation),
            entity=record.__tablename__,
            entity_id=str(record.id),
            before=before,
            after=None if removed else after,
            reason=session.info.get("reason", ""),
        )
    )


@event.listens_for(Session, "before_flush")
def _write_journal(session: Session, _flush_context, _instances) -> None:
    if session.info.get("journal") is False:
        return
    new_records = [record for record in session.new if isinstance(record, LocalityOwned)]
    # Ids first, so a child inserted with its parent can take the parent's id.
    for record in new_records:
        if record.id is None:
            record.id = uuid.uuid4()
    for record in new_records:
        _complete_new(record)
        record.version = 1
        mapper = inspect(record).mapper
        fields = [c.key for c in mapper.column_attrs if c.key not in _BOOKKEEPING]
        _journal(session, record, "insert", None, fields, 0)
    for record in list(session.dirty):
        if not isinstance(record, LocalityOwned) or not session.is_modified(record, include_collections=False):
            continue
        previous = _changes(record)
        if not previous:
            continue
        base_version = record.version
        full_before = snapshot(record) | previous
        full_before["version"] = base_version
        record.version = base_version + 1
        # Stamped here rather than by onupdate at flush, so the payload carries it.
        record.updated_at = utc_now()
        withdrawn = "deleted_at" in previous and previous["deleted_at"] is None and getattr(record, "deleted_at", None)
        changed = sorted(previous)
        if not withdrawn:
            changed = sorted({*previous, "updated_at"})  # the server keeps it; it never makes a conflict
        _journal(session, record, "delete" if withdrawn else "update", full_before, changed, base_version)
    for record in list(session.deleted):
        if isinstance(record, LocalityOwned):
            before = snapshot(record)
            _journal(session, record, "delete", before, [], record.version, removed=True)
