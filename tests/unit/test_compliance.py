"""Compliance items by role, fitness for a shift, and Workers-page states."""

from __future__ import annotations

from datetime import date, timedelta

from localitydesk.domain import compliance as comp
from localitydesk.domain.vocabulary import ComplianceType as C
from localitydesk.domain.vocabulary import Role

TODAY = date(2026, 3, 10)


def test_everyone_needs_dbs_safeguarding_and_manual_handling():
    for role in Role:
        needed = comp.required_items(role)
        assert {C.DBS_ENHANCED, C.SAFEGUARDING, C.MANUAL_HANDLING} <= set(needed)


def test_role_specific_items():
    assert C.SCW_REGISTRATION in comp.required_items(Role.CARE_WORKER)
    assert C.MEDICATION not in comp.required_items(Role.CARE_WORKER)
    assert C.MEDICATION in comp.required_items(Role.SENIOR_CARE_WORKER)
    nurse = comp.required_items(Role.REGISTERED_NURSE)
    assert C.NMC_REGISTRATION in nurse and C.MEDICATION in nurse and C.SCW_REGISTRATION not in nurse
    assert C.SCW_REGISTRATION not in comp.required_items(Role.HEALTHCARE_SUPPORT_WORKER)


def test_required_skills_that_are_items_are_needed_too():
    needed = comp.required_items(Role.CARE_WORKER, ["first_aid", "peg_feeding", "first_aid"])
    assert needed.count(C.FIRST_AID) == 1
    assert "peg_feeding" not in needed


def test_an_item_expiring_on_the_shifts_last_day_is_a_gap_the_day_after_is_not():
    needed = comp.required_items(Role.CARE_WORKER)
    held = {kind: date(2030, 1, 1) for kind in needed}
    assert comp.gaps_for_shift(held, needed, TODAY) == ()
    assert comp.fit_for_shift(held, needed, TODAY)
    held[C.SAFEGUARDING] = TODAY
    [gap] = comp.gaps_for_shift(held, needed, TODAY)
    assert gap.kind == C.SAFEGUARDING and not gap.missing
    assert not comp.fit_for_shift(held, needed, TODAY)
    held[C.SAFEGUARDING] = TODAY + timedelta(days=1)
    assert comp.fit_for_shift(held, needed, TODAY)
    del held[C.DBS_ENHANCED]
    [gap] = comp.gaps_for_shift(held, needed, TODAY)
    assert gap.missing
    assert gap.describe("en") == "Enhanced DBS check: missing"


def test_items_without_expiry_stay_valid():
    assert comp.fit_for_shift({C.FIRST_AID: None}, [C.FIRST_AID], TODAY)
    assert comp.item_status(None, TODAY) == comp.ComplianceStatus.VALID


def test_status_boundaries_for_the_workers_page():
    assert comp.item_status(TODAY, TODAY) == comp.ComplianceStatus.EXPIRED
    assert comp.item_status(TODAY + timedelta(days=1), TODAY) == comp.ComplianceStatus.EXPIRING
    assert comp.item_status(TODAY + timedelta(days=30), TODAY) == comp.ComplianceStatus.EXPIRING
    assert comp.item_status(TODAY + timedelta(days=31), TODAY) == comp.ComplianceStatus.VALID
    assert comp.item_status(TODAY + timedelta(days=10), TODAY, warning_days=7) == comp.ComplianceStatus.VALID


def test_worker_states_list_needed_items_and_the_worst_wins():
    held = {
        C.DBS_ENHANCED: TODAY + timedelta(days=400),
        C.SAFEGUARDING: TODAY + timedelta(days=5),
        C.FOOD_HYGIENE: TODAY - timedelta(days=1),
    }
    states = {s.kind: s for s in comp.worker_states(held, [Role.CARE_WORKER], TODAY)}
    assert states[C.SAFEGUARDING].status == comp.ComplianceStatus.EXPIRING
    assert states[C.SAFEGUARDING].days_left == 5
    assert states[C.MANUAL_HANDLING].status == comp.ComplianceStatus.MISSING
    assert states[C.FOOD_HYGIENE].status == comp.ComplianceStatus.EXPIRED  # held though not needed
    assert comp.overall_status(states.values()) == comp.ComplianceStatus.MISSING
    assert comp.status_label(comp.ComplianceStatus.MISSING, "cy") == "Ar goll"
