"""A PDF has been made: open it, send it to the printer, or leave it."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from localitydesk.i18n import _
from localitydesk.ui import printing


def offer_pdf(parent: QWidget, path: Path, worker) -> QMessageBox:
    """Ask what to do with a finished PDF.

    Printing runs on ``worker`` (a print queue on a network can take its
    time to answer) and any failure is said in the user's language."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("PDF ready"))
    box.setText(_("The PDF is saved as {path}.").format(path=path))
    open_button = box.addButton(_("&Open"), QMessageBox.ButtonRole.AcceptRole)
    print_button = box.addButton(_("&Print"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button)

    def failed(error: BaseException) -> None:
        QMessageBox.warning(parent if shiboken6.isValid(parent) else None, _("Printing"), str(error))

    def sent(_done) -> None:
        if not shiboken6.isValid(parent):  # the page went (closed) while the printer was busy
            return
        window = parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(_("Sent to the printer."), 5000)

    def chosen(button) -> None:
        if button is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif button is print_button:
            worker.submit(lambda: printing.send_to_printer(path), on_success=sent, on_failure=failed)

    box.buttonClicked.connect(chosen)
    box.open()
    return box
