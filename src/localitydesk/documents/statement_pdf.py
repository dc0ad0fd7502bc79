"""A provider's statement as PDF: bilingual, Welsh first, one line per charge.

The figures come from :func:`localitydesk.domain.charging.build_statement`;
this module only lays them out. Each line shows how its amount was reached
(hours × rate for each band, the on-costs of a cost recharge, the share
charged for a late cancellation), so a provider's finance office can check
every penny without asking.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import BinaryIO

from localitydesk.documents.layout import (
    ACCENT,
    INK,
    MUTED,
    SHADE,
    Pen,
    fit,
    new_canvas,
    resolve_languages,
    width,
    wrap,
)
from localitydesk.documents.timesheet_pdf import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, _stamp
from localitydesk.domain.charging import ChargeLine, LineKind, Statement
from localitydesk.domain.time_bands import BAND_LABELS
from localitydesk.domain.vocabulary import ChargingBasis, Role
from localitydesk.domain.wording import Wording
from localitydesk.i18n import formatting

CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True, slots=True)
class StatementDocument:
    number: str
    provider_name_cy: str
    provider_name_en: str
    period_start: date
    period_end: date
    issued_on: date
    statement: Statement
    # worker_id (as on the lines) -> the name printed.
    worker_names: Mapping[Hashable, str] = field(default_factory=dict)
    basis: ChargingBasis = ChargingBasis.RATE_CARD
    provider_address: str = ""
    issuer: str = ""
    issuer_address: str = ""
    vat_number: str = ""
    # Set on a credit note: the number of the statement it reverses, and why.
    credits_number: str = ""
    credit_reason: str = ""

    @property
    def is_credit_note(self) -> bool:
        return bool(self.credits_number)


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    w = Wording(language)
    return {
        "title": w.gettext("Statement"),
        "number": w.gettext("Statement number"),
        "credit_title": w.gettext("Credit note"),
        "credit_number": w.gettext("Credit note number"),
        "credits": w.gettext("Credits statement"),
        "reason": w.gettext("Reason"),
        "credit_continued": w.gettext("Credit note (continued)"),
        "issued": w.gettext("Date issued"),
        "period": w.gettext("Period"),
        "to": w.gettext("To"),
        "basis": w.gettext("Charging basis"),
        "date": w.gettext("Date"),
        "booking": w.gettext("Booking"),
        "worker": w.gettext("Worker"),
        "times": w.gettext("Times"),
        "hours": w.gettext("Hours"),
        "calculation": w.gettext("Calculation"),
        "amount": w.gettext("Amount"),
        "subtotal": w.gettext("Subtotal"),
        "vat": w.gettext("VAT ({rate}%)"),
        "total": w.gettext("Total"),
        "vat_number": w.gettext("VAT registration number"),
        "break": w.gettext("break {minutes} min"),
        "late": w.gettext("Late cancellation: {pct}% of the booked shift charged"),
        "on_costs_legend": w.gettext(
            "Each line is the pay for the hours plus on-costs, shown as + holiday pay % · employer National Insurance % · employer pension %."
        ),
        "no_lines": w.gettext("Nothing to charge in this period."),
        "continued": w.gettext("Statement (continued)"),
        "page": w.gettext("Page {page} of {pages}"),
        "printed": w.gettext("Printed {when}"),
    }


def _pair(languages: Sequence[str], key: str) -> list[str]:
    return [_words(language)[key] for language in languages]


def _money(amount: Decimal) -> str:
    return formatting.format_money(amount, language="en")


def _rate(rate: Decimal) -> str:
    """£24.00, or £13.2275 when the uplifted rate has more places than pence."""
    normalised = rate.normalize()
    places = max(2, -normalised.as_tuple().exponent) if normalised.as_tuple().exponent < 0 else 2
    return "£" + formatting.format_decimal(rate, language="en", places=min(places, 4))


def _pct(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# Columns: key, width, right-aligned.
_COLUMNS = (
    ("date", 54, False),
    ("booking", 70, False),
    ("worker", 92, False),
    ("times", 64, False),
    ("hours", 32, True),
    ("calculation", 144, False),
    ("amount", 55, True),
)
_SIZE = 7.6
_LEADING = 9.6


def _cells(line: ChargeLine, doc: StatementDocument, languages: tuple[str, ...]) -> list[list[tuple[str, bool]]]:
    """Each column's lines as (text, muted) for one statement line."""
    first = languages[0]
    start, end = formatting.to_local(line.starts_at), formatting.to_local(line.ends_at)
    times = [(f"{start:%H:%M}–{end:%H:%M}", False)]
    if line.break_minutes:
        times.append((_words(first)["break"].format(minutes=line.break_minutes), True))
    worker = [(doc.worker_names.get(line.worker_id, str(line.worker_id)), False)]
    worker += [(Wording(language).label(Role(line.role)), True) for language in languages[:1]]
    calculation = []
    for band in line.bands:
        label = " / ".join(Wording(language).gettext(BAND_LABELS[band.band]) for language in languages)
        uplift = f" +{_pct(band.uplift_pct)}%" if band.uplift_pct else ""
        calculation.append((f"{formatting.format_hours(band.hours, 'en')} × {_rate(band.hourly_rate)} {label}{uplift}", False))
    if line.recharge is not None:
        # Language-neutral figures; the header's legend says what they are.
        r = line.recharge
        calculation.append((f"+ {_pct(r.holiday_accrual_pct)}% · {_pct(r.employer_ni_pct)}% · {_pct(r.employer_pension_pct)}%", True))
    if line.kind == LineKind.LATE_CANCELLATION:
        for language in languages:
            calculation.append((_words(language)["late"].format(pct=_pct(line.charge_pct)), False))
    return [
        [(start.strftime("%d/%m/%Y"), False)],
        [(line.reference, False)],
        worker,
        times,
        [(formatting.format_hours(line.hours, "en"), False)],
        calculation,
        [(_money(line.amount), False)],
    ]


