"""The wire format between a desktop's outbox pusher and the regional server.

Shared by both sides, so it imports nothing beyond the standard library: the
desktop never needs pydantic or FastAPI to speak it. The server checks every
body against its own strict models built on the same constants.

A push is ``POST /v1/sync/push`` with ``Authorization: Bearer <token>``, an
``Idempotency-Key`` header (kept by the desktop across restarts, one per
batch) and a JSON body::

    {"schema_version": 1,
     "origin": "<uuid of the desktop database>",
     "changes": [{"change_id": "<uuid>", "entity": "worker",
                  "entity_id": "<uuid>", "operation": "update",
                  "base_version": 3, "changed_fields": ["phone"],
                  "payload": {...the record after the change...},
                  "rebased": false}, ...]}

The answer is one result per change, in the order sent::

    {"results": [{"change_id": "...", "outcome": "applied",
                  "server_version": 4, "detail": {}}, ...],
     "counts": {"applied": 1, "duplicate": 0, "conflict": 0, "rejected": 0}}

An insert goes with ``changed_fields: []``: every field of a new record is
new, the server reads the payload whole, and the list (a third of a new
worker's change) would only be carried, parsed and hashed. The outbox row
keeps it, for settling conflicts on the desktop; an older desktop that sends
it is answered the same.

Versions: ``base_version`` is the desktop's own version of the record before
the change (0 for an insert). The server keeps, per desktop (``origin``) and
record, which of its versions the desktop last saw, so it can tell whose edit
came first without ever looking at a clock. After the desktop adopts a
server version to settle a conflict (keeping the server's record, or re-sending
its own values on top of it), the first change it sends for that record carries
``rebased: true`` and that server version as ``base_version``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

# The desktop's data schema this build writes into outbox rows and batches.
CURRENT_SCHEMA_VERSION = 1

PUSH_PATH = "/v1/sync/push"
HEALTH_PATH = "/v1/health"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

# The batch caps, for both sides, in this one place: a pusher fills batches up
# to these, and the server refuses a batch over the change count (422) or the
# hard body cap below (413). DESIGN.md's first figures were 200 changes and
# about 256 KB; measured with bench/sync.py, batches of up to 1,000 changes or
# 1 MB push about a fifth more changes per second, a batch's fixed costs (its
# round trips, the desktop's two commits, the HTTP exchange) spread over five
# times as many changes, for about 8 MB more client memory.
MAX_CHANGES_PER_BATCH = 1000
TARGET_BATCH_BYTES = 1024 * 1024
# Hard cap on a request body: a single large record (a scanned timesheet) goes
# alone when it would not fit with others, but never past this.
MAX_BODY_BYTES = 1024 * 1024

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_\-]{16,64}$"
ENTITY_PATTERN = r"^[a-z][a-z0-9_]{0,59}$"
FIELD_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"

# Fields the server keeps for itself or that every edit touches; they never
# make two edits conflict and are never applied from a payload.
SERVER_KEPT_FIELDS = frozenset({"version"})
BOOKKEEPING_FIELDS = frozenset({"updated_at"})
IMMUTABLE_FIELDS = frozenset({"id", "locality_id", "created_at"})

# Namespace of the stable UUID a locality gets from its code, so every desktop
# of one locality and the server agree on its id without talking first.
LOCALITY_NAMESPACE = uuid.UUID("6b1f3c2e-2f4a-5d0b-9a57-1c0d4e5f6a70")


class Operation(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class Reason(StrEnum):
    """Why a change was not simply applied; the desktop translates these codes."""

    ALREADY_DELETED = "already_deleted"  # applied: deleting a tombstone changes nothing
    UNKNOWN_ENTITY = "unknown_entity"
    INVALID_PAYLOAD = "invalid_payload"
    NOT_FOUND = "not_found"
    EXISTS = "exists"
    DELETED = "deleted"
    FIELDS = "fields"  # someone else changed these fields since this desktop saw them
    BASE_VERSION = "base_version"  # the base is one the server never had
    OUT_OF_ORDER = "out_of_order"  # the desktop's versions of this record do not follow on
    # whole-request refusals
    UNAUTHORISED = "unauthorised"
    OTHER_LOCALITY = "other_locality"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_REQUEST = "invalid_request"
    MALFORMED_JSON = "malformed_json"
    TOO_LARGE = "too_large"
    UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"


class Problem:
    """What the server says is wrong with one value of a rejected change, word for word.

    The server answers in English; the desktop shows these to people in their
    language (services.sync.problem_wording), so both take them from here.
    ``TOO_LONG`` is the one with a number in it.
    """

    EXPECTED_TEXT = "expected text"
    TOO_LONG = "longer than {limit} characters"
    NUL = "contains a NUL character"
    NOT_UNICODE = "not valid Unicode"
    EXPECTED_WHOLE_NUMBER = "expected a whole number"
    OUT_OF_RANGE = "out of range"
    EXPECTED_TRUE_OR_FALSE = "expected true or false"
    EXPECTED_DECIMAL = "expected a decimal number as text"
    EXPECTED_INSTANT = "expected an ISO 8601 instant with an offset"
    EXPECTED_DATE = "expected an ISO date"
    EXPECTED_TIME = "expected an ISO time"
    EXPECTED_BASE64 = "expected base64 text"
    EXPECTED_UUID = "expected a UUID"
    NOT_A_CODE = "not one of the allowed codes"
    TOO_DEEP = "nested too deeply"
    NOT_FINITE = "not a finite number"
    NOT_JSON = "not JSON"
    NO_SUCH_FIELD = "no such field"
    EMPTY = "may not be empty"
    NOT_THE_CHANGES_RECORD = "must be the entity_id of the change"
    INSERT_NOT_ON_VERSION_0 = "an insert is based on version 0"
    EDIT_ON_VERSION_0 = "an update or delete is based on version 1 or later"
    CANNOT_CHANGE = "cannot be changed"
    CHANGED_BUT_MISSING = "changed but missing from the payload"
    # The message of a change refused as a whole (detail "message").
    NO_SUCH_RECORD = "the server has no such record in this locality"


def locality_uuid(code: str) -> uuid.UUID:
    """The id every party gives the locality with this code (e.g. ``CONWY``)."""
    return uuid.uuid5(LOCALITY_NAMESPACE, code.strip().upper())


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def json_safe(value: Any) -> Any:
    """A column value as the wire carries it.

    UUID, date, time and Decimal travel as their ISO/exact text, instants as
    ISO 8601 in UTC with an offset, bytes as base64, enums as their value.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        raise TypeError("floats are not carried: money and hours are Decimal")
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: only timezone-aware instants are carried")
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("a non-finite Decimal cannot be carried")
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    raise TypeError(f"cannot carry {type(value).__name__} on the wire")


