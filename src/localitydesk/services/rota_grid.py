"""The locality manager's rota: the core team × days grid, its edits, publishing.

    grid = load_rota_grid(db, monday, weeks=4, language="cy")
    booking_id = assign(db, actor, request_id, worker_id)
    states = unassign(db, actor, [booking_id])          # its inverse
    reinstate(db, actor, states)                        # and back again, the same booking

Every edit is a service that owns its transaction and judges the result with
the matching hard rules and ``domain.working_time`` (through
``services.matching``; never a second copy of a rule). Something illegal is
written only with a manager's recorded reason, and only where the law lets a
care setting set the rule aside (``BookingRefused.overridable``).

Each edit has an inverse that gives back *exactly* what was there, booking
ids included, so the rota page's undo stack can walk back and forth:
``unassign``/``reinstate``, ``move`` back to the previous worker, ``swap``
again, ``set_locked`` the other way. A booking keeps its identity through all
of it, which is also what keeps its calendar UID stable. A move changes the
booking's worker; a swap exchanges the two bookings' shifts, each booking
staying with its worker, so two shifts at the same hours can be swapped
without the database's double-booking guard ever seeing one worker twice.

Publishing stores what the workers received (``RotaPublication.snapshot``);
the grid then lists the changes since.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.bilingual import ProviderNamed
from localitydesk.domain.local_time import local_to_utc, utc_to_local
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    AbsenceKind,
    BookingKind,
    BookingStatus,
    EmploymentType,
    RequestReason,
    RequestStatus,
    Role,
    UserRole,
)
from localitydesk.domain.wording import Wording
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Provider, RotaPublication, User, Worker
from localitydesk.store.types import utc_now

from .bookings import BookingRefused, book_worker, default_kind
from .errors import NotFound, ServiceError
from .locality import home_locality_id
from .matching import MatchingData, candidate_workers, load_matching_data, match_request_facts, provider_facts
from .requests import RequestRow, list_requests, refresh_request_status
from .rota import period_bounds, set_locked
from .unit_of_work import read_only, unit_of_work

# A manager edits shifts still to come; worked and cancelled ones are history.
EDITABLE_STATUSES = (BookingStatus.OFFERED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED)
# Rules judged over 17 weeks: shown against the worker, not in every cell.
WINDOW_RULES = frozenset({wt.AVERAGE_WEEKLY_HOURS, wt.NIGHT_AVERAGE})


def period_start(day: date) -> datetime:
    """The instant a rota day starts: local midnight in Wales."""
    return local_to_utc(day, time(0))


# --------------------------------------------------------------------------
# What the grid shows.


@dataclass(frozen=True)
class GridShift(ProviderNamed):
    booking_id: uuid.UUID
    request_id: uuid.UUID
    worker_id: uuid.UUID
    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    role: Role
    starts_at: datetime
    ends_at: datetime
    break_minutes: int
    status: BookingStatus
    kind: BookingKind
    locked: bool
    override_reason: str

    @property
    def worked_hours(self) -> float:
        return ((self.ends_at - self.starts_at).total_seconds() - 60 * self.break_minutes) / 3600

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


@dataclass(frozen=True)
class GridBreach:
    """A breach in words with its figures: ``short`` fits a cell, ``text`` says it all."""

    rule: str
    short: str
    text: str
    overridden: bool
    booking_ids: tuple[uuid.UUID, ...] = ()
    working_time: bool = True


@dataclass(frozen=True)
class GridCell:
    day: date
    shifts: tuple[GridShift, ...] = ()
    absence: AbsenceKind | None = None
    unavailable: bool = False  # the worker's usual week has no time on this weekday
    available: tuple[tuple[int, int], ...] = ()  # (start minute, end minute) windows that day
    breaches: tuple[GridBreach, ...] = ()

    @property
    def illegal(self) -> bool:
        return any(not b.overridden for b in self.breaches)


@dataclass(frozen=True)
class WeekHours:
    monday: date
    worked: float
    contracted: float | None

    @property
    def over(self) -> bool:
        return self.contracted is not None and self.worked > self.contracted + 1e-6


@dataclass(frozen=True)
class GridRow:
    worker_id: uuid.UUID
    name: str
    preferred_language: str
    main_role: Role
    welsh_speaking: int
    contracted_hours: float | None
    cells: tuple[GridCell, ...]
    weeks: tuple[WeekHours, ...]
    period_hours: float
    # Breaches judged over 17 weeks (average hours, night work): the worker's, not a day's.
    breaches: tuple[GridBreach, ...] = ()

    @property
    def period_contract(self) -> float | None:
        return None if self.contracted_hours is None else self.contracted_hours * len(self.weeks)


@dataclass(frozen=True)
class RotaChange:
    """One difference between the published rota and the rota now."""

    kind: str  # "added", "removed" or "changed" (the same worker and request at other times)
    worker_id: uuid.UUID
    worker_name: str
    request_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    starts_at: datetime
    ends_at: datetime
    was_starts_at: datetime | None = None
    was_ends_at: datetime | None = None

    def describe(self, language: str | None = None) -> str:
        w = Wording(language)
        provider = self.provider_name_cy if w.language == "cy" and self.provider_name_cy else self.provider_name_en or self.provider_name_cy
        shift = w.gettext("{provider}, {start} to {end}").format(
            provider=provider, start=w.when(self.starts_at), end=_clock(self.ends_at)
        )
        if self.kind == "added":
            text = w.gettext("Added: {worker} at {shift}").format(worker=self.worker_name, shift=shift)
        elif self.kind == "removed":
            text = w.gettext("Removed: {worker} at {shift}").format(worker=self.worker_name, shift=shift)
        else:
            text = w.gettext("Times changed: {worker} at {shift} (was {was_start} to {was_end})").format(
                worker=self.worker_name, shift=shift, was_start=w.when(self.was_starts_at), was_end=_clock(self.was_ends_at)
            )
        return w.sentence(text)


@dataclass(frozen=True)
class PublicationState:
    publication_id: uuid.UUID
    published_at: datetime
    published_by: str
    period_start: datetime
    weeks: int
    changes: tuple[RotaChange, ...]


@dataclass(frozen=True)
class RotaGrid:
    first_day: date
    weeks: int
    first: datetime
    last: datetime
    rows: tuple[GridRow, ...]
    open_requests: tuple[RequestRow, ...]
    publication: PublicationState | None
    language: str

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.first_day + timedelta(days=i) for i in range(7 * self.weeks))

    @property
    def draft(self) -> bool:
        return self.publication is None

    def row_of(self, worker_id: uuid.UUID) -> GridRow | None:
        return next((row for row in self.rows if row.worker_id == worker_id), None)

    def shift(self, booking_id: uuid.UUID) -> GridShift | None:
        for row in self.rows:
            for cell in row.cells:
                for shift in cell.shifts:
                    if shift.booking_id == booking_id:
                        return shift
        return None

    def shifts(self) -> list[GridShift]:
        return [shift for row in self.rows for cell in row.cells for shift in cell.shifts]


# --------------------------------------------------------------------------
# Loading the grid.


def load_rota_grid(
    db: Database, first_day: date, weeks: int = 1, language: str | None = None, include_requests: bool = True
) -> RotaGrid:
    """The core team × days for ``weeks`` weeks from ``first_day``, every breach
    in words, hours against contract, the open requests and what changed
    since the rota was published."""
    language = language or current_language()
    first, last = period_bounds(period_start(first_day), weeks)
    days = [first_day + timedelta(days=i) for i in range(7 * weeks)]
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        data = load_matching_data(session, locality_id, first, last)
        core = _core_team(data, first_day, days[-1])
        facts = _worker_facts(session, core)
        shifts = _period_shifts(session, locality_id, first, last, core)
        by_worker: dict[uuid.UUID, list[GridShift]] = defaultdict(list)
        for shift in shifts:
            by_worker[shift.worker_id].append(shift)
        hard = _hard_rule_breaches(session, data, shifts, language)
        breaches = _working_time_breaches(session, data, core, first, last)
        publication = _publication_state(session, locality_id, first, last, set(core))
        rows = []
        for worker_id in core:
            base = data.workers[worker_id]
            rows.append(
                _grid_row(base, facts[worker_id], data, days, by_worker.get(worker_id, []), breaches[worker_id], hard, language)
            )
    rows.sort(key=lambda row: (sort_key(row.name), str(row.worker_id)))
    open_requests: tuple[RequestRow, ...] = ()
    if include_requests:
        open_requests = tuple(
            row for row in list_requests(db, first, last, (RequestStatus.OPEN, RequestStatus.PARTLY_FILLED))
            if row.reason != RequestReason.SHADOW and row.unfilled > 0
        )
        open_requests = tuple(sorted(open_requests, key=lambda r: (r.starts_at, sort_key(r.provider_name(language)), str(r.id))))
    return RotaGrid(first_day, weeks, first, last, tuple(rows), open_requests, publication, language)


def _core_team(data: MatchingData, first_day: date, last_day: date) -> list[uuid.UUID]:
    return [
        worker_id
        for worker_id, base in data.workers.items()
        if base.employment_type == EmploymentType.CORE
        and base.start_date <= last_day
        and (base.leaving_date is None or base.leaving_date >= first_day)
    ]


def _worker_facts(session: Session, worker_ids) -> dict[uuid.UUID, tuple[str, Role]]:
    facts = {}
    ids = list(worker_ids)
    for offset in range(0, len(ids), 500):
        for worker_id, language, role in session.execute(
            select(Worker.id, Worker.preferred_language, Worker.main_role).where(Worker.id.in_(ids[offset : offset + 500]))
        ):
            facts[worker_id] = (str(language), role)
    return facts


def _period_shifts(session: Session, locality_id, first: datetime, last: datetime, worker_ids) -> list[GridShift]:
    """Active bookings of these workers starting in [first, last)."""
    ids = list(worker_ids)
    shifts = []
    for offset in range(0, len(ids), 500):
        rows = session.execute(
            select(
                Booking.id, Booking.request_id, Booking.worker_id, Booking.starts_at, Booking.ends_at, Booking.status,
                Booking.kind, Booking.locked, Booking.override_reason, CoverRequest.provider_id, CoverRequest.role,
                CoverRequest.unpaid_break_minutes, Provider.name_cy, Provider.name_en,
            )
            .join(CoverRequest, CoverRequest.id == Booking.request_id)
            .join(Provider, Provider.id == CoverRequest.provider_id)
            .where(
                Booking.locality_id == locality_id,
                Booking.status.in_(ACTIVE_BOOKING_STATUSES),
                Booking.starts_at >= first,
                Booking.starts_at < last,
                Booking.worker_id.in_(ids[offset : offset + 500]),
            )
        )
        shifts.extend(
            GridShift(
                r.id, r.request_id, r.worker_id, r.provider_id, r.name_cy, r.name_en, r.role, r.starts_at, r.ends_at,
                r.unpaid_break_minutes, r.status, r.kind, r.locked, r.override_reason,
            )
            for r in rows
        )
    shifts.sort(key=lambda s: (s.starts_at, s.ends_at, str(s.booking_id)))
    return shifts


def _grid_row(base, facts, data: MatchingData, days, shifts, breaches, hard, language) -> GridRow:
    worker_id = base.worker_id
    schedule = data.schedules[worker_id]
    breaches_by_day: dict[date, list[GridBreach]] = defaultdict(list)
    row_breaches: list[GridBreach] = []
    day_of = {shift.booking_id: utc_to_local(shift.starts_at).date() for shift in shifts}
    first, last = period_start(days[0]), period_start(days[-1] + timedelta(days=1))
    for breach in breaches:
        grid_breach = GridBreach(
            breach.rule, short_breach(breach, language), breach.describe(language), breach.override is not None,
            tuple(ref for ref in breach.shift_refs if ref in day_of),
        )
        if breach.rule in WINDOW_RULES:
            row_breaches.append(grid_breach)
            continue
        placed = sorted({day_of[ref] for ref in grid_breach.booking_ids})
        if not placed:
            placed = [max(utc_to_local(breach.start).date(), days[0])]
        for day in placed:
            breaches_by_day[day].append(grid_breach)
    for shift in shifts:
        for breach in hard.get(shift.booking_id, ()):
            breaches_by_day[day_of[shift.booking_id]].append(breach)

    shifts_by_day: dict[date, list[GridShift]] = defaultdict(list)
    for shift in shifts:
        shifts_by_day[day_of[shift.booking_id]].append(shift)
    absences = data.absences.get(worker_id, ())
    cells = []
    for day in days:
        absence = next((a.kind for a in absences if a.start <= day <= a.end), None)
        windows: tuple[tuple[int, int], ...] = ()
        unavailable = False
        if base.availability is not None:
            windows = tuple(sorted((lo, hi) for weekday, lo, hi in base.availability if weekday == day.weekday()))
            unavailable = not windows
        cells.append(
            GridCell(day, tuple(shifts_by_day.get(day, ())), absence, unavailable, windows, tuple(breaches_by_day.get(day, ())))
        )
    weeks = []
    for index in range(len(days) // 7):
        monday = days[7 * index]
        lo, hi = int(period_start(monday).timestamp()), int(period_start(monday + timedelta(days=7)).timestamp())
        weeks.append(WeekHours(monday, round(schedule.worked_between(lo, hi) / 3600, 2), base.contracted_hours))
    period_hours = round(schedule.worked_between(int(first.timestamp()), int(last.timestamp())) / 3600, 2)
    language_code, main_role = facts
    return GridRow(
        worker_id, base.name, language_code, main_role, base.welsh[0], base.contracted_hours, tuple(cells), tuple(weeks),
        period_hours, tuple(row_breaches),
    )


def _working_time_breaches(session: Session, data: MatchingData, core, first, last) -> dict[uuid.UUID, list[wt.Breach]]:
    """Each core member's working-time breaches touching the period.

    A manager's override is stored on the booking it allowed. The domain
    counts it for a breach only when the breach holds that booking alone, so
    a breach between two shifts (too little rest) would show as undecided
    although the manager decided it when booking the later shift. Here a
    breach counts as decided when the shift booked last in it carries a
    reason: that decision was taken with every other shift of the breach in
    view, and any shift added since would have needed its own.
    """
    found = {}
    for worker_id in core:
        found[worker_id] = [
            b for b in wt.check_schedule(data.schedules[worker_id]) if b.end > first and b.start < last
        ]
    pending = {
        ref for breaches in found.values() for b in breaches if b.override is None and b.overridable for ref in b.shift_refs
    }
    if not pending:
        return found
    decisions = {}
    refs = list(pending)
    for offset in range(0, len(refs), 500):
        for booking_id, booked_at, reason in session.execute(
            select(Booking.id, Booking.booked_at, Booking.override_reason).where(Booking.id.in_(refs[offset : offset + 500]))
        ):
            decisions[booking_id] = (booked_at, reason)
    for worker_id, breaches in found.items():
        for index, breach in enumerate(breaches):
            if breach.override is not None or not breach.overridable:
                continue
            known = [decisions[ref] for ref in breach.shift_refs if ref in decisions]
            if len(known) == len(breach.shift_refs) and known:
                booked_at, reason = max(known, key=lambda pair: pair[0])
                if reason:
                    breaches[index] = replace(breach, override=wt.Override(breach.rule, frozenset(breach.shift_refs), reason))
    return found


def short_breach(breach: wt.Breach, language: str | None = None) -> str:
    """A breach in a few words with its figures, for a rota cell."""
    w = Wording(language)
    name = wt.rule_name(breach.rule, w.language)
    if breach.rule == wt.OVERLAP:
        text = w.gettext("{rule}: {duration}").format(rule=name, duration=w.duration(breach.actual * wt.HOUR))
    elif breach.rule in (wt.DAILY_REST, wt.WEEKLY_REST):
        text = w.gettext("{rule}: {actual}, needs {limit}").format(
            rule=name, actual=w.duration(breach.actual * wt.HOUR), limit=w.duration(breach.limit * wt.HOUR)
        )
    elif breach.rule == wt.REST_BREAK:
        text = w.gettext("{rule}: {actual}, needs {limit}").format(
            rule=name, actual=w.duration(breach.actual * 60), limit=w.duration(breach.limit * 60)
        )
    else:
        text = w.gettext("{rule}: {actual} h, limit {limit} h").format(
            rule=name, actual=w.hours(breach.actual), limit=w.hours(breach.limit)
        )
    if breach.override is not None:
        text += " " + w.gettext("(overridden)")
    return w.sentence(text)


def _hard_rule_breaches(session: Session, data: MatchingData, shifts: Sequence[GridShift], language) -> dict:
    """The matching hard rules each booking now breaks (a DBS expired since it
    was made, leave booked over it, a do-not-send added…). Working time is
    judged over the whole schedule instead, once per breach."""
    if not shifts:
        return {}
    requests = {r.id: r for r in _requests(session, {s.request_id for s in shifts})}
    providers = {
        p.id: provider_facts(session, p)
        for p in session.scalars(select(Provider).where(Provider.id.in_(list({s.provider_id for s in shifts}))))
    }
    found: dict[uuid.UUID, list[GridBreach]] = defaultdict(list)
    views: dict[uuid.UUID, dict] = {}
    for shift in shifts:
        if shift.worker_id not in data.workers:
            continue
        request = requests[shift.request_id]
        if request.id not in views:
            views[request.id] = {v.worker_id: v for v in candidate_workers(data, request)}
        view = views[request.id][shift.worker_id]
        view = replace(view, schedule=_without(view.schedule, {shift.booking_id}))
        for exclusion in m.explain_exclusion(match_request_facts(request, providers[request.provider_id]), view):
            if exclusion.rule == m.WORKING_TIME:
                continue
            words = exclusion.describe(language)
            found[shift.booking_id].append(
                GridBreach(exclusion.rule, words, words, False, (shift.booking_id,), working_time=False)
            )
    return found


def _requests(session: Session, request_ids) -> list[CoverRequest]:
    ids = list(request_ids)
    found = []
    for offset in range(0, len(ids), 500):
        found.extend(session.scalars(select(CoverRequest).where(CoverRequest.id.in_(ids[offset : offset + 500]))))
    return found


def _worker_view(data: MatchingData, request: CoverRequest, worker_id, without=frozenset(), schedule=None) -> m.CandidateWorker:
    """One worker's matching view of a request, optionally with another schedule
    (the batch's) and without some bookings (the one being judged)."""
    view = next(v for v in candidate_workers(data, request) if v.worker_id == worker_id)
    schedule = schedule if schedule is not None else view.schedule
    if without:
        schedule = _without(schedule, without)
    return view if schedule is view.schedule else replace(view, schedule=schedule)


def _without(schedule: wt.Schedule, refs) -> wt.Schedule:
    """The schedule without these bookings, as if they had not been made."""
    keep = [i for i, ref in enumerate(schedule.refs) if ref not in refs]
    if len(keep) == len(schedule.refs):
        return schedule
    return wt.Schedule(
        schedule.worker_id,
        tuple(schedule.starts[i] for i in keep), tuple(schedule.ends[i] for i in keep),
        tuple(schedule.worked[i] for i in keep), tuple(schedule.refs[i] for i in keep),
        date_of_birth=schedule.date_of_birth, opted_out=schedule.opted_out, night_worker=schedule.night_worker,
        overrides=schedule.overrides,
    )


def _clock(instant: datetime | None) -> str:
    return "" if instant is None else utc_to_local(instant).strftime("%H:%M")


# --------------------------------------------------------------------------
# Judging an edit with the hard rules, within its own transaction.


class _RuleCheck:
    """The matching data read once for a batch of edits; each edit judged
    against the schedules as the earlier edits of the batch left them."""

    def __init__(self, session: Session, requests: Iterable[CoverRequest]):
        requests = list(requests)
        first = min(r.starts_at for r in requests)
        last = max(r.ends_at for r in requests)
        self.data = load_matching_data(session, requests[0].locality_id, first, last)
        self.schedules = dict(self.data.schedules)
        ids = {r.provider_id for r in requests}
        self.providers = {p.id: provider_facts(session, p) for p in session.scalars(select(Provider).where(Provider.id.in_(list(ids))))}

    def exclusions(self, request: CoverRequest, worker_id: uuid.UUID, without=frozenset()) -> list:
        if worker_id not in self.data.workers:
            return [_NotCurrent()]
        view = _worker_view(self.data, request, worker_id, without, self.schedules[worker_id])
        return m.explain_exclusion(match_request_facts(request, self.providers[request.provider_id]), view)

    def add(self, worker_id: uuid.UUID, request: CoverRequest, ref) -> None:
        self.schedules[worker_id] = self.schedules[worker_id].with_shift(
            wt.Shift(request.starts_at, request.ends_at, request.unpaid_break_minutes, ref)
        )


class _NotCurrent:
    rule = m.NOT_ACTIVE
    overridable = False

    def describe(self, language: str | None = None) -> str:
        w = Wording(language)
        return w.sentence(w.gettext("This worker is not current in this locality."))


def _judge(problems: Sequence[tuple[str, object]], override_reason: str, actor: Actor, named: bool = False) -> bool:
    """Raise :class:`BookingRefused` unless the edit is legal, or every breach
    is one a manager may set aside and a manager gave the reason. Returns
    whether an override was used. ``problems`` are (worker name, exclusion)."""
    if not problems:
        return False
    named = named or len({name for name, _e in problems}) > 1
    words = [f"{name}: {e.describe()}" if named else e.describe() for name, e in problems]
    overridable = all(e.overridable for _name, e in problems)
    if overridable and override_reason.strip() and actor.role == UserRole.MANAGER.value:
        return True
    raise BookingRefused(words, overridable)


def _editable(session: Session, booking_id: uuid.UUID) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(_("That booking no longer exists."))
    if booking.status not in EDITABLE_STATUSES:
        raise ServiceError(_("This shift has been worked or cancelled; the rota can no longer change it."))
    if booking.locked:
        raise ServiceError(_("This shift is locked. Unlock it first."))
    return booking


def _already_on(session: Session, request_id: uuid.UUID, worker_id: uuid.UUID, other_than=None) -> bool:
    query = select(Booking.id).where(
        Booking.request_id == request_id, Booking.worker_id == worker_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES)
    )
    if other_than is not None:
        query = query.where(Booking.id != other_than)
    return session.scalar(query.limit(1)) is not None


