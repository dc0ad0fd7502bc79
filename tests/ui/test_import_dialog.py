"""One import dialog for workers and providers: checks first, imports on request."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from localitydesk.services.providers import list_providers


def _write(path, text):
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_provider_import_checks_then_imports_valid_rows(qtbot, app_context, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: told.append(args[2]))
    from localitydesk.ui.dialogs.import_dialog import ProviderImportDialog

    path = _write(tmp_path / "p.csv", "name_cy,name_en,kind\nTŷ Ŵyn,,care_home\nDrwg,,castle\n")
    dialog = ProviderImportDialog(app_context, str(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    assert not dialog.scale.isVisibleTo(dialog)  # the Welsh scale is for workers' files only
    assert dialog.windowTitle() == "Import providers from p.csv"
    assert dialog.problems.rowCount() == 1 and dialog.problems.item(0, 1).text() == "kind"
    assert not dialog.import_button.isEnabled()
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert [row.name_cy for row in list_providers(app_context.db)] == ["Tŷ Ŵyn"]
    assert told == ["Imported: 1 new, 0 updated."]


def test_worker_import_offers_the_welsh_scale(qtbot, app_context, tmp_path):
    from localitydesk.ui.dialogs.import_dialog import WorkerImportDialog

    path = _write(tmp_path / "w.csv", "staff_number,first_name\nN1,Nia\n")
    dialog = WorkerImportDialog(app_context, str(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    assert dialog.scale.isVisibleTo(dialog)
    assert dialog.windowTitle() == "Import workers from w.csv"
    assert {dialog.problems.item(row, 1).text() for row in range(dialog.problems.rowCount())} >= {"main_role"}
