"""Welsh alphabetical order.

In Welsh, ch, dd, ff, ng, ll, ph, rh and th are single letters of the alphabet
(a b c ch d dd e f ff g ng h i j l ll m n o p ph r rh s t th u w y), so
"Chris" sorts after "Cyril" and "Llinos" after "Lowri". Accents do not change
a letter's place; they only break ties. ``sort_key`` picks the rule for the UI
language: Welsh collation in Cymraeg, plain accent-blind order in English.
"""

from __future__ import annotations

import unicodedata

from .runtime import current_language

_WELSH_ALPHABET = [
    "a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "k", "l", "ll",
    "m", "n", "o", "p", "ph", "q", "r", "rh", "s", "t", "th", "u", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {letter: index for index, letter in enumerate(_WELSH_ALPHABET)}
_DIGRAPHS = {letter for letter in _WELSH_ALPHABET if len(letter) == 2}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def welsh_sort_key(text: str) -> tuple:
    folded = _fold(text)
    primary: list[tuple[int, int | str]] = []
    index = 0
    while index < len(folded):
        pair = folded[index : index + 2]
        if pair in _DIGRAPHS:
            primary.append((1, _RANK[pair]))
            index += 2
            continue
        ch = folded[index]
        if ch in _RANK:
            primary.append((1, _RANK[ch]))
        elif ch.isdigit():
            primary.append((0, ch))
        elif ch.isspace() or ch in "-'’.":
            primary.append((-1, 0))
        else:
            primary.append((2, ch))
        index += 1
    return (tuple(primary), text.casefold(), text)


def english_sort_key(text: str) -> tuple:
    return (_fold(text), text.casefold(), text)


def sort_key(text: str, language: str | None = None):
    """The key for ordering names in the given (or current) UI language."""
    return welsh_sort_key(text) if (language or current_language()) == "cy" else english_sort_key(text)
