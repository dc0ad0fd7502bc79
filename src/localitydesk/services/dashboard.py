"""What the Dashboard shows, computed in a few set-based queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select

from localitydesk.domain.active_offer import welsh_need_met
from localitydesk.domain.compliance_status import EXPIRING_WITHIN_DAYS
from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    ComplianceType,
    RequestStatus,
    WelshRequirement,
    label,
)
from localitydesk.store.database import Database
from localitydesk.store.models import Booking, ComplianceItem, CoverRequest, Provider, Worker

from .locality import home_locality_id
from .requests import RequestRow, list_requests
from .unit_of_work import read_only


@dataclass(frozen=True)
class ExpiringItem:
    worker_name: str
    kind: ComplianceType
    expires_on: date

    def label(self) -> str:
        return label(self.kind)


@dataclass(frozen=True)
class AwaitingConfirmation:
    booking_id: uuid.UUID
    worker_name: str
    provider_name_cy: str
    provider_name_en: str
    starts_at: datetime
    status: BookingStatus


@dataclass(frozen=True)
class DashboardSummary:
    current_workers: int
    welsh_intermediate_or_above: int
    unfilled_next_week: list[RequestRow]
    awaiting_confirmation: list[AwaitingConfirmation]
    expiring: list[ExpiringItem]
    month_requests: int
    month_filled: int
    month_welsh_requests: int
    month_welsh_matched: int

    @property
    def fill_rate(self) -> float | None:
        return self.month_filled / self.month_requests if self.month_requests else None

    @property
    def welsh_match_rate(self) -> float | None:
        return self.month_welsh_matched / self.month_welsh_requests if self.month_welsh_requests else None


def dashboard_summary(db: Database, today: date, now: datetime | None = None) -> DashboardSummary:
    now = now or local_to_utc(today, datetime.min.time())
    unfilled = [
        row for row in list_requests(db, now, now + timedelta(days=7))
        if row.unfilled and row.status != RequestStatus.CANCELLED
    ]
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        current = and_(
            Worker.locality_id == locality_id,
            Worker.deleted_at.is_(None),
            or_(Worker.leaving_date.is_(None), Worker.leaving_date > today),
        )
        current_workers = session.scalar(select(func.count()).select_from(Worker).where(current))
        welsh = session.scalar(select(func.count()).select_from(Worker).where(current, Worker.welsh_speaking >= 3))
        expiring = [
            ExpiringItem(f"{r.first_name} {r.last_name}", r.kind, r.expires_on)
            for r in session.execute(
                select(Worker.first_name, Worker.last_name, ComplianceItem.kind, ComplianceItem.expires_on)
                .join(Worker, Worker.id == ComplianceItem.worker_id)
                .where(
                    current,
                    ComplianceItem.deleted_at.is_(None),
                    ComplianceItem.expires_on >= today,
                    ComplianceItem.expires_on <= today + timedelta(days=EXPIRING_WITHIN_DAYS),
                )
                .order_by(ComplianceItem.expires_on)
                .limit(200)
            )
        ]
        awaiting = [
            AwaitingConfirmation(r.id, f"{r.first_name} {r.last_name}", r.name_cy, r.name_en, r.starts_at, r.status)
            for r in session.execute(
                select(Booking.id, Booking.starts_at, Booking.status, Worker.first_name, Worker.last_name,
                       Provider.name_cy, Provider.name_en)
                .join(Worker, Worker.id == Booking.worker_id)
                .join(CoverRequest, CoverRequest.id == Booking.request_id)
                .join(Provider, Provider.id == CoverRequest.provider_id)
                .where(
                    Booking.locality_id == locality_id,
                    Booking.status.in_((BookingStatus.OFFERED, BookingStatus.ACCEPTED)),
                    Booking.starts_at >= now,
                )
                .order_by(Booking.starts_at)
                .limit(200)
            )
        ]
        month_start = local_to_utc(today.replace(day=1), datetime.min.time())
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        month_end = local_to_utc(next_month, datetime.min.time())
        # One row per request of the month: how many are booked and the
        # weakest Welsh among them (meeting a need is monotone in the level,
        # so the weakest decides), leaving the rule itself to welsh_need_met.
        active = Booking.status.in_(ACTIVE_BOOKING_STATUSES)
        month = session.execute(
            select(
                CoverRequest.staff_needed,
                CoverRequest.welsh_requirement,
                CoverRequest.welsh_level,
                func.count(Booking.id),
                func.min(Worker.welsh_speaking),
            )
            .select_from(CoverRequest)
            .outerjoin(Booking, and_(Booking.request_id == CoverRequest.id, active))
            .outerjoin(Worker, Worker.id == Booking.worker_id)
            .where(
                CoverRequest.locality_id == locality_id,
                CoverRequest.deleted_at.is_(None),
                CoverRequest.status != RequestStatus.CANCELLED,
                CoverRequest.starts_at >= month_start,
                CoverRequest.starts_at < month_end,
            )
            .group_by(CoverRequest.id)
        ).all()
    filled = welsh_requests = welsh_matched = 0
    for needed, requirement, level, booked, weakest in month:
        is_filled = booked >= needed
        filled += is_filled
        if requirement != WelshRequirement.NONE:
            welsh_requests += 1
            welsh_matched += is_filled and welsh_need_met(requirement, level, weakest)
    return DashboardSummary(
        current_workers, welsh, unfilled, awaiting, expiring, len(month), filled, welsh_requests, welsh_matched
    )
