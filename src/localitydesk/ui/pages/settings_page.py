"""The Settings page: a column of sections, the first of them Backups.

Other features add their own section with :meth:`SettingsPage.add_section`
(a QGroupBox with ``retranslate()`` and, if it shows data, ``refresh()``),
so this file does not grow with every feature.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.formatting import format_datetime, format_decimal
from localitydesk.services import backups
from localitydesk.services.errors import ServiceError
from localitydesk.services.locality import home_locality
from localitydesk.services.users import default_actor

from .base import Page


def format_size(size: int) -> str:
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return _("{size} MB").format(size=format_decimal(round(megabytes, 1), places=1))
    return _("{size} KB").format(size=format_decimal(max(1, round(size / 1024))))


class BackupsSection(QGroupBox):
    """Where backups go, backing up now, restoring, and the backups kept."""

    # Emitted on the UI thread after a restore replaced the database.
    restored = Signal(object)
    loaded = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.backups: list[backups.BackupFile] = []

        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_label.setBuddy(self.folder_edit)
        self.change_folder_button = QPushButton()
        self.change_folder_button.clicked.connect(self.change_folder)
        self.open_folder_button = QPushButton()
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.change_folder_button)
        folder_row.addWidget(self.open_folder_button)

        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_file_button = QPushButton()
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.restore_selected_button = QPushButton()
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_selected_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_file_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_selected_button)

        self.list_label = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_selected_button.setEnabled(self.selected_backup() is not None)
        )
        self.list_label.setBuddy(self.table)
        self.message = QLabel()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(folder_row)
        layout.addLayout(actions)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.retranslate()

    # -- data ----------------------------------------------------------------------
    def folder(self) -> Path:
        return backups.backup_folder(self.context.settings)

    def refresh(self) -> None:
        db, folder = self.context.db, self.folder()
        self.context.worker.submit(lambda: backups.list_backups(db, folder), on_success=self._show, on_failure=self._failed)

    def _show(self, found: list) -> None:
        self.backups = found
        self._fill_table()
        self.loaded.emit()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = (format_datetime(backup.taken_at), backups.kind_label(backup.kind), format_size(backup.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        self.restore_selected_button.setEnabled(self.selected_backup() is not None)

    def selected_backup(self) -> backups.BackupFile | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    # -- messages ---------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self._say(str(error), error=True)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.restore_file_button, self.change_folder_button):
            button.setEnabled(not busy)
        self.restore_selected_button.setEnabled(not busy and self.selected_backup() is not None)

    # -- the folder ----------------------------------------------------------------------
    def choose_folder(self) -> Path | None:
        """Asks the user for a folder (replaced in tests)."""
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), str(self.folder()))
        return Path(chosen) if chosen else None

    def change_folder(self) -> None:
        chosen = self.choose_folder()
        if chosen is None:
            return
        try:
            folder = backups.choose_backup_folder(self.context.settings, chosen)
        except ServiceError as error:
            self._say(str(error), error=True)
            return
        self.folder_edit.setText(str(folder))
        self._say(_("Backups will be kept in {folder}.").format(folder=folder))
        self.refresh()

    def open_folder(self) -> None:
        folder = self.folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- backing up ------------------------------------------------------------------------
    def back_up_now(self) -> None:
        db, folder = self.context.db, self.folder()
        self._set_busy(True)
        self._say(_("Backing up…"))
        self.context.worker.submit(
            lambda: backups.backup_now(db, folder),
            on_success=self._backed_up,
            on_failure=self._failed,
            progress_parent=self,
            progress_label=_("Backing up…"),
        )

    def _backed_up(self, backup: backups.BackupFile) -> None:
        self._set_busy(False)
        self._say(_("Backup made: {name}").format(name=backup.path.name))
        self.refresh()

    # -- restoring ----------------------------------------------------------------------------
    def choose_restore_file(self) -> Path | None:
        """Asks the user for a backup file (replaced in tests)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup to restore"),
            str(self.folder()),
            _("LocalityDesk databases (*.sqlite3 *.db *.bak);;All files (*)"),
        )
        return Path(chosen) if chosen else None

    def confirm_restore(self, source: Path, contents: backups.BackupContents) -> bool:
        """Asks the user to confirm (replaced in tests)."""
        answer = QMessageBox.question(self, _("Restore a backup"), self.confirmation_text(source, contents))
        return answer == QMessageBox.StandardButton.Yes

    def confirmation_text(self, source: Path, contents: backups.BackupContents) -> str:
        locality = contents.locality_name_cy if current_language() == "cy" else contents.locality_name_en
        taken = datetime.fromtimestamp(source.stat().st_mtime, timezone.utc)
        parsed = next((b for b in self.backups if b.path == source), None)
        if parsed is not None:
            taken = parsed.taken_at
        return "\n\n".join(
            [
                _("Replace the database with the backup of {locality} from {when}?").format(
                    locality=locality, when=format_datetime(taken)
                ),
                ngettext("The backup holds {count} worker.", "The backup holds {count} workers.", contents.workers).format(
                    count=contents.workers
                ),
                _("The database as it is now will be kept in the backup folder first, so this can be undone."),
            ]
        )

    def restore_from_file(self) -> None:
        source = self.choose_restore_file()
        if source is not None:
            self.restore(source)

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is not None:
            self.restore(backup.path)

    def restore(self, source: Path) -> None:
        """Check the file, ask, then restore on the database worker."""
        self._set_busy(True)
        self._say(_("Checking the backup…"))
        self.context.worker.submit(
            lambda: backups.check_backup(source),
            on_success=lambda contents: self._checked(source, contents),
            on_failure=self._failed,
            progress_parent=self,
            progress_label=_("Checking the backup…"),
        )

    def _checked(self, source: Path, contents: backups.BackupContents) -> None:
        if not self.confirm_restore(source, contents):
            self._set_busy(False)
            self._say("")
            return
        db, folder = self.context.db, self.folder()

        def restore_and_reread():
            # Who and where the app is may change with the database: read it
            # again here, off the UI thread, with the restore.
            result = backups.restore(db, source, folder)
            return result, home_locality(db), default_actor(db)

        self.context.worker.submit(
            restore_and_reread,
            on_success=self._restored,
            on_failure=self._failed,
            progress_parent=self,
            progress_label=_("Restoring…"),
        )

    def _restored(self, outcome) -> None:
        result, home, actor = outcome
        if home is not None:
            self.context.locality_name = home.name
        self.context.actor = actor
        self._set_busy(False)
        text = _("Restored from {name}.").format(name=result.restored_from.name)
        if result.previous is not None:
            text += " " + _("The database as it was is kept as {name}.").format(name=result.previous.path.name)
        self._say(text)
        self.restored.emit(result)
        self.refresh()

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, *_args) -> None:
        self.setTitle(_("Backups"))
        self.explanation.setText(
            _(
                "LocalityDesk backs up the database when it starts, once a day, and keeps one for each of the "
                "last 7 days and one for each of the last 4 weeks. A backup is also made before every upgrade "
                "and before every restore."
            )
        )
        self.folder_label.setText(_("Backup fol&der:"))
        self.folder_edit.setText(str(self.folder()))
        self.folder_edit.setAccessibleName(_("Backup folder"))
        self.change_folder_button.setText(_("&Change…"))
        self.change_folder_button.setAccessibleName(_("Change the backup folder"))
        self.open_folder_button.setText(_("&Open folder"))
        self.open_folder_button.setAccessibleName(_("Open the backup folder"))
        self.backup_button.setText(_("&Back up now"))
        self.restore_file_button.setText(_("&Restore from a file…"))
        self.restore_selected_button.setText(_("Restore the &selected backup"))
        self.list_label.setText(_("Backups of this database:"))
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Kind"), _("Size")])
        self.table.setAccessibleName(_("Backups of this database"))
        self._fill_table()


