"""Import and export of providers: what the Providers page and the CLI call.

As with workers (``services.worker_io``): import reads the whole file, checks
every row with the editor's own rules (``validate_provider_profile``), and
only then writes, in one unit of work, through the editor's own
``apply_provider`` — every good row or nothing, unless the caller asks for the
valid rows only.

Rows are matched to providers by ``id`` (export writes it). A row without an
id, or with an id this database has never seen (a file from another
locality's desktop), is matched by its exact Welsh and English names; a row
that matches nothing adds a provider, keeping the file's id when it has one
so importing the same file again updates rather than duplicates.
"""

from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from localitydesk.i18n import _
from localitydesk.services.locality import home_locality_id
from localitydesk.services.providers import ProviderProfile, apply_provider, profile_of, validate_provider_profile
from localitydesk.services.tabular import (
    HEADER_ROW,
    CellError,
    ExportReport,
    ImportProblem,
    ImportReport,
    file_kind,
    read_table,
    write_table,
)
from localitydesk.services.tabular.headers import check_headers, unheaded_value
from localitydesk.services.tabular.values import cell_value
from localitydesk.services.unit_of_work import read_only, unit_of_work
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Provider, Worker

from .columns import BY_CODE, COLUMNS, HEADERS, Workers

SHEET = "providers"
NAMES = ("name_cy", "name_en")
LISTS = ("contacts", "rates", "preferences")
# A new provider cannot be made up from defaults for this: a wrong type would
# quietly change how requests default.
REQUIRED_FOR_NEW = ("kind",)
REQUIRED_VALUES = ("kind",)
# A rule about one column that reads another: when that other cell could not
# be read, the rule would only repeat its problem under a second name.
_READS = {"people_preferring_welsh": ("people_supported",)}
# How a list item in the file is matched to the stored item it stands for:
# first on every field, then on what makes it the same item.
_CHILD_KEYS = {
    "contacts": (("kind", "name", "job_title", "phone", "email"), ("kind", "name"), ("name",)),
    "rates": (("role", "effective_from", "hourly_rate", "saturday_uplift_pct", "sunday_uplift_pct", "night_uplift_pct",
               "bank_holiday_uplift_pct"), ("role", "effective_from")),
    "preferences": (("worker_id",),),
}


def _workers(session: Session, locality_id: uuid.UUID) -> Workers:
    # Removed workers too: a provider's old preference still names them.
    rows = session.execute(select(Worker.id, Worker.staff_number).where(Worker.locality_id == locality_id)).all()
    return Workers(by_number={row.staff_number: row.id for row in rows}, by_id={row.id: row.staff_number for row in rows})


def _providers(session: Session, locality_id: uuid.UUID) -> list[Provider]:
    """Every provider of the locality, removed ones included, children loaded."""
    return list(session.scalars(
        select(Provider)
        .where(Provider.locality_id == locality_id)
        .options(selectinload(Provider.contacts), selectinload(Provider.rates), selectinload(Provider.worker_preferences))
    ))


# -- export ----------------------------------------------------------------------------


def export_providers(db: Database, path: str | Path) -> ExportReport:
    """Every current provider of the locality, one row each, in name order."""
    path = Path(path)
    kind = file_kind(path)
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        workers = _workers(session, locality_id)
        profiles = [profile_of(p, {}) for p in _providers(session, locality_id) if p.deleted_at is None]
    profiles.sort(key=lambda p: (p.name_cy.casefold(), p.name_en.casefold(), str(p.id)))
    rows = []
    for profile in profiles:
        cells = []
        for column in COLUMNS:
            value = getattr(profile, column.code)
            cells.append(cell_value(kind, column.write(value, workers) if column.write else value))
        rows.append(cells)
    write_table(path, list(HEADERS), rows, sheet=SHEET)
    return ExportReport(path=path, rows=len(rows))


