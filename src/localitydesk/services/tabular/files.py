"""Reading and writing a table of cells as CSV or XLSX, chosen by extension.

CSV is written as UTF-8 with a byte-order mark: without it Excel on Windows
opens the file as Windows-1252 and Siân, Llŷr and Tŷ Gwyn come out as
mojibake. XLSX goes through openpyxl; text cells stay text even when they
start with '=' (a note is never turned into a formula), dates are date cells.

XML cannot carry a carriage return (a reader turns it into a line feed) or
most control characters at all, so text in XLSX uses the escape Excel itself
uses: ``_x000D_`` for a carriage return, and ``_x005F_`` for an underscore
that would otherwise start such an escape. Both are undone on reading, so notes come back as
they were.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from localitydesk.i18n import _
from localitydesk.services.errors import ServiceError
from localitydesk.services.written_files import replaced_when_complete

DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


def file_kind(path: Path) -> str:
    suffix = path.suffix.casefold()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise ServiceError(
        _("{file}: LocalityDesk reads and writes only .csv or .xlsx files.").format(file=path.name)
    )


def read_table(path: Path, sheet: str = "") -> Table:
    """The first row as headers, then every non-blank row. In a workbook, the
    sheet called ``sheet`` when there is one, else the first."""
    kind = file_kind(path)
    if not path.is_file():
        raise ServiceError(_("{file} does not exist.").format(file=path))
    return _read_csv(path) if kind == "csv" else _read_xlsx(path, sheet)


def write_table(path: Path, headers: list[str], rows: list[list[Any]], sheet: str = "Sheet1") -> None:
    kind = file_kind(path)
    # Written beside the target and moved into place: a failed export never
    # leaves half a file where the last good one was.
    try:
        with replaced_when_complete(path) as partial:
            if kind == "csv":
                _write_csv(partial, headers, rows)
            else:
                _write_xlsx(partial, headers, rows, sheet)
    except OSError as error:
        raise ServiceError(_("{file} could not be written: {reason}").format(file=path, reason=error.strerror or error)) from error


# An underscore that would start an escape, or a character XML cannot hold.
_NEEDS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)


def excel_unescape(text: str) -> str:
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _read_csv(path: Path) -> Table:
    try:
        # newline="" as the csv module asks: line breaks inside quoted cells
        # (a note over several lines) are kept exactly.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise ServiceError(
            _("{file} is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”.").format(file=path.name)
        ) from None
    first = text.split("\n", 1)[0]
    # Excel set to a European locale writes ';' between fields.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ServiceError(_("{file} is not a well-formed CSV file: {reason}").format(file=path.name, reason=error)) from None
    if not records:
        return Table([], [])
    headers = records[0]
    rows = [(number, record) for number, record in enumerate(records[1:], start=2) if not _is_blank(record)]
    for number, record in rows:
        # A row with more or fewer cells than the header is a file cut short,
        # a quote left open or a stray separator: which cell is which cannot
        # be known, so no row of it is trusted.
        if len(record) != len(headers):
            raise ServiceError(_(
                "{file}, row {row}: {cells} cells where the header has {columns}. The file may be cut short or "
                "have a quote that is not closed; nothing was imported."
            ).format(file=path.name, row=number, cells=len(record), columns=len(headers)))
    return Table(headers, rows)


def _write_csv(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


def _read_xlsx(path: Path, sheet_name: str) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ServiceError(_("{file} could not be read as an Excel workbook.").format(file=path.name)) from None
    try:
        sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header_row = next(rows_iter, None)
        if header_row is None:
            return Table([], [])
        headers = ["" if cell is None else str(cell) for cell in header_row]
        rows = []
        for number, values in enumerate(rows_iter, start=2):
            cells = [excel_unescape(cell) if isinstance(cell, str) else cell for cell in values]
            if not _is_blank(cells):
                rows.append((number, cells))
        return Table(headers, rows)
    finally:
        workbook.close()


def _write_xlsx(path: Path, headers: list[str], rows: list[list[Any]], sheet_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in rows:
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=excel_escape(value))
                cell.data_type = "s"  # '=…' stays text, never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            out.append(cell)
        sheet.append(out)
    workbook.save(path)
