"""The Settings backups list shows the automatic start-up backup once it is
made, even when the list was read before the copy finished (a big database
takes seconds to copy), and reads the folder again whenever the page comes back."""

from __future__ import annotations

import pytest

from localitydesk.services import backups
from localitydesk.store.backup import BackupKind
from tests.ui.conftest import open_main_window


AUTOMATIC = {"en": "automatic", "cy": "awtomatig"}


def _kinds(section) -> list[str]:
    return [section.table.item(row, 1).text() for row in range(section.table.rowCount())]


@pytest.fixture
def settings_first(qtbot, app_context, some_workers):
    """A main window that opens on Settings, before any backup exists."""
    return open_main_window(qtbot, app_context, "settings")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_daily_backup_made_after_the_list_was_read_is_listed(qtbot, settings_first, app_context, language):
    from localitydesk.i18n import set_language
    from localitydesk.ui.daily_backup import start_daily_backup

    set_language(language)
    section = settings_first.page("settings").backups_section
    assert section.table.rowCount() == 0  # read before the backup is made, as on a big database

    task = start_daily_backup(app_context.db.path, app_context.settings, settings_first)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=20_000)
    task.wait()
    assert _kinds(section) == [backups.kind_label(BackupKind.DAILY)] == [AUTOMATIC[language]]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_coming_back_to_settings_reads_the_folder_again(qtbot, settings_first, app_context, language):
    from localitydesk.i18n import set_language

    set_language(language)
    section = settings_first.page("settings").backups_section
    settings_first.show_page("workers")
    # Made behind the page's back, like the start-up backup finishing late.
    backups.daily_backup(app_context.db, backups.backup_folder(app_context.settings))
    assert section.table.rowCount() == 0
    settings_first.show_page("settings")
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    assert _kinds(section) == [AUTOMATIC[language]]
