"""Applying one batch in one transaction: load, decide in order, write, remember the answer."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from localitydesk.sync.protocol import Outcome, Reason

from .entities import synced_entities
from .merge import Decision, IncomingChange, OriginState, RecordState, decide, validation_problems
from .schema import ARRIVAL_SEQUENCE, change_log, origin_state, push_batch, record
from .tokens import Caller


@dataclass(frozen=True, slots=True)
class PushAnswer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False


def _lock_key(locality_id: uuid.UUID) -> int:
    # One locality's pushes are taken one at a time, so the same batch sent in
    # parallel, or two desktops of a locality, can never interleave.
    return int.from_bytes(locality_id.bytes[:8], "big", signed=True)


def push(
    connection: Connection,
    caller: Caller,
    *,
    origin: uuid.UUID,
    changes: list[IncomingChange],
    idempotency_key: str,
    fingerprint: str,
) -> PushAnswer:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(caller.locality_id)})

    earlier = connection.execute(
        select(push_batch.c.fingerprint, push_batch.c.status_code, push_batch.c.response).where(
            push_batch.c.locality_id == caller.locality_id, push_batch.c.idempotency_key == idempotency_key
        )
    ).first()
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            body = {
                "reason": str(Reason.IDEMPOTENCY_KEY_REUSED),
                "message": "this idempotency key was used for a different batch",
            }
            return PushAnswer(409, body)
        return PushAnswer(earlier.status_code, earlier.response, replayed=True)

    ids = list({change.entity_id for change in changes})
    change_ids = list({change.change_id for change in changes})
    seen = {
        row.change_id: row
        for row in connection.execute(
            select(change_log.c.change_id, change_log.c.outcome, change_log.c.server_version, change_log.c.detail).where(
                change_log.c.change_id.in_(change_ids)
            )
        )
    }
    records: dict[tuple[str, uuid.UUID], RecordState] = {
        (row.entity, row.entity_id): RecordState(
            entity=row.entity,
            entity_id=row.entity_id,
            version=row.version,
            deleted=row.deleted,
            data=row.data,
            field_versions=row.field_versions,
        )
        for row in connection.execute(select(record).where(record.c.entity_id.in_(ids)))
    }
    origins: dict[tuple[str, uuid.UUID], OriginState] = {
        (row.entity, row.entity_id): OriginState(row.local_version, row.sync_version)
        for row in connection.execute(
            select(origin_state).where(origin_state.c.origin == origin, origin_state.c.entity_id.in_(ids))
        )
    }
    taken = _taken_elsewhere(connection, changes, records)

    catalogue = synced_entities()
    results: list[dict[str, Any]] = []
    logged: list[dict[str, Any]] = []
    handled_now: set[uuid.UUID] = set()
    for change in changes:
        earlier_answer = seen.get(change.change_id)
        if earlier_answer is not None or change.change_id in handled_now:
            results.append(_duplicate(change, earlier_answer))
            continue
        handled_now.add(change.change_id)
        key = (change.entity, change.entity_id)
        problems = validation_problems(change, catalogue.get(change.entity))
        if problems is not None:
            decision = Decision(Outcome.REJECTED, None, problems)
        else:
            decision, new_record, new_origin = decide(
                change,
                records.get(key),
                origins.get(key),
                origin=origin,
                locality_id=caller.locality_id,
                taken_elsewhere=key in taken,
            )
            if new_record is not None:
                records[key] = new_record
            if new_origin is not None:
                origins[key] = new_origin
        results.append(
            {
                "change_id": str(change.change_id),
                "outcome": str(decision.outcome),
                "server_version": decision.server_version,
                "detail": decision.detail,
            }
        )
        logged.append({"change": change, "decision": decision})

    _write(connection, caller, origin, idempotency_key, records, origins, logged)
    counts = {str(outcome): 0 for outcome in Outcome}
    for result in results:
        counts[result["outcome"]] += 1
    body = {"results": results, "counts": counts}
    connection.execute(
        push_batch.insert().values(
            locality_id=caller.locality_id,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            status_code=200,
            response=body,
            received_at=datetime.now(timezone.utc),
        )
    )
    return PushAnswer(200, body)


def _duplicate(change: IncomingChange, earlier: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    server_version = None
    if earlier is not None:
        detail = {"original_outcome": earlier.outcome}
        if earlier.detail.get("reason"):
            detail["original_reason"] = earlier.detail["reason"]
        server_version = earlier.server_version
    else:
        detail = {"message": "the same change appears earlier in this batch"}
    return {"change_id": str(change.change_id), "outcome": str(Outcome.DUPLICATE), "server_version": server_version, "detail": detail}


def _taken_elsewhere(
    connection: Connection, changes: list[IncomingChange], records: dict[tuple[str, uuid.UUID], RecordState]
) -> set[tuple[str, uuid.UUID]]:
    """Ids this batch would insert that another locality's record already holds."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for change in changes:
        if change.operation == "insert" and (change.entity, change.entity_id) not in records:
            wanted[change.entity].add(change.entity_id)
    taken: set[tuple[str, uuid.UUID]] = set()
    for entity, entity_ids in wanted.items():
        rows = connection.execute(
            text("SELECT * FROM regional_taken_ids(:entity, :ids)"), {"entity": entity, "ids": list(entity_ids)}
        )
        taken.update((entity, row[0]) for row in rows)
    return taken


