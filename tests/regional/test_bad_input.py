"""Bad input is a 4xx that writes nothing; a bad change among good ones is rejected alone."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest

from localitydesk.sync.protocol import MAX_BODY_BYTES, MAX_CHANGES_PER_BATCH

from .helpers import Desktop, outcomes


@pytest.fixture
def desk(server):
    return Desktop(server.conwy)


def a_batch(desk, count=1):
    for _ in range(count):
        desk.insert_worker()
    return desk.batch()


def refused(server, desk, body=None, *, raw=None, headers=None, key=None):
    response = server.post(body, token=desk.token.token, raw=raw, headers=headers, key=key)
    assert 400 <= response.status_code < 500, response.text
    assert server.written() == (0, 0, 0)
    return response


@pytest.mark.parametrize("raw", [b"{", b"", b"not json", b'{"schema_version": 1,}', b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_malformed_json(server, desk, raw):
    response = refused(server, desk, raw=raw)
    assert response.status_code in (400, 422)


def test_nan_is_not_json(server, desk):
    body = json.dumps(a_batch(desk)).replace('"welsh_speaking": 4', '"welsh_speaking": NaN').encode()
    assert b"NaN" in body
    refused(server, desk, raw=body)


@pytest.mark.parametrize(
    "path, value",
    [
        (("schema_version",), "1"),
        (("origin",), "not-a-uuid"),
        (("changes",), {}),
        (("changes", 0, "base_version"), "0"),
        (("changes", 0, "base_version"), -1),
        (("changes", 0, "base_version"), 1.5),
        (("changes", 0, "change_id"), 12),
        (("changes", 0, "operation"), "upsert"),
        (("changes", 0, "changed_fields"), "phone"),
        (("changes", 0, "changed_fields"), ["Phone; DROP TABLE record"]),
        (("changes", 0, "payload"), []),
        (("changes", 0, "entity"), "Worker"),
        (("changes", 0, "rebased"), "yes"),
    ],
)
def test_wrong_types(server, desk, path, value):
    body = a_batch(desk)
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert refused(server, desk, body).status_code == 422


@pytest.mark.parametrize("where", ["batch", "change"])
def test_unknown_fields(server, desk, where):
    body = a_batch(desk)
    (body if where == "batch" else body["changes"][0])["locality"] = "DENBIGHSHIRE"
    response = refused(server, desk, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "extra_forbidden"


def test_missing_fields(server, desk):
    body = a_batch(desk)
    del body["changes"][0]["base_version"]
    refused(server, desk, body)


def test_unknown_schema_version(server, desk):
    body = a_batch(desk)
    body["schema_version"] = 99
    response = refused(server, desk, body)
    assert (response.status_code, response.json()["reason"]) == (422, "unsupported_schema_version")


def test_too_many_changes(server, desk):
    response = refused(server, desk, a_batch(desk, MAX_CHANGES_PER_BATCH + 1))
    assert response.status_code == 422


def test_empty_batch(server, desk):
    refused(server, desk, desk.batch([]))


def test_oversized_body_by_its_declared_length(server, desk):
    body = a_batch(desk)
    body["changes"][0]["payload"]["notes_en"] = "x" * MAX_BODY_BYTES
    response = refused(server, desk, body)
    assert (response.status_code, response.json()["reason"]) == (413, "too_large")


def test_oversized_body_without_a_declared_length(server, desk):
    chunk = b" " * 65536

    async def stream():
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk

    response = server.http.post(
        "/v1/sync/push",
        content=stream(),
        headers={"Authorization": f"Bearer {desk.token.token}", "Idempotency-Key": uuid.uuid4().hex,
                 "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert server.written() == (0, 0, 0)


@pytest.mark.parametrize("key", ["short", "x" * 65, "has spaces in it ok?"])
def test_bad_idempotency_key(server, desk, key):
    assert refused(server, desk, a_batch(desk), key=key).status_code == 400


def test_missing_idempotency_key(server, desk):
    response = server.http.post(
        "/v1/sync/push", content=json.dumps(a_batch(desk)),
        headers={"Authorization": f"Bearer {desk.token.token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert server.written() == (0, 0, 0)


def test_not_json_content_type(server, desk):
    assert refused(server, desk, a_batch(desk), headers={"Content-Type": "text/plain"}).status_code == 415


def test_one_invalid_change_among_200_is_rejected_alone(server, desk):
    body = a_batch(desk, 200)
    bad = body["changes"][137]
    bad["payload"]["welsh_speaking"] = "fluent"
    bad["payload"]["favourite_colour"] = "green"

    answer = server.post(body, token=desk.token.token).json()

    verdicts = outcomes(answer)
    assert verdicts.count("applied") == 199 and len(verdicts) == 200
    assert verdicts[137] == "rejected"
    assert answer["results"][137]["detail"] == {
        "reason": "invalid_payload",
        "fields": {"favourite_colour": "no such field", "welsh_speaking": "expected a whole number"},
    }
    assert answer["counts"] == {"applied": 199, "duplicate": 0, "conflict": 0, "rejected": 1}
    assert server.written() == (199, 200, 1)
    assert bad["entity_id"] not in server.records()


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"entity": "audit_entry"}, "unknown_entity"),
        ({"entity": "locality"}, "unknown_entity"),
        ({"base_version": 3}, "invalid_payload"),
        ({"payload_id": str(uuid.uuid4())}, "invalid_payload"),
        ({"field": ("first_name", "a\x00b")}, "invalid_payload"),
        ({"field": ("first_name", "x" * 81)}, "invalid_payload"),
        ({"field": ("start_date", "1 April 2024")}, "invalid_payload"),
        ({"field": ("created_at", "2025-01-01T09:00:00")}, "invalid_payload"),
        ({"field": ("contracted_hours", 37.5)}, "invalid_payload"),
        ({"field": ("employment_type", "permanent")}, "invalid_payload"),
        ({"field": ("drives", 1)}, "invalid_payload"),
        ({"field": ("staff_number", None)}, "invalid_payload"),
        ({"field": ("locality_id", "not a uuid")}, "invalid_payload"),
    ],
)
def test_payloads_that_cannot_be_stored_are_rejected(server, desk, change, reason):
    desk.insert_worker()
    body = desk.batch()
    sent = body["changes"][0]
    if "entity" in change:
        sent["entity"] = change["entity"]
    if "base_version" in change:
        sent["base_version"] = change["base_version"]
    if "payload_id" in change:
        sent["payload"]["id"] = change["payload_id"]
    if "field" in change:
        name, value = change["field"]
        sent["payload"][name] = value
    [result] = server.post(body, token=desk.token.token).json()["results"]
    assert (result["outcome"], result["detail"]["reason"]) == ("rejected", reason)
    assert server.written()[0] == 0


def test_update_listing_a_field_missing_from_its_payload_is_rejected(server, desk):
    record_id = desk.insert_worker()
    server.push(desk)
    desk.update(record_id, phone="1")
    body = desk.batch()
    body["changes"][0]["changed_fields"].append("email")
    body["changes"][0]["payload"].pop("email", None)
    [result] = server.post(body, token=desk.token.token).json()["results"]
    assert result["detail"] == {"reason": "invalid_payload", "fields": {"email": "changed but missing from the payload"}}


def test_an_unknown_field_whose_name_postgresql_cannot_store_is_reported_escaped(server):
    # Found by the fuzzer: a payload key holding NUL went into the change log's
    # detail and PostgreSQL refused it, a 500. It is an invalid change like any other.
    desk = Desktop(server.conwy)
    desk.insert_worker()
    [change] = desk.take()
    payload = dict(change.payload, **{"bad\x00name": 1})
    odd = dataclasses.replace(change, payload=payload, changed_fields=change.changed_fields)

    answer = server.push(desk, [odd])

    [result] = answer["results"]
    assert result["outcome"] == "rejected"
    assert result["detail"]["fields"] == {"bad\\x00name": "no such field"}
    assert server.written()[0] == 0
