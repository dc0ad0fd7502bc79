"""Workers to and from CSV and XLSX: lossless round trips, every bad row reported."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timezone
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from localitydesk.cli import main
from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Language, Role
from localitydesk.i18n import set_language
from localitydesk.services.demo import DemoOptions, build_demo
from localitydesk.services.errors import ServiceError
from localitydesk.services.worker_io import HEADERS, WelshScale, export_workers, import_workers
from localitydesk.services.worker_io.columns import escape, split_escaped, unescape
from localitydesk.services.locality import home_locality_id
from localitydesk.services.worker_io.profiles import read_profiles
from localitydesk.services.worker_io.service import _content
from localitydesk.services.worker_io.welsh_scale import parse_level
from localitydesk.services.workers import AbsenceEntry, AvailabilityEntry, ComplianceEntry, load_worker
from localitydesk.store.database import open_database
from localitydesk.store.models import AuditEntry, ComplianceItem, OutboxChange, Worker
from tests.factories import ADMIN, add_worker, seed_locality

TRICKY = dict(
    first_name="Llŷr",
    last_name="ap Gwŷnedd-Môn",
    notes_cy="Yn byw yn Nhŷ Ŵyn;\nwedi symud | dros dro \\ eto",
    notes_en="=SUM(A1:A2) is not a formula\r\nsecond line, with a comma",
    compliance_items=[
        ComplianceEntry(ComplianceType.DBS_ENHANCED, "REF;with|odd\\chars", date(2024, 1, 1), date(2027, 1, 1)),
        ComplianceEntry(ComplianceType.SAFEGUARDING, "", date(2025, 6, 30), None),
    ],
    availability=[AvailabilityEntry(0, time(8), time(20)), AvailabilityEntry(5, time(20), time(8))],
    absences=[AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, date(2026, 12, 24), date(2026, 12, 27), "Nadolig; gŵyl|hir")],
)


def _worker_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Worker))


def _journal_counts(db) -> tuple[int, int]:
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(OutboxChange)),
        )


def _contents(db) -> dict[str, tuple]:
    with db.session() as session:
        stored = read_profiles(session, home_locality_id(session))
        return {number: _content(worker.profile) for number, worker in stored.items()}


@pytest.fixture
def second_db(tmp_path):
    database = open_database(tmp_path / "second.sqlite3")
    seed_locality(database)
    yield database
    database.close()


def write_csv(path, rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(header, "") for header in headers])


def good_row(**overrides) -> dict:
    row = {
        "staff_number": "N001",
        "first_name": "Gwenllian",
        "last_name": "Pritchard",
        "preferred_language": "cy",
        "welsh_speaking": "5",
        "welsh_reading": "4",
        "welsh_writing": "4",
        "employment_type": "bank",
        "main_role": "care_worker",
        "roles": "care_worker;support_worker",
        "start_date": "2025-01-06",
        "home_town": "Caergybi",
        "compliance": "dbs_enhanced|001122334455|2025-01-01|2028-01-01",
    }
    row.update(overrides)
    return row


# -- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_is_lossless_with_welsh_letters(db, second_db, today, tmp_path, suffix):
    add_worker(db, today, staff_number="W0001", **TRICKY)
    add_worker(db, today, staff_number="W0002", first_name="Siôn", last_name="Ŵyn", employment_type=EmploymentType.CORE,
               contracted_hours=Decimal("22.5"), wtr_opt_out=True, wtr_opt_out_signed_on=date(2025, 2, 3),
               leaving_date=date(2026, 10, 1), leaving_reason="Wedi symud i Gaerdydd", date_of_birth=date(1980, 2, 29),
               roles=[Role.CARE_WORKER, Role.SENIOR_CARE_WORKER], main_role=Role.SENIOR_CARE_WORKER, max_travel_km=None,
               preferred_language=Language.EN, home_town="Somewhere not in the gazetteer", phone="+44 7700 900123")
    first = tmp_path / f"first.{suffix}"
    assert export_workers(db, first).rows == 2

    report = import_workers(second_db, ADMIN, first, today=today)
    assert (report.created, report.updated, report.errors, report.written) == (2, 0, [], True)
    assert _contents(second_db) == _contents(db)

    second = tmp_path / f"second.{suffix}"
    export_workers(second_db, second)
    if suffix == "csv":
        assert second.read_bytes() == first.read_bytes()
        assert first.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to see UTF-8
        assert "Llŷr" in first.read_text(encoding="utf-8-sig")
    else:
        rows_first = list(load_workbook(first).active.iter_rows(values_only=True))
        assert rows_first == list(load_workbook(second).active.iter_rows(values_only=True))
        assert rows_first[0] == HEADERS

    # Importing the same file again changes nothing and journals nothing.
    before = _journal_counts(second_db)
    again = import_workers(second_db, ADMIN, second, today=today)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert _journal_counts(second_db) == before


def test_profiles_read_in_bulk_match_the_profile_editors(db, today):
    worker_id = add_worker(db, today, staff_number="W0001", **TRICKY)
    with db.session() as session:
        bulk = read_profiles(session, home_locality_id(session))["W0001"].profile
    assert _content(bulk) == _content(load_worker(db, worker_id))


def test_a_demo_locality_round_trips_through_xlsx(tmp_path, today):
    source = open_database(tmp_path / "demo.sqlite3")
    build_demo(source, DemoOptions(workers=40, providers=4, weeks=2, seed=8),
               now=datetime(2026, 11, 23, 9, tzinfo=timezone.utc))
    target = open_database(tmp_path / "target.sqlite3")
    seed_locality(target)
    try:
        export_workers(source, tmp_path / "demo.xlsx")
        report = import_workers(target, ADMIN, tmp_path / "demo.xlsx", today=today)
        assert report.errors == [] and report.created == 40
        assert _contents(target) == _contents(source)
    finally:
        source.close()
        target.close()


def test_xlsx_keeps_formula_like_text_as_text_and_dates_as_dates(db, today, tmp_path):
    add_worker(db, today, **TRICKY)
    path = tmp_path / "w.xlsx"
    export_workers(db, path)
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2])}
    assert row["notes_en"].data_type == "s" and row["notes_en"].value.startswith("=SUM")
    assert isinstance(row["start_date"].value, datetime)


def test_the_list_escapes_survive_any_text():
    for text in ["x\\;", "a|b;c\\d", "\\", "plain", ";|\\|;", ""]:
        item = escape(text) + "|" + escape("n;o|te")
        parts = [unescape(part) for part in split_escaped(split_escaped(item + "; other", ";")[0], "|")]
        assert parts == [text, "n;o|te"]


# -- bad rows ------------------------------------------------------------------------------


def test_every_kind_of_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written(db, today, tmp_path):
    path = tmp_path / "bad.csv"
    write_csv(path, [
        good_row(staff_number="N001", start_date="2025-02-30"),              # row 2: impossible date
        good_row(staff_number="N002", roles="care_worker;porter"),           # row 3: unknown role
        good_row(staff_number="N003", welsh_speaking="7"),                   # row 4: level out of range
        good_row(staff_number="N004", first_name="  "),                      # row 5: missing required field
        good_row(staff_number="N005"),                                       # row 6: duplicate…
        good_row(staff_number="N005"),                                       # row 7: …of row 6
        good_row(staff_number="N008", compliance="dbs_enhanced|1|2025-01-01|2028-01-01; first_aid|x"),  # row 8
        good_row(staff_number="N009", main_role=""),                         # row 9: required code left empty
        good_row(staff_number="N010", availability="mon 08:00-20:00; funday 09:00-17:00"),  # row 10
        good_row(staff_number="N011", start_date="2025-06-01", leaving_date="2025-05-01", leaving_reason="x"),  # 11
        good_row(staff_number="N012"),                                       # row 12: fine
    ])
    audit_before = _journal_counts(db)
    report = import_workers(db, ADMIN, path, today=today)

    found = {(problem.row, problem.column): problem.message for problem in report.errors}
    assert found[(2, "start_date")] == "“2025-02-30” is not a real date."
    assert found[(3, "roles")] == "“porter” is not a role LocalityDesk knows."
    assert found[(4, "welsh_speaking")] == "“7” is not a Welsh level: use 0 (None) to 5 (Proficient)."
    assert found[(5, "first_name")] == "This field is required."
    assert found[(6, "staff_number")] == "Staff number N005 is also on row 7."
    assert found[(7, "staff_number")] == "Staff number N005 is also on row 6."
    assert found[(8, "compliance")] == "Item 2: write each item as type|reference|issued|expires."  # words from compliance_form()
    assert found[(9, "main_role")] == "This field is required."
    assert found[(10, "availability")].startswith("Item 2: “funday” is not a weekday")
    assert found[(11, "leaving_date")] == "The leaving date cannot be before the start date."
    assert {row for row, _column in found} == {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert (report.rows_read, report.rows_ok, report.rows_with_errors) == (11, 1, 10)
    assert report.refused and not report.written
    assert _worker_count(db) == 0 and _journal_counts(db) == audit_before


def test_valid_only_imports_the_good_rows_and_skips_the_rest(db, today, tmp_path):
    path = tmp_path / "mixed.csv"
    write_csv(path, [good_row(staff_number="A1"), good_row(staff_number="A2", welsh_reading="six"),
                     good_row(staff_number="A3", first_name="Dafydd")])
    report = import_workers(db, ADMIN, path, valid_only=True, today=today)
    assert report.written and (report.created, report.rows_ok) == (2, 2)
    assert [(p.row, p.column) for p in report.errors] == [(3, "welsh_reading")]
    with db.session() as session:
        assert sorted(session.scalars(select(Worker.staff_number))) == ["A1", "A3"]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db, today, tmp_path):
    add_worker(db, today, staff_number="N001")
    path = tmp_path / "dry.csv"
    write_csv(path, [good_row(staff_number="N001"), good_row(staff_number="N002")])
    before = (_worker_count(db), _journal_counts(db), _contents(db))
    report = import_workers(db, ADMIN, path, dry_run=True, today=today)
    assert (report.created, report.updated, report.unchanged, report.written) == (1, 1, 0, False)
    assert (_worker_count(db), _journal_counts(db), _contents(db)) == before


def test_import_writes_audit_entries_and_outbox_changes_for_each_record(db, today, tmp_path):
    add_worker(db, today, staff_number="N001", first_name="Old")
    path = tmp_path / "journal.csv"
    write_csv(path, [good_row(staff_number="N001"), good_row(staff_number="N002")])
    report = import_workers(db, ADMIN, path, today=today)
    assert (report.created, report.updated) == (1, 1)
    with db.session() as session:
        audits = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_workers")).all()
        worker_audits = [a for a in audits if a.entity == "worker"]
        assert len(worker_audits) == 2 and all(a.reason == "journal.csv" and a.actor == "Test Admin" for a in audits)
        updated = next(a for a in worker_audits if a.before is not None)
        assert updated.before["first_name"] == "Old" and updated.after["first_name"] == "Gwenllian"
        new_id = session.scalars(select(Worker.id).where(Worker.staff_number == "N002")).one()
        outbox = session.scalars(select(OutboxChange).where(OutboxChange.entity_id == new_id)).all()
        assert [change.operation for change in outbox] == ["insert"]
        assert outbox[0].payload["home_town"] == "holyhead"  # "Caergybi" read as the town's code
        items = session.scalars(select(ComplianceItem).where(ComplianceItem.worker_id == new_id)).all()
        assert [item.reference for item in items] == ["001122334455"]


def test_a_file_with_some_columns_updates_only_those(db, today, tmp_path):
    worker_id = add_worker(db, today, staff_number="N001", welsh_speaking=1, welsh_reading=1, welsh_writing=1)
    before = load_worker(db, worker_id)
    path = tmp_path / "levels.csv"
    write_csv(path, [{"staff_number": "N001", "welsh_speaking": "B1"}])
    report = import_workers(db, ADMIN, path, scale=WelshScale.CEFR, today=today)
    assert report.updated == 1
    after = load_worker(db, worker_id)
    assert after.welsh_speaking == 3
    assert (after.first_name, after.compliance_items, after.roles) == (before.first_name, before.compliance_items, before.roles)


def test_a_new_worker_needs_the_columns_defaults_cannot_supply(db, today, tmp_path):
    path = tmp_path / "short.csv"
    write_csv(path, [{"staff_number": "N001", "first_name": "Nia", "last_name": "Parry"}])
    report = import_workers(db, ADMIN, path, today=today)
    assert {p.column for p in report.errors} == {"employment_type", "main_role", "start_date"}
    assert all(p.message == "A new worker needs this column." for p in report.errors)


def test_header_problems_refuse_the_file_even_with_valid_only(db, today, tmp_path):
    path = tmp_path / "headers.csv"
    write_csv(path, [{"staff_nmber": "N1", "first_name": "Nia", "first_name ": "Nia"}])
    report = import_workers(db, ADMIN, path, valid_only=True, today=today)
    assert sorted((p.row, p.column) for p in report.errors) == [(1, "first_name"), (1, "staff_nmber"), (1, "staff_number")]
    assert not report.written and _worker_count(db) == 0


def test_a_csv_that_is_not_utf8_is_refused_with_advice(db, today, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("staff_number,first_name\nN1,Sián\n".encode("cp1252"))
    with pytest.raises(ServiceError, match="CSV UTF-8"):
        import_workers(db, ADMIN, path, today=today)


def test_unknown_file_kinds_are_refused(db, tmp_path):
    with pytest.raises(ServiceError, match=".csv or .xlsx"):
        export_workers(db, tmp_path / "workers.ods")


def test_xlsx_cells_of_any_type_are_read(db, today, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["staff_number", "first_name", "last_name", "employment_type", "main_role", "start_date",
                  "welsh_speaking", "contracted_hours", "drives", "max_travel_km"])
    sheet.append([1234, "Heledd", "Owen", "Core team", "Senior care worker", datetime(2024, 9, 2), 4.0, 37.5, True, 30.0])
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    report = import_workers(db, ADMIN, path, today=today)
    assert report.errors == []
    with db.session() as session:
        worker = session.scalars(select(Worker)).one()
        assert (worker.staff_number, worker.employment_type, worker.main_role) == ("1234", "core", "senior_care_worker")
        assert (worker.start_date, worker.welsh_speaking, worker.contracted_hours) == (date(2024, 9, 2), 4, Decimal("37.5"))
        assert worker.drives is True and worker.max_travel_km == 30


# -- Welsh scales ------------------------------------------------------------------------------


@pytest.mark.parametrize(("scale", "cell", "level"), [
    ("0-5", "", 0), ("0-5", "0", 0), ("0-5", "5", 5), ("0-5", 3.0, 3), ("0-5", "Canolradd", 3), ("0-5", "proficient", 5),
    ("1-5", "1", 0), ("1-5", "2", 1), ("1-5", "3", 3), ("1-5", "4", 4), ("1-5", "5", 5),
    ("cefr", "A1", 1), ("cefr", "a2", 2), ("cefr", "B1", 3), ("cefr", "B2", 4), ("cefr", "C1", 5), ("cefr", "C2", 5),
    ("cefr", "none", 0),
])
def test_welsh_levels_map_from_each_scale(scale, cell, level):
    assert parse_level(cell, WelshScale(scale)) == level


@pytest.mark.parametrize(("scale", "cell"), [("0-5", "6"), ("0-5", "-1"), ("0-5", "2.5"), ("1-5", "0"), ("1-5", "6"),
                                             ("cefr", "D1"), ("cefr", "3")])
def test_welsh_levels_off_the_scale_are_refused(scale, cell):
    from localitydesk.services.tabular.cells import CellError

    with pytest.raises(CellError):
        parse_level(cell, WelshScale(scale))


# -- the command line ------------------------------------------------------------------------------


def test_cli_export_and_import_round_trip_and_report_bad_rows(db, today, tmp_path, capsys):
    add_worker(db, today, staff_number="W0001", **TRICKY)
    path = tmp_path / "out.csv"
    assert main(["--db", str(db.path), "workers", "export", str(path)]) == 0
    assert "1." in capsys.readouterr().out

    assert main(["--db", str(db.path), "workers", "import", str(path), "--dry-run"]) == 0
    assert "Nothing was written" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    write_csv(bad, [good_row(staff_number="Z1", roles="nurse_maid"), good_row(staff_number="Z2")])
    assert main(["--db", str(db.path), "workers", "import", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "row 2, roles: “nurse_maid” is not a role LocalityDesk knows." in captured.err
    assert "--valid-only" in captured.err

    assert main(["--db", str(db.path), "workers", "import", str(bad), "--valid-only"]) == 0
    captured = capsys.readouterr()
    assert "added 1" in captured.out and "row 2, roles" in captured.err


def test_cli_reads_other_welsh_scales(db, today, tmp_path):
    path = tmp_path / "scale.csv"
    write_csv(path, [good_row(welsh_speaking="4", welsh_reading="2", welsh_writing="1")])
    assert main(["--db", str(db.path), "workers", "import", str(path), "--welsh-scale", "1-5"]) == 0
    with db.session() as session:
        worker = session.scalars(select(Worker)).one()
        assert (worker.welsh_speaking, worker.welsh_reading, worker.welsh_writing) == (4, 1, 0)


def test_problems_are_reported_in_welsh_when_the_ui_is_welsh(db, today, tmp_path):
    path = tmp_path / "cy.csv"
    write_csv(path, [good_row(start_date="2025-02-30")])
    set_language("cy")
    report = import_workers(db, ADMIN, path, today=today)
    assert report.errors[0].message == "Nid yw “2025-02-30” yn ddyddiad go iawn."


def test_a_csv_row_cut_short_refuses_the_file_naming_the_row(db, tmp_path):
    from localitydesk.services.errors import ServiceError
    from localitydesk.services.tabular.files import read_table

    path = tmp_path / "cut.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"row 3: 2 cells where the header has 3"):
        read_table(path)
    path.write_text('a,b,c\n1,"2,3\n4,5,6\n', encoding="utf-8")  # a quote never closed swallows the rest
    with pytest.raises(ServiceError, match="row 2"):
        read_table(path)
    path.write_text("a,b,c\n1,2,3\n\n4,5,6\n", encoding="utf-8")  # blank lines are no rows at all
    assert [number for number, _cells in read_table(path).rows] == [2, 4]
