"""The quick start: the Dashboard shows from the file itself, before the data
layer (SQLAlchemy, the models) has loaded; nothing else can be opened until it
has, and then everything can."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from localitydesk.store.database import open_database
from localitydesk.store.plain import is_current
from tests.factories import seed_locality

ROOT = Path(__file__).resolve().parents[2]


def test_the_dashboard_shows_first_and_the_other_pages_wait_for_the_data_layer(qtbot, app_context, some_workers):
    from localitydesk.ui.context import AppContext
    from localitydesk.ui.main_window import MainWindow

    db, actor = app_context.db, app_context.actor
    early = AppContext(db=None, worker=app_context.worker, settings=app_context.settings, actor=None,
                       locality_name=lambda language: "Conwy", today=app_context.today, database_file=db.path)
    window = MainWindow(early)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    dashboard = window.current_page()
    assert dashboard.key == "dashboard" and dashboard.workforce.text().startswith("4 current workers")
    assert not window.navigation.isEnabled() and not any(a.isEnabled() for a in window.page_actions)
    assert window._sync is None  # sync waits for the data layer too
    # Activating an unfilled request on the Dashboard asks for the Requests
    # page, which needs the data layer: it opens once that has, not before.
    dashboard.open_requests.emit()
    assert window.current_page() is dashboard and window.navigation.currentRow() == 0

    window.attach_database(db, actor)
    assert window.navigation.isEnabled()
    assert window.current_page().key == "requests"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    workers = window.current_page()
    assert workers.key == "workers"
    qtbot.waitUntil(lambda: workers.model.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: window._sync is not None, timeout=5_000)


def _start(database: Path, data_dir: Path) -> dict:
    """Run the app to its first page; which start it took and what it loaded."""
    probe = (
        "import json, sys; from localitydesk.__main__ import main; "
        f"code = main(['--db', {str(database)!r}, '--quit-when-ready', '--lang', 'cy']); "
        "print(json.dumps({'code': code, 'orm': 'sqlalchemy' in sys.modules}))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LOCALITYDESK_DATA_DIR=str(data_dir))
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ready, outcome = done.stdout.strip().splitlines()[-2:]
    assert ready.startswith("ready in ")
    return json.loads(outcome)


def test_a_current_file_opens_on_the_dashboard_without_the_orm_and_other_starts_take_the_full_open(tmp_path):
    database = tmp_path / "locality.sqlite3"
    db = open_database(database)
    seed_locality(db)
    db.close()
    assert is_current(database)
    assert _start(database, tmp_path / "data") == {"code": 0, "orm": False}
    # A user who left the app on another page lands there, through the full open.
    remembered = tmp_path / "remembered"
    remembered.mkdir()
    (remembered / "settings.json").write_text(json.dumps({"page": "workers"}), encoding="utf-8")
    assert _start(database, remembered) == {"code": 0, "orm": True}


def test_only_a_file_at_this_schema_is_current(tmp_path):
    assert not is_current(tmp_path / "missing.sqlite3")
    (tmp_path / "junk.sqlite3").write_bytes(b"this is not a database at all" * 100)
    assert not is_current(tmp_path / "junk.sqlite3")
    odd = tmp_path / "we?ird#name"
    odd.mkdir()
    db = open_database(odd / "locality.sqlite3")
    db.close()
    assert is_current(odd / "locality.sqlite3")
