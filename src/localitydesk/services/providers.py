"""Providers: the Providers page's rows, loading and saving a provider with its
contacts, signatories, rate card and worker preferences."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from localitydesk.domain.bilingual import name_in
from localitydesk.domain.provider_rules import RateLine, is_welsh_preferring, validate_provider
from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Provider, ProviderContact, ProviderWorkerPreference, RateCardEntry, Worker

from .child_records import sync_children
from .errors import NotFound, ValidationError
from .locality import home_locality_id
from .unit_of_work import read_only, unit_of_work


@dataclass(frozen=True)
class ProviderRow:
    id: uuid.UUID
    name_cy: str
    name_en: str
    kind: ProviderType
    town: str
    people_supported: int
    people_preferring_welsh: int
    welsh_essential_roles: tuple[str, ...]
    welsh_essential_level: int
    signatories: int

    def name(self, language: str) -> str:
        return name_in(language, self.name_cy, self.name_en)

    @property
    def welsh_preferring(self) -> bool:
        return is_welsh_preferring(self.people_supported, self.people_preferring_welsh)


@dataclass
class ContactEntry:
    name: str
    kind: ContactKind = ContactKind.CONTACT
    job_title: str = ""
    phone: str = ""
    email: str = ""
    id: uuid.UUID | None = None


@dataclass
class RateEntry:
    role: Role
    effective_from: date
    hourly_rate: Decimal
    saturday_uplift_pct: Decimal = Decimal("0")
    sunday_uplift_pct: Decimal = Decimal("0")
    night_uplift_pct: Decimal = Decimal("0")
    bank_holiday_uplift_pct: Decimal = Decimal("0")
    id: uuid.UUID | None = None


@dataclass
class PreferenceEntry:
    worker_id: uuid.UUID
    kind: PreferenceKind
    reason: str = ""
    worker_name: str = ""
    id: uuid.UUID | None = None


@dataclass
class ProviderProfile:
    name_cy: str = ""
    name_en: str = ""
    kind: ProviderType = ProviderType.CARE_HOME
    town: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    needs_driver: bool = False
    people_supported: int = 0
    people_preferring_welsh: int = 0
    welsh_essential_roles: list[str] = field(default_factory=list)
    welsh_essential_level: int = 3
    charging_basis: ChargingBasis = ChargingBasis.RATE_CARD
    notes: str = ""
    contacts: list[ContactEntry] = field(default_factory=list)
    rates: list[RateEntry] = field(default_factory=list)
    preferences: list[PreferenceEntry] = field(default_factory=list)
    id: uuid.UUID | None = None


_SCALAR_FIELDS = tuple(f.name for f in fields(ProviderProfile) if f.name not in ("contacts", "rates", "preferences", "id"))
_RATE_FIELDS = tuple(f.name for f in fields(RateEntry) if f.name != "id")


def list_providers(db: Database) -> list[ProviderRow]:
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        signatories = dict(
            session.execute(
                select(ProviderContact.provider_id, func.count())
                .where(
                    ProviderContact.locality_id == locality_id,
                    ProviderContact.kind == ContactKind.SIGNATORY,
                    ProviderContact.deleted_at.is_(None),
                )
                .group_by(ProviderContact.provider_id)
            ).all()
        )
        rows = session.execute(
            select(Provider).where(Provider.locality_id == locality_id, Provider.deleted_at.is_(None))
        ).scalars()
        return [
            ProviderRow(
                p.id, p.name_cy, p.name_en, p.kind, p.town, p.people_supported, p.people_preferring_welsh,
                tuple(p.welsh_essential_roles or ()), p.welsh_essential_level, signatories.get(p.id, 0),
            )
            for p in rows
        ]


def load_provider(db: Database, provider_id: uuid.UUID) -> ProviderProfile:
    with read_only(db) as session:
        provider = session.scalars(
            select(Provider)
            .where(Provider.id == provider_id)
            .options(selectinload(Provider.contacts), selectinload(Provider.rates), selectinload(Provider.worker_preferences))
        ).first()
        if provider is None or provider.deleted_at is not None:
            raise NotFound(_("That provider no longer exists."))
        live_preferences = [p for p in provider.worker_preferences if p.deleted_at is None]
        return profile_of(provider, _worker_names(session, [p.worker_id for p in live_preferences]))


def profile_of(provider: Provider, worker_names: dict[uuid.UUID, str]) -> ProviderProfile:
    """A loaded provider (children loaded) as the profile the editor and import use."""
    profile = ProviderProfile(id=provider.id, **{name: getattr(provider, name) for name in _SCALAR_FIELDS})
    profile.welsh_essential_roles = list(provider.welsh_essential_roles or [])
    profile.contacts = [
        ContactEntry(c.name, c.kind, c.job_title, c.phone, c.email, c.id)
        for c in sorted(provider.contacts, key=lambda c: (c.kind != ContactKind.SIGNATORY, c.name))
        if c.deleted_at is None
    ]
    profile.rates = [
        RateEntry(id=r.id, **{name: getattr(r, name) for name in _RATE_FIELDS})
        for r in sorted(provider.rates, key=lambda r: (r.role, r.effective_from))
    ]
    profile.preferences = [
        PreferenceEntry(p.worker_id, p.kind, p.reason, worker_names.get(p.worker_id, ""), p.id)
        for p in provider.worker_preferences
        if p.deleted_at is None
    ]
    return profile


def _worker_names(session: Session, worker_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not worker_ids:
        return {}
    return {
        row.id: f"{row.first_name} {row.last_name}"
        for row in session.execute(select(Worker.id, Worker.first_name, Worker.last_name).where(Worker.id.in_(worker_ids)))
    }


def validate_provider_profile(profile: ProviderProfile) -> dict[str, str]:
    values = {name: getattr(profile, name) for name in _SCALAR_FIELDS}
    rates = [RateLine(**{name: getattr(r, name) for name in _RATE_FIELDS}) for r in profile.rates]
    errors = validate_provider(values, rates)
    for index, contact in enumerate(profile.contacts):
        if not contact.name.strip():
            errors[f"contacts[{index}]"] = _("Each contact needs a name.")
    seen_workers: set[uuid.UUID] = set()
    for index, preference in enumerate(profile.preferences):
        if preference.worker_id in seen_workers:
            errors[f"preferences[{index}]"] = _("A worker can be listed only once, as preferred or as do-not-send.")
        seen_workers.add(preference.worker_id)
        if preference.kind == PreferenceKind.DO_NOT_SEND and not preference.reason.strip():
            errors[f"preferences[{index}]"] = _("Record why the provider asked us not to send this worker.")
    return errors


def save_provider(db: Database, actor: Actor, profile: ProviderProfile) -> uuid.UUID:
    errors = validate_provider_profile(profile)
    if errors:
        raise ValidationError(errors)
    with unit_of_work(db, actor, "update_provider" if profile.id else "create_provider") as session:
        locality_id = home_locality_id(session)
        if profile.id:
            provider = session.get(Provider, profile.id)
            if provider is None or provider.deleted_at is not None:
                raise NotFound(_("That provider no longer exists."))
        else:
            provider = Provider(id=uuid.uuid4(), locality_id=locality_id)
            session.add(provider)
        apply_provider(provider, locality_id, profile)
        return provider.id


def apply_provider(provider: Provider, locality_id: uuid.UUID, profile: ProviderProfile) -> None:
    """Bring a provider record and its children in line with a checked profile,
    assigning only what changed so the journal records true changes. Shared
    by the editor's save and by import (which writes many in one transaction)."""
    for name in _SCALAR_FIELDS:
        value = getattr(profile, name)
        if name == "welsh_essential_roles":
            value = sorted(str(role) for role in value)
        if getattr(provider, name, None) != value:
            setattr(provider, name, value)
    sync_children(
        provider.contacts, profile.contacts, ("name", "kind", "job_title", "phone", "email"),
        lambda entry: ProviderContact(locality_id=locality_id, name=entry.name),
    )
    sync_children(
        provider.rates, profile.rates, _RATE_FIELDS,
        lambda entry: RateCardEntry(locality_id=locality_id, role=entry.role, effective_from=entry.effective_from,
                                    hourly_rate=entry.hourly_rate),
    )
    _revive_withdrawn_preferences(provider, profile.preferences)
    sync_children(
        provider.worker_preferences, profile.preferences, ("worker_id", "kind", "reason"),
        lambda entry: ProviderWorkerPreference(locality_id=locality_id, worker_id=entry.worker_id, kind=entry.kind),
    )


