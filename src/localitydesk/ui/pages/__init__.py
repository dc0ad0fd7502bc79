"""The main window's pages, in navigation order.

Only the page the user lands on is built at start-up; each of the others is
imported and built the first time it is shown. The rota page alone brings the
planning code, the timesheets page the PDF code: a locality team that opens
the app to check the Dashboard should not wait for either.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from localitydesk.i18n import _


@dataclass(frozen=True)
class PageEntry:
    key: str
    title: Callable[[], str]  # called each time, so it follows the language
    module: str  # within localitydesk.ui.pages
    class_name: str

    def page_class(self):
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.class_name)


PAGES: tuple[PageEntry, ...] = (
    PageEntry("dashboard", lambda: _("Dashboard"), "dashboard_page", "DashboardPage"),
    PageEntry("requests", lambda: _("Requests"), "requests_page", "RequestsPage"),
    PageEntry("rota", lambda: _("Rota"), "rota_page", "RotaPage"),
    PageEntry("workers", lambda: _("Workers"), "workers_page", "WorkersPage"),
    PageEntry("providers", lambda: _("Providers"), "providers_page", "ProvidersPage"),
    PageEntry("timesheets", lambda: _("Timesheets"), "timesheets_page", "TimesheetsPage"),
    PageEntry("settings", lambda: _("Settings"), "settings_page", "SettingsPage"),  # Settings stays last
)


def page_entry(key: str) -> PageEntry:
    return next(entry for entry in PAGES if entry.key == key)


def page_title(key: str) -> str:
    return page_entry(key).title()
