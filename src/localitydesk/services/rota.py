"""The core team's rota: checking it, auto-filling it, applying a fill.

    proposal = plan_autofill(db, first, last, progress=..., should_stop=event.is_set)
    ... the manager looks at proposal.bookings and proposal.result.unfilled ...
    applied = apply_autofill(db, actor, proposal)

``plan_autofill`` reads the period in one read-only session (set-based, via
the matching service's loaders), then solves outside any session, so a GUI
runs it on a worker thread and nothing is written. ``apply_autofill`` writes
the proposal as core bookings in one unit of work (audit and outbox with it),
checking every one again inside that transaction against the same hard rules
and the full working-time check, so a rota that changed meanwhile is refused
rather than broken. Existing bookings, locked or not, are never moved.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.bilingual import ProviderNamed
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    BookingKind,
    BookingStatus,
    EmploymentType,
    RequestReason,
    RequestStatus,
)
from localitydesk.i18n import _
from localitydesk.planning.problem import (
    PlanMember,
    PlanRequest,
    PlanResult,
    PlanSettings,
    PlanWeights,
    Progress,
    RotaProblem,
)
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Provider, RotaPublication
from localitydesk.store.types import utc_now

from .errors import NotFound, ServiceError, ValidationError
from .locality import home_locality_id
from .matching import MatchingData, candidate_workers, load_matching_data, match_request_facts, provider_facts
from .requests import refresh_request_status
from .unit_of_work import read_only, unit_of_work
from .working_time import period_breaches

MAX_WEEKS = 12


@dataclass(frozen=True)
class AutofillOptions:
    """What a manager may set before auto-fill runs."""

    time_limit_s: float = 10.0
    contract_margin_h: float = 4.0
    short_notice_h: float = 72.0
    workers: int = 2
    weights: PlanWeights = PlanWeights()

    def settings(self) -> PlanSettings:
        return PlanSettings(
            contract_margin_h=self.contract_margin_h, short_notice_h=self.short_notice_h,
            time_limit_s=self.time_limit_s, workers=self.workers, weights=self.weights,
        )


@dataclass(frozen=True)
class ProposedBooking(ProviderNamed):
    """One assignment auto-fill proposes, with what the rota grid shows."""

    request_id: uuid.UUID
    worker_id: uuid.UUID
    worker_name: str
    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    role: object
    starts_at: datetime
    ends_at: datetime
    welsh_need_met: bool | None


@dataclass(frozen=True)
class AutofillProposal:
    first: datetime
    last: datetime
    result: PlanResult
    bookings: tuple[ProposedBooking, ...]
    margin_h: float
    made_at: datetime

    @property
    def status(self) -> str:
        return self.result.status

    def as_dict(self) -> dict:
        """The ``rota autofill --json`` document."""
        result = self.result
        return {
            "status": result.status,
            "assigned": result.assigned,
            "open_before": result.open_before,
            "unfilled": [u.as_dict() for u in result.unfilled],
            "objective": result.objective,
            "bound": result.bound,
            "gap": round(result.gap, 6),
            "requests_open_before": result.requests_open_before,
            "requests_covered": result.summary.requests_covered,
            "welsh_need_met": result.summary.welsh_need_met,
            "greedy_assigned": result.greedy.assigned,
            "time_s": round(result.wall_time_s, 3),
            "assignments": [
                {
                    "request_id": str(b.request_id), "worker_id": str(b.worker_id), "worker": b.worker_name,
                    "starts_at": b.starts_at.isoformat(), "ends_at": b.ends_at.isoformat(),
                }
                for b in self.bookings
            ],
        }


@dataclass(frozen=True)
class AppliedAutofill:
    booking_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class RotaViolation:
    """A breach in the rota: a working-time rule, or a hard rule a booking now breaks."""

    worker_id: uuid.UUID
    worker_name: str
    rule: str
    detail: str
    start: datetime
    end: datetime
    overridden: bool = False
    booking_id: uuid.UUID | None = None

    def as_dict(self) -> dict:
        return {"worker_id": str(self.worker_id), "rule": self.rule, "detail": self.detail, "overridden": self.overridden}


def period_bounds(first_day_start: datetime, weeks: int) -> tuple[datetime, datetime]:
    """[first, last) for ``weeks`` weeks from an instant at local midnight, whole local days."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": _("Choose from 1 to {weeks} weeks.").format(weeks=MAX_WEEKS)})
    ordinal = wt.local_ordinal(first_day_start.timestamp())
    end = wt.local_instant(ordinal + 7 * weeks)
    return first_day_start, datetime.fromtimestamp(end, first_day_start.tzinfo)


