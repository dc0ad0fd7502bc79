"""The Working Time Regulations 1998 over plain data: the one source of truth.

Matching, the rota and the rota checker all ask this module, so a rule can
never disagree with itself. Two entry points share every rule's evaluation:

* :func:`check_schedule` — every breach in a worker's whole schedule;
* :func:`breaches_if_added` — what booking one more shift would breach. This is
  the matching hot path (thousands of workers per request), so a
  :class:`Schedule` keeps its shifts as sorted integer columns (UTC epoch
  seconds) searched with ``bisect``, and each rule looks only at the periods
  the new shift touches.

Both paths run the same per-period evaluators (a rest chain, a week, a
17-week window…), the hot path merely passing the new shift in as ``extra``.

Durations follow the real instants, so a night shift over the October clock
change is an hour longer than its wall-clock times suggest. Days, weeks and
night time are Europe/London wall-clock periods, as the Regulations mean them.

Interpretations, where the Regulations leave a choice:

* Daily rest (reg. 10): shifts separated by less than the required rest are one
  stretch of work (a split shift is lawful); a breach is a stretch that leaves
  less than 11 (young: 12) consecutive hours of rest in the 24 hours from its
  start. Two shifts 11 h apart pass; 10 h 59 min apart fail.
* Weekly rest (reg. 11): weeks run Monday 00:00 to Monday 00:00. An adult week
  without 24 h uninterrupted rest is lawful when its fixed 14-day period (from
  alternate Mondays counted from :attr:`WorkingTimePolicy.fortnight_anchor`)
  holds one 48 h rest or two 24 h rests. Young workers need 48 h in each week.
* Average weekly hours (reg. 4): every rolling window of 17 × 7 local days,
  day-aligned. A shift crossing a window edge counts pro rata.
* Night work (reg. 6): a night shift has ≥ 3 h between 23:00 and 06:00; a night
  worker is flagged as one, or works night shifts for at least a third of their
  shifts in the window ("as a normal course"). Their hours over 17 weeks may not
  exceed 8 × (days − weekly rest days) — reg. 6(5)'s A ÷ (B − C). Opting out
  of the 48 h average does not lift this limit.
* Young workers (regs. 5A, 10(2), 11(2), 12(4)): under 18 on the day of the
  period (or shift) concerned. 8 h in a local day and 40 h in a week; they
  cannot opt out.
* Rest breaks (reg. 12): working time (shift less unpaid break) over 6 h needs
  a 20-minute break (over 4.5 h: 30 minutes when young).

Overrides: reg. 21 lets care homes and hospitals set aside daily rest, weekly
rest, breaks and the night limit for adults when compensatory rest is given.
A manager records that as an :class:`Override` naming the rule, the shifts it
was granted for and why. It covers a breach only when every shift in the breach
was among those named, so adding another shift makes the breach need a new
decision: nothing is silently allowed. Overlaps, the 48 h average (opt-out is
the only way) and young workers' limits cannot be overridden.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache, partial
from itertools import accumulate
from operator import sub
from zoneinfo import ZoneInfo

from localitydesk.domain.wording import Wording

LONDON = ZoneInfo("Europe/London")
HOUR = 3600
DAY = 86400

# Stable rule codes: stored with overrides, sent to the CLI and the rota solver.
OVERLAP = "overlap"
DAILY_REST = "daily_rest"
WEEKLY_REST = "weekly_rest"
AVERAGE_WEEKLY_HOURS = "average_weekly_hours"
YOUNG_DAILY_HOURS = "young_daily_hours"
YOUNG_WEEKLY_HOURS = "young_weekly_hours"
NIGHT_AVERAGE = "night_average"
REST_BREAK = "rest_break"

RULES = (
    OVERLAP,
    DAILY_REST,
    WEEKLY_REST,
    AVERAGE_WEEKLY_HOURS,
    YOUNG_DAILY_HOURS,
    YOUNG_WEEKLY_HOURS,
    NIGHT_AVERAGE,
    REST_BREAK,
)

# Reg. 21 special cases (continuity of care): set aside with compensatory rest.
OVERRIDABLE_RULES = frozenset({DAILY_REST, WEEKLY_REST, REST_BREAK, NIGHT_AVERAGE})

NEW_SHIFT = "new"  # the ref of a shift being tried that has no booking id yet


@dataclass(frozen=True, slots=True)
class WorkingTimePolicy:
    daily_rest_h: float = 11
    young_daily_rest_h: float = 12
    weekly_rest_h: float = 24
    fortnight_rest_h: float = 48
    young_weekly_rest_h: float = 48
    average_limit_h: float = 48
    reference_weeks: int = 17
    young_daily_limit_h: float = 8
    young_weekly_limit_h: float = 40
    night_limit_h: float = 8
    night_shift_min_h: float = 3
    night_start_hour: int = 23
    night_end_hour: int = 6
    night_worker_share: float = 1 / 3
    break_after_h: float = 6
    break_min: int = 20
    young_break_after_h: float = 4.5
    young_break_min: int = 30
    fortnight_anchor: date = date(2024, 1, 1)  # a Monday

    @property
    def window_days(self) -> int:
        return 7 * self.reference_weeks

    @property
    def average_limit_total_s(self) -> float:
        return self.average_limit_h * self.reference_weeks * HOUR

    @property
    def night_divisor_days(self) -> float:
        # reg. 6(5): B − C, the days in the period less the weekly rest days.
        return self.window_days - self.reference_weeks * self.weekly_rest_h / 24

    @property
    def night_limit_total_s(self) -> float:
        return self.night_limit_h * self.night_divisor_days * HOUR


DEFAULT_POLICY = WorkingTimePolicy()


@dataclass(frozen=True, slots=True)
class Shift:
    """A stretch of work: aware instants, an unpaid break, and the booking it is."""

    start: datetime
    end: datetime
    break_minutes: int = 0
    ref: Hashable = None

    @property
    def worked_seconds(self) -> int:
        return int((self.end - self.start).total_seconds()) - 60 * self.break_minutes


@dataclass(frozen=True, slots=True)
class Override:
    """A manager's recorded decision to set a rule aside for named shifts."""

    rule: str
    shift_refs: frozenset
    reason: str
    by: str = ""

    def covers(self, breach: Breach) -> bool:
        return breach.rule == self.rule and breach.overridable and set(breach.shift_refs) <= self.shift_refs


