"""Which compliance items a role needs, and whether a worker's are in date.

A worker may only go to a shift when every item the role needs is held and
still valid at the shift's end: an item expiring on the shift's last day (or
before) is treated as lapsed, since the worker would finish the shift without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from localitydesk.domain.vocabulary import ComplianceType, Role
from localitydesk.domain.wording import Wording
from localitydesk.i18n import N_

# Everyone sent into a care or health setting.
EVERYONE: tuple[ComplianceType, ...] = (
    ComplianceType.DBS_ENHANCED,
    ComplianceType.SAFEGUARDING,
    ComplianceType.MANUAL_HANDLING,
)

# Social Care Wales registers domiciliary and adult care home workers (and
# supported living, which is domiciliary support); NHS healthcare support
# workers are not registered with it, nurses are registered with the NMC.
# Medication is needed wherever the role gives it.
ROLE_REQUIREMENTS: dict[Role, tuple[ComplianceType, ...]] = {
    Role.CARE_WORKER: EVERYONE + (ComplianceType.SCW_REGISTRATION,),
    Role.SUPPORT_WORKER: EVERYONE + (ComplianceType.SCW_REGISTRATION,),
    Role.SENIOR_CARE_WORKER: EVERYONE + (ComplianceType.SCW_REGISTRATION, ComplianceType.MEDICATION),
    Role.HEALTHCARE_SUPPORT_WORKER: EVERYONE + (ComplianceType.INFECTION_CONTROL,),
    Role.REGISTERED_NURSE: EVERYONE
    + (ComplianceType.NMC_REGISTRATION, ComplianceType.MEDICATION, ComplianceType.INFECTION_CONTROL),
}

DEFAULT_WARNING_DAYS = 30
_COMPLIANCE_CODES = frozenset(item.value for item in ComplianceType)


def required_items(role: Role | str, required_skills: Iterable[str] = ()) -> tuple[ComplianceType, ...]:
    """The items a worker must hold for this role, plus any the request names.

    A request's required skills that are compliance item codes (``first_aid``,
    ``food_hygiene`` …) become items the worker must hold too.
    """
    needed = list(ROLE_REQUIREMENTS[Role(role)])
    for skill in required_skills:
        if skill in _COMPLIANCE_CODES and ComplianceType(skill) not in needed:
            needed.append(ComplianceType(skill))
    return tuple(needed)


def is_compliance_code(skill: str) -> bool:
    return skill in _COMPLIANCE_CODES


@dataclass(frozen=True, slots=True)
class ComplianceGap:
    """An item the worker lacks for a shift: missing, or lapsing by its end."""

    kind: ComplianceType
    expires_on: date | None  # None: the worker does not hold it at all

    @property
    def missing(self) -> bool:
        return self.expires_on is None

    def describe(self, language: str | None = None, today: date | None = None) -> str:
        """'DBS: expired Friday 9 October 2026' or 'DBS: expires …': the tense
        follows the day it is read, not the shift it was checked against."""
        w = Wording(language)
        if self.missing:
            return w.gettext("{item}: missing").format(item=w.label(self.kind))
        lapsed = self.expires_on < (today or date.today())
        text = w.gettext("{item}: expired {date}") if lapsed else w.gettext("{item}: expires {date}")
        return w.sentence(text.format(item=w.label(self.kind), date=w.day(self.expires_on)))


# A held item with no expiry date (e.g. a training certificate kept for life)
# is valid indefinitely; the mapping value for it is None.
Held = Mapping[str, "date | None"]


def gaps_for_shift(held: Held, needed: Iterable[str], shift_end: date) -> tuple[ComplianceGap, ...]:
    """The needed items that are missing or expire on or before ``shift_end`` (a local date)."""
    gaps = []
    for kind in needed:
        if kind not in held:
            gaps.append(ComplianceGap(ComplianceType(kind), None))
            continue
        expires = held[kind]
        if expires is not None and expires <= shift_end:
            gaps.append(ComplianceGap(ComplianceType(kind), expires))
    return tuple(gaps)


def fit_for_shift(held: Held, needed: Iterable[str], shift_end: date) -> bool:
    """The fast form of :func:`gaps_for_shift` for matching: no gaps at all."""
    for kind in needed:
        if kind not in held:
            return False
        expires = held[kind]
        if expires is not None and expires <= shift_end:
            return False
    return True


class ComplianceStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


_STATUS_LABELS = {
    ComplianceStatus.VALID: N_("Valid"),
    ComplianceStatus.EXPIRING: N_("Expiring soon"),
    ComplianceStatus.EXPIRED: N_("Expired"),
    ComplianceStatus.MISSING: N_("Missing"),
}
_SEVERITY = {
    ComplianceStatus.VALID: 0,
    ComplianceStatus.EXPIRING: 1,
    ComplianceStatus.EXPIRED: 2,
    ComplianceStatus.MISSING: 3,
}


def status_label(status: ComplianceStatus, language: str | None = None) -> str:
    return Wording(language).gettext(_STATUS_LABELS[status])


def item_status(expires_on: date | None, today: date, warning_days: int = DEFAULT_WARNING_DAYS) -> ComplianceStatus:
    """Valid, expiring within ``warning_days`` (inclusive), or expired (on its expiry day, too)."""
    if expires_on is None:
        return ComplianceStatus.VALID
    if expires_on <= today:
        return ComplianceStatus.EXPIRED
    if expires_on <= today + timedelta(days=warning_days):
        return ComplianceStatus.EXPIRING
    return ComplianceStatus.VALID


@dataclass(frozen=True, slots=True)
class ItemState:
    kind: ComplianceType
    status: ComplianceStatus
    expires_on: date | None
    days_left: int | None  # None when held without expiry or missing


def worker_states(
    held: Held,
    roles: Iterable[Role | str],
    today: date,
    warning_days: int = DEFAULT_WARNING_DAYS,
) -> tuple[ItemState, ...]:
    """The state of every item the worker's roles need, and of any other item held.

    For the Workers page: each needed item valid, expiring, expired or missing.
    """
    needed: list[ComplianceType] = []
    for role in roles:
        for kind in ROLE_REQUIREMENTS[Role(role)]:
            if kind not in needed:
                needed.append(kind)
    for kind in held:
        if ComplianceType(kind) not in needed:
            needed.append(ComplianceType(kind))
    states = []
    for kind in needed:
        if kind not in held:
            states.append(ItemState(kind, ComplianceStatus.MISSING, None, None))
            continue
        expires = held[kind]
        days_left = None if expires is None else (expires - today).days
        states.append(ItemState(kind, item_status(expires, today, warning_days), expires, days_left))
    return tuple(states)


def overall_status(states: Iterable[ItemState]) -> ComplianceStatus:
    """The worst state among items, for one badge per worker."""
    worst = ComplianceStatus.VALID
    for state in states:
        if _SEVERITY[state.status] > _SEVERITY[worst]:
            worst = state.status
    return worst
