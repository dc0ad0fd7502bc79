"""The Requests page: a day or a week of cover requests, unfilled and soonest first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import RequestStatus, Role, WelshRequirement, label
from localitydesk.i18n import _, ngettext
from localitydesk.i18n.formatting import format_decimal
from localitydesk.services.requests import cancel_request, list_requests
from localitydesk.ui.models.request_table_model import RequestTableModel
from localitydesk.ui.models.row_table_model import ROW_ROLE
from localitydesk.ui.widgets.code_combo import CodeCombo
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate

from .base import Page

UNFILLED = "unfilled"


class RequestsPage(Page):
    key = "requests"
    bookings_changed = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = RequestTableModel(now=context.now, parent=self)

        self.span = CodeCombo([("day", lambda: _("Day")), ("week", lambda: _("Week"))])
        self.span.set_code("week")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(to_qdate(context.today()))
        self.previous_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.today_button = QPushButton()
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.today_button.clicked.connect(lambda: self.day.setDate(to_qdate(self.context.today())))
        self.span.currentIndexChanged.connect(self.refresh)
        self.day.dateChanged.connect(self.refresh)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filters_changed)
        self.status_filter = CodeCombo(
            [(UNFILLED, lambda: _("Unfilled")), (None, lambda: _("Any"))]
            + [(s, partial(label, s)) for s in RequestStatus]
        )
        self.role_filter = CodeCombo([(None, lambda: _("Any"))] + [(r, partial(label, r)) for r in Role])
        self.welsh_filter = CodeCombo(
            [(None, lambda: _("Any"))] + [(w, partial(label, w)) for w in (WelshRequirement.ESSENTIAL, WelshRequirement.DESIRABLE)]
        )
        for combo in (self.status_filter, self.role_filter, self.welsh_filter):
            combo.currentIndexChanged.connect(self._filters_changed)

        self.labels = {key: QLabel() for key in ("span", "day", "search", "status", "role", "welsh")}
        for key, widget in (("span", self.span), ("day", self.day), ("search", self.search), ("status", self.status_filter),
                            ("role", self.role_filter), ("welsh", self.welsh_filter)):
            self.labels[key].setBuddy(widget)
        period = QHBoxLayout()
        for widget in (self.labels["span"], self.span, self.labels["day"], self.previous_button, self.day,
                       self.next_button, self.today_button):
            period.addWidget(widget)
        period.addStretch(1)
        filters = QHBoxLayout()
        for widget in (self.labels["search"], self.search, self.labels["status"], self.status_filter,
                       self.labels["role"], self.role_filter, self.labels["welsh"], self.welsh_filter):
            filters.addWidget(widget)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((190, 230, 160, 85, 145, 130, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.find_workers())

        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_request)
        self.candidates_button = QPushButton()
        self.candidates_button.clicked.connect(self.find_workers)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.candidates_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=self.new_request)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.find_workers)
        QShortcut(QKeySequence("Alt+Left"), self, activated=lambda: self._step(-1))
        QShortcut(QKeySequence("Alt+Right"), self, activated=lambda: self._step(1))
        self.model.modelReset.connect(self._update_count)
        self.retranslate()

    # -- page interface ------------------------------------------------------
    def period(self) -> tuple[date, date]:
        day = from_qdate(self.day.date())
        if self.span.code() == "day":
            return day, day + timedelta(days=1)
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)

    def refresh(self, *_args) -> None:
        first, after = self.period()
        starts_from = local_to_utc(first, datetime.min.time())
        starts_before = local_to_utc(after, datetime.min.time())
        self.context.worker.submit(
            lambda: list_requests(self.context.db, starts_from, starts_before),
            on_success=self._show,
            on_failure=lambda error: QMessageBox.critical(self, _("Requests"), str(error)),
        )

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        self._filters_changed()
        self.loaded.emit()

    def retranslate(self) -> None:
        self.labels["span"].setText(_("Sho&w:"))
        self.labels["day"].setText(_("&Date:"))
        self.labels["search"].setText(_("&Search:"))
        self.labels["status"].setText(_("S&tatus:"))
        self.labels["role"].setText(_("&Role:"))
        self.labels["welsh"].setText(_("W&elsh:"))
        for key, text in (("span", _("Show")), ("day", _("Date")), ("search", _("Search requests")),
                          ("status", _("Status")), ("role", _("Role")), ("welsh", _("Welsh need"))):
            self.labels[key].buddy().setAccessibleName(text)
        self.previous_button.setAccessibleName(_("Previous period"))
        self.next_button.setAccessibleName(_("Next period"))
        self.today_button.setText(_("T&oday"))
        self.search.setPlaceholderText(_("Provider, who asked, notes"))
        for combo in (self.span, self.status_filter, self.role_filter, self.welsh_filter):
            combo.retranslate()
        self.table.setAccessibleName(_("Cover requests"))
        self.new_button.setText(_("&New request…"))
        self.candidates_button.setText(_("F&ind workers…"))
        self.cancel_button.setText(_("&Cancel request…"))
        self.model.retranslate()
        self._update_count()

    # -- filtering -----------------------------------------------------------
    def _filters_changed(self, *_args) -> None:
        status, role, welsh = self.status_filter.code(), self.role_filter.code(), self.welsh_filter.code()

        def accepts(row) -> bool:
            if status == UNFILLED:
                if row.unfilled == 0 or row.status == RequestStatus.CANCELLED:
                    return False
            elif status is not None and row.status != status:
                return False
            return (role is None or row.role == role) and (welsh is None or row.welsh_requirement == welsh)

        self.model.set_filter(self.search.text(), accepts)

    def _update_count(self) -> None:
        unfilled = sum(1 for row in self.model.visible_rows() if row.unfilled and row.status != RequestStatus.CANCELLED)
        self.count_label.setText(
            ngettext("{count} request shown", "{count} requests shown", self.model.rowCount()).format(count=format_decimal(self.model.rowCount()))
            + " · "
            + ngettext("{count} unfilled", "{count} unfilled", unfilled).format(count=format_decimal(unfilled))
        )

    def _step(self, direction: int) -> None:
        days = 1 if self.span.code() == "day" else 7
        self.day.setDate(to_qdate(from_qdate(self.day.date()) + timedelta(days=direction * days)))

    # -- actions -------------------------------------------------------------
    def selected(self):
        indexes = self.table.selectionModel().selectedRows()
        return self.model.data(indexes[0], ROW_ROLE) if indexes else None

    def new_request(self) -> None:
        from localitydesk.ui.dialogs.request_dialog import RequestDialog

        dialog = RequestDialog(self.context, self)
        dialog.saved.connect(lambda _ids: self.refresh())
        dialog.open()

    def find_workers(self) -> None:
        row = self.selected()
        if row is None:
            return
        from localitydesk.ui.dialogs.candidates_dialog import CandidatesDialog

        dialog = CandidatesDialog(self.context, row, self)
        dialog.booked.connect(self._after_booking)
        dialog.open()

    def _after_booking(self, *_args) -> None:
        self.bookings_changed.emit()
        self.refresh()

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, _("Cancel request"), _("Why is the request cancelled?"))
        if not ok:
            return
        self.context.worker.submit(
            lambda: cancel_request(self.context.db, self.context.actor, row.id, reason),
            on_success=lambda _result: self.refresh(),
            on_failure=lambda error: QMessageBox.warning(self, _("Cancel request"), str(error)),
        )
