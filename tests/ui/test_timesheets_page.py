"""The Timesheets page: keyboard entry over the booked times, and signing with the pad."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from localitydesk.services.timesheets import SheetState, get_timesheet_row
from tests.unit.test_timesheets_service import scene  # noqa: F401 - fixture


def draw(canvas, points) -> None:
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def first_row_item(page):
    return page.tree.topLevelItem(0).child(0)


def test_entering_hours_from_the_keyboard_then_signing_with_the_pad(qtbot, app_context, db, scene):  # noqa: F811
    from localitydesk.ui.dialogs.timesheet_sign_dialog import TimesheetSignDialog
    from localitydesk.ui.pages.timesheets_page import TimesheetsPage

    booking_id = scene["booking"](date(2026, 11, 16), time(8), time(16))
    page = TimesheetsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert str(page.week) == "2026-W47"
    assert page.tree.topLevelItem(0).text(0) == "Ty Wyn Care Home"
    page.tree.setCurrentItem(first_row_item(page))
    assert page.start.time() == QTime(8, 0) and page.finish.time() == QTime(16, 0) and page.break_minutes.value() == 30

    # Stayed an hour late: only the finish and the reason are typed; Enter saves.
    page.finish.setTime(QTime(17, 0))
    page.reason.setFocus()
    qtbot.keyClicks(page.reason, "Relief late")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.reason, Qt.Key.Key_Return)
    row = get_timesheet_row(db, booking_id)
    assert (row.state, row.paid_hours, row.change_reason) == (SheetState.DRAFT, Decimal("8.5"), "Relief late")
    assert "8.5" in first_row_item(page).text(6)

    page.tree.setCurrentItem(first_row_item(page))
    dialog = page.sign()
    assert isinstance(dialog, TimesheetSignDialog)
    assert dialog.signatory.count() == 1 and dialog.signatory.currentData().name == "Rhian Ŷr"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.errors.isVisible()  # nothing drawn yet
    draw(dialog.worker_pad.canvas, [QPoint(20, 60), QPoint(60, 30), QPoint(100, 80), QPoint(160, 40)])
    draw(dialog.signatory_pad.canvas, [QPoint(30, 50), QPoint(90, 90), QPoint(150, 30)])
    assert not dialog.worker_pad.is_empty()
    with qtbot.waitSignal(dialog.signed, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    signed = get_timesheet_row(db, booking_id)
    assert signed.state == SheetState.SIGNED and signed.signatory_name == "Rhian Ŷr"
    assert signed.worker_signature.startswith(b"\x89PNG") and signed.signatory_signature.startswith(b"\x89PNG")
    assert len(signed.content_hash) == 64


def test_clear_empties_the_pad(qtbot):
    from localitydesk.ui.widgets.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    draw(pad.canvas, [QPoint(10, 10), QPoint(50, 50), QPoint(90, 20)])
    assert pad.png().startswith(b"\x89PNG")
    pad.clear_button.click()
    assert pad.is_empty() and pad.png() == b""
