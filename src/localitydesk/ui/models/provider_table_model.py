"""The Providers table."""

from __future__ import annotations

from localitydesk.domain.vocabulary import Role, label
from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.collation import sort_key
from localitydesk.services.providers import ProviderRow

from .row_table_model import Column, RowTableModel
from .worker_table_model import town_label, town_names


def _welsh_profile(row: ProviderRow) -> str:
    if row.people_supported == 0:
        return _("Not recorded")
    text = _("{preferring} of {supported} prefer Welsh").format(
        preferring=row.people_preferring_welsh, supported=row.people_supported
    )
    if row.welsh_essential_roles:
        roles = ", ".join(label(Role(role)) for role in row.welsh_essential_roles)
        text += " · " + _("Welsh essential: {roles}").format(roles=roles)
    return text


def _signatories(row: ProviderRow) -> str:
    return ngettext("{count} signatory", "{count} signatories", row.signatories).format(count=row.signatories)


class ProviderTableModel(RowTableModel[ProviderRow]):
    def __init__(self, parent=None):
        super().__init__(
            [
                Column(lambda: _("Name"), lambda r: r.name(current_language()), lambda r: sort_key(r.name(current_language()))),
                Column(lambda: _("Type"), lambda r: label(r.kind), lambda r: label(r.kind)),
                Column(
                    lambda: _("Town"),
                    lambda r: town_label(r.town, current_language()),
                    lambda r: sort_key(town_label(r.town, current_language())),
                ),
                Column(
                    lambda: _("Welsh profile"),
                    _welsh_profile,
                    lambda r: (-(r.people_preferring_welsh / r.people_supported) if r.people_supported else 0),
                ),
                Column(lambda: _("Timesheet signatories"), _signatories, lambda r: r.signatories),
            ],
            parent,
        )

    def search_text(self, row: ProviderRow) -> str:
        return " ".join((row.name_cy, row.name_en, town_names(row.town)))
