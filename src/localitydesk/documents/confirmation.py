"""A booking confirmation for the worker, in their preferred language.

A confirmation goes to one person, so it is in one language (DESIGN:
"Bilingual, Welsh first"): the worker's ``preferred_language``. It comes as
a one-page PDF to print or attach, as a short text for a text message, and
as a longer plain text for an email. Text keeps Welsh letters as themselves
(ŵ, ŷ, â); a text message gateway that cannot send them must switch to
UCS-2, never strip the accents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import BinaryIO

from localitydesk.documents.layout import ACCENT, INK, MUTED, SHADE, Pen, new_canvas, resolve_languages, wrap
from localitydesk.documents.timesheet_pdf import CONTENT_WIDTH, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, _stamp
from localitydesk.domain.time_bands import crosses_clock_change
from localitydesk.domain.vocabulary import BookingKind, Role
from localitydesk.domain.wording import Wording
from localitydesk.i18n import formatting


@dataclass(frozen=True, slots=True)
class BookingConfirmation:
    language: str  # the worker's preferred language, "cy" or "en"
    reference: str
    worker_name: str
    provider_name_cy: str
    provider_name_en: str
    role: Role | str
    starts_at: datetime
    ends_at: datetime
    break_minutes: int = 0
    setting: str = ""
    address: str = ""
    booking_kind: BookingKind = BookingKind.BANK
    # The Active Offer: the people supported here want care in Welsh.
    welsh_essential: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    office_phone: str = ""
    notes: str = ""
    issuer: str = ""

    @property
    def provider_name(self) -> str:
        return self.provider_name_cy if self.language == "cy" else self.provider_name_en


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    w = Wording(language)
    return {
        "title": w.gettext("Booking confirmation"),
        "short": w.gettext("Booking {reference} confirmed. {day}, {start}–{finish}. Where: {place}. Role: {role}."),
        "greeting": w.gettext("Dear {name},"),
        "intro": w.gettext("This confirms your booking:"),
        "booking": w.gettext("Booking"),
        "day": w.gettext("Day"),
        "start": w.gettext("Start"),
        "finish": w.gettext("Finish"),
        "break": w.gettext("Unpaid break"),
        "minutes": w.gettext("{minutes} min"),
        "none": w.gettext("None"),
        "role": w.gettext("Role"),
        "where": w.gettext("Where"),
        "contact": w.gettext("Contact on arrival"),
        "notes": w.gettext("Notes"),
        "shadow": w.gettext("This is a shadow shift: you will work alongside an experienced colleague."),
        "clock_change": w.gettext("The clocks change during this shift: you are paid for the real hours worked."),
        "welsh": w.gettext("The people supported here prefer Welsh: please speak Welsh with them."),
        "cannot_attend": w.gettext("If you cannot go, phone {phone} as soon as you can."),
        "cannot_attend_no_phone": w.gettext("If you cannot go, tell the locality office as soon as you can."),
        "thanks": w.gettext("Thank you."),
        "printed": w.gettext("Printed {when}"),
    }


def _facts(confirmation: BookingConfirmation) -> list[tuple[str, str]]:
    """The booking's details as (label, value) in the confirmation's language."""
    language = confirmation.language
    words, w = _words(language), Wording(language)
    start, end = formatting.to_local(confirmation.starts_at), formatting.to_local(confirmation.ends_at)
    finish = f"{end:%H:%M}" if end.date() == start.date() else f"{w.day(end.date())} {end:%H:%M}"
    place = ", ".join(part for part in (confirmation.provider_name, confirmation.setting) if part)
    facts = [
        (words["booking"], confirmation.reference),
        (words["day"], w.day(start.date())),
        (words["start"], f"{start:%H:%M}"),
        (words["finish"], finish),
        (words["break"], words["minutes"].format(minutes=confirmation.break_minutes) if confirmation.break_minutes else words["none"]),
        (words["role"], w.label(Role(confirmation.role))),
        (words["where"], place),
    ]
    if confirmation.address:
        facts.append(("", confirmation.address.replace("\n", ", ")))
    if confirmation.contact_name or confirmation.contact_phone:
        facts.append((words["contact"], " ".join(p for p in (confirmation.contact_name, confirmation.contact_phone) if p)))
    if confirmation.notes:
        facts.append((words["notes"], confirmation.notes))
    return facts


def _advice(confirmation: BookingConfirmation) -> list[str]:
    words = _words(confirmation.language)
    advice = []
    if confirmation.booking_kind == BookingKind.SHADOW:
        advice.append(words["shadow"])
    if confirmation.welsh_essential:
        advice.append(words["welsh"])
    if crosses_clock_change(confirmation.starts_at, confirmation.ends_at):
        advice.append(words["clock_change"])
    if confirmation.office_phone:
        advice.append(words["cannot_attend"].format(phone=confirmation.office_phone))
    else:
        advice.append(words["cannot_attend_no_phone"])
    return advice


def confirmation_sms(confirmation: BookingConfirmation) -> str:
    """One short paragraph for a text message."""
    language = confirmation.language
    start, end = formatting.to_local(confirmation.starts_at), formatting.to_local(confirmation.ends_at)
    text = _words(language)["short"].format(
        reference=confirmation.reference,
        day=Wording(language).day(start.date()),
        start=f"{start:%H:%M}",
        finish=f"{end:%H:%M}",
        place=confirmation.provider_name,
        role=Wording(language).label(Role(confirmation.role)),
    )
    return f"{confirmation.issuer}: {text}" if confirmation.issuer else text


def confirmation_text(confirmation: BookingConfirmation) -> str:
    """The full confirmation as plain text, for an email."""
    words = _words(confirmation.language)
    facts = _facts(confirmation)
    lines = [words["greeting"].format(name=confirmation.worker_name), "", words["intro"], ""]
    # "Label: value", never padded into columns: a mail client shows it in a
    # proportional font, where spaces line nothing up.
    lines += [f"{label}: {value}" if label else f"  {value}" for label, value in facts]
    lines += ["", *_advice(confirmation), "", words["thanks"]]
    if confirmation.issuer:
        lines.append(confirmation.issuer)
    return "\n".join(lines) + "\n"


def render_confirmation(confirmation: BookingConfirmation, out: str | BinaryIO, printed_at: datetime | None = None) -> int:
    """The confirmation as a one-page PDF in the worker's language; returns 1."""
    (language,) = resolve_languages(confirmation.language)
    words = _words(language)
    canvas = new_canvas(out, language)
    canvas.setTitle(f"{words['title']} {confirmation.reference}")
    canvas.setAuthor(confirmation.issuer or "LocalityDesk")
    pen = Pen(canvas)
    top = PAGE_HEIGHT - MARGIN
    if confirmation.issuer:
        pen.text(MARGIN, top, confirmation.issuer, 8.5, color=MUTED)
    pen.text(MARGIN, top - 26, words["title"], 20, bold=True, color=ACCENT)
    y = top - 40
    pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, ACCENT, 1.2)
    y -= 24
    pen.text(MARGIN, y, words["greeting"].format(name=confirmation.worker_name), 11)
    y -= 18
    pen.text(MARGIN, y, words["intro"], 11)
    y -= 20
    facts = _facts(confirmation)
    label_w, size, leading, gap = 142, 11, 14.3, 7
    value_w = CONTENT_WIDTH - label_w - 20
    # Measure first so the shaded panel fits the details exactly.
    rows_h = sum(len(wrap(value, size, value_w)) * leading + gap for _, value in facts)
    pen.box(MARGIN, y + 4, CONTENT_WIDTH, rows_h + 14, fill=SHADE)
    y -= 12
    for label, value in facts:
        if label:
            pen.text(MARGIN + 10, y, label, 9.5, bold=True, color=MUTED)
        y = pen.paragraph(MARGIN + 10 + label_w, y, value_w, value, size, bold=label == words["booking"],
                          leading=leading) - gap
    y -= 22
    advice = _advice(confirmation)
    for index, text in enumerate(advice):
        # Everything but the closing "if you cannot go" line is something to act on: in the accent colour.
        y = pen.paragraph(MARGIN, y, CONTENT_WIDTH, text, 10.5, color=ACCENT if index < len(advice) - 1 else INK) - 8
    y -= 8
    pen.text(MARGIN, y, words["thanks"], 10.5)
    printed_at = printed_at or datetime.now(timezone.utc)
    pen.text(MARGIN, MARGIN, words["printed"].format(when=_stamp(printed_at)), 6.5, color=MUTED)
    pen.show_page()
    canvas.save()
    return 1