# -- import ----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # column code -> parsed value
    problems: dict[str, str] = field(default_factory=dict)  # column code -> message
    profile: ProviderProfile | None = None
    stored: Provider | None = None  # the provider this row updates
    base: ProviderProfile | None = None  # that provider as stored
    new_id: uuid.UUID | None = None  # the file's id for a provider it adds
    claim: tuple | None = None  # what makes two rows the same provider

    def problem(self, column: str, message: str) -> None:
        self.problems.setdefault(column, message)


def _check_headers(headers: list[str], report: ImportReport) -> list[str | None]:
    codes = check_headers(headers, BY_CODE, report)
    if headers and "id" not in codes and not all(name in codes for name in NAMES):
        report.errors.append(ImportProblem(
            HEADER_ROW, "id",
            _("The file has neither an id column nor both name columns, so its rows cannot be matched to providers."),
        ))
    return codes


def _parse_row(number: int, cells: list[Any], codes: list[str | None], workers: Workers) -> _Row:
    row = _Row(number)
    for position, value in enumerate(cells):
        code = codes[position] if position < len(codes) else None
        if code is None:
            problem = unheaded_value(position, value)
            if problem:
                row.problem("", problem)
            continue
        if code in REQUIRED_VALUES and not str(value or "").strip():
            row.problem(code, _("This field is required."))
            continue
        try:
            row.values[code] = BY_CODE[code].read(value, workers)
        except CellError as error:
            row.problem(code, str(error))
    return row


class _Matcher:
    """Which stored provider each row stands for."""

    def __init__(self, session: Session, providers: list[Provider]):
        self.session = session
        self.by_id = {p.id: p for p in providers}
        self.by_names: dict[tuple[str, str], list[Provider]] = defaultdict(list)
        for provider in providers:
            if provider.deleted_at is None:
                self.by_names[(provider.name_cy, provider.name_en)].append(provider)

    def match(self, row: _Row, present: set[str]) -> None:
        given = row.values.get("id")
        if given is not None:
            provider = self.by_id.get(given)
            if provider is not None:
                if provider.deleted_at is not None:
                    row.problem("id", _("This provider was removed from LocalityDesk; clear the id to add it again."))
                else:
                    row.stored = provider
                return
            if self.session.get(Provider, given) is not None:  # another locality's record
                row.problem("id", _("This id belongs to a provider of another locality; clear it to add a new provider."))
                return
        if not all(name in present for name in NAMES):
            if given is None:
                row.problem("id", _("Give the provider's id, or both its names, so the row can be matched."))
            row.new_id = given
            return
        found = self.by_names.get((row.values.get("name_cy", ""), row.values.get("name_en", "")), [])
        if len(found) > 1:
            row.problem("name_cy", _("Several providers have these names; give the id of the one you mean."))
        elif found:
            row.stored = found[0]
        else:
            row.new_id = given


def _match_children(profile: ProviderProfile, base: ProviderProfile) -> None:
    """Give imported list items the id of the stored item they stand for, so an
    unchanged item stays untouched and a changed one is edited in place (a rate
    withdrawn and added again would also clash with itself on role and date)."""
    for name, keys in _CHILD_KEYS.items():
        free = [item for item in getattr(base, name) if item.id is not None]
        for key_fields in keys:
            for entry in getattr(profile, name):
                if entry.id is not None:
                    continue
                key = tuple(getattr(entry, part) for part in key_fields)
                for item in free:
                    if tuple(getattr(item, part) for part in key_fields) == key:
                        entry.id = item.id
                        free.remove(item)
                        break


def content(profile: ProviderProfile) -> tuple:
    """Everything that would be saved, ids and display names aside, comparably."""
    scalars = tuple(
        (name, sorted(str(role) for role in profile.welsh_essential_roles) if name == "welsh_essential_roles"
         else getattr(profile, name))
        for name in HEADERS if name not in LISTS and name != "id"
    )
    return (
        scalars,
        sorted((str(c.kind), c.name, c.job_title, c.phone, c.email) for c in profile.contacts),
        sorted((str(r.role), r.effective_from, r.hourly_rate, r.saturday_uplift_pct, r.sunday_uplift_pct,
                r.night_uplift_pct, r.bank_holiday_uplift_pct) for r in profile.rates),
        sorted((str(p.worker_id), str(p.kind), p.reason) for p in profile.preferences),
    )


