"""What an import or export says it did: the same shape for every kind of record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HEADER_ROW = 1


class ImportProblem(NamedTuple):
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header code, or "" for the file as a whole
    message: str  # in the UI language


@dataclass
class ImportReport:
    path: Path
    dry_run: bool
    valid_only: bool
    rows_read: int = 0
    rows_ok: int = 0
    created: int = 0  # of the valid rows: added (or, in a dry run, would be)
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def rows_with_errors(self) -> int:
        return len({problem.row for problem in self.errors if problem.row > HEADER_ROW})

    @property
    def refused(self) -> bool:
        """Problems stopped a real import: nothing was written."""
        return bool(self.errors) and not self.written and not self.dry_run


@dataclass(frozen=True)
class ExportReport:
    path: Path
    rows: int  # records written, one row each
