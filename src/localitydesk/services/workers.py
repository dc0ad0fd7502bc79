"""Worker profiles: the Workers page's rows, loading, saving, leavers.

``list_workers`` is what the table shows; it is built from three set-based
queries (workers, their roles, their compliance expiry dates) whatever the
number of workers, never one query per worker.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date, time
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from localitydesk.domain.compliance import required_items
from localitydesk.domain.compliance_status import ComplianceState, worker_compliance_state
from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Language, Role
from localitydesk.domain.worker_rules import validate_worker
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Absence, AvailabilitySlot, ComplianceItem, Worker, WorkerRole

from .child_records import sync_children
from .errors import NotFound, ValidationError
from .locality import home_locality_id
from .unit_of_work import read_only, unit_of_work


@dataclass(frozen=True)
class WorkerRow:
    """One line of the Workers table."""

    id: uuid.UUID
    staff_number: str
    first_name: str
    last_name: str
    employment_type: EmploymentType
    main_role: Role
    roles: tuple[Role, ...]
    welsh_speaking: int
    preferred_language: Language
    compliance: ComplianceState
    next_expiry: date | None
    home_town: str
    leaving_date: date | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_current(self, today: date) -> bool:
        return self.leaving_date is None or self.leaving_date > today


@dataclass
class ComplianceEntry:
    kind: ComplianceType
    reference: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    id: uuid.UUID | None = None


@dataclass
class AvailabilityEntry:
    weekday: int
    start_time: time
    end_time: time


@dataclass
class AbsenceEntry:
    kind: AbsenceKind
    start_date: date
    end_date: date
    note: str = ""
    id: uuid.UUID | None = None


@dataclass
class WorkerProfile:
    """Everything the profile editor edits, as plain values."""

    staff_number: str = ""
    first_name: str = ""
    last_name: str = ""
    preferred_language: Language = Language.EN
    welsh_speaking: int = 0
    welsh_reading: int = 0
    welsh_writing: int = 0
    employment_type: EmploymentType = EmploymentType.BANK
    main_role: Role = Role.CARE_WORKER
    roles: list[Role] = field(default_factory=list)
    start_date: date | None = None
    leaving_date: date | None = None
    leaving_reason: str = ""
    contracted_hours: Decimal | None = None
    wtr_opt_out: bool = False
    wtr_opt_out_signed_on: date | None = None
    date_of_birth: date | None = None
    drives: bool = False
    has_car: bool = False
    max_travel_km: int | None = None
    home_town: str = ""
    phone: str = ""
    email: str = ""
    notes_cy: str = ""
    notes_en: str = ""
    compliance_items: list[ComplianceEntry] = field(default_factory=list)
    availability: list[AvailabilityEntry] = field(default_factory=list)
    absences: list[AbsenceEntry] = field(default_factory=list)
    id: uuid.UUID | None = None


# Plain columns copied between the profile and the Worker record.
_SCALAR_FIELDS = tuple(
    f.name for f in fields(WorkerProfile) if f.name not in ("roles", "compliance_items", "availability", "absences", "id")
)


def list_workers(db: Database, today: date) -> list[WorkerRow]:
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        roles: dict[uuid.UUID, list[Role]] = defaultdict(list)
        for worker_id, role in session.execute(
            select(WorkerRole.worker_id, WorkerRole.role).where(WorkerRole.locality_id == locality_id)
        ):
            roles[worker_id].append(role)
        expiries: dict[uuid.UUID, list[tuple[ComplianceType, date | None]]] = defaultdict(list)
        for worker_id, kind, expires_on in session.execute(
            select(ComplianceItem.worker_id, ComplianceItem.kind, ComplianceItem.expires_on).where(
                ComplianceItem.locality_id == locality_id, ComplianceItem.deleted_at.is_(None)
            )
        ):
            expiries[worker_id].append((kind, expires_on))
        rows = []
        for record in session.execute(
            select(
                Worker.id,
                Worker.staff_number,
                Worker.first_name,
                Worker.last_name,
                Worker.employment_type,
                Worker.main_role,
                Worker.welsh_speaking,
                Worker.preferred_language,
                Worker.home_town,
                Worker.leaving_date,
            ).where(Worker.locality_id == locality_id, Worker.deleted_at.is_(None))
        ):
            worker_roles = tuple(roles.get(record.id, ())) or (record.main_role,)
            state, next_expiry = worker_compliance_state(
                expiries.get(record.id, ()), today, required=required_items(record.main_role)
            )
            rows.append(
                WorkerRow(
                    id=record.id,
                    staff_number=record.staff_number,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    employment_type=record.employment_type,
                    main_role=record.main_role,
                    roles=worker_roles,
                    welsh_speaking=record.welsh_speaking,
                    preferred_language=record.preferred_language,
                    compliance=state,
                    next_expiry=next_expiry,
                    home_town=record.home_town,
                    leaving_date=record.leaving_date,
                )
            )
        return rows


def load_worker(db: Database, worker_id: uuid.UUID) -> WorkerProfile:
    with read_only(db) as session:
        worker = _get(session, worker_id)
        profile = WorkerProfile(id=worker.id, **{name: getattr(worker, name) for name in _SCALAR_FIELDS})
        profile.leaving_reason = worker.leaving_reason or ""
        profile.roles = sorted({r.role for r in worker.roles} | {worker.main_role})
        profile.compliance_items = [
            ComplianceEntry(i.kind, i.reference, i.issued_on, i.expires_on, i.id)
            for i in sorted(worker.compliance_items, key=lambda i: (i.kind, i.expires_on or date.max))
            if i.deleted_at is None
        ]
        profile.availability = [
            AvailabilityEntry(a.weekday, a.start_time, a.end_time)
            for a in sorted(worker.availability, key=lambda a: (a.weekday, a.start_time))
        ]
        profile.absences = [
            AbsenceEntry(a.kind, a.start_date, a.end_date, a.note, a.id)
            for a in sorted(worker.absences, key=lambda a: a.start_date)
            if a.deleted_at is None
        ]
        return profile


def validate_profile(profile: WorkerProfile, today: date) -> dict[str, str]:
    values = {name: getattr(profile, name) for name in _SCALAR_FIELDS}
    values["roles"] = profile.roles
    errors = validate_worker(values, today)
    for index, item in enumerate(profile.compliance_items):
        if item.issued_on and item.expires_on and item.expires_on < item.issued_on:
            errors[f"compliance_items[{index}]"] = _("A compliance item cannot expire before it was issued.")
    for index, slot in enumerate(profile.availability):
        if slot.start_time == slot.end_time:
            errors[f"availability[{index}]"] = _("An availability window needs different start and end times.")
    for index, absence in enumerate(profile.absences):
        if absence.end_date < absence.start_date:
            errors[f"absences[{index}]"] = _("An absence cannot end before it starts.")
    return errors


def save_worker(db: Database, actor: Actor, profile: WorkerProfile, today: date) -> uuid.UUID:
    """Create or update a worker with everything in the profile, all or nothing."""
    errors = validate_profile(profile, today)
    if errors:
        raise ValidationError(errors)
    action = "update_worker" if profile.id else "create_worker"
    with unit_of_work(db, actor, action) as session:
        locality_id = home_locality_id(session)
        worker_id = profile.id or uuid.uuid4()
        _check_staff_number_free(session, locality_id, profile.staff_number, worker_id)
        if profile.id:
            worker = _get(session, profile.id)
        else:
            worker = Worker(id=worker_id, locality_id=locality_id)
            session.add(worker)
        apply_profile(worker, locality_id, profile)
        return worker.id


def apply_profile(worker: Worker, locality_id, profile: WorkerProfile) -> None:
    """Make ``worker`` hold exactly what ``profile`` says, assigning only what
    changed. Used by the editor's save and by import, so both save alike."""
    for name in _SCALAR_FIELDS:
        value = getattr(profile, name)
        if name == "leaving_reason":
            value = value or None
        if getattr(worker, name, None) != value:
            setattr(worker, name, value)
    _sync_roles(worker, locality_id, set(profile.roles) | {profile.main_role})
    _sync_compliance(worker, locality_id, profile.compliance_items)
    _sync_availability(worker, locality_id, profile.availability)
    _sync_absences(worker, locality_id, profile.absences)


