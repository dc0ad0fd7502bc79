"""The outbox in the database, as the pusher sees it.

The rule that makes a crash harmless: a batch is written (its key and the
seq range of its changes) and committed *before* it is sent, and it stays the
unanswered batch until its answer is committed. After a restart the same
changes go again under the same key, and the server replays its answer.

A batch's changes stay ``pending`` until answered: a pending change inside an
unanswered batch's range is on its way, one past every such range is free to
be claimed. So a change's 1 KB row is rewritten once, when the answer comes,
not also when it leaves.

Statements are SQLAlchemy Core over the ORM's tables: a backlog of a hundred
thousand changes moves through here, and only a batch's rows are ever held.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import String, Text, func, select, type_coerce, update
from sqlalchemy.orm import Session

from localitydesk.store.database import Database
from localitydesk.store.models import OutboxChange, SyncAdoption, SyncBatch, SyncState
from localitydesk.store.types import utc_now
from localitydesk.sync.protocol import TARGET_BATCH_BYTES, Operation, Outcome, PushResult, new_idempotency_key
from localitydesk.sync.pusher import OutgoingBatch, Stop

T = TypeVar("T")

OUTBOX = OutboxChange.__table__
BATCH = SyncBatch.__table__
ADOPTION = SyncAdoption.__table__
WAITING_STATES = ("pending",)
ANSWERED_STATES = tuple(str(outcome) for outcome in Outcome)

# The payload and field list are read as the JSON text stored, and go on the
# wire as that text: decoding and re-encoding 100,000 payloads would be most
# of the desktop's share of a push. The server parses what it receives, so key
# order is no matter, and a resent batch is rebuilt from the same text.
# The ids likewise come as their stored text (32 hex digits), not as UUID
# objects made only to be written out again.
_COLUMNS = (
    OUTBOX.c.seq,
    type_coerce(OUTBOX.c.change_id, String).label("change_id"),
    OUTBOX.c.entity,
    type_coerce(OUTBOX.c.entity_id, String).label("entity_id"),
    OUTBOX.c.operation,
    OUTBOX.c.base_version,
    type_coerce(OUTBOX.c.changed_fields, Text).label("changed_fields"),
    type_coerce(OUTBOX.c.payload, Text).label("payload"),
    OUTBOX.c.schema_version,
    OUTBOX.c.rebased,
)


def run_directly(work: Callable[[], T]) -> T:
    return work()


def sync_state(session: Session) -> SyncState:
    """The one row of this database's sync state, made on first use."""
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1)
        session.add(state)
        session.flush()
    return state


def _id_text(stored: Any) -> str:
    """A UUID column's stored text (32 lower-case hex digits) as the wire writes it, with its hyphens."""
    text = str(stored)
    if len(text) == 32 and text == text.lower():
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return str(uuid.UUID(text))  # any other spelling, checked and canonical


@lru_cache(maxsize=256)
def _json_text(value: str) -> str:
    # Entity names and operations: a handful of values over a whole backlog.
    return json.dumps(value)


def _change_json(row: Any, rebased: bool) -> bytes:
    """One change as the wire carries it (see protocol.Change.to_wire), built from the stored text."""
    # An insert names no changed fields on the wire (see protocol).
    changed = "[]" if row.operation == Operation.INSERT else (row.changed_fields or "[]")
    text = (
        f'{{"base_version":{int(row.base_version)},"change_id":"{_id_text(row.change_id)}",'
        f'"changed_fields":{changed},"entity":{_json_text(row.entity)},'
        f'"entity_id":"{_id_text(row.entity_id)}","operation":{_json_text(row.operation)},"payload":{row.payload}'
        + (',"rebased":true}' if rebased else "}")
    )
    return text.encode("utf-8")


def _body(origin: str, schema_version: int, changes: list[bytes]) -> bytes:
    return b"".join(
        (b'{"changes":[', b",".join(changes), f'],"origin":"{origin}","schema_version":{int(schema_version)}}}'.encode())
    )


