"""The Requests table: unfilled and soonest first, with how long each has waited."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from localitydesk.domain.vocabulary import RequestStatus, WelshLevel, WelshRequirement, label
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.i18n.formatting import format_date, format_elapsed, format_time
from localitydesk.services.request_rows import RequestRow

from .row_table_model import Column, RowTableModel


def when(row: RequestRow) -> str:
    return _("{day} {start}–{end}").format(
        day=format_date(row.starts_at, "EEE d MMM"), start=format_time(row.starts_at), end=format_time(row.ends_at)
    )


def welsh_need(row: RequestRow) -> str:
    if row.welsh_requirement == WelshRequirement.ESSENTIAL:
        return _("Essential: {level}").format(level=label(WelshLevel(row.welsh_level)))
    if row.welsh_requirement == WelshRequirement.DESIRABLE:
        return _("Desirable")
    return "—"


PAST = QColor("#757575")  # muted grey, still 4.6:1 on white


class RequestTableModel(RowTableModel[RequestRow]):
    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc), parent=None):
        self.now = now
        super().__init__(
            [
                # Upcoming before past, then unfilled before filled, soonest first.
                Column(lambda: _("When"), when, lambda r: (self.is_past(r), r.unfilled == 0, r.starts_at)),
                Column(
                    lambda: _("Provider"),
                    lambda r: r.provider_name(current_language()),
                    lambda r: sort_key(r.provider_name(current_language())),
                ),
                Column(lambda: _("Role"), lambda r: label(r.role), lambda r: label(r.role)),
                Column(
                    lambda: _("Booked"),
                    lambda r: _("{booked} of {needed}").format(booked=r.booked, needed=r.staff_needed),
                    lambda r: (r.unfilled, r.staff_needed),
                    lambda r: QColor("#b3261e") if r.unfilled and r.status != RequestStatus.CANCELLED else None,
                ),
                Column(
                    lambda: _("Welsh"),
                    welsh_need,
                    lambda r: (r.welsh_requirement != WelshRequirement.ESSENTIAL, r.welsh_requirement != WelshRequirement.DESIRABLE),
                    lambda r: QColor("#00693e") if r.welsh_requirement == WelshRequirement.ESSENTIAL else None,
                ),
                Column(lambda: _("Reason"), lambda r: label(r.reason), lambda r: label(r.reason)),
                Column(lambda: _("Open for"), self._open_for, lambda r: r.requested_at),
                Column(lambda: _("Status"), lambda r: label(r.status), lambda r: label(r.status)),
            ],
            parent,
        )

    def is_past(self, row: RequestRow) -> bool:
        """The shift is over: nobody can be sent any more."""
        return row.ends_at <= self.now()

    def _open_for(self, row: RequestRow) -> str:
        if row.unfilled == 0 or row.status == RequestStatus.CANCELLED:
            return "—"
        if self.is_past(row):
            return _("past")  # said in words, not by the grey alone
        return format_elapsed((self.now() - row.requested_at).total_seconds())

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # A request whose shift is over (earlier days of the week) is greyed,
        # and its tooltip says why, so it is not taken for one still to fill.
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_at(index.row())
            if self.is_past(row):
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(PAST)
                return _("Past — the shift ended: {when}").format(
                    when=f"{format_date(row.ends_at, 'EEE d MMM')} {format_time(row.ends_at)}"
                )
        return super().data(index, role)

    def search_text(self, row: RequestRow) -> str:
        return " ".join((row.provider_name_cy, row.provider_name_en, row.requested_by, row.notes))
