"""Marking a worker as a leaver: a date and a reason, never a deletion."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox

from localitydesk.i18n import _
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import ValidationError
from localitydesk.services.workers import mark_leaver
from localitydesk.ui.widgets.field_error import FieldWithError
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate


class LeaverDialog(QDialog):
    saved = Signal(object)

    def __init__(self, context, worker_id, parent=None):
        super().__init__(parent)
        self.context = context
        self.worker_id = worker_id
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.leaving_date = QDateEdit()
        self.leaving_date.setCalendarPopup(True)
        self.leaving_date.setDisplayFormat("dd/MM/yyyy")
        self.leaving_date.setDate(to_qdate(context.today()))
        self.reason = QLineEdit()
        self.date_field = FieldWithError(self.leaving_date)
        self.reason_field = FieldWithError(self.reason)
        form = QFormLayout(self)
        form.addRow(self.explanation)
        self.date_label, self.reason_label = QLabel(), QLabel()
        self.date_label.setBuddy(self.leaving_date)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.date_label, self.date_field)
        form.addRow(self.reason_label, self.reason_field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.retranslate()
        follow_language(self, self.retranslate)

    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("Mark as leaver"))
        self.explanation.setText(_("The worker's record, bookings and timesheets are kept; they no longer appear as current."))
        self.date_label.setText(_("Lea&ving date:"))
        self.reason_label.setText(_("Leaving &reason:"))
        self.leaving_date.setAccessibleName(_("Leaving date"))
        self.reason.setAccessibleName(_("Leaving reason"))

    def save(self) -> None:
        when, reason, today = from_qdate(self.leaving_date.date()), self.reason.text(), self.context.today()
        self.context.worker.submit(
            lambda: mark_leaver(self.context.db, self.context.actor, self.worker_id, when, reason, today),
            on_success=lambda _result: (self.saved.emit(self.worker_id), self.accept()),
            on_failure=self._failed,
        )

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.date_field.show_error(error.errors.get("leaving_date"))
            self.reason_field.show_error(error.errors.get("leaving_reason"))
            unexplained = {k: v for k, v in error.errors.items() if k not in ("leaving_date", "leaving_reason")}
            if unexplained:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(unexplained.values()))
        else:
            QMessageBox.critical(self, self.windowTitle(), str(error))