# Rows travel as one JSON array per table and PostgreSQL unpacks them: one
# statement per table and batch instead of one round trip per row.
_INSERT_RECORDS = text(
    """
    INSERT INTO record (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
    SELECT entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(entity varchar, entity_id uuid, locality_id uuid,
           version int, deleted boolean, data jsonb, field_versions jsonb, last_change_seq bigint)
    """
)
_UPDATE_RECORDS = text(
    """
    UPDATE record SET version = r.version, deleted = r.deleted, data = r.data,
           field_versions = r.field_versions, last_change_seq = r.last_change_seq
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(entity varchar, entity_id uuid, version int,
           deleted boolean, data jsonb, field_versions jsonb, last_change_seq bigint)
     WHERE record.entity = r.entity AND record.entity_id = r.entity_id
    """
)
_UPSERT_ORIGINS = text(
    """
    INSERT INTO origin_state (locality_id, origin, entity, entity_id, local_version, sync_version)
    SELECT locality_id, origin, entity, entity_id, local_version, sync_version
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(locality_id uuid, origin uuid, entity varchar,
           entity_id uuid, local_version int, sync_version int)
    ON CONFLICT (locality_id, origin, entity, entity_id)
    DO UPDATE SET local_version = EXCLUDED.local_version, sync_version = EXCLUDED.sync_version
    """
)
_INSERT_LOG = text(
    f"""
    INSERT INTO change_log (locality_id, change_id, seq, origin, batch_key, entity, entity_id, operation,
                            outcome, server_version, detail)
    SELECT locality_id, change_id, nextval('{ARRIVAL_SEQUENCE}'), origin, batch_key, entity, entity_id,
           operation, outcome, server_version, detail
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(locality_id uuid, change_id uuid,
           origin uuid, batch_key varchar, entity varchar, entity_id uuid, operation varchar, outcome varchar,
           server_version int, detail jsonb, position bigint)
     ORDER BY position
    RETURNING change_id, seq
    """
)


def _rows(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {"rows": json.dumps(rows, default=str, separators=(",", ":"))}


def _write(
    connection: Connection,
    caller: Caller,
    origin: uuid.UUID,
    batch_key: str,
    records: dict[tuple[str, uuid.UUID], RecordState],
    origins: dict[tuple[str, uuid.UUID], OriginState],
    logged: list[dict[str, Any]],
) -> None:
    if not logged:
        return
    locality_id = str(caller.locality_id)
    log_rows = []
    for position, entry in enumerate(logged):
        change: IncomingChange = entry["change"]
        decision: Decision = entry["decision"]
        log_rows.append(
            {
                "locality_id": locality_id,
                "change_id": str(change.change_id),
                "origin": str(origin),
                "batch_key": batch_key,
                "entity": change.entity,
                "entity_id": str(change.entity_id),
                "operation": str(change.operation),
                "outcome": str(decision.outcome),
                "server_version": decision.server_version,
                # The log keeps the verdict, not a second copy of the record.
                "detail": {k: v for k, v in decision.detail.items() if k != "server_record"},
                "position": position,
            }
        )

    # Arrival order: the log numbers changes in batch order; a record
    # remembers the number of the last change applied to it.
    seq_of = {row.change_id: row.seq for row in connection.execute(_INSERT_LOG, _rows(log_rows))}
    last_seq: dict[tuple[str, uuid.UUID], int] = {}
    for entry in logged:
        if entry["decision"].outcome is Outcome.APPLIED:
            change = entry["change"]
            last_seq[(change.entity, change.entity_id)] = seq_of[change.change_id]

    new_rows, changed_rows = [], []
    for key, state in records.items():
        if not state.dirty:
            continue
        row = {
            "entity": state.entity,
            "entity_id": str(state.entity_id),
            "locality_id": locality_id,
            "version": state.version,
            "deleted": state.deleted,
            "data": state.data,
            "field_versions": state.field_versions,
            "last_change_seq": last_seq[key],
        }
        (new_rows if state.is_new else changed_rows).append(row)
    if new_rows:
        connection.execute(_INSERT_RECORDS, _rows(new_rows))
    if changed_rows:
        connection.execute(_UPDATE_RECORDS, _rows(changed_rows))
    origin_rows = [
        {
            "locality_id": locality_id,
            "origin": str(origin),
            "entity": entity,
            "entity_id": str(entity_id),
            "local_version": state.local_version,
            "sync_version": state.sync_version,
        }
        for (entity, entity_id), state in origins.items()
        if state.dirty
    ]
    if origin_rows:
        connection.execute(_UPSERT_ORIGINS, _rows(origin_rows))
