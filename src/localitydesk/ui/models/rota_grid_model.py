"""The rota grid as a Qt model: the core team down, days across, a week's
hours after each seven days; and the open requests beside it.

The model shows a :class:`~localitydesk.services.rota_grid.RotaGrid` the
service built and decides nothing: a request or a shift dropped on a cell
becomes a signal the page turns into an edit (and an undo step). Each cell
offers its contents as lines with a kind (a shift, leave, a breach…) so the
delegate can colour a breach red, and as plain text for screen readers,
tooltips and tests.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from localitydesk.domain.vocabulary import AbsenceKind, WelshRequirement, label
from localitydesk.domain.wording import Wording
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.i18n.formatting import format_date, format_decimal, format_time
from localitydesk.services.requests import RequestRow
from localitydesk.services.rota_grid import GridCell, GridRow, GridShift, RotaGrid

from .request_table_model import welsh_need, when
from .row_table_model import Column, RowTableModel

REQUEST_MIME = "application/x-localitydesk-request"
SHIFT_MIME = "application/x-localitydesk-shift"

LINES_ROLE = Qt.ItemDataRole.UserRole + 10
CELL_ROLE = Qt.ItemDataRole.UserRole + 11
ROW_ROLE = Qt.ItemDataRole.UserRole + 12
DAY_ROLE = Qt.ItemDataRole.UserRole + 13

# Line kinds the delegate knows how to draw.
SHIFT, DETAIL, MUTED, ABSENCE, UNAVAILABLE, BREACH, OVERRIDDEN, NAME, OVER = (
    "shift", "detail", "muted", "absence", "unavailable", "breach", "overridden", "name", "over",
)

RED = QColor("#b3261e")
AMBER = QColor("#8a5300")
ABSENCE_BACKGROUND = QColor("#fdf1dc")
UNAVAILABLE_BACKGROUND = QColor("#eeeeee")
BREACH_BACKGROUND = QColor("#fbe3e1")
OVER_BACKGROUND = QColor("#fbe3e1")


# A day's column header, longest first: the page uses the first that fits.
DAY_FORMATS = ("EEE d MMM", "EEE d", "d")


def hours_text(hours: float) -> str:
    """37.5, 40, 7.25: as many places as the figure needs, up to two."""
    hours = round(hours, 2)
    places = 0 if hours == int(hours) else 1 if round(hours, 1) == hours else 2
    return format_decimal(hours, places=places)


def shift_times(shift: GridShift) -> str:
    return _("{start}–{end}").format(start=format_time(shift.starts_at), end=format_time(shift.ends_at))


def absence_words(kind: AbsenceKind) -> str:
    return label(kind)


class RotaGridModel(QAbstractTableModel):
    """Rows: core-team members. Columns: the worker, then per week seven days and its hours."""

    WORKER_COLUMN = 0

    # (request id, worker id, day) dropped or keyed onto a cell
    assign_requested = Signal(object, object, object)
    # (booking id, worker id) — a shift dropped on another worker's empty day
    move_requested = Signal(object, object)
    # (booking id, booking id) — a shift dropped on another worker's shift
    swap_requested = Signal(object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: RotaGrid | None = None
        self.compact = False
        self.day_format = DAY_FORMATS[0]

    # -- data in -------------------------------------------------------------
    def set_grid(self, grid: RotaGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.compact = grid.weeks > 1
        self.endResetModel()

    def retranslate(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def set_day_format(self, pattern: str) -> None:
        """How the day headers name their day (the page picks what fits)."""
        if pattern != self.day_format:
            self.day_format = pattern
            if self.columnCount():
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # -- geometry ------------------------------------------------------------
    def weeks(self) -> int:
        return self.grid.weeks if self.grid else 0

    def is_day(self, column: int) -> bool:
        return column >= 1 and (column - 1) % 8 < 7

    def is_week(self, column: int) -> bool:
        return column >= 1 and (column - 1) % 8 == 7

    def day_of(self, column: int) -> date | None:
        if not self.is_day(column):
            return None
        week, weekday = divmod(column - 1, 8)
        return self.grid.days[7 * week + weekday]

    def column_of(self, day: date) -> int | None:
        if self.grid is None or day not in self.grid.days:
            return None
        index = self.grid.days.index(day)
        week, weekday = divmod(index, 7)
        return 1 + 8 * week + weekday

    def row_of(self, worker_id) -> int | None:
        if self.grid is None:
            return None
        return next((i for i, row in enumerate(self.grid.rows) if row.worker_id == worker_id), None)

    def grid_row(self, row: int) -> GridRow:
        return self.grid.rows[row]

    def cell(self, index: QModelIndex) -> GridCell | None:
        if not index.isValid() or self.grid is None or not self.is_day(index.column()):
            return None
        day = self.day_of(index.column())
        return self.grid.rows[index.row()].cells[self.grid.days.index(day)]

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self.grid is None else 1 + 8 * self.grid.weeks

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or self.grid is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.WORKER_COLUMN:
                return _("Core team")
            if self.is_week(section):
                return _("Hours")
            day = self.day_of(section)
            return format_date(day, self.day_format)
        if role == Qt.ItemDataRole.ToolTipRole and self.is_day(section):
            return format_date(self.day_of(section), "EEEE d MMMM yyyy")
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = self.cell(index)
        if cell is not None:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if any(shift.editable and not shift.locked for shift in cell.shifts):
                flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.grid is None:
            return None
        row = self.grid.rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == CELL_ROLE:
            return self.cell(index)
        if role == DAY_ROLE:
            return self.day_of(column)
        if role == LINES_ROLE:
            return self.lines(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "\n".join(text for text, _kind in self.lines(index))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(row, column, index)
            return QBrush(colour) if colour is not None else None
        return None

    def _background(self, row: GridRow, column: int, index: QModelIndex) -> QColor | None:
        if self.is_week(column):
            week = row.weeks[(column - 1) // 8]
            return OVER_BACKGROUND if week.over else None
        cell = self.cell(index)
        if cell is None:
            return BREACH_BACKGROUND if any(not b.overridden for b in row.breaches) else None
        if cell.illegal:
            return BREACH_BACKGROUND
        if cell.absence is not None:
            return ABSENCE_BACKGROUND
        if cell.unavailable and not cell.shifts:
            return UNAVAILABLE_BACKGROUND
        return None

    # -- what a cell says ----------------------------------------------------
    def lines(self, index: QModelIndex) -> list[tuple[str, str]]:
        row = self.grid.rows[index.row()]
        column = index.column()
        language = current_language()
        if column == self.WORKER_COLUMN:
            lines = [(row.name, NAME)]
            if row.contracted_hours is not None:
                lines.append((_("{hours} h contract").format(hours=hours_text(row.contracted_hours)), MUTED))
            if self.grid.weeks > 1:
                lines.append((self.period_hours_text(row), OVER if _period_over(row) else MUTED))
            lines.extend((b.short, OVERRIDDEN if b.overridden else BREACH) for b in row.breaches)
            return lines
        if self.is_week(column):
            week = row.weeks[(column - 1) // 8]
            if week.contracted is None:
                return [(_("{worked} h").format(worked=hours_text(week.worked)), MUTED)]
            lines = [
                (_("{worked} h").format(worked=hours_text(week.worked)), OVER if week.over else SHIFT),
                (_("of {contract} h").format(contract=hours_text(week.contracted)), MUTED),
            ]
            if week.over:
                lines.append((_("{hours} h over").format(hours=hours_text(week.worked - week.contracted)), OVER))
            return lines
        cell = self.cell(index)
        lines = []
        for shift in cell.shifts:
            times = shift_times(shift)
            if shift.locked:
                times += " · " + _("locked")
            lines.append((times, SHIFT))
            lines.append((shift.provider_name(language), DETAIL))
            if not self.compact:
                lines.append((label(shift.role), MUTED))
        if cell.absence is not None:
            lines.append((absence_words(cell.absence), ABSENCE))
        elif cell.unavailable:
            lines.append((_("Not available"), UNAVAILABLE))
        for breach in cell.breaches:
            lines.append((breach.short, OVERRIDDEN if breach.overridden else BREACH))
        return lines

    def period_hours_text(self, row: GridRow) -> str:
        if row.period_contract is None:
            return _("Period: {worked} h").format(worked=hours_text(row.period_hours))
        return _("Period: {worked} of {contract} h").format(
            worked=hours_text(row.period_hours), contract=hours_text(row.period_contract)
        )

    def tooltip(self, index: QModelIndex) -> str:
        row = self.grid.rows[index.row()]
        cell = self.cell(index)
        breaches = cell.breaches if cell is not None else (row.breaches if index.column() == 0 else ())
        parts = [text for text, _kind in self.lines(index) if _kind not in (BREACH, OVERRIDDEN)]
        # A breach's words are sentences: Welsh day names in them as a reader expects.
        wording = Wording()
        parts.extend(wording.sentence(b.text) for b in breaches)
        return "\n".join(parts)

    # -- drag and drop -------------------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [REQUEST_MIME, SHIFT_MIME]

    def supportedDropActions(self):  # noqa: N802 - Qt API
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):  # noqa: N802 - Qt API
        return Qt.DropAction.MoveAction

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802 - Qt API
        mime = QMimeData()
        for index in indexes:
            cell = self.cell(index)
            shift = movable_shift(cell)
            if shift is not None:
                mime.setData(SHIFT_MIME, json.dumps({"booking_id": str(shift.booking_id)}).encode("utf-8"))
                break
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt API
        target = parent if parent.isValid() else self.index(row, column)
        return self.cell(target) is not None and (data.hasFormat(REQUEST_MIME) or data.hasFormat(SHIFT_MIME))

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt API
        target = parent if parent.isValid() else self.index(row, column)
        cell = self.cell(target)
        if cell is None or action == Qt.DropAction.IgnoreAction:
            return False
        worker_id = self.grid.rows[target.row()].worker_id
        if data.hasFormat(REQUEST_MIME):
            request_id = uuid.UUID(json.loads(bytes(data.data(REQUEST_MIME)).decode("utf-8"))["request_id"])
            self.assign_requested.emit(request_id, worker_id, cell.day)
            return True
        if data.hasFormat(SHIFT_MIME):
            booking_id = uuid.UUID(json.loads(bytes(data.data(SHIFT_MIME)).decode("utf-8"))["booking_id"])
            dropped_on = movable_shift(cell)
            if dropped_on is not None and dropped_on.booking_id != booking_id:
                self.swap_requested.emit(booking_id, dropped_on.booking_id)
            elif dropped_on is None:
                self.move_requested.emit(booking_id, worker_id)
            return True
        return False


def movable_shift(cell: GridCell | None) -> GridShift | None:
    """The shift of a cell that can be dragged or keyed: its first one still to be worked and not locked."""
    if cell is None:
        return None
    return next((shift for shift in cell.shifts if shift.editable and not shift.locked), None)


def _period_over(row: GridRow) -> bool:
    return row.period_contract is not None and row.period_hours > row.period_contract + 1e-6


def request_mime(request: RequestRow) -> QMimeData:
    mime = QMimeData()
    mime.setData(REQUEST_MIME, json.dumps({"request_id": str(request.id)}).encode("utf-8"))
    return mime


class OpenRequestsModel(RowTableModel[RequestRow]):
    """The period's open requests beside the grid, dragged from here onto a worker's day."""

    def __init__(self, parent=None):
        super().__init__(
            [
                Column(lambda: _("When"), when, lambda r: r.starts_at),
                Column(
                    lambda: _("Provider"),
                    lambda r: r.provider_name(current_language()),
                    lambda r: sort_key(r.provider_name(current_language())),
                ),
                Column(lambda: _("Role"), lambda r: label(r.role), lambda r: label(r.role)),
                Column(
                    lambda: _("Welsh"),
                    welsh_need,
                    lambda r: r.welsh_requirement != WelshRequirement.ESSENTIAL,
                    lambda r: QColor("#00693e") if r.welsh_requirement == WelshRequirement.ESSENTIAL else None,
                ),
                Column(
                    lambda: _("Places"),
                    lambda r: _("{unfilled} of {needed}").format(unfilled=r.unfilled, needed=r.staff_needed),
                    lambda r: r.unfilled,
                ),
            ],
            parent,
        )

    def search_text(self, row: RequestRow) -> str:
        return " ".join((row.provider_name_cy, row.provider_name_en, label(row.role)))

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [REQUEST_MIME]

    def supportedDragActions(self):  # noqa: N802 - Qt API
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802 - Qt API
        for index in indexes:
            if index.isValid():
                return request_mime(self.row_at(index.row()))
        return QMimeData()
