"""Opening a locality's database: pragmas, migration, the newer-schema guard.

``open_database(path)`` is the only way in. It

* refuses a file written by a newer LocalityDesk (its Alembic revision is one
  we do not know) and leaves it untouched;
* takes a consistent copy of an existing file before migrating it;
* brings the schema to head with Alembic, which owns it from the first revision;
* opens SQLite with WAL, foreign keys on and a busy timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session, sessionmaker

from localitydesk.i18n import N_, bilingual

from . import journal  # noqa: F401 - registers the audit/outbox listener
# Kept importable from here, where callers have always found them.
from .plain import SCHEMA_HEAD, DatabaseError, NewerDatabaseError, stored_revision  # noqa: F401

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def alembic_config(url: str | None = None, script_location: Path | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision(config: Config | None = None) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config or alembic_config()).get_current_head()


def _set_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        # URL.create, not an f-string: a folder named "notes?2026" or "#rota"
        # must stay part of the path, never become a query or fragment.
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy made with SQLite's online backup, safe while in use."""
    from .backup import online_copy

    return online_copy(source, target)


def backup_before_migration(path: Path, from_revision: str) -> Path:
    """Keep the file as it was, in the backup folder, before the schema changes.

    The revision is recorded in the copy itself (``alembic_version``), so the
    name need not carry it."""
    from .backup import BackupKind, configured_backup_folder, take_backup

    return take_backup(path, configured_backup_folder(), BackupKind.BEFORE_MIGRATION).path


def check_not_newer(path: Path, config: Config | None = None) -> str | None:
    """Raise NewerDatabaseError when the file's schema is ahead of this program."""
    revision = stored_revision(path)
    if revision is None:
        return None
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config or alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise NewerDatabaseError(
            bilingual(
                N_(
                    "{path} was saved by a newer version of LocalityDesk (schema {revision}). "
                    "Install the newer version to open it; the file has not been changed."
                ),
                path=path,
                revision=revision,
            )
        )
    return revision


def migrate(path: Path, config: Config | None = None, *, backup: bool = True) -> Path | None:
    """Bring the file to head; returns the backup taken, if a migration ran.

    ``config`` names another migration script folder (the tests use one with
    an extra revision to exercise an upgrade). ``backup=False`` is for a file
    that is itself a copy (a restore migrates its scratch copy).
    """
    if config is None and stored_revision(path) == SCHEMA_HEAD:
        return None
    from alembic import command

    config = config or alembic_config()
    revision = check_not_newer(path, config)
    head = head_revision(config)
    if revision == head:
        return None
    taken = backup_before_migration(path, revision) if backup and revision is not None else None
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return taken


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@dataclass
class Database:
    """An open locality database; services open one session per unit of work."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

    def session(self) -> Session:
        return self.session_factory()

    def close(self) -> None:
        # No PRAGMA optimize here: a write at close raced the restore that
        # follows a close (the SIGKILL restore test found it), and a close
        # must never wait on another program's lock.
        self.engine.dispose()


# Enough rows per index for the query planner's purposes; keeps ANALYZE to a
# fraction of a second on a 10,000-worker database.
ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(engine: Engine) -> None:
    """Give SQLite's query planner row counts to choose indexes by, after a bulk load.

    Without them it guesses, and on a large locality it guessed badly (the
    Dashboard's compliance query walked every worker instead of the expiry
    index: 50 ms instead of a few). A database that cannot be written now
    (read-only, or busy) simply keeps the statistics it has.
    """
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    except OperationalError:
        pass


def open_database(path: Path | str, *, migrate_schema: bool = True) -> Database:
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if migrate_schema:
        migrate(path)
    elif stored_revision(path) != SCHEMA_HEAD:
        check_not_newer(path)
    engine = make_engine(path)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    return Database(path=path, engine=engine, session_factory=factory)
