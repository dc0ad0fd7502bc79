"""Keystroke to filtered model on the Workers page with 10,000 workers.

Types a sequence of searches into the real page's search box, one key at a
time, timing each keystroke until the model has been filtered (the filter runs
synchronously on ``textChanged``). The baseline, in the same run, is the least
any filter could do: a bare substring scan over the same 10,000 strings.

Target: median ≤ 16 ms per keystroke. Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo_db import large_demo_database, percentile  # noqa: E402

SEARCHES = ["gwen", "jones", "llan", "rhys", "ap ", "bangor", "sian", "ŵ"]


def main() -> None:
    os.environ["LOCALITYDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-bench-")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from localitydesk.i18n.qt_bridge import language_bus
    from localitydesk.paths import Settings
    from localitydesk.services.locality import home_locality
    from localitydesk.services.users import default_actor
    from localitydesk.services.workers import list_workers
    from localitydesk.store.database import open_database
    from localitydesk.ui.context import AppContext
    from localitydesk.ui.pages.workers_page import WorkersPage
    from localitydesk.ui.tasks import DatabaseWorker

    app = QApplication(sys.argv[:1])
    language_bus()
    db = open_database(large_demo_database())
    today = date.today()
    worker = DatabaseWorker()
    context = AppContext(db, worker, Settings(Path(os.environ["LOCALITYDESK_DATA_DIR"]) / "s.json"),
                         default_actor(db), home_locality(db).name, lambda: today)
    page = WorkersPage(context)
    page.resize(1200, 700)
    page.show()
    rows = list_workers(db, today)
    page._show(rows, today)
    app.processEvents()

    keystrokes = []
    for text in SEARCHES:
        page.search.clear()
        app.processEvents()
        for character in text:
            started = time.perf_counter()
            if character.isascii():
                QTest.keyClick(page.search, character)
            else:
                page.search.insert(character)  # as an input method delivers ŵ
            keystrokes.append((time.perf_counter() - started) * 1000)
            app.processEvents()

    haystack = [f"{r.first_name} {r.last_name} {r.staff_number} {r.home_town}".casefold() for r in rows]
    baseline = []
    for text in SEARCHES:
        for end in range(1, len(text) + 1):
            needle = text[:end]
            started = time.perf_counter()
            [i for i, s in enumerate(haystack) if needle in s]
            baseline.append((time.perf_counter() - started) * 1000)

    worker.shutdown()
    print(json.dumps({
        "benchmark": "worker_filter",
        "workers": len(rows),
        "keystrokes": len(keystrokes),
        "median_ms": round(statistics.median(keystrokes), 2),
        "p95_ms": round(percentile(keystrokes, 0.95), 2),
        "baseline_substring_scan_median_ms": round(statistics.median(baseline), 2),
        "ratio_to_baseline": round(statistics.median(keystrokes) / statistics.median(baseline), 1),
        "target_median_ms": 16,
        "met": statistics.median(keystrokes) <= 16,
    }, indent=2))


if __name__ == "__main__":
    main()
