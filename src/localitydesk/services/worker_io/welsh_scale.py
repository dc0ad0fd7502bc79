"""Reading a Welsh level written on someone else's scale.

LocalityDesk keeps each skill on 0–5 (Dim/None … Hyfedr/Proficient), the
scale NHS Wales' ESR and the Welsh for Adults levels share. Employers' files
come in three shapes, chosen on import with ``--welsh-scale``:

``0-5`` (the default)
    Our own scale: 0–5, or a level's name in English or Welsh
    ("Intermediate", "Canolradd").

``1-5``
    The five-point self-assessment many employers' forms use, where 1 is
    "no Welsh / a few words" and 5 is "fluent". It is stretched over our six
    points and rounded half up: 1→0, 2→1 (Entry), 3→3 (Intermediate), 4→4
    (Advanced), 5→5 (Proficient). "Can hold a conversation" sits at 3 on
    both scales, which is why Foundation (2) has no counterpart.

``cefr``
    The Common European Framework, as Learn Welsh (Dysgu Cymraeg) aligns its
    courses: A1→1 Mynediad/Entry, A2→2 Sylfaen/Foundation, B1→3
    Canolradd/Intermediate, B2→4 Uwch/Advanced, C1 and C2→5
    Hyfedredd/Proficient. "none" or 0 means no Welsh.

On every scale an empty cell means no Welsh (0).
"""

from __future__ import annotations

from enum import StrEnum

from localitydesk.i18n import _

from localitydesk.services.tabular.cells import CellError, as_text


class WelshScale(StrEnum):
    NATIVE = "0-5"
    FIVE_POINT = "1-5"
    CEFR = "cefr"


FIVE_POINT_TO_LEVEL = {1: 0, 2: 1, 3: 3, 4: 4, 5: 5}
CEFR_TO_LEVEL = {"a1": 1, "a2": 2, "b1": 3, "b2": 4, "c1": 5, "c2": 5}
# Level names in both languages, as the app shows them.
LEVEL_NAMES = {
    "none": 0, "dim": 0,
    "entry": 1, "mynediad": 1,
    "foundation": 2, "sylfaen": 2,
    "intermediate": 3, "canolradd": 3,
    "advanced": 4, "uwch": 4,
    "proficient": 5, "hyfedr": 5, "hyfedredd": 5,
}


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = as_text(value)
    return int(text) if text.lstrip("-").isdigit() else None


def parse_level(value, scale: WelshScale) -> int:
    """The 0–5 level for a cell, or CellError saying why it is not one."""
    text = as_text(value).strip()
    if not text:
        return 0
    number = _whole_number(value)
    if scale == WelshScale.NATIVE:
        if number is None:
            named = LEVEL_NAMES.get(text.casefold())
            if named is not None:
                return named
        elif 0 <= number <= 5:
            return number
        raise CellError(_("“{value}” is not a Welsh level: use 0 (None) to 5 (Proficient).").format(value=text))
    if scale == WelshScale.FIVE_POINT:
        if number in FIVE_POINT_TO_LEVEL:
            return FIVE_POINT_TO_LEVEL[number]
        raise CellError(_("“{value}” is not on the 1–5 scale: use a whole number from 1 to 5.").format(value=text))
    key = text.casefold().replace(" ", "")
    if key in CEFR_TO_LEVEL:
        return CEFR_TO_LEVEL[key]
    if key in ("0", "none", "dim"):
        return 0
    raise CellError(_("“{value}” is not a CEFR level: use A1, A2, B1, B2, C1 or C2.").format(value=text))
