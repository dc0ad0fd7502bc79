"""The database file read with the standard library alone.

The main window shows its first page before SQLAlchemy and the models have
loaded (together they take longer than Qt itself to import). What it needs
that early — whether the file is at this program's schema, and the first
page's figures — is read here with :mod:`sqlite3`, read-only. Values come back
as SQLAlchemy stores them: UUIDs as 32 hex digits, instants as naive UTC text,
days as ISO text, enumerations as their values.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from localitydesk.i18n import N_, bilingual

# The newest schema revision, kept here so that opening an up-to-date file
# needs no Alembic at all (importing it and reading the scripts costs about a
# second of start-up). A test holds it equal to Alembic's head: add a
# migration, and that test tells you to update this.
SCHEMA_HEAD = "0005"


class DatabaseError(Exception):
    """A database that cannot be opened, with a message for the user."""


class NewerDatabaseError(DatabaseError):
    pass


@contextmanager
def read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection, closed on leaving; it can never change the file."""
    # as_uri() percent-encodes, so a folder name with '?' or '#' stays a path.
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in the file, read without changing it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with read_only_connection(path) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as error:
            if "no such table" in str(error):
                has_tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                if has_tables:
                    raise DatabaseError(bilingual(N_("{path} is not a LocalityDesk database."), path=path)) from error
                return None
            raise DatabaseError(
                bilingual(N_("{path} cannot be read as a database: {error}"), path=path, error=error)
            ) from error
    return row[0] if row else None


def is_current(path: Path) -> bool:
    """True when the file exists at this program's schema: nothing to migrate."""
    try:
        return stored_revision(path) == SCHEMA_HEAD
    except (DatabaseError, sqlite3.Error):
        return False  # the full open says what is wrong, in the user's language


# -- values as SQLAlchemy stores them in SQLite ---------------------------------

def key(value: uuid.UUID) -> str:
    """A UUID as a stored key."""
    return value.hex


def instant(value: datetime) -> str:
    """An aware instant as stored: naive UTC text that sorts as time does."""
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def day(value: date) -> str:
    return value.isoformat()


def read_uuid(text: str) -> uuid.UUID:
    return uuid.UUID(hex=text)


def read_instant(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def read_day(text: str) -> date:
    return date.fromisoformat(text)