# --------------------------------------------------------------------------
# Checking.


def rota_check(db: Database, first: datetime, last: datetime, language: str | None = None) -> list[RotaViolation]:
    """Every breach in the period for the core team: working-time rules over
    their whole schedules, and the hard rules each booking now breaks (a
    compliance item expired since, leave booked since, a do-not-send added…)."""
    violations = [
        RotaViolation(r.worker_id, r.worker_name, r.rule, r.detail, r.start, r.end, r.overridden)
        for r in period_breaches(db, first, last, core_only=True, language=language)
    ]
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        data = load_matching_data(session, locality_id, first, last)
        core = _core_members(data, first, last, active_only=False)
        rows = session.execute(
            select(Booking, CoverRequest)
            .join(CoverRequest, CoverRequest.id == Booking.request_id)
            .where(
                Booking.locality_id == locality_id,
                Booking.status.in_(ACTIVE_BOOKING_STATUSES),
                Booking.starts_at < last,
                Booking.ends_at > first,
                Booking.worker_id.in_(list(core)),
            )
        ).all()
        providers = _provider_facts(session, {request.provider_id for _b, request in rows})
        for booking, request in rows:
            facts = match_request_facts(request, providers[request.provider_id])
            worker = _worker_view(data, request, booking.worker_id)
            # The booking itself is in the worker's schedule; judge it as if it were being made.
            worker = replace(worker, schedule=_without(worker.schedule, booking.id))
            for exclusion in m.explain_exclusion(facts, worker):
                if exclusion.rule == m.WORKING_TIME:
                    continue  # the whole-schedule check above reports these, once each
                violations.append(
                    RotaViolation(
                        booking.worker_id, data.workers[booking.worker_id].name, exclusion.rule,
                        exclusion.describe(language), booking.starts_at, booking.ends_at, False, booking.id,
                    )
                )
    violations.sort(key=lambda v: (v.start, v.worker_name, v.rule))
    return violations


# --------------------------------------------------------------------------
# Planning.


def load_rota_problem(
    session: Session, locality_id: uuid.UUID, first: datetime, last: datetime, settings: PlanSettings, now: datetime
) -> RotaProblem:
    """The core team and the open requests starting in [first, last), as plain data.

    A request that has already started (before ``now``) is left out: nobody
    can be sent back in time, and the bank or the provider has dealt with it.
    """
    data = load_matching_data(session, locality_id, first, last)
    core = _core_members(data, first, last)
    core_data = replace(data, workers={wid: data.workers[wid] for wid in core})
    requests = session.scalars(
        select(CoverRequest)
        .where(
            CoverRequest.locality_id == locality_id,
            CoverRequest.deleted_at.is_(None),
            CoverRequest.starts_at >= max(first, now),
            CoverRequest.starts_at < last,
            CoverRequest.status.in_((RequestStatus.OPEN, RequestStatus.PARTLY_FILLED)),
            # Shadow shifts are for new entrants, never the core team.
            CoverRequest.reason != RequestReason.SHADOW,
        )
        .order_by(CoverRequest.starts_at, CoverRequest.id)
    ).all()
    booked = _booked_workers(session, [r.id for r in requests])
    providers = _provider_facts(session, {r.provider_id for r in requests})
    names = _provider_names(session, {r.provider_id for r in requests})
    published = _published(session, locality_id, first, last)
    short = timedelta(hours=settings.short_notice_h)
    plans = []
    for request in requests:
        on_it = booked.get(request.id, set())
        positions = request.staff_needed - len(on_it)
        if positions <= 0:
            continue
        name_cy, name_en = names[request.provider_id]
        plans.append(
            PlanRequest(
                request=match_request_facts(request, providers[request.provider_id]),
                positions=positions,
                candidates=tuple(candidate_workers(core_data, request, exclude_booked=on_it)),
                booked=frozenset(on_it & set(core)),
                short_notice=request.starts_at - now <= short,
                published=frozenset(published.get(request.id, set()) - on_it),
                provider_name_cy=name_cy,
                provider_name_en=name_en,
            )
        )
    members = tuple(
        PlanMember(wid, data.workers[wid].name, data.schedules[wid], data.workers[wid].contracted_hours)
        for wid in sorted(core, key=lambda wid: (data.workers[wid].name, str(wid)))
    )
    return RotaProblem(members, tuple(plans), settings)


