"""Every worker of a locality as a ``WorkerProfile``, read with five plain
queries instead of loading ORM objects.

Export and import compare or write out all the workers at once; building
10,000 ORM workers with their 150,000 child records costs several times more
than reading the same columns as rows. The profiles have the shape
``services.workers.load_worker`` gives (main role among the roles, withdrawn
items left out, ``leaving_reason`` "" rather than None).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.services.workers import AbsenceEntry, AvailabilityEntry, ComplianceEntry, WorkerProfile
from localitydesk.store.models import Absence, AvailabilitySlot, ComplianceItem, Worker, WorkerRole

_LISTS = ("roles", "compliance_items", "availability", "absences", "id")
SCALAR_FIELDS = tuple(f.name for f in fields(WorkerProfile) if f.name not in _LISTS)


@dataclass
class StoredWorker:
    id: uuid.UUID
    removed: bool  # soft-deleted: its staff number is taken but it is not shown
    profile: WorkerProfile


def sort_lists(profile: WorkerProfile) -> None:
    """One order for the list parts, so two profiles of one worker compare equal."""
    profile.compliance_items.sort(key=lambda e: (e.kind, e.expires_on or date.max, e.issued_on or date.min, e.reference))
    profile.availability.sort(key=lambda e: (e.weekday, e.start_time, e.end_time))
    profile.absences.sort(key=lambda e: (e.start_date, e.end_date, e.kind, e.note))


def read_profiles(session: Session, locality_id: uuid.UUID) -> dict[str, StoredWorker]:
    """Staff number -> the stored worker, removed ones included (their numbers stay taken)."""
    connection = session.connection()  # plain Core rows: no ORM loading machinery
    stored: dict[uuid.UUID, StoredWorker] = {}
    columns = [getattr(Worker, name) for name in SCALAR_FIELDS]
    for row in connection.execute(
        select(Worker.id, Worker.deleted_at, *columns).where(Worker.locality_id == locality_id)
    ):
        values = dict(zip(SCALAR_FIELDS, row[2:]))
        values["leaving_reason"] = values["leaving_reason"] or ""
        stored[row.id] = StoredWorker(row.id, row.deleted_at is not None, WorkerProfile(id=row.id, **values))

    roles: dict[uuid.UUID, set] = defaultdict(set)
    for worker_id, role in connection.execute(
        select(WorkerRole.worker_id, WorkerRole.role).where(WorkerRole.locality_id == locality_id)
    ):
        roles[worker_id].add(role)
    for worker_id, item_id, kind, reference, issued, expires in connection.execute(
        select(
            ComplianceItem.worker_id, ComplianceItem.id, ComplianceItem.kind, ComplianceItem.reference,
            ComplianceItem.issued_on, ComplianceItem.expires_on,
        ).where(ComplianceItem.locality_id == locality_id, ComplianceItem.deleted_at.is_(None))
    ):
        stored[worker_id].profile.compliance_items.append(ComplianceEntry(kind, reference, issued, expires, item_id))
    for worker_id, weekday, start, end in connection.execute(
        select(AvailabilitySlot.worker_id, AvailabilitySlot.weekday, AvailabilitySlot.start_time, AvailabilitySlot.end_time)
        .where(AvailabilitySlot.locality_id == locality_id)
    ):
        stored[worker_id].profile.availability.append(AvailabilityEntry(weekday, start, end))
    for worker_id, absence_id, kind, first, last, note in connection.execute(
        select(Absence.worker_id, Absence.id, Absence.kind, Absence.start_date, Absence.end_date, Absence.note)
        .where(Absence.locality_id == locality_id, Absence.deleted_at.is_(None))
    ):
        stored[worker_id].profile.absences.append(AbsenceEntry(kind, first, last, note, absence_id))

    by_number = {}
    for worker in stored.values():
        profile = worker.profile
        profile.roles = sorted(roles.get(worker.id, set()) | {profile.main_role})
        sort_lists(profile)
        by_number[profile.staff_number] = worker
    return by_number
