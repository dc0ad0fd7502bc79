"""The Settings page's Backups section, driven with real widgets over a real database."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from localitydesk.store.backup import BackupKind, list_backups
from tests.factories import add_worker


@pytest.fixture
def page(qtbot, app_context):
    from localitydesk.ui.pages.settings_page import SettingsPage

    settings_page = SettingsPage(app_context)
    qtbot.addWidget(settings_page)
    settings_page.resize(900, 700)
    settings_page.show()
    with qtbot.waitSignal(settings_page.loaded, timeout=10_000):
        settings_page.refresh()
    return settings_page


def _wait_idle(qtbot, context) -> None:
    qtbot.waitUntil(lambda: not context.worker.busy(), timeout=20_000)


def _staff_numbers(db) -> set[str]:
    with sqlite3.connect(db.path) as connection:
        rows = connection.execute("SELECT staff_number FROM worker").fetchall()
    connection.close()
    return {row[0] for row in rows}


def test_the_section_shows_the_default_folder_and_no_backups_yet(page, isolated_user_data):
    section = page.backups_section
    assert section.title() == "Backups"
    assert section.folder_edit.text() == str(isolated_user_data / "backups")
    assert section.table.rowCount() == 0
    assert not section.restore_selected_button.isEnabled()


def test_back_up_now_adds_a_backup_to_the_list(qtbot, page, app_context, isolated_user_data):
    section = page.backups_section
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        pass

    [backup] = list_backups(isolated_user_data / "backups")
    assert backup.kind is BackupKind.MANUAL
    assert section.message.text() == f"Backup made: {backup.path.name}"
    assert section.table.rowCount() == 1
    assert section.table.item(0, 1).text() == "made by hand"
    assert section.table.item(0, 2).text().endswith("KB")


def test_changing_the_folder_is_remembered_and_a_folder_that_cannot_be_written_is_refused(page, app_context, tmp_path, qtbot):
    section = page.backups_section
    chosen = tmp_path / "shared drive" / "backups"
    section.choose_folder = lambda: chosen
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.change_folder()
    assert app_context.settings.get("backup_folder") == str(chosen.resolve())
    assert section.folder_edit.text() == str(chosen.resolve())

    blocker = tmp_path / "a file"
    blocker.write_text("")
    section.choose_folder = lambda: blocker / "backups"
    section.change_folder()
    assert section.message.text().startswith("Backups cannot be written to")
    assert app_context.settings.get("backup_folder") == str(chosen.resolve())


def test_restoring_a_selected_backup_brings_back_the_data_and_keeps_the_current_copy(qtbot, page, app_context, today, isolated_user_data):
    section = page.backups_section
    add_worker(app_context.db, today, staff_number="KEEP")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.back_up_now()
    add_worker(app_context.db, today, staff_number="LATER", first_name="Elin")
    asked = []
    section.confirm_restore = lambda source, contents: asked.append((source, contents)) or True
    section.table.selectRow(0)
    assert section.restore_selected_button.isEnabled()

    with qtbot.waitSignal(section.restored, timeout=20_000) as restored:
        qtbot.mouseClick(section.restore_selected_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, app_context)

    assert asked[0][1].workers == 1 and asked[0][1].locality_code == "CO"
    assert _staff_numbers(app_context.db) == {"KEEP"}
    previous = restored.args[0].previous
    assert previous.kind is BackupKind.BEFORE_RESTORE
    assert section.message.text() == (
        f"Restored from {asked[0][0].name}. The database as it was is kept as {previous.path.name}."
    )
    # The app goes on working on the restored file through the same Database object.
    add_worker(app_context.db, today, staff_number="AFTER")
    assert _staff_numbers(app_context.db) == {"KEEP", "AFTER"}
    qtbot.waitUntil(lambda: section.table.rowCount() == 2, timeout=10_000)


def test_the_confirmation_says_what_the_backup_holds(page, app_context, today, tmp_path):
    from localitydesk.services.backups import backup_to_file, check_backup

    add_worker(app_context.db, today, staff_number="W1")
    file = backup_to_file(app_context.db, tmp_path / "given.sqlite3")
    text = page.backups_section.confirmation_text(file, check_backup(file))
    assert text.startswith("Replace the database with the backup of Conwy from ")
    assert "The backup holds 1 worker." in text
    assert text.endswith("The database as it is now will be kept in the backup folder first, so this can be undone.")


def test_declining_the_confirmation_changes_nothing(qtbot, page, app_context, today, tmp_path):
    from localitydesk.services.backups import backup_to_file

    file = backup_to_file(app_context.db, tmp_path / "given.sqlite3")
    add_worker(app_context.db, today, staff_number="STAYS")
    section = page.backups_section
    section.choose_restore_file = lambda: file
    section.confirm_restore = lambda source, contents: False
    section.restore_from_file()
    _wait_idle(qtbot, app_context)
    assert _staff_numbers(app_context.db) == {"STAYS"}
    assert section.backup_button.isEnabled() and section.message.text() == ""


def test_a_file_that_is_not_a_backup_is_refused_with_a_message(qtbot, page, app_context, today, tmp_path):
    add_worker(app_context.db, today, staff_number="STAYS")
    not_a_backup = tmp_path / "timesheet.pdf"
    not_a_backup.write_bytes(b"%PDF-1.7\n")
    section = page.backups_section
    section.choose_restore_file = lambda: not_a_backup
    section.confirm_restore = lambda source, contents: pytest.fail("nothing to confirm")
    section.restore_from_file()
    _wait_idle(qtbot, app_context)
    assert section.message.text() == f"{not_a_backup} is not a LocalityDesk database."
    assert "b00020" in section.message.styleSheet()
    assert _staff_numbers(app_context.db) == {"STAYS"}


def test_the_section_follows_a_language_switch(page):
    from localitydesk.i18n import set_language

    set_language("cy")
    page.retranslate()
    section = page.backups_section
    assert page.title() == "Gosodiadau"
    assert section.title() == "Copïau wrth gefn"
    assert section.backup_button.text() == "&Gwneud copi wrth gefn nawr"
    assert [section.table.horizontalHeaderItem(i).text() for i in range(3)] == ["Pryd", "Math", "Maint"]


def test_another_feature_can_add_its_own_section_below_backups(page):
    from localitydesk.i18n import _

    class SyncSection(QGroupBox):
        def __init__(self):
            super().__init__()
            self.retranslated = 0
            QVBoxLayout(self).addWidget(QLabel("server"))

        def retranslate(self):
            self.retranslated += 1
            self.setTitle(_("Sync"))

    sync = SyncSection()
    page.add_section(sync)
    page.retranslate()
    assert page.sections == [page.backups_section, sync]
    layout = page.sections_layout
    assert layout.indexOf(page.backups_section) < layout.indexOf(sync) < layout.count() - 1  # above the stretch
    assert sync.retranslated == 1


def test_settings_is_the_last_page_of_the_main_window(main_window):
    last = main_window.navigation.count() - 1
    assert main_window.navigation.item(last).text() == "Settings"
    assert main_window.index_of("settings") == last
    assert main_window.stack.indexOf(main_window.page("settings")) == last == main_window.stack.count() - 1
