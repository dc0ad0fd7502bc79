"""The automatic start-up backup, taken off the UI thread once the app is ready.

It uses its own SQLite connection, not the database worker, so it never holds
up a page; under WAL the copy reads while the app goes on saving. The outcome
is shown in the main window's status bar, where a failure (a backup folder on
a network drive that is not there today) is seen without a dialog in the way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QMainWindow

from localitydesk.i18n import _
from localitydesk.paths import Settings
from localitydesk.services import backups
from localitydesk.services.errors import ServiceError

MESSAGE_SHOWN_MS = 15_000


class DailyBackup(QThread):
    made = Signal(object)  # BackupFile, or None when one was taken today already
    failed = Signal(str)

    def __init__(self, database: Path, folder: Path):
        super().__init__()
        self.database = database
        self.folder = folder

    def run(self) -> None:
        try:
            self.made.emit(backups.daily_backup(self.database, self.folder))
        except ServiceError as error:
            self.failed.emit(str(error))


def start_daily_backup(database: Path, settings: Settings, window: QMainWindow) -> DailyBackup:
    """Start the day's backup if due; the caller waits for it before exiting."""
    task = DailyBackup(database, backups.backup_folder(settings))

    def made(backup) -> None:
        if backup is not None:
            window.statusBar().showMessage(_("Today's backup is made."), MESSAGE_SHOWN_MS)
            # A list of backups read before this one was finished shows it now.
            listed = getattr(window, "backup_made", None)
            if listed is not None:
                listed(backup)

    def failed(message: str) -> None:
        window.statusBar().showMessage(
            _("The automatic backup could not be made: {error}").format(error=message), MESSAGE_SHOWN_MS * 4
        )

    task.made.connect(made)
    task.failed.connect(failed)
    task.start(QThread.Priority.LowPriority)
    return task