def _name(check: _RuleCheck, worker_id) -> str:
    base = check.data.workers.get(worker_id)
    return base.name if base else str(worker_id)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise ServiceError(_("A worker would be booked twice at an overlapping time.")) from error


# --------------------------------------------------------------------------
# Edits and their inverses.


@dataclass(frozen=True)
class BookingState:
    """What taking a booking off the rota changed, so it can be given back exactly."""

    booking_id: uuid.UUID
    worker_id: uuid.UUID
    request_id: uuid.UUID
    status: BookingStatus
    locked: bool
    override_reason: str


def assign(db: Database, actor: Actor, request_id: uuid.UUID, worker_id: uuid.UUID, override_reason: str = "") -> uuid.UUID:
    """Put a core-team member on a request: the booking service, so every hard
    rule and working-time rule applies exactly as when a coordinator books."""
    return book_worker(db, actor, request_id, worker_id, override_reason=override_reason).booking_id


def unassign(db: Database, actor: Actor, booking_ids: Sequence[uuid.UUID], reason: str = "") -> tuple[BookingState, ...]:
    """Take shifts off the rota in one transaction; returns what :func:`reinstate` needs."""
    reason = reason.strip() or _("Taken off the rota by {name}").format(name=actor.name)
    states = []
    with unit_of_work(db, actor, "rota_unassign", reason=reason) as session:
        bookings = [_editable(session, booking_id) for booking_id in booking_ids]
        now = utc_now()
        for booking in bookings:
            states.append(
                BookingState(booking.id, booking.worker_id, booking.request_id, booking.status, booking.locked, booking.override_reason)
            )
            # No status says "taken off the rota by the manager"; a worker's
            # cancellation is the closest, and the reason says who and why.
            booking.status = BookingStatus.CANCELLED_BY_WORKER
            booking.cancelled_at = now
            booking.cancellation_reason = reason[:300]
            booking.late_cancellation_chargeable = False
        _flush(session)
        for request in {b.request for b in bookings}:
            refresh_request_status(session, request)
    return tuple(states)


