"""Parsing the values users type on the command line, with clear errors."""

from __future__ import annotations

import argparse
import uuid
from datetime import date, datetime

from localitydesk.i18n import _


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a date: use YYYY-MM-DD.").format(value=text)) from None


def parse_uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not an identifier (a UUID).").format(value=text)) from None


def start_of(day: date) -> datetime:
    from localitydesk.domain.local_time import local_to_utc

    return local_to_utc(day, datetime.min.time())
