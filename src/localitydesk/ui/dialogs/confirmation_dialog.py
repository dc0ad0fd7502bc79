"""A booking's confirmation, ready to paste into a text message or an email,
or to save as a PDF — in the worker's own language."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from localitydesk.i18n import _
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.confirmations import booking_reference, confirmation_message, save_confirmation_pdf


class ConfirmationDialog(QDialog):
    def __init__(self, context, booking_id, parent=None):
        super().__init__(parent)
        self.context = context
        self.booking_id = booking_id
        self.resize(620, 520)
        self.sms_label = QLabel()
        self.sms = QPlainTextEdit()
        self.sms.setReadOnly(True)
        self.sms.setMaximumHeight(90)
        self.email_label = QLabel()
        self.email = QPlainTextEdit()
        self.email.setReadOnly(True)
        for label, box in ((self.sms_label, self.sms), (self.email_label, self.email)):
            label.setBuddy(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_sms, self.copy_email, self.save_pdf = QPushButton(), QPushButton(), QPushButton()
        for button in (self.copy_sms, self.copy_email, self.save_pdf):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_sms.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.sms.toPlainText()))
        self.copy_email.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.email.toPlainText()))
        self.save_pdf.clicked.connect(self._save_pdf)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.sms_label, self.sms, self.email_label, self.email, buttons):
            layout.addWidget(widget)
        self.retranslate()
        follow_language(self, self.retranslate)
        context.worker.submit(lambda: confirmation_message(context.db, booking_id), on_success=self._show)

    def retranslate(self, *_args) -> None:
        """The dialog's own words follow the app; the messages stay in the worker's language."""
        self.setWindowTitle(_("Booking confirmation {reference}").format(reference=booking_reference(self.booking_id)))
        self.sms_label.setText(_("Text message:"))
        self.email_label.setText(_("Email:"))
        for label, box in ((self.sms_label, self.sms), (self.email_label, self.email)):
            box.setAccessibleName(label.text().rstrip(":"))
        self.copy_sms.setText(_("Copy the &text message"))
        self.copy_email.setText(_("Copy the &email"))
        self.save_pdf.setText(_("Save as &PDF…"))

    def _show(self, messages) -> None:
        sms, email = messages
        self.sms.setPlainText(sms)
        self.email.setPlainText(email)

    def _save_pdf(self) -> None:
        name = f"confirmation-{booking_reference(self.booking_id)}.pdf"
        path, _selected = QFileDialog.getSaveFileName(self, self.windowTitle(), name, "PDF (*.pdf)")
        if not path:
            return
        self.context.worker.submit(
            lambda: save_confirmation_pdf(self.context.db, self.booking_id, path),
            on_success=lambda saved: QMessageBox.information(self, self.windowTitle(), _("Saved to {path}.").format(path=saved)),
            on_failure=lambda error: QMessageBox.critical(self, self.windowTitle(), str(error)),
        )
