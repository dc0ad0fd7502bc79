"""One spreadsheet cell to one Python value, with a reason when it cannot be.

A cell arrives as text (CSV) or as what the workbook stored (XLSX: str, int,
float, bool, datetime). Parsers accept both, so a date typed into Excel and
a date written as text import alike. Every message is for the person who
filled in the spreadsheet, in the UI language.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from localitydesk.i18n import _


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the UI language."""


def as_text(value) -> str:
    """A cell as text, NFC-normalised so 'ŵ' typed two ways compares equal."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value)
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def text(value, max_length: int, *, strip: bool = True) -> str:
    result = as_text(value)
    if strip:
        result = result.strip()
    if len(result) > max_length:
        raise CellError(_("Use at most {count} characters.").format(count=max_length))
    return result


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def optional_date(value) -> date | None:
    """ISO 2025-03-31 (what export writes), 31/03/2025 (UK order) or a date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = as_text(value).strip()
    if not raw:
        return None
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)  # what export writes: the quick way
        except ValueError:
            pass  # the checks below say what is wrong with it
    match = _ISO_DATE.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK_DATE.match(raw)
        if not match:
            raise CellError(_("“{value}” is not a date: write it as YYYY-MM-DD, for example 2025-03-31.").format(value=raw))
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("“{value}” is not a real date.").format(value=raw)) from None


def optional_time(value) -> time:
    if isinstance(value, time):
        return value
    raw = as_text(value).strip()
    match = re.match(r"^(\d{1,2}):(\d{2})$", raw)
    if not match:
        raise CellError(_("“{value}” is not a time: write it as HH:MM, for example 07:30.").format(value=raw))
    try:
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise CellError(_("“{value}” is not a real time of day.").format(value=raw)) from None


_TRUE = {"yes", "y", "true", "1", "ie", "gwir"}
_FALSE = {"no", "n", "false", "0", "na", "naddo", "gau", ""}


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = as_text(value).strip().casefold()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("“{value}” is not yes or no.").format(value=as_text(value).strip()))


def optional_whole_number(value) -> int | None:
    if isinstance(value, bool):
        raise CellError(_("“{value}” is not a whole number.").format(value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = as_text(value).strip()
    if not raw:
        return None
    if not re.fullmatch(r"-?\d+", raw):
        raise CellError(_("“{value}” is not a whole number.").format(value=raw))
    return int(raw)


def optional_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        raise CellError(_("“{value}” is not a number.").format(value=value))
    if isinstance(value, float):
        value = repr(value)  # the shortest text that is this float: 37.5, not 37.5000000001
    raw = as_text(value).strip()
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“{value}” is not a number.").format(value=raw)) from None
    if not number.is_finite():
        raise CellError(_("“{value}” is not a number.").format(value=raw))
    return number


# Names people write instead of the codes, in English and in Welsh. Names
# that only differ from a code by spaces and capitals ("Care worker") need
# no entry: they are read as the code anyway.
ALIASES = {
    "core_team": "core",
    "tîm_craidd": "core",
    "tim_craidd": "core",
    "banc": "bank",
    "newydd_i_ofal": "new_to_care",
    "gweithiwr_gofal": "care_worker",
    "uwch_weithiwr_gofal": "senior_care_worker",
    "gweithiwr_cymorth": "support_worker",
    "gweithiwr_cymorth_gofal_iechyd": "healthcare_support_worker",
    "nyrs_gofrestredig": "registered_nurse",
    "hca": "healthcare_support_worker",
    "hcsw": "healthcare_support_worker",
    "cartref_gofal": "care_home",
    "cartref_nyrsio": "nursing_home",
    "gofal_cartref": "domiciliary",
    "byw_â_chymorth": "supported_living",
    "byw_a_chymorth": "supported_living",
    "ward_gig": "nhs_ward",
    "cymunedol": "community",
    "llofnodwr": "signatory",
    "cyswllt": "contact",
    "dewisol": "preferred",
    "peidio_anfon": "do_not_send",
    "do_not_send_worker": "do_not_send",
}


def code(value, enum_class: type[StrEnum], message: str):
    """A code of ``enum_class``, from the code itself or a name for it."""
    raw = as_text(value).strip()
    try:
        return enum_class(raw)  # the code itself, as export writes it
    except ValueError:
        pass
    key = re.sub(r"[\s\-]+", "_", raw.casefold())
    try:
        return enum_class(ALIASES.get(key, key))
    except ValueError:
        raise CellError(message.format(value=raw)) from None
