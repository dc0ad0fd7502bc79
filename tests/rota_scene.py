"""A small core team and a fortnight of requests, for the rota tests.

Today is Monday 23 November 2026 (the ``today`` fixture); the rota weeks are
the two after it, from Monday 30 November and Monday 7 December.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from localitydesk.domain.vocabulary import (
    AbsenceKind,
    ComplianceType,
    EmploymentType,
    Language,
    ProviderType,
    RequestReason,
    Role,
    WelshRequirement,
)
from localitydesk.services.providers import ProviderProfile, save_provider
from localitydesk.services.requests import RequestForm, create_block, create_request
from localitydesk.services.workers import AbsenceEntry, ComplianceEntry
from localitydesk.store.journal import Actor
from tests.factories import ADMIN, add_worker

MANAGER = Actor(user_id=None, name="Rheolwr", role="manager")
WEEK1 = date(2026, 11, 30)
WEEK2 = date(2026, 12, 7)
ITEMS = [ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1)) for kind in ComplianceType]


@dataclass
class RotaScene:
    sian: object
    chris: object
    dafydd: object
    ty_gwyn: object
    plas: object
    # Tŷ Gwyn 07:30–15:30 (30 min break), Monday to Friday of both weeks, in date order.
    days: list
    # Plas Ŵy 07:30–15:30 on Monday of week 1: the same hours as Tŷ Gwyn's Monday.
    plas_monday: object
    # Plas Ŵy 20:00 Monday to 06:00 Tuesday of week 1: too little rest before Tuesday's early.
    plas_night: object
    # Welsh essential at level 4 at Plas Ŵy, Wednesday of week 1.
    welsh_wednesday: object


def core(db, today, number, first, last, welsh, language=Language.CY, **extra):
    return add_worker(
        db, today, staff_number=number, first_name=first, last_name=last, welsh_speaking=welsh, welsh_reading=welsh,
        welsh_writing=welsh, preferred_language=language, employment_type=EmploymentType.CORE,
        main_role=Role.CARE_WORKER, roles=[Role.CARE_WORKER], contracted_hours=Decimal("37.5"),
        compliance_items=ITEMS, **extra,
    )


def build(db, today) -> RotaScene:
    sian = core(db, today, "R1", "Siân", "Llwyd", 5)
    chris = core(db, today, "R2", "Chris", "Evans", 0, language=Language.EN)
    # Dafydd is on annual leave on the Thursday and Friday of the second week.
    dafydd = core(db, today, "R3", "Dafydd", "Rhys", 4, absences=[
        AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, date(2026, 12, 10), date(2026, 12, 11)),
    ])
    ty_gwyn = save_provider(db, ADMIN, ProviderProfile(name_cy="Tŷ Gwyn", name_en="Whitehouse", kind=ProviderType.CARE_HOME, town="conwy"))
    plas = save_provider(db, ADMIN, ProviderProfile(name_cy="Plas Ŵy", name_en="Wye Hall", kind=ProviderType.NURSING_HOME, town="conwy"))

    def form(provider, day, start, end, **extra):
        values = dict(provider_id=provider, role=Role.CARE_WORKER, day=day, start=start, end=end,
                      reason=RequestReason.SICKNESS, unpaid_break_minutes=30, requested_by="Gwenda")
        values.update(extra)
        return RequestForm(**values)

    days = create_block(db, ADMIN, form(ty_gwyn, WEEK1, time(7, 30), time(15, 30)), {0, 1, 2, 3, 4}, 2)
    plas_monday = create_request(db, ADMIN, form(plas, WEEK1, time(7, 30), time(15, 30)))
    plas_night = create_request(db, ADMIN, form(plas, WEEK1, time(20, 0), time(6, 0)))
    welsh_wednesday = create_request(db, ADMIN, form(
        plas, date(2026, 12, 2), time(8, 0), time(14, 0), unpaid_break_minutes=0,
        welsh_requirement=WelshRequirement.ESSENTIAL, welsh_level=4,
    ))
    return RotaScene(sian, chris, dafydd, ty_gwyn, plas, days, plas_monday, plas_night, welsh_wednesday)
