"""Writing a decided batch, and the answer kept for its idempotency key.

A batch is written in chunks, each in one statement: the change log, new
records, changed records and desktops' states of that chunk are
data-modifying parts of a single statement; a last, small one stores the
answer. Rows travel as arrays, one per column (see
``_RECORDS``), which PostgreSQL unnests side by side. (COPY would be quicker
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

Key = tuple[str, str]  # entity, id as canonical text

# Rows travel as one array per column, in PostgreSQL's array text: uuid[]
# and int[] read several times quicker than the same values inside JSON.
# JSON documents (record data, field stamps) travel as one text of documents
# separated by the record-separator character, which JSON text never holds
# raw (control characters are always escaped), so each is parsed just once,
# straight into its column. Unnested together, position by position.
_RECORDS = """
      SELECT r.entity, r.entity_id, CAST(:locality_id AS uuid), r.version, r.deleted, CAST(r.data AS jsonb),
             CAST(r.field_versions AS jsonb), logged.seq
        FROM unnest(CAST(:{prefix}_entity AS varchar[]), CAST(:{prefix}_id AS uuid[]), CAST(:{prefix}_version AS int[]),
                    CAST(:{prefix}_deleted AS boolean[]), string_to_array(:{prefix}_data, chr(30)),
                    string_to_array(:{prefix}_stamps, chr(30)), CAST(:{prefix}_last AS uuid[]))
             AS r(entity, entity_id, version, deleted, data, field_versions, last_change_id)
        JOIN logged ON logged.change_id = r.last_change_id
