"""Backups and restore: online copies, rotation, the daily rule, refusals, atomicity, SIGKILL."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from localitydesk.store import backup as store
from localitydesk.store.backup import (
    BackupFile,
    BackupKind,
    RotationPolicy,
    backup_name,
    backups_to_delete,
    daily_backup,
    list_backups,
    restore_file,
    take_backup,
)
from localitydesk.store.database import alembic_config, head_revision, open_database, stored_revision
from tests.factories import add_worker, seed_locality

KILL_CHILD = Path(__file__).with_name("kill_child.py")
REPO = Path(__file__).resolve().parents[2]


def _staff_numbers(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT staff_number FROM worker").fetchall()
    connection.close()
    return {row[0] for row in rows}


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def _files_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(f"{path}{suffix}")
        digest.update(part.read_bytes() if part.exists() else b"<none>")
    return digest.hexdigest()


def _locality_db(path: Path, today, *staff_numbers: str, code: str = "CO") -> Path:
    db = open_database(path)
    seed_locality(db, code)
    for number in staff_numbers:
        add_worker(db, today, staff_number=number)
    db.close()
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "backups"


# -- copies -----------------------------------------------------------------------
def test_a_backup_taken_while_the_app_writes_is_one_consistent_checked_file(db, today, folder):
    add_worker(db, today, staff_number="W1")
    # An open session holding uncommitted work must neither block the copy nor leak into it.
    session = db.session()
    session.connection().exec_driver_sql("INSERT INTO locality (id, code, name_cy, name_en, is_home, created_at, updated_at) "
                                         "VALUES (x'00', 'ZZ', 'a', 'b', 0, '2026-01-01', '2026-01-01')")
    try:
        backup = take_backup(db.path, folder, BackupKind.MANUAL)
    finally:
        session.rollback()
        session.close()

    assert backup.path.parent == folder and backup.kind is BackupKind.MANUAL and backup.database == db.path.stem
    assert [p.name for p in folder.iterdir()] == [backup.path.name]  # no -wal, -shm or temporary file beside it
    with sqlite3.connect(backup.path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM locality WHERE code = 'ZZ'").fetchone()[0] == 0
    assert _staff_numbers(backup.path) == {"W1"}
    assert stored_revision(backup.path) == head_revision()


def test_backup_names_round_trip_and_other_files_in_the_folder_are_ignored(folder):
    folder.mkdir()
    taken = datetime(2026, 3, 29, 0, 30, 5, 123456, tzinfo=timezone.utc)
    name = backup_name("sir-ddinbych.v2", BackupKind.BEFORE_MIGRATION, taken)
    assert name == "sir-ddinbych.v2-2026-03-29T003005.123456Z-before-migration.sqlite3"
    (folder / name).write_bytes(b"x")
    (folder / "notes.txt").write_text("not a backup")
    (folder / f".{name}.part-0123456789ab").write_bytes(b"half")
    (folder / "other-2026-03-29T003005.123456Z-daily.sqlite3").write_bytes(b"x")

    [found] = list_backups(folder, "sir-ddinbych.v2")
    assert (found.database, found.kind, found.taken_at, found.size) == ("sir-ddinbych.v2", BackupKind.BEFORE_MIGRATION, taken, 1)
    assert len(list_backups(folder)) == 2


def test_temporary_files_of_killed_copies_are_removed_once_an_hour_old(folder):
    folder.mkdir()
    fresh = folder / ".x.sqlite3.part-0123456789ab"
    old = folder / ".x.sqlite3.restoring-ba9876543210-journal"
    keep = folder / ".hidden-user-file"
    for path in (fresh, old, keep):
        path.write_bytes(b"")
    now = time.time()
    os.utime(old, (now - store.STALE_PARTIAL_AGE_S, now - store.STALE_PARTIAL_AGE_S))
    os.utime(fresh, (now - store.STALE_PARTIAL_AGE_S + 5, now - store.STALE_PARTIAL_AGE_S + 5))

    assert store.remove_stale_partials(folder, now) == [old]
    assert fresh.exists() and keep.exists()


# -- rotation -------------------------------------------------------------------------
def _fake(kind: BackupKind, taken_at: datetime) -> BackupFile:
    return BackupFile(Path(backup_name("db", kind, taken_at)), "db", kind, taken_at, 1)


def test_rotation_keeps_the_last_seven_days_and_the_newest_of_each_of_four_weeks():
    # One automatic backup a day at 08:00 for 40 days, ending Monday 23 November 2026.
    last = datetime(2026, 11, 23, 8, tzinfo=timezone.utc)
    daily = [_fake(BackupKind.DAILY, last - timedelta(days=n)) for n in range(40)]
    # A second one on the last day: only the newest of a day counts for that day.
    extra = _fake(BackupKind.DAILY, last + timedelta(hours=3))

    deleted = {b.path for b in backups_to_delete([*daily, extra], RotationPolicy(daily=7, weekly=4))}
    kept = sorted((b.taken_at.date() for b in [*daily, extra] if b.path not in deleted), reverse=True)

    from datetime import date

    seven_days = [date(2026, 11, 23) - timedelta(days=n) for n in range(7)]  # 17–23 Nov
    # Newest of ISO weeks 48 (23 Nov), 47 (Sun 22 Nov), 46 (Sun 15 Nov), 45 (Sun 8 Nov).
    weekly = [date(2026, 11, 15), date(2026, 11, 8)]
    assert kept == seven_days + weekly
    assert extra.path not in deleted and daily[0].path in deleted


def test_rotation_counts_days_in_wales_not_in_utc():
    # 23:30 UTC on 30 June is 00:30 on 1 July in Wales (BST): two different days.
    late = _fake(BackupKind.DAILY, datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc))
    earlier = _fake(BackupKind.DAILY, datetime(2026, 6, 30, 22, 30, tzinfo=timezone.utc))
    assert backups_to_delete([late, earlier], RotationPolicy(daily=2, weekly=0)) == []
    assert backups_to_delete([late, earlier], RotationPolicy(daily=1, weekly=0)) == [earlier]


def test_rotation_keeps_other_kinds_by_count_and_never_mixes_kinds():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    manual = [_fake(BackupKind.MANUAL, start + timedelta(minutes=n)) for n in range(5)]
    migration = [_fake(BackupKind.BEFORE_MIGRATION, start + timedelta(days=n)) for n in range(3)]
    restore = [_fake(BackupKind.BEFORE_RESTORE, start + timedelta(days=n)) for n in range(2)]
    policy = RotationPolicy(daily=7, weekly=4, manual=3, before_migration=1, before_restore=2)

    deleted = backups_to_delete([*manual, *migration, *restore], policy)

    assert deleted == [manual[0], migration[0], manual[1], migration[1]]


def test_taking_backups_rotates_the_folder_of_that_database_only(tmp_path, today, folder):
    path = _locality_db(tmp_path / "conwy.sqlite3", today, "W1")
    other = folder / backup_name("demo", BackupKind.MANUAL, datetime(2020, 1, 1, tzinfo=timezone.utc))
    folder.mkdir()
    other.write_bytes(b"someone else's")
    start = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
    for n in range(4):
        take_backup(path, folder, BackupKind.MANUAL, now=start + timedelta(hours=n), policy=RotationPolicy(manual=2))

    assert [b.taken_at for b in list_backups(folder, "conwy")] == [start + timedelta(hours=3), start + timedelta(hours=2)]
    assert other.exists()


# -- the daily backup -------------------------------------------------------------------
def test_the_automatic_backup_is_taken_at_most_once_a_day(tmp_path, today, folder):
    path = _locality_db(tmp_path / "conwy.sqlite3", today, "W1")
    # 09:00 BST on 1 July 2026, then later that day, then the first second of 2 July in Wales.
    morning = datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc)
    last_second = datetime(2026, 7, 1, 22, 59, 59, tzinfo=timezone.utc)
    midnight = datetime(2026, 7, 1, 23, 0, 0, tzinfo=timezone.utc)

    first = daily_backup(path, folder, now=morning)
    assert first is not None and first.kind is BackupKind.DAILY
    assert daily_backup(path, folder, now=morning + timedelta(minutes=1)) is None
    assert daily_backup(path, folder, now=last_second) is None
    second = daily_backup(path, folder, now=midnight)
    assert second is not None
    assert [b.path for b in list_backups(folder, "conwy")] == [second.path, first.path]


def test_a_manual_backup_does_not_count_as_the_days_automatic_one(tmp_path, today, folder):
    path = _locality_db(tmp_path / "conwy.sqlite3", today, "W1")
    now = datetime(2026, 7, 1, 8, tzinfo=timezone.utc)
    take_backup(path, folder, BackupKind.MANUAL, now=now)
    assert daily_backup(path, folder, now=now + timedelta(hours=1)) is not None


def test_no_automatic_backup_of_a_database_that_does_not_exist_yet(tmp_path, folder):
    assert daily_backup(tmp_path / "missing.sqlite3", folder) is None
    assert not (tmp_path / "missing.sqlite3").exists()


# -- restore ------------------------------------------------------------------------------
def test_restore_replaces_the_database_and_keeps_a_copy_of_it_first(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1", "OLD2")
    source = _locality_db(tmp_path / "source.sqlite3", today, "NEW1", code="DE")

    result = restore_file(source, target, folder)

    assert _staff_numbers(target) == {"NEW1"}
    assert result.contents.locality_code == "DE" and result.contents.workers == 1
    assert result.previous is not None and result.previous.kind is BackupKind.BEFORE_RESTORE
    assert _staff_numbers(result.previous.path) == {"OLD1", "OLD2"}
    assert _staff_numbers(source) == {"NEW1"}  # the backup itself is untouched
    assert _integrity(target) == "ok"
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == []


def test_restore_discards_the_old_write_ahead_log_instead_of_replaying_it(tmp_path, today, folder):
    """A database left by a crashed app has saves only in its -wal; they must
    end up in the kept copy, and never be replayed onto the restored file."""
    live = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    crashed = tmp_path / "crashed.sqlite3"
    holder = sqlite3.connect(live)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("UPDATE worker SET first_name = 'Only in the log'")
    holder.commit()
    for suffix in ("", "-wal", "-shm"):  # the files as a killed app leaves them
        shutil.copyfile(f"{live}{suffix}", f"{crashed}{suffix}")
    holder.close()
    assert Path(f"{crashed}-wal").stat().st_size > 0
    source = _locality_db(tmp_path / "source.sqlite3", today, "NEW1", code="DE")

    result = restore_file(source, crashed, folder)

    assert not Path(f"{crashed}-wal").exists() and not Path(f"{crashed}-shm").exists()
    with sqlite3.connect(crashed) as connection:
        assert connection.execute("SELECT staff_number, first_name FROM worker").fetchall() == [("NEW1", "Siân")]
    with sqlite3.connect(result.previous.path) as connection:
        assert connection.execute("SELECT first_name FROM worker").fetchone()[0] == "Only in the log"


def _refused(source: Path, target: Path, folder: Path, match: str):
    before = _files_digest(target)
    with pytest.raises(store.BackupError, match=match) as raised:
        restore_file(source, target, folder)
    assert _files_digest(target) == before
    assert list_backups(folder) == []  # nothing to keep: nothing was replaced
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []
    return raised.value


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    text = tmp_path / "rota.sqlite3"
    text.write_text("Dydd Llun: Siân\n", encoding="utf-8")
    error = _refused(text, target, folder, "is not a LocalityDesk database")
    assert error.in_current_language() == f"{text} is not a LocalityDesk database."


def test_restore_refuses_another_programs_database(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    other = tmp_path / "recipes.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipe (name TEXT)")
    connection.close()
    _refused(other, target, folder, "is not a LocalityDesk database")


def test_restore_refuses_a_database_from_a_newer_version(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    future = _locality_db(tmp_path / "future.sqlite3", today, "NEW1")
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    connection.close()
    _refused(future, target, folder, "saved by a newer version of LocalityDesk")
    assert _staff_numbers(target) == {"OLD1"}


def test_restore_refuses_a_damaged_backup(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    damaged = _locality_db(tmp_path / "damaged.sqlite3", today, *[f"N{n}" for n in range(40)])
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):  # scribble over every other page
        data[offset + 100 : offset + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    _refused(damaged, target, folder, "damaged|not a LocalityDesk database|cannot be read")


def test_restore_refuses_while_another_program_has_the_database_open(tmp_path, today, folder, monkeypatch):
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.2)
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    source = _locality_db(tmp_path / "source.sqlite3", today, "NEW1")
    other_app = open_database(target)
    with other_app.session() as session:
        session.connection().exec_driver_sql("SELECT 1")
        with pytest.raises(store.BackupError, match="in use by another program"):
            restore_file(source, target, folder)
    other_app.close()
    assert _staff_numbers(target) == {"OLD1"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_restore_of_an_older_backup_brings_it_to_this_versions_schema(tmp_path, today, folder):
    from tests.unit.test_store import _scripts_with_extra_revision

    config = alembic_config(script_location=_scripts_with_extra_revision(tmp_path))
    target = _locality_db(tmp_path / "live.sqlite3", today, "OLD1")
    older = _locality_db(tmp_path / "older.sqlite3", today, "NEW1")

    restore_file(older, target, folder, migration_config=config)

    assert stored_revision(target) == "9000"
    assert stored_revision(older) == head_revision()  # the backup itself is not migrated
    assert _staff_numbers(target) == {"NEW1"}


def test_restore_onto_a_new_machine_with_no_database_yet(tmp_path, today, folder):
    source = _locality_db(tmp_path / "from-the-old-laptop.sqlite3", today, "W1")
    target = tmp_path / "new" / "localitydesk.sqlite3"
    result = restore_file(source, target, folder)
    assert result.previous is None and _staff_numbers(target) == {"W1"}
    opened = open_database(target)
    opened.close()


def test_restore_refuses_the_database_itself(tmp_path, today, folder):
    target = _locality_db(tmp_path / "live.sqlite3", today, "W1")
    with pytest.raises(store.BackupError, match="is the database itself"):
        restore_file(target, target, folder)


# -- SIGKILL ------------------------------------------------------------------------------------
def _spawn(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, str(KILL_CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def _kill_at_random(child: subprocess.Popen, rng: random.Random, longest_s: float) -> list[str]:
    """Let the child start working, SIGKILL it at a random moment, return its acknowledgements."""
    first = child.stdout.readline()
    if not first:
        raise AssertionError("the child died before working: " + child.stderr.read())
    time.sleep(rng.uniform(0, longest_s))
    child.send_signal(signal.SIGKILL)
    rest, errors = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, errors
    return [first.strip(), *rest.splitlines()]


@pytest.mark.slow
def test_sigkill_during_saves_and_backups_loses_nothing_acknowledged(tmp_path, today, folder):
    rng = random.Random(8)
    database = _locality_db(tmp_path / "live.sqlite3", today)
    acknowledged: set[str] = set()
    backed_up: dict[Path, str] = {}
    deadline = time.monotonic() + 15
    runs = 0
    while runs < 8 or (time.monotonic() < deadline and runs < 40):
        child = _spawn("saves", str(database), str(folder), str(runs * 100_000 + 1))
        lines = _kill_at_random(child, rng, longest_s=0.5)
        runs += 1
        for line in lines:
            words = line.split()
            if words[0] == "saved":
                acknowledged.add(words[1])
            elif words[0] == "backup":
                backed_up[Path(words[2])] = words[1]

        assert _integrity(database) == "ok"
        present = _staff_numbers(database)
        assert acknowledged <= present, f"run {runs}: lost {sorted(acknowledged - present)}"
        newest = list_backups(folder, database.stem)
        if newest:
            # The newest finished backup opens, is sound, and holds what was saved before it.
            contents = store.inspect_backup(newest[0].path)
            assert contents.revision == head_revision()
            if newest[0].path in backed_up:
                assert backed_up[newest[0].path] in _staff_numbers(newest[0].path)
    assert runs >= 8 and len(acknowledged) > 0 and backed_up


@pytest.mark.slow
def test_sigkill_during_restores_leaves_one_whole_database_or_the_other(tmp_path, today, folder):
    rng = random.Random(3)
    first = _locality_db(tmp_path / "a.sqlite3", today, "A1", "A2")
    second = _locality_db(tmp_path / "b.sqlite3", today, "B1", code="DE")
    target = _locality_db(tmp_path / "live.sqlite3", today, "LIVE")
    expected = {"A": {"A1", "A2"}, "B": {"B1"}}
    deadline = time.monotonic() + 12
    runs = 0
    any_finished = False
    while runs < 5 or (time.monotonic() < deadline and runs < 30):
        child = _spawn("restores", str(target), str(folder), str(first), str(second))
        lines = _kill_at_random(child, rng, longest_s=1.2)
        runs += 1
        any_finished = any_finished or any(line.startswith("restored") for line in lines)
        assert _integrity(target) == "ok"
        # Whole A or whole B; the original only while no restore has finished yet
        # (one may finish and be killed before it says so).
        allowed = [expected["A"], expected["B"]] + ([] if any_finished else [{"LIVE"}])
        assert _staff_numbers(target) in allowed
        for backup in list_backups(folder, "live")[:1]:
            assert store.inspect_backup(backup.path).workers >= 1
        opened = open_database(target)
        opened.close()
    assert runs >= 5 and any_finished


# -- the command line ------------------------------------------------------------------------------
def test_cli_backup_to_a_file_then_restore_it_in_welsh(tmp_path, today, capsys, isolated_user_data):
    from localitydesk.cli import main

    live = _locality_db(tmp_path / "live.sqlite3", today, "W1")
    out = tmp_path / "copy.sqlite3"
    assert main(["--db", str(live), "backup", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Backup written to {out}\n"
    assert _staff_numbers(out) == {"W1"}

    add_worker_db = open_database(live)
    add_worker(add_worker_db, today, staff_number="W2")
    add_worker_db.close()
    assert main(["--lang", "cy", "--db", str(live), "restore", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Wedi adfer Conwy o {out} i {live}."
    [kept] = list_backups(isolated_user_data / "backups", "live")
    assert printed[1] == f"Mae'r gronfa ddata fel yr oedd cyn hyn wedi'i chadw yn {kept.path}"
    assert _staff_numbers(live) == {"W1"} and _staff_numbers(kept.path) == {"W1", "W2"}


def test_cli_backup_into_the_folder_and_list(tmp_path, today, capsys):
    from localitydesk.cli import main

    live = _locality_db(tmp_path / "live.sqlite3", today, "W1")
    folder = tmp_path / "chosen"
    assert main(["--db", str(live), "backup", "--folder", str(folder)]) == 0
    [made] = list_backups(folder, "live")
    assert capsys.readouterr().out == f"Backup written to {made.path}\n"
    assert main(["--db", str(live), "backup", "--folder", str(folder), "--list"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"made by hand  {made.path}")


def test_cli_refusals_are_messages_with_a_failing_exit_code(tmp_path, today, capsys):
    from localitydesk.cli import main

    live = _locality_db(tmp_path / "live.sqlite3", today, "W1")
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    assert main(["--db", str(live), "restore", str(junk)]) == 1
    assert capsys.readouterr().err == f"error: {junk} is not a LocalityDesk database.\n"
    assert main(["--db", str(live), "backup", "--out", str(live)]) == 1
    assert capsys.readouterr().err == "error: The backup cannot be written over the database itself.\n"
    assert main(["--db", str(tmp_path / "missing.sqlite3"), "backup"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert _staff_numbers(live) == {"W1"}


def test_errors_read_welsh_first_when_the_language_is_unknown(tmp_path):
    from localitydesk.i18n import translate_in

    error = store.BackupError("{path} is not a LocalityDesk database.", path=tmp_path)
    welsh, english = str(error).split("\n\n")
    assert welsh == translate_in("cy", "{path} is not a LocalityDesk database.").format(path=tmp_path)
    assert welsh != english == f"{tmp_path} is not a LocalityDesk database."
