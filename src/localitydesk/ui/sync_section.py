"""The Sync section of the Settings page: the server, the token, Push now,
the backlog, and conflicts and rejections shown field by field.

Self-contained: ``SettingsPage.add_section(SyncSection(context, controller))``.
Every piece of work goes to the database thread (or, for the network, to the
sync controller's own thread); this widget only shows what comes back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from localitydesk.i18n import _, ngettext
from localitydesk.i18n.formatting import format_datetime, format_decimal
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import ValidationError
from localitydesk.services.sync import clear_stop, set_server, set_token
from localitydesk.services.sync.conflicts import (
    ConflictView,
    RejectionView,
    acknowledge_rejection,
    keep_server_version,
    list_conflicts,
    list_rejections,
    reason_text,
    resend_ours,
)
from localitydesk.services.sync.field_labels import field_label
from localitydesk.services.sync.problem_wording import problem_text
from localitydesk.services.sync.wording import stop_message

from .context import AppContext
from .sync_controller import SyncController, SyncView


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


class SyncSection(QWidget):
    def __init__(self, context: AppContext, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.controller = controller
        self.view: SyncView | None = None
        self.conflicts: list[ConflictView] = []
        self.rejections: list[RejectionView] = []
        self.setObjectName("syncSection")

        # -- server and token ---------------------------------------------------------
        self.connection_box = QGroupBox()
        form = QFormLayout(self.connection_box)
        self.server_edit = QLineEdit()
        self.server_edit.setObjectName("syncServer")
        self.ca_edit = QLineEdit()
        self.ca_edit.setObjectName("syncCaFile")
        self.ca_button = QPushButton()
        self.ca_button.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("syncToken")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)  # masked: it is a password in all but name
        self.save_button = QPushButton()
        self.save_button.setObjectName("syncSave")
        self.save_button.clicked.connect(self.save)
        self.server_label, self.ca_label, self.token_label = QLabel(), QLabel(), QLabel()
        # Each field is reached with its label's Alt+letter.
        self.server_label.setBuddy(self.server_edit)
        self.ca_label.setBuddy(self.ca_edit)
        self.token_label.setBuddy(self.token_edit)
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.ca_label, ca_row)
        form.addRow(self.token_label, self.token_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("syncError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        form.addRow(self.error_label)
        self.locality_hint = QLabel()
        self.locality_hint.setWordWrap(True)
        self.locality_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.locality_hint)
        form.addRow(self.save_button)

        # -- state and Push now ---------------------------------------------------------
        self.state_box = QGroupBox()
        state = QFormLayout(self.state_box)
        self.state_value, self.last_success_value, self.backlog_value = QLabel(), QLabel(), QLabel()
        self.state_value.setObjectName("syncState")
        self.backlog_value.setObjectName("syncBacklog")
        self.last_success_value.setObjectName("syncLastSuccess")
        self.message_label = QLabel()
        self.message_label.setObjectName("syncMessage")
        self.message_label.setWordWrap(True)
        self.state_label, self.last_success_label, self.backlog_label = QLabel(), QLabel(), QLabel()
        state.addRow(self.state_label, self.state_value)
        state.addRow(self.last_success_label, self.last_success_value)
        state.addRow(self.backlog_label, self.backlog_value)
        state.addRow(self.message_label)
        self.push_button = QPushButton()
        self.push_button.setObjectName("syncPushNow")
        self.push_button.clicked.connect(self.push_now)
        state.addRow(self.push_button)

        # -- conflicts ---------------------------------------------------------------------
        self.conflict_box = QGroupBox()
        conflicts = QVBoxLayout(self.conflict_box)
        self.conflict_list = QListWidget()
        self.conflict_list.setObjectName("syncConflicts")
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        self.conflict_fields = self._table("syncConflictFields")
        buttons = QHBoxLayout()
        self.keep_server_button = QPushButton()
        self.keep_server_button.setObjectName("syncKeepServer")
        self.keep_server_button.clicked.connect(lambda: self._resolve(keep_server_version))
        self.resend_button = QPushButton()
        self.resend_button.setObjectName("syncResendOurs")
        self.resend_button.clicked.connect(lambda: self._resolve(resend_ours))
        buttons.addStretch(1)
        buttons.addWidget(self.keep_server_button)
        buttons.addWidget(self.resend_button)
        conflicts.addWidget(self.conflict_list)
        conflicts.addWidget(self.conflict_fields)
        conflicts.addLayout(buttons)

        # -- rejections --------------------------------------------------------------------
        self.rejection_box = QGroupBox()
        rejections = QVBoxLayout(self.rejection_box)
        self.rejection_list = QListWidget()
        self.rejection_list.setObjectName("syncRejections")
        self.rejection_list.currentRowChanged.connect(self._show_rejection)
        self.rejection_fields = self._table("syncRejectionFields")
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setObjectName("syncAcknowledge")
        self.acknowledge_button.clicked.connect(self._acknowledge)
        ack_row = QHBoxLayout()
        ack_row.addStretch(1)
        ack_row.addWidget(self.acknowledge_button)
        rejections.addWidget(self.rejection_list)
        rejections.addWidget(self.rejection_fields)
        rejections.addLayout(ack_row)

        layout = QVBoxLayout(self)
        for box in (self.connection_box, self.state_box, self.conflict_box, self.rejection_box):
            layout.addWidget(box)

        controller.changed.connect(self.show_view)
        follow_language(self, self.retranslate)
        self.retranslate()
        if controller.view is not None:
            self.show_view(controller.view)
        # The lists are read when the Settings page is shown (SettingsPage.refresh), not before.

    @staticmethod
    def _table(name: str) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    # -- language --------------------------------------------------------------------------
    def title(self) -> str:
        return _("Sync with the regional server")

    def retranslate(self, *_args) -> None:
        self.connection_box.setTitle(_("Regional server"))
        self.server_label.setText(_("Server &address:"))
        self.server_edit.setPlaceholderText("https://")
        self.ca_label.setText(_("Cer&tificate authority file (optional):"))
        self.ca_button.setText(_("Choos&e…"))
        self.token_label.setText(_("To&ken:"))
        self.save_button.setText(_("Sa&ve"))
        self.state_box.setTitle(_("Sync state"))
        self.state_label.setText(_("State"))
        self.last_success_label.setText(_("Last success"))
        self.backlog_label.setText(_("Backlog"))
        self.push_button.setText(_("&Push now"))
        self.conflict_box.setTitle(_("Conflicts"))
        self.keep_server_button.setText(_("Keep the server's version"))
        self.resend_button.setText(_("Send ours again"))
        self.rejection_box.setTitle(_("Rejected changes"))
        self.acknowledge_button.setText(_("Acknowledge"))
        self.conflict_fields.setHorizontalHeaderLabels([_("Field"), _("Ours"), _("Server's")])
        self.rejection_fields.setHorizontalHeaderLabels([_("Field"), _("Problem"), _("Our value")])
        if self.view is not None:
            self.show_view(self.view)
        self._fill_lists()

    # -- showing -----------------------------------------------------------------------------
    def show_view(self, view: SyncView) -> None:
        first = self.view is None
        self.view = view
        status = view.status
        settings = status.settings
        if first or not self.server_edit.isModified():
            self.server_edit.setText(settings.server_url)
            self.ca_edit.setText(settings.ca_file)
        self.token_edit.setPlaceholderText(
            (_("kept in the keyring — type a new one to replace it") if status.token_where == "keyring"
             else _("kept in a private file — type a new one to replace it"))
            if status.has_token else _("paste the token from the regional data manager")
        )
        if settings.locality_code:
            self.locality_hint.setText(
                _("Tokens are issued for this locality, {code}, id {id}.").format(
                    code=settings.locality_code, id=settings.locality_id)
            )
        self.state_value.setText(view.line())
        self.last_success_value.setText(
            format_datetime(status.last_success_at, "short") if status.last_success_at else _("never"))
        self.backlog_value.setText(ngettext("{count} change waiting", "{count} changes waiting",
                                            status.waiting).format(count=format_decimal(status.waiting)))
        if status.stopped:
            self.message_label.setText(stop_message(status.stopped))
        elif status.last_error:
            self.message_label.setText(_("Last error: {message}").format(message=status.last_error))
        else:
            self.message_label.setText("")
        self.push_button.setEnabled(status.configured and not view.pushing)
        if (status.conflicts, status.rejections) != (len(self.conflicts), len(self.rejections)):
            self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        self.context.worker.submit(lambda: (list_conflicts(db), list_rejections(db)), on_success=self._lists_loaded,
                                   on_failure=self._failed)

    def _lists_loaded(self, lists) -> None:
        self.conflicts, self.rejections = lists
        self._fill_lists()

    def _fill_lists(self) -> None:
        self.conflict_list.clear()
        for conflict in self.conflicts:
            QListWidgetItem(f"{conflict.title} — {reason_text(conflict.reason)}", self.conflict_list)
        self.rejection_list.clear()
        for rejection in self.rejections:
            QListWidgetItem(f"{rejection.title} — {reason_text(rejection.reason)}", self.rejection_list)
        if self.conflicts:
            self.conflict_list.setCurrentRow(0)
        else:
            self._show_conflict(-1)
        if self.rejections:
            self.rejection_list.setCurrentRow(0)
        else:
            self._show_rejection(-1)

    def _show_conflict(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        rows = [] if conflict is None else [(field_label(d.field), _shown(d.ours), _shown(d.server), d.contested)
                                            for d in conflict.differences]
        self._fill_table(self.conflict_fields, rows)
        self.keep_server_button.setEnabled(conflict is not None)
        self.resend_button.setEnabled(conflict is not None and not conflict.server_deleted)

    def _show_rejection(self, row: int) -> None:
        rejection = self.rejections[row] if 0 <= row < len(self.rejections) else None
        rows = [] if rejection is None else [(field_label(name), problem_text(problem), _shown(value), True)
                                             for name, problem, value in rejection.problems]
        if rejection is not None and not rows and rejection.message:
            rows = [("", problem_text(rejection.message), "", False)]
        self._fill_table(self.rejection_fields, rows)
        self.acknowledge_button.setEnabled(rejection is not None)

    @staticmethod
    def _fill_table(table: QTableWidget, rows: list[tuple[str, str, str, bool]]) -> None:
        table.setRowCount(len(rows))
        for index, (name, first, second, marked) in enumerate(rows):
            for column, value in enumerate((name, first, second)):
                item = QTableWidgetItem(value)
                if marked:
                    font = item.font()
                    font.setBold(True)  # the fields the server named
                    item.setFont(font)
                table.setItem(index, column, item)

    # -- acting ----------------------------------------------------------------------------------
    def _choose_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Certificate authority file"), "",
                                                   _("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_edit.setText(path)

    def save(self) -> None:
        db, store = self.context.db, self.controller.store
        url, ca_file, token = self.server_edit.text(), self.ca_edit.text().strip() or None, self.token_edit.text()

        def work():
            set_server(db, url, ca_file)
            if token.strip():
                set_token(db, token, store)

        self.error_label.setText("")
        self.context.worker.submit(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, _result) -> None:
        self.token_edit.clear()
        self.server_edit.setModified(False)
        self.controller.settings_changed()

    def push_now(self) -> None:
        db = self.context.db
        self.context.worker.submit(lambda: clear_stop(db), on_success=lambda _r: self.controller.settings_changed(),
                                   on_failure=self._failed)

    def _resolve(self, action) -> None:
        row = self.conflict_list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        seq, db, actor = self.conflicts[row].seq, self.context.db, self.context.actor
        self.context.worker.submit(lambda: action(db, actor, seq), on_success=self._resolved, on_failure=self._failed)

    def _resolved(self, _result) -> None:
        self.refresh()
        self.controller.settings_changed()  # a change sent again should go now

    def _acknowledge(self) -> None:
        row = self.rejection_list.currentRow()
        if not 0 <= row < len(self.rejections):
            return
        seq, db = self.rejections[row].seq, self.context.db
        self.context.worker.submit(lambda: acknowledge_rejection(db, seq), on_success=lambda _r: self._resolved(None),
                                   on_failure=self._failed)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.error_label.setText("\n".join(error.errors.values()))
        else:
            self.error_label.setText(str(error))
