"""Applying one batch in one transaction: load, decide in order, write, remember the answer."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
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
    seqs = [
        row[0]
        for row in connection.execute(
            text(f"SELECT nextval('{ARRIVAL_SEQUENCE}') FROM generate_series(1, :n)"), {"n": len(logged)}
        )
    ]
    last_seq: dict[tuple[str, uuid.UUID], int] = {}
    log_rows = []
    for seq, entry in zip(seqs, logged, strict=True):
        change: IncomingChange = entry["change"]
        decision: Decision = entry["decision"]
        if decision.outcome is Outcome.APPLIED:
            last_seq[(change.entity, change.entity_id)] = seq
        log_rows.append(
            {
                "locality_id": caller.locality_id,
                "change_id": change.change_id,
                "seq": seq,
                "origin": origin,
                "batch_key": batch_key,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "operation": str(change.operation),
                "outcome": str(decision.outcome),
                "server_version": decision.server_version,
                # The log keeps the verdict, not a second copy of the record.
                "detail": {k: v for k, v in decision.detail.items() if k != "server_record"},
            }
        )

    new_rows, changed_rows = [], []
    for key, state in records.items():
        if not state.dirty:
            continue
        row = {
            "entity": state.entity,
            "entity_id": state.entity_id,
            "locality_id": caller.locality_id,
            "version": state.version,
            "deleted": state.deleted,
            "data": state.data,
            "field_versions": state.field_versions,
            "last_change_seq": last_seq[key],
        }
        (new_rows if state.is_new else changed_rows).append(row)
    if new_rows:
        connection.execute(record.insert(), new_rows)
    if changed_rows:
        connection.execute(
            update(record)
            .where(record.c.entity == bindparam("b_entity"), record.c.entity_id == bindparam("b_entity_id"))
            .values(
                version=bindparam("b_version"),
                deleted=bindparam("b_deleted"),
                data=bindparam("b_data"),
                field_versions=bindparam("b_field_versions"),
                last_change_seq=bindparam("b_last_change_seq"),
            ),
            [{f"b_{name}": value for name, value in row.items()} for row in changed_rows],
        )

    origin_rows = [
        {
            "locality_id": caller.locality_id,
            "origin": origin,
            "entity": entity,
            "entity_id": entity_id,
            "local_version": state.local_version,
            "sync_version": state.sync_version,
        }
        for (entity, entity_id), state in origins.items()
        if state.dirty
    ]
    if origin_rows:
        statement = pg_insert(origin_state)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["locality_id", "origin", "entity", "entity_id"],
                set_={
                    "local_version": statement.excluded.local_version,
                    "sync_version": statement.excluded.sync_version,
                },
            ),
            origin_rows,
        )
    connection.execute(change_log.insert(), log_rows)
