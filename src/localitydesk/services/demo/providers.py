"""Demo providers: names, Welsh profiles, contacts, rate cards, worker preferences.

How much Welsh a provider's people want follows where it is: most in Gwynedd
and Ynys Môn, least along the English border, as in the census.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from localitydesk.domain import places
from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role

from . import names
from .context import Context, Weighted
from .people import WorkerFacts, fictional_landline, person_name

PROVIDER_TYPE = Weighted(
    (
        (ProviderType.CARE_HOME, 32),
        (ProviderType.NURSING_HOME, 14),
        (ProviderType.DOMICILIARY, 20),
        (ProviderType.SUPPORTED_LIVING, 12),
        (ProviderType.NHS_WARD, 14),
        (ProviderType.COMMUNITY, 8),
    )
)
# The roles each kind of service asks for, with how often.
ROLES_BY_TYPE: dict[ProviderType, tuple[tuple[Role, int], ...]] = {
    ProviderType.CARE_HOME: ((Role.CARE_WORKER, 75), (Role.SENIOR_CARE_WORKER, 25)),
    ProviderType.NURSING_HOME: ((Role.CARE_WORKER, 60), (Role.SENIOR_CARE_WORKER, 15), (Role.REGISTERED_NURSE, 25)),
    ProviderType.DOMICILIARY: ((Role.CARE_WORKER, 85), (Role.SENIOR_CARE_WORKER, 15)),
    ProviderType.SUPPORTED_LIVING: ((Role.SUPPORT_WORKER, 85), (Role.SENIOR_CARE_WORKER, 15)),
    ProviderType.NHS_WARD: ((Role.HEALTHCARE_SUPPORT_WORKER, 70), (Role.REGISTERED_NURSE, 30)),
    ProviderType.COMMUNITY: ((Role.SUPPORT_WORKER, 60), (Role.CARE_WORKER, 40)),
}
PEOPLE_SUPPORTED = {
    ProviderType.CARE_HOME: (18, 60),
    ProviderType.NURSING_HOME: (25, 70),
    ProviderType.DOMICILIARY: (40, 200),
    ProviderType.SUPPORTED_LIVING: (3, 12),
    ProviderType.NHS_WARD: (18, 30),
    ProviderType.COMMUNITY: (50, 300),
}
# Share of people preferring Welsh, by the locality the service is in.
WELSH_SHARE = {"YM": 0.55, "GW": 0.65, "CO": 0.30, "DE": 0.25, "FL": 0.12, "WR": 0.12}
BASE_RATE = {
    Role.CARE_WORKER: Decimal("22.40"),
    Role.SENIOR_CARE_WORKER: Decimal("24.80"),
    Role.SUPPORT_WORKER: Decimal("22.10"),
    Role.HEALTHCARE_SUPPORT_WORKER: Decimal("24.50"),
    Role.REGISTERED_NURSE: Decimal("42.00"),
}
PENNY = Decimal("0.01")
POSTCODE_AREA = {"YM": "LL65", "GW": "LL55", "CO": "LL30", "DE": "LL16", "FL": "CH7", "WR": "LL11"}
STREETS = ("Ffordd yr Orsaf", "Stryd Fawr", "Ffordd Caergybi", "Lôn Las", "Ffordd y Traeth", "Heol y Parc", "Ffordd Penrhos")
# The first providers always carry ŷ and ŵ, so even a tiny data set tests them.
FIRST_STEMS = ("Tŷ Gwyn", "Glan-y-Dŵr")


@dataclass(slots=True)
class ProviderFacts:
    """What the scheduler needs about a provider."""

    id: uuid.UUID
    kind: ProviderType
    town: str
    roles: Weighted
    welsh_share: float
    welsh_essential_roles: tuple[Role, ...]
    welsh_level: int
    signatories: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    contact_names: list[str] = field(default_factory=list)
    preferred: list[int] = field(default_factory=list)  # worker indexes
    do_not_send: set[int] = field(default_factory=set)
    needs_driver: bool = False


class ProviderMaker:
    def __init__(self, ctx: Context, locality_id: uuid.UUID):
        self.ctx = ctx
        self.locality_id = locality_id
        self.towns = ctx.town_picker()
        self.providers: list[dict] = []
        self.contacts: list[dict] = []
        self.rates: list[dict] = []
        self.preferences: list[dict] = []
        self.facts: list[ProviderFacts] = []
        self._names_used: set[str] = set()
        self._stems = list(names.HOME_STEMS)
        ctx.rng.shuffle(self._stems)
        near_codes = {town.locality_code for town in self.towns.nearby.values}
        self._home_hospitals = [h for h in names.HOSPITALS if places.town_by_code(h[0]).locality_code == ctx.home_code]
        self._near_hospitals = [h for h in names.HOSPITALS if places.town_by_code(h[0]).locality_code in near_codes]

    def _owned(self, stamp: datetime) -> dict:
        return {"id": self.ctx.new_id(), "locality_id": self.locality_id, "version": 1, "created_at": stamp, "updated_at": stamp}

    def make(self, count: int) -> None:
        for index in range(count):
            self._make_one(index)

    def _unique(self, name_cy: str, name_en: str, town: places.Town) -> tuple[str, str]:
        """Two homes may share a name in different towns; the town tells them apart."""
        if name_cy not in self._names_used:
            return name_cy, name_en
        name_cy, name_en = f"{name_cy} ({town.name_cy})", f"{name_en} ({town.name_en})"
        number = 2
        base_cy, base_en = name_cy, name_en
        while name_cy in self._names_used:
            name_cy, name_en = f"{base_cy} {number}", f"{base_en} {number}"
            number += 1
        return name_cy, name_en

    def _name(self, index: int, kind: ProviderType, town: places.Town) -> tuple[str, str, places.Town, ProviderType]:
        """Names in both languages, the town (a ward's is its hospital's), and the
        kind, which falls back to a care home when no ward name is left."""
        rng = self.ctx.rng
        if kind == ProviderType.NHS_WARD and (self._home_hospitals or self._near_hospitals):
            hospitals = self._home_hospitals
            if self._near_hospitals and (not hospitals or rng.random() < 0.25):
                hospitals = self._near_hospitals
            # A hospital has each ward once: draw until a free one turns up.
            for _attempt in range(12):
                town_code, hospital_cy, hospital_en = rng.choice(hospitals)
                ward = rng.choice(names.WARD_NAMES)
                name_cy = f"Ward {ward}, {hospital_cy}"
                if name_cy not in self._names_used:
                    return name_cy, f"{ward} Ward, {hospital_en}", places.town_by_code(town_code), kind
        if kind == ProviderType.NHS_WARD:
            kind = ProviderType.CARE_HOME
        if kind in (ProviderType.DOMICILIARY, ProviderType.COMMUNITY) and index >= len(FIRST_STEMS):
            stem = rng.choice(names.AREA_STEMS[town.locality_code])
        elif index < len(FIRST_STEMS):
            stem = FIRST_STEMS[index]
        else:
            stem = self._stems[index % len(self._stems)]
        pattern_cy, pattern_en = rng.choice(names.SERVICE_WORDS[kind.value])
        return pattern_cy.format(stem=stem), pattern_en.format(stem=stem), town, kind

    def _make_one(self, index: int) -> None:
        ctx, rng = self.ctx, self.ctx.rng
        kind = PROVIDER_TYPE.pick(rng)
        if index < len(FIRST_STEMS):
            kind = ProviderType.CARE_HOME
        town = self.towns.pick(rng, nearby_share=0.2)
        name_cy, name_en, town, kind = self._name(index, kind, town)
        name_cy, name_en = self._unique(name_cy, name_en, town)
        self._names_used.add(name_cy)

        low, high = PEOPLE_SUPPORTED[kind]
        people = rng.randint(low, high)
        share = min(1.0, WELSH_SHARE[town.locality_code] * rng.uniform(0.4, 1.4))
        prefer_welsh = round(people * share)
        role_weights = ROLES_BY_TYPE[kind]
        roles = tuple(role for role, _weight in role_weights)
        essential: tuple[Role, ...] = ()
        # Welsh essential where most people want it; hard to fill, as in life.
        if share >= 0.45 and rng.random() < 0.5:
            essential = roles if rng.random() < 0.3 else roles[:1]
        elif share >= 0.25 and rng.random() < 0.2:
            essential = roles[:1]
        level = rng.choice((2, 3, 3, 3, 4))
        basis = ChargingBasis.COST_RECHARGE if rng.random() < 0.15 else ChargingBasis.RATE_CARD

        stamp = datetime.combine(ctx.today - timedelta(days=rng.randint(200, 2000)), datetime.min.time(), tzinfo=timezone.utc)
        row = self._owned(stamp)
        provider_id = row["id"]
        slug = "".join(ch for ch in name_en.lower() if ch.isascii() and ch.isalnum())[:24]
        row.update(
            name_cy=name_cy,
            name_en=name_en,
            kind=kind.value,
            town=town.code,
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town.name_cy}, {POSTCODE_AREA[town.locality_code]}",
            phone=fictional_landline(ctx),
            email=f"{slug or 'provider'}{index + 1}@example.org",
            needs_driver=kind in (ProviderType.DOMICILIARY, ProviderType.COMMUNITY),
            people_supported=people,
            people_preferring_welsh=prefer_welsh,
            welsh_essential_roles=[role.value for role in essential],
            welsh_essential_level=level,
            charging_basis=basis.value,
            notes="",
        )
        self.providers.append(row)
        facts = ProviderFacts(
            id=provider_id,
            kind=kind,
            town=town.code,
            roles=Weighted(role_weights),
            welsh_share=share,
            welsh_essential_roles=essential,
            welsh_level=level,
            needs_driver=row["needs_driver"],
        )
        self._contacts(facts, stamp)
        if basis == ChargingBasis.RATE_CARD:
            self._rate_card(provider_id, roles, stamp)
        self.facts.append(facts)

    def _contacts(self, facts: ProviderFacts, stamp: datetime) -> None:
        rng = self.ctx.rng
        people = [(ContactKind.SIGNATORY, names.SIGNATORY_TITLES)]
        if rng.random() < 0.5:
            people.append((ContactKind.SIGNATORY, names.SIGNATORY_TITLES))
        if rng.random() < 0.6:
            people.append((ContactKind.CONTACT, names.CONTACT_TITLES))
        for kind, titles in people:
            first, last = person_name(self.ctx, 0.6 if facts.welsh_share >= 0.3 else 0.2)
            row = self._owned(stamp) | {
                "provider_id": facts.id,
                "kind": kind.value,
                "name": f"{first} {last}",
                "job_title": rng.choice(titles),
                "phone": fictional_landline(self.ctx),
                "email": f"contact{rng.randrange(10**6):06d}@example.org",
            }
            self.contacts.append(row)
            facts.contact_names.append(row["name"])
            if kind == ContactKind.SIGNATORY:
                facts.signatories.append((row["id"], row["name"]))

    def _rate_card(self, provider_id: uuid.UUID, roles: tuple[Role, ...], stamp: datetime) -> None:
        """Last year's and this year's rates from 1 April, and for some next year's agreed early."""
        rng, today = self.ctx.rng, self.ctx.today
        this_april = date(today.year if today >= date(today.year, 4, 1) else today.year - 1, 4, 1)
        years = [this_april.replace(year=this_april.year - 1), this_april]
        if rng.random() < 0.2:
            years.append(this_april.replace(year=this_april.year + 1))
        saturday = Decimal(rng.choice(("0", "10", "15", "20")))
        sunday = Decimal(rng.choice(("20", "25", "33.33", "50")))
        night = Decimal(rng.choice(("10", "15", "20")))
        bank_holiday = Decimal(rng.choice(("50", "100")))
        for role in roles:
            rate = BASE_RATE[role] * Decimal(str(round(rng.uniform(0.92, 1.08), 3)))
            for effective in years:
                self.rates.append(
                    self._owned(stamp)
                    | {
                        "provider_id": provider_id,
                        "role": role.value,
                        "effective_from": effective,
                        "hourly_rate": rate.quantize(PENNY, rounding=ROUND_HALF_UP),
                        "saturday_uplift_pct": saturday,
                        "sunday_uplift_pct": sunday,
                        "night_uplift_pct": night,
                        "bank_holiday_uplift_pct": bank_holiday,
                    }
                )
                rate = rate * Decimal(str(round(rng.uniform(1.03, 1.06), 3)))

    def add_preferences(self, workers: list[WorkerFacts]) -> None:
        """Preferred and do-not-send workers: chosen among those who could go there."""
        rng = self.ctx.rng
        if not workers:
            return
        for facts in self.facts:
            roles = set(facts.roles.values)
            chosen: set[int] = set()
            wanted = [(PreferenceKind.PREFERRED, rng.randint(0, 4))]
            if rng.random() < 0.25:
                wanted.append((PreferenceKind.DO_NOT_SEND, rng.randint(1, 2)))
            for kind, count in wanted:
                for _attempt in range(count * 8):
                    if count == 0:
                        break
                    worker = workers[rng.randrange(len(workers))]
                    if worker.index in chosen or not roles.intersection(worker.roles):
                        continue
                    chosen.add(worker.index)
                    count -= 1
                    reasons = names.PREFERRED_REASONS if kind == PreferenceKind.PREFERRED else names.DO_NOT_SEND_REASONS
                    stamp = self.ctx.now - timedelta(days=rng.randint(10, 600))
                    self.preferences.append(
                        self._owned(stamp)
                        | {"provider_id": facts.id, "worker_id": worker.id, "kind": kind.value, "reason": rng.choice(reasons)}
                    )
                    if kind == PreferenceKind.PREFERRED:
                        facts.preferred.append(worker.index)
                    else:
                        facts.do_not_send.add(worker.index)