class DatabaseOutbox:
    """:class:`localitydesk.sync.pusher.Outbox` over a locality database.

    ``run`` carries each piece of database work to where it must run: called
    directly by the CLI and the tests, handed to the app's database thread
    by the GUI so the network thread never touches SQLite itself.
    """

    def __init__(self, db: Database, origin: str, run: Callable[[Callable[[], Any]], Any] = run_directly):
        self.db = db
        self.origin = str(origin)
        self.run = run

    # -- taking a batch ----------------------------------------------------------
    def next_batch(self, max_changes: int, after: OutgoingBatch | None = None) -> OutgoingBatch | None:
        return self.run(lambda: self._next_batch(max_changes, after))

    def _next_batch(self, max_changes: int, after: OutgoingBatch | None = None) -> OutgoingBatch | None:
        with self.db.session() as session, session.begin():
            while True:
                query = select(BATCH.c.idempotency_key, BATCH.c.attempts, BATCH.c.first_seq, BATCH.c.last_seq).where(
                    BATCH.c.answered_at.is_(None)
                )
                if after is not None and after.first_seq is not None:
                    query = query.where(BATCH.c.first_seq > after.first_seq)
                unanswered = session.execute(query.order_by(BATCH.c.first_seq).limit(1)).first()
                if unanswered is None:
                    return self._claim(session, max_changes)
                rows = session.execute(
                    select(*_COLUMNS).where(*_in_batch(unanswered)).order_by(OUTBOX.c.seq)
                ).all()
                if rows:
                    return self._outgoing(unanswered.idempotency_key, rows, unanswered.attempts)
                # Nothing left under the key (its changes were given back): close it.
                session.execute(
                    update(BATCH).where(BATCH.c.idempotency_key == unanswered.idempotency_key).values(answered_at=utc_now())
                )

    def _claim(self, session: Session, max_changes: int) -> OutgoingBatch | None:
        rows = session.execute(
            select(*_COLUMNS)
            .where(OUTBOX.c.state == "pending", OUTBOX.c.seq > claimed_up_to(session))
            .order_by(OUTBOX.c.seq)
            .limit(max_changes)
        ).all()
        if not rows:
            return None
        # One schema version per batch: after an upgrade old rows go first, on their own.
        schema = rows[0].schema_version
        rows = rows[: next((i for i, row in enumerate(rows) if row.schema_version != schema), len(rows))]
        rebased = self._rebased(session, rows)
        envelope = len(_body(self.origin, schema, []))
        changes: list[bytes] = []
        size = envelope
        for row in rows:
            encoded = _change_json(row, row.rebased or row.seq in rebased)
            # Never past the target, except a change too big on its own, which goes alone.
            if changes and size + len(encoded) + 1 > TARGET_BATCH_BYTES:
                break
            changes.append(encoded)
            size += len(encoded) + 1
        rows = rows[: len(changes)]
        key = new_idempotency_key()
        session.execute(
            BATCH.insert().values(
                idempotency_key=key,
                first_seq=rows[0].seq,
                last_seq=rows[-1].seq,
                created_at=utc_now(),
                attempts=0,
                last_error="",
            )
        )
        seqs = [row.seq for row in rows]
        now_rebased = [seq for seq in seqs if seq in rebased]
        if now_rebased:
            session.execute(update(OUTBOX).where(OUTBOX.c.seq.in_(now_rebased)).values(rebased=True))
        return OutgoingBatch(
            key=key,
            body=_body(self.origin, schema, changes),
            change_ids=tuple(_id_text(row.change_id) for row in rows),
            first_seq=rows[0].seq,
        )

    def _rebased(self, session: Session, rows: list[Any]) -> set[int]:
        """Seqs of the first changes made on top of a server version this desktop adopted."""
        if session.execute(select(func.count()).select_from(ADOPTION)).scalar_one() == 0:
            return set()
        ids = {uuid.UUID(row.entity_id) for row in rows}
        adoptions = {
            (row.entity, row.entity_id): row
            for row in session.execute(select(ADOPTION).where(ADOPTION.c.entity_id.in_(ids)))
        }
        found = set()
        for row in rows:
            adopted = adoptions.get((row.entity, uuid.UUID(row.entity_id)))
            if adopted is not None and row.seq > adopted.after_seq and row.base_version == adopted.server_version:
                found.add(row.seq)
        return found

    def _outgoing(self, key: str, rows: list[Any], attempts: int) -> OutgoingBatch:
        return OutgoingBatch(
            key=key,
            body=_body(self.origin, rows[0].schema_version, [_change_json(row, row.rebased) for row in rows]),
            change_ids=tuple(_id_text(row.change_id) for row in rows),
            attempts=attempts,
            first_seq=rows[0].seq,
        )

    # -- recording what happened -------------------------------------------------
    def record_answer(self, batch: OutgoingBatch, result: PushResult) -> None:
        self.run(lambda: self._record_answer(batch, result))

    def _record_answer(self, batch: OutgoingBatch, result: PushResult) -> None:
        now = utc_now()
        stamp = now.isoformat()
        with self.db.session() as session, session.begin():
            # Straight to the driver: a statement per change through the ORM's
            # parameter processing would cost more than the network round trip.
            session.connection().exec_driver_sql(
                "UPDATE outbox_change SET state = ?, result = ? WHERE change_id = ?",
                [(str(item.outcome), _result_json(item, stamp), _stored_id(item.change_id)) for item in result.results],
            )
            session.execute(
                update(BATCH)
                .where(BATCH.c.idempotency_key == batch.key)
                .values(answered_at=now, attempts=BATCH.c.attempts + 1, last_error="")
            )
            state = sync_state(session)
            state.last_attempt_at = state.last_success_at = now
            state.failures, state.last_error, state.stopped = 0, "", ""

    def record_failure(self, batch: OutgoingBatch, message: str, stop: Stop = Stop.NONE) -> None:
        self.run(lambda: self._record_failure(batch, message, stop))

    def _record_failure(self, batch: OutgoingBatch, message: str, stop: Stop) -> None:
        now = utc_now()
        with self.db.session() as session, session.begin():
            session.execute(
                update(BATCH)
                .where(BATCH.c.idempotency_key == batch.key)
                .values(attempts=BATCH.c.attempts + 1, last_error=message[:2000])
            )
            state = sync_state(session)
            state.last_attempt_at = now
            state.failures += 1
            state.last_error = message[:2000]
            state.stopped = str(stop)

    def release(self, batch: OutgoingBatch, message: str) -> None:
        self.run(lambda: self._release(batch, message))

    def _release(self, batch: OutgoingBatch, message: str) -> None:
        with self.db.session() as session, session.begin():
            # Batches claimed after this one (the pusher claims the next while
            # one is in flight) go back too: left claimed, they would leave
            # before this one's changes, out of order. None of them has been
            # sent: the next leaves only once the one before it is answered.
            first_seq = session.execute(
                select(BATCH.c.first_seq).where(BATCH.c.idempotency_key == batch.key)
            ).scalar_one_or_none()
            later = []
            if first_seq is not None:
                later = list(
                    session.execute(
                        select(BATCH.c.idempotency_key).where(
                            BATCH.c.answered_at.is_(None), BATCH.c.first_seq > first_seq
                        )
                    ).scalars()
                )
            # Their changes are pending still: closing the batches frees them to be claimed again.
            now = utc_now()
            session.execute(
                update(BATCH)
                .where(BATCH.c.idempotency_key == batch.key)
                .values(answered_at=now, attempts=BATCH.c.attempts + 1, last_error=message[:2000])
            )
            if later:
                session.execute(
                    update(BATCH)
                    .where(BATCH.c.idempotency_key.in_(later))
                    .values(answered_at=now, last_error="given back with an earlier batch")
                )

    def reject_locally(self, batch: OutgoingBatch, reason: str, message: str) -> None:
        self.run(lambda: self._reject_locally(batch, reason, message))

    def _reject_locally(self, batch: OutgoingBatch, reason: str, message: str) -> None:
        now = utc_now()
        doc = {
            "outcome": "rejected",
            "server_version": None,
            "detail": {"reason": reason, "message": message, "local": True},
            "answered_at": now.isoformat(),
        }
        with self.db.session() as session, session.begin():
            claimed = session.execute(
                select(BATCH.c.first_seq, BATCH.c.last_seq).where(BATCH.c.idempotency_key == batch.key)
            ).one()
            session.execute(update(OUTBOX).where(*_in_batch(claimed)).values(state="rejected", result=doc))
            session.execute(
                update(BATCH).where(BATCH.c.idempotency_key == batch.key).values(answered_at=now, last_error=message[:2000])
            )

    def backlog(self) -> int:
        return self.run(lambda: backlog(self.db))


