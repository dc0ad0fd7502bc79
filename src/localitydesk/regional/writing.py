"""Writing a decided batch, and the answer kept for its idempotency key.

A batch is written in chunks, each in one statement: the change log, new
records, changed records and desktops' states of that chunk are
data-modifying parts of a single statement, and the last chunk's statement
also stores the answer. Rows travel as one JSON array per table and
PostgreSQL unpacks them with ``jsonb_to_recordset``. (COPY would be quicker
still, but PostgreSQL refuses COPY FROM into a table under row-level
security, and the fence matters more than the milliseconds.)

Chunks, because PostgreSQL's half of the work and Python's can overlap: a
:class:`WriteBehind` sends each chunk from a thread of its own while the
request's thread decides the next, so the two run on separate cores instead
of taking turns. Everything stays in the request's one transaction.

Arrival numbers are drawn in batch order (ORDER BY position, chunks in
order) as the log is written; a record takes the number of the last change
applied to it from the log's RETURNING, so no number ever comes from a clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from localitydesk.sync.protocol import Outcome

from .jsoncodec import dumps_text
from .merge import Decision, IncomingChange, OriginState, RecordState
from .schema import ARRIVAL_SEQUENCE

Key = tuple[str, uuid.UUID]

_WRITE = text(
    f"""
    WITH logged AS (
      INSERT INTO change_log (locality_id, change_id, seq, origin, batch_key, entity, entity_id, operation,
                              outcome, server_version, detail)
      SELECT CAST(:locality_id AS uuid), change_id, nextval('{ARRIVAL_SEQUENCE}'), CAST(:origin AS uuid),
             CAST(:batch_key AS varchar), entity, entity_id, operation, outcome, server_version, detail
        FROM jsonb_to_recordset(CAST(:log AS jsonb)) AS r(change_id uuid, entity varchar, entity_id uuid,
             operation varchar, outcome varchar, server_version int, detail jsonb, position bigint)
       ORDER BY position
      RETURNING change_id, seq
    ), new_records AS (
      INSERT INTO record (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
      SELECT r.entity, r.entity_id, CAST(:locality_id AS uuid), r.version, r.deleted, r.data, r.field_versions,
             logged.seq
        FROM jsonb_to_recordset(CAST(:new_records AS jsonb)) AS r(entity varchar, entity_id uuid, version int,
             deleted boolean, data jsonb, field_versions jsonb, last_change_id uuid)
        JOIN logged ON logged.change_id = r.last_change_id
      RETURNING 1
    ), changed_records AS (
      -- An upsert, not UPDATE ... FROM: every row then finds its record by
      -- one probe of the primary key. As a join, the planner (trusting
      -- statistics that lag a fast-growing table) hashed the whole locality's
      -- records for every batch. Each row here is a record this transaction
      -- read through the fence, so the insert arm never inserts.
      INSERT INTO record AS t (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
      SELECT r.entity, r.entity_id, CAST(:locality_id AS uuid), r.version, r.deleted, r.data, r.field_versions,
             logged.seq
        FROM jsonb_to_recordset(CAST(:changed_records AS jsonb)) AS r(entity varchar, entity_id uuid, version int,
             deleted boolean, data jsonb, field_versions jsonb, last_change_id uuid)
        JOIN logged ON logged.change_id = r.last_change_id
      ON CONFLICT (entity, entity_id)
      DO UPDATE SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, data = EXCLUDED.data,
             field_versions = EXCLUDED.field_versions, last_change_seq = EXCLUDED.last_change_seq
      RETURNING 1
    ), origins AS (
      INSERT INTO origin_state (locality_id, origin, entity, entity_id, local_version, sync_version)
      SELECT CAST(:locality_id AS uuid), CAST(:origin AS uuid), entity, entity_id, local_version, sync_version
        FROM jsonb_to_recordset(CAST(:origins AS jsonb)) AS r(entity varchar, entity_id uuid, local_version int,
             sync_version int)
      ON CONFLICT (locality_id, origin, entity, entity_id)
      DO UPDATE SET local_version = EXCLUDED.local_version, sync_version = EXCLUDED.sync_version
      RETURNING 1
    )
    INSERT INTO push_batch (locality_id, idempotency_key, fingerprint, status_code, response, received_at)
    SELECT CAST(:locality_id AS uuid), :batch_key, :fingerprint, 200, CAST(:answer AS jsonb), :received_at
      -- Reading the other parts makes them run first: the answer is the last row written.
      FROM (SELECT count(*) FROM new_records) AS n, (SELECT count(*) FROM changed_records) AS c,
           (SELECT count(*) FROM origins) AS o
     -- Only the last chunk carries the answer; the others write no row here.
     WHERE CAST(:answer AS jsonb) IS NOT NULL
    """
)


def chunk_parameters(
    locality_id: uuid.UUID,
    origin: uuid.UUID,
    batch_key: str,
    fingerprint: str,
    answer: Any | None,
    records: dict[Key, RecordState],
    origins: dict[Key, OriginState],
    logged: Sequence[tuple[IncomingChange, Decision]],
) -> dict[str, Any]:
    """The statement's parameters for one chunk: its changes' log, the records and desktop states they
    moved (marked written, so a later chunk writes them again only if it moves them again), and, for
    the last chunk, the answer (None for the others)."""
    log_rows = []
    last_applied: dict[Key, uuid.UUID] = {}
    for position, (change, decision) in enumerate(logged):
        detail = decision.detail
        if "server_record" in detail:
            # The log keeps the verdict, not a second copy of the record.
            detail = {k: v for k, v in detail.items() if k != "server_record"}
        log_rows.append(
            {
                "change_id": change.change_id,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "operation": str(change.operation),
                "outcome": str(decision.outcome),
                "server_version": decision.server_version,
                "detail": detail,
                "position": position,
            }
        )
        if decision.outcome is Outcome.APPLIED:
            last_applied[(change.entity, change.entity_id)] = change.change_id

    touched = dict.fromkeys((change.entity, change.entity_id) for change, _ in logged)
    new_rows, changed_rows, origin_rows = [], [], []
    for key in touched:
        state = records.get(key)
        if state is not None and state.dirty:
            row = {
                "entity": state.entity,
                "entity_id": state.entity_id,
                "version": state.version,
                "deleted": state.deleted,
                "data": state.data,
                "field_versions": state.field_versions,
                "last_change_id": last_applied[key],
            }
            (new_rows if state.is_new else changed_rows).append(row)
            state.dirty = state.is_new = False
        origin_state = origins.get(key)
        if origin_state is not None and origin_state.dirty:
            origin_rows.append(
                {
                    "entity": key[0],
                    "entity_id": key[1],
                    "local_version": origin_state.local_version,
                    "sync_version": origin_state.sync_version,
                }
            )
            origin_state.dirty = False
    # Serialised here, in the deciding thread: a later chunk may change these
    # very states while the writer thread sends this one.
    return {
        "locality_id": locality_id,
        "origin": origin,
        "batch_key": batch_key,
        "fingerprint": fingerprint,
        "answer": None if answer is None else dumps_text(answer),
        "received_at": datetime.now(timezone.utc),
        "log": dumps_text(log_rows),
        "new_records": dumps_text(new_rows),
        "changed_records": dumps_text(changed_rows),
        "origins": dumps_text(origin_rows),
    }


class WriteBehind:
    """Runs a batch's chunk statements, in order, on a thread of its own.

    The connection is only ever used by one thread at a time: the request's
    thread hands it over on entering and takes it back on leaving, which
    waits for every chunk sent. The first failure is raised there (or at the
    next :meth:`send`); chunks after a failure are not sent, since the
    transaction is lost anyway and the caller retries or refuses the batch whole.
    """

    def __init__(self, connection: Connection):
        self._connection = connection
        self._pending: list[Future] = []
        self._failed: BaseException | None = None
        self._executor: ThreadPoolExecutor | None = None

    def __enter__(self) -> WriteBehind:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regional-write")
        return self

    def send(self, parameters: dict[str, Any]) -> None:
        if self._failed is not None:
            raise self._failed
        assert self._executor is not None
        self._pending.append(self._executor.submit(self._execute, parameters))

    def _execute(self, parameters: dict[str, Any]) -> None:
        if self._failed is not None:
            return
        try:
            self._connection.execute(_WRITE, parameters)
        except BaseException as error:
            self._failed = error
            raise

    def __exit__(self, exc_type, exc, traceback) -> None:
        assert self._executor is not None
        self._executor.shutdown(wait=True)
        if exc_type is None and self._failed is not None:
            raise self._failed
