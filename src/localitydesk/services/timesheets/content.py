"""The canonical content a signature covers, and its SHA-256.

What is signed is the record of the hours, not its presentation: the
booking, who worked it, where, the actual instants (UTC, ISO 8601, whole
seconds), the unpaid break, the mileage and the reason for any change. It is
serialised as JSON with sorted keys and no spaces, so the same timesheet
hashes the same on any machine and in any language; a later change to any
of these fields gives a different hash, which is how a voided signature is
recognised.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SignedContent:
    booking_id: str
    worker_id: str
    provider_id: str
    role: str
    actual_start: str
    actual_end: str
    break_minutes: int
    mileage: str
    change_reason: str


def _instant(value: datetime) -> str:
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _miles(value: Decimal) -> str:
    # 12.5 and 12.50 are the same distance and must hash the same.
    return format(Decimal(value).normalize(), "f")


def signed_content(
    booking_id: uuid.UUID,
    worker_id: uuid.UUID,
    provider_id: uuid.UUID,
    role: str,
    actual_start: datetime,
    actual_end: datetime,
    break_minutes: int,
    mileage: Decimal,
    change_reason: str,
) -> SignedContent:
    return SignedContent(
        str(booking_id), str(worker_id), str(provider_id), str(role), _instant(actual_start), _instant(actual_end),
        int(break_minutes), _miles(mileage), change_reason.strip(),
    )


def content_hash(content: SignedContent) -> str:
    canonical = json.dumps(asdict(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
