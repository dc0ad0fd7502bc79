"""Providers to and from CSV and XLSX: lossless round trips, every bad row reported."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from localitydesk.cli import main
from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role
from localitydesk.i18n import set_language
from localitydesk.services.provider_io import HEADERS, export_providers, import_providers
from localitydesk.services.provider_io.service import content
from localitydesk.services.providers import (
    ContactEntry,
    PreferenceEntry,
    ProviderProfile,
    RateEntry,
    list_providers,
    load_provider,
    save_provider,
)
from localitydesk.store.database import open_database
from localitydesk.store.models import AuditEntry, OutboxChange, Provider, RateCardEntry, Worker
from tests.factories import ADMIN, add_worker, seed_locality


def tŷ_gwyn(workers, **overrides) -> ProviderProfile:
    preferred, barred = workers
    values = dict(
        name_cy="Tŷ Gwyn; Llŷn|Môn", name_en="Tŷ Gwyn Care Home", kind=ProviderType.NURSING_HOME, town="pwllheli",
        address="1 Ffordd yr Ŵyn\nPwllheli", phone="01758 000000", email="post@tygwyn.example", needs_driver=True,
        people_supported=30, people_preferring_welsh=12, welsh_essential_roles=["care_worker", "registered_nurse"],
        welsh_essential_level=4, charging_basis=ChargingBasis.COST_RECHARGE,
        notes="=SUM(A1) is text\r\nail linell, gyda choma, a \\ slaes",
        contacts=[ContactEntry("Eleri Ŵyn", ContactKind.SIGNATORY, "Rheolwr; dros dro", "", "eleri@tygwyn.example"),
                  ContactEntry("Mark Jones", ContactKind.CONTACT, "", "07700 900123", "")],
        rates=[RateEntry(Role.CARE_WORKER, date(2026, 4, 1), Decimal("24.50"), Decimal("10"), Decimal("20"),
                         Decimal("15"), Decimal("100")),
               RateEntry(Role.CARE_WORKER, date(2025, 4, 1), Decimal("23.125"))],
        preferences=[PreferenceEntry(preferred, PreferenceKind.PREFERRED),
                     PreferenceEntry(barred, PreferenceKind.DO_NOT_SEND, "Cwyn gan y teulu | 2025; eto")],
    )
    values.update(overrides)
    return ProviderProfile(**values)


def _two_workers(db, today):
    return (add_worker(db, today, staff_number="W0001"), add_worker(db, today, staff_number="W0002", first_name="Ben"))


def _contents(db) -> dict:
    """Providers by names, with preferences by staff number: comparable across databases."""
    with db.session() as session:
        numbers = dict(session.execute(select(Worker.id, Worker.staff_number)).all())
    result = {}
    for row in list_providers(db):
        profile = load_provider(db, row.id)
        for preference in profile.preferences:
            preference.worker_id = numbers[preference.worker_id]
        result[(profile.name_cy, profile.name_en)] = content(profile)
    return result


def _counts(db) -> tuple[int, int, int]:
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Provider)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(OutboxChange)),
        )


@pytest.fixture
def second_db(tmp_path, today):
    database = open_database(tmp_path / "second.sqlite3")
    seed_locality(database)
    _two_workers(database, today)
    yield database
    database.close()


def write_csv(path, rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(header, "") for header in headers])


def good_row(**overrides) -> dict:
    row = {
        "name_cy": "Cartref Bryn Ŷd",
        "name_en": "Bryn Ŷd Care Home",
        "kind": "care_home",
        "town": "Conwy",
        "people_supported": "20",
        "people_preferring_welsh": "8",
        "contacts": "signatory|Gwen Huws|Rheolwr||",
        "rates": "care_worker|2026-04-01|22.00|0|0|0|0",
        "preferences": "W0001|preferred|",
    }
    row.update(overrides)
    return row


# -- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_is_lossless_with_welsh_letters(db, second_db, today, tmp_path, suffix):
    workers = _two_workers(db, today)
    save_provider(db, ADMIN, tŷ_gwyn(workers))
    save_provider(db, ADMIN, ProviderProfile(name_cy="Ward Ŵy", name_en="", kind=ProviderType.NHS_WARD, town="Rhywle"))
    first = tmp_path / f"first.{suffix}"
    assert export_providers(db, first).rows == 2

    report = import_providers(second_db, ADMIN, first)
    assert (report.created, report.updated, report.errors, report.written) == (2, 0, [], True)
    assert _contents(second_db) == _contents(db)
    # The file's ids are kept, so the next import of it matches by id.
    assert {row.id for row in list_providers(second_db)} == {row.id for row in list_providers(db)}

    second = tmp_path / f"second.{suffix}"
    export_providers(second_db, second)
    if suffix == "csv":
        assert second.read_bytes() == first.read_bytes()
        assert first.read_bytes().startswith(b"\xef\xbb\xbf")
        text = first.read_text(encoding="utf-8-sig")
        assert "Tŷ Gwyn; Llŷn|Môn" in text and "W0002|do_not_send|Cwyn gan y teulu \\| 2025\\; eto" in text
    else:
        rows = list(load_workbook(first).active.iter_rows(values_only=True))
        assert rows == list(load_workbook(second).active.iter_rows(values_only=True))
        assert rows[0] == HEADERS
        assert load_workbook(first).sheetnames == ["providers"]

    before = _counts(second_db)
    again = import_providers(second_db, ADMIN, second)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    assert _counts(second_db) == before  # nothing written, nothing journalled


def test_an_edited_rate_and_contact_are_changed_in_place(db, today, tmp_path):
    workers = _two_workers(db, today)
    provider_id = save_provider(db, ADMIN, tŷ_gwyn(workers))
    before = load_provider(db, provider_id)
    path = tmp_path / "p.csv"
    write_csv(path, [{"id": str(provider_id),
                      "rates": "care_worker|2026-04-01|25.00|10|20|15|100; care_worker|2025-04-01|23.125|0|0|0|0",
                      "contacts": "signatory|Eleri Ŵyn|Rheolwr|01758 111111|; contact|Mark Jones||07700 900123|"}])
    report = import_providers(db, ADMIN, path)
    assert (report.updated, report.errors) == (1, [])
    after = load_provider(db, provider_id)
    assert {r.id for r in after.rates} == {r.id for r in before.rates}
    assert {c.id for c in after.contacts} == {c.id for c in before.contacts}
    assert [r.hourly_rate for r in after.rates if r.effective_from == date(2026, 4, 1)] == [Decimal("25.00")]
    assert after.preferences and after.name_cy == before.name_cy  # columns left out are kept


def test_rows_without_an_id_match_by_both_names(db, today, tmp_path):
    _two_workers(db, today)
    provider_id = save_provider(db, ADMIN, ProviderProfile(name_cy="Cartref Bryn Ŷd", name_en="Bryn Ŷd Care Home"))
    path = tmp_path / "names.csv"
    write_csv(path, [good_row(), good_row(name_en="Bryn Ŷd Nursing Home")])
    report = import_providers(db, ADMIN, path)
    assert (report.updated, report.created, report.errors) == (1, 1, [])
    assert load_provider(db, provider_id).people_supported == 20


# -- bad rows ------------------------------------------------------------------------------


def test_every_kind_of_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written(db, today, tmp_path):
    _two_workers(db, today)
    path = tmp_path / "bad.csv"
    write_csv(path, [
        good_row(name_cy="", name_en=""),                                          # row 2: no name
        good_row(name_cy="B", kind="castle"),                                      # row 3: unknown type
        good_row(name_cy="C", people_supported="5", people_preferring_welsh="6"),  # row 4: more than supported
        good_row(name_cy="D", rates="care_worker|2026-04-01|22.00; care_worker|2026-13-01|1|0|0|0|0"),  # row 5
        good_row(name_cy="E", rates="care_worker|2026-04-01|0|0|0|0|0"),           # row 6: rate not above £0
        good_row(name_cy="F", preferences="W0001|preferred|; W9999|preferred|"),   # row 7: unknown worker
        good_row(name_cy="G", preferences="W0002|do_not_send|"),                   # row 8: no reason
        good_row(name_cy="H", contacts="signatory||Rheolwr||"),                    # row 9: contact without name
        good_row(name_cy="I", id="not-a-uuid"),                                    # row 10: bad id
        good_row(name_cy="J"),                                                     # row 11: duplicate…
        good_row(name_cy="J"),                                                     # row 12: …of row 11
        good_row(name_cy="K", email="post at example"),                            # row 13: email
        good_row(name_cy="L", welsh_essential_roles="care_worker,porter"),         # row 14: unknown role
        good_row(name_cy="M", welsh_essential_level="7"),                          # row 15: level out of range
        good_row(name_cy="N", kind=""),                                            # row 16: required code empty
        good_row(name_cy="O"),                                                     # row 17: fine
    ])
    before = _counts(db)
    report = import_providers(db, ADMIN, path)

    found = {(problem.row, problem.column): problem.message for problem in report.errors}
    assert found[(2, "name_cy")] == "Give the provider's name in Welsh, English or both."
    assert found[(3, "kind")] == "“castle” is not a type of provider LocalityDesk knows."
    assert found[(4, "people_preferring_welsh")] == "More people prefer Welsh than the provider supports."
    assert found[(5, "rates")] == ("Item 1: write each item as role|from|hourly rate|Saturday %|Sunday %|night %|"
                                   "bank holiday %.")
    assert found[(6, "rates")] == "Item 1: Each rate needs an hourly rate above £0."
    assert found[(7, "preferences")] == "Item 2: No worker has staff number “W9999”."
    assert found[(8, "preferences")] == "Item 1: Record why the provider asked us not to send this worker."
    assert found[(9, "contacts")] == "Item 1: Each contact needs a name."
    assert found[(10, "id")].startswith("“not-a-uuid” is not a LocalityDesk provider id")
    assert found[(11, "name_cy")] == "This provider is also on row 12."
    assert found[(12, "name_cy")] == "This provider is also on row 11."
    assert found[(13, "email")] == "This does not look like an email address."
    assert found[(14, "welsh_essential_roles")] == "“porter” is not a role LocalityDesk knows."
    assert found[(15, "welsh_essential_level")] == "Choose a Welsh level from 1 (Entry) to 5 (Proficient)."
    assert found[(16, "kind")] == "This field is required."
    assert {row for row, _column in found} == set(range(2, 17))
    assert (report.rows_read, report.rows_ok, report.rows_with_errors) == (16, 1, 15)
    assert report.refused and not report.written
    assert _counts(db) == before


def test_a_later_bad_item_in_a_rate_list_is_numbered(db, today, tmp_path):
    path = tmp_path / "rates.csv"
    write_csv(path, [good_row(rates="care_worker|2026-04-01|22|0|0|0|0; care_worker|2026-04-01|23|0|0|0|0", preferences="")])
    report = import_providers(db, ADMIN, path)
    assert [(p.row, p.column, p.message) for p in report.errors] == [
        (2, "rates", "Item 2: Two rates for the same role take effect on the same day.")]


def test_ids_of_removed_or_unmatchable_rows_are_refused(db, today, tmp_path):
    provider_id = save_provider(db, ADMIN, ProviderProfile(name_cy="Hen", name_en="Old"))
    with db.session() as session, session.begin():
        from localitydesk.store.types import utc_now

        session.get(Provider, provider_id).deleted_at = utc_now()
    path = tmp_path / "ids.csv"
    write_csv(path, [{"id": str(provider_id), "kind": "care_home"}, {"id": "", "kind": "care_home"}])
    report = import_providers(db, ADMIN, path, valid_only=True)
    found = {(p.row, p.column): p.message for p in report.errors}
    assert found[(2, "id")] == "This provider was removed from LocalityDesk; clear the id to add it again."
    assert found[(3, "id")] == "Give the provider's id, or both its names, so the row can be matched."
    assert not report.written


def test_header_problems_refuse_the_file_even_with_valid_only(db, tmp_path):
    path = tmp_path / "headers.csv"
    write_csv(path, [{"name_cy": "A", "kind": "care_home", "colour": "blue"}])
    report = import_providers(db, ADMIN, path, valid_only=True)
    assert sorted((p.row, p.column) for p in report.errors) == [(1, "colour"), (1, "id")]
    assert not report.written and _counts(db)[0] == 0


def test_valid_only_imports_the_good_rows_and_skips_the_rest(db, today, tmp_path):
    _two_workers(db, today)
    path = tmp_path / "mixed.csv"
    write_csv(path, [good_row(name_cy="A"), good_row(name_cy="B", people_supported="lots"), good_row(name_cy="C")])
    report = import_providers(db, ADMIN, path, valid_only=True)
    assert report.written and (report.created, report.rows_ok) == (2, 2)
    assert [(p.row, p.column) for p in report.errors] == [(3, "people_supported")]
    assert sorted(row.name_cy for row in list_providers(db)) == ["A", "C"]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db, today, tmp_path):
    _two_workers(db, today)
    save_provider(db, ADMIN, ProviderProfile(name_cy="Cartref Bryn Ŷd", name_en="Bryn Ŷd Care Home"))
    path = tmp_path / "dry.csv"
    write_csv(path, [good_row(), good_row(name_cy="Newydd")])
    before = (_counts(db), _contents(db))
    report = import_providers(db, ADMIN, path, dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.written) == (1, 1, 0, False)
    assert (_counts(db), _contents(db)) == before


def test_import_journals_each_provider_and_reads_town_names(db, today, tmp_path):
    _two_workers(db, today)
    path = tmp_path / "journal.csv"
    write_csv(path, [good_row()])
    import_providers(db, ADMIN, path)
    with db.session() as session:
        audits = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_providers")).all()
        assert {a.entity for a in audits} >= {"provider", "rate_card_entry"}
        assert all(a.reason == "journal.csv" for a in audits)
        provider = session.scalars(select(Provider)).one()
        assert provider.town == "conwy"
        assert session.scalar(select(func.count()).select_from(RateCardEntry)) == 1


def test_problems_are_reported_in_welsh_when_the_ui_is_welsh(db, tmp_path):
    path = tmp_path / "cy.csv"
    write_csv(path, [good_row(people_supported="5", people_preferring_welsh="6", preferences=""),
                     good_row(name_cy="B", kind="castell", preferences="")])
    set_language("cy")
    report = import_providers(db, ADMIN, path)
    assert report.errors[0].column == "people_preferring_welsh"
    assert report.errors[1].message == "Nid yw “castell” yn fath o ddarparwr y mae LocalityDesk yn ei adnabod."
    assert report.errors[0].message == "Mae mwy o bobl yn dewis Cymraeg nag y mae'r darparwr yn eu cefnogi."


# -- the command line ------------------------------------------------------------------------------


def test_cli_export_and_import_round_trip_and_report_bad_rows(db, today, tmp_path, capsys):
    save_provider(db, ADMIN, tŷ_gwyn(_two_workers(db, today)))
    path = tmp_path / "out.xlsx"
    assert main(["--db", str(db.path), "providers", "export", str(path)]) == 0
    assert "1" in capsys.readouterr().out

    assert main(["--db", str(db.path), "providers", "import", str(path), "--dry-run"]) == 0
    assert "Nothing was written" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    write_csv(bad, [good_row(name_cy="Z1", kind="castle"), good_row(name_cy="Z2")])
    assert main(["--db", str(db.path), "providers", "import", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "row 2, kind: “castle” is not a type of provider LocalityDesk knows." in captured.err
    assert "--valid-only" in captured.err

    assert main(["--db", str(db.path), "providers", "import", str(bad), "--valid-only"]) == 0
    captured = capsys.readouterr()
    assert "added 1" in captured.out and "row 2, kind" in captured.err
    assert sorted(row.name_cy for row in list_providers(db)) == ["Tŷ Gwyn; Llŷn|Môn", "Z2"]
