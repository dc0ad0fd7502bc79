"""Records to and from spreadsheets (CSV and XLSX): the pieces every import
and export shares — cell parsers, file reading and writing, list-cell
escaping, header checks and the reports."""

from .cells import CellError
from .files import Table, file_kind, read_table, write_table
from .report import HEADER_ROW, ExportReport, ImportProblem, ImportReport

__all__ = [
    "HEADER_ROW", "CellError", "ExportReport", "ImportProblem", "ImportReport", "Table",
    "file_kind", "read_table", "write_table",
]
