"""Statements and the pay export through the services: lines, the invoiced
lock and credit notes, clock-change charges, and the CLI."""

from __future__ import annotations

import csv
import json
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from localitydesk.domain.charging import LineKind
from localitydesk.domain.vocabulary import BookingKind, EmploymentType, RequestReason, Role
from localitydesk.services.bookings import book_worker, cancel_booking
from localitydesk.services.errors import ServiceError
from localitydesk.services.pay_export import export_pay
from localitydesk.services.requests import RequestForm, create_request
from localitydesk.services.statements import issue_credit_note, issue_statements, preview_statements
from localitydesk.services.timesheets import (
    HoursEntry,
    SheetState,
    TimesheetLocked,
    approve_timesheet,
    get_timesheet_row,
    record_hours,
    record_hours_as_booked,
    verify_hours,
)
from localitydesk.store.models import Locality, Setting, Timesheet
from tests.factories import ADMIN, add_worker
from tests.unit.test_timesheets_service import ALL_ITEMS, NOW, london, scene  # noqa: F401 - fixture

WEEK = (date(2026, 11, 16), date(2026, 11, 22))


def settings(db, **values):
    with db.session() as session, session.begin():
        session.info["journal"] = False
        locality = session.scalar(select(Locality.id).where(Locality.is_home.is_(True)))
        for key, value in values.items():
            session.add(Setting(locality_id=locality, key=key.replace("__", "."), value=value, effective_from=date(2024, 4, 1)))


def approved(db, booking_id):
    record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    verify_hours(db, ADMIN, booking_id, "Confirmed by phone")
    approve_timesheet(db, ADMIN, booking_id, now=NOW)


@pytest.fixture
def charged(db, scene, today):  # noqa: F811
    newcomer = add_worker(db, today, staff_number="W0003", first_name="Elen", last_name="Ffowc",
                          employment_type=EmploymentType.NEW_TO_CARE, compliance_items=ALL_ITEMS)
    monday = scene["booking"](date(2026, 11, 16), time(8), time(16))
    sunday = scene["booking"](date(2026, 11, 22), time(8), time(16), who=scene["other"])
    draft = scene["booking"](date(2026, 11, 20), time(8), time(16))
    for booking_id in (monday, sunday):
        approved(db, booking_id)
    record_hours_as_booked(db, ADMIN, draft, now=NOW)
    request = create_request(db, ADMIN, RequestForm(
        provider_id=scene["provider"], role=Role.CARE_WORKER, day=date(2026, 11, 18), start=time(8), end=time(16),
        reason=RequestReason.SHADOW, unpaid_break_minutes=30, requested_at=NOW - timedelta(days=60)))
    shadow = book_worker(db, ADMIN, request, newcomer, kind=BookingKind.SHADOW, now=NOW - timedelta(days=60)).booking_id
    approved(db, shadow)
    late = scene["booking"](date(2026, 11, 19), time(8), time(16))
    assert cancel_booking(db, ADMIN, late, by_provider=True, reason="Resident in hospital",
                          now=london(date(2026, 11, 19), 6))
    return dict(scene, monday=monday, sunday=sunday, draft=draft, shadow=shadow, late=late)


def test_statement_lines_uplifts_late_cancellation_and_no_shadow(db, charged):
    settings(db, vat_rate_pct="20")
    [draft] = preview_statements(db, *WEEK, now=NOW)
    lines = draft.statement.lines
    assert [(line.shift_date.day, line.kind, line.amount) for line in lines] == [
        (16, LineKind.WORKED, Decimal("150.00")),  # 7.5 h × £20
        (19, LineKind.LATE_CANCELLATION, Decimal("150.00")),  # the booked shift, charged in full
        (22, LineKind.WORKED, Decimal("225.00")),  # Sunday +50%
    ]
    assert (draft.statement.subtotal, draft.statement.vat, draft.statement.total) == (
        Decimal("525.00"), Decimal("105.00"), Decimal("630.00"))


