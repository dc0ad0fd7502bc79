"""Only a live token of the locality gets in, and only to its own locality's rows —
checked by the application, and again by PostgreSQL's row-level security."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from localitydesk.regional.db import as_application, enter_locality
from localitydesk.regional.tokens import create_token, revoke_token, token_hash

from .helpers import Desktop, outcomes


def test_no_token(server):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    response = server.post(desk.batch(), token=None)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert server.written() == (0, 0, 0)


@pytest.mark.parametrize("token", ["ldr_" + "A" * 43, "nonsense", "x" * 500])
def test_wrong_token(server, token):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    response = server.post(desk.batch(), token=token)
    assert (response.status_code, response.json()["reason"]) == (401, "unauthorised")
    assert server.written() == (0, 0, 0)


def test_a_wrong_token_is_refused_before_the_body_is_judged(server):
    response = server.post(None, token="ldr_wrong", raw=b"{not json")
    assert response.status_code == 401


def test_revoked_token(server):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    assert revoke_token(server.engine, str(server.conwy.token_id)) == 1
    response = server.post(desk.batch(), token=desk.token.token)
    assert response.status_code == 401
    assert server.written() == (0, 0, 0)


def test_revoking_one_token_leaves_the_others(server):
    spare = create_token(server.engine, "CONWY", label="second laptop")
    assert revoke_token(server.engine, spare.token) == 1  # by the token itself
    desk = Desktop(server.conwy)
    desk.insert_worker()
    assert outcomes(server.push(desk)) == ["applied"]


def test_only_the_hash_is_stored(server):
    with server.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_sha256 FROM api_token WHERE id = :id"),
                                    {"id": server.conwy.token_id}).scalar_one()
    assert bytes(stored) == token_hash(server.conwy.token)
    assert len(server.conwy.token) >= 4 + 43  # 256 bits in base64url


def test_a_body_naming_another_locality_is_refused_whole(server):
    """Conwy's token with a batch whose last change claims to be Denbighshire's."""
    desk = Desktop(server.conwy)
    desk.insert_worker()
    desk.insert_worker(locality_id=str(server.denbigh.locality_id))
    response = server.post(desk.batch(), token=desk.token.token)
    assert (response.status_code, response.json()["reason"]) == (403, "other_locality")
    assert server.written() == (0, 0, 0)


def test_another_localitys_token_cannot_push_for_it(server):
    """Denbighshire's token carrying Conwy's records: refused, nothing written."""
    desk = Desktop(server.conwy)
    desk.insert_worker()
    response = server.post(desk.batch(), token=server.denbigh.token)
    assert response.status_code == 403
    assert server.written() == (0, 0, 0)


def test_a_record_without_a_locality_is_filed_under_the_tokens(server):
    desk = Desktop(server.conwy)
    record_id = desk.insert_worker()
    body = desk.batch()
    del body["changes"][0]["payload"]["locality_id"]
    assert outcomes(server.post(body, token=desk.token.token).json()) == ["applied"]
    stored = server.records()[record_id]
    assert stored["locality_id"] == server.conwy.locality_id
    assert stored["data"]["locality_id"] == str(server.conwy.locality_id)


def _seed_both(server):
    conwy, denbigh = Desktop(server.conwy), Desktop(server.denbigh)
    conwy_id, denbigh_id = conwy.insert_worker(), denbigh.insert_worker()
    server.push(conwy)
    server.push(denbigh)
    return conwy_id, denbigh_id


def test_row_level_security_hides_and_protects_another_localitys_rows(server):
    """SQL run as the application role, fenced to Conwy, aimed at Denbighshire."""
    conwy_id, denbigh_id = _seed_both(server)
    with as_application(server.engine) as sql:
        enter_locality(sql, server.conwy.locality_id)
        seen = {str(row[0]) for row in sql.execute(text("SELECT entity_id FROM record"))}
        assert seen == {conwy_id}
        assert sql.execute(text("SELECT count(*) FROM change_log")).scalar_one() == 1
        assert sql.execute(text("SELECT count(*) FROM push_batch")).scalar_one() == 1
        assert [row[0] for row in sql.execute(text("SELECT code FROM locality"))] == ["CONWY"]
        changed = sql.execute(text("UPDATE record SET data = '{}'::jsonb WHERE entity_id = :id"), {"id": denbigh_id})
        assert changed.rowcount == 0
    # Moving one's own row into another locality is refused by the policy's check.
    with pytest.raises(ProgrammingError, match="row-level security"):
        with as_application(server.engine) as sql:
            enter_locality(sql, server.conwy.locality_id)
            sql.execute(text("UPDATE record SET locality_id = :other WHERE entity_id = :id"),
                        {"other": server.denbigh.locality_id, "id": conwy_id})
    # Writing a row for another locality is refused.
    with pytest.raises(ProgrammingError, match="row-level security"):
        with as_application(server.engine) as sql:
            enter_locality(sql, server.conwy.locality_id)
            sql.execute(
                text("INSERT INTO record (entity, entity_id, locality_id, version, data, field_versions, last_change_seq) "
                     "VALUES ('worker', :id, :other, 1, '{}', '{}', 0)"),
                {"id": uuid.uuid4(), "other": server.denbigh.locality_id},
            )
    records = server.records()
    assert records[denbigh_id]["data"]["first_name"] == "Gwen"
    assert records[conwy_id]["locality_id"] == server.conwy.locality_id


def test_the_application_role_sees_nothing_before_a_locality_is_set(server):
    _seed_both(server)
    with as_application(server.engine) as sql:
        assert sql.execute(text("SELECT count(*) FROM record")).scalar_one() == 0
        assert sql.execute(text("SELECT count(*) FROM locality")).scalar_one() == 0


def test_the_application_role_cannot_read_tokens_or_delete(server):
    conwy_id, _ = _seed_both(server)
    with pytest.raises(ProgrammingError, match="permission denied"):
        with as_application(server.engine) as sql:
            sql.execute(text("SELECT * FROM api_token"))
    with pytest.raises(ProgrammingError, match="permission denied"):
        with as_application(server.engine) as sql:
            enter_locality(sql, server.conwy.locality_id)
            sql.execute(text("DELETE FROM record WHERE entity_id = :id"), {"id": conwy_id})