"""

_WRITE = text(
    f"""
    WITH logged AS (
      INSERT INTO change_log (locality_id, change_id, seq, origin, batch_key, entity, entity_id, operation,
                              outcome, server_version, detail)
      SELECT CAST(:locality_id AS uuid), change_id, nextval('{ARRIVAL_SEQUENCE}'), CAST(:origin AS uuid),
             CAST(:batch_key AS varchar), entity, entity_id, operation, outcome, server_version,
             -- Most answers have no detail: only the others are sent, by position.
             COALESCE(CAST(:log_details AS jsonb) -> CAST(position - 1 AS text), CAST('{{}}' AS jsonb))
        FROM unnest(CAST(:log_change_id AS uuid[]), CAST(:log_entity AS varchar[]), CAST(:log_entity_id AS uuid[]),
                    CAST(:log_operation AS varchar[]), CAST(:log_outcome AS varchar[]),
                    CAST(:log_server_version AS int[]))
             WITH ORDINALITY AS r(change_id, entity, entity_id, operation, outcome, server_version, position)
       ORDER BY position
      RETURNING change_id, seq
    ), new_records AS (
      INSERT INTO record (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
      {_RECORDS.format(prefix="new")}
      RETURNING 1
    ), changed_records AS (
      -- An upsert, not UPDATE ... FROM: every row then finds its record by
      -- one probe of the primary key. As a join, the planner (trusting
      -- statistics that lag a fast-growing table) hashed the whole locality's
      -- records for every batch. Each row here is a record this transaction
      -- read through the fence or wrote in an earlier chunk, so the insert
      -- arm never inserts.
      INSERT INTO record AS t (entity, entity_id, locality_id, version, deleted, data, field_versions, last_change_seq)
      {_RECORDS.format(prefix="changed")}
      ON CONFLICT (entity, entity_id)
      DO UPDATE SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, data = EXCLUDED.data,
             field_versions = EXCLUDED.field_versions, last_change_seq = EXCLUDED.last_change_seq
      RETURNING 1
    ), origins AS (
      INSERT INTO origin_state (locality_id, origin, entity, entity_id, local_version, sync_version)
      SELECT CAST(:locality_id AS uuid), CAST(:origin AS uuid), entity, entity_id, local_version, sync_version
        FROM unnest(CAST(:origin_entity AS varchar[]), CAST(:origin_id AS uuid[]), CAST(:origin_local AS int[]),
                    CAST(:origin_sync AS int[])) AS r(entity, entity_id, local_version, sync_version)
      ON CONFLICT (locality_id, origin, entity, entity_id)
      DO UPDATE SET local_version = EXCLUDED.local_version, sync_version = EXCLUDED.sync_version
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM new_records), (SELECT count(*) FROM changed_records), (SELECT count(*) FROM origins)
    """
)

# The answer kept for the batch's idempotency key: the last row the batch writes.
_REMEMBER = text(
    """
    INSERT INTO push_batch (locality_id, idempotency_key, fingerprint, status_code, response, received_at)
    VALUES (:locality_id, :batch_key, :fingerprint, 200, CAST(:answer AS jsonb), :received_at)
    """
)

RECORD_SEPARATOR = "\x1e"


def _array(values: Sequence[Any]) -> str:
    """PostgreSQL array text. Every element quoted, so no name is read as NULL; only
    ids, numbers, booleans and names of letters, digits and _ go in, which need no escaping."""
    return "{" + ",".join("NULL" if value is None else f'"{value}"' for value in values) + "}"


def _documents(values: Sequence[Any]) -> str:
    return RECORD_SEPARATOR.join(dumps_text(value) for value in values)


def _record_parameters(prefix: str, rows: Sequence[tuple[RecordState, str]]) -> dict[str, str]:
    return {
        f"{prefix}_entity": _array([state.entity for state, _ in rows]),
        f"{prefix}_id": _array([state.entity_id for state, _ in rows]),
        f"{prefix}_version": _array([state.version for state, _ in rows]),
        f"{prefix}_deleted": _array(["t" if state.deleted else "f" for state, _ in rows]),
        f"{prefix}_data": _documents([state.data for state, _ in rows]),
        f"{prefix}_stamps": _documents([state.field_versions for state, _ in rows]),
        f"{prefix}_last": _array([last for _, last in rows]),
    }


def chunk_parameters(
    locality_id: uuid.UUID,
    origin: uuid.UUID,
    batch_key: str,
    records: dict[Key, RecordState],
    origins: dict[Key, OriginState],
    logged: Sequence[tuple[IncomingChange, Decision]],
) -> dict[str, Any]:
    """The statement's parameters for one chunk: its changes' log, the records and desktop states they
    moved (marked written, so a later chunk writes them again only if it moves them again)."""
    details: dict[str, Any] = {}
    last_applied: dict[Key, str] = {}
    for position, (change, decision) in enumerate(logged):
        detail = decision.detail
        if detail:
            if "server_record" in detail:
                # The log keeps the verdict, not a second copy of the record.
                detail = {k: v for k, v in detail.items() if k != "server_record"}
            details[str(position)] = detail
        if decision.outcome is Outcome.APPLIED:
            last_applied[(change.entity, change.entity_id)] = change.change_id

    touched = dict.fromkeys((change.entity, change.entity_id) for change, _ in logged)
    new_rows: list[tuple[RecordState, str]] = []
    changed_rows: list[tuple[RecordState, str]] = []
    origin_rows: list[tuple[Key, OriginState]] = []
    for key in touched:
        state = records.get(key)
        if state is not None and state.dirty:
            (new_rows if state.is_new else changed_rows).append((state, last_applied[key]))
            state.dirty = state.is_new = False
        origin_state = origins.get(key)
        if origin_state is not None and origin_state.dirty:
            origin_rows.append((key, origin_state))
            origin_state.dirty = False
    # Serialised here, in the deciding thread: a later chunk may change these
    # very states while the writer thread sends this one.
    return {
        "locality_id": locality_id,
        "origin": origin,
        "batch_key": batch_key,
        "log_change_id": _array([change.change_id for change, _ in logged]),
        "log_entity": _array([change.entity for change, _ in logged]),
        "log_entity_id": _array([change.entity_id for change, _ in logged]),
        "log_operation": _array([change.operation for change, _ in logged]),
        "log_outcome": _array([decision.outcome for _, decision in logged]),
        "log_server_version": _array([decision.server_version for _, decision in logged]),
        "log_details": dumps_text(details),
        **_record_parameters("new", new_rows),
        **_record_parameters("changed", changed_rows),
        "origin_entity": _array([entity for (entity, _), _ in origin_rows]),
        "origin_id": _array([entity_id for (_, entity_id), _ in origin_rows]),
        "origin_local": _array([state.local_version for _, state in origin_rows]),
        "origin_sync": _array([state.sync_version for _, state in origin_rows]),
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
        """Write one chunk (``chunk_parameters``)."""
        self._submit(_WRITE, parameters)

    def remember(self, locality_id: uuid.UUID, batch_key: str, fingerprint: str, answer: Any) -> None:
        """Keep the batch's answer under its idempotency key, after every chunk."""
        parameters = {
            "locality_id": locality_id,
            "batch_key": batch_key,
            "fingerprint": fingerprint,
            "answer": dumps_text(answer),
            "received_at": datetime.now(timezone.utc),
        }
        self._submit(_REMEMBER, parameters)

    def _submit(self, statement: Any, parameters: dict[str, Any]) -> None:
        if self._failed is not None:
            raise self._failed
        assert self._executor is not None
        self._pending.append(self._executor.submit(self._execute, statement, parameters))

    def _execute(self, statement: Any, parameters: dict[str, Any]) -> None:
        if self._failed is not None:
            return
        try:
            self._connection.execute(statement, parameters)
        except BaseException as error:
            self._failed = error
            raise

    def __exit__(self, exc_type, exc, traceback) -> None:
        assert self._executor is not None
        self._executor.shutdown(wait=True)
        if exc_type is None and self._failed is not None:
            raise self._failed
