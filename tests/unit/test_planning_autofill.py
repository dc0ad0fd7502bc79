"""Auto-fill on small hand-built problems: what it fills, what it refuses and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import AbsenceKind, Role, WelshRequirement
from localitydesk.planning.autofill import autofill
from localitydesk.planning.greedy import greedy_fill, member_schedules
from localitydesk.planning.instance import compile_problem
from localitydesk.planning.model import RotaModel
from localitydesk.planning.problem import (
    ALREADY_BOOKED,
    CONTRACT_HOURS,
    NEEDED_ELSEWHERE,
    OPTIMAL,
    Cancelled,
    PlanWeights,
)
from localitydesk.planning.state import FillState

from .test_planning_helpers import MONDAY, Team, problem, provider, request, shift


def by_worker(unfilled):
    return {reason.worker_id: reason for reason in unfilled.reasons}


def test_an_unfillable_request_is_explained_member_by_member_with_the_right_rules():
    team = Team()
    team.add("nurse_far", roles=(Role.REGISTERED_NURSE,), home="denbigh", max_km=10)
    team.add("carer", roles=(Role.CARE_WORKER,), welsh=5)
    team.add("away", roles=(Role.REGISTERED_NURSE,), welsh=5, absences=(m.AbsencePeriod(MONDAY, MONDAY, AbsenceKind.ANNUAL_LEAVE),))
    team.add("barred", roles=(Role.REGISTERED_NURSE,), welsh=4)
    team.add("learner", roles=(Role.REGISTERED_NURSE,), welsh=1)
    home = provider("p1", do_not_send={"barred": "Family asked"})
    r = request("r1", 0, 8, 20, where=home, role=Role.REGISTERED_NURSE, welsh=WelshRequirement.ESSENTIAL, level=3)
    result = autofill(problem(team, [r]), language="en")

    assert result.assigned == 0 and result.open_before == 1
    [unfilled] = result.unfilled
    reasons = by_worker(unfilled)
    assert set(reasons) == {"nurse_far", "carer", "away", "barred", "learner"}
    assert reasons["nurse_far"].rules == (m.WELSH_ESSENTIAL, m.MAX_TRAVEL)
    assert reasons["carer"].rules == (m.ROLE,)
    assert reasons["away"].rules == (m.ABSENT,)
    assert reasons["barred"].rules == (m.DO_NOT_SEND,)
    assert reasons["learner"].rules == (m.WELSH_ESSENTIAL,)
    assert "Family asked" in reasons["barred"].text
    assert "annual leave" in reasons["away"].text
    assert "Welsh essential (2)" in unfilled.summary and "cannot work in this role (1)" in unfilled.summary


def test_the_explanation_speaks_welsh_when_asked():
    team = Team()
    team.add("carer", roles=(Role.CARE_WORKER,))
    result = autofill(problem(team, [request("r1", 0, 8, 20, role=Role.REGISTERED_NURSE)]), language="cy")
    [reason] = result.unfilled[0].reasons
    assert reason.rules == (m.ROLE,)
    assert "Nyrs gofrestredig" in reason.text


def test_two_clashing_requests_give_one_member_one_and_explain_the_other_with_the_breach():
    team = Team()
    team.add("only")
    late = request("late", 0, 14, 22)
    early = request("early", 1, 7, 15)  # nine hours after the late one ends
    result = autofill(problem(team, [late, early]), language="en")

    assert result.assigned == 1
    [unfilled] = result.unfilled
    [reason] = unfilled.reasons
    assert reason.rules[0] == NEEDED_ELSEWHERE
    assert wt.DAILY_REST in reason.rules
    assert "rest" in reason.text
    assert result.status == OPTIMAL and result.gap == 0


def test_welsh_essential_and_short_notice_come_first_when_only_one_can_be_covered():
    team = Team()
    team.add("siân", welsh=5)
    plain = request("plain", 0, 7, 15)
    essential = request("essential", 0, 8, 16, welsh=WelshRequirement.ESSENTIAL, level=4)
    result = autofill(problem(team, [plain, essential]))
    assert [a.request_id for a in result.assignments] == ["essential"]
    assert result.assignments[0].welsh_need_met is True


def test_the_contract_margin_is_never_exceeded_and_explains_what_it_leaves():
    team = Team()
    team.add("part_time", contract=16.0)
    requests = [request(f"d{day}", day, 8, 16) for day in range(4)]  # 7.5 h each after a 30-minute break
    result = autofill(problem(team, requests, contract_margin_h=2.0), language="en")

    assert result.assigned == 2  # 15 h; a third would make 22.5 h > 16 + 2
    assert len(result.unfilled) == 2
    for unfilled in result.unfilled:
        [reason] = unfilled.reasons
        assert reason.rules == (CONTRACT_HOURS,)
        assert "16 h contract" in reason.text and "2 h" in reason.text


def test_a_shift_too_long_for_the_contract_on_its_own_is_explained_without_solving():
    team = Team()
    team.add("short_hours", contract=6.0)
    result = autofill(problem(team, [request("long", 0, 8, 20)], contract_margin_h=0.0), language="en")
    [reason] = result.unfilled[0].reasons
    assert reason.rules == (CONTRACT_HOURS,)


def test_existing_bookings_stay_and_nothing_is_placed_over_them():
    team = Team()
    held = shift(0, 7, 15, ref="locked-booking")
    team.add("busy", shifts=[held])
    team.add("free")
    clash = request("clash", 0, 8, 16)
    result = autofill(problem(team, [clash]))
    assert [(a.request_id, a.worker_id) for a in result.assignments] == [("clash", "free")]
    assert team.members[0].schedule.refs == ("locked-booking",)


def test_a_member_already_on_the_request_is_not_offered_it_again():
    team = Team()
    team.add("on_it")
    r = request("two", 0, 8, 16)
    result = autofill(problem(team, [r], positions={"two": 1}, booked={"two": {"on_it"}}), language="en")
    assert result.assigned == 0
    [reason] = result.unfilled[0].reasons
    assert reason.rules == (ALREADY_BOOKED,)


def test_several_places_on_one_request_go_to_different_members():
    team = Team()
    for name in ("a", "b", "c"):
        team.add(name)
    result = autofill(problem(team, [request("three", 0, 8, 16)], positions={"three": 2}))
    workers = [a.worker_id for a in result.assignments]
    assert len(workers) == 2 and len(set(workers)) == 2
    assert result.unfilled == ()


def test_identical_requests_are_merged_but_each_gets_its_own_places():
    team = Team()
    for name in ("a", "b", "c"):
        team.add(name)
    twins = [request("twin1", 0, 8, 16), request("twin2", 0, 8, 16)]
    instance = compile_problem(problem(team, twins))
    assert len(instance.slots) == 1 and instance.slots[0].positions == 2
    result = autofill(problem(team, twins))
    assert sorted(a.request_id for a in result.assignments) == ["twin1", "twin2"]


def test_weekly_rest_holds_over_a_fortnight_of_requests_every_day():
    team = Team()
    team.add("keen", contract=60.0, opted_out=True)
    # 7.5 h every day of the fixed fortnight from Monday 14 December (fortnights
    # count from 1 January 2024): no day off would leave no 24 h rest at all.
    requests = [request(f"day{d}", d, 9, 17) for d in range(7, 21)]
    result = autofill(problem(team, requests))
    schedule = member_schedules(compile_problem(problem(team, requests)), ())[0]
    new = [shift_of(a) for a in result.assignments]
    full = wt.Schedule.from_shifts("keen", [*schedule.shifts(), *new])
    assert not [b for b in wt.check_schedule(full) if b.override is None]
    # Each fortnight needs two 24-hour rests (or one of 48): 12 of the 14 days at most.
    assert result.assigned == 12


def shift_of(assignment):
    return wt.Shift(assignment.start, assignment.end, 30, assignment.request_id)


def test_a_young_worker_is_kept_to_eight_hours_a_day_and_forty_a_week():
    team = Team()
    team.add("young", contract=40.0, date_of_birth=date(2009, 6, 1))
    requests = [request(f"d{d}", d, 8, 16, break_minutes=30) for d in range(7)]
    result = autofill(problem(team, requests))
    hours = sum((a.end - a.start).total_seconds() / 3600 - 0.5 for a in result.assignments)
    assert hours <= 40
    breaches = wt.check_schedule(
        wt.Schedule.from_shifts("young", [shift_of(a) for a in result.assignments], date_of_birth=date(2009, 6, 1))
    )
    assert not breaches


def test_the_objective_reported_is_the_models_own():
    team = Team()
    team.add("a", welsh=3)
    team.add("b")
    requests = [request("r1", 0, 8, 16, welsh=WelshRequirement.DESIRABLE), request("r2", 1, 8, 16), request("r3", 1, 9, 17)]
    prob = problem(team, requests)
    instance = compile_problem(prob)
    model = RotaModel(instance)
    outcome = model.solve(5.0, workers=1)
    assert outcome.status == "OPTIMAL"
    assert instance.objective_of(outcome.chosen) == outcome.objective
    assert autofill(prob).objective == outcome.objective / prob.settings.scale


def test_the_objective_has_no_constant_term():
    """An empty fill scores exactly nothing, whatever the weights."""
    team = Team()
    team.add("a", contract=37.5, shifts=[shift(2, 8, 16, ref="held")])
    prob = problem(team, [request("r1", 0, 8, 16)], weights=PlanWeights(new_face=50, over_contract_hour=20))
    instance = compile_problem(prob)
    assert instance.objective_of(()) == 0
    instance.fixed.clear()  # dominance would fix the one option on
    model = RotaModel(instance)
    assert model.model.proto.objective.offset == 0
    for o in range(len(model.x)):
        model.model.add(model.x[o] == 0)
    assert model.solve(5.0, workers=1).objective == 0


def test_greedy_takes_requests_in_time_order_with_the_best_ranked_candidate():
    team = Team()
    team.add("fluent", welsh=5)
    team.add("none", welsh=0)
    welsh_home = provider("cartref", people_supported=10, people_preferring_welsh=9)
    requests = [request("first", 0, 8, 16, where=welsh_home), request("second", 0, 9, 17, where=welsh_home)]
    instance = compile_problem(problem(team, requests))
    chosen = greedy_fill(instance).chosen
    placed = {instance.slots[instance.options[o].slot].ctx.request.request_id: instance.members[instance.options[o].member].worker_id for o in chosen}
    assert placed == {"first": "fluent", "second": "none"}


def test_cancelling_before_any_fill_raises_and_after_returns_the_best_so_far():
    team = Team()
    team.add("a")
    prob = problem(team, [request("r1", 0, 8, 16)])
    with pytest.raises(Cancelled):
        autofill(prob, should_stop=lambda: True)
    calls = []

    def stop_once_solving(progress) -> None:
        calls.append(progress.phase)

    result = autofill(prob, progress=stop_once_solving, should_stop=lambda: "solving" in calls)
    assert result.cancelled and result.assigned == 1
    assert calls[0] == "preparing"


def test_the_fill_state_agrees_with_the_model_on_every_constraint():
    team = Team()
    team.add("a", contract=20.0)
    team.add("b", contract=37.5)
    requests = [request(f"r{d}-{h}", d, h, h + 8) for d in range(6) for h in (7, 14)]
    instance = compile_problem(problem(team, requests))
    state = FillState(instance, greedy_fill(instance).chosen)
    assert state.violations() == []


def test_the_published_rota_is_changed_as_little_as_possible():
    """Two members equally placed; the one the published rota had gets it back."""
    team = Team()
    team.add("aled")
    team.add("bethan")
    r = request("r1", 0, 8, 16)
    plain = autofill(problem(team, [r]))
    first_choice = plain.assignments[0].worker_id
    other = "bethan" if first_choice == "aled" else "aled"
    prob = problem(team, [r])
    prob = replace(prob, requests=(replace(prob.requests[0], published=frozenset({other})),))
    assert [a.worker_id for a in autofill(prob).assignments] == [other]
