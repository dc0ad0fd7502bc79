"""Matching and booking through the services, on a real database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select

from localitydesk.domain.vocabulary import (
    BookingKind,
    BookingStatus,
    ComplianceType,
    EmploymentType,
    Language,
    PreferenceKind,
    ProviderType,
    RequestReason,
    RequestStatus,
    Role,
    WelshRequirement,
)
from localitydesk.services.bookings import BookingRefused, book_worker, cancel_booking
from localitydesk.services.errors import ServiceError
from localitydesk.services.matching import match_request
from localitydesk.services.providers import PreferenceEntry, ProviderProfile, save_provider
from localitydesk.services.requests import RequestForm, create_request, get_request
from localitydesk.services.workers import ComplianceEntry
from localitydesk.store.journal import Actor
from localitydesk.store.models import Booking, OutboxChange
from tests.factories import ADMIN, add_worker

ALL_ITEMS = [
    ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1))
    for kind in (ComplianceType.DBS_ENHANCED, ComplianceType.SAFEGUARDING, ComplianceType.MANUAL_HANDLING,
                 ComplianceType.SCW_REGISTRATION, ComplianceType.INFECTION_CONTROL, ComplianceType.FIRST_AID,
                 ComplianceType.MEDICATION, ComplianceType.MCA_DOLS, ComplianceType.FOOD_HYGIENE)
]
MANAGER = Actor(user_id=None, name="Rheolwr", role="manager")


@pytest.fixture
def scene(db, today):
    fluent = add_worker(db, today, staff_number="W1", first_name="Heledd", welsh_speaking=5, compliance_items=ALL_ITEMS)
    learner = add_worker(db, today, staff_number="W2", first_name="Tom", last_name="Baker", welsh_speaking=1,
                         preferred_language=Language.EN, compliance_items=ALL_ITEMS)
    barred = add_worker(db, today, staff_number="W3", first_name="Iolo", welsh_speaking=4, compliance_items=ALL_ITEMS)
    provider = save_provider(db, ADMIN, ProviderProfile(
        name_cy="Tŷ Ŵyn", name_en="Ty Wyn", kind=ProviderType.CARE_HOME, town="conwy",
        people_supported=20, people_preferring_welsh=15, welsh_essential_roles=["care_worker"],
        preferences=[PreferenceEntry(barred, PreferenceKind.DO_NOT_SEND, "Asked by family")],
    ))
    request = create_request(db, ADMIN, RequestForm(
        provider_id=provider, role=Role.CARE_WORKER, day=date(2026, 11, 26), start=time(8), end=time(16),
        reason=RequestReason.SICKNESS, unpaid_break_minutes=30,
        welsh_requirement=WelshRequirement.ESSENTIAL, welsh_level=3,
    ))
    return dict(fluent=fluent, learner=learner, barred=barred, provider=provider, request=request)


def test_welsh_essential_ranks_the_fluent_speaker_and_explains_the_rest(db, scene):
    outcome = match_request(db, scene["request"], explain=True, language="en")
    assert [c.worker_id for c in outcome.candidates] == [scene["fluent"]]
    assert any("Welsh" in reason for reason in outcome.candidates[0].reasons)
    excluded = {e.worker_id: [r["rule"] for r in e.rules] for e in outcome.excluded}
    assert "welsh_essential" in excluded[scene["learner"]]
    assert "do_not_send" in excluded[scene["barred"]]
    welsh = match_request(db, scene["request"], explain=True, language="cy")
    assert any("Hyfedr" in reason for reason in welsh.candidates[0].reasons)


def test_booking_the_top_candidate_fills_the_request_and_journals_it(db, scene):
    result = book_worker(db, ADMIN, scene["request"], scene["fluent"])
    row = get_request(db, scene["request"])
    assert row.booked == 1 and row.status == RequestStatus.FILLED
    with db.session() as session:
        booking = session.get(Booking, result.booking_id)
        assert (booking.kind, booking.status) == (BookingKind.BANK, BookingStatus.CONFIRMED)
        assert session.scalar(select(OutboxChange).where(OutboxChange.entity == "booking")) is not None


def test_a_hard_rule_refuses_the_booking_with_its_reasons(db, scene):
    with pytest.raises(BookingRefused) as refused:
        book_worker(db, ADMIN, scene["request"], scene["learner"])
    assert any("Welsh" in reason for reason in refused.value.reasons)
    assert not refused.value.overridable


def test_a_working_time_breach_needs_a_manager_with_a_reason(db, scene, today):
    fluent = scene["fluent"]
    book_worker(db, ADMIN, scene["request"], fluent)
    # An evening shift the same day leaves two hours' rest after the 08:00–16:00 one.
    night = create_request(db, ADMIN, RequestForm(
        provider_id=scene["provider"], role=Role.CARE_WORKER, day=date(2026, 11, 26), start=time(18), end=time(23),
        reason=RequestReason.SURGE, unpaid_break_minutes=0,
    ))
    with pytest.raises(BookingRefused) as refused:
        book_worker(db, ADMIN, night, fluent)
    assert refused.value.overridable
    with pytest.raises(BookingRefused):
        book_worker(db, ADMIN, night, fluent, override_reason="Compensatory rest on Friday")  # not a manager
    result = book_worker(db, MANAGER, night, fluent, override_reason="Compensatory rest on Friday")
    assert result.overridden


def test_a_worker_cannot_be_booked_twice_on_one_request(db, scene):
    book_worker(db, ADMIN, scene["request"], scene["fluent"])
    with pytest.raises(ServiceError):
        book_worker(db, ADMIN, scene["request"], scene["fluent"])


def test_a_late_cancellation_by_the_provider_is_chargeable(db, scene):
    booking = book_worker(db, ADMIN, scene["request"], scene["fluent"]).booking_id
    starts = datetime(2026, 11, 26, 8, tzinfo=timezone.utc)
    late = cancel_booking(db, ADMIN, booking, by_provider=True, reason="Resident discharged", now=starts - timedelta(hours=5))
    assert late
    assert get_request(db, scene["request"]).status == RequestStatus.OPEN


def test_an_early_cancellation_is_not_chargeable(db, scene):
    booking = book_worker(db, ADMIN, scene["request"], scene["fluent"]).booking_id
    starts = datetime(2026, 11, 26, 8, tzinfo=timezone.utc)
    assert not cancel_booking(db, ADMIN, booking, by_provider=True, reason="No longer needed", now=starts - timedelta(hours=30))


def test_the_confirmation_is_in_the_workers_language_with_welsh_letters(db, scene, tmp_path):
    from pypdf import PdfReader

    from localitydesk.services.confirmations import confirmation_message, save_confirmation_pdf

    booking = book_worker(db, ADMIN, scene["request"], scene["fluent"]).booking_id  # prefers Welsh
    sms, email = confirmation_message(db, booking)
    assert "Tŷ Ŵyn" in sms and "Tŷ Ŵyn" in email
    assert "Iau 26" in sms or "Dydd Iau" in sms  # the day in Welsh
    pdf = save_confirmation_pdf(db, booking, tmp_path / "c.pdf")
    assert "Tŷ Ŵyn" in "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_an_override_covers_its_breach_and_not_a_later_one(db, scene):
    from localitydesk.services.working_time import worker_breaches

    fluent = scene["fluent"]
    book_worker(db, ADMIN, scene["request"], fluent)  # 08:00–16:00 on the 26th
    evening = create_request(db, ADMIN, RequestForm(
        provider_id=scene["provider"], role=Role.CARE_WORKER, day=date(2026, 11, 26), start=time(18), end=time(22),
        reason=RequestReason.SURGE,
    ))
    book_worker(db, MANAGER, evening, fluent, override_reason="Compensatory rest on Friday")
    live = [r for r in worker_breaches(db, fluent) if not r.overridden]
    assert live == []  # the rest breach the manager set aside is not reported as live
    early = create_request(db, ADMIN, RequestForm(
        provider_id=scene["provider"], role=Role.CARE_WORKER, day=date(2026, 11, 27), start=time(5), end=time(9),
        reason=RequestReason.SURGE,
    ))
    with pytest.raises(BookingRefused):  # a new breach with the evening shift needs its own decision
        book_worker(db, ADMIN, early, fluent)


def test_ranking_alone_returns_what_the_explained_match_returns(db, scene):
    """Without ``explain`` the service ranks from its kept pool (a view with the
    provider's history swapped in and the booked left out); with it, every
    worker through every rule. Both must give the same candidates, scores and words."""
    book_worker(db, ADMIN, scene["request"], scene["fluent"])  # history with this provider from now on
    later = create_request(db, ADMIN, RequestForm(
        provider_id=scene["provider"], role=Role.CARE_WORKER, day=date(2026, 12, 3), start=time(8), end=time(16),
        reason=RequestReason.SICKNESS, unpaid_break_minutes=30, staff_needed=2,
    ))
    book_worker(db, ADMIN, later, scene["learner"])
    for language in ("cy", "en"):
        ranked = match_request(db, later, language=language)
        explained = match_request(db, later, explain=True, language=language)
        assert ranked.candidates == explained.candidates
        assert ranked.excluded == []
    fluent = next(c for c in ranked.candidates if c.worker_id == scene["fluent"])
    assert any("worked here 1 time" in reason for reason in fluent.reasons)
    assert scene["learner"] not in {c.worker_id for c in ranked.candidates}
    assert scene["learner"] not in {e.worker_id for e in explained.excluded}
