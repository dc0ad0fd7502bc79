"""Pay lines for the payroll export: hours per worker per pay period by pay type.

Workers are paid for the shifts they worked whether or not the provider is
charged, so shadow shifts are paid here although they are never charged.
Services pass the shifts to pay: timesheets signed or verified, and any
late-cancelled booking the pay policy says to pay.

A worker's hours are split into bands exactly as charges are
(:mod:`time_bands`), using the pay uplifts (``pay_uplift_pct.<band>``
settings) and the hourly pay rate for the role (``pay_rate.<role>``), both in
force on the shift's date. Lines are grouped by worker, pay code and rate, so
a pay rise in the middle of a period gives two lines, each true to its rate.
Each line's amount is computed from the exact seconds and rounded once.

Besides the hour bands there are two amount-only elements:

* ``HOLPAY`` — rolled-up holiday pay for workers who accrue it (bank and
  new-to-care): ``holiday_accrual_pct`` of the line's qualifying pay;
* ``MILEAGE`` — miles from the timesheets × ``mileage_rate_per_mile``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from localitydesk.domain.charging import (
    HOLIDAY_ACCRUAL_PCT,
    HUNDRED,
    MILEAGE_RATE,
    ZERO,
    DatedSettings,
    WorkedShift,
    accrues_holiday_pay,
    pay_rate_key,
    pay_uplifts,
    round_money,
)
from localitydesk.domain.time_bands import BAND_LABELS, Band
from localitydesk.i18n import N_


class PayCode(StrEnum):
    """Element codes as the bureau sets them up; stable, never translated."""

    BASIC = "BASIC"
    NIGHT = "NIGHT"
    SATURDAY = "SAT"
    SUNDAY = "SUN"
    BANK_HOLIDAY = "BANKHOL"
    HOLIDAY_PAY = "HOLPAY"
    MILEAGE = "MILEAGE"


class UnitType(StrEnum):
    HOURS = "HOURS"
    MILES = "MILES"
    # Holiday pay: units are the qualifying pay in pounds, rate a percentage.
    PERCENT_OF_PAY = "PCT_OF_PAY"


BAND_PAY_CODES = {
    Band.BASIC: PayCode.BASIC,
    Band.NIGHT: PayCode.NIGHT,
    Band.SATURDAY: PayCode.SATURDAY,
    Band.SUNDAY: PayCode.SUNDAY,
    Band.BANK_HOLIDAY: PayCode.BANK_HOLIDAY,
}
PAY_CODE_LABELS = {
    **{code: BAND_LABELS[band] for band, code in BAND_PAY_CODES.items()},
    PayCode.HOLIDAY_PAY: N_("Holiday pay"),
    PayCode.MILEAGE: N_("Mileage"),
}
_CODE_ORDER = {code: index for index, code in enumerate(PayCode)}


@dataclass(frozen=True, slots=True)
class PayPeriod:
    start: date
    end: date  # inclusive

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class PayLine:
    worker_id: Hashable
    period: PayPeriod
    code: PayCode
    unit_type: UnitType
    units: Decimal  # exact: hours, miles, or qualifying pay
    rate: Decimal
    amount: Decimal


def pay_lines(shifts: Iterable[WorkedShift], period: PayPeriod, settings: DatedSettings) -> list[PayLine]:
    """Every pay line for the shifts starting (local date) within ``period``."""
    # (worker, code, rate) -> exact quantity; hours are kept as seconds so a
    # third of an hour is never rounded before the line's one rounding.
    seconds: dict[tuple[Hashable, PayCode, Decimal], int] = {}
    qualifying: dict[tuple[Hashable, PayCode, Decimal], Decimal] = {}
    miles: dict[tuple[Hashable, PayCode, Decimal], Decimal] = {}
    for shift in shifts:
        day = shift.shift_date
        if day not in period:
            continue
        base_rate = settings.value_on(pay_rate_key(shift.role), day)
        uplifts = pay_uplifts(settings, day)
        shift_pay = ZERO
        for band, band_seconds in shift.measure().seconds_by_band(uplifts).items():
            rate = base_rate * uplifts.multiplier(band)
            key = (shift.worker_id, BAND_PAY_CODES[band], rate)
            seconds[key] = seconds.get(key, 0) + band_seconds
            shift_pay += Decimal(band_seconds) * rate / 3600
        if accrues_holiday_pay(shift.employment_type):
            key = (shift.worker_id, PayCode.HOLIDAY_PAY, settings.value_on(HOLIDAY_ACCRUAL_PCT, day))
            qualifying[key] = qualifying.get(key, ZERO) + shift_pay
        if shift.mileage:
            key = (shift.worker_id, PayCode.MILEAGE, settings.value_on(MILEAGE_RATE, day))
            miles[key] = miles.get(key, ZERO) + shift.mileage

    lines = [
        PayLine(worker, period, code, UnitType.HOURS, Decimal(secs) / 3600, rate, round_money(Decimal(secs) * rate / 3600))
        for (worker, code, rate), secs in seconds.items()
    ]
    lines += [
        PayLine(worker, period, code, UnitType.PERCENT_OF_PAY, pay, pct, round_money(pay * pct / HUNDRED))
        for (worker, code, pct), pay in qualifying.items()
    ]
    lines += [
        PayLine(worker, period, code, UnitType.MILES, distance, rate, round_money(distance * rate))
        for (worker, code, rate), distance in miles.items()
    ]
    lines.sort(key=lambda line: (str(line.worker_id), _CODE_ORDER[line.code], line.rate))
    return lines
