"""Putting the generated demo rows into a database, and clearing one first.

The rows go in through SQLAlchemy Core bulk inserts (one executemany per
table) with the audit/outbox journal switched off. Demo data is not a change
any user made: journalling it would fill the audit log with hundreds of
thousands of "inserted" entries nobody did, and fill the sync outbox with a
fictional locality that must never reach the regional server.
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from localitydesk.store.models import Base, Locality

from .generator import TABLE_ORDER, DemoData

_TABLES = Base.metadata.tables


def existing_home(session: Session) -> Locality | None:
    return session.scalars(select(Locality).where(Locality.is_home.is_(True))).first()


def has_any_locality(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Locality)))


def clear_all(session: Session) -> None:
    """Delete every row of every table, children first (for --replace)."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


# Random UUID keys land all over every index: with SQLite's default 2 MB
# page cache a large demo spends most of its time re-reading index pages.
BULK_CACHE_KIB = 256 * 1024
DEFAULT_CACHE_KIB = 2000


def write_rows(session: Session, data: DemoData) -> None:
    session.info["journal"] = False  # see the module docstring: never journal demo data
    connection = session.connection()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        for name in TABLE_ORDER:
            rows = data.rows(name)
            if name == "booking":
                rows = sorted(rows, key=_latest_first)
            if rows:
                session.execute(insert(_TABLES[name]), rows)
    finally:
        # The connection goes back to the pool; later users get the usual cache.
        connection.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")


def _latest_first(row: dict) -> float:
    """The double-booking trigger scans a worker's bookings that start before
    the new one ends, through the (worker, start) index; inserting the latest
    first keeps that scan to a booking or two instead of the worker's history."""
    return -row["starts_at"].timestamp()
