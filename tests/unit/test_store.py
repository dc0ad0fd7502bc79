"""The database: schema owned by Alembic, pragmas, guards, journal, money and time types."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from localitydesk.domain.vocabulary import BookingKind, BookingStatus, ProviderType, RequestReason, Role
from localitydesk.store.database import (
    MIGRATIONS_DIR,
    NewerDatabaseError,
    alembic_config,
    head_revision,
    migrate,
    open_database,
    stored_revision,
)
from localitydesk.store.models import AuditEntry, Base, Booking, CoverRequest, OutboxChange, Provider, RateCardEntry, Worker
from tests.factories import add_worker


def test_upgrade_head_on_an_empty_file_gives_exactly_the_models_schema(tmp_path):
    db = open_database(tmp_path / "fresh.sqlite3")
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    db.close()
    assert differences == []
    assert stored_revision(tmp_path / "fresh.sqlite3") == head_revision()


def test_the_fast_path_head_matches_alembics_head():
    from localitydesk.store.database import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision(), "a migration was added: update SCHEMA_HEAD in store/database.py"


def test_sqlite_opens_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = open_database(tmp_path / "p.sqlite3")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.close()


def _scripts_with_extra_revision(tmp_path: Path) -> Path:
    """A copy of the real migrations plus one later revision, to exercise an upgrade."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    (scripts / "versions" / "9000_add_scratch_table.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("scratch")
