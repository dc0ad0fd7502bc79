"""Checking a file's header row against the column codes a kind of record has."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from localitydesk.i18n import _

from .cells import as_text
from .report import HEADER_ROW, ImportProblem, ImportReport


def check_headers(headers: list[str], known: Collection[str], report: ImportReport) -> list[str | None]:
    """Column code for each position (None for an empty header), reporting
    unknown, repeated and missing headers on the report."""
    codes: list[str | None] = []
    seen: set[str] = set()
    for header in headers:
        code = as_text(header).strip().casefold()
        if not code:
            codes.append(None)
            continue
        if code not in known:
            report.errors.append(
                ImportProblem(HEADER_ROW, as_text(header).strip(), _("LocalityDesk has no column with this name."))
            )
        elif code in seen:
            report.errors.append(ImportProblem(HEADER_ROW, code, _("This column appears twice.")))
        seen.add(code)
        codes.append(code)
    if not headers:
        report.errors.append(ImportProblem(HEADER_ROW, "", _("The file is empty.")))
    return codes


def unheaded_value(position: int, value: Any) -> str | None:
    """The problem with a value under an empty header, if there is a value."""
    if as_text(value).strip():
        return _("There is a value in column {position}, which has no header.").format(position=position + 1)
    return None
