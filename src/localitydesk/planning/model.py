"""The CP-SAT model of an instance, and one solve of it.

One boolean per option. The constraints are the instance's, posted as tightly
as CP-SAT's relaxation can use them:

* per request, at most its places (only where options outnumber them);
* per member, each clique of clashing options as one at-most-one (not the
  pairs it covers), which is what brings the LP bound down to what can be
  covered;
* each minutes cap as a knapsack row, with its cardinality cut (at most as
  many options as the shortest ones that fit);
* weekly rest with one boolean per rest window ("this window is free"), a
  window's boolean forcing off every option that meets it;
* no-goods from the full check;
* options every optimal fill takes are fixed (dominance, see the instance).

The objective has no constant term: covering places (weighted by priority),
each member's soft value for the place, the balance of hours in each week
against the contract, and a cost per new face at a provider.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .instance import Fortnight, Instance, Window
from .problem import Progress


# Cut rounds at the root for a solve whose bound is wanted. With CP-SAT's
# default (one) the benchmark's bound settled, after about 2.5 CPU seconds,
# anywhere between 600.0k and 603.9k depending on the random seed; with 50
# it came down to 599.0k-599.6k in 5 CPU seconds for every seed tried, and
# was still coming down. The hint made no difference to it either way.
ROOT_CUT_ROUNDS = 50


@dataclass(frozen=True, slots=True)
class SolveOutcome:
    status: str  # CP-SAT's name: OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    chosen: frozenset[int] | None  # None when no solution was found
    objective: int | None
    bound: int | None
    wall_time_s: float
    solutions: int


class RotaModel:
    def __init__(self, instance: Instance, floor: int | None = None):
        self.instance = instance
        model = self.model = cp_model.CpModel()
        options = instance.options
        self.x = [model.new_bool_var(f"x{o}") for o in range(len(options))]
        x = self.x
        objective_terms: list = []

        for slot in instance.slots:
            if len(slot.options) > slot.positions:
                model.add(sum(x[o] for o in slot.options) <= slot.positions)
        for clique in instance.cliques:
            model.add_at_most_one(x[o] for o in clique)
        for limit in instance.limits:
            model.add(sum(minutes * x[o] for o, minutes in limit.terms) <= limit.capacity)
            most = _most_that_fit(sorted(minutes for _o, minutes in limit.terms), limit.capacity)
            if most < len(limit.terms):
                model.add(sum(x[o] for o, _m in limit.terms) <= most)
        for nogood in instance.nogoods:
            model.add(sum(x[o] for o in nogood) <= len(nogood) - 1)
        in_nogood = {o for nogood in instance.nogoods for o in nogood}
        for o in instance.fixed:
            if o not in in_nogood:
                model.add(x[o] == 1)

        # Weekly rest. Week and fortnight windows get their own booleans: a
        # fortnight's short windows must be disjoint to count twice.
        self.windows: list[tuple[object, Window]] = []
        self.fortnights: dict[tuple[int, int], tuple[object, Fortnight, list, list]] = {}
        for rule in instance.rests:
            week = [self._window(w) for w in rule.week]
            if rule.fortnight is None:
                model.add(sum(week) >= 1)
                continue
            f = self._fortnight(rule.fortnight)
            model.add(sum(week) + f >= 1)

        # Balance of hours against each contract, week by week.
        deficit_c, shallow_c, over_c = instance.balance_coefficients()
        self.balances = []
        for balance in instance.balances:
            new = sum(minutes * x[o] for o, minutes in balance.terms)
            most = sum(minutes for _o, minutes in balance.terms)
            deficit = model.new_int_var(0, balance.deficit_q, "deficit")
            shallow = model.new_int_var(0, balance.shallow_q, "shallow")
            over = model.new_int_var(0, max(0, -(-most // 15)), "over")
            model.add(15 * (deficit + shallow) <= new)
            model.add(15 * over >= new - 15 * (balance.deficit_q + balance.shallow_q))
            self.balances.append((balance, deficit, shallow, over))
            objective_terms += [deficit_c * deficit, shallow_c * shallow, -over_c * over]

        # A cost for each member placed at a provider new to them.
        cost = instance.face_cost()
        self.faces = []
        for key, opts in instance.faces.items():
            face = model.new_bool_var("face")
            for o in opts:
                model.add_implication(x[o], face)
            self.faces.append((face, opts))
            objective_terms.append(-cost * face)

        self.placed = model.new_int_var(0, len(options), "placed")
        model.add(self.placed == sum(x))
        if floor:
            model.add(self.placed >= floor)
        objective_terms += [options[o].value * x[o] for o in range(len(options))]
        model.maximize(sum(objective_terms))

    def _window(self, window: Window):
        y = self.model.new_bool_var("rest")
        if window.options:
            self.model.add_bool_and([self.x[o].Not() for o in window.options]).only_enforce_if(y)
        self.windows.append((y, window))
        return y

    def _fortnight(self, fortnight: Fortnight):
        key = (fortnight.member, fortnight.lo)
        if key in self.fortnights:
            return self.fortnights[key][0]
        model = self.model
        f = model.new_bool_var("fortnight_rested")
        long = [self._window(w) for w in fortnight.long]
        short = [self._window(w) for w in fortnight.short]
        # Short windows that overlap cannot both be the fortnight's two rests.
        starts = [w.start for w in fortnight.short]
        reach = 0
        for i, start in enumerate(starts):
            j = i
            while j + 1 < len(starts) and starts[j + 1] < fortnight.short[i].end:
                j += 1
            if j > i and j > reach:
                model.add_at_most_one(short[i : j + 1])
                reach = j
        model.add(2 * f <= 2 * sum(long) + sum(short))
        self.fortnights[key] = (f, fortnight, long, short)
        return f

    # -- a full hint from a fill ------------------------------------------------

    def add_hint(self, chosen, target: cp_model.CpModel | None = None) -> None:
        """Hint every variable, not just the options, so CP-SAT starts from a
        complete solution rather than having to finish one. ``target`` is a
        clone of this model to hint instead (this model may be being solved
        on another thread meanwhile, and must not change under it)."""
        chosen = set(chosen)
        model = target if target is not None else self.model
        model.clear_hints()

        def put(var, value) -> None:
            if target is not None:
                var = target.get_int_var_from_proto_index(var.index)
            model.add_hint(var, int(value))

        for o, var in enumerate(self.x):
            put(var, o in chosen)

        def free(window: Window) -> bool:
            return not any(o in chosen for o in window.options)

        fortnight_windows = set()
        for f, fortnight, long, short in self.fortnights.values():
            picked_long = [free(w) for w in fortnight.long]
            picked_short = []
            last = None
            for w in fortnight.short:
                take = free(w) and (last is None or w.start >= last.end) and sum(picked_short) < 2
                picked_short.append(take)
                if take:
                    last = w
            rested = any(picked_long) or sum(picked_short) >= 2
            put(f, rested)
            for var, value in zip(long, picked_long):
                put(var, value)
            for var, value in zip(short, picked_short):
                put(var, value)
            fortnight_windows.update(id(v) for v in (*long, *short))
        for var, window in self.windows:
            if id(var) not in fortnight_windows:
                put(var, free(window))
        for balance, deficit, shallow, over in self.balances:
            new = sum(minutes for o, minutes in balance.terms if o in chosen)
            quarters = new // 15
            d = min(balance.deficit_q, quarters)
            s = min(balance.shallow_q, quarters - d)
            put(deficit, d)
            put(shallow, s)
            put(over, max(0, -(-(new - 15 * (balance.deficit_q + balance.shallow_q)) // 15)))
        for face, opts in self.faces:
            put(face, any(o in chosen for o in opts))
        put(self.placed, len(chosen))

    # -- solving ------------------------------------------------------------------

    def solve(
        self,
        time_limit_s: float,
        *,
        workers: int = 2,
        seed: int = 0,
        relative_gap: float = 0.0,
        progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        started: float | None = None,
        prove: bool = False,
        on_solution: Callable[[frozenset[int], int], None] | None = None,
    ) -> SolveOutcome:
        """Solve within the time limit. With ``prove`` the search leans on the
        linear relaxation with every constraint in it (its bound is what is
        wanted; the fill comes mostly from elsewhere). ``on_solution`` receives
        each improving fill the solver finds, from the solver's thread."""
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(0.05, time_limit_s)
        params.num_workers = max(1, workers)
        params.random_seed = seed
        params.relative_gap_limit = relative_gap
        if prove:
            params.linearization_level = 2
            # The bound comes from the root's cut rounds: CP-SAT's one round
            # (its default) leaves it where the seed happens to put it, more
            # rounds keep bringing it down (see ROOT_CUT_ROUNDS).
            params.max_cut_rounds_at_level_zero = ROOT_CUT_ROUNDS
        if workers >= 2:
            # One worker proves (the LP with every constraint, so the bound
            # comes down); the other improves the hint by large-neighbourhood
            # search. Finding a first solution is never needed: there is a hint.
            params.subsolvers.append("max_lp")
            params.ignore_subsolvers.extend(["fj", "feasibility_pump"])
        scale = self.instance.settings.scale
        started = started if started is not None else time.monotonic()
        counter = _Reporter(self.placed, scale, progress, started, self.x if on_solution else None, on_solution)
        if progress is not None:
            solver.best_bound_callback = counter.on_bound
        done = threading.Event()
        watcher = None
        if should_stop is not None:
            def watch() -> None:
                while not done.wait(0.05):
                    if should_stop():
                        solver.stop_search()
                        return

            watcher = threading.Thread(target=watch, name="autofill-cancel", daemon=True)
            watcher.start()
        try:
            status = solver.solve(self.model, counter)
        finally:
            done.set()
            if watcher is not None:
                watcher.join()
        name = solver.status_name(status)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = solver.boolean_values(self.x)
            chosen = frozenset(o for o, value in enumerate(values) if value)
            return SolveOutcome(
                name, chosen, round(solver.objective_value), _bound(solver, status), solver.wall_time, counter.solutions
            )
        bound = _bound(solver, status) if status == cp_model.UNKNOWN else None
        return SolveOutcome(name, None, None, bound, solver.wall_time, counter.solutions)


