"""Feeding the matching rules from the database in a few set-based queries.

:func:`load_matching_data` reads everything matching needs about every
current worker — roles, compliance, availability, absences and the active
bookings of a window — in one pass per table, never a query per worker. The
result serves many requests (a coordinator's page, the benchmark, the rota),
and :func:`match_request` turns one request into the domain's plain data and
ranks every worker with ``domain.matching``: from the data's kept worker pool
(:func:`candidate_pool`) when only the ranking is wanted, through every worker
one by one (:func:`candidate_workers`) when "why not?" must be answered too.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import String, or_, select, type_coerce
from sqlalchemy.orm import Session

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    BookingKind,
    BookingStatus,
    PreferenceKind,
)
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import (
    Absence,
    AvailabilitySlot,
    Booking,
    ComplianceItem,
    CoverRequest,
    Provider,
    ProviderWorkerPreference,
    Worker,
    WorkerRole,
)

from .errors import NotFound
from .locality import home_locality_id
from .unit_of_work import read_only

# Bookings this far either side of a request decide its 17-week averages.
SCHEDULE_MARGIN = timedelta(weeks=17, days=2)
CONTINUITY_DAYS = 90


@dataclass
class WorkerBase:
    """The facts about a worker that do not depend on the request."""

    worker_id: uuid.UUID
    name: str
    employment_type: object
    roles: frozenset
    start_date: date
    leaving_date: date | None
    compliance: dict
    availability: tuple | None
    welsh: tuple[int, int, int]
    home_town: str
    max_travel_km: float | None
    drives: bool
    contracted_hours: float | None
    date_of_birth: date | None
    opted_out: bool


@dataclass
class MatchingData:
    window_start: datetime
    window_end: datetime
    workers: dict[uuid.UUID, WorkerBase]
    schedules: dict[uuid.UUID, wt.Schedule]
    absences: dict[uuid.UUID, tuple[m.AbsencePeriod, ...]]
    # provider -> worker -> start instants of worked or confirmed shifts there
    history: dict[uuid.UUID, dict[uuid.UUID, list[datetime]]] = field(default_factory=dict)
    # provider -> worker -> worked shadow shifts there
    shadow_here: dict[uuid.UUID, Counter] = field(default_factory=dict)
    shadow_total: Counter = field(default_factory=Counter)
    # Caches derived from ``workers``: not init fields, so dataclasses.replace
    # (used to narrow the data to some workers) starts them afresh.
    _templates: dict | None = field(default=None, init=False, repr=False, compare=False)
    _pool: m.WorkerPool | None = field(default=None, init=False, repr=False, compare=False)

    def covers(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.window_start <= starts_at - SCHEDULE_MARGIN and ends_at + SCHEDULE_MARGIN <= self.window_end

    def templates(self) -> dict[uuid.UUID, m.CandidateWorker]:
        """Each worker's facts as the domain wants them, with nothing about any
        one provider: built once, then shared by request after request (a
        request changes only the few workers with history at its provider)."""
        if self._templates is None:
            self._templates = {
                worker_id: _template(base, self.schedules[worker_id], self.absences.get(worker_id, ()),
                                     self.shadow_total.get(worker_id, 0))
                for worker_id, base in self.workers.items()
            }
        return self._templates

    def pool(self) -> m.WorkerPool:
        """The templates indexed by role and availability, for ranking."""
        if self._pool is None:
            self._pool = m.WorkerPool(self.templates().values())
        return self._pool

    def role_holders(self, role) -> list[m.CandidateWorker]:
        return list(self.pool().with_role(role))


def _template(base: WorkerBase, schedule: wt.Schedule, absences, shadow_total: int) -> m.CandidateWorker:
    return m.CandidateWorker(
        worker_id=base.worker_id,
        employment_type=base.employment_type,
        roles=base.roles,
        start_date=base.start_date,
        schedule=schedule,
        leaving_date=base.leaving_date,
        compliance=base.compliance,
        availability=base.availability,
        absences=absences,
        welsh_speaking=base.welsh[0],
        welsh_reading=base.welsh[1],
        welsh_writing=base.welsh[2],
        home_town=base.home_town or None,
        max_travel_km=base.max_travel_km,
        drives=base.drives,
        contracted_hours=base.contracted_hours,
        shadow_shifts_total=shadow_total,
    )


class _Ids(dict):
    """Ids read as their stored text, each distinct one parsed once.

    A worker's id comes back from every table read for them (roles, each
    compliance item, each availability slot, each booking): parsing every
    occurrence into a UUID was the larger part of a load.
    """

    def __missing__(self, text):
        parsed = self[text] = uuid.UUID(text)
        return parsed


def _text(column):
    return type_coerce(column, String)


def load_matching_data(session: Session, locality_id: uuid.UUID, first: datetime, last: datetime) -> MatchingData:
    """Everything for requests starting between ``first`` and ``last``."""
    window_start, window_end = first - SCHEDULE_MARGIN, last + SCHEDULE_MARGIN
    ids = _Ids()
    # Plain column rows: the connection's Core execution skips the ORM's
    # per-row machinery, which these reads (no entities) never need.
    rows = session.connection().execute
    roles: dict[uuid.UUID, set] = defaultdict(set)
    for worker_id, role in rows(
        select(_text(WorkerRole.worker_id), WorkerRole.role).where(WorkerRole.locality_id == locality_id)
    ):
        roles[ids[worker_id]].add(role)
    compliance: dict[uuid.UUID, dict] = defaultdict(dict)
    for worker_id, kind, expires in rows(
        select(_text(ComplianceItem.worker_id), ComplianceItem.kind, ComplianceItem.expires_on).where(
            ComplianceItem.locality_id == locality_id, ComplianceItem.deleted_at.is_(None)
        )
    ):
        held = compliance[ids[worker_id]]
        key = str(kind)
        # Of two items of one kind the one lasting longer counts (None: never expires).
        if key not in held or held[key] is not None and (expires is None or expires > held[key]):
            held[key] = expires
    availability: dict[uuid.UUID, list] = defaultdict(list)
    for worker_id, weekday, start, end in rows(
        select(_text(AvailabilitySlot.worker_id), AvailabilitySlot.weekday, AvailabilitySlot.start_time,
               AvailabilitySlot.end_time).where(AvailabilitySlot.locality_id == locality_id)
    ):
        availability[ids[worker_id]].append((weekday, start.hour * 60 + start.minute, end.hour * 60 + end.minute))
    absences: dict[uuid.UUID, list] = defaultdict(list)
    for worker_id, kind, start, end in rows(
        select(_text(Absence.worker_id), Absence.kind, Absence.start_date, Absence.end_date).where(
            Absence.locality_id == locality_id,
            Absence.deleted_at.is_(None),
            Absence.end_date >= window_start.date(),
            Absence.start_date <= window_end.date(),
        )
    ):
        absences[ids[worker_id]].append(m.AbsencePeriod(start, end, kind))

    workers: dict[uuid.UUID, WorkerBase] = {}
    for w in rows(
        select(
            _text(Worker.id).label("id"), Worker.first_name, Worker.last_name, Worker.employment_type, Worker.main_role, Worker.start_date,
            Worker.leaving_date, Worker.welsh_speaking, Worker.welsh_reading, Worker.welsh_writing, Worker.home_town,
            Worker.max_travel_km, Worker.drives, Worker.contracted_hours, Worker.date_of_birth, Worker.wtr_opt_out,
        ).where(
            Worker.locality_id == locality_id,
            Worker.deleted_at.is_(None),
            or_(Worker.leaving_date.is_(None), Worker.leaving_date >= window_start.date()),
        )
    ):
        worker_id = ids[w.id]
        workers[worker_id] = WorkerBase(
            worker_id=worker_id,
            name=f"{w.first_name} {w.last_name}",
            employment_type=w.employment_type,
            roles=frozenset(roles.get(worker_id, set()) | {w.main_role}),
            start_date=w.start_date,
            leaving_date=w.leaving_date,
            compliance=compliance.get(worker_id, {}),
            availability=tuple(availability[worker_id]) if worker_id in availability else None,
            welsh=(w.welsh_speaking, w.welsh_reading, w.welsh_writing),
            home_town=w.home_town,
            max_travel_km=float(w.max_travel_km) if w.max_travel_km is not None else None,
            drives=w.drives,
            contracted_hours=float(w.contracted_hours) if w.contracted_hours is not None else None,
            date_of_birth=w.date_of_birth,
            opted_out=w.wtr_opt_out,
        )

    booked = load_bookings(session, locality_id, window_start, window_end, ids=ids)
    schedules = {worker_id: booked.schedule(worker_id, base.date_of_birth, base.opted_out) for worker_id, base in workers.items()}
    return MatchingData(
        window_start, window_end, workers, schedules,
        {worker_id: tuple(periods) for worker_id, periods in absences.items()},
        booked.history, booked.shadow_here, booked.shadow_total,
    )


@dataclass
class BookedShifts:
    """Active bookings of a window as per-worker columns, ready for ``wt.Schedule``."""

    columns: dict = field(default_factory=lambda: defaultdict(lambda: ([], [], [], [])))
    overridden: dict = field(default_factory=lambda: defaultdict(list))
    history: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    shadow_here: dict = field(default_factory=lambda: defaultdict(Counter))
    shadow_total: Counter = field(default_factory=Counter)

    def schedule(self, worker_id, date_of_birth, opted_out) -> wt.Schedule:
        starts, ends, worked, refs = self.columns.get(worker_id, ((), (), (), ()))
        return wt.Schedule.from_columns(
            worker_id, tuple(starts), tuple(ends), tuple(worked), tuple(refs),
            date_of_birth=date_of_birth, opted_out=opted_out,
            overrides=_overrides(self.overridden.get(worker_id, ())),
        )


def load_bookings(
    session: Session, locality_id: uuid.UUID, window_start: datetime, window_end: datetime, worker_ids=None,
    ids: dict | None = None,
) -> BookedShifts:
    """One query for every active booking overlapping the window (optionally for some workers)."""
    booked = BookedShifts()
    ids = _Ids() if ids is None else ids
    query = (
        select(
            Booking.id, _text(Booking.worker_id).label("worker_id"), Booking.starts_at, Booking.ends_at, Booking.status,
            Booking.kind, Booking.override_reason, Booking.override_scope, CoverRequest.unpaid_break_minutes,
            _text(CoverRequest.provider_id).label("provider_id"),
        )
        .join(CoverRequest, CoverRequest.id == Booking.request_id)
        .where(
            Booking.locality_id == locality_id,
            Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            Booking.ends_at > window_start,
            Booking.starts_at < window_end,
        )
        .order_by(Booking.worker_id, Booking.starts_at)
    )
    if worker_ids is not None:
        query = query.where(Booking.worker_id.in_(list(worker_ids)))
    for b in session.connection().execute(query):
        worker_id, provider_id = ids[b.worker_id], ids[b.provider_id]
        starts, ends, worked, refs = booked.columns[worker_id]
        start, end = int(b.starts_at.timestamp()), int(b.ends_at.timestamp())
        starts.append(start)
        ends.append(end)
        worked.append(end - start - 60 * b.unpaid_break_minutes)
        refs.append(b.id)
        if b.override_reason:
            booked.overridden[worker_id].append(b)
        if b.status in (BookingStatus.WORKED, BookingStatus.CONFIRMED):
            booked.history[provider_id][worker_id].append(b.starts_at)
        if b.kind == BookingKind.SHADOW and b.status == BookingStatus.WORKED:
            booked.shadow_here[provider_id][worker_id] += 1
            booked.shadow_total[worker_id] += 1
    return booked


def _overrides(bookings) -> list[wt.Override]:
    """A booking made over a working-time rule carries its manager's reason and
    the breaches it was given for (rule and every shift in each); exactly those
    are set aside, so a later booking that makes a new breach needs a new
    decision. A booking without a recorded scope covers its own shift alone."""
    overrides = []
    for b in bookings:
        if b.override_scope:
            overrides += [
                wt.Override(rule=item["rule"], shift_refs=frozenset(uuid.UUID(ref) for ref in item["shifts"]),
                            reason=b.override_reason)
                for item in b.override_scope
            ]
        else:
            overrides += [wt.Override(rule=rule, shift_refs=frozenset({b.id}), reason=b.override_reason)
                          for rule in wt.OVERRIDABLE_RULES]
    return overrides


def provider_facts(session: Session, provider: Provider) -> m.ProviderFacts:
    preferred, do_not_send = set(), {}
    for worker_id, kind, reason in session.execute(
        select(ProviderWorkerPreference.worker_id, ProviderWorkerPreference.kind, ProviderWorkerPreference.reason).where(
            ProviderWorkerPreference.provider_id == provider.id, ProviderWorkerPreference.deleted_at.is_(None)
        )
    ):
        if kind == PreferenceKind.PREFERRED:
            preferred.add(worker_id)
        else:
            do_not_send[worker_id] = reason
    return m.ProviderFacts(
        provider_id=provider.id,
        town=provider.town or None,
        needs_driver=provider.needs_driver,
        people_supported=provider.people_supported,
        people_preferring_welsh=provider.people_preferring_welsh,
        preferred_workers=frozenset(preferred),
        do_not_send=do_not_send,
    )


def match_request_facts(request: CoverRequest, provider: m.ProviderFacts) -> m.MatchRequest:
    return m.MatchRequest(
        request_id=request.id,
        provider=provider,
        role=request.role,
        start=request.starts_at,
        end=request.ends_at,
        break_minutes=request.unpaid_break_minutes,
        reason=request.reason,
        welsh_requirement=request.welsh_requirement,
        welsh_level=request.welsh_level,
        required_skills=tuple(request.required_skills or ()),
    )


def _with_provider(data: MatchingData, request: CoverRequest) -> dict[uuid.UUID, m.CandidateWorker]:
    """The workers whose facts for this request differ from their template:
    only those with history at its provider (continuity, shadow shifts there)."""
    starts_at, provider_id = request.starts_at, request.provider_id
    since = starts_at - timedelta(days=CONTINUITY_DAYS)
    visits = {
        worker_id: sum(1 for start in starts if since <= start < starts_at)
        for worker_id, starts in data.history.get(provider_id, {}).items()
    }
    shadows = data.shadow_here.get(provider_id, {})
    templates = data.templates()
    return {
        worker_id: replace(template, bookings_here_90d=visits.get(worker_id, 0), shadow_shifts_here=shadows.get(worker_id, 0))
        for worker_id, template in (
            (worker_id, templates.get(worker_id)) for worker_id in set(visits) | set(shadows)
        )
        if template is not None
    }


def candidate_workers(
    data: MatchingData, request: CoverRequest, exclude_booked: set | None = None, role_holders_only: bool = False
) -> list[m.CandidateWorker]:
    """The domain's view of every worker for this request (already-booked ones
    left out). ``role_holders_only`` skips workers the role rule would exclude
    anyway: ranking needs only those who hold the role, "why not?" needs all."""
    particular = _with_provider(data, request)
    pool = data.pool().with_role(request.role) if role_holders_only else data.templates().values()
    excluded = exclude_booked or set()
    return [
        particular.get(template.worker_id, template)
        for template in pool
        if not excluded or template.worker_id not in excluded
    ]


def candidate_pool(data: MatchingData, request: CoverRequest, exclude_booked: set | None = None) -> m.WorkerPool:
    """The same workers as :func:`candidate_workers`, as a view of the kept
    pool: ranking then meets only the role's holders whose availability fits,
    and the request costs only the workers it changes."""
    return data.pool().adjusted(_with_provider(data, request), exclude_booked or ())


@dataclass(frozen=True)
class RankedCandidate:
    worker_id: uuid.UUID
    name: str
    score: float
    reasons: list[str]
    hours_this_week: float
    distance_km: float | None


@dataclass(frozen=True)
class ExcludedWorker:
    worker_id: uuid.UUID
    name: str
    rules: list[dict]  # {"rule", "overridable", "text"}


@dataclass(frozen=True)
class MatchOutcome:
    request_id: uuid.UUID
    candidates: list[RankedCandidate]
    excluded: list[ExcludedWorker]


def _load_request(session: Session, request_id: uuid.UUID) -> tuple[CoverRequest, Provider]:
    request = session.get(CoverRequest, request_id)
    if request is None or request.deleted_at is not None:
        raise NotFound(_("That cover request no longer exists."))
    return request, session.get(Provider, request.provider_id)


def _booked_on(session: Session, request_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(Booking.worker_id).where(Booking.request_id == request_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES))
        )
    )


def match_request(
    db: Database,
    request_id: uuid.UUID,
    limit: int | None = None,
    explain: bool = False,
    language: str | None = None,
    data: MatchingData | None = None,
) -> MatchOutcome:
    """Every worker who can go, best first, with reasons; with ``explain``, every
    worker who cannot and exactly which rules stop them."""
    with read_only(db) as session:
        request, provider = _load_request(session, request_id)
        if data is None or not data.covers(request.starts_at, request.ends_at):
            data = load_matching_data(session, request.locality_id, request.starts_at, request.ends_at)
        facts = match_request_facts(request, provider_facts(session, provider))
        booked = _booked_on(session, request_id)
        # "Why not?" meets every worker; ranking alone only those who may fit.
        workers = candidate_workers(data, request, booked) if explain else candidate_pool(data, request, booked)
    result = m.match(facts, workers, limit=limit, explain=explain)
    names = {worker_id: base.name for worker_id, base in data.workers.items()}
    return MatchOutcome(
        request_id=request_id,
        candidates=[
            RankedCandidate(c.worker_id, names[c.worker_id], c.score, c.reasons(language), c.hours_this_week, c.distance_km)
            for c in result.candidates
        ],
        excluded=[
            ExcludedWorker(worker_id, names[worker_id], [e.as_dict(language) for e in exclusions])
            for worker_id, exclusions in result.excluded
        ],
    )


@dataclass(frozen=True)
class BookingExclusion:
    rule: str
    overridable: bool
    text: str
    # For working time: (rule, shift refs) of each breach; wt.NEW_SHIFT stands for the new shift.
    breaches: tuple[tuple[str, tuple], ...] = ()


def booking_exclusions(session: Session, request: CoverRequest, worker_id: uuid.UUID, now: datetime) -> list[BookingExclusion]:
    """The hard rules that stop ``worker_id`` taking ``request``, read inside
    the booking's own transaction so the check and the write see one state."""
    provider = session.get(Provider, request.provider_id)
    data = load_matching_data(session, request.locality_id, request.starts_at, request.ends_at)
    if worker_id not in data.workers:
        return [BookingExclusion(m.NOT_ACTIVE, False, _("This worker is not current in this locality."))]
    if worker_id in _booked_on(session, request.id):
        return [BookingExclusion("already_booked", False, _("This worker is already booked on this request."))]
    worker = next(w for w in candidate_workers(data, request) if w.worker_id == worker_id)
    exclusions = m.explain_exclusion(match_request_facts(request, provider_facts(session, provider)), worker)
    return [
        BookingExclusion(e.rule, e.overridable, e.describe(), tuple((b.rule, tuple(b.shift_refs)) for b in e.breaches))
        for e in exclusions
    ]


def load_for_period(db: Database, first: datetime, last: datetime) -> MatchingData:
    with read_only(db) as session:
        return load_matching_data(session, home_locality_id(session), first, last)

