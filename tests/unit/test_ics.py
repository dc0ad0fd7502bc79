"""Rota calendars: Europe/London times across both clock changes, stable UIDs,
CRLF and 75-octet folding, escaping, and a real parser reading them back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar
import pytest

from localitydesk.documents.ics import (
    CalendarEvent,
    calendar_text,
    date_time_property,
    escape_text,
    fold,
)

STAMP = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)
UTC = timezone.utc


def night(uid: str, start: datetime, end: datetime, **extra) -> CalendarEvent:
    return CalendarEvent(uid=uid, start=start, end=end, summary=extra.pop("summary", "Plas Ŵy — Gweithiwr gofal"), **extra)


def parse(text: str) -> list:
    return icalendar.Calendar.from_ical(text.encode("utf-8")).walk("VEVENT")


def test_a_night_over_the_october_change_is_13_hours_from_20_00_to_08_00():
    # Saturday 24 October 2026 20:00 BST (19:00 UTC) to Sunday 25 October 08:00 GMT (08:00 UTC).
    start, end = datetime(2026, 10, 24, 19, 0, tzinfo=UTC), datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    text = calendar_text([night("b1@localitydesk", start, end)], "Rota", STAMP)
    assert "DTSTART;TZID=Europe/London:20261024T200000\r\n" in text
    assert "DTEND;TZID=Europe/London:20261025T080000\r\n" in text
    (event,) = parse(text)
    parsed_start, parsed_end = event["DTSTART"].dt, event["DTEND"].dt
    assert str(parsed_start.tzinfo) == "Europe/London"
    assert (parsed_start.hour, parsed_end.hour) == (20, 8)
    # Python subtracts two times of one zone as wall clock (12 h); the real duration is in UTC.
    assert parsed_end.astimezone(UTC) - parsed_start.astimezone(UTC) == timedelta(hours=13)
    assert parsed_start.astimezone(UTC) == start and parsed_end.astimezone(UTC) == end


def test_a_night_over_the_march_change_is_11_hours_from_20_00_to_08_00():
    # Saturday 27 March 2027 20:00 GMT to Sunday 28 March 08:00 BST (07:00 UTC).
    start, end = datetime(2027, 3, 27, 20, 0, tzinfo=UTC), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    text = calendar_text([night("b2@localitydesk", start, end)], "Rota", STAMP)
    assert "DTSTART;TZID=Europe/London:20270327T200000\r\n" in text
    assert "DTEND;TZID=Europe/London:20270328T080000\r\n" in text
    (event,) = parse(text)
    assert event["DTEND"].dt.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC) == timedelta(hours=11)
    assert event["DTEND"].dt.astimezone(UTC) == end


def test_the_repeated_hour_in_october_is_written_in_utc_so_it_names_one_instant():
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT, an hour later
    assert date_time_property("DTSTART", first) == "DTSTART;TZID=Europe/London:20261025T013000"
    assert date_time_property("DTSTART", second) == "DTSTART:20261025T013000Z"
    (event,) = parse(calendar_text([night("b3@localitydesk", second, second + timedelta(hours=6))], "Rota", STAMP))
    assert event["DTSTART"].dt.astimezone(UTC) == second


def test_the_timezone_carries_the_uk_rules():
    text = calendar_text([], "Rota", STAMP)
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    rules = {component.name: component for component in zone.subcomponents}
    assert rules["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"] and rules["DAYLIGHT"]["RRULE"]["BYMONTH"] == [3]
    assert rules["STANDARD"]["RRULE"]["BYMONTH"] == [10]
    tz = zone.to_tz()
    assert tz.utcoffset(datetime(2026, 7, 1, 12)) == timedelta(hours=1)
    assert tz.utcoffset(datetime(2026, 12, 1, 12)) == timedelta(0)


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_a_letter():
    summary = "Tŷ Gwyn, Ffordd yr Ŵyl; " * 8
    text = calendar_text([night("b4@localitydesk", datetime(2026, 11, 30, 7, 30, tzinfo=UTC),
                                datetime(2026, 11, 30, 15, 30, tzinfo=UTC), summary=summary)], "Rota", STAMP)
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in half
    (event,) = parse(text)
    assert str(event["SUMMARY"]) == summary


def test_fold_boundaries():
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n " + "x"
    # A two-octet letter that would straddle octet 75 goes whole to the next line.
    folded = fold("x" * 74 + "ŵ")
    assert folded == "x" * 74 + "\r\n ŵ"


def test_text_is_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    event = night("b5@localitydesk", datetime(2026, 11, 30, 7, 30, tzinfo=UTC), datetime(2026, 11, 30, 15, 30, tzinfo=UTC),
                  summary="Plas Ŵy; shift, early", description="Line one\nLine two, with a comma")
    (parsed,) = parse(calendar_text([event], "Rota, team", STAMP))
    assert str(parsed["SUMMARY"]) == "Plas Ŵy; shift, early"
    assert str(parsed["DESCRIPTION"]) == "Line one\nLine two, with a comma"


def test_uid_dtstamp_and_sequence_are_written():
    event = night("5d4c@localitydesk", datetime(2026, 11, 30, 7, 30, tzinfo=UTC), datetime(2026, 11, 30, 15, 30, tzinfo=UTC),
                  sequence=3)
    (parsed,) = parse(calendar_text([event], "Rota", STAMP))
    assert str(parsed["UID"]) == "5d4c@localitydesk"
    assert parsed["DTSTAMP"].dt == STAMP
    assert parsed["SEQUENCE"] == 3


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        date_time_property("DTSTART", datetime(2026, 11, 30, 7, 30))
