"""The pages a user found cramped on a 1280×800 laptop, in English and in Welsh:
the Rota's whole week (to Sunday and its hours) in view, the Timesheets page's
actions within the window, each day's header and a shift's times readable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFontMetrics

from localitydesk.services.rota_grid import assign
from localitydesk.ui.models.rota_grid_model import LINES_ROLE, SHIFT
from tests.factories import ADMIN
from tests.rota_scene import WEEK1, build

SIZE = (1280, 800)


@pytest.fixture
def window_at(qtbot, app_context):
    """The main window at 1280×800 on a page, in a language."""
    from localitydesk.i18n import set_language
    from localitydesk.ui.main_window import MainWindow

    def open_on(page: str, language: str):
        set_language(language)
        app_context.settings.set("page", page)
        window = MainWindow(app_context)
        qtbot.addWidget(window)
        window.resize(*SIZE)
        with qtbot.waitSignal(window.ready, timeout=10_000):
            window.show()
        return window

    return open_on


def _header_fits(table, column) -> bool:
    header = table.horizontalHeader()
    text = table.model().headerData(column, Qt.Orientation.Horizontal)
    return QFontMetrics(header.font()).horizontalAdvance(text) + 8 <= table.columnWidth(column)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("weeks", [1, 4])
def test_the_rota_shows_monday_to_sunday_and_the_weeks_hours(qtbot, window_at, db, today, language, weeks):
    scene = build(db, today)
    assign(db, ADMIN, scene.days[4], scene.sian)  # Friday: a shift's times to read
    window = window_at("rota", language)
    page = window.current_page()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.day.setDate(QDate(WEEK1.year, WEEK1.month, WEEK1.day))
    if weeks == 4:
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.span.setCurrentIndex(1)
    assert (window.width(), window.height()) == SIZE
    table, model = page.table, page.model
    hours = 8  # the worker, Monday … Sunday, then the week's hours
    assert model.is_week(hours) and model.day_of(7).weekday() == 6
    assert table.columnViewportPosition(hours) + table.columnWidth(hours) <= table.viewport().width()
    for column in range(0, hours):
        assert _header_fits(table, column), model.headerData(column, Qt.Orientation.Horizontal)
    # The shift's times are whole in their cell, never elided.
    index = model.index(model.row_of(scene.sian), 5)
    lines = model.data(index, LINES_ROLE)
    width = table.columnWidth(5) - 8
    laid = table.itemDelegate()._layout(lines, table.font(), width)
    [(times, font, _kind)] = [line for line in laid if line[2] == SHIFT]
    assert QFontMetrics(font).horizontalAdvance(times) <= width and font.pointSizeF() >= 7.5


def test_the_rota_gives_a_wider_window_wider_days(qtbot, window_at, db, today):
    build(db, today)
    window = window_at("rota", "en")
    page = window.current_page()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.day.setDate(QDate(WEEK1.year, WEEK1.month, WEEK1.day))
    narrow = page.table.columnWidth(1)
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: page.table.columnWidth(1) > narrow, timeout=5000)
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Mon 30 Nov"


@pytest.mark.parametrize("language", ["en", "cy", "pseudo"])
def test_the_timesheets_actions_fit_the_window(qtbot, window_at, language):
    window = window_at("timesheets", language)
    page = window.current_page()
    assert window.minimumSizeHint().width() <= SIZE[0]
    assert (window.width(), window.height()) == SIZE
    qtbot.waitUntil(lambda: all(b.isVisible() for b in page.buttons.values()), timeout=5000)
    edge = page.mapTo(window, page.rect().topRight()).x()
    for key, button in page.buttons.items():
        right = button.mapTo(window, button.rect().topRight()).x()
        assert right <= edge, key
        # Each label whole on its button.
        assert button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) < button.width(), key
