"""A fill being built, checked against the instance's constraints as it grows.

The greedy fill, the repair after a solve and the explanations all ask the
same question — may this option be added to what is chosen? — and get the
same answer the CP-SAT model would give, because all read the constraints
from the one :class:`~localitydesk.planning.instance.Instance`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .instance import Instance, Limit, RestRule


@dataclass(frozen=True, slots=True)
class Blocker:
    """What stops an option joining the fill."""

    kind: str  # "slot", "clique", "limit", "rest", "nogood"
    options: tuple[int, ...] = ()  # chosen options it clashes with
    limit: Limit | None = None
    used: int = 0  # minutes already used in the limit


class FillState:
    def __init__(self, instance: Instance, chosen=()):
        self.instance = instance
        self.chosen: set[int] = set()
        self.slot_used = [0] * len(instance.slots)
        self.limit_used = [0] * len(instance.limits)
        self.clique_of: dict[int, list[int]] = defaultdict(list)
        for c, clique in enumerate(instance.cliques):
            for o in clique:
                self.clique_of[o].append(c)
        self.limit_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for index, limit in enumerate(instance.limits):
            for o, minutes in limit.terms:
                self.limit_of[o].append((index, minutes))
        self.rest_of: dict[int, list[int]] = defaultdict(list)
        for index, rule in enumerate(instance.rests):
            for o in _rule_options(rule):
                self.rest_of[o].append(index)
        self.nogood_of: dict[int, list[int]] = defaultdict(list)
        for index, nogood in enumerate(instance.nogoods):
            for o in nogood:
                self.nogood_of[o].append(index)
        for o in chosen:
            self.add(o)

    # -- the question ----------------------------------------------------------

    def blockers(self, o: int, first_only: bool = False) -> list[Blocker]:
        instance = self.instance
        option = instance.options[o]
        found: list[Blocker] = []
        if o in self.chosen:
            return [Blocker("chosen", (o,))]
        slot = instance.slots[option.slot]
        if self.slot_used[option.slot] >= slot.positions:
            found.append(Blocker("slot", tuple(p for p in slot.options if p in self.chosen)))
            if first_only:
                return found
        for c in self.clique_of.get(o, ()):
            taken = tuple(p for p in instance.cliques[c] if p in self.chosen)
            if taken:
                found.append(Blocker("clique", taken))
                if first_only:
                    return found
        for index, minutes in self.limit_of.get(o, ()):
            limit = instance.limits[index]
            if self.limit_used[index] + minutes > limit.capacity:
                taken = tuple(p for p, _m in limit.terms if p in self.chosen)
                found.append(Blocker("limit", taken, limit, self.limit_used[index]))
                if first_only:
                    return found
        for index in self.rest_of.get(o, ()):
            rule = instance.rests[index]
            if not self.rest_ok(rule, extra=o):
                taken = tuple(p for p in _rule_options(rule) if p in self.chosen)
                found.append(Blocker("rest", taken))
                if first_only:
                    return found
        for index in self.nogood_of.get(o, ()):
            nogood = instance.nogoods[index]
            if all(p in self.chosen or p == o for p in nogood):
                found.append(Blocker("nogood", tuple(p for p in nogood if p != o)))
                if first_only:
                    return found
        return found

    def can_add(self, o: int) -> bool:
        return not self.blockers(o, first_only=True)

    def rest_ok(self, rule: RestRule, extra: int | None = None) -> bool:
        chosen = self.chosen

        def free(window) -> bool:
            return not any(p in chosen or p == extra for p in window.options)

        if any(free(window) for window in rule.week):
            return True
        fortnight = rule.fortnight
        if fortnight is None:
            return False
        if any(free(window) for window in fortnight.long):
            return True
        starts = [window.start for window in fortnight.short if free(window)]
        length = fortnight.short[0].end - fortnight.short[0].start if fortnight.short else 0
        return bool(starts) and starts[-1] - starts[0] >= length

    # -- changing the fill -----------------------------------------------------

    def add(self, o: int) -> None:
        if o in self.chosen:
            return
        self.chosen.add(o)
        self.slot_used[self.instance.options[o].slot] += 1
        for index, minutes in self.limit_of.get(o, ()):
            self.limit_used[index] += minutes

    def remove(self, o: int) -> None:
        if o not in self.chosen:
            return
        self.chosen.discard(o)
        self.slot_used[self.instance.options[o].slot] -= 1
        for index, minutes in self.limit_of.get(o, ()):
            self.limit_used[index] -= minutes

    def violations(self) -> list[tuple[str, int]]:
        """Every constraint the current fill breaks (for tests and checks): (kind, index)."""
        instance = self.instance
        broken = []
        for index, slot in enumerate(instance.slots):
            if self.slot_used[index] > slot.positions:
                broken.append(("slot", index))
        for index, clique in enumerate(instance.cliques):
            if sum(o in self.chosen for o in clique) > 1:
                broken.append(("clique", index))
        for index, limit in enumerate(instance.limits):
            if self.limit_used[index] > limit.capacity:
                broken.append(("limit", index))
        for index, rule in enumerate(instance.rests):
            if not self.rest_ok(rule):
                broken.append(("rest", index))
        for index, nogood in enumerate(instance.nogoods):
            if all(o in self.chosen for o in nogood):
                broken.append(("nogood", index))
        return broken


def _rule_options(rule: RestRule) -> set[int]:
    options: set[int] = set()
    for window in rule.week:
        options.update(window.options)
    if rule.fortnight is not None:
        for window in (*rule.fortnight.long, *rule.fortnight.short):
            options.update(window.options)
    return options
