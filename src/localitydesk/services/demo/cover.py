"""Demo cover requests, the bookings that fill them, and timesheets.

Requests are made first, then filled in order of their start, the way a
coordinator would: each worker keeps the instant they are next free (end of
their last shift plus the rest the Working Time Regulations give them), so a
worker never holds two overlapping active bookings — the database refuses
those outright — and rest between shifts is kept. Weekly hours are capped,
young workers get their stricter limits, and nobody is sent where they live
too far away, are on leave, or are on the provider's do-not-send list.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from localitydesk.domain import places
from localitydesk.domain.compliance import fit_for_shift, required_items
from localitydesk.domain.matching import fits_availability
from localitydesk.domain.vocabulary import (
    BookingKind,
    BookingStatus,
    ComplianceType,
    EmploymentType,
    ProviderType,
    RequestReason,
    RequestStatus,
    Role,
    TimesheetStatus,
    WelshRequirement,
)

from localitydesk.services.timesheets.content import content_hash, signed_content

from . import names
from .context import Context, Weighted, local_instant
from .people import WorkerFacts
from .providers import ProviderFacts
from .signatures import signature_pool

SIGNATURE_SEED = 20261205

REST = timedelta(hours=11)
YOUNG_REST = timedelta(hours=12)
WEEKLY_CAP_HOURS = 48.0
OPTED_OUT_CAP_HOURS = 60.0
YOUNG_WEEKLY_CAP_HOURS = 40.0
YOUNG_DAILY_CAP_HOURS = 8.0
DEFAULT_TRAVEL_KM = 40
SAMPLE_TRIES = 24
ONE_DAY = timedelta(days=1)
_MEDICATION = ComplianceType.MEDICATION.value
_MANUAL_HANDLING = ComplianceType.MANUAL_HANDLING.value


@dataclass(frozen=True, slots=True)
class Shift:
    start: time
    end: time  # at or before start: finishes the next day
    unpaid_break: int

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    @property
    def night(self) -> bool:
        """Touches 23:00–06:00, which young workers may not work."""
        return self.overnight or self.end > time(23) or self.start < time(6)


def _s(start: str, end: str, unpaid_break: int) -> Shift:
    return Shift(time.fromisoformat(start), time.fromisoformat(end), unpaid_break)


SHIFTS: dict[ProviderType, Weighted] = {
    ProviderType.CARE_HOME: Weighted(
        ((_s("07:00", "15:00", 30), 30), (_s("14:00", "22:00", 30), 30), (_s("08:00", "20:00", 60), 20), (_s("20:00", "08:00", 30), 20))
    ),
    ProviderType.NURSING_HOME: Weighted(
        ((_s("07:00", "15:00", 30), 25), (_s("14:00", "22:00", 30), 25), (_s("08:00", "20:00", 60), 25), (_s("20:00", "08:00", 30), 25))
    ),
    # Home-care runs are kept to six hours so they need no break; a longer
    # shift without one could be filled by nobody (the 20-minute break rule).
    ProviderType.DOMICILIARY: Weighted(((_s("07:00", "13:00", 0), 55), (_s("16:00", "22:00", 0), 45))),
    ProviderType.SUPPORTED_LIVING: Weighted(
        ((_s("09:00", "17:00", 30), 35), (_s("14:00", "22:00", 30), 30), (_s("08:00", "20:00", 60), 20), (_s("22:00", "07:00", 30), 15))
    ),
    ProviderType.NHS_WARD: Weighted(
        ((_s("07:30", "20:00", 60), 35), (_s("19:30", "08:00", 60), 30), (_s("07:30", "15:30", 30), 20), (_s("13:30", "21:30", 30), 15))
    ),
    ProviderType.COMMUNITY: Weighted(((_s("09:00", "17:00", 30), 70), (_s("10:00", "16:00", 30), 30))),
}
# Cover asked of the locality in a week (not the provider's whole rota).
REQUESTS_PER_WEEK = {
    ProviderType.CARE_HOME: 1.0,
    ProviderType.NURSING_HOME: 1.3,
    ProviderType.DOMICILIARY: 1.0,
    ProviderType.SUPPORTED_LIVING: 0.7,
    ProviderType.NHS_WARD: 1.6,
    ProviderType.COMMUNITY: 0.4,
}
REASON = Weighted(
    (
        (RequestReason.SICKNESS, 35),
        (RequestReason.LEAVE, 25),
        (RequestReason.VACANCY, 15),
        (RequestReason.SURGE, 10),
        (RequestReason.MATERNITY, 7),
        (RequestReason.SHADOW, 8),
    )
)
PLANNED_REASON = Weighted(((RequestReason.LEAVE, 55), (RequestReason.VACANCY, 30), (RequestReason.MATERNITY, 15)))
# How long before the shift a provider asks, by reason: (least, most) in hours.
LEAD_HOURS = {
    RequestReason.SICKNESS: (2, 36),
    RequestReason.SURGE: (4, 72),
    RequestReason.LEAVE: (72, 28 * 24),
    RequestReason.SHADOW: (72, 14 * 24),
    RequestReason.MATERNITY: (7 * 24, 42 * 24),
    RequestReason.VACANCY: (7 * 24, 42 * 24),
}
STAFF_NEEDED = Weighted(((1, 82), (2, 14), (3, 4)))
REQUEST_NOTES = (
    "Please report to the nurse in charge on arrival.",
    "Parcio yn y cefn, nid o flaen y tŷ.",
    "Two residents prefer Welsh for personal care.",
    "Mae angen sgiliau codi a chario.",
    "Key safe code from the office.",
)


@dataclass(slots=True)
class PlannedRequest:
    row: dict
    role: Role
    provider: ProviderFacts
    shift: Shift
    day: date
    paid_hours: float
    shadow: bool
    cancelled: bool


def _between(rng, low: int, high: int) -> int:
    """``rng.randint`` without its argument checks, for the hot loops."""
    return low + int(rng.random() * (high - low + 1))


class CoverMaker:
    def __init__(
        self,
        ctx: Context,
        locality_id: uuid.UUID,
        workers: list[WorkerFacts],
        providers: list[ProviderFacts],
        user_ids: list[uuid.UUID],
        admin_id: uuid.UUID,
        window_start: date,
        window_end: date,
    ):
        self.ctx = ctx
        self.locality_id = locality_id
        self.workers = workers
        self.providers = providers
        self.user_ids = user_ids
        self.admin_id = admin_id
        self.window_start = window_start
        self.window_end = window_end
        self.requests: list[dict] = []
        self.bookings: list[dict] = []
        self.timesheets: list[dict] = []
        self._planned: list[PlannedRequest] = []
        self._hours: dict[tuple[int, int], float] = defaultdict(float)
        self._pools: dict[tuple, list[int]] = {}
        self._distances: dict[str, dict[str, float]] = {}
        self._buckets = self._bucket_workers()
        self._signatures: list[bytes] = []

    def _signature(self, pick: int) -> bytes:
        """One of a pool drawn once, from its own seed: choosing by the
        booking's id leaves the demo's random stream as it was."""
        if not self._signatures:
            self._signatures = signature_pool(random.Random(SIGNATURE_SEED))
        return self._signatures[pick % len(self._signatures)]

    # -- requests -----------------------------------------------------------------

    def make_requests(self) -> None:
        rng = self.ctx.rng
        self._week_ahead = self.ctx.now + timedelta(days=7)
        weeks = (self.window_end - self.window_start).days // 7 + 1
        for provider in self.providers:
            mean = REQUESTS_PER_WEEK[provider.kind]
            for week in range(weeks):
                monday = self.window_start + timedelta(days=7 * week)
                for _n in range(int(mean * (0.5 + rng.random()) + rng.random())):
                    day = monday + timedelta(days=int(rng.random() * 7))
                    if day <= self.window_end:
                        self._plan(provider, day)
        self._planned.sort(key=lambda planned: planned.row["starts_at"])

    def _plan(self, provider: ProviderFacts, day: date, block: tuple | None = None) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        if block is None:
            shift = SHIFTS[provider.kind].pick(rng)
            reason = REASON.pick(rng)
            role = provider.roles.pick(rng)
            if reason == RequestReason.SHADOW and role not in (Role.CARE_WORKER, Role.SUPPORT_WORKER):
                reason = RequestReason.SICKNESS
        else:
            shift, reason, role, block_id, asked_at = block
        starts_at = local_instant(day, shift.start)
        ends_at = local_instant(day + ONE_DAY if shift.overnight else day, shift.end)
        if reason in (RequestReason.SICKNESS, RequestReason.SURGE) and starts_at > self._week_ahead:
            reason = PLANNED_REASON.pick(rng)  # nobody phones in sick a month ahead
        if block is None:
            low, high = LEAD_HOURS[reason]
            requested_at = starts_at - timedelta(minutes=_between(rng, low * 60, high * 60))
            if requested_at > ctx.now:
                # A request far in the future was still asked for already.
                requested_at = ctx.now - timedelta(minutes=_between(rng, 10, 14 * 24 * 60))
        else:
            requested_at = asked_at  # a block is asked for in one go
        shadow = reason == RequestReason.SHADOW
        requirement, level = WelshRequirement.NONE, 0
        if role in provider.welsh_essential_roles:
            requirement, level = WelshRequirement.ESSENTIAL, provider.welsh_level
        elif provider.welsh_share >= 0.15 and rng.random() < 0.7:
            requirement, level = WelshRequirement.DESIRABLE, provider.welsh_level
        skills: list[str] = []
        if role in (Role.SENIOR_CARE_WORKER, Role.REGISTERED_NURSE) and rng.random() < 0.5:
            skills.append(_MEDICATION)
        if rng.random() < 0.1:
            skills.append(_MANUAL_HANDLING)
        row = dict(
            id=ctx.new_id(),
            locality_id=self.locality_id,
            version=1,
            created_at=requested_at,
            updated_at=requested_at,
            provider_id=provider.id,
            role=role,
            starts_at=starts_at,
            ends_at=ends_at,
            unpaid_break_minutes=shift.unpaid_break,
            staff_needed=1 if shadow else STAFF_NEEDED.pick(rng),
            reason=reason,
            welsh_requirement=requirement,
            welsh_level=level,
            required_skills=skills,
            notes=rng.choice(REQUEST_NOTES) if rng.random() < 0.1 else "",
            requested_at=requested_at,
            requested_by=rng.choice(provider.contact_names),
            taken_by_id=self.user_ids[int(rng.random() * len(self.user_ids))],
            status=RequestStatus.OPEN,
            block_id=block_id if block else None,
        )
        self.requests.append(row)
        paid = (ends_at - starts_at).total_seconds() / 3600 - shift.unpaid_break / 60
        self._planned.append(PlannedRequest(row, role, provider, shift, day, paid, shadow, rng.random() < 0.03))
        # Maternity cover and vacancies often come as a block: the same shift
        # for the next few weeks, asked for at once.
        if block is None and reason in (RequestReason.MATERNITY, RequestReason.VACANCY) and rng.random() < 0.4:
            block_key = (shift, reason, role, ctx.new_id(), requested_at)
            row["block_id"] = block_key[3]
            for extra_week in range(1, _between(rng, 2, 4)):
                later = day + timedelta(days=7 * extra_week)
                if later <= self.window_end:
                    self._plan(provider, later, block_key)

    # -- who can go ----------------------------------------------------------------

    def _bucket_workers(self) -> dict[tuple[Role, str, int], list[int]]:
        buckets: dict[tuple[Role, str, int], list[int]] = defaultdict(list)
        for worker in self.workers:
            travel = worker.max_travel_km if worker.max_travel_km is not None else DEFAULT_TRAVEL_KM
            for role in worker.roles:
                buckets[(role, worker.home_town, travel)].append(worker.index)
        return buckets

    def _pool(self, town: str, role: Role, level: int, shadow: bool) -> list[int]:
        """Workers with the role and Welsh level who would travel to ``town``."""
        key = (town, role, level, shadow)
        pool = self._pools.get(key)
        if pool is None:
            if level or shadow:
                base = self._pool(town, role, 0, False)
                workers = self.workers
                pool = [
                    index
                    for index in base
                    if workers[index].speaking >= level
                    and (not shadow or workers[index].employment == EmploymentType.NEW_TO_CARE)
                ]
            else:
                distance = places.distances_from(town)
                pool = []
                for (bucket_role, home, travel), members in self._buckets.items():
                    if bucket_role == role and distance.get(home, 1e9) <= travel:
                        pool.extend(members)
                pool.sort()
            self._pools[key] = pool
        return pool

    def _km(self, town: str, home: str) -> float:
        distances = self._distances.get(town)
        if distances is None:
            distances = self._distances[town] = places.distances_from(town)
        return distances.get(home, 1e9)

    def _core_pool(self, town: str, role: Role, level: int) -> list[int]:
        """The core-team members of :meth:`_pool`."""
        key = (town, role, level, "core")
        pool = self._pools.get(key)
        if pool is None:
            workers = self.workers
            pool = [index for index in self._pool(town, role, level, False) if workers[index].employment == EmploymentType.CORE]
            self._pools[key] = pool
        return pool

    def _can_go(self, worker: WorkerFacts, planned: PlannedRequest, taken: set[int]) -> bool:
        row, day = planned.row, planned.day
        if worker.index in taken or worker.index in planned.provider.do_not_send:
            return False
        if worker.busy_until > row["starts_at"] or not worker.employed_on(day) or worker.absent_on(day):
            return False
        # Matching's hard rules hold in the demo too: the usual week and how far they travel.
        shift = planned.shift
        if worker.availability is not None and not fits_availability(
            worker.availability, day.weekday(), shift.start.hour * 60 + shift.start.minute,
            (1440 if shift.overnight else 0) + shift.end.hour * 60 + shift.end.minute,
        ):
            return False
        if worker.max_travel_km is not None and self._km(planned.provider.town, worker.home_town) > worker.max_travel_km:
            return False
        if planned.provider.needs_driver and not worker.drives:
            return False
        shift_end = day + ONE_DAY if shift.overnight else day
        needed = required_items(planned.role, planned.row["required_skills"])
        return fit_for_shift(worker.held, needed, shift_end) and self._within_hours(worker, planned)

    def _within_hours(self, worker: WorkerFacts, planned: PlannedRequest) -> bool:
        day = planned.day
        week = (day - self.window_start).days // 7
        hours = self._hours[(worker.index, week)] + planned.paid_hours
        if worker.young_on(day):
            return not planned.shift.night and planned.paid_hours <= YOUNG_DAILY_CAP_HOURS and hours <= YOUNG_WEEKLY_CAP_HOURS
        if worker.contracted_hours is not None:  # the core team is rostered to its contract
            return hours <= worker.contracted_hours
        return hours <= (OPTED_OUT_CAP_HOURS if worker.opted_out else WEEKLY_CAP_HOURS)

    def _choose(self, planned: PlannedRequest, taken: set[int]) -> WorkerFacts | None:
        rng, workers = self.ctx.rng, self.workers
        role = planned.role
        essential = planned.row["welsh_requirement"] == WelshRequirement.ESSENTIAL
        desirable = planned.row["welsh_requirement"] == WelshRequirement.DESIRABLE
        level = planned.row["welsh_level"] if essential else 0
        for index in planned.provider.preferred:
            worker = workers[index]
            if (
                role in worker.roles
                and worker.speaking >= level
                and (not planned.shadow or worker.employment == EmploymentType.NEW_TO_CARE)
                and rng.random() < 0.5
                and self._can_go(worker, planned, taken)
            ):
                return worker
        town = planned.provider.town
        pools = [self._pool(town, role, level, planned.shadow)]
        if desirable:  # Welsh speakers first where it helps, then anyone
            pools.insert(0, self._pool(town, role, planned.row["welsh_level"], planned.shadow))
        if not planned.shadow:  # the salaried core team goes first; the bank covers the rest
            pools.insert(0, self._core_pool(town, role, planned.row["welsh_level"] if desirable else level))
        for pool in pools:
            if not pool:
                continue
            # A small pool is tried whole, from a random place, as a coordinator
            # would ring round everyone; a large one by sampling, to stay fast.
            if len(pool) <= SAMPLE_TRIES * 4:
                first = rng.randrange(len(pool))
                order = pool[first:] + pool[:first]
            else:
                order = [pool[rng.randrange(len(pool))] for _try in range(SAMPLE_TRIES)]
            for index in order:
                worker = workers[index]
                if self._can_go(worker, planned, taken):
                    return worker
        return None

    # -- bookings -------------------------------------------------------------------

    def make_bookings(self) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        for planned in self._planned:
            row = planned.row
            past = row["ends_at"] <= ctx.now
            if planned.cancelled:
                row["status"] = RequestStatus.CANCELLED
                row["updated_at"] = min(ctx.now, row["starts_at"])
                continue
            days_ahead = (row["starts_at"] - ctx.now).total_seconds() / 86400
            fill_share = 0.93 if past else 0.9 if days_ahead <= 3 else 0.75 if days_ahead <= 14 else 0.5
            taken: set[int] = set()
            active = 0
            for _slot in range(row["staff_needed"]):
                if rng.random() >= fill_share:
                    continue
                for _attempt in range(2):  # a worker who drops out is replaced once
                    worker = self._choose(planned, taken)
                    if worker is None:
                        break
                    taken.add(worker.index)
                    status = self._status(past, days_ahead)
                    booking = self._book(planned, worker, status)
                    if status == BookingStatus.CANCELLED_BY_WORKER:
                        continue
                    if status != BookingStatus.CANCELLED_BY_PROVIDER and status != BookingStatus.NO_SHOW:
                        active += 1
                        self._hold(worker, planned)
                        if status == BookingStatus.WORKED:
                            self._maybe_timesheet(planned, worker, booking)
                    break
            if active >= row["staff_needed"]:
                row["status"] = RequestStatus.FILLED
            elif active:
                row["status"] = RequestStatus.PARTLY_FILLED

    def _status(self, past: bool, days_ahead: float) -> BookingStatus:
        roll = self.ctx.rng.random()
        if past:
            if roll < 0.05:
                return BookingStatus.CANCELLED_BY_WORKER
            if roll < 0.07:
                return BookingStatus.CANCELLED_BY_PROVIDER
            if roll < 0.085:
                return BookingStatus.NO_SHOW
            return BookingStatus.WORKED
        if roll < 0.03:
            return BookingStatus.CANCELLED_BY_WORKER
        if days_ahead <= 2:
            return BookingStatus.CONFIRMED if roll < 0.88 else BookingStatus.ACCEPTED if roll < 0.95 else BookingStatus.OFFERED
        return BookingStatus.CONFIRMED if roll < 0.53 else BookingStatus.ACCEPTED if roll < 0.77 else BookingStatus.OFFERED

    def _hold(self, worker: WorkerFacts, planned: PlannedRequest) -> None:
        row, day = planned.row, planned.day
        rest = YOUNG_REST if worker.young_on(day) else REST
        worker.busy_until = row["ends_at"] + rest
        self._hours[(worker.index, (day - self.window_start).days // 7)] += planned.paid_hours

    def _book(self, planned: PlannedRequest, worker: WorkerFacts, status: BookingStatus) -> dict:
        ctx, rng = self.ctx, self.ctx.rng
        row = planned.row
        latest = min(row["starts_at"], ctx.now)
        gap = max(0.0, (latest - row["requested_at"]).total_seconds())
        booked_at = row["requested_at"] + timedelta(seconds=gap * rng.uniform(0.02, 0.6))
        confirmed_at = cancelled_at = None
        reason = ""
        chargeable = False
        if status in (BookingStatus.CONFIRMED, BookingStatus.WORKED, BookingStatus.NO_SHOW):
            confirmed_at = booked_at + timedelta(seconds=(latest - booked_at).total_seconds() * rng.uniform(0.0, 0.5))
        if status in (BookingStatus.CANCELLED_BY_WORKER, BookingStatus.CANCELLED_BY_PROVIDER):
            cancelled_at = booked_at + timedelta(seconds=(latest - booked_at).total_seconds() * rng.uniform(0.1, 1.0))
            if status == BookingStatus.CANCELLED_BY_WORKER:
                reason = rng.choice(names.BOOKING_CANCELLED_BY_WORKER)
            else:
                reason = rng.choice(names.BOOKING_CANCELLED_BY_PROVIDER)
                # Cancelled by the provider inside 24 hours: the shift is still charged.
                chargeable = row["starts_at"] - cancelled_at < timedelta(hours=24)
        if planned.shadow:
            kind = BookingKind.SHADOW
        elif worker.employment == EmploymentType.CORE:
            kind = BookingKind.CORE
        else:
            kind = BookingKind.BANK
        changed = cancelled_at or confirmed_at or booked_at
        booking = {
            "id": ctx.new_id(),
            "locality_id": self.locality_id,
            "version": 1,
            "created_at": booked_at,
            "updated_at": changed,
            "request_id": row["id"],
            "worker_id": worker.id,
            "kind": kind,
            "status": status,
            "starts_at": row["starts_at"],
            "ends_at": row["ends_at"],
            "booked_by_id": row["taken_by_id"],
            "booked_at": booked_at,
            "confirmed_at": confirmed_at,
            "cancelled_at": cancelled_at,
            "cancellation_reason": reason,
            "late_cancellation_chargeable": chargeable,
            "locked": False,
            "override_reason": "",
            "override_by_id": None,
        }
        self.bookings.append(booking)
        return booking

    # -- timesheets -----------------------------------------------------------------

    def _maybe_timesheet(self, planned: PlannedRequest, worker: WorkerFacts, booking: dict) -> None:
        """Recent worked shifts have timesheets at every stage from draft to locked."""
        ctx, rng = self.ctx, self.ctx.rng
        age_days = (ctx.now - booking["ends_at"]).total_seconds() / 86400
        if age_days > 21 or rng.random() > 0.75:
            return
        start, end = booking["starts_at"], booking["ends_at"]
        change = ""
        if rng.random() < 0.1:
            change = rng.choice(names.TIMESHEET_CHANGE_REASONS)
            if "early" in change or "cynnar" in change:
                start -= timedelta(minutes=rng.choice((15, 30)))
            else:
                end += timedelta(minutes=rng.choice((15, 30, 45)))
        if age_days <= 2:
            status = TimesheetStatus.DRAFT if rng.random() < 0.5 else TimesheetStatus.SIGNED
        elif age_days <= 10:
            status = TimesheetStatus.SIGNED if rng.random() < 0.4 else TimesheetStatus.APPROVED
        else:
            status = TimesheetStatus.APPROVED if rng.random() < 0.5 else TimesheetStatus.LOCKED
        mileage = Decimal("0")
        if planned.provider.kind in (ProviderType.DOMICILIARY, ProviderType.COMMUNITY):
            mileage = Decimal(rng.randint(8, 90)) / Decimal(2)
        signed = status != TimesheetStatus.DRAFT
        signatory_id, signatory_name = None, ""
        if signed and planned.provider.signatories:
            signatory_id, signatory_name = rng.choice(planned.provider.signatories)
        worker_signed_at = end + timedelta(minutes=rng.randint(1, 30)) if signed else None
        approved = status in (TimesheetStatus.APPROVED, TimesheetStatus.LOCKED)
        approved_at = min(ctx.now, end + timedelta(days=rng.uniform(1, 4))) if approved else None
        on_paper = signed and rng.random() < 0.2
        # The hash the app itself would have stored when the sheet was signed,
        # so the demo's signatures hold; strokes for those signed on screen.
        digest = content_hash(signed_content(
            booking["id"], worker.id, planned.provider.id, planned.role, start, end,
            planned.shift.unpaid_break, mileage, change,
        )) if signed else ""
        on_screen = signed and not on_paper
        worker_strokes = self._signature(booking["id"].int) if on_screen else None
        signatory_strokes = self._signature(booking["id"].int // 7) if on_screen and signatory_id else None
        self.timesheets.append(
            {
                "id": ctx.new_id(),
                "locality_id": self.locality_id,
                "version": 1,
                "created_at": end,
                "updated_at": approved_at or worker_signed_at or end,
                "booking_id": booking["id"],
                "actual_start": start,
                "actual_end": end,
                "break_minutes": planned.shift.unpaid_break,
                "mileage": mileage,
                "change_reason": change,
                "status": status,
                "worker_signed_name": worker.name if signed else "",
                "worker_signed_at": worker_signed_at,
                "signatory_id": signatory_id,
                "signatory_signed_name": signatory_name,
                "signatory_signed_at": worker_signed_at if signatory_id else None,
                "worker_signature": worker_strokes,
                "signatory_signature": signatory_strokes,
                "signed_on_paper": on_paper,
                "content_hash": digest,
                "approved_by_id": self.admin_id if approved else None,
                "approved_at": approved_at,
            }
        )

