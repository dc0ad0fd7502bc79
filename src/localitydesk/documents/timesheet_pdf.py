"""Timesheets as PDF: one timesheet a page, bilingual with Welsh read first.

Services build :class:`TimesheetDocument` values (plain data, no database
rows) and call :func:`render_timesheets`. One call makes one PDF: a single
timesheet, a provider's week or a whole locality's week, with an optional
cover sheet listing them. ``paper=True`` prints the form for wet signatures:
signature boxes stay empty and any times not yet recorded are left as boxes
to write in.

Times on the form are numeric (25/10/2025 20:00) so one value serves both
languages; the day of the shift is written out in each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader

from localitydesk.documents.layout import ACCENT, INK, MUTED, RULE, SHADE, Pen, fit, new_canvas, resolve_languages
from localitydesk.domain.time_bands import ShiftTimeError, crosses_clock_change, measure_shift
from localitydesk.domain.vocabulary import BookingKind, Role, TimesheetStatus
from localitydesk.domain.wording import Wording
from localitydesk.i18n import formatting

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 42
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True, slots=True)
class Signature:
    """Who signed, when, and the stroke image (PNG or JPEG bytes) if signed on screen."""

    name: str
    signed_at: datetime | None = None
    image: bytes | None = None
    job_title: str = ""
    on_paper: bool = False


@dataclass(frozen=True, slots=True)
class TimesheetDocument:
    """Everything one timesheet page shows. Instants are aware UTC; ``None``
    for an actual time or the mileage leaves a box to write in on paper."""

    reference: str
    worker_name: str
    staff_number: str
    role: Role | str
    provider_name_cy: str
    provider_name_en: str
    setting: str
    booked_start: datetime
    booked_end: datetime
    booked_break_minutes: int = 0
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    break_minutes: int | None = None
    mileage: Decimal | None = None
    change_reason: str = ""
    booking_kind: BookingKind = BookingKind.BANK
    status: TimesheetStatus = TimesheetStatus.DRAFT
    worker_signature: Signature | None = None
    signatory_signature: Signature | None = None
    # Set when an administrator verified the hours another way (e.g. by phone).
    verified_by: str = ""
    verified_reason: str = ""
    content_hash: str = ""
    issuer: str = ""

    @property
    def recorded(self) -> bool:
        return self.actual_start is not None and self.actual_end is not None and self.break_minutes is not None

    def paid_hours(self) -> Decimal | None:
        if not self.recorded:
            return None
        try:
            return measure_shift(self.actual_start, self.actual_end, self.break_minutes).paid_hours
        except ShiftTimeError:
            return None

    def differs_from_booking(self) -> bool:
        return self.recorded and (
            self.actual_start != self.booked_start
            or self.actual_end != self.booked_end
            or self.break_minutes != self.booked_break_minutes
        )


@dataclass(frozen=True, slots=True)
class CoverSheet:
    """The first page(s) of a batch: what the batch is and a list of its timesheets."""

    period_start: date
    period_end: date
    # What the batch covers, e.g. a provider's or the locality's name, per language.
    scope_cy: str = ""
    scope_en: str = ""
    printed_at: datetime | None = None
    issuer: str = ""


# ---------------------------------------------------------------- words


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    w = Wording(language)
    return {
        "title": w.gettext("Timesheet"),
        "booking": w.gettext("Booking"),
        "status": w.gettext("Status"),
        "worker": w.gettext("Worker"),
        "staff_number": w.gettext("Staff number"),
        "role": w.gettext("Role"),
        "provider": w.gettext("Provider"),
        "setting": w.gettext("Setting"),
        "shift_date": w.gettext("Date of shift"),
        "start": w.gettext("Start"),
        "finish": w.gettext("Finish"),
        "break": w.gettext("Unpaid break (minutes)"),
        "hours": w.gettext("Hours"),
        "booked": w.gettext("As booked"),
        "worked": w.gettext("Actual"),
        "total": w.gettext("Total paid hours"),
        "mileage": w.gettext("Mileage (miles)"),
        "reason": w.gettext("Reason for any change from the booking"),
        "as_booked": w.gettext("Worked as booked."),
        "clock_change": w.gettext(
            "The clocks change during this shift: the hours follow the real time, not the clock on the wall."
        ),
        "worker_heading": w.gettext("Worker"),
        "signatory_heading": w.gettext("Provider's authorised signatory"),
        "worker_declaration": w.gettext(
            "I confirm that the hours above are correct and that I took the unpaid break shown."
        ),
        "signatory_declaration": w.gettext(
            "I confirm that the worker worked the hours shown above and that I am authorised to sign for the provider."
        ),
        "signature": w.gettext("Signature"),
        "name": w.gettext("Name"),
        "job_title": w.gettext("Job title"),
        "signed_at": w.gettext("Date and time"),
        "not_signed": w.gettext("Not signed yet"),
        "signed_on_paper": w.gettext("Signed on paper"),
        "sign_in_ink": w.gettext("Please sign in ink, and initial any time you correct."),
        "hash": w.gettext("Content hash (SHA-256)"),
        "page": w.gettext("Page {page} of {pages}"),
        "printed": w.gettext("Printed {when}"),
        "verified": w.gettext("Hours verified without the provider's signature by {name}: {reason}"),
        "cover_title": w.gettext("Timesheets"),
        "cover_continued": w.gettext("Timesheets (continued)"),
        "period": w.gettext("Period"),
        "count": w.gettext("Number of timesheets"),
        "date": w.gettext("Date"),
        "page_column": w.gettext("Page"),
    }


def _pair(languages: Sequence[str], key: str) -> list[str]:
    return [_words(language)[key] for language in languages]


def _stamp(instant: datetime) -> str:
    """A language-neutral local date and time: 25/10/2025 20:00."""
    return formatting.to_local(instant).strftime("%d/%m/%Y %H:%M")


def _day_number(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _hours(hours: Decimal | None) -> str:
    return "" if hours is None else formatting.format_hours(hours, language="en")


# ---------------------------------------------------------------- one page


class _TimesheetPage:
    """Draws one timesheet; a fresh instance per page keeps no state between them."""

    def __init__(self, pen: Pen, languages: tuple[str, ...], paper: bool, images: dict[bytes, ImageReader]):
        self.pen = pen
        self.languages = languages
        self.paper = paper
        self.images = images

    def draw(self, sheet: TimesheetDocument, page: int, pages: int, printed_at: datetime) -> None:
        y = self._header(sheet)
        y = self._details(sheet, y)
        y = self._times(sheet, y - 10)
        y = self._reason(sheet, y - 8)
        self._signatures(sheet, y - 12)
        self._footer(sheet, page, pages, printed_at)

    # -- sections ----------------------------------------------------

    def _header(self, sheet: TimesheetDocument) -> float:
        pen, languages = self.pen, self.languages
        top = PAGE_HEIGHT - MARGIN
        if sheet.issuer:
            pen.text(MARGIN, top, sheet.issuer, 8.5, color=MUTED)
        titles = _pair(languages, "title")
        pen.text(MARGIN, top - 22, titles[0], 20, bold=True, color=ACCENT)
        if len(titles) > 1:
            pen.text(MARGIN, top - 38, titles[1], 13, color=MUTED)
        # Booking reference and status, boxed at the right.
        box_w, box_x = 190, PAGE_WIDTH - MARGIN - 190
        pen.box(box_x, top + 6, box_w, 50, fill=SHADE)
        pen.label(box_x + 8, top - 6, _pair(languages, "booking"))
        pen.text(box_x + 8, top - 22, fit(sheet.reference, 14, box_w - 16, True), 14, bold=True)
        status = " / ".join(Wording(language).label(sheet.status) for language in languages)
        kind = " / ".join(Wording(language).label(sheet.booking_kind) for language in languages)
        pen.text(box_x + 8, top - 36, fit(f"{status} · {kind}", 7.5, box_w - 16), 7.5, color=MUTED)
        y = top - 56
        pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
        return y - 16

    def _field(self, x: float, y: float, w: float, key: str, values: Sequence[str], strong_first: bool = True) -> float:
        """A label over one or more value lines; the first value in ink, the rest muted."""
        pen = self.pen
        y = pen.label(x, y, _pair(self.languages, key), max_width=w)
        y -= 3
        for index, value in enumerate(values):
            first = index == 0
            pen.text(x, y, fit(value, 10.5 if first else 9.5, w, first and strong_first), 10.5 if first else 9.5,
                     bold=first and strong_first, color=INK if first else MUTED)
            y -= 13
        return y - 5

    def _details(self, sheet: TimesheetDocument, y: float) -> float:
        languages = self.languages
        half = CONTENT_WIDTH / 2
        left, right, w = MARGIN, MARGIN + half + 10, half - 10
        provider = [sheet.provider_name_cy if language == "cy" else sheet.provider_name_en for language in languages]
        if len(provider) == 2 and provider[0] == provider[1]:
            provider = provider[:1]
        role = [Wording(language).label(Role(sheet.role)) for language in languages]
        shift_day = formatting.to_local(sheet.booked_start).date()
        day = [Wording(language).day(shift_day) for language in languages]
        rows = (
            (("worker", [sheet.worker_name, f"{' / '.join(_pair(languages, 'staff_number'))}: {sheet.staff_number}"]),
             ("provider", provider)),
            (("role", role), ("setting", [sheet.setting or "—"])),
        )
        for (left_key, left_values), (right_key, right_values) in rows:
            after_left = self._field(left, y, w, left_key, left_values)
            after_right = self._field(right, y, w, right_key, right_values)
            y = min(after_left, after_right)
        return self._field(left, y, CONTENT_WIDTH, "shift_date", day)

    def _times(self, sheet: TimesheetDocument, y: float) -> float:
        pen, languages = self.pen, self.languages
        columns = (  # (key, width)
            (None, 96),
            ("start", 108),
            ("finish", 108),
            ("break", 118),
            ("hours", CONTENT_WIDTH - 430),
        )
        header_h = 12 + 10 * len(languages)
        row_h = 26 if self.paper else 22
        table_h = header_h + 2 * row_h
        pen.box(MARGIN, y, CONTENT_WIDTH, header_h, fill=SHADE)
        pen.box(MARGIN, y, CONTENT_WIDTH, table_h)
        x = MARGIN
        for key, col_w in columns:
            if key is not None:
                self.pen.canvas.setStrokeColor(RULE)
                self.pen.canvas.line(x, y, x, y - table_h)
                for index, text in enumerate(_pair(languages, key)):
                    pen.text(x + 6, y - 12 - 10 * index, fit(text, 7.5, col_w - 10, index == 0), 7.5,
                             bold=index == 0, color=INK if index == 0 else MUTED)
            x += col_w
        booked_hours = _safe_hours(sheet.booked_start, sheet.booked_end, sheet.booked_break_minutes)
        rows = (
            ("booked", _stamp(sheet.booked_start), _stamp(sheet.booked_end), str(sheet.booked_break_minutes), _hours(booked_hours), False),
            (
                "worked",
                _stamp(sheet.actual_start) if sheet.actual_start else "",
                _stamp(sheet.actual_end) if sheet.actual_end else "",
                "" if sheet.break_minutes is None else str(sheet.break_minutes),
                _hours(sheet.paid_hours()),
                True,
            ),
        )
        row_y = y - header_h
        for key, start, finish, brk, hours, strong in rows:
            pen.rule(MARGIN, row_y, PAGE_WIDTH - MARGIN)
            label = _pair(languages, key)
            baseline = row_y - row_h / 2 - 3
            pen.text(MARGIN + 6, baseline + (4 if len(label) > 1 else 0), label[0], 8.5, bold=True)
            if len(label) > 1:
                pen.text(MARGIN + 6, baseline - 6, label[1], 7.5, color=MUTED)
            x = MARGIN + columns[0][1]
            for value, (_, col_w) in zip((start, finish, brk, hours), columns[1:], strict=True):
                if value:
                    pen.text(x + 6, baseline, value, 10 if strong else 9.5, bold=strong, color=INK if strong else MUTED)
                x += col_w
            row_y -= row_h
        y -= table_h + 18
        # The figures an administrator and a ward sister look for first.
        total = _hours(sheet.paid_hours())
        pen.label(MARGIN, y + 4, _pair(languages, "total"), 8)
        if total:
            pen.text(MARGIN, y - 14, total, 16, bold=True)
        elif self.paper:
            pen.box(MARGIN, y - 2, 110, 22)
        else:
            pen.text(MARGIN, y - 14, "—", 16, bold=True)
        mileage_x = MARGIN + CONTENT_WIDTH / 2 + 10
        pen.label(mileage_x, y + 4, _pair(languages, "mileage"), 8)
        if sheet.mileage is not None:
            pen.text(mileage_x, y - 14, formatting.format_decimal(sheet.mileage, language="en", places=1), 16, bold=True)
        elif self.paper:
            pen.box(mileage_x, y - 2, 110, 22)
        else:
            pen.text(mileage_x, y - 14, "—", 16, bold=True)
        y -= 30
        if sheet.recorded and crosses_clock_change(sheet.actual_start, sheet.actual_end) or (
            not sheet.recorded and crosses_clock_change(sheet.booked_start, sheet.booked_end)
        ):
            for text in _pair(languages, "clock_change"):
                y = pen.paragraph(MARGIN, y, CONTENT_WIDTH, text, 8, color=ACCENT) - 1
        return y

    def _reason(self, sheet: TimesheetDocument, y: float) -> float:
        pen, languages = self.pen, self.languages
        y = pen.label(MARGIN, y, _pair(languages, "reason"), 8, max_width=CONTENT_WIDTH)
        box_h = 44
        pen.box(MARGIN, y + 6, CONTENT_WIDTH, box_h)
        if sheet.change_reason:
            pen.paragraph(MARGIN + 6, y - 8, CONTENT_WIDTH - 12, sheet.change_reason, 9.5, max_lines=3)
        elif sheet.recorded and not sheet.differs_from_booking():
            text = " / ".join(_pair(languages, "as_booked"))
            pen.text(MARGIN + 6, y - 8, text, 9, color=MUTED)
        return y + 6 - box_h

    def _signatures(self, sheet: TimesheetDocument, y: float) -> None:
        gap = 16
        col_w = (CONTENT_WIDTH - gap) / 2
        blocks = (
            ("worker_heading", "worker_declaration", sheet.worker_signature, False),
            ("signatory_heading", "signatory_declaration", sheet.signatory_signature, True),
        )
        # The signature boxes line up across the page whatever the declarations' lengths.
        signature_y = min(self._declaration(MARGIN + i * (col_w + gap), y, col_w, b[0], b[1]) for i, b in enumerate(blocks))
        bottom = min(
            self._signature(MARGIN + index * (col_w + gap), signature_y, col_w, signature, with_title)
            for index, (_, _, signature, with_title) in enumerate(blocks)
        )
        for index in range(2):
            self.pen.box(MARGIN + index * (col_w + gap), y, col_w, y - bottom)
        note_y = bottom - 14
        if sheet.verified_by and not sheet.signatory_signature:
            for language in self.languages:
                text = _words(language)["verified"].format(name=sheet.verified_by, reason=sheet.verified_reason)
                note_y = self.pen.paragraph(MARGIN, note_y, CONTENT_WIDTH, text, 8, color=ACCENT, max_lines=2)
        elif self.paper:
            for text in _pair(self.languages, "sign_in_ink"):
                note_y = self.pen.paragraph(MARGIN, note_y, CONTENT_WIDTH, text, 8, color=MUTED)

    def _declaration(self, x: float, top: float, w: float, heading: str, declaration: str) -> float:
        """The signatory's heading and declaration in each language; returns the y below."""
        pen, languages = self.pen, self.languages
        inner = w - 16
        y = top - 15
        headings = _pair(languages, heading)
        pen.text(x + 8, y, fit(headings[0], 10, inner, True), 10, bold=True, color=ACCENT)
        if len(headings) > 1:
            y -= 11
            pen.text(x + 8, y, fit(headings[1], 8.5, inner), 8.5, color=MUTED)
        y -= 14
        for index, text in enumerate(_pair(languages, declaration)):
            y = pen.paragraph(x + 8, y, inner, text, 8, color=INK if index == 0 else MUTED, leading=10) - 3
        return y - 4

    def _signature(self, x: float, y: float, w: float, signature: Signature | None, with_title: bool) -> float:
        """The signature (stroke image or a box to sign in), name and time; returns the bottom y."""
        pen, languages = self.pen, self.languages
        inner = w - 16
        sig_h = 70
        pen.label(x + 8, y, _pair(languages, "signature"), 7)
        area_top = y - 5
        pen.box(x + 8, area_top, inner, sig_h)
        if signature and signature.image:
            reader = self.images.get(signature.image)
            if reader is None:
                reader = self.images[signature.image] = ImageReader(BytesIO(signature.image))
            pen.canvas.drawImage(reader, x + 12, area_top - sig_h + 4, inner - 8, sig_h - 8,
                                 preserveAspectRatio=True, anchor="w", mask="auto")
        elif signature and signature.on_paper:
            pen.text(x + 14, area_top - sig_h / 2 - 3, " / ".join(_pair(languages, "signed_on_paper")), 8.5, color=MUTED)
        elif not self.paper:
            pen.text(x + 14, area_top - sig_h / 2 - 3, " / ".join(_pair(languages, "not_signed")), 8.5, color=MUTED)
        y = area_top - sig_h - 14
        lines = [("name", signature.name if signature else "")]
        if with_title:
            lines.append(("job_title", signature.job_title if signature else ""))
        lines.append(("signed_at", _stamp(signature.signed_at) if signature and signature.signed_at else ""))
        for key, value in lines:
            # Label above its value: bilingual labels would leave no room beside it.
            y = pen.label(x + 8, y, _pair(languages, key), 7, max_width=inner)
            if value:
                pen.text(x + 8, y - 3, fit(value, 9.5, inner), 9.5)
            else:
                pen.rule(x + 8, y - 8, x + w - 8, MUTED, 0.5)
            y -= 19 if self.paper else 17
        return y + 6

    def _footer(self, sheet: TimesheetDocument, page: int, pages: int, printed_at: datetime) -> None:
        pen, languages = self.pen, self.languages
        y = MARGIN + 18
        pen.rule(MARGIN, y + 10, PAGE_WIDTH - MARGIN)
        label = " / ".join(_pair(languages, "hash")) + ":"
        after = pen.text(MARGIN, y, label, 6.5, bold=True, color=MUTED) + 4
        pen.text(after, y, sheet.content_hash or "—", 6.5, color=MUTED)
        printed = " / ".join(_words(language)["printed"].format(when=_stamp(printed_at)) for language in languages)
        pen.text(MARGIN, y - 11, printed, 6.5, color=MUTED)
        numbering = " / ".join(_words(language)["page"].format(page=page, pages=pages) for language in languages)
        pen.right(PAGE_WIDTH - MARGIN, y - 11, numbering, 6.5, color=MUTED)


