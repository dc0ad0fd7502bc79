"""What the Dashboard shows, computed in a few set-based queries.

The Dashboard is the page the app opens on, so it is read with the standard
library's :mod:`sqlite3` (see :mod:`localitydesk.store.plain`) and can show
before SQLAlchemy and the models have loaded. Its read-only connection never
writes; WAL lets it read beside the app's own connection.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from localitydesk.domain.active_offer import welsh_need_met
from localitydesk.domain.compliance_status import EXPIRING_WITHIN_DAYS
from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    ComplianceType,
    RequestReason,
    RequestStatus,
    Role,
    WelshRequirement,
    label,
)
from localitydesk.i18n import _
from localitydesk.store.plain import day, instant, read_day, read_instant, read_only_connection, read_uuid

from .errors import ServiceError
from .request_rows import RequestRow


@dataclass(frozen=True)
class ExpiringItem:
    worker_name: str
    kind: ComplianceType
    expires_on: date

    def label(self) -> str:
        return label(self.kind)


@dataclass(frozen=True)
class AwaitingConfirmation:
    booking_id: uuid.UUID
    worker_name: str
    provider_name_cy: str
    provider_name_en: str
    starts_at: datetime
    status: BookingStatus


@dataclass(frozen=True)
class DashboardSummary:
    current_workers: int
    welsh_intermediate_or_above: int
    unfilled_next_week: list[RequestRow]
    awaiting_confirmation: list[AwaitingConfirmation]
    expiring: list[ExpiringItem]
    month_requests: int
    month_filled: int
    month_welsh_requests: int
    month_welsh_matched: int

    @property
    def fill_rate(self) -> float | None:
        return self.month_filled / self.month_requests if self.month_requests else None

    @property
    def welsh_match_rate(self) -> float | None:
        return self.month_welsh_matched / self.month_welsh_requests if self.month_welsh_requests else None


# The statuses that hold a place, written into the SQL once (they are fixed).
_ACTIVE = ", ".join(f"'{status.value}'" for status in ACTIVE_BOOKING_STATUSES)
_AWAITING = f"'{BookingStatus.OFFERED.value}', '{BookingStatus.ACCEPTED.value}'"
_CANCELLED = f"'{RequestStatus.CANCELLED.value}'"
_LISTED = 200  # a list longer than this is not read on a dashboard

_CURRENT_WORKER = """
    w.locality_id = :locality AND w.deleted_at IS NULL AND (w.leaving_date IS NULL OR w.leaving_date > :today)
"""

# As services.requests.list_requests gives them, less the cancelled and the filled.
_UNFILLED_SOON = f"""
    SELECT r.id, r.provider_id, p.name_cy, p.name_en, r.role, r.starts_at, r.ends_at, r.unpaid_break_minutes,
           r.staff_needed, booked, r.status, r.reason, r.welsh_requirement, r.welsh_level, r.requested_at,
           r.requested_by, r.notes
    FROM (
        SELECT r.*, (SELECT count(*) FROM booking b WHERE b.request_id = r.id AND b.status IN ({_ACTIVE})) AS booked
        FROM cover_request r
        WHERE r.locality_id = :locality AND r.deleted_at IS NULL AND r.status != {_CANCELLED}
          AND r.starts_at >= :now AND r.starts_at < :week_end
    ) r
    JOIN provider p ON p.id = r.provider_id
    WHERE booked < r.staff_needed
    ORDER BY r.starts_at, p.name_en, r.id
"""

_EXPIRING = f"""
    SELECT w.first_name, w.last_name, c.kind, c.expires_on
    FROM compliance_item c JOIN worker w ON w.id = c.worker_id
    WHERE {_CURRENT_WORKER} AND c.deleted_at IS NULL AND c.expires_on >= :today AND c.expires_on <= :expiry_end
    ORDER BY c.expires_on, w.last_name, w.first_name, c.kind
    LIMIT {_LISTED}
"""

_AWAITING_CONFIRMATION = f"""
    SELECT b.id, w.first_name, w.last_name, p.name_cy, p.name_en, b.starts_at, b.status
    FROM booking b
    JOIN worker w ON w.id = b.worker_id
    JOIN cover_request r ON r.id = b.request_id
    JOIN provider p ON p.id = r.provider_id
    WHERE b.locality_id = :locality AND b.status IN ({_AWAITING}) AND b.starts_at >= :now
    ORDER BY b.starts_at, w.last_name, w.first_name, b.id
    LIMIT {_LISTED}
