"""Logging a cover request while the provider is on the phone.

Everything is reachable from the keyboard in the order a caller gives it:
provider (type either language's name), date, start, end, break, role, staff,
reason, Welsh need (defaulted from the provider's Welsh profile), skills,
notes, who asked. Ctrl+Return saves. A block repeats the shift on chosen
weekdays for a number of weeks.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import partial

from PySide6.QtCore import QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLineEdit, QPlainTextEdit, QSpinBox, QTimeEdit, QWidget

from localitydesk.domain.provider_rules import default_welsh_requirement
from localitydesk.domain.vocabulary import RequestReason, Role, WelshLevel, WelshRequirement, label
from localitydesk.i18n import _, ngettext, pgettext
from localitydesk.i18n.formatting import format_date
from localitydesk.services.providers import list_providers
from localitydesk.services.requests import RequestForm, create_block, create_request
from localitydesk.ui.widgets.code_combo import CodeCombo
from localitydesk.ui.widgets.optional_date import from_qdate, to_qdate
from localitydesk.ui.widgets.provider_picker import ProviderPicker

from .editor_base import EditorDialog


def _items(enum_class, skip=()) -> list:
    return [(member, partial(label, member)) for member in enum_class if member not in skip]


def weekday_abbreviations() -> list[str]:
    """Monday to Sunday shortened as every list in the app shortens them
    (Babel's "EEE": "Gwen" for Friday, as on the Requests, Rota and Dashboard)."""
    monday = date(2024, 1, 1)
    return [format_date(monday + timedelta(days=offset), "EEE") for offset in range(7)]


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class RequestDialog(EditorDialog):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.resize(560, 640)
        self.page, form = self.form_tab()
        self.tabs.tabBar().hide()
        self.provider = self.add_field(form, "provider_id", ProviderPicker())
        self.day = self.add_field(form, "day", QDateEdit())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(to_qdate(context.today() + timedelta(days=1)))
        self.start = self.add_field(form, "start", QTimeEdit(QTime(8, 0)))
        self.end = self.add_field(form, "end", QTimeEdit(QTime(20, 0)))
        for editor in (self.start, self.end):
            editor.setDisplayFormat("HH:mm")
        self.unpaid_break_minutes = self.add_field(form, "unpaid_break_minutes", QSpinBox())
        self.unpaid_break_minutes.setRange(0, 240)
        self.unpaid_break_minutes.setSingleStep(5)
        self.unpaid_break_minutes.setValue(30)
        self.role = self.add_field(form, "role", CodeCombo(_items(Role)))
        self.staff_needed = self.add_field(form, "staff_needed", QSpinBox())
        self.staff_needed.setRange(1, 50)
        self.reason = self.add_field(form, "reason", CodeCombo(_items(RequestReason)))
        self.welsh_requirement = self.add_field(form, "welsh_requirement", CodeCombo(_items(WelshRequirement)))
        self.welsh_level = self.add_field(form, "welsh_level", CodeCombo(_items(WelshLevel, skip=(WelshLevel.NONE,))))
        self.welsh_level.set_code(WelshLevel.INTERMEDIATE)
        self.required_skills = self.add_field(form, "required_skills", QLineEdit())
        self.notes = self.add_field(form, "notes", QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.requested_by = self.add_field(form, "requested_by", QLineEdit())

        block = QWidget()
        block_layout = QHBoxLayout(block)
        block_layout.setContentsMargins(0, 0, 0, 0)
        self.repeat = QCheckBox()
        self.weekday_checks = [QCheckBox() for _day in range(7)]
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        block_layout.addWidget(self.repeat)
        for check in self.weekday_checks:
            block_layout.addWidget(check)
            check.setEnabled(False)
        block_layout.addWidget(self.weeks)
        self.weeks.setEnabled(False)
        self.weeks.valueChanged.connect(self._name_weeks)
        self.repeat.toggled.connect(self._repeat_toggled)
        self.add_field(form, "weekdays", block)

        self.provider.provider_changed.connect(self._apply_welsh_default)
        self.role.currentIndexChanged.connect(self._apply_welsh_default)
        self.welsh_requirement.currentIndexChanged.connect(self._welsh_level_enabled)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self.finish_building()
        self._welsh_level_enabled()
        self.provider.setFocus()
        context.worker.submit(lambda: list_providers(context.db), on_success=self.provider.set_providers)

    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("New cover request"))
        # Captions have a context of their own, so their Alt keys can be
        # chosen for this form without upsetting the pages sharing the words.
        self.set_captions(
            {
                "provider_id": pgettext("NewRequestForm", "&Provider:"),
                "day": pgettext("NewRequestForm", "&Date:"),
                "start": pgettext("NewRequestForm", "&Start:"),
                "end": pgettext("NewRequestForm", "&End:"),
                "unpaid_break_minutes": pgettext("NewRequestForm", "Unpaid &break (minutes):"),
                "role": pgettext("NewRequestForm", "&Role:"),
                "staff_needed": pgettext("NewRequestForm", "Number of s&taff:"),
                "reason": pgettext("NewRequestForm", "Reaso&n:"),
                "welsh_requirement": pgettext("NewRequestForm", "&Welsh:"),
                "welsh_level": pgettext("NewRequestForm", "Welsh &level:"),
                "required_skills": pgettext("NewRequestForm", "S&kills needed:"),
                "notes": pgettext("NewRequestForm", "N&otes:"),
                "requested_by": pgettext("NewRequestForm", "&Asked by:"),
                "weekdays": _("Block:"),
            }
        )
        self.provider.relabel()
        self.required_skills.setPlaceholderText(_("For example: hoist, PEG feeding, dementia"))
        self.repeat.setText(_("Repeat on"))
        for check, name in zip(self.weekday_checks, weekday_abbreviations()):
            check.setText(name)
        self._name_weeks()
        for combo in self.findChildren(CodeCombo):
            combo.retranslate()

    def _name_weeks(self, *_args) -> None:
        """'1 week', '2 weeks': the suffix agrees with the number shown."""
        count = self.weeks.value()
        self.weeks.setSuffix(" " + ngettext("week", "weeks", count))

    def _repeat_toggled(self, on: bool) -> None:
        for check in self.weekday_checks:
            check.setEnabled(on)
        self.weeks.setEnabled(on)
        if on and not any(c.isChecked() for c in self.weekday_checks):
            self.weekday_checks[from_qdate(self.day.date()).weekday()].setChecked(True)

    def _apply_welsh_default(self, *_args) -> None:
        provider = self.provider.provider()
        if provider is None:
            return
        requirement, level = default_welsh_requirement(
            self.role.code(), provider.welsh_essential_roles, provider.welsh_essential_level,
            provider.people_supported, provider.people_preferring_welsh,
        )
        self.welsh_requirement.set_code(requirement)
        if level:
            self.welsh_level.set_code(WelshLevel(level))

    def _welsh_level_enabled(self, *_args) -> None:
        self.welsh_level.setEnabled(self.welsh_requirement.code() == WelshRequirement.ESSENTIAL)

    def collect(self) -> RequestForm:
        skills = [s.strip() for s in self.required_skills.text().split(",") if s.strip()]
        return RequestForm(
            provider_id=self.provider.provider_id(),
            role=self.role.code(),
            day=from_qdate(self.day.date()),
            start=_time(self.start.time()),
            end=_time(self.end.time()),
            reason=self.reason.code(),
            unpaid_break_minutes=self.unpaid_break_minutes.value(),
            staff_needed=self.staff_needed.value(),
            welsh_requirement=self.welsh_requirement.code(),
            welsh_level=int(self.welsh_level.code()),
            required_skills=skills,
            notes=self.notes.toPlainText(),
            requested_by=self.requested_by.text(),
        )

    def save_work(self, form: RequestForm):
        db, actor = self.context.db, self.context.actor
        if self.repeat.isChecked():
            weekdays = {index for index, check in enumerate(self.weekday_checks) if check.isChecked()}
            weeks = self.weeks.value()
            return lambda: create_block(db, actor, form, weekdays, weeks)
        return lambda: create_request(db, actor, form)
