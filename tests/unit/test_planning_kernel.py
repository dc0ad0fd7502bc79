"""The LP relaxation and the kernel solve, on random small rotas.

The relaxation must bound every legal fill (else LP rounding and the kernel
would be guided by a wrong picture), and the kernel solve must hand back only
fills inside its kernel that keep every constraint of the instance.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from localitydesk.planning.greedy import greedy_fill
from localitydesk.planning.instance import compile_problem
from localitydesk.planning.kernel import kernel_options, kernel_solve
from localitydesk.planning.model import RotaModel
from localitydesk.planning.relaxation import lp_relaxation
from localitydesk.planning.state import FillState

from .test_planning_properties import rotas

CASES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _option_value(instance, fill) -> int:
    return sum(instance.options[o].value for o in fill)


@CASES
@given(rotas(max_members=3, max_requests=10))
def test_the_relaxation_bounds_every_legal_fill(case):
    prob, _team = case
    instance = compile_problem(prob)
    relaxation = lp_relaxation(instance)
    assert relaxation is not None
    assert len(relaxation.values) == len(instance.options)
    assert all(-1e-9 <= v <= 1 + 1e-9 for v in relaxation.values)
    # The whole-model optimum of the option values alone, with every constraint.
    model = RotaModel(instance)
    model.model.maximize(sum(option.value * x for option, x in zip(instance.options, model.x)))
    outcome = model.solve(5.0, workers=1)
    assert outcome.status == "OPTIMAL"
    assert _option_value(instance, outcome.chosen) <= relaxation.objective + 1e-6
    assert _option_value(instance, greedy_fill(instance).chosen) <= relaxation.objective + 1e-6


@CASES
@given(rotas(max_members=3, max_requests=10))
def test_the_kernel_solve_keeps_to_its_kernel_and_every_constraint(case):
    prob, _team = case
    instance = compile_problem(prob)
    relaxation = lp_relaxation(instance)
    start = greedy_fill(instance).chosen
    kernel = kernel_options(relaxation, start)
    assert set(start) <= kernel
    assert {o for o, v in enumerate(relaxation.values) if v > 1e-6} <= kernel
    model = RotaModel(instance)
    found = []
    kernel_solve(model, kernel, start, 5.0, 0, lambda: False, lambda fill, value: found.append(fill))
    assert found  # the hint alone is a fill
    for fill in found:
        assert fill <= kernel
        assert FillState(instance, fill).violations() == []
    assert max(instance.objective_of(fill) for fill in found) >= instance.objective_of(start)


@CASES
@given(rotas(max_members=3, max_requests=10))
def test_a_kernel_of_every_option_finds_the_whole_model_optimum(case):
    prob, _team = case
    instance = compile_problem(prob)
    start = greedy_fill(instance).chosen
    model = RotaModel(instance)
    model.add_hint(start)
    whole = model.solve(5.0, workers=1)
    assert whole.status == "OPTIMAL"
    found = []
    kernel_solve(model, frozenset(range(len(instance.options))), start, 5.0, 0, lambda: False,
                 lambda fill, value: found.append(fill))
    assert max(instance.objective_of(fill) for fill in found) == whole.objective


@CASES
@given(rotas(max_members=3, max_requests=10))
def test_a_neighbourhood_answer_laid_over_a_changed_fill_keeps_every_constraint(case):
    """Two searches share one fill: an answer found from an older fill is laid
    over the current one only if the result keeps every constraint and scores more."""
    from localitydesk.planning.search import NeighbourhoodSearch, SharedFill

    prob, _team = case
    instance = compile_problem(prob)
    start = greedy_fill(instance).chosen
    shared = SharedFill(instance, start, floor=0)
    model = RotaModel(instance)
    search = NeighbourhoodSearch(instance, model)
    _fill, value, version = shared.take()
    for free in search.neighbourhoods:
        answer = search._solve(set(start), free, 2.0, lambda: False)
        if answer is None:
            continue
        before = shared.value
        accepted = shared.offer(answer, version, free)  # ``version`` is stale after the first acceptance
        assert FillState(instance, shared.fill).violations() == []
        assert shared.value >= before
        assert accepted == (shared.value > before)
    assert shared.value >= value