def canonical_json(document: Any) -> bytes:
    """One byte string per document, whatever the key order it was built in."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def body_fingerprint(document: Any) -> str:
    """What the server compares when an idempotency key comes back."""
    return hashlib.sha256(canonical_json(document)).hexdigest()


@dataclass(frozen=True, slots=True)
class Change:
    """One outbox row as sent. ``payload`` must already be JSON-safe."""

    change_id: str
    entity: str
    entity_id: str
    operation: str
    base_version: int
    changed_fields: tuple[str, ...]
    payload: Mapping[str, Any]
    rebased: bool = False

    def to_wire(self) -> dict[str, Any]:
        document = {
            "change_id": str(self.change_id),
            "entity": self.entity,
            "entity_id": str(self.entity_id),
            "operation": str(self.operation),
            "base_version": int(self.base_version),
            "changed_fields": [] if self.operation == Operation.INSERT else list(self.changed_fields),
            "payload": dict(self.payload),
        }
        if self.rebased:
            document["rebased"] = True
        return document


@dataclass(frozen=True, slots=True)
class Batch:
    origin: str
    changes: tuple[Change, ...]
    schema_version: int = CURRENT_SCHEMA_VERSION

    def to_wire(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "origin": str(self.origin),
            "changes": [change.to_wire() for change in self.changes],
        }

    def encode(self) -> bytes:
        return canonical_json(self.to_wire())


@dataclass(frozen=True, slots=True)
class ChangeResult:
    change_id: str
    outcome: Outcome
    server_version: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str | None:
        return self.detail.get("reason")

    def to_wire(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "outcome": str(self.outcome),
            "server_version": self.server_version,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_wire(cls, document: Mapping[str, Any]) -> ChangeResult:
        return cls(
            change_id=str(document["change_id"]),
            outcome=_OUTCOMES[document["outcome"]],  # KeyError for an unknown one, as a bad answer
            server_version=document.get("server_version"),
            detail=dict(document.get("detail") or {}),
        )


# A dict look-up, not the enum's call: a push reads a thousand of these per answer.
_OUTCOMES = {str(outcome): outcome for outcome in Outcome}


@dataclass(frozen=True, slots=True)
class PushResult:
    results: tuple[ChangeResult, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    def counts(self) -> dict[str, int]:
        return {str(outcome): self.count(outcome) for outcome in Outcome}

    def to_wire(self) -> dict[str, Any]:
        return {"results": [result.to_wire() for result in self.results], "counts": self.counts()}

    @classmethod
    def from_wire(cls, document: Mapping[str, Any]) -> PushResult:
        return cls(results=tuple(ChangeResult.from_wire(item) for item in document["results"]))


def encoded_size(change: Change) -> int:
    return len(canonical_json(change.to_wire()))


# Bytes of the envelope around the changes, with room for a long origin.
_ENVELOPE_BYTES = len(canonical_json(Batch(origin=str(uuid.UUID(int=0)), changes=()).to_wire())) + 16


def plan_batches(
    changes: Iterable[Change],
    *,
    max_changes: int = MAX_CHANGES_PER_BATCH,
    target_bytes: int = TARGET_BATCH_BYTES,
) -> Iterator[list[Change]]:
    """Cut changes, in the order given, into batches within both limits.

    A change bigger than the target on its own is sent alone (the server's
    hard cap, MAX_BODY_BYTES, still applies); order is never changed.
    """
    batch: list[Change] = []
    size = _ENVELOPE_BYTES
    for change in changes:
        change_bytes = encoded_size(change) + 1  # the comma between changes
        if batch and (len(batch) >= max_changes or size + change_bytes > target_bytes):
            yield batch
            batch, size = [], _ENVELOPE_BYTES
        batch.append(change)
        size += change_bytes
    if batch:
        yield batch


def changes_from_rows(rows: Sequence[Any]) -> list[Change]:
    """Changes from outbox rows (anything with the OutboxChange attributes), in seq order."""
    return [
        Change(
            change_id=str(row.change_id),
            entity=row.entity,
            entity_id=str(row.entity_id),
            operation=str(row.operation),
            base_version=int(row.base_version),
            changed_fields=tuple(row.changed_fields or ()),
            payload=row.payload,
        )
        for row in sorted(rows, key=lambda row: row.seq)
    ]
