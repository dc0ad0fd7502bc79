"""The core team's rota as PDF: the team's, bilingual with Welsh first, and
each worker's own in their preferred language.

The team rota is a landscape page per week (more if the team is large): the
core team down, Monday to Sunday across, each day's shifts with their times,
provider and role, leave, and each person's hours against contract. Every
label reads Welsh first, English after it ("Dydd Llun / Monday"); provider
names are given in Welsh with the English beneath where they differ.

A worker's own rota goes to one person, so it is in their language only: a
list of their days with times, places and hours, week by week.

Both take plain data (:class:`RotaDocument`), never database rows, and are
set in the bundled font so ŵ, ŷ and every other Welsh letter print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import BinaryIO

from babel.dates import format_date as babel_format_date
from reportlab.lib.pagesizes import A4, landscape

from localitydesk.documents.layout import ACCENT, INK, MUTED, RULE, SHADE, Pen, fit, new_canvas, resolve_languages, width, wrap
from localitydesk.domain.bilingual import ProviderNamed
from localitydesk.domain.calendar_wales import bank_holiday_on
from localitydesk.domain.vocabulary import AbsenceKind, Role
from localitydesk.domain.wording import Wording
from localitydesk.i18n import formatting

LANDSCAPE = landscape(A4)
MARGIN = 28


@dataclass(frozen=True, slots=True)
class RotaShiftLine(ProviderNamed):
    starts_at: datetime
    ends_at: datetime
    provider_name_cy: str
    provider_name_en: str
    role: Role | str
    worked_hours: float


@dataclass(frozen=True, slots=True)
class RotaWorkerLine:
    name: str
    language: str  # preferred: "cy" or "en"
    contracted_hours: float | None
    # day -> the shifts starting that day (local), and day -> leave
    shifts: dict = field(default_factory=dict)
    absences: dict = field(default_factory=dict)
    week_hours: tuple[float, ...] = ()
    worker_id: object = None


@dataclass(frozen=True, slots=True)
class RotaDocument:
    locality_name_cy: str
    locality_name_en: str
    first_day: date
    weeks: int
    workers: tuple[RotaWorkerLine, ...]
    published_at: datetime | None = None  # None: a draft
    changes_since: int = 0  # changes since that publication
    printed_at: datetime | None = None

    def locality_name(self, language: str) -> str:
        return (self.locality_name_cy if language == "cy" else self.locality_name_en) or self.locality_name_en

    def mondays(self) -> list[date]:
        return [self.first_day + timedelta(days=7 * week) for week in range(self.weeks)]


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    w = Wording(language)
    return {
        "title": w.gettext("Core team rota"),
        "own_title": w.gettext("Your rota"),
        "week_of": w.gettext("Week beginning {day}"),
        "period": w.gettext("{first} to {last}"),
        "worker": w.gettext("Worker"),
        "hours": w.gettext("Hours"),
        "contract": w.gettext("{hours} h contract"),
        "of_contract": w.gettext("{worked} of {contract} h"),
        "worked": w.gettext("{worked} h"),
        "draft": w.gettext("Draft: not published"),
        "published": w.gettext("Published {when}"),
        "printed": w.gettext("Printed {when}"),
        "page": w.gettext("Page {page} of {pages}"),
        "date": w.gettext("Date"),
        "time": w.gettext("Time"),
        "where": w.gettext("Where"),
        "role": w.gettext("Role"),
        "no_shifts": w.gettext("No shifts this week."),
        "week_total": w.gettext("Week beginning {day}: {hours}"),
        "greeting": w.gettext("Rota for {name}"),
        "annual_leave": w.gettext("Annual leave"),
        "sickness": w.gettext("Sickness"),
        "other": w.gettext("Absent"),
        "locality": w.gettext("Locality"),
        "bank_holiday": w.gettext("Bank holiday: {name}"),
    }


def _word(language: str, key: str) -> str:
    return _words(language)[key]


def _bank_holiday(day: date, language: str) -> str | None:
    """'Gŵyl y Banc: Dydd Nadolig' on a bank holiday in Wales, else None:
    people plan around them, and some providers pay them differently."""
    holiday = bank_holiday_on(day)
    if holiday is None:
        return None
    return _word(language, "bank_holiday").format(name=Wording(language).gettext(holiday.name))


def _hours(value: float) -> str:
    value = round(value, 2)
    return f"{value:g}"


def _times(line: RotaShiftLine) -> str:
    return f"{formatting.to_local(line.starts_at):%H:%M}–{formatting.to_local(line.ends_at):%H:%M}"


def _weekday(day: date, language: str) -> str:
    return babel_format_date(day, "EEEE", locale=formatting.babel_locale(language))


def _long_day(day: date, language: str) -> str:
    return babel_format_date(day, "EEEE d MMMM yyyy", locale=formatting.babel_locale(language))


def _absence(kind, language: str) -> str:
    key = {AbsenceKind.ANNUAL_LEAVE: "annual_leave", AbsenceKind.SICKNESS: "sickness"}.get(kind, "other")
    return _word(language, key)


def _role(role, language: str) -> str:
    return Wording(language).label(role) if isinstance(role, Role) else str(role)


def _status(doc: RotaDocument, language: str) -> str:
    if doc.published_at is None:
        return _word(language, "draft")
    when = formatting.to_local(doc.published_at).strftime("%d/%m/%Y %H:%M")
    if doc.changes_since:
        return Wording(language).ngettext(
            "Published {when}; {count} change since", "Published {when}; {count} changes since", doc.changes_since
        ).format(when=when, count=doc.changes_since)
    return _word(language, "published").format(when=when)


# ---------------------------------------------------------------- the team's


_WORKER_W = 128
_HOURS_W = 62
_LINE = 8.2


def _cell_lines(worker: RotaWorkerLine, day: date, languages) -> list[tuple[str, float, bool, object]]:
    """(text, size, bold, colour) lines for one worker's day."""
    lines = []
    for shift in worker.shifts.get(day, ()):
        lines.append((_times(shift), 7.5, True, INK))
        first = shift.provider_name(languages[0])
        # The name in the reader's first language wraps to a second line
        # rather than losing its end ("Cartref Nyrsio Trem y Foel", not "Trem…").
        named = wrap(first, 6.8, _columns(languages) - 7)
        if len(named) > 2:
            named = [named[0], fit(" ".join(named[1:]), 6.8, _columns(languages) - 7)]
        lines.extend((part, 6.8, False, INK) for part in named)
        if len(languages) > 1:
            second = shift.provider_name(languages[1])
            if second != first:
                lines.append((second, 6.3, False, MUTED))
        roles = list(dict.fromkeys(_role(shift.role, language) for language in languages))
        lines.append((roles[0], 6.2, False, MUTED))
        lines.extend((role, 5.8, False, MUTED) for role in roles[1:])
    if day in worker.absences:
        for index, language in enumerate(languages):
            lines.append((_absence(worker.absences[day], language), 6.8 if index == 0 else 6.3, index == 0,
                          ACCENT if index == 0 else MUTED))
    return lines


