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
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from io import BytesIO
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader

from localitydesk.documents.layout import ACCENT, INK, MUTED, RULE, SHADE, Pen, fit, new_canvas, resolve_languages, width
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
    # Where the sheet stands as the week's list names it (an English msgid,
    # e.g. "Not started" before any hours are entered); the status otherwise.
    state_label: str = ""
    worker_signature: Signature | None = None
    signatory_signature: Signature | None = None
    # Set when an administrator verified the hours another way (e.g. by phone).
    verified_by: str = ""
    verified_reason: str = ""
    content_hash: str = ""
    issuer: str = ""

    def state(self, language: str) -> str:
        wording = Wording(language)
        return wording.gettext(self.state_label) if self.state_label else wording.label(self.status)

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
    """Two places, the same in Welsh and English (both write 12.50)."""
    return "" if hours is None else str(hours.quantize(_CENTI, rounding=ROUND_HALF_UP))


def _miles(miles: Decimal) -> str:
    return str(miles.quantize(_TENTH, rounding=ROUND_HALF_UP))


_CENTI = Decimal("0.01")
_TENTH = Decimal("0.1")


# ---------------------------------------------------------------- one page


class _Form:
    """The fixed part of a timesheet page, drawn once per PDF as a form XObject.

    Every label, heading, declaration, grid line and box is the same on every
    page of a batch, so it is stored once and each page only places it and
    writes its own values: a thousand-page batch draws about 30 strings a
    page instead of 190. The layout is fixed, as a printed form is: each
    value has its slot (in :attr:`slots`) whatever the other values hold.
    """

    NAME = "timesheet-form"

    def __init__(self, pen: Pen, languages: tuple[str, ...], paper: bool):
        self.pen = pen
        self.languages = languages
        self.paper = paper
        self.slots: dict[str, float] = {}
        self.columns = (  # (key, width) of the times table
            (None, 96),
            ("start", 108),
            ("finish", 108),
            ("break", 118),
            ("hours", CONTENT_WIDTH - 430),
        )

    def define(self) -> None:
        canvas = self.pen.canvas
        canvas.beginForm(self.NAME)
        self.pen.forget()
        y = self._header()
        y = self._details(y)
        y = self._times(y - 10)
        y = self._reason(y - 8)
        self._signatures(y - 12)
        self._footer()
        canvas.endForm()
        self.pen.forget()

    def _pair(self, key: str) -> list[str]:
        return _pair(self.languages, key)

    def _header(self) -> float:
        pen, slots = self.pen, self.slots
        top = PAGE_HEIGHT - MARGIN
        titles = self._pair("title")
        pen.text(MARGIN, top - 22, titles[0], 20, bold=True, color=ACCENT)
        if len(titles) > 1:
            pen.text(MARGIN, top - 38, titles[1], 13, color=MUTED)
        box_x = PAGE_WIDTH - MARGIN - _BOOKING_BOX_WIDTH
        pen.box(box_x, top + 6, _BOOKING_BOX_WIDTH, 50, fill=SHADE)
        pen.label(box_x + 8, top - 6, self._pair("booking"))
        slots["issuer"], slots["box_x"], slots["reference"], slots["status"] = top, box_x + 8, top - 22, top - 36
        y = top - 56
        pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
        return y - 16

    def _details(self, y: float) -> float:
        """Labels in two columns; each field has room for two value lines."""
        pen = self.pen
        half = CONTENT_WIDTH / 2
        self.slots["right_x"] = right = MARGIN + half + 10
        for row, (left_key, right_key) in enumerate((("worker", "provider"), ("role", "setting"), ("shift_date", None))):
            for x, key in ((MARGIN, left_key), (right, right_key)):
                if key is None:
                    continue
                after = pen.label(x, y, self._pair(key), max_width=half - 10)
                self.slots[f"{key}_y"] = after - 3
            y -= _FIELD_HEIGHT
        return y + 4

    def _times(self, y: float) -> float:
        pen, languages, slots = self.pen, self.languages, self.slots
        header_h = 12 + 10 * len(languages)
        row_h = 26 if self.paper else 22
        table_h = header_h + 2 * row_h
        pen.box(MARGIN, y, CONTENT_WIDTH, header_h, fill=SHADE)
        pen.box(MARGIN, y, CONTENT_WIDTH, table_h)
        x = MARGIN
        for key, col_w in self.columns:
            if key is not None:
                pen.canvas.setStrokeColor(RULE)
                pen.canvas.line(x, y, x, y - table_h)
                for index, text in enumerate(self._pair(key)):
                    pen.text(x + 6, y - 12 - 10 * index, fit(text, 7.5, col_w - 10, index == 0), 7.5,
                             bold=index == 0, color=INK if index == 0 else MUTED)
            x += col_w
        row_y = y - header_h
        for key in ("booked", "worked"):
            pen.rule(MARGIN, row_y, PAGE_WIDTH - MARGIN)
            label = self._pair(key)
            baseline = row_y - row_h / 2 - 3
            pen.text(MARGIN + 6, baseline + (4 if len(label) > 1 else 0), label[0], 8.5, bold=True)
            if len(label) > 1:
                pen.text(MARGIN + 6, baseline - 6, label[1], 7.5, color=MUTED)
            slots[f"{key}_row"] = baseline
            row_y -= row_h
        y -= table_h + 18
        pen.label(MARGIN, y + 4, self._pair("total"), 8)
        pen.label(slots["right_x"], y + 4, self._pair("mileage"), 8)
        if self.paper:
            # Boxes to write in; a value, when known, is printed in the box.
            pen.box(MARGIN, y - 2, 110, 22)
            pen.box(slots["right_x"], y - 2, 110, 22)
        slots["totals"] = y - 14
        # Room for the clock-change note, one line per language.
        slots["note"] = y - 30
        return y - 30 - 10 * len(languages)

    def _reason(self, y: float) -> float:
        pen = self.pen
        y = pen.label(MARGIN, y, self._pair("reason"), 8, max_width=CONTENT_WIDTH)
        pen.box(MARGIN, y + 6, CONTENT_WIDTH, _REASON_BOX_HEIGHT)
        self.slots["reason"] = y - 8
        return y + 6 - _REASON_BOX_HEIGHT

    def _signatures(self, y: float) -> None:
        col_w = (CONTENT_WIDTH - _GAP) / 2
        blocks = (("worker", "worker_heading", "worker_declaration", False),
                  ("signatory", "signatory_heading", "signatory_declaration", True))
        # The signature boxes line up across the page whatever the declarations' lengths.
        signature_y = min(self._declaration(MARGIN + i * (col_w + _GAP), y, col_w, b[1], b[2]) for i, b in enumerate(blocks))
        bottom = min(
            self._signature(who, MARGIN + index * (col_w + _GAP), signature_y, col_w, with_title)
            for index, (who, _, _, with_title) in enumerate(blocks)
        )
        for index in range(2):
            self.pen.box(MARGIN + index * (col_w + _GAP), y, col_w, y - bottom)
        note_y = bottom - 14
        self.slots["verified"] = note_y
        if self.paper:
            for text in self._pair("sign_in_ink"):
                note_y = self.pen.paragraph(MARGIN, note_y, CONTENT_WIDTH, text, 8, color=MUTED)

    def _declaration(self, x: float, top: float, w: float, heading: str, declaration: str) -> float:
        """The signatory's heading and declaration in each language; returns the y below."""
        pen = self.pen
        inner = w - 16
        y = top - 15
        headings = self._pair(heading)
        pen.text(x + 8, y, fit(headings[0], 10, inner, True), 10, bold=True, color=ACCENT)
        if len(headings) > 1:
            y -= 11
            pen.text(x + 8, y, fit(headings[1], 8.5, inner), 8.5, color=MUTED)
        y -= 14
        for index, text in enumerate(self._pair(declaration)):
            y = pen.paragraph(x + 8, y, inner, text, 8, color=INK if index == 0 else MUTED, leading=10) - 3
        return y - 4

    def _signature(self, who: str, x: float, y: float, w: float, with_title: bool) -> float:
        """The signature box and the labelled lines for name and time; returns the bottom y."""
        pen, slots = self.pen, self.slots
        inner = w - 16
        pen.label(x + 8, y, self._pair("signature"), 7)
        area_top = y - 5
        pen.box(x + 8, area_top, inner, _SIGNATURE_HEIGHT)
        slots[f"{who}_x"], slots[f"{who}_area"] = x, area_top
        y = area_top - _SIGNATURE_HEIGHT - 14
        keys = ["name", "job_title", "signed_at"] if with_title else ["name", "signed_at"]
        for key in keys:
            # Label above its line: bilingual labels leave no room beside it.
            y = pen.label(x + 8, y, self._pair(key), 7, max_width=inner)
            pen.rule(x + 8, y - 6, x + w - 8, RULE, 0.5)
            slots[f"{who}_{key}"] = y - 3
            y -= 19 if self.paper else 17
        return y + 6

    def _footer(self) -> None:
        pen = self.pen
        y = MARGIN + 18
        pen.rule(MARGIN, y + 10, PAGE_WIDTH - MARGIN)
        label = " / ".join(self._pair("hash")) + ":"
        self.slots["hash_x"] = pen.text_to(MARGIN, y, label, 6.5, bold=True, color=MUTED) + 4
        self.slots["footer"] = y


