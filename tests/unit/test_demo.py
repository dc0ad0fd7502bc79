"""The demo data set: deterministic, believable, and consistent with the rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from localitydesk.cli import main
from localitydesk.domain.vocabulary import ACTIVE_BOOKING_STATUSES, EmploymentType, RequestStatus, WelshRequirement
from localitydesk.services.demo import DemoAlreadyBuilt, DemoOptions, build_demo, generate
from localitydesk.store.database import open_database
from localitydesk.store.models import AuditEntry, Booking, CoverRequest, Locality, OutboxChange, Worker

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=timezone.utc)
TODAY = date(2026, 11, 23)
SMALL = DemoOptions(workers=60, providers=8, weeks=4, seed=11)


@pytest.fixture(scope="module")
def sample():
    """Enough workers for the mixes to show, still generated in well under a second."""
    return generate(DemoOptions(workers=900, providers=30, weeks=6, seed=5), now=NOW)


@pytest.fixture
def empty_db(tmp_path):
    database = open_database(tmp_path / "demo.sqlite3")
    yield database
    database.close()


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_the_same_seed_and_instant_give_identical_rows_and_another_seed_does_not():
    first = generate(SMALL, now=NOW)
    again = generate(SMALL, now=NOW)
    other = generate(DemoOptions(workers=60, providers=8, weeks=4, seed=12), now=NOW)
    assert first.tables == again.tables
    assert first.rows("worker") != other.rows("worker")


def test_counts_localities_and_users_follow_the_options():
    data = generate(DemoOptions(workers=37, providers=5, weeks=2, seed=1, locality="DE"), now=NOW)
    counts = data.counts()
    assert counts["worker"] == 37 and counts["provider"] == 5
    localities = data.rows("locality")
    assert [row["code"] for row in localities] == ["YM", "GW", "CO", "DE", "FL", "WR"]
    assert [row["code"] for row in localities if row["is_home"]] == ["DE"]
    assert {row["name_cy"] for row in localities} >= {"Ynys Môn", "Sir Ddinbych", "Sir y Fflint", "Wrecsam"}
    home_id = next(row["id"] for row in localities if row["is_home"])
    assert {row["locality_id"] for row in data.rows("worker")} == {home_id}
    assert sorted(row["role"] for row in data.rows("app_user")) == ["admin", "coordinator", "coordinator", "manager"]
    assert all(row["staff_number"].startswith("DE") for row in data.rows("worker"))


def test_about_a_third_have_some_welsh_and_fewer_are_at_intermediate_or_above(sample):
    workers = sample.rows("worker")
    some = sum(row["welsh_speaking"] >= 1 for row in workers) / len(workers)
    intermediate = sum(row["welsh_speaking"] >= 3 for row in workers) / len(workers)
    assert 0.26 <= some <= 0.40
    assert 0.10 <= intermediate <= 0.26 and intermediate < some
    # Reading and writing trail speaking for most people, and never by magic leap.
    assert all(row["welsh_reading"] <= row["welsh_speaking"] + 1 for row in workers)
    assert all(row["welsh_writing"] <= row["welsh_reading"] for row in workers)
    speakers = [row for row in workers if row["welsh_speaking"] >= 1]
    assert sum(row["welsh_reading"] <= row["welsh_speaking"] for row in speakers) / len(speakers) >= 0.85
    fluent = [row for row in workers if row["welsh_speaking"] >= 4]
    assert sum(row["preferred_language"] == "cy" for row in fluent) / len(fluent) >= 0.7
    assert all(row["preferred_language"] == "en" for row in workers if row["welsh_speaking"] <= 1)


def test_employment_mix_young_workers_leavers_and_core_hours(sample):
    workers = sample.rows("worker")
    shares = {kind: sum(row["employment_type"] == kind for row in workers) / len(workers) for kind in EmploymentType}
    assert 0.10 <= shares[EmploymentType.CORE] <= 0.20
    assert 0.68 <= shares[EmploymentType.BANK] <= 0.82
    assert 0.06 <= shares[EmploymentType.NEW_TO_CARE] <= 0.14
    young = [row for row in workers if row["date_of_birth"] and _age(row["date_of_birth"], TODAY) == 17]
    assert young and not any(row["wtr_opt_out"] for row in young)
    assert any(row["wtr_opt_out"] for row in workers)
    leavers = [row for row in workers if row["leaving_date"]]
    assert leavers and all(row["leaving_reason"] and row["leaving_date"] > row["start_date"] for row in leavers)
    for row in workers:
        assert (row["contracted_hours"] is not None) == (row["employment_type"] == EmploymentType.CORE)
        assert not row["has_car"] or row["drives"]


def test_compliance_has_expired_items_and_items_expiring_within_30_days():
    data = generate(SMALL, now=NOW)
    expiries = [row["expires_on"] for row in data.rows("compliance_item")]
    assert any(day < TODAY for day in expiries)
    assert any(TODAY <= day <= TODAY + timedelta(days=30) for day in expiries)
    assert sum(day < TODAY for day in expiries) < len(expiries) / 5


def test_provider_names_carry_w_and_y_circumflex_even_in_a_tiny_set():
    data = generate(DemoOptions(workers=5, providers=2, weeks=1, seed=99), now=NOW)
    names = " ".join(row["name_cy"] + " " + row["name_en"] for row in data.rows("provider"))
    assert "ŵ" in names and "ŷ" in names


def test_no_worker_holds_overlapping_active_bookings_and_rest_is_kept(sample):
    active = defaultdict(list)
    for row in sample.rows("booking"):
        if row["status"] in ACTIVE_BOOKING_STATUSES:
            active[row["worker_id"]].append((row["starts_at"], row["ends_at"]))
    assert active
    for spells in active.values():
        spells.sort()
        for (_start, end), (next_start, _next_end) in zip(spells, spells[1:]):
            assert next_start >= end + timedelta(hours=11)


def test_bookings_fit_the_request_the_worker_and_the_welsh_requirement(sample):
    workers = {row["id"]: row for row in sample.rows("worker")}
    requests = {row["id"]: row for row in sample.rows("cover_request")}
    active_by_request = defaultdict(int)
    for booking in sample.rows("booking"):
        request = requests[booking["request_id"]]
        worker = workers[booking["worker_id"]]
        assert (booking["starts_at"], booking["ends_at"]) == (request["starts_at"], request["ends_at"])
        day = booking["starts_at"].date()
        assert worker["start_date"] <= day and (worker["leaving_date"] is None or day < worker["leaving_date"])
        if booking["status"] in ACTIVE_BOOKING_STATUSES:
            active_by_request[request["id"]] += 1
            if request["welsh_requirement"] == WelshRequirement.ESSENTIAL:
                assert worker["welsh_speaking"] >= request["welsh_level"]
        if booking["status"] == "worked":
            assert booking["ends_at"] <= NOW
    for request in requests.values():
        filled = active_by_request[request["id"]]
        expected = {
            RequestStatus.CANCELLED: request["status"],
            RequestStatus.FILLED: RequestStatus.FILLED if filled >= request["staff_needed"] else None,
            RequestStatus.PARTLY_FILLED: RequestStatus.PARTLY_FILLED if 0 < filled < request["staff_needed"] else None,
            RequestStatus.OPEN: RequestStatus.OPEN if filled == 0 else None,
        }[request["status"]]
        assert expected == request["status"]
    statuses = {row["status"] for row in requests.values()}
    assert {RequestStatus.OPEN, RequestStatus.FILLED} <= statuses  # some requests are still waiting


def test_requests_take_their_welsh_requirement_from_the_provider(sample):
    providers = {row["id"]: row for row in sample.rows("provider")}
    for request in sample.rows("cover_request"):
        provider = providers[request["provider_id"]]
        if request["role"] in provider["welsh_essential_roles"]:
            assert request["welsh_requirement"] == WelshRequirement.ESSENTIAL
            assert request["welsh_level"] == provider["welsh_essential_level"]
        else:
            assert request["welsh_requirement"] != WelshRequirement.ESSENTIAL
    assert any(request["welsh_requirement"] == WelshRequirement.ESSENTIAL for request in sample.rows("cover_request"))


def test_every_requested_shift_leaves_room_for_the_adult_break_rule(sample):
    """A request over six hours with no break could be filled by nobody: the
    working-time rules would exclude every worker."""
    lengths = set()
    for request in sample.rows("cover_request"):
        worked = request["ends_at"] - request["starts_at"] - timedelta(minutes=request["unpaid_break_minutes"])
        lengths.add(worked)
        if request["ends_at"] - request["starts_at"] > timedelta(hours=6):
            assert request["unpaid_break_minutes"] >= 20, request
    assert max(lengths) > timedelta(hours=6)  # long shifts are there, with their breaks


def test_building_writes_every_row_without_audit_or_outbox(empty_db):
    summary = build_demo(empty_db, SMALL, now=NOW)
    with empty_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Worker)) == 60
        assert session.scalar(select(func.count()).select_from(Booking)) == summary.counts["booking"] > 0
        assert session.scalar(select(func.count()).select_from(CoverRequest)) == summary.counts["cover_request"]
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxChange)) == 0
        home = session.scalars(select(Locality).where(Locality.is_home.is_(True))).one()
        assert home.code == "YM" and summary.locality_name("cy") == "Ynys Môn"


def test_signed_demo_timesheets_hold_their_signatures_as_the_app_would_check_them(empty_db):
    from localitydesk.domain.vocabulary import TimesheetStatus
    from localitydesk.services.timesheets.signing import sheet_hash
    from localitydesk.store.models import Timesheet

    build_demo(empty_db, DemoOptions(workers=120, providers=20, weeks=4, seed=2), now=NOW)
    with empty_db.session() as session:
        sheets = session.scalars(select(Timesheet)).all()
        signed = [sheet for sheet in sheets if sheet.status != TimesheetStatus.DRAFT]
        assert signed and any(sheet.signed_on_paper for sheet in signed) and not all(sheet.signed_on_paper for sheet in signed)
        for sheet in signed:
            assert sheet.content_hash == sheet_hash(session, sheet)
            on_screen = not sheet.signed_on_paper
            assert (sheet.worker_signature or b"").startswith(b"\x89PNG") == on_screen
            assert (sheet.signatory_signature or b"").startswith(b"\x89PNG") == (on_screen and sheet.signatory_id is not None)
        for draft in (sheet for sheet in sheets if sheet.status == TimesheetStatus.DRAFT):
            assert draft.content_hash == "" and draft.worker_signature is None


def test_a_database_with_data_is_refused_unless_replaced(empty_db):
    build_demo(empty_db, SMALL, now=NOW)
    with pytest.raises(DemoAlreadyBuilt, match="Isle of Anglesey"):
        build_demo(empty_db, SMALL, now=NOW)
    build_demo(empty_db, DemoOptions(workers=10, providers=3, weeks=2, locality="WR"), replace=True, now=NOW)
    with empty_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Worker)) == 10
        assert session.scalars(select(Locality.code).where(Locality.is_home.is_(True))).one() == "WR"


def test_cli_builds_prints_one_summary_line_and_refuses_a_second_build(tmp_path, capsys):
    path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "20", "--providers", "4", "--weeks", "2", "--seed", "3"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "workers 20" in out[0] and "providers 4" in out[0]
    assert main(["--db", str(path), "demo", "--workers", "20"]) == 1
    err = capsys.readouterr().err
    assert "already holds" in err and "--replace" in err
    assert main(["--db", str(path), "demo", "--workers", "5", "--providers", "2", "--weeks", "1", "--replace",
                 "--locality", "gw"]) == 0
    assert "Gwynedd" in capsys.readouterr().out


def test_cli_rejects_an_unknown_locality(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "x.sqlite3"), "demo", "--locality", "XX"])
    assert exit_info.value.code == 2
    assert "XX" in capsys.readouterr().err


def test_after_a_build_the_planner_has_statistics_and_finds_expiring_compliance_by_its_index(empty_db):
    """Without row counts SQLite walked every worker for the Dashboard's
    expiring-compliance list; with them it reads the few items by expiry."""
    build_demo(empty_db, DemoOptions(workers=400, providers=20, weeks=4, seed=3), now=NOW)
    with empty_db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar() > 0
        plan = " ".join(row[-1] for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT worker.first_name FROM compliance_item JOIN worker ON worker.id = compliance_item.worker_id "
            "WHERE worker.locality_id = ? AND worker.deleted_at IS NULL AND compliance_item.deleted_at IS NULL "
            "AND compliance_item.expires_on >= ? AND compliance_item.expires_on <= ? ORDER BY compliance_item.expires_on LIMIT 200",
            (b"\x00" * 16, "2026-11-23", "2026-12-23"),
        ))
    assert "ix_compliance_item_expires_on" in plan, plan


def test_the_demo_rota_breaks_no_rule_the_app_checks(empty_db):
    """Bookings keep matching's hard rules (usual week, travel, driving,
    compliance) as well as working time, so the Rota shows no red by default."""
    from localitydesk.domain.local_time import local_to_utc
    from localitydesk.services import rota

    build_demo(empty_db, DemoOptions(workers=150, providers=20, weeks=4, seed=3), now=NOW)
    with empty_db.session() as session:
        core_bookings = session.scalar(
            select(func.count()).select_from(Booking).join(Worker, Worker.id == Booking.worker_id)
            .where(Worker.employment_type == EmploymentType.CORE)
        )
    assert core_bookings > 20  # the core team goes first; the bank covers the rest
    first = local_to_utc(TODAY - timedelta(days=TODAY.weekday() + 28), datetime.min.time())
    last = local_to_utc(TODAY + timedelta(days=35), datetime.min.time())
    assert [v.detail for v in rota.rota_check(empty_db, first, last, language="en") if not v.overridden] == []
