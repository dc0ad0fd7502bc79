"""The Sync section and the status-bar label, driven as a user would, against a scripted server."""

from __future__ import annotations

import json

import httpx
import pytest
from PySide6.QtWidgets import QLineEdit

from localitydesk.i18n import set_language
from localitydesk.store.models import Worker
from localitydesk.sync.token_store import TokenStore


class ScriptedServer:
    """Applies inserts; answers an update of ``phone`` with a conflict carrying the server's record."""

    def __init__(self):
        self.pushes = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/health"):
            return httpx.Response(200, json={"status": "ok"})
        self.pushes += 1
        results = []
        for change in json.loads(request.content)["changes"]:
            if change["operation"] == "update" and "phone" in change["changed_fields"] and not change.get("rebased"):
                record = dict(change["payload"], phone="01745 999999")
                results.append({"change_id": change["change_id"], "outcome": "conflict", "server_version": 2,
                                "detail": {"reason": "fields", "fields": ["phone"], "server_record": record}})
            else:
                results.append({"change_id": change["change_id"], "outcome": "applied", "server_version": 1, "detail": {}})
        return httpx.Response(200, json={"results": results, "counts": {}})


@pytest.fixture
def controller(app_context, tmp_path, monkeypatch):
    import localitydesk.ui.sync_controller as module
    from localitydesk.services.sync import background

    server = ScriptedServer()
    transport = httpx.MockTransport(server)
    monkeypatch.setattr(module, "attempt_push",
                        lambda db, wait, **kw: background.attempt_push(db, wait, transport=transport, **kw))
    monkeypatch.setattr(module, "probe_server", lambda db, **kw: True)
    controller = module.SyncController(app_context, TokenStore(tmp_path / "tokens", keyring_backend=None),
                                       interval=3600, probe_interval=0.05)
    controller.server = server
    yield controller
    controller.shutdown()


def _line(qtbot, controller, text):
    qtbot.waitUntil(lambda: controller.view is not None and controller.view.line() == text, timeout=10_000)


def test_setting_up_pushing_and_settling_a_conflict_from_the_section(qtbot, app_context, controller, today):
    from localitydesk.ui.sync_section import SyncSection
    from localitydesk.ui.sync_status import SyncStatusLabel
    from tests.factories import add_worker

    worker_id = add_worker(app_context.db, today)
    section = SyncSection(app_context, controller)
    label = SyncStatusLabel(controller)
    qtbot.addWidget(section)
    qtbot.addWidget(label)
    controller.start()
    _line(qtbot, controller, "Sync: not set up")
    assert label.text() == "Sync: not set up"
    assert section.token_edit.echoMode() == QLineEdit.EchoMode.Password

    section.server_edit.setText("https://regional.example.org")
    section.token_edit.setText("ldr_secret_token")
    section.save_button.click()
    _line(qtbot, controller, "Sync: up to date")
    assert label.text() == "Sync: up to date"
    assert section.token_edit.text() == ""
    assert "keyring" not in section.token_edit.placeholderText()  # this store keeps it in a private file
    assert section.backlog_value.text() == "0 changes waiting"
    assert section.last_success_value.text() != "never"

    with app_context.db.session() as session, session.begin():
        session.get(Worker, worker_id).phone = "01492 123456"
    section.push_button.click()
    qtbot.waitUntil(lambda: section.conflict_list.count() == 1, timeout=10_000)
    table = section.conflict_fields
    cells = {table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text())
             for row in range(table.rowCount())}
    assert cells["Phone"] == ("01492 123456", "01745 999999")  # the field by its name, not its column
    assert table.item(0, 0).font().bold()  # the field the server named comes first, marked

    # The list follows a switch of language, the kind of record included.
    assert section.conflict_list.item(0).text().startswith("Worker: ")
    set_language("cy")
    assert section.conflict_list.item(0).text().startswith("Gweithiwr: ")
    assert "Mae rhywun arall wedi newid" in section.conflict_list.item(0).text()
    assert section.conflict_fields.item(0, 0).text() == "Ffôn"
    set_language("en")

    section.keep_server_button.click()
    qtbot.waitUntil(lambda: section.conflict_list.count() == 0, timeout=10_000)
    with app_context.db.session() as session:
        kept = session.get(Worker, worker_id)
        assert (kept.phone, kept.version) == ("01745 999999", 2)


def test_the_section_and_the_label_follow_the_language(qtbot, app_context, controller):
    from localitydesk.ui.sync_section import SyncSection
    from localitydesk.ui.sync_status import SyncStatusLabel

    section = SyncSection(app_context, controller)
    label = SyncStatusLabel(controller)
    qtbot.addWidget(section)
    qtbot.addWidget(label)
    controller.start()
    _line(qtbot, controller, "Sync: not set up")
    set_language("cy")
    assert section.push_button.text() == "Gwt&hio nawr"
    assert label.text() == "Cysoni: heb ei osod"
    set_language("en")
    assert section.push_button.text() == "&Push now"
