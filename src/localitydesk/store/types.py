"""Column types SQLite lacks: aware UTC instants and exact money."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.types import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant stored as naive UTC and always returned timezone-aware.

    A naive datetime handed in is a programming error (whose wall clock?),
    so it is refused rather than guessed.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: LocalityDesk stores only timezone-aware instants")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class ExactDecimal(TypeDecorator):
    """A Decimal (money, hours) kept as its exact text; SQLite's NUMERIC rounds through float."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money and hours must be Decimal, never float")
        return str(Decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
