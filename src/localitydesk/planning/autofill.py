"""Auto-fill from start to finish: compile, greedy, solve, check, explain.

    result = autofill(problem, progress=dialog.update, should_stop=cancel_event.is_set)

1. The problem is compiled into options and constraints (:mod:`.instance`).
2. The greedy fill runs first: it is the baseline and a floor — auto-fill
   never covers fewer places. Quicker-witted constructions (scarcity first,
   LP rounding: see :mod:`.heuristics`) run next, and the best of them all is
   the solver's hint, every variable hinted.
3. Within the time limit, CP-SAT solves the whole model on one core for the
   bound (started from the greedy fill as soon as there is one, its root
   cut rounds being what brings the bound down) while, on the other, CP-SAT first solves the period over the options
   the LP uses (the kernel, :mod:`.kernel`) and a neighbourhood search
   (:mod:`.search`) then re-solves a few days or a few members at a time,
   each taking up the others' better fills. Once the bound has settled the
   bound worker's core runs a second neighbourhood search on the same fill
   (:class:`~.search.SharedFill`). The best fill goes through
   ``working_time.check_schedule`` for every member; any breach the linear model missed becomes a no-good and
   the search runs again, from the repaired fill, while time remains.
4. If time runs out with a breach still found, the answer is repaired (the
   least valuable shift of each breach dropped, then topped up greedily), so
   what is returned has passed the full check either way.

The bound reported is the solver's, the least over the rounds (each round's
is valid, as the cuts only forbid breaching fills); the status is OPTIMAL
only when the returned fill scores the bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .explain import assignments, distribute, explain_unfilled
from .greedy import greedy_fill
from .heuristics import best_start
from .instance import Instance, compile_problem
from .kernel import kernel_options, kernel_solve
from .model import RotaModel
from .problem import FEASIBLE, OPTIMAL, FillSummary, PlanResult, Progress, RotaProblem
from .relaxation import lp_relaxation
from .search import BoundWorker, NeighbourhoodSearch, SharedFill
from .state import FillState
from .verify import new_breaches, options_in, repair

# The share of a round's search time the kernel solve may take before the
# neighbourhood search polishes what it found.
KERNEL_SHARE = 0.25
# A second neighbourhood search starts on the bound worker's core once that
# is free, if at least this long remains.
HELPER_MIN_S = 0.3
# The kernel solve ends early once it has found nothing better by half a
# place for this many CPU seconds: on the benchmark it makes most of its
# gains in its first second, the neighbourhood search does more with the
# time after that, and the bound worker waits for its fill.
KERNEL_STALL_S = 0.6


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

    # The time limit covers the quick fills as well as the search.
    solve_started = time.monotonic()
    deadline = solve_started + settings.time_limit_s
    floor: int | None = len(greedy)
    # The whole model's solve for the bound starts now, on the second core,
    # from the greedy fill: its bound comes from the root's relaxation and
    # cuts, which no better hint was seen to bring down sooner, while the LP
    # and the quick fills below take this core.
    early = _bound_worker(instance, greedy, floor, deadline, settings, progress, started)
    # The search starts from the best quick fill that covers at least as many places.
    relaxation = lp_relaxation(instance) if instance.options else None
    start, start_name = best_start(instance, [greedy], floor=len(greedy), should_stop=stop, relaxation=relaxation)
    start, _ = repair(instance, start)
    report(Progress("solving", time.monotonic() - started, assigned=len(start), objective=instance.objective_of(start) / settings.scale))
    best, best_value = set(start), instance.objective_of(start)
    bound: int | None = None
    rounds = cuts = repaired = 0
    clean = False
    if not instance.options:
        bound, clean = 0, True  # nothing any member may take: the empty fill is the best there is
    while instance.options and rounds < settings.max_rounds and not stop():
        if deadline - time.monotonic() < 0.05:
            break
        rounds += 1
        # The kernel comes from the first round's LP; later rounds (after new
        # no-goods) improve the repaired fill by neighbourhoods alone.
        kernel = kernel_options(relaxation, best) if relaxation is not None and rounds == 1 else None
        found_bound, candidate = _search_round(
            instance, best, floor, deadline, settings, stop, report, progress, started, kernel,
            worker=early if rounds == 1 else None,
        )
        if found_bound is not None:
            bound = found_bound if bound is None else min(bound, found_bound)
        report(Progress("checking", time.monotonic() - started, assigned=len(candidate)))
        found = new_breaches(instance, candidate)
        if not found:
            value = instance.objective_of(candidate)
            if value >= best_value:
                best, best_value = set(candidate), value
            clean = True
            break
        # The linear model missed a combination the full check forbids: forbid
        # it, repair this fill, and search again while time remains.
        known = set(instance.nogoods)
        for breaches in found.values():
            for breach in breaches:
                nogood = options_in(breach)
                if nogood and nogood not in known:
                    instance.nogoods.append(nogood)
                    known.add(nogood)
                    cuts += 1
        instance.fixed.difference_update(o for nogood in instance.nogoods for o in nogood)
        fixed, dropped = repair(instance, candidate)
        topped, more = repair(instance, greedy_fill(instance, FillState(instance, fixed)).chosen)
        value = instance.objective_of(topped)
        if value > best_value:
            best, best_value = set(topped), value
            repaired = len(dropped) + len(more)
    if early is not None and rounds == 0:  # stopped before the first round
        early.stop()
        early.join()
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


def _bound_worker(instance, start, floor, deadline, settings, progress, started) -> BoundWorker | None:
    """The whole model's solve for the bound, started on a thread of its own
    (None with one worker, or nothing to fill)."""
    if settings.workers < 2 or not instance.options:
        return None
    model = RotaModel(instance, floor=floor)
    model.add_hint(start)
    worker = BoundWorker(model, max(0.05, deadline - time.monotonic()), settings.workers - 1, settings.seed,
                         settings.relative_gap, progress, started)
    worker.start()
    return worker


def _search_round(instance, start, floor, deadline, settings, stop, report, progress, started, kernel=None,
                  worker: BoundWorker | None = None):
    """One round: the search for the fill — the kernel solve first, when there
    is a kernel, then the neighbourhood search — and CP-SAT on the whole model
    for the bound, beside it (on the second core) or, with one worker, after
    it. Once the bound worker stops (its bound settled), a second
    neighbourhood search takes its core. Returns the bound and the best fill
    any of them found. ``worker``, when given, is a bound worker already
    solving this round's model (started before the quick fills).

    Restarting the bound solve from a better fill (the kernel's) was tried:
    the bound it reaches does not depend on the hint but on the random seed
    (CP-SAT's default of one cut round at the root left it anywhere between
    600.0k and 603.9k on the benchmark, seed 0 giving 602148.75, whatever the
    hint), so a restart only loses the root's work. More cut rounds at the
    root (``model.ROOT_CUT_ROUNDS``) bring it to about 599.0k for every seed."""
    scale = settings.scale
    remaining = max(0.05, deadline - time.monotonic())
    model = RotaModel(instance, floor=floor)
    parallel = settings.workers >= 2
    running = worker  # a bound worker already started (for this round's floor and instance)

    def on_better(fill, value) -> None:
        report(Progress("solving", time.monotonic() - started, assigned=len(fill), objective=value / scale,
                        bound=None if worker is None or worker.bound is None else worker.bound / scale))

    shared = SharedFill(instance, start, floor, on_better)

    def good_enough(value: int) -> bool:
        if worker is None:
            return False
        # The finished solve's bound is final; while it runs, the latest reported.
        bound = worker.outcome.bound if worker.outcome is not None else worker.bound
        return bound is not None and bound - value <= settings.relative_gap * max(abs(value), 1)

    # With one worker the search has most of the time, and the whole model the rest.
    search_deadline = deadline if parallel else time.monotonic() + 0.7 * remaining
    finished = threading.Event()  # the main search is over
    if parallel and worker is None:
        worker = BoundWorker(model, remaining, settings.workers - 1, settings.seed, settings.relative_gap, progress,
                             started)

    def second_core() -> None:
        if running is not None:
            running.join()
        else:
            # The whole model for its bound, on a model of its own (the
            # searches clone theirs while this one is solved).
            bound_model = RotaModel(instance, floor=floor)
            bound_model.add_hint(shared.fill)
            worker.model = bound_model
            worker.time_limit_s = max(0.05, deadline - time.monotonic())
            worker.run()
        # Its bound has settled (or time is up): a second neighbourhood search
        # takes its core, from the far end of the period.
        if not (finished.is_set() or stop()) and search_deadline - time.monotonic() >= HELPER_MIN_S:
            helper = NeighbourhoodSearch(instance, model, seed=settings.seed + 1)
            helper.run(shared, search_deadline, lambda: finished.is_set() or stop(), good_enough,
                       elsewhere=lambda: worker.best, first_turn=len(helper.neighbourhoods) // 2)

    helper_thread = None
    if parallel:
        helper_thread = threading.Thread(target=second_core, name="autofill-second-core", daemon=True)
        helper_thread.start()
    search = NeighbourhoodSearch(instance, model, seed=settings.seed)
    try:
        if kernel is not None and not good_enough(shared.value):
            kernel_solve(
                model, kernel, start, KERNEL_SHARE * (search_deadline - time.monotonic()), settings.seed,
                lambda: stop() or good_enough(shared.value), lambda fill, _value: shared.offer_whole(fill),
                stall_s=KERNEL_STALL_S, min_gain=round(settings.weights.cover * scale / 2),
            )
        search.run(shared, search_deadline, stop, good_enough,
                   elsewhere=(lambda: worker.best) if worker is not None else (lambda: None))
    finally:
        finished.set()
        if worker is not None:
            worker.stop()
        if helper_thread is not None:
            helper_thread.join()
    best = {"fill": set(shared.fill), "value": shared.value}
    if worker is None:
        model.add_hint(best["fill"])
        outcome = model.solve(
            max(0.05, deadline - time.monotonic()), workers=1, seed=settings.seed, relative_gap=settings.relative_gap,
            progress=progress, should_stop=stop, started=started, prove=True,
        )
    else:
        outcome = worker.outcome
    if outcome is not None and outcome.chosen is not None:
        value = instance.objective_of(outcome.chosen)
        if value > best["value"]:
            best["fill"], best["value"] = set(outcome.chosen), value
    bound = outcome.bound if outcome is not None else None
    return bound, best["fill"]


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
