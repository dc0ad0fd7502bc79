"""Import and export of workers: what the Workers page and the CLI call.

Import reads the whole file, checks every row, and only then writes, in one
unit of work: either every good row goes in (with its audit entry and outbox
change, through the ORM like an edit in the profile editor) or nothing does.
Rows are matched to workers by staff number: a known number updates that
worker, a new one adds a worker. A file with any problem imports nothing
unless the caller asks for the valid rows only.
"""

from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.i18n import _
from localitydesk.services.locality import home_locality_id
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
from localitydesk.services.tabular.cells import as_text
from localitydesk.services.tabular.headers import check_headers, unheaded_value
from localitydesk.services.tabular.values import cell_value
from localitydesk.services.unit_of_work import read_only, unit_of_work
from localitydesk.services.workers import (
    WorkerProfile,
    apply_profile,
    validate_profile,
)
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Worker

from .columns import BY_CODE, COLUMNS, HEADERS, plain, profile_field
from .profiles import SCALAR_FIELDS, StoredWorker, read_profiles, sort_lists
from .welsh_scale import WelshScale

LONDON = ZoneInfo("Europe/London")
SHEET = "workers"
KEY = "staff_number"
WRITE_BATCH = 250
# A new worker cannot be made up from defaults for these.
REQUIRED_FOR_NEW = ("staff_number", "first_name", "last_name", "employment_type", "main_role", "start_date")
# validate_profile reports list items as "compliance_items[2]"; the file calls that column "compliance".
_ERROR_COLUMN = {"compliance_items": "compliance", "availability": "availability", "absences": "absences"}


def today_in_wales() -> date:
    return datetime.now(LONDON).date()


# -- export ----------------------------------------------------------------------------


def export_workers(db: Database, path: str | Path) -> ExportReport:
    """Every current record (leavers included) of the locality, one row each."""
    path = Path(path)
    kind = file_kind(path)
    with read_only(db) as session:
        stored = read_profiles(session, home_locality_id(session))
    profiles = [stored[number].profile for number in sorted(stored) if not stored[number].removed]
    rows = []
    for profile in profiles:
        cells = []
        for column in COLUMNS:
            value = getattr(profile, profile_field(column.code))
            value = column.write(value) if column.write else plain(value)
            cells.append(cell_value(kind, value))
        rows.append(cells)
    write_table(path, list(HEADERS), rows, sheet=SHEET)
    return ExportReport(path=path, rows=len(rows))


# -- import ----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # column code -> parsed value
    problems: dict[str, str] = field(default_factory=dict)  # column code -> message
    profile: WorkerProfile | None = None
    stored: StoredWorker | None = None

    def problem(self, column: str, message: str) -> None:
        self.problems.setdefault(column, message)


def _check_headers(headers: list[str], report: ImportReport) -> list[str | None]:
    codes = check_headers(headers, BY_CODE, report)
    if headers and KEY not in codes:
        report.errors.append(
            ImportProblem(HEADER_ROW, KEY, _("The file has no staff_number column, so its rows cannot be matched to workers."))
        )
    return codes


def _parse_row(number: int, cells: list[Any], codes: list[str | None], scale: WelshScale) -> _Row:
    row = _Row(number)
    for position, value in enumerate(cells):
        code = codes[position] if position < len(codes) else None
        if code is None:
            problem = unheaded_value(position, value)
            if problem:
                row.problem("", problem)
            continue
        if code in ("employment_type", "main_role") and not as_text(value).strip():
            row.problem(code, _("This field is required."))
            continue
        try:
            row.values[code] = BY_CODE[code].read(value, scale)
        except CellError as error:
            row.problem(code, str(error))
    return row


def _match_children(profile: WorkerProfile, base: WorkerProfile) -> None:
    """Give imported list items the id of the existing item they stand for, so
    an unchanged item stays untouched and a changed one is edited in place
    (not withdrawn and added again, which would read as two changes)."""
    for entries, existing, exact, loose in (
        (profile.compliance_items, base.compliance_items, ("kind", "reference", "issued_on", "expires_on"), ("kind",)),
        (profile.absences, base.absences, ("kind", "start_date", "end_date", "note"), ("kind", "start_date")),
    ):
        free = [item for item in existing if item.id is not None]
        for key_fields in (exact, loose):
            for entry in entries:
                if entry.id is not None:
                    continue
                key = tuple(getattr(entry, name) for name in key_fields)
                for item in free:
                    if tuple(getattr(item, name) for name in key_fields) == key:
                        entry.id = item.id
                        free.remove(item)
                        break


