"""Timesheets through the services on a real database: recording, signing,
voiding, verifying, approving, clock-change nights, the week PDF and the CLI."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import (
    BookingStatus,
    ComplianceType,
    ContactKind,
    ProviderType,
    RequestReason,
    Role,
    TimesheetStatus,
)
from localitydesk.services.bookings import book_worker
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.services.providers import ContactEntry, ProviderProfile, RateEntry, save_provider
from localitydesk.services.requests import RequestForm, create_request
from localitydesk.services.timesheets import (
    HoursEntry,
    IsoWeek,
    SheetState,
    SignatureInput,
    approve_timesheet,
    get_timesheet_row,
    parse_iso_week,
    record_hours,
    record_hours_as_booked,
    record_paper_signature,
    sign_provider_week,
    sign_timesheet,
    verify_hours,
    week_timesheets,
    write_week_pdf,
)
from localitydesk.services.workers import ComplianceEntry
from localitydesk.store.journal import Actor
from localitydesk.store.models import AuditEntry, Booking, ProviderContact, Timesheet
from tests.factories import ADMIN, add_worker

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
COORDINATOR = Actor(user_id=None, name="Cydlynydd", role="coordinator")
PNG = b"\x89PNG\r\n\x1a\n" + b"strokes"
ALL_ITEMS = [
    ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1))
    for kind in (ComplianceType.DBS_ENHANCED, ComplianceType.SAFEGUARDING, ComplianceType.MANUAL_HANDLING,
                 ComplianceType.SCW_REGISTRATION, ComplianceType.INFECTION_CONTROL, ComplianceType.FIRST_AID,
                 ComplianceType.MEDICATION, ComplianceType.MCA_DOLS, ComplianceType.FOOD_HYGIENE)
]


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return local_to_utc(day, time(hour, minute))


@pytest.fixture
def scene(db, today):
    worker = add_worker(db, today, first_name="Gwenllïan", last_name="Ŵyn", compliance_items=ALL_ITEMS)
    other = add_worker(db, today, staff_number="W0002", first_name="Dafydd", last_name="ap Siôn", compliance_items=ALL_ITEMS)
    provider = save_provider(db, ADMIN, ProviderProfile(
        name_cy="Cartref Gofal Tŷ Ŵyn", name_en="Ty Wyn Care Home", kind=ProviderType.CARE_HOME, town="conwy",
        contacts=[ContactEntry("Rhian Ŷr", ContactKind.SIGNATORY, "Rheolwr"), ContactEntry("Ifan Post", ContactKind.CONTACT)],
        rates=[RateEntry(Role.CARE_WORKER, date(2024, 4, 1), Decimal("20.00"), night_uplift_pct=Decimal("20"),
                         sunday_uplift_pct=Decimal("50"))],
    ))
    with db.session() as session:
        contacts = {c.kind: c.id for c in session.scalars(select(ProviderContact).where(ProviderContact.provider_id == provider))}

    def booking(day: date, start: time, end: time, who=worker, brk: int = 30):
        request = create_request(db, ADMIN, RequestForm(
            provider_id=provider, role=Role.CARE_WORKER, day=day, start=start, end=end,
            reason=RequestReason.SICKNESS, unpaid_break_minutes=brk, requested_at=NOW - timedelta(days=60),
        ))
        return book_worker(db, ADMIN, request, who, now=NOW - timedelta(days=60)).booking_id

    return dict(worker=worker, other=other, provider=provider, signatory=contacts[ContactKind.SIGNATORY],
                contact=contacts[ContactKind.CONTACT], booking=booking)


def sign_both(db, scene, booking_id):
    return sign_timesheet(db, ADMIN, booking_id, worker=SignatureInput("Gwenllïan Ŵyn", PNG),
                          signatory_id=scene["signatory"], signatory=SignatureInput("Rhian Ŷr", PNG), now=NOW)


def test_iso_week_is_monday_to_sunday_in_wales():
    week = parse_iso_week("2026-W43")
    assert (week.monday, week.sunday) == (date(2026, 10, 19), date(2026, 10, 25))
    assert str(week) == "2026-W43" and IsoWeek.containing(date(2026, 10, 25)) == week
    with pytest.raises(ServiceError):
        parse_iso_week("2026-W54")


def test_clock_change_nights_are_13_and_11_hours_and_charged_by_the_real_time(db, scene):
    october = scene["booking"](date(2026, 10, 24), time(20), time(8))
    march = scene["booking"](date(2026, 3, 28), time(20), time(8))
    for booking_id in (october, march):
        record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    # 13 and 11 hours elapsed, less the half-hour unpaid break.
    assert get_timesheet_row(db, october).paid_hours == Decimal("12.5")
    assert get_timesheet_row(db, march).paid_hours == Decimal("10.5")
    # Recording marks the confirmed booking worked.
    with db.session() as session:
        assert session.get(Booking, october).status == BookingStatus.WORKED


def test_a_difference_from_the_booking_needs_a_reason_and_times_go_in_5_minute_steps(db, scene):
    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    start, end = london(date(2026, 11, 16), 8), london(date(2026, 11, 16), 16, 30)
    with pytest.raises(ValidationError) as refused:
        record_hours(db, ADMIN, booking_id, HoursEntry(start, end, 30), now=NOW)
    assert set(refused.value.errors) == {"change_reason"}
    with pytest.raises(ValidationError) as refused:
        record_hours(db, ADMIN, booking_id, HoursEntry(start, end - timedelta(minutes=3), 32, change_reason="x"), now=NOW)
    assert set(refused.value.errors) == {"actual_end", "break_minutes"}
    record_hours(db, ADMIN, booking_id, HoursEntry(start, end, 30, Decimal("12.5"), "Stayed for handover"), now=NOW)
    row = get_timesheet_row(db, booking_id)
    assert (row.paid_hours, row.state, row.change_reason) == (Decimal(8), SheetState.DRAFT, "Stayed for handover")


def test_a_finish_typed_the_same_as_the_start_is_refused_not_paid_as_a_day(db, scene):
    booking_id = scene["booking"](date(2026, 11, 16), time(9), time(17))
    start = london(date(2026, 11, 16), 9)
    with pytest.raises(ValidationError) as refused:
        record_hours(db, ADMIN, booking_id, HoursEntry(start, start + timedelta(hours=24), 30, change_reason="left late"),
                     now=NOW)
    assert set(refused.value.errors) == {"actual_end"} and "whole day" in refused.value.errors["actual_end"]
    assert get_timesheet_row(db, booking_id).state == SheetState.NOT_STARTED  # nothing written
    record_hours(db, ADMIN, booking_id, HoursEntry(start, start + timedelta(hours=23, minutes=55), 30,
                                                   change_reason="stayed on through the night"), now=NOW)


def test_a_change_after_signing_needs_an_administrator_voids_the_signatures_and_is_audited(db, scene):
    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    digest = sign_both(db, scene, booking_id)
    row = get_timesheet_row(db, booking_id)
    assert row.state == SheetState.SIGNED and row.content_hash == digest and len(digest) == 64 and row.hash_matches
    later = HoursEntry(london(date(2026, 11, 16), 8), london(date(2026, 11, 16), 17), 30, change_reason="Late relief")
    with pytest.raises(ServiceError):
        record_hours(db, COORDINATOR, booking_id, later, admin_reason="typo", now=NOW)
    with pytest.raises(ValidationError) as refused:
        record_hours(db, ADMIN, booking_id, later, now=NOW)
    assert "admin_reason" in refused.value.errors
    record_hours(db, ADMIN, booking_id, later, admin_reason="Home phoned: relief was an hour late", now=NOW)
    row = get_timesheet_row(db, booking_id)
    assert row.state == SheetState.DRAFT
    assert (row.worker_signed_at, row.signatory_signed_at, row.worker_signature, row.content_hash) == (None, None, None, "")
    assert row.paid_hours == Decimal("8.5")
    with db.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_hours")).all()
        assert any(entry.reason == "Home phoned: relief was an hour late" for entry in audit)
    # Signed afresh, the hash is of the new content.
    assert sign_both(db, scene, booking_id) != digest


def test_the_signatory_must_be_one_of_the_providers_authorised_signatories(db, scene):
    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    with pytest.raises(ValidationError) as refused:
        sign_timesheet(db, ADMIN, booking_id, signatory_id=scene["contact"], signatory=SignatureInput("Ifan", PNG), now=NOW)
    assert "signatory" in refused.value.errors
    with pytest.raises(ValidationError):
        sign_timesheet(db, ADMIN, booking_id, worker=SignatureInput("Gwenllïan Ŵyn", b"not a png"), now=NOW)
    sign_timesheet(db, ADMIN, booking_id, worker=SignatureInput("Gwenllïan Ŵyn", PNG), now=NOW)
    assert get_timesheet_row(db, booking_id).state == SheetState.AWAITING_SIGNATURE


def test_paper_signature_verification_by_phone_and_approval(db, scene):
    paper = scene["booking"](date(2026, 11, 16), time(8), time(16))
    phoned = scene["booking"](date(2026, 11, 17), time(8), time(16))
    for booking_id in (paper, phoned):
        record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    with pytest.raises(ServiceError):
        approve_timesheet(db, ADMIN, phoned, now=NOW)
    record_paper_signature(db, ADMIN, paper, "Gwenllïan Ŵyn", scene["signatory"], NOW, scan=b"%PDF scan")
    with pytest.raises(ValidationError):
        verify_hours(db, ADMIN, phoned, "  ")
    with pytest.raises(ServiceError):
        verify_hours(db, COORDINATOR, phoned, "Rang the home")
    verify_hours(db, ADMIN, phoned, "Rhian Ŷr confirmed by phone")
    for booking_id in (paper, phoned):
        approve_timesheet(db, ADMIN, booking_id, now=NOW)
        assert get_timesheet_row(db, booking_id).state == SheetState.APPROVED
    row = get_timesheet_row(db, paper)
    assert row.signed_on_paper and row.signatory_name == "Rhian Ŷr"


def test_bulk_sign_off_signs_the_providers_week_and_records_the_unstarted_as_booked(db, scene):
    first = scene["booking"](date(2026, 11, 16), time(8), time(16))
    second = scene["booking"](date(2026, 11, 17), time(8), time(16), who=scene["other"])
    outside = scene["booking"](date(2026, 11, 9), time(8), time(16))
    record_hours_as_booked(db, ADMIN, first, now=NOW)
    sign_timesheet(db, ADMIN, first, worker=SignatureInput("Gwenllïan Ŵyn", PNG), now=NOW)
    signed = sign_provider_week(db, ADMIN, scene["provider"], IsoWeek(2026, 47), scene["signatory"],
                                SignatureInput("Rhian Ŷr", PNG), now=NOW)
    assert set(signed) == {first, second}
    assert get_timesheet_row(db, first).state == SheetState.SIGNED
    assert get_timesheet_row(db, second).state == SheetState.AWAITING_SIGNATURE
    assert get_timesheet_row(db, outside).state == SheetState.NOT_STARTED


def test_week_groups_by_provider_with_states_and_reveals_breaches_from_actual_hours(db, scene):
    early = scene["booking"](date(2026, 11, 16), time(8), time(14))
    next_day = scene["booking"](date(2026, 11, 17), time(7), time(13))
    future = scene["booking"](date(2026, 11, 26), time(8), time(14))
    groups = week_timesheets(db, IsoWeek(2026, 47), now=NOW, language="en")
    assert [g.name_en for g in groups] == ["Ty Wyn Care Home"]
    assert [r.booking_id for r in groups[0].rows] == [early, next_day]
    assert groups[0].rows[0].breaches == ()
    # Working until 22:00 leaves 9 hours' rest before 07:00: the actual hours reveal it.
    record_hours(db, ADMIN, early, HoursEntry(london(date(2026, 11, 16), 8), london(date(2026, 11, 16), 22), 30,
                                               change_reason="Double shift"), now=NOW)
    row = week_timesheets(db, IsoWeek(2026, 47), now=NOW, language="en")[0].rows[0]
    assert any("11" in text for text in row.breaches), row.breaches
    assert future not in [r.booking_id for r in groups[0].rows]


def test_week_pdf_has_the_welsh_names_exactly_and_a_page_per_timesheet_plus_the_cover(db, scene, tmp_path):
    for day in (16, 17, 18):
        record_hours_as_booked(db, ADMIN, scene["booking"](date(2026, 11, day), time(8), time(16)), now=NOW)
    scene["booking"](date(2026, 11, 19), time(8), time(16), who=scene["other"])
    out = tmp_path / "week.pdf"
    printed = write_week_pdf(db, IsoWeek(2026, 47), out, now=NOW)
    reader = PdfReader(out)
    assert printed.timesheets == 4 and len(reader.pages) == printed.pages == 4 + printed.cover_pages == 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name in ("Cartref Gofal Tŷ Ŵyn", "Gwenllïan Ŵyn", "Dafydd ap Siôn"):
        assert name in text
    welsh_only = io.BytesIO()
    write_week_pdf(db, IsoWeek(2026, 47), welsh_only, provider_id=scene["provider"], language="cy", now=NOW)
    assert "Taflen amser" in PdfReader(welsh_only).pages[1].extract_text()
    # The cover names each sheet's state as the week's list does, whole:
    # the shift nobody has entered hours for is "not started", not a draft.
    cover = reader.pages[0].extract_text()
    assert cover.count("Heb ddechrau") == 1 and cover.count("Drafft") == 3 and "…" not in cover


def test_cli_prints_a_weeks_pdf_and_lists_it(db, scene, tmp_path, capsys):
    from localitydesk.cli import main

    record_hours_as_booked(db, ADMIN, scene["booking"](date(2026, 11, 16), time(8), time(16)), now=NOW)
    path = tmp_path / "locality.sqlite3"
    out = tmp_path / "w.pdf"
    assert main(["--db", str(path), "timesheets", "pdf", "--week", "2026-W47", "--lang", "cy", "--out", str(out)]) == 0
    assert len(PdfReader(out).pages) == 2
    assert main(["--db", str(path), "timesheets", "list", "--week", "2026-W47", "--json"]) == 0
    listed = capsys.readouterr().out
    assert "Gwenllïan Ŵyn" in listed and '"state": "draft"' in listed
    # Read as text in Welsh, every word is Welsh, the day included (Monday 16 November).
    assert main(["--db", str(path), "--lang", "cy", "timesheets", "list", "--week", "2026-W47"]) == 0
    listed = capsys.readouterr().out
    assert "Llun 16 Tach 08:00–16:00" in listed and "Drafft" in listed and "Mon" not in listed
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(path), "timesheets", "pdf", "--week", "2026-W99", "--out", str(out)])
    # The PDF's --lang cy also turned the messages Welsh, as the global --lang does.
    assert usage.value.code == 2 and "2026-W99" in capsys.readouterr().err


def test_an_invoiced_timesheet_refuses_changes(db, scene):
    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    record_hours_as_booked(db, ADMIN, booking_id, now=NOW)
    with db.session() as session, session.begin():
        session.info["journal"] = False
        sheet = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
        sheet.status = TimesheetStatus.INVOICED
    from localitydesk.services.timesheets import TimesheetLocked

    with pytest.raises(TimesheetLocked):
        record_hours(db, ADMIN, booking_id, HoursEntry(london(date(2026, 11, 16), 8), london(date(2026, 11, 16), 17), 0,
                                                        change_reason="x"), admin_reason="y", now=NOW)
