"""A combo box of domain codes whose visible names follow the UI language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget


class CodeCombo(QComboBox):
    """Items are (code, label function); ``retranslate`` renames them in place,
    keeping the selection, so a language switch never loses what was chosen."""

    def __init__(self, items: Sequence[tuple[Any, Callable[[], str]]], parent: QWidget | None = None):
        super().__init__(parent)
        # Sized for a typical label, not the longest Welsh one, so a row of
        # filters fits a laptop screen in either language; the list shows all.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self._items = list(items)
        for code, text in self._items:
            self.addItem(text(), code)

    def retranslate(self) -> None:
        for index, (_code, text) in enumerate(self._items):
            self.setItemText(index, text())

    def code(self) -> Any:
        return self.currentData()

    def set_code(self, code: Any) -> None:
        for index, (item_code, _text) in enumerate(self._items):
            if item_code == code:
                self.setCurrentIndex(index)
                return
        raise ValueError(f"{code!r} is not one of this list's codes")
