"""Pseudo-localisation: English made longer and accented.

Welsh often runs a third longer than English; this mode stretches every string
by about 40% so that a layout which would truncate Welsh shows it in English
too, and the brackets show where a string has been cut off or concatenated.
Placeholders ({name}, %(name)s, %s, &-mnemonics) are kept intact so the
stretched text still formats.
"""

from __future__ import annotations

import re

_ACCENTS = str.maketrans(
    "aeiouyAEIOUYcnwCNW",
    "âêîôûŷÂÊÎÔÛŶçñŵÇÑŴ",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|%\([^)]*\)[sdifr]|%[sdifr]|<[^>]*>)")


def pseudolocalise(text: str) -> str:
    if not text:
        return text
    parts = _PLACEHOLDER.split(text)
    out = []
    for index, part in enumerate(parts):
        out.append(part if index % 2 else part.translate(_ACCENTS))
    body = "".join(out)
    letters = sum(ch.isalpha() for ch in text)
    padding = "·" * max(1, round(letters * 0.4))
    return f"⟦{body}{padding}⟧"