"""

# One row per request of the month: how many are booked and the weakest
# Welsh among them (meeting a need is monotone in the level, so the weakest
# decides), leaving the rule itself to welsh_need_met.
_MONTH = f"""
    SELECT r.staff_needed, r.welsh_requirement, r.welsh_level, count(b.id), min(w.welsh_speaking)
    FROM cover_request r
    LEFT JOIN booking b ON b.request_id = r.id AND b.status IN ({_ACTIVE})
    LEFT JOIN worker w ON w.id = b.worker_id
    WHERE r.locality_id = :locality AND r.deleted_at IS NULL AND r.status != {_CANCELLED}
      AND r.starts_at >= :month_start AND r.starts_at < :month_end
    GROUP BY r.id
"""


def dashboard_summary(database_file: Path, today: date, now: datetime | None = None) -> DashboardSummary:
    now = now or local_to_utc(today, datetime.min.time())
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    with read_only_connection(database_file) as connection:
        home = connection.execute("SELECT id FROM locality WHERE is_home = 1").fetchone()
        if home is None:
            raise ServiceError(_("This database has no locality yet. Build the demo data or run the first-run set-up."))
        values = {
            "locality": home[0],
            "today": day(today),
            "now": instant(now),
            "week_end": instant(now + timedelta(days=7)),
            "expiry_end": day(today + timedelta(days=EXPIRING_WITHIN_DAYS)),
            "month_start": instant(local_to_utc(today.replace(day=1), datetime.min.time())),
            "month_end": instant(local_to_utc(next_month, datetime.min.time())),
        }
        current_workers, welsh = connection.execute(
            f"SELECT count(*), count(CASE WHEN w.welsh_speaking >= 3 THEN 1 END) FROM worker w WHERE {_CURRENT_WORKER}",
            values,
        ).fetchone()
        unfilled = [_request_row(row) for row in connection.execute(_UNFILLED_SOON, values)]
        expiring = [
            ExpiringItem(f"{first} {last}", ComplianceType(kind), read_day(expires))
            for first, last, kind, expires in connection.execute(_EXPIRING, values)
        ]
        awaiting = [
            AwaitingConfirmation(read_uuid(booking_id), f"{first} {last}", name_cy, name_en, read_instant(starts),
                                 BookingStatus(status))
            for booking_id, first, last, name_cy, name_en, starts, status in connection.execute(_AWAITING_CONFIRMATION, values)
        ]
        month = connection.execute(_MONTH, values).fetchall()
    filled = welsh_requests = welsh_matched = 0
    for needed, requirement, level, booked, weakest in month:
        is_filled = booked >= needed
        filled += is_filled
        if requirement != WelshRequirement.NONE.value:
            welsh_requests += 1
            welsh_matched += is_filled and welsh_need_met(WelshRequirement(requirement), level, weakest)
    return DashboardSummary(
        current_workers, welsh, unfilled, awaiting, expiring, len(month), filled, welsh_requests, welsh_matched
    )


class DashboardPrefetch:
    """The Dashboard's figures, read on a thread of their own while Qt starts.

    sqlite3 lets go of the interpreter while SQLite works, so the reading runs
    beside Qt's loading and the window's construction instead of after them.
    """

    def __init__(self, database_file: Path, today: date):
        self.today = today
        self._summary: DashboardSummary | None = None
        self._thread = threading.Thread(target=self._read, args=(database_file,), name="dashboard-prefetch", daemon=True)
        self._thread.start()

    def _read(self, database_file: Path) -> None:
        try:
            self._summary = dashboard_summary(database_file, self.today)
        except Exception:  # noqa: BLE001 - the page reads again, and reports any error in words
            self._summary = None

    def result(self, today: date) -> DashboardSummary | None:
        """The figures if they were read for ``today``, waiting for them if need be."""
        self._thread.join()
        return self._summary if today == self.today else None


def _request_row(row) -> RequestRow:
    (request_id, provider_id, name_cy, name_en, role, starts, ends, unpaid_break, needed, booked, status, reason,
     requirement, level, requested_at, requested_by, notes) = row
    return RequestRow(
        id=read_uuid(request_id), provider_id=read_uuid(provider_id), provider_name_cy=name_cy, provider_name_en=name_en,
        role=Role(role), starts_at=read_instant(starts), ends_at=read_instant(ends), unpaid_break_minutes=unpaid_break,
        staff_needed=needed, booked=booked, status=RequestStatus(status), reason=RequestReason(reason),
        welsh_requirement=WelshRequirement(requirement), welsh_level=level, requested_at=read_instant(requested_at),
        requested_by=requested_by, notes=notes,
    )