def _safe_hours(start: datetime, end: datetime, break_minutes: int) -> Decimal | None:
    try:
        return measure_shift(start, end, break_minutes).paid_hours
    except ShiftTimeError:
        return None


# ---------------------------------------------------------------- cover sheet

_COVER_FIRST_ROWS = 34
_COVER_ROWS = 42
_COVER_ROW_H = 15.5


def cover_page_count(timesheets: int) -> int:
    """Pages the cover sheet takes for a batch (at least one)."""
    if timesheets <= _COVER_FIRST_ROWS:
        return 1
    return 1 + -(-(timesheets - _COVER_FIRST_ROWS) // _COVER_ROWS)


def _draw_cover_page(
    pen: Pen, languages: tuple[str, ...], cover: CoverSheet, rows: Sequence[TimesheetDocument],
    first_number: int, first_page_of_sheets: int, page: int, pages: int, count: int, total_hours: Decimal, printed_at: datetime,
) -> None:
    top = PAGE_HEIGHT - MARGIN
    if cover.issuer:
        pen.text(MARGIN, top, cover.issuer, 8.5, color=MUTED)
    y = top - 22
    titles = _pair(languages, "cover_title" if page == 1 else "cover_continued")
    pen.text(MARGIN, y, titles[0], 20, bold=True, color=ACCENT)
    if len(titles) > 1:
        pen.text(MARGIN, y - 16, titles[1], 13, color=MUTED)
    y -= 34
    pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
    y -= 16
    if page == 1:
        scope = [cover.scope_cy if language == "cy" else cover.scope_en for language in languages]
        scope = [s for s in scope if s]
        if len(scope) == 2 and scope[0] == scope[1]:
            scope = scope[:1]
        for index, text in enumerate(scope):
            pen.text(MARGIN, y, text, 12 if index == 0 else 10.5, bold=index == 0, color=INK if index == 0 else MUTED)
            y -= 15
        y -= 4
        period = [
            f"{Wording(language).day(cover.period_start)} – {Wording(language).day(cover.period_end)}" for language in languages
        ]
        figures = (
            ("period", period),
            ("count", [str(count)]),
            ("total", [formatting.format_hours(total_hours, language="en")]),
        )
        for key, values in figures:
            after = pen.label(MARGIN, y, _pair(languages, key), 8, max_width=CONTENT_WIDTH)
            for index, value in enumerate(values):
                pen.text(MARGIN, after - 2, value, 10 if index == 0 else 9, bold=index == 0, color=INK if index == 0 else MUTED)
                after -= 12
            y = after - 6
        y -= 6
    columns = (
        ("page_column", 32), ("booking", 80), ("date", 58), ("worker", 115), ("provider", 120), ("status", 70), ("hours", 36),
    )
    header_h = 10 + 9 * len(languages)
    pen.box(MARGIN, y, CONTENT_WIDTH, header_h, fill=SHADE)
    x = MARGIN
    for key, col_w in columns:
        for index, text in enumerate(_pair(languages, key)):
            pen.text(x + 4, y - 10 - 9 * index, fit(text, 7, col_w - 6, index == 0), 7, bold=index == 0,
                     color=INK if index == 0 else MUTED)
        x += col_w
    y -= header_h
    language = languages[0]
    for offset, sheet in enumerate(rows):
        number = first_number + offset
        baseline = y - 11
        provider = sheet.provider_name_cy if language == "cy" else sheet.provider_name_en
        values = (
            str(first_page_of_sheets + number),
            sheet.reference,
            _day_number(formatting.to_local(sheet.booked_start).date()),
            sheet.worker_name,
            provider,
            Wording(language).label(sheet.status),
            _hours(sheet.paid_hours()),
        )
        x = MARGIN
        for value, (_, col_w) in zip(values, columns, strict=True):
            pen.text(x + 4, baseline, fit(value, 8.5, col_w - 8), 8.5)
            x += col_w
        y -= _COVER_ROW_H
        pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN)
    numbering = " / ".join(_words(lang)["page"].format(page=page, pages=pages) for lang in languages)
    printed = " / ".join(_words(lang)["printed"].format(when=_stamp(printed_at)) for lang in languages)
    pen.text(MARGIN, MARGIN + 7, printed, 6.5, color=MUTED)
    pen.right(PAGE_WIDTH - MARGIN, MARGIN + 7, numbering, 6.5, color=MUTED)


