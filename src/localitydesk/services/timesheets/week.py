"""A week of timesheets: every booking that should have one, grouped by provider.

A booking should have a timesheet once it is worked, or confirmed (or
accepted) and over: the administrator records the hours after the shift,
and a booking nobody marked worked must not slip through unpaid. Any booking
that already has a timesheet is listed too, whatever became of it.

The state shown is richer than the stored status: *not started* (no
timesheet yet) and *awaiting signature* (one of the two signatures given)
are read off the record rather than stored.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.time_bands import ShiftTimeError, measure_shift
from localitydesk.domain.vocabulary import BookingKind, BookingStatus, ContactKind, Role, TimesheetStatus
from localitydesk.i18n import N_, _
from localitydesk.services.confirmations import booking_reference
from localitydesk.services.errors import NotFound, ServiceError
from localitydesk.services.locality import home_locality_id
from localitydesk.services.unit_of_work import read_only
from localitydesk.store.database import Database
from localitydesk.store.models import Booking, CoverRequest, Provider, ProviderContact, Timesheet, Worker
from localitydesk.store.types import utc_now

from .content import content_hash, signed_content


class SheetState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    AWAITING_SIGNATURE = "awaiting_signature"
    SIGNED = "signed"
    APPROVED = "approved"
    LOCKED = "locked"
    INVOICED = "invoiced"


STATE_LABELS = {
    SheetState.NOT_STARTED: N_("Not started"),
    SheetState.DRAFT: N_("Draft"),
    SheetState.AWAITING_SIGNATURE: N_("Awaiting signature"),
    SheetState.SIGNED: N_("Signed"),
    SheetState.APPROVED: N_("Approved"),
    SheetState.LOCKED: N_("Locked"),
    SheetState.INVOICED: N_("Invoiced"),
}


@dataclass(frozen=True, slots=True)
class IsoWeek:
    """An ISO week, Monday to Sunday in Wales."""

    year: int
    week: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """UTC instants of local Monday 00:00 and the following Monday 00:00."""
        return local_to_utc(self.monday, time(0)), local_to_utc(self.monday + timedelta(days=7), time(0))

    def shifted(self, weeks: int) -> IsoWeek:
        year, week, _day = (self.monday + timedelta(weeks=weeks)).isocalendar()
        return IsoWeek(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        year, week, _day = day.isocalendar()
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_iso_week(text: str) -> IsoWeek:
    match = _WEEK.match(text.strip())
    if match:
        try:
            week = IsoWeek(int(match.group(1)), int(match.group(2)))
            week.monday  # noqa: B018 - raises for a week the year does not have
            return week
        except ValueError:
            pass
    raise ServiceError(_("{value} is not a week: use YYYY-Www, for example 2025-W43.").format(value=text))


@dataclass(frozen=True)
class TimesheetRow:
    """One booking and its timesheet (if any) as the page, the PDF and the CLI show it."""

    booking_id: uuid.UUID
    timesheet_id: uuid.UUID | None
    reference: str
    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    provider_address: str
    worker_id: uuid.UUID
    worker_name: str
    staff_number: str
    role: Role
    kind: BookingKind
    booking_status: BookingStatus
    booked_start: datetime
    booked_end: datetime
    booked_break_minutes: int
    actual_start: datetime
    actual_end: datetime
    break_minutes: int
    mileage: Decimal
    change_reason: str
    status: TimesheetStatus | None
    state: SheetState
    worker_signed_name: str = ""
    worker_signed_at: datetime | None = None
    worker_signature: bytes | None = None
    signatory_id: uuid.UUID | None = None
    signatory_name: str = ""
    signatory_job_title: str = ""
    signatory_signed_at: datetime | None = None
    signatory_signature: bytes | None = None
    signed_on_paper: bool = False
    verified_by: str = ""
    verified_reason: str = ""
    content_hash: str = ""
    # Whether the stored hash still matches the content (False once edited behind the app's back).
    hash_matches: bool = True
    statement_id: uuid.UUID | None = None
    breaches: tuple[str, ...] = field(default=())

    @property
    def paid_hours(self) -> Decimal | None:
        try:
            return measure_shift(self.actual_start, self.actual_end, self.break_minutes).paid_hours
        except ShiftTimeError:
            return None

    @property
    def booked_hours(self) -> Decimal | None:
        try:
            return measure_shift(self.booked_start, self.booked_end, self.booked_break_minutes).paid_hours
        except ShiftTimeError:
            return None

    @property
    def differs_from_booking(self) -> bool:
        return (self.actual_start, self.actual_end, self.break_minutes) != (
            self.booked_start, self.booked_end, self.booked_break_minutes
        )

    @property
    def verified(self) -> bool:
        return bool(self.verified_reason)

    @property
    def provider_name(self) -> str:
        from localitydesk.i18n import current_language

        return self.provider_name_cy if current_language() == "cy" else self.provider_name_en


@dataclass(frozen=True)
class ProviderWeek:
    provider_id: uuid.UUID
    name_cy: str
    name_en: str
    rows: tuple[TimesheetRow, ...]

    def count(self, state: SheetState) -> int:
        return sum(1 for row in self.rows if row.state == state)


def sheet_state(sheet: Timesheet | None) -> SheetState:
    if sheet is None:
        return SheetState.NOT_STARTED
    if sheet.status == TimesheetStatus.DRAFT:
        if sheet.worker_signed_at is not None or sheet.signatory_signed_at is not None:
            return SheetState.AWAITING_SIGNATURE
        return SheetState.DRAFT
    return SheetState(sheet.status.value)


def _row_query(locality_id: uuid.UUID):
    return (
        select(Booking, CoverRequest, Worker, Provider, Timesheet, ProviderContact)
        .join(CoverRequest, CoverRequest.id == Booking.request_id)
        .join(Worker, Worker.id == Booking.worker_id)
        .join(Provider, Provider.id == CoverRequest.provider_id)
        .outerjoin(Timesheet, Timesheet.booking_id == Booking.id)
        .outerjoin(ProviderContact, ProviderContact.id == Timesheet.signatory_id)
        .where(Booking.locality_id == locality_id)
    )


def _due(now: datetime):
    """Bookings that should have a timesheet by ``now``."""
    return or_(
        Booking.status == BookingStatus.WORKED,
        and_(Booking.status.in_((BookingStatus.CONFIRMED, BookingStatus.ACCEPTED)), Booking.ends_at <= now),
        Timesheet.id.is_not(None),
    )


def make_row(booking, request, worker, provider, sheet, signatory, verifier_name: str = "", breaches=()) -> TimesheetRow:
    actual_start = sheet.actual_start if sheet else booking.starts_at
    actual_end = sheet.actual_end if sheet else booking.ends_at
    break_minutes = sheet.break_minutes if sheet else request.unpaid_break_minutes
    mileage = sheet.mileage if sheet else Decimal(0)
    reason = sheet.change_reason if sheet else ""
    matches = True
    if sheet is not None and sheet.content_hash:
        current = signed_content(booking.id, worker.id, provider.id, request.role, actual_start, actual_end,
                                 break_minutes, mileage, reason)
        matches = content_hash(current) == sheet.content_hash
    return TimesheetRow(
        booking_id=booking.id,
        timesheet_id=sheet.id if sheet else None,
        reference=booking_reference(booking.id),
        provider_id=provider.id,
        provider_name_cy=provider.name_cy or provider.name_en,
        provider_name_en=provider.name_en or provider.name_cy,
        provider_address=provider.address or provider.town,
        worker_id=worker.id,
        worker_name=worker.full_name,
        staff_number=worker.staff_number,
        role=request.role,
        kind=booking.kind,
        booking_status=booking.status,
        booked_start=booking.starts_at,
        booked_end=booking.ends_at,
        booked_break_minutes=request.unpaid_break_minutes,
        actual_start=actual_start,
        actual_end=actual_end,
        break_minutes=break_minutes,
        mileage=mileage,
        change_reason=reason,
        status=sheet.status if sheet else None,
        state=sheet_state(sheet),
        worker_signed_name=sheet.worker_signed_name if sheet else "",
        worker_signed_at=sheet.worker_signed_at if sheet else None,
        worker_signature=sheet.worker_signature if sheet else None,
        signatory_id=sheet.signatory_id if sheet else None,
        signatory_name=sheet.signatory_signed_name if sheet else "",
        signatory_job_title=signatory.job_title if signatory else "",
        signatory_signed_at=sheet.signatory_signed_at if sheet else None,
        signatory_signature=sheet.signatory_signature if sheet else None,
        signed_on_paper=sheet.signed_on_paper if sheet else False,
        verified_by=verifier_name,
        verified_reason=sheet.verified_reason if sheet else "",
        content_hash=sheet.content_hash if sheet else "",
        hash_matches=matches,
        statement_id=sheet.statement_id if sheet else None,
        breaches=tuple(breaches),
    )


def load_rows(session: Session, query) -> list[TimesheetRow]:
    from localitydesk.store.models import User

    results = session.execute(query).all()
    verifier_ids = {r.Timesheet.verified_by_id for r in results if r.Timesheet is not None and r.Timesheet.verified_by_id}
    verifiers = dict(session.execute(select(User.id, User.name).where(User.id.in_(verifier_ids))).all()) if verifier_ids else {}
    rows = []
    for booking, request, worker, provider, sheet, signatory in results:
        verifier = ""
        if sheet is not None and sheet.verified_reason:
            verifier = verifiers.get(sheet.verified_by_id, "") or _("an administrator")
        rows.append(make_row(booking, request, worker, provider, sheet, signatory, verifier))
    return rows


def week_rows(session: Session, week: IsoWeek, provider_id: uuid.UUID | None = None, now: datetime | None = None) -> list[TimesheetRow]:
    locality_id = home_locality_id(session)
    first, last = week.bounds
    query = _row_query(locality_id).where(Booking.starts_at >= first, Booking.starts_at < last, _due(now or utc_now()))
    if provider_id is not None:
        query = query.where(CoverRequest.provider_id == provider_id)
    rows = load_rows(session, query.order_by(Booking.starts_at, Worker.last_name, Worker.first_name))
    return rows


def week_timesheets(
    db: Database, week: IsoWeek, provider_id: uuid.UUID | None = None, now: datetime | None = None,
    with_breaches: bool = True, language: str | None = None,
) -> list[ProviderWeek]:
    """The week's timesheets grouped by provider (providers in Welsh collation
    order of the UI language's name), each group in start order."""
    from localitydesk.i18n import current_language
    from localitydesk.i18n.collation import sort_key

    with read_only(db) as session:
        rows = week_rows(session, week, provider_id, now)
        if with_breaches and rows:
            from .recording import breaches_by_booking

            found = breaches_by_booking(session, rows, language)
            rows = [_with_breaches(row, found.get(row.booking_id, ())) for row in rows]
    groups: dict[uuid.UUID, list[TimesheetRow]] = {}
    for row in rows:
        groups.setdefault(row.provider_id, []).append(row)
    welsh = (language or current_language()) == "cy"
    weeks = [
        ProviderWeek(pid, items[0].provider_name_cy, items[0].provider_name_en, tuple(items)) for pid, items in groups.items()
    ]
    weeks.sort(key=lambda w: sort_key(w.name_cy if welsh else w.name_en, "cy" if welsh else "en"))
    return weeks


