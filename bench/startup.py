"""Start-up time: ``localitydesk --quit-when-ready`` on the 10,000-worker demo
database against a bare PySide6 window shown and closed, alternated in one run.

Target: median ratio ≤ 2.5. Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo_db import large_demo_database  # noqa: E402

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 760)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    database = large_demo_database()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["LOCALITYDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-bench-")
    # An installed app has its bytecode compiled (pip and the bundle do it);
    # without this the warm-up run could not cache it and every run would
    # compile the sources again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    app = [sys.executable, "-m", "localitydesk", "--db", str(database), "--quit-when-ready", "--lang", "en"]
    bare = [sys.executable, "-c", BARE_WINDOW]
    timed(app, env)  # warm the file cache and compile .pyc files once
    timed(bare, env)
    app_times, bare_times = [], []
    for _run in range(runs):
        app_times.append(timed(app, env))
        bare_times.append(timed(bare, env))
    ratios = [a / b for a, b in zip(app_times, bare_times)]
    print(json.dumps({
        "benchmark": "startup",
        "database_workers": 10_000,
        "runs": runs,
        "app_median_s": round(statistics.median(app_times), 3),
        "bare_window_median_s": round(statistics.median(bare_times), 3),
        "ratio_median": round(statistics.median(ratios), 2),
        "target_ratio": 2.5,
        "met": statistics.median(ratios) <= 2.5,
    }, indent=2))


if __name__ == "__main__":
    main()