def mark_leaver(db: Database, actor: Actor, worker_id: uuid.UUID, leaving_date: date, reason: str, today: date) -> None:
    """Leavers keep their record (history, timesheets, audit); only the dates change."""
    profile = load_worker(db, worker_id)
    save_worker(db, actor, replace(profile, leaving_date=leaving_date, leaving_reason=reason.strip()), today)


def find_worker_id(db: Database, text: str) -> uuid.UUID:
    """A worker of this locality by id or by staff number (``YM00012``, any case):
    people name staff by number, and two workers may share a name."""
    wanted = text.strip()
    try:
        by = Worker.id == uuid.UUID(wanted)
    except ValueError:
        by = func.upper(Worker.staff_number) == wanted.upper()
    with read_only(db) as session:
        found = session.scalar(
            select(Worker.id).where(by, Worker.locality_id == home_locality_id(session), Worker.deleted_at.is_(None))
        )
    if found is None:
        raise NotFound(_("No worker has the id or staff number {value}.").format(value=wanted))
    return found


def staff_numbers(db: Database, worker_ids) -> dict[uuid.UUID, str]:
    """Staff numbers to print beside names, so two people of one name are told apart."""
    ids = list(worker_ids)
    with read_only(db) as session:
        return dict(session.execute(select(Worker.id, Worker.staff_number).where(Worker.id.in_(ids))).all()) if ids else {}


