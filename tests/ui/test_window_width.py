"""Opening pages never widens the main window: no page asks for more width
than a 1200-pixel window gives it, in English or in Welsh."""

from __future__ import annotations

import pytest

from localitydesk.ui.pages import PAGES


@pytest.mark.parametrize("language", ["en", "cy"])
def test_opening_every_page_leaves_the_window_its_width(qtbot, main_window, language):
    from localitydesk.i18n import set_language

    set_language(language)
    main_window.resize(1200, 760)
    qtbot.waitUntil(lambda: main_window.width() == 1200, timeout=5_000)
    widths = {}
    for entry in PAGES:
        page = main_window.show_page(entry.key)
        qtbot.wait(100)
        widths[entry.key] = (main_window.width(), page.minimumSizeHint().width())
    assert all(window == 1200 for window, _hint in widths.values()), widths
    room = main_window.stack.width()
    assert all(hint <= room for _window, hint in widths.values()), (room, widths)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_dashboard_lines_are_read_whole_at_1280_by_800_without_scrolling_sideways(qtbot, app_context, db, today, language):
    from PySide6.QtCore import QRect, Qt

    from localitydesk.domain.vocabulary import ProviderType, RequestReason, Role
    from localitydesk.i18n import set_language
    from localitydesk.services.providers import ProviderProfile, save_provider
    from localitydesk.services.requests import RequestForm, create_request
    from localitydesk.ui.main_window import MainWindow
    from tests.factories import ADMIN
    from datetime import time, timedelta

    provider = save_provider(db, ADMIN, ProviderProfile(
        name_cy="Cartref Nyrsio Llys Seiont (Caernarfon) a'r Uned Dementia", name_en="Llys Seiont Nursing Home "
        "(Caernarfon) and Dementia Unit", kind=ProviderType.NURSING_HOME, town="conwy"))
    for offset in range(1, 4):
        create_request(db, ADMIN, RequestForm(
            provider_id=provider, role=Role.HEALTHCARE_SUPPORT_WORKER, day=today + timedelta(days=offset),
            start=time(7, 30), end=time(20), reason=RequestReason.SICKNESS, unpaid_break_minutes=30,
            staff_needed=2, requested_by="Gwenda"))
    set_language(language)
    app_context.settings.set("page", "dashboard")
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    qtbot.wait(100)
    assert window.width() == 1280
    page = window.page("dashboard")
    unfilled = page.lists["unfilled"]
    assert unfilled.count() == 3
    for box_list in page.lists.values():
        assert box_list.horizontalScrollBar().maximum() == 0
        room = box_list.viewport().width()
        metrics = box_list.fontMetrics()
        for row in range(box_list.count()):
            item = box_list.item(row)
            shown = box_list.visualItemRect(item)
            needed = metrics.boundingRect(QRect(0, 0, room - 8, 10_000), Qt.TextFlag.TextWordWrap, item.text())
            assert shown.right() <= room and shown.height() >= needed.height(), (item.text(), shown, needed)
    # The role and the number needed are on the line, not cut off past its end.
    assert "2" in unfilled.item(0).text()
