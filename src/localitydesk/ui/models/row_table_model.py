"""A table of whole rows from a service, searched, filtered and sorted in memory.

Every list page (workers, providers, requests) works the same way: a service
returns all the rows once, off the UI thread; each keystroke or filter change
only rebuilds the list of visible row numbers from precomputed search text and
a sort order computed once per sort. Nothing re-queries the database, so a
keystroke over 10,000 rows stays well inside a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: Callable[[], str]
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any]
    foreground: Callable[[Row], QColor | None] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._search: list[str] = []
        self._order: list[int] = []
        self._visible: list[int] = []
        self._needle = ""
        self._accepts: Callable[[Row], bool] = lambda row: True
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- for subclasses ------------------------------------------------------
    def search_text(self, row: Row) -> str:
        """Text a search matches against; casefolded once per row."""
        return ""

    # -- data in -------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [self.search_text(row).casefold() for row in self._rows]
        self._order_rows()
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, text: str, accepts: Callable[[Row], bool] | None = None) -> None:
        self.beginResetModel()
        self._needle = text.strip().casefold()
        self._accepts = accepts or (lambda row: True)
        self._apply_filter()
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[self._visible[row]]

    def visible_rows(self) -> list[Row]:
        return [self._rows[index] for index in self._visible]

    def total_count(self) -> int:
        return len(self._rows)

    def retranslate(self) -> None:
        # Labels and (for names) the collation follow the language.
        self.beginResetModel()
        self._order_rows()
        self._apply_filter()
        self.endResetModel()

    # -- filtering and sorting -----------------------------------------------
    def _apply_filter(self) -> None:
        needle, search, rows, accepts = self._needle, self._search, self._rows, self._accepts
        self._visible = [
            index for index in self._order if (not needle or needle in search[index]) and accepts(rows[index])
        ]

    def _order_rows(self) -> None:
        key = self.columns[self._sort_column].sort_key
        keys = [key(row) for row in self._rows]
        self._order = sorted(range(len(self._rows)), key=keys.__getitem__)
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            self._order.reverse()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._order_rows()
        self._apply_filter()
        self.layoutChanged.emit()

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header()
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(colour) if colour is not None else None
        if role == ROW_ROLE:
            return row
        return None
