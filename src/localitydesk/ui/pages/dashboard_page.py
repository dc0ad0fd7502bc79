"""The Dashboard: what needs attention today."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QVBoxLayout, QWidget

from localitydesk.i18n import _, ngettext
from localitydesk.i18n.formatting import format_date
from localitydesk.services.dashboard import dashboard_summary

from .base import Page


class DashboardPage(Page):
    key = "dashboard"

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.workforce = QLabel()
        self.compliance_box = QGroupBox()
        self.compliance_list = QListWidget()
        box_layout = QVBoxLayout(self.compliance_box)
        box_layout.addWidget(self.compliance_list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.workforce)
        layout.addWidget(self.compliance_box, 1)
        self.summary = None
        self.retranslate()

    def title(self) -> str:
        return _("Dashboard")

    def refresh(self) -> None:
        today = self.context.today()
        self.context.worker.submit(
            lambda: dashboard_summary(self.context.db, today),
            on_success=self._show,
        )

    def _show(self, summary) -> None:
        self.summary = summary
        self.retranslate()
        self.loaded.emit()

    def retranslate(self) -> None:
        from localitydesk.i18n import current_language

        self.heading.setText(self.context.locality_name(current_language()) or _("Dashboard"))
        self.compliance_box.setTitle(_("Compliance expiring in the next 30 days"))
        self.compliance_list.setAccessibleName(_("Compliance expiring in the next 30 days"))
        self.compliance_list.clear()
        if self.summary is None:
            self.workforce.setText(_("Loading…"))
            return
        s = self.summary
        self.workforce.setText(
            ngettext("{count} current worker", "{count} current workers", s.current_workers).format(count=s.current_workers)
            + " · "
            + ngettext(
                "{count} speaks Welsh at Intermediate or above",
                "{count} speak Welsh at Intermediate or above",
                s.welsh_intermediate_or_above,
            ).format(count=s.welsh_intermediate_or_above)
        )
        for item in s.expiring:
            self.compliance_list.addItem(
                _("{name}: {item} expires {date}").format(name=item.worker_name, item=item.label(), date=format_date(item.expires_on))
            )
        if not s.expiring:
            self.compliance_list.addItem(_("Nothing expires in the next 30 days."))
