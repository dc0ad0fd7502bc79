"""The first-run window: on a machine with no database, from language to Dashboard.

Four short steps, Cymraeg first: choose the language; set up a locality or try
the demonstration data; which locality (one of North Wales's six, or another
named in Welsh and English); the first administrator. Nothing here needs a
network. The window ends by handing ``main`` the database to open, which then
shows the Dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCommandLinkButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.places import LOCALITIES
from localitydesk.domain.vocabulary import Language
from localitydesk.i18n import N_, _, current_language, set_language, translate_in
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.paths import Settings
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.services.setup import (
    FirstAdministrator,
    NewLocality,
    create_locality_database,
    north_wales_locality,
    validate_setup,
)

# Language names are written in their own language and never translated.
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}
OTHER_LOCALITY = "other"

# Shown in both languages, Welsh first, before anyone has chosen one.
WELCOME = N_("Welcome to LocalityDesk")
CHOOSE_LANGUAGE = N_("Choose your language. You can change it at any time.")

WELCOME_PAGE, START_PAGE, LOCALITY_PAGE, ADMIN_PAGE = range(4)


@dataclass(frozen=True)
class FirstRunOutcome:
    path: Path
    demo: bool


class _Background(QThread):
    """Runs one function off the UI thread and keeps its answer."""

    def __init__(self, work: Callable[[], object]):
        super().__init__()
        self.work = work
        self.result: object = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except Exception as error:  # handed to the window, which shows it
            self.error = error


def _heading() -> QLabel:
    label = QLabel()
    label.setStyleSheet("font-size: 16pt; font-weight: 600;")
    label.setWordWrap(True)
    return label


def _wrapping() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


class FirstRunWindow(QDialog):
    # Emitted with the outcome just before the window closes as accepted.
    finished_setup = Signal(object)

    def __init__(
        self,
        settings: Settings,
        database_path: Path,
        demo_path: Path,
        demo_builder: Callable[[Path], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.database_path = Path(database_path)
        self.demo_path = Path(demo_path)
        self.demo_builder = demo_builder
        self.outcome: FirstRunOutcome | None = None
        self._task: _Background | None = None
        self._building_demo = False
        self._finished_tasks: list[_Background] = []

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_welcome())
        self.stack.addWidget(self._build_start())
        self.stack.addWidget(self._build_locality())
        self.stack.addWidget(self._build_admin())
        self.stack.currentChanged.connect(self._page_changed)

        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.toggle_language)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.go_next)
        self.next_button.setDefault(True)
        self.busy_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.language_button)
        buttons.addStretch(1)
        buttons.addWidget(self.busy_label)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.setMinimumSize(640, 500)
        from localitydesk.ui.main_window import app_icon

        self.setWindowIcon(app_icon())
        follow_language(self, self.retranslate)
        self.retranslate()
        self._page_changed(WELCOME_PAGE)

    # -- pages -----------------------------------------------------------------
    def _build_welcome(self) -> QWidget:
        from localitydesk.ui.main_window import app_icon

        page = QWidget()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(96, 96)))
        self.welcome_cy = QLabel(translate_in("cy", WELCOME))
        self.welcome_cy.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.welcome_en = QLabel(translate_in("en", WELCOME))
        self.welcome_en.setStyleSheet("font-size: 16pt;")
        self.choose_cy = _wrapping()
        self.choose_cy.setText(translate_in("cy", CHOOSE_LANGUAGE))
        self.choose_en = _wrapping()
        self.choose_en.setText(translate_in("en", CHOOSE_LANGUAGE))
        self.cymraeg_button = QPushButton(LANGUAGE_NAMES["cy"])
        self.english_button = QPushButton(LANGUAGE_NAMES["en"])
        for button, code in ((self.cymraeg_button, "cy"), (self.english_button, "en")):
            button.setMinimumHeight(48)
            button.setStyleSheet("font-size: 14pt;")
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
        self.cymraeg_button.setAccessibleName("Cymraeg")
        self.english_button.setAccessibleName("English")
        choices = QHBoxLayout()
        choices.addWidget(self.cymraeg_button)
        choices.addWidget(self.english_button)
        layout = QVBoxLayout(page)
        layout.addWidget(icon)
        layout.addWidget(self.welcome_cy)
        layout.addWidget(self.welcome_en)
        layout.addSpacing(16)
        layout.addWidget(self.choose_cy)
        layout.addWidget(self.choose_en)
        layout.addLayout(choices)
        layout.addStretch(1)
        return page

    def _build_start(self) -> QWidget:
        page = QWidget()
        self.start_heading = _heading()
        self.new_button = QCommandLinkButton()
        self.new_button.clicked.connect(lambda: self.stack.setCurrentIndex(LOCALITY_PAGE))
        self.demo_button = QCommandLinkButton()
        self.demo_button.clicked.connect(self.open_demo)
        self.start_error = _error_label()
        layout = QVBoxLayout(page)
        layout.addWidget(self.start_heading)
        layout.addWidget(self.new_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.start_error)
        layout.addStretch(1)
        return page

    def _build_locality(self) -> QWidget:
        page = QWidget()
        self.locality_heading = _heading()
        self.locality_help = _wrapping()
        self.locality_group = QButtonGroup(self)
        self.locality_buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(page)
        layout.addWidget(self.locality_heading)
        layout.addWidget(self.locality_help)
        for code, _cy, _en in LOCALITIES:
            button = QRadioButton()
            self.locality_group.addButton(button)
            self.locality_buttons[code] = button
            layout.addWidget(button)
        other = QRadioButton()
        self.locality_group.addButton(other)
        self.locality_buttons[OTHER_LOCALITY] = other
        layout.addWidget(other)
        self.name_cy_label = QLabel()
        self.name_cy_edit = QLineEdit()
        self.name_en_label = QLabel()
        self.name_en_edit = QLineEdit()
        for label_widget, edit in ((self.name_cy_label, self.name_cy_edit), (self.name_en_label, self.name_en_edit)):
            label_widget.setBuddy(edit)
            edit.setMaxLength(120)
            edit.setEnabled(False)
        other.toggled.connect(self._other_toggled)
        form = QFormLayout()
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.name_cy_label, self.name_cy_edit)
        form.addRow(self.name_en_label, self.name_en_edit)
        layout.addLayout(form)
        self.locality_error = _error_label()
        layout.addWidget(self.locality_error)
        layout.addStretch(1)
        return page

    def _build_admin(self) -> QWidget:
        page = QWidget()
        self.admin_heading = _heading()
        self.admin_help = _wrapping()
        self.admin_name_label = QLabel()
        self.admin_name_edit = QLineEdit()
        self.admin_name_edit.setMaxLength(120)
        self.admin_name_label.setBuddy(self.admin_name_edit)
        self.admin_name_edit.returnPressed.connect(self.go_next)
        form = QFormLayout()
        form.addRow(self.admin_name_label, self.admin_name_edit)
        self.admin_error = _error_label()
        self.summary = _wrapping()
        layout = QVBoxLayout(page)
        layout.addWidget(self.admin_heading)
        layout.addWidget(self.admin_help)
        layout.addLayout(form)
        layout.addWidget(self.admin_error)
        layout.addSpacing(12)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        return page

    # -- language ------------------------------------------------------------------
    def choose_language(self, language: str) -> None:
        set_language(language)
        self.settings.set("language", language)
        self.retranslate()
        self.stack.setCurrentIndex(START_PAGE)

    def toggle_language(self) -> None:
        language = "en" if current_language() == "cy" else "cy"
        set_language(language)
        self.settings.set("language", language)

    # -- moving between pages ----------------------------------------------------------
    def _page_changed(self, index: int) -> None:
        on_welcome = index == WELCOME_PAGE
        self.language_button.setVisible(not on_welcome)
        self.back_button.setVisible(not on_welcome)
        self.next_button.setVisible(index in (LOCALITY_PAGE, ADMIN_PAGE))
        self._retranslate_buttons()
        if on_welcome:
            self.cymraeg_button.setFocus()  # Cymraeg first
        elif index == ADMIN_PAGE:
            self._update_summary()
            self.admin_name_edit.setFocus()

    def go_back(self) -> None:
        index = self.stack.currentIndex()
        if index > WELCOME_PAGE and not self.is_busy():
            self.stack.setCurrentIndex(index - 1)

    def go_next(self) -> None:
        if self.is_busy():
            return
        index = self.stack.currentIndex()
        if index == LOCALITY_PAGE:
            errors = validate_setup(self.chosen_locality(), FirstAdministrator(name="-"))
            self.locality_error.setText(errors.get("locality", ""))
            if not errors:
                self.stack.setCurrentIndex(ADMIN_PAGE)
        elif index == ADMIN_PAGE:
            self.create()

    def _other_toggled(self, checked: bool) -> None:
        self.name_cy_edit.setEnabled(checked)
        self.name_en_edit.setEnabled(checked)
        if checked:
            self.name_cy_edit.setFocus()

    # -- what was chosen -----------------------------------------------------------------
    def chosen_locality(self) -> NewLocality:
        for code, button in self.locality_buttons.items():
            if button.isChecked():
                if code == OTHER_LOCALITY:
                    return NewLocality(name_cy=self.name_cy_edit.text(), name_en=self.name_en_edit.text())
                return north_wales_locality(code)
        return NewLocality(name_cy="", name_en="")

    def chosen_administrator(self) -> FirstAdministrator:
        language = Language.CY if current_language() == "cy" else Language.EN
        return FirstAdministrator(name=self.admin_name_edit.text(), preferred_language=language)

    def _locality_display(self, locality: NewLocality) -> str:
        if current_language() == "cy":
            return locality.name_cy.strip() or locality.name_en.strip()
        return locality.name_en.strip() or locality.name_cy.strip()

    def _update_summary(self) -> None:
        self.summary.setText(
            _("LocalityDesk will make a new database for {locality} in {folder}. Nothing is sent over the internet.").format(
                locality=self._locality_display(self.chosen_locality()), folder=self.database_path.parent
            )
        )

    # -- finishing ---------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._task is not None or self._building_demo

    def create(self) -> None:
        locality, administrator = self.chosen_locality(), self.chosen_administrator()
        errors = validate_setup(locality, administrator)
        self.admin_error.setText(errors.get("administrator", ""))
        self.locality_error.setText(errors.get("locality", ""))
        if "locality" in errors:
            self.stack.setCurrentIndex(LOCALITY_PAGE)
            return
        if errors:
            return
        path = self.database_path
        self._run(lambda: create_locality_database(path, locality, administrator), _("Creating the database…"), self._created)

    def _created(self, task: _Background) -> None:
        if task.error is not None:
            error = task.error
            if isinstance(error, ValidationError):
                self.admin_error.setText(error.errors.get("administrator", ""))
                self.locality_error.setText(error.errors.get("locality", ""))
                return
            if isinstance(error, ServiceError):
                self.admin_error.setText(str(error))
                return
            raise error
        self.settings.set("page", "dashboard")
        self._finish(FirstRunOutcome(path=self.database_path, demo=False))

    def open_demo(self) -> None:
        """Open the demonstration data, building it first if this machine has none."""
        if self.is_busy():
            return
        self.start_error.setText("")
        if not self.demo_path.exists():
            builder = self.demo_builder
            if builder is None:
                from localitydesk.ui.startup import build_demo_with_progress as builder
            self.busy_label.setText(_("Building the demonstration data…"))
            # The builder shows its own progress and keeps the event loop
            # turning; this flag stops a second click starting a second build.
            self._building_demo = True
            try:
                builder(self.demo_path)
            except Exception as error:  # shown, and the user can choose again
                self.start_error.setText(_("The demonstration data could not be built: {error}").format(error=error))
                return
            finally:
                self._building_demo = False
                self.busy_label.setText("")
        self.settings.set("page", "dashboard")
        self._finish(FirstRunOutcome(path=self.demo_path, demo=True))

    def _run(self, work: Callable[[], object], label: str, done: Callable[[_Background], None]) -> None:
        self._task = _Background(work)
        self.busy_label.setText(label)
        for button in (self.back_button, self.next_button, self.language_button):
            button.setEnabled(False)

        def finished() -> None:
            task, self._task = self._task, None
            # ``finished`` arrives while the thread is still winding down; a
            # QThread dropped before it has ended aborts the process.
            task.wait()
            self._finished_tasks.append(task)
            self.busy_label.setText("")
            for button in (self.back_button, self.next_button, self.language_button):
                button.setEnabled(True)
            done(task)

        self._task.finished.connect(finished)
        self._task.start()

    def _finish(self, outcome: FirstRunOutcome) -> None:
        self.outcome = outcome
        self.finished_setup.emit(outcome)
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # A database half-way through being made is left to finish (it is
        # renamed into place only when whole); the window waits for it.
        if self._task is not None and self._task.isRunning():
            self._task.wait()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.is_busy():
            return
        super().reject()

    # -- words ----------------------------------------------------------------------------------
    def _retranslate_buttons(self) -> None:
        other = "en" if current_language() == "cy" else "cy"
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.language_button.setAccessibleName(_("Switch the language to {language}").format(language=LANGUAGE_NAMES[other]))
        self.back_button.setText(_("&Back"))
        self.next_button.setText(_("&Create and open") if self.stack.currentIndex() == ADMIN_PAGE else _("&Next"))

    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("Welcome to LocalityDesk"))
        self.start_heading.setText(_("How would you like to start?"))
        self.new_button.setText(_("Set up our locality"))
        self.new_button.setDescription(
            _("Name your locality and create its first administrator. Workers, providers and other users are added afterwards.")
        )
        self.demo_button.setText(_("Try the demonstration data"))
        self.demo_button.setDescription(
            _(
                "Explore LocalityDesk with a made-up North Wales locality. Nothing you do there touches real data, "
                "and you can set up your own locality later."
            )
        )
        self.locality_heading.setText(_("Which locality is this?"))
        self.locality_help.setText(
            _("Choose the locality this team works in. The other North Wales localities are known by name, so towns near a border can be placed.")
        )
        language = current_language()
        for code, name_cy, name_en in LOCALITIES:
            first, second = (name_cy, name_en) if language == "cy" else (name_en, name_cy)
            self.locality_buttons[code].setText(first if first == second else f"{first} ({second})")
        self.locality_buttons[OTHER_LOCALITY].setText(_("Another locality:"))
        self.name_cy_label.setText(_("Name in &Welsh:"))
        self.name_en_label.setText(_("Name in &English:"))
        self.name_cy_edit.setAccessibleName(_("Name in Welsh"))
        self.name_en_edit.setAccessibleName(_("Name in English"))
        self.admin_heading.setText(_("Create the first administrator"))
        self.admin_help.setText(
            _(
                "The administrator looks after the locality's users and settings. Every change in LocalityDesk "
                "is recorded with the name of the person who made it."
            )
        )
        self.admin_name_label.setText(_("Your &name:"))
        self.admin_name_edit.setAccessibleName(_("Your name"))
        if self.stack.currentIndex() == ADMIN_PAGE:
            self._update_summary()
        # A message shown in the old language would now be in the wrong one.
        for label_widget in (self.locality_error, self.admin_error, self.start_error):
            label_widget.setText("")
        self._retranslate_buttons()


def run_first_run(settings: Settings, database_path: Path, demo_path: Path) -> FirstRunOutcome | None:
    """Show the window and wait; ``None`` when the user closed it."""
    window = FirstRunWindow(settings, database_path, demo_path)
    if window.exec() != QDialog.DialogCode.Accepted:
        return None
    return window.outcome


__all__ = ["FirstRunOutcome", "FirstRunWindow", "run_first_run"]