def reinstate(db: Database, actor: Actor, states: Sequence[BookingState]) -> None:
    """Give back shifts :func:`unassign` took, the same bookings, judged again
    against the rota as it is now (their recorded override reason stands)."""
    if not states:
        return
    with unit_of_work(db, actor, "rota_reinstate") as session:
        bookings = []
        for state in states:
            booking = session.get(Booking, state.booking_id)
            if booking is None:
                raise NotFound(_("That booking no longer exists."))
            if booking.status in ACTIVE_BOOKING_STATUSES:
                raise ServiceError(_("That shift is already on the rota."))
            bookings.append((booking, state))
        check = _RuleCheck(session, [b.request for b, _s in bookings])
        bookings.sort(key=lambda pair: (pair[0].starts_at, str(pair[0].id)))
        for booking, state in bookings:
            request = booking.request
            if request.deleted_at is not None or request.status == RequestStatus.CANCELLED:
                raise ServiceError(_("The cover request for that shift has been cancelled."))
            if _already_on(session, request.id, state.worker_id):
                raise ServiceError(_("{name} is already booked on this request.").format(name=_name(check, state.worker_id)))
            problems = [(_name(check, state.worker_id), e) for e in check.exclusions(request, state.worker_id)]
            _judge(problems, state.override_reason, actor)
            check.add(state.worker_id, request, booking.id)
        for booking, state in bookings:
            booking.worker_id = state.worker_id
            booking.status = state.status
            booking.locked = state.locked
            booking.override_reason = state.override_reason
            booking.cancelled_at = None
            booking.cancellation_reason = ""
            booking.late_cancellation_chargeable = False
        _flush(session)
        for request in {b.request for b, _s in bookings}:
            refresh_request_status(session, request)


