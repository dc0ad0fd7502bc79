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
MAX_LINES = 7


class RotaCellDelegate(QStyledItemDelegate):
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
        for number, (text, kind) in enumerate(lines[:MAX_LINES]):
            font = self._font(opt.font, kind)
            metrics = QFontMetrics(font)
            if y + metrics.height() > rect.bottom() + 2:
                break
            if number == MAX_LINES - 1 and len(lines) > MAX_LINES:
                text = "…"
            painter.setFont(font)
            painter.setPen(self._colour(kind, opt.palette, selected))
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(QRect(rect.left(), y, rect.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft, elided)
            y += metrics.height()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt API
        lines = (index.data(LINES_ROLE) or [])[:MAX_LINES]
        height = sum(QFontMetrics(self._font(option.font, kind)).height() for _text, kind in lines)
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
