"""iCalendar (RFC 5545) files of rota shifts, for Outlook and phone calendars.

Shifts are written in Europe/London wall-clock time with ``TZID`` and a
``VTIMEZONE`` that carries the UK's daylight-saving rules, so a calendar
shows 20:00–08:00 for a night shift over the October clock change and still
knows it lasts 13 hours. The one wall-clock time that cannot name its
instant (01:00–01:59 on the October change day happens twice, and RFC 5545
reads such a local time as the first) is written in UTC instead.

Each event's UID is stable for its booking, so importing a newer file
updates the shift rather than adding a second one; ``SEQUENCE`` carries the
booking's version so the newer copy wins. Lines end in CRLF and are folded
at 75 octets without splitting a character (ŵ and ŷ are two octets each),
and text values are escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TZID = "Europe/London"
PRODID = "-//LocalityDesk//Rota//EN"
CRLF = "\r\n"
MAX_OCTETS = 75

# Since 1996 the UK's summer time starts at 01:00 UTC on the last Sunday of
# March and ends at 01:00 UTC on the last Sunday of October: 01:00 GMT and
# 02:00 BST local, the times DTSTART gives in each component's own offset.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    start: datetime  # aware
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    categories: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded to at most 75 octets a line, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # a continuation line starts with a space
        current.append(character)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc_stamp(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def date_time_property(name: str, instant: datetime) -> str:
    """``DTSTART;TZID=Europe/London:20261024T200000``, or UTC where the local time is ambiguous."""
    if instant.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    local = instant.astimezone(LONDON)
    wall = local.replace(tzinfo=None)
    # RFC 5545 3.3.5: a repeated local time means its first occurrence.
    if wall.replace(tzinfo=LONDON, fold=0).astimezone(timezone.utc) != instant.astimezone(timezone.utc):
        return f"{name}:{utc_stamp(instant)}"
    return f"{name};TZID={TZID}:{wall.strftime('%Y%m%dT%H%M%S')}"


def event_lines(event: CalendarEvent, stamp: datetime, language: str | None = None) -> list[str]:
    language_param = f";LANGUAGE={language}" if language else ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        date_time_property("DTSTART", event.start),
        date_time_property("DTEND", event.end),
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY{language_param}:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION{language_param}:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION{language_param}:{escape_text(event.description)}")
    if event.categories:
        lines.append(f"CATEGORIES:{escape_text(event.categories)}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


def calendar_text(events: Iterable[CalendarEvent], name: str, stamp: datetime, language: str | None = None) -> str:
    """A whole VCALENDAR, CRLF line endings, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        lines.extend(event_lines(event, stamp, language))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def write_calendar(path, events: Iterable[CalendarEvent], name: str, stamp: datetime, language: str | None = None) -> None:
    # Bytes, so no platform newline translation touches the CRLFs.
    with open(path, "wb") as handle:
        handle.write(calendar_text(events, name, stamp, language).encode("utf-8"))
