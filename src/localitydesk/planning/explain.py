"""Why a request was left unfilled: for every core-team member, what stopped them.

A member either fails a matching hard rule against what they already hold
(matching's own :func:`~localitydesk.domain.matching.explain_exclusion`
says which, in its words), or would go over contract plus margin, or could
go alone but not together with the shifts the fill gave them (needed for
other requests: the working-time breach that would follow is quoted), or —
only when the search stopped before proving the fill best — was simply not
reached. "Infeasible" with no reason is never the answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.wording import Wording

from .greedy import member_schedules
from .instance import AVERAGE, CONTRACT_WEEK, YOUNG_DAY, YOUNG_WEEK, Instance, Limit
from .problem import (
    ALREADY_BOOKED,
    CONTRACT_HOURS,
    NEEDED_ELSEWHERE,
    NOT_REACHED,
    Assignment,
    MemberReason,
    UnfilledRequest,
)
from .state import FillState

_LIMIT_RULES = {
    AVERAGE: wt.AVERAGE_WEEKLY_HOURS,
    YOUNG_DAY: wt.YOUNG_DAILY_HOURS,
    YOUNG_WEEK: wt.YOUNG_WEEKLY_HOURS,
}


def distribute(instance: Instance, chosen) -> dict[int, list[int]]:
    """Request index -> chosen options on it: a merged slot's places go to its
    requests in order, each up to its own number of places."""
    placed: dict[int, list[int]] = {}
    for slot in instance.slots:
        taken = sorted((o for o in slot.options if o in chosen), key=lambda o: -instance.options[o].points)
        for index in slot.requests:
            room = instance.requests[index].positions
            placed[index], taken = taken[:room], taken[room:]
    return placed


def assignments(instance: Instance, chosen) -> tuple[Assignment, ...]:
    result = []
    for index, opts in distribute(instance, set(chosen)).items():
        plan = instance.requests[index]
        for o in opts:
            option = instance.options[o]
            result.append(
                Assignment(plan.request_id, instance.members[option.member].worker_id, plan.request.start, plan.request.end,
                           option.welsh_met)
            )
    result.sort(key=lambda a: (a.start, str(a.request_id), str(a.worker_id)))
    return tuple(result)


def explain_unfilled(instance: Instance, chosen, language: str | None = None, proven: bool = False) -> tuple[UnfilledRequest, ...]:
    """Every request with a place left, and why each core member did not take it.

    ``proven``: the fill is optimal, so a member who could still be added is
    kept off by the model's own margins rather than the time limit.
    """
    w = Wording(language)
    chosen = set(chosen)
    state = FillState(instance, chosen)
    schedules = member_schedules(instance, chosen)
    placed = distribute(instance, chosen)
    found = []
    for slot in instance.slots:
        left = {index: instance.requests[index].positions - len(placed.get(index, ())) for index in slot.requests}
        if not any(left.values()):
            continue
        reasons = []
        for k, member in enumerate(instance.members):
            if instance.option_of.get((slot.index, k)) in chosen:
                continue  # placed on this request or on its identical twin: see below
            reason = _member_reason(instance, state, schedules, slot, k, w, proven)
            if reason is not None:
                reasons.append(_in_sentences(reason, w))
        for index in slot.requests:
            if left[index] <= 0:
                continue
            plan = instance.requests[index]
            # Identical requests share a slot: a member given the twin is needed there.
            twins = [
                _in_sentences(_twin_reason(instance, o, w), w)
                for other in slot.requests if other != index
                for o in placed.get(other, ())
            ]
            mine = sorted(twins + reasons, key=lambda r: (r.name, str(r.worker_id)))
            found.append(
                UnfilledRequest(
                    plan.request_id, left[index], w.sentence(_summary(mine, w)), tuple(mine), plan.request.start, plan.request.end,
                    plan.provider_name(w.language),
                )
            )
    return tuple(found)


def _in_sentences(reason: MemberReason, w: Wording) -> MemberReason:
    """The reason's words as finished sentences: a Welsh day name quoted in
    one ("o ddydd Llun", "dydd Mawrth 3 Mawrth 07:00") reads as Welsh expects."""
    return replace(reason, text=w.sentence(reason.text))


def _member_reason(instance, state, schedules, slot, k, w, proven) -> MemberReason | None:
    member = instance.members[k]
    plan = instance.requests[slot.requests[0]]
    if member.worker_id in plan.booked:
        return MemberReason(member.worker_id, member.name, (ALREADY_BOOKED,), w.gettext("Already booked on this request."))
    o = instance.option_of.get((slot.index, k))
    if o is None:
        blocked = instance.contract_blocked.get((slot.index, k))
        if blocked is not None:
            return MemberReason(member.worker_id, member.name, (CONTRACT_HOURS,), _contract_words(instance, blocked, 0, slot, w))
        candidate = slot.candidates.get(k)
        if candidate is None:
            return None
        exclusions = m.explain_exclusion(slot.ctx, candidate)
        if not exclusions:
            return None
        return MemberReason(
            member.worker_id, member.name, tuple(e.rule for e in exclusions), " ".join(e.describe(w.language) for e in exclusions)
        )
    blockers = state.blockers(o)
    option = instance.options[o]
    for blocker in blockers:
        if blocker.kind == "limit" and blocker.limit.kind == CONTRACT_WEEK:
            return MemberReason(
                member.worker_id, member.name, (CONTRACT_HOURS,), _contract_words(instance, blocker.limit, blocker.used, slot, w)
            )
    if blockers:
        others = sorted({p for blocker in blockers for p in blocker.options}, key=lambda p: instance.options[p].start)
        breaches = [b for b in wt.breaches_if_added(schedules[k], option.probe, instance.settings.policy) if b.override is None]
        rules = [NEEDED_ELSEWHERE] + sorted({b.rule for b in breaches}, key=wt.RULES.index)
        limit_rules = [_LIMIT_RULES[b.limit.kind] for b in blockers if b.kind == "limit" and b.limit.kind in _LIMIT_RULES]
        rules += [rule for rule in limit_rules if rule not in rules]
        shifts = "; ".join(_shift_words(instance, p, w) for p in others)
        text = w.gettext("Needed for other requests in this auto-fill: {shifts}.").format(shifts=shifts)
        if breaches:
            text += " " + w.gettext("Taking this one as well would break the working-time rules:") + " " + " ".join(
                b.describe(w.language) for b in breaches
            )
        elif limit_rules:
            text += " " + w.gettext("Taking this one as well would go over a working-time limit on hours.")
        return MemberReason(member.worker_id, member.name, tuple(rules), text)
    if proven:
        text = w.gettext("Could go, but only by using hours this auto-fill rounds up to stay safely within the limits; check by hand.")
    else:
        text = w.gettext("Could go: the auto-fill reached its time limit before placing this worker.")
    return MemberReason(member.worker_id, member.name, (NOT_REACHED,), text)


def _twin_reason(instance: Instance, o: int, w: Wording) -> MemberReason:
    member = instance.members[instance.options[o].member]
    text = w.gettext("Needed for other requests in this auto-fill: {shifts}.").format(shifts=_shift_words(instance, o, w))
    return MemberReason(member.worker_id, member.name, (NEEDED_ELSEWHERE, wt.OVERLAP), text)


def _shift_words(instance: Instance, o: int, w: Wording) -> str:
    option = instance.options[o]
    plan = instance.requests[instance.slots[option.slot].requests[0]]
    return w.gettext("{provider}, {start}").format(provider=plan.provider_name(w.language), start=w.when(option.start))


def _contract_words(instance: Instance, limit: Limit, used: int, slot, w: Wording) -> str:
    member = instance.members[limit.member]
    option_minutes = slot.ctx.probe.worked / 60
    total_h = (limit.booked_minutes + used + option_minutes) / 60
    return w.gettext(
        "Would work {hours} h in the week from {start}: more than their {contracted} h contract "
        "and the {margin} h over it that auto-fill may book."
    ).format(
        hours=w.hours(total_h), start=w.day(limit.lo), contracted=w.hours(member.contracted_hours),
        margin=w.hours(instance.settings.contract_margin_h),
    )


def rule_label(rule: str, w: Wording) -> str:
    """A short phrase for a reason, for the one-line summary of an unfilled request."""
    labels = {
        m.NOT_ACTIVE: w.gettext("not employed then"),
        m.ROLE: w.gettext("cannot work in this role"),
        m.EMPLOYMENT_TYPE: w.gettext("type of employment"),
        m.COMPLIANCE: w.gettext("compliance out of date"),
        m.DO_NOT_SEND: w.gettext("on the do-not-send list"),
        m.UNAVAILABLE: w.gettext("not usually available"),
        m.ABSENT: w.gettext("on leave or off sick"),
        m.WORKING_TIME: w.gettext("working-time rules"),
        m.WELSH_ESSENTIAL: w.gettext("Welsh essential"),
        m.MAX_TRAVEL: w.gettext("too far to travel"),
        m.DRIVER_NEEDED: w.gettext("the provider needs a driver"),
        ALREADY_BOOKED: w.gettext("already booked on it"),
        CONTRACT_HOURS: w.gettext("over contract hours"),
        NEEDED_ELSEWHERE: w.gettext("needed for other requests"),
        NOT_REACHED: w.gettext("not reached in time"),
    }
    return labels.get(rule, rule)


def _summary(reasons: list[MemberReason], w: Wording) -> str:
    if not reasons:
        return w.gettext("There is no one in the core team to ask.")
    counts = Counter(reason.rules[0] for reason in reasons)
    parts = "; ".join(
        w.gettext("{rule} ({count})").format(rule=rule_label(rule, w), count=count) for rule, count in counts.most_common()
    )
    return w.gettext("Left for the bank. Why the core team could not go: {reasons}.").format(reasons=parts)
