"""Editing a short list of child rows (compliance items, contacts, rates) in a form."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from localitydesk.i18n import _

# A column is as wide as its widest editor wants (a combo box as its longest
# choice, a date with its calendar button), up to this; the columns typed
# into (references, names, notes) share whatever room is left.
MAX_COLUMN = 300


class RowTableEditor(QWidget):
    """A small editable table of rows, each cell a widget, with Add and Remove.

    ``make_row(entry_or_None)`` appends a row built from an entry (or blank);
    the editor reads the cell widgets back when it saves. Columns are sized to
    their editors, never squeezed to a stub: each time rows come, the language
    changes or the table is resized."""

    def __init__(self, make_row, parent=None):
        super().__init__(parent)
        self.make_row = make_row
        self.table = QTableWidget(0, 0)
        # Cells are widgets; an item editor opening on a keystroke would
        # replace the widget underneath the user, so the items never edit.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.model().rowsInserted.connect(lambda *_args: self._fit_soon())
        self.table.installEventFilter(self)
        self.fit_pending = False
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
        self._fit_soon()

    # -- column widths -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_soon()
        return super().eventFilter(watched, event)

    def _fit_soon(self) -> None:
        """Once the row's cell widgets are in place (they are set after the row is inserted)."""
        if not self.fit_pending:
            self.fit_pending = True
            QTimer.singleShot(0, self.fit_columns)

    def wanted_widths(self) -> list[int]:
        """Each column's width for its header and its widest editor."""
        table, header = self.table, self.table.horizontalHeader()
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 8
        wanted = []
        for column in range(table.columnCount()):
            item = table.horizontalHeaderItem(column)
            width = header.fontMetrics().horizontalAdvance(item.text() if item else "") + margin
            for row in range(table.rowCount()):
                widget = table.cellWidget(row, column)
                if widget is not None:
                    width = max(width, _editor_width(widget) + 2)
            wanted.append(min(width, MAX_COLUMN))
        return wanted

    def fit_columns(self) -> None:
        self.fit_pending = False
        table = self.table
        columns = table.columnCount()
        if not columns:
            return
        wanted = self.wanted_widths()
        typed = [c for c in range(columns) if any(isinstance(table.cellWidget(r, c), QLineEdit) for r in range(table.rowCount()))]
        spare = table.viewport().width() - sum(wanted)
        if spare > 0 and typed:
            growing = typed
            for i, column in enumerate(growing):
                wanted[column] += spare // len(growing) + (1 if i < spare % len(growing) else 0)
        for column, width in enumerate(wanted):
            table.setColumnWidth(column, width)
        heights = [w.sizeHint().height() for r in range(table.rowCount()) for c in range(columns)
                   if (w := table.cellWidget(r, c)) is not None]
        if heights:
            table.verticalHeader().setDefaultSectionSize(max(heights) + 4)
            for row in range(table.rowCount()):
                table.setRowHeight(row, max(heights) + 4)


def _editor_width(widget: QWidget) -> int:
    """What a cell's editor needs: a combo box its longest choice whole (its
    own size hint is taken once, before the choices are translated)."""
    if isinstance(widget, QComboBox) and widget.count():
        text = max(widget.fontMetrics().horizontalAdvance(widget.itemText(i)) for i in range(widget.count()))
        option = QStyleOptionComboBox()
        option.initFrom(widget)
        option.editable = widget.isEditable()
        size = widget.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, QSize(text, widget.fontMetrics().height()), widget)
        return max(widget.minimumSizeHint().width(), size.width() + 8)
    return widget.sizeHint().width()
