"""What a provider is charged for worked shifts: plain data in, Decimal out.

Two charging bases (``ChargingBasis``):

* **rate card** — paid hours × the provider's hourly rate for the role, from
  the rate card entry in force on the shift's date (the latest
  ``effective_from`` on or before it), with that entry's uplift for the band
  each hour falls in (see :mod:`time_bands` for bands and precedence);
* **cost recharge** — what the worker costs us: paid hours × the pay rate for
  the role with the pay uplifts (see :mod:`pay`), plus holiday accrual for
  workers without contracted paid leave (bank and new-to-care; 12.07%), plus
  employer National Insurance and employer pension on pay and holiday pay.
  NI is charged as the flat percentage set by finance: the secondary
  threshold belongs to the worker's whole pay period, not to one shift.

Every rate is a dated setting or a dated rate card entry, so re-running an
old statement gives the old answer.

Rules an administrator can rely on:

* Money is Decimal and rounded half-up to the penny **once per line**: a
  line's amount is computed exactly from the seconds worked and rounded at the
  end; VAT is its own line on the subtotal.
* Shadow shifts are never charged (they produce no line at all).
* A late cancellation flagged chargeable is its own line, charged for the
  booked shift at ``late_cancellation_charge_pct`` of the full charge (100%
  unless set).
* The shift's date, for rates and statements, is the local date it starts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from localitydesk.domain.time_bands import (
    Band,
    ShiftTime,
    Uplifts,
    local_date,
    measure_shift,
    seconds_to_hours,
)
from localitydesk.domain.vocabulary import BookingKind, ChargingBasis, EmploymentType, Role
from localitydesk.i18n import N_, formatting, translate_in

ZERO = Decimal(0)
PENNY = Decimal("0.01")
HUNDRED = Decimal(100)

# Setting keys (rows of the ``setting`` table; values are decimal strings).
VAT_RATE_PCT = "vat_rate_pct"
EMPLOYER_NI_PCT = "employer_ni_pct"
EMPLOYER_PENSION_PCT = "employer_pension_pct"
HOLIDAY_ACCRUAL_PCT = "holiday_accrual_pct"
LATE_CANCELLATION_CHARGE_PCT = "late_cancellation_charge_pct"
MILEAGE_RATE = "mileage_rate_per_mile"


def pay_rate_key(role: str) -> str:
    """The setting holding the hourly pay rate for a role, e.g. ``pay_rate.care_worker``."""
    return f"pay_rate.{role}"


def pay_uplift_key(band: Band) -> str:
    """The setting holding the pay uplift for a band, e.g. ``pay_uplift_pct.night``."""
    return f"pay_uplift_pct.{band.value}"


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


class ChargingError(ValueError):
    """A charge that cannot be worked out. ``message`` is an English msgid with
    named placeholders; :meth:`text` gives it in either language."""

    def __init__(self, message: str, **values):
        super().__init__(message.format(**values))
        self.message = message
        self.values = values

    def text(self, language: str) -> str:
        from localitydesk.domain.wording import Wording

        wording = Wording(language)
        shown = {name: _shown(value, wording) for name, value in self.values.items()}
        return translate_in(language, self.message).format(**shown)


def _shown(value, wording) -> str:
    """A value as a reader sees it: a day in words, a role by its name."""
    if isinstance(value, date):
        # No weekday: "ar 31 Mawrth 2025" reads right, "ar Dydd Llun" would need a mutation.
        return formatting.format_date(value, "d MMMM yyyy", language=wording.language)
    if value in Role.__members__.values():
        return wording.label(Role(value))
    return str(value)


# ---------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class DatedSetting:
    key: str
    effective_from: date
    value: Decimal


class DatedSettings:
    """Settings by key, each a history of values: the one in force on a day is
    the latest whose ``effective_from`` is on or before it."""

    def __init__(self, rows: Iterable[DatedSetting | tuple[str, date, object]] = ()):
        history: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
        for row in rows:
            key, effective_from, value = (row.key, row.effective_from, row.value) if isinstance(row, DatedSetting) else row
            history[key].append((effective_from, value if isinstance(value, Decimal) else Decimal(str(value))))
        self._dates: dict[str, list[date]] = {}
        self._values: dict[str, list[Decimal]] = {}
        for key, entries in history.items():
            entries.sort(key=lambda entry: entry[0])
            self._dates[key] = [entry[0] for entry in entries]
            self._values[key] = [entry[1] for entry in entries]

    def find(self, key: str, day: date) -> DatedSetting | None:
        """The row in force on ``day``, with the date it took effect."""
        dates = self._dates.get(key)
        if not dates:
            return None
        index = bisect_right(dates, day) - 1
        return DatedSetting(key, dates[index], self._values[key][index]) if index >= 0 else None

    def value_on(self, key: str, day: date, default: Decimal | None = None) -> Decimal:
        found = self.find(key, day)
        if found is not None:
            return found.value
        if default is not None:
            return default
        raise ChargingError(
            N_("No value for the setting {key} is in force on {day}."), key=key, day=day
        )


# A starting point the database can be seeded with; finance confirms each.
# Employer NI: 13.8% from 6 Nov 2022, 15% from 6 Apr 2025. Auto-enrolment
# minimum employer pension 3%. Holiday accrual 12.07% (5.6 weeks / 46.4).
STANDARD_SETTINGS = (
    DatedSetting(EMPLOYER_NI_PCT, date(2022, 11, 6), Decimal("13.8")),
    DatedSetting(EMPLOYER_NI_PCT, date(2025, 4, 6), Decimal("15")),
    DatedSetting(EMPLOYER_PENSION_PCT, date(2019, 4, 6), Decimal("3")),
    DatedSetting(HOLIDAY_ACCRUAL_PCT, date(2019, 4, 6), Decimal("12.07")),
    DatedSetting(LATE_CANCELLATION_CHARGE_PCT, date(2019, 4, 6), Decimal("100")),
    DatedSetting(MILEAGE_RATE, date(2011, 4, 6), Decimal("0.45")),
)


# ---------------------------------------------------------------- rate card


@dataclass(frozen=True, slots=True)
class RateCardEntry:
    """One row of a provider's rate card (mirrors ``store.models.RateCardEntry``)."""

    role: str
    effective_from: date
    hourly_rate: Decimal
    saturday_uplift_pct: Decimal = ZERO
    sunday_uplift_pct: Decimal = ZERO
    night_uplift_pct: Decimal = ZERO
    bank_holiday_uplift_pct: Decimal = ZERO

    @property
    def uplifts(self) -> Uplifts:
        return Uplifts(
            saturday=self.saturday_uplift_pct,
            sunday=self.sunday_uplift_pct,
            night=self.night_uplift_pct,
            bank_holiday=self.bank_holiday_uplift_pct,
        )