class SettingsPage(Page):
    key = "settings"

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.sections: list[QWidget] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        body = QWidget()
        self.sections_layout = QVBoxLayout(body)
        self.sections_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)

        self.backups_section = BackupsSection(context)
        self.backups_section.loaded.connect(self.loaded)
        self.backups_section.restored.connect(self._after_restore)
        self.add_section(self.backups_section)
        self._shown_before = False
        self.retranslate()

    def add_section(self, section: QWidget) -> None:
        """Add a section below the others (before the stretch that keeps them at the top)."""
        self.sections.append(section)
        self.sections_layout.insertWidget(self.sections_layout.count() - 1, section)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        # The main window refreshes a page the first time it is shown; the
        # backups list is read again each time the page comes back, since a
        # backup may have been made meanwhile (the automatic one is taken on a
        # thread of its own, and a large database takes a while to copy).
        super().showEvent(event)
        if self._shown_before and self.context.db is not None:
            self.backups_section.refresh()
        self._shown_before = True

    def backup_made(self, _backup=None) -> None:
        """A backup was made elsewhere (the automatic start-up one): list it."""
        if self.context.db is not None:
            self.backups_section.refresh()

    def refresh(self) -> None:
        for section in self.sections:
            refresh = getattr(section, "refresh", None)
            if refresh is not None:
                refresh()

    def retranslate(self, *_args) -> None:
        self.heading.setText(_("Settings"))
        for section in self.sections:
            retranslate = getattr(section, "retranslate", None)
            if retranslate is not None:
                retranslate()

    def _after_restore(self, _result) -> None:
        """The database under every page changed: every page reads its data again."""
        window = self.window()
        for page in getattr(window, "pages", []):
            if page is not self:
                page.refresh()
        retranslate_window = getattr(window, "retranslate", None)
        if retranslate_window is not None and window is not self:
            retranslate_window()
