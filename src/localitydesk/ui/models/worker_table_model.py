"""The Workers table: columns and filters over ``WorkerRow``s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QColor

from localitydesk.domain.compliance_status import ComplianceState, compliance_state_label
from localitydesk.domain.places import town_by_code
from localitydesk.domain.vocabulary import EmploymentType, Role, label, welsh_level_label
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.i18n.formatting import format_date
from localitydesk.services.workers import WorkerRow

from .row_table_model import ROW_ROLE, Column, RowTableModel

__all__ = ["ROW_ROLE", "WorkerFilter", "WorkerTableModel", "town_label"]

_COMPLIANCE_COLOURS = {
    ComplianceState.EXPIRED: QColor("#b3261e"),
    ComplianceState.MISSING: QColor("#b3261e"),
    ComplianceState.EXPIRING: QColor("#9a6700"),
}


def town_label(code: str, language: str) -> str:
    town = town_by_code(code) if code else None
    return town.name(language) if town else code


def town_names(code: str) -> str:
    """Both names, so a search in either language finds the town."""
    town = town_by_code(code) if code else None
    return f"{town.name_cy} {town.name_en}" if town else code


@dataclass
class WorkerFilter:
    text: str = ""
    employment_type: EmploymentType | None = None
    role: Role | None = None
    min_welsh: int = 0
    compliance: ComplianceState | None = None
    show_current: bool = True
    show_leavers: bool = False

    def accepts(self, row: WorkerRow, today: date) -> bool:
        current = row.leaving_date is None or row.leaving_date > today
        return (
            (self.show_current if current else self.show_leavers)
            and (self.employment_type is None or row.employment_type == self.employment_type)
            and (self.role is None or self.role in row.roles)
            and row.welsh_speaking >= self.min_welsh
            and (self.compliance is None or row.compliance == self.compliance)
        )


def _compliance_text(row: WorkerRow) -> str:
    text = compliance_state_label(row.compliance)
    if row.next_expiry is not None and row.compliance in (ComplianceState.EXPIRING, ComplianceState.EXPIRED):
        return f"{text} ({format_date(row.next_expiry, 'short')})"
    return text


class WorkerTableModel(RowTableModel[WorkerRow]):
    def __init__(self, parent=None):
        self._today = date.today()
        super().__init__(
            [
                Column(lambda: _("Name"), self._name, lambda r: sort_key(f"{r.last_name} {r.first_name}")),
                Column(lambda: _("Employment"), lambda r: label(r.employment_type), lambda r: label(r.employment_type)),
                Column(lambda: _("Main role"), lambda r: label(r.main_role), lambda r: label(r.main_role)),
                Column(lambda: _("Welsh (speaking)"), lambda r: welsh_level_label(r.welsh_speaking), lambda r: r.welsh_speaking),
                Column(lambda: _("Preferred language"), lambda r: label(r.preferred_language), lambda r: r.preferred_language.value),
                Column(
                    lambda: _("Compliance"),
                    _compliance_text,
                    lambda r: (r.compliance.severity, r.next_expiry or date.max),
                    lambda r: _COMPLIANCE_COLOURS.get(r.compliance),
                ),
                Column(
                    lambda: _("Home town"),
                    lambda r: town_label(r.home_town, current_language()),
                    lambda r: sort_key(town_label(r.home_town, current_language())),
                ),
            ],
            parent,
        )

    def _name(self, row: WorkerRow) -> str:
        if row.leaving_date is not None and row.leaving_date <= self._today:
            return _("{name} (left)").format(name=row.name)
        return row.name

    def search_text(self, row: WorkerRow) -> str:
        return " ".join((row.first_name, row.last_name, row.staff_number, town_names(row.home_town)))

    def set_worker_rows(self, rows: list[WorkerRow], today: date) -> None:
        self._today = today
        self.set_rows(rows)

    def population_count(self, worker_filter: WorkerFilter) -> int:
        """How many workers the Show choice covers (current, leavers or all),
        before the other filters: what "Showing N of M" counts M from."""
        today = self._today
        base = WorkerFilter(show_current=worker_filter.show_current, show_leavers=worker_filter.show_leavers)
        return sum(1 for row in self._rows if base.accepts(row, today))

    def apply(self, worker_filter: WorkerFilter) -> None:
        today = self._today
        self.set_filter(worker_filter.text, lambda row: worker_filter.accepts(row, today))
