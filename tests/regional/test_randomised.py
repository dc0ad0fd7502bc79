"""Several simulated desktops editing, with lost answers, repeats and parallel
sends injected at random: every change is answered once on the server, the
answers a desktop finally holds agree with the server's log, and each record's
version counts exactly the changes applied to it."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import text

from localitydesk.sync.protocol import new_idempotency_key, plan_batches

from .helpers import Desktop


@pytest.mark.parametrize("seed", [7, 2024])
def test_faulty_delivery_never_duplicates_or_loses(server, seed):
    rng = random.Random(seed)
    first, second = Desktop(server.conwy), Desktop(server.conwy)
    desks = [first, second, Desktop(server.denbigh)]
    shared = [first.insert_worker() for _ in range(3)]
    for change_batch in plan_batches(first.take()):
        server.push(first, change_batch)
    for record_id in shared:
        second.adopt(first, record_id)

    answers: dict[str, str] = {}
    sent: set[str] = set()
    for _ in range(30):
        desk = rng.choice(desks)
        for _ in range(rng.randint(1, 4)):
            live = list(desk.records)
            roll = rng.random()
            if roll < 0.3 or not live:
                desk.insert_worker()
            elif roll < 0.9:
                field = rng.choice(["phone", "home_town", "email", "welsh_speaking"])
                value = rng.randint(0, 5) if field == "welsh_speaking" else f"{field}-{rng.randint(0, 99)}"
                desk.update(rng.choice(live), **{field: value})
            else:
                desk.delete(rng.choice(live))
        changes = desk.take()
        sent.update(change.change_id for change in changes)
        body, key = desk.batch(changes), new_idempotency_key()
        fault = rng.choice(["none", "lost_answer", "twice_parallel", "new_key_resend"])
        if fault == "twice_parallel":
            responses = server.http.gather([server.request_args(body, token=desk.token.token, key=key)] * 2)
            assert responses[0].json() == responses[1].json()
            response = responses[0]
        else:
            response = server.post(body, token=desk.token.token, key=key)
            if fault == "lost_answer":  # the desktop never heard; it resends the same batch and key
                response = server.post(body, token=desk.token.token, key=key)
        assert response.status_code == 200
        for result in response.json()["results"]:
            answers[result["change_id"]] = result["outcome"]
        if fault == "new_key_resend":  # a key lost in a crash: the change ids still protect
            again = server.post(body, token=desk.token.token, key=new_idempotency_key()).json()
            assert {result["outcome"] for result in again["results"]} == {"duplicate"}

    with server.engine.connect() as connection:
        logged = dict(connection.execute(text("SELECT change_id::text, outcome FROM change_log WHERE batch_key <> ''")).all())
        applied_per_record = Counter(
            row.entity_id for row in connection.execute(text(
                "SELECT entity_id::text FROM change_log WHERE outcome = 'applied' "
                "AND NOT (detail ? 'reason' AND detail->>'reason' = 'already_deleted')"))
        )
        versions = dict(connection.execute(text("SELECT entity_id::text, version FROM record")).all())
    assert sent <= set(logged)
    assert {change_id: answers[change_id] for change_id in sent} == {change_id: logged[change_id] for change_id in sent}
    assert set(answers.values()) <= {"applied", "conflict", "rejected"}
    assert versions == dict(applied_per_record)
