"""Type-ahead over providers' Welsh and English names at once.

A coordinator on the phone hears "Tŷ Gwyn" or "Whitehouse" and types
whichever comes first; either finds the provider.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter

from localitydesk.i18n import current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.services.providers import ProviderRow


def both_names(row: ProviderRow, language: str) -> str:
    first, second = (row.name_cy, row.name_en) if language == "cy" else (row.name_en, row.name_cy)
    if first and second and first != second:
        return f"{first} / {second}"
    return first or second


class ProviderPicker(QComboBox):
    provider_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.rows: dict[uuid.UUID, ProviderRow] = {}
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.currentIndexChanged.connect(lambda _index: self.provider_changed.emit(self.provider()))

    def set_providers(self, rows: list[ProviderRow]) -> None:
        selected = self.provider_id()
        self.rows = {row.id: row for row in rows}
        self.relabel(selected)

    def relabel(self, selected: uuid.UUID | None = None) -> None:
        language = current_language()
        selected = selected if selected is not None else self.provider_id()
        self.blockSignals(True)
        self.clear()
        for row in sorted(self.rows.values(), key=lambda r: sort_key(r.name(language))):
            self.addItem(both_names(row, language), row.id)
        self.setCurrentIndex(self.findData(selected) if selected is not None else -1)
        if selected is None:
            self.setEditText("")
        self.blockSignals(False)

    def provider_id(self) -> uuid.UUID | None:
        # An edited text that matches no provider is no choice at all.
        if self.currentIndex() < 0 or self.currentText() != self.itemText(self.currentIndex()):
            return None
        return self.currentData()

    def provider(self) -> ProviderRow | None:
        provider_id = self.provider_id()
        return self.rows.get(provider_id) if provider_id is not None else None

    def select(self, provider_id: uuid.UUID) -> None:
        self.setCurrentIndex(self.findData(provider_id))
