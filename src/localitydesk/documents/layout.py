"""Drawing bilingual text on a reportlab canvas: the shared pen of every document.

Documents are drawn straight onto the canvas rather than through platypus
flowables: a timesheet is a fixed form, and a week's batch runs to a
thousand pages, where building and measuring flowables would cost more than
drawing. Bilingual text is always ordered Welsh then English: on one line as
"Cymraeg / English" with the English lighter, or as a Welsh paragraph above
its English one, so a reader meets the Welsh first.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from localitydesk.documents.fonts import BOLD, REGULAR, register_fonts

INK = Color(0.10, 0.10, 0.12)
MUTED = Color(0.36, 0.38, 0.42)
RULE = Color(0.70, 0.72, 0.76)
SHADE = Color(0.94, 0.95, 0.96)
ACCENT = Color(0.00, 0.37, 0.45)  # a dark teal; reads as a heading in greyscale too

BOTH = ("cy", "en")


def resolve_languages(language: str) -> tuple[str, ...]:
    """'both' (Welsh first), 'cy' or 'en' -> the languages in reading order."""
    if language == "both":
        return BOTH
    if language in ("cy", "en", "pseudo"):
        return (language,)
    raise ValueError(f"unknown document language {language!r}; expected cy, en or both")


def new_canvas(out, language: str, pagesize=None) -> Canvas:
    """A compressed A4 canvas set in our font from its first operator.

    reportlab starts every page in Helvetica; naming our font as the initial
    one keeps any base-14 font (which has no ŵ or ŷ) out of the PDF entirely.
    The document language helps screen readers pick Welsh or English voices.
    """
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4

    # Compressed streams are written as binary rather than ASCII base-85:
    # a fifth smaller, and base-85 in pure Python is a tenth of a batch's
    # time. Every PDF reader handles binary streams; the setting is
    # reportlab's own documented switch (process-wide, harmless to others).
    rl_config.useA85 = 0
    register_fonts()
    return Canvas(out, pagesize=pagesize or A4, pageCompression=1, lang=language, initialFontName=REGULAR, initialFontSize=9)


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    register_fonts()  # measuring may come before any canvas exists; cached after the first call
    return stringWidth(text, font, size)


def width(text: str, size: float, bold: bool = False) -> float:
    return _width(text, BOLD if bold else REGULAR, size)


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``max_width``; explicit newlines kept.
    A word longer than the line (a hash, a URL) is broken by characters."""
    font = BOLD if bold else REGULAR
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if _width(candidate, font, size) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while _width(word, font, size) > max_width:
                cut = len(word)
                while cut > 1 and _width(word[:cut], font, size) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def fit(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit one line (tables only)."""
    if width(text, size, bold) <= max_width:
        return text
    # The longest prefix that fits with its ellipsis, by bisection: a long
    # provider name would otherwise be measured once per character dropped.
    font = BOLD if bold else REGULAR
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


class Pen:
    """A canvas with our fonts and colours, drawing from the top of the page down.

    It remembers the font and fill colour it last set, and sets them only when
    they change: on a batch of a thousand pages the repeated ``setFillColor``
    calls cost more than the text. Call :meth:`show_page` (not the canvas's
    ``showPage``) and :meth:`forget` after ``beginForm``/``endForm``, where
    the PDF graphics state starts afresh.
    """

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self._font: tuple[str, float] | None = None
        self._fill: Color | None = None

    def forget(self) -> None:
        self._font = None
        self._fill = None

    def show_page(self) -> None:
        self.canvas.showPage()
        self.forget()

    def _use(self, bold: bool, size: float, color: Color) -> None:
        font = (BOLD if bold else REGULAR, size)
        if font != self._font:
            self.canvas.setFont(*font)
            self._font = font
        if color is not self._fill:
            self.canvas.setFillColor(color)
            self._fill = color

    def text(self, x: float, y: float, text: str, size: float = 9, bold: bool = False, color: Color = INK) -> None:
        """Draw one line with its baseline at ``y``."""
        self._use(bold, size, color)
        self.canvas.drawString(x, y, text)

    def text_to(self, x: float, y: float, text: str, size: float = 9, bold: bool = False, color: Color = INK) -> float:
        """Draw one line and return the x after it (measuring costs as much as drawing, so only on request)."""
        self.text(x, y, text, size, bold, color)
        return x + width(text, size, bold)

    def right(self, x: float, y: float, text: str, size: float = 9, bold: bool = False, color: Color = INK) -> None:
        self._use(bold, size, color)
        self.canvas.drawRightString(x, y, text)

    def label(self, x: float, y: float, texts: Sequence[str], size: float = 7.5, max_width: float | None = None) -> float:
        """A field label in reading order: 'Gweithiwr / Worker' (Welsh bold, English
        muted). Returns the y of the line below; when the pair does not fit on
        one line the English goes beneath."""
        first, *rest = texts
        if not rest:
            self.text(x, y, first, size, bold=True, color=MUTED)
            return y - size * 1.35
        joined = width(first, size, True) + width(" / " + rest[0], size)
        if max_width is None or joined <= max_width:
            after = self.text_to(x, y, first, size, bold=True, color=MUTED)
            self.text(after, y, " / " + rest[0], size, color=MUTED)
            return y - size * 1.35
        self.text(x, y, first, size, bold=True, color=MUTED)
        self.text(x, y - size * 1.25, rest[0], size, color=MUTED)
        return y - size * 2.6

    def paragraph(
        self,
        x: float,
        y: float,
        max_width: float,
        text: str,
        size: float = 9,
        bold: bool = False,
        color: Color = INK,
        leading: float | None = None,
        max_lines: int | None = None,
    ) -> float:
        """Wrapped text from baseline ``y``; returns the baseline after the last line."""
        leading = leading or size * 1.3
        lines = wrap(text, size, max_width, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = fit(lines[-1] + "…", size, max_width, bold)
        for line in lines:
            self.text(x, y, line, size, bold, color)
            y -= leading
        return y

    def rule(self, x1: float, y: float, x2: float, color: Color = RULE, line_width: float = 0.6) -> None:
        canvas = self.canvas
        canvas.setStrokeColor(color)
        canvas.setLineWidth(line_width)
        canvas.line(x1, y, x2, y)

    def box(self, x: float, y_top: float, w: float, h: float, fill: Color | None = None, stroke: Color = RULE) -> None:
        canvas = self.canvas
        canvas.setStrokeColor(stroke)
        canvas.setLineWidth(0.6)
        if fill is not None and fill is not self._fill:
            canvas.setFillColor(fill)
            self._fill = fill
        canvas.rect(x, y_top - h, w, h, stroke=1, fill=1 if fill is not None else 0)
