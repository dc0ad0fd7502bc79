"""What a batch is decided against comes back from PostgreSQL exactly as it was stored."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import insert

from localitydesk.regional.loading import load
from localitydesk.regional.merge import IncomingChange
from localitydesk.regional.schema import record
from localitydesk.regional.tokens import enter_as_caller
from localitydesk.sync.protocol import Operation


def test_a_stored_record_is_read_back_exactly(server):
    caller_token = server.conwy
    record_id = str(uuid.uuid4())
    data = {
        "id": record_id,
        "locality_id": str(caller_token.locality_id),
        "big": 2**70,
        "negative": -(2**66),
        "half": 1.5,
        "flag": True,
        "nothing": None,
        "notes_cy": "Gŵyl Dewi — ŵ ŷ â ê î ô û",
        "nested": {"list": [1, "2", {"z": False}]},
    }
    with server.engine.begin() as connection:
        connection.execute(insert(record).values(
            entity="worker", entity_id=uuid.UUID(record_id), locality_id=caller_token.locality_id, version=3,
            deleted=False, data=data, field_versions={"*": [1, "someone"]}, last_change_seq=1))

    change = IncomingChange(str(uuid.uuid4()), "worker", record_id, Operation.UPDATE, 3, ("notes_cy",), {})
    with server.engine.begin() as connection:
        caller = enter_as_caller(connection, caller_token.token)
        state = load(connection, uuid.uuid4(), [change], caller.locality_id, "k" * 20)

    loaded = state.records[("worker", record_id)]
    assert json.dumps(loaded.data, sort_keys=True) == json.dumps(data, sort_keys=True)  # 1.5 stays a float, 2**70 an int
    assert type(loaded.data["big"]) is int and type(loaded.data["half"]) is float
    assert (loaded.version, loaded.deleted, loaded.field_versions) == (3, False, {"*": [1, "someone"]})