def _wrapped(cells: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool]]]:
    result = []
    for (_, col_w, _), lines in zip(_COLUMNS, cells, strict=True):
        wrapped = []
        for text, muted in lines:
            wrapped += [(part, muted) for part in wrap(text, _SIZE, col_w - 8)]
        result.append(wrapped)
    return result


def _row_height(wrapped: list[list[tuple[str, bool]]]) -> float:
    return max(len(lines) for lines in wrapped) * _LEADING + 6


def render_statement(doc: StatementDocument, out: str | BinaryIO, language: str = "both",
                     printed_at: datetime | None = None) -> int:
    """Write the statement to ``out``; returns the number of pages."""
    languages = resolve_languages(language)
    printed_at = printed_at or datetime.now(timezone.utc)
    rows = [_wrapped(_cells(line, doc, languages)) for line in doc.statement.lines]
    heights = [_row_height(row) for row in rows]
    totals_h = 16 * (3 if doc.statement.vat_applies else 2) + 30
    # Paginate first so every page can say "page n of m": the header is
    # measured by drawing it with a pen that draws nothing.
    header_h = _table_header(Pen(_NoCanvas()), languages, 0)
    first_top = _first_page_header(Pen(_NoCanvas()), doc, languages) + header_h
    later_top = PAGE_HEIGHT - MARGIN - 34 + header_h
    floor = MARGIN + 40
    pages: list[list[int]] = [[]]
    y = first_top
    for index, h in enumerate(heights):
        if y - h < floor:
            pages.append([])
            y = later_top
        pages[-1].append(index)
        y -= h
    if y - totals_h < floor:
        pages.append([])
    canvas = new_canvas(out, languages[0])
    canvas.setTitle(" / ".join(_pair(languages, _key(doc, "title"))) + f" {doc.number}")
    canvas.setAuthor(doc.issuer or "LocalityDesk")
    pen = Pen(canvas)
    for page_number, indexes in enumerate(pages, start=1):
        y = _first_page_header(pen, doc, languages) if page_number == 1 else _later_header(pen, doc, languages)
        if indexes or page_number == 1:
            y = _table_header(pen, languages, y)
        for index in indexes:
            y = _draw_row(pen, rows[index], y, heights[index])
        if not doc.statement.lines and page_number == 1:
            pen.paragraph(MARGIN + 4, y - 14, CONTENT_WIDTH, " / ".join(_pair(languages, "no_lines")), 9, color=MUTED)
            y -= 24
        if page_number == len(pages):
            _totals(pen, doc, languages, y - 16)
        _footer(pen, languages, page_number, len(pages), printed_at)
        pen.show_page()
    canvas.save()
    return len(pages)


