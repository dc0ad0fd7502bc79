"""The kernel solve: the whole period at once, over the options worth having.

On a tight rota most options are ones no good fill takes: the linear
relaxation leaves them at zero. CP-SAT over the rest — the *kernel*: the
options the LP uses and the starting fill, about a fifth of the options on
the benchmark — reaches its root relaxation many times sooner than on the
whole model, and its LP-guided search then finds in a few seconds fills the
neighbourhood search, working a few days at a time, takes much longer to
reach (capacity moved between weeks and members all at once). Widening the
kernel by reduced cost was tried: on a loaded two-core machine the larger
model's root LP then took most of the ten seconds.

The kernel only narrows where this solve looks; the neighbourhood search and
the bound worker still see every option, and the bound reported is the whole
model's, never this one's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .model import RotaModel
from .relaxation import Relaxation

EPSILON = 1e-6  # an LP value above this counts as used


def kernel_options(relaxation: Relaxation, start) -> frozenset[int]:
    """The options the kernel solve may use: the LP's support and the start."""
    return frozenset(start) | frozenset(o for o, value in enumerate(relaxation.values) if value > EPSILON)


def kernel_solve(
    model: RotaModel,
    kernel: frozenset[int],
    start,
    time_limit_s: float,
    seed: int,
    should_stop: Callable[[], bool],
    on_better: Callable[[frozenset[int], int], None],
    stall_s: float | None = None,
    min_gain: int = 0,
) -> None:
    """Solve the model with every option outside the kernel held at zero.

    ``start`` (a legal fill inside the kernel) is the hint, every variable
    hinted. Each improving fill is handed to ``on_better`` as it is found, so
    a stop loses nothing. The model itself is only read (the bound worker may
    be solving it). With ``stall_s`` the solve also stops once it has found
    nothing better by more than ``min_gain`` for that long, counted in this
    thread's CPU time (the solve runs on it), so a busy machine does not cut
    it short."""
    copy = model.model.clone()
    model.add_hint(start, target=copy)
    proto = copy.proto
    for o, var in enumerate(model.x):
        if o not in kernel:
            domain = proto.variables[var.index].domain
            domain[0] = 0
            domain[1] = 0
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.05, time_limit_s)
    params.num_workers = 1
    params.random_seed = seed
    # The search this solve is for dives from the LP with every constraint in it.
    params.linearization_level = 2
    clock = _thread_clock()
    reporter = _Improvements(model.x, on_better, clock, min_gain)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if should_stop() or (stall_s is not None and clock() - reporter.last > stall_s):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="autofill-kernel-cancel", daemon=True)
    watcher.start()
    try:
        solver.solve(copy, reporter)
    finally:
        done.set()
        watcher.join()


def _thread_clock() -> Callable[[], float]:
    """This thread's CPU seconds, readable from another thread (monotonic
    wall seconds where the platform cannot say)."""
    if hasattr(time, "pthread_getcpuclockid"):
        cpu = time.pthread_getcpuclockid(threading.get_ident())
        return lambda: time.clock_gettime(cpu)
    return time.monotonic


class _Improvements(cp_model.CpSolverSolutionCallback):
    def __init__(self, x, on_better, clock, min_gain: int = 0):
        super().__init__()
        self._x = x
        self._on_better = on_better
        self._clock = clock
        self._min_gain = min_gain
        self._marked: float | None = None  # the objective when ``last`` was set
        self.last = clock()  # when the last improvement of more than min_gain came, on ``clock``

    def on_solution_callback(self) -> None:
        objective = self.objective_value
        if self._marked is None or objective > self._marked + self._min_gain:
            self._marked, self.last = objective, self._clock()
        value = self.boolean_value
        self._on_better(frozenset(o for o, var in enumerate(self._x) if value(var)), round(objective))
