"""Turning what a coordinator types (a date and wall-clock times in Wales)
into the UTC instants LocalityDesk stores.

A shift whose end is at or before its start runs past midnight. Clock changes
are handled honestly: a time that does not exist (01:30 on the March change
day) is refused rather than guessed; a time that happens twice (01:30 on the
October change day) means the first, in summer time, unless ``later`` is set.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from localitydesk.i18n import _

LONDON = ZoneInfo("Europe/London")


class ImpossibleTime(ValueError):
    """A wall-clock time that does not exist in Europe/London that day."""


def local_to_utc(day: date, clock: time, later: bool = False) -> datetime:
    local = datetime.combine(day, clock, tzinfo=LONDON).replace(fold=1 if later else 0)
    instant = local.astimezone(timezone.utc)
    if instant.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ImpossibleTime(
            _("{time} does not exist on {date}: the clocks go forward that night.").format(
                time=clock.strftime("%H:%M"), date=day.strftime("%d/%m/%Y")
            )
        )
    return instant


def shift_instants(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """The instants of a shift starting on ``day``; an early end means the next day."""
    end_day = day if end > start else day + timedelta(days=1)
    return local_to_utc(day, start), local_to_utc(end_day, end)


def utc_to_local(instant: datetime) -> datetime:
    return instant.astimezone(LONDON)


def paid_hours(starts_at: datetime, ends_at: datetime, unpaid_break_minutes: int) -> float:
    """Real elapsed hours less the unpaid break (a clock-change night is longer or shorter)."""
    return (ends_at - starts_at).total_seconds() / 3600 - unpaid_break_minutes / 60
