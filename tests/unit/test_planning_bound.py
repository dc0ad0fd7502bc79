"""The bound auto-fill reports is a bound: no legal fill scores more.

The bound worker may stop early once its bound has settled; whatever it
stopped at must still be at least the optimum, checked against a separate
solve of the same model to optimality on random small rotas.
"""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from ortools.sat.python import cp_model

from localitydesk.planning import search
from localitydesk.planning.autofill import autofill
from localitydesk.planning.greedy import greedy_fill
from localitydesk.planning.instance import compile_problem
from localitydesk.planning.model import RotaModel
from localitydesk.planning.problem import RotaProblem
from localitydesk.planning.verify import repair

from .test_planning_helpers import Team, problem, provider, request
from .test_planning_properties import PATTERNS, rotas

CASES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _optimum(prob) -> tuple[int, int]:
    """The model's optimum with auto-fill's floor (never fewer places than greedy), and the scale."""
    instance = compile_problem(prob)
    greedy, _ = repair(instance, greedy_fill(instance).chosen)
    outcome = RotaModel(instance, floor=len(greedy)).solve(20.0, workers=1)
    assert outcome.status == "OPTIMAL"
    return outcome.objective, instance.settings.scale


@CASES
@given(rotas(max_members=3, max_requests=10))
def test_the_reported_bound_is_at_least_the_optimum(case):
    prob, _team = case
    result = autofill(prob)
    assume(result.cuts == 0)  # a no-good found on the way changes the model the bound is for
    optimum, scale = _optimum(prob)
    assert result.bound >= optimum / scale - 1e-9
    assert result.objective <= optimum / scale + 1e-9


def _tight(seed: int) -> RotaProblem:
    """Four members and thirty requests in a week: small, but with contract
    caps tight enough that CP-SAT needs seconds to prove its optimum, so a
    bound worker told to stop at once stops long before it could."""
    rng = random.Random(seed)
    team = Team()
    for k in range(4):
        team.add(f"m{k}", contract=rng.choice((22.5, 30.0, 37.5)), home=rng.choice(("conwy", "colwyn-bay", "denbigh")),
                 welsh=rng.randrange(6))
    places = (provider("p1", "conwy"), provider("p2", "llandudno"), provider("p3", "rhyl"))
    requests = [request(f"r{n}", rng.randrange(7), *rng.choice(PATTERNS), where=rng.choice(places)) for n in range(30)]
    return problem(team, requests)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_bound_worker_stopped_at_its_first_bound_still_bounds_every_fill(seed, monkeypatch):
    instance = compile_problem(_tight(seed))
    greedy, _ = repair(instance, greedy_fill(instance).chosen)
    model = RotaModel(instance, floor=len(greedy))
    model.add_hint(greedy)
    monkeypatch.setattr(search, "BOUND_STALL_SHARE", 0.0)  # stop at the first bound, however far from settled
    monkeypatch.setattr(search, "BOUND_MIN_SHARE", 0.0)
    worker = search.BoundWorker(model, 60.0, 1, 0, 0.0, lambda _p: None, time.monotonic())
    worker.start()
    worker.join()
    assert worker.stalled
    assert worker.outcome is not None and worker.outcome.bound is not None
    # The best fill a longer solve of the same model finds (bounded in
    # deterministic time, so the test does not depend on the machine).
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 2.0
    status = solver.solve(RotaModel(instance, floor=len(greedy)).model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert worker.outcome.bound >= round(solver.objective_value)


def test_a_bound_has_settled_only_after_the_patience_has_passed_without_a_move():
    now = [0.0]
    settling = search.Settling(2.0, lambda: now[0])
    assert not settling.settled()  # no bound yet
    now[0] = 5.0
    assert not settling.settled()
    settling.saw(100.0)
    now[0] = 6.5
    assert not settling.settled()
    settling.saw(100.0)  # the same bound again is no move
    now[0] = 7.5
    assert settling.settled()
    settling.saw(99.0)
    assert not settling.settled()
    now[0] = 9.0
    assert not settling.settled()
    now[0] = 9.6
    assert settling.settled()


def test_a_bound_is_not_settled_before_the_earliest_time_however_still():
    now = [0.0]
    settling = search.Settling(1.0, lambda: now[0], earliest=5.0)
    settling.saw(100.0)
    now[0] = 3.0
    assert not settling.settled()  # still for three seconds, but too early to say
    now[0] = 5.0
    assert settling.settled()


def test_a_bound_that_only_creeps_down_has_settled():
    now = [0.0]
    settling = search.Settling(1.0, lambda: now[0], min_drop=0.01)  # a move is a fall of more than 1%
    settling.saw(1000.0)
    now[0] = 0.8
    settling.saw(995.0)  # half a percent: not a move
    now[0] = 1.1
    assert settling.settled()
    settling.saw(980.0)  # 2% below the last move
    assert not settling.settled()
    now[0] = 1.9
    settling.saw(975.0)
    now[0] = 2.2
    assert settling.settled()
    assert settling.bound == 975.0  # the latest bound is kept, moved or not
