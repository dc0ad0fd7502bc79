"""Reading a push body into the batch the server decides: a quick road and the strict one.

The strict road is the published pydantic model (``models.PushBatch``): it
says exactly what is refused and why, and the OpenAPI document shows it.
Most bodies are what a desktop writes: ids in canonical spelling, every
field as the protocol has it. Those take the quick road, msgspec decoding
straight into typed structures, about 40% quicker than pydantic and with the ids
already the text the rest of the server keys on.

The quick road only ever accepts a body the strict one accepts, and reads it
to the same values: whatever it does not recognise (another spelling of an
id, a wrong type, a missing or unknown field, malformed JSON) it hands to
the strict road, which accepts or refuses it as it always did. So the two
together accept and refuse exactly what the published model does; a test
holds them to it. Where they could differ they agree: both keep the last of
a repeated key, integers of any size exactly, and neither turns a bool into
a number.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

from localitydesk.sync.protocol import ENTITY_PATTERN, FIELD_PATTERN, MAX_CHANGES_PER_BATCH, Operation

from .merge import IncomingChange
from .models import PushBatch


# The one spelling of an id the quick road takes; any other goes the strict
# road, which reads it as a UUID. ("\Z", not "$": msgspec searches with
# Python's re, where "$" also matches before a final newline.)
CANONICAL_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z"
CanonicalId = Annotated[str, msgspec.Meta(pattern=CANONICAL_ID)]
Version = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]


class _Change(msgspec.Struct, forbid_unknown_fields=True):
    change_id: CanonicalId
    entity: str  # names are checked after decoding (_Names): a regex call per name was most of the time
    entity_id: CanonicalId
    operation: Literal["insert", "update", "delete"]
    base_version: Version
    changed_fields: Annotated[list[str], msgspec.Meta(max_length=500)]
    payload: dict[str, Any]
    rebased: bool = False


class _Batch(msgspec.Struct, forbid_unknown_fields=True):
    schema_version: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    origin: CanonicalId
    changes: Annotated[list[_Change], msgspec.Meta(min_length=1, max_length=MAX_CHANGES_PER_BATCH)]


class _Names:
    """Entity and field names known to match their pattern.

    A batch names the same few dozen fields a thousand times over: each is
    matched once and then found in a set, and a change's whole field list is
    checked in one subset test. Bounded, so a stream of made-up names cannot
    grow it without end; past the bound a name is simply matched each time.
    """

    LIMIT = 10_000

    def __init__(self, pattern: str):
        self._whole = re.compile(pattern.removeprefix("^").removesuffix("$"))
        self.known: set[str] = set()

    def all_match(self, names: Iterable[str]) -> bool:
        for name in names:
            if name in self.known:
                continue
            # fullmatch: the end of the text, as pydantic's "$" is.
            if not self._whole.fullmatch(name):
                return False
            if len(self.known) < self.LIMIT:
                self.known.add(name)
        return True


_ENTITIES = _Names(ENTITY_PATTERN)
_FIELDS = _Names(FIELD_PATTERN)


_QUICK = msgspec.json.Decoder(_Batch)
# The model has checked the name already; a dict is quicker than calling the enum.
OPERATIONS = {str(operation): operation for operation in Operation}


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    """A batch as the server decides it, whichever road it came by."""

    schema_version: int
    origin: uuid.UUID
    changes: list[IncomingChange]


def read_quickly(body: bytes) -> ParsedBatch | None:
    """The batch, if the body is as a desktop writes it; None sends it the strict road."""
    try:
        batch = _QUICK.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    fields_known = _FIELDS.known
    for change in batch.changes:
        if not _ENTITIES.all_match((change.entity,)):
            return None
        if not fields_known.issuperset(change.changed_fields) and not _FIELDS.all_match(change.changed_fields):
            return None
    return ParsedBatch(
        schema_version=batch.schema_version,
        origin=uuid.UUID(batch.origin),
        changes=[_incoming(change, change.change_id, change.entity_id) for change in batch.changes],
    )


def from_model(batch: PushBatch) -> ParsedBatch:
    """A batch the strict model accepted, with its ids in canonical text."""
    return ParsedBatch(
        schema_version=batch.schema_version,
        origin=batch.origin,
        changes=[_incoming(change, str(change.change_id), str(change.entity_id)) for change in batch.changes],
    )


def _incoming(change: Any, change_id: str, entity_id: str) -> IncomingChange:
    """One change of either road, its ids given as canonical text."""
    return IncomingChange(
        change_id=change_id,
        entity=change.entity,
        entity_id=entity_id,
        operation=OPERATIONS[change.operation],
        base_version=change.base_version,
        changed_fields=tuple(change.changed_fields),
        payload=change.payload,
        rebased=change.rebased,
    )
