"""What makes a provider's record valid, and what its Welsh profile implies.

Shared by the provider editor, provider import and the save service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from localitydesk.i18n import _

from .vocabulary import ProviderType, Role, WelshRequirement

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_UPLIFT_PCT = Decimal("200")
# A provider where at least this share of the people supported prefer Welsh
# is "Welsh-preferring": matching favours Welsh speakers there even when a
# request states no requirement (the Active Offer).
WELSH_PREFERRING_SHARE = Decimal("0.25")


@dataclass(frozen=True)
class RateLine:
    role: str
    effective_from: date | None
    hourly_rate: Decimal | None
    saturday_uplift_pct: Decimal = Decimal("0")
    sunday_uplift_pct: Decimal = Decimal("0")
    night_uplift_pct: Decimal = Decimal("0")
    bank_holiday_uplift_pct: Decimal = Decimal("0")


def validate_provider(fields: dict[str, Any], rates: Iterable[RateLine] = ()) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(fields.get("name_cy") or "").strip() and not str(fields.get("name_en") or "").strip():
        errors["name_cy"] = _("Give the provider's name in Welsh, English or both.")
    try:
        ProviderType(fields.get("kind"))
    except ValueError:
        errors["kind"] = _("Choose the type of provider.")
    supported = fields.get("people_supported") or 0
    preferring = fields.get("people_preferring_welsh") or 0
    if not isinstance(supported, int) or supported < 0:
        errors["people_supported"] = _("Enter a whole number of people, 0 or more.")
    if not isinstance(preferring, int) or preferring < 0:
        errors["people_preferring_welsh"] = _("Enter a whole number of people, 0 or more.")
    elif isinstance(supported, int) and preferring > supported:
        errors["people_preferring_welsh"] = _("More people prefer Welsh than the provider supports.")
    for role in fields.get("welsh_essential_roles") or ():
        try:
            Role(role)
        except ValueError:
            errors["welsh_essential_roles"] = _("{role} is not a role LocalityDesk knows.").format(role=role)
    level = fields.get("welsh_essential_level", 3)
    if not isinstance(level, int) or not 1 <= level <= 5:
        errors["welsh_essential_level"] = _("Choose a Welsh level from 1 (Entry) to 5 (Proficient).")
    email = str(fields.get("email") or "").strip()
    if email and not _EMAIL.match(email):
        errors["email"] = _("This does not look like an email address.")

    seen: set[tuple[str, date]] = set()
    for index, rate in enumerate(rates):
        key = f"rates[{index}]"
        if rate.hourly_rate is None or rate.hourly_rate <= 0:
            errors[key] = _("Each rate needs an hourly rate above £0.")
        elif rate.effective_from is None:
            errors[key] = _("Each rate needs the date it takes effect.")
        elif any(not Decimal("0") <= pct <= MAX_UPLIFT_PCT for pct in _uplifts(rate)):
            errors[key] = _("Uplifts are percentages from 0 to {most}.").format(most=MAX_UPLIFT_PCT)
        elif (rate.role, rate.effective_from) in seen:
            errors[key] = _("Two rates for the same role take effect on the same day.")
        else:
            seen.add((rate.role, rate.effective_from))
    return errors


def _uplifts(rate: RateLine) -> tuple[Decimal, ...]:
    return (rate.saturday_uplift_pct, rate.sunday_uplift_pct, rate.night_uplift_pct, rate.bank_holiday_uplift_pct)


def is_welsh_preferring(people_supported: int, people_preferring_welsh: int) -> bool:
    if people_supported <= 0:
        return False
    return Decimal(people_preferring_welsh) / Decimal(people_supported) >= WELSH_PREFERRING_SHARE


def default_welsh_requirement(
    role: str, welsh_essential_roles: Iterable[str], welsh_essential_level: int, people_supported: int, people_preferring_welsh: int
) -> tuple[WelshRequirement, int]:
    """What a new request's Welsh requirement defaults to from the provider's profile."""
    if role in set(welsh_essential_roles):
        return WelshRequirement.ESSENTIAL, welsh_essential_level
    if is_welsh_preferring(people_supported, people_preferring_welsh):
        return WelshRequirement.DESIRABLE, 0
    return WelshRequirement.NONE, 0
