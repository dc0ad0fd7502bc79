"""The large demo database the benchmarks share, built once and reused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
LARGE = dict(workers=10_000, providers=500, weeks=104, seed=7)


def large_demo_database() -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / "demo-10000.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-m", "localitydesk.cli", "--db", str(partial), "demo",
             "--workers", str(LARGE["workers"]), "--providers", str(LARGE["providers"]),
             "--weeks", str(LARGE["weeks"]), "--seed", str(LARGE["seed"])],
            check=True,
        )
        partial.replace(path)
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
