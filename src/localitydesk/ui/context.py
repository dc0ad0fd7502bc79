"""What every page needs: the database, its worker thread, who is using the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from localitydesk.paths import Settings

from .tasks import DatabaseWorker

if TYPE_CHECKING:  # the data layer is loaded after the first page shows
    from localitydesk.store.database import Database
    from localitydesk.store.journal import Actor


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class AppContext:
    # None only between the first page showing and the data layer opening
    # (see localitydesk.__main__): the Dashboard reads the file directly, and
    # the window lets nothing else be opened until attach_database.
    db: Database | None
    worker: DatabaseWorker
    settings: Settings
    actor: Actor | None
    locality_name: Callable[[str], str] = lambda language: ""
    today: Callable[[], date] = field(default=date.today)
    # The moment auto-fill plans from; tests fix it with ``today``.
    now: Callable[[], datetime] = field(default=_utc_now)
    database_file: Path | None = None
    # The Dashboard's figures being read while the window is built (a
    # services.dashboard.DashboardPrefetch); its first refresh takes them.
    first_page: object | None = None

    def __post_init__(self) -> None:
        if self.database_file is None:
            self.database_file = self.db.path

    def attach_database(self, db: Database, actor: Actor) -> None:
        self.db, self.actor, self.database_file = db, actor, db.path
