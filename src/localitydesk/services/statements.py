"""Provider statements: recharging providers for approved timesheets.

A statement covers one provider and a period. Each approved (or locked)
timesheet whose shift starts in the period is a line, charged by the rules in
``domain.charging``; each booking the provider cancelled late and that was
flagged chargeable is a line of its own; shadow shifts never appear.
Issuing a statement freezes its lines (as JSON on the statement) and marks
its timesheets *invoiced*: from then on a timesheet can change only after a
credit note reverses the statement, which puts its timesheets back to
*approved* and frees its late cancellations to be charged again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from localitydesk.documents.csv_export import write_statement_csv
from localitydesk.documents.statement_pdf import StatementDocument, render_statement
from localitydesk.domain.charging import (
    BandCharge,
    ChargeLine,
    ChargingError,
    CostRecharge,
    LineKind,
    ProviderTerms,
    RateCardEntry,
    Statement,
    build_statement,
)
from localitydesk.domain.time_bands import Band, local_date
from localitydesk.domain.vocabulary import BookingKind, BookingStatus, ChargingBasis, TimesheetStatus
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import (
    Booking,
    CoverRequest,
    Locality,
    Provider,
    Timesheet,
    Worker,
)
from localitydesk.store.models import RateCardEntry as RateRow
from localitydesk.store.models import Statement as StatementRow
from localitydesk.store.types import utc_now

from .errors import NotFound, ServiceError, ValidationError
from .locality import home_locality_id
from .timesheets.recording import require_admin
from .timesheets.shifts import charging_failure, dated_settings, period_bounds, worked_shift
from .unit_of_work import read_only, unit_of_work
from .written_files import replaced_when_complete

CHARGEABLE = (TimesheetStatus.APPROVED, TimesheetStatus.LOCKED)


@dataclass(frozen=True)
class StatementDraft:
    """A statement worked out but not yet issued."""

    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    basis: ChargingBasis
    period_from: date
    period_to: date
    statement: Statement
    worker_names: dict
    # line reference -> booking id, and which of them are timesheets.
    bookings: dict
    timesheet_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class IssuedStatement:
    statement_id: uuid.UUID
    number: str
    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    period_from: date
    period_to: date
    lines: int
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    credits: str = ""
    pdf: Path | None = None
    csv: Path | None = None

    def as_dict(self) -> dict:
        return {
            "id": str(self.statement_id),
            "number": self.number,
            "provider_id": str(self.provider_id),
            "provider_cy": self.provider_name_cy,
            "provider_en": self.provider_name_en,
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "lines": self.lines,
            "subtotal": str(self.subtotal),
            "vat": str(self.vat),
            "total": str(self.total),
            "credits": self.credits,
            "pdf": str(self.pdf) if self.pdf else None,
            "csv": str(self.csv) if self.csv else None,
        }


# ---------------------------------------------------------------- lines as JSON


def line_to_json(line: ChargeLine, booking_id: uuid.UUID | None, worker_name: str = "") -> dict:
    # The worker's name is frozen with the line, so a reprint shows who worked
    # even after the worker has left and been removed.
    return {
        "worker_name": worker_name,
        "kind": line.kind.value,
        "reference": line.reference,
        "booking_id": str(booking_id) if booking_id else None,
        "worker_id": str(line.worker_id),
        "role": line.role,
        "shift_date": line.shift_date.isoformat(),
        "starts_at": line.starts_at.isoformat(),
        "ends_at": line.ends_at.isoformat(),
        "break_minutes": line.break_minutes,
        "hours": str(line.hours),
        "bands": [
            {"band": b.band.value, "hours": str(b.hours), "uplift_pct": str(b.uplift_pct), "hourly_rate": str(b.hourly_rate)}
            for b in line.bands
        ],
        "basis": line.basis.value,
        "rate_from": line.rate_from.isoformat(),
        "charge_pct": str(line.charge_pct),
        "amount": str(line.amount),
        "recharge": None if line.recharge is None else {
            "pay": str(line.recharge.pay),
            "holiday_accrual_pct": str(line.recharge.holiday_accrual_pct),
            "employer_ni_pct": str(line.recharge.employer_ni_pct),
            "employer_pension_pct": str(line.recharge.employer_pension_pct),
        },
    }


def line_from_json(data: dict) -> ChargeLine:
    recharge = data.get("recharge")
    return ChargeLine(
        kind=LineKind(data["kind"]),
        reference=data["reference"],
        worker_id=uuid.UUID(data["worker_id"]),
        role=data["role"],
        shift_date=date.fromisoformat(data["shift_date"]),
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]),
        break_minutes=int(data["break_minutes"]),
        hours=Decimal(data["hours"]),
        bands=tuple(
            BandCharge(Band(b["band"]), Decimal(b["hours"]), Decimal(b["uplift_pct"]), Decimal(b["hourly_rate"]))
            for b in data["bands"]
        ),
        basis=ChargingBasis(data["basis"]),
        rate_from=date.fromisoformat(data["rate_from"]),
        charge_pct=Decimal(data["charge_pct"]),
        amount=Decimal(data["amount"]),
        recharge=None if recharge is None else CostRecharge(*(Decimal(recharge[k]) for k in (
            "pay", "holiday_accrual_pct", "employer_ni_pct", "employer_pension_pct"))),
    )


def _negated(line: ChargeLine) -> ChargeLine:
    from dataclasses import replace

    return replace(line, hours=-line.hours, amount=-line.amount,
                   bands=tuple(replace(b, hours=-b.hours) for b in line.bands))


# ---------------------------------------------------------------- working out


def _terms(session: Session, provider: Provider) -> ProviderTerms:
    rates = session.scalars(select(RateRow).where(RateRow.provider_id == provider.id)).all()
    return ProviderTerms(
        basis=ChargingBasis(provider.charging_basis),
        rate_card=tuple(
            RateCardEntry(r.role.value, r.effective_from, r.hourly_rate, r.saturday_uplift_pct, r.sunday_uplift_pct,
                          r.night_uplift_pct, r.bank_holiday_uplift_pct)
            for r in rates
        ),
    )


def _already_charged(session: Session, provider_id: uuid.UUID) -> set[str]:
    """Booking ids on live statements (issued and not credited)."""
    credited = set(session.scalars(select(StatementRow.credits_statement_id).where(StatementRow.credits_statement_id.is_not(None))))
    charged: set[str] = set()
    for statement_id, lines, credits in session.execute(
        select(StatementRow.id, StatementRow.lines, StatementRow.credits_statement_id).where(StatementRow.provider_id == provider_id)
    ):
        if credits is None and statement_id not in credited:
            charged.update(line.get("booking_id") for line in lines if line.get("booking_id"))
    return charged


def _drafts(session: Session, date_from: date, date_to: date, provider_id: uuid.UUID | None, tax_point: date) -> list[StatementDraft]:
    locality_id = home_locality_id(session)
    first, last = period_bounds(date_from, date_to)
    settings = dated_settings(session, locality_id)
    base = (
        select(Booking, CoverRequest, Worker)
        .join(CoverRequest, CoverRequest.id == Booking.request_id)
        .join(Worker, Worker.id == Booking.worker_id)
        .where(Booking.locality_id == locality_id, Booking.starts_at >= first, Booking.starts_at < last)
    )
    if provider_id is not None:
        base = base.where(CoverRequest.provider_id == provider_id)
    worked = session.execute(
        base.add_columns(Timesheet)
        .join(Timesheet, Timesheet.booking_id == Booking.id)
        .where(Timesheet.status.in_(CHARGEABLE), Timesheet.statement_id.is_(None), Booking.kind != BookingKind.SHADOW)
    ).all()
    cancelled = session.execute(
        base.where(Booking.status == BookingStatus.CANCELLED_BY_PROVIDER, Booking.late_cancellation_chargeable.is_(True),
                   Booking.kind != BookingKind.SHADOW)
    ).all()
    by_provider: dict[uuid.UUID, dict] = {}
    for booking, request, worker, sheet in worked:
        entry = by_provider.setdefault(request.provider_id, {"shifts": [], "bookings": {}, "sheets": [], "names": {}})
        shift = worked_shift(booking, request, worker, sheet.actual_start, sheet.actual_end, sheet.break_minutes, sheet.mileage)
        entry["shifts"].append(shift)
        entry["bookings"][shift.reference] = booking.id
        entry["sheets"].append(sheet.id)
        entry["names"][worker.id] = worker.full_name
    charged_cache: dict[uuid.UUID, set[str]] = {}
    for booking, request, worker in cancelled:
        charged = charged_cache.setdefault(request.provider_id, _already_charged(session, request.provider_id))
        if str(booking.id) in charged:
            continue
        entry = by_provider.setdefault(request.provider_id, {"shifts": [], "bookings": {}, "sheets": [], "names": {}})
        shift = worked_shift(booking, request, worker, booking.starts_at, booking.ends_at, request.unpaid_break_minutes,
                             Decimal(0), cancelled_late=True)
        entry["shifts"].append(shift)
        entry["bookings"][shift.reference] = booking.id
        entry["names"][worker.id] = worker.full_name
    drafts = []
    for pid, entry in by_provider.items():
        provider = session.get(Provider, pid)
        try:
            statement = build_statement(entry["shifts"], _terms(session, provider), settings, tax_point)
        except ChargingError as error:
            name = provider.name_en or provider.name_cy
            raise ServiceError(_("{provider}: {problem}").format(provider=name, problem=charging_failure(error))) from error
        if not statement.lines:
            continue
        drafts.append(StatementDraft(
            pid, provider.name_cy or provider.name_en, provider.name_en or provider.name_cy, ChargingBasis(provider.charging_basis),
            date_from, date_to, statement, entry["names"], entry["bookings"], tuple(entry["sheets"]),
        ))
    drafts.sort(key=lambda d: d.provider_name_en.casefold())
    return drafts


def preview_statements(db: Database, date_from: date, date_to: date, provider_id: uuid.UUID | None = None,
                       now: datetime | None = None) -> list[StatementDraft]:
    """What issuing would charge, without issuing anything."""
    with read_only(db) as session:
        return _drafts(session, date_from, date_to, provider_id, local_date(now or utc_now()))


def _next_number(session: Session, locality_id: uuid.UUID, kind: str, year: int) -> str:
    code = session.scalar(select(Locality.code).where(Locality.id == locality_id)) or "LD"
    prefix = f"{code}-{kind}-{year}-"
    count = session.scalar(select(func.count()).select_from(StatementRow).where(StatementRow.number.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1:04d}"


def _issuer(session: Session, locality_id: uuid.UUID) -> str:
    locality = session.get(Locality, locality_id)
    if locality is None:
        return "LocalityDesk"
    names = [locality.name_cy] if locality.name_cy == locality.name_en else [locality.name_cy, locality.name_en]
    return "LocalityDesk — " + " / ".join(names)


def _write_files(doc: StatementDocument, out_dir: Path | None, language: str) -> tuple[Path | None, Path | None]:
    if out_dir is None:
        return None, None
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf, csv = out_dir / f"{doc.number}.pdf", out_dir / f"{doc.number}.csv"
    with replaced_when_complete(pdf) as partial:
        render_statement(doc, str(partial), language=language)
    with replaced_when_complete(csv) as partial:
        write_statement_csv(doc, partial)
    return pdf, csv


def issue_statements(
    db: Database, actor: Actor, date_from: date, date_to: date, provider_id: uuid.UUID | None = None,
    out_dir: Path | None = None, language: str = "both", now: datetime | None = None,
) -> list[IssuedStatement]:
    """Issue a statement per provider with anything to charge in the period;
    its timesheets become invoiced. Writes ``NUMBER.pdf`` and ``NUMBER.csv``
    into ``out_dir`` when given."""
    require_admin(actor, _("issue statements"))
    now = now or utc_now()
    issued = []
    documents = []
    with unit_of_work(db, actor, "issue_statements") as session:
        locality_id = home_locality_id(session)
        issuer = _issuer(session, locality_id)
        for draft in _drafts(session, date_from, date_to, provider_id, local_date(now)):
            number = _next_number(session, locality_id, "ST", local_date(now).year)
            refs = {ref: booking_id for ref, booking_id in draft.bookings.items()}
            row = StatementRow(
                id=uuid.uuid4(), locality_id=locality_id, provider_id=draft.provider_id, number=number,
                period_from=date_from, period_to=date_to, issued_at=now, subtotal=draft.statement.subtotal,
                vat=draft.statement.vat, total=draft.statement.total,
                lines=[line_to_json(line, refs.get(line.reference), draft.worker_names.get(line.worker_id, ""))
                       for line in draft.statement.lines],
            )
            session.add(row)
            session.flush()
            for sheet_id in draft.timesheet_ids:
                sheet = session.get(Timesheet, sheet_id)
                sheet.status = TimesheetStatus.INVOICED
                sheet.statement_id = row.id
            doc = _document(session, row, issuer)
            documents.append(doc)
            issued.append(_issued(row, draft.provider_name_cy, draft.provider_name_en))
    # Files after the commit: a failed write leaves a statement that can be printed again, never a file with no statement.
    result = []
    for item, doc in zip(issued, documents):
        pdf, csv = _write_files(doc, out_dir, language)
        result.append(_replace(item, pdf=pdf, csv=csv))
    return result


def _replace(item, **changes):
    from dataclasses import replace

    return replace(item, **changes)


def _worker_names(lines: list[dict]) -> dict:
    return {uuid.UUID(line["worker_id"]): line.get("worker_name", "") for line in lines}


def _issued(row: StatementRow, name_cy: str, name_en: str, credits: str = "") -> IssuedStatement:
    return IssuedStatement(row.id, row.number, row.provider_id, name_cy, name_en, row.period_from, row.period_to,
                           len(row.lines), row.subtotal, row.vat, row.total, credits)


def _document(session: Session, row: StatementRow, issuer: str) -> StatementDocument:
    provider = session.get(Provider, row.provider_id)
    lines = tuple(line_from_json(line) for line in row.lines)
    vat_rate = Decimal(0)
    if row.vat and row.subtotal:
        vat_rate = (row.vat / row.subtotal * 100).quantize(Decimal("0.01"))
    statement = Statement(lines, row.subtotal, vat_rate, row.vat, row.total)
    credited = session.get(StatementRow, row.credits_statement_id) if row.credits_statement_id else None
    return StatementDocument(
        number=row.number,
        provider_name_cy=provider.name_cy or provider.name_en,
        provider_name_en=provider.name_en or provider.name_cy,
        period_start=row.period_from,
        period_end=row.period_to,
        issued_on=local_date(row.issued_at),
        statement=statement,
        worker_names=_worker_names(row.lines),
        basis=ChargingBasis(provider.charging_basis),
        provider_address=provider.address,
        issuer=issuer,
        credits_number=credited.number if credited else "",
        credit_reason=row.note if credited else "",
    )


def write_statement_files(db: Database, statement_id: uuid.UUID, out_dir: Path, language: str = "both") -> tuple[Path, Path]:
    """Print an issued statement (or credit note) again, exactly as issued."""
    with read_only(db) as session:
        row = session.get(StatementRow, statement_id)
        if row is None:
            raise NotFound(_("That statement no longer exists."))
        doc = _document(session, row, _issuer(session, row.locality_id))
    return _write_files(doc, out_dir, language)


def issue_credit_note(db: Database, actor: Actor, statement_id: uuid.UUID, reason: str,
                      now: datetime | None = None, out_dir: Path | None = None, language: str = "both") -> IssuedStatement:
    """Reverse a whole statement: its timesheets go back to approved (so they
    can be corrected and charged again) and its late cancellations are free
    to be charged again. Writes the credit note's PDF and CSV into ``out_dir``
    when given."""
    require_admin(actor, _("issue a credit note"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the credit note.")})
    now = now or utc_now()
    with unit_of_work(db, actor, "issue_credit_note", reason=reason) as session:
        original = session.get(StatementRow, statement_id)
        if original is None:
            raise NotFound(_("That statement no longer exists."))
        if original.credits_statement_id is not None:
            raise ServiceError(_("A credit note cannot itself be credited."))
        if session.scalar(select(StatementRow.id).where(StatementRow.credits_statement_id == original.id)) is not None:
            raise ServiceError(_("Statement {number} has already been credited.").format(number=original.number))
        number = _next_number(session, original.locality_id, "CN", local_date(now).year)
        lines = [line_to_json(_negated(line_from_json(line)), _booking(line), line.get("worker_name", ""))
                 for line in original.lines]
        credit = StatementRow(
            id=uuid.uuid4(), locality_id=original.locality_id, provider_id=original.provider_id, number=number,
            period_from=original.period_from, period_to=original.period_to, issued_at=now,
            subtotal=-original.subtotal, vat=-original.vat, total=-original.total, lines=lines,
            credits_statement_id=original.id, note=reason,
        )
        session.add(credit)
        for sheet in session.scalars(select(Timesheet).where(Timesheet.statement_id == original.id)):
            sheet.status = TimesheetStatus.APPROVED
            sheet.statement_id = None
        session.flush()
        provider = session.get(Provider, original.provider_id)
        doc = _document(session, credit, _issuer(session, credit.locality_id))
        issued = _issued(credit, provider.name_cy, provider.name_en, credits=original.number)
    pdf, csv = _write_files(doc, out_dir, language)  # after the commit, as for statements
    return _replace(issued, pdf=pdf, csv=csv)


def find_statement(db: Database, number_or_id: str) -> IssuedStatement:
    """An issued statement or credit note by its number (``CO-ST-2026-0001``,
    any case) or its id."""
    wanted = number_or_id.strip()
    try:
        wanted_id = uuid.UUID(wanted)
    except ValueError:
        wanted_id = None
    for item in list_statements(db):
        if item.statement_id == wanted_id or item.number.casefold() == wanted.casefold():
            return item
    raise NotFound(_("There is no statement or credit note {number}.").format(number=wanted))


def _booking(line: dict) -> uuid.UUID | None:
    return uuid.UUID(line["booking_id"]) if line.get("booking_id") else None


def list_statements(db: Database, provider_id: uuid.UUID | None = None) -> list[IssuedStatement]:
    with read_only(db) as session:
        query = select(StatementRow, Provider).join(Provider, Provider.id == StatementRow.provider_id)
        if provider_id is not None:
            query = query.where(StatementRow.provider_id == provider_id)
        numbers = dict(session.execute(select(StatementRow.id, StatementRow.number)).all())
        return [
            _issued(row, provider.name_cy, provider.name_en, numbers.get(row.credits_statement_id, ""))
            for row, provider in session.execute(query.order_by(StatementRow.issued_at, StatementRow.number))
        ]
