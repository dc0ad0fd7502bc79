"""Ranking every candidate for a request on the 10,000-worker demo.

The coordinator's page loads the locality's matching data once (every
worker's facts and the active bookings of the 17-week windows) and then ranks
request after request from it, through the kept worker pool as
``match_request`` does when no "why not?" is asked; this times that
per-request ranking, with every hard rule and the working-time checks over 17
weeks either side, over many open requests. The baseline, in the same run, is
the same request ranked through ``match_request`` with nothing kept between
requests (a fresh load each time), which is what a one-off CLI ``match`` does.
For scale, it also times "why not?" from the kept data: every worker through
every rule, each exclusion explained.

Target: median ≤ 20 ms, p95 ≤ 50 ms per request. Prints JSON, with the CPU
time of each request (``time.process_time``) beside the wall time: on a shared
2-core machine the wall time mostly measures the neighbours, the CPU time what
ranking itself costs.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo_db import large_demo_database, percentile  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def main() -> None:
    from sqlalchemy import select

    from localitydesk.domain import matching as m
    from localitydesk.domain.vocabulary import RequestStatus
    from localitydesk.services.locality import home_locality_id
    from localitydesk.services.matching import (
        candidate_pool,
        candidate_workers,
        load_matching_data,
        match_request,
        match_request_facts,
        provider_facts,
    )
    from localitydesk.store.database import open_database
    from localitydesk.store.models import CoverRequest, Provider

    db = open_database(large_demo_database())
    now = datetime.now(timezone.utc)
    with db.session() as session:
        locality_id = home_locality_id(session)
        requests = session.scalars(
            select(CoverRequest)
            .where(CoverRequest.locality_id == locality_id, CoverRequest.status == RequestStatus.OPEN,
                   CoverRequest.starts_at >= now, CoverRequest.starts_at < now + timedelta(weeks=4))
            .order_by(CoverRequest.starts_at)
            .limit(REQUESTS)
        ).all()
        first, last = requests[0].starts_at, requests[-1].ends_at
        started = time.perf_counter()
        data = load_matching_data(session, locality_id, first, last)
        load_s = time.perf_counter() - started
        providers = {p.id: provider_facts(session, p) for p in session.scalars(select(Provider)).all()}

    per_request, cpu_per_request, domain_only, candidates = [], [], [], []
    for request in requests:
        started, cpu_started = time.perf_counter(), time.process_time()
        facts = match_request_facts(request, providers[request.provider_id])
        workers = candidate_pool(data, request)
        built = time.perf_counter()
        ranked = m.rank_candidates(facts, workers)
        done, cpu_done = time.perf_counter(), time.process_time()
        per_request.append((done - started) * 1000)
        cpu_per_request.append((cpu_done - cpu_started) * 1000)
        domain_only.append((done - built) * 1000)
        candidates.append(len(ranked))

    explain_cpu = []
    for request in requests[:10]:
        cpu_started = time.process_time()
        m.match(match_request_facts(request, providers[request.provider_id]), candidate_workers(data, request),
                explain=True)
        explain_cpu.append((time.process_time() - cpu_started) * 1000)

    baseline, baseline_cpu = [], []
    for request in requests[:10]:
        started, cpu_started = time.perf_counter(), time.process_time()
        match_request(db, request.id)
        baseline.append((time.perf_counter() - started) * 1000)
        baseline_cpu.append((time.process_time() - cpu_started) * 1000)

    print(json.dumps({
        "benchmark": "matching",
        "workers": len(data.workers),
        "requests": len(requests),
        "load_once_s": round(load_s, 2),
        "per_request_median_ms": round(statistics.median(per_request), 1),
        "per_request_p95_ms": round(percentile(per_request, 0.95), 1),
        "per_request_cpu_median_ms": round(statistics.median(cpu_per_request), 1),
        "per_request_cpu_p95_ms": round(percentile(cpu_per_request, 0.95), 1),
        "ranking_only_median_ms": round(statistics.median(domain_only), 1),
        "candidates_median": statistics.median(candidates),
        "explain_every_worker_cpu_median_ms": round(statistics.median(explain_cpu), 1),
        "baseline_fresh_load_per_request_median_ms": round(statistics.median(baseline), 1),
        "baseline_fresh_load_per_request_cpu_median_ms": round(statistics.median(baseline_cpu), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "target": {"median_ms": 20, "p95_ms": 50},
        "met": statistics.median(per_request) <= 20 and percentile(per_request, 0.95) <= 50,
    }, indent=2))


if __name__ == "__main__":
    main()
