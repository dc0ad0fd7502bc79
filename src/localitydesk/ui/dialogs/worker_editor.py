"""The worker profile editor: every Worker field, saved all at once or not at all."""

from __future__ import annotations

import uuid
from datetime import time
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.compliance_status import ComplianceState, item_state
from localitydesk.domain.places import TOWNS
from localitydesk.domain.vocabulary import (
    AbsenceKind,
    ComplianceType,
    EmploymentType,
    Language,
    Role,
    WelshLevel,
    label,
)
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.services.workers import (
    AbsenceEntry,
    AvailabilityEntry,
    ComplianceEntry,
    WorkerProfile,
    load_worker,
    save_worker,
)
from localitydesk.ui.widgets.code_combo import CodeCombo

from .editor_base import EditorDialog
from localitydesk.ui.widgets.optional_date import OptionalDateEdit, from_qdate, to_qdate

_ROW_COLOURS = {ComplianceState.EXPIRED: QColor("#f9dedc"), ComplianceState.EXPIRING: QColor("#fff0c2")}


def _weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def _code_items(enum_class) -> list:
    return [(member, partial(label, member)) for member in enum_class]


class WorkerEditor(EditorDialog):
    def __init__(self, context, worker_id: uuid.UUID | None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.worker_id = worker_id
        self.resize(760, 620)
        self._build_details()
        self._build_work()
        self._build_welsh()
        self._build_compliance()
        self._build_availability()
        self._build_notes()
        self.finish_building()
        if worker_id is None:
            self.set_profile(WorkerProfile(start_date=context.today()))
        else:
            self.setEnabled(False)
            context.worker.submit(
                lambda: load_worker(context.db, worker_id),
                on_success=self._loaded,
                on_failure=lambda error: self.fail(str(error)),
            )

    # -- building ------------------------------------------------------------
    def _build_details(self) -> None:
        self.details_tab, form = self.form_tab()
        self.staff_number = self.add_field(form, "staff_number", QLineEdit())
        self.first_name = self.add_field(form, "first_name", QLineEdit())
        self.last_name = self.add_field(form, "last_name", QLineEdit())
        self.preferred_language = self.add_field(form, "preferred_language", CodeCombo(_code_items(Language)))
        self.date_of_birth = self.add_field(form, "date_of_birth", OptionalDateEdit())
        self.home_town = self.add_field(form, "home_town", QComboBox())
        self.phone = self.add_field(form, "phone", QLineEdit())
        self.email = self.add_field(form, "email", QLineEdit())
        self.start_date = self.add_field(form, "start_date", QDateEdit())
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd/MM/yyyy")
        self.leaving_date = self.add_field(form, "leaving_date", OptionalDateEdit())
        self.leaving_reason = self.add_field(form, "leaving_reason", QLineEdit())

    def _build_work(self) -> None:
        self.work_tab, form = self.form_tab()
        self.employment_type = self.add_field(form, "employment_type", CodeCombo(_code_items(EmploymentType)))
        self.main_role = self.add_field(form, "main_role", CodeCombo(_code_items(Role)))
        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        self.role_checks = {role: QCheckBox() for role in Role}
        for check in self.role_checks.values():
            roles_layout.addWidget(check)
        self.add_field(form, "roles", roles_box)
        self.contracted_hours = self.add_field(form, "contracted_hours", QDoubleSpinBox())
        self.contracted_hours.setRange(0, 48)
        self.contracted_hours.setDecimals(1)
        self.contracted_hours.setSingleStep(0.5)
        self.wtr_opt_out = self.add_field(form, "wtr_opt_out", QCheckBox())
        self.wtr_opt_out_signed_on = self.add_field(form, "wtr_opt_out_signed_on", OptionalDateEdit())
        self.drives = self.add_field(form, "drives", QCheckBox())
        self.has_car = self.add_field(form, "has_car", QCheckBox())
        self.max_travel_km = self.add_field(form, "max_travel_km", QSpinBox())
        self.max_travel_km.setRange(0, 300)

    def _build_welsh(self) -> None:
        self.welsh_tab, form = self.form_tab()
        self.welsh_speaking = self.add_field(form, "welsh_speaking", CodeCombo(_code_items(WelshLevel)))
        self.welsh_reading = self.add_field(form, "welsh_reading", CodeCombo(_code_items(WelshLevel)))
        self.welsh_writing = self.add_field(form, "welsh_writing", CodeCombo(_code_items(WelshLevel)))
        self.welsh_hint = QLabel()
        self.welsh_hint.setWordWrap(True)
        form.addRow(self.welsh_hint)

    def _build_compliance(self) -> None:
        self.compliance = self.add_table("compliance_items", self._add_compliance_row, 4)
        self.tabs.addTab(self.compliance, "")

    def _build_availability(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.availability_caption = QLabel()
        self.availability = self.add_table("availability", self._add_availability_row, 3)
        self.absences_caption = QLabel()
        self.absences = self.add_table("absences", self._add_absence_row, 4)
        layout.addWidget(self.availability_caption)
        layout.addWidget(self.availability, 1)
        layout.addWidget(self.absences_caption)
        layout.addWidget(self.absences, 1)
        self.availability_tab = page
        self.tabs.addTab(page, "")

    def _build_notes(self) -> None:
        self.notes_tab, form = self.form_tab()
        self.notes_cy = self.add_field(form, "notes_cy", QPlainTextEdit())
        self.notes_en = self.add_field(form, "notes_en", QPlainTextEdit())

    # -- table rows ----------------------------------------------------------
    def _add_compliance_row(self, entry: ComplianceEntry | None) -> None:
        table = self.compliance.table
        row = table.rowCount()
        table.insertRow(row)
        kind = CodeCombo(_code_items(ComplianceType))
        reference = QLineEdit()
        issued = OptionalDateEdit()
        expires = OptionalDateEdit()
        if entry is not None:
            kind.set_code(entry.kind)
            reference.setText(entry.reference)
            issued.set_value(entry.issued_on)
            expires.set_value(entry.expires_on)
        id_item = QTableWidgetItem()
        id_item.setData(0x0100, entry.id if entry else None)
        table.setItem(row, 0, id_item)
        for column, widget in enumerate((kind, reference, issued, expires)):
            table.setCellWidget(row, column, widget)
        expires.changed.connect(lambda: self._colour_compliance_row(expires))
        self._colour_compliance_row(expires)

    def _colour_compliance_row(self, expires: OptionalDateEdit) -> None:
        state = item_state(expires.value(), self.context.today())
        colour = _ROW_COLOURS.get(state)
        expires.setStyleSheet(f"background: {colour.name()};" if colour else "")
        expires.setToolTip(
            {ComplianceState.EXPIRED: _("Expired"), ComplianceState.EXPIRING: _("Expires within 30 days")}.get(state, "")
        )

    def _add_availability_row(self, entry: AvailabilityEntry | None) -> None:
        table = self.availability.table
        row = table.rowCount()
        table.insertRow(row)
        weekday = QComboBox()
        weekday.addItems(_weekday_names())
        start, end = QTimeEdit(), QTimeEdit()
        for editor in (start, end):
            editor.setDisplayFormat("HH:mm")
        start.setTime(QTime(8, 0))
        end.setTime(QTime(20, 0))
        if entry is not None:
            weekday.setCurrentIndex(entry.weekday)
            start.setTime(QTime(entry.start_time.hour, entry.start_time.minute))
            end.setTime(QTime(entry.end_time.hour, entry.end_time.minute))
        for column, widget in enumerate((weekday, start, end)):
            table.setCellWidget(row, column, widget)

    def _add_absence_row(self, entry: AbsenceEntry | None) -> None:
        table = self.absences.table
        row = table.rowCount()
        table.insertRow(row)
        kind = CodeCombo(_code_items(AbsenceKind))
        start, end = QDateEdit(), QDateEdit()
        for editor in (start, end):
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("dd/MM/yyyy")
            editor.setDate(to_qdate(self.context.today()))
        note = QLineEdit()
        id_item = QTableWidgetItem()
        id_item.setData(0x0100, entry.id if entry else None)
        table.setItem(row, 0, id_item)
        if entry is not None:
            kind.set_code(entry.kind)
            start.setDate(to_qdate(entry.start_date))
            end.setDate(to_qdate(entry.end_date))
            note.setText(entry.note)
        for column, widget in enumerate((kind, start, end, note)):
            table.setCellWidget(row, column, widget)

    # -- language ------------------------------------------------------------
    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("New worker") if self.worker_id is None else _("Worker profile"))
        for index, text in enumerate(
            (_("Details"), _("Work"), _("Welsh language skills"), _("Compliance"), _("Availability and leave"), _("Notes"))
        ):
            self.tabs.setTabText(index, text)
        captions = {
            "staff_number": _("Staff &number:"),
            "first_name": _("&First name:"),
            "last_name": _("&Last name:"),
            "preferred_language": _("Preferred lan&guage:"),
            "date_of_birth": _("Date of &birth:"),
            "home_town": _("&Home town:"),
            "phone": _("&Phone:"),
            "email": _("&Email:"),
            "start_date": _("&Start date:"),
            "leaving_date": _("Lea&ving date:"),
            "leaving_reason": _("Leaving &reason:"),
            "employment_type": _("&Employment:"),
            "main_role": _("&Main role:"),
            "roles": _("Other roles:"),
            "contracted_hours": _("&Contracted hours a week:"),
            "wtr_opt_out": _("48-hour &opt-out:"),
            "wtr_opt_out_signed_on": _("Opt-out si&gned on:"),
            "drives": _("&Drives:"),
            "has_car": _("Has a c&ar for work:"),
            "max_travel_km": _("Maximum &travel (km):"),
            "welsh_speaking": _("Listening and &speaking:"),
            "welsh_reading": _("&Reading:"),
            "welsh_writing": _("&Writing:"),
            "notes_cy": _("Notes in &Welsh:"),
            "notes_en": _("Notes in &English:"),
        }
        self.set_captions(captions)
        for role, check in self.role_checks.items():
            check.setText(label(role))
        self.wtr_opt_out.setText(_("Has opted out in writing"))
        self.drives.setText(_("Yes"))
        self.has_car.setText(_("Yes"))
        self.max_travel_km.setSpecialValueText(_("No limit"))
        for name in ("date_of_birth", "leaving_date", "wtr_opt_out_signed_on"):
            self.fields[name].field.set_caption(_("Known"))
        self.welsh_hint.setText(
            _("Levels: 0 None, 1 Entry, 2 Foundation, 3 Intermediate, 4 Advanced, 5 Proficient. "
              "A request that needs Welsh at level N is met by listening and speaking at N or above.")
        )
        for combo in self.findChildren(CodeCombo):
            combo.retranslate()
        self.compliance.retranslate([_("Item"), _("Reference"), _("Issued"), _("Expires")])
        self.availability.retranslate([_("Day"), _("From"), _("To")])
        self.absences.retranslate([_("Kind"), _("From"), _("To"), _("Note")])
        self.availability_caption.setText(_("Usual weekly availability"))
        self.absences_caption.setText(_("Leave, sickness and other absence"))
        self._fill_towns(self.home_town.currentData() or "")

    def _fill_towns(self, selected_code: str) -> None:
        """Towns by name in the UI language; the stored value is the town's code."""
        language = current_language()
        towns = sorted(TOWNS, key=lambda town: sort_key(town.name(language)))
        self.home_town.blockSignals(True)
        self.home_town.clear()
        self.home_town.addItem(_("(not known)"), "")
        for town in towns:
            self.home_town.addItem(town.name(language), town.code)
        if selected_code and self.home_town.findData(selected_code) < 0:
            # A town from an import that the gazetteer does not know: keep it.
            self.home_town.addItem(selected_code, selected_code)
        self.home_town.setCurrentIndex(max(0, self.home_town.findData(selected_code)))
        self.home_town.blockSignals(False)

    # -- data ----------------------------------------------------------------
    def _loaded(self, profile: WorkerProfile) -> None:
        self.setEnabled(True)
        self.set_profile(profile)

    def set_profile(self, profile: WorkerProfile) -> None:
        self.profile = profile
        self.staff_number.setText(profile.staff_number)
        self.first_name.setText(profile.first_name)
        self.last_name.setText(profile.last_name)
        self.preferred_language.set_code(profile.preferred_language)
        self.date_of_birth.set_value(profile.date_of_birth)
        self._fill_towns(profile.home_town)
        self.phone.setText(profile.phone)
        self.email.setText(profile.email)
        self.start_date.setDate(to_qdate(profile.start_date or self.context.today()))
        self.leaving_date.set_value(profile.leaving_date)
        self.leaving_reason.setText(profile.leaving_reason)
        self.employment_type.set_code(profile.employment_type)
        self.main_role.set_code(profile.main_role)
        for role, check in self.role_checks.items():
            check.setChecked(role in profile.roles)
        self.contracted_hours.setValue(float(profile.contracted_hours or 0))
        self.wtr_opt_out.setChecked(profile.wtr_opt_out)
        self.wtr_opt_out_signed_on.set_value(profile.wtr_opt_out_signed_on)
        self.drives.setChecked(profile.drives)
        self.has_car.setChecked(profile.has_car)
        self.max_travel_km.setValue(profile.max_travel_km or 0)
        self.welsh_speaking.set_code(WelshLevel(profile.welsh_speaking))
        self.welsh_reading.set_code(WelshLevel(profile.welsh_reading))
        self.welsh_writing.set_code(WelshLevel(profile.welsh_writing))
        self.notes_cy.setPlainText(profile.notes_cy)
        self.notes_en.setPlainText(profile.notes_en)
        for table in (self.compliance, self.availability, self.absences):
            table.table.setRowCount(0)
        for item in profile.compliance_items:
            self._add_compliance_row(item)
        for slot in profile.availability:
            self._add_availability_row(slot)
        for absence in profile.absences:
            self._add_absence_row(absence)

    def collect(self) -> WorkerProfile:
        hours = self.contracted_hours.value()
        compliance = []
        table = self.compliance.table
        for row in range(table.rowCount()):
            kind, reference, issued, expires = (table.cellWidget(row, c) for c in range(4))
            compliance.append(
                ComplianceEntry(kind.code(), reference.text().strip(), issued.value(), expires.value(), table.item(row, 0).data(0x0100))
            )
        availability = []
        table = self.availability.table
        for row in range(table.rowCount()):
            weekday, start, end = (table.cellWidget(row, c) for c in range(3))
            availability.append(
                AvailabilityEntry(weekday.currentIndex(), time(start.time().hour(), start.time().minute()), time(end.time().hour(), end.time().minute()))
            )
        absences = []
        table = self.absences.table
        for row in range(table.rowCount()):
            kind, start, end, note = (table.cellWidget(row, c) for c in range(4))
            absences.append(
                AbsenceEntry(kind.code(), from_qdate(start.date()), from_qdate(end.date()), note.text().strip(), table.item(row, 0).data(0x0100))
            )
        main_role = self.main_role.code()
        return WorkerProfile(
            id=self.worker_id,
            staff_number=self.staff_number.text().strip(),
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            preferred_language=self.preferred_language.code(),
            welsh_speaking=int(self.welsh_speaking.code()),
            welsh_reading=int(self.welsh_reading.code()),
            welsh_writing=int(self.welsh_writing.code()),
            employment_type=self.employment_type.code(),
            main_role=main_role,
            roles=sorted({r for r, c in self.role_checks.items() if c.isChecked()} | {main_role}),
            start_date=from_qdate(self.start_date.date()),
            leaving_date=self.leaving_date.value(),
            leaving_reason=self.leaving_reason.text().strip(),
            contracted_hours=Decimal(str(round(hours, 1))) if hours else None,
            wtr_opt_out=self.wtr_opt_out.isChecked(),
            wtr_opt_out_signed_on=self.wtr_opt_out_signed_on.value(),
            date_of_birth=self.date_of_birth.value(),
            drives=self.drives.isChecked(),
            has_car=self.has_car.isChecked(),
            max_travel_km=self.max_travel_km.value() or None,
            home_town=self.home_town.currentData() or "",
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            notes_cy=self.notes_cy.toPlainText(),
            notes_en=self.notes_en.toPlainText(),
            compliance_items=compliance,
            availability=availability,
            absences=absences,
        )

    def save_work(self, profile: WorkerProfile):
        today = self.context.today()
        return lambda: save_worker(self.context.db, self.context.actor, profile, today)
