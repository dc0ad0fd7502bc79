"""The process the kill tests SIGKILL: a stream of real saves and backups, or of restores.

    python tests/unit/kill_child.py saves DB FOLDER FIRST_NUMBER
    python tests/unit/kill_child.py restores TARGET FOLDER BACKUP_A BACKUP_B

Each line on stdout is an acknowledgement printed only after the work it
names has finished (the save committed, the backup renamed into place, the
restore renamed into place), which is the moment the app would tell the user.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

BACKUP_EVERY = 4


def saves(database: Path, folder: Path, first: int) -> None:
    from localitydesk.store.backup import BackupKind, take_backup
    from localitydesk.store.database import open_database
    from tests.factories import add_worker

    db = open_database(database)
    today = date(2026, 11, 23)
    number = first
    while True:
        staff_number = f"K{number:07d}"
        add_worker(db, today, staff_number=staff_number, first_name="Gwenno", last_name=f"Rhys {number}")
        print(f"saved {staff_number}", flush=True)
        if number % BACKUP_EVERY == 0:
            backup = take_backup(database, folder, BackupKind.MANUAL)
            print(f"backup {staff_number} {backup.path}", flush=True)
        number += 1


def restores(target: Path, folder: Path, first: Path, second: Path) -> None:
    from localitydesk.store.backup import inspect_backup, restore_file

    inspect_backup(first)  # imports and first reads done before the clock starts
    print("started", flush=True)
    sources = {"A": first, "B": second}
    turn = 0
    while True:
        name = "AB"[turn % 2]
        restore_file(sources[name], target, folder)
        print(f"restored {name}", flush=True)
        turn += 1


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "saves":
        saves(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
    elif mode == "restores":
        restores(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
    else:
        raise SystemExit(f"unknown mode {mode}")
