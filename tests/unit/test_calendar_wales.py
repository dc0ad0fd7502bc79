"""England and Wales bank holidays against the dates gov.uk publishes."""

from __future__ import annotations

from datetime import date

import pytest

from localitydesk.domain import calendar_wales as cal
from localitydesk.i18n import translate_in

# gov.uk/bank-holidays (England and Wales) for 2020–2027; 2028–2030 are the
# dates the standing rules give, checked by hand against a printed calendar.
PUBLISHED = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    2029: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2030: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_every_published_date_and_nothing_else(year):
    expected = [date.fromisoformat(f"{year}-{month_day}") for month_day in PUBLISHED[year]]
    assert [holiday.day for holiday in cal.bank_holidays(year)] == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2000, date(2000, 4, 23)), (2019, date(2019, 4, 21)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))],
)
def test_easter_including_its_earliest_and_latest_dates(year, easter):
    assert cal.easter_sunday(year) == easter


def test_substitutes_are_marked_and_named_after_the_day_they_replace():
    christmas_2021 = {h.day: h for h in cal.bank_holidays(2021)}
    assert christmas_2021[date(2021, 12, 27)].name == cal.CHRISTMAS
    assert christmas_2021[date(2021, 12, 27)].substitute
    assert christmas_2021[date(2021, 12, 28)].name == cal.BOXING_DAY
    # Christmas on a Sunday (2022): Boxing Day keeps the Monday, Christmas takes Tuesday.
    christmas_2022 = {h.day: h for h in cal.bank_holidays(2022)}
    assert christmas_2022[date(2022, 12, 26)].name == cal.BOXING_DAY
    assert not christmas_2022[date(2022, 12, 26)].substitute
    assert christmas_2022[date(2022, 12, 27)].name == cal.CHRISTMAS
    assert cal.bank_holiday_on(date(2022, 1, 3)).substitute


def test_proclaimed_days_carry_their_own_names():
    assert cal.bank_holiday_on(date(2020, 5, 8)).name == cal.VE_DAY
    assert cal.bank_holiday_on(date(2022, 6, 2)).name == cal.SPRING
    assert cal.bank_holiday_on(date(2022, 6, 3)).name == cal.PLATINUM_JUBILEE
    assert cal.bank_holiday_on(date(2023, 5, 8)).name == cal.CORONATION
    assert cal.bank_holiday_on(date(2023, 5, 1)).name == cal.EARLY_MAY
    # The regular days that were moved away from are ordinary days.
    assert not cal.is_bank_holiday(date(2020, 5, 4))
    assert not cal.is_bank_holiday(date(2022, 5, 30))


def test_ordinary_days_and_weekend_holidays_themselves():
    assert not cal.is_bank_holiday(date(2026, 12, 26))  # Saturday; Monday 28th is the holiday
    assert not cal.is_bank_holiday(date(2025, 12, 24))
    assert cal.is_bank_holiday(date(2025, 12, 25))
    assert cal.bank_holiday_on(date(2025, 6, 1)) is None


def test_range_across_new_year():
    found = cal.bank_holidays_between(date(2026, 12, 20), date(2027, 1, 5))
    assert [h.day for h in found] == [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)]


def test_every_name_has_welsh():
    names = {h.name for year in range(2020, 2031) for h in cal.bank_holidays(year)}
    for name in names:
        welsh = translate_in("cy", name)
        assert welsh and welsh != name, name
    assert translate_in("cy", cal.BOXING_DAY) == "Gŵyl San Steffan"
