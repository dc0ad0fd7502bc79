"""Database work off the UI thread, in the manner of Anki's operations.

All database work runs on one worker thread, in the order it was asked for,
so two pieces of work never race each other on the SQLite file. Results come
back to the UI thread through queued signals; the UI is never touched from
the worker. A progress dialog appears only if the work takes longer than
about half a second, so quick work never flashes a dialog.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from localitydesk.i18n import _

PROGRESS_DELAY_MS = 500


def _receiver_alive(callback: Callable) -> bool:
    """False when the callback is a method of a widget deleted while the work
    ran (a page or dialog closed meanwhile): its answer has nowhere to go."""
    receiver = getattr(callback, "__self__", None)
    return not isinstance(receiver, QObject) or isValid(receiver)


class _Job(QObject):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any]):
        super().__init__()
        self.work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the UI, never swallowed
            error.formatted_traceback = traceback.format_exc()  # type: ignore[attr-defined]
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class _Delivery(QObject):
    """Lives on the UI thread; the job's signals reach it queued, so the
    callbacks always run on the UI thread whatever thread emitted."""

    def __init__(self, succeeded: Callable[[Any], None], failed: Callable[[Exception], None]):
        super().__init__()
        self._succeeded = succeeded
        self._failed = failed

    @Slot(object)
    def deliver_success(self, result: Any) -> None:
        self._succeeded(result)

    @Slot(object)
    def deliver_failure(self, error: Exception) -> None:
        self._failed(error)


class _Runner(QObject):
    start_job = Signal(object)

    @Slot(object)
    def execute(self, job: _Job) -> None:
        job.run()


class DatabaseWorker(QObject):
    """The single thread every piece of database work runs on."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("database-worker")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._runner.start_job.connect(self._runner.execute)
        self._thread.start()
        self._pending: set[_Delivery] = set()

    def submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        progress_parent: QWidget | None = None,
        progress_label: str | None = None,
    ) -> None:
        job = _Job(work)
        dialog_timer: QTimer | None = None
        dialog: list[QProgressDialog] = []
        if progress_parent is not None:
            # Parented to the window asking, so closing that window stops the
            # timer too: no progress box ever appears over a window that is gone.
            dialog_timer = QTimer(progress_parent)
            dialog_timer.setSingleShot(True)

            def show_progress() -> None:
                if not isValid(progress_parent):
                    return
                box = QProgressDialog(progress_label or _("Working…"), "", 0, 0, progress_parent)
                box.setCancelButton(None)
                box.setMinimumDuration(0)
                box.setWindowTitle(_("Please wait"))
                box.show()
                dialog.append(box)

            dialog_timer.timeout.connect(show_progress)
            dialog_timer.start(PROGRESS_DELAY_MS)

        def finish() -> None:
            self._pending.discard(delivery)
            if dialog_timer is not None and isValid(dialog_timer):
                dialog_timer.stop()
            for box in dialog:
                if isValid(box):
                    box.close()

        def succeeded(result: Any) -> None:
            finish()
            if on_success is not None and _receiver_alive(on_success):
                on_success(result)

        def failed(error: Exception) -> None:
            finish()
            if on_failure is None:
                raise error
            if _receiver_alive(on_failure):
                on_failure(error)

        delivery = _Delivery(succeeded, failed)
        delivery.job = job  # keeps the job alive until its answer is delivered
        self._pending.add(delivery)
        job.succeeded.connect(delivery.deliver_success)
        job.failed.connect(delivery.deliver_failure)
        job.moveToThread(self._thread)
        self._runner.start_job.emit(job)

    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait(10_000)
