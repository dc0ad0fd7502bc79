"""The app's background sync: a thread of its own for the network, the
database thread for the database, the UI thread for nothing but showing.

The sync loop (``localitydesk.sync.scheduler.SyncLoop``) runs on a daemon
thread, so a slow or dead server never blocks the window or the database
worker, and closing the app never waits on a network timeout. Each piece of
database work the pusher needs is handed to the app's single
``DatabaseWorker`` through :class:`DatabaseBridge`, keeping the rule that
only that thread touches the SQLite file. Results come back as Qt signals,
queued to the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from localitydesk.services.sync import sync_status
from localitydesk.services.sync.background import attempt_push, probe_server
from localitydesk.services.sync.state import SyncStatus
from localitydesk.services.sync.wording import status_line
from localitydesk.sync.pusher import PushReport, PushState
from localitydesk.sync.scheduler import SyncLoop
from localitydesk.sync.token_store import TokenStore

from .context import AppContext

PUSH_INTERVAL_S = 300.0
PROBE_INTERVAL_S = 30.0


class SyncCancelled(Exception):
    """The app is closing; the sync thread gives up waiting for the database."""


class DatabaseBridge(QObject):
    """Runs a callable on the app's database thread on behalf of another thread, and waits."""

    _requested = Signal(object, object)

    def __init__(self, context: AppContext, stopped: Callable[[], bool], parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._stopped = stopped
        # Emitted from the sync thread, received here on the UI thread (queued),
        # because DatabaseWorker.submit is for the UI thread.
        self._requested.connect(self._submit)

    @Slot(object, object)
    def _submit(self, work: Callable[[], Any], future: Future) -> None:
        if future.cancelled():
            return
        self.context.worker.submit(
            work,
            on_success=lambda result: future.done() or future.set_result(result),
            on_failure=lambda error: future.done() or future.set_exception(error),
        )

    def run(self, work: Callable[[], Any]) -> Any:
        future: Future = Future()
        self._requested.emit(work, future)
        while True:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                if self._stopped():
                    future.cancel()
                    raise SyncCancelled() from None


@dataclass(frozen=True)
class SyncView:
    """What the status bar and the Sync section show; made on the UI thread."""

    status: SyncStatus
    pushing: bool
    offline: bool
    last_report: PushReport | None

    def line(self) -> str:
        return status_line(self.status, offline=self.offline, pushing=self.pushing)


class SyncController(QObject):
    """Starts and stops background sync; tells the UI its state as it changes.

    The state shown is read on the sync thread (a read never blocks the
    database thread's writes) and delivered here by a queued signal.
    """

    changed = Signal(object)  # SyncView
    _status_ready = Signal(object, bool, object)

    def __init__(self, context: AppContext, store: TokenStore | None = None, parent: QObject | None = None,
                 interval: float = PUSH_INTERVAL_S, probe_interval: float = PROBE_INTERVAL_S):
        super().__init__(parent)
        self.context = context
        self._store = store
        self._store_lock = threading.Lock()
        self.loop = SyncLoop(self._attempt, self._probe, interval=interval, probe_interval=probe_interval,
                             on_report=self._reported, on_start=self._starting)
        self.bridge = DatabaseBridge(context, lambda: self.loop.stopped, self)
        self._last_report: PushReport | None = None
        self.view: SyncView | None = None
        self._thread: threading.Thread | None = None
        self._status_ready.connect(self._show)

    @property
    def store(self) -> TokenStore:
        """Where the token is kept, found on first use.

        Finding the system keyring loads its plugins and asks the desktop
        session, which takes a tenth of a second: the sync thread's first push
        does it, not the start-up the user is waiting for."""
        with self._store_lock:
            if self._store is None:
                self._store = TokenStore()
            return self._store

    # -- on the sync thread --------------------------------------------------------------
    def _attempt(self, wait: Callable[[float], bool]) -> PushReport | None:
        try:
            return attempt_push(self.context.db, wait, run=self.bridge.run, store=self.store)
        except SyncCancelled:
            return None
        except Exception as error:  # never let the thread die: say so and try again later
            return PushReport(state=PushState.OFFLINE, error=str(error))

    def _probe(self) -> bool:
        try:
            return probe_server(self.context.db, run=self.bridge.run, store=self.store)
        except Exception:
            return False

    def _publish(self, pushing: bool, report: PushReport | None) -> None:
        try:
            status = sync_status(self.context.db, self.store)
        except Exception:  # the database being replaced under us (a restore): the next round shows it
            return
        self._status_ready.emit(status, pushing, report)

    def _starting(self) -> None:
        self._publish(True, self._last_report)

    def _reported(self, report: PushReport | None) -> None:
        self._last_report = report
        self._publish(False, report)

    def _run(self) -> None:
        try:
            self.loop.run_forever()
        except SyncCancelled:
            pass

    # -- on the UI thread -------------------------------------------------------------------
    def start(self) -> None:
        """Start background sync: the first push is at once (start-up), then on the timer."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def push_now(self) -> None:
        self.loop.wake()

    def settings_changed(self) -> None:
        """A new server or token, a conflict settled: push at once, and show the new state."""
        self.loop.wake()

    refresh = settings_changed

    def shutdown(self) -> None:
        self.loop.stop()
        if self._thread is not None:
            # Daemon thread: a request stuck on a dead network does not hold the app open.
            self._thread.join(timeout=2.0)

    @Slot(object, bool, object)
    def _show(self, status: SyncStatus, pushing: bool, report: PushReport | None) -> None:
        offline = report is not None and report.state is PushState.OFFLINE
        self.view = SyncView(status, pushing, offline, report)
        self.changed.emit(self.view)
