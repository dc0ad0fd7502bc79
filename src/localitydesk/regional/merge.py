"""Deciding one change against the server's copy of its record — pure, no database.

The rule, per record:

* each field remembers the server version that last changed it and which
  desktop (origin) made that change;
* each desktop's copy of a record is tied to the last server version it saw
  (its *sync point*), learnt from the versions it sends;
* an edit conflicts when another desktop changed one of the same fields after
  this desktop's sync point; edits to different fields merge;
* a delete conflicts when anyone else changed anything after the sync point;
* a deleted record stays a tombstone: an edit or insert to it is a conflict,
  never a resurrection.

Nothing here reads a clock; the order is the order changes reach the server.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from localitydesk.sync.protocol import (
    BOOKKEEPING_FIELDS,
    IMMUTABLE_FIELDS,
    SERVER_KEPT_FIELDS,
    Operation,
    Outcome,
    Problem,
    Reason,
)

from .entities import EntityRules


# In ``field_versions`` this key (no field can be called that) stands for
# every field of the record not listed by name. A record as first inserted is
# then stored as one stamp instead of one per field: written out per field,
# the stamps were twice the size of the data itself and pushed every row past
# PostgreSQL's out-of-line (TOAST) threshold, the most expensive part of
# storing a new record.
EVERY_OTHER_FIELD = "*"


@dataclass(slots=True)
class RecordState:
    entity: str
    entity_id: str  # canonical text, as IncomingChange
    version: int
    deleted: bool
    data: dict[str, Any]
    field_versions: dict[str, list]  # field (or EVERY_OTHER_FIELD) -> [version, origin as text]
    is_new: bool = False
    dirty: bool = False


@dataclass(slots=True)
class OriginState:
    local_version: int
    sync_version: int
    dirty: bool = False


# A desktop's state of a record it inserted, as the insert leaves it: its
# version 1, tied to no server version before its own. It is not stored:
# four records in five are inserts never touched again, and a row for each
# was a third of what a push wrote. ``origin_state_of`` reads it back.
AFTER_OWN_INSERT = (1, 0)


def origin_state_of(stored: OriginState | None, record: RecordState | None, origin_text: str) -> OriginState | None:
    """This desktop's state of a record: the stored one, else the one its own insert implies.

    The record's every-other-field stamp says who inserted it, as long as it
    is [1, origin]: only an insert writes version 1, and a delete (the one
    thing that rewrites the stamp) writes a later version.
    """
    if stored is not None or record is None:
        return stored
    if record.field_versions.get(EVERY_OTHER_FIELD) == [1, origin_text]:
        return OriginState(*AFTER_OWN_INSERT)
    return None


# Not frozen: a frozen dataclass's __init__ sets each field the slow way, and
# a batch makes a thousand of these on every push. Nothing changes them.
@dataclass(slots=True)
class IncomingChange:
    # Ids as canonical text (lower case, hyphens; str(UUID) and PostgreSQL
    # write them so): a batch keys, compares and writes out each id several
    # times, and UUID objects paid for their conversions at every step.
    change_id: str
    entity: str
    entity_id: str
    operation: Operation
    base_version: int
    changed_fields: tuple[str, ...]
    payload: dict[str, Any]
    rebased: bool = False


@dataclass(slots=True)
class Decision:
    outcome: Outcome
    server_version: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def validation_problems(change: IncomingChange, rules: EntityRules | None) -> dict[str, Any] | None:
    """The reason a change can never be applied, whatever the server holds; None if sound."""
    if rules is None:
        return {"reason": str(Reason.UNKNOWN_ENTITY), "message": f"no synced entity called {change.entity!r}"}
    problems: dict[str, str] = dict(rules.problems(change.payload))
    if str(change.payload.get("id")) != change.entity_id:
        problems["id"] = Problem.NOT_THE_CHANGES_RECORD
    if change.operation is Operation.INSERT:
        if change.base_version != 0:
            problems["base_version"] = Problem.INSERT_NOT_ON_VERSION_0
    else:
        if change.base_version < 1:
            problems["base_version"] = Problem.EDIT_ON_VERSION_0
    if change.operation is Operation.UPDATE:
        for name in change.changed_fields:
            if name not in rules.fields:
                problems[name] = Problem.NO_SUCH_FIELD
            elif name in IMMUTABLE_FIELDS:
                problems[name] = Problem.CANNOT_CHANGE
            elif name not in change.payload:
                problems[name] = Problem.CHANGED_BUT_MISSING
    if not problems:
        return None
    return {"reason": str(Reason.INVALID_PAYLOAD), "fields": dict(sorted(problems.items()))}


def _conflict(reason: Reason, record: RecordState | None, **extra: Any) -> Decision:
    detail: dict[str, Any] = {"reason": str(reason), **extra}
    if record is not None and not record.deleted:
        detail["server_record"] = dict(record.data)
    return Decision(Outcome.CONFLICT, None if record is None else record.version, detail)


def sync_point(change: IncomingChange, record: RecordState, origin: OriginState | None) -> int | Decision:
    """The server version this desktop's copy was based on, or the conflict that there is none."""
    if change.rebased:
        if change.base_version > record.version:
            return _conflict(Reason.BASE_VERSION, record)
        return change.base_version
    if origin is not None:
        if change.base_version != origin.local_version:
            return _conflict(Reason.OUT_OF_ORDER, record, expected_base_version=origin.local_version)
        return origin.sync_version
    # First word from this desktop about a record it did not create here: its
    # version can only be read as one of the server's.
    if change.base_version > record.version:
        return _conflict(Reason.BASE_VERSION, record)
    return change.base_version


