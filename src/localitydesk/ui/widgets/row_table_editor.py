"""Editing a short list of child rows (compliance items, contacts, rates) in a form."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableWidget, QVBoxLayout, QWidget

from localitydesk.i18n import _


class RowTableEditor(QWidget):
    """A small editable table of rows, each cell a widget, with Add and Remove.

    ``make_row(entry_or_None)`` appends a row built from an entry (or blank);
    the editor reads the cell widgets back when it saves."""

    def __init__(self, make_row, parent=None):
        super().__init__(parent)
        self.make_row = make_row
        self.table = QTableWidget(0, 0)
        # Cells are widgets; an item editor opening on a keystroke would
        # replace the widget underneath the user, so the items never edit.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.make_row(None))
        self.remove_button.clicked.connect(self.remove_current)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def retranslate(self, headers: list[str]) -> None:
        self.table.setHorizontalHeaderLabels(headers)
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