def _build_profile(row: _Row, present: set[str]) -> None:
    base = profile_of(row.stored, {}) if row.stored is not None else None
    if base is not None:
        profile = copy.copy(base)
        for name in LISTS + ("welsh_essential_roles",):
            setattr(profile, name, list(getattr(base, name)))
    else:
        profile = ProviderProfile()
        for code in REQUIRED_FOR_NEW:
            if code not in present and "id" not in row.problems:
                row.problem(code, _("A new provider needs this column."))
    for code, value in row.values.items():
        if code != "id":
            setattr(profile, code, value)
    profile.id = row.stored.id if row.stored is not None else None
    if base is not None:
        _match_children(profile, base)
    # Validated in file order, so "Item 2" is the second item the reader wrote.
    for key, message in validate_provider_profile(profile).items():
        name, _bracket, index = key.partition("[")
        if index:
            message = _("Item {number}: {reason}").format(number=int(index.rstrip("]")) + 1, reason=message)
        if name in row.problems or any(other in row.problems for other in _READS.get(name, ())):
            continue  # a cell that could not be read already says why
        row.problem(name, message)
    row.profile = profile
    row.base = base


def _mark_duplicates(rows: list[_Row]) -> None:
    """Two rows for one provider (or two new rows with one id or the same names)
    would overwrite each other: both are reported."""
    claims: dict[Any, list[int]] = defaultdict(list)
    for row in rows:
        if row.stored is not None:
            key = ("stored", row.stored.id)
        elif row.new_id is not None:
            key = ("id", row.new_id)
        elif "id" not in row.problems:
            key = ("names", row.values.get("name_cy", ""), row.values.get("name_en", ""))
        else:
            continue
        row.claim = key
        claims[key].append(row.number)
    for row in rows:
        numbers = claims.get(row.claim, []) if row.claim else []
        if len(numbers) > 1:
            others = ", ".join(str(n) for n in numbers if n != row.number)
            column = "name_cy" if row.claim[0] == "names" else "id"
            row.problem(column, _("This provider is also on row {rows}.").format(rows=others))


def import_providers(
    db: Database,
    actor: Actor,
    path: str | Path,
    dry_run: bool = False,
    valid_only: bool = False,
) -> ImportReport:
    path = Path(path)
    report = ImportReport(path=path, dry_run=dry_run, valid_only=valid_only)
    table = read_table(path, sheet=SHEET)
    codes = _check_headers(table.headers, report)
    report.rows_read = len(table.rows)
    if report.errors:
        return report  # a file we cannot read column by column: no row is trusted
    present = {code for code in codes if code}

    with unit_of_work(db, actor, "import_providers", reason=path.name) as session:
        locality_id = home_locality_id(session)
        workers = _workers(session, locality_id)
        matcher = _Matcher(session, _providers(session, locality_id))
        rows = [_parse_row(number, cells, codes, workers) for number, cells in table.rows]
        for row in rows:
            if "id" not in row.problems:
                matcher.match(row, present)
        _mark_duplicates(rows)
        for row in rows:
            _build_profile(row, present)

        good = [row for row in rows if not row.problems]
        for row in rows:
            for column, message in row.problems.items():
                report.errors.append(ImportProblem(row.number, column, message))
        report.errors.sort(key=lambda problem: (problem.row, _column_order(problem.column)))
        report.rows_ok = len(good)
        changed = []
        for row in good:
            if row.stored is None:
                report.created += 1
                changed.append(row)
            elif content(row.profile) != content(row.base):
                report.updated += 1
                changed.append(row)
            else:
                report.unchanged += 1
        if dry_run or (report.errors and not valid_only):
            return report
        for row in changed:
            provider = row.stored
            if provider is None:
                provider = Provider(id=row.new_id or uuid.uuid4(), locality_id=locality_id)
                session.add(provider)
            apply_provider(provider, locality_id, row.profile)
        session.flush()
        report.written = bool(good)
    return report


def _column_order(code: str) -> int:
    return HEADERS.index(code) if code in HEADERS else -1

