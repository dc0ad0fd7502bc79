"""Enter (the main key or the keypad's) saves the timesheet from every field
of the entry strip: the times, the break, the mileage and the reason alike."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from localitydesk.services.timesheets import SheetState, get_timesheet_row
from tests.unit.test_timesheets_service import scene  # noqa: F401 - fixture

FIELDS = ["start", "finish", "break_minutes", "mileage", "reason"]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
@pytest.mark.parametrize("field", FIELDS)
def test_enter_saves_from_every_field(qtbot, app_context, db, scene, field, key, language):  # noqa: F811
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.timesheets_page import TimesheetsPage

    set_language(language)
    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    page = TimesheetsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    page.break_minutes.setValue(45)
    page.reason.setText("Short break")
    widget = getattr(page, field)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and (QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())),
                    timeout=5_000)
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.keyClick(QApplication.focusWidget(), key)
    row = get_timesheet_row(db, booking_id)
    assert row.state == SheetState.DRAFT and row.break_minutes == 45
