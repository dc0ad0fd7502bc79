"""The server as a real process: killed mid-transaction, served over TLS, driven by its CLI."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import sys
import threading
import time

import httpx
import pytest
from sqlalchemy import text

from localitydesk.regional.cli import main as regional_cli
from localitydesk.regional.db import head_revision
from localitydesk.regional.tokens import create_token
from localitydesk.sync.protocol import MAX_CHANGES_PER_BATCH, REPLAYED_HEADER, canonical_json, new_idempotency_key

from .helpers import Desktop, outcomes
from .serving import ServerProcess


def _counts(engine):
    with engine.connect() as connection:
        return tuple(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                     for table in ("record", "change_log", "push_batch"))


def _blocked_backend(engine, holder_pid, deadline):
    """The server's backend, waiting on the holder's transaction after writing its records."""
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND :holder = ANY(pg_blocking_pids(pid))"), {"holder": holder_pid}).first()
        if row:
            return row.pid
        time.sleep(0.05)
    raise AssertionError("the server never reached the end of its transaction")


def _gone(engine, pid, deadline):
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if not connection.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                return
        time.sleep(0.05)
    raise AssertionError("the killed server's transaction is still open")


def test_server_killed_mid_transaction_leaves_nothing_and_the_retry_applies(database_url, engine):
    token = create_token(engine, "CONWY")
    desk = Desktop(token)
    for _ in range(MAX_CHANGES_PER_BATCH):
        desk.insert_worker()
    body, key = canonical_json(desk.batch()), new_idempotency_key()
    headers = {"Authorization": f"Bearer {token.token}", "Idempotency-Key": key, "Content-Type": "application/json"}
    server = ServerProcess(database_url).start()
    try:
        # Hold the batch's idempotency key in a transaction of our own, so the
        # server stops at its last write (the answer), with all 200 records
        # and their log already written inside its open transaction.
        with engine.connect() as holder:
            holder.execute(
                text("INSERT INTO push_batch (locality_id, idempotency_key, fingerprint, status_code, response, "
                     "received_at) VALUES (:locality, :key, 'held', 200, '{}', now())"),
                {"locality": token.locality_id, "key": key},
            )
            sent = threading.Thread(target=lambda: _post_ignoring_errors(server.base_url, body, headers), daemon=True)
            sent.start()
            holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
            pid = _blocked_backend(engine, holder_pid, time.monotonic() + 30)
            server.kill()
            holder.rollback()
        _gone(engine, pid, time.monotonic() + 30)
        sent.join(10)
        assert _counts(engine) == (0, 0, 0)

        server = ServerProcess(database_url).start()
        retried = httpx.post(server.base_url + "/v1/sync/push", content=body, headers=headers, timeout=60)
        assert retried.status_code == 200
        assert REPLAYED_HEADER not in retried.headers
        assert outcomes(retried.json()) == ["applied"] * MAX_CHANGES_PER_BATCH
        assert _counts(engine) == (MAX_CHANGES_PER_BATCH, MAX_CHANGES_PER_BATCH, 1)
    finally:
        server.stop()


def _post_ignoring_errors(base_url, body, headers):
    try:
        httpx.post(base_url + "/v1/sync/push", content=body, headers=headers, timeout=60)
    except httpx.HTTPError:
        pass  # the server was killed under it: that is the point


@pytest.fixture
def certificate(tmp_path):
    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed to make a test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def test_serves_tls_with_the_given_certificate(database_url, certificate):
    cert, key = certificate
    trusted = ssl.create_default_context(cafile=str(cert))
    server = ServerProcess(database_url, certfile=cert, keyfile=key).start(verify=trusted)
    try:
        assert httpx.get(server.base_url + "/v1/health", verify=trusted).json() == {"status": "ok"}
        with pytest.raises(httpx.ConnectError):  # an unknown authority is not trusted
            httpx.get(server.base_url + "/v1/health")
        with pytest.raises(httpx.HTTPError):  # and plain HTTP is not spoken
            httpx.get(server.base_url.replace("https", "http") + "/v1/health")
    finally:
        server.stop()


def test_serve_on_a_port_already_taken_fails_and_says_so(database_url):
    running = ServerProcess(database_url).start()
    try:
        second = subprocess.run(
            [sys.executable, "-m", "localitydesk.regional", "--database-url", database_url,
             "serve", "--host", "127.0.0.1", "--port", str(running.port)],
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode != 0
        assert "address already in use" in second.stderr.lower()
        assert httpx.get(running.base_url + "/v1/health").json() == {"status": "ok"}
    finally:
        running.stop()


def test_serving_freezes_the_startup_heap_out_of_garbage_collection():
    probe = (
        "import gc, sys\n"
        "import localitydesk.regional.app  # what serve has imported by then\n"
        "from localitydesk.regional.runtime import GC_THRESHOLDS, SWITCH_INTERVAL_SECONDS, prepare_for_serving\n"
        "before = gc.get_freeze_count()\n"
        "prepare_for_serving()\n"
        "print(before, gc.get_freeze_count() > 10_000, gc.get_threshold() == GC_THRESHOLDS,"
        " sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["0", "True", "True", "True"]


def test_cli_migrate_tokens_and_stats(database_url, capsys):
    assert regional_cli(["--database-url", database_url, "migrate"]) == 0
    assert head_revision() in capsys.readouterr().out

    assert regional_cli(["--database-url", database_url, "token", "create", "--locality", "gwynedd", "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert issued["locality"] == "GWYNEDD"
    assert issued["token"].startswith("ldr_")

    assert regional_cli(["--database-url", database_url, "token", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(row["code"], row["revoked_at"]) for row in listed] == [("GWYNEDD", None)]
    assert issued["token"] not in json.dumps(listed)

    assert regional_cli(["--database-url", database_url, "token", "revoke", issued["token_id"]]) == 0
    assert regional_cli(["--database-url", database_url, "token", "revoke", issued["token_id"]]) == 1
    capsys.readouterr()
    assert regional_cli(["--database-url", database_url, "token", "create", "--locality", "not a code!"]) == 1


def test_cli_stats_counts_per_locality_and_entity(server, capsys):
    conwy = Desktop(server.conwy)
    kept, gone = conwy.insert_worker(), conwy.insert_worker()
    server.push(conwy)
    conwy.delete(gone)
    conwy.update(kept, phone="1")
    conwy.update(kept, phone="2")
    server.push(conwy)
    url = server.engine.url.render_as_string(hide_password=False)

    assert regional_cli(["--database-url", url, "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["localities"]

    assert figures["CONWY"] == {"active_tokens": 1, "changes": {"applied": 5}, "records": {"worker": {"live": 1, "deleted": 1}}}
    assert figures["DENBIGHSHIRE"] == {"active_tokens": 1, "changes": {}, "records": {}}
    assert regional_cli(["--database-url", url, "stats"]) == 0
    assert "worker" in capsys.readouterr().out


def test_an_unreachable_database_is_a_503_to_retry(pg_admin_url):
    from localitydesk.regional.app import create_app

    from .helpers import SyncASGIClient
    from .serving import free_port

    dead = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    with SyncASGIClient(create_app(dead)) as http:
        health = http.get("/v1/health")
        push = http.post("/v1/sync/push", content=b"{}", headers={
            "Authorization": "Bearer ldr_x", "Idempotency-Key": new_idempotency_key(), "Content-Type": "application/json"})
    assert (health.status_code, health.json()) == (503, {"status": "unavailable"})
    assert (push.status_code, push.headers["Retry-After"]) == (503, "5")
