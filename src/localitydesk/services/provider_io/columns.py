"""The columns of a providers file, and the compact text of its list columns.

One row per provider; the header row holds these stable English codes, in
this order on export (import accepts any order and any subset that can match
its rows: ``id``, or both ``name_cy`` and ``name_en``; a column left out keeps
what the database already has):

    id name_cy name_en kind town address phone email needs_driver
    people_supported people_preferring_welsh welsh_essential_roles
    welsh_essential_level charging_basis notes contacts rates preferences

Values: yes/no; codes as in ``domain.vocabulary`` (``care_home``; "Care
home" and "Cartref gofal" are read too); ``town`` a town code from
``domain.places`` (a Welsh or English town name is read as its code; a town
we do not know is kept as written); ``welsh_essential_level`` 1–5 (empty: 3);
``charging_basis`` ``rate_card`` or ``cost_recharge`` (empty: rate_card);
people counts empty means 0.

List columns hold several items separated by ``;``; inside an item, parts
are separated by ``|``; a ``\\`` before ``;``, ``|`` or ``\\`` makes it literal
(see ``services.tabular.lists``):

    welsh_essential_roles  care_worker;senior_care_worker
    contacts     kind|name|job title|phone|email       e.g. signatory|Eleri Ŵyn|Rheolwr|01492 000000|
    rates        role|from|hourly rate|Saturday %|Sunday %|night %|bank holiday %
                                                       e.g. care_worker|2026-04-01|24.50|10|20|15|100
    preferences  staff number|kind|reason              e.g. W0042|do_not_send|Cwyn gan y teulu
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from localitydesk.domain import places
from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role
from localitydesk.i18n import _, pgettext
from localitydesk.services.providers import ContactEntry, PreferenceEntry, RateEntry
from localitydesk.services.tabular import cells
from localitydesk.services.tabular.cells import CellError
from localitydesk.services.tabular.lists import item_error, item_parts, items, join_item, read_codes
from localitydesk.store.models import Provider, ProviderContact, ProviderWorkerPreference


def _length(model, name: str) -> int:
    return model.__table__.c[name].type.length


@dataclass(frozen=True)
class Workers:
    """Staff numbers both ways: the file names workers by number, the database by id."""

    by_number: dict[str, uuid.UUID]
    by_id: dict[uuid.UUID, str]


# The parts of a list item by name, for messages and help; a context because
# "kind" and "name" alone are too short to translate safely.
def contact_form() -> str:
    return "|".join((
        pgettext("provider_file_part", "kind"),
        pgettext("provider_file_part", "name"),
        pgettext("provider_file_part", "job title"),
        pgettext("provider_file_part", "phone"),
        pgettext("provider_file_part", "email"),
    ))


def rate_form() -> str:
    return "|".join((
        pgettext("provider_file_part", "role"),
        pgettext("provider_file_part", "from"),
        pgettext("provider_file_part", "hourly rate"),
        pgettext("provider_file_part", "Saturday %"),
        pgettext("provider_file_part", "Sunday %"),
        pgettext("provider_file_part", "night %"),
        pgettext("provider_file_part", "bank holiday %"),
    ))


def preference_form() -> str:
    return "|".join((
        pgettext("provider_file_part", "staff number"),
        pgettext("provider_file_part", "kind"),
        pgettext("provider_file_part", "reason"),
    ))


def _parts(item: str, count: int, form: Callable[[], str]) -> list[str]:
    parts = item_parts(item)
    if len(parts) != count:
        raise CellError(_("write each item as {form}.").format(form=form()))
    return parts


def _role(value) -> Role:
    return cells.code(value, Role, _("“{value}” is not a role LocalityDesk knows."))


# -- list columns -----------------------------------------------------------------


def read_contacts(value, _workers: Workers) -> list[ContactEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        try:
            kind, name, job_title, phone, email = _parts(item, 5, contact_form)
            entries.append(ContactEntry(
                kind=cells.code(kind, ContactKind, _("“{value}” is not a kind of contact: use contact or signatory.")),
                name=cells.text(name, _length(ProviderContact, "name")),
                job_title=cells.text(job_title, _length(ProviderContact, "job_title")),
                phone=cells.text(phone, _length(ProviderContact, "phone")),
                email=cells.text(email, _length(ProviderContact, "email")),
            ))
        except CellError as error:
            raise item_error(number, error) from None
    return entries


def write_contacts(entries: list[ContactEntry], _workers: Workers) -> str:
    return "; ".join(
        join_item((entry.kind.value, entry.name, entry.job_title, entry.phone, entry.email)) for entry in entries
    )


def _uplift(value) -> Decimal:
    number = cells.optional_decimal(value)
    return Decimal("0") if number is None else number


def read_rates(value, _workers: Workers) -> list[RateEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        try:
            role, start, hourly, saturday, sunday, night, bank_holiday = _parts(item, 7, rate_form)
            # An empty rate or date is left for validate_provider_profile to name.
            entries.append(RateEntry(
                role=_role(role),
                effective_from=cells.optional_date(start),
                hourly_rate=cells.optional_decimal(hourly),
                saturday_uplift_pct=_uplift(saturday),
                sunday_uplift_pct=_uplift(sunday),
                night_uplift_pct=_uplift(night),
                bank_holiday_uplift_pct=_uplift(bank_holiday),
            ))
        except CellError as error:
            raise item_error(number, error) from None
    return entries


def write_rates(entries: list[RateEntry], _workers: Workers) -> str:
    return "; ".join(
        join_item((
            entry.role.value, entry.effective_from.isoformat(), str(entry.hourly_rate), str(entry.saturday_uplift_pct),
            str(entry.sunday_uplift_pct), str(entry.night_uplift_pct), str(entry.bank_holiday_uplift_pct),
        ))
        for entry in entries
    )


def read_preferences(value, workers: Workers) -> list[PreferenceEntry]:
    entries = []
    for number, item in enumerate(items(value), start=1):
        try:
            staff_number, kind, reason = _parts(item, 3, preference_form)
            staff_number = cells.as_text(staff_number).strip()
            worker_id = workers.by_number.get(staff_number)
            if worker_id is None:
                raise CellError(_("No worker has staff number “{value}”.").format(value=staff_number))
            entries.append(PreferenceEntry(
                worker_id=worker_id,
                kind=cells.code(kind, PreferenceKind, _("“{value}” is not a kind of preference: use preferred or do_not_send.")),
                reason=cells.text(reason, _length(ProviderWorkerPreference, "reason")),
            ))
        except CellError as error:
            raise item_error(number, error) from None
    return entries


def write_preferences(entries: list[PreferenceEntry], workers: Workers) -> str:
    rows = sorted(((workers.by_id.get(entry.worker_id, ""), entry) for entry in entries), key=lambda pair: pair[0])
    return "; ".join(join_item((number, entry.kind.value, entry.reason)) for number, entry in rows)


def read_roles(value, _workers: Workers) -> list[Role]:
    return read_codes(value, Role, _("“{value}” is not a role LocalityDesk knows."))


def write_roles(roles: list[str], _workers: Workers) -> str:
    return ";".join(str(role) for role in roles)


# -- single values ----------------------------------------------------------------


def read_id(value, _workers: Workers) -> uuid.UUID | None:
    raw = cells.as_text(value).strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise CellError(_("“{value}” is not a LocalityDesk provider id; leave it empty for a new provider.").format(value=raw)) from None


def write_id(value: uuid.UUID | None, _workers: Workers) -> str:
    return str(value) if value else ""


def _text(name: str) -> Callable:
    length = _length(Provider, name)
    return lambda value, _workers: cells.text(value, length)


def _notes(value, _workers) -> str:
    return cells.as_text(value)  # notes keep their spacing and line breaks exactly


def _kind(value, _workers) -> ProviderType:
    return cells.code(value, ProviderType, _("“{value}” is not a type of provider LocalityDesk knows."))


def _charging(value, _workers) -> ChargingBasis:
    if not cells.as_text(value).strip():
        return ChargingBasis.RATE_CARD
    return cells.code(value, ChargingBasis, _("“{value}” is not a charging basis: use rate_card or cost_recharge."))


def _count(value, _workers) -> int:
    number = cells.optional_whole_number(value)
    return 0 if number is None else number


def _level(value, _workers) -> int:
    number = cells.optional_whole_number(value)
    return 3 if number is None else number


def _bool(value, _workers) -> bool:
    return cells.boolean(value)


def _town(value, _workers) -> str:
    raw = cells.text(value, _length(Provider, "town"))
    town = places.find_town(raw)
    return town.code if town else raw


@dataclass(frozen=True)
class Column:
    code: str  # the header, and the ProviderProfile field it fills
    read: Callable[[Any, Workers], Any]
    write: Callable[[Any, Workers], Any] | None = None  # to text; None for plain values


COLUMNS: tuple[Column, ...] = (
    Column("id", read_id, write_id),
    Column("name_cy", _text("name_cy")),
    Column("name_en", _text("name_en")),
    Column("kind", _kind),
    Column("town", _town),
    Column("address", _text("address")),
    Column("phone", _text("phone")),
    Column("email", _text("email")),
    Column("needs_driver", _bool),
    Column("people_supported", _count),
    Column("people_preferring_welsh", _count),
    Column("welsh_essential_roles", read_roles, write_roles),
    Column("welsh_essential_level", _level),
    Column("charging_basis", _charging),
    Column("notes", _notes),
    Column("contacts", read_contacts, write_contacts),
    Column("rates", read_rates, write_rates),
    Column("preferences", read_preferences, write_preferences),
)
BY_CODE = {column.code: column for column in COLUMNS}
HEADERS = tuple(column.code for column in COLUMNS)