def rate_in_force(rate_card: Iterable[RateCardEntry], role: str, day: date) -> RateCardEntry:
    best: RateCardEntry | None = None
    for entry in rate_card:
        if entry.role == role and entry.effective_from <= day and (best is None or entry.effective_from > best.effective_from):
            best = entry
    if best is None:
        raise ChargingError(
            N_("The provider's rate card has no rate for the role {role} on {day}."), role=role, day=day
        )
    return best


@dataclass(frozen=True, slots=True)
class ProviderTerms:
    basis: ChargingBasis = ChargingBasis.RATE_CARD
    rate_card: tuple[RateCardEntry, ...] = ()


# ---------------------------------------------------------------- shifts and lines


@dataclass(frozen=True, slots=True)
class WorkedShift:
    """A shift to charge or pay: a timesheet's actual times, or a booking's
    booked times when it was cancelled late."""

    reference: str
    worker_id: Hashable
    role: str
    starts_at: datetime
    ends_at: datetime
    break_minutes: int = 0
    booking_kind: BookingKind = BookingKind.BANK
    employment_type: EmploymentType = EmploymentType.BANK
    mileage: Decimal = ZERO
    cancelled_late: bool = False

    @property
    def shift_date(self) -> date:
        return local_date(self.starts_at)

    def measure(self) -> ShiftTime:
        return measure_shift(self.starts_at, self.ends_at, self.break_minutes)


class LineKind(StrEnum):
    WORKED = "worked"
    LATE_CANCELLATION = "late_cancellation"


@dataclass(frozen=True, slots=True)
class BandCharge:
    """Hours in one band and the hourly rate they earn (uplift included, exact)."""

    band: Band
    hours: Decimal
    uplift_pct: Decimal
    hourly_rate: Decimal


@dataclass(frozen=True, slots=True)
class CostRecharge:
    """How a cost-recharge line is made up; percentages as in force that day."""

    pay: Decimal
    holiday_accrual_pct: Decimal
    employer_ni_pct: Decimal
    employer_pension_pct: Decimal


@dataclass(frozen=True, slots=True)
class ChargeLine:
    kind: LineKind
    reference: str
    worker_id: Hashable
    role: str
    shift_date: date
    starts_at: datetime
    ends_at: datetime
    break_minutes: int
    hours: Decimal
    bands: tuple[BandCharge, ...]
    basis: ChargingBasis
    # The day the rate card entry (or pay rate) used took effect.
    rate_from: date
    # Fraction of the full charge, in percent (100 unless a late cancellation says otherwise).
    charge_pct: Decimal
    amount: Decimal
    recharge: CostRecharge | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    lines: tuple[ChargeLine, ...]
    subtotal: Decimal
    vat_rate_pct: Decimal
    vat: Decimal
    total: Decimal

    @property
    def vat_applies(self) -> bool:
        return self.vat_rate_pct > 0


