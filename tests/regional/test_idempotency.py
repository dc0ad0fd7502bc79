"""The same batch, however often and however concurrently it arrives, is applied once."""

from __future__ import annotations

from localitydesk.sync.protocol import REPLAYED_HEADER, new_idempotency_key

from .helpers import Desktop, outcomes


def test_same_batch_in_sequence_is_applied_once_and_answered_the_same(server):
    desk = Desktop(server.conwy)
    for _ in range(3):
        desk.insert_worker()
    body = desk.batch()
    key = new_idempotency_key()

    first = server.post(body, token=desk.token.token, key=key)
    assert first.status_code == 200
    assert outcomes(first.json()) == ["applied"] * 3
    assert REPLAYED_HEADER not in first.headers
    written = server.written()

    for _ in range(5):
        again = server.post(body, token=desk.token.token, key=key)
        assert again.status_code == 200
        assert again.json() == first.json()
        assert again.headers[REPLAYED_HEADER] == "true"
    assert server.written() == written == (3, 3, 1)


def test_same_batch_in_parallel_is_applied_once(server):
    desk = Desktop(server.conwy)
    record_id = desk.insert_worker()
    server.push(desk)
    desk.update(record_id, phone="07700 900123")
    body = desk.batch()
    key = new_idempotency_key()

    responses = server.http.gather([server.request_args(body, token=desk.token.token, key=key)] * 8)

    assert [response.status_code for response in responses] == [200] * 8
    answers = [response.json() for response in responses]
    assert all(answer == answers[0] for answer in answers)
    assert outcomes(answers[0]) == ["applied"]
    assert sum(1 for response in responses if REPLAYED_HEADER not in response.headers) == 1
    stored = server.records()[record_id]
    assert stored["version"] == 2
    assert stored["data"]["phone"] == "07700 900123"


def test_same_changes_under_new_keys_in_parallel_are_applied_once(server):
    """A desktop that lost its key sends the changes again: change ids catch it."""
    desk = Desktop(server.conwy)
    desk.insert_worker()
    desk.insert_worker()
    body = desk.batch()
    requests = [server.request_args(body, token=desk.token.token, key=new_idempotency_key()) for _ in range(6)]

    answers = [response.json() for response in server.http.gather(requests)]

    verdicts = sorted(tuple(outcomes(answer)) for answer in answers)
    assert verdicts == [("applied", "applied")] + [("duplicate", "duplicate")] * 5
    assert server.written()[0] == 2


def test_reused_key_with_a_different_body_is_refused_and_writes_nothing(server):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    key = new_idempotency_key()
    assert server.post(desk.batch(), token=desk.token.token, key=key).status_code == 200
    written = server.written()

    desk.insert_worker()
    refused = server.post(desk.batch(), token=desk.token.token, key=key)

    assert refused.status_code == 409
    assert refused.json()["reason"] == "idempotency_key_reused"
    assert server.written() == written


def test_same_key_in_another_locality_is_its_own_batch(server):
    """Keys are per locality: one locality cannot replay, or block, another's answer."""
    conwy, denbigh = Desktop(server.conwy), Desktop(server.denbigh)
    conwy.insert_worker()
    denbigh.insert_worker()
    key = new_idempotency_key()
    first = server.post(conwy.batch(), token=conwy.token.token, key=key)
    second = server.post(denbigh.batch(), token=denbigh.token.token, key=key)
    assert first.status_code == second.status_code == 200
    assert REPLAYED_HEADER not in second.headers
    assert outcomes(second.json()) == ["applied"]
    assert server.written()[0] == 2


def test_old_batch_replayed_after_newer_ones_changes_nothing(server):
    desk = Desktop(server.conwy)
    record_id = desk.insert_worker()
    first_body, first_key = desk.batch(), new_idempotency_key()
    assert server.post(first_body, token=desk.token.token, key=first_key).status_code == 200
    desk.update(record_id, phone="1")
    second_body = desk.batch()
    server.post(second_body, token=desk.token.token, key=new_idempotency_key())
    desk.update(record_id, phone="2", home_town="Llandudno")
    third_body = desk.batch()
    server.post(third_body, token=desk.token.token, key=new_idempotency_key())
    in_order = server.records()[record_id]

    replay_same_key = server.post(first_body, token=desk.token.token, key=first_key)
    replay_new_key = server.post(second_body, token=desk.token.token, key=new_idempotency_key())
    replay_first_new_key = server.post(first_body, token=desk.token.token, key=new_idempotency_key())

    assert outcomes(replay_same_key.json()) == ["applied"]  # the answer it was given then
    assert outcomes(replay_new_key.json()) == ["duplicate"]
    assert replay_new_key.json()["results"][0]["detail"] == {"original_outcome": "applied"}
    assert outcomes(replay_first_new_key.json()) == ["duplicate"]
    final = server.records()[record_id]
    assert final == in_order
    assert final["version"] == 3
    assert (final["data"]["phone"], final["data"]["home_town"]) == ("2", "Llandudno")


def test_a_change_twice_in_one_batch_is_applied_once(server):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    [change] = desk.take()
    answer = server.push(desk, [change, change])
    assert outcomes(answer) == ["applied", "duplicate"]
    assert server.written()[:2] == (1, 1)
