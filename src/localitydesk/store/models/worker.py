"""Workers and what the rules need to know about them."""

from __future__ import annotations

import uuid
from datetime import date, time
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, Time, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Language, Role
from localitydesk.store.types import ExactDecimal

from .base import Base, LocalityOwned, SoftDeletable
from .codes import code_column_type


class Worker(Base, LocalityOwned, SoftDeletable):
    __tablename__ = "worker"
    __table_args__ = (
        CheckConstraint("welsh_speaking BETWEEN 0 AND 5", name="welsh_speaking_range"),
        CheckConstraint("welsh_reading BETWEEN 0 AND 5", name="welsh_reading_range"),
        CheckConstraint("welsh_writing BETWEEN 0 AND 5", name="welsh_writing_range"),
        UniqueConstraint("locality_id", "staff_number", name="uq_worker_staff_number"),
    )

    staff_number: Mapped[str] = mapped_column(String(20), nullable=False)
    first_name: Mapped[str] = mapped_column(String(80), nullable=False)
    last_name: Mapped[str] = mapped_column(String(80), nullable=False)
    preferred_language: Mapped[Language] = mapped_column(code_column_type(Language), nullable=False, default=Language.EN)
    # Welsh levels on the 0–5 scale (Dim … Hyfedr); "listening and speaking" is
    # the one an Active Offer requirement is measured against.
    welsh_speaking: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    welsh_reading: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    welsh_writing: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    employment_type: Mapped[EmploymentType] = mapped_column(code_column_type(EmploymentType), nullable=False)
    main_role: Mapped[Role] = mapped_column(code_column_type(Role), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    leaving_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    leaving_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contracted_hours: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    wtr_opt_out: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wtr_opt_out_signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    drives: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    has_car: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    max_travel_km: Mapped[int | None] = mapped_column(Integer, nullable=True)
    home_town: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    notes_cy: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes_en: Mapped[str] = mapped_column(Text, nullable=False, default="")

    roles: Mapped[list[WorkerRole]] = relationship(back_populates="worker", cascade="all, delete-orphan", lazy="selectin")
    compliance_items: Mapped[list[ComplianceItem]] = relationship(
        back_populates="worker", cascade="all, delete-orphan", lazy="selectin"
    )
    availability: Mapped[list[AvailabilitySlot]] = relationship(
        back_populates="worker", cascade="all, delete-orphan", lazy="selectin"
    )
    absences: Mapped[list[Absence]] = relationship(back_populates="worker", cascade="all, delete-orphan", lazy="selectin")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class WorkerRole(Base, LocalityOwned):
    """A role the worker can fill besides (or including) their main role."""

    __tablename__ = "worker_role"
    __table_args__ = (UniqueConstraint("worker_id", "role", name="uq_worker_role_worker_role"),)

    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[Role] = mapped_column(code_column_type(Role), nullable=False)
    worker: Mapped[Worker] = relationship(back_populates="roles")


class ComplianceItem(Base, LocalityOwned, SoftDeletable):
    __tablename__ = "compliance_item"
    # "What expires in the next 30 days" is asked at every start-up.
    __table_args__ = (Index("ix_compliance_item_expires_on", "expires_on"),)

    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[ComplianceType] = mapped_column(code_column_type(ComplianceType), nullable=False)
    reference: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    worker: Mapped[Worker] = relationship(back_populates="compliance_items")


class AvailabilitySlot(Base, LocalityOwned):
    """One window of the worker's usual week (weekday 0 = Monday), local time.

    An end at or before the start runs past midnight (a night worker's 20:00–08:00).
    """

    __tablename__ = "availability_slot"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),)

    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    start_time: Mapped[time] = mapped_column(Time, nullable=False)
    end_time: Mapped[time] = mapped_column(Time, nullable=False)
    worker: Mapped[Worker] = relationship(back_populates="availability")


class Absence(Base, LocalityOwned, SoftDeletable):
    """Leave, sickness or other time away, whole days inclusive."""

    __tablename__ = "absence"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)

    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[AbsenceKind] = mapped_column(code_column_type(AbsenceKind), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    worker: Mapped[Worker] = relationship(back_populates="absences")
