"""The last word on a fill: ``working_time.check_schedule`` over each member's
whole schedule with the fill added. Whatever the linear model could not see
is found here, turned into a no-good for the next solve, or repaired."""

from __future__ import annotations

from localitydesk.domain import working_time as wt

from .greedy import member_schedules
from .instance import Instance, NewShift


def new_breaches(instance: Instance, chosen) -> dict[int, list[wt.Breach]]:
    """Per member, the breaches (not covered by an override) a chosen option is part of."""
    chosen = set(chosen)
    members = {instance.options[o].member for o in chosen}
    schedules = member_schedules(instance, chosen)
    found: dict[int, list[wt.Breach]] = {}
    for k in sorted(members):
        breaches = [
            breach
            for breach in wt.check_schedule(schedules[k], instance.settings.policy)
            if breach.override is None and any(isinstance(ref, NewShift) for ref in breach.shift_refs)
        ]
        if breaches:
            found[k] = breaches
    return found


def options_in(breach: wt.Breach) -> tuple[int, ...]:
    return tuple(sorted({ref.option for ref in breach.shift_refs if isinstance(ref, NewShift)}))


def repair(instance: Instance, chosen) -> tuple[set[int], list[int]]:
    """Drop options until the full check passes: from each breach, the option
    worth least. Returns the clean fill and what was dropped."""
    chosen = set(chosen)
    dropped: list[int] = []
    while True:
        found = new_breaches(instance, chosen)
        if not found:
            return chosen, dropped
        for breaches in found.values():
            culprits = options_in(breaches[0])
            worst = min(culprits, key=lambda o: (instance.options[o].points, -o))
            chosen.discard(worst)
            dropped.append(worst)
