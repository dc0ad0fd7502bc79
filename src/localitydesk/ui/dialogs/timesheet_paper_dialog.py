"""Recording a wet signature: who signed the printed timesheet, when, and an optional scan."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from localitydesk.domain.time_bands import LONDON
from localitydesk.i18n import _
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import message_of
from localitydesk.services.timesheets import provider_signatories, record_paper_signature


class PaperSignatureDialog(QDialog):
    saved = Signal(object)

    def __init__(self, context, row, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.row = row
        self.scan_path: Path | None = None
        self.worker_name = QLineEdit(row.worker_name)
        self.signatory = QComboBox()
        for choice in provider_signatories(context.db, row.provider_id):
            self.signatory.addItem(f"{choice.name} — {choice.job_title}" if choice.job_title else choice.name, choice)
        self.signed_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.signed_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.signed_at.setCalendarPopup(True)
        self.scan_label = QLabel()
        self.scan_button = scan_button = QPushButton()
        scan_button.clicked.connect(self._choose_scan)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label, 1)
        scan_row.addWidget(scan_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        self.heading = QLabel()
        self.captions = {key: QLabel() for key in ("worker", "signatory", "signed_at", "scan")}
        form.addRow(self.heading)
        form.addRow(self.captions["worker"], self.worker_name)
        form.addRow(self.captions["signatory"], self.signatory)
        form.addRow(self.captions["signed_at"], self.signed_at)
        form.addRow(self.captions["scan"], scan_row)
        form.addRow(buttons)
        for key, field in (("worker", self.worker_name), ("signatory", self.signatory), ("signed_at", self.signed_at)):
            self.captions[key].setBuddy(field)
        self.retranslate()
        follow_language(self, self.retranslate)

    def retranslate(self, *_args) -> None:
        row = self.row
        self.setWindowTitle(_("Signed on paper"))
        self.heading.setText(_("{worker} at {provider}, booking {reference}").format(
            worker=row.worker_name, provider=row.provider_name, reference=row.reference))
        self.captions["worker"].setText(_("&Worker's name:"))
        self.captions["signatory"].setText(_("Si&gnatory:"))
        self.captions["signed_at"].setText(_("Signed &at:"))
        self.captions["scan"].setText(_("Scan:"))
        if self.scan_path is None:
            self.scan_label.setText(_("No scan attached"))
        self.scan_button.setText(_("Attach &scan…"))

    def _choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach scan"), "", _("Scans (*.pdf *.png *.jpg *.jpeg)"))
        if path:
            self.scan_path = Path(path)
            self.scan_label.setText(self.scan_path.name)

    def save(self) -> None:
        choice = self.signatory.currentData()
        if choice is None:
            QMessageBox.warning(self, self.windowTitle(), _("Choose one of the provider's authorised signatories."))
            return
        signed_at = self.signed_at.dateTime().toPython().replace(tzinfo=LONDON).astimezone(timezone.utc)
        scan = self.scan_path.read_bytes() if self.scan_path else None
        db, actor, row, name = self.context.db, self.context.actor, self.row, self.worker_name.text()
        self.buttons.setEnabled(False)
        self.context.worker.submit(
            lambda: record_paper_signature(db, actor, row.booking_id, name, choice.contact_id, signed_at, scan),
            on_success=self._done, on_failure=self._failed,
        )

    def _done(self, result) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        text = message_of(error)
        QMessageBox.warning(self, self.windowTitle(), text)
