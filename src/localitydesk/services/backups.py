"""Backing up and restoring the locality database: what the Settings page and
``localitydesk-cli backup`` / ``restore`` do.

Store-level failures (:class:`~localitydesk.store.backup.BackupError`) come
out of here as :class:`ServiceError` in the user's language, like every other
service.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from localitydesk.i18n import _
from localitydesk.paths import Settings
from localitydesk.store import backup as store
from localitydesk.store.backup import BackupContents, BackupFile, BackupKind, RestoreResult
from localitydesk.store.database import Database, DatabaseError, open_database

from .errors import ServiceError

T = TypeVar("T")

__all__ = [
    "BackupContents",
    "BackupFile",
    "BackupKind",
    "RestoreResult",
    "backup_folder",
    "backup_now",
    "backup_to_file",
    "check_backup",
    "choose_backup_folder",
    "daily_backup",
    "kind_label",
    "list_backups",
    "restore",
    "restore_into_path",
]


@contextmanager
def _as_service_errors() -> Iterator[None]:
    try:
        yield
    except store.BackupError as error:
        raise ServiceError(error.in_current_language()) from error
    except DatabaseError as error:
        raise ServiceError(str(error)) from error
    except OSError as error:
        raise ServiceError(_("The file could not be written: {error}").format(error=error)) from error


def _guarded(work: Callable[[], T]) -> T:
    with _as_service_errors():
        return work()


# -- the folder ------------------------------------------------------------------
def backup_folder(settings: Settings) -> Path:
    """Where backups go: the folder chosen in Settings, else the user-data folder's."""
    chosen = settings.get(store.BACKUP_FOLDER_SETTING)
    return Path(chosen) if chosen else store.default_backup_folder()


def choose_backup_folder(settings: Settings, folder: Path) -> Path:
    """Remember ``folder`` for backups after proving a file can be written there
    (a read-only share found now is better than a missing backup found later)."""
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".localitydesk-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise ServiceError(
            _("Backups cannot be written to {folder}: {error}").format(folder=folder, error=error.strerror or error)
        ) from error
    resolved = folder.resolve()
    settings.set(store.BACKUP_FOLDER_SETTING, str(resolved))
    return resolved


# -- backing up --------------------------------------------------------------------
def backup_now(database: Database | Path, folder: Path) -> BackupFile:
    """A backup the user asked for, kept in ``folder`` with the others."""
    path = _path_of(database)
    return _guarded(lambda: store.take_backup(path, folder, BackupKind.MANUAL))


def backup_to_file(database: Database | Path, out: Path) -> Path:
    """A backup written to a file the user named (outside the rotation)."""
    path = _path_of(database)
    out = Path(out).expanduser()
    if out.resolve() == path.resolve():
        raise ServiceError(_("The backup cannot be written over the database itself."))
    if out.is_dir():
        raise ServiceError(_("{path} is a folder; give the name of the backup file to write.").format(path=out))
    return _guarded(lambda: store.online_copy(path, out))


def daily_backup(database: Database | Path, folder: Path) -> BackupFile | None:
    """The automatic start-up backup: at most once a day, rotated."""
    path = _path_of(database)
    return _guarded(lambda: store.daily_backup(path, folder))


def list_backups(database: Database | Path, folder: Path) -> list[BackupFile]:
    """The backups of this database in ``folder``, newest first."""
    return store.list_backups(Path(folder), _path_of(database).stem)


def check_backup(source: Path) -> BackupContents:
    """What a backup file holds, so the user can confirm before restoring."""
    return _guarded(lambda: store.inspect_backup(Path(source)))


# -- restoring -----------------------------------------------------------------------
def restore_into_path(target: Path, source: Path, folder: Path) -> RestoreResult:
    """Restore ``source`` over the database file ``target``, which nothing may
    have open (the command line, or a machine being set up from a backup)."""
    return _guarded(lambda: store.restore_file(Path(source), Path(target), Path(folder)))


def restore(db: Database, source: Path, folder: Path) -> RestoreResult:
    """Restore ``source`` over the open database ``db``.

    The app's own connections are closed first (a restore replaces the file
    under them) and ``db`` is reopened on the restored file afterwards, also
    when the restore was refused, so the caller can go on using it either way.
    Run it on the database worker, so no other work holds a connection.
    """
    db.engine.dispose()
    try:
        return _guarded(lambda: store.restore_file(Path(source), db.path, Path(folder)))
    finally:
        _reopen(db)


def _reopen(db: Database) -> None:
    # Everyone holding ``db`` (pages, the worker, the context) keeps it; only
    # its engine is swapped for one opened exactly as open_database opens.
    fresh = open_database(db.path)
    db.engine = fresh.engine
    db.session_factory = fresh.session_factory


def kind_label(kind: BackupKind) -> str:
    """How a backup came to be, in the user's words."""
    labels = {
        BackupKind.DAILY: _("automatic"),
        BackupKind.MANUAL: _("made by hand"),
        BackupKind.BEFORE_MIGRATION: _("before an upgrade"),
        BackupKind.BEFORE_RESTORE: _("before a restore"),
    }
    return labels[kind]


def _path_of(database: Database | Path) -> Path:
    return Path(database.path if isinstance(database, Database) else database)
