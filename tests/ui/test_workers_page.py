"""The Workers page and profile editor as a coordinator uses them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from localitydesk.domain.vocabulary import WelshLevel
from localitydesk.services.workers import load_worker


def _names(page) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_typing_in_the_search_box_narrows_the_rows(qtbot, main_window):
    page = main_window.page("workers")
    assert len(_names(page)) == 4
    qtbot.keyClicks(page.search, "gwen")
    assert _names(page) == ["Gwenllian Pritchard"]
    page.search.clear()
    qtbot.keyClicks(page.search, "Bangor")  # the town, by its name
    assert _names(page) == ["Dafydd Roberts"]
    assert "1" in page.count_label.text() and "4" in page.count_label.text()


def test_filtering_by_welsh_level(qtbot, main_window):
    page = main_window.page("workers")
    page.welsh_filter.set_code(int(WelshLevel.INTERMEDIATE))
    assert sorted(_names(page)) == ["Dafydd Roberts", "Siân Llwyd"]
    page.welsh_filter.set_code(int(WelshLevel.PROFICIENT))
    assert _names(page) == ["Dafydd Roberts"]


def _select(page, name: str) -> None:
    row = _names(page).index(name)
    page.table.selectRow(row)


def _open_editor(qtbot, page, name: str):
    from localitydesk.ui.dialogs.worker_editor import WorkerEditor

    _select(page, name)
    page.edit_selected()
    editor = page.findChild(WorkerEditor)
    qtbot.waitUntil(lambda: editor.isEnabled() and editor.first_name.text() != "", timeout=5000)
    return editor


def test_editing_and_saving_a_worker(qtbot, main_window, app_context):
    page = main_window.page("workers")
    editor = _open_editor(qtbot, page, "Chris Evans")
    editor.last_name.selectAll()
    qtbot.keyClicks(editor.last_name, "Ellis-")
    editor.last_name.insert("Ŵ")  # QTest types ASCII only; an input method delivers ŵ like this
    qtbot.keyClicks(editor.last_name, "yn")
    editor.welsh_speaking.set_code(WelshLevel.FOUNDATION)
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "Chris Ellis-Ŵyn" in _names(page)
    row = next(r for r in (page.model.row_at(i) for i in range(page.model.rowCount())) if r.last_name == "Ellis-Ŵyn")
    assert load_worker(app_context.db, row.id).welsh_speaking == 2


def test_a_validation_message_appears_beside_the_field_and_nothing_is_saved(qtbot, main_window, app_context):
    page = main_window.page("workers")
    editor = _open_editor(qtbot, page, "Siân Llwyd")
    editor.first_name.clear()
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: editor.fields["first_name"].error.isVisible(), timeout=5000)
    assert editor.fields["first_name"].error.text() == "This field is required."
    assert editor.isVisible()
    assert editor.tabs.currentWidget() is editor.details_tab
    row = next(page.model.row_at(i) for i in range(page.model.rowCount()) if page.model.row_at(i).last_name == "Llwyd")
    assert load_worker(app_context.db, row.id).first_name == "Siân"


def test_switching_to_cymraeg_retranslates_the_window_and_qts_own_buttons(qtbot, main_window):
    page = main_window.page("workers")
    editor = _open_editor(qtbot, page, "Siân Llwyd")
    main_window.language_actions["cy"].trigger()
    assert main_window.navigation.item(main_window.index_of("workers")).text() == "Gweithwyr"
    assert page.search_label.text() == "Ch&wilio:"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Enw"
    assert page.model.data(page.model.index(0, 1)) in {"Banc", "Tîm craidd"}
    QApplication.processEvents()  # Qt delivers LanguageChange to its own buttons as events
    assert editor.windowTitle() == "Proffil y gweithiwr"
    assert editor.captions["first_name"].text() == "&Enw cyntaf:"
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Save).text() == "Cadw"
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Canslo"
    assert main_window.context.settings.get("language") == "cy"
    main_window.language_actions["en"].trigger()
    QApplication.processEvents()
    assert main_window.navigation.item(main_window.index_of("workers")).text() == "Workers"
    assert editor.captions["first_name"].text() == "&First name:"
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Save).text() == "Save"


def test_welsh_sorting_in_cymraeg(qtbot, main_window):
    page = main_window.page("workers")
    main_window.language_actions["cy"].trigger()
    # By last name in Welsh order: Evans, Llwyd, Pritchard, Roberts.
    assert _names(page) == ["Chris Evans", "Siân Llwyd", "Gwenllian Pritchard", "Dafydd Roberts"]


def test_marking_a_leaver_from_the_page(qtbot, main_window, app_context):
    from localitydesk.ui.dialogs.leaver_dialog import LeaverDialog

    page = main_window.page("workers")
    _select(page, "Gwenllian Pritchard")
    page.mark_selected_leaver()
    dialog = page.findChild(LeaverDialog)
    qtbot.keyClicks(dialog.reason, "Wedi symud i Gaerdydd")
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        dialog.save()
    assert "Gwenllian Pritchard" not in _names(page)
    page.status_filter.set_code("leavers")
    assert _names(page) == ["Gwenllian Pritchard (left)"]


def test_only_the_page_shown_is_built_and_the_others_on_first_visit(main_window, qtbot):
    assert [page.key for page in main_window.pages] == ["workers"]
    assert main_window.stack.currentWidget() is main_window.page("workers")
    with qtbot.waitSignal(main_window.page("rota").loaded, timeout=10_000):
        main_window.navigation.setCurrentRow(main_window.index_of("rota"))
    assert main_window.current_page().key == "rota"
    assert [page.key for page in main_window.pages] == ["rota", "workers"]  # navigation order
    assert main_window.stack.indexOf(main_window.page("rota")) == main_window.index_of("rota")
    # A page built later still speaks the language chosen before it was built.
    main_window.switch_language("cy")
    assert main_window.page("timesheets").title() == "Taflenni amser"
    assert main_window.navigation.item(main_window.index_of("timesheets")).text() == "Taflenni amser"


def test_sync_starts_once_the_first_page_shows_and_its_state_is_in_the_status_bar(main_window, qtbot):
    from PySide6.QtWidgets import QLabel

    qtbot.waitUntil(lambda: main_window._sync is not None, timeout=5_000)
    label = main_window.statusBar().findChild(QLabel, "syncStatus")
    assert label is main_window.sync_label and label.isVisible()
    qtbot.waitUntil(lambda: label.text() == "Sync: not set up", timeout=5_000)
    main_window.switch_language("cy")
    assert label.text().startswith("Cysoni")
