"""The rota services and CLI on a real database: check, plan, apply."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select

from localitydesk.cli import main as cli_main
from localitydesk.domain import matching as m
from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import (
    AbsenceKind,
    BookingKind,
    BookingStatus,
    ComplianceType,
    EmploymentType,
    ProviderType,
    RequestReason,
    RequestStatus,
    Role,
    WelshRequirement,
)
from localitydesk.planning.problem import NEEDED_ELSEWHERE
from localitydesk.services import rota
from localitydesk.services.bookings import book_worker
from localitydesk.services.errors import ServiceError
from localitydesk.services.providers import ProviderProfile, save_provider
from localitydesk.services.requests import RequestForm, create_request, get_request
from localitydesk.services.workers import AbsenceEntry, ComplianceEntry, load_worker, save_worker
from localitydesk.store.journal import Actor
from localitydesk.store.models import AuditEntry, Booking, OutboxChange
from tests.factories import ADMIN, add_worker

MANAGER = Actor(user_id=None, name="Rheolwr", role="manager")
MONDAY = date(2026, 11, 30)
# The week before the planned one: every request in the scene is still ahead.
NOW = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
ALL_ITEMS = [ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1)) for kind in ComplianceType]


def core(db, today, number: int, **fields):
    values = dict(
        staff_number=f"C{number}", first_name=f"Aelod{number}", employment_type=EmploymentType.CORE,
        compliance_items=ALL_ITEMS, welsh_speaking=2,
    )
    values.update(fields)
    return add_worker(db, today, **values)


def ask(db, provider_id, day: int, start: int, end: int, **fields):
    form = RequestForm(
        provider_id=provider_id, role=fields.pop("role", Role.CARE_WORKER), day=MONDAY + timedelta(days=day),
        start=time(start), end=time(end), reason=RequestReason.SICKNESS, unpaid_break_minutes=30, **fields,
    )
    return create_request(db, ADMIN, form)


def period(weeks: int = 1):
    return rota.period_bounds(local_to_utc(MONDAY, time(0)), weeks)


def options(**fields):
    return rota.AutofillOptions(time_limit_s=fields.pop("time_limit_s", 3.0), **fields)


@pytest.fixture
def scene(db, today):
    home = save_provider(db, ADMIN, ProviderProfile(
        name_cy="Cartref Conwy", name_en="Conwy Home", kind=ProviderType.CARE_HOME, town="conwy",
        people_supported=20, people_preferring_welsh=12,
    ))
    alaw = core(db, today, 1, first_name="Alaw", welsh_speaking=5)
    bryn = core(db, today, 2, first_name="Bryn", welsh_speaking=1)
    held = ask(db, home, 0, 7, 15)
    locked = book_worker(db, MANAGER, held, alaw, kind=BookingKind.CORE).booking_id
    rota.set_locked(db, MANAGER, locked)
    requests = [ask(db, home, day, 7, 15) for day in range(1, 4)]
    requests.append(ask(db, home, 0, 8, 16, welsh_requirement=WelshRequirement.ESSENTIAL, welsh_level=4))
    nurse = ask(db, home, 2, 20, 8, role=Role.REGISTERED_NURSE)
    return dict(home=home, alaw=alaw, bryn=bryn, locked=locked, requests=requests, nurse=nurse)


def booking_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Booking))


def test_planning_writes_nothing_and_explains_what_it_leaves(db, scene):
    before = booking_count(db)
    first, last = period()
    proposal = rota.plan_autofill(db, first, last, options(), language="en", now=NOW)
    assert booking_count(db) == before
    result = proposal.result
    assert result.open_before == 5
    placed = {(b.request_id, b.worker_id) for b in proposal.bookings}
    # Alaw holds the locked early shift on Monday, so the Welsh-essential 08:00 one cannot be hers,
    # and Bryn does not speak Welsh well enough: it is explained, not filled.
    assert all(request_id != scene["requests"][3] for request_id, _w in placed)
    unfilled = {u.request_id: u for u in result.unfilled}
    essential = {r.worker_id: r.rules for r in unfilled[scene["requests"][3]].reasons}
    assert m.WORKING_TIME in essential[scene["alaw"]]
    assert essential[scene["bryn"]] == (m.WELSH_ESSENTIAL,)
    nurse = {r.worker_id: r.rules for r in unfilled[scene["nurse"]].reasons}
    assert nurse == {scene["alaw"]: (m.ROLE,), scene["bryn"]: (m.ROLE,)}
    assert len(placed) == 3  # the three weekday earlies
    assert proposal.as_dict()["assigned"] == 3


def test_applying_books_core_shifts_in_one_journalled_transaction_and_keeps_the_locked_one(db, scene):
    first, last = period()
    before_check = rota.rota_check(db, first, last)
    proposal = rota.plan_autofill(db, first, last, options(), now=NOW)
    applied = rota.apply_autofill(db, MANAGER, proposal)
    assert len(applied.booking_ids) == 3
    with db.session() as session:
        rows = session.scalars(select(Booking).where(Booking.id.in_(applied.booking_ids))).all()
        assert {(b.kind, b.status) for b in rows} == {(BookingKind.CORE, BookingStatus.CONFIRMED)}
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "rota_autofill")) >= 3
        outbox = session.scalar(
            select(func.count()).select_from(OutboxChange).where(OutboxChange.entity == "booking", OutboxChange.entity_id.in_(
                list(applied.booking_ids)))
        )
        assert outbox == 3
        locked = session.get(Booking, scene["locked"])
        assert locked.locked and locked.status == BookingStatus.CONFIRMED and locked.worker_id == scene["alaw"]
    for request_id in scene["requests"][:3]:
        assert get_request(db, request_id).status == RequestStatus.FILLED
    assert rota.rota_check(db, first, last) == before_check == []


def test_undo_takes_back_the_whole_autofill_and_redo_books_it_again(db, scene):
    first, last = period()
    before = booking_count(db)
    proposal = rota.plan_autofill(db, first, last, options(), now=NOW)
    applied = rota.apply_autofill(db, MANAGER, proposal)
    rota.undo_autofill(db, MANAGER, applied)
    assert booking_count(db) == before
    for request_id in scene["requests"][:3]:
        assert get_request(db, request_id).status == RequestStatus.OPEN
    with db.session() as session:
        deletions = session.scalar(
            select(func.count()).select_from(OutboxChange).where(OutboxChange.entity == "booking", OutboxChange.operation == "delete")
        )
        assert deletions == 3
    again = rota.apply_autofill(db, MANAGER, proposal)
    assert len(again.booking_ids) == 3
    rota.set_locked(db, MANAGER, again.booking_ids[0])
    with pytest.raises(ServiceError):
        rota.undo_autofill(db, MANAGER, again)
    assert booking_count(db) == before + 3


def test_a_published_assignment_since_cancelled_is_given_back_to_the_same_member(db, scene, today):
    from localitydesk.services.bookings import cancel_booking
    from localitydesk.services.unit_of_work import unit_of_work
    from localitydesk.store.models import RotaPublication

    first, last = period()
    target = scene["requests"][0]
    # Both are free for Tuesday's early; the published rota had Bryn on it.
    booking = book_worker(db, MANAGER, target, scene["bryn"], kind=BookingKind.CORE).booking_id
    with unit_of_work(db, MANAGER, "publish_rota") as session:
        from localitydesk.services.locality import home_locality_id

        session.add(RotaPublication(
            locality_id=home_locality_id(session), period_start=first, weeks=1, published_at=first - timedelta(days=7),
            snapshot={str(booking): {"worker_id": str(scene["bryn"]), "request_id": str(target)}},
        ))
    cancel_booking(db, MANAGER, booking, by_provider=False, reason="Changed shift with a colleague")
    with db.session() as session:
        problem = rota.load_rota_problem(
            session, session.scalar(select(Booking.locality_id)), first, last, options().settings(), NOW
        )
    plan = next(p for p in problem.requests if p.request_id == target)
    assert plan.published == frozenset({scene["bryn"]})


def test_a_second_autofill_finds_nothing_more_to_do_and_breaks_nothing(db, scene):
    first, last = period()
    rota.apply_autofill(db, MANAGER, rota.plan_autofill(db, first, last, options(), now=NOW))
    again = rota.plan_autofill(db, first, last, options(), now=NOW)
    assert again.result.assigned == 0
    assert rota.apply_autofill(db, MANAGER, again).booking_ids == ()


def test_a_proposal_made_stale_is_refused_whole(db, scene, today):
    first, last = period()
    proposal = rota.plan_autofill(db, first, last, options(), now=NOW)
    taken = next(b for b in proposal.bookings)
    # Meanwhile the worker is booked elsewhere over the same hours.
    other = ask(db, scene["home"], (taken.starts_at.date() - MONDAY).days, 6, 14)
    book_worker(db, MANAGER, other, taken.worker_id, kind=BookingKind.CORE, override_reason="")
    before = booking_count(db)
    with pytest.raises(ServiceError) as refused:
        rota.apply_autofill(db, MANAGER, proposal)
    assert "changed" in str(refused.value)
    assert booking_count(db) == before


def test_the_contract_margin_is_respected_and_explained(db, today):
    home = save_provider(db, ADMIN, ProviderProfile(name_cy="Tŷ", name_en="House", kind=ProviderType.CARE_HOME, town="conwy"))
    part = core(db, today, 9, first_name="Ceri", contracted_hours=16)
    for day in range(4):
        ask(db, home, day, 8, 16)  # 7.5 h each
    first, last = period()
    proposal = rota.plan_autofill(db, first, last, options(contract_margin_h=0.0), language="en", now=NOW)
    assert len(proposal.bookings) == 2
    for unfilled in proposal.result.unfilled:
        [reason] = unfilled.reasons
        assert reason.worker_id == part and reason.rules == ("contract_hours",)


def test_rota_check_reports_working_time_and_hard_rules_broken_since_booking(db, scene, today):
    first, last = period()
    # A manager books Bryn twice with too little rest between, with a reason.
    late = ask(db, scene["home"], 4, 14, 22)
    early = ask(db, scene["home"], 5, 6, 14)
    book_worker(db, MANAGER, late, scene["bryn"], kind=BookingKind.CORE)
    book_worker(db, MANAGER, early, scene["bryn"], kind=BookingKind.CORE, override_reason="Compensatory rest on Monday")
    # Alaw's leave is recorded after her locked shift was booked.
    profile = load_worker(db, scene["alaw"])
    save_worker(db, ADMIN, replace(profile, absences=[AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, MONDAY, MONDAY)]), today)
    violations = rota.rota_check(db, first, last, language="en")
    rules = {(v.worker_id, v.rule) for v in violations}
    assert (scene["bryn"], "daily_rest") in rules
    assert (scene["alaw"], m.ABSENT) in rules
    absent = next(v for v in violations if v.rule == m.ABSENT)
    assert absent.booking_id == scene["locked"] and "annual leave" in absent.detail


def test_needed_elsewhere_names_the_shift_that_took_the_member(db, today):
    home = save_provider(db, ADMIN, ProviderProfile(name_cy="Tŷ", name_en="House", kind=ProviderType.CARE_HOME, town="conwy"))
    core(db, today, 5, first_name="Dewi")
    ask(db, home, 0, 14, 22)
    ask(db, home, 1, 7, 15)  # nine hours after the late: only one of the two
    first, last = period()
    proposal = rota.plan_autofill(db, first, last, options(), language="en", now=NOW)
    [unfilled] = proposal.result.unfilled
    [reason] = unfilled.reasons
    assert reason.rules[0] == NEEDED_ELSEWHERE
    assert "House" in reason.text


def run_cli(*args) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(list(args)) == 0
    return json.loads(out.getvalue())


def test_requests_that_have_already_started_are_left_out(db, scene):
    first, last = period()
    tuesday_morning = local_to_utc(MONDAY + timedelta(days=1), time(8))
    proposal = rota.plan_autofill(db, first, last, options(), language="en", now=tuesday_morning)
    # Monday's Welsh-essential shift and Tuesday's 07:00 shift began before eight.
    assert proposal.as_dict()["open_before"] == 3
    assert proposal.bookings and all(b.starts_at >= tuesday_morning for b in proposal.bookings)
    left = {scene["requests"][0], scene["requests"][3]}
    assert left.isdisjoint({b.request_id for b in proposal.bookings} | {u.request_id for u in proposal.result.unfilled})


def test_the_cli_checks_and_fills_with_json(db, scene, tmp_path, monkeypatch):
    monkeypatch.setattr(rota, "utc_now", lambda: NOW)
    path = str(tmp_path / "locality.sqlite3")
    before = booking_count(db)
    db.close()
    dry = run_cli("--db", path, "rota", "autofill", "--from", MONDAY.isoformat(), "--weeks", "1", "--time-limit", "3", "--json")
    assert dry["status"] in ("OPTIMAL", "FEASIBLE")
    assert (dry["assigned"], dry["open_before"]) == (3, 5)
    assert {u["request_id"] for u in dry["unfilled"]} == {str(scene["requests"][3]), str(scene["nurse"])}
    assert all(u["reasons"] for u in dry["unfilled"])
    assert dry["objective"] <= dry["bound"]
    applied = run_cli("--db", path, "rota", "autofill", "--from", MONDAY.isoformat(), "--weeks", "1", "--apply", "--json")
    assert len(applied["applied"]) == 3
    check = run_cli("--db", path, "rota", "check", "--from", MONDAY.isoformat(), "--weeks", "1", "--json")
    assert check == {"violations": []}
    from localitydesk.store.database import open_database

    reopened = open_database(tmp_path / "locality.sqlite3")
    try:
        assert booking_count(reopened) == before + 3
    finally:
        reopened.close()


def test_rota_check_exits_3_while_a_breach_stands(db, scene, today, tmp_path, capsys):
    profile = load_worker(db, scene["alaw"])
    save_worker(db, ADMIN, replace(profile, absences=[AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, MONDAY, MONDAY)]), today)
    db.close()
    path = str(tmp_path / "locality.sqlite3")
    week = ["--from", MONDAY.isoformat(), "--weeks", "1"]
    assert cli_main(["--db", path, "rota", "check", *week, "--json"]) == 3
    assert [v["rule"] for v in json.loads(capsys.readouterr().out)["violations"]] == [m.ABSENT]
    assert cli_main(["--db", path, "rota", "check", "--from", (MONDAY + timedelta(days=7)).isoformat(), "--weeks", "1"]) == 0


def test_rules_check_exits_0_when_every_breach_was_overridden(db, scene, tmp_path, capsys):
    late, early = ask(db, scene["home"], 4, 14, 22), ask(db, scene["home"], 5, 6, 14)
    book_worker(db, MANAGER, late, scene["bryn"], kind=BookingKind.CORE)
    book_worker(db, MANAGER, early, scene["bryn"], kind=BookingKind.CORE, override_reason="Compensatory rest on Monday")
    db.close()
    assert cli_main(["--db", str(tmp_path / "locality.sqlite3"), "rules", "check", "C2", "--json"]) == 0
    violations = json.loads(capsys.readouterr().out)["violations"]
    assert violations and all(v["overridden"] for v in violations)
