"""JSON in and out of the server's own rows: orjson out where it can, the standard library where it cannot; msgspec in.

Every batch turns a few hundred rows and answers into JSON; the standard
encoder was a visible share of a batch's time. orjson refuses integers
beyond 64 bits, which a JSON-typed field may legitimately hold, so those
documents (rare) take the slow, exact road instead of failing.

Reading is msgspec's: orjson reads such integers back as floats, and a
record's data must come back exactly as it was stored. msgspec keeps them
exact, as the standard library does, in half its time.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec
import orjson

from localitydesk.sync.protocol import body_fingerprint


def dumps(document: Any) -> bytes:
    try:
        return orjson.dumps(document)
    except TypeError:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def loads(text: str | bytes) -> Any:
    return msgspec.json.decode(text)


def dumps_text(document: Any) -> str:
    return dumps(document).decode("utf-8")


def batch_fingerprint(batch: Any) -> str:
    """``fingerprint(PushBatch.model_dump(mode="json"))`` of the same body, without pydantic's serialiser.

    ``batch`` is the batch as parsed (``wire.ParsedBatch``): the same
    document field for field, the payload already plain JSON values and the
    ids written as ``str`` writes them, as pydantic does. A test holds the two
    to the same answer.
    """
    document = {
        "schema_version": batch.schema_version,
        "origin": str(batch.origin),
        "changes": [
            {
                "change_id": change.change_id,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "operation": str(change.operation),
                "base_version": change.base_version,
                "changed_fields": list(change.changed_fields),
                "payload": change.payload,
                "rebased": change.rebased,
            }
            for change in batch.changes
        ],
    }
    return fingerprint(document)


def fingerprint(document: Any) -> str:
    """``protocol.body_fingerprint``, the same canonical form (sorted keys, compact, UTF-8), sooner."""
    try:
        canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return body_fingerprint(document)
    return hashlib.sha256(canonical).hexdigest()
