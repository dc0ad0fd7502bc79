"""Auto-fill from start to finish: compile, greedy, solve, check, explain.

    result = autofill(problem, progress=dialog.update, should_stop=cancel_event.is_set)

1. The problem is compiled into options and constraints (:mod:`.instance`).
2. The greedy fill runs first: it is the baseline and a floor — auto-fill
   never covers fewer places. Quicker-witted constructions (scarcity first,
   LP rounding: see :mod:`.heuristics`) run next, and the best of them all is
   the solver's hint, every variable hinted.
3. CP-SAT solves within the time limit. Its answer goes through
   ``working_time.check_schedule`` for every member; any breach the linear
   model missed becomes a no-good and the model is solved again, from the
   repaired answer, while time remains.
4. If time runs out with a breach still found, the answer is repaired (the
   least valuable shift of each breach dropped, then topped up greedily), so
   what is returned has passed the full check either way.

The bound reported is the solver's, the least over the rounds (each round's
is valid, as the cuts only forbid breaching fills); the status is OPTIMAL
only when the returned fill scores the bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .explain import assignments, distribute, explain_unfilled
from .greedy import greedy_fill
from .heuristics import best_start
from .instance import Instance, compile_problem
from .model import RotaModel
from .problem import FEASIBLE, OPTIMAL, FillSummary, PlanResult, Progress, RotaProblem
from .state import FillState
from .verify import new_breaches, options_in, repair


def autofill(
    problem: RotaProblem,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    language: str | None = None,
) -> PlanResult:
    """The best legal fill found, with its bound and every unfilled request explained.

    ``progress`` is called from this thread and, while solving, from the
    solver's (the GUI must hand it to the UI thread). ``should_stop`` is
    polled; once it returns True the best fill so far is returned
    (``cancelled=True``), or :class:`~.problem.Cancelled` raised if there is
    none yet.
    """
    started = time.monotonic()
    settings = problem.settings
    report = progress or (lambda _p: None)
    stop = should_stop or (lambda: False)

    report(Progress("preparing", 0.0))
    instance = compile_problem(problem, stop)
    prepared = time.monotonic()
    report(Progress("greedy", prepared - started))
    greedy, _ = repair(instance, greedy_fill(instance, should_stop=stop).chosen)
    greedy_time = time.monotonic() - prepared
    greedy_summary = summarise(instance, greedy)
    report(Progress("greedy", time.monotonic() - started, assigned=len(greedy), objective=greedy_summary.objective))

    # CP-SAT starts from the best quick fill that covers at least as many places.
    start, start_name = best_start(instance, [greedy], floor=len(greedy), should_stop=stop)
    start, _ = repair(instance, start)
    report(Progress("solving", time.monotonic() - started, assigned=len(start), objective=instance.objective_of(start) / settings.scale))
    best, best_value = set(start), instance.objective_of(start)
    solve_started = time.monotonic()
    deadline = solve_started + settings.time_limit_s
    bound: int | None = None
    rounds = cuts = repaired = 0
    floor: int | None = len(greedy)
    hint = set(best)
    clean = False
    while rounds < settings.max_rounds and not stop():
        remaining = deadline - time.monotonic()
        if remaining < 0.05:
            break
        rounds += 1
        model = RotaModel(instance, floor=floor)
        model.add_hint(hint)
        outcome = model.solve(
            remaining, workers=settings.workers, seed=settings.seed, relative_gap=settings.relative_gap,
            progress=progress, should_stop=stop, started=started,
        )
        if outcome.bound is not None:
            bound = outcome.bound if bound is None else min(bound, outcome.bound)
        if outcome.chosen is None:
            if outcome.status == "INFEASIBLE" and floor:
                floor = None  # the greedy fill broke a cut it could not see coming: solve without its floor
                continue
            break
        report(Progress("checking", time.monotonic() - started, assigned=len(outcome.chosen)))
        found = new_breaches(instance, outcome.chosen)
        if not found:
            value = instance.objective_of(outcome.chosen)
            if value >= best_value:
                best, best_value = set(outcome.chosen), value
            clean = True
            break
        known = set(instance.nogoods)
        for breaches in found.values():
            for breach in breaches:
                nogood = options_in(breach)
                if nogood and nogood not in known:
                    instance.nogoods.append(nogood)
                    known.add(nogood)
                    cuts += 1
        fixed, dropped = repair(instance, outcome.chosen)
        topped = greedy_fill(instance, FillState(instance, fixed)).chosen
        topped, more = repair(instance, topped)
        value = instance.objective_of(topped)
        if value > best_value:
            best, best_value = set(topped), value
            repaired = len(dropped) + len(more)
        hint = best
    solve_time = time.monotonic() - solve_started
    proven = clean and bound is not None and best_value >= bound
    if bound is None:
        bound = _trivial_bound(instance)

    report(Progress("explaining", time.monotonic() - started, assigned=len(best)))
    status = OPTIMAL if proven else FEASIBLE
    scale = settings.scale
    summary = summarise(instance, best)
    return PlanResult(
        status=status,
        assignments=assignments(instance, best),
        unfilled=explain_unfilled(instance, best, language, proven=proven),
        open_before=sum(plan.positions for plan in problem.requests),
        requests_open_before=sum(1 for plan in problem.requests if plan.positions > 0),
        objective=best_value / scale,
        bound=max(bound, best_value) / scale,
        summary=summary,
        greedy=greedy_summary,
        wall_time_s=time.monotonic() - started,
        prepare_time_s=prepared - started,
        greedy_time_s=greedy_time,
        solve_time_s=solve_time,
        start=start_name,
        start_objective=instance.objective_of(start) / scale,
        rounds=rounds,
        cuts=cuts,
        repaired=repaired,
        cancelled=bool(stop()),
    )


def summarise(instance: Instance, chosen) -> FillSummary:
    chosen = set(chosen)
    placed = distribute(instance, chosen)
    covered = sum(1 for index, opts in placed.items() if len(opts) >= instance.requests[index].positions)
    asking = [instance.options[o] for o in chosen if instance.options[o].welsh_met is not None]
    return FillSummary(
        assigned=len(chosen),
        requests_covered=covered,
        welsh_need_met=sum(1 for option in asking if option.welsh_met),
        welsh_places=len(asking),
        objective=instance.objective_of(chosen) / instance.settings.scale,
    )


def _trivial_bound(instance: Instance) -> int:
    """Every place filled by its best option, every balance term at its best:
    no fill scores more. Reported only when the solver gave no bound at all."""
    deficit_c, shallow_c, _over = instance.balance_coefficients()
    total = 0
    for slot in instance.slots:
        values = sorted((instance.options[o].value for o in slot.options), reverse=True)
        total += sum(v for v in values[: slot.positions] if v > 0)
    for balance in instance.balances:
        total += balance.deficit_q * deficit_c + balance.shallow_q * shallow_c
    return total
