"""Fuzzing the push endpoint from its own OpenAPI document: whatever arrives,
the answer is never a 5xx, a refusal writes nothing, and an accepted batch
gets exactly one result per change."""

from __future__ import annotations

import string
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localitydesk.regional.entities import synced_entities
from localitydesk.sync.protocol import canonical_json

from .helpers import worker_record

JSON_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
)
ANY_JSON = st.recursive(JSON_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                        max_leaves=12)


def strategy_for(schema: dict[str, Any], document: dict[str, Any]) -> st.SearchStrategy:
    """Values that follow a JSON schema (the subset FastAPI and pydantic write)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return strategy_for(document["components"]["schemas"][name], document)
    if "anyOf" in schema:
        return st.one_of([strategy_for(option, document) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        if not properties:
            return st.dictionaries(st.sampled_from(sorted(_FIELD_NAMES)) | st.text(max_size=12), ANY_JSON, max_size=8)
        required = set(schema.get("required", ()))
        fields = {name: strategy_for(sub, document) for name, sub in properties.items()}
        return st.fixed_dictionaries(
            {name: fields[name] for name in properties if name in required},
            optional={name: fields[name] for name in properties if name not in required},
        )
    if kind == "array":
        return st.lists(strategy_for(schema.get("items", {}), document),
                        min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 5), 5))
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum", -(2**40)), max_value=min(schema.get("maximum", 2**40), 5))
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if schema.get("format") == "uuid":
            return st.uuids().map(str)
        if "pattern" in schema:
            if "a-z0-9_]{0,59}" in schema["pattern"]:
                return st.sampled_from(sorted(synced_entities())) | st.from_regex(schema["pattern"], fullmatch=True)
            return st.sampled_from(sorted(_FIELD_NAMES)) | st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(max_size=schema.get("maxLength", 40))
    return ANY_JSON


_FIELD_NAMES = {name for rules in synced_entities().values() for name in rules.fields}


@st.composite
def mutated(draw, valid: st.SearchStrategy) -> Any:
    """A document from the schema, sometimes broken in one place."""
    document = draw(valid)
    how = draw(st.sampled_from(["keep", "drop", "extra", "retype", "whole"]))
    if how == "whole":
        return draw(ANY_JSON)
    targets = [document] + [change for change in document.get("changes", []) if isinstance(change, dict)]
    target = draw(st.sampled_from(targets))
    keys = sorted(target)
    if how == "drop" and keys:
        target.pop(draw(st.sampled_from(keys)))
    elif how == "extra":
        target[draw(st.text(string.ascii_lowercase, min_size=1, max_size=8))] = draw(ANY_JSON)
    elif how == "retype" and keys:
        target[draw(st.sampled_from(keys))] = draw(ANY_JSON)
    return document


@pytest.fixture
def fuzz_target(server, app):
    document = app.openapi()
    body_schema = document["paths"]["/v1/sync/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return server, strategy_for(body_schema, document)


def test_push_never_fails_with_a_server_error(fuzz_target):
    server, bodies = fuzz_target
    token = server.conwy.token

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=mutated(bodies), key=st.one_of(st.just(None), st.text(string.ascii_letters + string.digits + string.punctuation + " ", max_size=70)))
    def check(body, key):
        before = server.written()
        response = server.post(None, token=token, raw=canonical_json(body), key=key or uuid.uuid4().hex)
        assert response.status_code < 500, response.text
        if response.status_code == 200:
            assert len(response.json()["results"]) == len(body["changes"])
        else:
            assert server.written() == before

    check()


def test_fuzzed_worker_payloads_are_stored_or_rejected_never_a_server_error(server):
    """Right envelope, a real entity, hostile field values."""
    token = server.conwy.token
    fields = sorted(synced_entities()["worker"].fields)

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(changes=st.dictionaries(st.sampled_from(fields), ANY_JSON, max_size=6),
           operation=st.sampled_from(["insert", "update", "delete"]))
    def check(changes, operation):
        payload = worker_record(server.conwy.locality_id, 1)
        payload.update({name: value for name, value in changes.items() if name not in ("locality_id",)})
        body = {"schema_version": 1, "origin": str(uuid.uuid4()), "changes": [{
            "change_id": str(uuid.uuid4()), "entity": "worker", "entity_id": payload["id"] if isinstance(payload["id"], str) and _is_uuid(payload["id"]) else str(uuid.uuid4()),
            "operation": operation, "base_version": 0 if operation == "insert" else 1,
            "changed_fields": sorted(changes), "payload": payload}]}
        response = server.post(None, token=token, raw=canonical_json(body))
        assert response.status_code < 500, response.text
        assert response.status_code in (200, 400, 422), response.text

    check()


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
