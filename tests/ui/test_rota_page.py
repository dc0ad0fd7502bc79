"""The Rota page with real widgets: assign by keyboard and by drag, a breach in
words in its cell, undo that restores the rota exactly, auto-fill as one undo
step, and a change after publishing listed as a change since publication."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from localitydesk.services.rota import AutofillOptions
from localitydesk.services.rota_grid import assign as assign_service
from localitydesk.services.rota_grid import load_rota_grid
from localitydesk.ui.models.rota_grid_model import CELL_ROLE, REQUEST_MIME
from tests.factories import ADMIN
from tests.rota_scene import MANAGER, WEEK1, build


@pytest.fixture
def scene(db, today):
    return build(db, today)


@pytest.fixture
def page(qtbot, app_context, scene, monkeypatch):
    from PySide6.QtCore import QDate

    from localitydesk.ui.pages.rota_page import RotaPage

    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    rota = RotaPage(app_context)
    qtbot.addWidget(rota)
    rota.resize(1400, 800)
    rota.show()
    with qtbot.waitSignal(rota.loaded, timeout=10_000):
        rota.day.setDate(QDate(2026, 11, 30))
    return rota


def grid_now(db):
    return load_rota_grid(db, WEEK1, 1, "en", include_requests=True)


def request_row(page, request_id) -> int:
    return next(row for row in range(page.requests_model.rowCount()) if page.requests_model.row_at(row).id == request_id)


def edit(qtbot, page, action):
    """Run an edit and wait for the grid to show its result."""
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        action()


def cell_index(page, worker_id, day: date):
    return page.model.index(page.model.row_of(worker_id), page.model.column_of(day))


def test_assign_by_keyboard(qtbot, page, db, scene):
    page.requests.setFocus()
    page.requests.selectRow(request_row(page, scene.days[2]))  # Wednesday at Tŷ Gwyn
    qtbot.keyClick(page.requests, Qt.Key.Key_Return)  # to the request's day in the grid
    assert page.table.hasFocus()
    assert page.model.day_of(page.table.currentIndex().column()) == date(2026, 12, 2)
    # Down to Siân (the third row: Chris, Dafydd, Siân) and Enter.
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.model.grid_row(page.table.currentIndex().row()).name == "Siân Llwyd"
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return))

    index = cell_index(page, scene.sian, date(2026, 12, 2))
    assert page.model.data(index).splitlines() == ["07:30–15:30", "Whitehouse", "Care worker"]
    assert scene.days[2] not in {row.id for row in page.requests_model.visible_rows()}
    assert grid_now(db).shift(page.grid.shifts()[0].booking_id).worker_id == scene.sian
    assert page.undo_action.isEnabled() and page.undo_action.text().startswith("&Undo assign Siân Llwyd")


def test_assign_by_drag_and_drop(qtbot, page, db, scene):
    mime = page.requests_model.mimeData([page.requests_model.index(request_row(page, scene.plas_monday), 0)])
    assert mime.hasFormat(REQUEST_MIME)
    target = cell_index(page, scene.dafydd, WEEK1)
    edit(qtbot, page, lambda: page.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target))
    cell = page.model.data(cell_index(page, scene.dafydd, WEEK1), CELL_ROLE)
    assert [s.provider_name("cy") for s in cell.shifts] == ["Plas Ŵy"]

    # A shift dragged onto another worker's empty day moves there.
    shift_mime = page.model.mimeData([cell_index(page, scene.dafydd, WEEK1)])
    edit(qtbot, page, lambda: page.model.dropMimeData(shift_mime, Qt.DropAction.MoveAction, -1, -1,
                                                       cell_index(page, scene.chris, WEEK1)))
    assert page.model.data(cell_index(page, scene.chris, WEEK1), CELL_ROLE).shifts[0].provider_name("cy") == "Plas Ŵy"
    assert page.model.data(cell_index(page, scene.dafydd, WEEK1), CELL_ROLE).shifts == ()


def test_a_request_dropped_on_another_day_is_not_booked(qtbot, page, db, scene):
    mime = page.requests_model.mimeData([page.requests_model.index(request_row(page, scene.plas_monday), 0)])
    page.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, cell_index(page, scene.dafydd, date(2026, 12, 1)))
    qtbot.wait(200)
    assert not page.editor.stack.canUndo()
    assert grid_now(db).shifts() == []


def test_drag_with_the_mouse_from_the_requests_list(qtbot, page, db, scene, monkeypatch):
    """The real path: the mouse presses on a request and moves; the view starts a drag."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from localitydesk.ui.pages.rota_page import RequestListView

    dropped = []

    def deliver(view, actions):
        # Offscreen there is no window system to carry a QDrag: hand what the
        # view would drag to the cell, as the drop would.
        mime = view.model().mimeData(view.selectedIndexes())
        dropped.append(page.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, cell_index(page, scene.sian, WEEK1)))

    monkeypatch.setattr(RequestListView, "startDrag", deliver)
    row = request_row(page, scene.days[0])
    start = page.requests.visualRect(page.requests_model.index(row, 1)).center()
    viewport = page.requests.viewport()

    def send(kind, point, buttons):
        event = QMouseEvent(kind, QPointF(point), QPointF(viewport.mapToGlobal(point)), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)

    with qtbot.waitSignal(page.loaded, timeout=15_000):
        send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
        for step in (10, 30, 60):
            send(QEvent.Type.MouseMove, start + QPoint(step, 0), Qt.MouseButton.LeftButton)
        send(QEvent.Type.MouseButtonRelease, start + QPoint(60, 0), Qt.MouseButton.NoButton)
    assert dropped == [True]
    assert page.model.data(cell_index(page, scene.sian, WEEK1), CELL_ROLE).shifts[0].request_id == scene.days[0]


