"""Working Time Regulations rules at their exact boundaries.

Each rule is tested both ways it is used: the whole-schedule check
(``check_schedule``) and the matching hot path (``breaches_if_added``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localitydesk.domain import working_time as wt

LONDON = ZoneInfo("Europe/London")


def shift(day: date, hour: int, minute: int, hours: float, break_minutes: int = 0, ref=None) -> wt.Shift:
    """A shift starting at a London wall-clock time and lasting ``hours`` real hours."""
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(timezone.utc)
    return wt.Shift(start, start + timedelta(hours=hours), break_minutes, ref)


def rules(breaches) -> list[str]:
    return [breach.rule for breach in breaches]


def both_ways(existing: list[wt.Shift], new: wt.Shift, **facts) -> tuple[list[str], list[str]]:
    """Rules broken by adding ``new``: by the hot path, and by checking the whole result."""
    schedule = wt.Schedule.from_shifts("w", existing, **facts)
    hot = rules(wt.breaches_if_added(schedule, new))
    full = rules(wt.check_schedule(schedule.with_shift(new)))
    return hot, full


MON = date(2025, 3, 3)  # a Monday, clear of clock changes
ADULT_DOB = date(1980, 5, 1)
YOUNG_DOB = date(2008, 1, 10)  # 17 in March 2025


# -- daily rest -----------------------------------------------------------------


def test_exactly_eleven_hours_rest_passes():
    first = shift(MON, 8, 0, 12, 30)
    second = shift(MON + timedelta(days=1), 7, 0, 12, 30)
    assert both_ways([first], second) == ([], [])


def test_ten_hours_fifty_nine_minutes_rest_fails_with_figures():
    first = shift(MON, 8, 0, 12, 30)
    second = shift(MON + timedelta(days=1), 6, 59, 12, 30, ref="b2")
    hot, full = both_ways([first], second)
    assert hot == full == [wt.DAILY_REST]
    breach = wt.breaches_if_added(wt.Schedule.from_shifts("w", [first]), second)[0]
    assert breach.actual == pytest.approx(10 + 59 / 60)
    assert breach.limit == 11
    assert breach.start == first.end and breach.end == second.start
    text = breach.describe("en")
    assert "10 h 59 min" in text and "11 h" in text and "Monday 3 March 20:00" in text
    assert breach.describe("cy") == (
        "Dim ond 10 awr 59 mun o orffwys rhwng dydd Llun 3 Mawrth 20:00 a dydd Mawrth 4 Mawrth 06:59; "
        "mae angen o leiaf 11 awr ym mhob 24 awr."
    )


def test_split_shift_within_thirteen_hours_is_lawful_but_not_a_minute_more():
    morning = shift(MON, 7, 0, 3)
    assert both_ways([morning], shift(MON, 16, 0, 4)) == ([], [])  # 07:00–20:00, rest 20:00–07:00
    hot, full = both_ways([morning], shift(MON, 16, 0, 4 + 1 / 60))
    assert hot == full == [wt.DAILY_REST]


def test_a_single_fourteen_hour_shift_leaves_too_little_daily_rest():
    hot, full = both_ways([], shift(MON, 8, 0, 14, 60))
    assert hot == full == [wt.DAILY_REST]
    assert both_ways([], shift(MON, 8, 0, 13, 60)) == ([], [])


def test_young_worker_needs_twelve_hours_rest():
    first = shift(MON, 8, 0, 4, 30)  # 08:00–12:00
    early = shift(MON, 23, 59, 4, 30)  # 11 h 59 min after 12:00
    hot, full = both_ways([first], early, date_of_birth=YOUNG_DOB)
    assert wt.DAILY_REST in hot and wt.DAILY_REST in full
    assert both_ways([first], early, date_of_birth=ADULT_DOB) == ([], [])
    exactly_twelve = shift(MON + timedelta(days=1), 0, 0, 4, 30)
    assert both_ways([first], exactly_twelve, date_of_birth=YOUNG_DOB) == ([], [])


# -- overlap --------------------------------------------------------------------


def test_back_to_back_shifts_do_not_overlap_but_one_minute_does():
    first = shift(MON, 8, 0, 6)
    assert both_ways([first], shift(MON, 14, 0, 6)) == ([], [])
    hot, full = both_ways([first], shift(MON, 13, 59, 6))
    assert wt.OVERLAP in hot and wt.OVERLAP in full
    breach = [b for b in wt.breaches_if_added(wt.Schedule.from_shifts("w", [first]), shift(MON, 13, 59, 6))][0]
    assert breach.rule == wt.OVERLAP and breach.actual == pytest.approx(1 / 60)
    assert not breach.overridable


# -- rest breaks ----------------------------------------------------------------


def test_break_needed_only_when_work_exceeds_six_hours():
    assert both_ways([], shift(MON, 8, 0, 6)) == ([], [])
    hot, full = both_ways([], shift(MON, 8, 0, 6 + 1 / 60))
    assert hot == full == [wt.REST_BREAK]
    # 6 h 20 min with a 19-minute break is 6 h 1 min of work: short; with 20 minutes it passes.
    assert both_ways([], shift(MON, 8, 0, 6 + 20 / 60, 19))[0] == [wt.REST_BREAK]
    assert both_ways([], shift(MON, 8, 0, 6 + 20 / 60, 20)) == ([], [])


def test_young_worker_break_after_four_and_a_half_hours():
    assert both_ways([], shift(MON, 8, 0, 4.5), date_of_birth=YOUNG_DOB) == ([], [])
    hot, full = both_ways([], shift(MON, 8, 0, 4.5 + 1 / 60), date_of_birth=YOUNG_DOB)
    assert hot == full == [wt.REST_BREAK]
    assert both_ways([], shift(MON, 8, 0, 5, 30), date_of_birth=YOUNG_DOB) == ([], [])
    breach = wt.breaches_if_added(wt.Schedule.from_shifts("w", [], date_of_birth=YOUNG_DOB), shift(MON, 8, 0, 5, 29))[0]
    assert breach.young and breach.limit == 30 and breach.actual == 29
    assert not breach.overridable


# -- weekly rest ----------------------------------------------------------------


def twelve_hour_days(first: date, days: int, skip: tuple[int, ...] = ()) -> list[wt.Shift]:
    """08:00–20:00 (30 min break) every day: 12 h gaps, never 24 h of rest."""
    return [shift(first + timedelta(days=i), 8, 0, 12, 30) for i in range(days) if i not in skip]


# The fixed 14-day periods start on alternate Mondays from 1 January 2024:
# 24 February 2025 begins one, so its weeks are 24 Feb and 3 March.
FORTNIGHT = date(2025, 2, 24)
WEEK2 = FORTNIGHT + timedelta(days=7)


def weekly_rest_breaches(shifts, **facts):
    return [b for b in wt.check_schedule(wt.Schedule.from_shifts("w", shifts, **facts)) if b.rule == wt.WEEKLY_REST]


def twelves(rests: dict[int, float], until: datetime = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)):
    """12-hour shifts from Sunday 23 February 08:00, each followed by 12 h of rest
    unless ``rests`` gives another length after the shift with that index
    (index 2 is Tuesday 25 February; index 9 is Tuesday 4 March)."""
    shifts, cursor, i = [], datetime(2025, 2, 23, 8, tzinfo=timezone.utc), 0
    while cursor < until:
        shifts.append(wt.Shift(cursor, cursor + timedelta(hours=12), 30, f"s{i}"))
        cursor += timedelta(hours=12 + rests.get(i, 12))
        i += 1
    return shifts


def breach_weeks(shifts, **facts) -> list[date]:
    return [b.start.astimezone(LONDON).date() for b in weekly_rest_breaches(shifts, **facts)]


def test_week_without_24_hours_rest_is_lawful_when_the_fortnight_has_48():
    assert breach_weeks(twelve_hour_days(WEEK2, 7)) == []  # the fortnight's first week is free


def test_both_weeks_busy_breaches_weekly_rest():
    breaches = weekly_rest_breaches(twelves({}))
    assert [b.start.astimezone(LONDON).date() for b in breaches] == [FORTNIGHT, WEEK2]
    assert breaches[0].actual == pytest.approx(12) and breaches[0].total == pytest.approx(12)
    assert breaches[0].overridable
    assert "12 h" in breaches[0].describe("en") and "48 h" in breaches[0].describe("en")


def test_fortnight_with_one_48_hour_rest_passes_and_47_59_fails():
    assert breach_weeks(twelves({2: 48})) == []
    breaches = weekly_rest_breaches(twelves({2: 48 - 1 / 60}))
    assert [b.start.astimezone(LONDON).date() for b in breaches] == [WEEK2]
    assert breaches[0].total == pytest.approx(48 - 1 / 60)


def test_fortnight_with_two_24_hour_rests_passes():
    assert breach_weeks(twelves({2: 24, 4: 24})) == []
    assert breach_weeks(twelves({2: 24, 4: 24 - 1 / 60})) == [WEEK2]


def test_week_with_exactly_24_hours_rest_passes_and_23_59_does_not():
    # Week one busy; week two has one rest. One 24 h rest in the fortnight
    # keeps week two lawful but cannot save week one.
    assert breach_weeks(twelves({9: 24})) == [FORTNIGHT]
    assert breach_weeks(twelves({9: 24 - 1 / 60})) == [FORTNIGHT, WEEK2]


def test_young_worker_needs_48_hours_in_each_week():
    # Mon–Fri 09:00–15:00 (30 min break); free from Friday 15:00 to Monday 09:00 = 66 h.
    week = [shift(MON + timedelta(days=i), 9, 0, 6, 30) for i in range(5)]
    assert weekly_rest_breaches(week, date_of_birth=YOUNG_DOB) == []
    # Work Saturday 09:00–15:00 too: longest rest now Saturday 15:00 → Monday 00:00 = 33 h.
    saturday = shift(MON + timedelta(days=5), 9, 0, 6, 30)
    breaches = weekly_rest_breaches(week + [saturday], date_of_birth=YOUNG_DOB)
    assert len(breaches) == 1 and breaches[0].young and breaches[0].limit == 48
    assert breaches[0].actual == pytest.approx(33)
    assert weekly_rest_breaches(week + [saturday], date_of_birth=ADULT_DOB) == []
    # Friday evening work ending at Saturday 00:00 leaves exactly 48 h; a minute later does not.
    schedule = wt.Schedule.from_shifts("w", week, date_of_birth=YOUNG_DOB)
    friday = MON + timedelta(days=4)
    assert wt.WEEKLY_REST not in rules(wt.breaches_if_added(schedule, shift(friday, 23, 0, 1)))
    assert wt.WEEKLY_REST in rules(wt.breaches_if_added(schedule, shift(friday, 23, 0, 1 + 1 / 60)))


# -- average weekly hours over 17 weeks -------------------------------------------

REF_START = date(2025, 4, 7)  # Monday; 17 weeks to 4 August, clear of clock changes


def forty_eight_hour_weeks(weeks: int = 17, first: date = REF_START) -> list[wt.Shift]:
    """Six 8-hour days a week (08:00–16:30 with 30 minutes unpaid), Sundays off."""
    return [
        shift(first + timedelta(days=i), 8, 0, 8.5, 30)
        for i in range(7 * weeks)
        if (first + timedelta(days=i)).weekday() != 6
    ]


def test_exactly_48_hours_a_week_over_17_weeks_passes():
    shifts = forty_eight_hour_weeks()
    assert sum(s.worked_seconds for s in shifts) == 816 * 3600
    assert wt.check_schedule(wt.Schedule.from_shifts("w", shifts, night_worker=False)) == []


def test_one_more_minute_in_the_reference_period_breaches_the_average():
    shifts = forty_eight_hour_weeks()
    extra = shift(REF_START, 16, 30, 1 / 60)  # one minute straight after the first shift
    schedule = wt.Schedule.from_shifts("w", shifts, night_worker=False)
    hot = wt.breaches_if_added(schedule, extra)
    assert rules(hot) == [wt.AVERAGE_WEEKLY_HOURS]
    breach = hot[0]
    assert breach.total == pytest.approx(816 + 1 / 60)
    # Sunday 6 April starts an equally full window (the Sundays are off): the first is reported.
    assert breach.start.astimezone(LONDON).date() == REF_START - timedelta(days=1)
    assert breach.end - breach.start == timedelta(weeks=17)
    assert not breach.overridable
    assert rules(wt.check_schedule(schedule.with_shift(extra))) == [wt.AVERAGE_WEEKLY_HOURS]
    text = breach.describe("en")
    assert "48" in text and "17 weeks" in text and "816" in text


def test_hours_outside_every_17_week_window_do_not_count():
    shifts = forty_eight_hour_weeks()
    # 17 weeks + 1 day after the start lies outside the only full window holding all 816 h,
    # and any window reaching it has dropped at least the first Monday's 8 h.
    later = shift(REF_START + timedelta(weeks=17), 8, 0, 8.5, 30)
    schedule = wt.Schedule.from_shifts("w", shifts, night_worker=False)
    assert wt.breaches_if_added(schedule, later) == []


def test_opted_out_adult_has_no_average_limit():
    shifts = forty_eight_hour_weeks() + [shift(REF_START, 16, 30, 2)]
    schedule = wt.Schedule.from_shifts("w", shifts, opted_out=True, night_worker=False, date_of_birth=ADULT_DOB)
    assert wt.check_schedule(schedule) == []


def test_under_18s_cannot_opt_out_eight_hours_a_day_forty_a_week():
    week = [shift(MON + timedelta(days=i), 8, 0, 8.5, 30) for i in range(5)]  # exactly 8 h × 5 = 40 h
    schedule = wt.Schedule.from_shifts("w", week, opted_out=True, date_of_birth=YOUNG_DOB)
    assert wt.check_schedule(schedule) == []
    # A sixth day is the only way past 40 h within 8 h a day; it costs the 48 h rest too.
    saturday = shift(MON + timedelta(days=5), 9, 0, 1)
    hot, full = both_ways(week, saturday, opted_out=True, date_of_birth=YOUNG_DOB)
    assert set(hot) == set(full) == {wt.YOUNG_WEEKLY_HOURS, wt.WEEKLY_REST}
    [weekly] = [b for b in wt.breaches_if_added(
        wt.Schedule.from_shifts("w", week, opted_out=True, date_of_birth=YOUNG_DOB), saturday
    ) if b.rule == wt.YOUNG_WEEKLY_HOURS]
    assert weekly.actual == pytest.approx(41) and weekly.limit == 40 and not weekly.overridable
    longer_day = shift(MON + timedelta(days=7), 8, 0, 8.5 + 1 / 60, 30)
    hot, full = both_ways([], longer_day, opted_out=True, date_of_birth=YOUNG_DOB)
    assert hot == full == [wt.YOUNG_DAILY_HOURS]
    # The same hours are lawful for an adult.
    assert both_ways(week, saturday, date_of_birth=ADULT_DOB) == ([], [])


def test_eighteenth_birthday_lifts_the_young_limits():
    dob = date(2007, 3, 4)  # 18 on Tuesday 4 March 2025
    monday_long = shift(MON, 8, 0, 9, 30)  # 8.5 h work on the Monday: under 18 that day
    tuesday_long = shift(MON + timedelta(days=1), 8, 0, 9, 30)
    assert wt.YOUNG_DAILY_HOURS in rules(wt.breaches_if_added(wt.Schedule.from_shifts("w", [], date_of_birth=dob), monday_long))
    assert wt.breaches_if_added(wt.Schedule.from_shifts("w", [], date_of_birth=dob), tuesday_long) == []


# -- night workers ----------------------------------------------------------------


def night_shifts(weeks: int = 17, first: date = REF_START) -> list[wt.Shift]:
    """00:00–08:30 with 30 minutes unpaid (8 h work, 6 h of it at night), six nights a week.

    Starting at midnight keeps each shift inside one day, so one 17-week
    window holds exactly 816 h.
    """
    return [
        shift(first + timedelta(days=i), 0, 0, 8.5, 30)
        for i in range(7 * weeks)
        if (first + timedelta(days=i)).weekday() != 5
    ]


def test_night_worker_average_eight_hours_per_24_even_when_opted_out():
    shifts = night_shifts()
    assert sum(s.worked_seconds for s in shifts) == 816 * 3600
    opted_out = wt.Schedule.from_shifts("w", shifts, opted_out=True)
    assert wt.check_schedule(opted_out) == []  # exactly 8 h per 24 over 119 − 17 days
    one_more = shift(REF_START, 8, 30, 1 / 60)
    hot = wt.breaches_if_added(opted_out, one_more)
    assert rules(hot) == [wt.NIGHT_AVERAGE]
    assert hot[0].actual == pytest.approx((816 + 1 / 60) / 102)
    assert hot[0].overridable
    assert rules(wt.check_schedule(opted_out.with_shift(one_more))) == [wt.NIGHT_AVERAGE]
    # Not opted out: the 48-hour average is broken as well.
    assert sorted(rules(wt.breaches_if_added(wt.Schedule.from_shifts("w", shifts), one_more))) == sorted(
        [wt.AVERAGE_WEEKLY_HOURS, wt.NIGHT_AVERAGE]
    )


def test_night_worker_status_is_derived_from_the_shifts_unless_stated():
    # Days only: an opted-out day worker has no night limit at all.
    days = forty_eight_hour_weeks() + [shift(REF_START, 16, 30, 2)]
    assert wt.check_schedule(wt.Schedule.from_shifts("w", days, opted_out=True)) == []
    # Stated as a night worker by contract: the limit applies.
    stated = wt.Schedule.from_shifts("w", days, opted_out=True, night_worker=True)
    assert rules(wt.check_schedule(stated)) == [wt.NIGHT_AVERAGE]


def test_night_shift_needs_three_hours_between_23_and_06():
    probe = wt.Probe(shift(MON, 20, 0, 6))  # 20:00–02:00: 3 h of night
    assert probe.is_night and probe.night_seconds == 3 * 3600
    assert not wt.Probe(shift(MON, 20, 0, 5, 0)).is_night  # 20:00–01:00: 2 h


# -- clock changes ----------------------------------------------------------------


def test_durations_follow_the_real_instants_across_clock_changes():
    autumn = wt.Shift(
        datetime(2025, 10, 25, 20, 0, tzinfo=LONDON).astimezone(timezone.utc),
        datetime(2025, 10, 26, 8, 0, tzinfo=LONDON).astimezone(timezone.utc),
    )
    spring = wt.Shift(
        datetime(2025, 3, 29, 20, 0, tzinfo=LONDON).astimezone(timezone.utc),
        datetime(2025, 3, 30, 8, 0, tzinfo=LONDON).astimezone(timezone.utc),
    )
    assert autumn.worked_seconds == 13 * 3600
    assert spring.worked_seconds == 11 * 3600
    # 13 h of real work with no break: a break breach quoting 13 h.
    breach = wt.breaches_if_added(wt.Schedule.from_shifts("w", []), autumn)[0]
    assert breach.rule == wt.REST_BREAK and breach.total == 13


def test_rest_across_the_spring_clock_change_is_an_hour_shorter_than_the_clock_says():
    def at(y, m, d, h, mi=0):
        return datetime(y, m, d, h, mi, tzinfo=LONDON).astimezone(timezone.utc)

    evening = wt.Shift(at(2025, 3, 29, 10), at(2025, 3, 29, 20), 30)
    # 20:00 Saturday → 08:00 Sunday reads 12 h but is 11 h: exactly enough.
    sunday_8 = wt.Shift(at(2025, 3, 30, 8), at(2025, 3, 30, 16), 30)
    sunday_759 = wt.Shift(at(2025, 3, 30, 7, 59), at(2025, 3, 30, 16), 30)
    assert both_ways([evening], sunday_8) == ([], [])
    assert both_ways([evening], sunday_759)[0] == [wt.DAILY_REST]
    # In October the clock gains an hour: 21:00 → 07:00 reads 10 h but is 11 h.
    october = wt.Shift(at(2025, 10, 25, 11), at(2025, 10, 25, 21), 30)
    sunday_7 = wt.Shift(at(2025, 10, 26, 7), at(2025, 10, 26, 15), 30)
    assert both_ways([october], sunday_7) == ([], [])


# -- overrides --------------------------------------------------------------------


def test_a_managers_override_covers_only_the_shifts_it_names():
    first = shift(MON, 8, 0, 12, 30, ref="a")
    second = shift(MON + timedelta(days=1), 6, 0, 12, 30, ref="b")
    schedule = wt.Schedule.from_shifts("w", [first])
    breach = wt.breaches_if_added(schedule, second)[0]
    override = breach.override_with("Compensatory rest on Thursday", by="Manager")
    assert override.rule == wt.DAILY_REST and override.shift_refs == {"a", "b"}
    assert not wt.would_breach(schedule, second, overrides=[override])

    booked = schedule.with_shift(second).with_overrides([override])
    [kept] = wt.check_schedule(booked)
    assert kept.allowed and "Compensatory rest on Thursday" in kept.describe("en")

    # A third shift joining the same short-rest stretch needs its own decision.
    third = shift(MON + timedelta(days=2), 4, 0, 8, 30, ref="c")
    assert wt.would_breach(booked, third)


def test_overlaps_and_the_average_cannot_be_overridden_and_reasons_are_required():
    first = shift(MON, 8, 0, 6, ref="a")
    overlap = wt.breaches_if_added(wt.Schedule.from_shifts("w", [first]), shift(MON, 10, 0, 2, ref="b"))[0]
    with pytest.raises(ValueError):
        overlap.override_with("busy")
    rest = wt.breaches_if_added(
        wt.Schedule.from_shifts("w", [shift(MON, 8, 0, 12, 30, ref="a")]), shift(MON + timedelta(days=1), 6, 0, 2)
    )[0]
    with pytest.raises(ValueError):
        rest.override_with("   ")


def test_every_rule_has_words_in_both_languages():
    for rule in wt.RULES:
        assert wt.rule_name(rule, "en") and wt.rule_name(rule, "cy")


# -- the hot path agrees with the full check ----------------------------------------

EPOCH = datetime(2025, 9, 1, tzinfo=timezone.utc)  # spans the October clock change


@st.composite
def shift_lists(draw, days: int):
    count = draw(st.integers(0, 24))
    shifts = []
    for i in range(count):
        start_minutes = draw(st.integers(0, 60 * 24 * days)) // 15 * 15
        length = draw(st.sampled_from([3, 4, 6, 7.5, 8, 10, 12, 13]))
        brk = draw(st.sampled_from([0, 20, 30, 60]))
        start = EPOCH + timedelta(minutes=start_minutes)
        shifts.append(wt.Shift(start, start + timedelta(hours=length), brk, f"s{i}"))
    return shifts


# A policy with a two-week reference period and low limits, so that random
# schedules reach the averaging rules as well as the rest rules.
TIGHT = wt.WorkingTimePolicy(reference_weeks=2, average_limit_h=20, night_limit_h=3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    days=st.sampled_from([10, 21, 70]),
    policy=st.sampled_from([wt.DEFAULT_POLICY, TIGHT]),
    young=st.booleans(),
    opted_out=st.booleans(),
    night_worker=st.sampled_from([None, True, False]),
)
def test_hot_path_finds_exactly_what_the_full_check_finds(data, days, policy, young, opted_out, night_worker):
    facts = {
        "date_of_birth": date(2008, 2, 1) if young else ADULT_DOB,
        "opted_out": opted_out,
        "night_worker": night_worker,
    }
    # Build a lawful schedule by keeping only shifts that add no breach.
    schedule = wt.Schedule.from_shifts("w", [], **facts)
    for candidate in data.draw(shift_lists(days)):
        if not wt.breaches_if_added(schedule, candidate, policy):
            schedule = schedule.with_shift(candidate)
    assert wt.check_schedule(schedule, policy) == []

    new_start = data.draw(st.integers(0, 60 * 24 * days)) // 15 * 15
    new_length = data.draw(st.sampled_from([2, 6.5, 8, 12, 14]))
    start = EPOCH + timedelta(minutes=new_start)
    new = wt.Shift(start, start + timedelta(hours=new_length), data.draw(st.sampled_from([0, 30])), "new")
    hot = sorted(set(rules(wt.breaches_if_added(schedule, new, policy))))
    full = sorted(set(rules(wt.check_schedule(schedule.with_shift(new), policy))))
    assert hot == full
    assert wt.would_breach(schedule, new, policy) == bool(full)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    policy=st.sampled_from([wt.DEFAULT_POLICY, TIGHT]),
    hours=st.sampled_from([2, 4.5, 5, 6.5, 8, 8.5, 12, 14, 40, 170]),
    break_minutes=st.sampled_from([0, 20, 30]),
    hour=st.sampled_from([0, 7, 14, 20, 22]),
)
def test_workers_with_nothing_booked_share_one_verdict_only_when_it_is_theirs(data, policy, hours, break_minutes, hour):
    """One probe meets many empty schedules and keeps their verdicts by facts;
    each must still be what that worker's own full check says. Birthdays fall
    around the edges the rules look at: the shift, its weeks, the 17-week window."""
    new = shift(MON + timedelta(days=data.draw(st.integers(0, 13))), hour, 0, hours, break_minutes)
    probe = wt.Probe(new, policy)
    eighteenth = [
        (new.start - timedelta(days=data.draw(st.integers(-10, 7 * policy.reference_weeks + 20)))).date()
        for _ in range(6)
    ]
    for birthday in eighteenth:
        facts = {
            "date_of_birth": birthday.replace(year=birthday.year - 18) if data.draw(st.booleans()) else ADULT_DOB,
            "opted_out": data.draw(st.booleans()),
            "night_worker": data.draw(st.sampled_from([None, True, False])),
        }
        empty = wt.Schedule.from_shifts("w", [], **facts)
        alone = [b for b in wt.breaches_if_added(empty, new, policy) if b.override is None]
        full = wt.check_schedule(wt.Schedule.from_shifts("w", [new], **facts), policy)
        assert wt.would_breach(empty, probe, policy) == bool(alone) == bool(full)
