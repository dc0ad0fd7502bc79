"""The linear relaxation of the options alone, solved once with GLOP.

Two consumers read it: LP rounding (:mod:`.heuristics`) takes options in the
order of their LP values, and the kernel solve (:mod:`.kernel`) keeps only the
options the relaxation uses. Rows: places per request, cliques,
minute caps and no-goods (the rest rules and the objective's balance and face
terms stay out: they change little of what is worth taking, and the LP stays
a tenth of a second).
"""

from __future__ import annotations

from dataclasses import dataclass

from .instance import Instance


@dataclass(frozen=True, slots=True)
class Relaxation:
    values: list[float]  # per option, in [0, 1]
    objective: float  # in the model's scaled units: no fill's option values sum to more


def lp_relaxation(instance: Instance) -> Relaxation | None:
    """The LP optimum, or None if GLOP fails."""
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
    return Relaxation([variable.solution_value() for variable in x], objective.Value())
