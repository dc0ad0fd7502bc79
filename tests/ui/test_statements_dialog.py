"""Statements from the Timesheets page: issue a period's, then reverse one
with a credit note so its timesheets can be corrected."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from localitydesk.services.timesheets import SheetState, get_timesheet_row
from tests.unit.test_statements_service import charged  # noqa: F401 - fixture
from tests.unit.test_timesheets_service import scene  # noqa: F401 - fixture


def test_issue_then_credit_a_statement_from_the_dialog(qtbot, app_context, db, charged, monkeypatch, tmp_path):  # noqa: F811
    from localitydesk.ui.dialogs.statements_dialog import StatementsDialog

    answers = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: answers.append(a[2]))
    monkeypatch.setattr("localitydesk.ui.dialogs.statements_dialog.QDesktopServices.openUrl", lambda *a: True)
    dialog = StatementsDialog(app_context, lambda: (date(2026, 11, 16), date(2026, 11, 22)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0 and not app_context.worker.busy(), timeout=5_000)
    assert not dialog.credit_button.isEnabled() and not dialog.copy_button.isEnabled()

    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.issue_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    number = dialog.table.item(0, 0).text()
    assert number in answers[-1] and (tmp_path / f"{number}.pdf").exists()
    assert dialog.table.item(0, 1).text() == "Ty Wyn Care Home" and dialog.table.item(0, 3).text() == "£525.00"
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.INVOICED
    assert dialog.credit_button.isEnabled()

    # Cancelling the reason changes nothing.
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", False))
    dialog.credit_button.click()
    assert not app_context.worker.busy() and dialog.table.rowCount() == 1

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Hours corrected after the provider's call", True))
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.credit_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5_000)
    credit_number = dialog.table.item(0, 0).text()  # newest first
    assert dialog.table.item(0, 4).text() == f"credits {number}"
    assert dialog.table.item(1, 4).text() == f"credited by {credit_number}"
    assert dialog.table.item(0, 3).text() == "-£525.00"
    assert (tmp_path / f"{credit_number}.pdf").exists()
    assert get_timesheet_row(db, charged["monday"]).state == SheetState.APPROVED
    dialog.table.selectRow(1)
    assert not dialog.credit_button.isEnabled()  # a statement is credited once, and a credit note never

    from localitydesk.i18n import set_language

    set_language("cy")
    assert dialog.windowTitle() == "Datganiadau" and dialog.table.item(0, 4).text() == f"yn credydu {number}"
