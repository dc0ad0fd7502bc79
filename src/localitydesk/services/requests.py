"""Cover requests: logging a provider's call, blocks of shifts, the Requests list."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from localitydesk.domain.local_time import ImpossibleTime, shift_instants
from localitydesk.domain.provider_rules import default_welsh_requirement
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    RequestReason,
    RequestStatus,
    Role,
    WelshRequirement,
)
from localitydesk.i18n import _, ngettext
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Provider
from localitydesk.store.types import utc_now

from .errors import NotFound, ServiceError, ValidationError
from .request_rows import RequestRow
from .locality import home_locality_id
from .unit_of_work import read_only, unit_of_work

MAX_SHIFT_HOURS = 24
MAX_BLOCK_WEEKS = 26


@dataclass
class RequestForm:
    provider_id: uuid.UUID | None
    role: Role
    day: date
    start: time
    end: time
    reason: RequestReason
    unpaid_break_minutes: int = 0
    staff_needed: int = 1
    welsh_requirement: WelshRequirement = WelshRequirement.NONE
    welsh_level: int = 0
    required_skills: list[str] = field(default_factory=list)
    notes: str = ""
    requested_by: str = ""
    requested_at: datetime | None = None


# RequestRow fields read straight from cover_request.
_ROW_COLUMNS = (
    "id", "provider_id", "role", "starts_at", "ends_at", "unpaid_break_minutes", "staff_needed", "status", "reason",
    "welsh_requirement", "welsh_level", "requested_at", "requested_by", "notes",
)


def validate_request(form: RequestForm) -> tuple[dict[str, str], tuple[datetime, datetime] | None]:
    errors: dict[str, str] = {}
    if form.provider_id is None:
        errors["provider_id"] = _("Choose the provider.")
    instants = None
    if form.start == form.end:
        errors["end"] = _("The shift must end at a different time from when it starts.")
    else:
        try:
            instants = shift_instants(form.day, form.start, form.end)
        except ImpossibleTime as error:
            errors["start"] = str(error)
    if instants is not None:
        length_minutes = (instants[1] - instants[0]).total_seconds() / 60
        if length_minutes > MAX_SHIFT_HOURS * 60:
            errors["end"] = _("A shift cannot be longer than {hours} hours.").format(hours=MAX_SHIFT_HOURS)
        if not 0 <= form.unpaid_break_minutes < length_minutes:
            errors["unpaid_break_minutes"] = _("The unpaid break must be shorter than the shift.")
        elif form.unpaid_break_minutes % 5:
            errors["unpaid_break_minutes"] = _("Enter the break in steps of 5 minutes.")
    if not 1 <= form.staff_needed <= 50:
        errors["staff_needed"] = _("Ask for between 1 and 50 staff.")
    if form.welsh_requirement == WelshRequirement.ESSENTIAL and not 1 <= form.welsh_level <= 5:
        errors["welsh_level"] = _("Say which Welsh level is essential, from 1 (Entry) to 5 (Proficient).")
    return errors, instants


def welsh_default(db: Database, provider_id: uuid.UUID, role: Role) -> tuple[WelshRequirement, int]:
    """The Welsh requirement a new request for this provider and role starts with."""
    with read_only(db) as session:
        provider = session.get(Provider, provider_id)
        if provider is None:
            raise NotFound(_("That provider no longer exists."))
        return default_welsh_requirement(
            role, provider.welsh_essential_roles or (), provider.welsh_essential_level,
            provider.people_supported, provider.people_preferring_welsh,
        )


def _new_request(locality_id, form: RequestForm, instants, actor: Actor, block_id=None) -> CoverRequest:
    return CoverRequest(
        id=uuid.uuid4(),
        locality_id=locality_id,
        provider_id=form.provider_id,
        role=form.role,
        starts_at=instants[0],
        ends_at=instants[1],
        unpaid_break_minutes=form.unpaid_break_minutes,
        staff_needed=form.staff_needed,
        reason=form.reason,
        welsh_requirement=form.welsh_requirement,
        welsh_level=form.welsh_level if form.welsh_requirement == WelshRequirement.ESSENTIAL else 0,
        required_skills=sorted(set(form.required_skills)),
        notes=form.notes.strip(),
        requested_at=form.requested_at or utc_now(),
        requested_by=form.requested_by.strip(),
        taken_by_id=actor.user_id,
        status=RequestStatus.OPEN,
        block_id=block_id,
    )


def create_request(db: Database, actor: Actor, form: RequestForm) -> uuid.UUID:
    errors, instants = validate_request(form)
    if errors:
        raise ValidationError(errors)
    with unit_of_work(db, actor, "create_request") as session:
        _check_provider(session, form.provider_id)
        request = _new_request(home_locality_id(session), form, instants, actor)
        session.add(request)
        return request.id


def create_block(db: Database, actor: Actor, form: RequestForm, weekdays: set[int], weeks: int) -> list[uuid.UUID]:
    """The same shift on chosen weekdays for ``weeks`` weeks from ``form.day``,
    made in one go: every request or none."""
    if not weekdays:
        raise ValidationError({"weekdays": _("Choose at least one day of the week.")})
    if not 1 <= weeks <= MAX_BLOCK_WEEKS:
        raise ValidationError({"weeks": _("A block runs for 1 to {weeks} weeks.").format(weeks=MAX_BLOCK_WEEKS)})
    days = [form.day + timedelta(days=offset) for offset in range(weeks * 7) if (form.day + timedelta(days=offset)).weekday() in weekdays]
    forms_and_instants = []
    for day in days:
        day_form = replace(form, day=day)
        errors, instants = validate_request(day_form)
        if errors:
            first = next(iter(errors.values()))
            raise ValidationError({next(iter(errors)): _("{date}: {problem}").format(date=day.strftime("%d/%m/%Y"), problem=first)})
        forms_and_instants.append((day_form, instants))
    block_id = uuid.uuid4()
    with unit_of_work(db, actor, "create_block_requests") as session:
        _check_provider(session, form.provider_id)
        locality_id = home_locality_id(session)
        requests = [_new_request(locality_id, f, i, actor, block_id) for f, i in forms_and_instants]
        session.add_all(requests)
        return [r.id for r in requests]


def _check_provider(session: Session, provider_id) -> None:
    provider = session.get(Provider, provider_id)
    if provider is None or provider.deleted_at is not None:
        raise ValidationError({"provider_id": _("That provider no longer exists.")})


def list_requests(
    db: Database,
    starts_from: datetime,
    starts_before: datetime,
    statuses: tuple[RequestStatus, ...] | None = None,
) -> list[RequestRow]:
    """Requests starting in a period, unfilled first then soonest first."""
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        # Plain columns, not ORM objects: a week of a busy locality is
        # thousands of rows and this feeds the Dashboard at start-up.
        columns = [getattr(CoverRequest, name) for name in _ROW_COLUMNS]
        booked_count = (
            select(func.count())
            .where(Booking.request_id == CoverRequest.id, Booking.status.in_(ACTIVE_BOOKING_STATUSES))
            .correlate(CoverRequest)
            .scalar_subquery()
        )
        query = (
            select(*columns, Provider.name_cy, Provider.name_en, booked_count.label("booked"))
            .join(Provider, Provider.id == CoverRequest.provider_id)
            .where(
                CoverRequest.locality_id == locality_id,
                CoverRequest.deleted_at.is_(None),
                CoverRequest.starts_at >= starts_from,
                CoverRequest.starts_at < starts_before,
            )
        )
        if statuses:
            query = query.where(CoverRequest.status.in_(statuses))
        rows = [
            RequestRow(
                **{name: getattr(r, name) for name in _ROW_COLUMNS},
                provider_name_cy=r.name_cy, provider_name_en=r.name_en, booked=r.booked,
            )
            for r in session.execute(query)
        ]
        rows.sort(key=lambda row: (row.unfilled == 0, row.starts_at))
        return rows


def get_request(db: Database, request_id: uuid.UUID) -> RequestRow:
    with read_only(db) as session:
        request = session.get(CoverRequest, request_id)
        if request is None or request.deleted_at is not None:
            raise NotFound(_("That cover request no longer exists."))
        start = request.starts_at
    rows = list_requests(db, start, start + timedelta(seconds=1))
    return next(row for row in rows if row.id == request_id)


def _active_bookings(session: Session, request_ids: list[uuid.UUID]) -> Counter:
    counts: Counter = Counter()
    # Chunked: SQLite limits the number of bound parameters in one IN (...).
    for offset in range(0, len(request_ids), 500):
        chunk = request_ids[offset : offset + 500]
        for request_id, count in session.execute(
            select(Booking.request_id, func.count())
            .where(Booking.request_id.in_(chunk), Booking.status.in_(ACTIVE_BOOKING_STATUSES))
            .group_by(Booking.request_id)
        ):
            counts[request_id] = count
    return counts


def refresh_request_status(session: Session, request: CoverRequest) -> None:
    """Open / partly filled / filled follows the active bookings; cancelled stays."""
    if request.status == RequestStatus.CANCELLED:
        return
    session.flush()
    booked = _active_bookings(session, [request.id]).get(request.id, 0)
    status = (
        RequestStatus.FILLED if booked >= request.staff_needed
        else RequestStatus.PARTLY_FILLED if booked
        else RequestStatus.OPEN
    )
    if request.status != status:
        request.status = status


def cancel_request(db: Database, actor: Actor, request_id: uuid.UUID, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling the request.")})
    with unit_of_work(db, actor, "cancel_request", reason=reason.strip()) as session:
        request = session.get(CoverRequest, request_id)
        if request is None or request.deleted_at is not None:
            raise NotFound(_("That cover request no longer exists."))
        active = _active_bookings(session, [request_id]).get(request_id, 0)
        if active:
            raise ServiceError(
                ngettext(
                    "Cancel the request's booking first: {count} is still active.",
                    "Cancel the request's bookings first: {count} are still active.",
                    active,
                ).format(count=active)
            )
        request.status = RequestStatus.CANCELLED
