"""Backups of a locality database: taken online, kept in rotation, restored atomically.

Every copy is made with SQLite's online backup API, so it is a consistent
snapshot even while the app is saving (WAL lets the copy read while others
write). A copy is written to a hidden temporary file beside its final name,
checked, flushed to disk and only then renamed into place: a backup that was
interrupted is never mistaken for a finished one, and a restore never leaves a
half-written database.

Backups live in one folder, named ``<database>-<UTC instant>-<kind>.sqlite3``
so the folder can hold the backups of several databases (the demo and the
real one) and be read by a person in a file manager.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from localitydesk.i18n import N_, _, bilingual
from localitydesk.store.plain import read_only_connection

LONDON = ZoneInfo("Europe/London")
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_SUFFIX = ".sqlite3"
# A temporary file this old was left by a process that died; younger ones may
# belong to a copy still running in another window, so they are left alone.
STALE_PARTIAL_AGE_S = 3600
# Restores and backups wait this long for another connection's write to end.
LOCK_TIMEOUT_S = 10.0
# The key under which Settings remembers a backup folder the user chose.
BACKUP_FOLDER_SETTING = "backup_folder"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the user.

    ``str()`` gives Welsh then English (for logs and for callers that do not
    know the user's language); :meth:`in_current_language` gives the message
    in the language the user chose.
    """

    def __init__(self, message: str, **values):
        self.message = message
        self.values = values
        super().__init__(bilingual(message, **values))

    def in_current_language(self) -> str:
        return _(self.message).format(**self.values)


class BackupKind(StrEnum):
    DAILY = "daily"  # the automatic one taken at start-up
    MANUAL = "manual"  # "Back up now"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"


@dataclass(frozen=True)
class RotationPolicy:
    """How many backups of each kind to keep.

    Automatic backups follow grandfather–father–son: the newest backup of each
    of the last ``daily`` days that have one, and the newest of each of the
    last ``weekly`` ISO weeks, so a mistake noticed a month late can still be
    undone. The other kinds are kept by count.
    """

    daily: int = 7
    weekly: int = 4
    manual: int = 20
    before_migration: int = 5
    before_restore: int = 5


DEFAULT_POLICY = RotationPolicy()


@dataclass(frozen=True)
class BackupFile:
    path: Path
    database: str  # the stem of the database file it was taken from
    kind: BackupKind
    taken_at: datetime  # aware, UTC
    size: int

    def local_date(self) -> date:
        return self.taken_at.astimezone(LONDON).date()


# -- names ------------------------------------------------------------------
_STAMP_FORMAT = "%Y-%m-%dT%H%M%S.%fZ"
_NAME = re.compile(
    r"^(?P<database>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}T\d{6}\.\d{6}Z)-(?P<kind>"
    + "|".join(re.escape(kind.value) for kind in BackupKind)
    + r")"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


def backup_name(database: str, kind: BackupKind, taken_at: datetime) -> str:
    stamp = taken_at.astimezone(timezone.utc).strftime(_STAMP_FORMAT)
    return f"{database}-{stamp}-{kind.value}{BACKUP_SUFFIX}"


def parse_backup_name(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    taken_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=timezone.utc)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path, match["database"], BackupKind(match["kind"]), taken_at, size)


def list_backups(folder: Path, database: str | None = None) -> list[BackupFile]:
    """The finished backups in ``folder`` (of one database if named), newest first."""
    if not folder.is_dir():
        return []
    found = (parse_backup_name(path) for path in folder.iterdir() if path.is_file())
    backups = [b for b in found if b is not None and (database is None or b.database == database)]
    return sorted(backups, key=lambda b: b.taken_at, reverse=True)


# -- durable files -----------------------------------------------------------
def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable. Windows cannot open a folder, and NTFS journals
    the rename itself, so there is nothing to do there."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def _partial_name(target: Path, purpose: str) -> Path:
    # Hidden and unique: two copies in flight never share a temporary file.
    return target.with_name(f".{target.name}.{purpose}-{uuid.uuid4().hex[:12]}")


