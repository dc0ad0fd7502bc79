"""Two desktops of one locality editing the same records: the same conflicts
whatever the desktops' clocks say, settled both ways; and several desktops
pushing through random faults, every answered change on the server once."""

from __future__ import annotations

import random
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

import localitydesk.store.types as store_types
from localitydesk.services.errors import ServiceError
from localitydesk.services.sync.conflicts import keep_server_version, list_conflicts, resend_ours
from localitydesk.sync.pusher import PushState

from .desktops import (
    ACTOR,
    FaultyTransport,
    LostAnswer,
    add_worker,
    copy_desktop,
    edit_worker,
    outbox,
    push,
    seed_desktop,
    server_log,
    server_records,
    token_for,
    withdraw_worker,
    worker,
)
from .serving import ServerProcess

DAY = timedelta(days=1)


@pytest.fixture
def regional(database_url):
    server = ServerProcess(database_url).start()
    yield server
    server.stop()


@contextmanager
def desktop_clock(offset: timedelta):
    """The desktop's clock set ``offset`` away from the truth, for every instant it stamps."""
    real = store_types.datetime

    class Shifted(real):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) + offset

    store_types.datetime = Shifted
    try:
        yield
    finally:
        store_types.datetime = real


def _outcomes(db, since: int) -> list[tuple[str, str]]:
    return [(row.operation, row.state) for row in outbox(db) if row.seq > since]


def _last_seq(db) -> int:
    rows = outbox(db)
    return rows[-1].seq if rows else 0


def _scenario(regional, engine, tmp_path, shift_a: timedelta, shift_b: timedelta) -> dict:
    url = regional.base_url
    a = seed_desktop(tmp_path / "a.sqlite3", "CONWY")
    token_a = token_for(engine, a, "desk A")
    with desktop_clock(shift_a):
        w, x, y = (add_worker(a, number) for number in (1, 2, 3))
    push(a, url, token_a)
    b = copy_desktop(a, tmp_path / "b.sqlite3")
    token_b = token_for(engine, b, "desk B")
    names = {w: "w", x: "x", y: "y"}
    transcript: dict = {}

    # Round 1: same field (w), different fields (x), update against delete (y); A reaches the server first.
    seq_a, seq_b = _last_seq(a), _last_seq(b)
    with desktop_clock(shift_a):
        edit_worker(a, w, phone="A1")
        edit_worker(a, x, email="a@example.org")
        withdraw_worker(a, y)
    with desktop_clock(shift_b):
        edit_worker(b, w, phone="B1")
        edit_worker(b, x, home_town="llandudno")
        edit_worker(b, y, phone="B2")
    push(a, url, token_a)
    push(b, url, token_b)
    transcript["round 1, A"] = _outcomes(a, seq_a)
    transcript["round 1, B"] = _outcomes(b, seq_b)
    conflicts = list_conflicts(b)
    transcript["conflicts"] = [
        (names[c.entity_id], c.reason, c.server_deleted,
         [(d.field, d.ours, d.server, d.contested) for d in c.differences if d.field in ("phone", "email", "home_town")])
        for c in conflicts
    ]
    by_name = {names[c.entity_id]: c for c in conflicts}
    with pytest.raises(ServiceError):
        resend_ours(b, ACTOR, by_name["y"].seq)  # the server withdrew it: ours cannot go on top

    # Settled by keeping the server's version: B takes A's phone, and withdraws y.
    with desktop_clock(shift_b):
        keep_server_version(b, ACTOR, by_name["w"].seq)
        keep_server_version(b, ACTOR, by_name["y"].seq)
    transcript["B's w after keeping the server's"] = (worker(b, w).phone, worker(b, w).version)
    transcript["B's y withdrawn"] = worker(b, y).deleted_at is not None
    seq_b = _last_seq(b)
    with desktop_clock(shift_b):
        edit_worker(b, w, home_town="conwy-after")
    push(b, url, token_b)
    transcript["B's edit on the adopted version"] = [(row.operation, row.state, row.rebased) for row in outbox(b)
                                                      if row.seq > seq_b]

    # Round 2: same field again (x); settled by sending ours on top.
    seq_a, seq_b = _last_seq(a), _last_seq(b)
    with desktop_clock(shift_a):
        edit_worker(a, x, phone="A3")
    with desktop_clock(shift_b):
        edit_worker(b, x, phone="B3")
    push(a, url, token_a)
    push(b, url, token_b)
    (conflict,) = list_conflicts(b)
    with desktop_clock(shift_b):
        resend_ours(b, ACTOR, conflict.seq)
    push(b, url, token_b)
    transcript["round 2, B"] = [(row.operation, row.state, row.rebased) for row in outbox(b) if row.seq > seq_b]
    transcript["conflicts left"] = len(list_conflicts(b))

    records = server_records(engine)
    transcript["server"] = {
        names[worker_id]: (
            records[str(worker_id)]["version"],
            records[str(worker_id)]["deleted"],
            {k: records[str(worker_id)]["data"].get(k) for k in ("phone", "email", "home_town")},
        )
        for worker_id in (w, x, y)
    }
    a.close()
    b.close()
    return transcript


