"""Verifying hours another way, and approving timesheets.

Pay must not wait on a slow signatory: an administrator may confirm the
hours another way (a phone call to the home, say), with the reason recorded.
Verified hours are paid and may be approved; the signatures can still come
later. Approval is the administrator's own check, and is what puts a
timesheet on the provider's statement.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from localitydesk.domain.vocabulary import TimesheetStatus
from localitydesk.i18n import _
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.services.unit_of_work import unit_of_work
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Timesheet
from localitydesk.store.types import utc_now

from .recording import refuse_if_invoiced, require_admin


def _sheet(session, booking_id: uuid.UUID) -> Timesheet:
    sheet = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
    if sheet is None:
        raise ServiceError(_("Record the hours first."))
    return sheet


def verify_hours(db: Database, actor: Actor, booking_id: uuid.UUID, reason: str) -> None:
    """Mark the hours verified without the provider's signature, saying how."""
    require_admin(actor, _("verify hours without a signature"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say how the hours were verified, for example who confirmed them by phone.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason to 300 characters.")})
    with unit_of_work(db, actor, "verify_hours", reason=reason) as session:
        sheet = _sheet(session, booking_id)
        refuse_if_invoiced(session, sheet)
        sheet.verified_by_id = actor.user_id
        sheet.verified_reason = reason


def _approve(session, actor: Actor, sheet: Timesheet, now: datetime) -> None:
    refuse_if_invoiced(session, sheet)
    if sheet.status in (TimesheetStatus.APPROVED, TimesheetStatus.LOCKED):
        return
    if sheet.status != TimesheetStatus.SIGNED and not sheet.verified_reason:
        raise ServiceError(_("A timesheet is approved once it is signed or its hours are verified."))
    sheet.status = TimesheetStatus.APPROVED
    sheet.approved_by_id = actor.user_id
    sheet.approved_at = now


def approve_timesheet(db: Database, actor: Actor, booking_id: uuid.UUID, now: datetime | None = None) -> None:
    require_admin(actor, _("approve timesheets"))
    with unit_of_work(db, actor, "approve_timesheet") as session:
        _approve(session, actor, _sheet(session, booking_id), now or utc_now())


def approve_timesheets(db: Database, actor: Actor, booking_ids: Iterable[uuid.UUID], now: datetime | None = None) -> int:
    """Approve every one that is ready (signed or verified); returns how many were approved."""
    require_admin(actor, _("approve timesheets"))
    now = now or utc_now()
    count = 0
    with unit_of_work(db, actor, "approve_timesheets") as session:
        for booking_id in booking_ids:
            sheet = session.scalar(select(Timesheet).where(Timesheet.booking_id == booking_id))
            if sheet is None or sheet.statement_id is not None:
                continue
            if sheet.status == TimesheetStatus.SIGNED or (sheet.status == TimesheetStatus.DRAFT and sheet.verified_reason):
                _approve(session, actor, sheet, now)
                count += 1
    return count
