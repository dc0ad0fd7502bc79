"""A worker's compliance at a glance, for lists and the dashboard.

The Workers page shows one state per worker: the worst of their items, and
"missing" when an item their main role needs is absent. Expiring means on or
before ``today + EXPIRING_WITHIN_DAYS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from localitydesk.i18n import N_, _

from .vocabulary import ComplianceType

EXPIRING_WITHIN_DAYS = 30


class ComplianceState(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def severity(self) -> int:
        """Higher is worse; lists sort the worst first when asked."""
        return _SEVERITY[self]


_SEVERITY = {
    ComplianceState.VALID: 0,
    ComplianceState.EXPIRING: 1,
    ComplianceState.EXPIRED: 2,
    ComplianceState.MISSING: 3,
}
_LABELS = {
    ComplianceState.VALID: N_("Valid"),
    ComplianceState.EXPIRING: N_("Expiring soon"),
    ComplianceState.EXPIRED: N_("Expired"),
    ComplianceState.MISSING: N_("Missing items"),
}


def compliance_state_label(state: ComplianceState) -> str:
    return _(_LABELS[state])


def item_state(expires_on: date | None, today: date) -> ComplianceState:
    if expires_on is None:
        return ComplianceState.VALID
    if expires_on < today:
        return ComplianceState.EXPIRED
    if expires_on <= today + timedelta(days=EXPIRING_WITHIN_DAYS):
        return ComplianceState.EXPIRING
    return ComplianceState.VALID


def worker_compliance_state(
    items: Iterable[tuple[ComplianceType, date | None]],
    today: date,
    required: Iterable[ComplianceType] = (),
) -> tuple[ComplianceState, date | None]:
    """(worst state, the earliest expiry that is not yet past or already past)."""
    items = list(items)
    held = {kind for kind, _expiry in items}
    state = ComplianceState.VALID
    if any(kind not in held for kind in required):
        state = ComplianceState.MISSING
    next_expiry = None
    for _kind, expires_on in items:
        current = item_state(expires_on, today)
        if current.severity > state.severity:
            state = current
        if expires_on is not None and current != ComplianceState.VALID:
            next_expiry = expires_on if next_expiry is None else min(next_expiry, expires_on)
    return state, next_expiry
