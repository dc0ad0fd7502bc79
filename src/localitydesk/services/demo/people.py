"""Demo users and workers, with their roles, compliance, availability and absences.

The mixes are meant to look like a North Wales bank: mostly bank staff, a
small salaried core team, a few people new to care; about a third with some
Welsh and fewer at Intermediate or above; reading and writing usually a
little behind speaking, as they are for most people who learnt Welsh at work.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Language, Role, UserRole

from . import names
from .context import Context, Weighted

EMPLOYMENT = Weighted(((EmploymentType.CORE, 15), (EmploymentType.BANK, 75), (EmploymentType.NEW_TO_CARE, 10)))
MAIN_ROLE = Weighted(
    (
        (Role.CARE_WORKER, 42),
        (Role.SENIOR_CARE_WORKER, 15),
        (Role.SUPPORT_WORKER, 20),
        (Role.HEALTHCARE_SUPPORT_WORKER, 13),
        (Role.REGISTERED_NURSE, 10),
    )
)
NEW_TO_CARE_ROLE = Weighted(((Role.CARE_WORKER, 70), (Role.SUPPORT_WORKER, 30)))
# Listening and speaking: 0 for about two thirds, the rest spread with a
# tail of first-language speakers at 5.
SPEAKING = Weighted(((0, 67), (1, 8), (2, 7), (3, 6), (4, 5), (5, 7)))
# A second role someone in the main role commonly also fills, with how often.
EXTRA_ROLES = {
    Role.CARE_WORKER: ((Role.SUPPORT_WORKER, 0.30),),
    Role.SENIOR_CARE_WORKER: ((Role.CARE_WORKER, 0.90),),
    Role.SUPPORT_WORKER: ((Role.CARE_WORKER, 0.35),),
    Role.HEALTHCARE_SUPPORT_WORKER: ((Role.CARE_WORKER, 0.50),),
    Role.REGISTERED_NURSE: ((Role.HEALTHCARE_SUPPORT_WORKER, 0.30),),
}
CONTRACTED_HOURS = (Decimal("37.5"), Decimal("37.5"), Decimal("30"), Decimal("22.5"), Decimal("30"), Decimal("37.5"))
TRAVEL_DRIVER = (15, 20, 25, 30, 40, 50, 60)
TRAVEL_NO_CAR = (5, 8, 10, 15)
# Usual windows of work offered by bank staff, local time.
# Usual weeks, as (start, end): most people give a span that takes earlies,
# lates and long days; some only earlies or lates; some only nights.
NIGHTS = (time(19), time(8))
WINDOWS = (
    (time(7), time(22)),
    (time(7), time(22)),
    (time(7), time(15, 30)),
    (time(13, 30), time(22)),
    NIGHTS,
)
CORE_WINDOWS = ((time(7), time(22)), (time(7), time(22)), (time(7), time(15, 30)), (time(13, 30), time(22)))
NIGHTS_TOO = 0.35  # of those who give day windows, the share who will also do some nights
DAY_WINDOWS = WINDOWS[:-1]

# (type, validity in days, who needs it) — "all" or a set of roles.
_CARE_ROLES = frozenset({Role.CARE_WORKER, Role.SENIOR_CARE_WORKER, Role.SUPPORT_WORKER})
COMPLIANCE_RULES = (
    (ComplianceType.DBS_ENHANCED, 3 * 365, "all"),
    (ComplianceType.SAFEGUARDING, 3 * 365, "all"),
    (ComplianceType.MANUAL_HANDLING, 365, "all"),
    (ComplianceType.INFECTION_CONTROL, 365, "all"),
    (ComplianceType.SCW_REGISTRATION, 3 * 365, _CARE_ROLES),
    (ComplianceType.NMC_REGISTRATION, 365, frozenset({Role.REGISTERED_NURSE})),
    (ComplianceType.MEDICATION, 365, frozenset({Role.SENIOR_CARE_WORKER, Role.REGISTERED_NURSE})),
)
OPTIONAL_COMPLIANCE = (
    (ComplianceType.FIRST_AID, 3 * 365, 0.5),
    (ComplianceType.MCA_DOLS, 2 * 365, 0.4),
    (ComplianceType.FOOD_HYGIENE, 3 * 365, 0.3),
)
SHARE_EXPIRED = 0.05
SHARE_EXPIRING_SOON = 0.06  # within the next 30 days

DEMO_USERS = (
    ("Gwenllian Pritchard", UserRole.ADMIN, Language.CY),
    ("Dafydd ap Gwynedd", UserRole.MANAGER, Language.CY),
    ("Sarah Hughes", UserRole.COORDINATOR, Language.EN),
    ("Ffion Roberts", UserRole.COORDINATOR, Language.CY),
)


@dataclass(slots=True)
class WorkerFacts:
    """What the booking scheduler needs to know about a worker, kept beside the rows."""

    index: int
    id: uuid.UUID
    name: str
    employment: EmploymentType
    roles: tuple[Role, ...]
    speaking: int
    start: date
    leaving: date | None
    adult_from: date | None  # 18th birthday; shifts before it follow young-worker rules
    opted_out: bool
    home_town: str
    max_travel_km: int | None
    contracted_hours: float | None = None  # the core team's weekly contract
    # The usual week as matching reads it, (weekday, start minute, end minute);
    # None for a worker with no fixed pattern, who may be asked any time.
    availability: tuple[tuple[int, int, int], ...] | None = None
    drives: bool = True
    held: dict[str, date] = field(default_factory=dict)  # compliance item code -> expiry
    absences: list[tuple[date, date]] = field(default_factory=list)
    busy_until: datetime = datetime.min.replace(tzinfo=timezone.utc)

    def employed_on(self, day: date) -> bool:
        return self.start <= day and (self.leaving is None or day < self.leaving)

    def absent_on(self, day: date) -> bool:
        for first, last in self.absences:
            if first <= day <= last:
                return True
        return False

    def young_on(self, day: date) -> bool:
        return self.adult_from is not None and day < self.adult_from


def ascii_fold(text: str) -> str:
    """'Siân ap Gwynedd' -> 'sian.apgwynedd' for a made-up email address."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(part for part in kept.split(" ", 1) if part).replace(" ", "")


