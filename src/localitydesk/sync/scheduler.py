"""When to push: at start-up, on a timer, when asked, and when the server comes back.

A push is never tied only to a new local change: changes made while offline
must go when the connection returns even if nobody touches the app again.
While the server is unreachable the loop backs off (jittered, exponential,
at least the server's Retry-After), and between attempts probes the cheap
health endpoint so a returning connection is noticed within a probe interval
rather than at the end of a long backoff.

No Qt here: the app runs :meth:`SyncLoop.run_forever` on a thread of its own
and hears about each run through ``on_report``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .backoff import Backoff
from .pusher import PushReport, PushState


class SyncLoop:
    def __init__(
        self,
        attempt: Callable[[Callable[[float], bool]], PushReport | None],
        probe: Callable[[], bool],
        *,
        interval: float = 300.0,
        probe_interval: float = 30.0,
        backoff: Backoff | None = None,
        on_report: Callable[[PushReport | None], None] | None = None,
        on_start: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        """``attempt(wait)`` pushes (None when sync is not set up or waits for the user)."""
        self.attempt = attempt
        self.probe = probe
        self.interval = interval
        self.probe_interval = probe_interval
        self.backoff = backoff or Backoff(base=5.0, cap=900.0)
        self.on_report = on_report or (lambda report: None)
        self.on_start = on_start or (lambda: None)
        self.clock = clock
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()

    # -- asked from any thread ------------------------------------------------------
    def wake(self) -> None:
        """Push now (the user asked, a change was saved, settings changed)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # -- the loop --------------------------------------------------------------------
    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if woken early (by wake or stop)."""
        woken = self._wake.wait(max(0.0, seconds))
        self._wake.clear()
        return woken

    def _interrupted_wait(self, seconds: float) -> bool:
        """The pusher's wait between retries: only stopping cuts it short."""
        return self._stop.wait(max(0.0, seconds))

    def step(self) -> tuple[PushReport | None, float]:
        """One push, then how long until the next one should start."""
        self.on_start()
        report = self.attempt(self._interrupted_wait)
        self.on_report(report)
        if report is not None and report.state is PushState.OFFLINE:
            self.failures += 1
            return report, self.backoff.delay(self.failures, report.retry_after)
        self.failures = 0
        return report, self.interval

    def pause(self, report: PushReport | None, delay: float) -> None:
        """Wait for the next push: woken early by a request, or by the server coming back."""
        if report is None or report.state is not PushState.OFFLINE:
            self.wait(delay)
            return
        deadline = self.clock() + delay
        while not self._stop.is_set():
            left = deadline - self.clock()
            if left <= 0:
                return
            if self.wait(min(self.probe_interval, left)):
                return
            if self.probe():
                return

    def run_forever(self) -> None:
        while not self._stop.is_set():
            report, delay = self.step()
            if self._stop.is_set():
                break
            self.pause(report, delay)
