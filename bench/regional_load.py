#!/usr/bin/env python3
"""20 localities pushing at once to a regional server on loopback.

Starts a throwaway PostgreSQL (tools/pg_test_server.py) and the server as a
real uvicorn process, gives each locality a token and a simulated desktop,
and has them all push batches of 200 changes (inserts, then edits of those
records) concurrently. Baseline in the same run: one locality pushing alone.
Prints JSON: p50/p99 latency per batch, changes per second, errors (must be 0).

    python bench/regional_load.py [--localities 20] [--batches 10] [--changes 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from localitydesk.regional.db import make_engine, migrate  # noqa: E402
from localitydesk.regional.tokens import create_token  # noqa: E402
from localitydesk.sync.protocol import IDEMPOTENCY_HEADER, PUSH_PATH, Batch, Change, new_idempotency_key  # noqa: E402
from tests.regional.helpers import worker_record  # noqa: E402
from tests.regional.serving import ServerProcess  # noqa: E402


def batches_for(locality_id: uuid.UUID, count: int, size: int) -> list[bytes]:
    """Half the batches insert workers, the other half edit them, in order."""
    origin, records, bodies = str(uuid.uuid4()), [], []
    for number in range(count):
        changes = []
        for slot in range(size):
            if number < (count + 1) // 2:
                data = worker_record(locality_id, number * size + slot)
                records.append(data)
                changes.append(Change(str(uuid.uuid4()), "worker", data["id"], "insert", 0, tuple(sorted(data)), data))
            else:
                data = records[(number - (count + 1) // 2) * size + slot]
                base = data["version"]
                data = dict(data, phone=f"07700 {number:06d}", version=base + 1)
                changes.append(Change(str(uuid.uuid4()), "worker", data["id"], "update", base, ("phone",), data))
        bodies.append(Batch(origin=origin, changes=tuple(changes)).encode())
    return bodies


def run_locality(base_url: str, token: str, bodies: list[bytes], latencies: list[float], errors: list[str]) -> None:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for body in bodies:
            headers = {"Authorization": f"Bearer {token}", IDEMPOTENCY_HEADER: new_idempotency_key(),
                       "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                response = client.post(PUSH_PATH, content=body, headers=headers)
            except httpx.HTTPError as error:
                errors.append(repr(error))
                continue
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {response.text[:200]}")
                continue
            counts = response.json()["counts"]
            if counts["applied"] != len(json.loads(body)["changes"]):
                errors.append(f"not all applied: {counts}")


def phase(base_url: str, tokens: list[str], locality_ids: list[uuid.UUID], batches: int, size: int) -> dict:
    work = [batches_for(locality_id, batches, size) for locality_id in locality_ids]
    latencies: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=run_locality, args=(base_url, token, bodies, latencies, errors))
               for token, bodies in zip(tokens, work, strict=True)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    changes = sum(len(bodies) for bodies in work) * size
    return {
        "localities": len(tokens),
        "batches": len(ordered),
        "changes": changes,
        "seconds": round(elapsed, 3),
        "changes_per_second": round(changes / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1) if ordered else None,
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--localities", type=int, default=20)
    parser.add_argument("--batches", type=int, default=10, help="batches per locality")
    parser.add_argument("--changes", type=int, default=200, help="changes per batch")
    args = parser.parse_args()

    tool = ROOT / "tools" / "pg_test_server.py"
    started = subprocess.run([sys.executable, str(tool), "start"], capture_output=True, text=True, check=True)
    pg = json.loads(started.stdout)
    url = pg["url"]
    server = None
    try:
        engine = make_engine(url, pool_size=1)
        migrate(engine)
        issued = [create_token(engine, f"LOC{number:02d}") for number in range(args.localities + 1)]
        engine.dispose()
        server = ServerProcess(url).start()
        baseline = phase(server.base_url, [issued[0].token], [issued[0].locality_id], args.batches, args.changes)
        loaded = phase(server.base_url, [token.token for token in issued[1:]],
                       [token.locality_id for token in issued[1:]], args.batches, args.changes)
        report = {
            "benchmark": "regional_load",
            "changes_per_batch": args.changes,
            "baseline_one_locality": baseline,
            "concurrent": loaded,
            "p50_ratio_to_baseline": round(loaded["p50_ms"] / baseline["p50_ms"], 2),
            "zero_errors": baseline["errors"] == 0 and loaded["errors"] == 0,
        }
        print(json.dumps(report, indent=2))
        return 0 if report["zero_errors"] else 1
    finally:
        if server is not None:
            server.stop()
        subprocess.run([sys.executable, str(tool), "stop", pg["datadir"]], check=False)


if __name__ == "__main__":
    sys.exit(main())