def test_issuing_invoices_the_timesheets_and_only_a_credit_note_frees_them(db, charged, tmp_path):
    [issued] = issue_statements(db, ADMIN, *WEEK, out_dir=tmp_path, now=NOW)
    assert issued.number == "CO-ST-2026-0001" and issued.total == Decimal("525.00") and issued.lines == 3
    assert "Cartref Gofal Tŷ Ŵyn" in "".join(page.extract_text() for page in PdfReader(issued.pdf).pages)
    with open(issued.csv, encoding="utf-8-sig", newline="") as handle:
        assert [row["Amount"] for row in csv.DictReader(handle) if row["Line Type"] in ("worked", "late_cancellation")] == [
            "150.00", "150.00", "225.00"]
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.INVOICED
    assert get_timesheet_row(db, charged["shadow"]).state == SheetState.APPROVED
    change = HoursEntry(london(date(2026, 11, 16), 8), london(date(2026, 11, 16), 17), 30, change_reason="Stayed late")
    with pytest.raises(TimesheetLocked) as locked:
        record_hours(db, ADMIN, charged["monday"], change, admin_reason="Late relief", now=NOW)
    assert "CO-ST-2026-0001" in str(locked.value)
    # Nothing is charged twice: the late cancellation is on the issued statement.
    assert issue_statements(db, ADMIN, *WEEK, now=NOW) == []

    credit = issue_credit_note(db, ADMIN, issued.statement_id, "Hours corrected", now=NOW)
    assert (credit.number, credit.total, credit.credits) == ("CO-CN-2026-0001", Decimal("-525.00"), "CO-ST-2026-0001")
    with pytest.raises(ServiceError):
        issue_credit_note(db, ADMIN, issued.statement_id, "Again", now=NOW)
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.APPROVED
    record_hours(db, ADMIN, charged["monday"], change, admin_reason="Late relief", now=NOW)
    approved_again = get_timesheet_row(db, charged["monday"])
    assert approved_again.state == SheetState.DRAFT and approved_again.paid_hours == Decimal("8.5")
    [reissued] = issue_statements(db, ADMIN, *WEEK, now=NOW)
    assert reissued.number == "CO-ST-2026-0002" and reissued.lines == 2  # the Sunday shift and the late cancellation


def test_clock_change_night_is_charged_for_the_real_hours(db, scene):  # noqa: F811
    night = scene["booking"](date(2026, 10, 24), time(20), time(8))
    approved(db, night)
    [draft] = preview_statements(db, date(2026, 10, 24), date(2026, 10, 25), now=NOW)
    [line] = draft.statement.lines
    # 13 h elapsed less 30 min: Saturday 20:00–24:00 at the night rate (+20%),
    # then 8.5 h of Sunday (+50% beats night) including the repeated hour.
    assert line.hours == Decimal("12.5")
    assert {band.band.value: band.hours for band in line.bands} == {"night": Decimal(4), "sunday": Decimal("8.5")}
    assert line.amount == Decimal("4") * 24 + Decimal("8.5") * 30 == Decimal("351.00")


def test_pay_export_pays_signed_or_verified_hours_including_shadow_shifts(db, charged, tmp_path):
    settings(db, pay_rate__care_worker="12.50")
    out = tmp_path / "pay.csv"
    result = export_pay(db, ADMIN, *WEEK, out, lock=True)
    assert (result.workers, result.timesheets, result.waiting, result.locked) == (3, 3, 1, 3)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    basic = {(row["Surname"], row["Pay Code"]): row for row in rows}
    # 7.5 h each (no pay uplifts set); the shadow shift is paid though never charged.
    assert basic[("Ŵyn", "BASIC")]["Units"] == "7.50" and basic[("Ŵyn", "BASIC")]["Amount"] == "93.75"
    assert basic[("ap Siôn", "BASIC")]["Units"] == "7.50"
    assert basic[("Ffowc", "BASIC")]["Units"] == "7.50"
    assert basic[("Ŵyn", "HOLPAY")]["Amount"] == "11.32"  # 12.07% of £93.75, bank worker
    with db.session() as session:
        assert session.scalar(select(Timesheet.status).where(Timesheet.booking_id == charged["monday"])).value == "locked"
    assert get_timesheet_row(db, charged["draft"]).state == SheetState.DRAFT


