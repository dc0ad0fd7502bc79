"""The pay export: hours per worker per pay period, as the payroll bureau takes them.

Workers are paid for hours that are signed, verified another way, approved,
locked or invoiced — never held back for a slow signatory, never paid on an
unchecked draft. Shadow shifts are paid (only charging leaves them out).
Exporting may lock the approved timesheets it paid, so the period's pay
cannot drift under payroll's feet; a change to a locked timesheet then
needs an administrator's reason like any signed one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import or_, select

from localitydesk.documents.csv_export import Payee, write_pay_csv
from localitydesk.domain.charging import ChargingError
from localitydesk.domain.pay import PayLine, PayPeriod, pay_lines
from localitydesk.domain.vocabulary import TimesheetStatus
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, CoverRequest, Timesheet, Worker

from .errors import ServiceError
from .locality import home_locality_id
from .timesheets.recording import require_admin
from .timesheets.shifts import charging_failure, dated_settings, period_bounds, worked_shift
from .unit_of_work import read_only, unit_of_work

PAYABLE = (TimesheetStatus.SIGNED, TimesheetStatus.APPROVED, TimesheetStatus.LOCKED, TimesheetStatus.INVOICED)


@dataclass(frozen=True)
class PayExport:
    rows: int
    workers: int
    timesheets: int
    locked: int
    # Timesheets in the period still waiting (draft, unsigned and unverified): not paid.
    waiting: int


def _payable(session, date_from: date, date_to: date):
    locality_id = home_locality_id(session)
    first, last = period_bounds(date_from, date_to)
    return session.execute(
        select(Booking, CoverRequest, Worker, Timesheet)
        .join(Timesheet, Timesheet.booking_id == Booking.id)
        .join(CoverRequest, CoverRequest.id == Booking.request_id)
        .join(Worker, Worker.id == Booking.worker_id)
        .where(Booking.locality_id == locality_id, Booking.starts_at >= first, Booking.starts_at < last)
    ).all()


def _is_payable(sheet: Timesheet) -> bool:
    return sheet.status in PAYABLE or bool(sheet.verified_reason)


def pay_period_lines(db: Database, date_from: date, date_to: date) -> tuple[list[PayLine], dict[uuid.UUID, Payee]]:
    """The pay lines for a period and who each worker is."""
    with read_only(db) as session:
        rows = _payable(session, date_from, date_to)
        settings = dated_settings(session, home_locality_id(session))
        shifts, payees = [], {}
        for booking, request, worker, sheet in rows:
            if not _is_payable(sheet):
                continue
            shifts.append(worked_shift(booking, request, worker, sheet.actual_start, sheet.actual_end,
                                       sheet.break_minutes, sheet.mileage))
            payees[worker.id] = Payee(worker.staff_number, worker.last_name, worker.first_name)
        try:
            return pay_lines(shifts, PayPeriod(date_from, date_to), settings), payees
        except ChargingError as error:
            raise charging_failure(error) from error


def export_pay(
    db: Database, actor: Actor, date_from: date, date_to: date, target: str | Path | TextIO, lock: bool = False,
) -> PayExport:
    """Write the period's pay CSV; with ``lock``, approved timesheets paid become locked."""
    if lock:
        require_admin(actor, _("lock timesheets for pay"))
    lines, payees = pay_period_lines(db, date_from, date_to)
    with read_only(db) as session:
        rows = _payable(session, date_from, date_to)
        paid = [sheet.id for _b, _r, _w, sheet in rows if _is_payable(sheet)]
        waiting = sum(1 for _b, _r, _w, sheet in rows if not _is_payable(sheet))
    try:
        count = write_pay_csv(lines, payees, target)
    except OSError as error:
        raise ServiceError(_("The pay file could not be written: {problem}").format(problem=error.strerror or error)) from error
    locked = 0
    if lock and paid:
        with unit_of_work(db, actor, "lock_for_pay", reason=_("Paid in the export for {start} to {end}").format(
                start=date_from.isoformat(), end=date_to.isoformat())) as session:
            for sheet in session.scalars(select(Timesheet).where(
                    Timesheet.id.in_(paid), or_(Timesheet.status == TimesheetStatus.APPROVED))):
                sheet.status = TimesheetStatus.LOCKED
                locked += 1
    return PayExport(count, len(payees), len(paid), locked, waiting)
