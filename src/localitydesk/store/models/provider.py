"""Providers: the care homes, services and wards the locality covers."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role
from localitydesk.store.types import ExactDecimal

from .base import Base, LocalityOwned, SoftDeletable
from .codes import code_column_type


class Provider(Base, LocalityOwned, SoftDeletable):
    __tablename__ = "provider"

    name_cy: Mapped[str] = mapped_column(String(160), nullable=False)
    name_en: Mapped[str] = mapped_column(String(160), nullable=False)
    kind: Mapped[ProviderType] = mapped_column(code_column_type(ProviderType), nullable=False)
    town: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    needs_driver: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The Welsh profile: how many of the people supported prefer Welsh, and
    # the roles for which Welsh is essential (new requests default from it).
    people_supported: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    people_preferring_welsh: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    welsh_essential_roles: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    welsh_essential_level: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    charging_basis: Mapped[ChargingBasis] = mapped_column(
        code_column_type(ChargingBasis), nullable=False, default=ChargingBasis.RATE_CARD
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    contacts: Mapped[list[ProviderContact]] = relationship(back_populates="provider", cascade="all, delete-orphan")
    rates: Mapped[list[RateCardEntry]] = relationship(back_populates="provider", cascade="all, delete-orphan")
    worker_preferences: Mapped[list[ProviderWorkerPreference]] = relationship(
        back_populates="provider", cascade="all, delete-orphan"
    )


class ProviderContact(Base, LocalityOwned, SoftDeletable):
    """A person at the provider; signatories may sign timesheets for it."""

    __tablename__ = "provider_contact"

    provider_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("provider.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[ContactKind] = mapped_column(code_column_type(ContactKind), nullable=False, default=ContactKind.CONTACT)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    job_title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    provider: Mapped[Provider] = relationship(back_populates="contacts")


class RateCardEntry(Base, LocalityOwned):
    """The hourly charge for a role from a date, with uplifts as percentages."""

    __tablename__ = "rate_card_entry"
    __table_args__ = (UniqueConstraint("provider_id", "role", "effective_from", name="uq_rate_card_entry_role_from"),)

    provider_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("provider.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[Role] = mapped_column(code_column_type(Role), nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    hourly_rate: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False)
    saturday_uplift_pct: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False, default=Decimal("0"))
    sunday_uplift_pct: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False, default=Decimal("0"))
    night_uplift_pct: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False, default=Decimal("0"))
    bank_holiday_uplift_pct: Mapped[Decimal] = mapped_column(ExactDecimal, nullable=False, default=Decimal("0"))
    provider: Mapped[Provider] = relationship(back_populates="rates")


class ProviderWorkerPreference(Base, LocalityOwned, SoftDeletable):
    """A provider's preferred worker, or one it has asked us not to send (with why)."""

    __tablename__ = "provider_worker_preference"
    __table_args__ = (UniqueConstraint("provider_id", "worker_id", name="uq_provider_worker_preference_pair"),)

    provider_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("provider.id", ondelete="CASCADE"), nullable=False, index=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[PreferenceKind] = mapped_column(code_column_type(PreferenceKind), nullable=False)
    reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    provider: Mapped[Provider] = relationship(back_populates="worker_preferences")
