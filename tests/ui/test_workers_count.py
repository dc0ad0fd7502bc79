"""The Workers page's count says what it counts: with Show = Current, the
total is the current workers (not leavers too), and numbers are written the
locale's way (10,000)."""

from __future__ import annotations

from datetime import timedelta

import pytest



@pytest.mark.parametrize(("language", "current", "leavers", "everyone"), [
    ("en", "Showing 4 of 4 current workers", "Showing 0 of 2 leavers", "Showing 6 of 6 workers"),
    ("cy", "Yn dangos 4 o 4 gweithiwr presennol", "Yn dangos 0 o 2 sydd wedi gadael", "Yn dangos 6 o 6 gweithiwr"),
])
def test_the_total_counts_the_population_show_picks(qtbot, app_context, some_workers, db, today, language,
                                                    current, leavers, everyone):
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.workers_page import WorkersPage
    from tests.factories import add_worker

    for number in ("L1", "L2"):
        add_worker(db, today, staff_number=number, first_name="Gadawr", last_name=number,
                   leaving_date=today - timedelta(days=10), leaving_reason="Moved away")
    set_language(language)
    page = WorkersPage(app_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.count_label.text() == current
    page.status_filter.set_code("leavers")
    page.search.setText("nobody matches this")
    assert page.count_label.text() == leavers
    page.search.setText("")
    page.status_filter.set_code("all")
    assert page.count_label.text() == everyone


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Showing 10,000 of 12,345 current workers"),
    ("cy", "Yn dangos 10,000 o 12,345 gweithiwr presennol"),
])
def test_large_counts_are_written_with_the_locales_grouping(qtbot, app_context, language, expected, monkeypatch):
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.workers_page import WorkersPage

    set_language(language)
    page = WorkersPage(app_context)
    qtbot.addWidget(page)
    monkeypatch.setattr(page.model, "rowCount", lambda *_a: 10_000)
    monkeypatch.setattr(page.model, "population_count", lambda _f: 12_345)
    page._update_count()
    assert page.count_label.text() == expected
