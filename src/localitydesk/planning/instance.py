"""The problem compiled once into options and constraints, as plain data.

An *option* is one core member who may take one place on one request: every
matching hard rule passes against what they already hold (``rank_candidates``
decides, so legality is matching's, never a copy). The constraints between
options are then stated once, here, and read by three consumers — the greedy
fill, the CP-SAT model and :class:`FillState`, which checks a fill against
them — so the three can never disagree about what is allowed:

* ``slots`` — at most ``positions`` members per request. Requests identical in
  every fact are merged into one slot, which removes their symmetry.
* ``cliques`` — options of one member of which at most one may be worked:
  overlap and daily rest, found pair by pair with ``working_time`` itself and
  covered by cliques so the relaxation is tight.
* ``limits`` — linear caps on worked minutes in a period: the contract plus
  margin each week, the 17-week average, young workers' day and week.
* ``rests`` — weekly rest (24 h in the week, or 48 h / two 24 h in its
  fortnight; 48 h a week when young) as "some window of that length is free".
* ``nogoods`` — combinations the full check found breaching after a solve.

Anything these linear forms could miss (night-work averages, a daily-rest
stretch chained through three shifts) is caught by ``working_time.check_schedule``
after each solve and forbidden as a no-good, so a fill is only ever returned
once the full check passes.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.active_offer import welsh_need_met
from localitydesk.domain.vocabulary import WelshRequirement

from .problem import Cancelled, PlanMember, PlanRequest, RotaProblem

CONTRACT_WEEK = "contract_week"
AVERAGE = "average"
YOUNG_DAY = "young_day"
YOUNG_WEEK = "young_week"

# Pairs of one member's options are checked against each other when the
# second starts within this long of the first ending: overlap and daily rest
# live well inside it. Anything further apart that still breaches is found by
# the full check and cut.
PAIR_REACH = wt.DAY


@dataclass(frozen=True, slots=True)
class NewShift:
    """The ref of a shift auto-fill is trying, so a breach names its option."""

    option: int


@dataclass(slots=True)
class Slot:
    index: int
    requests: tuple[int, ...]  # indices into problem.requests, identical ones merged
    positions: int
    ctx: m.RequestContext
    candidates: dict[int, m.CandidateWorker]  # member index -> matching's view
    points: float  # the value of covering one place, before who covers it
    options: list[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.ctx.probe.start

    @property
    def end(self) -> int:
        return self.ctx.probe.end


@dataclass(slots=True)
class Option:
    index: int
    slot: int
    member: int
    probe: wt.Probe  # the shift, with a NewShift ref
    minutes: int  # worked minutes, rounded up
    points: float  # cover value plus this member's soft value
    value: int  # points × scale, for CP-SAT
    provider_id: object
    welsh_met: bool | None
    new_face: bool  # no known history of this member at this provider

    @property
    def start(self) -> int:
        return self.probe.start

    @property
    def end(self) -> int:
        return self.probe.end


@dataclass(slots=True)
class ShiftClass:
    """A member's options that share one shift's times (different requests
    at the same hours): they clash with each other and, for working time,
    with everything alike, so pairs and windows are worked out per class."""

    start: int
    end: int
    probe: wt.Probe
    options: list[int]


@dataclass(frozen=True, slots=True)
class Limit:
    """Σ minutes of chosen options ≤ capacity."""

    member: int
    kind: str
    lo: int
    hi: int
    capacity: int
    terms: tuple[tuple[int, int], ...]  # (option, minutes inside [lo, hi))
    limit_minutes: int  # the cap itself, before what is booked already
    booked_minutes: int


@dataclass(frozen=True, slots=True)
class Window:
    """[start, end) is free rest when none of ``options`` is chosen."""

    start: int
    end: int
    options: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Fortnight:
    member: int
    lo: int
    long: tuple[Window, ...]  # 48 h windows
    short: tuple[Window, ...]  # 24 h windows (two disjoint ones will do)


@dataclass(frozen=True, slots=True)
class RestRule:
    member: int
    lo: int  # the week's Monday 00:00
    week: tuple[Window, ...]
    fortnight: Fortnight | None  # None for young workers: 48 h in the week itself


@dataclass(frozen=True, slots=True)
class Balance:
    """A member's week against their contract, for the objective."""

    member: int
    lo: int
    terms: tuple[tuple[int, int], ...]
    deficit_q: int  # quarter hours of the contract more than a quarter short
    shallow_q: int  # quarter hours in the contract's last quarter