def test_a_breach_is_shown_in_its_cell_in_words(qtbot, app_context, page, db, scene, monkeypatch):
    app_context.actor = MANAGER
    assign_service(db, ADMIN, scene.plas_night, scene.chris)  # Monday 20:00 to Tuesday 06:00
    edit(qtbot, page, page.refresh)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Compensatory rest on Thursday", True))
    edit(qtbot, page, lambda: page.assign(scene.days[1], scene.chris, date(2026, 12, 1)))
    tuesday = cell_index(page, scene.chris, date(2026, 12, 1))
    lines = page.model.data(tuesday).splitlines()
    assert "Daily rest: 4 h 30 min, needs 11 h (overridden)" in lines
    assert "Compensatory rest on Thursday" in page.model.data(tuesday, Qt.ItemDataRole.ToolTipRole)
    page.table.setCurrentIndex(tuesday)
    assert "Only 4 h 30 min rest between Tuesday 1 December 15:30 and Tuesday 1 December 20:00" in page.details.toPlainText()


def test_an_unoverridden_breach_is_red_in_words_with_figures(qtbot, page, db, scene):
    from datetime import datetime, timezone

    from localitydesk.store.models import Booking

    night = assign_service(db, ADMIN, scene.plas_night, scene.chris)
    assign_service(db, ADMIN, scene.days[2], scene.chris)  # Wednesday 07:30
    with db.session() as session, session.begin():  # the night moves to Tuesday, as if the provider changed it
        session.info["journal"] = False
        booking = session.get(Booking, night)
        booking.request.starts_at = booking.starts_at = datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)
        booking.request.ends_at = booking.ends_at = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)
    edit(qtbot, page, page.refresh)
    from localitydesk.ui.models.rota_grid_model import BREACH, LINES_ROLE, RED

    wednesday = cell_index(page, scene.chris, date(2026, 12, 2))
    assert ("Daily rest: 4 h 30 min, needs 11 h", BREACH) in page.model.data(wednesday, LINES_ROLE)
    assert page.model.data(wednesday, Qt.ItemDataRole.BackgroundRole).color() != RED  # a light red ground …
    from localitydesk.ui.widgets.rota_cell_delegate import RotaCellDelegate

    assert RotaCellDelegate._colour(BREACH, page.palette(), False) == RED  # … and the words in red


def test_undo_restores_the_previous_rota_exactly_and_redo_brings_it_back(qtbot, page, db, scene):
    edit(qtbot, page, lambda: page.assign(scene.days[0], scene.sian, WEEK1))
    before = grid_now(db)
    shift = before.shifts()[0]
    edit(qtbot, page, lambda: page.move(shift.booking_id, scene.dafydd))
    edit(qtbot, page, lambda: page.assign(scene.plas_monday, scene.sian, WEEK1))
    moved_and_more = grid_now(db)
    assert moved_and_more != before
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))
    assert grid_now(db) == before
    assert page.grid == before
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier))
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier))
    assert grid_now(db) == moved_and_more
    for _step in range(3):
        edit(qtbot, page, page.editor.undo)
    empty = grid_now(db)
    assert empty.shifts() == [] and len(empty.open_requests) == 8
    assert not page.undo_action.isEnabled()


