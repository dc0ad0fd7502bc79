"""The Rota page: the locality manager keeps the core team's rota legal, fair and filled.

The grid shows the core team × days for one week or four: each day's shifts,
leave and unavailability, every breach in words with its figures (red), and
hours against contract for each week and the period. The open requests sit
beside it. A request is assigned by dragging it onto a worker's day, or from
the keyboard: choose it in the list, press Enter to go to its day in the
grid, choose the worker with the arrow keys, press Enter. Shifts move and
swap by drag and drop or Ctrl+X then Ctrl+V (move) / Ctrl+Shift+V (swap).

Every edit is an undo step (Ctrl+Z, Ctrl+Y); auto-fill applied is one step.
The page asks services for everything (``services.rota_grid``) off the UI
thread and decides no rule itself: a refusal comes back in words, and where
the law allows, a manager may record a reason and go ahead.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.vocabulary import UserRole, label
from localitydesk.domain.wording import Wording
from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.formatting import format_date, format_datetime, format_time
from localitydesk.services.bookings import BookingRefused
from localitydesk.services.rota_grid import load_rota_grid, publish_rota
from localitydesk.ui.models.request_table_model import welsh_need, when
from localitydesk.ui.models.rota_grid_model import (
    DAY_FORMATS,
    OpenRequestsModel,
    RotaGridModel,
    hours_text,
    movable_shift,
    shift_times,
)
from localitydesk.ui.models.row_table_model import ROW_ROLE
from localitydesk.ui.widgets.code_combo import CodeCombo
from localitydesk.ui.widgets.flow_layout import flow_of, kept_together
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate
from localitydesk.ui.widgets.rota_cell_delegate import RotaCellDelegate
from localitydesk.ui.widgets.rota_commands import (
    AssignCommand,
    AutofillCommand,
    CopyWeekCommand,
    LockCommand,
    MoveCommand,
    RotaEditor,
    SwapCommand,
    UnassignCommand,
)

from .base import Page

# Column widths. The days share what the view has left after the worker and
# the week's hours, so a whole week (Monday to Sunday and its hours) fits the
# view on a 1280-pixel screen beside the open requests; a day never gets
# narrower than DAY_MIN (the view scrolls instead: the four-week view shows
# one week at a time) nor wider than DAY_MAX on a big screen. A day's header
# drops its month ("Mon 30") when "Mon 30 Nov" would not fit. Each line of a
# cell is elided to its width; the tooltip and the details pane have it all.
DAY_MIN, DAY_MAX = 64, 150
HOURS_WIDTH = {1: 72, 4: 68}
WORKER_MIN, WORKER_MAX = 124, 156
SIDE_WIDTH = 260  # the open requests and the details, at first


def fit_columns(available: int, name_width: int, weeks: int) -> tuple[int, int, int]:
    """(worker, day, hours) widths for a view ``available`` pixels wide whose
    longest worker name needs ``name_width``."""
    hours = HOURS_WIDTH[weeks]
    worker = max(WORKER_MIN, min(WORKER_MAX, name_width))
    day = (available - worker - hours) // 7
    if day < DAY_MIN:
        # Give the days what the worker column can spare before they scroll.
        worker = max(WORKER_MIN, available - hours - 7 * DAY_MIN)
        day = (available - worker - hours) // 7
    return worker, max(DAY_MIN, min(DAY_MAX, day)), hours


class RequestListView(QTableView):
    """The open requests; a request dragged from here is dropped on a worker's day."""