# ---------------------------------------------------------------- the batch


def render_timesheets(
    timesheets: Iterable[TimesheetDocument],
    out: str | BinaryIO,
    language: str = "both",
    cover: CoverSheet | None = None,
    paper: bool = False,
    printed_at: datetime | None = None,
) -> int:
    """Write the timesheets, one a page, after an optional cover sheet, to
    ``out`` (a path or a binary file). ``language`` is 'both' (Welsh first),
    'cy' or 'en'. Returns the number of pages written."""
    languages = resolve_languages(language)
    sheets = list(timesheets)
    printed_at = printed_at or datetime.now(timezone.utc)
    cover_pages = cover_page_count(len(sheets)) if cover is not None else 0
    pages = cover_pages + len(sheets)
    canvas = new_canvas(out, languages[0])
    title = " / ".join(_pair(languages, "cover_title" if len(sheets) != 1 else "title"))
    canvas.setTitle(f"{title} — {sheets[0].reference}" if len(sheets) == 1 else title)
    canvas.setAuthor("LocalityDesk")
    canvas.setCreator("LocalityDesk")
    pen = Pen(canvas)
    if cover is not None:
        total = sum((hours for sheet in sheets if (hours := sheet.paid_hours()) is not None), Decimal(0))
        start = 0
        for page in range(1, cover_pages + 1):
            size = _COVER_FIRST_ROWS if page == 1 else _COVER_ROWS
            _draw_cover_page(pen, languages, cover, sheets[start:start + size], start, cover_pages + 1, page, pages,
                             len(sheets), total, printed_at)
            canvas.showPage()
            start += size
    images: dict[bytes, ImageReader] = {}
    for index, sheet in enumerate(sheets):
        _TimesheetPage(pen, languages, paper, images).draw(sheet, cover_pages + index + 1, pages, printed_at)
        canvas.showPage()
    canvas.save()
    return pages
