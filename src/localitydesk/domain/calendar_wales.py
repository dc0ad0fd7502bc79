"""England and Wales bank holidays for any year, computed rather than listed.

Charging uplifts and pay types depend on whether a minute falls on a bank
holiday, and rotas are planned years ahead, so the calendar must answer for
any year without a download. The regular rules are:

* New Year's Day, 1 January; on a weekend, the next Monday instead;
* Good Friday and Easter Monday, from the Gregorian Easter;
* the early May bank holiday, the first Monday in May;
* the spring bank holiday, the last Monday in May;
* the summer bank holiday, the last Monday in August (Scotland differs; we
  follow England and Wales, where every locality is);
* Christmas Day and Boxing Day; when either falls on a weekend a substitute
  weekday is given, so the two days off always land on the two weekdays
  from 25 December onwards.

Royal Proclamations have moved or added days; those are listed in
:data:`_PROCLAIMED` by year. A future proclamation needs one line there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from localitydesk.i18n import N_

NEW_YEAR = N_("New Year's Day")
GOOD_FRIDAY = N_("Good Friday")
EASTER_MONDAY = N_("Easter Monday")
EARLY_MAY = N_("Early May bank holiday")
SPRING = N_("Spring bank holiday")
SUMMER = N_("Summer bank holiday")
CHRISTMAS = N_("Christmas Day")
BOXING_DAY = N_("Boxing Day")
VE_DAY = N_("Early May bank holiday (VE day)")
ROYAL_WEDDING = N_("Bank holiday for the royal wedding")
GOLDEN_JUBILEE = N_("Queen's Golden Jubilee")
DIAMOND_JUBILEE = N_("Queen's Diamond Jubilee")
PLATINUM_JUBILEE = N_("Platinum Jubilee bank holiday")
STATE_FUNERAL = N_("Bank holiday for the State Funeral of Queen Elizabeth II")
CORONATION = N_("Bank holiday for the coronation of King Charles III")
MILLENNIUM = N_("Millennium bank holiday")


@dataclass(frozen=True, slots=True)
class BankHoliday:
    day: date
    # The English source text; show it with translate_in(language, name).
    name: str
    # True when the day stands in for a holiday that fell on a weekend.
    substitute: bool = False


# Year -> (days whose regular holiday moved: regular date -> new date, extra days).
_PROCLAIMED: dict[int, tuple[dict[date, date], tuple[tuple[date, str], ...]]] = {
    1995: ({date(1995, 5, 1): date(1995, 5, 8)}, ()),
    1999: ({}, ((date(1999, 12, 31), MILLENNIUM),)),
    2002: ({date(2002, 5, 27): date(2002, 6, 4)}, ((date(2002, 6, 3), GOLDEN_JUBILEE),)),
    2011: ({}, ((date(2011, 4, 29), ROYAL_WEDDING),)),
    2012: ({date(2012, 5, 28): date(2012, 6, 4)}, ((date(2012, 6, 5), DIAMOND_JUBILEE),)),
    2020: ({date(2020, 5, 4): date(2020, 5, 8)}, ()),
    2022: (
        {date(2022, 5, 30): date(2022, 6, 2)},
        ((date(2022, 6, 3), PLATINUM_JUBILEE), (date(2022, 9, 19), STATE_FUNERAL)),
    ),
    2023: ({}, ((date(2023, 5, 8), CORONATION),)),
}
# A moved early May holiday in a VE-day anniversary year carries that name.
_RENAMED_WHEN_MOVED = {1995: VE_DAY, 2020: VE_DAY}


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm of 1876, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 — the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _christmas_pair(year: int) -> list[BankHoliday]:
    """Christmas and Boxing Day: one on a weekday keeps its day; one on a
    weekend moves to the next weekday the other has not taken (so Christmas
    on a Sunday gives Boxing Day the Monday and Christmas the Tuesday)."""
    days = ((CHRISTMAS, date(year, 12, 25)), (BOXING_DAY, date(year, 12, 26)))
    taken = {day for _, day in days if day.weekday() < 5}
    result = []
    for name, day in days:
        observed = day
        if day.weekday() >= 5:
            observed = _next_weekday(day)
            while observed in taken:
                observed = _next_weekday(observed + timedelta(days=1))
            taken.add(observed)
        result.append(BankHoliday(observed, name, substitute=observed != day))
    return sorted(result, key=lambda holiday: holiday.day)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> tuple[BankHoliday, ...]:
    """Every England and Wales bank holiday of ``year``, in date order."""
    easter = easter_sunday(year)
    new_year = date(year, 1, 1)
    regular = [
        BankHoliday(_next_weekday(new_year), NEW_YEAR, substitute=new_year.weekday() >= 5),
        BankHoliday(easter - timedelta(days=2), GOOD_FRIDAY),
        BankHoliday(easter + timedelta(days=1), EASTER_MONDAY),
        BankHoliday(_first_monday(year, 5), EARLY_MAY),
        BankHoliday(_last_monday(year, 5), SPRING),
        BankHoliday(_last_monday(year, 8), SUMMER),
        *_christmas_pair(year),
    ]
    moved, extra = _PROCLAIMED.get(year, ({}, ()))
    result = []
    for holiday in regular:
        if holiday.day in moved:
            name = _RENAMED_WHEN_MOVED.get(year, holiday.name) if holiday.name == EARLY_MAY else holiday.name
            holiday = BankHoliday(moved[holiday.day], name)
        result.append(holiday)
    result.extend(BankHoliday(day, name) for day, name in extra)
    return tuple(sorted(result, key=lambda holiday: holiday.day))


@lru_cache(maxsize=256)
def bank_holiday_dates(year: int) -> frozenset[date]:
    return frozenset(holiday.day for holiday in bank_holidays(year))


def is_bank_holiday(day: date) -> bool:
    return day in bank_holiday_dates(day.year)


def bank_holiday_on(day: date) -> BankHoliday | None:
    for holiday in bank_holidays(day.year):
        if holiday.day == day:
            return holiday
    return None


def bank_holidays_between(first: date, last: date) -> list[BankHoliday]:
    """Bank holidays from ``first`` to ``last``, both included."""
    return [
        holiday
        for year in range(first.year, last.year + 1)
        for holiday in bank_holidays(year)
        if first <= holiday.day <= last
    ]
