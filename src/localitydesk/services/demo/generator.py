"""The whole demo data set as plain rows, without touching a database.

``generate(options, now)`` returns one list of column->value dicts per table,
in an order that satisfies the foreign keys. It imports no SQLAlchemy: the
writer turns the rows into bulk inserts. The same seed and reference instant
give the same rows, ids included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from localitydesk.domain import places
from localitydesk.domain.vocabulary import UserRole

from localitydesk.sync.protocol import locality_uuid

from .settings import setting_rows
from .context import Context
from .cover import CoverMaker
from .people import WorkerMaker, make_users
from .providers import ProviderMaker

DEFAULT_WORKERS = 120
DEFAULT_PROVIDERS = 25
DEFAULT_WEEKS = 8
DEFAULT_SEED = 2024

# Parents before children, so foreign keys hold as each table is inserted.
TABLE_ORDER = (
    "locality",
    "app_user",
    "setting",
    "worker",
    "worker_role",
    "compliance_item",
    "availability_slot",
    "absence",
    "provider",
    "provider_contact",
    "rate_card_entry",
    "provider_worker_preference",
    "cover_request",
    "booking",
    "timesheet",
)


@dataclass(frozen=True)
class DemoOptions:
    workers: int = DEFAULT_WORKERS
    providers: int = DEFAULT_PROVIDERS
    weeks: int = DEFAULT_WEEKS
    seed: int = DEFAULT_SEED
    locality: str = places.LOCALITY_CODES[0]

    def __post_init__(self) -> None:
        if self.locality not in places.LOCALITY_CODES:
            raise ValueError(f"unknown locality code {self.locality!r}")
        if self.workers < 0 or self.providers < 0 or self.weeks < 0:
            raise ValueError("counts must not be negative")


@dataclass
class DemoData:
    home_code: str
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(self.tables.get(name, ())) for name in TABLE_ORDER}

    def rows(self, table: str) -> list[dict]:
        return self.tables.get(table, [])


def generate(options: DemoOptions, now: datetime | None = None) -> DemoData:
    """``now`` defaults to the start of the current hour, so runs with one seed
    within the same hour give the same data."""
    if now is None:
        now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    ctx = Context(seed=options.seed, now=now, home_code=options.locality)
    data = DemoData(home_code=options.locality)

    founded = ctx.now - timedelta(days=3 * 365)
    localities = []
    home_id = None
    for code, name_cy, name_en in places.LOCALITIES:
        row = {
            # The regional server knows each locality by this id.
            "id": locality_uuid(code),
            "created_at": founded,
            "updated_at": founded,
            "code": code,
            "name_cy": name_cy,
            "name_en": name_en,
            "is_home": code == options.locality,
        }
        if row["is_home"]:
            home_id = row["id"]
        localities.append(row)
    data.tables["locality"] = localities

    users = make_users(ctx, home_id)
    data.tables["app_user"] = users
    data.tables["setting"] = setting_rows(ctx.new_id, home_id, founded)
    booking_user_ids = [u["id"] for u in users if u["role"] in (UserRole.COORDINATOR.value, UserRole.MANAGER.value)]
    admin_id = next(u["id"] for u in users if u["role"] == UserRole.ADMIN.value)

    # Half the weeks behind today, half ahead, in whole weeks from a Monday.
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    window_start = monday - timedelta(days=7 * (options.weeks // 2))
    window_end = monday + timedelta(days=7 * (options.weeks - options.weeks // 2)) - timedelta(days=1)
    if options.weeks == 0:
        window_end = window_start

    workers = WorkerMaker(ctx, home_id, window_start, window_end)
    workers.make(options.workers)
    data.tables.update(
        worker=workers.workers,
        worker_role=workers.roles,
        compliance_item=workers.compliance,
        availability_slot=workers.availability,
        absence=workers.absences,
    )

    providers = ProviderMaker(ctx, home_id)
    providers.make(options.providers)
    providers.add_preferences(workers.facts)
    data.tables.update(
        provider=providers.providers,
        provider_contact=providers.contacts,
        rate_card_entry=providers.rates,
        provider_worker_preference=providers.preferences,
    )

    cover = CoverMaker(ctx, home_id, workers.facts, providers.facts, booking_user_ids, admin_id, window_start, window_end)
    if options.weeks:
        cover.make_requests()
        cover.make_bookings()
    data.tables.update(cover_request=cover.requests, booking=cover.bookings, timesheet=cover.timesheets)
    return data
