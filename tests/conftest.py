"""Shared fixtures: every test gets its own fresh database and user-data folder."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path, monkeypatch):
    """Settings and default databases go to a temporary folder, never the real one."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("LOCALITYDESK_DATA_DIR", str(folder))
    yield folder


@pytest.fixture(autouse=True)
def english_by_default():
    from localitydesk.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def no_window_outlives_its_test():
    """Close and delete every top-level widget a test left behind.

    pytest-qt closes the widgets it was given but does not delete them, so a
    main window from one test would still answer the next test's language
    switch, reading settings and a database that are no longer there."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def db(tmp_path):
    from localitydesk.store.database import open_database
    from tests.factories import seed_locality

    database = open_database(tmp_path / "locality.sqlite3")
    seed_locality(database)
    yield database
    database.close()


@pytest.fixture
def today() -> date:
    return date(2026, 11, 23)


@pytest.fixture
def now(today) -> datetime:
    """Nine in the morning on ``today``: the moment planning starts from."""
    return datetime.combine(today, time(9), tzinfo=timezone.utc)
