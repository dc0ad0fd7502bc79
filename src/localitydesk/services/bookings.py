"""Bookings: offering, confirming, cancelling, no-shows and worked shifts.

A booking is refused when any hard rule excludes the worker (the same rules
matching uses, via ``services.matching.booking_exclusions``). Working-time
rules the law lets care settings set aside may be overridden, by a manager
only, with a recorded reason. Double booking is refused here and, should two
windows race, by the database's own trigger.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    BookingKind,
    BookingStatus,
    EmploymentType,
    RequestReason,
    RequestStatus,
    UserRole,
    label,
)
from localitydesk.domain import working_time as wt
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Worker
from localitydesk.store.types import utc_now

from .errors import NotFound, ServiceError, ValidationError
from .requests import refresh_request_status
from .settings import setting_value
from .unit_of_work import read_only, unit_of_work

LATE_CANCELLATION_HOURS = "late_cancellation_hours"


class BookingRefused(ServiceError):
    """A hard rule forbids the booking; ``reasons`` says which, in words."""

    def __init__(self, reasons: list[str], overridable: bool):
        self.reasons = reasons
        self.overridable = overridable
        super().__init__("\n".join(reasons))


@dataclass(frozen=True)
class BookingResult:
    booking_id: uuid.UUID
    overridden: list[str]


def default_kind(request: CoverRequest, worker: Worker) -> BookingKind:
    if request.reason == RequestReason.SHADOW:
        return BookingKind.SHADOW
    return BookingKind.CORE if worker.employment_type == EmploymentType.CORE else BookingKind.BANK


def book_worker(
    db: Database,
    actor: Actor,
    request_id: uuid.UUID,
    worker_id: uuid.UUID,
    kind: BookingKind | None = None,
    offer: bool = False,
    override_reason: str = "",
    now: datetime | None = None,
) -> BookingResult:
    from .matching import booking_exclusions

    now = now or utc_now()
    with unit_of_work(db, actor, "offer_booking" if offer else "book_worker", reason=override_reason) as session:
        request = session.get(CoverRequest, request_id)
        worker = session.get(Worker, worker_id)
        if request is None or request.deleted_at is not None:
            raise NotFound(_("That cover request no longer exists."))
        if worker is None or worker.deleted_at is not None:
            raise NotFound(_("That worker no longer exists."))
        if request.status == RequestStatus.FILLED:
            raise ServiceError(_("This request is already filled: cancel a booking on it first, or log another request."))
        if request.status == RequestStatus.CANCELLED:
            raise ServiceError(_("This request has been cancelled."))
        exclusions = booking_exclusions(session, request, worker_id, now)
        overridden: list[str] = []
        if exclusions:
            words = [e.text for e in exclusions]
            overridable = all(e.overridable for e in exclusions)
            if not (overridable and override_reason.strip() and actor.role == UserRole.MANAGER.value):
                raise BookingRefused(words, overridable)
            overridden = words
        booking_id = uuid.uuid4()
        booking = Booking(
            id=booking_id,
            locality_id=request.locality_id,
            request_id=request.id,
            worker_id=worker_id,
            kind=kind or default_kind(request, worker),
            status=BookingStatus.OFFERED if offer else BookingStatus.CONFIRMED,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
            booked_by_id=actor.user_id,
            booked_at=now,
            confirmed_at=None if offer else now,
            override_reason=override_reason.strip() if overridden else "",
            override_by_id=actor.user_id if overridden else None,
            override_scope=_override_scope(exclusions, booking_id) if overridden else None,
        )
        session.add(booking)
        try:
            refresh_request_status(session, request)
        except IntegrityError as error:
            raise ServiceError(_("{name} is already booked at an overlapping time.").format(name=worker.full_name)) from error
        return BookingResult(booking.id, overridden)


def _override_scope(exclusions, booking_id: uuid.UUID) -> list[dict]:
    """The breaches being set aside, each with every shift in it (the new one
    included), so the override covers exactly these and nothing later."""
    return [
        {"rule": rule, "shifts": sorted(str(booking_id if ref in (None, wt.NEW_SHIFT) else ref) for ref in refs)}
        for exclusion in exclusions
        for rule, refs in exclusion.breaches
    ]


def _transition(db: Database, actor: Actor, booking_id: uuid.UUID, action: str, allowed_from, change, reason: str = "") -> None:
    with unit_of_work(db, actor, action, reason=reason) as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(_("That booking no longer exists."))
        if booking.status not in allowed_from:
            raise ServiceError(_("This booking is {status}; that cannot be done now.").format(status=label(booking.status).lower()))
        change(session, booking)
        refresh_request_status(session, booking.request)


def accept_offer(db: Database, actor: Actor, booking_id: uuid.UUID) -> None:
    def change(_session, booking):
        booking.status = BookingStatus.ACCEPTED

    _transition(db, actor, booking_id, "accept_offer", (BookingStatus.OFFERED,), change)


def confirm_booking(db: Database, actor: Actor, booking_id: uuid.UUID, now: datetime | None = None) -> None:
    def change(_session, booking):
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now or utc_now()

    _transition(db, actor, booking_id, "confirm_booking", (BookingStatus.OFFERED, BookingStatus.ACCEPTED), change)


def cancel_booking(
    db: Database, actor: Actor, booking_id: uuid.UUID, by_provider: bool, reason: str, now: datetime | None = None
) -> bool:
    """Cancel; returns whether it was a late cancellation the provider is charged for."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the cancellation.")})
    now = now or utc_now()
    late = []

    def change(session, booking):
        window = timedelta(hours=float(setting_value(session, booking.locality_id, LATE_CANCELLATION_HOURS, now.date(), "24")))
        booking.status = BookingStatus.CANCELLED_BY_PROVIDER if by_provider else BookingStatus.CANCELLED_BY_WORKER
        booking.cancelled_at = now
        booking.cancellation_reason = reason.strip()
        chargeable = by_provider and booking.kind != BookingKind.SHADOW and booking.starts_at - now < window
        booking.late_cancellation_chargeable = chargeable
        late.append(chargeable)

    _transition(
        db, actor, booking_id, "cancel_booking",
        (BookingStatus.OFFERED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED), change, reason.strip(),
    )
    return late[0]


def mark_no_show(db: Database, actor: Actor, booking_id: uuid.UUID, reason: str = "") -> None:
    def change(_session, booking):
        booking.status = BookingStatus.NO_SHOW

    _transition(db, actor, booking_id, "mark_no_show", (BookingStatus.CONFIRMED, BookingStatus.ACCEPTED), change, reason)


def mark_worked(db: Database, actor: Actor, booking_id: uuid.UUID) -> None:
    def change(_session, booking):
        booking.status = BookingStatus.WORKED

    _transition(db, actor, booking_id, "mark_worked", (BookingStatus.CONFIRMED,), change)


def active_statuses() -> tuple[BookingStatus, ...]:
    return ACTIVE_BOOKING_STATUSES


def bookings_for_request(db: Database, request_id: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID, BookingStatus, BookingKind]]:
    with read_only(db) as session:
        return [
            (row.id, row.worker_id, row.status, row.kind)
            for row in session.execute(select(Booking.id, Booking.worker_id, Booking.status, Booking.kind).where(Booking.request_id == request_id))
        ]