def field_stamp(record: RecordState, name: str) -> list | None:
    """[server version, origin] of the last change to one field; None if the record never held it."""
    stamp = record.field_versions.get(name)
    if stamp is None and name in record.data:
        stamp = record.field_versions.get(EVERY_OTHER_FIELD)
    return stamp


def _changed_by_others(record: RecordState, fields: set[str], since: int, origin: str) -> list[str]:
    contested = []
    for name in fields:
        stamp = field_stamp(record, name)
        if stamp is not None and stamp[0] > since and stamp[1] != origin:
            contested.append(name)
    return sorted(contested)


def _held_fields(record: RecordState) -> set[str]:
    return (set(record.data) | set(record.field_versions)) - {EVERY_OTHER_FIELD}


def _stored(payload: dict[str, Any], locality_id: uuid.UUID) -> dict[str, Any]:
    data = {name: value for name, value in payload.items() if name not in SERVER_KEPT_FIELDS}
    data["locality_id"] = _text(locality_id)
    return data


@lru_cache(maxsize=64)
def _text(value: uuid.UUID) -> str:
    # A locality's or desktop's id, written into every record and stamp of a batch.
    return str(value)


def decide(
    change: IncomingChange,
    record: RecordState | None,
    origin_state: OriginState | None,
    *,
    origin: uuid.UUID,
    locality_id: uuid.UUID,
    taken_elsewhere: bool,
) -> tuple[Decision, RecordState | None, OriginState | None]:
    """Apply or refuse one validated change; returns the decision and the new states."""
    origin_text = _text(origin)

    if change.operation is Operation.INSERT:
        if record is not None:
            reason = Reason.DELETED if record.deleted else Reason.EXISTS
            return _conflict(reason, record), record, origin_state
        if taken_elsewhere:
            # Said the same way as a clash in this locality: nothing about whose it is.
            return Decision(Outcome.CONFLICT, None, {"reason": str(Reason.EXISTS)}), None, origin_state
        data = _stored(change.payload, locality_id)
        record = RecordState(
            entity=change.entity,
            entity_id=change.entity_id,
            version=1,
            deleted=False,
            data=data,
            field_versions={EVERY_OTHER_FIELD: [1, origin_text]},
            is_new=True,
            dirty=True,
        )
        # Not written: ``origin_state_of`` implies it from the record (AFTER_OWN_INSERT).
        return Decision(Outcome.APPLIED, 1), record, OriginState(*AFTER_OWN_INSERT)

    if record is None:
        detail = {"reason": str(Reason.NOT_FOUND), "message": Problem.NO_SUCH_RECORD}
        return Decision(Outcome.REJECTED, None, detail), None, origin_state

    if record.deleted:
        if change.operation is Operation.DELETE:
            # Two desktops withdrawing the same record agree; nothing is lost.
            decision = Decision(Outcome.APPLIED, record.version, {"reason": str(Reason.ALREADY_DELETED)})
            return decision, record, _advanced(origin_state, change, record.version)
        return _conflict(Reason.DELETED, record), record, _advanced(origin_state, change, None)

    point = sync_point(change, record, origin_state)
    if isinstance(point, Decision):
        return point, record, _advanced(origin_state, change, None)

    if change.operation is Operation.UPDATE:
        fields = set(change.changed_fields) - SERVER_KEPT_FIELDS
        contested = _changed_by_others(record, fields - BOOKKEEPING_FIELDS, point, origin_text)
        if contested:
            decision = _conflict(Reason.FIELDS, record, fields=contested)
            return decision, record, _new_origin_state(origin_state, change, point)
        record.version += 1
        for name in sorted(fields):
            record.data[name] = change.payload[name]
            record.field_versions[name] = [record.version, origin_text]
        record.dirty = True
        return Decision(Outcome.APPLIED, record.version), record, _new_origin_state(origin_state, change, point)

    # DELETE: only when this desktop saw everything anyone else did to the record.
    contested = _changed_by_others(record, _held_fields(record) - BOOKKEEPING_FIELDS, point, origin_text)
    if contested:
        decision = _conflict(Reason.FIELDS, record, fields=contested)
        return decision, record, _new_origin_state(origin_state, change, point)
    record.version += 1
    record.deleted = True
    # The tombstone keeps no personal data: only what identifies the record.
    record.data = {name: record.data[name] for name in ("id", "locality_id") if name in record.data}
    record.field_versions = {EVERY_OTHER_FIELD: [record.version, origin_text]}
    record.dirty = True
    return Decision(Outcome.APPLIED, record.version), record, _new_origin_state(origin_state, change, point)


def _new_origin_state(current: OriginState | None, change: IncomingChange, point: int) -> OriginState:
    """The desktop's next version of this record is base + 1, still tied to the same sync point."""
    return OriginState(local_version=change.base_version + 1, sync_version=point, dirty=True)


def _advanced(current: OriginState | None, change: IncomingChange, sync_version: int | None) -> OriginState:
    """After a refusal the desktop's copy still moved on by one; keep following it.

    With no sync point known, 0 is the safe one: every other desktop's change
    then counts as unseen, so nothing is ever overwritten silently.
    """
    if sync_version is None:
        sync_version = current.sync_version if current is not None else 0
    return OriginState(local_version=change.base_version + 1, sync_version=sync_version, dirty=True)