def _contract_lines(worker: RotaWorkerLine, languages) -> list[str]:
    """The contract under the name, once per language unless the words are the same."""
    if worker.contracted_hours is None:
        return []
    hours = _hours(worker.contracted_hours)
    return list(dict.fromkeys(_word(language, "contract").format(hours=hours) for language in languages))


def _row_height(worker: RotaWorkerLine, days, languages) -> float:
    # The worker's own column (name, then its contract lines) sets the least
    # height, so a week with no shifts never runs into the next row.
    own_column = 1 + len(_contract_lines(worker, languages))
    most = max([len(_cell_lines(worker, day, languages)) for day in days] + [own_column, 2])
    return 8 + most * _LINE


def _team_header(pen: Pen, doc: RotaDocument, languages, monday: date, page: int, pages: int) -> float:
    page_w, page_h = LANDSCAPE
    top = page_h - MARGIN
    titles = [_word(language, "title") for language in languages]
    after = pen.text_to(MARGIN, top - 16, titles[0], 17, bold=True, color=ACCENT)
    if len(titles) > 1:
        pen.text(after + 6, top - 16, "/ " + titles[1], 12, color=MUTED)
    localities = [doc.locality_name(language) for language in languages]
    unique = list(dict.fromkeys(localities))
    pen.right(page_w - MARGIN, top - 10, " / ".join(unique), 10, bold=True)
    pen.right(page_w - MARGIN, top - 22, " / ".join(_status(doc, language) for language in languages), 7.5, color=MUTED)
    y = top - 34
    week = [_word(language, "week_of").format(day=_long_day(monday, language)) for language in languages]
    after = pen.text_to(MARGIN, y, week[0], 10, bold=True)
    if len(week) > 1:
        pen.text(after + 6, y, "/ " + week[1], 9, color=MUTED)
    pen.right(page_w - MARGIN, y, " / ".join(_word(language, "page").format(page=page, pages=pages) for language in languages),
              7.5, color=MUTED)
    y -= 8
    pen.rule(MARGIN, y, page_w - MARGIN, ACCENT, 1.2)
    return y - 4