def _revive_withdrawn_preferences(provider: Provider, entries: list[PreferenceEntry]) -> None:
    """A worker listed again after being taken off reuses their old row: the
    pair is unique, and the row's history stays in one place."""
    withdrawn = {p.worker_id: p for p in provider.worker_preferences if p.deleted_at is not None}
    for entry in entries:
        row = withdrawn.get(entry.worker_id) if entry.id is None else None
        if row is not None:
            row.deleted_at = None
            entry.id = row.id


def worker_choices(db: Database) -> list[tuple[uuid.UUID, str]]:
    """Current workers by name, for picking preferred and do-not-send workers."""
    with read_only(db) as session:
        locality_id = home_locality_id(session)
        rows = session.execute(
            select(Worker.id, Worker.first_name, Worker.last_name).where(
                Worker.locality_id == locality_id, Worker.deleted_at.is_(None), Worker.leaving_date.is_(None)
            )
        )
        return [(row.id, f"{row.first_name} {row.last_name}") for row in rows]


def preferences_by_provider(session: Session, locality_id: uuid.UUID) -> dict[uuid.UUID, dict[uuid.UUID, tuple[PreferenceKind, str]]]:
    """provider -> worker -> (kind, reason), in one query, for matching."""
    result: dict[uuid.UUID, dict[uuid.UUID, tuple[PreferenceKind, str]]] = defaultdict(dict)
    for row in session.execute(
        select(ProviderWorkerPreference.provider_id, ProviderWorkerPreference.worker_id,
               ProviderWorkerPreference.kind, ProviderWorkerPreference.reason).where(
            ProviderWorkerPreference.locality_id == locality_id, ProviderWorkerPreference.deleted_at.is_(None)
        )
    ):
        result[row.provider_id][row.worker_id] = (row.kind, row.reason)
    return result