def remove_stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files left by copies that were killed part-way."""
    now = time.time() if now is None else now
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if not path.name.startswith(".") or not re.search(r"\.(part|restoring)-[0-9a-f]{12}(-journal|-wal|-shm)?$", path.name):
            continue
        try:
            if now - path.stat().st_mtime >= STALE_PARTIAL_AGE_S:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            pass
    return removed


def _connect_source(source: Path) -> sqlite3.Connection:
    """A connection that reads ``source`` and refuses to write to it.

    Not ``mode=ro``: a read-only connection to a WAL database leaves -wal and
    -shm files behind that it may not remove, where an ordinary connection
    that is the last to close tidies them away.
    """
    if not source.is_file():
        raise BackupError(N_("{path} does not exist."), path=source)
    connection = sqlite3.connect(source, timeout=LOCK_TIMEOUT_S)
    connection.execute("PRAGMA query_only=1")
    return connection


def _copy_into(source: Path, partial: Path) -> None:
    """Online-copy ``source`` into the new file ``partial`` as one self-contained
    file (rollback journal, not WAL, so a single file is the whole database)."""
    src = _connect_source(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            # One step: the copy reads a single snapshot, and under WAL it
            # never holds up the app's own writes.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(N_("{path} cannot be read as a database: {error}"), path=source, error=error) from error
    finally:
        src.close()


def _quick_check(path: Path) -> None:
    with read_only_connection(path) as connection:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(N_("The copy of the database failed its check: {error}"), error=result)


def _publish(partial: Path, target: Path) -> None:
    """fsync the finished file, rename it into place, fsync the folder."""
    _fsync_file(partial)
    os.replace(partial, target)
    _fsync_folder(target.parent)


def online_copy(source: Path, target: Path) -> Path:
    """A consistent, checked copy of ``source`` at ``target``, or nothing at all."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_name(target, "part")
    try:
        _copy_into(Path(source), partial)
        _quick_check(partial)
        _publish(partial, target)
    except BaseException:
        _remove_with_sidecars(partial)
        raise
    return target


# -- taking backups -----------------------------------------------------------
def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def default_backup_folder() -> Path:
    from localitydesk.paths import user_data_dir

    return user_data_dir() / "backups"


def configured_backup_folder() -> Path:
    """The folder chosen on the Settings page, or the one in the user-data folder."""
    from localitydesk.paths import Settings

    chosen = Settings().get(BACKUP_FOLDER_SETTING)
    return Path(chosen) if chosen else default_backup_folder()


def take_backup(
    database: Path,
    folder: Path,
    kind: BackupKind,
    *,
    now: datetime | None = None,
    policy: RotationPolicy = DEFAULT_POLICY,
) -> BackupFile:
    """Copy ``database`` into ``folder`` as a backup of ``kind``, then rotate."""
    database = Path(database)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(N_("The backup folder {folder} cannot be used: {error}"), folder=folder, error=error) from error
    taken_at = now or _utc_now()
    target = folder / backup_name(database.stem, kind, taken_at)
    while target.exists():  # two backups in the same microsecond
        taken_at += timedelta(microseconds=1)
        target = folder / backup_name(database.stem, kind, taken_at)
    remove_stale_partials(folder)
    online_copy(database, target)
    rotate(folder, database.stem, policy)
    backup = parse_backup_name(target)
    assert backup is not None
    return backup


