"""Which part of a worked shift falls in which uplift band, by real time.

A shift is two aware instants and an unpaid break. Its length is the real
time between the instants, so a 20:00–08:00 night over the October clock
change is 13 hours and over the March change 11 hours. Everything else is
Europe/London wall-clock, the way the rate card means it:

* **night** — 20:00 to 06:00 local time;
* **Saturday**, **Sunday** — the local calendar day, midnight to midnight;
* **bank holiday** — an England and Wales bank holiday (``calendar_wales``),
  midnight to midnight. A substitute day is the holiday; the weekend day it
  replaces is only a Saturday or Sunday.

Precedence: uplifts are **not stacked**. Each second earns the single highest
uplift among the bands it falls in (a Sunday night at +50% Sunday and +30%
night is paid at +50%), so adding a smaller uplift to the rate card can never
lower a charge. Equal percentages are reported under the rarer band, in the
order bank holiday, Sunday, Saturday, night. A second whose bands all carry
0% is basic time.

The unpaid break is not clocked, so we place it: centred in the shift (its
start rounded down to the minute). A break over a band boundary is split
between the bands as that placement says. Centring is predictable for
administrators ("the break is in the middle of the shift") and keeps a night
shift's break inside the night.

Everything here works in whole seconds and returns plain dictionaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from localitydesk.domain.calendar_wales import is_bank_holiday
from localitydesk.i18n import N_

LONDON = ZoneInfo("Europe/London")
NIGHT_STARTS = 20
NIGHT_ENDS = 6
ZERO = Decimal(0)


class Band(StrEnum):
    """Stable codes; also the pay types of the payroll export."""

    BASIC = "basic"
    NIGHT = "night"
    SATURDAY = "saturday"
    SUNDAY = "sunday"
    BANK_HOLIDAY = "bank_holiday"


# Highest priority first: used only to name a tie between equal uplifts.
BAND_PRIORITY = (Band.BANK_HOLIDAY, Band.SUNDAY, Band.SATURDAY, Band.NIGHT)

BAND_LABELS = {
    Band.BASIC: N_("Basic hours"),
    Band.NIGHT: N_("Night"),
    Band.SATURDAY: N_("Saturday"),
    Band.SUNDAY: N_("Sunday"),
    Band.BANK_HOLIDAY: N_("Bank holiday"),
}


class ShiftTimeError(ValueError):
    """A shift that cannot be measured; ``message`` is an English msgid."""

    def __init__(self, message: str, **values):
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


@dataclass(frozen=True, slots=True)
class Uplifts:
    """Percentages added to a base rate, by band (25 means +25%)."""

    saturday: Decimal = ZERO
    sunday: Decimal = ZERO
    night: Decimal = ZERO
    bank_holiday: Decimal = ZERO

    def pct(self, band: Band) -> Decimal:
        return ZERO if band is Band.BASIC else getattr(self, band.value)

    def multiplier(self, band: Band) -> Decimal:
        return 1 + self.pct(band) / 100


# The bands a stretch of time falls in, before any uplift decides between them.
CalendarKey = frozenset[Band]


@dataclass(frozen=True, slots=True)
class ShiftTime:
    """A shift measured: real elapsed time, the break, and the paid seconds
    keyed by the set of calendar bands they fall in."""

    elapsed_seconds: int
    break_seconds: int
    seconds_by_calendar: Mapping[CalendarKey, int]

    @property
    def paid_seconds(self) -> int:
        return self.elapsed_seconds - self.break_seconds

    @property
    def paid_hours(self) -> Decimal:
        return seconds_to_hours(self.paid_seconds)

    @property
    def elapsed_hours(self) -> Decimal:
        return seconds_to_hours(self.elapsed_seconds)

    def seconds_by_band(self, uplifts: Uplifts) -> dict[Band, int]:
        """Paid seconds per band once the highest uplift has been chosen."""
        result: dict[Band, int] = {}
        for key, seconds in self.seconds_by_calendar.items():
            band = winning_band(key, uplifts)
            result[band] = result.get(band, 0) + seconds
        return result


def seconds_to_hours(seconds: int) -> Decimal:
    """Exact hours; Decimal keeps 1/3 of an hour to 28 digits, never a float."""
    return Decimal(seconds) / 3600


def winning_band(key: CalendarKey, uplifts: Uplifts) -> Band:
    best = Band.BASIC
    best_pct = ZERO
    for band in BAND_PRIORITY:
        if band in key and uplifts.pct(band) > best_pct:
            best, best_pct = band, uplifts.pct(band)
    return best


def _require_aware(value: datetime) -> datetime:
    # A naive time could be read as UTC or as London; guessing would move
    # charges by an hour in summer, so it is refused.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ShiftTimeError(N_("A shift's start and finish must be exact instants with a time zone."))
    return value.astimezone(timezone.utc)


def _london_instant(day: date, hour: int) -> datetime:
    # 00:00, 06:00 and 20:00 are never inside a UK clock change (01:00–02:00),
    # so the wall time names exactly one instant.
    return datetime.combine(day, time(hour), tzinfo=LONDON).astimezone(timezone.utc)


def _calendar_key(local: datetime) -> CalendarKey:
    bands = set()
    if local.hour >= NIGHT_STARTS or local.hour < NIGHT_ENDS:
        bands.add(Band.NIGHT)
    weekday = local.weekday()
    if weekday == 5:
        bands.add(Band.SATURDAY)
    elif weekday == 6:
        bands.add(Band.SUNDAY)
    if is_bank_holiday(local.date()):
        bands.add(Band.BANK_HOLIDAY)
    return frozenset(bands)


def _next_boundary(local: datetime) -> datetime:
    """The next instant after ``local`` at which any band can change."""
    if local.hour < NIGHT_ENDS:
        return _london_instant(local.date(), NIGHT_ENDS)
    if local.hour < NIGHT_STARTS:
        return _london_instant(local.date(), NIGHT_STARTS)
    return _london_instant(local.date() + timedelta(days=1), 0)


def calendar_seconds(start: datetime, end: datetime) -> dict[CalendarKey, int]:
    """Seconds of [start, end) by calendar key, cut at every local 00:00, 06:00, 20:00."""
    result: dict[CalendarKey, int] = {}
    cursor = start
    while cursor < end:
        local = cursor.astimezone(LONDON)
        piece_end = min(_next_boundary(local), end)
        key = _calendar_key(local)
        result[key] = result.get(key, 0) + int((piece_end - cursor).total_seconds())
        cursor = piece_end
    return result


def break_window(start: datetime, end: datetime, break_minutes: int) -> tuple[datetime, datetime]:
    """Where the unpaid break is taken to be: centred, starting on a whole minute."""
    elapsed = int((end - start).total_seconds())
    break_seconds = break_minutes * 60
    offset = (elapsed - break_seconds) // 2 // 60 * 60
    break_start = start + timedelta(seconds=offset)
    return break_start, break_start + timedelta(seconds=break_seconds)


def measure_shift(starts_at: datetime, ends_at: datetime, break_minutes: int = 0) -> ShiftTime:
    """Real elapsed time, the break, and the paid seconds in each calendar band."""
    start = _require_aware(starts_at)
    end = _require_aware(ends_at)
    if end <= start:
        raise ShiftTimeError(N_("The finish time must be after the start time."))
    if break_minutes < 0:
        raise ShiftTimeError(N_("The unpaid break cannot be negative."))
    elapsed = int((end - start).total_seconds())
    if break_minutes * 60 >= elapsed:
        raise ShiftTimeError(N_("The unpaid break must be shorter than the shift."))
    if break_minutes == 0:
        return ShiftTime(elapsed, 0, calendar_seconds(start, end))
    break_start, break_end = break_window(start, end, break_minutes)
    combined = calendar_seconds(start, break_start)
    for key, seconds in calendar_seconds(break_end, end).items():
        combined[key] = combined.get(key, 0) + seconds
    return ShiftTime(elapsed, break_minutes * 60, combined)


def crosses_clock_change(starts_at: datetime, ends_at: datetime) -> bool:
    """True when the UK clocks change during the shift, so its wall-clock
    times do not add up to its real length (documents say so)."""
    return starts_at.astimezone(LONDON).utcoffset() != ends_at.astimezone(LONDON).utcoffset()


def local_date(instant: datetime) -> date:
    """The Europe/London calendar date of an instant: a shift's date is its start's."""
    return _require_aware(instant).astimezone(LONDON).date()
