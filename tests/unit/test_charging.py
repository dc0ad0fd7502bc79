"""Charging and pay rules at their exact boundaries: clock changes, uplift
edges, precedence, effective dates, rounding once per line."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from localitydesk.domain.charging import (
    LATE_CANCELLATION_CHARGE_PCT,
    STANDARD_SETTINGS,
    VAT_RATE_PCT,
    ChargingError,
    DatedSettings,
    LineKind,
    ProviderTerms,
    RateCardEntry,
    WorkedShift,
    build_statement,
    charge_shift,
    pay_rate_key,
    pay_uplift_key,
    rate_in_force,
    round_money,
)
from localitydesk.domain.pay import PayCode, PayPeriod, UnitType, pay_lines
from localitydesk.domain.time_bands import Band, ShiftTimeError, Uplifts, break_window, crosses_clock_change, measure_shift
from localitydesk.domain.vocabulary import BookingKind, ChargingBasis, EmploymentType

LONDON = ZoneInfo("Europe/London")
CARE = "care_worker"
NURSE = "registered_nurse"


def at(y, mo, d, h=0, mi=0, fold=0) -> datetime:
    """A London wall-clock time as the aware UTC instant the store keeps."""
    return datetime(y, mo, d, h, mi, tzinfo=LONDON, fold=fold).astimezone(timezone.utc)


def rate_card(rate="20.00", saturday="10", sunday="50", night="20", bank_holiday="100", role=CARE, since=date(2020, 1, 1)):
    return RateCardEntry(role, since, D(rate), D(saturday), D(sunday), D(night), D(bank_holiday))


def terms(*entries):
    return ProviderTerms(ChargingBasis.RATE_CARD, tuple(entries) or (rate_card(),))


NO_SETTINGS = DatedSettings()


def shift(start, end, break_minutes=0, **kwargs):
    kwargs.setdefault("reference", "B-1")
    kwargs.setdefault("worker_id", "w1")
    kwargs.setdefault("role", CARE)
    return WorkedShift(starts_at=start, ends_at=end, break_minutes=break_minutes, **kwargs)


def hours_by_band(start, end, break_minutes=0, uplifts=Uplifts(D(10), D(50), D(20), D(100))):
    seconds = measure_shift(start, end, break_minutes).seconds_by_band(uplifts)
    return {band: D(s) / 3600 for band, s in seconds.items()}


# ------------------------------------------------------------ clock changes


def test_october_night_is_thirteen_real_hours():
    start, end = at(2025, 10, 25, 20), at(2025, 10, 26, 8)
    measured = measure_shift(start, end)
    assert measured.paid_hours == 13
    assert crosses_clock_change(start, end)


def test_march_night_is_eleven_real_hours():
    start, end = at(2026, 3, 28, 20), at(2026, 3, 29, 8)
    assert measure_shift(start, end).paid_hours == 11
    assert crosses_clock_change(start, end)
    assert not crosses_clock_change(at(2026, 3, 27, 20), at(2026, 3, 28, 8))


def test_october_night_charge_counts_the_repeated_hour_on_sunday():
    # Sat 20:00–24:00 night (+20% beats Saturday +10%), then Sunday (+50%)
    # from local midnight: 7 real hours to 06:00, and 2 more to 08:00.
    line = charge_shift(shift(at(2025, 10, 25, 20), at(2025, 10, 26, 8)), terms(), NO_SETTINGS)
    assert {b.band: b.hours for b in line.bands} == {Band.NIGHT: 4, Band.SUNDAY: 9}
    assert line.amount == D("4") * D("24.00") + D("9") * D("30.00") == D("366.00")


def test_march_night_charge_loses_the_skipped_hour():
    line = charge_shift(shift(at(2026, 3, 28, 20), at(2026, 3, 29, 8)), terms(), NO_SETTINGS)
    assert {b.band: b.hours for b in line.bands} == {Band.NIGHT: 4, Band.SUNDAY: 7}
    assert line.hours == 11
    assert line.amount == D("306.00")


def test_the_repeated_hour_itself_can_end_a_shift():
    # 01:30 BST then 01:30 GMT an hour later: a shift ending at the second 01:30.
    start = at(2025, 10, 26, 0, 0)
    first_half_past_one = at(2025, 10, 26, 1, 30, fold=0)
    second_half_past_one = at(2025, 10, 26, 1, 30, fold=1)
    assert measure_shift(start, first_half_past_one).paid_hours == D("1.5")
    assert measure_shift(start, second_half_past_one).paid_hours == D("2.5")


# ------------------------------------------------------------ uplift edges


def test_night_starts_at_twenty_hundred_not_a_minute_before():
    wednesday = (2025, 6, 4)
    assert hours_by_band(at(*wednesday, 12), at(*wednesday, 19, 59)) == {Band.BASIC: D(479) / 60}
    assert hours_by_band(at(*wednesday, 12), at(*wednesday, 20)) == {Band.BASIC: 8}
    assert hours_by_band(at(*wednesday, 12), at(*wednesday, 20, 1)) == {Band.BASIC: 8, Band.NIGHT: D(1) / 60}
    assert hours_by_band(at(*wednesday, 19, 59), at(*wednesday, 20, 1)) == {Band.BASIC: D(1) / 60, Band.NIGHT: D(1) / 60}


def test_night_ends_at_six():
    thursday = (2025, 6, 5)
    assert hours_by_band(at(*thursday, 5, 59), at(*thursday, 6, 1)) == {Band.NIGHT: D(1) / 60, Band.BASIC: D(1) / 60}
    assert hours_by_band(at(*thursday, 6), at(*thursday, 14)) == {Band.BASIC: 8}


def test_saturday_begins_at_local_midnight():
    # Friday 23:00 to Saturday 01:00 with night at +5% and Saturday at +10%.
    uplifts = Uplifts(saturday=D(10), night=D(5))
    seconds = measure_shift(at(2025, 6, 6, 23), at(2025, 6, 7, 1)).seconds_by_band(uplifts)
    assert seconds == {Band.NIGHT: 3600, Band.SATURDAY: 3600}
    # 23:59 Friday is still Friday.
    assert measure_shift(at(2025, 6, 6, 23, 59), at(2025, 6, 7, 0)).seconds_by_band(uplifts) == {Band.NIGHT: 60}
    assert measure_shift(at(2025, 6, 7, 0), at(2025, 6, 7, 0, 1)).seconds_by_band(uplifts) == {Band.SATURDAY: 60}


def test_saturday_day_shift_in_british_summer_time():
    # 08:00–20:00 BST Saturday is 07:00–19:00 UTC; all Saturday, no night.
    assert hours_by_band(at(2025, 6, 7, 8), at(2025, 6, 7, 20)) == {Band.SATURDAY: 12}


def test_saturday_into_sunday_at_midnight():
    assert hours_by_band(at(2025, 6, 7, 14), at(2025, 6, 8, 2)) == {
        Band.SATURDAY: 6,  # 14:00–20:00: +10%
        Band.NIGHT: 4,  # 20:00–24:00: night +20% beats Saturday +10%
        Band.SUNDAY: 2,  # 00:00–02:00: Sunday +50% beats night +20%
    }


def test_sunday_ends_at_midnight_into_monday():
    assert hours_by_band(at(2025, 6, 8, 22), at(2025, 6, 9, 2)) == {Band.SUNDAY: 2, Band.NIGHT: 2}


def test_bank_holiday_from_midnight_to_midnight():
    # Christmas Eve 2025 (Wednesday) night into Christmas Day (Thursday).
    assert hours_by_band(at(2025, 12, 24, 20), at(2025, 12, 25, 8)) == {Band.NIGHT: 4, Band.BANK_HOLIDAY: 8}
    assert hours_by_band(at(2025, 12, 25, 23, 59), at(2025, 12, 26, 0, 1)) == {Band.BANK_HOLIDAY: D(2) / 60}
    # Boxing Day (Friday) into Saturday: the holiday's +100% ends at midnight, when night's +20% beats Saturday's +10%.
    assert hours_by_band(at(2025, 12, 26, 23, 59), at(2025, 12, 27, 0, 1)) == {Band.BANK_HOLIDAY: D(1) / 60, Band.NIGHT: D(1) / 60}


def test_substitute_day_is_the_holiday_and_the_weekend_day_is_not():
    # Boxing Day 2026 is a Saturday; Monday 28 December is the bank holiday.
    assert hours_by_band(at(2026, 12, 26, 8), at(2026, 12, 26, 16)) == {Band.SATURDAY: 8}
    assert hours_by_band(at(2026, 12, 28, 8), at(2026, 12, 28, 16)) == {Band.BANK_HOLIDAY: 8}
    assert hours_by_band(at(2026, 12, 29, 8), at(2026, 12, 29, 16)) == {Band.BASIC: 8}


def test_early_may_holiday_follows_proclamations():
    # 2020's early May holiday was Friday 8 May (VE day), not Monday 4 May.
    assert hours_by_band(at(2020, 5, 4, 8), at(2020, 5, 4, 16)) == {Band.BASIC: 8}
    assert hours_by_band(at(2020, 5, 8, 8), at(2020, 5, 8, 16)) == {Band.BANK_HOLIDAY: 8}


# ------------------------------------------------------------ precedence


def test_highest_single_uplift_wins_and_uplifts_never_stack():
    sunday_night = measure_shift(at(2025, 6, 8, 0), at(2025, 6, 8, 6))
    assert sunday_night.seconds_by_band(Uplifts(sunday=D(50), night=D(20))) == {Band.SUNDAY: 6 * 3600}
    assert sunday_night.seconds_by_band(Uplifts(sunday=D(15), night=D(20))) == {Band.NIGHT: 6 * 3600}
    line = charge_shift(shift(at(2025, 6, 8, 0), at(2025, 6, 8, 6)), terms(rate_card("10.00", sunday="50", night="20")), NO_SETTINGS)
    assert line.amount == D("90.00")  # 6 h × £15, not × (1 + 0.5 + 0.2)


def test_equal_uplifts_are_named_by_the_rarer_band():
    christmas_night = measure_shift(at(2022, 12, 25, 0), at(2022, 12, 25, 6))  # a Sunday, and Christmas
    assert christmas_night.seconds_by_band(Uplifts(sunday=D(50), night=D(50), bank_holiday=D(50))) == {Band.SUNDAY: 6 * 3600}
    boxing_night = measure_shift(at(2022, 12, 26, 0), at(2022, 12, 26, 6))
    assert boxing_night.seconds_by_band(Uplifts(night=D(50), bank_holiday=D(50))) == {Band.BANK_HOLIDAY: 6 * 3600}


def test_uplifts_at_zero_leave_time_basic():
    assert hours_by_band(at(2025, 6, 7, 22), at(2025, 6, 8, 2), uplifts=Uplifts()) == {Band.BASIC: 4}


# ------------------------------------------------------------ breaks


def test_break_is_centred_on_a_whole_minute():
    start, end = at(2025, 6, 4, 8), at(2025, 6, 4, 20)
    assert break_window(start, end, 60) == (at(2025, 6, 4, 13, 30), at(2025, 6, 4, 14, 30))
    # 7 h 5 min with a 30 min break: 3 h 17.5 min before it, rounded down to 3 h 17 min.
    assert break_window(at(2025, 6, 4, 8), at(2025, 6, 4, 15, 5), 30)[0] == at(2025, 6, 4, 11, 17)


def test_break_over_the_night_boundary_is_split_where_it_falls():
    # 18:00–22:00 with an hour's break: the break is 19:30–20:30.
    assert hours_by_band(at(2025, 6, 4, 18), at(2025, 6, 4, 22), 60) == {Band.BASIC: D("1.5"), Band.NIGHT: D("1.5")}


def test_break_is_deducted_from_paid_hours_and_charge():
    line = charge_shift(shift(at(2025, 6, 4, 8), at(2025, 6, 4, 20), 30), terms(), NO_SETTINGS)
    assert line.hours == D("11.5")
    assert line.amount == D("230.00")


@pytest.mark.parametrize(
    ("start", "end", "break_minutes"),
    [
        (at(2025, 6, 4, 8), at(2025, 6, 4, 8), 0),
        (at(2025, 6, 4, 8), at(2025, 6, 4, 7), 0),
        (at(2025, 6, 4, 8), at(2025, 6, 4, 9), 60),
        (at(2025, 6, 4, 8), at(2025, 6, 4, 9), -5),
        (datetime(2025, 6, 4, 8), datetime(2025, 6, 4, 9), 0),
    ],
)
def test_impossible_shifts_are_refused(start, end, break_minutes):
    with pytest.raises(ShiftTimeError):
        measure_shift(start, end, break_minutes)


# ------------------------------------------------------------ rates and rounding


def test_rate_card_entry_in_force_on_the_shift_start_date():
    card = (rate_card("20.00", since=date(2025, 4, 1)), rate_card("21.00", since=date(2026, 4, 1)), rate_card("30.00", role=NURSE))
    assert rate_in_force(card, CARE, date(2026, 3, 31)).hourly_rate == D("20.00")
    assert rate_in_force(card, CARE, date(2026, 4, 1)).hourly_rate == D("21.00")
    # A night starting on 31 March and ending on 1 April is charged at March's rate.
    line = charge_shift(shift(at(2026, 3, 31, 20), at(2026, 4, 1, 8)), terms(*card), NO_SETTINGS)
    assert line.rate_from == date(2025, 4, 1)
    assert line.amount == D("10") * D("24.00") + D("2") * D("20.00")
    with pytest.raises(ChargingError) as refused:
        rate_in_force(card, CARE, date(2025, 3, 31))
    assert refused.value.text("cy") == (
        "Nid oes cyfradd ar gerdyn cyfraddau'r darparwr ar gyfer y rôl Gweithiwr gofal ar 31 Mawrth 2025."
    )


def test_money_is_rounded_half_up_once_per_line():
    assert round_money(D("5.005")) == D("5.01")
    assert round_money(D("5.0049")) == D("5.00")
    # 19:40–20:20: 20 min at £10 (3.333…) and 20 min at £11.50 (3.833…).
    # Rounded per band they would make £7.16; the line is exact then rounded: £7.17.
    line = charge_shift(shift(at(2025, 6, 4, 19, 40), at(2025, 6, 4, 20, 20)), terms(rate_card("10.00", night="15")), NO_SETTINGS)
    assert [b.band for b in line.bands] == [Band.BASIC, Band.NIGHT]
    assert line.amount == D("7.17")


def test_a_third_of_an_hour_is_never_a_float():
    line = charge_shift(shift(at(2025, 6, 4, 9), at(2025, 6, 4, 10, 20)), terms(rate_card("10.01")), NO_SETTINGS)
    assert line.amount == D("13.35")  # 4/3 h × £10.01 = 13.3466…
    assert isinstance(line.amount, D)


# ------------------------------------------------------------ statements


def vat_settings(pct="20"):
    return DatedSettings([(VAT_RATE_PCT, date(2020, 1, 1), pct), (LATE_CANCELLATION_CHARGE_PCT, date(2020, 1, 1), "50")])


def test_shadow_shifts_are_never_charged():
    shadow = shift(at(2025, 6, 4, 8), at(2025, 6, 4, 16), booking_kind=BookingKind.SHADOW)
    assert charge_shift(shadow, terms(), NO_SETTINGS) is None
    statement = build_statement([shadow], terms(), vat_settings(), date(2025, 6, 30))
    assert statement.lines == () and statement.total == 0


def test_statement_with_late_cancellation_line_and_vat():
    worked = shift(at(2025, 6, 4, 8), at(2025, 6, 4, 16), 30, reference="B-1")
    cancelled = shift(at(2025, 6, 3, 8), at(2025, 6, 3, 16), 30, reference="B-2", cancelled_late=True)
    shadow = shift(at(2025, 6, 5, 8), at(2025, 6, 5, 16), reference="B-3", booking_kind=BookingKind.SHADOW, cancelled_late=True)
    statement = build_statement([worked, cancelled, shadow], terms(), vat_settings(), date(2025, 6, 30))
    assert [(line.reference, line.kind) for line in statement.lines] == [
        ("B-2", LineKind.LATE_CANCELLATION),
        ("B-1", LineKind.WORKED),
    ]
    assert statement.lines[0].amount == D("75.00")  # 7.5 h × £20 at 50%
    assert statement.lines[0].charge_pct == 50
    assert statement.lines[1].amount == D("150.00")
    assert statement.subtotal == D("225.00")
    assert statement.vat_applies and statement.vat == D("45.00")
    assert statement.total == D("270.00")


def test_vat_is_rounded_half_up_on_the_subtotal_and_absent_unless_configured():
    one = shift(at(2025, 6, 4, 9), at(2025, 6, 4, 9, 30))  # half an hour at £20.05 = £10.025 -> £10.03
    card = terms(rate_card("20.05"))
    assert build_statement([one], card, vat_settings("17.5"), date(2025, 6, 30)).vat == D("1.76")  # 1.75525
    without = build_statement([one], card, NO_SETTINGS, date(2025, 6, 30))
    assert not without.vat_applies and without.vat == 0 and without.total == without.subtotal == D("10.03")


def test_vat_rate_is_the_one_in_force_on_the_tax_point():
    settings = DatedSettings([(VAT_RATE_PCT, date(2020, 1, 1), "0"), (VAT_RATE_PCT, date(2025, 7, 1), "20")])
    one = [shift(at(2025, 6, 4, 8), at(2025, 6, 4, 9))]
    assert build_statement(one, terms(), settings, date(2025, 6, 30)).vat == 0
    assert build_statement(one, terms(), settings, date(2025, 7, 1)).vat == D("4.00")


# ------------------------------------------------------------ cost recharge


def recharge_settings():
    return DatedSettings(
        [
            *STANDARD_SETTINGS,
            (pay_rate_key(CARE), date(2024, 4, 1), "12.00"),
            (pay_uplift_key(Band.NIGHT), date(2024, 4, 1), "10"),
        ]
    )


RECHARGE = ProviderTerms(ChargingBasis.COST_RECHARGE)


def test_cost_recharge_adds_holiday_ni_and_pension_for_bank_workers():
    line = charge_shift(shift(at(2025, 6, 4, 8), at(2025, 6, 4, 16)), RECHARGE, recharge_settings())
    # £96 pay; +12.07% holiday = £107.5872; + 15% NI + 3% pension = £126.952896.
    assert line.amount == D("126.95")
    assert line.recharge.pay == D("96.00")
    assert (line.recharge.holiday_accrual_pct, line.recharge.employer_ni_pct, line.recharge.employer_pension_pct) == (D("12.07"), 15, 3)


def test_core_workers_accrue_no_holiday_on_recharge():
    core = shift(at(2025, 6, 4, 8), at(2025, 6, 4, 16), employment_type=EmploymentType.CORE)
    assert charge_shift(core, RECHARGE, recharge_settings()).amount == D("113.28")  # 96 × 1.18


def test_on_cost_rates_follow_their_effective_dates():
    # The day before the April 2025 NI rise: 13.8%.
    line = charge_shift(shift(at(2025, 4, 5, 8), at(2025, 4, 5, 16), employment_type=EmploymentType.CORE), RECHARGE, recharge_settings())
    assert line.recharge.employer_ni_pct == D("13.8")
    assert line.amount == D("112.13")  # 96 × 1.168 = 112.128


def test_cost_recharge_uses_pay_uplifts_at_night():
    line = charge_shift(
        shift(at(2025, 6, 4, 18), at(2025, 6, 4, 22), employment_type=EmploymentType.CORE), RECHARGE, recharge_settings()
    )
    assert line.recharge.pay == D("24.00") + D("26.40")
    assert line.amount == round_money(D("50.40") * D("1.18"))


def test_missing_pay_rate_is_explained():
    with pytest.raises(ChargingError) as refused:
        charge_shift(shift(at(2025, 6, 4, 8), at(2025, 6, 4, 16), role=NURSE), RECHARGE, recharge_settings())
    assert "pay_rate.registered_nurse" in str(refused.value)


# ------------------------------------------------------------ pay lines


def test_pay_lines_by_worker_code_and_rate():
    settings = DatedSettings(
        [
            *STANDARD_SETTINGS,
            (pay_rate_key(CARE), date(2024, 4, 1), "12.00"),
            (pay_rate_key(CARE), date(2025, 6, 5), "12.60"),
            (pay_uplift_key(Band.NIGHT), date(2024, 4, 1), "10"),
            (pay_uplift_key(Band.SUNDAY), date(2024, 4, 1), "25"),
        ]
    )
    period = PayPeriod(date(2025, 6, 2), date(2025, 6, 8))
    shifts = [
        shift(at(2025, 6, 2, 8), at(2025, 6, 2, 15, 35), reference="a", mileage=D("12.5")),  # 7 h 35 min basic
        shift(at(2025, 6, 4, 18), at(2025, 6, 4, 22), reference="b", booking_kind=BookingKind.SHADOW),  # shadows are paid
        shift(at(2025, 6, 7, 20), at(2025, 6, 8, 8), 30, reference="c", mileage=D("4")),  # after the pay rise
        shift(at(2025, 6, 8, 8), at(2025, 6, 8, 9), reference="d", worker_id="w2", employment_type=EmploymentType.CORE),
        shift(at(2025, 6, 9, 8), at(2025, 6, 9, 16), reference="outside"),
        shift(at(2025, 6, 1, 20), at(2025, 6, 2, 8), reference="before: Sunday start, not this period"),
    ]
    lines = {(line.worker_id, line.code, line.rate): line for line in pay_lines(shifts, period, settings)}
    basic_old = lines[("w1", PayCode.BASIC, D("12.00"))]
    assert basic_old.units == D(455 + 120) / 60 and basic_old.unit_type == UnitType.HOURS
    assert basic_old.amount == D("115.00")  # 9 h 35 min × £12
    assert lines[("w1", PayCode.NIGHT, D("13.200"))].units == 2
    # Saturday 20:00 – Sunday 08:00 at £12.60, break 02:00–02:30 (Sunday, +25% beats night +10%).
    assert lines[("w1", PayCode.NIGHT, D("13.860"))].units == 4
    assert lines[("w1", PayCode.SUNDAY, D("15.750"))].units == D("7.5")
    assert lines[("w1", PayCode.SUNDAY, D("15.750"))].amount == D("118.13")  # 118.125
    pay = D("115.00") + D("26.40") + D("55.44") + D("118.125")
    holiday = lines[("w1", PayCode.HOLIDAY_PAY, D("12.07"))]
    assert holiday.units == pay and holiday.amount == round_money(pay * D("0.1207"))
    assert lines[("w1", PayCode.MILEAGE, D("0.45"))].units == D("16.5")
    assert lines[("w1", PayCode.MILEAGE, D("0.45"))].amount == D("7.43")  # 7.425
    # The core worker: one Sunday hour, no holiday accrual.
    assert {(w, c) for (w, c, _) in lines if w == "w2"} == {("w2", PayCode.SUNDAY)}
    assert len(lines) == 7