def _content(profile: WorkerProfile) -> tuple:
    """Everything that would be saved, ids aside, in a comparable form."""
    scalars = tuple((name, getattr(profile, name) or None) for name in SCALAR_FIELDS)
    return (
        scalars,
        tuple(sorted(profile.roles)),
        sorted((e.kind, e.reference, e.issued_on or date.min, e.expires_on or date.min) for e in profile.compliance_items),
        sorted((e.weekday, e.start_time, e.end_time) for e in profile.availability),
        sorted((e.kind, e.start_date, e.end_date, e.note) for e in profile.absences),
    )


def _build_profile(row: _Row, stored: StoredWorker | None, present: set[str], today: date) -> None:
    if stored is not None:
        base = stored.profile
        # New lists, shared entries: nothing below edits an existing entry.
        profile = copy.copy(base)
        for name in ("roles", "compliance_items", "availability", "absences"):
            setattr(profile, name, list(getattr(base, name)))
        row.stored = stored
    else:
        base, profile = None, WorkerProfile()
        for code in REQUIRED_FOR_NEW:
            if code not in present:
                row.problem(code, _("A new worker needs this column."))
    for code, value in row.values.items():
        setattr(profile, profile_field(code), value)
    # As the profile editor saves it: the main role is always one of the roles.
    profile.roles = sorted(set(profile.roles) | {profile.main_role})
    if base is not None:
        _match_children(profile, base)
    sort_lists(profile)
    for key, message in validate_profile(profile, today).items():
        name, _bracket, index = key.partition("[")
        column = _ERROR_COLUMN.get(name, name)
        if index:
            message = _("Item {number}: {reason}").format(number=int(index.rstrip("]")) + 1, reason=message)
        if column not in row.problems:  # a cell that could not be read already says why
            row.problem(column, message)
    row.profile = profile


def _records(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Worker]:
    """The ORM workers (children loaded) for the rows that change them."""
    if not ids:
        return {}
    return {worker.id: worker for worker in session.scalars(select(Worker).where(Worker.id.in_(ids)))}


def _apply(session: Session, locality_id: uuid.UUID, row: _Row, worker: Worker | None) -> None:
    """Write one checked row through the ORM, so the journal records it."""
    profile = row.profile
    if worker is None:
        worker = Worker(id=uuid.uuid4(), locality_id=locality_id)
        session.add(worker)
    apply_profile(worker, locality_id, profile)


def import_workers(
    db: Database,
    actor: Actor,
    path: str | Path,
    dry_run: bool = False,
    valid_only: bool = False,
    scale: WelshScale | str = WelshScale.NATIVE,
    today: date | None = None,
) -> ImportReport:
    path = Path(path)
    scale = WelshScale(scale)
    today = today or today_in_wales()
    report = ImportReport(path=path, dry_run=dry_run, valid_only=valid_only)
    table = read_table(path, sheet=SHEET)
    codes = _check_headers(table.headers, report)
    report.rows_read = len(table.rows)
    if report.errors:
        return report  # a file we cannot read column by column: no row is trusted
    present = {code for code in codes if code}
    rows = [_parse_row(number, cells, codes, scale) for number, cells in table.rows]

    rows_by_number: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        number = row.values.get(KEY)
        if number:
            rows_by_number[number].append(row.number)

    with unit_of_work(db, actor, "import_workers", reason=path.name) as session:
        locality_id = home_locality_id(session)
        existing = read_profiles(session, locality_id)
        for row in rows:
            number = row.values.get(KEY, "")
            worker = existing.get(number) if number else None
            if worker is not None and worker.removed:
                row.problem(KEY, _("Staff number {number} belonged to a record that was removed; use another.").format(number=number))
                continue
            if len(rows_by_number.get(number, ())) > 1:
                others = ", ".join(str(n) for n in rows_by_number[number] if n != row.number)
                row.problem(KEY, _("Staff number {number} is also on row {rows}.").format(number=number, rows=others))
            _build_profile(row, worker, present, today)

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
            elif _content(row.profile) != _content(row.stored.profile):
                report.updated += 1
                changed.append(row)
            else:
                report.unchanged += 1
        if dry_run or (report.errors and not valid_only):
            return report
        # Flushed a batch at a time inside the one transaction: a large file
        # then holds only a batch of records (and their journal rows) in
        # memory, and a failure anywhere still rolls every batch back.
        for start in range(0, len(changed), WRITE_BATCH):
            batch = changed[start:start + WRITE_BATCH]
            records = _records(session, [row.stored.id for row in batch if row.stored is not None])
            for row in batch:
                _apply(session, locality_id, row, records.get(row.stored.id) if row.stored else None)
            session.flush()
            session.expunge_all()
        report.written = bool(good)
    return report


def _column_order(code: str) -> int:
    return HEADERS.index(code) if code in HEADERS else -1
