"""Writing a decided batch: one statement per table, whatever the batch's size.

Rows travel as one JSON array per table and PostgreSQL unpacks them with
``jsonb_to_recordset``: a round trip per statement instead of one per row.
(COPY would be quicker still, but PostgreSQL refuses COPY FROM into a table
under row-level security, and the fence matters more than the milliseconds.)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from localitydesk.sync.protocol import Outcome

from .jsoncodec import dumps_text
from .merge import Decision, IncomingChange, OriginState, RecordState
from .schema import ARRIVAL_SEQUENCE

Key = tuple[str, uuid.UUID]

_INSERT_RECORDS = text(
    """
    INSERT INTO record (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
    SELECT entity, entity_id, CAST(:locality_id AS uuid), version, deleted, data, field_versions, last_change_seq
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(entity varchar, entity_id uuid,
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
    SELECT CAST(:locality_id AS uuid), CAST(:origin AS uuid), entity, entity_id, local_version, sync_version
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(entity varchar, entity_id uuid, local_version int,
           sync_version int)
    ON CONFLICT (locality_id, origin, entity, entity_id)
    DO UPDATE SET local_version = EXCLUDED.local_version, sync_version = EXCLUDED.sync_version
    """
)
# Arrival numbers are drawn in batch order (ORDER BY position), so the log
# reads back in the order the desktop made its changes.
_INSERT_LOG = text(
    f"""
    INSERT INTO change_log (locality_id, change_id, seq, origin, batch_key, entity, entity_id, operation,
                            outcome, server_version, detail)
    SELECT CAST(:locality_id AS uuid), change_id, nextval('{ARRIVAL_SEQUENCE}'), CAST(:origin AS uuid),
           CAST(:batch_key AS varchar), entity, entity_id, operation, outcome, server_version, detail
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(change_id uuid, entity varchar, entity_id uuid,
           operation varchar, outcome varchar, server_version int, detail jsonb, position bigint)
     ORDER BY position
    RETURNING change_id, seq
    """
)


def _rows(rows: list[dict[str, Any]], **same_for_all: Any) -> dict[str, Any]:
    # What every row shares goes once as its own parameter, not once per row.
    return {"rows": dumps_text(rows), **same_for_all}


def write(
    connection: Connection,
    locality_id: uuid.UUID,
    origin: uuid.UUID,
    batch_key: str,
    records: dict[Key, RecordState],
    origins: dict[Key, OriginState],
    logged: Sequence[tuple[IncomingChange, Decision]],
) -> None:
    """The log of every change answered, then the records and desktop states they moved."""
    if not logged:
        return
    log_rows = [
        {
            "change_id": change.change_id,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "operation": str(change.operation),
            "outcome": str(decision.outcome),
            "server_version": decision.server_version,
            # The log keeps the verdict, not a second copy of the record.
            "detail": {k: v for k, v in decision.detail.items() if k != "server_record"}
            if "server_record" in decision.detail
            else decision.detail,
            "position": position,
        }
        for position, (change, decision) in enumerate(logged)
    ]
    # A record remembers the arrival number of the last change applied to it.
    seq_of = {
        row.change_id: row.seq
        for row in connection.execute(
            _INSERT_LOG, _rows(log_rows, locality_id=locality_id, origin=origin, batch_key=batch_key)
        )
    }
    last_seq: dict[Key, int] = {}
    for change, decision in logged:
        if decision.outcome is Outcome.APPLIED:
            last_seq[(change.entity, change.entity_id)] = seq_of[change.change_id]

    new_rows, changed_rows = [], []
    for key, state in records.items():
        if not state.dirty:
            continue
        row = {
            "entity": state.entity,
            "entity_id": state.entity_id,
            "version": state.version,
            "deleted": state.deleted,
            "data": state.data,
            "field_versions": state.field_versions,
            "last_change_seq": last_seq[key],
        }
        (new_rows if state.is_new else changed_rows).append(row)
    if new_rows:
        connection.execute(_INSERT_RECORDS, _rows(new_rows, locality_id=locality_id))
    if changed_rows:
        connection.execute(_UPDATE_RECORDS, _rows(changed_rows))
    origin_rows = [
        {
            "entity": entity,
            "entity_id": entity_id,
            "local_version": state.local_version,
            "sync_version": state.sync_version,
        }
        for (entity, entity_id), state in origins.items()
        if state.dirty
    ]
    if origin_rows:
        connection.execute(_UPSERT_ORIGINS, _rows(origin_rows, locality_id=locality_id, origin=origin))
