"""Saving, loading and validating worker profiles through the service."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from localitydesk.domain.compliance_status import ComplianceState
from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, EmploymentType, Role
from localitydesk.services.errors import ValidationError
from localitydesk.services.workers import (
    AbsenceEntry,
    AvailabilityEntry,
    ComplianceEntry,
    list_workers,
    load_worker,
    mark_leaver,
    save_worker,
)
from localitydesk.store.models import AuditEntry, Worker
from tests.factories import ADMIN, add_worker, profile


def test_a_profile_round_trips_with_every_part(db, today):
    original = profile(
        employment_type=EmploymentType.CORE,
        roles=[Role.CARE_WORKER, Role.SUPPORT_WORKER],
        date_of_birth=date(1990, 5, 17),
        notes_cy="Yn hoffi gweithio'r nos ym Mhlas Ŷd",
        notes_en="Prefers nights",
        availability=[AvailabilityEntry(0, time(8), time(20)), AvailabilityEntry(4, time(20), time(8))],
        absences=[AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, date(2026, 12, 24), date(2026, 12, 27), "Nadolig")],
    )
    worker_id = save_worker(db, ADMIN, original, today)
    loaded = load_worker(db, worker_id)
    assert loaded.contracted_hours == Decimal("37.5")
    assert loaded.roles == [Role.CARE_WORKER, Role.SUPPORT_WORKER]
    assert loaded.notes_cy == "Yn hoffi gweithio'r nos ym Mhlas Ŷd"
    assert [(a.weekday, a.start_time, a.end_time) for a in loaded.availability] == [(0, time(8), time(20)), (4, time(20), time(8))]
    assert loaded.absences[0].note == "Nadolig"
    assert loaded.compliance_items[0].kind == ComplianceType.DBS_ENHANCED


def test_invalid_fields_are_reported_each_by_name_and_nothing_is_saved(db, today):
    bad = profile(first_name="  ", welsh_speaking=7, employment_type=EmploymentType.CORE, contracted_hours=None,
                  leaving_date=date(2020, 1, 1), leaving_reason="")
    with pytest.raises(ValidationError) as raised:
        save_worker(db, ADMIN, bad, today)
    assert set(raised.value.errors) == {"first_name", "welsh_speaking", "contracted_hours", "leaving_date", "leaving_reason"}
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Worker)) == 0


def test_under_eighteens_cannot_opt_out(db, today):
    with pytest.raises(ValidationError) as raised:
        save_worker(db, ADMIN, profile(date_of_birth=date(2009, 6, 1), wtr_opt_out=True), today)
    assert "wtr_opt_out" in raised.value.errors


def test_staff_numbers_are_unique_within_the_locality(db, today):
    add_worker(db, today)
    with pytest.raises(ValidationError) as raised:
        add_worker(db, today, first_name="Dafydd")
    assert "W0001" in raised.value.errors["staff_number"]


def test_every_save_is_audited_with_who_before_and_after(db, today):
    worker_id = add_worker(db, today)
    changed = replace(load_worker(db, worker_id), last_name="ap Gwynedd", welsh_speaking=5)
    save_worker(db, ADMIN, changed, today)
    with db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "worker", AuditEntry.action == "update_worker")
        ).one()
    assert entry.actor == "Test Admin"
    assert (entry.before["last_name"], entry.after["last_name"]) == ("Llwyd", "ap Gwynedd")
    assert (entry.before["welsh_speaking"], entry.after["welsh_speaking"]) == (4, 5)


def test_a_leaver_keeps_their_record_and_leaves_the_current_list(db, today):
    worker_id = add_worker(db, today)
    mark_leaver(db, ADMIN, worker_id, date(2026, 11, 1), "Moved to Ceredigion", today)
    rows = {row.id: row for row in list_workers(db, today)}
    assert not rows[worker_id].is_current(today)
    assert load_worker(db, worker_id).leaving_reason == "Moved to Ceredigion"


def test_a_leaver_needs_a_reason(db, today):
    worker_id = add_worker(db, today)
    with pytest.raises(ValidationError) as raised:
        mark_leaver(db, ADMIN, worker_id, date(2026, 11, 1), "   ", today)
    assert "leaving_reason" in raised.value.errors


def test_the_list_shows_the_worst_compliance_state(db, today):
    from localitydesk.domain.compliance import required_items

    # A care worker holds everything their role needs, valid until 2028…
    complete = [ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1)) for kind in required_items(Role.CARE_WORKER)]
    others = [e for e in complete if e.kind not in (ComplianceType.SAFEGUARDING, ComplianceType.MANUAL_HANDLING)]
    expired = ComplianceEntry(ComplianceType.SAFEGUARDING, "", date(2023, 1, 1), date(2026, 11, 1))
    expiring = ComplianceEntry(ComplianceType.MANUAL_HANDLING, "", date(2023, 1, 1), date(2026, 12, 20))
    valid_id = add_worker(db, today, compliance_items=complete)
    expiring_id = add_worker(db, today, staff_number="W2", compliance_items=others + [expiring, complete[1]])
    expired_id = add_worker(db, today, staff_number="W3", compliance_items=others + [expiring, expired])
    missing_id = add_worker(db, today, staff_number="W4", compliance_items=[complete[0]])  # DBS only
    states = {row.id: (row.compliance, row.next_expiry) for row in list_workers(db, today)}
    assert states[valid_id] == (ComplianceState.VALID, None)
    assert states[missing_id][0] == ComplianceState.MISSING
    assert states[expiring_id] == (ComplianceState.EXPIRING, date(2026, 12, 20))
    assert states[expired_id] == (ComplianceState.EXPIRED, date(2026, 11, 1))


def test_removing_a_compliance_item_withdraws_it_rather_than_deleting_it(db, today):
    worker_id = add_worker(db, today)
    save_worker(db, ADMIN, replace(load_worker(db, worker_id), compliance_items=[]), today)
    assert load_worker(db, worker_id).compliance_items == []
    with db.session() as session:
        from localitydesk.store.models import ComplianceItem

        item = session.scalars(select(ComplianceItem)).one()
        assert item.deleted_at is not None