def _get(session: Session, worker_id: uuid.UUID) -> Worker:
    worker = session.get(Worker, worker_id)
    if worker is None or worker.deleted_at is not None:
        raise NotFound(_("That worker no longer exists."))
    return worker


def _check_staff_number_free(session: Session, locality_id, staff_number: str, own_id) -> None:
    clash = session.scalar(
        select(Worker.id).where(
            Worker.locality_id == locality_id, Worker.staff_number == staff_number, Worker.id != own_id
        )
    )
    if clash is not None:
        raise ValidationError({"staff_number": _("Another worker already has staff number {number}.").format(number=staff_number)})


def _sync_roles(worker: Worker, locality_id, wanted: set[Role]) -> None:
    have = {r.role: r for r in worker.roles}
    for role, record in have.items():
        if role not in wanted:
            worker.roles.remove(record)
    for role in sorted(wanted - set(have)):
        worker.roles.append(WorkerRole(locality_id=locality_id, role=role))


def _sync_compliance(worker: Worker, locality_id, entries: list[ComplianceEntry]) -> None:
    sync_children(
        worker.compliance_items,
        entries,
        ("kind", "reference", "issued_on", "expires_on"),
        lambda entry: ComplianceItem(locality_id=locality_id, kind=entry.kind),
    )


def _sync_availability(worker: Worker, locality_id, entries: list[AvailabilityEntry]) -> None:
    wanted = {(e.weekday, e.start_time, e.end_time) for e in entries}
    have = {(a.weekday, a.start_time, a.end_time): a for a in worker.availability}
    for key, record in have.items():
        if key not in wanted:
            worker.availability.remove(record)
    for weekday, start, end in sorted(wanted - set(have)):
        worker.availability.append(AvailabilitySlot(locality_id=locality_id, weekday=weekday, start_time=start, end_time=end))


def _sync_absences(worker: Worker, locality_id, entries: list[AbsenceEntry]) -> None:
    sync_children(
        worker.absences,
        entries,
        ("kind", "start_date", "end_date", "note"),
        lambda entry: Absence(locality_id=locality_id, kind=entry.kind, start_date=entry.start_date, end_date=entry.end_date),
    )