class Instance:
    def __init__(self, problem: RotaProblem):
        self.problem = problem
        self.settings = problem.settings
        self.members: tuple[PlanMember, ...] = problem.members
        self.requests: tuple[PlanRequest, ...] = problem.requests
        self.slots: list[Slot] = []
        self.options: list[Option] = []
        self.by_member: list[list[int]] = [[] for _ in problem.members]
        self.classes: list[list[ShiftClass]] = [[] for _ in problem.members]
        self.option_of: dict[tuple[int, int], int] = {}
        self.cliques: list[tuple[int, ...]] = []
        self.limits: list[Limit] = []
        self.rests: list[RestRule] = []
        self.balances: list[Balance] = []
        self.faces: dict[tuple[int, object], tuple[int, ...]] = {}
        self.nogoods: list[tuple[int, ...]] = []
        self.fixed: set[int] = set()  # options every optimal fill takes (dominance)
        # (slot, member) -> the week's contract figures that ruled the option out alone
        self.contract_blocked: dict[tuple[int, int], Limit] = {}
        self.member_index = {member.worker_id: k for k, member in enumerate(problem.members)}
        self._single: dict[tuple, wt.Schedule] = {}
        self._contract_weeks: dict[tuple[int, int], Limit] = {}

    # -- shared arithmetic ----------------------------------------------------

    def minutes_in(self, option: Option, lo: int, hi: int) -> int:
        """Worked minutes of the option inside [lo, hi), rounded up; a shift
        crossing the edge counts pro rata, as working_time counts it."""
        if option.end <= lo or option.start >= hi:
            return 0
        if option.start >= lo and option.end <= hi:
            return option.minutes
        probe = option.probe
        key = (probe.start, probe.end, probe.worked)
        single = self._single.get(key)
        if single is None:
            single = self._single[key] = wt.Schedule(None, (probe.start,), (probe.end,), (probe.worked,))
        return _ceil_minutes(single.worked_between(lo, hi))

    # -- the objective, in CP-SAT's integers ------------------------------------

    def balance_coefficients(self) -> tuple[int, int, int]:
        """Per quarter hour: towards a contract far short, in its last quarter, over it."""
        w, scale = self.settings.weights, self.settings.scale
        return (round(w.deficit_hour * scale / 4), round(w.contract_hour * scale / 4), round(w.over_contract_hour * scale / 4))

    def face_cost(self) -> int:
        return round(self.settings.weights.new_face * self.settings.scale)

    def week_value(self, balance: Balance, new_minutes: int) -> int:
        """The balance terms for ``new_minutes`` in the week, at their best, as the model scores them."""
        deficit_c, shallow_c, over_c = self.balance_coefficients()
        quarters = new_minutes // 15
        deficit = min(balance.deficit_q, quarters)
        shallow = min(balance.shallow_q, quarters - deficit)
        over = max(0, -(-(new_minutes - 15 * (balance.deficit_q + balance.shallow_q)) // 15))
        return deficit * deficit_c + shallow * shallow_c - over * over_c

    def objective_of(self, chosen) -> int:
        """A fill's objective exactly as the CP-SAT model scores it (scaled integers)."""
        chosen = set(chosen)
        total = sum(self.options[o].value for o in chosen)
        for balance in self.balances:
            total += self.week_value(balance, sum(mins for o, mins in balance.terms if o in chosen))
        cost = self.face_cost()
        for opts in self.faces.values():
            if any(o in chosen for o in opts):
                total -= cost
        return total

    def points(self, objective: float) -> float:
        return objective / self.settings.scale


def _ceil_minutes(seconds: float) -> int:
    return max(0, math.ceil(seconds / 60 - 1e-9))


# --------------------------------------------------------------------------
# Building.


def compile_problem(problem: RotaProblem, should_stop: Callable[[], bool] | None = None) -> Instance:
    instance = Instance(problem)
    stop = should_stop or (lambda: False)
    _build_slots(instance)
    if stop():
        raise Cancelled
    _build_options(instance)
    if stop():
        raise Cancelled
    for k in range(len(instance.members)):
        _member_limits(instance, k)
        _member_rests(instance, k)
        _member_cliques(instance, k)
        if stop():
            raise Cancelled
    _build_faces(instance)
    _find_fixed(instance)
    return instance


def _slot_key(plan: PlanRequest):
    r = plan.request
    return (
        r.provider.provider_id, r.role, r.start, r.end, r.break_minutes, r.reason, r.welsh_requirement, r.welsh_level,
        tuple(sorted(r.required_skills)), plan.booked, plan.published, plan.short_notice,
    )


def _build_slots(instance: Instance) -> None:
    settings = instance.settings
    weights = settings.weights
    groups: dict[object, list[int]] = {}
    for index, plan in enumerate(instance.requests):
        if plan.positions > 0:
            groups.setdefault(_slot_key(plan), []).append(index)
    ordered = sorted(groups.values(), key=lambda idx: (instance.requests[idx[0]].request.start, str(instance.requests[idx[0]].request_id)))
    for indices in ordered:
        first = instance.requests[indices[0]]
        ctx = m.RequestContext(first.request, settings.match)
        essential = first.request.welsh_requirement == WelshRequirement.ESSENTIAL
        points = weights.cover + weights.welsh_essential * essential + weights.short_notice * first.short_notice
        candidates = {}
        for worker in first.candidates:
            k = instance.member_index.get(worker.worker_id)
            if k is not None:
                candidates[k] = worker
        instance.slots.append(
            Slot(len(instance.slots), tuple(indices), sum(instance.requests[i].positions for i in indices), ctx, candidates, points)
        )


def _soft_points(plan: PlanRequest, candidate: m.Candidate, weights) -> float:
    by_code: dict[str, float] = defaultdict(float)
    for factor in candidate.factors:
        by_code[factor.code] += factor.points
    # Hours and limits depend on the rest of the fill: the model's balance terms carry them.
    return (
        weights.welsh * by_code[m.F_WELSH]
        + weights.continuity * (by_code[m.F_CONTINUITY] + by_code[m.F_SHADOW_HERE] + by_code[m.F_PREFERRED])
        + weights.travel * by_code[m.F_DISTANCE]
        + weights.preferences * (by_code[m.F_PREFERENCE] + by_code[m.F_SKILLS])
        + weights.published * (candidate.worker_id in plan.published)
    )


def _build_options(instance: Instance) -> None:
    settings = instance.settings
    probes: dict[tuple, wt.Probe] = {}
    for slot in instance.slots:
        plan = instance.requests[slot.requests[0]]
        request = plan.request
        ranked = m.rank_candidates(slot.ctx, list(slot.candidates.values()), settings=settings.match)
        for candidate in ranked:
            k = instance.member_index[candidate.worker_id]
            worker = slot.candidates[k]
            index = len(instance.options)
            probe = _probe(probes, request, NewShift(index), settings.policy)
            points = slot.points + _soft_points(plan, candidate, settings.weights)
            met = None
            if request.welsh_requirement != WelshRequirement.NONE:
                met = welsh_need_met(request.welsh_requirement, request.welsh_level, worker.welsh_speaking)
            option = Option(
                index=index, slot=slot.index, member=k, probe=probe, minutes=_ceil_minutes(probe.worked),
                points=points, value=round(points * settings.scale), provider_id=request.provider.provider_id,
                welsh_met=met, new_face=worker.bookings_here_90d == 0 and worker.shadow_shifts_here == 0,
            )
            blocked = _over_contract_alone(instance, option)
            if blocked is not None:
                instance.contract_blocked[(slot.index, k)] = blocked
                continue
            instance.options.append(option)
    _index_options(instance)


def _probe(probes: dict, request: m.MatchRequest, ref: NewShift, policy) -> wt.Probe:
    """The request's shift as a probe named for one option. Everything a probe
    works out depends on the times alone, so it is worked out once per time
    and copied, only the ref differing."""
    key = (request.start, request.end, request.break_minutes)
    prepared = probes.get(key)
    if prepared is None:
        prepared = probes[key] = wt.Probe(wt.Shift(request.start, request.end, request.break_minutes), policy)
    probe = wt.Probe.__new__(wt.Probe)
    for name in wt.Probe.__slots__:
        setattr(probe, name, getattr(prepared, name))
    probe.ref = ref
    return probe


def _index_options(instance: Instance) -> None:
    for slot in instance.slots:
        slot.options = []
    instance.by_member = [[] for _ in instance.members]
    instance.option_of = {}
    for index, option in enumerate(instance.options):
        instance.slots[option.slot].options.append(index)
        instance.by_member[option.member].append(index)
        instance.option_of[(option.slot, option.member)] = index
    for options in instance.by_member:
        options.sort(key=lambda o: (instance.options[o].start, instance.options[o].end))
    instance.classes = []
    for options in instance.by_member:
        classes: dict[tuple, ShiftClass] = {}
        for o in options:
            probe = instance.options[o].probe
            key = (probe.start, probe.end, probe.worked)
            if key not in classes:
                classes[key] = ShiftClass(probe.start, probe.end, probe, [])
            classes[key].options.append(o)
        instance.classes.append(sorted(classes.values(), key=lambda c: (c.start, c.end)))


def _contract_limit(instance: Instance, k: int, monday: int, terms) -> Limit:
    if not terms:
        cached = instance._contract_weeks.get((k, monday))
        if cached is not None:
            return cached
    member = instance.members[k]
    margin = instance.settings.contract_margin_h
    lo, hi = wt.local_instant(monday), wt.local_instant(monday + 7)
    cap = math.floor((member.contracted_hours + margin) * 60)
    booked = _ceil_minutes(member.schedule.worked_between(lo, hi))
    limit = Limit(k, CONTRACT_WEEK, lo, hi, max(0, cap - booked), tuple(terms), cap, booked)
    if not terms:
        instance._contract_weeks[(k, monday)] = limit
    return limit


def _over_contract_alone(instance: Instance, option: Option) -> Limit | None:
    """The week in which this option alone would take its member over contract
    plus margin (then it is no option at all), kept to explain it."""
    if not instance.members[option.member].contracted_hours:
        return None
    for monday in option.probe.mondays:
        limit = _contract_limit(instance, option.member, monday, ())
        if instance.minutes_in(option, limit.lo, limit.hi) > limit.capacity:
            return limit
    return None


def _member_limits(instance: Instance, k: int) -> None:
    member = instance.members[k]
    options = [instance.options[o] for o in instance.by_member[k]]
    if not options:
        return
    schedule = member.schedule
    policy = instance.settings.policy
    weights = instance.settings.weights

    # The contract, week by week, and its balance terms for the objective.
    weeks: dict[int, list[Option]] = defaultdict(list)
    for option in options:
        for monday in option.probe.mondays:
            weeks[monday].append(option)
    week_max: dict[int, int] = {}
    for monday, week_options in sorted(weeks.items()):
        lo, hi = wt.local_instant(monday), wt.local_instant(monday + 7)
        terms = tuple((o.index, instance.minutes_in(o, lo, hi)) for o in week_options)
        total = sum(minutes for _o, minutes in terms)
        week_max[monday] = total
        if member.contracted_hours:
            limit = _contract_limit(instance, k, monday, terms)
            week_max[monday] = min(total, limit.capacity)
            if total > limit.capacity:
                instance.limits.append(limit)
            contract = member.contracted_hours * 60
            short = contract - schedule.worked_between(lo, hi) / 60
            deficit = max(0.0, short - contract / 4)
            shallow = min(contract / 4, max(0.0, short))
            if weights.deficit_hour or weights.contract_hour or weights.over_contract_hour:
                instance.balances.append(Balance(k, lo, terms, int(deficit // 15), int(shallow // 15)))

    # Young workers: hours a day and a week.
    if schedule.date_of_birth is not None:
        days: dict[int, list[Option]] = defaultdict(list)
        for option in options:
            for day in range(option.probe.start_ordinal, option.probe.end_ordinal + 1):
                days[day].append(option)
        periods = [(YOUNG_DAY, day, day + 1, policy.young_daily_limit_h, opts) for day, opts in days.items()]
        periods += [(YOUNG_WEEK, monday, monday + 7, policy.young_weekly_limit_h, opts) for monday, opts in weeks.items()]
        for kind, first, last, hours, opts in periods:
            lo, hi = wt.local_instant(first), wt.local_instant(last)
            if schedule.is_young_at(lo):
                _add_limit(instance, k, kind, lo, hi, math.floor(hours * 60), opts)

    # The 17-week average: every day-aligned window meeting an option, unless
    # opted out. Most windows cannot bind once the weekly contract caps apply,
    # so each is first bounded by its booked hours plus those caps.
    limit_minutes = math.floor(policy.average_limit_total_s / 60)
    first_day = options[0].probe.start_ordinal - policy.window_days + 1
    last_day = max(o.probe.end_ordinal for o in options)
    if schedule.opted_out and not schedule.is_young_at(wt.local_instant(first_day)):
        return
    week_spans = [(wt.local_instant(monday), wt.local_instant(monday + 7), most) for monday, most in week_max.items()]
    tightest: dict[tuple, int] = {}  # the options a window meets -> its index in limits
    for day in range(first_day, last_day + 1):
        lo, hi = wt.local_instant(day), wt.local_instant(day + policy.window_days)
        if schedule.opted_out and not schedule.is_young_at(lo):
            continue
        booked = _ceil_minutes(schedule.worked_between(lo, hi))
        if booked + sum(most for w_lo, w_hi, most in week_spans if w_lo < hi and w_hi > lo) <= limit_minutes:
            continue
        terms = tuple((o.index, instance.minutes_in(o, lo, hi)) for o in options if o.start < hi and o.end > lo)
        limit = Limit(k, AVERAGE, lo, hi, max(0, limit_minutes - booked), terms, limit_minutes, booked)
        if sum(minutes for _o, minutes in terms) <= limit.capacity:
            continue
        # Windows meeting the same options with the same minutes: the tightest one says it all.
        earlier = tightest.get(terms)
        if earlier is None:
            tightest[terms] = len(instance.limits)
            instance.limits.append(limit)
        elif limit.capacity < instance.limits[earlier].capacity:
            instance.limits[earlier] = limit


def _add_limit(instance: Instance, k: int, kind: str, lo: int, hi: int, limit_minutes: int, opts) -> None:
    booked = _ceil_minutes(instance.members[k].schedule.worked_between(lo, hi))
    terms = tuple((o.index, instance.minutes_in(o, lo, hi)) for o in opts)
    terms = tuple(term for term in terms if term[1] > 0)
    capacity = max(0, limit_minutes - booked)
    if sum(minutes for _o, minutes in terms) > capacity:
        instance.limits.append(Limit(k, kind, lo, hi, capacity, terms, limit_minutes, booked))


# -- weekly rest ---------------------------------------------------------------


def _windows(base, classes: list[ShiftClass], lo: int, hi: int, length: int) -> tuple[list[Window], bool]:
    """Rest windows of ``length`` inside [lo, hi) starting at lo or at the end
    of any shift, booked or optional; a window a booked shift meets is never
    free and is left out. Returns the windows and whether one of them is free
    whatever is chosen (then the rule cannot bind)."""
    booked = base.intervals(lo, hi)
    starts = {lo}
    starts.update(end for _s, end, _w, _r in booked if lo <= end <= hi - length)
    starts.update(c.end for c in classes if lo <= c.end <= hi - length)
    class_starts = [c.start for c in classes]
    longest = max((c.end - c.start for c in classes), default=0)
    windows = []
    always_free = False
    for t in sorted(starts):
        u = t + length
        if any(s < u and e > t for s, e, _w, _r in booked):
            continue
        meeting: list[int] = []
        for c in classes[bisect_left(class_starts, t - longest) : bisect_left(class_starts, u)]:
            if c.end > t:
                meeting.extend(c.options)
        if not meeting:
            always_free = True
        windows.append(Window(t, u, tuple(sorted(meeting))))
    return windows, always_free


def _member_rests(instance: Instance, k: int) -> None:
    classes = instance.classes[k]
    if not classes:
        return
    schedule = instance.members[k].schedule
    policy = instance.settings.policy
    day_rest = int(policy.weekly_rest_h * wt.HOUR)
    anchor = policy.fortnight_anchor.toordinal()
    fortnights: dict[int, Fortnight | None] = {}
    for monday in sorted({monday for c in classes for monday in c.probe.mondays}):
        lo, hi = wt.local_instant(monday), wt.local_instant(monday + 7)
        if schedule.is_young_at(lo):
            week, free = _windows(schedule, classes, lo, hi, int(policy.young_weekly_rest_h * wt.HOUR))
            if not free:
                instance.rests.append(RestRule(k, lo, tuple(week), None))
            continue
        week, free = _windows(schedule, classes, lo, hi, day_rest)
        if free:
            continue
        first = anchor + 14 * ((monday - anchor) // 14)
        if first not in fortnights:
            fortnights[first] = _fortnight(instance, k, first)
        if fortnights[first] is not None:
            instance.rests.append(RestRule(k, lo, tuple(week), fortnights[first]))


def _fortnight(instance: Instance, k: int, first: int) -> Fortnight | None:
    """The fortnight's rest windows, or None when it is rested whatever is chosen."""
    schedule = instance.members[k].schedule
    classes = instance.classes[k]
    policy = instance.settings.policy
    day_rest = int(policy.weekly_rest_h * wt.HOUR)
    lo, hi = wt.local_instant(first), wt.local_instant(first + 14)
    long, long_free = _windows(schedule, classes, lo, hi, int(policy.fortnight_rest_h * wt.HOUR))
    short, _ = _windows(schedule, classes, lo, hi, day_rest)
    free_starts = [w.start for w in short if not w.options]
    if long_free or (free_starts and free_starts[-1] - free_starts[0] >= day_rest):
        return None
    return Fortnight(k, lo, tuple(long), tuple(short))


# -- daily rest and overlap ----------------------------------------------------


def _member_cliques(instance: Instance, k: int) -> None:
    """Pairs of this member's shifts that working_time says cannot both be
    worked, covered by cliques (at most one option of each clique)."""
    classes = instance.classes[k]
    if not classes or len(instance.by_member[k]) < 2:
        return
    schedule = instance.members[k].schedule
    policy = instance.settings.policy
    n = len(classes)
    # A class clashes with itself (its options overlap); others as working_time says.
    adjacent: list[set[int]] = [{i} for i in range(n)]
    for i, first in enumerate(classes):
        with_first = None
        for j in range(i + 1, n):
            second = classes[j]
            if second.start >= first.end + PAIR_REACH:
                break
            if second.start < first.end and first.start < second.end:
                clash = True
            else:
                if with_first is None:
                    with_first = schedule.with_shift(first.probe)
                clash = wt.would_breach(with_first, second.probe, policy)
            if clash:
                adjacent[i].add(j)
                adjacent[j].add(i)
    covered: set[tuple[int, int]] = set()
    for i in range(n):
        later = sorted(j for j in adjacent[i] if j >= i)
        while True:
            open_pairs = [j for j in later if (i, j) not in covered]
            if not open_pairs:
                break
            if open_pairs[0] == i and len(classes[i].options) < 2:
                covered.add((i, i))
                continue
            clique = [i] if open_pairs[0] == i else [i, open_pairs[0]]
            for j in later:
                if j not in clique and all(j in adjacent[c] for c in clique):
                    clique.append(j)
            clique.sort()
            for x, a in enumerate(clique):
                for b in clique[x:]:
                    covered.add((a, b))
            options = tuple(o for c in clique for o in classes[c].options)
            if len(options) > 1:
                instance.cliques.append(options)


def _build_faces(instance: Instance) -> None:
    if not instance.settings.weights.new_face:
        return
    faces: dict[tuple[int, object], list[int]] = defaultdict(list)
    for option in instance.options:
        if option.new_face:
            faces[(option.member, option.provider_id)].append(option.index)
    instance.faces = {key: tuple(opts) for key, opts in faces.items()}


def _find_fixed(instance: Instance) -> None:
    """Dominance: an option no constraint touches, on a request with places
    for all its options, is in every optimal fill; CP-SAT need not search it."""
    touched: set[int] = set()
    for clique in instance.cliques:
        touched.update(clique)
    for limit in instance.limits:
        touched.update(o for o, _mins in limit.terms)
    for rule in instance.rests:
        for window in rule.week:
            touched.update(window.options)
        if rule.fortnight is not None:
            for window in (*rule.fortnight.long, *rule.fortnight.short):
                touched.update(window.options)
    w = instance.settings.weights
    for slot in instance.slots:
        if len(slot.options) > slot.positions:
            continue
        for o in slot.options:
            option = instance.options[o]
            worst = option.points - w.new_face - w.over_contract_hour * option.minutes / 60
            if o not in touched and worst > 0:
                instance.fixed.add(o)