EXPECTED = {
    "round 1, A": [("update", "applied"), ("update", "applied"), ("delete", "applied")],
    "round 1, B": [("update", "conflict"), ("update", "applied"), ("update", "conflict")],
    "conflicts": [
        ("w", "fields", False, [("phone", "B1", "A1", True)]),
        ("y", "deleted", True, [("email", "", None, False), ("home_town", "conwy", None, False),
                                ("phone", "B2", None, False)]),
    ],
    "B's w after keeping the server's": ("A1", 2),
    "B's y withdrawn": True,
    "B's edit on the adopted version": [("update", "applied", True)],
    "round 2, B": [("update", "conflict", False), ("update", "applied", True)],
    "conflicts left": 0,
    "server": {
        "w": (3, False, {"phone": "A1", "email": "", "home_town": "conwy-after"}),
        "x": (5, False, {"phone": "B3", "email": "a@example.org", "home_town": "llandudno"}),
        "y": (2, True, {"phone": None, "email": None, "home_town": None}),
    },
}


@pytest.mark.parametrize(
    ("shift_a", "shift_b"),
    [(timedelta(0), timedelta(0)), (DAY, -DAY), (-DAY, DAY)],
    ids=["clocks right", "A a day fast, B a day slow", "A a day slow, B a day fast"],
)
def test_two_desktops_of_one_locality_get_the_same_conflicts_whatever_their_clocks(regional, engine, tmp_path,
                                                                                   shift_a, shift_b):
    assert _scenario(regional, engine, tmp_path, shift_a, shift_b) == EXPECTED


def test_the_shifted_clock_really_stamps_the_records(tmp_path):
    db = seed_desktop(tmp_path / "c.sqlite3", "CONWY")
    with desktop_clock(DAY):
        worker_id = add_worker(db, 1)
    assert worker(db, worker_id).created_at > datetime.now(store_types.timezone.utc) + DAY / 2
    db.close()


FIELDS = ("phone", "email", "home_town", "notes_en")


@pytest.mark.parametrize("seed", [11, 4242])
def test_desktops_pushing_through_random_faults_leave_every_answered_change_on_the_server_once(
    regional, engine, tmp_path, seed
):
    rng = random.Random(seed)
    url = regional.base_url
    first = seed_desktop(tmp_path / "conwy-1.sqlite3", "CONWY")
    shared = [add_worker(first, number) for number in range(4)]
    tokens = {}
    tokens["conwy-1"] = token_for(engine, first)
    push(first, url, tokens["conwy-1"])
    second = copy_desktop(first, tmp_path / "conwy-2.sqlite3")
    other = seed_desktop(tmp_path / "denbigh.sqlite3", "DENBIGHSHIRE")
    desks = {"conwy-1": first, "conwy-2": second, "denbigh": other}
    tokens["conwy-2"] = token_for(engine, second)
    tokens["denbigh"] = token_for(engine, other)
    live = {"conwy-1": list(shared), "conwy-2": list(shared), "denbigh": []}
    counter = 100
    faults_seen = Counter()

    for _round in range(25):
        name = rng.choice(list(desks))
        db = desks[name]
        for _ in range(rng.randint(1, 5)):
            roll = rng.random()
            if roll < 0.25 or not live[name]:
                counter += 1
                live[name].append(add_worker(db, counter))
            elif roll < 0.9:
                field = rng.choice(FIELDS)
                edit_worker(db, rng.choice(live[name]), **{field: f"{field}-{rng.randint(0, 999)}"})
            else:
                victim = rng.choice(live[name])
                live[name].remove(victim)
                withdraw_worker(db, victim)
        faults = [rng.choice(["none", "refuse", "timeout", "503:1", "429:1", "die"]) for _ in range(rng.randint(0, 3))]
        transport = FaultyTransport(faults=list(faults))
        try:
            report = push(db, url, tokens[name], transport=transport, max_attempts=rng.choice([1, 2, 4]))
            assert report.state in (PushState.UP_TO_DATE, PushState.OFFLINE)
        except LostAnswer:
            pass  # the desktop died; it starts again next round
        faults_seen.update(transport.seen)

        # Whatever the desktop holds as answered is exactly what the server logged for it.
        log = server_log(engine)
        for row in outbox(db):
            if row.state in ("applied", "duplicate", "conflict", "rejected"):
                assert log[str(row.change_id)]["outcome"] == row.state

    for name, db in desks.items():  # the network heals: everything goes
        report = push(db, url, tokens[name])
        assert report.state is PushState.UP_TO_DATE and report.backlog == 0

    log = server_log(engine)
    answered: dict[str, str] = {}  # a copied desktop holds its original's answered changes too
    for db in desks.values():
        for row in outbox(db):
            answered[str(row.change_id)] = row.state
            assert log[str(row.change_id)]["outcome"] == row.state  # once, with the answer the desktop holds
    assert set(answered) == set(log)  # nothing on the server that no desktop sent
    assert set(answered.values()) <= {"applied", "conflict", "rejected"}
    assert {"refuse", "timeout", "die"} <= set(faults_seen)
    with engine.connect() as connection:
        from sqlalchemy import text

        applied = Counter(row[0] for row in connection.execute(text(
            "SELECT entity_id::text FROM change_log WHERE outcome = 'applied' "
            "AND NOT (detail ? 'reason' AND detail->>'reason' = 'already_deleted')")))
    assert {key: value["version"] for key, value in server_records(engine).items()} == dict(applied)
    for db in desks.values():
        db.close()