def _columns(languages):
    page_w, _ = LANDSCAPE
    day_w = (page_w - 2 * MARGIN - _WORKER_W - _HOURS_W) / 7
    return day_w


def _table_header(pen: Pen, y: float, monday: date, languages) -> float:
    page_w, _ = LANDSCAPE
    day_w = _columns(languages)
    days = [monday + timedelta(days=offset) for offset in range(7)]
    holidays = any(bank_holiday_on(day) for day in days)
    height = 12 + 9 * len(languages) + (9 * len(languages) if holidays else 0)
    pen.box(MARGIN, y, page_w - 2 * MARGIN, height, fill=SHADE)
    pen.text(MARGIN + 4, y - 11, " / ".join(_word(language, "worker") for language in languages), 7.5, bold=True)
    x = MARGIN + _WORKER_W
    for offset in range(7):
        day = monday + timedelta(days=offset)
        stamp = day.strftime("%d/%m")
        for index, language in enumerate(languages):
            name = _weekday(day, language)
            # The date sits at the end of the last line, clear of the longer Welsh name above it.
            room = day_w - 8 - (width(stamp, 7) + 4 if index == len(languages) - 1 else 0)
            pen.text(x + 4, y - 10 - 9 * index, fit(name, 7.5 if index == 0 else 7, room, index == 0),
                     7.5 if index == 0 else 7, bold=index == 0, color=INK if index == 0 else MUTED)
        pen.right(x + day_w - 4, y - 10 - 9 * (len(languages) - 1), stamp, 7, color=MUTED)
        holiday = bank_holiday_on(day)
        if holiday is not None:  # the holiday's own name: the column is too narrow for "Bank holiday:" too
            names = dict.fromkeys(Wording(language).gettext(holiday.name) for language in languages)
            for index, name in enumerate(names):
                pen.text(x + 4, y - 10 - 9 * (len(languages) + index), fit(name, 6.5, day_w - 8),
                         6.5, bold=index == 0, color=ACCENT if index == 0 else MUTED)
        x += day_w
    for index, language in enumerate(languages):
        pen.text(x + 4, y - 10 - 9 * index, fit(_word(language, "hours"), 7.5 if index == 0 else 7, _HOURS_W - 6, index == 0),
                 7.5 if index == 0 else 7, bold=index == 0, color=INK if index == 0 else MUTED)
    return y - height