def backups_to_delete(backups: Iterable[BackupFile], policy: RotationPolicy = DEFAULT_POLICY) -> list[BackupFile]:
    """Which backups of one database the rotation lets go."""
    by_kind: dict[BackupKind, list[BackupFile]] = {kind: [] for kind in BackupKind}
    for backup in backups:
        by_kind[backup.kind].append(backup)
    keep: set[Path] = set()

    daily = sorted(by_kind[BackupKind.DAILY], key=lambda b: b.taken_at, reverse=True)
    keep.update(_newest_per_period(daily, lambda b: b.local_date(), policy.daily))
    keep.update(_newest_per_period(daily, lambda b: b.local_date().isocalendar()[:2], policy.weekly))
    for kind, count in (
        (BackupKind.MANUAL, policy.manual),
        (BackupKind.BEFORE_MIGRATION, policy.before_migration),
        (BackupKind.BEFORE_RESTORE, policy.before_restore),
    ):
        newest = sorted(by_kind[kind], key=lambda b: b.taken_at, reverse=True)
        keep.update(b.path for b in newest[:count])
    everything = [b for group in by_kind.values() for b in group]
    return sorted((b for b in everything if b.path not in keep), key=lambda b: b.taken_at)


def _newest_per_period(newest_first: list[BackupFile], period, periods: int) -> list[Path]:
    kept: list[Path] = []
    seen = set()
    for backup in newest_first:
        key = period(backup)
        if key in seen:
            continue
        if len(seen) == periods:
            break
        seen.add(key)
        kept.append(backup.path)
    return kept


def rotate(folder: Path, database: str, policy: RotationPolicy = DEFAULT_POLICY) -> list[BackupFile]:
    deleted = backups_to_delete(list_backups(folder, database), policy)
    for backup in deleted:
        backup.path.unlink(missing_ok=True)
    return deleted


def daily_backup_due(folder: Path, database: str, now: datetime | None = None) -> bool:
    """True unless an automatic backup of ``database`` was already taken today
    (the local calendar day in Wales)."""
    today = (now or _utc_now()).astimezone(LONDON).date()
    return not any(b.kind is BackupKind.DAILY and b.local_date() == today for b in list_backups(folder, database))


def daily_backup(
    database: Path, folder: Path, *, now: datetime | None = None, policy: RotationPolicy = DEFAULT_POLICY
) -> BackupFile | None:
    """The start-up backup: taken at most once a day, ``None`` when not due."""
    database = Path(database)
    if not database.is_file() or not daily_backup_due(folder, database.stem, now):
        return None
    return take_backup(database, folder, BackupKind.DAILY, now=now, policy=policy)


# -- checking and restoring ----------------------------------------------------
@dataclass(frozen=True)
class BackupContents:
    """What a backup file holds, read without changing it."""

    revision: str
    locality_code: str
    locality_name_cy: str
    locality_name_en: str
    workers: int


def _not_localitydesk(path: Path) -> BackupError:
    return BackupError(N_("{path} is not a LocalityDesk database."), path=path)


def _check_header(path: Path, shown_as: Path) -> None:
    """Refuse a file that is not SQLite at all before SQLite is asked to read it."""
    if not path.is_file():
        raise BackupError(N_("{path} does not exist."), path=shown_as)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(N_("{path} cannot be read: {error}"), path=shown_as, error=error) from error
    if header != SQLITE_HEADER:
        raise _not_localitydesk(shown_as)


def inspect_copy(path: Path, shown_as: Path | None = None, migration_config=None) -> BackupContents:
    """Check that ``path`` is a sound LocalityDesk database this version can
    open, and say what it holds. ``shown_as`` is the name used in messages."""
    from .database import DatabaseError, NewerDatabaseError, check_not_newer

    shown_as = shown_as or path
    _check_header(path, shown_as)
    try:
        revision = check_not_newer(path, migration_config)
    except NewerDatabaseError as error:
        # The guard's own message names the scratch copy; say it about the
        # file the user chose.
        raise BackupError(
            N_(
                "{path} was saved by a newer version of LocalityDesk. "
                "Install the newer version to restore it; nothing has been changed."
            ),
            path=shown_as,
        ) from error
    except DatabaseError as error:
        raise _not_localitydesk(shown_as) from error
    if revision is None:
        raise _not_localitydesk(shown_as)
    with read_only_connection(path) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(N_("{path} is damaged and cannot be restored: {error}"), path=shown_as, error=verdict)
        try:
            home = connection.execute("SELECT code, name_cy, name_en FROM locality WHERE is_home = 1").fetchone()
            workers = connection.execute("SELECT count(*) FROM worker").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise _not_localitydesk(shown_as) from error
    if home is None:
        raise BackupError(N_("{path} has no locality in it, so there is nothing to restore."), path=shown_as)
    return BackupContents(revision, home[0], home[1], home[2], workers)