@dataclass(frozen=True)
class MoveResult:
    booking_id: uuid.UUID
    from_worker_id: uuid.UUID
    previous_override_reason: str


def move(db: Database, actor: Actor, booking_id: uuid.UUID, to_worker_id: uuid.UUID, override_reason: str = "") -> MoveResult:
    """Give a shift to another worker: the same booking, now theirs."""
    with unit_of_work(db, actor, "rota_move", reason=override_reason) as session:
        booking = _editable(session, booking_id)
        from_worker = booking.worker_id
        previous = booking.override_reason
        if to_worker_id == from_worker:
            return MoveResult(booking_id, from_worker, previous)
        request = booking.request
        check = _RuleCheck(session, [request])
        name = _name(check, to_worker_id)
        if _already_on(session, request.id, to_worker_id):
            raise ServiceError(_("{name} is already booked on this request.").format(name=name))
        overridden = _judge([(name, e) for e in check.exclusions(request, to_worker_id)], override_reason, actor)
        booking.worker_id = to_worker_id
        booking.override_reason = override_reason.strip()[:300] if overridden else ""
        booking.override_by_id = actor.user_id if overridden else None
        _flush(session)
        return MoveResult(booking_id, from_worker, previous)


@dataclass(frozen=True)
class SwapResult:
    first_id: uuid.UUID
    second_id: uuid.UUID
    previous_reasons: tuple[str, str]


