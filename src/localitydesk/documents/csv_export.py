"""CSV for finance and payroll: provider statements and the pay export.

Both files are UTF-8 with a byte-order mark, so Excel on Windows opens them
with Welsh names intact (ŵ, ŷ, â), and use CRLF line ends and commas, as the
``csv`` module writes them. Headings are fixed English identifiers because
the files are read by software (the bureau's import, a finance ledger); the
people-facing documents are the PDFs. Numbers carry no thousands separator
or currency sign; dates are DD/MM/YYYY as UK payroll software expects.

Pay export columns (one row per worker, pay period, pay element and rate):

========================  ====================================================
``Employee Ref``          the worker's staff (works) number
``Surname``               family name
``Forenames``             given names
``Period Start``          first day of the pay period, DD/MM/YYYY
``Period End``            last day of the pay period, DD/MM/YYYY
``Pay Code``              element code: BASIC, NIGHT, SAT, SUN, BANKHOL,
                          HOLPAY (rolled-up holiday pay), MILEAGE
``Pay Element``           the element's English name
``Units``                 hours (to 4 places, so units × rate reproduces the
                          amount to the penny), miles, or for HOLPAY the
                          qualifying pay in pounds
``Unit Type``             HOURS, MILES or PCT_OF_PAY
``Rate``                  £ per hour (uplift included) or per mile; for
                          HOLPAY the percentage
``Amount``                £, rounded half-up to the penny once per row
========================  ====================================================
"""

from __future__ import annotations

import csv
from collections.abc import Hashable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TextIO

from localitydesk.documents.statement_pdf import StatementDocument
from localitydesk.domain.charging import ChargeLine
from localitydesk.domain.pay import PAY_CODE_LABELS, PayLine, UnitType
from localitydesk.domain.time_bands import Band
from localitydesk.i18n import formatting

PAY_COLUMNS = (
    "Employee Ref",
    "Surname",
    "Forenames",
    "Period Start",
    "Period End",
    "Pay Code",
    "Pay Element",
    "Units",
    "Unit Type",
    "Rate",
    "Amount",
)

STATEMENT_COLUMNS = (
    "Statement",
    "Provider",
    "Line Type",
    "Booking Ref",
    "Date",
    "Worker",
    "Role",
    "Start",
    "Finish",
    "Unpaid Break Minutes",
    "Hours",
    "Basic Hours",
    "Night Hours",
    "Saturday Hours",
    "Sunday Hours",
    "Bank Holiday Hours",
    "Charge Percent",
    "Amount",
)


@dataclass(frozen=True, slots=True)
class Payee:
    staff_number: str
    surname: str
    forenames: str


def _places(value: Decimal, places: int) -> str:
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _units(value: Decimal) -> str:
    """Four places, trailing zeros trimmed to two: 7.50, 7.0833."""
    text = _places(value, 4)
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return text


def _rate(value: Decimal) -> str:
    return _units(value)


@contextmanager
def _open(target: str | Path | TextIO):
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        yield target


def write_pay_csv(lines: Iterable[PayLine], payees: Mapping[Hashable, Payee], target: str | Path | TextIO) -> int:
    """The pay export, sorted by staff number then element; returns the rows written.

    A text stream passed in should be opened with ``newline=""`` (and
    ``encoding="utf-8-sig"`` for Excel)."""
    rows = []
    for line in lines:
        payee = payees[line.worker_id]
        units = _places(line.units, 2) if line.unit_type is UnitType.PERCENT_OF_PAY else _units(line.units)
        rows.append(
            (
                payee.staff_number,
                payee.surname,
                payee.forenames,
                f"{line.period.start:%d/%m/%Y}",
                f"{line.period.end:%d/%m/%Y}",
                line.code.value,
                PAY_CODE_LABELS[line.code],
                units,
                line.unit_type.value,
                _rate(line.rate),
                _places(line.amount, 2),
            )
        )
    # Stable within a worker: the lines arrive in element order.
    rows.sort(key=lambda row: row[0])
    with _open(target) as handle:
        writer = csv.writer(handle)
        writer.writerow(PAY_COLUMNS)
        writer.writerows(rows)
    return len(rows)


def _band_hours(line: ChargeLine, band: Band) -> str:
    return _units(sum((b.hours for b in line.bands if b.band is band), Decimal(0)))


def write_statement_csv(doc: StatementDocument, target: str | Path | TextIO) -> int:
    """One row per statement line, then SUBTOTAL, VAT (when charged) and TOTAL rows."""
    provider = doc.provider_name_en or doc.provider_name_cy
    rows = []
    for line in doc.statement.lines:
        start, end = formatting.to_local(line.starts_at), formatting.to_local(line.ends_at)
        rows.append(
            (
                doc.number,
                provider,
                line.kind.value,
                line.reference,
                f"{line.shift_date:%d/%m/%Y}",
                doc.worker_names.get(line.worker_id, str(line.worker_id)),
                str(line.role),
                f"{start:%d/%m/%Y %H:%M}",
                f"{end:%d/%m/%Y %H:%M}",
                str(line.break_minutes),
                _units(line.hours),
                *(_band_hours(line, band) for band in (Band.BASIC, Band.NIGHT, Band.SATURDAY, Band.SUNDAY, Band.BANK_HOLIDAY)),
                _units(line.charge_pct),
                _places(line.amount, 2),
            )
        )
    blank = ("",) * (len(STATEMENT_COLUMNS) - 4)
    statement = doc.statement
    rows.append((doc.number, provider, "subtotal", *blank, _places(statement.subtotal, 2)))
    if statement.vat_applies:
        rows.append((doc.number, provider, "vat", *blank[:-1], _units(statement.vat_rate_pct), _places(statement.vat, 2)))
    rows.append((doc.number, provider, "total", *blank, _places(statement.total, 2)))
    with _open(target) as handle:
        writer = csv.writer(handle)
        writer.writerow(STATEMENT_COLUMNS)
        writer.writerows(rows)
    return len(rows)
