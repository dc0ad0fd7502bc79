"""The worker and provider editors' tables of rows (compliance, availability,
leave, contacts, rates, preferred workers): each column wide enough to read
and edit what is in it, in English and in Welsh, as rows are added."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from localitydesk.domain.vocabulary import AbsenceKind, ComplianceType, ProviderType, Role
from localitydesk.services.providers import ProviderProfile, RateEntry, save_provider
from localitydesk.services.workers import AbsenceEntry, ComplianceEntry
from tests.factories import ADMIN, add_worker


def assert_readable(editor_table) -> None:
    table = editor_table.table
    assert table.rowCount() > 0
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            widget = table.cellWidget(row, column)
            if widget is None:
                continue
            width = table.columnWidth(column)
            what = f"row {row}, column {column} ({type(widget).__name__})"
            if isinstance(widget, QComboBox) and not widget.isEditable():
                longest = max(widget.fontMetrics().horizontalAdvance(widget.itemText(i)) for i in range(widget.count()))
                assert width >= longest + 24, what  # every choice whole beside the arrow
            elif isinstance(widget, QLineEdit):
                assert width >= 120, what
            else:
                assert width >= widget.sizeHint().width(), what
            assert widget.width() >= width - 2, what


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_worker_editors_tables_fit_their_editors(qtbot, app_context, db, today, language):
    from localitydesk.i18n import set_language
    from localitydesk.ui.dialogs.worker_editor import WorkerEditor

    worker = add_worker(
        db, today,
        compliance_items=[ComplianceEntry(ComplianceType.SCW_REGISTRATION, "SCW3527258", date(2024, 4, 29), date(2027, 4, 29))],
        absences=[AbsenceEntry(AbsenceKind.ANNUAL_LEAVE, date(2026, 12, 14), date(2026, 12, 18))],
    )
    set_language(language)
    editor = WorkerEditor(app_context, worker)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.isEnabled, timeout=5000)
    for name in ("compliance_items", "availability", "absences"):
        table = editor.tables[name]
        editor.tabs.setCurrentWidget(editor.tabs.widget(3 if name == "compliance_items" else 4))
        if table.table.rowCount() == 0:
            table.add_button.click()
        qtbot.waitUntil(lambda table=table: not table.fit_pending, timeout=2000)
        qtbot.wait(10)
        assert_readable(table)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_provider_editors_tables_fit_their_editors(qtbot, app_context, db, today, language):
    from localitydesk.i18n import set_language
    from localitydesk.ui.dialogs.provider_editor import ProviderEditor

    add_worker(db, today)
    provider = save_provider(db, ADMIN, ProviderProfile(
        name_cy="Tŷ Gwyn", name_en="Whitehouse", kind=ProviderType.CARE_HOME, town="conwy",
        rates=[RateEntry(role=Role.HEALTHCARE_SUPPORT_WORKER, effective_from=date(2026, 4, 1), hourly_rate=Decimal("24.37"))],
    ))
    set_language(language)
    editor = ProviderEditor(app_context, provider)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.isEnabled, timeout=5000)
    for index, name in ((2, "contacts"), (3, "rates"), (4, "preferences")):
        editor.tabs.setCurrentIndex(index)
        table = editor.tables[name]
        if table.table.rowCount() == 0:
            table.add_button.click()
        qtbot.waitUntil(lambda table=table: not table.fit_pending, timeout=2000)
        qtbot.wait(10)
        assert_readable(table)
    # The rate card's seven columns fit the dialog as it opens: nothing to scroll to.
    rates = editor.rates.table
    assert sum(rates.columnWidth(c) for c in range(rates.columnCount())) <= rates.viewport().width()
