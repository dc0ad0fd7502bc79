"""The one service call that builds the demo into a database."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from localitydesk.i18n import _, current_language
from localitydesk.services.errors import ServiceError
from localitydesk.services.unit_of_work import read_only, unit_of_work
from localitydesk.store.database import Database, refresh_planner_statistics

from .generator import DemoData, DemoOptions, generate
from .writer import clear_all, existing_home, has_any_locality, write_rows


class DemoAlreadyBuilt(ServiceError):
    """The database holds data already; the demo only goes into an empty one
    unless the caller asks for everything to be replaced."""


@dataclass(frozen=True)
class DemoSummary:
    locality_code: str
    locality_name_cy: str
    locality_name_en: str
    counts: dict[str, int]
    seconds: float

    def locality_name(self, language: str | None = None) -> str:
        return self.locality_name_cy if (language or current_language()) == "cy" else self.locality_name_en


def _refuse_if_not_empty(session) -> None:
    if not has_any_locality(session):
        return
    home = existing_home(session)
    if home is None:
        raise DemoAlreadyBuilt(_("This database already holds data; the demo is only built into an empty one."))
    name = home.name_cy if current_language() == "cy" else home.name_en
    raise DemoAlreadyBuilt(
        _("This database already holds the data of {locality}; the demo is only built into an empty one.").format(
            locality=name
        )
    )


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Half a million new rows would wake the cycle collector again and again to
    walk an ever larger heap for cycles the rows do not have; off, the build
    takes about a sixth less time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_demo(
    db: Database, options: DemoOptions | None = None, *, replace: bool = False, now: datetime | None = None
) -> DemoSummary:
    """Generate the demo and write it in one transaction, or not at all.

    ``replace`` first deletes every row in the database (the file, its schema
    and its backups stay).
    """
    options = options or DemoOptions()
    started = time.perf_counter()
    if not replace:
        with read_only(db) as session:
            _refuse_if_not_empty(session)  # fail before spending time generating
    with _without_cyclic_gc():
        data = generate(options, now)
        _write(db, data, replace)
    refresh_planner_statistics(db.engine)  # a bulk load: the planner's old figures (if any) are all wrong
    home = next(row for row in data.rows("locality") if row["is_home"])
    return DemoSummary(
        locality_code=home["code"],
        locality_name_cy=home["name_cy"],
        locality_name_en=home["name_en"],
        counts=data.counts(),
        seconds=time.perf_counter() - started,
    )


def _write(db: Database, data: DemoData, replace: bool) -> None:
    with unit_of_work(db, action="build_demo") as session:
        # Demo data is not a user's change: no audit entries, no outbox (see writer).
        session.info["journal"] = False
        if replace:
            clear_all(session)
        else:
            _refuse_if_not_empty(session)
        write_rows(session, data)