''',
        encoding="utf-8",
    )
    return scripts


def test_a_copy_is_taken_before_a_migration_and_holds_the_old_data(tmp_path, today):
    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    from tests.factories import seed_locality

    seed_locality(db)
    add_worker(db, today)
    db.close()

    config = alembic_config(script_location=_scripts_with_extra_revision(tmp_path))
    backup = migrate(path, config)

    assert backup is not None and backup.exists()
    assert stored_revision(backup) == head_revision()  # the copy is the file as it was
    assert stored_revision(path) == "9000"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT first_name FROM worker").fetchone()[0] == "Siân"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_no_copy_when_nothing_needs_migrating(tmp_path):
    path = tmp_path / "current.sqlite3"
    open_database(path).close()
    assert migrate(path) is None
    assert list(tmp_path.glob("*.bak")) == []


def test_a_database_from_a_newer_version_is_refused_bilingually_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(NewerDatabaseError) as raised:
        open_database(path)

    message = str(raised.value)
    assert "fersiwn mwy newydd o LocalityDesk" in message  # Welsh first
    assert "newer version of LocalityDesk" in message
    assert message.index("fersiwn mwy newydd") < message.index("newer version")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_a_file_that_is_not_a_localitydesk_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    from localitydesk.store.database import DatabaseError

    with pytest.raises(DatabaseError, match="not a LocalityDesk database"):
        open_database(path)


def test_every_save_writes_an_outbox_change_and_an_audit_entry_in_the_same_transaction(db, today):
    worker_id = add_worker(db, today)
    with db.session() as session:
        changes = session.scalars(select(OutboxChange).where(OutboxChange.entity_id == worker_id)).all()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(worker_id))).all()
    assert [(c.operation, c.base_version) for c in changes] == [("insert", 0)]
    assert changes[0].payload["first_name"] == "Siân"
    assert audit[0].actor == "Test Admin" and audit[0].after["last_name"] == "Llwyd"


def test_a_failed_unit_of_work_leaves_neither_record_nor_journal(db, today):
    from localitydesk.services.unit_of_work import unit_of_work

    with pytest.raises(RuntimeError):
        with unit_of_work(db, action="doomed") as session:
            session.add(Worker(locality_id=_home(db), staff_number="X", first_name="A", last_name="B",
                               employment_type="bank", main_role="care_worker", start_date=today))
            session.flush()
            raise RuntimeError("power cut")
    with db.session() as session:
        assert session.scalar(select(Worker).where(Worker.staff_number == "X")) is None
        assert session.scalars(select(OutboxChange)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


def _home(db) -> uuid.UUID:
    from localitydesk.services.locality import home_locality

    return home_locality(db).id


def _request_and_worker(db, today, session):
    locality = _home(db)
    provider = Provider(locality_id=locality, name_cy="Tŷ Gwyn", name_en="Tŷ Gwyn", kind=ProviderType.CARE_HOME)
    session.add(provider)
    session.flush()
    start = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    requests = []
    for offset in (0, 4):  # the second overlaps the first by four hours
        request = CoverRequest(
            locality_id=locality, provider_id=provider.id, role=Role.CARE_WORKER,
            starts_at=start + timedelta(hours=offset), ends_at=start + timedelta(hours=offset + 8),
            reason=RequestReason.SICKNESS, requested_at=start - timedelta(days=1),
        )
        session.add(request)
        requests.append(request)
    session.flush()
    return locality, requests


def test_the_database_itself_refuses_a_double_booking(db, today):
    worker_id = add_worker(db, today)
    with db.session() as session, session.begin():
        locality, (first, second) = _request_and_worker(db, today, session)
        ids = [first.id, second.id]
        session.add(Booking(locality_id=locality, request_id=first.id, worker_id=worker_id, kind=BookingKind.BANK,
                            status=BookingStatus.CONFIRMED, starts_at=first.starts_at, ends_at=first.ends_at,
                            booked_at=first.requested_at))
    # A second window, a raw connection: the trigger refuses it all the same.
    with db.engine.begin() as connection, pytest.raises(IntegrityError, match="double booking"):
        connection.execute(
            text("INSERT INTO booking (id, locality_id, version, request_id, worker_id, kind, status, starts_at, ends_at,"
                 " booked_at, cancellation_reason, late_cancellation_chargeable, locked, override_reason, created_at, updated_at)"
                 " VALUES (:id, :loc, 1, :req, :worker, 'bank', 'offered', '2026-12-01 12:00:00.000000',"
                 " '2026-12-01 20:00:00.000000', '2026-11-30 08:00:00.000000', '', 0, 0, '', '2026-11-30 08:00:00.000000',"
                 " '2026-11-30 08:00:00.000000')"),
            {"id": uuid.uuid4().hex, "loc": locality.hex, "req": ids[1].hex, "worker": worker_id.hex},
        )


def test_a_cancelled_booking_does_not_block_a_new_one(db, today):
    worker_id = add_worker(db, today)
    with db.session() as session, session.begin():
        locality, (first, second) = _request_and_worker(db, today, session)
        session.add(Booking(locality_id=locality, request_id=first.id, worker_id=worker_id, kind=BookingKind.BANK,
                            status=BookingStatus.CANCELLED_BY_WORKER, starts_at=first.starts_at, ends_at=first.ends_at,
                            booked_at=first.requested_at))
        session.add(Booking(locality_id=locality, request_id=second.id, worker_id=worker_id, kind=BookingKind.BANK,
                            status=BookingStatus.CONFIRMED, starts_at=second.starts_at, ends_at=second.ends_at,
                            booked_at=second.requested_at))
    with db.session() as session:
        assert len(session.scalars(select(Booking)).all()) == 2


def test_money_is_exact_and_refuses_float(db):
    with db.session() as session, session.begin():
        session.info["journal"] = False
        provider = Provider(locality_id=_home(db), name_cy="Plas", name_en="Plas", kind=ProviderType.CARE_HOME)
        session.add(provider)
        session.flush()
        session.add(RateCardEntry(locality_id=provider.locality_id, provider_id=provider.id, role=Role.CARE_WORKER,
                                  effective_from=datetime(2026, 4, 1).date(), hourly_rate=Decimal("23.455")))
    with db.session() as session:
        assert session.scalar(select(RateCardEntry.hourly_rate)) == Decimal("23.455")
    with db.session() as session, pytest.raises(StatementError, match="never float"):
        session.add(RateCardEntry(locality_id=_home(db), provider_id=provider.id, role=Role.SUPPORT_WORKER,
                                  effective_from=datetime(2026, 4, 1).date(), hourly_rate=23.45))
        session.flush()


def test_instants_come_back_aware_utc_and_naive_ones_are_refused(db):
    with db.session() as session:
        provider = Provider(locality_id=_home(db), name_cy="Plas", name_en="Plas", kind=ProviderType.CARE_HOME)
        session.add(provider)
        session.flush()
        london_summer = datetime(2026, 7, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
        request = CoverRequest(locality_id=provider.locality_id, provider_id=provider.id, role=Role.CARE_WORKER,
                               starts_at=london_summer, ends_at=london_summer + timedelta(hours=8),
                               reason=RequestReason.SURGE, requested_at=london_summer)
        session.add(request)
        session.commit()
        session.expire_all()
        stored = session.get(CoverRequest, request.id).starts_at
        assert stored.tzinfo == timezone.utc and stored.hour == 8
        session.add(CoverRequest(locality_id=provider.locality_id, provider_id=provider.id, role=Role.CARE_WORKER,
                                 starts_at=datetime(2026, 7, 1, 9), ends_at=datetime(2026, 7, 1, 17),
                                 reason=RequestReason.SURGE, requested_at=london_summer))
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()
