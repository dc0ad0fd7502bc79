"""Applying one batch in one transaction: load, decide in order, write, remember the answer.

The shape is set-based on purpose: one statement reads what the batch is
decided against (``loading``), one per chunk of changes writes it
(``writing``), and the per-change work is pure Python in ``merge``. Nothing
here issues a statement per change. Each chunk is written while the next is
decided (``WriteBehind``), so PostgreSQL and Python work at the same time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from localitydesk.sync.protocol import Outcome, Reason

from .entities import synced_entities
from .jsoncodec import dumps
from .loading import load
from .merge import Decision, IncomingChange, decide, origin_state_of, validation_problems
from .tokens import Caller
from .writing import WriteBehind, chunk_parameters

# Changes decided before their chunk is sent to be written. Smaller chunks
# overlap more of the two halves' work; each costs a round trip.
CHUNK = 250


@dataclass(frozen=True, slots=True)
class PushAnswer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False
    encoded: bytes | None = None  # the body as JSON, when made already

    def json(self) -> bytes:
        return self.encoded if self.encoded is not None else dumps(self.body)


def push(
    connection: Connection,
    caller: Caller,
    *,
    origin: uuid.UUID,
    changes: list[IncomingChange],
    idempotency_key: str,
    fingerprint: Callable[[], str],
) -> PushAnswer:
    """Apply one batch in the caller's transaction, which ``tokens.enter_as_caller`` opened:
    the application role, fenced to the caller's locality and holding its lock.

    ``fingerprint`` is asked for only when needed: to compare with an earlier
    batch under the same key, or once every chunk is on its way to PostgreSQL,
    so that hashing the batch overlaps the writing."""
    state = load(connection, origin, changes, caller.locality_id, idempotency_key)
    earlier = state.earlier
    if earlier is not None:
        if earlier.fingerprint != fingerprint():
            body = {
                "reason": str(Reason.IDEMPOTENCY_KEY_REUSED),
                "message": "this idempotency key was used for a different batch",
            }
            return PushAnswer(409, body)
        return PushAnswer(earlier.status_code, _replayed(earlier.response, changes), replayed=True)

    records, origins = state.records, state.origins
    catalogue = synced_entities()
    results: list[dict[str, Any]] = []
    handled_now: set[str] = set()
    origin_text = str(origin)
    with WriteBehind(connection) as writer:
        for start in range(0, len(changes), CHUNK):
            logged: list[tuple[IncomingChange, Decision]] = []
            for change in changes[start : start + CHUNK]:
                earlier_answer = state.seen.get(change.change_id)
                if earlier_answer is not None or change.change_id in handled_now:
                    results.append(_duplicate(change, earlier_answer))
                    continue
                handled_now.add(change.change_id)
                key = (change.entity, change.entity_id)
                problems = validation_problems(change, catalogue.get(change.entity))
                if problems is not None:
                    decision = Decision(Outcome.REJECTED, None, problems)
                else:
                    record = records.get(key)
                    decision, new_record, new_origin = decide(
                        change,
                        record,
                        origin_state_of(origins.get(key), record, origin_text),
                        origin=origin,
                        locality_id=caller.locality_id,
                        taken_elsewhere=key in state.taken,
                    )
                    if new_record is not None:
                        records[key] = new_record
                    if new_origin is not None:
                        origins[key] = new_origin
                results.append(
                    {
                        "change_id": change.change_id,
                        "outcome": str(decision.outcome),
                        "server_version": decision.server_version,
                        "detail": decision.detail,
                    }
                )
                logged.append((change, decision))
            writer.send(chunk_parameters(caller.locality_id, origin, idempotency_key, records, origins, logged))
        writer.remember(caller.locality_id, idempotency_key, fingerprint(), _remembered(results))
        # Encoded while the writer finishes: the answer stands only once it
        # commits, and if anything fails this is thrown away.
        body = _answer(results)
        encoded = dumps(body)
    return PushAnswer(200, body, encoded=encoded)


def _answer(results: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {str(outcome): 0 for outcome in Outcome}
    for result in results:
        counts[result["outcome"]] += 1
    return {"results": results, "counts": counts}


# The stored answer leaves out what a replay can rebuild: a key comes back
# only with the same batch (the fingerprint says so), so the change ids are
# the replayed batch's own, in its order, and the counts follow from the
# outcomes. That keeps the idempotency record to a few bytes per change.
def _remembered(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"answers": [[result["outcome"], result["server_version"], result["detail"]] for result in results]}


def _replayed(stored: dict[str, Any], changes: list[IncomingChange]) -> dict[str, Any]:
    if "answers" not in stored:
        return stored  # kept whole, as the first release of the server stored it
    results = [
        {"change_id": change.change_id, "outcome": outcome, "server_version": server_version, "detail": detail}
        for change, (outcome, server_version, detail) in zip(changes, stored["answers"], strict=True)
    ]
    return _answer(results)


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
    return {"change_id": change.change_id, "outcome": str(Outcome.DUPLICATE), "server_version": server_version, "detail": detail}
