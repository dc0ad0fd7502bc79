"""Building the large demo: ``build_demo`` with 10,000 workers, 500 providers
and 104 weeks, against raw SQLite inserting the same rows.

The build is timed as ``localitydesk-cli demo`` runs it: open (migrate) an
empty file, generate, write in one transaction. The baseline, in the same
run, is the least any writer could do with those rows: the stored values read
back from the built file and put into another freshly migrated file (same
schema, indexes and double-booking trigger, same page cache) with plain
``sqlite3`` ``executemany``, one table after another, in one transaction.

Target: the build under 60 s (the benchmarks that need this database build it).
Prints JSON; wall and CPU seconds both, since other work on a shared machine
stretches the wall clock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

SIZE = dict(workers=10_000, providers=500, weeks=104, seed=7)
TARGET_SECONDS = 60.0


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _build(path: Path) -> tuple[float, float, dict[str, int]]:
    from localitydesk.services.demo import DemoOptions, build_demo
    from localitydesk.store.database import open_database

    wall, cpu = time.perf_counter(), time.process_time()
    db = open_database(path)
    try:
        summary = build_demo(db, DemoOptions(**SIZE))
    finally:
        db.close()
    return time.perf_counter() - wall, time.process_time() - cpu, summary.counts


def _baseline(source: Path, target: Path) -> tuple[float, int]:
    from localitydesk.services.demo.generator import TABLE_ORDER
    from localitydesk.services.demo.writer import BULK_CACHE_KIB
    from localitydesk.store.database import open_database

    open_database(target).close()  # the same migrated, empty schema
    with sqlite3.connect(source) as reader:
        tables = {}
        for name in TABLE_ORDER:
            cursor = reader.execute(f"SELECT * FROM {name} ORDER BY rowid")
            columns = [description[0] for description in cursor.description]
            tables[name] = (columns, cursor.fetchall())
    rows = sum(len(data) for _columns, data in tables.values())
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", f"cache_size=-{BULK_CACHE_KIB}"):
            connection.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        connection.execute("BEGIN")
        for name, (columns, data) in tables.items():
            marks = ", ".join("?" * len(columns))
            connection.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", data)
        connection.execute("COMMIT")
        return time.perf_counter() - started, rows
    finally:
        connection.close()


def main() -> None:
    os.environ["LOCALITYDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-bench-")
    folder = Path(tempfile.mkdtemp(prefix="ld-demo-build-"))
    built, copy = folder / "demo.sqlite3", folder / "baseline.sqlite3"
    load_before = os.getloadavg()
    try:
        build_wall, build_cpu, counts = _build(built)
        baseline_wall, rows = _baseline(built, copy)
    finally:
        _remove(built)
        _remove(copy)
    print(json.dumps({
        "benchmark": "demo_build",
        **SIZE,
        "rows": rows,
        "counts": counts,
        "build_seconds": round(build_wall, 2),
        "build_cpu_seconds": round(build_cpu, 2),
        "baseline_executemany_seconds": round(baseline_wall, 2),
        "ratio_to_baseline": round(build_wall / baseline_wall, 2),
        "target_seconds": TARGET_SECONDS,
        "within_target": build_wall < TARGET_SECONDS,
        "load_average_before": [round(value, 2) for value in load_before],
    }, indent=2))


if __name__ == "__main__":
    sys.exit(main())