def test_swap_and_lock_are_undo_steps(qtbot, page, db, scene):
    a = assign_service(db, ADMIN, scene.days[0], scene.sian)
    b = assign_service(db, ADMIN, scene.plas_monday, scene.chris)
    edit(qtbot, page, page.refresh)
    before = grid_now(db)
    page.table.setCurrentIndex(cell_index(page, scene.sian, WEEK1))
    qtbot.keyClick(page.table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    page.table.setCurrentIndex(cell_index(page, scene.chris, WEEK1))
    edit(qtbot, page, lambda: qtbot.keyClick(
        page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
    assert page.grid.shift(a).provider_name("cy") == "Plas Ŵy" and page.grid.shift(b).provider_name("cy") == "Tŷ Gwyn"
    page.table.setCurrentIndex(cell_index(page, scene.sian, WEEK1))
    edit(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier))
    assert page.grid.shift(a).locked
    edit(qtbot, page, page.editor.undo)
    edit(qtbot, page, page.editor.undo)
    assert grid_now(db) == before


def test_auto_fill_is_shown_first_then_applied_as_one_undo_step(qtbot, page, db, scene):
    page.autofill_options = AutofillOptions(time_limit_s=2.0, workers=1)
    before = grid_now(db)
    page.autofill()
    dialog = page.autofill_dialog
    qtbot.waitUntil(lambda: dialog.proposal is not None, timeout=60_000)
    proposal = dialog.proposal
    assert proposal.status in ("OPTIMAL", "FEASIBLE") and len(proposal.bookings) >= 5
    assert dialog.proposed.rowCount() == len(proposal.bookings)
    # Nothing is written until the manager accepts.
    assert grid_now(db) == before
    # Chris cannot take the Welsh-essential request; the explanation says so, by name.
    if any(u.request_id == scene.welsh_wednesday for u in proposal.result.unfilled):
        assert "Chris Evans" in dialog.unfilled.toPlainText()
    assert dialog.summary.text().startswith(f"Auto-fill proposes {len(proposal.bookings)} of the")
    edit(qtbot, page, dialog.apply_button.click)
    assert page.editor.stack.count() == 1
    assert len(grid_now(db).shifts()) == len(proposal.bookings)
    edit(qtbot, page, page.editor.undo)
    assert grid_now(db) == before
    edit(qtbot, page, page.editor.redo)
    assert {s.request_id for s in grid_now(db).shifts()} == {b.request_id for b in proposal.bookings}


def test_auto_fill_can_be_stopped_and_discarded(qtbot, page, db, scene):
    page.autofill_options = AutofillOptions(time_limit_s=30.0, workers=1)
    before = grid_now(db)
    page.autofill()
    dialog = page.autofill_dialog
    dialog.stop()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.proposal is None or dialog.proposal.result.cancelled
    dialog.reject()
    qtbot.wait(100)
    assert grid_now(db) == before and page.editor.stack.count() == 0


def test_publish_then_a_change_shows_as_a_change_since_publication(qtbot, page, db, scene, monkeypatch):
    edit(qtbot, page, lambda: page.assign(scene.days[0], scene.sian, WEEK1))
    assert page.state_label.text().endswith("Draft: not published</b>")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    edit(qtbot, page, page.publish)
    assert "no changes since publication" in page.state_label.text()
    shift = page.grid.shifts()[0]
    edit(qtbot, page, lambda: page.move(shift.booking_id, scene.dafydd))
    assert "2 changes since publication" in page.state_label.text()
    assert page.side_tabs.tabText(1) == "Changes (2)"
    assert page.side_tabs.tabToolTip(1) == "Changes since publication (2)"
    text = page.changes.toPlainText()
    assert "Added: Dafydd Rhys at Whitehouse, Monday 30 November 07:30 to 15:30" in text
    assert "Removed: Siân Llwyd at Whitehouse" in text
    edit(qtbot, page, page.editor.undo)
    assert "no changes since publication" in page.state_label.text()


def test_the_page_speaks_welsh(qtbot, page, db, scene):
    from localitydesk.i18n import set_language

    assign_service(db, ADMIN, scene.days[0], scene.sian)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        set_language("cy")
        page.retranslate()
    assert page.title() == "Rota"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Tîm craidd"
    assert page.model.data(cell_index(page, scene.sian, WEEK1)).splitlines()[1] == "Tŷ Gwyn"
    assert "Drafft" in page.state_label.text()
    assert page.copy_action.text() == "&Copïo wythnos ymlaen"
    # Both side tabs fit the side panel whole in Welsh, with no scroll arrows.
    bar = page.side_tabs.tabBar()
    assert page.side_tabs.tabText(1) == "Newidiadau (0)"
    assert bar.tabRect(1).right() <= page.side_tabs.width()
    assert QModelIndex  # imported for the index type the view uses


def test_in_welsh_the_wrong_day_is_named_as_welsh_runs_on(qtbot, page, db, scene, monkeypatch):
    from localitydesk.i18n import set_language

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        set_language("cy")
        page.retranslate()
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *a: said.append(text))
    mime = page.requests_model.mimeData([page.requests_model.index(request_row(page, scene.plas_monday), 0)])
    page.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, cell_index(page, scene.dafydd, date(2026, 12, 1)))
    page.publish()
    assert said == [
        "Mae'r cais hwnnw ar ddydd Llun 30 Tachwedd: rhowch ef ar y diwrnod hwnnw.",
        "Cyhoeddi'r rota ar gyfer yr wythnos o ddydd Llun 30 Tachwedd? Dyma'r fersiwn y bydd y gweithwyr yn ei chael.",
    ]


def test_a_refused_edit_says_what_was_refused_before_why(qtbot, page, db, scene, monkeypatch):
    assign_service(db, ADMIN, scene.plas_night, scene.chris)  # Monday 20:00 to Tuesday 06:00
    edit(qtbot, page, page.refresh)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *rest: shown.append((title, text)))
    before = grid_now(db)
    # Not a manager: the working-time rule cannot be overridden here, so the edit is refused.
    edit(qtbot, page, lambda: page.assign(scene.days[1], scene.chris, date(2026, 12, 1)))
    [(title, text)] = shown
    assert title == "Cannot change the rota"
    assert text.startswith("Could not assign Chris Evans to ") and "on Tue 1 Dec:" in text
    assert "rest" in text.split("\n\n", 1)[1]
    assert grid_now(db) == before
