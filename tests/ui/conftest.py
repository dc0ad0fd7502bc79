"""Real widgets over a fresh database, driven with pytest-qt."""

from __future__ import annotations

import pytest

from localitydesk.domain.vocabulary import EmploymentType, Language, Role


@pytest.fixture
def app_context(qapp, db, today, now, tmp_path):
    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.paths import Settings
    from localitydesk.services.users import default_actor
    from localitydesk.ui.context import AppContext
    from localitydesk.ui.tasks import DatabaseWorker

    language_bus()
    worker = DatabaseWorker()
    context = AppContext(
        db=db,
        worker=worker,
        settings=Settings(tmp_path / "settings.json"),
        actor=default_actor(db),
        locality_name=lambda language: "Conwy",
        today=lambda: today,
        now=lambda: now,
    )
    yield context
    worker.shutdown()


@pytest.fixture
def some_workers(db, today):
    from tests.factories import add_worker

    add_worker(db, today)  # Siân Llwyd, Welsh 4
    add_worker(db, today, staff_number="W2", first_name="Chris", last_name="Evans", welsh_speaking=0,
               preferred_language=Language.EN, employment_type=EmploymentType.CORE, main_role=Role.SENIOR_CARE_WORKER)
    add_worker(db, today, staff_number="W3", first_name="Gwenllian", last_name="Pritchard", welsh_speaking=2)
    add_worker(db, today, staff_number="W4", first_name="Dafydd", last_name="Roberts", welsh_speaking=5, home_town="bangor")


def open_main_window(qtbot, context, page: str):
    """The main window opening on ``page``, shown and waited for until its data is in."""
    from localitydesk.ui.main_window import MainWindow

    context.settings.set("page", page)
    window = MainWindow(context)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    return window


@pytest.fixture
def main_window(qtbot, app_context, some_workers):
    return open_main_window(qtbot, app_context, "workers")
