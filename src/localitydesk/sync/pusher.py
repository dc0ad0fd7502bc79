"""Sending the outbox, batch by batch, in order, until it is empty or we must wait.

The pusher knows nothing of the database: an :class:`Outbox` hands it the
next batch and records what became of it. The outbox's one promise is what
makes a crash harmless: a batch, with its idempotency key, is committed
*before* it leaves, so after a restart the same batch goes again under
the same key and the server answers it from memory instead of applying it
twice.

Only one batch is ever in flight, so the server sees a desktop's changes in
the order they were made. The outbox's own work is not: while a batch is on
its way, a worker thread records the previous batch's answer and claims the
next batch (committed, as ever, before it leaves). A crash in between
leaves several unanswered batches, which go again oldest first under their
own keys; giving a batch back gives back every batch claimed after it, so
the order holds on that road too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from .backoff import Backoff
from .client import (
    BatchRefused,
    CertificateRefused,
    KeyReused,
    LocalityRefused,
    Retryable,
    SyncClient,
    SyncError,
    TokenRefused,
    TooLarge,
)
from .protocol import MAX_CHANGES_PER_BATCH, Outcome, PushResult


class Stop(StrEnum):
    """Why pushing waits for the user; stored, so a restart does not hammer the server."""

    NONE = ""
    TOKEN_REFUSED = "token_refused"
    LOCALITY_REFUSED = "locality_refused"
    CERTIFICATE = "certificate"
    REFUSED = "refused"


STOPS_FOR = {
    TokenRefused: Stop.TOKEN_REFUSED,
    LocalityRefused: Stop.LOCALITY_REFUSED,
    CertificateRefused: Stop.CERTIFICATE,
    BatchRefused: Stop.REFUSED,
}

# A 409 or a 413 gives the changes back for a fresh batch; a few in a row
# means something else is wrong, and looping would hide it.
MAX_REPLANS = 5


@dataclass(frozen=True, slots=True)
class OutgoingBatch:
    key: str
    body: bytes
    change_ids: tuple[str, ...]
    attempts: int = 0  # attempts made before this one (a resumed batch has some)
    first_seq: int | None = None  # where it starts in the outbox: the next batch comes after it


class Outbox(Protocol):
    def next_batch(self, max_changes: int, after: OutgoingBatch | None = None) -> OutgoingBatch | None:
        """The oldest unanswered batch if there is one, else a new one claimed and committed.

        With ``after`` (the batch in flight), the oldest unanswered batch after
        that one, else a new one.
        """

    def record_answer(self, batch: OutgoingBatch, result: PushResult) -> None: ...

    def record_failure(self, batch: OutgoingBatch, message: str, stop: Stop = Stop.NONE) -> None: ...

    def release(self, batch: OutgoingBatch, message: str) -> None:
        """Give the changes back to the queue, with those of every unanswered batch after it;
        they go again, in order, in new batches under new keys."""

    def reject_locally(self, batch: OutgoingBatch, reason: str, message: str) -> None:
        """Mark every change of the batch rejected without the server (one change too big to send)."""

    def backlog(self) -> int: ...


class PushState(StrEnum):
    UP_TO_DATE = "up_to_date"
    OFFLINE = "offline"  # will try again
    STOPPED = "stopped"  # waits for the user
    INTERRUPTED = "interrupted"


@dataclass
class PushReport:
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    backlog: int = 0
    batches: int = 0
    attempts: int = 0
    state: PushState = PushState.UP_TO_DATE
    stop: Stop = Stop.NONE
    error: str = ""
    retry_after: float | None = None
    waits: list[float] = field(default_factory=list)

    def add(self, result: PushResult) -> None:
        self.batches += 1
        self.pushed += len(result.results)
        self.applied += result.count(Outcome.APPLIED)
        self.duplicates += result.count(Outcome.DUPLICATE)
        self.conflicts += result.count(Outcome.CONFLICT)
        self.rejected += result.count(Outcome.REJECTED)

    def as_dict(self) -> dict:
        return {
            "pushed": self.pushed,
            "applied": self.applied,
            "duplicates": self.duplicates,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "backlog": self.backlog,
        }


class Pusher:
    """Drains an outbox through a client; retries what may succeed later, stops on what will not.

    ``wait(seconds)`` sleeps between attempts and returns True when woken to
    give up (the app closing); tests pass one that only records the waits.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: SyncClient,
        *,
        backoff: Backoff | None = None,
        wait: Callable[[float], bool] | None = None,
        max_changes: int = MAX_CHANGES_PER_BATCH,
    ):
        self.outbox = outbox
        self.client = client
        self.backoff = backoff or Backoff()
        self._stop = threading.Event()
        self.wait = wait or self._stop.wait
        self.max_changes = max_changes

    def cancel(self) -> None:
        self._stop.set()

    def run(self, *, max_attempts: int | None = 5) -> PushReport:
        """Push until the outbox is empty, a stop, or ``max_attempts`` failures in a row."""
        # One worker: the outbox's work stays in the order it was asked for.
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
        recorded: list[Future] = []

        def outbox_now(work: Callable, *args):
            return worker.submit(work, *args).result()

        def settle_records() -> None:
            while recorded:
                recorded.pop(0).result()  # an outbox failure surfaces here

        try:
            report = self._run(max_attempts, outbox_now, worker, recorded, settle_records)
            settle_records()
        finally:
            worker.shutdown(wait=True)
        report.backlog = self.outbox.backlog()
        return report

    def _run(self, max_attempts, outbox_now, worker, recorded, settle_records) -> PushReport:
        report = PushReport()
        failures = 0
        replans = 0
        max_changes = self.max_changes
        batch: OutgoingBatch | None = None
        while True:
            if self._stop.is_set():
                report.state = PushState.INTERRUPTED
                break
            if batch is None:
                batch = outbox_now(self.outbox.next_batch, max_changes)
            if batch is None:
                report.state = PushState.UP_TO_DATE
                break
            # Claimed (and committed) while this batch is on its way;
            # it is sent only once this one's answer is in.
            following = worker.submit(self.outbox.next_batch, max_changes, batch)
            report.attempts += 1
            try:
                result = self.client.push(batch.body, batch.key, batch.change_ids)
            except Retryable as error:
                following.result()  # stays unanswered, and goes after this one
                settle_records()
                failures += 1
                outbox_now(self.outbox.record_failure, batch, error.message)
                report.error, report.retry_after = error.message, error.retry_after
                if max_attempts is not None and failures >= max_attempts:
                    report.state = PushState.OFFLINE
                    break
                delay = self.backoff.delay(failures, error.retry_after)
                report.waits.append(delay)
                if self.wait(delay):
                    report.state = PushState.INTERRUPTED
                    break
                batch = None  # the oldest unanswered batch: this one again
                continue
            except KeyReused as error:
                following.result()
                settle_records()
                replans += 1
                outbox_now(self.outbox.release, batch, error.message)
                if replans > MAX_REPLANS:
                    return self._stopped(report, Stop.REFUSED, error)
                batch = None
                continue
            except TooLarge as error:
                following.result()
                settle_records()
                replans += 1
                if len(batch.change_ids) == 1:
                    outbox_now(self.outbox.reject_locally, batch, "too_large", error.message)
                else:
                    outbox_now(self.outbox.release, batch, error.message)
                    max_changes = max(1, len(batch.change_ids) // 2)
                if replans > MAX_REPLANS * 8:
                    return self._stopped(report, Stop.REFUSED, error)
                batch = None
                continue
            except SyncError as error:
                following.result()
                settle_records()
                outbox_now(self.outbox.record_failure, batch, error.message, STOPS_FOR.get(type(error), Stop.REFUSED))
                return self._stopped(report, STOPS_FOR.get(type(error), Stop.REFUSED), error)
            except BaseException:
                following.result()
                raise
            failures = 0
            recorded.append(worker.submit(self.outbox.record_answer, batch, result))
            report.add(result)
            if max_changes != self.max_changes:
                # The following batch was cut to the smaller size; the one after goes back to full.
                max_changes = self.max_changes
            batch = following.result()
            while recorded and recorded[0].done():  # the answer before last is in by now
                recorded.pop(0).result()
        return report

    def _stopped(self, report: PushReport, stop: Stop, error: SyncError) -> PushReport:
        report.state = PushState.STOPPED
        report.stop = stop
        report.error = error.message
        return report
