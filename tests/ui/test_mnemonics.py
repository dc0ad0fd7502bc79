"""No two controls on a page answer the same Alt+letter, in English or in
Welsh: the page's buttons, check boxes, labelled fields, group boxes and tabs,
and the main window's menus, which share the window's Alt keys."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from localitydesk.ui.pages import PAGES

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def alt_keys(window, page: QWidget) -> dict[str, list[str]]:
    """Each Alt+letter in use on ``page`` and the texts that claim it
    (``window``'s menus too, if it has a menu bar)."""
    keys: dict[str, list[str]] = defaultdict(list)

    def claim(text: str) -> None:
        key = mnemonic(text)
        if key:
            keys[key].append(text)

    if window is not None:
        for menu in window.menuBar().actions():
            claim(menu.text())
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QAbstractButton):
            claim(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            claim(widget.text())
        elif isinstance(widget, QGroupBox):
            claim(widget.title())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                claim(widget.tabText(index))
    return keys


@pytest.mark.parametrize("language", ["en", "cy"])
def test_no_page_has_two_controls_on_one_alt_key(qtbot, main_window, language):
    from localitydesk.i18n import set_language

    set_language(language)
    clashes = {}
    for entry in PAGES:
        page = main_window.show_page(entry.key)
        qtbot.wait(50)
        for key, texts in alt_keys(main_window, page).items():
            if len(texts) > 1:
                clashes[f"{entry.key} Alt+{key}"] = texts
    assert clashes == {}, "\n".join(f"{k}: {v}" for k, v in sorted(clashes.items()))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_no_tab_of_an_editor_has_two_fields_on_one_alt_key(qtbot, app_context, language):
    from localitydesk.i18n import set_language
    from localitydesk.ui.dialogs.provider_editor import ProviderEditor
    from localitydesk.ui.dialogs.request_dialog import RequestDialog
    from localitydesk.ui.dialogs.worker_editor import WorkerEditor

    set_language(language)
    clashes = {}
    for dialog in (RequestDialog(app_context), WorkerEditor(app_context, None), ProviderEditor(app_context, None)):
        qtbot.addWidget(dialog)
        dialog.show()
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            for key, texts in alt_keys(None, dialog).items():
                if len(texts) > 1:
                    clashes[f"{type(dialog).__name__} tab {index} Alt+{key}"] = texts
        dialog.reject()
    assert clashes == {}, "\n".join(f"{k}: {v}" for k, v in sorted(clashes.items()))
