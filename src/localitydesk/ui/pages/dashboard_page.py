"""The Dashboard: what needs attention today.

Every line of its three lists begins with its day written the one way the
app's lists write a day ("Sat 5 Dec", "Sad 5 Rhag"), with a time where there
is one, so the eye can run down the dates: never a numeric date beside a
named one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QListView, QListWidget, QVBoxLayout, QWidget

from localitydesk.domain.vocabulary import WelshRequirement, label
from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.formatting import format_date, format_decimal, format_time
from localitydesk.services.dashboard import dashboard_summary
from localitydesk.ui.models.request_table_model import when

from .base import Page


LIST_DAY = "EEE d MMM"  # as the Requests, Rota and Timesheets lists name a day


def list_day(value) -> str:
    return format_date(value, LIST_DAY)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else format_decimal(round(rate * 100), places=0) + "%"


class DashboardPage(Page):
    key = "dashboard"
    needs_data_layer = False  # its figures are read with sqlite3 (services.dashboard)
    open_requests = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.workforce = QLabel()
        self.rates = QLabel()
        self.rates.setStyleSheet("font-size: 12pt;")
        for line in (self.workforce, self.rates):  # long in Welsh: wrap rather than widen the window
            line.setWordWrap(True)
        self.boxes = {key: QGroupBox() for key in ("unfilled", "awaiting", "compliance")}
        self.lists = {key: QListWidget() for key in self.boxes}
        for box_list in self.lists.values():
            # A line longer than the list is wide wraps onto a second line,
            # so the role and the number needed at its end are read without
            # scrolling sideways.
            box_list.setWordWrap(True)
            box_list.setResizeMode(QListView.ResizeMode.Adjust)
            box_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            box_list.setTextElideMode(Qt.TextElideMode.ElideNone)
            box_list.setAlternatingRowColors(True)  # where a wrapped line ends and the next begins
        for key, box in self.boxes.items():
            QVBoxLayout(box).addWidget(self.lists[key])
        self.lists["unfilled"].itemActivated.connect(lambda _item: self.open_requests.emit())
        grid = QGridLayout()
        grid.addWidget(self.boxes["unfilled"], 0, 0, 2, 1)
        grid.addWidget(self.boxes["awaiting"], 0, 1)
        grid.addWidget(self.boxes["compliance"], 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.workforce)
        layout.addWidget(self.rates)
        layout.addLayout(grid, 1)
        self.summary = None
        self.retranslate()

    def refresh(self) -> None:
        today = self.context.today()
        database_file = self.context.database_file
        prefetch, self.context.first_page = self.context.first_page, None

        def read():
            return (prefetch and prefetch.result(today)) or dashboard_summary(database_file, today)

        self.context.worker.submit(read, on_success=self._show)

    def _show(self, summary) -> None:
        self.summary = summary
        self.retranslate()
        self.loaded.emit()

    def retranslate(self) -> None:
        language = current_language()
        self.heading.setText(self.context.locality_name(language) or _("Dashboard"))
        titles = {
            "unfilled": _("Unfilled requests in the next 7 days"),
            "awaiting": _("Bookings awaiting confirmation"),
            "compliance": _("Compliance expiring in the next 30 days"),
        }
        for key, text in titles.items():
            self.boxes[key].setTitle(text)
            self.lists[key].setAccessibleName(text)
            self.lists[key].clear()
        if self.summary is None:
            self.workforce.setText(_("Loading…"))
            return
        s = self.summary
        self.workforce.setText(
            ngettext("{count} current worker", "{count} current workers", s.current_workers).format(count=format_decimal(s.current_workers))
            + " · "
            + ngettext(
                "{count} speaks Welsh at Intermediate or above",
                "{count} speak Welsh at Intermediate or above",
                s.welsh_intermediate_or_above,
            ).format(count=format_decimal(s.welsh_intermediate_or_above))
        )
        self.rates.setText(
            _("This month: {fill} of requests filled · Welsh need met in {welsh}").format(
                fill=_percent(s.fill_rate), welsh=_percent(s.welsh_match_rate)
            )
        )
        for row in s.unfilled_next_week:
            marker = "★ " if row.welsh_requirement == WelshRequirement.ESSENTIAL else ""
            self.lists["unfilled"].addItem(
                _("{marker}{when} · {provider} · {role} · {missing} needed").format(
                    marker=marker, when=when(row), provider=row.provider_name(language), role=label(row.role),
                    missing=row.unfilled,
                )
            )
        for booking in s.awaiting_confirmation:
            provider = booking.provider_name_cy if language == "cy" else booking.provider_name_en
            self.lists["awaiting"].addItem(
                # Separated, not joined with "at": Welsh "yn" would need to
                # mutate the provider's name (yng Nghartref…), which no
                # format string can do for any name.
                _("{when} · {name} · {provider} ({status})").format(
                    when=f"{list_day(booking.starts_at)} {format_time(booking.starts_at)}", name=booking.worker_name,
                    provider=provider or booking.provider_name_en, status=label(booking.status),
                )
            )
        for item in s.expiring:
            # The box's title says these expire: each line leads with its day like the others.
            self.lists["compliance"].addItem(f"{list_day(item.expires_on)} · {item.worker_name} · {item.label()}")
        empty = {
            "unfilled": _("Every request in the next 7 days is filled."),
            "awaiting": _("No bookings are waiting for confirmation."),
            "compliance": _("Nothing expires in the next 30 days."),
        }
        for key, text in empty.items():
            if self.lists[key].count() == 0:
                self.lists[key].addItem(text)
        self.lists["unfilled"].setToolTip(_("★ Welsh essential"))
