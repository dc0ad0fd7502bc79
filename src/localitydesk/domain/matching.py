"""Who can go, best first, and why — candidate matching over plain data.

The services layer builds one :class:`MatchRequest` and a
:class:`CandidateWorker` per worker from a few set-based queries, then calls
:func:`rank_candidates`. Every hard rule is a small function with a stable code
(:data:`HARD_RULES`), so "why not?" (:func:`explain_exclusion`) and the rota
auto-fill reuse them one by one. Ranking itself runs the same rules inline in
one loop (:func:`_can_go`), cheapest first, because it meets every worker of a
locality for every request; tests hold the two forms to the same answers.
Given a :class:`WorkerPool` (see ``domain.worker_pool``) it meets fewer: only
the role's holders, and of those only the groups whose usual week fits, each
availability pattern asked once. Explaining always meets every worker.

Scores are sums of points from soft factors; each factor keeps the figures
behind it so :meth:`Candidate.reasons` can put it in words, in either language.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

from localitydesk.domain import compliance as comp
from localitydesk.domain import places
from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import (
    AbsenceKind,
    EmploymentType,
    RequestReason,
    Role,
    WelshRequirement,
)
from localitydesk.domain.wording import Wording
from localitydesk.domain.worker_pool import WorkerPool

# -- hard rule codes (stable: CLI output, the rota solver, tests) -------------
NOT_ACTIVE = "not_active"
ROLE = "role"
EMPLOYMENT_TYPE = "employment_type"
COMPLIANCE = "compliance"
DO_NOT_SEND = "do_not_send"
UNAVAILABLE = "unavailable"
ABSENT = "absent"
WORKING_TIME = "working_time"
WELSH_ESSENTIAL = "welsh_essential"
MAX_TRAVEL = "max_travel"
DRIVER_NEEDED = "driver_needed"

# -- soft factor codes --------------------------------------------------------
F_WELSH = "welsh"
F_CONTINUITY = "continuity"
F_SHADOW_HERE = "shadow_here"
F_DISTANCE = "distance"
F_HOURS = "hours"
F_LIMITS = "limits"
F_PREFERRED = "preferred"
F_PREFERENCE = "preference"
F_SKILLS = "skills"


# --------------------------------------------------------------------------
# Plain data in.


@dataclass(frozen=True, slots=True)
class ProviderFacts:
    provider_id: Hashable
    town: str | None = None  # a places.Town code (or a name in either language)
    needs_driver: bool = False
    people_supported: int = 0
    people_preferring_welsh: int = 0
    preferred_workers: frozenset = frozenset()
    do_not_send: Mapping[Hashable, str] = field(default_factory=dict)  # worker id -> reason

    @property
    def welsh_share(self) -> float:
        if self.people_supported <= 0:
            return 0.0
        return min(1.0, self.people_preferring_welsh / self.people_supported)


@dataclass(frozen=True, slots=True)
class MatchRequest:
    request_id: Hashable
    provider: ProviderFacts
    role: Role
    start: datetime  # aware
    end: datetime
    break_minutes: int = 0
    reason: RequestReason = RequestReason.SICKNESS
    welsh_requirement: WelshRequirement = WelshRequirement.NONE
    welsh_level: int = 0
    required_skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AbsencePeriod:
    start: date  # whole days, inclusive
    end: date
    kind: AbsenceKind = AbsenceKind.OTHER


@dataclass(frozen=True, slots=True)
class WorkerPreferences:
    preferred_providers: frozenset = frozenset()
    avoided_providers: frozenset = frozenset()
    nights: bool | None = None  # True: likes nights; False: would rather not
    weekly_hours_wanted: float | None = None


NO_PREFERENCES = WorkerPreferences()


@dataclass(frozen=True, slots=True)
class CandidateWorker:
    """What matching needs to know about one worker.

    ``availability`` is the usual week as (weekday 0 = Monday, start minute,
    end minute) in London time, an end at or before the start running past
    midnight; ``None`` means no pattern is recorded (any time), an empty tuple
    means never. ``schedule`` holds the worker's active bookings for 17 weeks
    either side of the request, with their date of birth and opt-out.
    """

    worker_id: Hashable
    employment_type: EmploymentType
    roles: frozenset  # of Role, main role included
    start_date: date
    schedule: wt.Schedule
    leaving_date: date | None = None
    compliance: Mapping[str, date | None] = field(default_factory=dict)  # kind -> expires (None: never)
    availability: tuple[tuple[int, int, int], ...] | None = None
    absences: tuple[AbsencePeriod, ...] = ()
    welsh_speaking: int = 0
    welsh_reading: int = 0
    welsh_writing: int = 0
    home_town: str | None = None  # a places.Town code (or a name)
    max_travel_km: float | None = None
    drives: bool = False
    contracted_hours: float | None = None
    bookings_here_90d: int = 0
    shadow_shifts_here: int = 0
    shadow_shifts_total: int = 0
    skills: frozenset = frozenset()
    preferences: WorkerPreferences = NO_PREFERENCES
    hours_this_week: float | None = None  # None: counted from the schedule


@dataclass(frozen=True, slots=True)
class MatchSettings:
    shadow_shifts_to_deploy: int = 2  # new-to-care workers fill ordinary requests after this many
    policy: wt.WorkingTimePolicy = wt.DEFAULT_POLICY


@dataclass(frozen=True, slots=True)
class Weights:
    welsh_essential_base: float = 20
    welsh_per_level_above: float = 4
    welsh_desirable_met: float = 15
    welsh_per_level: float = 3
    welsh_preferring_provider: float = 15  # × share of people preferring Welsh × level / 5
    per_recent_booking: float = 3
    recent_bookings_cap: int = 6
    per_shadow_here: float = 5
    shadow_here_cap: int = 2
    per_km: float = -0.4
    unknown_distance: float = -8
    bank_short_hours_target: float = 24  # bank workers below this many hours this week come first
    per_hour_short: float = 0.5
    core_within_contract: float = 8
    per_hour_over_contract: float = -1
    busy_week_from: float = 40
    per_hour_busy_week: float = -2
    average_from: float = 42
    per_hour_average: float = -3
    preferred_worker: float = 25
    likes_provider: float = 6
    avoids_provider: float = -12
    likes_nights: float = 4
    avoids_nights: float = -8
    over_wanted_hours: float = -6
    has_skill: float = 3
    lacks_skill: float = -6


DEFAULT_SETTINGS = MatchSettings()
DEFAULT_WEIGHTS = Weights()


# --------------------------------------------------------------------------
# The request, prepared once.


class RequestContext:
    """Everything about the request that every worker is compared against."""

    __slots__ = (
        "request",
        "settings",
        "probe",
        "start_date",
        "end_date",
        "weekday",
        "start_minute",
        "end_minute",
        "needed",
        "other_skills",
        "distances",
        "shift_hours",
        "week_lo",
        "week_hi",
        "essential_level",
        "is_shadow",
    )

    def __init__(self, request: MatchRequest, settings: MatchSettings = DEFAULT_SETTINGS):
        self.request = request
        self.settings = settings
        self.probe = wt.Probe(wt.Shift(request.start, request.end, request.break_minutes), settings.policy)
        local_start = datetime.fromtimestamp(self.probe.start, wt.LONDON)
        local_end = datetime.fromtimestamp(self.probe.end, wt.LONDON)
        self.start_date = local_start.date()
        self.end_date = date.fromordinal(self.probe.end_ordinal)
        self.weekday = local_start.weekday()
        self.start_minute = local_start.hour * 60 + local_start.minute
        # Wall-clock minutes from the start day's midnight, so a night shift
        # ending 08:00 next day is 1920 — comparable with availability windows.
        self.end_minute = (local_end.date() - self.start_date).days * 1440 + local_end.hour * 60 + local_end.minute
        self.needed = comp.required_items(request.role, request.required_skills)
        self.other_skills = tuple(s for s in request.required_skills if not comp.is_compliance_code(s))
        town = places.find_town(request.provider.town) if request.provider.town else None
        self.distances = places.distances_from(town.code) if town is not None else None
        self.shift_hours = self.probe.worked / wt.HOUR
        monday = wt.monday_of(self.probe.start_ordinal)
        self.week_lo, self.week_hi = wt.local_instant(monday), wt.local_instant(monday + 7)
        essential = request.welsh_requirement == WelshRequirement.ESSENTIAL
        self.essential_level = request.welsh_level if essential else 0
        self.is_shadow = request.reason == RequestReason.SHADOW

    def distance_km(self, worker: CandidateWorker) -> float | None:
        if self.distances is None or not worker.home_town:
            return None
        km = self.distances.get(worker.home_town)
        if km is None:
            town = places.find_town(worker.home_town)
            km = self.distances.get(town.code) if town is not None else None
        return km


def prepare(request: MatchRequest, settings: MatchSettings = DEFAULT_SETTINGS) -> RequestContext:
    return RequestContext(request, settings)


# --------------------------------------------------------------------------
# Exclusions: hard rules, one small function each.


@dataclass(frozen=True, slots=True)
class Exclusion:
    rule: str
    worker_id: Hashable
    figures: Mapping[str, Any] = field(default_factory=dict)
    breaches: tuple[wt.Breach, ...] = ()
    gaps: tuple[comp.ComplianceGap, ...] = ()

    @property
    def overridable(self) -> bool:
        """Only working-time breaches the law lets care settings set aside."""
        return self.rule == WORKING_TIME and all(b.overridable for b in self.breaches if b.override is None)

    def describe(self, language: str | None = None) -> str:
        w = Wording(language)
        return w.sentence(_EXCLUSION_WORDS[self.rule](self, w))

    def as_dict(self, language: str | None = None) -> dict:
        return {"rule": self.rule, "overridable": self.overridable, "text": self.describe(language)}


def rule_active(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if w.start_date > ctx.start_date or (w.leaving_date is not None and w.leaving_date < ctx.end_date):
        return Exclusion(
            NOT_ACTIVE, w.worker_id, {"start_date": w.start_date, "leaving_date": w.leaving_date, "on": ctx.start_date}
        )
    return None


def rule_role(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if ctx.request.role not in w.roles:
        return Exclusion(ROLE, w.worker_id, {"role": ctx.request.role})
    return None


def rule_employment_type(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    """Shadow shifts are for new entrants; new entrants go alone only once ready."""
    new = w.employment_type == EmploymentType.NEW_TO_CARE
    if ctx.is_shadow and not new:
        return Exclusion(EMPLOYMENT_TYPE, w.worker_id, {"type": w.employment_type, "shadow": True})
    needed = ctx.settings.shadow_shifts_to_deploy
    if not ctx.is_shadow and new and w.shadow_shifts_total < needed:
        return Exclusion(
            EMPLOYMENT_TYPE, w.worker_id, {"type": w.employment_type, "done": w.shadow_shifts_total, "needed": needed}
        )
    return None


def rule_compliance(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    gaps = comp.gaps_for_shift(w.compliance, ctx.needed, ctx.end_date)
    return Exclusion(COMPLIANCE, w.worker_id, gaps=gaps) if gaps else None


def rule_do_not_send(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    dns = ctx.request.provider.do_not_send
    if w.worker_id in dns:
        return Exclusion(DO_NOT_SEND, w.worker_id, {"reason": dns[w.worker_id]})
    return None


def fits_availability(pattern, weekday: int, start_minute: int, end_minute: int) -> bool:
    """A shift (its weekday, and minutes from that day's midnight, the end past
    1440 when it runs overnight) inside a usual week of (weekday, start minute,
    end minute) windows, counting a window from the evening before that runs on
    past midnight."""
    yesterday = (weekday - 1) % 7
    for day, lo, hi in pattern:
        if hi <= lo:
            hi += 1440
        if day == weekday and lo <= start_minute and end_minute <= hi:
            return True
        if day == yesterday and hi > 1440 and lo <= start_minute + 1440 and end_minute + 1440 <= hi:
            return True
    return False


def _fits_pattern(ctx: RequestContext, pattern) -> bool:
    return fits_availability(pattern, ctx.weekday, ctx.start_minute, ctx.end_minute)


def rule_available(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if w.availability is None or _fits_pattern(ctx, w.availability):
        return None
    return Exclusion(UNAVAILABLE, w.worker_id, {"weekday": ctx.weekday, "start": ctx.probe.start, "end": ctx.probe.end})


def rule_absent(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    for absence in w.absences:
        if absence.start <= ctx.end_date and absence.end >= ctx.start_date:
            return Exclusion(ABSENT, w.worker_id, {"kind": absence.kind, "start": absence.start, "end": absence.end})
    return None


def rule_working_time(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    # "Why not?" asks this of every worker and most would breach nothing: the
    # yes-or-no check (true exactly when some breach has no override) clears
    # them without building a breach, and only the rest are described in full.
    if not wt.would_breach(w.schedule, ctx.probe, ctx.settings.policy):
        return None
    breaches = [
        b for b in wt.breaches_if_added(w.schedule, ctx.probe, ctx.settings.policy) if b.override is None
    ]
    return Exclusion(WORKING_TIME, w.worker_id, breaches=tuple(breaches)) if breaches else None


def rule_welsh(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if ctx.essential_level and w.welsh_speaking < ctx.essential_level:
        return Exclusion(WELSH_ESSENTIAL, w.worker_id, {"needed": ctx.essential_level, "level": w.welsh_speaking})
    return None


def rule_travel(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if w.max_travel_km is None:
        return None
    km = ctx.distance_km(w)
    if km is not None and km > w.max_travel_km:
        return Exclusion(MAX_TRAVEL, w.worker_id, {"km": km, "max": w.max_travel_km})
    return None


def rule_driver(ctx: RequestContext, w: CandidateWorker) -> Exclusion | None:
    if ctx.request.provider.needs_driver and not w.drives:
        return Exclusion(DRIVER_NEEDED, w.worker_id)
    return None


HardRule = Callable[[RequestContext, CandidateWorker], "Exclusion | None"]

# In the order a coordinator reads them.
HARD_RULES: tuple[tuple[str, HardRule], ...] = (
    (NOT_ACTIVE, rule_active),
    (ROLE, rule_role),
    (EMPLOYMENT_TYPE, rule_employment_type),
    (COMPLIANCE, rule_compliance),
    (DO_NOT_SEND, rule_do_not_send),
    (UNAVAILABLE, rule_available),
    (ABSENT, rule_absent),
    (WORKING_TIME, rule_working_time),
    (WELSH_ESSENTIAL, rule_welsh),
    (MAX_TRAVEL, rule_travel),
    (DRIVER_NEEDED, rule_driver),
)


def explain_exclusion(
    request: MatchRequest | RequestContext,
    worker: CandidateWorker,
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> list[Exclusion]:
    """Every hard rule that stops this worker going; empty when they can go."""
    ctx = request if isinstance(request, RequestContext) else RequestContext(request, settings)
    found = []
    for _code, rule in HARD_RULES:
        exclusion = rule(ctx, worker)
        if exclusion is not None:
            found.append(exclusion)
    return found


def _can_go(ctx: RequestContext, w: CandidateWorker) -> bool:
    """All of :data:`HARD_RULES` at once, cheapest first, for ranking thousands.

    Must agree with :func:`explain_exclusion` being empty; the tests hold it
    to that. Availability comes first: it rules out most of a role's holders.
    """
    if w.availability is not None and not _fits_pattern(ctx, w.availability):
        return False
    return _can_go_when_available(ctx, w)


def _can_go_when_available(ctx: RequestContext, w: CandidateWorker) -> bool:
    """Every hard rule but availability (known to fit: a whole pattern group
    was asked at once). Written out inline, no call per rule, because it runs
    for many workers on every request; the rules are pure, so their order
    changes only the cost, with the cheap and selective ones first."""
    if w.start_date > ctx.start_date:
        return False
    leaving = w.leaving_date
    if leaving is not None and leaving < ctx.end_date:
        return False
    request = ctx.request
    if request.role not in w.roles:
        return False
    if ctx.is_shadow:
        if w.employment_type != EmploymentType.NEW_TO_CARE:
            return False
    elif w.employment_type == EmploymentType.NEW_TO_CARE and w.shadow_shifts_total < ctx.settings.shadow_shifts_to_deploy:
        return False
    if w.welsh_speaking < ctx.essential_level:
        return False
    provider = request.provider
    if provider.needs_driver and not w.drives:
        return False
    if w.max_travel_km is not None and ctx.distances is not None and w.home_town:
        km = ctx.distances.get(w.home_town)
        if km is None:
            km = ctx.distance_km(w)
        if km is not None and km > w.max_travel_km:
            return False
    held = w.compliance
    end_date = ctx.end_date
    for kind in ctx.needed:
        expires = held.get(kind, _MISSING)
        if expires is _MISSING or (expires is not None and expires <= end_date):
            return False
    for absence in w.absences:
        if absence.start <= end_date and absence.end >= ctx.start_date:
            return False
    if provider.do_not_send and w.worker_id in provider.do_not_send:
        return False
    return not wt.would_breach(w.schedule, ctx.probe, ctx.settings.policy)


_MISSING = object()


# --------------------------------------------------------------------------
# Soft factors and ranking.


class Factor(NamedTuple):
    # A tuple, not a dataclass: ranking makes thousands of these per request.
    code: str
    points: float
    figures: tuple  # what the words need; see _FACTOR_WORDS


def _factor(code: str, points: float, figures: tuple) -> Factor:
    # tuple.__new__ straight away skips NamedTuple's Python-level __new__.
    return _new_tuple(Factor, (code, points, figures))


_new_tuple = tuple.__new__


@dataclass(slots=True)
class Candidate:
    worker_id: Hashable
    score: float
    factors: tuple[Factor, ...]
    hours_this_week: float
    distance_km: float | None

    def reasons(self, language: str | None = None) -> list[str]:
        w = Wording(language)
        return [_FACTOR_WORDS[factor.code](factor, w) for factor in self.factors]

    def as_dict(self, language: str | None = None) -> dict:
        return {"worker_id": str(self.worker_id), "score": round(self.score, 1), "reasons": self.reasons(language)}


def hours_this_week(ctx: RequestContext, w: CandidateWorker) -> float:
    if w.hours_this_week is not None:
        return w.hours_this_week
    return w.schedule.worked_between(ctx.week_lo, ctx.week_hi) / wt.HOUR


def score_factors(
    ctx: RequestContext,
    w: CandidateWorker,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    km: float | None | bool = False,
    booked: float | None = None,
) -> tuple[Factor, ...]:
    """The soft factors for a worker who can go, each with its points and figures.

    ``km`` and ``booked`` may be passed in when the caller has them already.
    """
    request = ctx.request
    provider = request.provider
    factors: list[Factor] = []

    speaking = w.welsh_speaking
    requirement = request.welsh_requirement
    if requirement == WelshRequirement.ESSENTIAL:
        points = weights.welsh_essential_base + weights.welsh_per_level_above * (speaking - request.welsh_level)
        factors.append(_factor(F_WELSH, points, ("needs", speaking, request.welsh_level)))
    elif requirement == WelshRequirement.DESIRABLE:
        wanted = max(request.welsh_level, 1)
        if speaking >= wanted:
            points = weights.welsh_desirable_met + weights.welsh_per_level * (speaking - wanted)
        else:
            points = weights.welsh_per_level * speaking
        factors.append(_factor(F_WELSH, points, ("desirable", speaking, request.welsh_level)))
    elif provider.welsh_share > 0:
        # No stated requirement, but people here prefer Welsh: the Active Offer
        # still favours a Welsh speaker, the more so the more people prefer it.
        points = weights.welsh_preferring_provider * provider.welsh_share * speaking / 5
        factors.append(_factor(F_WELSH, points, ("share", speaking, round(100 * provider.welsh_share))))

    if w.bookings_here_90d > 0:
        count = w.bookings_here_90d
        factors.append(_factor(F_CONTINUITY, weights.per_recent_booking * min(count, weights.recent_bookings_cap), (count,)))
    if w.shadow_shifts_here > 0:
        count = w.shadow_shifts_here
        factors.append(_factor(F_SHADOW_HERE, weights.per_shadow_here * min(count, weights.shadow_here_cap), (count,)))

    if km is False:
        km = ctx.distance_km(w)
    if km is None:
        factors.append(_factor(F_DISTANCE, weights.unknown_distance, (None,)))
    else:
        factors.append(_factor(F_DISTANCE, weights.per_km * km, (km,)))

    if booked is None:
        booked = hours_this_week(ctx, w)
    after = booked + ctx.shift_hours
    if w.employment_type == EmploymentType.CORE and w.contracted_hours:
        contracted = w.contracted_hours
        if after <= contracted:
            points = weights.core_within_contract
        else:
            points = weights.per_hour_over_contract * (after - contracted)
        factors.append(_factor(F_HOURS, points, (booked, contracted)))
    else:
        short = max(0.0, weights.bank_short_hours_target - booked)
        factors.append(_factor(F_HOURS, weights.per_hour_short * short, (booked, None)))

    limits_points = 0.0
    week_over = after - weights.busy_week_from
    if week_over > 0:
        limits_points += weights.per_hour_busy_week * week_over
    average = None
    if not w.schedule.opted_out:
        policy = ctx.settings.policy
        lo = ctx.probe.start - policy.window_days * wt.DAY
        average = (w.schedule.worked_between(lo, ctx.probe.start) / wt.HOUR + ctx.shift_hours) / policy.reference_weeks
        if average > weights.average_from:
            limits_points += weights.per_hour_average * (average - weights.average_from)
        else:
            average = None
    if limits_points:
        factors.append(_factor(F_LIMITS, limits_points, (after if week_over > 0 else None, average)))

    if w.worker_id in provider.preferred_workers:
        factors.append(_factor(F_PREFERRED, weights.preferred_worker, ()))

    prefs = w.preferences
    if prefs is not NO_PREFERENCES:
        if provider.provider_id in prefs.preferred_providers:
            factors.append(_factor(F_PREFERENCE, weights.likes_provider, ("likes_provider",)))
        if provider.provider_id in prefs.avoided_providers:
            factors.append(_factor(F_PREFERENCE, weights.avoids_provider, ("avoids_provider",)))
        if ctx.probe.is_night and prefs.nights is True:
            factors.append(_factor(F_PREFERENCE, weights.likes_nights, ("likes_nights",)))
        if ctx.probe.is_night and prefs.nights is False:
            factors.append(_factor(F_PREFERENCE, weights.avoids_nights, ("avoids_nights",)))
        if prefs.weekly_hours_wanted is not None and after > prefs.weekly_hours_wanted:
            factors.append(_factor(F_PREFERENCE, weights.over_wanted_hours, ("wanted_hours", prefs.weekly_hours_wanted)))

    for skill in ctx.other_skills:
        if skill in w.skills:
            factors.append(_factor(F_SKILLS, weights.has_skill, (skill, True)))
        else:
            factors.append(_factor(F_SKILLS, weights.lacks_skill, (skill, False)))
    return tuple(factors)


def _eligible(ctx: RequestContext, workers) -> tuple[Iterable[CandidateWorker], bool]:
    """The workers ranking must look at, and whether their availability is
    already known to fit.

    From a :class:`WorkerPool` only the role's holders, and of those only the
    groups whose availability pattern fits the request (asked once per
    pattern); any other iterable is taken whole.
    """
    if not isinstance(workers, WorkerPool):
        return workers, False
    return [
        worker
        for pattern, group in workers.by_availability(ctx.request.role)
        if pattern is None or _fits_pattern(ctx, pattern)
        for worker in group
    ], True


@dataclass(frozen=True, slots=True)
class MatchResult:
    request_id: Hashable
    candidates: list[Candidate]
    excluded: list[tuple[Hashable, list[Exclusion]]]


def _candidate(ctx: RequestContext, w: CandidateWorker, weights: Weights) -> Candidate:
    km = ctx.distance_km(w)
    booked = hours_this_week(ctx, w)
    factors = score_factors(ctx, w, weights, km=km, booked=booked)
    score = 0.0
    for factor in factors:
        score += factor.points
    return Candidate(w.worker_id, score, factors, booked, km)


def _rank_key(candidate: Candidate):
    # Best score first; on a tie the worker with fewer hours this week, then a
    # stable order so the same data always ranks the same way.
    return (-round(candidate.score, 6), candidate.hours_this_week, str(candidate.worker_id))


def _uuid_rank_key(candidate: Candidate):
    # The same order when every id is a UUID: a UUID's text is its number in
    # fixed-width hex, so the texts sort as the numbers do, and comparing the
    # UUIDs themselves (only ever on a tie) spares writing out each text.
    return (-round(candidate.score, 6), candidate.hours_this_week, candidate.worker_id)


def _in_rank_order(candidates: list[Candidate]) -> None:
    all_uuids = all(type(candidate.worker_id) is UUID for candidate in candidates)
    candidates.sort(key=_uuid_rank_key if all_uuids else _rank_key)


def rank_candidates(
    request: MatchRequest | RequestContext,
    workers: Iterable[CandidateWorker] | WorkerPool,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = None,
) -> list[Candidate]:
    """Every worker who can go, best first, each with a score and its factors.

    ``workers`` may be a :class:`WorkerPool`, which lets ranking skip the
    workers who do not hold the role, and whole groups whose usual week does
    not fit the request.
    """
    ctx = request if isinstance(request, RequestContext) else RequestContext(request, settings)
    pool, available = _eligible(ctx, workers)
    can_go = _can_go_when_available if available else _can_go
    candidates = [_candidate(ctx, w, weights) for w in pool if can_go(ctx, w)]
    _in_rank_order(candidates)
    return candidates if limit is None else candidates[:limit]


def match(
    request: MatchRequest,
    workers: Iterable[CandidateWorker] | WorkerPool,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = None,
    explain: bool = False,
) -> MatchResult:
    """Ranked candidates and, with ``explain``, every excluded worker with all their reasons."""
    ctx = RequestContext(request, settings)
    candidates = []
    excluded = []
    # Explaining meets every worker; ranking alone may skip whole groups.
    pool, available = (workers, False) if explain else _eligible(ctx, workers)
    can_go = _can_go_when_available if available else _can_go
    for w in pool:
        if can_go(ctx, w):
            candidates.append(_candidate(ctx, w, weights))
        elif explain:
            excluded.append((w.worker_id, explain_exclusion(ctx, w)))
    _in_rank_order(candidates)
    return MatchResult(request.request_id, candidates if limit is None else candidates[:limit], excluded)


# --------------------------------------------------------------------------
# Words.


def _words_not_active(e: Exclusion, w: Wording) -> str:
    figures = e.figures
    if figures["start_date"] > figures["on"]:
        return w.gettext("Not active on {date}: starts on {start}.").format(
            date=w.day(figures["on"]), start=w.day(figures["start_date"])
        )
    return w.gettext("Not active on {date}: left on {leaving}.").format(
        date=w.day(figures["on"]), leaving=w.day(figures["leaving_date"])
    )


def _words_role(e: Exclusion, w: Wording) -> str:
    return w.gettext("Cannot work as {role}.").format(role=w.label(e.figures["role"]))


def _words_employment(e: Exclusion, w: Wording) -> str:
    if e.figures.get("shadow"):
        return w.gettext("Shadow shifts are for workers new to care; this worker is {type}.").format(
            type=w.label(e.figures["type"])
        )
    return w.ngettext(
        "New to care and not ready to work alone: {done} of {needed} shadow shift done.",
        "New to care and not ready to work alone: {done} of {needed} shadow shifts done.",
        e.figures["needed"],
    ).format(done=e.figures["done"], needed=e.figures["needed"])


def _words_compliance(e: Exclusion, w: Wording) -> str:
    items = "; ".join(gap.describe(w.language) for gap in e.gaps)
    return w.gettext("Compliance not in date for this shift: {items}.").format(items=items)


def _words_do_not_send(e: Exclusion, w: Wording) -> str:
    reason = e.figures.get("reason") or ""
    if reason:
        return w.gettext("On the provider's do-not-send list: {reason}").format(reason=reason)
    return w.gettext("On the provider's do-not-send list.")


def _words_unavailable(e: Exclusion, w: Wording) -> str:
    return w.gettext("Not usually available from {start} to {end}.").format(
        start=w.when(e.figures["start"]), end=w.when(e.figures["end"])
    )


def _words_absent(e: Exclusion, w: Wording) -> str:
    kind = e.figures["kind"]
    if kind == AbsenceKind.ANNUAL_LEAVE:
        message = w.gettext("On annual leave from {start} to {end}.")
    elif kind == AbsenceKind.SICKNESS:
        message = w.gettext("Off sick from {start} to {end}.")
    else:
        message = w.gettext("Absent from {start} to {end}.")
    return message.format(start=w.day(e.figures["start"]), end=w.day(e.figures["end"]))


def _words_working_time(e: Exclusion, w: Wording) -> str:
    text = " ".join(breach.describe(w.language) for breach in e.breaches)
    if e.overridable:
        text += " " + w.gettext("A manager may override this, recording the reason and the compensatory rest.")
    return text


def _words_welsh(e: Exclusion, w: Wording) -> str:
    return w.gettext("Welsh essential at {needed}; speaks Welsh at {level}.").format(
        needed=w.level(e.figures["needed"]), level=w.level(e.figures["level"])
    )


def _words_travel(e: Exclusion, w: Wording) -> str:
    return w.gettext("{km} km from home, beyond the {max} km they will travel.").format(
        km=w.km(e.figures["km"]), max=w.km(e.figures["max"])
    )


def _words_driver(e: Exclusion, w: Wording) -> str:
    return w.gettext("The provider needs a driver and this worker does not drive.")


_EXCLUSION_WORDS = {
    NOT_ACTIVE: _words_not_active,
    ROLE: _words_role,
    EMPLOYMENT_TYPE: _words_employment,
    COMPLIANCE: _words_compliance,
    DO_NOT_SEND: _words_do_not_send,
    UNAVAILABLE: _words_unavailable,
    ABSENT: _words_absent,
    WORKING_TIME: _words_working_time,
    WELSH_ESSENTIAL: _words_welsh,
    MAX_TRAVEL: _words_travel,
    DRIVER_NEEDED: _words_driver,
}


def _say_welsh(f: Factor, w: Wording) -> str:
    kind, level, other = f.figures
    if kind == "needs":
        return w.gettext("Welsh: {level} (needs {needed})").format(level=w.level(level), needed=w.level(other))
    if kind == "desirable":
        if other:
            return w.gettext("Welsh: {level} ({needed} desirable)").format(level=w.level(level), needed=w.level(other))
        return w.gettext("Welsh: {level} (desirable)").format(level=w.level(level))
    return w.gettext("Welsh: {level} ({percent}% of people supported here prefer Welsh)").format(
        level=w.level(level), percent=other
    )


def _say_continuity(f: Factor, w: Wording) -> str:
    count = f.figures[0]
    return w.ngettext(
        "worked here {count} time in the last 90 days", "worked here {count} times in the last 90 days", count
    ).format(count=count)


def _say_shadow(f: Factor, w: Wording) -> str:
    count = f.figures[0]
    return w.ngettext("{count} shadow shift done here", "{count} shadow shifts done here", count).format(count=count)


def _say_distance(f: Factor, w: Wording) -> str:
    km = f.figures[0]
    if km is None:
        return w.gettext("distance from home not known")
    return w.gettext("{km} km from home").format(km=w.km(km))


def _say_hours(f: Factor, w: Wording) -> str:
    booked, contracted = f.figures
    if contracted is None:
        return w.gettext("{hours} h booked this week").format(hours=w.hours(booked))
    return w.gettext("{hours} h booked this week of {contracted} h contracted").format(
        hours=w.hours(booked), contracted=w.hours(contracted)
    )


def _say_limits(f: Factor, w: Wording) -> str:
    week, average = f.figures
    parts = []
    if week is not None:
        parts.append(w.gettext("would reach {hours} h this week").format(hours=w.hours(week)))
    if average is not None:
        parts.append(w.gettext("17-week average would be {hours} h a week").format(hours=w.hours(average)))
    return "; ".join(parts)


def _say_preferred(f: Factor, w: Wording) -> str:
    return w.gettext("provider's preferred worker")


def _say_preference(f: Factor, w: Wording) -> str:
    kind = f.figures[0]
    if kind == "likes_provider":
        return w.gettext("likes working here")
    if kind == "avoids_provider":
        return w.gettext("would rather not work here")
    if kind == "likes_nights":
        return w.gettext("likes night shifts")
    if kind == "avoids_nights":
        return w.gettext("would rather not work nights")
    return w.gettext("wants no more than {hours} h a week").format(hours=w.hours(f.figures[1]))


def _say_skill(f: Factor, w: Wording) -> str:
    skill, has = f.figures
    if has:
        return w.gettext("has the skill asked for: {skill}").format(skill=skill)
    return w.gettext("no record of the skill asked for: {skill}").format(skill=skill)


_FACTOR_WORDS = {
    F_WELSH: _say_welsh,
    F_CONTINUITY: _say_continuity,
    F_SHADOW_HERE: _say_shadow,
    F_DISTANCE: _say_distance,
    F_HOURS: _say_hours,
    F_LIMITS: _say_limits,
    F_PREFERRED: _say_preferred,
    F_PREFERENCE: _say_preference,
    F_SKILLS: _say_skill,
}
