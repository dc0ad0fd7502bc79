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
from .relaxation import Relaxation, lp_relaxation
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
    relaxation = lp_relaxation(instance)
    return None if relaxation is None else relaxation.values


def lp_fill(instance: Instance, relaxation: Relaxation | None = None) -> FillState | None:
    relaxation = relaxation if relaxation is not None else lp_relaxation(instance)
    if relaxation is None:
        return None
    values = relaxation.values
    order = sorted((o for o, v in enumerate(values) if v > 1e-6), key=lambda o: (-values[o], -instance.options[o].value, o))
    state = fill_in_order(instance, order)
    return scarcity_fill(instance, state)


def best_start(
    instance: Instance,
    candidates: Iterable[set[int]] = (),
    floor: int = 0,
    should_stop: Callable[[], bool] | None = None,
    relaxation: Relaxation | None = None,
) -> tuple[set[int], str]:
    """The best of the given fills and the constructions above that place at
    least ``floor`` shifts (the first candidate is kept if none does), and its
    name. ``relaxation`` is the instance's LP if it has been solved already."""
    best: tuple[int, set[int], str] | None = None
    for name, chosen in _starts(instance, candidates, should_stop, relaxation):
        value = instance.objective_of(chosen)
        if best is not None and len(chosen) < floor:
            continue
        if best is None or value > best[0]:
            best = (value, set(chosen), name)
    assert best is not None
    return best[1], best[2]


def _starts(instance, candidates, should_stop, relaxation):
    for chosen in candidates:
        yield "greedy", chosen
    if should_stop is not None and should_stop():
        raise Cancelled
    yield "scarcity", scarcity_fill(instance).chosen
    if should_stop is not None and should_stop():
        raise Cancelled
    rounded = lp_fill(instance, relaxation)
    if rounded is not None:
        yield "lp_rounding", rounded.chosen
