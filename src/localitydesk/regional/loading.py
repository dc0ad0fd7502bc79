"""Everything a batch is decided against, read in a few set-based statements.

Each statement probes the full primary key of what it looks up (``entity``
and ``entity_id`` together, and ``origin`` for a desktop's state) once per
key the batch names, so its cost follows the batch, not the table. Asking by
``entity_id`` alone used to scan every record of the locality for each batch,
which made a push slower the more the server already held.

Row-level security still applies underneath: these run as the application
role, fenced to the caller's locality, and see nothing else.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .merge import IncomingChange, OriginState, RecordState

Key = tuple[str, uuid.UUID]

# Each lookup probes the primary key once per key the batch names (a
# LATERAL subquery with LIMIT is never flattened into a join). Left to
# itself, with statistics that lag a fast-growing table, the planner would
# rather walk every row of the locality (or of the desktop) and filter: a
# cost that grows with everything the server already holds.
_SEEN = text(
    """
    SELECT c.change_id, c.outcome, c.server_version, c.detail
      FROM unnest(CAST(:change_ids AS uuid[])) AS k(change_id)
     CROSS JOIN LATERAL (SELECT change_id, outcome, server_version, detail FROM change_log
                          WHERE change_log.change_id = k.change_id LIMIT 1) AS c
    """
)
_RECORDS = text(
    """
    SELECT r.entity, r.entity_id, r.version, r.deleted, r.data, r.field_versions
      FROM unnest(CAST(:entities AS varchar[]), CAST(:ids AS uuid[])) AS k(entity, entity_id)
     CROSS JOIN LATERAL (SELECT entity, entity_id, version, deleted, data, field_versions FROM record
                          WHERE record.entity = k.entity AND record.entity_id = k.entity_id LIMIT 1) AS r
    """
)
_ORIGINS = text(
    """
    SELECT o.entity, o.entity_id, o.local_version, o.sync_version
      FROM unnest(CAST(:entities AS varchar[]), CAST(:ids AS uuid[])) AS k(entity, entity_id)
     CROSS JOIN LATERAL (SELECT entity, entity_id, local_version, sync_version FROM origin_state
                          WHERE origin_state.origin = :origin AND origin_state.entity = k.entity
                            AND origin_state.entity_id = k.entity_id LIMIT 1) AS o
    """
)
# Another locality's record is invisible to us; this function answers only
# whether ids we already name are taken, never whose they are.
_TAKEN = text("SELECT * FROM regional_taken_ids(:entity, CAST(:ids AS uuid[]))")


@dataclass(slots=True)
class BatchState:
    seen: dict[uuid.UUID, Any]  # change id -> its earlier answer (outcome, server_version, detail)
    records: dict[Key, RecordState]
    origins: dict[Key, OriginState]
    taken: set[Key]


def load(connection: Connection, origin: uuid.UUID, changes: Sequence[IncomingChange]) -> BatchState:
    keys = list(dict.fromkeys((change.entity, change.entity_id) for change in changes))
    by_key = {"entities": [entity for entity, _ in keys], "ids": [entity_id for _, entity_id in keys]}
    change_ids = list(dict.fromkeys(change.change_id for change in changes))

    seen = {row.change_id: row for row in connection.execute(_SEEN, {"change_ids": change_ids})}
    records: dict[Key, RecordState] = {}
    for row in connection.execute(_RECORDS, by_key):
        records[(row.entity, row.entity_id)] = RecordState(
            entity=row.entity,
            entity_id=row.entity_id,
            version=row.version,
            deleted=row.deleted,
            data=row.data,
            field_versions=row.field_versions,
        )
    origins = {
        (row.entity, row.entity_id): OriginState(row.local_version, row.sync_version)
        for row in connection.execute(_ORIGINS, {"origin": origin, **by_key})
    }
    return BatchState(seen, records, origins, _taken_elsewhere(connection, changes, records))


def _taken_elsewhere(
    connection: Connection, changes: Sequence[IncomingChange], records: dict[Key, RecordState]
) -> set[Key]:
    """Ids this batch would insert that another locality's record already holds."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for change in changes:
        if change.operation == "insert" and (change.entity, change.entity_id) not in records:
            wanted[change.entity].add(change.entity_id)
    taken: set[Key] = set()
    for entity, entity_ids in wanted.items():
        rows = connection.execute(_TAKEN, {"entity": entity, "ids": list(entity_ids)})
        taken.update((entity, row[0]) for row in rows)
    return taken
