"""argparse's own words ("usage:", "options", "error:") in the user's language.

argparse looks its messages up through the module-level ``_`` and
``ngettext`` it imported from :mod:`gettext`, at the moment it prints them.
:func:`speak_our_language` points both at our catalogue, under the context
``argparse`` so these short words never collide with the app's own. The
messages are listed in :func:`_mark_for_extraction` (never called) so Babel
puts them in the catalogue and the build fails if one lacks Welsh.
"""

from __future__ import annotations

import argparse

from localitydesk.i18n import npgettext, pgettext

CONTEXT = "argparse"


def speak_our_language() -> None:
    """Route argparse's messages through our catalogue in the current language."""
    argparse._ = lambda message: pgettext(CONTEXT, message) if message else message
    argparse.ngettext = lambda singular, plural, n: npgettext(CONTEXT, singular, plural, n)


def _mark_for_extraction() -> None:  # pragma: no cover - read by Babel only
    pgettext("argparse", "usage: ")
    pgettext("argparse", "positional arguments")
    pgettext("argparse", "options")
    pgettext("argparse", "show this help message and exit")
    pgettext("argparse", "%(prog)s: error: %(message)s\n")
    pgettext("argparse", "argument %(argument_name)s: %(message)s")
    pgettext("argparse", "the following arguments are required: %s")
    pgettext("argparse", "one of the arguments %s is required")
    pgettext("argparse", "unrecognized arguments: %s")
    pgettext("argparse", "not allowed with argument %s")
    pgettext("argparse", "ignored explicit argument %r")
    pgettext("argparse", "expected one argument")
    pgettext("argparse", "expected at most one argument")
    pgettext("argparse", "expected at least one argument")
    npgettext("argparse", "expected %s argument", "expected %s arguments", 2)
    pgettext("argparse", "ambiguous option: %(option)s could match %(matches)s")
    pgettext("argparse", "invalid %(type)s value: %(value)r")
    pgettext("argparse", "invalid choice: %(value)r (choose from %(choices)s)")
    pgettext("argparse", "can't open '%(filename)s': %(error)s")
    pgettext("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)")
