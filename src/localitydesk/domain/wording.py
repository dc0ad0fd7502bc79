"""Words for rule explanations in a chosen language, whatever the UI shows.

Breaches and match reasons are described in the UI language, but a
confirmation or a CLI call with ``--lang`` may ask for the other one, so the
domain never depends on the global language alone. ``Wording`` binds one
language; its ``gettext``/``ngettext`` names are the ones the catalogue
extractor looks for, so messages written as ``w.gettext("...")`` are extracted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from localitydesk.i18n import current_language, translate_in
from localitydesk.i18n import formatting
from localitydesk.i18n.pseudo import pseudolocalise
from localitydesk.i18n.runtime import translations_for
from localitydesk.domain import vocabulary


# Welsh day names inside a sentence: "dydd Iau", not "Dydd Iau", and softly
# mutated where a preposition or a time adverbial asks for it ("o ddydd Iau
# tan ddydd Gwener", "yn dod i ben ddydd Iau"). Babel gives the heading form.
_DAY_MID_SENTENCE = re.compile(r"(?<=[^.!?\s] )Dydd ")
_DAY_SOFT_MUTATION = re.compile(r"\b(o|tan|ar|ben) dydd ")


def welsh_running_text(text: str) -> str:
    """A Welsh sentence with its day names as a Welsh reader expects them."""
    return _DAY_SOFT_MUTATION.sub(r"\1 ddydd ", _DAY_MID_SENTENCE.sub("dydd ", text))


class Wording:
    __slots__ = ("language",)

    def __init__(self, language: str | None = None):
        self.language = language or current_language()

    def sentence(self, text: str) -> str:
        """A finished sentence, with Welsh day names mutated as the grammar asks."""
        return welsh_running_text(text) if self.language == "cy" else text

    def gettext(self, message: str) -> str:
        return translate_in(self.language, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = translations_for(self.language).ngettext(singular, plural, n)
        return pseudolocalise(text) if self.language == "pseudo" else text

    # -- figures ---------------------------------------------------------

    def duration(self, seconds: float) -> str:
        """'10 h 59 min' / '11 h': rest and break lengths read best in h and min."""
        minutes = int(round(seconds / 60))
        hours, minutes = divmod(minutes, 60)
        if minutes == 0:
            return self.gettext("{hours} h").format(hours=hours)
        if hours == 0:
            return self.gettext("{minutes} min").format(minutes=minutes)
        return self.gettext("{hours} h {minutes} min").format(hours=hours, minutes=minutes)

    def hours(self, hours: float) -> str:
        """'48', '48.5' — averages and totals, one decimal place when not whole."""
        rounded = round(hours, 1)
        places = 0 if rounded == int(rounded) else 1
        return formatting.format_decimal(rounded, language=self.language, places=places)

    def km(self, km: float) -> str:
        return formatting.format_decimal(round(km), language=self.language, places=0)

    def when(self, instant: datetime | int) -> str:
        """An instant as a London wall-clock day and time: 'Monday 3 March 20:00'.

        Full names: abbreviated, Welsh Tuesday and March are both 'Maw'.
        """
        return formatting.format_datetime(_as_datetime(instant), "EEEE d MMMM HH:mm", language=self.language)

    def day(self, value: date | datetime | int) -> str:
        if isinstance(value, int):
            value = _as_datetime(value)
        return formatting.format_date(value, "EEEE d MMMM yyyy", language=self.language)

    def level(self, level: int) -> str:
        """A Welsh level's name ('Uwch' / 'Advanced') in this wording's language."""
        if self.language == current_language():
            return vocabulary.welsh_level_label(level)
        # vocabulary.label() follows the UI language; for another language we
        # translate the same English source label it would have used.
        return self.gettext(vocabulary._LABELS[(vocabulary.WelshLevel, vocabulary.WelshLevel(level))])

    def label(self, value) -> str:
        if self.language == current_language():
            return vocabulary.label(value)
        return self.gettext(vocabulary._LABELS[(type(value), value)])


def _as_datetime(instant: datetime | int) -> datetime:
    if isinstance(instant, datetime):
        return instant
    return datetime.fromtimestamp(instant, tz=timezone.utc)
