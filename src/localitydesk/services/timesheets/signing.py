"""Signatures: the worker's and one authorised signatory's, on screen or on paper.

A signature on screen is a name, a time and the stroke image (PNG). Each
signature is given over the content as it stands (see :mod:`content`); the
SHA-256 of that content is stored, and the second signature must be given
over the same content as the first, so the two people signed the same hours.
A timesheet is *signed* once both have signed; a paper signature records
both at once (who, when, and an optional scan).

The signatory must be one of the provider's contacts marked as an
authorised signatory, not merely a name typed in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.domain.vocabulary import ContactKind, TimesheetStatus
from localitydesk.i18n import _
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.services.unit_of_work import read_only, unit_of_work
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, ProviderContact, Timesheet
from localitydesk.store.types import utc_now

from .content import content_hash, signed_content
from .recording import refuse_if_invoiced

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class SignatureInput:
    """A signature given on screen: the name as typed and the strokes as PNG."""

    name: str
    image: bytes
    signed_at: datetime | None = None


def _check_image(image: bytes | None, field: str) -> dict[str, str]:
    if not image or not image.startswith(PNG_MAGIC):
        return {field: _("Sign in the box before saving.")}
    return {}


def sheet_hash(session: Session, sheet: Timesheet) -> str:
    booking = session.get(Booking, sheet.booking_id)
    request = session.get(CoverRequest, booking.request_id)
    return content_hash(signed_content(
        booking.id, booking.worker_id, request.provider_id, request.role, sheet.actual_start, sheet.actual_end,
        sheet.break_minutes, sheet.mileage, sheet.change_reason,
    ))


def _signatory(session: Session, sheet: Timesheet, signatory_id: uuid.UUID) -> ProviderContact:
    booking = session.get(Booking, sheet.booking_id)
    request = session.get(CoverRequest, booking.request_id)
    contact = session.get(ProviderContact, signatory_id)
    if (
        contact is None
        or contact.deleted_at is not None
        or contact.kind != ContactKind.SIGNATORY
        or contact.provider_id != request.provider_id
    ):
        raise ValidationError({"signatory": _("Choose one of the provider's authorised signatories.")})
    return contact


def _sheet_for(session: Session, booking_id: uuid.UUID) -> Timesheet:
    sheet = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
    if sheet is None:
        raise ServiceError(_("Record the hours before the timesheet is signed."))
    refuse_if_invoiced(session, sheet)
    if sheet.status in (TimesheetStatus.APPROVED, TimesheetStatus.LOCKED):
        raise ServiceError(_("This timesheet is already approved."))
    return sheet


def _settle(sheet: Timesheet, digest: str) -> None:
    """Keep the hash both signatures were given over; signed once both are in."""
    if sheet.content_hash and sheet.content_hash != digest:
        # The content moved under an earlier signature without voiding it
        # (only possible outside the app): that signature no longer holds.
        raise ServiceError(_("The hours changed after the first signature: record them again and sign afresh."))
    sheet.content_hash = digest
    if sheet.worker_signed_at is not None and sheet.signatory_signed_at is not None:
        sheet.status = TimesheetStatus.SIGNED


def _apply(session: Session, sheet: Timesheet, worker: SignatureInput | None, signatory_id: uuid.UUID | None,
           signatory: SignatureInput | None, now: datetime) -> None:
    errors: dict[str, str] = {}
    if worker is not None:
        if not worker.name.strip():
            errors["worker_name"] = _("Type the worker's name.")
        errors.update(_check_image(worker.image, "worker_signature"))
    if signatory is not None:
        if signatory_id is None:
            errors["signatory"] = _("Choose one of the provider's authorised signatories.")
        errors.update(_check_image(signatory.image, "signatory_signature"))
    if errors:
        raise ValidationError(errors)
    digest = sheet_hash(session, sheet)
    if worker is not None:
        sheet.worker_signed_name = worker.name.strip()
        sheet.worker_signed_at = worker.signed_at or now
        sheet.worker_signature = worker.image
    if signatory is not None:
        contact = _signatory(session, sheet, signatory_id)
        sheet.signatory_id = contact.id
        # The contact's own name is what is recorded: the pad proves presence, the list proves authority.
        sheet.signatory_signed_name = signatory.name.strip() or contact.name
        sheet.signatory_signed_at = signatory.signed_at or now
        sheet.signatory_signature = signatory.image
    sheet.signed_on_paper = False
    _settle(sheet, digest)


def sign_timesheet(
    db: Database, actor: Actor, booking_id: uuid.UUID, worker: SignatureInput | None = None,
    signatory_id: uuid.UUID | None = None, signatory: SignatureInput | None = None, now: datetime | None = None,
) -> str:
    """Sign on screen (either signature or both); returns the content hash signed."""
    if worker is None and signatory is None:
        raise ValidationError({"worker_signature": _("Sign in the box before saving.")})
    with unit_of_work(db, actor, "sign_timesheet") as session:
        sheet = _sheet_for(session, booking_id)
        _apply(session, sheet, worker, signatory_id, signatory, now or utc_now())
        return sheet.content_hash


def record_paper_signature(
    db: Database, actor: Actor, booking_id: uuid.UUID, worker_name: str, signatory_id: uuid.UUID,
    signed_at: datetime, scan: bytes | None = None, signatory_name: str = "",
) -> str:
    """Record a wet signature: both signed the printed form at ``signed_at``."""
    errors = {}
    if not worker_name.strip():
        errors["worker_name"] = _("Type the worker's name.")
    if signed_at.tzinfo is None:
        errors["signed_at"] = _("A time must carry its time zone.")
    if errors:
        raise ValidationError(errors)
    with unit_of_work(db, actor, "record_paper_signature") as session:
        sheet = _sheet_for(session, booking_id)
        contact = _signatory(session, sheet, signatory_id)
        digest = sheet_hash(session, sheet)
        sheet.content_hash = ""
        sheet.worker_signed_name = worker_name.strip()
        sheet.worker_signed_at = signed_at
        sheet.worker_signature = None
        sheet.signatory_id = contact.id
        sheet.signatory_signed_name = signatory_name.strip() or contact.name
        sheet.signatory_signed_at = signed_at
        sheet.signatory_signature = None
        sheet.signed_on_paper = True
        sheet.paper_scan = scan or None
        _settle(sheet, digest)
        return sheet.content_hash


def sign_provider_week(
    db: Database, actor: Actor, provider_id: uuid.UUID, week, signatory_id: uuid.UUID, signatory: SignatureInput,
    now: datetime | None = None,
) -> list[uuid.UUID]:
    """Bulk sign-off: the signatory signs every open timesheet of the provider's
    week in one pass. Shifts with no hours recorded yet are recorded as booked
    first (the signatory reviewed them as listed). Returns the bookings signed."""
    from .recording import record_hours_as_booked
    from .week import SheetState, week_rows

    now = now or utc_now()
    with read_only(db) as session:
        rows = week_rows(session, week, provider_id, now)
    for row in rows:
        if row.state == SheetState.NOT_STARTED:
            record_hours_as_booked(db, actor, row.booking_id, now=now)
    open_states = (SheetState.NOT_STARTED, SheetState.DRAFT, SheetState.AWAITING_SIGNATURE)
    targets = [row.booking_id for row in rows if row.state in open_states and row.signatory_signed_at is None]
    if not targets:
        return []
    with unit_of_work(db, actor, "sign_provider_week") as session:
        for booking_id in targets:
            sheet = _sheet_for(session, booking_id)
            _apply(session, sheet, None, signatory_id, signatory, now)
    return targets