def _in_batch(batch: Any) -> tuple:
    """The conditions picking a batch's changes that are still unanswered: pending, within its range."""
    return (OUTBOX.c.state == "pending", OUTBOX.c.seq.between(batch.first_seq, batch.last_seq))


def claimed_up_to(session: Session) -> int:
    """The last seq held by a batch not yet answered (0 if none): pending changes up to it are on their way."""
    return session.execute(
        select(func.coalesce(func.max(BATCH.c.last_seq), 0)).where(BATCH.c.answered_at.is_(None))
    ).scalar_one()


def backlog(db: Database) -> int:
    """Changes not yet answered by the server."""
    with db.session() as session:
        return session.execute(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.state.in_(WAITING_STATES))
        ).scalar_one()


def _result_json(item: Any, stamp: str) -> str:
    """What the server said of one change, as kept in the outbox row."""
    if not item.detail and (item.server_version is None or type(item.server_version) is int):
        # Most answers: written out directly, the same text json.dumps makes.
        version = "null" if item.server_version is None else str(item.server_version)
        return (
            f'{{"outcome": {_json_text(str(item.outcome))}, "server_version": {version}, '
            f'"detail": {{}}, "answered_at": {_json_text(stamp)}}}'
        )
    return json.dumps(
        {"outcome": str(item.outcome), "server_version": item.server_version, "detail": dict(item.detail), "answered_at": stamp}
    )


def _stored_id(text: str) -> str:
    """A change id from the server's answer as the outbox stores it (32 hex digits)."""
    if len(text) == 36 and text == text.lower():  # the canonical spelling the server writes
        return text.replace("-", "")
    return uuid.UUID(str(text)).hex
