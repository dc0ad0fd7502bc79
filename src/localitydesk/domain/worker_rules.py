"""What makes a worker's record valid, field by field.

Used by the profile editor (each message shown beside its field), by import
(each message reported with its row and column) and by the save service, so
the three can never disagree. Fields arrive as plain Python values already
parsed; parsing text is the caller's job and reports its own errors.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from localitydesk.i18n import _

from .vocabulary import EmploymentType, Language, Role

MAX_CONTRACTED_HOURS = Decimal("48")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REQUIRED_TEXT = ("staff_number", "first_name", "last_name")


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def validate_worker(fields: dict[str, Any], today: date) -> dict[str, str]:
    """Field name -> message in the UI language; empty when the record is valid."""
    errors: dict[str, str] = {}
    for name in REQUIRED_TEXT:
        if not str(fields.get(name) or "").strip():
            errors[name] = _("This field is required.")
    for name in ("first_name", "last_name"):
        if len(str(fields.get(name) or "")) > 80:
            errors[name] = _("Use at most {count} characters.").format(count=80)

    for name in ("welsh_speaking", "welsh_reading", "welsh_writing"):
        level = fields.get(name, 0)
        if not isinstance(level, int) or not 0 <= level <= 5:
            errors[name] = _("Choose a Welsh level from 0 (None) to 5 (Proficient).")

    if fields.get("preferred_language") not in (Language.CY, Language.EN, "cy", "en"):
        errors["preferred_language"] = _("Choose Welsh or English.")
    try:
        employment = EmploymentType(fields.get("employment_type"))
    except ValueError:
        employment = None
        errors["employment_type"] = _("Choose core team, bank or new to care.")
    try:
        Role(fields.get("main_role"))
    except ValueError:
        errors["main_role"] = _("Choose the worker's main role.")
    for role in fields.get("roles") or ():
        try:
            Role(role)
        except ValueError:
            errors["roles"] = _("{role} is not a role LocalityDesk knows.").format(role=role)

    start = fields.get("start_date")
    leaving = fields.get("leaving_date")
    if not isinstance(start, date):
        errors["start_date"] = _("Enter the date the worker started.")
    if leaving is not None:
        if isinstance(start, date) and leaving < start:
            errors["leaving_date"] = _("The leaving date cannot be before the start date.")
        if not str(fields.get("leaving_reason") or "").strip():
            errors["leaving_reason"] = _("Give a reason for leaving.")

    hours = fields.get("contracted_hours")
    if employment == EmploymentType.CORE:
        if hours is None:
            errors["contracted_hours"] = _("Core team members need contracted hours.")
    if hours is not None and not (Decimal("0") < Decimal(hours) <= MAX_CONTRACTED_HOURS):
        errors["contracted_hours"] = _("Contracted hours must be more than 0 and at most {hours}.").format(
            hours=MAX_CONTRACTED_HOURS
        )

    birth = fields.get("date_of_birth")
    if birth is not None:
        if birth >= today:
            errors["date_of_birth"] = _("The date of birth must be in the past.")
        elif age_on(birth, today) < 16:
            errors["date_of_birth"] = _("Workers must be at least 16 years old.")
        elif fields.get("wtr_opt_out") and age_on(birth, today) < 18:
            errors["wtr_opt_out"] = _("Workers under 18 cannot opt out of the 48-hour limit.")

    travel = fields.get("max_travel_km")
    if travel is not None and not (isinstance(travel, int) and 0 <= travel <= 300):
        errors["max_travel_km"] = _("Maximum travel must be between 0 and 300 km.")
    if fields.get("has_car") and not fields.get("drives"):
        errors["has_car"] = _("A worker with a car for work must also be marked as a driver.")
    email = str(fields.get("email") or "").strip()
    if email and not _EMAIL.match(email):
        errors["email"] = _("This does not look like an email address.")
    return errors
