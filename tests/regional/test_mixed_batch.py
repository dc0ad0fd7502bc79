"""One batch holding every kind of answer at once, decided and written set-wise.

The server reads a batch in one statement and writes it in one; these tests
check that each change still gets its own answer in order, that the state
left behind is what change-by-change handling would leave, and that the
idempotency record (outcomes only) replays the very same answer.
"""

from __future__ import annotations

import copy
import uuid

from sqlalchemy import select

from localitydesk.regional.schema import change_log, origin_state
from localitydesk.sync.protocol import REPLAYED_HEADER, Change, new_idempotency_key

from .helpers import Desktop, outcomes, two_desks_sharing_a_worker


def test_a_batch_mixing_every_outcome_answers_each_change_and_leaves_the_right_state(server):
    other = Desktop(server.conwy)
    shared = other.insert_worker(phone="100")
    doomed = other.insert_worker()
    server.push(other)

    desk = Desktop(server.conwy)
    desk.adopt(other, shared)
    desk.adopt(other, doomed)
    kept = desk.insert_worker(phone="200")
    server.push(desk)

    other.update(shared, phone="101")  # the other desk changes the phone first
    server.push(other)

    fresh = desk.insert_worker(first_name="Nia")
    desk.update(kept, phone="201")  # applied
    desk.update(shared, home_town="Bangor")  # a different field: merged
    desk.update(shared, phone="102")  # the same field the other desk changed: conflict
    desk.delete(doomed)
    changes = desk.take()
    bad = Change(str(uuid.uuid4()), "worker", str(uuid.uuid4()), "insert", 0, ("welsh_speaking",),
                 {"id": "not-this-id", "welsh_speaking": "fluent"})
    repeated = copy.deepcopy(changes[1])  # the update of ``kept`` again, in the same batch
    batch = [*changes[:2], bad, repeated, *changes[2:]]

    answer = server.push(desk, batch)

    assert outcomes(answer) == ["applied", "applied", "rejected", "duplicate", "applied", "conflict", "applied"]
    assert answer["counts"] == {"applied": 4, "duplicate": 1, "conflict": 1, "rejected": 1}
    results = answer["results"]
    assert [result["change_id"] for result in results] == [change.change_id for change in batch]
    assert set(results[2]["detail"]["fields"]) == {"id", "welsh_speaking"}
    assert results[5]["detail"]["fields"] == ["phone"]
    assert results[5]["detail"]["server_record"]["home_town"] == "Bangor"  # the merge earlier in the batch

    stored = server.records()
    assert stored[fresh]["data"]["first_name"] == "Nia" and stored[fresh]["version"] == 1
    assert (stored[kept]["version"], stored[kept]["data"]["phone"]) == (2, "201")
    assert (stored[shared]["version"], stored[shared]["data"]["phone"], stored[shared]["data"]["home_town"]) == (
        3, "101", "Bangor")
    assert stored[doomed]["deleted"] and set(stored[doomed]["data"]) == {"id", "locality_id"}
    assert bad.entity_id not in stored  # the rejected insert wrote no record

    with server.engine.connect() as connection:
        logged = connection.execute(
            select(change_log.c.change_id, change_log.c.outcome).order_by(change_log.c.seq)
        ).all()
        desk_states = connection.execute(
            select(origin_state.c.entity_id, origin_state.c.local_version).where(origin_state.c.origin == desk.origin)
        ).all()
    # The duplicate is answered, not logged; everything else is logged in batch order.
    tail = [(str(row.change_id), row.outcome) for row in logged[-6:]]
    assert tail == [(c.change_id, r["outcome"]) for c, r in zip(batch, results) if r["outcome"] != "duplicate"]
    assert {str(row.entity_id): row.local_version for row in desk_states}[kept] == 2


def test_the_stored_answer_replays_word_for_word(server):
    first, second, record_id = two_desks_sharing_a_worker(server)
    first.update(record_id, phone="111")
    server.push(first)

    second.update(record_id, phone="222")  # a conflict, with the server's record in its detail
    second.insert_worker()
    body, key = second.batch(), new_idempotency_key()
    answered = server.post(body, token=second.token.token, key=key)
    replayed = server.post(body, token=second.token.token, key=key)

    assert answered.status_code == replayed.status_code == 200
    assert REPLAYED_HEADER not in answered.headers and replayed.headers[REPLAYED_HEADER] == "true"
    assert outcomes(answered.json()) == ["conflict", "applied"]
    assert replayed.json() == answered.json()



def test_a_record_moved_again_in_a_later_chunk_of_the_same_batch_is_written_once_per_move(server):
    # A batch is written chunk by chunk while the next is decided; a record
    # inserted in the first chunk and changed in later ones must be updated
    # there, not inserted twice, and the last word must win.
    from localitydesk.regional.push import CHUNK

    desk = Desktop(server.conwy)
    moved = desk.insert_worker(phone="1")
    for _ in range(CHUNK):
        desk.insert_worker()
    desk.update(moved, phone="2")
    doomed = desk.insert_worker()
    for _ in range(CHUNK):
        desk.insert_worker()
    desk.update(moved, home_town="Bangor")
    desk.delete(doomed)
    changes = desk.take()
    assert len(changes) > 2 * CHUNK

    answer = server.push(desk, changes)

    assert set(outcomes(answer)) == {"applied"}
    stored = server.records()
    assert (stored[moved]["version"], stored[moved]["data"]["phone"], stored[moved]["data"]["home_town"]) == (
        3, "2", "Bangor")
    assert stored[doomed]["deleted"] and stored[doomed]["version"] == 2
    assert server.written() == (len(changes) - 3, len(changes), 1)
    with server.engine.connect() as connection:
        local_version = connection.execute(
            select(origin_state.c.local_version).where(
                origin_state.c.origin == desk.origin, origin_state.c.entity_id == uuid.UUID(moved))
        ).scalar_one()
    assert local_version == 3


def test_an_insert_is_stored_the_same_whether_or_not_it_names_its_fields(server):
    # Desktops now send an insert with no changed fields; older ones listed them all.
    desk = Desktop(server.conwy)
    listed, unlisted = desk.insert_worker(), desk.insert_worker()
    body = desk.batch()
    by_id = {change["entity_id"]: change for change in body["changes"]}
    assert by_id[unlisted]["changed_fields"] == []
    by_id[listed]["changed_fields"] = sorted(by_id[listed]["payload"])

    response = server.post(body, token=desk.token.token)

    assert response.status_code == 200, response.text
    assert outcomes(response.json()) == ["applied", "applied"]
    stored = server.records()
    assert set(stored[listed]["data"]) == set(stored[unlisted]["data"])
    assert {name: stored[listed]["data"][name] for name in ("first_name", "phone")} == {
        name: by_id[listed]["payload"][name] for name in ("first_name", "phone")}
    assert stored[listed]["field_versions"] == stored[unlisted]["field_versions"] == {"*": [1, desk.origin]}
