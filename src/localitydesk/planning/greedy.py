"""The greedy fill: requests in time order, each to its best-ranked legal candidate.

This is what a coordinator working down the list with the candidates dialog
would do, so it is the baseline the benchmark measures auto-fill against, the
hint CP-SAT starts from, and how a fill is topped up after a repair. Ranking
is matching's own (``rank_candidates``) against each member's schedule as the
fill grows, so hours already given count against them; a candidate must also
keep every constraint of the instance (contract margin included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt

from .instance import Instance
from .problem import Cancelled
from .state import FillState


def member_schedules(instance: Instance, chosen) -> list[wt.Schedule]:
    """Each member's schedule with the chosen options added."""
    added: dict[int, list] = {}
    for o in chosen:
        option = instance.options[o]
        added.setdefault(option.member, []).append(option.probe)
    schedules = []
    for k, member in enumerate(instance.members):
        schedules.append(schedule_with(member.schedule, added.get(k, ())))
    return schedules


def schedule_with(base: wt.Schedule, probes) -> wt.Schedule:
    if not probes:
        return base
    rows = list(zip(base.starts, base.ends, base.worked, base.refs))
    rows += [(p.start, p.end, p.worked, p.ref) for p in probes]
    rows.sort(key=lambda row: (row[0], row[1]))
    starts, ends, worked, refs = (tuple(column) for column in zip(*rows))
    return wt.Schedule(
        base.worker_id, starts, ends, worked, refs,
        date_of_birth=base.date_of_birth, opted_out=base.opted_out, night_worker=base.night_worker,
        overrides=base.overrides,
    )


def greedy_fill(
    instance: Instance,
    state: FillState | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> FillState:
    """Fill in time order; with ``state``, top up that fill instead of starting empty."""
    state = state if state is not None else FillState(instance)
    schedules = member_schedules(instance, state.chosen)
    settings = instance.settings.match
    for slot in instance.slots:
        if should_stop is not None and should_stop():
            raise Cancelled
        while state.slot_used[slot.index] < slot.positions:
            pool = []
            for o in slot.options:
                if o in state.chosen:
                    continue
                k = instance.options[o].member
                pool.append(replace(slot.candidates[k], schedule=schedules[k]))
            if not pool:
                break
            picked = None
            for candidate in m.rank_candidates(slot.ctx, pool, settings=settings):
                o = instance.option_of[(slot.index, instance.member_index[candidate.worker_id])]
                if state.can_add(o):
                    picked = o
                    break
            if picked is None:
                break
            state.add(picked)
            option = instance.options[picked]
            schedules[option.member] = schedule_with(schedules[option.member], (option.probe,))
    return state