def _team_row(pen: Pen, y: float, worker: RotaWorkerLine, monday: date, week_index: int, languages, height: float) -> None:
    page_w, _ = LANDSCAPE
    day_w = _columns(languages)
    canvas = pen.canvas
    pen.rule(MARGIN, y - height, page_w - MARGIN)
    pen.text(MARGIN + 4, y - 10, fit(worker.name, 8.5, _WORKER_W - 8, True), 8.5, bold=True)
    for index, contract in enumerate(_contract_lines(worker, languages)):
        pen.text(MARGIN + 4, y - 20 - 8 * index, fit(contract, 6.5, _WORKER_W - 8), 6.5, color=INK if index == 0 else MUTED)
    x = MARGIN + _WORKER_W
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    for offset in range(7):
        day = monday + timedelta(days=offset)
        canvas.line(x, y, x, y - height)
        line_y = y - 9
        for text, size, bold, colour in _cell_lines(worker, day, languages):
            pen.text(x + 4, line_y, fit(text, size, day_w - 7, bold), size, bold=bold, color=colour)
            line_y -= _LINE
        x += day_w
    canvas.setStrokeColor(RULE)
    canvas.line(x, y, x, y - height)
    worked = worker.week_hours[week_index] if week_index < len(worker.week_hours) else 0.0
    # Figures only ("41.5 / 37.5"): the same in both languages, and the column says what they are.
    pen.text(x + 4, y - 10, _hours(worked), 8, bold=True)
    if worker.contracted_hours is not None:
        over = worked > worker.contracted_hours + 1e-6
        pen.text(x + 4, y - 19, "/ " + _hours(worker.contracted_hours), 7, color=ACCENT if over else MUTED)


def render_team_rota(doc: RotaDocument, out: str | BinaryIO, language: str = "both") -> int:
    """The team's rota, a landscape page (or more) per week. Returns the pages written."""
    languages = resolve_languages(language)
    _, page_h = LANDSCAPE
    plan: list[tuple[date, int, list[RotaWorkerLine]]] = []  # (monday, week index, workers on the page)
    bottom = MARGIN + 18
    for week_index, monday in enumerate(doc.mondays()):
        days = [monday + timedelta(days=i) for i in range(7)]
        available = page_h - MARGIN - 46 - (12 + 9 * len(languages)) - bottom
        page_workers: list[RotaWorkerLine] = []
        used = 0.0
        for worker in doc.workers:
            height = _row_height(worker, days, languages)
            if page_workers and used + height > available:
                plan.append((monday, week_index, page_workers))
                page_workers, used = [], 0.0
            page_workers.append(worker)
            used += height
        plan.append((monday, week_index, page_workers))
    canvas = new_canvas(out, languages[0], pagesize=LANDSCAPE)
    canvas.setTitle(" / ".join(_word(lang, "title") for lang in languages) + " — " + doc.locality_name(languages[0]))
    canvas.setAuthor("LocalityDesk")
    canvas.setCreator("LocalityDesk")
    pen = Pen(canvas)
    printed_at = doc.printed_at or datetime.now(timezone.utc)
    printed = " / ".join(
        _word(lang, "printed").format(when=formatting.to_local(printed_at).strftime("%d/%m/%Y %H:%M")) for lang in languages
    )
    for number, (monday, week_index, workers) in enumerate(plan, start=1):
        y = _team_header(pen, doc, languages, monday, number, len(plan))
        y = _table_header(pen, y, monday, languages)
        days = [monday + timedelta(days=i) for i in range(7)]
        for worker in workers:
            height = _row_height(worker, days, languages)
            _team_row(pen, y, worker, monday, week_index, languages, height)
            y -= height
        pen.text(MARGIN, MARGIN - 4, printed, 6.5, color=MUTED)
        pen.show_page()
    canvas.save()
    return len(plan)


# ---------------------------------------------------------------- one worker's


