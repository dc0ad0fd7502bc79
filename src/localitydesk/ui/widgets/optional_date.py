"""A date that may be left empty (a leaving date, an expiry that never comes)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDateEdit(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.editor = QDateEdit()
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("dd/MM/yyyy")
        self.editor.setDate(QDate.currentDate())
        self.editor.setEnabled(False)
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.enabled.toggled.connect(self.changed)
        self.editor.dateChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.editor, 1)
        self.setFocusProxy(self.enabled)

    def set_caption(self, text: str) -> None:
        self.enabled.setText(text)
        self.enabled.setAccessibleName(text)
        self.editor.setAccessibleName(text)

    def value(self) -> date | None:
        return from_qdate(self.editor.date()) if self.enabled.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.editor.setDate(to_qdate(value))