def swap(
    db: Database,
    actor: Actor,
    first_id: uuid.UUID,
    second_id: uuid.UUID,
    override_reason: str = "",
    reasons: tuple[str, str] | None = None,
) -> SwapResult:
    """Two workers exchange shifts. ``reasons`` (one per booking) restores the
    override reasons a previous swap replaced, for undo."""
    with unit_of_work(db, actor, "rota_swap", reason=override_reason) as session:
        first, second = _editable(session, first_id), _editable(session, second_id)
        if first.worker_id == second.worker_id:
            raise ServiceError(_("Both shifts are the same worker's; choose another worker's shift to swap with."))
        previous = (first.override_reason, second.override_reason)
        first_request, second_request = first.request, second.request
        check = _RuleCheck(session, [first_request, second_request])
        problems = []
        for booking, request in ((first, second_request), (second, first_request)):
            name = _name(check, booking.worker_id)
            if _already_on(session, request.id, booking.worker_id):
                raise ServiceError(_("{name} is already booked on this request.").format(name=name))
            problems.append([(name, e) for e in check.exclusions(request, booking.worker_id, without={booking.id})])
        given = reasons or (override_reason, override_reason)
        if not reasons and any(problems):
            _judge(problems[0] + problems[1], override_reason, actor, named=True)  # one refusal naming both
        overridden = [_judge(found, reason, actor, named=True) for found, reason in zip(problems, given)]
        for booking, request, used, reason in (
            (first, second_request, overridden[0], given[0]),
            (second, first_request, overridden[1], given[1]),
        ):
            booking.request_id = request.id
            booking.starts_at = request.starts_at
            booking.ends_at = request.ends_at
            booking.override_reason = reason.strip()[:300] if used else ""
            booking.override_by_id = actor.user_id if used else None
        _flush(session)
        return SwapResult(first_id, second_id, previous)