def _with_breaches(row: TimesheetRow, breaches) -> TimesheetRow:
    from dataclasses import replace

    return replace(row, breaches=tuple(breaches)) if breaches else row


def get_timesheet_row(db: Database, booking_id: uuid.UUID, language: str | None = None) -> TimesheetRow:
    with read_only(db) as session:
        rows = load_rows(session, _row_query(home_locality_id(session)).where(Booking.id == booking_id))
        if not rows:
            raise NotFound(_("That booking no longer exists."))
        from .recording import breaches_by_booking

        found = breaches_by_booking(session, rows, language)
        return _with_breaches(rows[0], found.get(booking_id, ()))


@dataclass(frozen=True)
class SignatoryChoice:
    contact_id: uuid.UUID
    name: str
    job_title: str


def provider_signatories(db: Database, provider_id: uuid.UUID) -> list[SignatoryChoice]:
    """The provider's authorised signatories, by name."""
    with read_only(db) as session:
        contacts = session.scalars(
            select(ProviderContact)
            .where(ProviderContact.provider_id == provider_id, ProviderContact.kind == ContactKind.SIGNATORY,
                   ProviderContact.deleted_at.is_(None))
            .order_by(ProviderContact.name)
        ).all()
        return [SignatoryChoice(c.id, c.name, c.job_title) for c in contacts]
