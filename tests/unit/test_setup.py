"""Setting up a new locality database (the first-run window's action)."""

from __future__ import annotations

import sqlite3

import pytest

from localitydesk.domain.vocabulary import Language
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.services.setup import (
    FirstAdministrator,
    NewLocality,
    create_locality_database,
    new_locality_code,
    north_wales_locality,
    resolve_locality,
    validate_setup,
)


def _rows(path, sql):
    with sqlite3.connect(path) as connection:
        rows = connection.execute(sql).fetchall()
    connection.close()
    return rows


def test_a_north_wales_locality_knows_the_other_five_by_name_and_has_its_administrator(tmp_path):
    created = create_locality_database(tmp_path / "ld.sqlite3", north_wales_locality("WR"), FirstAdministrator("Gareth Hughes", Language.EN))
    assert created.locality_code == "WR"
    assert _rows(created.path, "SELECT code, is_home FROM locality ORDER BY code") == [
        ("CO", 0), ("DE", 0), ("FL", 0), ("GW", 0), ("WR", 1), ("YM", 0)
    ]
    assert _rows(created.path, "SELECT name, role, preferred_language, active FROM app_user") == [("Gareth Hughes", "admin", "en", 1)]
    # The administrator's creation is journalled like any other change.
    assert _rows(created.path, "SELECT entity, operation FROM outbox_change") == [("app_user", "insert")]
    assert _rows(created.path, "PRAGMA journal_mode") == [("delete",)]  # one file; the app turns WAL on when it opens it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ld.sqlite3"]


def test_another_locality_gets_a_code_unlike_the_six():
    assert new_locality_code("Powys") == "POW"
    assert new_locality_code("Côr y Cwm") == "COR"
    assert new_locality_code("Conwy") == "CON"
    assert new_locality_code("  ") == "LOC"
    assert new_locality_code("Gw") == "GW2"  # GW is Gwynedd's
    assert resolve_locality(NewLocality(" Ceredigion ", "")) == NewLocality("Ceredigion", "Ceredigion", "CER")


def test_a_north_wales_name_typed_by_hand_is_the_locality_already_known():
    assert resolve_locality(NewLocality("SIR Y FFLINT", "")).code == "FL"
    assert resolve_locality(NewLocality("", "isle of anglesey")) == north_wales_locality("YM")
    assert resolve_locality(NewLocality("Ynys Mon", "")).code == "YM"  # without the circumflex


@pytest.mark.parametrize(
    ("locality", "administrator", "fields"),
    [
        (NewLocality("", ""), FirstAdministrator("Elin"), {"locality"}),
        (NewLocality("x" * 121, ""), FirstAdministrator("Elin"), {"locality"}),
        (NewLocality("x" * 120, ""), FirstAdministrator("Elin"), set()),
        (NewLocality("", "", code="ZZ"), FirstAdministrator("Elin"), {"locality"}),
        (north_wales_locality("CO"), FirstAdministrator("   "), {"administrator"}),
        (north_wales_locality("CO"), FirstAdministrator("y" * 121), {"administrator"}),
        (north_wales_locality("CO"), FirstAdministrator("y" * 120), set()),
    ],
)
def test_validation_at_its_boundaries(locality, administrator, fields):
    assert set(validate_setup(locality, administrator)) == fields


def test_invalid_answers_make_no_file_and_messages_are_in_the_users_language(tmp_path):
    from localitydesk.i18n import set_language

    set_language("cy")
    with pytest.raises(ValidationError) as raised:
        create_locality_database(tmp_path / "ld.sqlite3", north_wales_locality("CO"), FirstAdministrator(""))
    assert raised.value.errors == {"administrator": "Rhowch enw'r gweinyddwr."}
    assert list(tmp_path.iterdir()) == []


def test_an_existing_database_is_never_written_over(tmp_path):
    path = tmp_path / "ld.sqlite3"
    path.write_bytes(b"precious")
    with pytest.raises(ServiceError, match="already exists"):
        create_locality_database(path, north_wales_locality("CO"), FirstAdministrator("Elin"))
    assert path.read_bytes() == b"precious"


def test_a_set_up_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    from localitydesk.services import setup

    def broken(*_args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(setup, "_fill", broken)
    with pytest.raises(RuntimeError):
        create_locality_database(tmp_path / "ld.sqlite3", north_wales_locality("CO"), FirstAdministrator("Elin"))
    assert list(tmp_path.iterdir()) == []
