"""The columns of a workers file, and the compact text of its list columns.

One row per worker; the header row holds these stable English codes, in this
order on export (import accepts any order and any subset that includes
``staff_number``; a column left out keeps what the database already has):

    staff_number first_name last_name preferred_language
    welsh_speaking welsh_reading welsh_writing employment_type main_role roles
    start_date leaving_date leaving_reason contracted_hours wtr_opt_out
    wtr_opt_out_signed_on date_of_birth drives has_car max_travel_km home_town
    phone email notes_cy notes_en compliance availability absences

Values: dates ``YYYY-MM-DD`` (import also takes 31/03/2025 and date cells);
yes/no; codes as in ``domain.vocabulary`` (``care_worker``; "Care worker" is
read too); Welsh levels 0–5 (see ``welsh_scale`` for other scales);
``home_town`` a town code from ``domain.places`` (a Welsh or English town
name is read as its code; a town we do not know is kept as written).

List columns hold several items separated by ``;``. Inside an item, parts
are separated by ``|``; a ``\\`` before ``;``, ``|`` or ``\\`` makes it literal,
so any reference or note survives the round trip:

    roles          care_worker;senior_care_worker      (always includes main_role)
    compliance     kind|reference|issued|expires        e.g. dbs_enhanced|001234567890|2024-05-01|2027-05-01
    availability   weekday HH:MM-HH:MM                  e.g. mon 08:00-20:00; sat 20:00-08:00 (past midnight)
    absences       kind|first day|last day|note         e.g. annual_leave|2025-07-01|2025-07-14|Sbaen
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from localitydesk.domain import places
from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Language, Role
from localitydesk.i18n import _, pgettext
from localitydesk.services.tabular import cells
from localitydesk.services.tabular.cells import CellError
from localitydesk.services.tabular.lists import escape, item_error, items, read_codes, split_escaped, unescape
from localitydesk.services.tabular.values import plain, to_text
from localitydesk.services.workers import AbsenceEntry, AvailabilityEntry, ComplianceEntry
from localitydesk.store.models import Absence, ComplianceItem, Worker

from .welsh_scale import WelshScale, parse_level

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = {name: index for index, name in enumerate(WEEKDAYS)} | {
    full: index
    for index, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}


def _length(model, name: str) -> int:
    return model.__table__.c[name].type.length


# -- the compact list forms (escaping in ``tabular.lists``) ---------------------------


# The parts of a list item by name, for messages; a context because "type"
# and "note" alone are too short to translate safely.
def compliance_form() -> str:
    """'type|reference|issued|expires' in the UI language."""
    return "|".join((
        pgettext("worker file item part", "type"),
        pgettext("worker file item part", "reference"),
        pgettext("worker file item part", "issued"),
        pgettext("worker file item part", "expires"),
    ))


def absence_form() -> str:
    return "|".join((
        pgettext("worker file item part", "type"),
        pgettext("worker file item part", "first day"),
        pgettext("worker file item part", "last day"),
        pgettext("worker file item part", "note"),
    ))


def read_roles(value, _scale) -> list[Role]:
    return read_codes(value, Role, _("“{value}” is not a role LocalityDesk knows."))


def write_roles(roles: list[Role]) -> str:
    return ";".join(role.value for role in roles)


def read_compliance(value, _scale) -> list[ComplianceEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        parts = [unescape(part) for part in split_escaped(item.strip(), "|")]
        try:
            if len(parts) != 4:
                raise CellError(_("write each item as {form}.").format(form=compliance_form()))
            kind = cells.code(parts[0], ComplianceType, _("“{value}” is not a compliance type LocalityDesk knows."))
            reference = cells.text(parts[1], _length(ComplianceItem, "reference"))
            issued, expires = cells.optional_date(parts[2]), cells.optional_date(parts[3])
        except CellError as error:
            raise item_error(number, error) from None
        entries.append(ComplianceEntry(kind=kind, reference=reference, issued_on=issued, expires_on=expires))
    return entries


def write_compliance(entries: list[ComplianceEntry]) -> str:
    return "; ".join(
        "|".join((entry.kind.value, escape(entry.reference), _iso(entry.issued_on), _iso(entry.expires_on)))
        for entry in entries
    )


def read_availability(value, _scale) -> list[AvailabilityEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        try:
            day, _space, span = item.strip().partition(" ")
            weekday = _WEEKDAY_NAMES.get(day.casefold())
            if weekday is None:
                raise CellError(_("“{value}” is not a weekday: use mon, tue, wed, thu, fri, sat or sun.").format(value=day))
            start, dash, end = span.strip().partition("-")
            if not dash:
                raise CellError(_("write each window as weekday HH:MM-HH:MM, for example mon 08:00-20:00."))
            entries.append(AvailabilityEntry(weekday, cells.optional_time(start.strip()), cells.optional_time(end.strip())))
        except CellError as error:
            raise item_error(number, error) from None
    return entries


def write_availability(entries: list[AvailabilityEntry]) -> str:
    return "; ".join(
        f"{WEEKDAYS[entry.weekday]} {entry.start_time:%H:%M}-{entry.end_time:%H:%M}" for entry in entries
    )


def read_absences(value, _scale) -> list[AbsenceEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        parts = [unescape(part) for part in split_escaped(item.strip(), "|")]
        try:
            if len(parts) != 4:
                raise CellError(_("write each absence as {form}.").format(form=absence_form()))
            kind = cells.code(parts[0], AbsenceKind, _("“{value}” is not a kind of absence LocalityDesk knows."))
            first, last = cells.optional_date(parts[1]), cells.optional_date(parts[2])
            if first is None or last is None:
                raise CellError(_("an absence needs its first and last day."))
            note = cells.text(parts[3], _length(Absence, "note"))
        except CellError as error:
            raise item_error(number, error) from None
        entries.append(AbsenceEntry(kind=kind, start_date=first, end_date=last, note=note))
    return entries


def write_absences(entries: list[AbsenceEntry]) -> str:
    return "; ".join(
        "|".join((entry.kind.value, entry.start_date.isoformat(), entry.end_date.isoformat(), escape(entry.note)))
        for entry in entries
    )


# -- single values ----------------------------------------------------------------------


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _text(name: str, *, strip: bool = True) -> Callable:
    length = _length(Worker, name)
    return lambda value, _scale: cells.text(value, length, strip=strip)


def _notes(value, _scale) -> str:
    # Notes keep their spacing and line breaks exactly.
    return cells.as_text(value)


def _level(value, scale: WelshScale) -> int:
    return parse_level(value, scale)


_LANGUAGE_WORDS = {"cy": Language.CY, "welsh": Language.CY, "cymraeg": Language.CY,
                   "en": Language.EN, "english": Language.EN, "saesneg": Language.EN}


def _language(value, _scale) -> Language:
    raw = cells.as_text(value).strip()
    if not raw:
        return Language.EN
    found = _LANGUAGE_WORDS.get(raw.casefold())
    if found is None:
        raise CellError(_("“{value}” is not a language: use cy or en.").format(value=raw))
    return found


def _employment(value, _scale) -> EmploymentType:
    return cells.code(value, EmploymentType, _("“{value}” is not an employment type: use core, bank or new_to_care."))


def _role(value, _scale) -> Role:
    return cells.code(value, Role, _("“{value}” is not a role LocalityDesk knows."))


def _date(value, _scale) -> date | None:
    return cells.optional_date(value)


def _bool(value, _scale) -> bool:
    return cells.boolean(value)


def _whole(value, _scale) -> int | None:
    return cells.optional_whole_number(value)


def _decimal(value, _scale) -> Decimal | None:
    return cells.optional_decimal(value)


def _town(value, _scale) -> str:
    raw = cells.text(value, _length(Worker, "home_town"))
    town = places.find_town(raw)
    return town.code if town else raw


@dataclass(frozen=True)
class Column:
    code: str  # the header, and the WorkerProfile field it fills
    read: Callable[[Any, WelshScale], Any]
    write: Callable[[Any], Any] | None = None  # to text; None for plain values


COLUMNS: tuple[Column, ...] = (
    Column("staff_number", _text("staff_number")),
    Column("first_name", _text("first_name")),
    Column("last_name", _text("last_name")),
    Column("preferred_language", _language),
    Column("welsh_speaking", _level),
    Column("welsh_reading", _level),
    Column("welsh_writing", _level),
    Column("employment_type", _employment),
    Column("main_role", _role),
    Column("roles", read_roles, write_roles),
    Column("start_date", _date),
    Column("leaving_date", _date),
    Column("leaving_reason", _text("leaving_reason")),
    Column("contracted_hours", _decimal),
    Column("wtr_opt_out", _bool),
    Column("wtr_opt_out_signed_on", _date),
    Column("date_of_birth", _date),
    Column("drives", _bool),
    Column("has_car", _bool),
    Column("max_travel_km", _whole),
    Column("home_town", _town),
    Column("phone", _text("phone")),
    Column("email", _text("email")),
    Column("notes_cy", _notes),
    Column("notes_en", _notes),
    Column("compliance", read_compliance, write_compliance),
    Column("availability", read_availability, write_availability),
    Column("absences", read_absences, write_absences),
)
BY_CODE = {column.code: column for column in COLUMNS}
HEADERS = tuple(column.code for column in COLUMNS)
# Columns whose value lives in a differently named WorkerProfile field.
PROFILE_FIELD = {"compliance": "compliance_items"}


def profile_field(code: str) -> str:
    return PROFILE_FIELD.get(code, code)

__all__ = ["COLUMNS", "BY_CODE", "HEADERS", "escape", "split_escaped", "unescape", "plain", "to_text"]
