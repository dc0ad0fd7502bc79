"""Database rows turned into the plain data the charging and pay rules take."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.domain.charging import STANDARD_SETTINGS, ChargingError, DatedSettings, WorkedShift
from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import BookingKind, EmploymentType
from localitydesk.i18n import current_language
from localitydesk.services.confirmations import booking_reference
from localitydesk.services.errors import ServiceError
from localitydesk.store.models import Setting


def dated_settings(session: Session, locality_id: uuid.UUID) -> DatedSettings:
    """The standard on-cost rates, overridden by the locality's own dated settings.

    The locality's rows come after the standard ones, so on the same date the
    locality's value is the one in force."""
    rows = [(s.key, s.effective_from, s.value) for s in STANDARD_SETTINGS]
    for key, effective_from, value in session.execute(
        select(Setting.key, Setting.effective_from, Setting.value)
        .where(Setting.locality_id == locality_id)
        .order_by(Setting.effective_from, Setting.created_at)
    ):
        try:
            rows.append((key, effective_from, Decimal(value)))
        except InvalidOperation:
            # A setting that is not a number is not a rate; the rules never read it.
            continue
    return DatedSettings(rows)


def period_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """UTC instants of local midnight starting ``date_from`` and ending ``date_to``."""
    if date_to < date_from:
        from localitydesk.i18n import _

        raise ServiceError(_("The period ends before it starts."))
    return local_to_utc(date_from, time(0)), local_to_utc(date_to + timedelta(days=1), time(0))


def worked_shift(booking, request, worker, starts_at, ends_at, break_minutes, mileage, cancelled_late=False) -> WorkedShift:
    return WorkedShift(
        reference=booking_reference(booking.id),
        worker_id=worker.id,
        role=request.role.value if hasattr(request.role, "value") else str(request.role),
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        booking_kind=BookingKind(booking.kind),
        employment_type=EmploymentType(worker.employment_type),
        mileage=mileage,
        cancelled_late=cancelled_late,
    )


def charging_failure(error: ChargingError) -> ServiceError:
    return ServiceError(error.text(current_language()))
