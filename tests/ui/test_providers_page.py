"""Adding a provider through the editor and finding it on the Providers page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from localitydesk.domain.vocabulary import ProviderType
from localitydesk.services.providers import list_providers


def test_adding_a_provider_with_a_signatory_and_a_rate(qtbot, main_window, app_context):
    from localitydesk.ui.dialogs.provider_editor import ProviderEditor

    page = main_window.show_page("providers")
    qtbot.waitUntil(lambda: page.model.total_count() == 0 and page.count_label.text() != "", timeout=5000)
    page._open_editor(None)
    editor = page.findChild(ProviderEditor)
    qtbot.waitUntil(editor.isEnabled, timeout=5000)
    editor.name_cy.insert("Plas Ŷd")
    qtbot.keyClicks(editor.name_en, "Plas Yd Nursing Home")
    editor.kind.set_code(ProviderType.NURSING_HOME)
    editor.contacts.add_button.click()
    qtbot.keyClicks(editor.contacts.table.cellWidget(0, 0), "Mair Huws")
    editor.rates.add_button.click()
    editor.rates.table.cellWidget(0, 2).setValue(27.5)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert [page.model.row_at(i).name_cy for i in range(page.model.rowCount())] == ["Plas Ŷd"]
    saved = list_providers(app_context.db)[0]
    assert saved.kind == ProviderType.NURSING_HOME


def test_a_rate_without_a_price_is_shown_beside_the_rate_card(qtbot, main_window):
    from localitydesk.ui.dialogs.provider_editor import ProviderEditor

    page = main_window.page("providers")
    page._open_editor(None)
    editor = page.findChild(ProviderEditor)
    qtbot.waitUntil(editor.isEnabled, timeout=5000)
    qtbot.keyClicks(editor.name_en, "Bryn Awel")
    editor.rates.add_button.click()
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(editor.rates.error.isVisible, timeout=5000)
    assert "hourly rate" in editor.rates.error.text()
    assert editor.tabs.currentWidget() is editor.rates