_BOOKING_BOX_WIDTH = 190
_FIELD_HEIGHT = 43
_REASON_BOX_HEIGHT = 44
_SIGNATURE_HEIGHT = 70
_GAP = 16


class _TimesheetPage:
    """Writes one timesheet's values into the slots of the form."""

    def __init__(self, pen: Pen, form: _Form, images: dict[bytes, ImageReader]):
        self.pen = pen
        self.form = form
        self.languages = form.languages
        self.paper = form.paper
        self.slots = form.slots
        self.images = images

    def draw(self, sheet: TimesheetDocument, page: int, pages: int, printed_at: str) -> None:
        self.pen.canvas.doForm(_Form.NAME)
        self._header(sheet)
        self._details(sheet)
        self._times(sheet)
        self._reason(sheet)
        for who, signature in (("worker", sheet.worker_signature), ("signatory", sheet.signatory_signature)):
            self._signature(who, signature)
        if sheet.verified_by and not sheet.signatory_signature:
            y = self.slots["verified"]
            for language in self.languages:
                text = _words(language)["verified"].format(name=sheet.verified_by, reason=sheet.verified_reason)
                y = self.pen.paragraph(MARGIN, y, CONTENT_WIDTH, text, 8, color=ACCENT, max_lines=2)
        self._footer(sheet, page, pages, printed_at)

    def _header(self, sheet: TimesheetDocument) -> None:
        pen, slots, languages = self.pen, self.slots, self.languages
        if sheet.issuer:
            pen.text(MARGIN, slots["issuer"], fit(sheet.issuer, 8.5, CONTENT_WIDTH - _BOOKING_BOX_WIDTH - 10), 8.5, color=MUTED)
        inner = _BOOKING_BOX_WIDTH - 16
        pen.text(slots["box_x"], slots["reference"], fit(sheet.reference, 14, inner, True), 14, bold=True)
        status = " / ".join(dict.fromkeys(sheet.state(language) for language in languages))
        kind = " / ".join(Wording(language).label(sheet.booking_kind) for language in languages)
        pen.text(slots["box_x"], slots["status"], fit(f"{status} · {kind}", 7.5, inner), 7.5, color=MUTED)

    def _values(self, x: float, y: float, values: Sequence[str]) -> None:
        """Up to two value lines in a field: the first in bold ink, the second muted."""
        width_ = CONTENT_WIDTH / 2 - 10
        for index, value in enumerate(values[:2]):
            first = index == 0
            size = 10.5 if first else 9.5
            self.pen.text(x, y - 13 * index, fit(value, size, width_, first), size, bold=first, color=INK if first else MUTED)

    def _details(self, sheet: TimesheetDocument) -> None:
        languages, slots = self.languages, self.slots
        provider = [sheet.provider_name_cy if language == "cy" else sheet.provider_name_en for language in languages]
        if len(provider) == 2 and provider[0] == provider[1]:
            provider = provider[:1]
        staff = f"{' / '.join(_pair(languages, 'staff_number'))}: {sheet.staff_number}"
        shift_day = formatting.to_local(sheet.booked_start).date()
        self._values(MARGIN, slots["worker_y"], [sheet.worker_name, staff])
        self._values(slots["right_x"], slots["provider_y"], provider)
        self._values(MARGIN, slots["role_y"], [Wording(language).label(Role(sheet.role)) for language in languages])
        self._values(slots["right_x"], slots["setting_y"], [sheet.setting or "—"])
        self._values(MARGIN, slots["shift_date_y"], [Wording(language).day(shift_day) for language in languages])

    def _times(self, sheet: TimesheetDocument) -> None:
        pen, slots = self.pen, self.slots
        paid = sheet.paid_hours()
        rows = (
            ("booked", (_stamp(sheet.booked_start), _stamp(sheet.booked_end), str(sheet.booked_break_minutes),
                        _hours(_safe_hours(sheet.booked_start, sheet.booked_end, sheet.booked_break_minutes))), False),
            ("worked", (_stamp(sheet.actual_start) if sheet.actual_start else "",
                        _stamp(sheet.actual_end) if sheet.actual_end else "",
                        "" if sheet.break_minutes is None else str(sheet.break_minutes),
                        _hours(paid)), True),
        )
        for key, values, strong in rows:
            x = MARGIN + self.form.columns[0][1]
            for value, (_, col_w) in zip(values, self.form.columns[1:], strict=True):
                if value:
                    pen.text(x + 6, slots[f"{key}_row"], value, 10 if strong else 9.5, bold=strong, color=INK if strong else MUTED)
                x += col_w
        # The figures an administrator and a ward sister look for first; on
        # paper an unknown figure stays an empty box to write in.
        total = _hours(paid)
        mileage = _miles(sheet.mileage) if sheet.mileage is not None else ""
        offset = 6 if self.paper else 0
        for x, value in ((MARGIN, total), (slots["right_x"], mileage)):
            if value or not self.paper:
                pen.text(x + offset, slots["totals"] + (offset and 2), value or "—", 14 if self.paper else 16, bold=True)
        start, end = (sheet.actual_start, sheet.actual_end) if sheet.recorded else (sheet.booked_start, sheet.booked_end)
        if crosses_clock_change(start, end):
            y = slots["note"]
            for text in _pair(self.languages, "clock_change"):
                pen.text(MARGIN, y, fit(text, 8, CONTENT_WIDTH), 8, color=ACCENT)
                y -= 10

    def _reason(self, sheet: TimesheetDocument) -> None:
        y = self.slots["reason"]
        if sheet.change_reason:
            self.pen.paragraph(MARGIN + 6, y, CONTENT_WIDTH - 12, sheet.change_reason, 9.5, max_lines=3)
        elif sheet.recorded and not sheet.differs_from_booking():
            self.pen.text(MARGIN + 6, y, " / ".join(_pair(self.languages, "as_booked")), 9, color=MUTED)

    def _signature(self, who: str, signature: Signature | None) -> None:
        pen, slots, languages = self.pen, self.slots, self.languages
        x, area_top = slots[f"{who}_x"], slots[f"{who}_area"]
        inner = (CONTENT_WIDTH - _GAP) / 2 - 16
        middle = area_top - _SIGNATURE_HEIGHT / 2 - 3
        if signature and signature.image:
            reader = self.images.get(signature.image)
            if reader is None:
                reader = self.images[signature.image] = ImageReader(BytesIO(signature.image))
            pen.canvas.drawImage(reader, x + 12, area_top - _SIGNATURE_HEIGHT + 4, inner - 8, _SIGNATURE_HEIGHT - 8,
                                 preserveAspectRatio=True, anchor="w", mask="auto")
        elif signature and signature.on_paper:
            pen.text(x + 14, middle, " / ".join(_pair(languages, "signed_on_paper")), 8.5, color=MUTED)
        elif not self.paper:
            pen.text(x + 14, middle, " / ".join(_pair(languages, "not_signed")), 8.5, color=MUTED)
        if signature is None:
            return
        values = {"name": signature.name, "job_title": signature.job_title,
                  "signed_at": _stamp(signature.signed_at) if signature.signed_at else ""}
        for key, value in values.items():
            slot = slots.get(f"{who}_{key}")
            if slot is not None and value:
                pen.text(x + 8, slot, fit(value, 9.5, inner), 9.5)

    def _footer(self, sheet: TimesheetDocument, page: int, pages: int, printed_at: str) -> None:
        pen, slots, languages = self.pen, self.slots, self.languages
        y = slots["footer"]
        pen.text(slots["hash_x"], y, sheet.content_hash or "—", 6.5, color=MUTED)
        pen.text(MARGIN, y - 11, printed_at, 6.5, color=MUTED)
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
            ("total", [_hours(total_hours)]),
        )
        for key, values in figures:
            after = pen.label(MARGIN, y, _pair(languages, key), 8, max_width=CONTENT_WIDTH)
            for index, value in enumerate(values):
                pen.text(MARGIN, after - 2, value, 10 if index == 0 else 9, bold=index == 0, color=INK if index == 0 else MUTED)
                after -= 12
            y = after - 6
        y -= 6
    language = languages[0]
    values_of = [_cover_values(sheet, language, first_page_of_sheets + first_number + offset)
                 for offset, sheet in enumerate(rows)]
    columns = _cover_columns(languages, values_of)
    header_h = 10 + 9 * len(languages)
    pen.box(MARGIN, y, CONTENT_WIDTH, header_h, fill=SHADE)
    x = MARGIN
    for key, col_w in columns:
        for index, text in enumerate(_pair(languages, key)):
            pen.text(x + 4, y - 10 - 9 * index, fit(text, 7, col_w - 6, index == 0), 7, bold=index == 0,
                     color=INK if index == 0 else MUTED)
        x += col_w
    y -= header_h
    for values in values_of:
        baseline = y - 11
        x = MARGIN
        for value, (_, col_w) in zip(values, columns, strict=True):
            pen.text(x + 4, baseline, fit(value, _COVER_SIZE, col_w - 8), _COVER_SIZE)
            x += col_w
        y -= _COVER_ROW_H
        pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN)
    numbering = " / ".join(_words(lang)["page"].format(page=page, pages=pages) for lang in languages)
    printed = " / ".join(_words(lang)["printed"].format(when=_stamp(printed_at)) for lang in languages)
    pen.text(MARGIN, MARGIN + 7, printed, 6.5, color=MUTED)
    pen.right(PAGE_WIDTH - MARGIN, MARGIN + 7, numbering, 6.5, color=MUTED)