@dataclass(frozen=True, slots=True)
class Breach:
    """One breach of one rule, with the figures that prove it.

    ``start``/``end`` bound the evidence (the rest period, the week, the
    window, the overlap, the shift); ``actual`` and ``limit`` are in hours
    (for a break, minutes); ``total`` is a second figure where one helps
    (hours in the whole window, longest rest in the 14 days).
    """

    rule: str
    worker_id: Hashable
    start: datetime
    end: datetime
    actual: float
    limit: float
    shift_refs: tuple = ()
    young: bool = False
    total: float | None = None
    override: Override | None = None

    @property
    def overridable(self) -> bool:
        return self.rule in OVERRIDABLE_RULES and not self.young

    @property
    def allowed(self) -> bool:
        """True when a manager's override covers this breach."""
        return self.override is not None

    def override_with(self, reason: str, by: str = "") -> Override:
        """The override a manager would record to set this breach aside."""
        if not self.overridable:
            raise ValueError(f"{self.rule} cannot be overridden")
        if not reason.strip():
            raise ValueError("an override needs a reason")
        return Override(self.rule, frozenset(self.shift_refs), reason.strip(), by)

    def describe(self, language: str | None = None) -> str:
        w = Wording(language)
        text = _DESCRIBERS[self.rule](self, w)
        if self.override is not None:
            text += " " + w.gettext("Overridden by {by}: {reason}").format(
                by=self.override.by or "—", reason=self.override.reason
            )
        return w.sentence(text)

    def as_dict(self, language: str | None = None) -> dict:
        return {
            "rule": self.rule,
            "worker_id": str(self.worker_id),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "actual": round(self.actual, 2),
            "limit": self.limit,
            "total": None if self.total is None else round(self.total, 2),
            "young": self.young,
            "overridable": self.overridable,
            "overridden": self.override is not None,
            "override_reason": self.override.reason if self.override else "",
            "text": self.describe(language),
        }


# --------------------------------------------------------------------------
# Local (Europe/London) calendar arithmetic on epoch seconds.


