"""Statements and credit notes: what has been issued, issuing a period's,
reversing one with a credit note, and printing one again.

A statement locks its timesheets (invoiced); the only way to change them is a
credit note that reverses the whole statement, so both live here together.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from localitydesk.i18n import _, current_language, formatting
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import message_of
from localitydesk.services.statements import (
    issue_credit_note,
    issue_statements,
    list_statements,
    write_statement_files,
)


class StatementsDialog(QDialog):
    changed = Signal()  # timesheets became invoiced, or were freed by a credit note

    def __init__(self, context, ask_period, parent=None):
        super().__init__(parent)
        self.context = context
        self.ask_period = ask_period  # () -> (first, last) | None
        self.statements: list = []
        self.resize(820, 440)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.issue_button = QPushButton()
        self.credit_button = QPushButton()
        self.copy_button = QPushButton()
        for button in (self.issue_button, self.credit_button, self.copy_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button.clicked.connect(self.issue)
        self.credit_button.clicked.connect(self.credit)
        self.copy_button.clicked.connect(self.save_copy)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.refresh()

    # -- showing ---------------------------------------------------------------
    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("Statements"))
        self.caption.setText(_("Statements and credit notes issued. A statement's timesheets are invoiced: "
                               "to change one, reverse its statement with a credit note."))
        self.table.setHorizontalHeaderLabels([_("Number"), _("Provider"), _("Period"), _("Total"), _("Credit note")])
        self.table.setAccessibleName(_("Statements"))
        self.issue_button.setText(_("&Issue for a period…"))
        self.credit_button.setText(_("&Credit note…"))
        self.copy_button.setText(_("&Save a copy…"))
        self._fill()

    def refresh(self) -> None:
        db = self.context.db
        self.context.worker.submit(lambda: list_statements(db), on_success=self._show, on_failure=self._failed)

    def _show(self, statements) -> None:
        self.statements = list(reversed(statements))  # newest first
        self._fill()
        if self.statements:
            self.table.selectRow(0)

    def _credited_by(self) -> dict[str, str]:
        return {item.credits: item.number for item in self.statements if item.credits}

    def _fill(self) -> None:
        welsh = current_language() == "cy"
        credited_by = self._credited_by()
        self.table.setRowCount(len(self.statements))
        for row, item in enumerate(self.statements):
            if item.credits:
                note = _("credits {number}").format(number=item.credits)
            elif item.number in credited_by:
                note = _("credited by {number}").format(number=credited_by[item.number])
            else:
                note = ""
            cells = (
                item.number,
                item.provider_name_cy if welsh else item.provider_name_en,
                f"{formatting.format_date(item.period_from, 'd MMM')} – {formatting.format_date(item.period_to, 'd MMM yyyy')}",
                formatting.format_money(item.total),
                note,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.statements[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        can_credit = item is not None and not item.credits and item.number not in self._credited_by()
        self.credit_button.setEnabled(can_credit)
        self.copy_button.setEnabled(item is not None)

    # -- actions -----------------------------------------------------------------
    def _folder(self, title: str) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, title, tempfile.gettempdir())
        return Path(folder) if folder else None

    def issue(self) -> None:
        period = self.ask_period()
        if period is None:
            return
        folder = self._folder(_("Folder for the statements"))
        if folder is None:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(
            lambda: issue_statements(db, actor, period[0], period[1], out_dir=folder),
            on_success=self._issued, on_failure=self._failed, progress_parent=self,
            progress_label=_("Issuing statements…"),
        )

    def _issued(self, issued) -> None:
        if not issued:
            QMessageBox.information(self, _("Issue statements"), _("Nothing to charge in that period."))
            return
        welsh = current_language() == "cy"
        QMessageBox.information(self, _("Issue statements"), "\n".join(
            f"{item.number}  {item.provider_name_cy if welsh else item.provider_name_en}  {formatting.format_money(item.total)}"
            for item in issued))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(issued[0].pdf.parent)))
        self.changed.emit()
        self.refresh()

    def credit(self) -> None:
        item = self.selected()
        if item is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, _("Credit note"),
            _("Statement {number} will be reversed in full, and its timesheets can be corrected and charged again. "
              "Why is it credited?").format(number=item.number))
        if not ok:
            return
        folder = self._folder(_("Folder for the credit note"))
        if folder is None:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(
            lambda: issue_credit_note(db, actor, item.statement_id, reason, out_dir=folder),
            on_success=self._credited, on_failure=self._failed, progress_parent=self,
        )

    def _credited(self, credit) -> None:
        QMessageBox.information(self, _("Credit note"), _("Credit note {number} issued for {total}; saved as {path}.").format(
            number=credit.number, total=formatting.format_money(credit.total), path=credit.pdf))
        self.changed.emit()
        self.refresh()

    def save_copy(self) -> None:
        item = self.selected()
        if item is None:
            return
        folder = self._folder(_("Save a copy of {number} in…").format(number=item.number))
        if folder is None:
            return
        db = self.context.db
        self.context.worker.submit(
            lambda: write_statement_files(db, item.statement_id, folder),
            on_success=lambda paths: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0].parent))),
            on_failure=self._failed,
        )

    def _failed(self, error: Exception) -> None:
        text = message_of(error)
        QMessageBox.warning(self, _("Statements"), text)