_COVER_KEYS = ("page_column", "booking", "date", "worker", "provider", "status", "hours")
_COVER_NAMES = {"worker": 0.42, "provider": 0.58}  # the share of the room left that each name column takes
_COVER_SIZE = 8.5


def _cover_values(sheet: TimesheetDocument, language: str, page: int) -> tuple[str, ...]:
    provider = sheet.provider_name_cy if language == "cy" else sheet.provider_name_en
    return (
        str(page),
        sheet.reference,
        _day_number(formatting.to_local(sheet.booked_start).date()),
        sheet.worker_name,
        provider,
        sheet.state(language),
        _hours(sheet.paid_hours()),
    )


def _cover_columns(languages: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[tuple[str, float]]:
    """Each short column as wide as its widest value or heading, so none is cut;
    the worker and provider names share what is left."""
    fixed: dict[str, float] = {}
    for index, key in enumerate(_COVER_KEYS):
        if key in _COVER_NAMES:
            continue
        headings = [width(text, 7, bold=i == 0) for i, text in enumerate(_pair(languages, key))]
        cells = [width(row[index], _COVER_SIZE) for row in rows]
        fixed[key] = max(headings + cells) + 9
    room = CONTENT_WIDTH - sum(fixed.values())
    return [(key, fixed[key] if key in fixed else room * _COVER_NAMES[key]) for key in _COVER_KEYS]


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
            pen.show_page()
            start += size
    images: dict[bytes, ImageReader] = {}
    if sheets:
        form = _Form(pen, languages, paper)
        form.define()
        printed = " / ".join(_words(language)["printed"].format(when=_stamp(printed_at)) for language in languages)
        for index, sheet in enumerate(sheets):
            _TimesheetPage(pen, form, images).draw(sheet, cover_pages + index + 1, pages, printed)
            pen.show_page()
    canvas.save()
    return pages