def lock(db: Database, actor: Actor, booking_id: uuid.UUID, locked: bool = True) -> None:
    """Lock a shift so auto-fill and the rota's edits keep it as it is."""
    set_locked(db, actor, booking_id, locked)


@dataclass(frozen=True)
class CopySkip:
    worker_name: str
    starts_at: datetime
    provider_name_cy: str
    provider_name_en: str
    reason: str


@dataclass(frozen=True)
class CopyResult:
    created: tuple[BookingState, ...]
    skipped: tuple[CopySkip, ...]


def copy_week_forward(db: Database, actor: Actor, monday: date, now: datetime | None = None) -> CopyResult:
    """Give each core-team member of the week from ``monday`` the same shifts
    in the week after, on the requests that match (same provider, role,
    weekday and times) and still have places. Shifts the rules forbid are
    skipped and said why; nothing is overridden in bulk."""
    now = now or utc_now()
    week, after, end = period_start(monday), period_start(monday + timedelta(days=7)), period_start(monday + timedelta(days=14))
    created: list[Booking] = []
    skipped: list[CopySkip] = []
    with unit_of_work(db, actor, "rota_copy_week") as session:
        locality_id = home_locality_id(session)
        core = set(session.scalars(select(Worker.id).where(
            Worker.locality_id == locality_id, Worker.deleted_at.is_(None), Worker.employment_type == EmploymentType.CORE
        )))
        sources = session.execute(
            select(Booking, CoverRequest)
            .join(CoverRequest, CoverRequest.id == Booking.request_id)
            .where(
                Booking.locality_id == locality_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
                Booking.starts_at >= week, Booking.starts_at < after, Booking.worker_id.in_(list(core)),
            )
            .order_by(Booking.starts_at, Booking.id)
        ).all()
        targets = session.scalars(
            select(CoverRequest).where(
                CoverRequest.locality_id == locality_id, CoverRequest.deleted_at.is_(None),
                CoverRequest.starts_at >= after, CoverRequest.starts_at < end,
                CoverRequest.status.in_((RequestStatus.OPEN, RequestStatus.PARTLY_FILLED)),
                CoverRequest.reason != RequestReason.SHADOW,
            ).order_by(CoverRequest.starts_at, CoverRequest.id)
        ).all()
        if not sources:
            return CopyResult((), ())
        on: dict[uuid.UUID, set] = defaultdict(set)
        for request_id, worker_id in session.execute(
            select(Booking.request_id, Booking.worker_id).where(
                Booking.request_id.in_([t.id for t in targets]), Booking.status.in_(ACTIVE_BOOKING_STATUSES)
            )
        ):
            on[request_id].add(worker_id)
        matching: dict[tuple, list[CoverRequest]] = defaultdict(list)
        for target in targets:
            matching[_shift_key(target, -7)].append(target)
        names = dict(session.execute(select(Provider.id, Provider.name_cy).where(
            Provider.id.in_(list({r.provider_id for _b, r in sources}))
        )).all())
        names_en = dict(session.execute(select(Provider.id, Provider.name_en).where(Provider.id.in_(list(names)))).all())
        check = _RuleCheck(session, [r for _b, r in sources] + list(targets)) if targets else None
        workers = {w.id: w for w in session.scalars(select(Worker).where(Worker.id.in_(list({b.worker_id for b, _r in sources}))))}
        for booking, source in sources:
            worker_name = workers[booking.worker_id].full_name

            def skip(reason: str, source=source, worker_name=worker_name) -> None:
                skipped.append(CopySkip(worker_name, source.starts_at + timedelta(days=7), names.get(source.provider_id, ""),
                                        names_en.get(source.provider_id, ""), reason))

            candidates = [t for t in matching.get(_shift_key(source, 0), []) if len(on[t.id]) < t.staff_needed]
            if not candidates:
                skip(_("No open request for the same shift in the next week."))
                continue
            target = next((t for t in candidates if booking.worker_id not in on[t.id]), None)
            if target is None:
                skip(_("Already booked on that shift."))
                continue
            exclusions = check.exclusions(target, booking.worker_id)
            if exclusions:
                skip(" ".join(e.describe() for e in exclusions))
                continue
            new = Booking(
                id=uuid.uuid4(), locality_id=target.locality_id, request_id=target.id, worker_id=booking.worker_id,
                kind=default_kind(target, workers[booking.worker_id]), status=BookingStatus.CONFIRMED,
                starts_at=target.starts_at, ends_at=target.ends_at, booked_by_id=actor.user_id, booked_at=now, confirmed_at=now,
            )
            session.add(new)
            created.append(new)
            on[target.id].add(booking.worker_id)
            check.add(booking.worker_id, target, new.id)
        _flush(session)
        for request in {b.request_id for b in created}:
            refresh_request_status(session, session.get(CoverRequest, request))
        states = tuple(BookingState(b.id, b.worker_id, b.request_id, b.status, b.locked, b.override_reason) for b in created)
    return CopyResult(states, tuple(skipped))


