"""Everything a batch is decided against, read in one statement.

One round trip: under load each one costs about a millisecond of waiting,
more than the reading itself. The statement's parts:

* the answer already given under this batch's idempotency key, if any;
* every change id already answered (a repeat is a duplicate);
* the locality's records and this desktop's state of each record named;
* which ids the batch inserts are held anywhere in the region.

Each lookup probes the full primary key once per key the batch names (a
LATERAL subquery with LIMIT is never flattened into a join), so its cost
follows the batch, not the table. Left to itself, with statistics lagging a
fast-growing table, the planner would walk every row of the locality (or of
the desktop) and filter, a cost growing with everything the server holds.

Row-level security still applies underneath: this runs as the application
role, fenced to the caller's locality, and sees nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from localitydesk.sync.protocol import Operation

from .jsoncodec import loads
from .merge import IncomingChange, OriginState, RecordState

Key = tuple[str, str]  # entity, id as canonical text

# json (not jsonb) aggregates: built once and read once, never stored. Cast to
# text so they come back as the exact text PostgreSQL wrote, read by
# jsoncodec.loads, which keeps integers of any size exact. Ids come back in
# PostgreSQL's spelling of a uuid, the canonical one IncomingChange uses.
_LOAD = text(
    """
    SELECT
      (SELECT CAST(json_build_array(fingerprint, status_code, response) AS text) FROM push_batch
        WHERE push_batch.locality_id = :locality_id AND push_batch.idempotency_key = :batch_key) AS earlier,
      (SELECT CAST(json_agg(json_build_array(c.change_id, c.outcome, c.server_version, c.detail)) AS text)
         FROM unnest(CAST(:change_ids AS uuid[])) AS k(change_id)
        CROSS JOIN LATERAL (SELECT change_id, outcome, server_version, detail FROM change_log
                             WHERE change_log.change_id = k.change_id LIMIT 1) AS c) AS seen,
      (SELECT CAST(json_agg(json_build_array(r.entity, r.entity_id, r.version, r.deleted, r.data, r.field_versions))
                   AS text)
         FROM unnest(CAST(:entities AS varchar[]), CAST(:ids AS uuid[])) AS k(entity, entity_id)
        CROSS JOIN LATERAL (SELECT entity, entity_id, version, deleted, data, field_versions FROM record
                             WHERE record.entity = k.entity AND record.entity_id = k.entity_id LIMIT 1) AS r) AS records,
      (SELECT CAST(json_agg(json_build_array(o.entity, o.entity_id, o.local_version, o.sync_version)) AS text)
         FROM unnest(CAST(:entities AS varchar[]), CAST(:ids AS uuid[])) AS k(entity, entity_id)
        CROSS JOIN LATERAL (SELECT entity, entity_id, local_version, sync_version FROM origin_state
                             WHERE origin_state.origin = :origin AND origin_state.entity = k.entity
                               AND origin_state.entity_id = k.entity_id LIMIT 1) AS o) AS origins,
      -- Another locality's record is invisible to us; this function answers
      -- only whether ids we already name are taken, never whose they are.
      (SELECT CAST(json_agg(json_build_array(e.entity, t.entity_id)) AS text)
         FROM unnest(CAST(:insert_entities AS varchar[])) AS e(entity)
        CROSS JOIN LATERAL regional_taken_ids(e.entity, CAST(:insert_ids AS uuid[])) AS t(entity_id)) AS taken
    """
)


@dataclass(slots=True)
class Earlier:
    """A change id's first answer, for the duplicate's detail."""

    outcome: str
    server_version: int | None
    detail: dict[str, Any]


@dataclass(slots=True)
class EarlierBatch:
    """What was answered under this idempotency key before."""

    fingerprint: str
    status_code: int
    response: dict[str, Any]


@dataclass(slots=True)
class BatchState:
    earlier: EarlierBatch | None
    seen: dict[str, Earlier]
    records: dict[Key, RecordState]
    origins: dict[Key, OriginState]
    taken: set[Key]  # ids the batch inserts that a record of another locality holds


def _rows(document: str | None) -> list[list[Any]]:
    return [] if document is None else loads(document)


def _array(values: Sequence[Any]) -> str:
    # An array literal, sent as text and cast by PostgreSQL: psycopg's list
    # adapter dumps a UUID list element by element, a visible share of a batch.
    # Only UUIDs and entity names (letters, digits, _) go in: nothing to quote.
    return "{" + ",".join(map(str, values)) + "}"


def load(
    connection: Connection,
    origin: uuid.UUID,
    changes: Sequence[IncomingChange],
    locality_id: uuid.UUID,
    batch_key: str,
) -> BatchState:
    keys = list(dict.fromkeys((change.entity, change.entity_id) for change in changes))
    inserted = {(change.entity, change.entity_id) for change in changes if change.operation is Operation.INSERT}
    row = connection.execute(
        _LOAD,
        {
            "locality_id": locality_id,
            "batch_key": batch_key,
            "change_ids": _array(list(dict.fromkeys(change.change_id for change in changes))),
            "entities": _array([entity for entity, _ in keys]),
            "ids": _array([entity_id for _, entity_id in keys]),
            "origin": origin,
            "insert_entities": _array(sorted({entity for entity, _ in inserted})),
            "insert_ids": _array(list({entity_id for _, entity_id in inserted})),
        },
    ).one()
    earlier = None
    if row.earlier is not None:
        fingerprint, status_code, response = loads(row.earlier)
        earlier = EarlierBatch(fingerprint, status_code, response)

    seen = {
        change_id: Earlier(outcome, server_version, detail)
        for change_id, outcome, server_version, detail in _rows(row.seen)
    }
    records: dict[Key, RecordState] = {}
    for entity, entity_id, version, deleted, data, field_versions in _rows(row.records):
        records[(entity, entity_id)] = RecordState(entity, entity_id, version, deleted, data, field_versions)
    origins = {
        (entity, entity_id): OriginState(local_version, sync_version)
        for entity, entity_id, local_version, sync_version in _rows(row.origins)
    }
    # The function answers for the whole region, this locality included, and
    # for every entity asked about each id: keep only keys the batch inserts
    # that are not this locality's own.
    taken = {
        key
        for entity, entity_id in _rows(row.taken)
        if (key := (entity, entity_id)) in inserted and key not in records
    }
    return BatchState(earlier, seen, records, origins, taken)
