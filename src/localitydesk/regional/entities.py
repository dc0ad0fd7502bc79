"""What a payload of each synced entity may hold, read off the desktop's own models.

The server stores records as JSON, but it does not take any JSON: a field the
desktop's table lacks, or a value of the wrong kind, is a rejected change. The
check follows the wire encoding of ``localitydesk.sync.protocol.json_safe``.
"""

from __future__ import annotations

import base64
import binascii
import math
import uuid
from collections.abc import Callable, Mapping
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Integer, LargeBinary, String, Text, Time, Uuid

from localitydesk.store.types import ExactDecimal, UTCDateTime
from localitydesk.sync.protocol import FIELD_PATTERN, Problem

# A value check returns None when the value is fine, else a short reason.
Check = Callable[[Any], str | None]

# Deeper than this, a JSON column value is refused: nothing the desktop writes
# nests so far, and unbounded nesting is a way to exhaust the server.
MAX_JSON_DEPTH = 32

FIELD_NAME = re.compile(FIELD_PATTERN)


def _text(max_length: int | None) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return Problem.EXPECTED_TEXT
        if max_length is not None and len(value) > max_length:
            return Problem.TOO_LONG.format(limit=max_length)
        return _storable_text(value)

    return check


def _storable_text(value: str) -> str | None:
    # PostgreSQL text and jsonb hold neither NUL nor lone surrogates.
    if "\x00" in value:
        return Problem.NUL
    if value.isascii():  # the common case, and no surrogate is ASCII
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return Problem.NOT_UNICODE
    return None


def _integer(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return Problem.EXPECTED_WHOLE_NUMBER
    if not -(2**63) <= value < 2**63:
        return Problem.OUT_OF_RANGE
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else Problem.EXPECTED_TRUE_OR_FALSE


def _parsed(parse: Callable[[str], Any], problem: str) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return problem
        try:
            parse(value)
        except (ValueError, TypeError, OverflowError):
            return problem
        return None

    return check


# How every desktop writes an id; other spellings uuid.UUID accepts go the long way.
CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_any_uuid = _parsed(uuid.UUID, Problem.EXPECTED_UUID)


def _uuid(value: Any) -> str | None:
    if isinstance(value, str) and CANONICAL_UUID.fullmatch(value):
        return None
    return _any_uuid(value)


def _aware_instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError("naive")
    return instant


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def _base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as error:
        raise ValueError("base64") from error


def _json_value(value: Any, depth: int = 0) -> str | None:
    if depth > MAX_JSON_DEPTH:
        return Problem.TOO_DEEP
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else Problem.NOT_FINITE
    if isinstance(value, str):
        return _storable_text(value)
    if isinstance(value, list):
        return next((problem for item in value if (problem := _json_value(item, depth + 1))), None)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _storable_text(key) or _json_value(item, depth + 1)
            if problem:
                return problem
        return None
    return Problem.NOT_JSON


def _enum(values: frozenset[str]) -> Check:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in values else Problem.NOT_A_CODE

    return check


def _check_for(column_type: Any) -> Check:
    # Order matters: the project's decorators wrap base types.
    if isinstance(column_type, ExactDecimal):
        return _parsed(_decimal, Problem.EXPECTED_DECIMAL)
    if isinstance(column_type, UTCDateTime) or isinstance(column_type, DateTime):
        return _parsed(_aware_instant, Problem.EXPECTED_INSTANT)
    if isinstance(column_type, Enum):
        return _enum(frozenset(str(value) for value in column_type.enums))
    if isinstance(column_type, Uuid):
        return _uuid
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, Integer):
        return _integer
    if isinstance(column_type, Date):
        return _parsed(date.fromisoformat, Problem.EXPECTED_DATE)
    if isinstance(column_type, Time):
        return _parsed(time.fromisoformat, Problem.EXPECTED_TIME)
    if isinstance(column_type, LargeBinary):
        return _parsed(_base64, Problem.EXPECTED_BASE64)
    if isinstance(column_type, JSON):
        return _json_value
    if isinstance(column_type, (String, Text)):
        return _text(getattr(column_type, "length", None))
    raise TypeError(f"no wire check for column type {column_type!r}")


@dataclass(frozen=True, slots=True)
class FieldRule:
    check: Check
    nullable: bool


@dataclass(frozen=True, slots=True)
class EntityRules:
    name: str
    fields: Mapping[str, FieldRule]

    def problems(self, payload: Mapping[str, Any]) -> dict[str, str]:
        """Field → reason for every field of the payload that cannot be stored."""
        found: dict[str, str] = {}
        for name, value in payload.items():
            rule = self.fields.get(name)
            if rule is None:
                # The name goes back in the answer and into the change log: a
                # name no field could have (a NUL, say, which PostgreSQL cannot
                # store) is written out escaped rather than as it came.
                shown = name if FIELD_NAME.fullmatch(name) else ascii(name)[1:-1][:100]
                found[shown] = Problem.NO_SUCH_FIELD
            elif value is None:
                if not rule.nullable:
                    found[name] = Problem.EMPTY
            elif problem := rule.check(value):
                found[name] = problem
        return found


@cache
def synced_entities() -> Mapping[str, EntityRules]:
    """Every table whose records belong to a locality and travel to the server."""
    from localitydesk.store.models import Base, LocalityOwned

    catalogue: dict[str, EntityRules] = {}
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if not issubclass(model, LocalityOwned):
            continue
        table = model.__table__
        catalogue[table.name] = EntityRules(
            name=table.name,
            fields={column.name: FieldRule(_check_for(column.type), bool(column.nullable)) for column in table.columns},
        )
    return catalogue
