"""Undo and redo for the rota: each edit a QUndoCommand over the services.

Database work never runs on the UI thread, so a command cannot do its work
inside ``redo()``/``undo()`` the way Qt's examples do: those return at once.
Instead each command says what its edit is (:meth:`RotaCommand.apply`, a
service call) and what reverses it (:meth:`RotaCommand.revert`, the inverse
service), and :class:`RotaEditor` runs them on the database worker and moves
the stack's index only when the work has succeeded. A refused undo (the rota
changed meanwhile so the old state is no longer legal) leaves the stack
where it was and says why. Applying auto-fill, or copying a week forward, is
one command and so one undo step however many shifts it wrote.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from localitydesk.services import rota_grid as rg
from localitydesk.services.rota import apply_autofill


class RotaCommand(QUndoCommand):
    """An edit of the rota. ``apply``/``revert`` run on the database worker."""

    override_reason = ""

    def apply(self, db, actor) -> None:
        raise NotImplementedError

    def revert(self, db, actor) -> None:
        raise NotImplementedError

    # The data has already changed when the stack moves; see the module doc.
    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


class AssignCommand(RotaCommand):
    def __init__(self, request_id, worker_id, text: str, override_reason: str = ""):
        super().__init__(text)
        self.request_id, self.worker_id, self.override_reason = request_id, worker_id, override_reason
        self.booking_id = None
        self.states: tuple[rg.BookingState, ...] | None = None

    def apply(self, db, actor) -> None:
        if self.states is None:
            self.booking_id = rg.assign(db, actor, self.request_id, self.worker_id, self.override_reason)
        else:
            rg.reinstate(db, actor, self.states)

    def revert(self, db, actor) -> None:
        self.states = rg.unassign(db, actor, [self.booking_id])


class UnassignCommand(RotaCommand):
    def __init__(self, booking_ids, text: str):
        super().__init__(text)
        self.booking_ids = list(booking_ids)
        self.states: tuple[rg.BookingState, ...] = ()

    def apply(self, db, actor) -> None:
        self.states = rg.unassign(db, actor, self.booking_ids)

    def revert(self, db, actor) -> None:
        rg.reinstate(db, actor, self.states)


class MoveCommand(RotaCommand):
    def __init__(self, booking_id, to_worker_id, text: str, override_reason: str = ""):
        super().__init__(text)
        self.booking_id, self.to_worker_id, self.override_reason = booking_id, to_worker_id, override_reason
        self.result: rg.MoveResult | None = None

    def apply(self, db, actor) -> None:
        result = rg.move(db, actor, self.booking_id, self.to_worker_id, self.override_reason)
        if self.result is None:
            self.result = result

    def revert(self, db, actor) -> None:
        rg.move(db, actor, self.booking_id, self.result.from_worker_id, self.result.previous_override_reason)


class SwapCommand(RotaCommand):
    def __init__(self, first_id, second_id, text: str, override_reason: str = ""):
        super().__init__(text)
        self.first_id, self.second_id, self.override_reason = first_id, second_id, override_reason
        self.result: rg.SwapResult | None = None

    def apply(self, db, actor) -> None:
        result = rg.swap(db, actor, self.first_id, self.second_id, self.override_reason)
        if self.result is None:
            self.result = result

    def revert(self, db, actor) -> None:
        rg.swap(db, actor, self.first_id, self.second_id, reasons=self.result.previous_reasons)


class LockCommand(RotaCommand):
    def __init__(self, booking_id, locked: bool, text: str):
        super().__init__(text)
        self.booking_id, self.locked = booking_id, locked

    def apply(self, db, actor) -> None:
        rg.lock(db, actor, self.booking_id, self.locked)

    def revert(self, db, actor) -> None:
        rg.lock(db, actor, self.booking_id, not self.locked)


class _ManyCommand(RotaCommand):
    """Writes many shifts at once the first time; undo takes them all off,
    redo gives the same bookings back."""

    def __init__(self, text: str):
        super().__init__(text)
        self.booking_ids: list = []
        self.states: tuple[rg.BookingState, ...] | None = None

    def first_apply(self, db, actor) -> list:
        raise NotImplementedError

    def apply(self, db, actor) -> None:
        if self.states is None:
            self.booking_ids = list(self.first_apply(db, actor))
        else:
            rg.reinstate(db, actor, self.states)

    def revert(self, db, actor) -> None:
        self.states = rg.unassign(db, actor, self.booking_ids) if self.booking_ids else ()


class CopyWeekCommand(_ManyCommand):
    def __init__(self, monday, text: str):
        super().__init__(text)
        self.monday = monday
        self.result: rg.CopyResult | None = None

    def first_apply(self, db, actor) -> list:
        self.result = rg.copy_week_forward(db, actor, self.monday)
        return [state.booking_id for state in self.result.created]


class AutofillCommand(_ManyCommand):
    def __init__(self, proposal, text: str):
        super().__init__(text)
        self.proposal = proposal

    def first_apply(self, db, actor) -> list:
        return list(apply_autofill(db, actor, self.proposal).booking_ids)


class RotaEditor(QObject):
    """Runs commands on the database worker and keeps the undo stack in step."""

    changed = Signal()  # an edit, an undo or a redo went through
    busy_changed = Signal(bool)
    failed = Signal(object, object, str)  # (command, error, "do" | "undo" | "redo")

    def __init__(self, context, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.stack = QUndoStack(self)
        self.busy = False

    def _run(self, work: Callable[[], None], done: Callable[[], None], command: RotaCommand, phase: str) -> None:
        if self.busy:
            return
        self._set_busy(True)

        def succeeded(_result) -> None:
            self._set_busy(False)
            done()
            self.changed.emit()

        def failed(error: Exception) -> None:
            self._set_busy(False)
            self.failed.emit(command, error, phase)

        self.context.worker.submit(work, on_success=succeeded, on_failure=failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def do(self, command: RotaCommand) -> None:
        db, actor = self.context.db, self.context.actor
        self._run(lambda: command.apply(db, actor), lambda: self.stack.push(command), command, "do")

    def undo(self) -> None:
        if not self.stack.canUndo():
            return
        command = self.stack.command(self.stack.index() - 1)
        db, actor = self.context.db, self.context.actor
        self._run(lambda: command.revert(db, actor), self.stack.undo, command, "undo")

    def redo(self) -> None:
        if not self.stack.canRedo():
            return
        command = self.stack.command(self.stack.index())
        db, actor = self.context.db, self.context.actor
        self._run(lambda: command.apply(db, actor), self.stack.redo, command, "redo")