def test_cli_statements_and_pay_export(db, charged, tmp_path, capsys):
    from localitydesk.cli import main

    settings(db, pay_rate__care_worker="12.50")
    path = str(tmp_path / "locality.sqlite3")
    assert main(["--db", path, "statements", "--from", "2026-11-16", "--to", "2026-11-22", "--preview", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["total"] == "525.00"
    out_dir = tmp_path / "statements"
    assert main(["--db", path, "statements", "--from", "2026-11-16", "--to", "2026-11-22", "--out", str(out_dir), "--json"]) == 0
    [issued] = json.loads(capsys.readouterr().out)
    assert issued["provider_cy"] == "Cartref Gofal Tŷ Ŵyn" and sorted(p.name for p in out_dir.iterdir()) == [
        f"{issued['number']}.csv", f"{issued['number']}.pdf"]
    pay = tmp_path / "pay.csv"
    assert main(["--db", path, "pay", "export", "--from", "2026-11-16", "--to", "2026-11-22", "--out", str(pay)]) == 0
    assert "ap Siôn" in pay.read_text(encoding="utf-8-sig")


def test_cli_lists_statements_and_credits_one_by_its_number_in_welsh(db, charged, tmp_path, capsys):
    from pypdf import PdfReader

    from localitydesk.cli import main

    path = str(tmp_path / "locality.sqlite3")
    out_dir = tmp_path / "statements"
    assert main(["--db", path, "statements", "--from", "2026-11-16", "--to", "2026-11-22", "--out", str(out_dir), "--json"]) == 0
    [issued] = json.loads(capsys.readouterr().out)
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.INVOICED

    # A credit note needs its reason; nothing is written without one.
    assert main(["--db", path, "--lang", "cy", "statements", "--credit", issued["number"].lower()]) == 1
    assert "rheswm" in capsys.readouterr().err
    assert main(["--db", path, "--lang", "en", "statements", "--list", "--json"]) == 0
    assert [row["number"] for row in json.loads(capsys.readouterr().out)] == [issued["number"]]

    credit_dir = tmp_path / "credits"
    assert main(["--db", path, "statements", "--credit", issued["number"], "--reason", "Oriau wedi'u cywiro",
                 "--out", str(credit_dir), "--json"]) == 0
    [credit] = json.loads(capsys.readouterr().out)
    assert (credit["total"], credit["credits"]) == ("-525.00", issued["number"])
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.APPROVED  # free to be corrected
    text = "".join(page.extract_text() for page in PdfReader(credit_dir / f"{credit['number']}.pdf").pages)
    assert text.index("Nodyn credyd") < text.index("Credit note")  # Welsh first
    assert issued["number"] in text and "Oriau wedi'u cywiro" in text and "Cartref Gofal Tŷ Ŵyn" in text

    assert main(["--db", path, "statements", "--list"]) == 0
    listing = capsys.readouterr().out
    assert issued["number"] in listing and f"(credits {issued['number']})" in listing
    assert main(["--db", path, "statements", "--credit", issued["number"], "--reason", "again"]) == 1
    assert "already been credited" in capsys.readouterr().err
    assert main(["--db", path, "statements", "--credit", "CO-ST-1999-0042", "--reason", "x"]) == 1
    assert "CO-ST-1999-0042" in capsys.readouterr().err
    assert main(["--db", path, "statements", "--out", str(out_dir)]) == 2  # no period given
