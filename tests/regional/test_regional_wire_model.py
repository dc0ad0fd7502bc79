"""The model the server parses with takes and refuses exactly what the published model does."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from localitydesk.regional.models import PushBatch, PushBatchWire

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
