"""Ctrl+Shift+C / Ctrl+Shift+E switch the language from anywhere in the app,
an open dialog included, and the dialog follows the language at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from localitydesk.i18n import current_language, set_language
from localitydesk.ui.dialogs.request_dialog import RequestDialog
from tests.unit.test_timesheets_service import scene  # noqa: F401 - fixture

TITLES = {"en": "New cover request", "cy": "Cais newydd am gyflenwi"}
KEYS = {"cy": Qt.Key.Key_C, "en": Qt.Key.Key_E}


def _open_request_dialog(qtbot, main_window) -> RequestDialog:
    page = main_window.show_page("requests")
    main_window.activateWindow()
    page.new_request()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RequestDialog), timeout=5_000)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is dialog,
                    timeout=5_000)
    return dialog


@pytest.mark.parametrize(("start", "switch_to"), [("en", "cy"), ("cy", "en")])
def test_the_language_shortcut_works_while_a_dialog_is_open(qtbot, main_window, start, switch_to):
    set_language(start)
    dialog = _open_request_dialog(qtbot, main_window)
    assert dialog.windowTitle() == TITLES[start]

    qtbot.keyClick(QApplication.focusWidget(), KEYS[switch_to],
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    assert current_language() == switch_to
    assert dialog.windowTitle() == TITLES[switch_to]
    assert dialog.isVisible()  # the shortcut switched the language and did nothing else
    assert main_window.language_actions[switch_to].isChecked()
    dialog.reject()


def test_the_language_shortcut_still_works_in_the_main_window(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=5_000)
    qtbot.keyClick(main_window.navigation, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_language() == "cy"
    qtbot.keyClick(main_window.navigation, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert current_language() == "en"


def test_the_confirmation_and_paper_signature_dialogs_follow_the_language(qtbot, app_context, db, scene):  # noqa: F811
    from datetime import date, time

    from localitydesk.services.timesheets import get_timesheet_row
    from localitydesk.ui.dialogs.confirmation_dialog import ConfirmationDialog
    from localitydesk.ui.dialogs.timesheet_paper_dialog import PaperSignatureDialog

    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    confirmation = ConfirmationDialog(app_context, booking_id)
    paper = PaperSignatureDialog(app_context, get_timesheet_row(db, booking_id))
    for dialog in (confirmation, paper):
        qtbot.addWidget(dialog)
    assert paper.windowTitle() == "Signed on paper"
    assert confirmation.copy_email.text() == "Copy the &email"
    set_language("cy")
    assert paper.windowTitle() == "Llofnodwyd ar bapur"
    assert paper.captions["worker"].buddy() is paper.worker_name
    assert confirmation.windowTitle().startswith("Cadarnhad archeb")
    assert confirmation.copy_email.text() != "Copy the &email"