class RotaGridView(QTableView):
    """The grid; says when its width changes so the page can share it out again."""

    resized = Signal()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RotaPage(Page):
    key = "rota"
    bookings_changed = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.grid = None
        self.marked = None  # a shift chosen with Ctrl+X, to move or swap
        self.editor = RotaEditor(context, self)
        self.editor.changed.connect(self._edited)
        self.editor.failed.connect(self._edit_failed)
        self.editor.busy_changed.connect(lambda _busy: self._update_actions())
        self.editor.stack.indexChanged.connect(lambda _index: self._update_actions())

        # -- the period ------------------------------------------------------
        self.span = CodeCombo([(1, lambda: _("1 week")), (4, lambda: _("4 weeks"))])
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(to_qdate(monday_of(context.today())))
        self.previous_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.today_button = QPushButton()
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.today_button.clicked.connect(lambda: self.day.setDate(to_qdate(monday_of(self.context.today()))))
        self.span.currentIndexChanged.connect(self.refresh)
        self.day.dateChanged.connect(self._date_changed)
        self.span_label, self.day_label = QLabel(), QLabel()
        self.span_label.setBuddy(self.span)
        self.day_label.setBuddy(self.day)
        self.state_label = QLabel()
        self.state_label.setTextFormat(Qt.TextFormat.RichText)
        period = QHBoxLayout()
        for widget in (self.span_label, self.span, self.day_label, self.previous_button, self.day, self.next_button,
                       self.today_button):
            period.addWidget(widget)
        period.addStretch(1)
        period.addWidget(self.state_label)

        # -- actions ---------------------------------------------------------
        self.undo_action = self._action("Ctrl+Z", self.editor.undo)
        self.redo_action = self._action("Ctrl+Y", self.editor.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.assign_action = self._action("Return", self.assign_selected, widget=None)
        self.unassign_action = self._action("Delete", self.unassign_current)
        self.mark_action = self._action("Ctrl+X", self.mark_current)
        self.move_action = self._action("Ctrl+V", self.move_marked)
        self.swap_action = self._action("Ctrl+Shift+V", self.swap_marked)
        self.lock_action = self._action("Ctrl+L", self.toggle_lock)
        self.copy_action = self._action("", self.copy_week_forward)
        self.autofill_action = self._action("Ctrl+Shift+F", self.autofill)
        self.publish_action = self._action("", self.publish)
        self.documents_action = self._action("Ctrl+P", self.save_documents)
        self._action("Alt+Left", lambda: self._step(-1))
        self._action("Alt+Right", lambda: self._step(1))
        self.toolbar_buttons = {}
        groups = []
        for names in (("undo", "redo"), ("unassign", "lock"), ("copy", "autofill"), ("publish", "documents")):
            buttons = []
            for name in names:
                button = QToolButton()
                button.setDefaultAction(getattr(self, f"{name}_action"))
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                self.toolbar_buttons[name] = button
                buttons.append(button)
            groups.append(kept_together(buttons))
        # The groups wrap onto a second row rather than widen the window.
        bar = flow_of(groups, spacing=18)  # a gap between groups, as the spacings in a row gave

        # -- the grid --------------------------------------------------------
        self.model = RotaGridModel(self)
        self.model.assign_requested.connect(self.assign)
        self.model.move_requested.connect(self.move)
        self.model.swap_requested.connect(self.swap)
        self.table = RotaGridView()
        self.table.resized.connect(self._fit_columns)
        self.table.setModel(self.model)
        self.table.setItemDelegate(RotaCellDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)
        self.table.addAction(self.assign_action)
        self.assign_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter = QAction(self.table)
        enter.setShortcut(QKeySequence(Qt.Key.Key_Enter))
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self.assign_selected)
        self.table.addAction(enter)

        # -- the open requests and the details --------------------------------
        self.requests_model = OpenRequestsModel(self)
        self.requests = RequestListView()
        self.requests.setModel(self.requests_model)
        self.requests.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.requests.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.requests.setDragEnabled(True)
        self.requests.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.requests.setSortingEnabled(True)
        self.requests.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.requests.setWordWrap(False)
        self.requests.verticalHeader().setVisible(False)
        self.requests.verticalHeader().setDefaultSectionSize(24)
        self.requests.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((118, 120, 110, 90, 60)):
            self.requests.setColumnWidth(column, width)
        go_to_day = QAction(self.requests)
        go_to_day.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        go_to_day.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        go_to_day.triggered.connect(self.go_to_request_day)
        self.requests.addAction(go_to_day)
        self.requests.doubleClicked.connect(lambda _index: self.go_to_request_day())
        self.requests_label = QLabel()
        self.requests_label.setBuddy(self.requests)
        self.details = QTextBrowser()
        self.changes = QTextBrowser()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.details, "")
        self.side_tabs.addTab(self.changes, "")
        side = QSplitter(Qt.Orientation.Vertical)
        requests_box = QWidget()
        requests_layout = QVBoxLayout(requests_box)
        requests_layout.setContentsMargins(0, 0, 0, 0)
        requests_layout.addWidget(self.requests_label)
        requests_layout.addWidget(self.requests, 1)
        side.addWidget(requests_box)
        side.addWidget(self.side_tabs)
        side.setSizes([380, 260])
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1000, SIDE_WIDTH])

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)
        self.table.selectionModel().currentChanged.connect(self._show_details)
        self.requests.selectionModel().currentChanged.connect(lambda *_a: self._update_actions())
        self.retranslate()

    def _action(self, keys: str, slot, widget: QWidget | None = "page") -> QAction:
        action = QAction(self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if widget == "page":
            self.addAction(action)
        return action

    # -- page interface ------------------------------------------------------
    def period(self) -> tuple[date, int]:
        return monday_of(from_qdate(self.day.date())), int(self.span.code())

    def refresh(self, *_args) -> None:
        first_day, weeks = self.period()
        db, language = self.context.db, current_language()
        self.context.worker.submit(
            lambda: load_rota_grid(db, first_day, weeks, language),
            on_success=self._show,
            on_failure=lambda error: QMessageBox.critical(self, _("Rota"), str(error)),
        )

    def _show(self, grid) -> None:
        if grid.first_day != self.period()[0] or grid.weeks != self.period()[1]:
            return  # an older answer for a period no longer shown
        current = self.table.currentIndex()
        keep = (current.row(), current.column()) if current.isValid() else None
        self.grid = grid
        self.model.set_grid(grid)
        self._fit_columns()
        if keep and keep[0] < self.model.rowCount() and keep[1] < self.model.columnCount():
            self.table.setCurrentIndex(self.model.index(*keep))
        selected = self.selected_request()
        self.requests_model.set_rows(grid.open_requests)
        if selected is not None:
            self._select_request(selected.id)
        self._show_state()
        self._show_details(self.table.currentIndex())
        self._update_actions()
        self.loaded.emit()

    def _fit_columns(self) -> None:
        if self.grid is None:
            return
        names = QFontMetrics(self.table.font())
        bold = QFont(self.table.font())
        bold.setBold(True)
        longest = max((QFontMetrics(bold).horizontalAdvance(row.name) for row in self.grid.rows), default=0)
        longest = max(longest, names.horizontalAdvance(self.model.headerData(0, Qt.Orientation.Horizontal) or ""))
        name_width = longest + 2 * RotaCellDelegate.padding() + 4
        scroll_bar = self.table.verticalScrollBar()
        # The viewport without the scroll bar a long team needs, so that the
        # bar appearing never pushes Sunday out of sight.
        available = self.table.viewport().width() + (scroll_bar.width() if scroll_bar.isVisible() else 0)
        for reserve in (0, self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)):
            worker, day, hours = fit_columns(available - reserve, name_width, self.grid.weeks)
            self.model.set_day_format(self._day_format(day))
            self.table.setColumnWidth(0, worker)
            for column in range(1, self.model.columnCount()):
                self.table.setColumnWidth(column, hours if self.model.is_week(column) else day)
            self.table.resizeRowsToContents()
            rows_height = sum(self.table.rowHeight(row) for row in range(self.model.rowCount()))
            if rows_height <= self.table.viewport().height():
                break
        self.table.horizontalHeader().setMinimumSectionSize(min(DAY_MIN, HOURS_WIDTH[self.grid.weeks]))

    def _day_format(self, width: int) -> str:
        """The longest day header that fits ``width`` for every day shown."""
        metrics = QFontMetrics(self.table.horizontalHeader().font())
        room = width - 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) - 4
        for pattern in DAY_FORMATS:
            if all(metrics.horizontalAdvance(format_date(day, pattern)) <= room for day in self.grid.days):
                return pattern
        return DAY_FORMATS[-1]

    def retranslate(self) -> None:
        self.span_label.setText(_("Sho&w:"))
        self.day_label.setText(_("Week fro&m:"))
        self.span.retranslate()
        self.span.setAccessibleName(_("How many weeks to show"))
        self.day.setAccessibleName(_("First week shown"))
        self.previous_button.setAccessibleName(_("Previous period"))
        self.next_button.setAccessibleName(_("Next period"))
        self.today_button.setText(_("Thi&s week"))
        self.copy_action.setText(_("&Copy week forward"))
        self.copy_action.setToolTip(_("Give each core-team member the same shifts in the next week, on the matching requests"))
        self.autofill_action.setText(_("&Auto-fill…"))
        self.autofill_action.setToolTip(_("Fill the open requests with the core team, legally, and see why the rest cannot be filled"))
        self.publish_action.setText(_("&Publish…"))
        self.publish_action.setToolTip(_("Fix the version the workers receive; later changes are listed as changes since publication"))
        self.documents_action.setText(_("&Save PDF and calendars…"))
        self.unassign_action.setText(_("&Take off the rota"))
        self.unassign_action.setToolTip(_("Take the chosen shift off the rota (Delete)"))
        self.lock_action.setText(_("&Lock / unlock"))
        self.lock_action.setToolTip(_("A locked shift stays as it is: auto-fill and edits leave it alone (Ctrl+L)"))
        self.mark_action.setText(_("Choose shift to move or swap"))
        self.move_action.setText(_("Move the chosen shift here"))
        self.swap_action.setText(_("Swap the chosen shift with this one"))
        self.assign_action.setText(_("Assign the chosen request here"))
        self.table.setAccessibleName(_("Rota: the core team by day"))
        self.requests.setAccessibleName(_("Open cover requests"))
        self.side_tabs.setTabText(0, _("Details"))
        self.model.retranslate()
        self.requests_model.retranslate()
        self._update_actions()
        self._show_state()
        if self.grid is not None and self.grid.language != current_language():
            self.refresh()  # breaches are words in the UI language

    # -- state -----------------------------------------------------------------
    def _update_actions(self) -> None:
        # The stack says its index changed while the page is being destroyed.
        if not (shiboken6.isValid(self.editor.stack) and shiboken6.isValid(self.undo_action)):
            return
        stack, busy = self.editor.stack, self.editor.busy
        self.undo_action.setEnabled(stack.canUndo() and not busy)
        self.redo_action.setEnabled(stack.canRedo() and not busy)
        self.undo_action.setText(_("&Undo {what}").format(what=stack.undoText()).strip() if stack.canUndo() else _("&Undo"))
        self.redo_action.setText(_("&Redo {what}").format(what=stack.redoText()).strip() if stack.canRedo() else _("&Redo"))
        self.undo_action.setToolTip(_("Undo (Ctrl+Z)"))
        self.redo_action.setToolTip(_("Redo (Ctrl+Y)"))
        count = self.requests_model.rowCount()
        self.requests_label.setText(ngettext("&Open requests ({count})", "&Open requests ({count})", count).format(count=count))
        changes = len(self.grid.publication.changes) if self.grid and self.grid.publication else 0
        # Short, so both tabs fit the side panel in Welsh too; the tooltip says it in full.
        self.side_tabs.setTabText(1, _("Changes ({count})").format(count=changes))
        self.side_tabs.setTabToolTip(1, _("Changes since publication ({count})").format(count=changes))

    def _show_state(self) -> None:
        if self.grid is None:
            self.state_label.setText("")
            return
        publication = self.grid.publication
        if publication is None:
            self.state_label.setText("<b>" + _escape(_("Draft: not published")) + "</b>")
            self.changes.setHtml(_escape(_("This period has not been published. Workers have not received it.")))
            return
        changes = publication.changes
        when = format_datetime(publication.published_at, "d MMM yyyy HH:mm")
        if publication.published_by:
            published = _("Published {when} by {who}").format(when=when, who=publication.published_by)
        else:
            published = _("Published {when}").format(when=when)
        if changes:
            text = published + " · " + ngettext(
                "{count} change since publication", "{count} changes since publication", len(changes)
            ).format(count=len(changes))
            self.state_label.setText(f"<span style='color:#8a5300'><b>{_escape(text)}</b></span>")
        else:
            self.state_label.setText("<b>" + _escape(published + " · " + _("no changes since publication")) + "</b>")
        language = current_language()
        items = "".join(f"<li>{_escape(change.describe(language))}</li>" for change in changes)
        self.changes.setHtml(f"<p>{_escape(published)}</p><ul>{items}</ul>" if items else _escape(published))

    def _show_details(self, index: QModelIndex, _previous=None) -> None:
        if self.grid is None or not index.isValid():
            self.details.setHtml(_escape(_("Choose a day in the grid to see its shifts, leave and any breach in full.")))
            return
        row = self.model.grid_row(index.row())
        language = current_language()
        parts = [f"<h3>{_escape(row.name)}</h3>"]
        cell = self.model.cell(index)
        if cell is not None:
            parts.append(f"<p><b>{_escape(format_date(cell.day, 'EEEE d MMMM yyyy'))}</b></p><ul>")
            for shift in cell.shifts:
                line = _("{times} at {provider}, {role}").format(
                    times=shift_times(shift), provider=shift.provider_name(language), role=label(shift.role)
                )
                if shift.locked:
                    line += " — " + _("locked")
                if shift.override_reason:
                    line += " — " + _("override recorded: {reason}").format(reason=shift.override_reason)
                parts.append(f"<li>{_escape(line)}</li>")
            if cell.absence is not None:
                parts.append(f"<li>{_escape(label(cell.absence))}</li>")
            if cell.unavailable:
                parts.append(f"<li>{_escape(_('Not usually available on this day of the week.'))}</li>")
            elif cell.available:
                windows = ", ".join(f"{lo // 60:02d}:{lo % 60:02d}–{hi // 60:02d}:{hi % 60:02d}" for lo, hi in cell.available)
                parts.append(f"<li>{_escape(_('Usually available: {times}').format(times=windows))}</li>")
            parts.append("</ul>")
            breaches = cell.breaches
        else:
            breaches = row.breaches if index.column() == 0 else ()
        week = row.weeks[min((max(index.column(), 1) - 1) // 8, len(row.weeks) - 1)]
        if week.contracted is not None:
            parts.append("<p>" + _escape(_("Week from {monday}: {worked} h booked of {contract} h contracted").format(
                monday=format_date(week.monday, "d MMM"), worked=hours_text(week.worked), contract=hours_text(week.contracted)
            )) + "</p>")
        for breach in breaches:
            colour = "#8a5300" if breach.overridden else "#b3261e"
            parts.append(f"<p style='color:{colour}'>{_escape(breach.text)}</p>")
        self.details.setHtml("".join(parts))

    # -- choosing ----------------------------------------------------------------
    def selected_request(self):
        index = self.requests.currentIndex()
        if not index.isValid() or not self.requests.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.requests_model.data(index, ROW_ROLE)

    def _select_request(self, request_id) -> None:
        for row in range(self.requests_model.rowCount()):
            if self.requests_model.row_at(row).id == request_id:
                self.requests.selectRow(row)
                return

    def current_cell(self):
        index = self.table.currentIndex()
        return index, (self.model.cell(index) if index.isValid() else None)

    def go_to_request_day(self) -> None:
        """From the requests list to the request's day in the grid, keeping the worker row."""
        request = self.selected_request()
        if request is None or self.grid is None:
            return
        from localitydesk.domain.local_time import utc_to_local

        column = self.model.column_of(utc_to_local(request.starts_at).date())
        if column is None:
            return
        row = max(self.table.currentIndex().row(), 0)
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(row, column))
        self.table.selectionModel().select(self.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- edits -----------------------------------------------------------------
    def assign_selected(self) -> None:
        request = self.selected_request()
        index, cell = self.current_cell()
        if request is None:
            QMessageBox.information(self, _("Rota"), _("Choose an open request in the list first."))
            return
        if cell is None:
            return
        self.assign(request.id, self.model.grid_row(index.row()).worker_id, cell.day)

    def assign(self, request_id, worker_id, day) -> None:
        from localitydesk.domain.local_time import utc_to_local

        request = next((r for r in self.grid.open_requests if r.id == request_id), None) if self.grid else None
        if request is None:
            return
        if utc_to_local(request.starts_at).date() != day:
            QMessageBox.information(self, _("Rota"), Wording().sentence(_("That request is on {day}: put it on that day.").format(
                day=format_date(request.starts_at, "EEEE d MMMM"))))
            return
        row = self.grid.row_of(worker_id)
        text = _("assign {worker} to {provider} on {day}").format(
            worker=row.name, provider=request.provider_name(current_language()), day=format_date(request.starts_at, "EEE d MMM")
        )
        self.editor.do(AssignCommand(request_id, worker_id, text))

    def unassign_current(self) -> None:
        index, cell = self.current_cell()
        shift = movable_shift(cell)
        if shift is None:
            return
        text = _("take {worker} off {provider} on {day}").format(
            worker=self.model.grid_row(index.row()).name, provider=shift.provider_name(current_language()),
            day=format_date(shift.starts_at, "EEE d MMM"),
        )
        self.editor.do(UnassignCommand([shift.booking_id], text))

    def mark_current(self) -> None:
        _index, cell = self.current_cell()
        shift = movable_shift(cell)
        self.marked = shift
        if shift is not None:
            self.details.append("<p><i>" + _escape(_("Chosen to move or swap: {times} at {provider}.").format(
                times=shift_times(shift), provider=shift.provider_name(current_language()))) + "</i></p>")

    def move_marked(self) -> None:
        index, _cell = self.current_cell()
        if self.marked is None or not index.isValid():
            return
        self.move(self.marked.booking_id, self.model.grid_row(index.row()).worker_id)

    def swap_marked(self) -> None:
        _index, cell = self.current_cell()
        target = movable_shift(cell)
        if self.marked is None or target is None:
            return
        self.swap(self.marked.booking_id, target.booking_id)

    def move(self, booking_id, worker_id) -> None:
        shift = self.grid.shift(booking_id) if self.grid else None
        if shift is None or shift.worker_id == worker_id:
            return
        text = _("move {provider} on {day} from {before} to {after}").format(
            provider=shift.provider_name(current_language()), day=format_date(shift.starts_at, "EEE d MMM"),
            before=self.grid.row_of(shift.worker_id).name, after=self.grid.row_of(worker_id).name,
        )
        self.marked = None
        self.editor.do(MoveCommand(booking_id, worker_id, text))

    def swap(self, first_id, second_id) -> None:
        first, second = self.grid.shift(first_id), self.grid.shift(second_id)
        if first is None or second is None or first.worker_id == second.worker_id:
            return
        text = _("swap the shifts of {first} and {second}").format(
            first=self.grid.row_of(first.worker_id).name, second=self.grid.row_of(second.worker_id).name
        )
        self.marked = None
        self.editor.do(SwapCommand(first_id, second_id, text))

    def toggle_lock(self) -> None:
        _index, cell = self.current_cell()
        shift = next((s for s in cell.shifts if s.editable), None) if cell else None
        if shift is None:
            return
        text = (_("unlock {provider} on {day}") if shift.locked else _("lock {provider} on {day}")).format(
            provider=shift.provider_name(current_language()), day=format_date(shift.starts_at, "EEE d MMM")
        )
        self.editor.do(LockCommand(shift.booking_id, not shift.locked, text))

    def copy_week_forward(self) -> None:
        index = self.table.currentIndex()
        first_day, weeks = self.period()
        week = (max(index.column(), 1) - 1) // 8 if index.isValid() else 0
        monday = first_day + timedelta(days=7 * min(week, weeks - 1))
        text = _("copy the week from {monday} forward").format(monday=format_date(monday, "d MMM"))
        self.editor.do(CopyWeekCommand(monday, text))

    def autofill(self) -> None:
        from localitydesk.ui.widgets.autofill_dialog import AutofillDialog

        if self.grid is None:
            return
        dialog = AutofillDialog(self.context, self.grid.first, self.grid.last, getattr(self, "autofill_options", None), self)
        language = current_language()
        dialog.request_titles = {
            r.id: f"{when(r)} · {r.provider_name(language)} · {label(r.role)} · {welsh_need(r)}" for r in self.grid.open_requests
        }
        dialog.accepted.connect(lambda: self._apply_autofill(dialog.proposal))
        self.autofill_dialog = dialog
        dialog.open()
        dialog.start()

    def _apply_autofill(self, proposal) -> None:
        if proposal is None or not proposal.bookings:
            return
        text = ngettext("auto-fill ({count} shift)", "auto-fill ({count} shifts)", len(proposal.bookings)).format(
            count=len(proposal.bookings)
        )
        self.editor.do(AutofillCommand(proposal, text))

    def publish(self) -> None:
        first_day, weeks = self.period()
        answer = QMessageBox.question(
            self, _("Publish the rota"),
            Wording().sentence(ngettext(
                "Publish the rota for the week from {monday}? This fixes the version the workers receive.",
                "Publish the rota for the {weeks} weeks from {monday}? This fixes the version the workers receive.",
                weeks,
            ).format(weeks=weeks, monday=format_date(first_day, "EEEE d MMMM"))),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(
            lambda: publish_rota(db, actor, first_day, weeks),
            on_success=lambda _id: self.refresh(),
            on_failure=lambda error: QMessageBox.warning(self, _("Publish the rota"), str(error)),
        )

    def save_documents(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Save the rota PDF and calendars in…"))
        if not folder:
            return
        from localitydesk.services.rota_publish import write_rota_documents

        first_day, weeks = self.period()
        db = self.context.db
        self.context.worker.submit(
            lambda: write_rota_documents(db, Path(folder), first_day, weeks),
            on_success=lambda paths: QMessageBox.information(
                self, _("Rota"), ngettext("{count} file saved in {folder}.", "{count} files saved in {folder}.", len(paths)).format(
                    count=len(paths), folder=folder)),
            on_failure=lambda error: QMessageBox.warning(self, _("Rota"), str(error)),
            progress_parent=self,
            progress_label=_("Making the rota PDFs and calendars…"),
        )

    # -- after an edit -----------------------------------------------------------
    def _edited(self) -> None:
        command = self.editor.stack.command(self.editor.stack.index() - 1) if self.editor.stack.canUndo() else None
        result = getattr(command, "result", None)
        skipped = getattr(result, "skipped", ())
        if isinstance(command, CopyWeekCommand) and skipped and not getattr(command, "reported", False):
            command.reported = True
            language = current_language()
            lines = "\n".join(
                f"• {s.worker_name}, {format_date(s.starts_at, 'EEE d MMM')} {format_time(s.starts_at)}, "
                f"{s.provider_name_cy if language == 'cy' else s.provider_name_en}: {s.reason}"
                for s in skipped
            )
            QMessageBox.information(self, _("Copy week forward"), ngettext(
                "{count} shift was not copied:", "{count} shifts were not copied:", len(skipped)
            ).format(count=len(skipped)) + "\n\n" + lines)
        self.bookings_changed.emit()
        self.refresh()

    def _edit_failed(self, command, error: Exception, phase: str) -> None:
        if (
            phase == "do" and isinstance(error, BookingRefused) and error.overridable
            and self.context.actor.role == UserRole.MANAGER.value and not command.override_reason
        ):
            reason, ok = QInputDialog.getText(
                self, _("Override a working-time rule"),
                "\n".join(error.reasons) + "\n\n" + _("Record why, and the compensatory rest to be given:"),
            )
            if ok and reason.strip():
                command.override_reason = reason.strip()
                self.editor.do(command)
            return
        titles = {"do": _("Cannot change the rota"), "undo": _("Cannot undo"), "redo": _("Cannot redo")}
        # Say what was refused (who, where, which day) before why: after a
        # drag the manager may not be sure which cell the shift was dropped on.
        what = _("Could not {action}:").format(action=command.text())
        QMessageBox.warning(self, titles[phase], what + "\n\n" + str(error))
        self.refresh()

    # -- navigation --------------------------------------------------------------
    def _date_changed(self, *_args) -> None:
        monday = monday_of(from_qdate(self.day.date()))
        if monday != from_qdate(self.day.date()):
            self.day.setDate(to_qdate(monday))  # comes back here once more, on the Monday
            return
        self.refresh()

    def _step(self, direction: int) -> None:
        weeks = int(self.span.code())
        self.day.setDate(to_qdate(monday_of(from_qdate(self.day.date())) + timedelta(days=7 * weeks * direction)))

    def _cell_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        for action in (self.assign_action, self.unassign_action, self.lock_action, None, self.mark_action,
                       self.move_action, self.swap_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(position))
