"""Translation for every user-visible word.

Import explicitly::

    from localitydesk.i18n import _, ngettext, pgettext

``_`` looks the message up in the *current* language each time it is called,
so text built after :func:`set_language` is already in the new language;
widgets showing older text re-read it on ``language_changed`` (see
``localitydesk.i18n.qt_bridge``).
"""

from .runtime import (
    LANGUAGES,
    N_,
    _,
    add_language_listener,
    bilingual,
    current_language,
    ngettext,
    npgettext,
    pgettext,
    remove_language_listener,
    set_language,
    translate_in,
)

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "add_language_listener",
    "bilingual",
    "current_language",
    "ngettext",
    "npgettext",
    "pgettext",
    "remove_language_listener",
    "set_language",
    "translate_in",
]