def _bound(solver: cp_model.CpSolver, status) -> int | None:
    # The solver's own bound even when it says OPTIMAL: with a gap limit that
    # only means "close enough". The objective is integral, so round down.
    bound = solver.best_objective_bound
    return int(bound // 1) if bound == bound and abs(bound) < 1e18 else None


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, placed, scale: int, progress, started: float, x=None, on_solution=None):
        super().__init__()
        self._placed = placed
        self._x = x
        self._on_solution = on_solution
        self._scale = scale
        self._progress = progress
        self._started = started
        self.solutions = 0
        self._bound: float | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self._on_solution is not None:
            value = self.boolean_value
            self._on_solution(frozenset(o for o, var in enumerate(self._x) if value(var)), round(self.objective_value))
        if self._progress is not None:
            self._progress(
                Progress(
                    "solving", time.monotonic() - self._started, assigned=self.value(self._placed),
                    objective=self.objective_value / self._scale, bound=self.best_objective_bound / self._scale,
                )
            )

    def on_bound(self, bound: float) -> None:
        self._bound = bound
        if self._progress is not None:
            self._progress(Progress("solving", time.monotonic() - self._started, bound=bound / self._scale))


def _most_that_fit(sorted_minutes: list[int], capacity: int) -> int:
    total = count = 0
    for minutes in sorted_minutes:
        if total + minutes > capacity:
            break
        total += minutes
        count += 1
    return count
