"""The rota grid service: what each cell shows, every edit and its exact inverse, publishing."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import AbsenceKind, BookingStatus, RequestStatus
from localitydesk.services.bookings import BookingRefused
from localitydesk.services.errors import ServiceError
from localitydesk.services.rota_grid import (
    assign,
    copy_week_forward,
    load_rota_grid,
    lock,
    move,
    publish_rota,
    reinstate,
    swap,
    unassign,
)
from localitydesk.services.unit_of_work import read_only
from localitydesk.store.models import Booking
from tests.factories import ADMIN
from tests.rota_scene import MANAGER, WEEK1, WEEK2, build


@pytest.fixture
def scene(db, today):
    return build(db, today)


def grid(db, weeks=1, first=WEEK1, language="en"):
    return load_rota_grid(db, first, weeks, language)


def cell(g, worker_id, day: date):
    row = g.row_of(worker_id)
    return next(c for c in row.cells if c.day == day)


def test_the_grid_is_the_core_team_by_days_with_hours_against_contract(db, scene):
    g = grid(db)
    assert [row.name for row in g.rows] == ["Chris Evans", "Dafydd Rhys", "Siân Llwyd"]
    assert len(g.days) == 7 and g.days[0] == WEEK1
    # Every open request of the week is listed, soonest first.
    assert len(g.open_requests) == 5 + 3
    assert g.draft

    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    g = grid(db)
    shift = cell(g, scene.sian, WEEK1).shifts[0]
    assert (shift.booking_id, shift.provider_name("cy"), shift.provider_name("en")) == (booking, "Tŷ Gwyn", "Whitehouse")
    assert shift.starts_at == datetime(2026, 11, 30, 7, 30, tzinfo=timezone.utc)
    row = g.row_of(scene.sian)
    # 8 h less a 30 minute unpaid break, against 37.5 h a week.
    assert (row.weeks[0].worked, row.weeks[0].contracted, row.period_hours) == (7.5, 37.5, 7.5)
    assert scene.days[0] not in {r.id for r in g.open_requests}


def test_four_weeks_have_hours_for_each_week_and_the_period(db, scene):
    assign(db, ADMIN, scene.days[0], scene.sian)
    assign(db, ADMIN, scene.days[5], scene.sian)  # Monday of week 2
    row = grid(db, weeks=4).row_of(scene.sian)
    assert [w.worked for w in row.weeks] == [7.5, 7.5, 0.0, 0.0]
    assert (row.period_hours, row.period_contract) == (15.0, 150.0)


def test_leave_shows_in_its_days_and_blocks_a_copy(db, scene):
    g = grid(db, first=WEEK2)
    assert cell(g, scene.dafydd, date(2026, 12, 10)).absence == AbsenceKind.ANNUAL_LEAVE
    assert cell(g, scene.dafydd, date(2026, 12, 9)).absence is None


def test_an_illegal_assignment_is_refused_and_a_managers_reason_records_it(db, scene):
    assign(db, ADMIN, scene.plas_night, scene.chris)  # Monday 20:00 to Tuesday 06:00
    with pytest.raises(BookingRefused) as refused:
        assign(db, ADMIN, scene.days[1], scene.chris)  # Tuesday 07:30 to 15:30
    assert refused.value.overridable
    # Night and early are one stretch of work from 20:00 Monday: 4 h 30 min rest in its 24 hours.
    assert "Only 4 h 30 min rest between Tuesday 1 December 15:30 and Tuesday 1 December 20:00" in str(refused.value)
    with pytest.raises(BookingRefused):
        assign(db, ADMIN, scene.days[1], scene.chris, override_reason="Cover for sickness")  # an administrator
    booking = assign(db, MANAGER, scene.days[1], scene.chris, override_reason="Compensatory rest on Thursday")
    tuesday = cell(grid(db), scene.chris, date(2026, 12, 1))
    assert [s.booking_id for s in tuesday.shifts] == [booking]
    assert [b.rule for b in tuesday.breaches] == [wt.DAILY_REST]
    breach = tuesday.breaches[0]
    assert breach.overridden and not tuesday.illegal
    assert breach.short == "Daily rest: 4 h 30 min, needs 11 h (overridden)"
    assert "Compensatory rest on Thursday" in breach.text


def test_a_breach_already_in_the_rota_is_shown_in_words_with_its_figures(db, scene):
    first = assign(db, ADMIN, scene.plas_night, scene.chris)
    second = assign(db, ADMIN, scene.days[2], scene.chris)  # Wednesday, legal when booked
    # The night moves to Tuesday night, as if the provider changed it: now 1 h 30 min before Wednesday's early.
    with db.session() as session, session.begin():
        session.info["journal"] = False
        booking = session.get(Booking, first)
        booking.request.starts_at = booking.starts_at = datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)
        booking.request.ends_at = booking.ends_at = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)
    g = grid(db)
    wednesday = cell(g, scene.chris, date(2026, 12, 2))
    assert wednesday.illegal
    assert [(b.rule, b.short) for b in wednesday.breaches] == [(wt.DAILY_REST, "Daily rest: 4 h 30 min, needs 11 h")]
    assert wednesday.breaches[0].text.startswith(
        "Only 4 h 30 min rest between Wednesday 2 December 15:30 and Wednesday 2 December 20:00; at least 11 h is needed"
    )
    assert set(wednesday.breaches[0].booking_ids) == {first, second}
    assert cell(g, scene.chris, date(2026, 12, 1)).breaches == wednesday.breaches
    cy = cell(grid(db, language="cy"), scene.chris, date(2026, 12, 2)).breaches[0]
    assert cy.short != wednesday.breaches[0].short and "4 awr 30 mun" in cy.short


def test_a_hard_rule_broken_since_booking_is_in_its_cell(db, scene, today):
    from localitydesk.services.workers import AbsenceEntry, load_worker, save_worker

    booking = assign(db, ADMIN, scene.days[3], scene.sian)  # Thursday of week 1
    profile = load_worker(db, scene.sian)
    profile.absences = [AbsenceEntry(AbsenceKind.SICKNESS, date(2026, 12, 3), date(2026, 12, 4))]
    save_worker(db, ADMIN, profile, today)
    thursday = cell(grid(db), scene.sian, date(2026, 12, 3))
    assert thursday.absence == AbsenceKind.SICKNESS
    assert [(b.rule, b.booking_ids, b.working_time) for b in thursday.breaches] == [("absent", (booking,), False)]
    assert thursday.breaches[0].text == "Off sick from Thursday 3 December 2026 to Friday 4 December 2026."
    assert thursday.illegal


def test_unassign_then_reinstate_gives_back_exactly_the_same_rota(db, scene):
    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    lock(db, ADMIN, booking, True)
    with_it = grid(db)
    lock(db, ADMIN, booking, False)
    before = grid(db)
    states = unassign(db, ADMIN, [booking])
    without = grid(db)
    assert without.shift(booking) is None
    assert scene.days[0] in {r.id for r in without.open_requests}
    reinstate(db, ADMIN, states)
    assert grid(db) == before
    lock(db, ADMIN, booking, True)
    assert grid(db) == with_it


def test_reinstating_is_judged_again(db, scene):
    booking = assign(db, ADMIN, scene.days[1], scene.chris)  # Tuesday 07:30
    states = unassign(db, ADMIN, [booking])
    assign(db, ADMIN, scene.plas_night, scene.chris)  # meanwhile: Monday night, ending 06:00 Tuesday
    with pytest.raises(BookingRefused):
        reinstate(db, ADMIN, states)
    assert grid(db).shift(booking) is None  # nothing half done


def test_move_gives_the_same_booking_to_another_worker_and_back(db, scene):
    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    before = grid(db)
    result = move(db, ADMIN, booking, scene.dafydd)
    g = grid(db)
    assert cell(g, scene.dafydd, WEEK1).shifts[0].booking_id == booking
    assert cell(g, scene.sian, WEEK1).shifts == ()
    move(db, ADMIN, booking, result.from_worker_id, result.previous_override_reason)
    assert grid(db) == before


def test_a_move_that_breaks_a_hard_rule_is_refused_and_not_overridable(db, scene):
    booking = assign(db, ADMIN, scene.welsh_wednesday, scene.sian)
    with pytest.raises(BookingRefused) as refused:
        move(db, MANAGER, booking, scene.chris, override_reason="Nobody else")
    assert not refused.value.overridable
    assert "Welsh essential at Advanced; speaks Welsh at None." in str(refused.value)
    assert grid(db).shift(booking).worker_id == scene.sian


def test_swap_shifts_at_the_same_hours_and_back(db, scene):
    a = assign(db, ADMIN, scene.days[0], scene.sian)  # Tŷ Gwyn, Monday 07:30
    b = assign(db, ADMIN, scene.plas_monday, scene.chris)  # Plas Ŵy, Monday 07:30
    before = grid(db)
    result = swap(db, ADMIN, a, b)
    g = grid(db)
    assert cell(g, scene.sian, WEEK1).shifts[0].provider_name("cy") == "Plas Ŵy"
    assert cell(g, scene.chris, WEEK1).shifts[0].provider_name("cy") == "Tŷ Gwyn"
    # Each booking stays with its worker.
    assert g.shift(a).worker_id == scene.sian and g.shift(b).worker_id == scene.chris
    swap(db, ADMIN, a, b, reasons=result.previous_reasons)
    assert grid(db) == before


def test_a_swap_is_refused_whole_when_either_side_breaks_a_rule(db, scene):
    a = assign(db, ADMIN, scene.welsh_wednesday, scene.sian)
    b = assign(db, ADMIN, scene.days[2], scene.chris)  # Wednesday at Tŷ Gwyn
    with pytest.raises(BookingRefused) as refused:
        swap(db, ADMIN, a, b)
    assert "Chris Evans: Welsh essential" in str(refused.value)
    g = grid(db)
    assert (g.shift(a).request_id, g.shift(b).request_id) == (scene.welsh_wednesday, scene.days[2])


def test_a_locked_shift_stays_put(db, scene):
    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    lock(db, ADMIN, booking, True)
    assert grid(db).shift(booking).locked
    for edit in (lambda: move(db, ADMIN, booking, scene.dafydd), lambda: unassign(db, ADMIN, [booking])):
        with pytest.raises(ServiceError, match="locked"):
            edit()
    lock(db, ADMIN, booking, False)
    move(db, ADMIN, booking, scene.dafydd)


def test_copy_a_week_forward_onto_the_matching_requests(db, scene):
    for index in range(5):
        assign(db, ADMIN, scene.days[index], scene.dafydd)
    before = grid(db, first=WEEK2)
    result = copy_week_forward(db, ADMIN, WEEK1)
    # Monday to Wednesday copied; Thursday and Friday he is on leave.
    copied = {state.request_id for state in result.created}
    assert copied == set(scene.days[5:8])
    assert [s.starts_at.date() for s in result.skipped] == [date(2026, 12, 10), date(2026, 12, 11)]
    assert all(s.reason.startswith("On annual leave") for s in result.skipped)
    g = grid(db, first=WEEK2)
    assert [len(c.shifts) for c in g.row_of(scene.dafydd).cells] == [1, 1, 1, 0, 0, 0, 0]
    # Copying again finds him already on them.
    again = copy_week_forward(db, ADMIN, WEEK1)
    assert again.created == ()
    unassign(db, ADMIN, [state.booking_id for state in result.created])
    assert grid(db, first=WEEK2) == before


def test_publish_then_changes_since_publication(db, scene):
    a = assign(db, ADMIN, scene.days[0], scene.sian)
    assign(db, ADMIN, scene.days[1], scene.chris)
    publish_rota(db, ADMIN, WEEK1, 1, now=datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc))
    published = grid(db).publication
    assert published is not None and published.changes == () and published.weeks == 1
    move(db, ADMIN, a, scene.dafydd)
    changes = grid(db).publication.changes
    assert [(c.kind, c.worker_id) for c in changes] == [("added", scene.dafydd), ("removed", scene.sian)]
    assert changes[0].describe("en") == "Added: Dafydd Rhys at Whitehouse, Monday 30 November 07:30 to 15:30"
    assert changes[1].describe("cy").startswith("Wedi tynnu: Siân Llwyd yn Tŷ Gwyn")
    # A later week the publication does not cover is still a draft.
    assert grid(db, first=WEEK2).draft


def test_a_cancelled_request_is_not_offered_and_auto_filled_status_follows(db, scene):
    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    with read_only(db) as session:
        assert session.get(Booking, booking).request.status == RequestStatus.FILLED
    unassign(db, ADMIN, [booking])
    with read_only(db) as session:
        stored = session.get(Booking, booking)
        assert stored.status == BookingStatus.CANCELLED_BY_WORKER and not stored.late_cancellation_chargeable
        assert stored.request.status == RequestStatus.OPEN
        assert session.scalars(select(Booking).where(Booking.worker_id == scene.sian)).all() == [stored]
