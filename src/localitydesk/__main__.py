"""The desktop app: ``localitydesk [--db PATH] [--demo] [--lang cy|en] [--quit-when-ready]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
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

    from localitydesk.paths import Settings, default_database_path, demo_database_path
    from localitydesk.store.plain import DatabaseError, is_current

    settings = Settings()
    path = args.db or (demo_database_path() if args.demo else default_database_path())
    first_run = args.db is None and not args.demo and not path.exists()
    # The quick start: a file already at this program's schema, opening on the
    # Dashboard, is shown before SQLAlchemy and the models load (they take
    # longer to import than Qt). The Dashboard reads the file with sqlite3;
    # once it has shown, the data layer opens on the database worker, and a
    # page asked for meanwhile opens when it is ready. Anything else (a migration, a newer file, a first build, another
    # page remembered) takes the full open first, with its checks and messages.
    quick = not first_run and is_current(path) and settings.get("page", "dashboard") == "dashboard"
    first_page = None
    if quick:
        from localitydesk.services.dashboard import DashboardPrefetch

        first_page = DashboardPrefetch(path, date.today())
    else:
        # Before Qt on purpose: once PySide6 is loaded, shiboken reads the
        # source of every module imported after it (looking for __feature__
        # switches), which would add a tenth of a second or more for SQLAlchemy.
        import localitydesk.store.database  # noqa: F401

    from PySide6.QtWidgets import QApplication, QMessageBox

    from localitydesk.i18n import N_, bilingual, set_language
    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.services.locality_info import read_home_locality

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LocalityDesk")
    app.setOrganizationName("LocalityDesk")
    set_language(initial_language(args.lang, settings.get("language")))
    language_bus()

    if first_run:
        path = _first_run(settings, path, demo_database_path(), args.quit_when_ready)
        if path is None:
            return 0
    path = path.expanduser().resolve()
    db = None
    if not quick:
        try:
            db = _open_data_layer(path, build_demo=args.demo)
        except DatabaseError as error:
            QMessageBox.critical(None, "LocalityDesk", str(error))
            return 1

    from localitydesk.ui.context import AppContext
    from localitydesk.ui.main_window import MainWindow, app_icon
    from localitydesk.ui.tasks import DatabaseWorker

    locality = read_home_locality(path)
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
        actor=_default_actor(db) if db else None,
        locality_name=locality.name,
        database_file=path,
        first_page=first_page,
    )
    window = MainWindow(context, pseudo_available=args.pseudo or args.lang == "pseudo")
    if args.quit_when_ready:
        def report_ready() -> None:
            print(f"ready in {round((time.perf_counter() - _STARTED) * 1000)} ms", flush=True)
            app.quit()

        window.ready.connect(report_ready)
    elif db is None:
        def open_rest() -> None:
            # On the database worker, so the window stays responsive while
            # SQLAlchemy and the models load; the pages open when it is done.
            def opened_with_actor():
                opened = _open_data_layer(path, build_demo=False)
                return opened, _default_actor(opened)

            def refused(error: Exception) -> None:
                QMessageBox.critical(window, "LocalityDesk", str(error))
                app.exit(1)

            worker.submit(opened_with_actor, on_success=lambda pair: window.attach_database(*pair), on_failure=refused)

        window.ready.connect(open_rest)
    window.show()
    daily_backup = None
    if not args.quit_when_ready:  # measuring and smoke checks leave no backups behind
        from localitydesk.ui.daily_backup import start_daily_backup

        def start_backup() -> None:
            nonlocal daily_backup
            daily_backup = daily_backup or start_daily_backup(path, settings, window)

        window.ready.connect(start_backup)
    code = app.exec()
    if daily_backup is not None:
        daily_backup.wait()
    worker.shutdown()
    if context.db is not None:
        context.db.close()
    return code


def _open_data_layer(path: Path, build_demo: bool):
    """SQLAlchemy, the models and the migrations: the full, checked open."""
    from localitydesk.store.database import open_database

    if build_demo and not path.exists():
        from localitydesk.ui.startup import build_demo_with_progress

        build_demo_with_progress(path)
    return open_database(path)


def _default_actor(db):
    from localitydesk.services.users import default_actor

    return default_actor(db)


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
