"""Providers with their Welsh profile, contacts, rate card and worker preferences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from localitydesk.domain.provider_rules import default_welsh_requirement, is_welsh_preferring
from localitydesk.domain.vocabulary import ContactKind, PreferenceKind, ProviderType, Role, WelshRequirement
from localitydesk.services.errors import ValidationError
from localitydesk.services.providers import (
    ContactEntry,
    PreferenceEntry,
    ProviderProfile,
    RateEntry,
    list_providers,
    load_provider,
    save_provider,
)
from tests.factories import ADMIN, add_worker


def tŷ_gwyn(**overrides) -> ProviderProfile:
    values = dict(
        name_cy="Tŷ Gwyn", name_en="Tŷ Gwyn Care Home", kind=ProviderType.CARE_HOME, town="conwy",
        people_supported=30, people_preferring_welsh=12, welsh_essential_roles=["care_worker"],
        contacts=[ContactEntry("Eleri Ŵyn", ContactKind.SIGNATORY, "Rheolwr"), ContactEntry("Mark Jones")],
        rates=[RateEntry(Role.CARE_WORKER, date(2026, 4, 1), Decimal("24.50"), Decimal("10"), Decimal("20"),
                         Decimal("15"), Decimal("100"))],
    )
    values.update(overrides)
    return ProviderProfile(**values)


def test_a_provider_round_trips_with_contacts_rates_and_preferences(db, today):
    preferred = add_worker(db, today)
    barred = add_worker(db, today, staff_number="W2", first_name="Ben")
    profile = tŷ_gwyn(preferences=[PreferenceEntry(preferred, PreferenceKind.PREFERRED),
                                   PreferenceEntry(barred, PreferenceKind.DO_NOT_SEND, "Complaint from family, 2025")])
    provider_id = save_provider(db, ADMIN, profile)
    loaded = load_provider(db, provider_id)
    assert loaded.name_cy == "Tŷ Gwyn"
    assert [c.name for c in loaded.contacts] == ["Eleri Ŵyn", "Mark Jones"]  # signatories first
    assert loaded.rates[0].bank_holiday_uplift_pct == Decimal("100")
    assert {p.worker_name: p.kind for p in loaded.preferences} == {"Siân Llwyd": PreferenceKind.PREFERRED,
                                                                   "Ben Llwyd": PreferenceKind.DO_NOT_SEND}
    row = list_providers(db)[0]
    assert row.signatories == 1 and row.welsh_preferring


def test_do_not_send_needs_a_reason_and_a_worker_is_listed_once(db, today):
    worker = add_worker(db, today)
    with pytest.raises(ValidationError) as raised:
        save_provider(db, ADMIN, tŷ_gwyn(preferences=[PreferenceEntry(worker, PreferenceKind.DO_NOT_SEND, " ")]))
    assert "preferences[0]" in raised.value.errors
    with pytest.raises(ValidationError) as raised:
        save_provider(db, ADMIN, tŷ_gwyn(preferences=[PreferenceEntry(worker, PreferenceKind.PREFERRED),
                                                      PreferenceEntry(worker, PreferenceKind.DO_NOT_SEND, "x")]))
    assert "preferences[1]" in raised.value.errors


def test_rates_are_checked(db):
    bad_rates = [RateEntry(Role.CARE_WORKER, date(2026, 4, 1), Decimal("0")),
                 RateEntry(Role.SUPPORT_WORKER, date(2026, 4, 1), Decimal("20"), Decimal("250")),
                 RateEntry(Role.REGISTERED_NURSE, date(2026, 4, 1), Decimal("40")),
                 RateEntry(Role.REGISTERED_NURSE, date(2026, 4, 1), Decimal("41"))]
    with pytest.raises(ValidationError) as raised:
        save_provider(db, ADMIN, tŷ_gwyn(rates=bad_rates))
    assert set(raised.value.errors) == {"rates[0]", "rates[1]", "rates[3]"}


def test_more_welsh_speakers_than_people_supported_is_refused(db):
    with pytest.raises(ValidationError) as raised:
        save_provider(db, ADMIN, tŷ_gwyn(people_supported=5, people_preferring_welsh=6))
    assert "people_preferring_welsh" in raised.value.errors


def test_taking_a_worker_off_the_list_and_back_reuses_the_row(db, today):
    worker = add_worker(db, today)
    provider_id = save_provider(db, ADMIN, tŷ_gwyn(preferences=[PreferenceEntry(worker, PreferenceKind.PREFERRED)]))
    save_provider(db, ADMIN, replace(load_provider(db, provider_id), preferences=[]))
    assert load_provider(db, provider_id).preferences == []
    save_provider(db, ADMIN, replace(load_provider(db, provider_id),
                                     preferences=[PreferenceEntry(worker, PreferenceKind.DO_NOT_SEND, "Late twice")]))
    assert [p.kind for p in load_provider(db, provider_id).preferences] == [PreferenceKind.DO_NOT_SEND]


@pytest.mark.parametrize(
    ("role", "supported", "preferring", "expected"),
    [
        ("care_worker", 30, 0, (WelshRequirement.ESSENTIAL, 3)),
        ("support_worker", 40, 10, (WelshRequirement.DESIRABLE, 0)),  # exactly a quarter
        ("support_worker", 40, 9, (WelshRequirement.NONE, 0)),
        ("support_worker", 0, 0, (WelshRequirement.NONE, 0)),
    ],
)
def test_the_welsh_default_for_a_new_request(role, supported, preferring, expected):
    assert default_welsh_requirement(role, ["care_worker"], 3, supported, preferring) == expected
    assert is_welsh_preferring(40, 10) and not is_welsh_preferring(40, 9)
