"""A desktop database pushing its outbox to the regional server over real HTTP:
crash safety, backoff, resuming, stops that wait for the user, TLS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from localitydesk.regional.tokens import revoke_token
from localitydesk.services.sync import set_server, set_token, sync_status
from localitydesk.services.sync.background import attempt_push, probe_server
from localitydesk.store.models import SyncBatch
from localitydesk.sync.backoff import Backoff
from localitydesk.sync.protocol import MAX_CHANGES_PER_BATCH
from localitydesk.sync.pusher import PushState, Stop
from localitydesk.sync.scheduler import SyncLoop
from localitydesk.sync.token_store import TokenStore
from tests.factories import seed_locality

from .desktops import (
    FaultyTransport,
    LostAnswer,
    NoWait,
    add_worker,
    edit_worker,
    outbox,
    push,
    seed_desktop,
    server_log,
    server_records,
    token_for,
)
from .serving import ServerProcess

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def regional(database_url):
    server = ServerProcess(database_url).start()
    yield server
    server.stop()


@pytest.fixture
def desk(tmp_path):
    db = seed_desktop(tmp_path / "conwy.sqlite3", "CONWY")
    yield db
    db.close()


def _arrived_once(db, engine) -> None:
    rows = outbox(db)
    log = server_log(engine)
    assert {str(row.change_id) for row in rows} <= set(log)
    assert all(row.state == log[str(row.change_id)]["outcome"] for row in rows)


def test_the_outbox_arrives_in_order_once_and_the_desktop_records_every_answer(regional, engine, desk):
    token = token_for(engine, desk)
    workers = [add_worker(desk, number) for number in range(5)]
    edit_worker(desk, workers[0], phone="01492 111111")

    report = push(desk, regional.base_url, token)

    rows = outbox(desk)
    assert report.as_dict() == {"pushed": 6, "applied": 6, "duplicates": 0, "conflicts": 0, "rejected": 0, "backlog": 0}
    assert [row.state for row in rows] == ["applied"] * 6
    records = server_records(engine)
    assert records[str(workers[0])]["version"] == 2
    assert records[str(workers[0])]["data"]["phone"] == "01492 111111"
    with engine.connect() as connection:
        from sqlalchemy import text

        order = [str(row[0]) for row in connection.execute(text("SELECT change_id FROM change_log ORDER BY seq"))]
    assert order == [str(row.change_id) for row in rows]  # the server took them in outbox order
    assert push(desk, regional.base_url, token).pushed == 0  # nothing is sent twice


def test_a_big_backlog_goes_in_bounded_batches(regional, engine, desk):
    token = token_for(engine, desk)
    total = 2 * MAX_CHANGES_PER_BATCH + 50
    for number in range(total):
        add_worker(desk, number)
    transport = FaultyTransport()
    report = push(desk, regional.base_url, token, transport=transport)
    assert report.applied == total and report.batches >= 3
    with desk.session() as session:
        batches = [(batch.first_seq, batch.last_seq) for batch in session.scalars(select(SyncBatch).order_by(SyncBatch.first_seq))]
    sizes = [last - first + 1 for first, last in batches]
    assert all(size <= MAX_CHANGES_PER_BATCH for size in sizes) and sum(sizes) == total
    assert all(earlier[1] + 1 == later[0] for earlier, later in zip(batches, batches[1:]))  # contiguous, in order
    assert len(set(transport.keys)) == len(batches)


KILLED_PUSH = textwrap.dedent(
    """
    import os, signal, sys
    from localitydesk.store.database import open_database
    from localitydesk.services.sync import push_outbox, PushTarget, load_settings
    from localitydesk.services.sync.push import make_client

    db = open_database(sys.argv[1])
    target = PushTarget(sys.argv[2], sys.argv[3], None, str(load_settings(db).origin))
    client = make_client(target)
    real_push = client.push

    def push_then_die(body, key, change_ids):
        real_push(body, key, change_ids)  # the server has applied it and answered...
        os.kill(os.getpid(), signal.SIGKILL)  # ...and the desktop dies before recording the answer

    client.push = push_then_die
    push_outbox(db, target, client=client)
    """
)


def test_desktop_killed_after_sending_and_before_recording_sends_the_same_batch_again_and_all_arrives_once(
    regional, engine, desk, tmp_path
):
    token = token_for(engine, desk)
    for number in range(3):
        add_worker(desk, number)
    script = tmp_path / "killed_push.py"
    script.write_text(KILLED_PUSH)
    child = subprocess.run([sys.executable, str(script), str(desk.path), regional.base_url, token],
                           env=dict(os.environ), capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()

    rows = outbox(desk)
    assert {row.state for row in rows} == {"pending"}  # the answer was never recorded...
    with desk.session() as session:
        (batch,) = session.scalars(select(SyncBatch)).all()  # ...but the batch was, before it left
    assert batch.answered_at is None and (batch.first_seq, batch.last_seq) == (rows[0].seq, rows[-1].seq)
    assert sync_status(desk).in_flight == 3
    key = batch.idempotency_key
    assert len(server_log(engine)) == 3  # the server did apply it

    transport = FaultyTransport()
    report = push(desk, regional.base_url, token, transport=transport)

    assert transport.keys == [key]  # the same batch under the same key
    assert report.applied == 3 and report.duplicates == 0  # the server replayed its answer
    assert [row.state for row in outbox(desk)] == ["applied"] * 3
    assert sync_status(desk).in_flight == 0
    assert len(server_log(engine)) == 3
    assert all(record["version"] == 1 for record in server_records(engine).values())
    _arrived_once(desk, engine)


def test_an_answer_lost_in_a_timeout_or_a_crash_is_asked_for_again_under_the_same_key(regional, engine, desk):
    token = token_for(engine, desk)
    for number in range(4):
        add_worker(desk, number)
    transport = FaultyTransport(faults=["timeout"])
    wait = NoWait()
    report = push(desk, regional.base_url, token, transport=transport, wait=wait)
    assert report.applied == 4 and len(transport.keys) == 2 and transport.keys[0] == transport.keys[1]
    assert len(wait.waits) == 1

    add_worker(desk, 99)
    crashing = FaultyTransport(faults=["die"])
    with pytest.raises(LostAnswer):
        push(desk, regional.base_url, token, transport=crashing)
    again = FaultyTransport()
    assert push(desk, regional.base_url, token, transport=again).applied == 1
    assert again.keys == crashing.keys
    _arrived_once(desk, engine)
    assert len(server_log(engine)) == 5


def test_503_and_429_back_off_at_least_as_long_as_asked_and_the_push_goes_on(regional, engine, desk):
    token = token_for(engine, desk)
    add_worker(desk, 1)
    transport = FaultyTransport(faults=["503:7", "429:3", "refuse"])
    wait = NoWait()
    report = push(desk, regional.base_url, token, transport=transport, wait=wait,
                  backoff=Backoff(base=0.5, cap=60.0))
    assert report.state is PushState.UP_TO_DATE and report.applied == 1
    assert len(wait.waits) == 3
    assert wait.waits[0] >= 7 and wait.waits[1] >= 3
    assert wait.waits[2] <= 0.5 * 4  # the third failure: jitter within base · 2²
    assert len(set(transport.keys)) == 1


def test_giving_up_for_now_keeps_everything_for_later(regional, engine, desk):
    token = token_for(engine, desk)
    add_worker(desk, 1)
    report = push(desk, regional.base_url, token, transport=FaultyTransport(faults=["refuse"] * 3), max_attempts=3)
    assert report.state is PushState.OFFLINE and report.backlog == 1
    assert server_log(engine) == {}
    assert push(desk, regional.base_url, token).applied == 1


def test_the_server_down_then_back_the_push_resumes_with_no_new_local_change(database_url, engine, desk, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setenv("LOCALITYDESK_TOKEN_STORE", "file")
    store = TokenStore(tmp_path / "tokens")
    server = ServerProcess(database_url)
    set_server(desk, server.base_url)
    set_token(desk, token_for(engine, desk), store)
    add_worker(desk, 1)  # saved while the server is down: the app works the same

    reports = []
    probes = []

    def probe() -> bool:
        healthy = probe_server(desk, store=store)
        probes.append(healthy)
        if len(probes) == 2:
            server.start()  # the connection comes back between two probes
        return healthy

    loop = SyncLoop(lambda wait: attempt_push(desk, lambda seconds: False, store=store), probe,
                    interval=3600, probe_interval=0.01, backoff=Backoff(base=60, cap=60), on_report=reports.append)
    try:
        report, delay = loop.step()
        assert report.state is PushState.OFFLINE and report.backlog == 1
        loop.pause(report, delay)  # returns as soon as a probe finds the server: not after the 60 s backoff
        assert probes[-1] is True and len(probes) == 3
        report, _delay = loop.step()
    finally:
        server.stop()
    assert report.state is PushState.UP_TO_DATE and report.applied == 1
    assert sync_status(desk, store).waiting == 0


def test_a_revoked_token_stops_pushing_until_a_new_one_is_set(regional, engine, desk, tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALITYDESK_TOKEN_STORE", "file")
    store = TokenStore(tmp_path / "tokens")
    token = token_for(engine, desk)
    set_server(desk, regional.base_url)
    set_token(desk, token, store)
    add_worker(desk, 1)
    revoke_token(engine, token)

    transport = FaultyTransport()
    report = attempt_push(desk, lambda seconds: False, store=store, transport=transport)
    assert report.state is PushState.STOPPED and report.stop is Stop.TOKEN_REFUSED
    assert sync_status(desk, store).stopped == "token_refused"
    assert attempt_push(desk, lambda seconds: False, store=store, transport=transport) is None  # no hammering
    assert len(transport.keys) == 1

    set_token(desk, token_for(engine, desk), store)
    report = attempt_push(desk, lambda seconds: False, store=store)
    assert report.state is PushState.UP_TO_DATE and report.applied == 1


def test_a_desktop_whose_locality_id_is_not_the_tokens_is_stopped_and_told(regional, engine, tmp_path):
    from localitydesk.regional.tokens import create_token

    db = open_seeded(tmp_path)
    add_worker(db, 1)
    wrong = create_token(engine, "ELSEWHERE").token  # a token for another locality's id
    report = push(db, regional.base_url, wrong)
    assert report.state is PushState.STOPPED and report.stop is Stop.LOCALITY_REFUSED
    assert server_log(engine) == {}
    # A token issued for the desktop's own locality id (token create --locality-id) works.
    assert push(db, regional.base_url, token_for(engine, db)).applied == 1
    db.close()


def open_seeded(tmp_path):
    from localitydesk.store.database import open_database

    db = open_database(tmp_path / "seeded.sqlite3")
    seed_locality(db, code="CO")  # the factories' locality has a random id, not one from its code
    return db


@pytest.fixture
def certificate(tmp_path):
    import shutil

    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed to make a test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def test_tls_verifies_against_the_given_ca_file_and_stops_on_an_unknown_authority(database_url, engine, desk,
                                                                                 certificate):
    import ssl

    from localitydesk.services.sync import push_outbox
    from localitydesk.services.sync.push import PushTarget

    cert, key = certificate
    server = ServerProcess(database_url, certfile=cert, keyfile=key).start(verify=ssl.create_default_context(cafile=str(cert)))
    try:
        token = token_for(engine, desk)
        add_worker(desk, 1)
        origin = str(sync_origin(desk))
        unknown = push_outbox(desk, PushTarget(server.base_url, token, None, origin), wait=NoWait())
        assert unknown.state is PushState.STOPPED and unknown.stop is Stop.CERTIFICATE
        trusted = push_outbox(desk, PushTarget(server.base_url, token, str(cert), origin), wait=NoWait())
        assert trusted.state is PushState.UP_TO_DATE and trusted.applied == 1
    finally:
        server.stop()


def sync_origin(db):
    from localitydesk.services.sync import load_settings

    return load_settings(db).origin


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(desk):
    from localitydesk.services.errors import ValidationError

    with pytest.raises(ValidationError):
        set_server(desk, "http://regional.example.org")
    set_server(desk, "https://regional.example.org")
    set_server(desk, "http://127.0.0.1:8443")
    with pytest.raises(ValidationError):
        set_server(desk, "ftp://regional.example.org")


def test_the_cli_pushes_and_reports_as_json(regional, engine, desk, tmp_path, capsys, monkeypatch):
    import json as jsonlib

    from localitydesk.cli import main

    monkeypatch.setenv("LOCALITYDESK_TOKEN_STORE", "file")
    token_file = tmp_path / "token"
    token_file.write_text(token_for(engine, desk) + "\n")
    token_file.chmod(0o600)
    for number in range(3):
        add_worker(desk, number)
    path = str(desk.path)
    assert main(["--db", path, "sync", "push", "--server", regional.base_url, "--token-file", str(token_file),
                 "--json"]) == 0
    pushed = jsonlib.loads(capsys.readouterr().out)
    assert pushed == {"pushed": 3, "applied": 3, "duplicates": 0, "conflicts": 0, "rejected": 0, "backlog": 0}

    assert main(["--db", path, "sync", "set-server", regional.base_url]) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(token_file.read_text()))
    assert main(["--db", path, "sync", "set-token"]) == 0
    add_worker(desk, 10)
    capsys.readouterr()
    assert main(["--db", path, "sync", "push", "--json"]) == 0  # the saved server and token
    assert jsonlib.loads(capsys.readouterr().out)["applied"] == 1
    assert main(["--db", path, "sync", "status", "--json"]) == 0
    status = jsonlib.loads(capsys.readouterr().out)
    assert status["configured"] is True and status["backlog"] == 0 and status["token"] == "file"
    assert status["server"] == regional.base_url and status["last_success_at"] is not None
    assert token_file.read_text().strip() not in jsonlib.dumps(status)
