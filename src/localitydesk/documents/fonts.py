"""The bundled TrueType family every document is set in.

reportlab's built-in Helvetica has no ŵ or ŷ and draws a black box instead,
so documents use DejaVu Sans from ``resources/fonts/`` (licence beside it).
reportlab embeds a TrueType font as a subset of the glyphs used, so every
PDF carries its own letters and prints the same on any machine.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from localitydesk.paths import resource

REGULAR = "LocalityDesk-Sans"
BOLD = "LocalityDesk-Sans-Bold"

_lock = threading.Lock()
_registered = False


def register_fonts() -> tuple[str, str]:
    """Register the family once per process; returns (regular, bold) names."""
    global _registered
    with _lock:
        if not _registered:
            pdfmetrics.registerFont(TTFont(REGULAR, str(resource("fonts", "DejaVuSans.ttf"))))
            pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
            # <b> in Paragraph markup and the family's bold/italic lookups land on
            # our faces (DejaVu Sans has no italic here; italic maps to upright).
            for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
                addMapping(REGULAR, bold, italic, name)
            _registered = True
    return REGULAR, BOLD
