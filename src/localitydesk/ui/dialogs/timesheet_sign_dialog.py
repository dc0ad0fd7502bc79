"""Signing a timesheet on screen: the worker and one of the provider's
authorised signatories, each with a name and a signature on the pad.

Either part may be signed now and the other later (the timesheet then
waits for the missing signature). In bulk mode only the signatory signs,
for all of one provider's week at once.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from localitydesk.i18n import _
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import ValidationError
from localitydesk.services.timesheets import SignatureInput, provider_signatories, sign_provider_week, sign_timesheet
from localitydesk.ui.widgets.signature_pad import SignaturePad


class TimesheetSignDialog(QDialog):
    signed = Signal(object)

    def __init__(self, context, row, parent: QWidget | None = None, bulk_week=None):
        """``row`` is a ``TimesheetRow``; with ``bulk_week`` the signatory signs the
        whole of ``row``'s provider's week and the worker part is hidden."""
        super().__init__(parent)
        self.context = context
        self.row = row
        self.bulk_week = bulk_week
        self.setModal(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.worker_box = QGroupBox()
        self.worker_name = QLineEdit(row.worker_name)
        self.worker_pad = SignaturePad()
        self.worker_name_label = QLabel()
        self.worker_name_label.setBuddy(self.worker_name)
        form = QFormLayout(self.worker_box)
        form.addRow(self.worker_name_label, self.worker_name)
        form.addRow(self.worker_pad)

        self.signatory_box = QGroupBox()
        self.signatory = QComboBox()
        for choice in provider_signatories(context.db, row.provider_id):
            text = f"{choice.name} — {choice.job_title}" if choice.job_title else choice.name
            self.signatory.addItem(text, choice)
        self.signatory_label = QLabel()
        self.signatory_label.setBuddy(self.signatory)
        self.signatory_pad = SignaturePad()
        form = QFormLayout(self.signatory_box)
        form.addRow(self.signatory_label, self.signatory)
        form.addRow(self.signatory_pad)

        self.errors = QLabel()
        self.errors.setStyleSheet("color: #b3261e;")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.worker_box)
        layout.addWidget(self.signatory_box)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)
        self.worker_box.setVisible(bulk_week is None)
        self.retranslate()
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        if self.bulk_week is None:
            self.setWindowTitle(_("Sign timesheet {reference}").format(reference=self.row.reference))
            self.summary.setText(_("{worker} at {provider}: {hours} hours.").format(
                worker=self.row.worker_name, provider=self.row.provider_name, hours=self.row.paid_hours))
        else:
            self.setWindowTitle(_("Sign off the week"))
            self.summary.setText(_("{provider}, week {week}: the signatory signs every open timesheet of the week.").format(
                provider=self.row.provider_name, week=str(self.bulk_week)))
        self.worker_box.setTitle(_("Worker"))
        self.worker_name_label.setText(_("&Name:"))
        self.signatory_box.setTitle(_("Provider's authorised signatory"))
        self.signatory_label.setText(_("Si&gnatory:"))
        for pad in (self.worker_pad, self.signatory_pad):
            pad.retranslate()

    def _inputs(self):
        worker = None
        if self.bulk_week is None and not self.worker_pad.is_empty():
            worker = SignatureInput(self.worker_name.text(), self.worker_pad.png())
        choice = self.signatory.currentData()
        signatory = None
        if not self.signatory_pad.is_empty():
            signatory = SignatureInput(choice.name if choice else "", self.signatory_pad.png())
        return worker, (choice.contact_id if choice else None), signatory

    def save(self) -> None:
        worker, signatory_id, signatory = self._inputs()
        if worker is None and signatory is None:
            self._show_error(_("Sign in the box before saving."))
            return
        if signatory is not None and signatory_id is None:
            self._show_error(_("Choose one of the provider's authorised signatories."))
            return
        db, actor, row = self.context.db, self.context.actor, self.row
        if self.bulk_week is None:
            work = lambda: sign_timesheet(db, actor, row.booking_id, worker, signatory_id, signatory)  # noqa: E731
        else:
            if signatory is None:
                self._show_error(_("Sign in the box before saving."))
                return
            work = lambda: sign_provider_week(db, actor, row.provider_id, self.bulk_week, signatory_id, signatory)  # noqa: E731
        self.buttons.setEnabled(False)
        self.context.worker.submit(work, on_success=self._done, on_failure=self._failed)

    def _done(self, result) -> None:
        self.signed.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show_error("\n".join(error.errors.values()))
        else:
            QMessageBox.warning(self, self.windowTitle(), str(error))

    def _show_error(self, text: str) -> None:
        self.errors.setText(text)
        self.errors.show()
