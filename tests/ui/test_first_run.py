"""The first-run window, driven through every path with real widgets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QRadioButton

from localitydesk.i18n import current_language


@pytest.fixture
def settings(tmp_path):
    from localitydesk.paths import Settings

    return Settings(tmp_path / "settings.json")


@pytest.fixture
def window(qtbot, qapp, settings, tmp_path):
    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.ui.first_run import FirstRunWindow

    language_bus()
    first_run = FirstRunWindow(settings, tmp_path / "data" / "localitydesk.sqlite3", tmp_path / "data" / "demo.sqlite3")
    qtbot.addWidget(first_run)
    first_run.show()
    qtbot.waitExposed(first_run)
    return first_run


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    if isinstance(button, QRadioButton):
        # A radio button stretched across the page only takes clicks on its indicator and text.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _home_and_users(path: Path):
    with sqlite3.connect(path) as connection:
        localities = connection.execute("SELECT code, name_cy, name_en, is_home FROM locality ORDER BY code").fetchall()
        users = connection.execute("SELECT name, role, preferred_language FROM app_user").fetchall()
        audit = connection.execute("SELECT actor, action, entity FROM audit_entry").fetchall()
    connection.close()
    return localities, users, audit


def test_the_welcome_page_speaks_welsh_first_before_any_language_is_chosen(window):
    from localitydesk.ui.first_run import START_PAGE, WELCOME_PAGE

    assert window.stack.currentIndex() == WELCOME_PAGE
    assert window.welcome_cy.text() == "Croeso i LocalityDesk"
    assert window.welcome_en.text() == "Welcome to LocalityDesk"
    assert window.choose_cy.text() == "Dewiswch eich iaith. Gallwch ei newid unrhyw bryd."
    # Welsh above English, and the Cymraeg button before English with the focus.
    assert window.welcome_cy.geometry().top() < window.welcome_en.geometry().top()
    assert window.choose_cy.geometry().top() < window.choose_en.geometry().top()
    assert window.cymraeg_button.geometry().left() < window.english_button.geometry().left()
    assert window.focusWidget() is window.cymraeg_button
    assert not window.back_button.isVisible() and not window.next_button.isVisible()
    assert window.stack.currentIndex() != START_PAGE


def test_choosing_cymraeg_shows_the_rest_in_welsh_and_remembers_it(qtbot, window, settings):
    _click(qtbot, window.cymraeg_button)
    assert current_language() == "cy" and settings.get("language") == "cy"
    assert window.start_heading.text() == "Sut hoffech chi ddechrau?"
    assert window.new_button.text() == "Sefydlu ein hardal ni"
    assert window.demo_button.text() == "Rhoi cynnig ar y data enghreifftiol"
    assert window.windowTitle() == "Croeso i LocalityDesk"
    assert window.language_button.text() == "English"


def test_choosing_english_shows_the_rest_in_english_and_the_language_can_change_on_the_way(qtbot, window, settings):
    _click(qtbot, window.english_button)
    assert current_language() == "en" and settings.get("language") == "en"
    _click(qtbot, window.new_button)
    assert window.locality_heading.text() == "Which locality is this?"
    assert window.locality_buttons["YM"].text() == "Isle of Anglesey (Ynys Môn)"

    _click(qtbot, window.language_button)

    assert current_language() == "cy" and settings.get("language") == "cy"
    assert window.locality_heading.text() == "Pa ardal yw hon?"
    assert window.locality_buttons["YM"].text() == "Ynys Môn (Isle of Anglesey)"
    assert window.next_button.text() == "&Nesaf"


def test_a_north_wales_locality_with_its_first_administrator(qtbot, window, settings, tmp_path):
    from localitydesk.ui.first_run import ADMIN_PAGE

    _click(qtbot, window.english_button)
    _click(qtbot, window.new_button)
    _click(qtbot, window.locality_buttons["DE"])
    _click(qtbot, window.next_button)
    assert window.stack.currentIndex() == ADMIN_PAGE
    assert window.next_button.text() == "&Create and open"
    assert "Denbighshire" in window.summary.text() and str(tmp_path / "data") in window.summary.text()
    qtbot.keyClicks(window.admin_name_edit, "  Gareth Hughes ")

    with qtbot.waitSignal(window.finished_setup, timeout=20_000) as finished:
        _click(qtbot, window.next_button)

    outcome = finished.args[0]
    assert outcome.path == tmp_path / "data" / "localitydesk.sqlite3" and outcome.demo is False
    assert window.result() == QDialog.DialogCode.Accepted
    localities, users, audit = _home_and_users(outcome.path)
    assert [code for code, *_rest in localities] == ["CO", "DE", "FL", "GW", "WR", "YM"]
    assert [(code, cy, en) for code, cy, en, home in localities if home] == [("DE", "Sir Ddinbych", "Denbighshire")]
    assert users == [("Gareth Hughes", "admin", "en")]
    assert audit == [("LocalityDesk", "set_up_locality", "app_user")]
    assert settings.get("page") == "dashboard"
    assert sorted(p.name for p in outcome.path.parent.iterdir()) == ["localitydesk.sqlite3"]


def test_another_locality_named_in_welsh_and_english(qtbot, window, tmp_path):
    _click(qtbot, window.cymraeg_button)
    _click(qtbot, window.new_button)
    _click(qtbot, window.locality_buttons["other"])
    assert window.name_cy_edit.isEnabled() and window.focusWidget() is window.name_cy_edit
    qtbot.keyClicks(window.name_cy_edit, "Ceredigion")
    qtbot.keyClicks(window.name_en_edit, "Ceredigion")
    _click(qtbot, window.next_button)
    assert "Ceredigion" in window.summary.text()
    window.admin_name_edit.insert("Siân Llwyd")  # QTest can only type ASCII keys

    with qtbot.waitSignal(window.finished_setup, timeout=20_000) as finished:
        qtbot.keyClick(window.admin_name_edit, Qt.Key.Key_Return)

    localities, users, _audit = _home_and_users(finished.args[0].path)
    assert [(code, cy, en) for code, cy, en, home in localities if home] == [("CER", "Ceredigion", "Ceredigion")]
    assert len(localities) == 7
    assert users == [("Siân Llwyd", "admin", "cy")]


def test_a_north_wales_locality_typed_by_hand_is_recognised(qtbot, window):
    _click(qtbot, window.english_button)
    _click(qtbot, window.new_button)
    _click(qtbot, window.locality_buttons["other"])
    qtbot.keyClicks(window.name_cy_edit, "sir ddinbych")
    _click(qtbot, window.next_button)
    qtbot.keyClicks(window.admin_name_edit, "Gareth Hughes")
    with qtbot.waitSignal(window.finished_setup, timeout=20_000) as finished:
        _click(qtbot, window.next_button)
    localities, _users, _audit = _home_and_users(finished.args[0].path)
    assert [code for code, _cy, _en, home in localities if home] == ["DE"] and len(localities) == 6


def test_missing_answers_are_explained_in_the_chosen_language_and_nothing_is_made(qtbot, window, tmp_path):
    from localitydesk.ui.first_run import ADMIN_PAGE, LOCALITY_PAGE

    _click(qtbot, window.cymraeg_button)
    _click(qtbot, window.new_button)
    _click(qtbot, window.next_button)
    assert window.stack.currentIndex() == LOCALITY_PAGE
    assert window.locality_error.text() == "Rhowch enw i'r ardal, neu dewiswch un o ardaloedd Gogledd Cymru."

    _click(qtbot, window.locality_buttons["other"])
    qtbot.keyClicks(window.name_cy_edit, "   ")
    _click(qtbot, window.next_button)
    assert window.stack.currentIndex() == LOCALITY_PAGE and window.locality_error.text()

    _click(qtbot, window.locality_buttons["GW"])
    _click(qtbot, window.next_button)
    assert window.stack.currentIndex() == ADMIN_PAGE and window.locality_error.text() == ""
    _click(qtbot, window.next_button)
    assert window.admin_error.text() == "Rhowch enw'r gweinyddwr."
    assert window.stack.currentIndex() == ADMIN_PAGE
    assert not (tmp_path / "data" / "localitydesk.sqlite3").exists()

    _click(qtbot, window.language_button)  # a message in the old language is not left behind
    assert window.admin_error.text() == ""


def test_back_returns_through_the_steps_keeping_the_answers(qtbot, window):
    from localitydesk.ui.first_run import LOCALITY_PAGE, START_PAGE, WELCOME_PAGE

    _click(qtbot, window.english_button)
    _click(qtbot, window.new_button)
    _click(qtbot, window.locality_buttons["WR"])
    _click(qtbot, window.next_button)
    _click(qtbot, window.back_button)
    assert window.stack.currentIndex() == LOCALITY_PAGE and window.locality_buttons["WR"].isChecked()
    _click(qtbot, window.back_button)
    assert window.stack.currentIndex() == START_PAGE
    _click(qtbot, window.back_button)
    assert window.stack.currentIndex() == WELCOME_PAGE


def test_opening_the_demonstration_data_builds_it_and_finishes(qtbot, window, settings, tmp_path):
    _click(qtbot, window.cymraeg_button)
    with qtbot.waitSignal(window.finished_setup, timeout=60_000) as finished:
        _click(qtbot, window.demo_button)

    outcome = finished.args[0]
    assert outcome.demo is True and outcome.path == tmp_path / "data" / "demo.sqlite3"
    localities, users, _audit = _home_and_users(outcome.path)
    assert len(localities) == 6 and sum(home for *_rest, home in localities) == 1 and users
    assert not (tmp_path / "data" / "localitydesk.sqlite3").exists()  # the real one is still to be set up
    assert settings.get("page") == "dashboard"


def test_demonstration_data_already_on_the_machine_opens_without_rebuilding(qtbot, window, tmp_path):
    built: list[Path] = []
    window.demo_builder = built.append
    window.demo_path.parent.mkdir(parents=True)
    window.demo_path.write_bytes(b"")
    _click(qtbot, window.english_button)
    with qtbot.waitSignal(window.finished_setup, timeout=5_000):
        _click(qtbot, window.demo_button)
    assert built == []


def test_a_demonstration_build_that_fails_is_explained_and_the_window_stays(qtbot, window):
    def broken(_path):
        raise OSError("disc full")

    window.demo_builder = broken
    _click(qtbot, window.english_button)
    _click(qtbot, window.demo_button)
    assert window.start_error.text() == "The demonstration data could not be built: disc full"
    assert window.isVisible() and window.outcome is None


def test_the_app_on_a_machine_with_no_database_ends_on_the_dashboard(qtbot, qapp, isolated_user_data):
    """``localitydesk`` with no arguments: first run, then the main window on the Dashboard."""
    from localitydesk.__main__ import main
    from localitydesk.ui.first_run import FirstRunWindow
    from localitydesk.ui.main_window import MainWindow

    seen = {}

    def drive_first_run() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunWindow) and w.isVisible()), None)
        if window is None:
            QTimer.singleShot(50, drive_first_run)
            return
        window.choose_language("en")
        window.new_button.click()
        window.locality_buttons["CO"].setChecked(True)
        window.next_button.click()
        window.admin_name_edit.setText("Gareth Hughes")
        window.next_button.click()
        QTimer.singleShot(50, look_at_main_window)

    def look_at_main_window() -> None:
        main_window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if main_window is None:
            QTimer.singleShot(50, look_at_main_window)
            return

        def ready() -> None:
            seen["page"] = main_window.current_page().key
            seen["title"] = main_window.windowTitle()
            main_window.close()

        if main_window._ready_sent:
            ready()
        else:
            main_window.ready.connect(ready)

    QTimer.singleShot(0, drive_first_run)
    assert main([]) == 0
    assert seen == {"page": "dashboard", "title": "LocalityDesk — Conwy"}
    assert (isolated_user_data / "localitydesk.sqlite3").exists()
