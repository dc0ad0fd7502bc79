"""Timesheets and the statements that recharge providers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from localitydesk.domain.vocabulary import TimesheetStatus
from localitydesk.store.types import ExactDecimal, UTCDateTime

from .base import Base, LocalityOwned
from .codes import code_column_type


class Timesheet(Base, LocalityOwned):
    __tablename__ = "timesheet"
    __table_args__ = (
        CheckConstraint("actual_end > actual_start", name="ends_after_start"),
        CheckConstraint("break_minutes >= 0", name="break_not_negative"),
    )

    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("booking.id"), nullable=False, unique=True)
    actual_start: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actual_end: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    break_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    mileage: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False, default=Decimal("0"))
    change_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    status: Mapped[TimesheetStatus] = mapped_column(code_column_type(TimesheetStatus), nullable=False, default=TimesheetStatus.DRAFT)

    worker_signed_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    worker_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    worker_signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signatory_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("provider_contact.id"), nullable=True)
    signatory_signed_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    signatory_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    signatory_signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signed_on_paper: Mapped[bool] = mapped_column(default=False, nullable=False)
    paper_scan: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # SHA-256 of the content as signed; a later change voids the signatures.
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # Pay must not wait for a slow signatory: hours verified another way.
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    verified_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("statement.id"), nullable=True, index=True)


class Statement(Base, LocalityOwned):
    """A provider's recharge statement for a period; its lines are frozen."""

    __tablename__ = "statement"

    provider_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("provider.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    period_from: Mapped[date] = mapped_column(Date, nullable=False)
    period_to: Mapped[date] = mapped_column(Date, nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    subtotal: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False)
    vat: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False)
    total: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False)
    lines: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    # A credit note is a statement that reverses (part of) an earlier one.
    credits_statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("statement.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