def _shift_key(request: CoverRequest, days: int) -> tuple:
    """What makes two requests "the same shift": provider, role, the local
    day (moved by ``days``) and wall-clock times, so a clock change between
    the weeks does not stop a copy."""
    start, end = utc_to_local(request.starts_at), utc_to_local(request.ends_at)
    return (
        request.provider_id, request.role, start.date() + timedelta(days=days), start.time(), end.time(),
        (end.date() - start.date()).days, request.unpaid_break_minutes,
    )


# --------------------------------------------------------------------------
# Publishing.


def publish_rota(db: Database, actor: Actor, first_day: date, weeks: int, now: datetime | None = None) -> uuid.UUID:
    """Fix the rota the workers receive: a snapshot of every core-team shift
    in the period. Later changes are listed against it."""
    now = now or utc_now()
    first, last = period_bounds(period_start(first_day), weeks)
    with unit_of_work(db, actor, "publish_rota") as session:
        locality_id = home_locality_id(session)
        data_core = _core_ids(session, locality_id)
        snapshot = _snapshot(session, locality_id, first, last, data_core)
        publication = RotaPublication(
            id=uuid.uuid4(), locality_id=locality_id, period_start=first, weeks=weeks, published_at=now,
            published_by_id=actor.user_id, snapshot=snapshot,
        )
        session.add(publication)
        session.flush()
        return publication.id


