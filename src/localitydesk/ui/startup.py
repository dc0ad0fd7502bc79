"""Building the demo database on first use, with progress shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QThread
from PySide6.QtWidgets import QProgressDialog

from localitydesk.i18n import _


class _DemoBuilder(QThread):
    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.error: Exception | None = None

    def run(self) -> None:
        from localitydesk.services.demo import build_demo
        from localitydesk.store.database import open_database

        partial = self.path.with_name(self.path.name + ".building")
        partial.unlink(missing_ok=True)
        try:
            db = open_database(partial)
            try:
                build_demo(db)
            finally:
                db.close()
            # Only a finished demo takes the real name: an interrupted build
            # is never mistaken for a usable database next time.
            partial.replace(self.path)
        except Exception as error:  # shown to the user by the caller
            self.error = error
        finally:
            for suffix in ("-wal", "-shm"):
                Path(str(partial) + suffix).unlink(missing_ok=True)


def build_demo_with_progress(path: Path) -> None:
    builder = _DemoBuilder(path)
    dialog = QProgressDialog(_("Building the demonstration data…"), "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setWindowTitle("LocalityDesk")
    dialog.setMinimumDuration(500)
    loop = QEventLoop()
    builder.finished.connect(loop.quit)
    builder.start()
    loop.exec()
    dialog.close()
    if builder.error is not None:
        raise builder.error
