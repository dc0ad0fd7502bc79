"""The worker pool's fast path ranks exactly as the full explanation path does.

Ranking from a :class:`WorkerPool` skips whole availability groups and the
workers of other roles, and a request's view of the pool swaps in a few
workers and leaves some out. None of that may change who is returned, their
scores, reasons or order, nor who "why not?" lists with which rules.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localitydesk.domain import matching as m
from localitydesk.domain.vocabulary import Role
from tests.unit.test_matching import PROVIDER, request, requests_strategy, worker, workers_strategy

MORNINGS = tuple((day, 420, 900) for day in range(5))
EVENINGS = tuple((day, 840, 1320) for day in range(7))
NIGHTS = tuple((day, 1200, 480) for day in range(7))  # past midnight


def ids(candidates) -> list:
    return [candidate.worker_id for candidate in candidates]


def full_path(req, workers) -> m.MatchResult:
    """Every worker through every rule, one by one."""
    return m.match(req, list(workers), explain=True)


@st.composite
def pooled_workers(draw, count: int):
    """Workers who often share an availability pattern, as a real team does."""
    shared = draw(st.lists(st.sampled_from([None, MORNINGS, EVENINGS, NIGHTS, ()]), min_size=1, max_size=3))
    workers = []
    for i in range(count):
        w = draw(workers_strategy(i))
        if draw(st.booleans()):
            w = replace(w, availability=draw(st.sampled_from(shared)))
        workers.append(w)
    return workers


@st.composite
def adjustments(draw, workers):
    """A request's changes: history with its provider for some, some already booked,
    and now and then a worker the pool must refile (other roles) or never held."""
    replaced = {}
    for w in draw(st.lists(st.sampled_from(workers), max_size=4)):
        replaced[w.worker_id] = replace(
            w, bookings_here_90d=draw(st.integers(0, 8)), shadow_shifts_here=draw(st.integers(0, 3))
        )
    if draw(st.integers(0, 4)) == 0:
        w = draw(st.sampled_from(workers))
        replaced[w.worker_id] = replace(w, roles=w.roles ^ {Role.SUPPORT_WORKER})
    if draw(st.integers(0, 4)) == 0:
        replaced["newcomer"] = replace(draw(st.sampled_from(workers)), worker_id="newcomer")
    dropped = {w.worker_id for w in draw(st.lists(st.sampled_from(workers), max_size=3))}
    return replaced, dropped


def as_list(workers, replaced, dropped) -> list:
    kept = [replaced.get(w.worker_id, w) for w in workers if w.worker_id not in dropped]
    known = {w.worker_id for w in workers}
    return kept + [w for worker_id, w in replaced.items() if worker_id not in known and worker_id not in dropped]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(req=requests_strategy(), data=st.data())
def test_the_pool_ranks_as_the_full_path_does(req, data):
    workers = data.draw(pooled_workers(10))
    replaced, dropped = data.draw(adjustments(workers))
    view = m.WorkerPool(workers).adjusted(replaced, dropped)
    plain = as_list(workers, replaced, dropped)

    full = full_path(req, plain)
    fast = m.rank_candidates(req, view)
    assert fast == full.candidates  # worker, score, every factor and the order
    assert m.match(req, view).candidates == full.candidates
    # Those left out are exactly those "why not?" names, with the same rules.
    assert set(ids(fast)) | {worker_id for worker_id, _rules in full.excluded} == {w.worker_id for w in plain}
    assert m.match(req, view, explain=True).excluded == full.excluded


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_view_holds_the_same_workers_as_the_list_it_stands_for(data):
    workers = data.draw(pooled_workers(8))
    first = data.draw(adjustments(workers))
    second = data.draw(adjustments(workers))
    once = m.WorkerPool(workers).adjusted(*first)
    twice = once.adjusted(*second)
    expected_once = as_list(workers, *first)
    assert sorted(map(str, ids(once))) == sorted(map(str, ids(expected_once)))
    # A view of a view applies its changes to the first view's workers.
    expected_twice = as_list(expected_once, *second)
    by_id = {w.worker_id: w for w in expected_twice}
    assert {w.worker_id: w for w in twice} == by_id
    for role in Role:
        assert {w.worker_id: w for w in twice.with_role(role)} == {
            worker_id: w for worker_id, w in by_id.items() if role in w.roles
        }
        grouped = [w for _pattern, group in twice.by_availability(role) for w in group]
        assert {w.worker_id: w for w in grouped} == {
            worker_id: w for worker_id, w in by_id.items() if role in w.roles
        }
        assert len(grouped) == len({w.worker_id for w in grouped})
        assert all(w.availability == pattern for pattern, group in twice.by_availability(role) for w in group)


def test_a_view_copies_only_the_groups_it_changes():
    mornings = [worker(f"m{i}", availability=MORNINGS) for i in range(3)]
    evenings = [worker(f"e{i}", availability=EVENINGS) for i in range(3)]
    pool = m.WorkerPool(mornings + evenings)
    view = pool.adjusted({"m1": replace(mornings[1], bookings_here_90d=4)}, {"m2"})
    base_groups = dict(pool.by_availability(Role.CARE_WORKER))
    view_groups = dict(view.by_availability(Role.CARE_WORKER))
    assert view_groups[EVENINGS] is base_groups[EVENINGS]
    assert [(w.worker_id, w.bookings_here_90d) for w in view_groups[MORNINGS]] == [("m0", 0), ("m1", 4)]
    # The pool itself is untouched, for the next request.
    assert [(w.worker_id, w.bookings_here_90d) for w in base_groups[MORNINGS]] == [("m0", 0), ("m1", 0), ("m2", 0)]


def test_ranking_from_a_pool_asks_each_pattern_once(monkeypatch):
    asked = []
    real = m._fits_pattern

    def counting(ctx, pattern):
        asked.append(pattern)
        return real(ctx, pattern)

    monkeypatch.setattr(m, "_fits_pattern", counting)
    workers = [worker(f"m{i}", availability=MORNINGS) for i in range(5)] + [
        worker(f"e{i}", availability=EVENINGS) for i in range(5)
    ]
    req = request(provider=PROVIDER)  # Tuesday 07:00–15:00: mornings fit, evenings do not
    assert sorted(ids(m.rank_candidates(req, m.WorkerPool(workers)))) == [f"m{i}" for i in range(5)]
    assert sorted(asked) == sorted([MORNINGS, EVENINGS])


def test_ties_between_uuid_ids_rank_as_their_texts_sort():
    """Ranking compares UUID ids directly on a tie; the order must be the one
    their texts give, as it is for any other kind of id."""
    import uuid

    ids_ = [uuid.UUID(int=n) for n in (0xA << 124, 0x9 << 124, 1, 0xFF, 0x10 << 120)] + [uuid.uuid4() for _ in range(20)]
    workers = [worker(worker_id) for worker_id in ids_]  # alike in everything but the id: every score ties
    ranked = m.rank_candidates(request(), workers)
    assert len({c.score for c in ranked}) == 1
    assert ids(ranked) == sorted(ids_, key=str)
