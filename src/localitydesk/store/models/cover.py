"""Cover requests from providers and the bookings that fill them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, SmallInteger, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from localitydesk.domain.vocabulary import BookingKind, BookingStatus, RequestReason, RequestStatus, Role, WelshRequirement
from localitydesk.store.types import UTCDateTime

from .base import Base, LocalityOwned, SoftDeletable
from .codes import code_column_type


class CoverRequest(Base, LocalityOwned, SoftDeletable):
    __tablename__ = "cover_request"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("staff_needed >= 1", name="staff_needed_positive"),
        CheckConstraint("unpaid_break_minutes >= 0", name="break_not_negative"),
        Index("ix_cover_request_starts_at_status", "starts_at", "status"),
        # Lists and the Dashboard ask for one locality's requests in a period;
        # without this SQLite walks every request of the locality.
        Index("ix_cover_request_locality_starts", "locality_id", "starts_at"),
    )

    provider_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("provider.id"), nullable=False, index=True)
    role: Mapped[Role] = mapped_column(code_column_type(Role), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    unpaid_break_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    staff_needed: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=1)
    reason: Mapped[RequestReason] = mapped_column(code_column_type(RequestReason), nullable=False)
    welsh_requirement: Mapped[WelshRequirement] = mapped_column(
        code_column_type(WelshRequirement), nullable=False, default=WelshRequirement.NONE
    )
    welsh_level: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    required_skills: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Time to fill is measured from the moment the provider asked.
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    requested_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    taken_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    status: Mapped[RequestStatus] = mapped_column(code_column_type(RequestStatus), nullable=False, default=RequestStatus.OPEN)
    # Requests made together as a block (same shift on chosen weekdays) share this.
    block_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)

    bookings: Mapped[list[Booking]] = relationship(back_populates="request")


class Booking(Base, LocalityOwned):
    """A worker put on a request. ``starts_at``/``ends_at`` copy the request's so
    the database itself can refuse a worker booked twice at once (see the
    trigger in the first migration)."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_worker_time", "worker_id", "starts_at", "ends_at"),
        Index("ix_booking_locality_starts", "locality_id", "starts_at"),
        Index(
            "uq_booking_request_worker_active",
            "request_id",
            "worker_id",
            unique=True,
            # SQLite only: naming another dialect here would import it at start-up.
            sqlite_where=text("status IN ('offered','accepted','confirmed','worked')"),
        ),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("cover_request.id"), nullable=False, index=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker.id"), nullable=False)
    kind: Mapped[BookingKind] = mapped_column(code_column_type(BookingKind), nullable=False)
    status: Mapped[BookingStatus] = mapped_column(code_column_type(BookingStatus), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    booked_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancellation_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    late_cancellation_chargeable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Rota: a manager may lock an assignment so auto-fill keeps it, and may
    # override a working-time rule the law lets care settings set aside.
    locked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    override_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    override_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    # Exactly which breaches the override set aside: [{"rule", "shifts": [booking ids]}].
    # A later booking that makes a new breach is not covered and needs its own decision.
    override_scope: Mapped[list | None] = mapped_column(JSON, nullable=True)

    request: Mapped[CoverRequest] = relationship(back_populates="bookings")


class RotaPublication(Base, LocalityOwned):
    """A published rota period: the snapshot the workers received."""

    __tablename__ = "rota_publication"

    period_start: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    weeks: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    # booking id -> {worker_id, request_id, starts_at, ends_at} as published.
    snapshot: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
