"""The provider editor: names, Welsh profile, contacts and signatories, rate
card and worker preferences, saved together or not at all."""

from __future__ import annotations

import uuid
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.places import TOWNS
from localitydesk.domain.vocabulary import ChargingBasis, ContactKind, PreferenceKind, ProviderType, Role, WelshLevel, label
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.services.providers import (
    ContactEntry,
    PreferenceEntry,
    ProviderProfile,
    RateEntry,
    load_provider,
    save_provider,
    worker_choices,
)
from localitydesk.ui.widgets.code_combo import CodeCombo
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate

from .editor_base import EditorDialog

ID_ROLE = Qt.ItemDataRole.UserRole


def _items(enum_class) -> list:
    return [(member, partial(label, member)) for member in enum_class]


def _percent_box(value: Decimal = Decimal("0")) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 200)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setValue(float(value))
    return box


def _decimal(box: QDoubleSpinBox, places: int) -> Decimal:
    return Decimal(f"{box.value():.{places}f}")


class ProviderEditor(EditorDialog):
    def __init__(self, context, provider_id: uuid.UUID | None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.provider_id = provider_id
        self.workers: list[tuple[uuid.UUID, str]] = []
        self.resize(820, 600)
        self._build_details()
        self._build_welsh()
        self.contacts = self.add_table("contacts", self._add_contact_row, 5)
        self.tabs.addTab(self.contacts, "")
        self.rates = self.add_table("rates", self._add_rate_row, 7)
        self.tabs.addTab(self.rates, "")
        self.preferences = self.add_table("preferences", self._add_preference_row, 3)
        self.tabs.addTab(self.preferences, "")
        self.finish_building()
        self.setEnabled(False)
        db = context.db
        context.worker.submit(
            lambda: (load_provider(db, provider_id) if provider_id else ProviderProfile(), worker_choices(db)),
            on_success=self._loaded,
            on_failure=lambda error: self.fail(str(error)),
        )

    # -- building ------------------------------------------------------------
    def _build_details(self) -> None:
        self.details_tab, form = self.form_tab()
        self.name_cy = self.add_field(form, "name_cy", QLineEdit())
        self.name_en = self.add_field(form, "name_en", QLineEdit())
        self.kind = self.add_field(form, "kind", CodeCombo(_items(ProviderType)))
        self.town = self.add_field(form, "town", QComboBox())
        self.address = self.add_field(form, "address", QLineEdit())
        self.phone = self.add_field(form, "phone", QLineEdit())
        self.email = self.add_field(form, "email", QLineEdit())
        self.needs_driver = self.add_field(form, "needs_driver", QCheckBox())
        self.charging_basis = self.add_field(form, "charging_basis", CodeCombo(_items(ChargingBasis)))
        self.notes = self.add_field(form, "notes", QPlainTextEdit())

    def _build_welsh(self) -> None:
        self.welsh_tab, form = self.form_tab()
        self.people_supported = self.add_field(form, "people_supported", QSpinBox())
        self.people_supported.setRange(0, 10_000)
        self.people_preferring_welsh = self.add_field(form, "people_preferring_welsh", QSpinBox())
        self.people_preferring_welsh.setRange(0, 10_000)
        roles = QWidget()
        roles_layout = QVBoxLayout(roles)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        self.essential_checks = {role: QCheckBox() for role in Role}
        for check in self.essential_checks.values():
            roles_layout.addWidget(check)
        self.add_field(form, "welsh_essential_roles", roles)
        self.welsh_essential_level = self.add_field(
            form, "welsh_essential_level", CodeCombo([item for item in _items(WelshLevel) if item[0] > 0])
        )

    def _add_contact_row(self, entry: ContactEntry | None) -> None:
        table = self.contacts.table
        row = table.rowCount()
        table.insertRow(row)
        widgets = (QLineEdit(), CodeCombo(_items(ContactKind)), QLineEdit(), QLineEdit(), QLineEdit())
        holder = QTableWidgetItem()
        holder.setData(ID_ROLE, entry.id if entry else None)
        table.setItem(row, 0, holder)
        if entry is not None:
            widgets[0].setText(entry.name)
            widgets[1].set_code(entry.kind)
            widgets[2].setText(entry.job_title)
            widgets[3].setText(entry.phone)
            widgets[4].setText(entry.email)
        for column, widget in enumerate(widgets):
            table.setCellWidget(row, column, widget)

    def _add_rate_row(self, entry: RateEntry | None) -> None:
        table = self.rates.table
        row = table.rowCount()
        table.insertRow(row)
        role = CodeCombo(_items(Role))
        starts = QDateEdit()
        starts.setCalendarPopup(True)
        starts.setDisplayFormat("dd/MM/yyyy")
        starts.setDate(to_qdate(self.context.today()))
        rate = QDoubleSpinBox()
        rate.setRange(0, 500)
        rate.setDecimals(2)
        rate.setPrefix("£")
        uplifts = [_percent_box() for _index in range(4)]
        holder = QTableWidgetItem()
        holder.setData(ID_ROLE, entry.id if entry else None)
        table.setItem(row, 0, holder)
        if entry is not None:
            role.set_code(entry.role)
            starts.setDate(to_qdate(entry.effective_from))
            rate.setValue(float(entry.hourly_rate))
            values = (entry.saturday_uplift_pct, entry.sunday_uplift_pct, entry.night_uplift_pct, entry.bank_holiday_uplift_pct)
            for box, value in zip(uplifts, values):
                box.setValue(float(value))
        for column, widget in enumerate([role, starts, rate, *uplifts]):
            table.setCellWidget(row, column, widget)

    def _add_preference_row(self, entry: PreferenceEntry | None) -> None:
        table = self.preferences.table
        row = table.rowCount()
        table.insertRow(row)
        worker = QComboBox()
        worker.setEditable(True)  # type-ahead over hundreds of names
        worker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for worker_id, name in sorted(self.workers, key=lambda item: sort_key(item[1])):
            worker.addItem(name, worker_id)
        kind = CodeCombo(_items(PreferenceKind))
        reason = QLineEdit()
        holder = QTableWidgetItem()
        holder.setData(ID_ROLE, entry.id if entry else None)
        table.setItem(row, 0, holder)
        if entry is not None:
            index = worker.findData(entry.worker_id)
            if index < 0:
                worker.addItem(entry.worker_name, entry.worker_id)
                index = worker.count() - 1
            worker.setCurrentIndex(index)
            kind.set_code(entry.kind)
            reason.setText(entry.reason)
        for column, widget in enumerate((worker, kind, reason)):
            table.setCellWidget(row, column, widget)

    # -- language ------------------------------------------------------------
    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("New provider") if self.provider_id is None else _("Provider"))
        for index, text in enumerate((_("Details"), _("Welsh profile"), _("Contacts and signatories"), _("Rate card"), _("Workers"))):
            self.tabs.setTabText(index, text)
        self.set_captions(
            {
                "name_cy": _("Name in &Welsh:"),
                "name_en": _("Name in &English:"),
                "kind": _("&Type:"),
                "town": _("T&own:"),
                "address": _("&Address:"),
                "phone": _("&Phone:"),
                "email": _("E&mail:"),
                "needs_driver": _("Workers must &drive:"),
                "charging_basis": _("&Charged by:"),
                "notes": _("&Notes:"),
                "people_supported": _("People &supported:"),
                "people_preferring_welsh": _("Of whom &prefer Welsh:"),
                "welsh_essential_roles": _("Roles where Welsh is essential:"),
                "welsh_essential_level": _("Welsh &level needed:"),
            }
        )
        self.needs_driver.setText(_("Yes"))
        for role, check in self.essential_checks.items():
            check.setText(label(role))
        for combo in self.findChildren(CodeCombo):
            combo.retranslate()
        self.contacts.retranslate([_("Name"), _("Kind"), _("Job title"), _("Phone"), _("Email")])
        self.rates.retranslate(
            [_("Role"), _("From"), _("Hourly rate"), _("Saturday"), _("Sunday"), _("Night"), _("Bank holiday")]
        )
        self.preferences.retranslate([_("Worker"), _("Kind"), _("Reason")])
        self._fill_towns(self.town.currentData() or "")

    def _fill_towns(self, selected: str) -> None:
        language = current_language()
        self.town.blockSignals(True)
        self.town.clear()
        self.town.addItem(_("(not known)"), "")
        for town in sorted(TOWNS, key=lambda t: sort_key(t.name(language))):
            self.town.addItem(town.name(language), town.code)
        if selected and self.town.findData(selected) < 0:
            self.town.addItem(selected, selected)
        self.town.setCurrentIndex(max(0, self.town.findData(selected)))
        self.town.blockSignals(False)

    # -- data ----------------------------------------------------------------
    def _loaded(self, loaded) -> None:
        profile, self.workers = loaded
        self.setEnabled(True)
        self.name_cy.setText(profile.name_cy)
        self.name_en.setText(profile.name_en)
        self.kind.set_code(profile.kind)
        self._fill_towns(profile.town)
        self.address.setText(profile.address)
        self.phone.setText(profile.phone)
        self.email.setText(profile.email)
        self.needs_driver.setChecked(profile.needs_driver)
        self.charging_basis.set_code(profile.charging_basis)
        self.notes.setPlainText(profile.notes)
        self.people_supported.setValue(profile.people_supported)
        self.people_preferring_welsh.setValue(profile.people_preferring_welsh)
        for role, check in self.essential_checks.items():
            check.setChecked(role.value in profile.welsh_essential_roles)
        self.welsh_essential_level.set_code(WelshLevel(profile.welsh_essential_level))
        for entry in profile.contacts:
            self._add_contact_row(entry)
        for entry in profile.rates:
            self._add_rate_row(entry)
        for entry in profile.preferences:
            self._add_preference_row(entry)
        self.name_cy.setFocus()

    def _cells(self, table, row: int) -> list:
        return [table.cellWidget(row, column) for column in range(table.columnCount())]

    def collect(self) -> ProviderProfile:
        contacts = []
        table = self.contacts.table
        for row in range(table.rowCount()):
            name, kind, title, phone, email = self._cells(table, row)
            contacts.append(ContactEntry(name.text().strip(), kind.code(), title.text().strip(), phone.text().strip(),
                                         email.text().strip(), table.item(row, 0).data(ID_ROLE)))
        rates = []
        table = self.rates.table
        for row in range(table.rowCount()):
            role, starts, rate, saturday, sunday, night, bank_holiday = self._cells(table, row)
            rates.append(RateEntry(role.code(), from_qdate(starts.date()), _decimal(rate, 2), _decimal(saturday, 1),
                                   _decimal(sunday, 1), _decimal(night, 1), _decimal(bank_holiday, 1),
                                   table.item(row, 0).data(ID_ROLE)))
        preferences = []
        table = self.preferences.table
        for row in range(table.rowCount()):
            worker, kind, reason = self._cells(table, row)
            if worker.currentData() is None:
                continue
            preferences.append(PreferenceEntry(worker.currentData(), kind.code(), reason.text().strip(),
                                               worker.currentText(), table.item(row, 0).data(ID_ROLE)))
        return ProviderProfile(
            id=self.provider_id,
            name_cy=self.name_cy.text().strip(),
            name_en=self.name_en.text().strip(),
            kind=self.kind.code(),
            town=self.town.currentData() or "",
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            needs_driver=self.needs_driver.isChecked(),
            people_supported=self.people_supported.value(),
            people_preferring_welsh=self.people_preferring_welsh.value(),
            welsh_essential_roles=[r.value for r, c in self.essential_checks.items() if c.isChecked()],
            welsh_essential_level=int(self.welsh_essential_level.code()),
            charging_basis=self.charging_basis.code(),
            notes=self.notes.toPlainText(),
            contacts=contacts,
            rates=rates,
            preferences=preferences,
        )

    def save_work(self, profile: ProviderProfile):
        return lambda: save_provider(self.context.db, self.context.actor, profile)
