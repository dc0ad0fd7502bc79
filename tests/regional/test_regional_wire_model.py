"""What the server parses with takes and refuses exactly what the published model does, and reads it the same."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from localitydesk.regional.models import PushBatch, PushBatchWire
from localitydesk.regional.wire import from_model, read_quickly

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10,
)
anything = json_values | st.just("not-a-uuid") | st.just(-1)


def _verdict(model, body: str):
    try:
        return "ok", model.model_validate_json(body).model_dump(mode="json")
    except ValidationError as error:
        return "refused", [(item["loc"], item["type"]) for item in error.errors()]


def _change(**overrides):
    change = {
        "change_id": str(uuid.uuid4()),
        "entity": "worker",
        "entity_id": str(uuid.uuid4()),
        "operation": "update",
        "base_version": 1,
        "changed_fields": ["phone"],
        "payload": {"phone": "01492 000000"},
    }
    change.update(overrides)
    return change


@settings(max_examples=300, deadline=None)
@given(payload=json_values, field=st.sampled_from(list(_change())), value=anything, replace=st.booleans())
def test_the_wire_model_agrees_with_the_published_one(payload, field, value, replace):
    change = _change(payload=payload)
    if replace:
        change[field] = value
    body = json.dumps({"schema_version": 1, "origin": str(uuid.uuid4()), "changes": [change]})
    assert _verdict(PushBatchWire, body) == _verdict(PushBatch, body)


@pytest.mark.parametrize(
    "body",
    [
        '{"schema_version": 1, "origin": "%s", "changes": []}' % uuid.uuid4(),
        '{"schema_version": 1, "origin": "%s", "changes": [%s], "extra": 1}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(colour="red"))),
        '{"schema_version": "1", "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(payload=[1]))),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(payload={"n": 2**80}))),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), ",".join([json.dumps(_change())] * 201)),
    ],
)
def test_the_wire_model_agrees_on_edge_cases(body):
    assert _verdict(PushBatchWire, body) == _verdict(PushBatch, body)


# -- the quick road (regional.wire) --------------------------------------------------------


def _exactly(batch) -> str:
    """A parsed batch as text that tells 1 from 1.0 from true, which == does not."""
    return json.dumps(
        {
            "schema_version": batch.schema_version,
            "origin": str(batch.origin),
            "changes": [
                [c.change_id, c.entity, c.entity_id, str(c.operation), c.base_version, list(c.changed_fields),
                 c.payload, c.rebased]
                for c in batch.changes
            ],
        },
        sort_keys=True,
    )


def _roads_agree(body: str) -> bool:
    """The quick road takes only what the published model takes, and reads it to the same batch.

    Returns whether the quick road took it, so tests can show both roads were walked."""
    quick = read_quickly(body.encode())
    try:
        strict = from_model(PushBatchWire.model_validate_json(body))
        PushBatch.model_validate_json(body)
    except ValidationError:
        assert quick is None, body
        return False
    if quick is not None:
        assert _exactly(quick) == _exactly(strict), body
    return quick is not None


tricky_values = anything | st.sampled_from([
    True, 1.0, 1e0, 2**31, 2**80, -(2**70), "", "WORKER", "worker\n", "insert\n", [], {}, ["phone\n"], ["Phone"],
    str(uuid.uuid4()).upper(), "{" + str(uuid.uuid4()) + "}", str(uuid.uuid4()) + "\n", uuid.uuid4().hex,
    "urn:uuid:" + str(uuid.uuid4()), "00000000-0000-0000-0000-000000000000",
])


@settings(max_examples=400, deadline=None)
@given(payload=json_values, field=st.sampled_from([*_change(), "rebased", "colour"]), value=tricky_values,
       replace=st.booleans(), drop=st.booleans(), top=st.sampled_from(["schema_version", "origin", "changes", "extra"]),
       top_value=tricky_values, top_replace=st.booleans())
def test_the_quick_road_takes_only_what_the_published_model_takes(payload, field, value, replace, drop, top,
                                                                   top_value, top_replace):
    change = _change(payload=payload)
    if replace:
        change[field] = value
    elif drop:
        change.pop(field, None)
    document = {"schema_version": 1, "origin": str(uuid.uuid4()), "changes": [change, _change()]}
    if top_replace:
        document[top] = top_value
    _roads_agree(json.dumps(document))


def test_a_batch_as_a_desktop_writes_it_takes_the_quick_road():
    assert _roads_agree(json.dumps({"schema_version": 1, "origin": str(uuid.uuid4()),
                                    "changes": [_change(rebased=True), _change(operation="insert", base_version=0)]}))


@pytest.mark.parametrize(
    "body",
    [
        # A repeated key: both keep the last.
        '{"schema_version": 1, "origin": "%s", "changes": [%s], "schema_version": 2}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}'
        % (uuid.uuid4(), json.dumps(_change())[:-1] + ', "base_version": 7}'),
        # Numbers: big integers kept exact, floats and exponents never taken for integers.
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(payload={"n": 2**80, "m": -(2**66), "f": 1e300}))),
        '{"schema_version": 1.0, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": 1e0, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": true, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change())),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(payload={"n": 1e400}))),
        # Text: escapes, a lone surrogate, a trailing newline where a pattern ends.
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(payload={"notes_cy": "ŵ ŷ \u0000 \\"}))),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change()).replace('"01492', '"\\ud800')),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(entity="worker\n"))),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(changed_fields=["phone\n"]))),
        # Ids in other spellings: the strict road reads them.
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (str(uuid.uuid4()).upper(), json.dumps(_change())),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(change_id=uuid.uuid4().hex))),
        # Sizes at and past the limits.
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), ",".join([json.dumps(_change())] * 1000)),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), ",".join([json.dumps(_change())] * 1001)),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (uuid.uuid4(), json.dumps(_change(changed_fields=["phone"] * 501))),
        '{"schema_version": 1, "origin": "%s", "changes": [%s]} trailing' % (uuid.uuid4(), json.dumps(_change())),
        '[]',
    ],
)
def test_the_roads_agree_on_edge_cases(body):
    _roads_agree(body)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_number_that_is_not_json_never_takes_the_quick_road(constant):
    # The strict model would read it as a float; parse_batch refuses it there (test_bad_input).
    body = '{"schema_version": 1, "origin": "%s", "changes": [%s]}' % (
        uuid.uuid4(), json.dumps(_change(payload={"welsh_speaking": 4})).replace("4}", constant + "}"))
    assert constant in body
    assert read_quickly(body.encode()) is None