def inspect_backup(source: Path) -> BackupContents:
    """What a backup holds, checked on a scratch copy so the file is never touched."""
    import tempfile

    _check_header(Path(source), Path(source))
    with tempfile.TemporaryDirectory(prefix="localitydesk-inspect-") as scratch_folder:
        scratch = Path(scratch_folder) / "copy.sqlite3"
        _copy_into(Path(source), scratch)
        return inspect_copy(scratch, shown_as=Path(source))


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    contents: BackupContents
    previous: BackupFile | None  # the copy of the database as it was before


def _set_aside_current(target: Path, folder: Path, policy: RotationPolicy) -> BackupFile | None:
    """Keep the database being replaced. A file too damaged for the online
    backup is copied byte for byte instead, so nothing is ever thrown away."""
    if not target.exists():
        return None
    try:
        return take_backup(target, folder, BackupKind.BEFORE_RESTORE, policy=policy)
    except BackupError:
        import shutil

        taken_at = _utc_now()
        copy = folder / backup_name(target.stem, BackupKind.BEFORE_RESTORE, taken_at)
        for suffix in ("", "-wal"):
            original = Path(f"{target}{suffix}")
            if original.exists():
                shutil.copy2(original, Path(f"{copy}{suffix}"))
        return parse_backup_name(copy)


def _in_use(target: Path) -> BackupError:
    return BackupError(
        N_("{path} is in use by another program. Close LocalityDesk everywhere else and try again."), path=target
    )


def _fold_wal_into_file(target: Path) -> None:
    """Bring the live database to a single file with no -wal or -shm beside it.

    A -wal left beside the restored file would be replayed onto it as if it
    belonged to it, corrupting it; switching to rollback journalling makes
    SQLite checkpoint the log and delete it, and fails while another program
    has the database open, which is the moment to stop.
    """
    if not target.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return
    connection = sqlite3.connect(target, timeout=LOCK_TIMEOUT_S)
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as error:
        raise _in_use(target) from error
    except sqlite3.DatabaseError:
        # A damaged file: it is replaced whole, and its copy was kept already.
        mode = "delete"
    finally:
        connection.close()
    if mode != "delete":
        raise _in_use(target)
    wal = Path(f"{target}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise _in_use(target)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def restore_file(
    source: Path,
    target: Path,
    folder: Path,
    *,
    policy: RotationPolicy = DEFAULT_POLICY,
    migration_config=None,
) -> RestoreResult:
    """Replace ``target`` with the database in ``source``.

    Nothing may have ``target`` open (the caller closes its own connections).
    The order makes every interruption safe: the backup is copied beside the
    target and checked and brought to this version's schema first; the current
    database is kept in the backup folder; only then is the copy renamed over
    the target, in one atomic step.
    """
    from .database import migrate

    source = Path(source).resolve()
    target = Path(target).resolve()
    if source == target:
        raise BackupError(N_("{path} is the database itself; choose a backup to restore."), path=source)
    _check_header(source, source)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target.parent)
    partial = _partial_name(target, "restoring")
    try:
        _copy_into(source, partial)
        contents = inspect_copy(partial, shown_as=source, migration_config=migration_config)
        # The backup may be from an older version: migrate the copy now, so
        # the file renamed into place is one this version opens as it is.
        migrate(partial, migration_config, backup=False)
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
        _quick_check(partial)
        previous = _set_aside_current(target, Path(folder), policy)
        _fold_wal_into_file(target)
        _publish(partial, target)
    except BaseException:
        _remove_with_sidecars(partial)
        raise
    return RestoreResult(source, contents, previous)


def newest_backup(folder: Path, database: str) -> BackupFile | None:
    backups = list_backups(folder, database)
    return backups[0] if backups else None
