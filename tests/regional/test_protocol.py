"""The shared wire format: encoding of values and cutting the outbox into batches."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from localitydesk.domain.vocabulary import EmploymentType
from localitydesk.sync.protocol import (
    MAX_CHANGES_PER_BATCH,
    TARGET_BATCH_BYTES,
    Batch,
    Change,
    ChangeResult,
    Outcome,
    PushResult,
    body_fingerprint,
    changes_from_rows,
    encoded_size,
    json_safe,
    locality_uuid,
    plan_batches,
)


def change(size: int = 0) -> Change:
    return Change(str(uuid.uuid4()), "worker", str(uuid.uuid4()), "update", 1, ("notes_en",), {"notes_en": "x" * size})


def test_json_safe_values():
    instant = datetime(2025, 10, 26, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    assert json_safe(instant) == "2025-10-26T00:30:00+00:00"
    assert json_safe(date(2025, 3, 30)) == "2025-03-30"
    assert json_safe(time(20, 0)) == "20:00:00"
    assert json_safe(Decimal("12.07")) == "12.07"
    assert json_safe(b"\x00\xff") == "AP8="
    assert json_safe(EmploymentType.NEW_TO_CARE) == "new_to_care"
    assert json_safe({"lines": [Decimal("1.50"), None, True]}) == {"lines": ["1.50", None, True]}
    for refused in (1.5, datetime(2025, 1, 1), Decimal("NaN"), object()):
        with pytest.raises((TypeError, ValueError)):
            json_safe(refused)


def test_locality_ids_come_from_codes_whatever_their_case():
    assert locality_uuid("conwy ") == locality_uuid("CONWY") != locality_uuid("DENBIGHSHIRE")


def test_batches_keep_order_and_respect_the_change_count():
    changes = [change() for _ in range(2 * MAX_CHANGES_PER_BATCH + 50)]
    batches = list(plan_batches(changes))
    assert [len(batch) for batch in batches] == [MAX_CHANGES_PER_BATCH, MAX_CHANGES_PER_BATCH, 50]
    assert [c for batch in batches for c in batch] == changes


def test_batches_respect_the_byte_target_exactly():
    changes = [change(1000) for _ in range(10)]
    envelope = len(Batch(origin=str(uuid.uuid4()), changes=()).encode())
    per_change = encoded_size(changes[0]) + 1
    target = envelope + 16 + 3 * per_change  # room for exactly three
    batches = list(plan_batches(changes, target_bytes=target))
    assert [len(batch) for batch in batches] == [3, 3, 3, 1]
    for batch in batches:
        assert len(Batch(origin=str(uuid.uuid4()), changes=tuple(batch)).encode()) <= target
    assert [len(batch) for batch in plan_batches(changes, target_bytes=target - 1)] == [2, 2, 2, 2, 2]


def test_a_change_bigger_than_the_target_goes_alone():
    small, big = change(), change(TARGET_BATCH_BYTES + 1)
    assert [len(batch) for batch in plan_batches([small, big, small])] == [1, 1, 1]


def test_fingerprint_ignores_key_order():
    a = {"b": 1, "a": [1, {"y": 2, "x": 1}]}
    b = json.loads('{"a": [1, {"x": 1, "y": 2}], "b": 1}')
    assert body_fingerprint(a) == body_fingerprint(b)
    assert body_fingerprint(a) != body_fingerprint({"b": 2, "a": [1, {"y": 2, "x": 1}]})


def test_outbox_rows_become_changes_in_seq_order():
    @dataclass
    class Row:
        seq: int
        change_id: uuid.UUID
        entity: str
        entity_id: uuid.UUID
        operation: str
        base_version: int
        changed_fields: list
        payload: dict

    rows = [Row(seq, uuid.uuid4(), "worker", uuid.uuid4(), "insert", 0, ["id"], {"id": "x"}) for seq in (3, 1, 2)]
    assert [c.change_id for c in changes_from_rows(rows)] == [str(rows[i].change_id) for i in (1, 2, 0)]


def test_results_round_trip():
    answer = PushResult((ChangeResult("a", Outcome.APPLIED, 2), ChangeResult("b", Outcome.CONFLICT, 3, {"reason": "fields"})))
    again = PushResult.from_wire(json.loads(json.dumps(answer.to_wire())))
    assert again == answer
    assert again.counts() == {"applied": 1, "duplicate": 0, "conflict": 1, "rejected": 0}
    assert again.results[1].reason == "fields"


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "x", "notes_cy": "Siarad Cymraeg — ŵ ŷ", "n": 2**70, "f": 1.5, "deep": {"b": [1, {"z": None, "a": True}]}},
        {},
    ],
)
@pytest.mark.parametrize("rebased", [None, False, True])
def test_the_servers_quick_fingerprint_is_the_one_of_the_whole_model(payload, rebased):
    from localitydesk.regional.jsoncodec import batch_fingerprint, fingerprint
    from localitydesk.regional.models import PushBatch
    from localitydesk.regional.wire import from_model, read_quickly

    change = {"change_id": str(uuid.uuid4()).upper(), "entity": "worker", "entity_id": str(uuid.uuid4()),
              "operation": "update", "base_version": 3, "changed_fields": ["phone", "notes_cy"], "payload": payload}
    if rebased is not None:
        change["rebased"] = rebased
    body = json.dumps({"schema_version": 1, "origin": "{" + str(uuid.uuid4()) + "}", "changes": [change, change]})
    batch = PushBatch.model_validate_json(body)
    whole = fingerprint(batch.model_dump(mode="json"))
    assert batch_fingerprint(from_model(batch)) == whole
    # Written as a desktop writes it, the same batch comes by the quick road to the same fingerprint.
    canonical = json.dumps(batch.model_dump(mode="json"))
    quick = read_quickly(canonical.encode())
    assert quick is not None
    assert batch_fingerprint(quick) == whole
