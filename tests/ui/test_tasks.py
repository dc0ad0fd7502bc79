"""The database worker's answers reach the UI thread, and only widgets still there."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from localitydesk.ui.tasks import DatabaseWorker


class Receiver(QWidget):
    def __init__(self):
        super().__init__()
        self.answers: list = []
        self.errors: list = []

    def take(self, answer) -> None:
        self.setWindowTitle(str(answer))  # touches the C++ widget, as a real page's callback does
        self.answers.append((answer, threading.current_thread() is threading.main_thread()))

    def fail(self, error) -> None:
        self.errors.append(str(error))


def test_answers_and_failures_arrive_on_the_ui_thread(qtbot):
    worker = DatabaseWorker()
    receiver = Receiver()
    try:
        worker.submit(lambda: threading.current_thread() is threading.main_thread(), on_success=receiver.take)
        worker.submit(lambda: 1 / 0, on_success=receiver.take, on_failure=receiver.fail)
        qtbot.waitUntil(lambda: bool(receiver.answers and receiver.errors), timeout=5_000)
        assert receiver.answers == [(False, True)]  # worked off the UI thread, answered on it
        assert receiver.errors == ["division by zero"]
    finally:
        worker.shutdown()


def test_an_answer_for_a_widget_deleted_meanwhile_is_dropped(qtbot):
    worker = DatabaseWorker()
    gate = threading.Event()
    receiver, witness = Receiver(), Receiver()
    try:
        worker.submit(gate.wait, on_success=receiver.take, on_failure=receiver.fail)
        worker.submit(lambda: "after", on_success=witness.take)
        receiver.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gate.set()
        qtbot.waitUntil(lambda: bool(witness.answers), timeout=5_000)  # the later answer came, so the first was handled
        assert witness.answers == [("after", True)]
        assert not worker.busy()
    finally:
        worker.shutdown()
