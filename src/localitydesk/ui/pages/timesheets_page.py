"""The Timesheets page: a week of timesheets grouped by provider.

Filling in a provider's week is a keyboard job: the booked times are already
in the fields, so Enter saves the selected timesheet and moves to the next;
only a difference is typed (with its reason). Signing, paper signatures,
verification by phone, approval, the provider's bulk sign-off, printing,
statements and the pay export are the buttons below.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.local_time import shift_instants

from localitydesk.i18n import _, formatting, ngettext
from localitydesk.services.errors import message_of
from localitydesk.services.timesheets import (
    HoursEntry,
    IsoWeek,
    SheetState,
    approve_timesheet,
    record_hours,
    verify_hours,
    week_timesheets,
    write_week_pdf,
)
from localitydesk.services.timesheets.week import STATE_LABELS
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate

from ..dialogs.pdf_ready_dialog import offer_pdf
from ..widgets.flow_layout import flow_of
from .base import Page

ROW = Qt.ItemDataRole.UserRole + 1
COLUMNS = 10
STATE_COLOURS = {
    SheetState.NOT_STARTED: "#8a8a8a",
    SheetState.DRAFT: "#6b4e00",
    SheetState.AWAITING_SIGNATURE: "#9a4f00",
    SheetState.SIGNED: "#1f5fa8",
    SheetState.APPROVED: "#1e7b34",
    SheetState.LOCKED: "#444444",
    SheetState.INVOICED: "#444444",
}
EDITABLE = (SheetState.NOT_STARTED, SheetState.DRAFT, SheetState.AWAITING_SIGNATURE, SheetState.SIGNED,
            SheetState.APPROVED, SheetState.LOCKED)


def _local_qtime(instant: datetime) -> QTime:
    local = formatting.to_local(instant)
    return QTime(local.hour, local.minute)


class TimesheetsPage(Page):
    key = "timesheets"

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.groups = []
        self.week = IsoWeek.containing(context.today() - timedelta(days=7))

        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(to_qdate(self.week.monday))
        self.day.dateChanged.connect(self._day_changed)
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        for button, step in ((self.previous_button, -1), (self.next_button, 1)):
            button.setFixedWidth(36)
            button.clicked.connect(lambda _c=False, s=step: self._step(s))
        self.week_caption = QLabel()
        self.week_label = QLabel()
        self.week_caption.setBuddy(self.day)
        top = QHBoxLayout()
        for widget in (self.week_caption, self.previous_button, self.day, self.next_button, self.week_label):
            top.addWidget(widget)
        top.addStretch(1)
        self.count_label = QLabel()
        top.addWidget(self.count_label)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(COLUMNS)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._selected)
        for column, width in enumerate((230, 90, 110, 100, 100, 60, 60, 60, 150)):
            self.tree.setColumnWidth(column, width)

        # The entry strip: booked times pre-filled; Enter saves and moves on.
        self.start = QTimeEdit()
        self.finish = QTimeEdit()
        for edit in (self.start, self.finish):
            edit.setDisplayFormat("HH:mm")
        self.break_minutes = QSpinBox()
        self.break_minutes.setRange(0, 240)
        self.break_minutes.setSingleStep(5)
        self.mileage = QDoubleSpinBox()
        self.mileage.setRange(0, 999)
        self.mileage.setDecimals(1)
        self.reason = QLineEdit()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_current)
        self.as_booked_button = QPushButton()
        self.as_booked_button.clicked.connect(self.reset_to_booked)
        self.entry_labels = {key: QLabel() for key in ("start", "finish", "break", "mileage", "reason")}
        entry = QHBoxLayout()
        for key, widget in (("start", self.start), ("finish", self.finish), ("break", self.break_minutes),
                            ("mileage", self.mileage), ("reason", self.reason)):
            self.entry_labels[key].setBuddy(widget)
            entry.addWidget(self.entry_labels[key])
            entry.addWidget(widget, 3 if key == "reason" else 0)
        entry.addWidget(self.as_booked_button)
        entry.addWidget(self.save_button)
        # Enter saves from every field, the break and mileage boxes as much as
        # the times: the main Return key and the keypad's Enter (used for the
        # numbers) alike.
        for widget in (self.start, self.finish, self.break_minutes, self.mileage, self.reason):
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                QShortcut(QKeySequence(key), widget, activated=self.save_current,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b3261e;")

        self.buttons = {key: QPushButton() for key in (
            "sign", "paper", "verify", "approve", "bulk", "print", "statements", "pay")}
        actions = {"sign": self.sign, "paper": self.paper_signature, "verify": self.verify, "approve": self.approve,
                   "bulk": self.bulk_sign_off, "print": self.print_week, "statements": self.statements, "pay": self.pay_export}
        for key, button in self.buttons.items():
            button.clicked.connect(actions[key])
        # Two groups: the chosen timesheet's steps, then the week's documents
        # and exports. Each wraps onto a second row rather than widen the
        # window (the Welsh labels are longer than a 1280-pixel screen allows
        # on one row beside each other).
        self.sheet_actions = flow_of([self.buttons[key] for key in ("sign", "paper", "verify", "approve", "bulk")])
        self.week_actions = flow_of([self.buttons[key] for key in ("print", "statements", "pay")])
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.sheet_actions, 3)
        row_buttons.addSpacing(12)
        row_buttons.addWidget(self.week_actions, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(entry)
        layout.addWidget(self.warnings)
        layout.addLayout(row_buttons)
        QShortcut(QKeySequence("Alt+Left"), self, activated=lambda: self._step(-1))
        QShortcut(QKeySequence("Alt+Right"), self, activated=lambda: self._step(1))
        QShortcut(QKeySequence("Ctrl+B"), self, activated=self.reset_to_booked)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, activated=self.print_week)
        self._set_entry_enabled(False)
        self.retranslate()

    # -- page interface ------------------------------------------------------
    def retranslate(self) -> None:
        self.week_caption.setText(_("&Week:"))
        self.day.setAccessibleName(_("Week"))
        self.previous_button.setAccessibleName(_("Previous week"))
        self.next_button.setAccessibleName(_("Next week"))
        self.tree.setHeaderLabels([
            _("Provider / worker"), _("Booking"), _("Date"), _("Booked"), _("Actual"), _("Break"), _("Hours"),
            _("Mileage"), _("State"), _("Working time"),
        ])
        self.tree.setAccessibleName(_("Timesheets"))
        for key, text in (("start", _("&Start:")), ("finish", _("Fi&nish:")), ("break", _("&Break:")),
                          ("mileage", _("&Miles:")), ("reason", _("&Reason:"))):
            self.entry_labels[key].setText(text)
        self.break_minutes.setSuffix(" " + _("min"))
        self.reason.setPlaceholderText(_("Why the hours differ from the booking"))
        self.save_button.setText(_("Save && next"))
        self.as_booked_button.setText(_("As booked"))
        for key, text in (("sign", _("S&ign…")), ("paper", _("Signe&d on paper…")), ("verify", _("&Verified by phone…")),
                          ("approve", _("&Approve")), ("bulk", _("Sign off pr&ovider's week…")),
                          ("print", _("&Print / open PDF…")), ("statements", _("S&tatements…")), ("pay", _("Pay e&xport…"))):
            self.buttons[key].setText(text)
        self.week_label.setText(_("{week}: {start} – {end}").format(
            week=str(self.week), start=formatting.format_date(self.week.monday), end=formatting.format_date(self.week.sunday)))
        self._fill()

    def refresh(self, *_args) -> None:
        week, db = self.week, self.context.db
        self.context.worker.submit(
            lambda: week_timesheets(db, week),
            on_success=self._show,
            on_failure=lambda error: QMessageBox.critical(self, _("Timesheets"), str(error)),
        )

    def _show(self, groups) -> None:
        self.groups = groups
        self._fill()
        self.loaded.emit()

    # -- the tree ------------------------------------------------------------
    def _fill(self) -> None:
        current = self.selected()
        keep = current.booking_id if current else None
        self.tree.clear()
        total = 0
        select_item = None
        for group in self.groups:
            parent = QTreeWidgetItem([group.name_cy if _is_welsh() else group.name_en])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            open_count = sum(1 for r in group.rows if r.state in (SheetState.NOT_STARTED, SheetState.DRAFT,
                                                                   SheetState.AWAITING_SIGNATURE))
            if open_count:
                parent.setText(8, ngettext("{count} to do", "{count} to do", open_count).format(count=open_count))
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(parent)
            for row in group.rows:
                item = QTreeWidgetItem(self._cells(row))
                item.setData(0, ROW, row)
                item.setForeground(8, QBrush(QColor(STATE_COLOURS[row.state])))
                if row.breaches:
                    item.setForeground(9, QBrush(QColor("#b3261e")))
                    item.setToolTip(9, "\n".join(row.breaches))
                if row.differs_from_booking:
                    item.setToolTip(4, row.change_reason)
                parent.addChild(item)
                total += 1
                if row.booking_id == keep:
                    select_item = item
            parent.setExpanded(True)
        self.count_label.setText(ngettext("{count} timesheet", "{count} timesheets", total).format(count=formatting.format_decimal(total)))
        if select_item is not None:
            self.tree.setCurrentItem(select_item)

    def _cells(self, row) -> list[str]:
        start, end = formatting.to_local(row.booked_start), formatting.to_local(row.booked_end)
        a_start, a_end = formatting.to_local(row.actual_start), formatting.to_local(row.actual_end)
        recorded = row.state != SheetState.NOT_STARTED
        return [
            row.worker_name,
            row.reference,
            formatting.format_date(row.booked_start, "EEE d MMM"),
            f"{start:%H:%M}–{end:%H:%M}",
            f"{a_start:%H:%M}–{a_end:%H:%M}" + (" *" if row.differs_from_booking else "") if recorded else "",
            str(row.break_minutes) if recorded else "",
            formatting.format_hours(row.paid_hours) if recorded and row.paid_hours is not None else "",
            formatting.format_decimal(row.mileage, places=1) if recorded and row.mileage else "",
            _(STATE_LABELS[row.state]) + (" ✓" if row.verified else ""),
            "⚠ " + ngettext("{count} breach", "{count} breaches", len(row.breaches)).format(count=len(row.breaches))
            if row.breaches else "",
        ]

    def selected(self):
        item = self.tree.currentItem()
        return item.data(0, ROW) if item is not None else None

    def _selected(self, *_args) -> None:
        row = self.selected()
        self._set_entry_enabled(row is not None and row.state in EDITABLE)
        if row is None:
            self.warnings.clear()
            return
        self.start.setTime(_local_qtime(row.actual_start))
        self.finish.setTime(_local_qtime(row.actual_end))
        self.break_minutes.setValue(row.break_minutes)
        self.mileage.setValue(float(row.mileage))
        self.reason.setText(row.change_reason)
        self.warnings.setText("\n".join("⚠ " + text for text in row.breaches))
        states = {
            "sign": row.state in (SheetState.DRAFT, SheetState.AWAITING_SIGNATURE),
            "paper": row.state in (SheetState.DRAFT, SheetState.AWAITING_SIGNATURE),
            "verify": row.state in (SheetState.DRAFT, SheetState.AWAITING_SIGNATURE) and not row.verified,
            "approve": row.state == SheetState.SIGNED or (row.state in (SheetState.DRAFT, SheetState.AWAITING_SIGNATURE)
                                                           and row.verified),
        }
        for key, enabled in states.items():
            self.buttons[key].setEnabled(enabled)

    def _set_entry_enabled(self, enabled: bool) -> None:
        for widget in (self.start, self.finish, self.break_minutes, self.mileage, self.reason, self.save_button,
                       self.as_booked_button):
            widget.setEnabled(enabled)

    def _move_next(self) -> None:
        item = self.tree.currentItem()
        below = self.tree.itemBelow(item) if item is not None else None
        while below is not None and below.data(0, ROW) is None:
            below = self.tree.itemBelow(below)
        if below is not None:
            self.tree.setCurrentItem(below)
            self.start.setFocus()

    # -- recording -----------------------------------------------------------
    def entry(self):
        row = self.selected()
        day = formatting.to_local(row.booked_start).date()
        start_t = self.start.time().toPython()
        end_t = self.finish.time().toPython()
        starts, ends = shift_instants(day, start_t, end_t)
        return HoursEntry(starts, ends, self.break_minutes.value(), Decimal(str(round(self.mileage.value(), 1))),
                          self.reason.text())

    def reset_to_booked(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.start.setTime(_local_qtime(row.booked_start))
        self.finish.setTime(_local_qtime(row.booked_end))
        self.break_minutes.setValue(row.booked_break_minutes)
        self.reason.clear()

    def save_current(self) -> None:
        row = self.selected()
        if row is None or row.state not in EDITABLE:
            return
        try:
            entry = self.entry()
        except ValueError as error:
            QMessageBox.warning(self, _("Timesheets"), str(error))
            return
        admin_reason = ""
        signed = row.state not in (SheetState.NOT_STARTED, SheetState.DRAFT) or row.verified
        unchanged = row.state != SheetState.NOT_STARTED and (entry.actual_start, entry.actual_end, entry.break_minutes,
                                                             entry.mileage, entry.change_reason.strip()) == (
            row.actual_start, row.actual_end, row.break_minutes, Decimal(row.mileage), row.change_reason)
        if signed and not unchanged:
            admin_reason, ok = QInputDialog.getText(
                self, _("Change a signed timesheet"),
                _("This timesheet has been signed or verified. Changing it voids the signatures. Why is it changed?"))
            if not ok:
                return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(
            lambda: record_hours(db, actor, row.booking_id, entry, admin_reason=admin_reason),
            on_success=lambda _id: self._saved(),
            on_failure=self._failed,
        )

    def _saved(self) -> None:
        self._move_next()
        self.refresh()

    def _failed(self, error: Exception) -> None:
        text = message_of(error)
        QMessageBox.warning(self, _("Timesheets"), text)

    # -- signatures and approval ----------------------------------------------
    def sign(self) -> None:
        from localitydesk.ui.dialogs.timesheet_sign_dialog import TimesheetSignDialog

        row = self.selected()
        if row is None:
            return
        dialog = TimesheetSignDialog(self.context, row, self)
        dialog.signed.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def bulk_sign_off(self) -> None:
        from localitydesk.ui.dialogs.timesheet_sign_dialog import TimesheetSignDialog

        row = self.selected()
        if row is None:
            QMessageBox.information(self, _("Timesheets"), _("Choose a timesheet of the provider first."))
            return
        dialog = TimesheetSignDialog(self.context, row, self, bulk_week=self.week)
        dialog.signed.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def paper_signature(self) -> None:
        from localitydesk.ui.dialogs.timesheet_paper_dialog import PaperSignatureDialog

        row = self.selected()
        if row is None:
            return
        dialog = PaperSignatureDialog(self.context, row, self)
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def verify(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, _("Verified by phone"),
                                          _("How were the hours verified? (for example, who confirmed them by phone)"))
        if not ok:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(lambda: verify_hours(db, actor, row.booking_id, reason),
                                   on_success=lambda _r: self.refresh(), on_failure=self._failed)

    def approve(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(lambda: approve_timesheet(db, actor, row.booking_id),
                                   on_success=lambda _r: self.refresh(), on_failure=self._failed)

    # -- documents -----------------------------------------------------------
    def print_week(self) -> None:
        row = self.selected()
        scope = [(_("The whole week"), None)]
        if row is not None:
            scope.insert(0, (row.provider_name, row.provider_id))
        names = [name for name, _pid in scope]
        choice, ok = QInputDialog.getItem(self, _("Print timesheets"), _("Print:"), names, 0, False)
        if not ok:
            return
        provider_id = dict(scope)[choice]
        default = str(Path(tempfile.gettempdir()) / f"timesheets-{self.week}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save timesheets as PDF"), default, "PDF (*.pdf)")
        if not path:
            return
        db, week = self.context.db, self.week
        self.context.worker.submit(
            lambda: write_week_pdf(db, week, Path(path), provider_id=provider_id),
            on_success=lambda _p: self._open_or_print(path),
            on_failure=self._failed,
            progress_parent=self,
            progress_label=_("Making the PDF…"),
        )

    def _open_or_print(self, path: str) -> None:
        self.pdf_prompt = offer_pdf(self, Path(path), self.context.worker)

    def _ask_period(self, title: str):
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        first, last = QDateEdit(), QDateEdit()
        for edit in (first, last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        first.setDate(to_qdate(self.week.monday))
        last.setDate(to_qdate(self.week.sunday))
        form = QFormLayout(dialog)
        form.addRow(_("From:"), first)
        form.addRow(_("To:"), last)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return from_qdate(first.date()), from_qdate(last.date())

    def statements(self) -> None:
        from localitydesk.ui.dialogs.statements_dialog import StatementsDialog

        self.statements_dialog = StatementsDialog(self.context, lambda: self._ask_period(_("Issue statements")), self)
        self.statements_dialog.changed.connect(self.refresh)
        self.statements_dialog.open()

    def pay_export(self) -> None:
        from localitydesk.services.pay_export import export_pay

        period = self._ask_period(_("Pay export"))
        if period is None:
            return
        default = str(Path(tempfile.gettempdir()) / f"pay-{period[0]:%Y%m%d}-{period[1]:%Y%m%d}.csv")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the pay export"), default, "CSV (*.csv)")
        if not path:
            return
        db, actor = self.context.db, self.context.actor
        self.context.worker.submit(
            lambda: export_pay(db, actor, period[0], period[1], Path(path)),
            on_success=lambda result: QMessageBox.information(self, _("Pay export"), _(
                "Written: {path} ({rows} rows for {workers} workers from {timesheets} timesheets)").format(
                path=path, rows=result.rows, workers=result.workers, timesheets=result.timesheets)),
            on_failure=self._failed,
        )

    # -- navigation ----------------------------------------------------------
    def set_week(self, week: IsoWeek) -> None:
        self.day.setDate(to_qdate(week.monday))

    def _day_changed(self, value: QDate) -> None:
        self.week = IsoWeek.containing(from_qdate(value))
        self.retranslate()
        self.refresh()

    def _step(self, weeks: int) -> None:
        self.set_week(self.week.shifted(weeks))


def _is_welsh() -> bool:
    from localitydesk.i18n import current_language

    return current_language() == "cy"



