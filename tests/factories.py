"""Small, explicit test data: a locality, a user, workers built field by field."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from localitydesk.domain.vocabulary import ComplianceType, EmploymentType, Language, Role, UserRole
from localitydesk.services.workers import ComplianceEntry, WorkerProfile, save_worker
from localitydesk.store.journal import Actor
from localitydesk.store.models import Locality, User
from localitydesk.sync.protocol import locality_uuid

ADMIN = Actor(user_id=None, name="Test Admin", role="admin")


def seed_locality(db, code: str = "CO") -> uuid.UUID:
    with db.session() as session, session.begin():
        session.info["journal"] = False
        home = Locality(id=locality_uuid(code), code=code, name_cy="Conwy", name_en="Conwy", is_home=True)
        other = Locality(id=locality_uuid("GW"), code="GW", name_cy="Gwynedd", name_en="Gwynedd", is_home=False)
        session.add_all([home, other])
        session.flush()
        session.add(User(locality_id=home.id, name="Test Admin", role=UserRole.ADMIN, preferred_language=Language.CY))
        return home.id


def profile(**overrides) -> WorkerProfile:
    values = dict(
        staff_number="W0001",
        first_name="Siân",
        last_name="Llwyd",
        preferred_language=Language.CY,
        welsh_speaking=4,
        welsh_reading=3,
        welsh_writing=3,
        employment_type=EmploymentType.BANK,
        main_role=Role.CARE_WORKER,
        roles=[Role.CARE_WORKER],
        start_date=date(2024, 4, 1),
        home_town="conwy",
        drives=True,
        has_car=True,
        max_travel_km=40,
        compliance_items=[ComplianceEntry(ComplianceType.DBS_ENHANCED, "DBS-1", date(2024, 1, 1), date(2027, 1, 1))],
    )
    values.update(overrides)
    if values["employment_type"] == EmploymentType.CORE and "contracted_hours" not in overrides:
        values["contracted_hours"] = Decimal("37.5")
    return WorkerProfile(**values)


def add_worker(db, today: date, **overrides) -> uuid.UUID:
    return save_worker(db, ADMIN, profile(**overrides), today)
