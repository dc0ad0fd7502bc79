"""Dates, times, numbers and money in the UI language (cy_GB / en_GB).

Instants are stored in UTC and always shown in Europe/London.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from .runtime import _, current_language, ngettext

LONDON = ZoneInfo("Europe/London")
_LOCALES = {"cy": "cy_GB", "en": "en_GB", "pseudo": "en_GB"}


def babel_locale(language: str | None = None) -> Locale:
    return Locale.parse(_LOCALES.get(language or current_language(), "en_GB"))


def to_local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(LONDON)


def format_date(value: date | datetime, fmt: str = "medium", language: str | None = None) -> str:
    if isinstance(value, datetime):
        value = to_local(value).date()
    return babel_dates.format_date(value, format=fmt, locale=babel_locale(language))


def format_weekday_date(value: date, language: str | None = None) -> str:
    """'Dydd Llun 2 Tachwedd' / 'Monday 2 November' — how rotas name a day."""
    return babel_dates.format_date(value, "EEEE d MMMM", locale=babel_locale(language))


def format_time(value: datetime | time, language: str | None = None) -> str:
    if isinstance(value, datetime):
        value = to_local(value).time()
    return babel_dates.format_time(value, "HH:mm", locale=babel_locale(language))


def format_datetime(value: datetime, fmt: str = "medium", language: str | None = None) -> str:
    local = to_local(value)
    return babel_dates.format_datetime(local, format=fmt, tzinfo=LONDON, locale=babel_locale(language))


def format_money(amount: Decimal, language: str | None = None) -> str:
    return babel_numbers.format_currency(amount, "GBP", locale=babel_locale(language))


def format_decimal(value: Decimal | float | int, language: str | None = None, places: int | None = None) -> str:
    if places is not None:
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return babel_numbers.format_decimal(value, format=pattern, locale=babel_locale(language))
    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def format_hours(hours: Decimal | float, language: str | None = None) -> str:
    return format_decimal(hours, language=language, places=2)


def format_elapsed(seconds: float) -> str:
    """How long something has been waiting: '3 days', '1 d 5 h', '5 h 20 min', '12 min'."""
    minutes = max(0, int(seconds // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days >= 2:
        return ngettext("{days} day", "{days} days", days).format(days=days)
    if days:
        return _("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return _("{minutes} min").format(minutes=minutes)