def _epoch(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("working-time instants must be timezone-aware")
    return int(instant.timestamp())


def _utc(epoch: int | float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def local_ordinal(epoch: int | float) -> int:
    """The Europe/London calendar date of an instant, as a date ordinal."""
    return datetime.fromtimestamp(epoch, LONDON).toordinal()


@lru_cache(maxsize=16384)
def local_instant(ordinal: int, hour: int = 0) -> int:
    """Epoch seconds of ``hour``:00 London time on the date with this ordinal."""
    d = date.fromordinal(ordinal)
    return int(datetime(d.year, d.month, d.day, hour, tzinfo=LONDON).timestamp())


def monday_of(ordinal: int) -> int:
    return ordinal - (ordinal - 1) % 7  # ordinal 1 (1 Jan 1 AD) was a Monday


def fortnight_of(monday: int, policy: WorkingTimePolicy) -> int:
    """The first Monday of the fixed 14-day weekly-rest period holding this Monday."""
    anchor = policy.fortnight_anchor.toordinal()
    return anchor + 14 * ((monday - anchor) // 14)


def night_seconds(start: int, end: int, policy: WorkingTimePolicy = DEFAULT_POLICY) -> int:
    """Seconds of [start, end) between the night hours (23:00–06:00 London)."""
    total = 0
    ordinal = local_ordinal(start) - 1
    last = local_ordinal(end - 1)
    while ordinal <= last:
        lo = max(start, local_instant(ordinal, policy.night_start_hour))
        hi = min(end, local_instant(ordinal + 1, policy.night_end_hour))
        if hi > lo:
            total += hi - lo
        ordinal += 1
    return total


def _young_until(date_of_birth: date | None) -> int | None:
    """Epoch of local midnight on the 18th birthday (29 Feb birthdays: 1 March)."""
    if date_of_birth is None:
        return None
    try:
        birthday = date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:
        birthday = date(date_of_birth.year + 18, 3, 1)
    return local_instant(birthday.toordinal())


def _clip(start: int, end: int, worked: int, lo: int, hi: int) -> float:
    """Worked seconds of a shift falling inside [lo, hi), the break pro rata."""
    inside = min(end, hi) - max(start, lo)
    if inside <= 0:
        return 0.0
    length = end - start
    return worked if inside >= length else worked * inside / length


# --------------------------------------------------------------------------
# A worker's schedule as sorted columns.


class Schedule:
    """A worker's shifts, sorted by start, as integer columns, and their facts.

    Build it with :meth:`from_shifts`, or straight from query rows with
    :meth:`from_columns` (epoch seconds, already ordered by start) — the cheap
    way when thousands are built per request. Prefix sums are made only when a
    rule needs a window total, which the matching hot path mostly avoids.
    """

    __slots__ = (
        "worker_id",
        "starts",
        "ends",
        "worked",
        "refs",
        "date_of_birth",
        "opted_out",
        "night_worker",
        "overrides",
        "_prefix",
        "_maxend",
        "_longest",
        "_young_until",
        "_night_flags",
        "_window_bound",
    )

    def __init__(
        self,
        worker_id: Hashable,
        starts: Sequence[int],
        ends: Sequence[int],
        worked: Sequence[int],
        refs: Sequence[Hashable] | None = None,
        *,
        date_of_birth: date | None = None,
        opted_out: bool = False,
        night_worker: bool | None = None,
        overrides: Iterable[Override] = (),
    ):
        self.worker_id = worker_id
        self.starts = starts
        self.ends = ends
        self.worked = worked
        self.refs = refs if refs is not None else (None,) * len(starts)
        self.date_of_birth = date_of_birth
        self.opted_out = opted_out
        # True/False when the contract says so; None: judge from the shifts.
        self.night_worker = night_worker
        self.overrides = tuple(overrides)
        self._prefix = None
        self._maxend = None
        self._longest = None
        self._young_until = _young_until(date_of_birth)
        self._night_flags = None
        self._window_bound = None

    @classmethod
    def from_columns(cls, worker_id, starts, ends, worked, refs=None, **facts) -> Schedule:
        return cls(worker_id, starts, ends, worked, refs, **facts)

    @classmethod
    def from_shifts(cls, worker_id: Hashable, shifts: Iterable[Shift], **facts) -> Schedule:
        ordered = sorted(shifts, key=lambda shift: (shift.start, shift.end))
        return cls(
            worker_id,
            tuple(_epoch(s.start) for s in ordered),
            tuple(_epoch(s.end) for s in ordered),
            tuple(s.worked_seconds for s in ordered),
            tuple(s.ref for s in ordered),
            **facts,
        )

    def with_shift(self, shift: Shift | Probe) -> Schedule:
        """This schedule with one more shift (after booking it)."""
        probe = shift if isinstance(shift, Probe) else Probe(shift)
        k = bisect_right(self.starts, probe.start)
        columns = [list(column) for column in (self.starts, self.ends, self.worked, self.refs)]
        for column, value in zip(columns, (probe.start, probe.end, probe.worked, probe.ref)):
            column.insert(k, value)
        return Schedule(
            self.worker_id,
            *(tuple(column) for column in columns),
            date_of_birth=self.date_of_birth,
            opted_out=self.opted_out,
            night_worker=self.night_worker,
            overrides=self.overrides,
        )

    def with_overrides(self, overrides: Iterable[Override]) -> Schedule:
        copy = Schedule(
            self.worker_id, self.starts, self.ends, self.worked, self.refs,
            date_of_birth=self.date_of_birth, opted_out=self.opted_out, night_worker=self.night_worker,
            overrides=(*self.overrides, *overrides),
        )
        return copy

    def shifts(self) -> list[Shift]:
        return [
            Shift(_utc(s), _utc(e), (e - s - w) // 60, ref)
            for s, e, w, ref in zip(self.starts, self.ends, self.worked, self.refs)
        ]

    def __len__(self) -> int:
        return len(self.starts)

    # -- helpers the rules share ------------------------------------------

    def _max_ends(self) -> list[int]:
        """Running maximum of the ends: non-decreasing even if shifts overlap."""
        if self._maxend is None:
            self._maxend = list(accumulate(self.ends, max))
        return self._maxend

    def _arrays(self):
        if self._prefix is None:
            self._max_ends()
            self._prefix = list(accumulate(self.worked, initial=0))
            self._longest = max(map(sub, self.ends, self.starts), default=0)
        return self._prefix, self._maxend

    def _first_ending_after(self, instant: int) -> int:
        """Index of the first shift that may end after ``instant``."""
        return bisect_right(self._max_ends(), instant)

    def worked_between(self, lo: int, hi: int) -> float:
        """Worked seconds inside [lo, hi) (shifts crossing an edge pro rata)."""
        starts = self.starts
        j = bisect_left(starts, hi)
        if j == 0:
            return 0.0
        prefix, _ = self._arrays()
        i = bisect_right(self._maxend, lo)
        if i >= j:
            return 0.0
        ends, worked = self.ends, self.worked
        # Shifts i..j-1 are counted whole, then those crossing an edge are
        # trimmed: the ones starting before lo (a run at the front, sorted by
        # start), and the ones ending after hi, which all start within one
        # longest-shift of hi. Exact even if shifts overlap.
        total = prefix[j] - prefix[i]
        k = i
        while k < j and starts[k] < lo:
            total += _clip(starts[k], ends[k], worked[k], lo, hi) - worked[k]
            k += 1
        reach = hi - self._longest
        m = j - 1
        while m >= k and starts[m] > reach:
            if ends[m] > hi:
                total += _clip(starts[m], ends[m], worked[m], lo, hi) - worked[m]
            m -= 1
        return total

    def busiest_window_bound(self, days: int) -> float:
        """An upper bound on the worked seconds in any ``days``-day local window.

        For each shift, the hours of all shifts starting from it up to one
        window (plus an hour for a clock change, plus the longest shift, since
        the first shift in a window may begin before it) later. One pass,
        made once per schedule: with it, most workers clear the averaging
        rules without any window search.
        """
        cached = self._window_bound
        if cached is not None and cached[0] == days:
            return cached[1]
        prefix, _ = self._arrays()
        starts = self.starts
        span = days * DAY + HOUR + self._longest
        best = 0
        j = 0
        n = len(starts)
        for i in range(n):
            limit = starts[i] + span
            while j < n and starts[j] < limit:
                j += 1
            total = prefix[j] - prefix[i]
            if total > best:
                best = total
        self._window_bound = (days, best)
        return best

    def intervals(self, lo: int, hi: int, extra: Probe | None = None) -> list[tuple[int, int, int, Hashable]]:
        """(start, end, worked, ref) of shifts meeting [lo, hi), with ``extra`` merged in order."""
        i = self._first_ending_after(lo)
        j = bisect_left(self.starts, hi)
        found = [
            (self.starts[k], self.ends[k], self.worked[k], self.refs[k])
            for k in range(i, j)
            if self.ends[k] > lo
        ]
        if extra is not None and extra.start < hi and extra.end > lo:
            found.append((extra.start, extra.end, extra.worked, extra.ref))
            found.sort(key=lambda item: (item[0], item[1]))
        return found

    def is_young_at(self, instant: int) -> bool:
        return self._young_until is not None and instant < self._young_until

    def night_flags(self, policy: WorkingTimePolicy) -> list[bool]:
        if self._night_flags is None:
            threshold = policy.night_shift_min_h * HOUR
            self._night_flags = [
                night_seconds(s, e, policy) >= threshold for s, e in zip(self.starts, self.ends)
            ]
        return self._night_flags


class Probe:
    """A shift about to be tried against many schedules, prepared once.

    Everything that depends only on the shift — its local dates, weeks, night
    hours, break verdicts, the windows it falls in — is worked out here, so
    checking one more worker costs a few comparisons and bisects.
    """

    __slots__ = (
        "start",
        "end",
        "worked",
        "break_minutes",
        "ref",
        "policy",
        "start_ordinal",
        "end_ordinal",
        "mondays",
        "night_seconds",
        "is_night",
        "adult_break_short",
        "young_break_short",
        "_fortnights",
        "_alone",
    )

    def __init__(self, shift: Shift, policy: WorkingTimePolicy = DEFAULT_POLICY):
        self.start = _epoch(shift.start)
        self.end = _epoch(shift.end)
        if self.end <= self.start:
            raise ValueError("a shift must end after it starts")
        self.worked = shift.worked_seconds
        self.break_minutes = shift.break_minutes
        self.ref = NEW_SHIFT if shift.ref is None else shift.ref
        self.policy = policy
        self.start_ordinal = local_ordinal(self.start)
        self.end_ordinal = local_ordinal(self.end - 1)
        first, last = monday_of(self.start_ordinal), monday_of(self.end_ordinal)
        self.mondays = tuple(range(first, last + 1, 7))
        self.night_seconds = night_seconds(self.start, self.end, policy)
        self.is_night = self.night_seconds >= policy.night_shift_min_h * HOUR
        self.adult_break_short = _break_short(self.worked, self.break_minutes, False, policy)
        self.young_break_short = _break_short(self.worked, self.break_minutes, True, policy)
        self._fortnights = None
        self._alone = None

    def fortnights(self, policy: WorkingTimePolicy) -> tuple[tuple[int, int, int], ...]:
        """(first Monday, start, end) of each weekly-rest fortnight the shift
        touches, in order: asked for every worker a shift is tried against."""
        cached = self._fortnights
        if cached is None or cached[0] is not policy:
            firsts = sorted({fortnight_of(monday, policy) for monday in self.mondays})
            cached = self._fortnights = (
                policy, tuple((first, local_instant(first), local_instant(first + 14)) for first in firsts)
            )
        return cached[1]

    def breaches_alone(self, schedule: Schedule, policy: WorkingTimePolicy) -> bool:
        """:func:`would_breach` for a schedule with no shifts and no overrides.

        Then the shift alone decides (its break, its length, a young worker's
        limits), and most of a locality has nothing booked in the window, so
        the verdict is kept by the facts the rules read: opt-out, night-worker
        flag and age. No rule asks a worker's age before the first day of the
        earliest 17-week window holding the shift, so an 18th birthday before
        that day counts as no date of birth at all; any later one is its own key.
        """
        cached = self._alone
        if cached is None or cached[0] is not policy:
            cached = self._alone = (policy, local_instant(self.start_ordinal - policy.window_days + 1), {})
        _policy, earliest, verdicts = cached
        young_until = schedule._young_until
        if young_until is not None and young_until <= earliest:
            young_until = None
        key = (schedule.opted_out, schedule.night_worker, young_until)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = bool(_scan(schedule, self, policy, (), True, True))
        return verdict

    @classmethod
    def of(cls, shift: Shift | Probe, policy: WorkingTimePolicy = DEFAULT_POLICY) -> Probe:
        return shift if isinstance(shift, Probe) else cls(shift, policy)


# --------------------------------------------------------------------------
# Per-period evaluators shared by the full check and the hot path.


def _break_short(worked: int, break_minutes: int, young: bool, policy: WorkingTimePolicy) -> bool:
    after = policy.young_break_after_h if young else policy.break_after_h
    needed = policy.young_break_min if young else policy.break_min
    return worked > after * HOUR and break_minutes < needed


def _break_breach(schedule, start, end, worked, ref, policy) -> Breach | None:
    young = schedule.is_young_at(start)
    break_minutes = (end - start - worked) // 60
    if not _break_short(worked, break_minutes, young, policy):
        return None
    return Breach(
        REST_BREAK,
        schedule.worker_id,
        _utc(start),
        _utc(end),
        actual=break_minutes,
        limit=policy.young_break_min if young else policy.break_min,
        shift_refs=(ref,),
        young=young,
        total=worked / HOUR,
    )


def _overlap_breach(schedule, first, second) -> Breach:
    start, end = second[0], min(first[1], second[1])
    return Breach(
        OVERLAP,
        schedule.worker_id,
        _utc(start),
        _utc(end),
        actual=(end - start) / HOUR,
        limit=0,
        shift_refs=(first[3], second[3]),
    )


def _required_rest(schedule, start: int, policy) -> int:
    young = schedule.is_young_at(start)
    return int((policy.young_daily_rest_h if young else policy.daily_rest_h) * HOUR)


def _rest_breaches(schedule, intervals, policy) -> list[tuple[Callable[[], Breach], tuple]]:
    """Daily-rest breaches in a run of shifts, each with the shifts it spans.

    Each comes as a maker of its :class:`Breach` and the refs of its shifts:
    matching usually only needs to know there is one.

    Shifts closer together than the required rest form one stretch; a stretch
    breaches when it leaves less than that rest in the 24 hours from its
    start. After a breach the stretch starts again at the offending shift, so
    each short rest is reported once.
    """
    found = []
    chain_start = None
    members: list = []
    last_end = None
    for item in intervals:
        start, end, _worked, ref = item
        required = _required_rest(schedule, start, policy)
        if chain_start is None or start - last_end >= required:
            chain_start, members, last_end = start, [], end
        members.append(item)
        last_end = max(last_end, end)
        if last_end - chain_start > DAY - required:
            young = schedule.is_young_at(start)
            make = partial(_rest_breach_from, schedule, chain_start, tuple(members), required, young)
            found.append((make, tuple(m[3] for m in members)))
            chain_start, members, last_end = start, [item], end
    return found


def _rest_breach_from(schedule, chain_start, members, required, young) -> Breach:
    """The longest rest the stretch allowed in its first 24 hours, as evidence."""
    horizon = chain_start + DAY
    best = (0, members[-1][1], members[-1][1])
    covered = members[0][1]
    for item in members[1:]:
        gap_lo, gap_hi = covered, min(item[0], horizon)
        if gap_hi - gap_lo > best[0]:
            best = (gap_hi - gap_lo, gap_lo, gap_hi)
        covered = max(covered, item[1])
    if horizon - covered > best[0]:
        best = (horizon - covered, covered, horizon)
    rest, lo, hi = best
    return Breach(
        DAILY_REST,
        schedule.worker_id,
        _utc(lo),
        _utc(max(hi, lo)),
        actual=max(rest, 0) / HOUR,
        limit=required / HOUR,
        shift_refs=tuple(m[3] for m in members),
        young=young,
    )


def _rests(intervals, lo: int, hi: int) -> list[int]:
    """Lengths of the uninterrupted rests inside [lo, hi) around these shifts."""
    rests = []
    cursor = lo
    for start, end, _w, _r in intervals:
        if start > cursor:
            rests.append(min(start, hi) - cursor)
        cursor = max(cursor, end)
        if cursor >= hi:
            break
    if cursor < hi:
        rests.append(hi - cursor)
    return rests


def _week_rest_breach(schedule, monday: int, extra: Probe | None, policy) -> Breach | None:
    lo, hi = local_instant(monday), local_instant(monday + 7)
    intervals = schedule.intervals(lo, hi, extra)
    if not intervals:
        return None
    young = schedule.is_young_at(lo)
    longest = max(_rests(intervals, lo, hi), default=0)
    if young:
        required = policy.young_weekly_rest_h * HOUR
        if longest >= required:
            return None
        return Breach(
            WEEKLY_REST, schedule.worker_id, _utc(lo), _utc(hi), longest / HOUR, required / HOUR,
            tuple(item[3] for item in intervals), young=True,
        )
    if longest >= policy.weekly_rest_h * HOUR:
        return None
    first = fortnight_of(monday, policy)
    f_lo, f_hi = local_instant(first), local_instant(first + 14)
    f_intervals = schedule.intervals(f_lo, f_hi, extra)
    rests = _rests(f_intervals, f_lo, f_hi)
    day_rest = policy.weekly_rest_h * HOUR
    if max(rests, default=0) >= policy.fortnight_rest_h * HOUR or sum(r >= day_rest for r in rests) >= 2:
        return None
    return Breach(
        WEEKLY_REST, schedule.worker_id, _utc(lo), _utc(hi), longest / HOUR, policy.weekly_rest_h,
        tuple(item[3] for item in f_intervals), total=max(rests, default=0) / HOUR,
    )


def _fortnight_rested(schedule, lo: int, hi: int, extra: Probe, policy) -> bool:
    """Whether [lo, hi) holds one 48 h rest or two 24 h rests, with ``extra`` worked.

    The same test as :func:`_week_rest_breach` makes of a 14-day period, but
    walking the columns directly and stopping as soon as the answer is yes.
    """
    day_rest = policy.weekly_rest_h * HOUR
    long_rest = policy.fortnight_rest_h * HOUR
    starts, ends = schedule.starts, schedule.ends
    k = schedule._first_ending_after(lo)
    n = len(starts)
    pending = extra.start < hi and extra.end > lo
    cursor = lo
    rested = 0
    while True:
        if pending and (k >= n or starts[k] >= hi or (extra.start, extra.end) <= (starts[k], ends[k])):
            start, end = extra.start, extra.end
            pending = False
        elif k < n and starts[k] < hi:
            start, end = starts[k], ends[k]
            k += 1
            if end <= lo:
                continue
        else:
            break
        if start > cursor:
            gap = min(start, hi) - cursor
            if gap >= long_rest:
                return True
            if gap >= day_rest:
                rested += 1
                if rested >= 2:
                    return True
        if end > cursor:
            cursor = end
        if cursor >= hi:
            return False
    gap = hi - cursor
    return gap >= long_rest or (gap >= day_rest and rested + 1 >= 2)


def _young_hours_breach(schedule, rule, lo, hi, extra, limit_h) -> Breach | None:
    if not schedule.is_young_at(lo):
        return None
    worked = schedule.worked_between(lo, hi)
    if extra is not None:
        worked += _clip(extra.start, extra.end, extra.worked, lo, hi)
    if worked <= limit_h * HOUR:
        return None
    refs = tuple(item[3] for item in schedule.intervals(lo, hi, extra))
    return Breach(rule, schedule.worker_id, _utc(lo), _utc(hi), worked / HOUR, limit_h, refs, young=True)


def _window_worked(schedule, lo, hi, extra) -> float:
    worked = schedule.worked_between(lo, hi)
    if extra is not None:
        worked += _clip(extra.start, extra.end, extra.worked, lo, hi)
    return worked


# Start days per chunk in the window search: with 17-week windows, 16 more
# days of span keep a 40-hour week under the 48-hour average's bound.
_WINDOW_CHUNK_DAYS = 16


def _window_breaches(schedule, first_day: int, last_day: int, extra: Probe | None, policy) -> list[Breach]:
    """Average-hours and night-limit breaches for windows starting on these days.

    Searching day by day would cost a bisect pair per day; instead a range of
    start days is bounded by the hours in the union of its windows and split
    only where that bound exceeds a limit. Within each run of consecutive
    breaching windows the worst one is reported.
    """
    young_possible = schedule._young_until is not None and local_instant(first_day) < schedule._young_until
    average_applies = not schedule.opted_out or young_possible
    night_possible = schedule.night_worker is not False
    limits = []
    if average_applies:
        limits.append(policy.average_limit_total_s)
    if night_possible:
        limits.append(policy.night_limit_total_s)
    if not limits:
        return []
    threshold = min(limits)
    length = policy.window_days
    # Quick exits: everything the schedule holds (plus the new shift) fits,
    # or even its busiest stretch of that length does.
    added = extra.worked if extra is not None else 0
    if sum(schedule.worked) + added <= threshold:
        return []
    if schedule.busiest_window_bound(length) + added <= threshold:
        return []

    flagged: list[tuple[int, float]] = []
    stack = [(first_day, last_day)]
    while stack:
        a, b = stack.pop()
        bound = _window_worked(schedule, local_instant(a), local_instant(b + length), extra)
        if bound <= threshold:
            continue
        if a == b:
            flagged.append((a, bound))
        elif b - a >= 2 * _WINDOW_CHUNK_DAYS:
            # A full-time worker's wide bound always fails; halving down to
            # where it passes costs more calls than cutting straight to chunks.
            stack.extend((lo, min(lo + _WINDOW_CHUNK_DAYS - 1, b)) for lo in range(a, b + 1, _WINDOW_CHUNK_DAYS))
        else:
            mid = (a + b) // 2
            stack.append((mid + 1, b))
            stack.append((a, mid))
    flagged.sort()

    breaches: list[Breach] = []
    for rule in (AVERAGE_WEEKLY_HOURS, NIGHT_AVERAGE):
        run_best: tuple[float, int] | None = None
        previous = None
        for day, worked in flagged:
            if not _window_rule_applies(schedule, rule, day, worked, extra, policy):
                continue
            if previous is not None and day != previous + 1 and run_best is not None:
                breaches.append(_window_breach(schedule, rule, run_best[1], run_best[0], extra, policy))
                run_best = None
            if run_best is None or worked > run_best[0]:
                run_best = (worked, day)
            previous = day
        if run_best is not None:
            breaches.append(_window_breach(schedule, rule, run_best[1], run_best[0], extra, policy))
    return breaches


def _window_rule_applies(schedule, rule, day, worked, extra, policy) -> bool:
    lo = local_instant(day)
    if rule == AVERAGE_WEEKLY_HOURS:
        if schedule.opted_out and not schedule.is_young_at(lo):
            return False
        return worked > policy.average_limit_total_s
    if worked <= policy.night_limit_total_s:
        return False
    if schedule.night_worker is not None:
        return schedule.night_worker
    hi = local_instant(day + policy.window_days)
    return _works_nights_as_normal_course(schedule, lo, hi, extra, policy)


def _works_nights_as_normal_course(schedule, lo, hi, extra, policy) -> bool:
    flags = schedule.night_flags(policy)
    i = schedule._first_ending_after(lo)
    j = bisect_left(schedule.starts, hi)
    shifts = nights = 0
    for k in range(i, j):
        if schedule.ends[k] > lo:
            shifts += 1
            nights += flags[k]
    if extra is not None and extra.start < hi and extra.end > lo:
        shifts += 1
        nights += extra.is_night
    return shifts > 0 and nights >= policy.night_worker_share * shifts


def _window_breach(schedule, rule, day, worked, extra, policy) -> Breach:
    lo, hi = local_instant(day), local_instant(day + policy.window_days)
    refs = tuple(item[3] for item in schedule.intervals(lo, hi, extra))
    if rule == AVERAGE_WEEKLY_HOURS:
        actual, limit = worked / HOUR / policy.reference_weeks, policy.average_limit_h
    else:
        actual, limit = worked / HOUR / policy.night_divisor_days, policy.night_limit_h
    return Breach(
        rule, schedule.worker_id, _utc(lo), _utc(hi), actual, limit, refs,
        young=rule == AVERAGE_WEEKLY_HOURS and schedule.is_young_at(lo), total=worked / HOUR,
    )


# --------------------------------------------------------------------------
# The two entry points.


def _apply_overrides(breaches: Iterable[Breach], overrides: Sequence[Override]) -> list[Breach]:
    result = []
    for breach in breaches:
        for override in overrides:
            if override.covers(breach):
                breach = replace(breach, override=override)
                break
        result.append(breach)
    return result


def check_schedule(schedule: Schedule, policy: WorkingTimePolicy = DEFAULT_POLICY) -> list[Breach]:
    """Every breach in the schedule, in time order; overridden ones marked, not dropped."""
    n = len(schedule)
    if n == 0:
        return []
    items = schedule.intervals(schedule.starts[0], max(schedule.ends) + 1)
    found: list[Breach] = []

    furthest = None
    for item in items:
        if furthest is not None and item[0] < furthest[1]:
            found.append(_overlap_breach(schedule, furthest, item))
        if furthest is None or item[1] > furthest[1]:
            furthest = item

    found.extend(make() for make, _refs in _rest_breaches(schedule, items, policy))

    for start, end, worked, ref in items:
        breach = _break_breach(schedule, start, end, worked, ref, policy)
        if breach is not None:
            found.append(breach)

    days = sorted({o for s, e, _w, _r in items for o in range(local_ordinal(s), local_ordinal(e - 1) + 1)})
    mondays = sorted({monday_of(o) for o in days})
    for monday in mondays:
        breach = _week_rest_breach(schedule, monday, None, policy)
        if breach is not None:
            found.append(breach)
    if schedule._young_until is not None:
        for day in days:
            breach = _young_hours_breach(
                schedule, YOUNG_DAILY_HOURS, local_instant(day), local_instant(day + 1), None, policy.young_daily_limit_h
            )
            if breach is not None:
                found.append(breach)
        for monday in mondays:
            breach = _young_hours_breach(
                schedule, YOUNG_WEEKLY_HOURS, local_instant(monday), local_instant(monday + 7), None,
                policy.young_weekly_limit_h,
            )
            if breach is not None:
                found.append(breach)

    first_day = local_ordinal(schedule.starts[0]) - policy.window_days + 1
    last_day = local_ordinal(max(schedule.ends) - 1)
    found.extend(_window_breaches(schedule, first_day, last_day, None, policy))

    found.sort(key=lambda breach: (breach.start, RULES.index(breach.rule)))
    return _apply_overrides(found, schedule.overrides)


def breaches_if_added(
    schedule: Schedule,
    shift: Shift | Probe,
    policy: WorkingTimePolicy = DEFAULT_POLICY,
    *,
    overrides: Sequence[Override] = (),
    stop_at_first: bool = False,
) -> list[Breach]:
    """The breaches there would be, in the periods this shift touches, if it were booked.

    Equals the breaches :func:`check_schedule` would find in ``schedule`` with
    the shift added that involve the shift. ``overrides`` are any a manager is
    recording for this booking, on top of the schedule's own. With
    ``stop_at_first`` it returns as soon as one breach is not covered by an
    override.
    """
    return _scan(schedule, Probe.of(shift, policy), policy, (*schedule.overrides, *overrides), stop_at_first, False)


def would_breach(
    schedule: Schedule,
    shift: Shift | Probe,
    policy: WorkingTimePolicy = DEFAULT_POLICY,
    *,
    overrides: Sequence[Override] = (),
) -> bool:
    """True when booking the shift would breach a rule no override covers.

    The "can this worker go?" of matching. With no overrides in play the
    first sign of a breach decides, without building its description.
    """
    probe = Probe.of(shift, policy)
    all_overrides = (*schedule.overrides, *overrides)
    if not all_overrides:
        if not schedule.starts:
            return probe.breaches_alone(schedule, policy)
        return bool(_scan(schedule, probe, policy, (), True, True))
    return any(b.override is None for b in _scan(schedule, probe, policy, all_overrides, True, False))


def _scan(schedule: Schedule, probe: Probe, policy, all_overrides, stop_at_first: bool, decide: bool) -> list:
    """The hot path. Each rule hands ``add`` a maker for its breach, called
    only when the breach is wanted (in ``decide`` mode a breach just ends it)."""
    found: list = []

    def add(make) -> bool:
        if decide:
            found.append(True)
            return True
        breach = make()
        for override in all_overrides:
            if override.covers(breach):
                breach = replace(breach, override=override)
                break
        found.append(breach)
        return stop_at_first and breach.override is None

    s, e = probe.start, probe.end
    starts, ends = schedule.starts, schedule.ends
    n = len(starts)
    k = bisect_left(starts, s)
    mine = (s, e, probe.worked, probe.ref)

    # Overlap: the shifts starting before our end and ending after our start.
    j = bisect_left(starts, e)
    if j:
        maxend = schedule._max_ends()
        m = j - 1
        while m >= 0 and maxend[m] > s:
            if ends[m] > s:
                item = (starts[m], ends[m], schedule.worked[m], schedule.refs[m])
                first, second = (item, mine) if (item[0], item[1]) <= (s, e) else (mine, item)
                if add(lambda first=first, second=second: _overlap_breach(schedule, first, second)):
                    return found
            m -= 1

    # Rest break: decided by the probe, once per age band.
    young_now = schedule.is_young_at(s)
    if probe.young_break_short if young_now else probe.adult_break_short:
        if add(lambda: _break_breach(schedule, s, e, probe.worked, probe.ref, policy)):
            return found

    # Daily rest: the stretch of shifts (linked by gaps shorter than the
    # longest rest any rule asks for) around the new shift.
    reach = int(max(policy.daily_rest_h, policy.young_daily_rest_h) * HOUR)
    a = b = k
    chain_start, chain_end = s, e
    if n:
        maxend = schedule._max_ends()
        if k:
            chain_end = max(e, maxend[k - 1])
        while a > 0 and chain_start - maxend[a - 1] < reach:
            a -= 1
            chain_start = starts[a]
    while b < n and starts[b] - chain_end < reach:
        chain_end = max(chain_end, ends[b])
        b += 1
    # Alone in its stretch and no longer than 24 h less the longest rest, a
    # shift cannot break daily rest for anyone: the usual case, decided here.
    if a != b or e - s > DAY - reach:
        items = [(starts[m], ends[m], schedule.worked[m], schedule.refs[m]) for m in range(a, b)]
        items.insert(k - a, mine)
        for make, refs in _rest_breaches(schedule, items, policy):
            if probe.ref in refs and add(make):
                return found

    # Young workers: hours in the day(s) and week(s) of the shift.
    if schedule._young_until is not None and s - 8 * DAY < schedule._young_until:
        periods = [(YOUNG_DAILY_HOURS, day, day + 1, policy.young_daily_limit_h)
                   for day in range(probe.start_ordinal, probe.end_ordinal + 1)]
        periods += [(YOUNG_WEEKLY_HOURS, monday, monday + 7, policy.young_weekly_limit_h) for monday in probe.mondays]
        for rule, first_day, end_day, limit in periods:
            breach = _young_hours_breach(
                schedule, rule, local_instant(first_day), local_instant(end_day), probe, limit
            )
            if breach is not None and add(lambda breach=breach: breach):
                return found

    # Weekly rest. An adult week can only breach when its 14-day period fails
    # as well, so a period that still holds 48 h (or two 24 h rests) clears
    # both its weeks; otherwise each week of it is judged as the full check does.
    for first, f_lo, f_hi in probe.fortnights(policy):
        if not schedule.is_young_at(f_lo) and _fortnight_rested(schedule, f_lo, f_hi, probe, policy):
            continue
        for monday in (first, first + 7):
            breach = _week_rest_breach(schedule, monday, probe, policy)
            if breach is not None and probe.ref in breach.shift_refs and add(lambda breach=breach: breach):
                return found

    # Averages over the reference period: the windows that contain the shift.
    for breach in _window_breaches(
        schedule, probe.start_ordinal - policy.window_days + 1, probe.end_ordinal, probe, policy
    ):
        if add(lambda breach=breach: breach):
            return found
    return found


# --------------------------------------------------------------------------
# Words.


def _describe_overlap(b: Breach, w: Wording) -> str:
    return w.gettext("Two shifts overlap by {duration}, from {start} to {end}.").format(
        duration=w.duration(b.actual * HOUR), start=w.when(b.start), end=w.when(b.end)
    )


def _describe_daily_rest(b: Breach, w: Wording) -> str:
    if b.young:
        message = w.gettext(
            "Young worker: only {rest} rest between {start} and {end}; "
            "someone under 18 needs {required} in each 24 hours."
        )
    else:
        message = w.gettext("Only {rest} rest between {start} and {end}; at least {required} is needed in each 24 hours.")
    return message.format(
        rest=w.duration(b.actual * HOUR), start=w.when(b.start), end=w.when(b.end), required=w.duration(b.limit * HOUR)
    )


def _describe_weekly_rest(b: Breach, w: Wording) -> str:
    if b.young:
        message = w.gettext(
            "Young worker: the longest rest in the week from {start} is {rest}; "
            "someone under 18 needs {required} in each week."
        )
        return message.format(start=w.day(b.start), rest=w.duration(b.actual * HOUR), required=w.duration(b.limit * HOUR))
    message = w.gettext(
        "The longest rest in the week from {start} is {rest}: at least {required} is needed in each week, "
        "or 48 h in each fortnight (the longest in this fortnight is {fortnight_rest})."
    )
    return message.format(
        start=w.day(b.start),
        rest=w.duration(b.actual * HOUR),
        required=w.duration(b.limit * HOUR),
        fortnight_rest=w.duration((b.total or 0) * HOUR),
    )


def _last_day(b: Breach):
    return b.end - timedelta(seconds=1)


def _describe_average(b: Breach, w: Wording) -> str:
    message = w.gettext(
        "An average of {average} h a week over the 17 weeks from {start} to {end} ({total} h in all): "
        "the limit is {limit} h unless the worker has opted out."
    )
    if b.young:
        message = w.gettext(
            "Young worker: an average of {average} h a week over the 17 weeks from {start} to {end} "
            "({total} h in all): the limit is {limit} h and someone under 18 cannot opt out."
        )
    return message.format(
        average=w.hours(b.actual), start=w.day(b.start), end=w.day(_last_day(b)), total=w.hours(b.total or 0),
        limit=w.hours(b.limit),
    )


def _describe_young_daily(b: Breach, w: Wording) -> str:
    return w.gettext("Young worker: {hours} h of work on {day}; the limit under 18 is {limit} h a day.").format(
        hours=w.hours(b.actual), day=w.day(b.start), limit=w.hours(b.limit)
    )


def _describe_young_weekly(b: Breach, w: Wording) -> str:
    return w.gettext(
        "Young worker: {hours} h of work in the week from {start}; the limit under 18 is {limit} h a week."
    ).format(hours=w.hours(b.actual), start=w.day(b.start), limit=w.hours(b.limit))


def _describe_night(b: Breach, w: Wording) -> str:
    return w.gettext(
        "Night worker: an average of {average} h in each 24 hours over the 17 weeks from {start} to {end} "
        "({total} h in all): the limit is {limit} h, even with an opt-out."
    ).format(
        average=w.hours(b.actual), start=w.day(b.start), end=w.day(_last_day(b)), total=w.hours(b.total or 0),
        limit=w.hours(b.limit),
    )


def _describe_break(b: Breach, w: Wording) -> str:
    if b.young:
        message = w.gettext(
            "Young worker: the shift from {start} to {end} is {hours} h of work with a break of {taken}; "
            "over {after} h someone under 18 needs a break of {required}."
        )
        after = DEFAULT_POLICY.young_break_after_h
    else:
        message = w.gettext(
            "The shift from {start} to {end} is {hours} h of work with a break of {taken}; "
            "over {after} h it needs a break of {required}."
        )
        after = DEFAULT_POLICY.break_after_h
    return message.format(
        start=w.when(b.start),
        end=w.when(b.end),
        hours=w.hours(b.total or 0),
        taken=w.duration(b.actual * 60),
        after=w.hours(after),
        required=w.duration(b.limit * 60),
    )


_DESCRIBERS = {
    OVERLAP: _describe_overlap,
    DAILY_REST: _describe_daily_rest,
    WEEKLY_REST: _describe_weekly_rest,
    AVERAGE_WEEKLY_HOURS: _describe_average,
    YOUNG_DAILY_HOURS: _describe_young_daily,
    YOUNG_WEEKLY_HOURS: _describe_young_weekly,
    NIGHT_AVERAGE: _describe_night,
    REST_BREAK: _describe_break,
}


def rule_name(rule: str, language: str | None = None) -> str:
    """A short name for a rule, for headings and filters."""
    w = Wording(language)
    names = {
        OVERLAP: w.gettext("Overlapping shifts"),
        DAILY_REST: w.gettext("Daily rest"),
        WEEKLY_REST: w.gettext("Weekly rest"),
        AVERAGE_WEEKLY_HOURS: w.gettext("Average weekly hours"),
        YOUNG_DAILY_HOURS: w.gettext("Young worker: hours a day"),
        YOUNG_WEEKLY_HOURS: w.gettext("Young worker: hours a week"),
        NIGHT_AVERAGE: w.gettext("Night work"),
        REST_BREAK: w.gettext("Rest break"),
    }
    return names[rule]
