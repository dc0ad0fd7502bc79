"""The server's words for what is wrong with a rejected change, in the language in use.

The server answers in English, from a fixed list (``protocol.Problem``); a
coordinator reading why the server would not store a phone number should
read it in Welsh if she works in Welsh. Text the list does not hold (from a
newer server, say) is shown as it came: better English than nothing.
"""

from __future__ import annotations

import re

from localitydesk.i18n import N_, _
from localitydesk.sync.protocol import Problem

WORDING = {
    Problem.EXPECTED_TEXT: N_("should be text"),
    Problem.NUL: N_("holds a character that cannot be stored (NUL)"),
    Problem.NOT_UNICODE: N_("holds characters that are not valid Unicode"),
    Problem.EXPECTED_WHOLE_NUMBER: N_("should be a whole number"),
    Problem.OUT_OF_RANGE: N_("is out of range"),
    Problem.EXPECTED_TRUE_OR_FALSE: N_("should be yes or no"),
    Problem.EXPECTED_DECIMAL: N_("should be a decimal number"),
    Problem.EXPECTED_INSTANT: N_("should be a date and time with its offset from UTC"),
    Problem.EXPECTED_DATE: N_("should be a date"),
    Problem.EXPECTED_TIME: N_("should be a time of day"),
    Problem.EXPECTED_BASE64: N_("should be an encoded file (base64)"),
    Problem.EXPECTED_UUID: N_("should be a record id"),
    Problem.NOT_A_CODE: N_("is not one of the allowed values"),
    Problem.TOO_DEEP: N_("is nested too deeply"),
    Problem.NOT_FINITE: N_("is not a finite number"),
    Problem.NOT_JSON: N_("is not a value the server can store"),
    Problem.NO_SUCH_FIELD: N_("the server has no such field"),
    Problem.EMPTY: N_("may not be empty"),
    Problem.NOT_THE_CHANGES_RECORD: N_("does not match the record changed"),
    Problem.INSERT_NOT_ON_VERSION_0: N_("a new record must start from version 0"),
    Problem.EDIT_ON_VERSION_0: N_("an edit must start from version 1 or later"),
    Problem.CANNOT_CHANGE: N_("cannot be changed"),
    Problem.CHANGED_BUT_MISSING: N_("marked as changed but not sent"),
    Problem.NO_SUCH_RECORD: N_("The server has no such record in this locality."),
}

_TOO_LONG = re.compile(re.escape(Problem.TOO_LONG).replace(re.escape("{limit}"), r"(\d+)"))


def problem_text(problem: str) -> str:
    """What the server said, in the language in use when it is one of its known phrases."""
    known = WORDING.get(problem)
    if known is not None:
        return _(known)
    if match := _TOO_LONG.fullmatch(problem):
        return _("longer than {limit} characters").format(limit=match.group(1))
    return problem
