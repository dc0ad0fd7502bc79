"""What the Dashboard shows, computed in a few set-based queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from localitydesk.domain.compliance_status import EXPIRING_WITHIN_DAYS
from localitydesk.domain.vocabulary import ComplianceType, label
from localitydesk.store.database import Database
from localitydesk.store.models import ComplianceItem, Worker

from .locality import home_locality_id
from .unit_of_work import read_only


@dataclass(frozen=True)
class ExpiringItem:
    worker_name: str
    kind: ComplianceType
    expires_on: date

    def label(self) -> str:
        return label(self.kind)


@dataclass(frozen=True)
class DashboardSummary:
    current_workers: int
    welsh_intermediate_or_above: int
    expiring: list[ExpiringItem]


def dashboard_summary(db: Database, today: date) -> DashboardSummary:
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        current = and_(
            Worker.locality_id == locality_id,
            Worker.deleted_at.is_(None),
            or_(Worker.leaving_date.is_(None), Worker.leaving_date > today),
        )
        current_workers = session.scalar(select(func.count()).select_from(Worker).where(current))
        welsh = session.scalar(select(func.count()).select_from(Worker).where(current, Worker.welsh_speaking >= 3))
        rows = session.execute(
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
        expiring = [ExpiringItem(f"{r.first_name} {r.last_name}", r.kind, r.expires_on) for r in rows]
        return DashboardSummary(current_workers, welsh, expiring)
