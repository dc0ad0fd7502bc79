"""A coordinator's call, end to end: log the request by keyboard, find who can
go, book the top candidate, see the request leave the unfilled list and the
Dashboard count it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from localitydesk.domain.vocabulary import ComplianceType, ProviderType, WelshRequirement
from localitydesk.services.providers import ProviderProfile, save_provider
from localitydesk.services.workers import ComplianceEntry
from tests.factories import ADMIN, add_worker
from tests.ui.conftest import open_main_window

ITEMS = [ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1)) for kind in ComplianceType]


@pytest.fixture
def coordinator_scene(db, today):
    add_worker(db, today, staff_number="C1", first_name="Heledd", last_name="Owen", welsh_speaking=5, compliance_items=ITEMS)
    add_worker(db, today, staff_number="C2", first_name="Tom", last_name="Baker", welsh_speaking=0, compliance_items=ITEMS)
    save_provider(db, ADMIN, ProviderProfile(
        name_cy="Tŷ Gwyn", name_en="Whitehouse", kind=ProviderType.CARE_HOME, town="conwy",
        people_supported=20, people_preferring_welsh=16, welsh_essential_roles=["care_worker"], welsh_essential_level=3,
    ))


@pytest.fixture
def window(qtbot, app_context, coordinator_scene, monkeypatch):
    # The booking confirmation box would wait for a click.
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    return open_main_window(qtbot, app_context, "requests")


def test_log_a_request_by_keyboard_book_the_top_candidate_and_see_the_dashboard(qtbot, window, app_context):
    from localitydesk.ui.dialogs.candidates_dialog import CandidatesDialog
    from localitydesk.ui.dialogs.request_dialog import RequestDialog

    page = window.page("requests")
    page.day.setDate(QDate(2026, 11, 23))
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=5000)
    page.new_request()
    dialog = page.findChild(RequestDialog)
    qtbot.waitUntil(lambda: dialog.provider.count() == 1, timeout=5000)

    # Typed as a caller gives it: the provider's English name finds the Welsh one too.
    qtbot.keyClicks(dialog.provider.lineEdit(), "Whitehouse")
    dialog.provider.setCurrentIndex(dialog.provider.findText(dialog.provider.currentText(), Qt.MatchFlag.MatchContains))
    assert dialog.provider.provider().name_cy == "Tŷ Gwyn"
    dialog.day.setDate(QDate(2026, 11, 25))
    qtbot.keyClicks(dialog.start, "07:30")
    qtbot.keyClicks(dialog.end, "15:30")
    # The provider's Welsh profile makes Welsh essential for care workers.
    assert dialog.welsh_requirement.code() == WelshRequirement.ESSENTIAL
    qtbot.keyClicks(dialog.requested_by, "Gwenda on the phone")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [row.unfilled for row in page.model.visible_rows()] == [1]

    page.table.selectRow(0)
    page.find_workers()
    candidates = page.findChild(CandidatesDialog)
    qtbot.waitUntil(lambda: candidates.outcome is not None, timeout=10_000)
    assert candidates.candidates.count() == 1  # only Heledd speaks Welsh at level 3
    assert candidates.candidates.item(0).text().startswith("1. Heledd Owen")
    assert "score" in candidates.candidates.item(0).text()
    assert "Heledd Owen" in candidates.details.toPlainText() and candidates.book_button.isEnabled()
    candidates.tabs.setCurrentIndex(1)
    assert "Tom Baker" in candidates.excluded.item(0).text()
    # The details follow the list shown: nobody chosen there yet, so nothing, and nothing to book.
    assert "Heledd Owen" not in candidates.details.toPlainText()
    assert not candidates.book_button.isEnabled()
    candidates.excluded.setCurrentRow(0)
    assert "Tom Baker" in candidates.details.toPlainText()
    assert not candidates.book_button.isEnabled()  # Welsh essential: no manager may set that aside
    candidates.tabs.setCurrentIndex(0)
    assert "Heledd Owen" in candidates.details.toPlainText() and candidates.book_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(candidates, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 0  # the unfilled view no longer shows it

    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.summary is not None and dashboard.summary.month_filled == 1, timeout=10_000)
    assert dashboard.summary.unfilled_next_week == []
    assert dashboard.summary.welsh_match_rate == 1.0
    QApplication.processEvents()
    assert "100%" in dashboard.rates.text()
