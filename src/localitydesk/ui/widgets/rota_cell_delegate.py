"""Drawing a rota cell: its lines one under another, a breach in red.

A cell holds a few short lines of different kinds (the shift's times in bold,
the provider, leave, a breach with its figures). Each is drawn elided to the
cell's width; the whole text is in the tooltip and the details pane, so
nothing is lost when a four-week view makes the cells narrow.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from localitydesk.ui.models.rota_grid_model import (
    ABSENCE,
    AMBER,
    BREACH,
    LINES_ROLE,
    MUTED,
    NAME,
    OVER,
    OVERRIDDEN,
    RED,
    SHIFT,
    UNAVAILABLE,
)

PADDING = 4
MAX_LINES = 9
# Lines that wrap rather than elide, and into how many lines at most: a
# breach so its figures can be read, leave and unavailability so a narrow
# day (a week fitted to a laptop screen) still says "Annual / leave".
WRAPPED = {BREACH: 3, OVERRIDDEN: 3, ABSENCE: 2, UNAVAILABLE: 2}
# A shift's times are the one line a narrow day must not elide ("07:30–1…"):
# they are drawn a little smaller instead, down to this size.
SMALLEST_TIMES_POINTS = 7.5


class RotaCellDelegate(QStyledItemDelegate):
    """Draws the lines of :data:`LINES_ROLE`; a breach's words wrap (up to
    three lines) so its figures can be read in the cell, leave and
    unavailability up to two, everything else is one line, elided."""

    @staticmethod
    def padding() -> int:
        return PADDING

    def _column_width(self, index, option) -> int:
        view = self.parent()
        width = view.columnWidth(index.column()) if view is not None and hasattr(view, "columnWidth") else option.rect.width()
        return max(20, width - 2 * PADDING)

    def _layout(self, lines, base: QFont, width: int) -> list[tuple[str, QFont, str]]:
        """(text, font, kind) for each drawn line, breaches wrapped."""
        laid = []
        for text, kind in lines:
            font = self._font(base, kind)
            if kind in WRAPPED:
                laid.extend((part, font, kind) for part in _wrap(text, QFontMetrics(font), width, WRAPPED[kind]))
            elif kind == SHIFT:
                laid.append((text, _shrunk_to_fit(font, text, width), kind))
            else:
                laid.append((text, font, kind))
        if len(laid) > MAX_LINES:
            laid = laid[: MAX_LINES - 1] + [("…", laid[MAX_LINES - 1][1], laid[MAX_LINES - 1][2])]
        return laid

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        lines = index.data(LINES_ROLE) or []
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        rect = opt.rect.adjusted(PADDING, PADDING - 1, -PADDING, -PADDING)
        y = rect.top()
        for text, font, kind in self._layout(lines, opt.font, rect.width()):
            metrics = QFontMetrics(font)
            if y + metrics.height() > rect.bottom() + 2:
                break
            painter.setFont(font)
            painter.setPen(self._colour(kind, opt.palette, selected))
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(QRect(rect.left(), y, rect.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft, elided)
            y += metrics.height()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt API
        laid = self._layout(index.data(LINES_ROLE) or [], option.font, self._column_width(index, option))
        height = sum(QFontMetrics(font).height() for _text, font, _kind in laid)
        return QSize(80, max(height, QFontMetrics(option.font).height()) + 2 * PADDING)

    @staticmethod
    def _font(base: QFont, kind: str) -> QFont:
        font = QFont(base)
        if kind in (SHIFT, NAME):
            font.setBold(True)
        if kind in (MUTED, UNAVAILABLE):
            font.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        return font

    @staticmethod
    def _colour(kind: str, palette: QPalette, selected: bool) -> QColor:
        if selected and kind not in (BREACH, OVER):
            return palette.color(QPalette.ColorRole.HighlightedText)
        if kind in (BREACH, OVER):
            return RED if not selected else QColor("#ffd7d3")
        if kind == OVERRIDDEN:
            return AMBER
        if kind == ABSENCE:
            return AMBER
        if kind in (MUTED, UNAVAILABLE):
            return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return palette.color(QPalette.ColorRole.Text)


def _shrunk_to_fit(font: QFont, text: str, width: int) -> QFont:
    """``font``, or the same a half point at a time smaller until ``text`` fits ``width``."""
    size = font.pointSizeF()
    if size <= 0 or QFontMetrics(font).horizontalAdvance(text) <= width:
        return font
    smaller = QFont(font)
    while size - 0.5 >= SMALLEST_TIMES_POINTS:
        size -= 0.5
        smaller.setPointSizeF(size)
        if QFontMetrics(smaller).horizontalAdvance(text) <= width:
            break
    return smaller


def _wrap(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """Words to lines no wider than ``width``; the last kept line elided."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = lines[: most - 1] + [" ".join(lines[most - 1 :])]  # elided when drawn
    return lines
