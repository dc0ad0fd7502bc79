"""Property tests on random small rotas: auto-fill never breaks a rule.

Every fill is checked from outside the planner: matching's hard rules for each
assignment, ``working_time.check_schedule`` over each member's whole schedule,
the contract margin week by week, places per request, greedy coverage as a
floor, and a reason for every member on every request left unfilled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import Role, WelshRequirement
from localitydesk.planning.autofill import autofill
from localitydesk.planning.greedy import member_schedules
from localitydesk.planning.instance import NewShift, compile_problem
from localitydesk.planning.state import FillState

from .test_planning_helpers import Team, problem, provider, request, shift

PATTERNS = ((7, 15), (14, 22), (8, 20), (20, 8), (22, 7), (7, 11), (17, 21), (9, 13), (12, 20))
ROLE_SETS = ((Role.CARE_WORKER,), (Role.CARE_WORKER, Role.SENIOR_CARE_WORKER), (Role.SENIOR_CARE_WORKER,), (Role.REGISTERED_NURSE,))
REQUEST_ROLES = (Role.CARE_WORKER, Role.CARE_WORKER, Role.SENIOR_CARE_WORKER, Role.REGISTERED_NURSE)
DAYS_ONLY = tuple((day, 7 * 60, 22 * 60) for day in range(5))
PLACES = (provider("p1", "conwy"), provider("p2", "llandudno", do_not_send={"m1": "asked"}), provider("p3", "rhyl"))
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rotas(draw, max_members: int = 4, max_requests: int = 14):
    team = Team()
    for k in range(draw(st.integers(1, max_members))):
        base = [
            shift(day, *pattern, ref=f"held-{k}-{i}")
            for i, (day, pattern) in enumerate(draw(st.lists(st.tuples(st.integers(-4, 13), st.sampled_from(PATTERNS)), max_size=3)))
        ]
        team.add(
            f"m{k}",
            roles=draw(st.sampled_from(ROLE_SETS)),
            welsh=draw(st.integers(0, 5)),
            contract=draw(st.sampled_from((None, 16.0, 22.5, 37.5))),
            shifts=base,
            date_of_birth=draw(st.sampled_from((None, None, None, date(2009, 6, 1)))),
            opted_out=draw(st.booleans()),
            availability=draw(st.sampled_from((None, None, DAYS_ONLY))),
            home=draw(st.sampled_from(("conwy", "colwyn-bay", "denbigh"))),
            max_km=draw(st.sampled_from((None, 20.0, 40.0))),
        )
    requests = []
    positions = {}
    for n, (day, pattern, role, welsh, where, places) in enumerate(
        draw(
            st.lists(
                st.tuples(
                    st.integers(0, 13), st.sampled_from(PATTERNS), st.sampled_from(REQUEST_ROLES),
                    st.sampled_from((WelshRequirement.NONE, WelshRequirement.NONE, WelshRequirement.DESIRABLE, WelshRequirement.ESSENTIAL)),
                    st.sampled_from(PLACES), st.sampled_from((1, 1, 2)),
                ),
                min_size=1, max_size=max_requests,
            )
        )
    ):
        rid = f"r{n}"
        level = 3 if welsh == WelshRequirement.ESSENTIAL else 0
        requests.append(request(rid, day, *pattern, where=where, role=role, welsh=welsh, level=level))
        positions[rid] = places
    margin = draw(st.sampled_from((0.0, 4.0)))
    return problem(team, requests, positions=positions, time_limit_s=3.0, contract_margin_h=margin), team


def _hours_by_week(shifts) -> dict[int, float]:
    """Worked hours per local week (Monday ordinal), shifts crossing a week pro rata."""
    schedule = wt.Schedule.from_shifts(None, shifts)
    weeks = {monday for s in shifts for monday in wt.Probe(s).mondays}
    return {
        monday: schedule.worked_between(wt.local_instant(monday), wt.local_instant(monday + 7)) / wt.HOUR for monday in weeks
    }


@SLOW
@given(rotas())
def test_autofill_never_breaks_a_rule(case):
    prob, team = case
    result = autofill(prob, language="en")
    views = {view.worker_id: view for view in team.views}
    plans = {plan.request_id: plan for plan in prob.requests}
    members = {member.worker_id: member for member in prob.members}
    margin = prob.settings.contract_margin_h

    # Hard rules, each assignment against what the member already held.
    placed: dict[str, list[str]] = defaultdict(list)
    new_shifts: dict[str, list[wt.Shift]] = defaultdict(list)
    for a in result.assignments:
        plan = plans[a.request_id]
        assert m.explain_exclusion(plan.request, views[a.worker_id]) == []
        placed[a.request_id].append(a.worker_id)
        r = plan.request
        new_shifts[a.worker_id].append(wt.Shift(r.start, r.end, r.break_minutes, ("new", a.request_id)))

    # Places: never more than asked, never the same member twice, never someone already on it.
    for request_id, workers in placed.items():
        assert len(workers) <= plans[request_id].positions
        assert len(set(workers)) == len(workers)
        assert not set(workers) & plans[request_id].booked

    # Working time over whole schedules, and the contract margin week by week.
    for worker_id, shifts in new_shifts.items():
        member = members[worker_id]
        held = member.schedule.shifts()
        full = wt.Schedule.from_shifts(
            worker_id, [*held, *shifts], date_of_birth=member.schedule.date_of_birth, opted_out=member.schedule.opted_out
        )
        mine = {s.ref for s in shifts}
        broken = [b for b in wt.check_schedule(full) if b.override is None and mine & set(b.shift_refs)]
        assert broken == [], [b.describe("en") for b in broken]
        if member.contracted_hours:
            after = _hours_by_week([*held, *shifts])
            for monday, hours in _hours_by_week(shifts).items():
                if hours > 0:
                    assert after[monday] <= member.contracted_hours + margin + 1e-6

    # Never fewer places than the greedy fill; every place left is explained for every member.
    assert result.summary.assigned >= result.greedy.assigned
    assert result.assigned == sum(len(w) for w in placed.values())
    for unfilled in result.unfilled:
        on_it = set(placed.get(unfilled.request_id, ()))
        explained = {reason.worker_id for reason in unfilled.reasons}
        assert explained == set(members) - on_it
        assert all(reason.rules and reason.text for reason in unfilled.reasons)
        assert unfilled.unfilled == plans[unfilled.request_id].positions - len(on_it)
    assert result.bound >= result.objective - 1e-9


@st.composite
def one_member_fills(draw):
    team = Team()
    team.add(
        "solo", contract=None, opted_out=True,
        date_of_birth=draw(st.sampled_from((None, None, date(2009, 6, 1)))),
        shifts=[shift(day, *p, ref=f"held{i}") for i, (day, p) in enumerate(
            draw(st.lists(st.tuples(st.integers(-3, 20), st.sampled_from(PATTERNS)), max_size=4)))],
    )
    requests = [
        request(f"r{n}", day, *pattern)
        for n, (day, pattern) in enumerate(
            draw(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(PATTERNS)), min_size=4, max_size=18, unique=True))
        )
    ]
    instance = compile_problem(problem(team, requests))
    picks = draw(st.lists(st.booleans(), min_size=len(instance.options), max_size=len(instance.options)))
    return instance, {o for o, pick in enumerate(picks) if pick}


@settings(max_examples=60, deadline=None)
@given(one_member_fills())
def test_the_weekly_rest_windows_agree_with_working_time(case):
    """The model's rest windows say a fill keeps weekly rest exactly when
    ``working_time`` finds no weekly-rest breach involving the new shifts."""
    instance, chosen = case
    state = FillState(instance, chosen)
    model_says = all(state.rest_ok(rule) for rule in instance.rests)
    [schedule] = member_schedules(instance, chosen)
    breaches = [
        b for b in wt.check_schedule(schedule)
        if b.rule == wt.WEEKLY_REST and any(isinstance(ref, NewShift) for ref in b.shift_refs)
    ]
    assert model_says == (not breaches)


@SLOW
@given(rotas(max_members=3, max_requests=10))
def test_greedy_never_covers_more_than_autofill(case):
    prob, _team = case
    result = autofill(replace(prob, settings=replace(prob.settings, time_limit_s=2.0)))
    assert result.summary.assigned >= result.greedy.assigned
    assert result.summary.objective >= result.greedy.objective - 1e-9
