"""What every page needs: the database, its worker thread, who is using the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from localitydesk.paths import Settings
from localitydesk.store.database import Database
from localitydesk.store.journal import Actor
from localitydesk.store.types import utc_now

from .tasks import DatabaseWorker


@dataclass
class AppContext:
    db: Database
    worker: DatabaseWorker
    settings: Settings
    actor: Actor
    locality_name: Callable[[str], str] = lambda language: ""
    today: Callable[[], date] = field(default=date.today)
    # The moment auto-fill plans from; tests fix it with ``today``.
    now: Callable[[], datetime] = field(default=utc_now)
