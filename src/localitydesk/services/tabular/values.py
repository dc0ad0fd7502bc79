"""A record's value as a cell both file kinds can hold."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from enum import Enum
from typing import Any


def plain(value) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    return value


def to_text(value) -> str:
    value = plain(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def xlsx_value(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, Decimal):
        as_float = float(value)
        # A number cell when the float says exactly the same; text otherwise.
        return as_float if Decimal(repr(as_float)) == value else str(value)
    return value


def cell_value(kind: str, value: Any) -> Any:
    """``kind`` is "csv" (everything text) or "xlsx" (numbers and dates typed)."""
    return to_text(value) if kind == "csv" else xlsx_value(value)
