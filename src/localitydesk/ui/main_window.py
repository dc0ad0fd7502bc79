"""The main window: navigation between pages, language switch, status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from localitydesk import __version__
from localitydesk.i18n import _, current_language, set_language
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.paths import resource

from .context import AppContext
from .pages import PAGES, page_entry
from .pages.base import Page

# Language names are written in their own language and never translated.
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "localitydesk.svg")))


class MainWindow(QMainWindow):
    ready = Signal()

    def __init__(self, context: AppContext, pseudo_available: bool = False):
        super().__init__()
        self.context = context
        self.setWindowIcon(app_icon())
        self._sync = None  # started once the first page shows: see the sync property
        self._built: dict[str, Page] = {}  # pages are built the first time they are shown
        self._ready_sent = False
        self._refreshed: set[str] = set()
        self._waiting_for_data: int | None = None  # a page asked for before the data layer opened

        self.navigation = QListWidget()
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        for _entry in PAGES:
            self.navigation.addItem("")
            self.stack.addWidget(QWidget())  # stands in until the page is built
        self.navigation.currentRowChanged.connect(self._show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus(pseudo_available)
        self._build_status_bar()
        follow_language(self, self.retranslate)
        self.retranslate()
        self._restore_state()
        # Sync starts as soon as the first page has shown its data, then runs on
        # its timer and when the server comes back; the HTTP and keyring code it
        # needs is not loaded in front of the user's first page.
        if context.db is None:
            # The first page reads the file itself; the other pages, the menus
            # and sync wait for the data layer (attach_database).
            self._allow_navigation(False)
        else:
            self.ready.connect(self.start_sync, Qt.ConnectionType.QueuedConnection)

    def attach_database(self, db, actor) -> None:
        """The data layer has opened: every page, menu and sync may now use it."""
        self.context.attach_database(db, actor)
        self._allow_navigation(True)
        if self._waiting_for_data is not None:
            self.navigation.setCurrentRow(self._waiting_for_data)
            self._waiting_for_data = None
        QTimer.singleShot(0, self.start_sync)

    def _allow_navigation(self, allowed: bool) -> None:
        self.navigation.setEnabled(allowed)
        for action in self.page_actions:
            action.setEnabled(allowed)

    # -- construction --------------------------------------------------------
    def _build_menus(self, pseudo_available: bool) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.go_menu = bar.addMenu("")
        self.page_actions = []
        for index, _entry in enumerate(PAGES):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.navigation.setCurrentRow(i))
            self.go_menu.addAction(action)
            self.page_actions.append(action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        languages = ["cy", "en"] + (["pseudo"] if pseudo_available else [])
        for code in languages:
            action = QAction(LANGUAGE_NAMES.get(code, "Pseudo"), self, checkable=True)
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions["cy"].setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.language_actions["en"].setShortcut(QKeySequence("Ctrl+Shift+E"))
        # The language can be switched from anywhere, a dialog included: an
        # open dialog blocks the main window's own shortcuts, so each window
        # that takes the focus is given the two actions as well (see
        # _offer_language_shortcuts) and the dialog retranslates as it follows
        # the language.
        for action in self.language_actions.values():
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        QApplication.instance().focusChanged.connect(self._offer_language_shortcuts)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        toolbar = QToolBar()
        toolbar.setObjectName("languageToolbar")
        toolbar.setMovable(False)
        self.language_button = QToolButton()
        self.language_button.clicked.connect(self.toggle_language)
        toolbar.addWidget(self.language_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.database_label = QLabel()
        self.locality_label = QLabel()
        self.language_label = QLabel()
        for label_widget in (self.locality_label, self.database_label, self.language_label):
            status.addPermanentWidget(label_widget)

    def _offer_language_shortcuts(self, _old, new) -> None:
        window = new.window() if new is not None else None
        if window is None or window is self:
            return
        present = window.actions()
        for action in self.language_actions.values():
            if action not in present:
                window.addAction(action)

    @property
    def sync(self):
        return self.start_sync()

    def start_sync(self):
        """Start background sync, with its status-bar label, once; its controller."""
        if self._sync is None:
            from .sync_controller import SyncController
            from .sync_status import SyncStatusLabel

            self._sync = SyncController(self.context, parent=self)
            self.sync_label = SyncStatusLabel(self._sync)
            self.statusBar().addPermanentWidget(self.sync_label)
            self._sync.start()
        return self._sync

    # -- language ------------------------------------------------------------
    def switch_language(self, language: str) -> None:
        set_language(language)
        self.context.settings.set("language", language)

    def toggle_language(self) -> None:
        self.switch_language("en" if current_language() == "cy" else "cy")

    def retranslate(self, *_args) -> None:
        language = current_language()
        self.setWindowTitle(_("LocalityDesk — {locality}").format(locality=self.context.locality_name(language)))
        self.file_menu.setTitle(_("&File"))
        self.quit_action.setText(_("&Quit"))
        self.go_menu.setTitle(_("&Go"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About LocalityDesk"))
        for index, entry in enumerate(PAGES):
            self.navigation.item(index).setText(entry.title())
            self.page_actions[index].setText(entry.title())
        for page in self._built.values():
            page.retranslate()
        self.navigation.setAccessibleName(_("Pages"))
        for code, action in self.language_actions.items():
            action.setChecked(code == language)
        other = "en" if language == "cy" else "cy"
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.language_button.setToolTip(_("Switch the language to {language}").format(language=LANGUAGE_NAMES[other]))
        self.language_button.setAccessibleName(self.language_button.toolTip())
        self.database_label.setText(_("Database: {path}").format(path=self.context.database_file.name))
        self.database_label.setToolTip(str(self.context.database_file))
        self.locality_label.setText(_("Locality: {name}").format(name=self.context.locality_name(language)))
        self.language_label.setText(LANGUAGE_NAMES.get(language, "Pseudo"))

    # -- pages ---------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        key = PAGES[index].key
        if self.context.db is None and key not in self._built and page_entry(key).page_class().needs_data_layer:
            # Asked for (from a Dashboard list, say) while the data layer is
            # still opening: stay put, and go there the moment it has opened.
            self._waiting_for_data = index
            with QSignalBlocker(self.navigation):
                self.navigation.setCurrentRow(self.index_of(self.current_page().key))
            return
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.context.settings.set("page", page.key)
        if page.key not in self._refreshed:
            self._refreshed.add(page.key)
            page.refresh()

    def _data_changed(self, *_args) -> None:
        """Pages showing data another page changed re-read it when next shown."""
        self._refreshed = {self.current_page().key}
        self.sync.push_now()  # a new local change goes as soon as it can

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    @property
    def pages(self) -> list[Page]:
        """The pages built so far, in navigation order."""
        return [self._built[entry.key] for entry in PAGES if entry.key in self._built]

    def page(self, key: str) -> Page:
        """The page for ``key``, built (and put in its place) on first use."""
        page = self._built.get(key)
        if page is None:
            index = self.index_of(key)
            page = page_entry(key).page_class()(self.context)
            self._built[key] = page
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._connect(page)
        return page

    def _connect(self, page: Page) -> None:
        page.loaded.connect(self._page_loaded)
        if page.key == "dashboard":
            page.open_requests.connect(lambda: self.show_page("requests"))
        elif page.key in ("requests", "rota"):
            page.bookings_changed.connect(self._data_changed)
        elif page.key == "workers":
            page.worker_saved.connect(self._data_changed)
        elif page.key == "settings":
            from .sync_section import SyncSection

            page.add_section(SyncSection(self.context, self.sync))

    def backup_made(self, backup) -> None:
        """A backup was made off the page (the daily one): the Settings list shows it."""
        page = self._built.get("settings")
        if page is not None:
            page.backup_made(backup)

    def index_of(self, key: str) -> int:
        return next(i for i, entry in enumerate(PAGES) if entry.key == key)

    def show_page(self, key: str) -> Page:
        self.navigation.setCurrentRow(self.index_of(key))
        return self.page(key)

    def _page_loaded(self) -> None:
        if not self._ready_sent and self.sender() is self.current_page():
            self._ready_sent = True
            self.ready.emit()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About LocalityDesk"),
            _("LocalityDesk {version}\nRotas, cover bookings and timesheets for locality care teams.").format(
                version=__version__
            ),
        )

    # -- remembered state ----------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.context.settings.get("geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1200, 760)
        key = self.context.settings.get("page", "dashboard")
        index = next((i for i, entry in enumerate(PAGES) if entry.key == key), 0)
        self.navigation.setCurrentRow(index)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.context.settings.set("geometry", bytes(self.saveGeometry().toBase64()).decode("ascii"))
        if self._sync is not None:
            self._sync.shutdown()
        super().closeEvent(event)
