"""Good first fills for CP-SAT to start from.

CP-SAT's own search improves a fill of a tight rota only slowly, so it starts
from the best of a few quick constructions (the greedy baseline among them):

* **scarcity first** — requests with the fewest possible members are filled
  first, each with the option worth most; a request anyone could take waits
  until the scarce ones are placed;
* **LP rounding** — the linear relaxation (GLOP) of options, places, cliques
  and minute caps says how much of each option a best fill would like; options
  are taken in that order while they fit, then the rest is topped up.

Each fill is built against the instance's constraints and checked shift by
shift with ``working_time.would_breach`` on the growing schedule, like the
greedy fill, so it is legal as built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from localitydesk.domain import working_time as wt

from .greedy import member_schedules, schedule_with
from .instance import Instance
from .problem import Cancelled
from .state import FillState


def fill_in_order(instance: Instance, order: Iterable[int], state: FillState | None = None) -> FillState:
    """Take options in the given order whenever they still fit and break no rule."""
    state = state if state is not None else FillState(instance)
    schedules = member_schedules(instance, state.chosen)
    policy = instance.settings.policy
    for o in order:
        if not state.can_add(o):
            continue
        option = instance.options[o]
        if wt.would_breach(schedules[option.member], option.probe, policy):
            continue
        state.add(o)
        schedules[option.member] = schedule_with(schedules[option.member], (option.probe,))
    return state


def scarcity_order(instance: Instance) -> list[int]:
    slots = sorted(instance.slots, key=lambda s: (len(s.options), s.start, s.index))
    order = []
    for slot in slots:
        order += sorted(slot.options, key=lambda o: (-instance.options[o].value, o))
    return order


def scarcity_fill(instance: Instance, state: FillState | None = None) -> FillState:
    return fill_in_order(instance, scarcity_order(instance), state)


def lp_values(instance: Instance) -> list[float] | None:
    """The linear relaxation's value for each option, or None if GLOP fails."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    infinity = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in instance.options]
    objective = solver.Objective()
    for o, option in enumerate(instance.options):
        objective.SetCoefficient(x[o], option.value)

    def row(upper: float, terms) -> None:
        constraint = solver.Constraint(-infinity, upper)
        for o, coefficient in terms:
            constraint.SetCoefficient(x[o], coefficient)

    for slot in instance.slots:
        row(slot.positions, ((o, 1) for o in slot.options))
    for clique in instance.cliques:
        row(1, ((o, 1) for o in clique))
    for limit in instance.limits:
        row(limit.capacity, limit.terms)
    for nogood in instance.nogoods:
        row(len(nogood) - 1, ((o, 1) for o in nogood))
    objective.SetMaximization()
    if solver.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    return [variable.solution_value() for variable in x]


def lp_fill(instance: Instance) -> FillState | None:
    values = lp_values(instance)
    if values is None:
        return None
    order = sorted((o for o, v in enumerate(values) if v > 1e-6), key=lambda o: (-values[o], -instance.options[o].value, o))
    state = fill_in_order(instance, order)
    return scarcity_fill(instance, state)


def best_start(
    instance: Instance,
    candidates: Iterable[set[int]] = (),
    floor: int = 0,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[set[int], str]:
    """The best of the given fills and the constructions above that place at
    least ``floor`` shifts (the first candidate is kept if none does), and its name."""
    best: tuple[int, set[int], str] | None = None
    for name, chosen in _starts(instance, candidates, should_stop):
        value = instance.objective_of(chosen)
        if best is not None and len(chosen) < floor:
            continue
        if best is None or value > best[0]:
            best = (value, set(chosen), name)
    assert best is not None
    return best[1], best[2]


def _starts(instance, candidates, should_stop):
    for chosen in candidates:
        yield "greedy", chosen
    if should_stop is not None and should_stop():
        raise Cancelled
    yield "scarcity", scarcity_fill(instance).chosen
    if should_stop is not None and should_stop():
        raise Cancelled
    rounded = lp_fill(instance)
    if rounded is not None:
        yield "lp_rounding", rounded.chosen
