"""Recording the hours actually worked.

The booked times are the default: an administrator confirms them with one
keystroke and types only what differs. A difference from the booking needs a
reason (the provider and payroll both ask why). Start, finish and the break
go in 5-minute steps, as paper timesheets are kept.

Once anyone has signed (or the hours were verified, or approved), a change
needs an administrator and a reason: it is audited with that reason, and it
voids the signatures, the verification and the approval, so the new hours
are signed afresh. A timesheet on an issued statement cannot change at all
until a credit note takes it off.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.domain import working_time as wt
from localitydesk.domain.time_bands import LONDON, ShiftTimeError, measure_shift
from localitydesk.domain.vocabulary import BookingStatus, TimesheetStatus, UserRole
from localitydesk.i18n import _
from localitydesk.services.errors import NotFound, ServiceError, ValidationError
from localitydesk.services.locality import home_locality_id
from localitydesk.services.unit_of_work import unit_of_work
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Statement, Timesheet, Worker
from localitydesk.store.types import utc_now

from .errors import TimesheetLocked

STEP_MINUTES = 5
A_DAY = timedelta(hours=24)
RECORDABLE = (BookingStatus.WORKED, BookingStatus.CONFIRMED, BookingStatus.ACCEPTED)


@dataclass(frozen=True)
class HoursEntry:
    actual_start: datetime
    actual_end: datetime
    break_minutes: int
    mileage: Decimal = Decimal(0)
    change_reason: str = ""


def is_signed_or_verified(sheet: Timesheet) -> bool:
    """Anything a change would void: a signature, a verification or an approval."""
    return (
        sheet.status != TimesheetStatus.DRAFT
        or sheet.worker_signed_at is not None
        or sheet.signatory_signed_at is not None
        or bool(sheet.verified_reason)
    )


def void_signatures(sheet: Timesheet) -> None:
    sheet.worker_signed_name = ""
    sheet.worker_signed_at = None
    sheet.worker_signature = None
    sheet.signatory_id = None
    sheet.signatory_signed_name = ""
    sheet.signatory_signed_at = None
    sheet.signatory_signature = None
    sheet.signed_on_paper = False
    sheet.paper_scan = None
    sheet.content_hash = ""
    sheet.verified_by_id = None
    sheet.verified_reason = ""
    sheet.approved_by_id = None
    sheet.approved_at = None
    sheet.status = TimesheetStatus.DRAFT


def refuse_if_invoiced(session: Session, sheet: Timesheet) -> None:
    if sheet.statement_id is not None or sheet.status == TimesheetStatus.INVOICED:
        number = session.scalar(select(Statement.number).where(Statement.id == sheet.statement_id)) or "—"
        raise TimesheetLocked(
            _("This timesheet is on statement {number}: issue a credit note for it before changing it.").format(number=number)
        )


def require_admin(actor: Actor, what: str) -> None:
    if actor.role != UserRole.ADMIN.value:
        raise ServiceError(_("Only an administrator can {what}.").format(what=what))


def _on_step(instant: datetime) -> bool:
    local = instant.astimezone(LONDON)
    return local.second == 0 and local.microsecond == 0 and local.minute % STEP_MINUTES == 0


def validate_entry(entry: HoursEntry, booked: tuple[datetime, datetime, int]) -> tuple[Decimal, str]:
    """Field-by-field errors, or the mileage and reason as they will be stored."""
    errors: dict[str, str] = {}
    for name, instant in (("actual_start", entry.actual_start), ("actual_end", entry.actual_end)):
        if instant.tzinfo is None:
            errors[name] = _("A time must carry its time zone.")
        elif not _on_step(instant):
            errors[name] = _("Times go in steps of {step} minutes.").format(step=STEP_MINUTES)
    if entry.break_minutes < 0 or entry.break_minutes % STEP_MINUTES:
        errors["break_minutes"] = _("The unpaid break goes in steps of {step} minutes.").format(step=STEP_MINUTES)
    if not errors and entry.actual_end - entry.actual_start >= A_DAY:
        # A finish typed the same as the start reads as the next day's: no
        # bookable shift is that long, so this is a slip, never 24 hours' pay.
        errors["actual_end"] = _("The finish is a whole day or more after the start: check the times.")
    if not errors:
        try:
            measure_shift(entry.actual_start, entry.actual_end, entry.break_minutes)
        except ShiftTimeError as error:
            errors["actual_end"] = _(error.message).format(**error.values)
    try:
        mileage = Decimal(str(entry.mileage))
        if not mileage.is_finite() or mileage < 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["mileage"] = _("Mileage must be a number of miles, zero or more.")
        mileage = Decimal(0)
    reason = entry.change_reason.strip()
    differs = (entry.actual_start, entry.actual_end, entry.break_minutes) != booked
    if differs and not reason:
        errors["change_reason"] = _("Say why the hours differ from the booking.")
    if len(reason) > 300:
        errors["change_reason"] = _("Keep the reason to 300 characters.")
    if errors:
        raise ValidationError(errors)
    return mileage, reason


def record_hours(
    db: Database, actor: Actor, booking_id: uuid.UUID, entry: HoursEntry, admin_reason: str = "",
    now: datetime | None = None,
) -> uuid.UUID:
    """Create or change the booking's timesheet; returns the timesheet's id.

    ``admin_reason`` is required (from an administrator) when the timesheet
    has been signed, verified or approved; the change voids all of that.
    """
    now = now or utc_now()
    admin_reason = admin_reason.strip()
    with unit_of_work(db, actor, "record_hours", reason=admin_reason or entry.change_reason.strip()) as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(_("That booking no longer exists."))
        request = session.get(CoverRequest, booking.request_id)
        sheet = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
        if sheet is None and booking.status not in RECORDABLE:
            raise ServiceError(_("Hours can only be recorded for a confirmed or worked booking."))
        if sheet is None and booking.starts_at > now:
            raise ServiceError(_("This shift has not started yet."))
        mileage, reason = validate_entry(entry, (booking.starts_at, booking.ends_at, request.unpaid_break_minutes))
        new = (entry.actual_start, entry.actual_end, entry.break_minutes, mileage, reason)
        if sheet is not None:
            refuse_if_invoiced(session, sheet)
            old = (sheet.actual_start, sheet.actual_end, sheet.break_minutes, Decimal(sheet.mileage), sheet.change_reason)
            if old == new:
                return sheet.id
            if is_signed_or_verified(sheet):
                require_admin(actor, _("change a timesheet after it has been signed"))
                if not admin_reason:
                    raise ValidationError({"admin_reason": _("Give a reason for changing a signed timesheet.")})
                void_signatures(sheet)
        else:
            sheet = Timesheet(id=uuid.uuid4(), locality_id=booking.locality_id, booking_id=booking.id,
                              status=TimesheetStatus.DRAFT)
            session.add(sheet)
        sheet.actual_start, sheet.actual_end, sheet.break_minutes, sheet.mileage, sheet.change_reason = new
        if booking.status in (BookingStatus.CONFIRMED, BookingStatus.ACCEPTED):
            booking.status = BookingStatus.WORKED
        return sheet.id


def record_hours_as_booked(db: Database, actor: Actor, booking_id: uuid.UUID, now: datetime | None = None) -> uuid.UUID:
    """The one-keystroke case: worked exactly as booked."""
    from localitydesk.services.unit_of_work import read_only

    with read_only(db) as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(_("That booking no longer exists."))
        request = session.get(CoverRequest, booking.request_id)
        entry = HoursEntry(booking.starts_at, booking.ends_at, request.unpaid_break_minutes)
        existing = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
        if existing is not None:
            entry = HoursEntry(booking.starts_at, booking.ends_at, request.unpaid_break_minutes, existing.mileage)
    return record_hours(db, actor, booking_id, entry, now=now)


# ---------------------------------------------------------------- working time


def breaches_by_booking(session: Session, rows, language: str | None = None) -> dict[uuid.UUID, list[str]]:
    """Working-time breaches touching the rows' shifts, judged on the hours
    actually worked where a timesheet says so (booked hours elsewhere)."""
    from localitydesk.services.matching import load_bookings

    if not rows:
        return {}
    wanted = {row.booking_id for row in rows}
    worker_ids = {row.worker_id for row in rows}
    margin = timedelta(weeks=wt.DEFAULT_POLICY.reference_weeks, days=2)
    first = min(min(row.booked_start, row.actual_start) for row in rows) - margin
    last = max(max(row.booked_end, row.actual_end) for row in rows) + margin
    booked = load_bookings(session, home_locality_id(session), first, last, worker_ids)
    refs = [ref for columns in booked.columns.values() for ref in columns[3]]
    actuals = {}
    for chunk in range(0, len(refs), 500):
        actuals.update(
            (b, (s, e, m))
            for b, s, e, m in session.execute(
                select(Timesheet.booking_id, Timesheet.actual_start, Timesheet.actual_end, Timesheet.break_minutes)
                .where(Timesheet.booking_id.in_(refs[chunk:chunk + 500]))
            )
        )
    facts = {w.id: w for w in session.scalars(select(Worker).where(Worker.id.in_(worker_ids)))}
    found: dict[uuid.UUID, list[str]] = {}
    for worker_id in worker_ids:
        starts, ends, worked, ids = booked.columns.get(worker_id, ([], [], [], []))
        shifts = []
        for start, end, paid, ref in zip(starts, ends, worked, ids):
            if ref in actuals:
                s, e, m = actuals[ref]
                start, end = int(s.timestamp()), int(e.timestamp())
                paid = end - start - 60 * m
            shifts.append((start, end, paid, ref))
        shifts.sort()
        booked.columns[worker_id] = tuple(list(column) for column in zip(*shifts)) if shifts else ([], [], [], [])
        worker = facts[worker_id]
        schedule = booked.schedule(worker_id, worker.date_of_birth, worker.wtr_opt_out)
        for breach in wt.check_schedule(schedule):
            if breach.allowed:
                continue
            for ref in breach.shift_refs:
                if ref in wanted:
                    text = breach.describe(language)
                    if text not in found.setdefault(ref, []):
                        found[ref].append(text)
    return found


def timesheet_breaches(db: Database, booking_id: uuid.UUID, language: str | None = None) -> list[str]:
    """Breaches of the Working Time Regulations the actual hours of this shift reveal."""
    from .week import get_timesheet_row

    return list(get_timesheet_row(db, booking_id, language).breaches)