def plan_autofill(
    db: Database,
    first: datetime,
    last: datetime,
    options: AutofillOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> AutofillProposal:
    """The fill auto-fill proposes for the period; nothing is written.

    Safe to run off the UI thread: it opens its own read-only session and
    holds it only while loading. ``progress`` receives :class:`Progress`
    (from this thread and the solver's); ``should_stop`` is polled, and the
    best fill so far comes back when it returns True.
    """
    options = options or AutofillOptions()
    now = now or utc_now()
    with read_only(db) as session:
        problem = load_rota_problem(session, home_locality_id(session), first, last, options.settings(), now)
    # Imported here, not at the top: OR-Tools brings pandas with it, and the
    # app would otherwise pay for both at every start-up, auto-fill or not.
    from localitydesk.planning.autofill import autofill

    result = autofill(problem, progress=progress, should_stop=should_stop, language=language)
    plans = {plan.request_id: plan for plan in problem.requests}
    names = {member.worker_id: member.name for member in problem.members}
    bookings = tuple(
        ProposedBooking(
            request_id=a.request_id, worker_id=a.worker_id, worker_name=names[a.worker_id],
            provider_id=plans[a.request_id].request.provider.provider_id,
            provider_name_cy=plans[a.request_id].provider_name_cy, provider_name_en=plans[a.request_id].provider_name_en,
            role=plans[a.request_id].request.role, starts_at=a.start, ends_at=a.end, welsh_need_met=a.welsh_need_met,
        )
        for a in result.assignments
    )
    return AutofillProposal(first, last, result, bookings, options.contract_margin_h, now)


# --------------------------------------------------------------------------
# Applying.


def apply_autofill(db: Database, actor: Actor, proposal: AutofillProposal, now: datetime | None = None) -> AppliedAutofill:
    """Write the proposal as confirmed core bookings in one transaction.

    Each is checked again against what the database holds now — every
    matching hard rule and working time, with the bookings written before it
    in this same fill — and the week's hours against contract plus margin.
    If anything has changed so that one no longer fits, nothing is written.
    """
    now = now or utc_now()
    if not proposal.bookings:
        return AppliedAutofill(())
    with unit_of_work(db, actor, "rota_autofill") as session:
        locality_id = home_locality_id(session)
        data = load_matching_data(session, locality_id, proposal.first, proposal.last)
        request_ids = sorted({b.request_id for b in proposal.bookings}, key=str)
        requests = {r.id: r for r in session.scalars(select(CoverRequest).where(CoverRequest.id.in_(request_ids)))}
        booked = _booked_workers(session, request_ids)
        providers = _provider_facts(session, {r.provider_id for r in requests.values()})
        schedules = dict(data.schedules)
        problems: list[str] = []
        written: list[Booking] = []
        for proposed in sorted(proposal.bookings, key=lambda b: (b.starts_at, str(b.request_id), str(b.worker_id))):
            problem = _refusal(data, requests, booked, providers, schedules, proposed, proposal.margin_h)
            if problem:
                problems.append(problem)
                continue
            request = requests[proposed.request_id]
            booking = Booking(
                id=uuid.uuid4(), locality_id=request.locality_id, request_id=request.id, worker_id=proposed.worker_id,
                kind=BookingKind.CORE, status=BookingStatus.CONFIRMED, starts_at=request.starts_at, ends_at=request.ends_at,
                booked_by_id=actor.user_id, booked_at=now, confirmed_at=now,
            )
            booked.setdefault(request.id, set()).add(proposed.worker_id)
            worker_schedule = schedules[proposed.worker_id]
            schedules[proposed.worker_id] = worker_schedule.with_shift(
                wt.Shift(request.starts_at, request.ends_at, request.unpaid_break_minutes, booking.id)
            )
            written.append(booking)
        new_ids = {b.id for b in written}
        for worker_id in {b.worker_id for b in written}:
            for breach in wt.check_schedule(schedules[worker_id]):
                if breach.override is None and new_ids.intersection(breach.shift_refs):
                    problems.append(f"{data.workers[worker_id].name}: {breach.describe()}")
        if problems:
            raise ServiceError(
                _("The rota has changed since auto-fill ran, so nothing was booked. Run auto-fill again.")
                + "\n" + "\n".join(problems)
            )
        session.add_all(written)
        session.flush()
        for request_id in {b.request_id for b in written}:
            refresh_request_status(session, requests[request_id])
        return AppliedAutofill(tuple(b.id for b in written))


def _refusal(data, requests, booked, providers, schedules, proposed: ProposedBooking, margin_h: float) -> str:
    """Why this proposed booking cannot be written now, in words; empty when it can."""
    request = requests.get(proposed.request_id)
    worker = data.workers.get(proposed.worker_id)
    if request is None or request.deleted_at is not None or request.status == RequestStatus.CANCELLED:
        return _("One of the requests auto-fill filled has since been cancelled.")
    if worker is None or worker.employment_type != EmploymentType.CORE:
        return _("{name} is no longer in the core team.").format(name=proposed.worker_name)
    on_it = booked.get(request.id, set())
    if proposed.worker_id in on_it:
        return _("{name} is already booked on this request.").format(name=proposed.worker_name)
    if len(on_it) >= request.staff_needed:
        return _("One of the requests auto-fill filled has since been filled.")
    view = replace(_worker_view(data, request, proposed.worker_id), schedule=schedules[proposed.worker_id])
    exclusions = m.explain_exclusion(match_request_facts(request, providers[request.provider_id]), view)
    if exclusions:
        return f"{proposed.worker_name}: " + " ".join(e.describe() for e in exclusions)
    if worker.contracted_hours:
        probe = wt.Probe(wt.Shift(request.starts_at, request.ends_at, request.unpaid_break_minutes))
        single = wt.Schedule(None, (probe.start,), (probe.end,), (probe.worked,))
        for monday in probe.mondays:
            lo, hi = wt.local_instant(monday), wt.local_instant(monday + 7)
            hours = (schedules[proposed.worker_id].worked_between(lo, hi) + single.worked_between(lo, hi)) / wt.HOUR
            if hours > worker.contracted_hours + margin_h + 1e-6:
                return _("{name} would work {hours} h in a week, more than their contract and the margin over it.").format(
                    name=proposed.worker_name, hours=f"{hours:g}"
                )
    return ""


def undo_autofill(db: Database, actor: Actor, applied: AppliedAutofill) -> None:
    """Take back what :func:`apply_autofill` booked, as one step (the rota
    page's undo). Refused, whole, once any of those bookings has moved on —
    confirmed work that was offered, worked, cancelled or locked since."""
    if not applied.booking_ids:
        return
    with unit_of_work(db, actor, "undo_rota_autofill") as session:
        bookings = session.scalars(select(Booking).where(Booking.id.in_(list(applied.booking_ids)))).all()
        if len(bookings) != len(applied.booking_ids) or any(
            b.status != BookingStatus.CONFIRMED or b.locked or b.kind != BookingKind.CORE for b in bookings
        ):
            raise ServiceError(_("Some of the auto-filled shifts have changed since, so the auto-fill cannot be undone."))
        requests = {b.request_id for b in bookings}
        for booking in bookings:
            session.delete(booking)
        session.flush()
        for request in session.scalars(select(CoverRequest).where(CoverRequest.id.in_(list(requests)))):
            refresh_request_status(session, request)


# --------------------------------------------------------------------------
# Locking.


def set_locked(db: Database, actor: Actor, booking_id: uuid.UUID, locked: bool = True) -> None:
    """Lock (or unlock) an assignment so the manager's choice is kept as it is."""
    with unit_of_work(db, actor, "lock_booking" if locked else "unlock_booking") as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(_("That booking no longer exists."))
        booking.locked = locked


# --------------------------------------------------------------------------
# Loading helpers.


def _core_members(data: MatchingData, first: datetime, last: datetime, active_only: bool = True) -> set[uuid.UUID]:
    first_day, last_day = first.date(), (last - timedelta(seconds=1)).date()
    members = set()
    for worker_id, base in data.workers.items():
        if base.employment_type != EmploymentType.CORE:
            continue
        if active_only and (base.start_date > last_day or (base.leaving_date is not None and base.leaving_date < first_day)):
            continue
        members.add(worker_id)
    return members


def _worker_view(data: MatchingData, request: CoverRequest, worker_id: uuid.UUID) -> m.CandidateWorker:
    one = replace(data, workers={worker_id: data.workers[worker_id]})
    return candidate_workers(one, request)[0]


def _without(schedule: wt.Schedule, ref) -> wt.Schedule:
    keep = [i for i, r in enumerate(schedule.refs) if r != ref]
    return wt.Schedule(
        schedule.worker_id,
        tuple(schedule.starts[i] for i in keep), tuple(schedule.ends[i] for i in keep),
        tuple(schedule.worked[i] for i in keep), tuple(schedule.refs[i] for i in keep),
        date_of_birth=schedule.date_of_birth, opted_out=schedule.opted_out, night_worker=schedule.night_worker,
        overrides=schedule.overrides,
    )


def _booked_workers(session: Session, request_ids) -> dict[uuid.UUID, set[uuid.UUID]]:
    booked: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    ids = list(request_ids)
    for offset in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        for request_id, worker_id in session.execute(
            select(Booking.request_id, Booking.worker_id).where(
                Booking.request_id.in_(ids[offset : offset + 500]), Booking.status.in_(ACTIVE_BOOKING_STATUSES)
            )
        ):
            booked[request_id].add(worker_id)
    return booked


def _provider_facts(session: Session, provider_ids) -> dict[uuid.UUID, m.ProviderFacts]:
    providers = session.scalars(select(Provider).where(Provider.id.in_(list(provider_ids)))).all()
    return {p.id: provider_facts(session, p) for p in providers}


def _provider_names(session: Session, provider_ids) -> dict[uuid.UUID, tuple[str, str]]:
    rows = session.execute(select(Provider.id, Provider.name_cy, Provider.name_en).where(Provider.id.in_(list(provider_ids))))
    return {pid: (cy, en) for pid, cy, en in rows}


def _published(session: Session, locality_id, first: datetime, last: datetime) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Request -> workers the latest publication overlapping the period had on it."""
    publications = session.scalars(
        select(RotaPublication).where(RotaPublication.locality_id == locality_id).order_by(RotaPublication.published_at.desc())
    ).all()
    for publication in publications:
        start = publication.period_start
        if start < last and start + timedelta(weeks=publication.weeks) > first:
            found: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
            for entry in (publication.snapshot or {}).values():
                try:
                    found[uuid.UUID(str(entry["request_id"]))].add(uuid.UUID(str(entry["worker_id"])))
                except (KeyError, ValueError):
                    continue  # a snapshot entry from a newer version: not ours to read
            return found
    return {}


__all__ = [
    "AppliedAutofill", "AutofillOptions", "AutofillProposal", "ProposedBooking", "RotaViolation",
    "apply_autofill", "load_rota_problem", "period_bounds", "plan_autofill", "rota_check", "set_locked", "undo_autofill",
]
