"""A cover request as the lists show it: plain data, free of the database layer.

Kept apart from :mod:`services.requests` so the Dashboard and the tables can
use it without loading SQLAlchemy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from localitydesk.domain.bilingual import ProviderNamed
from localitydesk.domain.vocabulary import RequestReason, RequestStatus, Role, WelshRequirement


@dataclass(frozen=True)
class RequestRow(ProviderNamed):
    id: uuid.UUID
    provider_id: uuid.UUID
    provider_name_cy: str
    provider_name_en: str
    role: Role
    starts_at: datetime
    ends_at: datetime
    unpaid_break_minutes: int
    staff_needed: int
    booked: int
    status: RequestStatus
    reason: RequestReason
    welsh_requirement: WelshRequirement
    welsh_level: int
    requested_at: datetime
    requested_by: str
    notes: str

    @property
    def unfilled(self) -> int:
        return max(0, self.staff_needed - self.booked)