def person_name(ctx: Context, welsh_bias: float) -> tuple[str, str]:
    """A first and last name; ``welsh_bias`` is the chance of a Welsh first name."""
    rng = ctx.rng
    if rng.random() < 0.06:
        return rng.choice(names.OTHER_PEOPLE)
    female = rng.random() < 0.8  # the care workforce is about four-fifths women
    if rng.random() < welsh_bias:
        first = rng.choice(names.WELSH_FIRST_FEMALE if female else names.WELSH_FIRST_MALE)
    else:
        first = rng.choice(names.ENGLISH_FIRST_FEMALE if female else names.ENGLISH_FIRST_MALE)
    last = rng.choice(names.WELSH_SURNAMES if rng.random() < 0.6 else names.ENGLISH_SURNAMES)
    return first, last


def fictional_mobile(ctx: Context) -> str:
    # Ofcom keeps 07700 900000–900999 for drama: never a real person's phone.
    return f"07700 900{ctx.rng.randrange(1000):03d}"


def fictional_landline(ctx: Context) -> str:
    return f"01632 960{ctx.rng.randrange(1000):03d}"


def make_users(ctx: Context, locality_id: uuid.UUID) -> list[dict]:
    stamp = ctx.now - timedelta(days=400)
    return [
        {
            "id": ctx.new_id(),
            "locality_id": locality_id,
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "name": name,
            "role": role.value,
            "preferred_language": language.value,
            "active": True,
        }
        for name, role, language in DEMO_USERS
    ]


