"""Improving a fill piece by piece while CP-SAT proves how good it can get.

On a tight four-week rota CP-SAT's own search improves a fill only slowly,
but it solves a few days of it, with everything else held as it is, in well
under a second. :class:`NeighbourhoodSearch` does that over and over: a
window of days (every option meeting it may change), or a handful of members
(every option of theirs may change), each a copy of the whole model with
every other option fixed to the current fill. A better answer replaces the
fill, so the windows sweep the period and then start again.

Meanwhile :class:`BoundWorker` solves the whole model on the other core from
the same start. Its bound is the one reported; it stops both once the fill is
proven close enough (``relative_gap``), and stops itself once its bound has
settled (see ``BOUND_STALL_SHARE``).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .instance import Instance
from .model import RotaModel, SolveOutcome
from .problem import Progress
from .state import FillState

# Three days a window, a new one each day: on the benchmark a three-day window
# is solved to optimality in a fifth of a second where a four-day one rarely
# is in a second, and windows that overlap by two days carry a change across
# any one boundary.
WINDOW_DAYS = 3.0
STEP_DAYS = 1.0
MEMBERS_AT_ONCE = 4
SLICE_S = 1.0  # at most this long for one neighbourhood
# ... and at most this much of CP-SAT's deterministic time: on a busy machine
# a wall-clock slice buys less search, and the sweep would then depend on the load.
SLICE_DTIME = 0.6
# The bound worker stops once its bound has not fallen by more than
# ``BOUND_MIN_DROP`` of itself for this share of the time limit, counted in
# the worker thread's own CPU time where the platform gives it (so a busy
# machine does not cut it short). With the root's cut rounds (see
# ``model.ROOT_CUT_ROUNDS``) the benchmark's bound keeps creeping down, by a
# few hundredths of a percent a CPU second after about five; the core it
# holds gains the fill more then. The bound it stops at is the solver's own,
# as valid as the last.
BOUND_STALL_SHARE = 0.1
BOUND_MIN_DROP = 0.0005
# ... but never before it has run this share of the time limit: the root's
# first relaxation takes a second or two before any useful bound comes.
BOUND_MIN_SHARE = 0.3


class Settling:
    """Whether a bound has stopped coming down: it has not fallen by more
    than ``min_drop`` (a share of itself) for ``patience`` seconds of
    ``clock`` since it last did, and at least ``earliest`` seconds have
    passed since the start."""

    def __init__(self, patience: float, clock: Callable[[], float], earliest: float = 0.0, min_drop: float = 0.0):
        self.patience = patience
        self.clock = clock
        self.min_drop = min_drop
        self.bound: float | None = None
        self._mark: float | None = None  # the bound when it last fell by enough
        self._moved = self._began = clock()
        self.earliest = earliest

    def saw(self, bound: float) -> None:
        self.bound = bound
        if self._mark is None or self._mark - bound > self.min_drop * abs(bound):
            self._mark, self._moved = bound, self.clock()

    def settled(self) -> bool:
        now = self.clock()
        return self.bound is not None and now - self._moved > self.patience and now - self._began >= self.earliest


class BoundWorker(threading.Thread):
    """The whole model, solved on its own thread for its bound (and any better fill)."""

    def __init__(self, model: RotaModel, time_limit_s: float, workers: int, seed: int, relative_gap: float,
                 progress: Callable[[Progress], None] | None, started: float):
        super().__init__(name="autofill-bound", daemon=True)
        self.model = model
        self.time_limit_s = time_limit_s
        self.workers = workers
        self.seed = seed
        self.relative_gap = relative_gap
        self.progress = progress
        self.started = started
        self.outcome: SolveOutcome | None = None
        self.bound: float | None = None
        self.best: tuple[frozenset[int], int] | None = None  # the solver's best fill and its objective
        self.stalled = False  # stopped because the bound had settled
        self._halt = threading.Event()

    def run(self) -> None:
        # This thread's CPU seconds (the solve runs on it; read from the
        # cancel watcher too, while the solve runs), or wall seconds where the
        # platform cannot say.
        clock = time.monotonic
        if hasattr(time, "pthread_getcpuclockid"):
            cpu = time.pthread_getcpuclockid(threading.get_ident())
            clock = lambda: time.clock_gettime(cpu)  # noqa: E731
        settling = Settling(BOUND_STALL_SHARE * self.time_limit_s, clock, BOUND_MIN_SHARE * self.time_limit_s,
                            BOUND_MIN_DROP)

        def on_progress(p: Progress) -> None:
            if p.bound is not None:
                self.bound = p.bound * self.model.instance.settings.scale
                settling.saw(self.bound)
            if self.progress is not None:
                self.progress(p)

        def should_stop() -> bool:
            if self._halt.is_set():
                return True
            if settling.settled():
                self.stalled = True
                return True
            return False

        def on_solution(fill: frozenset[int], value: int) -> None:
            if self.best is None or value > self.best[1]:
                self.best = (fill, value)

        self.outcome = self.model.solve(
            self.time_limit_s, workers=self.workers, seed=self.seed, relative_gap=self.relative_gap,
            progress=on_progress, should_stop=should_stop, started=self.started, prove=True,
            on_solution=on_solution,
        )

    def stop(self) -> None:
        self._halt.set()


class SharedFill:
    """The best fill so far, improved by searches on more than one thread.

    A search solves a neighbourhood of the fill it took; if another search
    improved the fill meanwhile, its answer inside the neighbourhood is laid
    over the current fill instead, and kept only if the result still keeps
    every constraint of the instance and scores more."""

    def __init__(self, instance: Instance, fill, floor: int | None,
                 on_better: Callable[[set[int], int], None] = lambda _fill, _value: None):
        self.instance = instance
        self.floor = floor or 0
        self.on_better = on_better
        self._lock = threading.Lock()
        self.fill = frozenset(fill)
        self.value = instance.objective_of(self.fill)
        self.version = 0
        self.merged = 0  # answers laid over a fill another search had changed

    def take(self) -> tuple[set[int], int, int]:
        with self._lock:
            return set(self.fill), self.value, self.version

    def offer_whole(self, fill) -> bool:
        """A whole fill found elsewhere (kept if it scores more)."""
        fill = frozenset(fill)
        value = self.instance.objective_of(fill)
        with self._lock:
            if value <= self.value:
                return False
            self._take_up(fill, value)
            return True

    def offer(self, fill, base_version: int, free: frozenset[int]) -> bool:
        """A neighbourhood's answer: ``fill`` is the fill of ``base_version``
        with only options in ``free`` changed."""
        fill = frozenset(fill)
        with self._lock:
            if base_version != self.version:
                fill = (self.fill - free) | (fill & free)
                if len(fill) < self.floor or FillState(self.instance, fill).violations():
                    return False
                self.merged += 1
            value = self.instance.objective_of(fill)
            if value <= self.value:
                return False
            self._take_up(fill, value)
            return True

    def _take_up(self, fill: frozenset[int], value: int) -> None:
        self.fill, self.value = fill, value
        self.version += 1
        self.on_better(set(fill), value)


class NeighbourhoodSearch:
    def __init__(self, instance: Instance, model: RotaModel, seed: int = 0):
        self.instance = instance
        self.model = model
        self.rng = random.Random(seed)
        options = instance.options
        first = min((o.start for o in options), default=0)
        last = max((o.end for o in options), default=0)
        self.neighbourhoods: list[frozenset[int]] = []
        width, step = int(WINDOW_DAYS * 86400), int(STEP_DAYS * 86400)
        lo = first
        while lo < last:
            window = frozenset(o.index for o in options if o.start < lo + width and o.end > lo)
            if window:
                self.neighbourhoods.append(window)
            lo += step
        self.improved = 0
        self.tried = 0

    def _members(self) -> frozenset[int]:
        members = [k for k, opts in enumerate(self.instance.by_member) if opts]
        picked = self.rng.sample(members, k=min(MEMBERS_AT_ONCE, len(members)))
        return frozenset(o for k in picked for o in self.instance.by_member[k])

    def run(
        self,
        shared: SharedFill,
        deadline: float,
        should_stop: Callable[[], bool],
        good_enough: Callable[[int], bool],
        elsewhere: Callable[[], tuple[frozenset[int], int] | None] = lambda: None,
        first_turn: int = 0,
    ) -> None:
        """Improve the shared fill until the deadline, a stop, or
        ``good_enough(value)``; a better fill found ``elsewhere`` (the
        whole-model solver) is taken up. ``first_turn`` is where in the sweep
        to begin (a second search begins half a sweep away from the first)."""
        turn = first_turn
        seen = None
        while not should_stop():
            found = elsewhere()
            if found is not None and found is not seen:
                seen = found
                shared.offer_whole(found[0])
            chosen, value, version = shared.take()
            if good_enough(value):
                break
            remaining = deadline - time.monotonic()
            if remaining < 0.05:
                break
            if self.neighbourhoods and turn % (len(self.neighbourhoods) + 1) < len(self.neighbourhoods):
                free = self.neighbourhoods[turn % (len(self.neighbourhoods) + 1)]
            else:
                free = self._members()
            turn += 1
            result = self._solve(chosen, free, min(SLICE_S, remaining), should_stop)
            self.tried += 1
            if result is not None and shared.offer(result, version, free):
                self.improved += 1

    def _solve(self, chosen: set[int], free: frozenset[int], time_limit: float, should_stop) -> set[int] | None:
        copy = self.model.model.clone()
        proto = copy.proto
        for o, var in enumerate(self.model.x):
            if o not in free:
                value = 1 if o in chosen else 0
                domain = proto.variables[var.index].domain
                domain[0] = value
                domain[1] = value
        # Every variable hinted, so the solve starts from a complete fill.
        self.model.add_hint(chosen, target=copy)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, time_limit)
        solver.parameters.max_deterministic_time = SLICE_DTIME
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.rng.randrange(1 << 20)
        status = solver.solve(copy)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        values = solver.boolean_values(self.model.x)
        return {o for o, on in enumerate(values) if on}
