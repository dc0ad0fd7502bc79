"""Take a picture of the real main window, for looking at layouts by eye.

    .venv/bin/python tools/screenshot.py --db demo.sqlite3 --lang cy --page workers --out shot.png

Runs offscreen (no display needed), waits until the page shows its data,
then saves ``QWidget.grab()`` of the whole window as PNG.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--lang", default="en", choices=("cy", "en", "pseudo"))
    parser.add_argument("--page", default="dashboard")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from localitydesk.i18n import set_language
    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.paths import Settings
    from localitydesk.services.locality import home_locality
    from localitydesk.services.users import default_actor
    from localitydesk.store.database import open_database
    from localitydesk.ui.context import AppContext
    from localitydesk.ui.main_window import MainWindow
    from localitydesk.ui.tasks import DatabaseWorker

    app = QApplication(sys.argv[:1])
    set_language(args.lang)
    language_bus()
    db = open_database(args.db)
    settings = Settings(args.out.with_suffix(".settings.json"))
    settings.set("page", args.page)
    worker = DatabaseWorker()
    context = AppContext(db, worker, settings, default_actor(db), home_locality(db).name)
    window = MainWindow(context, pseudo_available=True)
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    window.show()

    def shoot() -> None:
        # One more turn of the event loop so the table has painted its rows.
        QTimer.singleShot(200, lambda: (window.grab().save(str(args.out)), app.quit()))

    window.ready.connect(shoot)
    app.exec()
    worker.shutdown()
    settings.path.unlink(missing_ok=True)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