class _NoCanvas:
    """Accepts every canvas call and draws nothing: for measuring a layout."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _key(doc: StatementDocument, key: str) -> str:
    """The wording for a credit note where it differs from a statement's."""
    return {"title": "credit_title", "number": "credit_number", "continued": "credit_continued"}.get(key, key) \
        if doc.is_credit_note else key


def _title(pen: Pen, languages: tuple[str, ...], key: str, y: float) -> None:
    titles = _pair(languages, key)
    pen.text(MARGIN, y, titles[0], 20, bold=True, color=ACCENT)
    if len(titles) > 1:
        pen.text(MARGIN, y - 16, titles[1], 13, color=MUTED)


def _first_page_header(pen: Pen, doc: StatementDocument, languages: tuple[str, ...]) -> float:
    top = PAGE_HEIGHT - MARGIN
    if doc.issuer:
        pen.text(MARGIN, top, doc.issuer, 8.5, bold=True, color=MUTED)
        y = top - 10
        for line in doc.issuer_address.splitlines():
            pen.text(MARGIN, y, line, 7.5, color=MUTED)
            y -= 9
    _title(pen, languages, _key(doc, "title"), top - 50)
    # Number, dates and VAT registration, boxed at the right.
    box_w, box_x = 220, PAGE_WIDTH - MARGIN - 220
    facts = [
        (_key(doc, "number"), doc.number),
        ("issued", formatting.format_date(doc.issued_on, "dd/MM/yyyy", "en")),
        ("period", f"{doc.period_start:%d/%m/%Y} – {doc.period_end:%d/%m/%Y}"),
    ]
    if doc.is_credit_note:
        facts.append(("credits", doc.credits_number))
    if doc.vat_number:
        facts.append(("vat_number", doc.vat_number))
    box_h = 12 + 22 * len(facts)
    pen.box(box_x, top + 6, box_w, box_h, fill=SHADE)
    y = top - 6
    for key, value in facts:
        y = pen.label(box_x + 8, y, _pair(languages, key), 7, max_width=box_w - 16)
        pen.text(box_x + 8, y - 1, value, 9.5, bold=key in ("number", "credit_number"))
        y -= 13
    y = min(top - 72, top + 6 - box_h) - 8
    pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
    block_top = y - 16
    y = pen.label(MARGIN, block_top, _pair(languages, "to"), 8)
    names = [doc.provider_name_cy if language == "cy" else doc.provider_name_en for language in languages]
    if len(names) == 2 and names[0] == names[1]:
        names = names[:1]
    for index, name in enumerate(names):
        pen.text(MARGIN, y - 3, name, 11.5 if index == 0 else 10, bold=index == 0, color=INK if index == 0 else MUTED)
        y -= 14
    for line in doc.provider_address.splitlines()[:4]:
        pen.text(MARGIN, y - 2, line, 8.5, color=MUTED)
        y -= 11
    basis_x = MARGIN + CONTENT_WIDTH / 2 + 10
    basis_y = pen.label(basis_x, block_top, _pair(languages, "basis"), 8)
    pen.text(basis_x, basis_y - 3, " / ".join(Wording(language).label(doc.basis) for language in languages), 10)
    basis_y -= 16
    if doc.basis == ChargingBasis.COST_RECHARGE:
        for index, text in enumerate(_pair(languages, "on_costs_legend")):
            basis_y = pen.paragraph(basis_x, basis_y, CONTENT_WIDTH / 2 - 10, text, 7.5, color=INK if index == 0 else MUTED, leading=9.5) - 2
    if doc.credit_reason:
        basis_y = pen.label(basis_x, basis_y - 4, _pair(languages, "reason"), 8)
        basis_y = pen.paragraph(basis_x, basis_y - 3, CONTENT_WIDTH / 2 - 10, doc.credit_reason, 9, leading=11)
    return min(y, basis_y) - 14