def _core_ids(session: Session, locality_id) -> set[uuid.UUID]:
    return set(session.scalars(select(Worker.id).where(
        Worker.locality_id == locality_id, Worker.deleted_at.is_(None), Worker.employment_type == EmploymentType.CORE
    )))


def _snapshot(session: Session, locality_id, first, last, core) -> dict:
    rows = session.execute(
        select(Booking.id, Booking.worker_id, Booking.request_id, Booking.starts_at, Booking.ends_at,
               Worker.first_name, Worker.last_name, CoverRequest.provider_id, CoverRequest.role,
               CoverRequest.unpaid_break_minutes, Provider.name_cy, Provider.name_en)
        .join(CoverRequest, CoverRequest.id == Booking.request_id)
        .join(Provider, Provider.id == CoverRequest.provider_id)
        .join(Worker, Worker.id == Booking.worker_id)
        .where(
            Booking.locality_id == locality_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            Booking.starts_at >= first, Booking.starts_at < last, Booking.worker_id.in_(list(core)),
        )
    )
    return {
        str(r.id): {
            "worker_id": str(r.worker_id), "request_id": str(r.request_id),
            "starts_at": r.starts_at.isoformat(), "ends_at": r.ends_at.isoformat(),
            "worker_name": f"{r.first_name} {r.last_name}", "provider_id": str(r.provider_id),
            "provider_name_cy": r.name_cy, "provider_name_en": r.name_en, "role": str(r.role),
            "break_minutes": r.unpaid_break_minutes,
        }
        for r in rows
    }


def _latest_publication(session: Session, locality_id, first: datetime, last: datetime) -> RotaPublication | None:
    for publication in session.scalars(
        select(RotaPublication).where(RotaPublication.locality_id == locality_id).order_by(RotaPublication.published_at.desc())
    ):
        start = publication.period_start
        if start < last and start + timedelta(weeks=publication.weeks) > first:
            return publication
    return None


def _publication_state(session: Session, locality_id, first, last, core_ids) -> PublicationState | None:
    publication = _latest_publication(session, locality_id, first, last)
    if publication is None:
        return None
    lo = max(first, publication.period_start)
    hi = min(last, publication.period_start + timedelta(weeks=publication.weeks))
    published = {}
    for entry in (publication.snapshot or {}).values():
        try:
            key = (uuid.UUID(entry["request_id"]), uuid.UUID(entry["worker_id"]))
            starts_at, ends_at = datetime.fromisoformat(entry["starts_at"]), datetime.fromisoformat(entry["ends_at"])
        except (KeyError, ValueError, TypeError):
            continue  # an entry from a newer version: not ours to read
        if lo <= starts_at < hi:
            published[key] = (entry, starts_at, ends_at)
    now = {}
    for entry in _snapshot(session, locality_id, lo, hi, core_ids | {k[1] for k in published}).values():
        now[(uuid.UUID(entry["request_id"]), uuid.UUID(entry["worker_id"]))] = (
            entry, datetime.fromisoformat(entry["starts_at"]), datetime.fromisoformat(entry["ends_at"])
        )
    changes = []
    for key in published.keys() | now.keys():
        before, after = published.get(key), now.get(key)
        if before and after and (before[1], before[2]) == (after[1], after[2]):
            continue
        entry, starts_at, ends_at = after or before
        kind = "changed" if before and after else "added" if after else "removed"
        changes.append(
            RotaChange(
                kind, key[1], entry.get("worker_name", ""), key[0], entry.get("provider_name_cy", ""),
                entry.get("provider_name_en", ""), starts_at, ends_at,
                before[1] if kind == "changed" else None, before[2] if kind == "changed" else None,
            )
        )
    changes.sort(key=lambda c: (c.starts_at, sort_key(c.worker_name), c.kind))
    by = session.get(User, publication.published_by_id) if publication.published_by_id else None
    return PublicationState(
        publication.id, publication.published_at, by.name if by else "", publication.period_start, publication.weeks,
        tuple(changes),
    )


__all__ = [
    "BookingState", "CopyResult", "CopySkip", "GridBreach", "GridCell", "GridRow", "GridShift", "MoveResult",
    "PublicationState", "RotaChange", "RotaGrid", "SwapResult", "WeekHours", "assign", "copy_week_forward",
    "load_rota_grid", "lock", "move", "period_start", "publish_rota", "reinstate", "short_breach", "swap", "unassign",
]
