"""The desktop app: ``localitydesk [--db PATH] [--demo] [--lang cy|en] [--quit-when-ready]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="localitydesk")
    parser.add_argument("--db", type=Path, help="database file")
    parser.add_argument("--demo", action="store_true", help="open the demo database, building it on first use")
    parser.add_argument("--lang", choices=("cy", "en", "pseudo"), help="language for this session")
    parser.add_argument("--pseudo", action="store_true", help="offer pseudo-localisation in the Language menu")
    parser.add_argument("--quit-when-ready", action="store_true", help="exit once the first page shows its data")
    return parser.parse_args(argv)


def initial_language(requested: str | None, remembered: str | None) -> str:
    if requested:
        return requested
    if remembered in ("cy", "en"):
        return remembered
    system = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "cy" if system.startswith("cy") else "en"


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)

    # The database layer is imported before Qt on purpose: once PySide6 is
    # loaded, shiboken reads the source of every module imported after it (to
    # look for its __feature__ switches), which costs a third of a second for
    # SQLAlchemy alone.
    from localitydesk.store.database import DatabaseError, open_database
    import localitydesk.services.dashboard  # noqa: F401 - the first page's queries, for the same reason

    from PySide6.QtWidgets import QApplication, QMessageBox

    from localitydesk.i18n import bilingual, set_language, N_
    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.paths import Settings, default_database_path, demo_database_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LocalityDesk")
    app.setOrganizationName("LocalityDesk")
    settings = Settings()
    set_language(initial_language(args.lang, settings.get("language")))
    language_bus()

    path = args.db or (demo_database_path() if args.demo else default_database_path())
    if args.db is None and not args.demo and not path.exists():
        path = _first_run(settings, path, demo_database_path(), args.quit_when_ready)
        if path is None:
            return 0
    try:
        if args.demo and not path.exists():
            from localitydesk.ui.startup import build_demo_with_progress

            build_demo_with_progress(path)
        db = open_database(path)
    except DatabaseError as error:
        QMessageBox.critical(None, "LocalityDesk", str(error))
        return 1

    from localitydesk.services.locality import home_locality
    from localitydesk.services.users import default_actor
    from localitydesk.ui.context import AppContext
    from localitydesk.ui.main_window import MainWindow, app_icon
    from localitydesk.ui.tasks import DatabaseWorker

    locality = home_locality(db)
    if locality is None:
        QMessageBox.critical(
            None,
            "LocalityDesk",
            bilingual(N_("{path} has no locality yet. Open it with --demo, or build demo data with localitydesk-cli demo."), path=path),
        )
        return 1
    app.setWindowIcon(app_icon())
    worker = DatabaseWorker()
    context = AppContext(
        db=db,
        worker=worker,
        settings=settings,
        actor=default_actor(db),
        locality_name=locality.name,
    )
    window = MainWindow(context, pseudo_available=args.pseudo or args.lang == "pseudo")
    if args.quit_when_ready:
        def report_ready() -> None:
            print(f"ready in {round((time.perf_counter() - _STARTED) * 1000)} ms", flush=True)
            app.quit()

        window.ready.connect(report_ready)
    window.show()
    daily_backup = None
    if not args.quit_when_ready:  # measuring and smoke checks leave no backups behind
        from localitydesk.ui.daily_backup import start_daily_backup

        def start_backup() -> None:
            nonlocal daily_backup
            daily_backup = daily_backup or start_daily_backup(db.path, settings, window)

        window.ready.connect(start_backup)
    code = app.exec()
    if daily_backup is not None:
        daily_backup.wait()
    worker.shutdown()
    db.close()
    return code


def _first_run(settings, database: Path, demo: Path, quit_when_ready: bool) -> Path | None:
    """No database on this machine yet: the first-run window says which to open."""
    from PySide6.QtCore import QTimer

    from localitydesk.ui.first_run import FirstRunWindow

    window = FirstRunWindow(settings, database, demo)
    if quit_when_ready:
        def report_ready() -> None:
            print(f"ready in {round((time.perf_counter() - _STARTED) * 1000)} ms", flush=True)
            window.reject()

        QTimer.singleShot(0, report_ready)
    if window.exec() != FirstRunWindow.DialogCode.Accepted or window.outcome is None:
        return None
    return window.outcome.path


if __name__ == "__main__":
    sys.exit(main())
