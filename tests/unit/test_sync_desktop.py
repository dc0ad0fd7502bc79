"""The desktop side of sync without a server: batching, backoff, answers
sorted into what to do next, the token store's permissions, the wording."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import sys

import httpx
import pytest

from localitydesk.services.sync import push_outbox, set_server, set_token, sync_status
from localitydesk.services.sync.push import PushTarget
from localitydesk.services.sync.wording import status_line
from localitydesk.sync.backoff import Backoff
from localitydesk.sync.client import AddressRefused, normalise_server_url, retry_after_seconds
from localitydesk.sync.protocol import MAX_CHANGES_PER_BATCH, TARGET_BATCH_BYTES
from localitydesk.sync.pusher import PushState, Stop
from localitydesk.sync.token_store import TokenStore, TokenStoreError
from tests.factories import add_worker


class FakeServer:
    """Answers pushes as told, one script entry per request; records what came."""

    def __init__(self, script=None):
        self.script = list(script or [])
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append({"key": request.headers["Idempotency-Key"], "body": body, "size": len(request.content)})
        step = self.script.pop(0) if self.script else "applied"
        if isinstance(step, int):
            return httpx.Response(step, json={"reason": "x", "message": f"status {step}"})
        if step == "connect":
            raise httpx.ConnectError("refused", request=request)
        results = [{"change_id": change["change_id"], "outcome": step, "server_version": 1,
                    "detail": {"reason": "invalid_payload", "fields": {"phone": "bad"}} if step == "rejected" else {}}
                   for change in body["changes"]]
        return httpx.Response(200, json={"results": results, "counts": {}})


def _push(db, server, **kwargs):
    waits = []
    kwargs.setdefault("wait", lambda seconds: waits.append(seconds) or False)
    target = PushTarget("http://127.0.0.1:1", "ldr_token", None, "00000000-0000-4000-8000-000000000001")
    report = push_outbox(db, target, transport=httpx.MockTransport(server), **kwargs)
    report.waits = waits
    return report


def _many_workers(db, today, count):
    for number in range(count):
        add_worker(db, today, staff_number=f"W{number:04d}")


def test_batches_hold_at_most_the_change_cap_in_outbox_order(db, today):
    workers = MAX_CHANGES_PER_BATCH // 3 + 4
    _many_workers(db, today, workers)  # three changes each: worker, role, compliance item
    total = 3 * workers
    server = FakeServer()
    report = _push(db, server)
    sizes = [len(request["body"]["changes"]) for request in server.requests]
    assert sizes == [MAX_CHANGES_PER_BATCH, total - MAX_CHANGES_PER_BATCH] and report.applied == total
    assert len({request["key"] for request in server.requests}) == 2
    seen = [change["change_id"] for request in server.requests for change in request["body"]["changes"]]
    assert len(seen) == len(set(seen)) == total


def test_a_batch_stays_within_the_target_size(db, today):
    for number in range(TARGET_BATCH_BYTES // 60_000 + 5):
        add_worker(db, today, staff_number=f"W{number}", notes_en="x" * 60_000)
    server = FakeServer()
    _push(db, server)
    assert all(request["size"] <= TARGET_BATCH_BYTES for request in server.requests)
    assert len(server.requests) > 1


def test_401_stops_at_once_and_nothing_is_retried(db, today):
    add_worker(db, today)
    server = FakeServer([401])
    report = _push(db, server)
    assert report.state is PushState.STOPPED and report.stop is Stop.TOKEN_REFUSED
    assert len(server.requests) == 1 and report.waits == []
    assert report.backlog == 3


def test_a_rejected_change_is_never_sent_again(db, today):
    add_worker(db, today)
    server = FakeServer(["rejected"])
    assert _push(db, server).rejected == 3
    assert _push(db, server).pushed == 0
    assert len(server.requests) == 1


def test_5xx_429_and_network_errors_are_retried_under_the_same_key_with_growing_waits(db, today):
    add_worker(db, today)
    server = FakeServer(["connect", 503, 429, 502])
    report = _push(db, server, backoff=Backoff(base=1, cap=100, rng=random.Random(1)))
    assert report.state is PushState.UP_TO_DATE and report.applied == 3
    assert len({request["key"] for request in server.requests}) == 1
    assert [wait <= 2 ** n for n, wait in enumerate(report.waits)] == [True] * 4


def test_413_splits_the_batch_and_a_409_gives_the_changes_a_new_key(db, today):
    _many_workers(db, today, 4)  # 12 changes
    server = FakeServer([413, 409])
    report = _push(db, server)
    sizes = [len(request["body"]["changes"]) for request in server.requests]
    assert sizes[:3] == [12, 6, 6] and report.applied == 12
    assert server.requests[1]["key"] != server.requests[2]["key"]
    assert server.requests[1]["body"]["changes"] == server.requests[2]["body"]["changes"]


def test_backoff_is_full_jitter_under_a_growing_ceiling_and_never_below_retry_after():
    backoff = Backoff(base=2, cap=60, rng=random.Random(7))
    assert [backoff.ceiling(n) for n in (0, 1, 2, 3, 4, 5, 6, 100)] == [0, 2, 4, 8, 16, 32, 60, 60]
    draws = [backoff.delay(3) for _ in range(2000)]
    assert 0 <= min(draws) < 0.5 and 7.5 < max(draws) <= 8
    assert min(backoff.delay(1, retry_after=30) for _ in range(100)) == 30


def test_retry_after_in_seconds_or_as_a_date_measured_by_the_servers_clock():
    seconds = httpx.Response(503, headers={"Retry-After": "120"})
    assert retry_after_seconds(seconds) == 120
    dated = httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
                                         "Date": "Wed, 21 Oct 2026 07:28:00 GMT"})
    assert retry_after_seconds(dated) == 30  # whatever this machine's clock says
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "86400000"})) == 3600
    assert retry_after_seconds(httpx.Response(503)) is None


@pytest.mark.parametrize("url", ["https://regional.example.org", "https://regional.example.org:8443/",
                                 "http://127.0.0.1:8443", "http://localhost:9000", "http://[::1]:8443"])
def test_https_anywhere_and_plain_http_only_to_loopback(url):
    assert normalise_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://regional.example.org", "http://10.0.0.5", "ftp://x.org", "regional.example.org",
                                 "https://user:secret@regional.example.org"])
def test_anything_else_is_refused(url):
    with pytest.raises(AddressRefused):
        normalise_server_url(url)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_file_store_keeps_the_token_readable_by_its_owner_alone(tmp_path):
    store = TokenStore(tmp_path / "tokens", keyring_backend=None)
    assert store.set("acct", "ldr_secret\n") == "file"
    (path,) = (tmp_path / "tokens").iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "tokens").stat().st_mode) == 0o700
    assert store.get("acct") == "ldr_secret"
    assert "acct" not in path.name  # the file name gives nothing away
    os.chmod(path, 0o644)
    with pytest.raises(TokenStoreError):
        store.get("acct")
    store.delete("acct")
    assert store.get("acct") is None


def test_a_keyring_backend_is_used_when_there_is_one_and_the_file_is_left_empty(tmp_path):
    class Memory:
        priority = 5

        def __init__(self):
            self.kept = {}

        def set_password(self, service, account, token):
            self.kept[(service, account)] = token

        def get_password(self, service, account):
            return self.kept.get((service, account))

        def delete_password(self, service, account):
            self.kept.pop((service, account), None)

    backend = Memory()
    store = TokenStore(tmp_path / "tokens", keyring_backend=backend)
    assert store.set("acct", "ldr_secret") == "keyring" and store.where == "keyring"
    assert store.get("acct") == "ldr_secret"
    assert not (tmp_path / "tokens").exists() or not list((tmp_path / "tokens").iterdir())


def test_the_token_never_reaches_the_database(db, today, tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALITYDESK_TOKEN_STORE", "file")
    set_server(db, "https://regional.example.org")
    set_token(db, "ldr_very_secret_token", TokenStore(tmp_path / "tokens"))
    add_worker(db, today)
    db.close()
    assert b"ldr_very_secret_token" not in db.path.read_bytes()
    wal = db.path.with_name(db.path.name + "-wal")
    assert not wal.exists() or b"ldr_very_secret_token" not in wal.read_bytes()


def test_the_status_line_says_what_state_sync_is_in(db, today, tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALITYDESK_TOKEN_STORE", "file")
    store = TokenStore(tmp_path / "tokens")
    assert status_line(sync_status(db, store)) == "Sync: not set up"
    set_server(db, "https://regional.example.org")
    set_token(db, "ldr_token", store)
    assert status_line(sync_status(db, store)) == "Sync: up to date"
    add_worker(db, today)
    assert status_line(sync_status(db, store)) == "Sync: 3 changes waiting"
    assert status_line(sync_status(db, store), offline=True) == "Sync: offline, will retry"
    _push(db, FakeServer([401]))
    assert status_line(sync_status(db, store)) == "Sync: stopped: token refused"


def test_an_unreachable_server_leaves_the_app_working_the_same(db, today):
    add_worker(db, today)
    report = _push(db, FakeServer(["connect"] * 5), max_attempts=5)
    assert report.state is PushState.OFFLINE and report.backlog == 3
    add_worker(db, today, staff_number="W0002")  # saving still works, and joins the queue
    assert _push(db, FakeServer()).applied == 6



def test_the_body_built_from_stored_text_is_the_protocol_batch_of_those_changes(db, today):
    from sqlalchemy import select

    from localitydesk.services.sync import DatabaseOutbox
    from localitydesk.store.models import OutboxChange
    from localitydesk.sync.protocol import Batch, changes_from_rows

    add_worker(db, today, notes_cy="Siarad Cymraeg — ŵ ŷ \"dyfynnod\"")
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    batch = outbox.next_batch(200)
    with db.session() as session:
        rows = session.scalars(select(OutboxChange).order_by(OutboxChange.seq)).all()
    expected = Batch(origin="00000000-0000-4000-8000-000000000001", changes=tuple(changes_from_rows(rows))).to_wire()
    assert json.loads(batch.body) == expected
    assert outbox.next_batch(200).body == batch.body  # unanswered: the very same bytes again


def test_an_insert_names_no_changed_fields_on_the_wire_but_its_row_keeps_them(db, today):
    from sqlalchemy import select

    from localitydesk.services.sync import DatabaseOutbox
    from localitydesk.services.unit_of_work import unit_of_work
    from localitydesk.store.models import OutboxChange, Worker

    worker_id = add_worker(db, today, staff_number="W0001")
    with unit_of_work(db, action="edit") as session:
        session.get(Worker, worker_id).phone = "07700 900123"
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    sent = {change["operation"]: change for change in json.loads(outbox.next_batch(200).body)["changes"]}
    with db.session() as session:
        kept = {row.operation: row for row in session.scalars(select(OutboxChange).where(OutboxChange.entity == "worker"))}

    assert sent["insert"]["changed_fields"] == []
    assert {"first_name", "phone", "staff_number"} <= set(kept["insert"].changed_fields)  # for settling conflicts here
    assert sent["update"]["changed_fields"] == kept["update"].changed_fields and "phone" in sent["update"]["changed_fields"]


def test_a_row_whose_ids_are_stored_in_another_spelling_still_goes_in_the_protocols_spelling(db, today):
    from sqlalchemy import select

    from localitydesk.services.sync import DatabaseOutbox
    from localitydesk.store.models import OutboxChange
    from localitydesk.sync.protocol import Batch, changes_from_rows

    add_worker(db, today, staff_number="W0001")
    add_worker(db, today, staff_number="W0002")
    with sqlite3.connect(db.path) as connection:
        first, second = [row[0] for row in connection.execute("SELECT seq FROM outbox_change ORDER BY seq LIMIT 2")]
        connection.execute("UPDATE outbox_change SET change_id = upper(change_id) WHERE seq = ?", (first,))
        connection.execute(
            "UPDATE outbox_change SET entity_id = substr(entity_id, 1, 8) || '-' || substr(entity_id, 9, 4) || '-'"
            " || substr(entity_id, 13, 4) || '-' || substr(entity_id, 17, 4) || '-' || substr(entity_id, 21),"
            " rebased = 1 WHERE seq = ?", (second,))
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    batch = outbox.next_batch(200)
    with db.session() as session:
        rows = session.scalars(select(OutboxChange).order_by(OutboxChange.seq)).all()
    expected = Batch(origin="00000000-0000-4000-8000-000000000001", changes=tuple(changes_from_rows(rows))).to_wire()
    expected["changes"][1]["rebased"] = True
    assert json.loads(batch.body) == expected
    assert batch.change_ids == tuple(change["change_id"] for change in expected["changes"])
    assert all(change_id == change_id.lower() and len(change_id) == 36 for change_id in batch.change_ids)


def test_each_change_keeps_its_own_answer_however_a_batch_is_answered(db, today):
    from sqlalchemy import select

    from localitydesk.services.sync import DatabaseOutbox
    from localitydesk.store.models import OutboxChange
    from localitydesk.sync.protocol import ChangeResult, Outcome, PushResult

    for number in range(5):
        add_worker(db, today, staff_number=f"W{number:04d}")
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    batch = outbox.next_batch(200)
    ids = batch.change_ids
    answers = [
        ChangeResult(ids[0], Outcome.APPLIED, 1),
        ChangeResult(ids[1], Outcome.APPLIED, 2),
        ChangeResult(ids[2], Outcome.CONFLICT, 3, {"reason": "fields", "fields": ["phone"]}),
        ChangeResult(ids[3], Outcome.REJECTED, None, {"reason": "invalid_payload", "fields": {"phone": "too long"}}),
        ChangeResult(ids[4], Outcome.APPLIED, 1),
        *(ChangeResult(change_id, Outcome.DUPLICATE, 1, {"original_outcome": "applied"}) for change_id in ids[5:]),
    ]
    outbox.record_answer(batch, PushResult(tuple(answers)))

    with db.session() as session:
        rows = session.scalars(select(OutboxChange).order_by(OutboxChange.seq)).all()
    kept = [(row.state, row.result["outcome"], row.result["server_version"], row.result["detail"]) for row in rows]
    assert kept == [(str(a.outcome), str(a.outcome), a.server_version, dict(a.detail)) for a in answers]
    assert len({row.result["answered_at"] for row in rows}) == 1
    assert outbox.next_batch(200) is None


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _loop(reports, probes, clock):
    from localitydesk.sync.scheduler import SyncLoop

    loop = SyncLoop(lambda wait: reports.pop(0), lambda: probes.pop(0), interval=300, probe_interval=30,
                    backoff=Backoff(base=60, cap=600, rng=random.Random(3)), clock=clock)
    waited = []

    def wait(seconds):
        waited.append(seconds)
        clock.now += seconds
        return False

    loop.wait = wait
    return loop, waited


def test_the_loop_backs_off_while_offline_and_goes_again_as_soon_as_a_probe_finds_the_server():
    from localitydesk.sync.pusher import PushReport

    clock = FakeClock()
    offline = PushReport(state=PushState.OFFLINE, retry_after=200)
    loop, waited = _loop([offline, offline], [False, False, True], clock)
    report, delay = loop.step()
    assert delay >= 200  # never sooner than the server asked
    loop.pause(report, delay)
    assert waited == [30, 30, 30]  # probed every 30 s; the third probe found it
    report, second = loop.step()
    assert loop.failures == 2 and 200 <= second <= 120 + 200  # the ceiling doubled, Retry-After still the floor


def test_the_loop_waits_its_interval_when_up_to_date_or_not_set_up():
    from localitydesk.sync.pusher import PushReport

    clock = FakeClock()
    loop, waited = _loop([PushReport(), None], [], clock)
    for _ in range(2):
        report, delay = loop.step()
        loop.pause(report, delay)
    assert waited == [300, 300] and loop.failures == 0


def test_a_conflict_that_says_nothing_of_the_servers_record_cannot_be_kept_and_withdraws_nothing(db, today):
    from localitydesk.services.errors import ServiceError
    from localitydesk.services.sync.conflicts import keep_server_version, list_conflicts
    from localitydesk.store.models import Worker
    from tests.factories import ADMIN

    worker_id = add_worker(db, today)

    def taken(request):  # an id another locality holds: the server says no more than that
        body = json.loads(request.content)
        return httpx.Response(200, json={"results": [
            {"change_id": c["change_id"], "outcome": "conflict", "server_version": None, "detail": {"reason": "exists"}}
            for c in body["changes"]], "counts": {}})

    assert _push(db, taken).conflicts == 3
    conflict = next(c for c in list_conflicts(db) if c.entity_id == worker_id)
    with pytest.raises(ServiceError):
        keep_server_version(db, ADMIN, conflict.seq)
    with db.session() as session:
        assert session.get(Worker, worker_id).deleted_at is None


def test_batches_left_unanswered_by_a_crash_go_again_oldest_first_under_their_own_keys(db, today):
    from localitydesk.services.sync import DatabaseOutbox

    _many_workers(db, today, 70)  # 210 changes
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    # What a pusher killed mid-flight leaves: one batch sent, the next already claimed behind it.
    first = outbox.next_batch(200)
    second = outbox.next_batch(200, first)
    assert second.key != first.key and second.first_seq > first.first_seq
    server = FakeServer()
    report = _push(db, server)
    assert [request["key"] for request in server.requests] == [first.key, second.key]
    assert [request["body"] for request in server.requests] == [json.loads(first.body), json.loads(second.body)]
    assert report.applied == 210 and report.backlog == 0


def test_giving_a_batch_back_gives_back_those_claimed_behind_it_so_order_holds(db, today):
    from localitydesk.services.sync import DatabaseOutbox

    _many_workers(db, today, 70)
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    first = outbox.next_batch(100)
    outbox.next_batch(100, first)
    outbox.release(first, "refused")
    server = FakeServer()
    _push(db, server)
    seen = [change["change_id"] for request in server.requests for change in request["body"]["changes"]]
    assert seen[: len(first.change_ids)] == list(first.change_ids)
    assert len(seen) == len(set(seen)) == 210


def test_a_batch_left_sent_by_the_older_outbox_goes_again_under_its_key_after_the_upgrade(db, today):
    from alembic import command

    from localitydesk.services.sync import DatabaseOutbox
    from localitydesk.store.database import alembic_config, open_database

    _many_workers(db, today, 2)  # 6 changes
    outbox = DatabaseOutbox(db, "00000000-0000-4000-8000-000000000001")
    left = outbox.next_batch(4)  # claimed, committed, sent; the answer never recorded
    path = db.path
    db.close()
    # Back to schema 0004, whose outbox marked a batch's rows 'sent' under its key.
    command.downgrade(alembic_config(f"sqlite:///{path}"), "0004")
    with sqlite3.connect(path) as connection:
        states = connection.execute("SELECT state, batch_key FROM outbox_change ORDER BY seq").fetchall()
    assert states == [("sent", left.key)] * 4 + [("pending", None)] * 2

    upgraded = open_database(path)  # migrates to the head
    try:
        assert sync_status(upgraded).in_flight == 4 and sync_status(upgraded).waiting == 6
        server = FakeServer()
        report = _push(upgraded, server)
        assert server.requests[0]["key"] == left.key
        assert server.requests[0]["body"] == json.loads(left.body)
        assert report.applied == 6 and report.backlog == 0 and sync_status(upgraded).in_flight == 0
    finally:
        upgraded.close()


def test_every_field_that_travels_has_a_name_people_read_in_both_languages():
    from localitydesk.i18n import set_language
    from localitydesk.regional.entities import synced_entities
    from localitydesk.services.sync.field_labels import FIELD_LABELS, field_label

    synced = {name for rules in synced_entities().values() for name in rules.fields}
    assert synced <= set(FIELD_LABELS), sorted(synced - set(FIELD_LABELS))
    try:
        set_language("cy")
        assert field_label("welsh_speaking") == "Cymraeg: gwrando a siarad"
        assert field_label("phone") == "Ffôn"
        set_language("en")
        assert field_label("welsh_speaking") == "Welsh: listening and speaking"
        assert field_label("a_column_added_later") == "a_column_added_later"
    finally:
        set_language("en")


def test_what_the_server_says_is_wrong_reaches_people_in_their_language():
    from localitydesk.i18n import set_language
    from localitydesk.regional.entities import synced_entities
    from localitydesk.services.sync.problem_wording import WORDING, problem_text
    from localitydesk.store.models import Worker
    from localitydesk.sync.protocol import Problem

    phrases = {value for name, value in vars(Problem).items() if name.isupper()}
    assert phrases - {Problem.TOO_LONG} <= set(WORDING)  # every fixed phrase has its wording
    # What the server's checks really answer for bad values of every kind, taken from a worker.
    worker = synced_entities()["worker"]
    said = worker.problems({
        "first_name": "x" * 500, "last_name": 7, "notes_en": "a\x00b", "welsh_speaking": "four", "drives": 1,
        "start_date": "31/03/2025", "created_at": "2025-03-31T10:00:00", "main_role": "astronaut",
        "locality_id": "not-a-uuid", "staff_number": None, "favourite_colour": "green",
    })
    assert len(said) == 11
    try:
        set_language("cy")
        welsh = {field: problem_text(problem) for field, problem in said.items()}
        assert all(welsh[field] != said[field] for field in said), welsh  # none left in English
        limit = Worker.__table__.c.first_name.type.length
        assert (said["first_name"], welsh["first_name"]) == (f"longer than {limit} characters", f"yn hwy na {limit} nod")
        assert welsh["favourite_colour"] == "nid oes gan y gweinydd faes o'r fath"
        assert problem_text("something a newer server says") == "something a newer server says"
    finally:
        set_language("en")