def _band_charges(time: ShiftTime, base_rate: Decimal, uplifts: Uplifts) -> tuple[tuple[BandCharge, ...], Decimal]:
    """Per-band hours and rates, and the exact (unrounded) sum of hours × rate."""
    seconds_by_band = time.seconds_by_band(uplifts)
    charges = []
    exact = ZERO
    for band in Band:
        seconds = seconds_by_band.get(band)
        if not seconds:
            continue
        rate = base_rate * uplifts.multiplier(band)
        charges.append(BandCharge(band, seconds_to_hours(seconds), uplifts.pct(band), rate))
        # Seconds × rate / 3600 rather than rounded hours × rate: no rounding before the line's one.
        exact += Decimal(seconds) * rate / 3600
    return tuple(charges), exact


def accrues_holiday_pay(employment_type: EmploymentType) -> bool:
    """Holiday accrues on hours for workers without contracted paid leave
    (bank, and new-to-care entrants, who are engaged on bank terms)."""
    return employment_type != EmploymentType.CORE


def pay_uplifts(settings: DatedSettings, day: date) -> Uplifts:
    """The uplifts on pay in force on a day; a band without a setting earns none."""
    return Uplifts(**{band.value: settings.value_on(pay_uplift_key(band), day, ZERO) for band in Band if band is not Band.BASIC})


def charge_shift(shift: WorkedShift, terms: ProviderTerms, settings: DatedSettings) -> ChargeLine | None:
    """The statement line for one shift, or None when it is never charged (shadow)."""
    if shift.booking_kind == BookingKind.SHADOW:
        return None
    day = shift.shift_date
    time = shift.measure()
    recharge = None
    if terms.basis == ChargingBasis.COST_RECHARGE:
        pay_rate = settings.value_on(pay_rate_key(shift.role), day)
        rate_from = settings.find(pay_rate_key(shift.role), day).effective_from
        bands, pay = _band_charges(time, pay_rate, pay_uplifts(settings, day))
        holiday_pct = settings.value_on(HOLIDAY_ACCRUAL_PCT, day) if accrues_holiday_pay(shift.employment_type) else ZERO
        ni_pct = settings.value_on(EMPLOYER_NI_PCT, day)
        pension_pct = settings.value_on(EMPLOYER_PENSION_PCT, day)
        with_holiday = pay * (1 + holiday_pct / HUNDRED)
        exact = with_holiday * (1 + (ni_pct + pension_pct) / HUNDRED)
        recharge = CostRecharge(pay, holiday_pct, ni_pct, pension_pct)
    else:
        entry = rate_in_force(terms.rate_card, shift.role, day)
        rate_from = entry.effective_from
        bands, exact = _band_charges(time, entry.hourly_rate, entry.uplifts)
    charge_pct = HUNDRED
    if shift.cancelled_late:
        charge_pct = settings.value_on(LATE_CANCELLATION_CHARGE_PCT, day, HUNDRED)
        exact = exact * charge_pct / HUNDRED
    return ChargeLine(
        kind=LineKind.LATE_CANCELLATION if shift.cancelled_late else LineKind.WORKED,
        reference=shift.reference,
        worker_id=shift.worker_id,
        role=shift.role,
        shift_date=day,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        break_minutes=shift.break_minutes,
        hours=time.paid_hours,
        bands=bands,
        basis=terms.basis,
        rate_from=rate_from,
        charge_pct=charge_pct,
        amount=round_money(exact),
        recharge=recharge,
    )


def build_statement(
    shifts: Sequence[WorkedShift], terms: ProviderTerms, settings: DatedSettings, tax_point: date
) -> Statement:
    """Lines in time order (worked and late-cancelled), subtotal, VAT at the
    rate in force on the tax point (none if not configured), total."""
    lines = [line for shift in shifts if (line := charge_shift(shift, terms, settings)) is not None]
    lines.sort(key=lambda line: (line.starts_at, line.kind != LineKind.WORKED, line.reference))
    subtotal = sum((line.amount for line in lines), ZERO)
    vat_rate = settings.value_on(VAT_RATE_PCT, tax_point, ZERO)
    vat = round_money(subtotal * vat_rate / HUNDRED)
    return Statement(tuple(lines), subtotal, vat_rate, vat, subtotal + vat)