class WorkerMaker:
    """Builds one worker at a time, appending to the row lists it owns."""

    def __init__(self, ctx: Context, locality_id: uuid.UUID, window_start: date, window_end: date):
        self.ctx = ctx
        self.locality_id = locality_id
        self.window_start = window_start
        self.window_end = window_end
        self.towns = ctx.town_picker()
        self.workers: list[dict] = []
        self.roles: list[dict] = []
        self.compliance: list[dict] = []
        self.availability: list[dict] = []
        self.absences: list[dict] = []
        self.facts: list[WorkerFacts] = []

    def _owned(self, stamp: datetime) -> dict:
        return {"id": self.ctx.new_id(), "locality_id": self.locality_id, "version": 1, "created_at": stamp, "updated_at": stamp}

    def make(self, count: int) -> None:
        for index in range(count):
            self._make_one(index)

    def _make_one(self, index: int) -> None:
        ctx, rng, today = self.ctx, self.ctx.rng, self.ctx.today
        speaking = SPEAKING.pick(rng)
        reading = 0
        if speaking:
            reading = max(0, speaking - rng.choice((0, 0, 1, 1, 2)))
            if rng.random() < 0.08:  # learners who read better than they speak
                reading = min(5, speaking + 1)
        writing = max(0, reading - rng.choice((0, 0, 1)))
        if speaking >= 4:
            language = Language.CY if rng.random() < 0.85 else Language.EN
        elif speaking == 3:
            language = Language.CY if rng.random() < 0.5 else Language.EN
        elif speaking == 2:
            language = Language.CY if rng.random() < 0.08 else Language.EN
        else:
            language = Language.EN
        first, last = person_name(ctx, 0.85 if speaking >= 3 else 0.3)

        employment = EMPLOYMENT.pick(rng)
        if employment == EmploymentType.NEW_TO_CARE:
            main_role = NEW_TO_CARE_ROLE.pick(rng)
            start = today - timedelta(days=rng.randint(7, 240))
            age_years = 17 if rng.random() < 0.3 else rng.randint(18, 45)
        else:
            main_role = MAIN_ROLE.pick(rng)
            start = today - timedelta(days=rng.randint(60 if employment == EmploymentType.BANK else 365, 15 * 365))
            age_years = rng.randint(20, 66)
        roles = [main_role]
        for extra, share in EXTRA_ROLES[main_role]:
            if rng.random() < share:
                roles.append(extra)
        if employment == EmploymentType.CORE and len(roles) == 1:
            # Core staff are the multi-skilled ones who go anywhere.
            roles.append(Role.SUPPORT_WORKER if main_role != Role.SUPPORT_WORKER else Role.CARE_WORKER)

        birth = None
        if rng.random() > 0.02:  # a few bank files still lack a date of birth
            birth = today - timedelta(days=age_years * 365 + rng.randint(age_years // 4 + 1, 360))
        adult_from = _eighteenth_birthday(birth) if birth else None
        young_now = adult_from is not None and today < adult_from

        leaving = leaving_reason = None
        if rng.random() < 0.06 and (today - start).days > 60:
            leaving = start + timedelta(days=rng.randint(30, (today - start).days - 1))
            leaving_reason = rng.choice(names.LEAVING_REASONS)
        elif rng.random() < 0.01:  # has handed in notice
            leaving = today + timedelta(days=rng.randint(5, 28))
            leaving_reason = rng.choice(names.LEAVING_REASONS)

        opted_out = not young_now and rng.random() < 0.06
        opt_out_signed = start + timedelta(days=rng.randint(0, max(0, min(400, (today - start).days)))) if opted_out else None
        drives = rng.random() < 0.75
        has_car = drives and rng.random() < 0.85
        travel = None if rng.random() < 0.05 else rng.choice(TRAVEL_DRIVER if has_car else TRAVEL_NO_CAR)
        town = self.towns.pick(rng, nearby_share=0.15)
        staff_number = f"{ctx.home_code}{index + 1:05d}"
        email = f"{ascii_fold(f'{first} {last}')}{index + 1}@example.org" if rng.random() < 0.85 else ""

        contracted = rng.choice(CONTRACTED_HOURS) if employment == EmploymentType.CORE else None
        stamp = datetime.combine(start, time(9), tzinfo=timezone.utc)
        worker = self._owned(stamp)
        worker_id = worker["id"]
        worker.update(
            staff_number=staff_number,
            first_name=first,
            last_name=last,
            preferred_language=language.value,
            welsh_speaking=speaking,
            welsh_reading=reading,
            welsh_writing=writing,
            employment_type=employment.value,
            main_role=main_role.value,
            start_date=start,
            leaving_date=leaving,
            leaving_reason=leaving_reason,
            contracted_hours=contracted,
            wtr_opt_out=opted_out,
            wtr_opt_out_signed_on=opt_out_signed,
            date_of_birth=birth,
            drives=drives,
            has_car=has_car,
            max_travel_km=travel,
            home_town=town.code,
            phone=fictional_mobile(ctx),
            email=email,
            notes_cy=rng.choice(names.WORKER_NOTES_CY) if rng.random() < 0.08 else "",
            notes_en=rng.choice(names.WORKER_NOTES_EN) if rng.random() < 0.08 else "",
        )
        self.workers.append(worker)
        for role in roles:
            self.roles.append(self._owned(stamp) | {"worker_id": worker_id, "role": role.value})
        held = self._compliance(worker_id, roles, employment, start, stamp)
        pattern = self._availability(worker_id, employment, young_now, stamp)
        spells = self._absences(worker_id, employment, stamp)
        self.facts.append(
            WorkerFacts(
                index=index,
                id=worker_id,
                name=f"{first} {last}",
                employment=employment,
                roles=tuple(roles),
                speaking=speaking,
                start=start,
                leaving=leaving,
                adult_from=adult_from,
                opted_out=opted_out,
                home_town=town.code,
                max_travel_km=travel,
                contracted_hours=contracted,
                availability=pattern,
                drives=drives,
                held=held,
                absences=spells,
            )
        )

    def _compliance(self, worker_id, roles, employment, start: date, stamp: datetime) -> dict[str, date]:
        """Write the worker's compliance items; return what they hold, code -> expiry."""
        rng, today = self.ctx.rng, self.ctx.today
        wanted = [
            (kind, days)
            for kind, days, who in COMPLIANCE_RULES
            if who == "all" or any(role in who for role in roles)
        ]
        wanted += [(kind, days) for kind, days, share in OPTIONAL_COMPLIANCE if rng.random() < share]
        held: dict[str, date] = {}
        for kind, validity in wanted:
            # Someone new to care has six months to register with Social Care Wales.
            if employment == EmploymentType.NEW_TO_CARE and kind == ComplianceType.SCW_REGISTRATION and rng.random() < 0.6:
                continue
            roll = rng.random()
            if roll < SHARE_EXPIRED:
                expires = today - timedelta(days=rng.randint(1, 120))
            elif roll < SHARE_EXPIRED + SHARE_EXPIRING_SOON:
                expires = today + timedelta(days=rng.randint(0, 30))
            else:
                expires = today + timedelta(days=rng.randint(31, validity))
            issued = expires - timedelta(days=validity)
            self.compliance.append(
                self._owned(stamp)
                | {
                    "worker_id": worker_id,
                    "kind": kind.value,
                    "reference": _reference(rng, kind, issued),
                    "issued_on": issued,
                    "expires_on": expires,
                }
            )
            held[kind.value] = expires
        return held

    def _availability(self, worker_id, employment, young: bool, stamp: datetime):
        """Write the worker's usual week; return it as matching reads it."""
        rng = self.ctx.rng
        if employment == EmploymentType.CORE:
            days = list(range(5)) if rng.random() < 0.7 else sorted(rng.sample(range(7), 5))
            window = rng.choice(CORE_WINDOWS)
        else:
            if rng.random() < 0.08:  # rings round whenever: no fixed pattern
                return None
            days = sorted(rng.sample(range(7), rng.randint(2, 5)))
            window = rng.choice(DAY_WINDOWS if young else WINDOWS)
        slots = [(weekday, window) for weekday in days]
        if window != NIGHTS and not young and rng.random() < NIGHTS_TOO:
            slots += [(weekday, NIGHTS) for weekday in rng.sample(days, min(len(days), rng.randint(1, 3)))]
        for weekday, (start, end) in slots:
            self.availability.append(
                self._owned(stamp) | {"worker_id": worker_id, "weekday": weekday, "start_time": start, "end_time": end}
            )
        return tuple((weekday, start.hour * 60 + start.minute, end.hour * 60 + end.minute) for weekday, (start, end) in slots)

    def _absences(self, worker_id, employment, stamp: datetime) -> list[tuple[date, date]]:
        rng = self.ctx.rng
        span = (self.window_end - self.window_start).days
        spells: list[tuple[date, date]] = []
        leave_share = 0.6 if employment == EmploymentType.CORE else 0.35
        # Scale with the window: a long demo period holds more leave per person.
        for _round in range(max(1, span // 180)):
            if rng.random() < leave_share:
                first = self.window_start + timedelta(days=rng.randint(0, span))
                spells.append((AbsenceKind.ANNUAL_LEAVE, first, first + timedelta(days=rng.randint(2, 13)), ""))
            if rng.random() < 0.15:
                first = self.window_start + timedelta(days=rng.randint(0, max(0, (self.ctx.today - self.window_start).days)))
                spells.append((AbsenceKind.SICKNESS, first, first + timedelta(days=rng.randint(0, 9)), ""))
        if rng.random() < 0.01:
            first = self.ctx.today - timedelta(days=rng.randint(0, 120))
            note = rng.choice(("Absenoldeb mamolaeth", "Maternity leave"))
            spells.append((AbsenceKind.OTHER, first, first + timedelta(days=rng.randint(180, 270)), note))
        spells.sort(key=lambda spell: spell[1])
        kept: list[tuple[date, date]] = []
        for kind, first, last, note in spells:
            if kept and first <= kept[-1][1]:
                continue  # one absence at a time
            kept.append((first, last))
            self.absences.append(
                self._owned(stamp)
                | {"worker_id": worker_id, "kind": kind.value, "start_date": first, "end_date": last, "note": note}
            )
        return kept


def _eighteenth_birthday(birth: date) -> date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        return date(birth.year + 18, 3, 1)


def _reference(rng, kind: ComplianceType, issued: date) -> str:
    if kind == ComplianceType.DBS_ENHANCED:
        return f"00{rng.randrange(10**10):010d}"
    if kind == ComplianceType.SCW_REGISTRATION:
        return f"SCW{rng.randrange(10**7):07d}"
    if kind == ComplianceType.NMC_REGISTRATION:
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return f"{rng.randrange(100):02d}{rng.choice(letter)}{rng.randrange(10**4):04d}{rng.choice('EOWS')}"
    if rng.random() < 0.5:
        return ""
    return f"{kind.value[:3].upper()}-{issued.year}-{rng.randrange(10**4):04d}"
