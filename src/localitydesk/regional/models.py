"""Strict request and response models of the HTTP API.

Everything is ``extra="forbid"`` and ``strict``: a field the protocol does not
know, or a number sent as text, is refused rather than guessed at.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from localitydesk.sync.protocol import (
    ENTITY_PATTERN,
    FIELD_PATTERN,
    MAX_CHANGES_PER_BATCH,
)

STRICT = ConfigDict(extra="forbid", strict=True)

EntityName = Annotated[str, StringConstraints(pattern=ENTITY_PATTERN)]
FieldName = Annotated[str, StringConstraints(pattern=FIELD_PATTERN)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]


class ChangeIn(BaseModel):
    model_config = STRICT

    change_id: uuid.UUID
    entity: EntityName
    entity_id: uuid.UUID
    operation: Literal["insert", "update", "delete"]
    base_version: Version
    changed_fields: Annotated[list[FieldName], Field(max_length=500)]
    payload: dict[str, JsonValue]
    rebased: bool = False


class PushBatch(BaseModel):
    model_config = STRICT

    schema_version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    origin: uuid.UUID
    changes: Annotated[list[ChangeIn], Field(min_length=1, max_length=MAX_CHANGES_PER_BATCH)]


class ChangeResultOut(BaseModel):
    change_id: uuid.UUID
    outcome: Literal["applied", "duplicate", "conflict", "rejected"]
    server_version: int | None
    detail: dict[str, Any]


class PushResultOut(BaseModel):
    results: list[ChangeResultOut]
    counts: dict[str, int]


class ErrorOut(BaseModel):
    reason: str
    message: str
    errors: list[dict[str, Any]] | None = None


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]


# What the server parses with: the published models above, save that a
# payload's values are taken as ``Any``. Parsed from JSON text, every value is
# a JSON value already, so the two accept and refuse the same bodies (a test
# holds them to it); checking each value again against ``JsonValue``'s union
# was a third of parsing. The OpenAPI document still shows ``PushBatch``.
class ChangeWire(ChangeIn):
    payload: dict[str, Any]


class PushBatchWire(PushBatch):
    changes: Annotated[list[ChangeWire], Field(min_length=1, max_length=MAX_CHANGES_PER_BATCH)]
