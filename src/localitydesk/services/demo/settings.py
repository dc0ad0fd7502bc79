"""The dated settings a locality needs before it can recharge and pay:
the statutory on-costs and believable pay rates for each role."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from localitydesk.domain.charging import STANDARD_SETTINGS, pay_rate_key, pay_uplift_key
from localitydesk.domain.time_bands import Band
from localitydesk.domain.vocabulary import Role

# Hourly pay from April 2026: a little above the Real Living Wage for care roles.
PAY_RATES = {
    Role.CARE_WORKER: Decimal("13.10"),
    Role.SUPPORT_WORKER: Decimal("13.10"),
    Role.SENIOR_CARE_WORKER: Decimal("14.20"),
    Role.HEALTHCARE_SUPPORT_WORKER: Decimal("13.45"),
    Role.REGISTERED_NURSE: Decimal("23.50"),
}
PAY_UPLIFTS = {Band.NIGHT: Decimal("10"), Band.SATURDAY: Decimal("5"), Band.SUNDAY: Decimal("10"), Band.BANK_HOLIDAY: Decimal("50")}
PAY_FROM = date(2026, 4, 1)


def setting_rows(new_id, locality_id, created_at: datetime) -> list[dict]:
    values = [(s.key, s.effective_from, s.value) for s in STANDARD_SETTINGS]
    # Earlier pay years too, so past demo shifts are paid at the rate of their day.
    for role, rate in PAY_RATES.items():
        values.append((pay_rate_key(role.value), date(2024, 4, 1), rate - Decimal("0.80")))
        values.append((pay_rate_key(role.value), PAY_FROM, rate))
    values += [(pay_uplift_key(band), date(2024, 4, 1), pct) for band, pct in PAY_UPLIFTS.items()]
    return [
        {
            "id": new_id(), "locality_id": locality_id, "version": 1, "created_at": created_at, "updated_at": created_at,
            "key": key, "value": str(value), "effective_from": effective_from, "set_by_id": None,
        }
        for key, effective_from, value in values
    ]
