"""Working-time breaches in the bookings already made, for ``rules check`` and
``rota check``: the same rules as matching, over whole schedules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from localitydesk.domain import working_time as wt
from localitydesk.domain.vocabulary import EmploymentType
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import Worker

from .errors import NotFound
from .locality import home_locality_id
from .matching import load_bookings
from .unit_of_work import read_only

_ALL_TIME = (datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc))


@dataclass(frozen=True)
class BreachReport:
    worker_id: uuid.UUID
    worker_name: str
    rule: str
    detail: str
    start: datetime
    end: datetime
    overridden: bool

    def as_dict(self) -> dict:
        return {"worker_id": str(self.worker_id), "rule": self.rule, "detail": self.detail}


def _reports(session, locality_id, workers, first, last, language) -> list[BreachReport]:
    # Rolling 17-week rules look back and forward from the period's edges.
    margin = timedelta(weeks=wt.DEFAULT_POLICY.reference_weeks, days=2)
    booked = load_bookings(session, locality_id, first - margin, last + margin, [w.id for w in workers])
    reports = []
    for worker in workers:
        schedule = booked.schedule(worker.id, worker.date_of_birth, worker.wtr_opt_out)
        for breach in wt.check_schedule(schedule):
            if breach.end <= first or breach.start >= last:
                continue
            reports.append(
                BreachReport(worker.id, f"{worker.first_name} {worker.last_name}", breach.rule,
                             breach.describe(language), breach.start, breach.end, breach.override is not None)
            )
    reports.sort(key=lambda r: (r.start, r.worker_name))
    return reports


def worker_breaches(db: Database, worker_id: uuid.UUID, language: str | None = None) -> list[BreachReport]:
    """Every breach in all of one worker's active bookings."""
    with read_only(db) as session:
        worker = session.get(Worker, worker_id)
        if worker is None or worker.deleted_at is not None:
            raise NotFound(_("That worker no longer exists."))
        return _reports(session, worker.locality_id, [worker], *_ALL_TIME, language)


def period_breaches(
    db: Database, first: datetime, last: datetime, core_only: bool = False, language: str | None = None
) -> list[BreachReport]:
    """Every breach touching a period, for every worker (or the core team)."""
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        query = select(Worker).where(Worker.locality_id == locality_id, Worker.deleted_at.is_(None))
        if core_only:
            query = query.where(Worker.employment_type == EmploymentType.CORE)
        workers = session.scalars(query).all()
        return _reports(session, locality_id, workers, first, last, language)
