"""The current language and the gettext lookups that follow it."""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .pseudo import pseudolocalise

DOMAIN = "localitydesk"
# "pseudo" is English stretched and accented, for finding truncated layouts.
LANGUAGES = ("cy", "en", "pseudo")
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _catalogue_dir() -> Path:
    from localitydesk.paths import resource

    return resource("i18n")


@lru_cache(maxsize=None)
def translations_for(language: str) -> gettext.NullTranslations:
    """The catalogue for one language; English is the source, so it is empty.

    A compiled .mo is used when present. A source checkout that has not run
    ``make translations`` yet still gets Welsh: the .po is compiled in memory.
    """
    if language not in ("cy",):
        return gettext.NullTranslations()
    folder = _catalogue_dir() / language / "LC_MESSAGES"
    mo_path = folder / f"{DOMAIN}.mo"
    po_path = folder / f"{DOMAIN}.po"
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_path.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def current_language() -> str:
    return _language


def set_language(language: str) -> None:
    """Switch every later lookup to ``language`` and tell the listeners."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    with _lock:
        changed = language != _language
        _language = language
        listeners = list(_listeners)
    if changed:
        for listener in listeners:
            listener(language)


def add_language_listener(listener: Callable[[str], None]) -> None:
    with _lock:
        _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def _finish(text: str, language: str) -> str:
    return pseudolocalise(text) if language == "pseudo" else text


def translate_in(language: str, message: str) -> str:
    """``message`` in a given language, whatever the UI shows (for documents)."""
    return _finish(translations_for(language).gettext(message), language)


def bilingual(message: str, **values) -> str:
    """A message in Welsh and then English, for words that must reach the user
    whatever language is set (errors before the UI has a language, documents)."""
    return "\n\n".join(translate_in(language, message).format(**values) for language in ("cy", "en"))


def _(message: str) -> str:
    language = _language
    return _finish(translations_for(language).gettext(message), language)


def ngettext(singular: str, plural: str, n: int) -> str:
    language = _language
    return _finish(translations_for(language).ngettext(singular, plural, n), language)


def pgettext(context: str, message: str) -> str:
    language = _language
    return _finish(translations_for(language).pgettext(context, message), language)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    language = _language
    return _finish(translations_for(language).npgettext(context, singular, plural, n), language)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet.

    Used for tables of labels defined at import time; the caller passes the
    stored English text through ``_`` when it is shown.
    """
    return message