def render_worker_rota(doc: RotaDocument, worker: RotaWorkerLine, out: str | BinaryIO, language: str | None = None) -> int:
    """One worker's rota in their language (``worker.language`` unless given)."""
    language = language or worker.language
    page_w, page_h = A4
    canvas = new_canvas(out, language)
    canvas.setTitle(_word(language, "greeting").format(name=worker.name))
    canvas.setAuthor("LocalityDesk")
    canvas.setCreator("LocalityDesk")
    pen = Pen(canvas)
    columns = ((_word(language, "date"), 150), (_word(language, "time"), 80), (_word(language, "where"), 170),
               (_word(language, "role"), 80), (_word(language, "hours"), 0))
    content_w = page_w - 2 * MARGIN - 14
    pages = 1

    def header() -> float:
        top = page_h - MARGIN - 14
        pen.text(MARGIN + 7, top - 14, _word(language, "greeting").format(name=worker.name), 17, bold=True, color=ACCENT)
        last = doc.first_day + timedelta(days=7 * doc.weeks - 1)
        period = _word(language, "period").format(first=_long_day(doc.first_day, language), last=_long_day(last, language))
        pen.text(MARGIN + 7, top - 30, period, 9.5)
        pen.text(MARGIN + 7, top - 43, doc.locality_name(language) + " · " + _status(doc, language), 8, color=MUTED)
        y = top - 52
        pen.rule(MARGIN + 7, y, page_w - MARGIN - 7, ACCENT, 1.2)
        return y - 16

    y = header()
    for week_index, monday in enumerate(doc.mondays()):
        worked = worker.week_hours[week_index] if week_index < len(worker.week_hours) else 0.0
        total = (_word(language, "of_contract").format(worked=_hours(worked), contract=_hours(worker.contracted_hours))
                 if worker.contracted_hours is not None else _word(language, "worked").format(worked=_hours(worked)))
        days = [monday + timedelta(days=i) for i in range(7)]
        # (day, order, shift or a note): a bank holiday first, then shifts by start, then leave.
        rows = [(day, 0, _bank_holiday(day, language)) for day in days if bank_holiday_on(day)]
        rows += [(day, 1, shift) for day in days for shift in worker.shifts.get(day, ())]
        rows += [(day, 2, _absence(worker.absences[day], language)) for day in days if day in worker.absences]
        rows.sort(key=lambda row: (row[0], row[1], row[2].starts_at if row[1] == 1 else row[2]))
        needed = 40 + 16 * max(1, len(rows))
        if y - needed < MARGIN + 20:
            pen.show_page()
            pages += 1
            y = header()
        pen.text(MARGIN + 7, y, _word(language, "week_total").format(day=_long_day(monday, language), hours=total), 10, bold=True)
        y -= 8
        pen.box(MARGIN + 7, y, content_w, 16, fill=SHADE)
        x = MARGIN + 11
        for title, column_w in columns:
            pen.text(x, y - 11, title, 7.5, bold=True, color=MUTED)
            x += column_w
        y -= 16
        if not any(order == 1 for _day, order, _entry in rows):
            pen.text(MARGIN + 11, y - 12, _word(language, "no_shifts"), 8.5, color=MUTED)
            y -= 18
        for day, order, shift in rows:
            baseline = y - 11
            pen.text(MARGIN + 11, baseline, fit(_long_day(day, language), 8.5, 144), 8.5)
            if order != 1:  # a bank holiday or leave: one line across the row
                pen.text(MARGIN + 161, baseline, fit(shift, 8.5, content_w - 154), 8.5, bold=True, color=ACCENT)
            else:
                values = (_times(shift), shift.provider_name(language), _role(shift.role, language), _hours(shift.worked_hours))
                x = MARGIN + 11 + 150
                for (title, column_w), value in zip(columns[1:], values):
                    limit = column_w - 6 if column_w else content_w - (x - MARGIN - 7)
                    pen.text(x, baseline, fit(value, 8.5, limit, title == columns[1][0]), 8.5, bold=title == columns[1][0])
                    x += column_w
            y -= 16
            pen.rule(MARGIN + 7, y, page_w - MARGIN - 7)
        y -= 18
    printed_at = doc.printed_at or datetime.now(timezone.utc)
    pen.text(MARGIN + 7, MARGIN, _word(language, "printed").format(
        when=formatting.to_local(printed_at).strftime("%d/%m/%Y %H:%M")), 7, color=MUTED)
    pen.show_page()
    canvas.save()
    return pages


__all__ = ["RotaDocument", "RotaShiftLine", "RotaWorkerLine", "render_team_rota", "render_worker_rota"]