def _later_header(pen: Pen, doc: StatementDocument, languages: tuple[str, ...]) -> float:
    top = PAGE_HEIGHT - MARGIN
    titles = _pair(languages, _key(doc, "continued"))
    pen.text(MARGIN, top - 10, " / ".join(titles), 11, bold=True, color=ACCENT)
    pen.right(PAGE_WIDTH - MARGIN, top - 10, doc.number, 10, bold=True)
    pen.rule(MARGIN, top - 20, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
    return PAGE_HEIGHT - MARGIN - 34


def _table_header(pen: Pen, languages: tuple[str, ...], y: float) -> float:
    header_h = 10 + 9 * len(languages)
    pen.box(MARGIN, y, CONTENT_WIDTH, header_h, fill=SHADE)
    x = MARGIN
    for key, col_w, right in _COLUMNS:
        for index, text in enumerate(_pair(languages, key)):
            text = fit(text, 7, col_w - 8, index == 0)
            if right:
                pen.right(x + col_w - 4, y - 10 - 9 * index, text, 7, bold=index == 0, color=INK if index == 0 else MUTED)
            else:
                pen.text(x + 4, y - 10 - 9 * index, text, 7, bold=index == 0, color=INK if index == 0 else MUTED)
        x += col_w
    return y - header_h


def _draw_row(pen: Pen, row: list[list[tuple[str, bool]]], y: float, height: float) -> float:
    x = MARGIN
    for (_, col_w, right), lines in zip(_COLUMNS, row, strict=True):
        baseline = y - 10
        for text, muted in lines:
            if right:
                pen.right(x + col_w - 4, baseline, text, _SIZE, color=MUTED if muted else INK)
            else:
                pen.text(x + 4, baseline, text, _SIZE, color=MUTED if muted else INK)
            baseline -= _LEADING
        x += col_w
    y -= height
    pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN)
    return y


def _totals(pen: Pen, doc: StatementDocument, languages: tuple[str, ...], y: float) -> None:
    statement = doc.statement
    rows = [("subtotal", statement.subtotal, {})]
    if statement.vat_applies:
        rows.append(("vat", statement.vat, {"rate": _pct(statement.vat_rate_pct)}))
    rows.append(("total", statement.total, {}))
    right = PAGE_WIDTH - MARGIN
    label_x = right - 260
    for key, amount, values in rows:
        strong = key == "total"
        if strong:
            pen.rule(label_x, y + 2, right, INK, 0.9)
            y -= 12
        labels = [_words(language)[key].format(**values) for language in languages]
        pen.text(label_x, y, labels[0], 10 if strong else 9, bold=True, color=INK)
        after = label_x + width(labels[0], 10 if strong else 9, True)
        if len(labels) > 1:
            pen.text(after, y, " / " + labels[1], 10 if strong else 9, color=MUTED)
        pen.right(right - 4, y, _money(amount), 11 if strong else 9.5, bold=strong)
        y -= 16


def _footer(pen: Pen, languages: tuple[str, ...], page: int, pages: int, printed_at: datetime) -> None:
    y = MARGIN + 7
    pen.rule(MARGIN, y + 10, PAGE_WIDTH - MARGIN)
    printed = " / ".join(_words(language)["printed"].format(when=_stamp(printed_at)) for language in languages)
    numbering = " / ".join(_words(language)["page"].format(page=page, pages=pages) for language in languages)
    pen.text(MARGIN, y, printed, 6.5, color=MUTED)
    pen.right(PAGE_WIDTH - MARGIN, y, numbering, 6.5, color=MUTED)
