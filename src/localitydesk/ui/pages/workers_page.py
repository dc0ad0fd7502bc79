"""The Workers page: the locality's workers, searched and filtered as you type."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.compliance_status import ComplianceState, compliance_state_label
from localitydesk.domain.vocabulary import EmploymentType, Role, WelshLevel, label
from localitydesk.i18n import _, ngettext
from localitydesk.i18n.formatting import format_decimal
from localitydesk.services.workers import list_workers
from localitydesk.ui.models.worker_table_model import ROW_ROLE, WorkerFilter, WorkerTableModel
from localitydesk.ui.widgets.code_combo import CodeCombo
from localitydesk.ui.widgets.flow_layout import flow_of, kept_together

from .base import Page


def _any() -> str:
    return _("Any")


class WorkersPage(Page):
    key = "workers"
    worker_saved = Signal(object)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = WorkerTableModel(self)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filters_changed)
        self.type_filter = CodeCombo([(None, _any)] + [(t, partial(label, t)) for t in EmploymentType])
        self.role_filter = CodeCombo([(None, _any)] + [(r, partial(label, r)) for r in Role])
        self.welsh_filter = CodeCombo([(int(level), partial(label, level)) for level in WelshLevel])
        self.compliance_filter = CodeCombo(
            [(None, _any)] + [(s, partial(compliance_state_label, s)) for s in ComplianceState]
        )
        self.status_filter = CodeCombo(
            [("current", lambda: _("Current")), ("leavers", lambda: _("Leavers")), ("all", lambda: _("All"))]
        )
        self.filter_labels: dict[str, QLabel] = {}
        pairs = []
        for key, combo in (
            ("type", self.type_filter),
            ("role", self.role_filter),
            ("welsh", self.welsh_filter),
            ("compliance", self.compliance_filter),
            ("status", self.status_filter),
        ):
            caption = QLabel()
            caption.setBuddy(combo)
            self.filter_labels[key] = caption
            pairs.append(kept_together([caption, combo]))
            combo.currentIndexChanged.connect(self._filters_changed)
        # The five filters wrap onto a second row rather than widen the
        # window (in Welsh, or with a larger font, they outgrow one row).
        filters = flow_of(pairs)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setColumnWidth(0, 220)
        for column in range(1, 6):
            self.table.setColumnWidth(column, 150)

        self.count_label = QLabel()
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_worker)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.leaver_button = QPushButton()
        self.leaver_button.clicked.connect(self.mark_selected_leaver)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_workers)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_workers)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.leaver_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)

        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, activated=self._focus_search)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=self.new_worker)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_selected)
        self.model.modelReset.connect(self._update_count)
        self.retranslate()
        self._filters_changed()

    # -- page interface ------------------------------------------------------
    def refresh(self) -> None:
        today = self.context.today()
        self.context.worker.submit(
            lambda: list_workers(self.context.db, today),
            on_success=lambda rows: self._show(rows, today),
            on_failure=self._show_error,
        )

    def _show(self, rows, today) -> None:
        self.model.set_worker_rows(rows, today)
        self.loaded.emit()

    def _show_error(self, error: Exception) -> None:
        QMessageBox.critical(self, _("Workers"), str(error))

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Name, staff number or town"))
        self.search.setAccessibleName(_("Search workers"))
        captions = {
            "type": _("&Employment:"),
            "role": _("&Role:"),
            "welsh": _("Welsh &at least:"),
            "compliance": _("&Compliance:"),
            "status": _("Sho&w:"),
        }
        for key, caption in captions.items():
            self.filter_labels[key].setText(caption)
            self.filter_labels[key].buddy().setAccessibleName(caption.replace("&", "").rstrip(":"))
        for combo in (self.type_filter, self.role_filter, self.welsh_filter, self.compliance_filter, self.status_filter):
            combo.retranslate()
        self.table.setAccessibleName(_("Workers"))
        self.new_button.setText(_("&New worker"))
        self.edit_button.setText(_("&Open profile"))
        self.leaver_button.setText(_("Mark as lea&ver…"))
        self.import_button.setText(_("&Import…"))
        self.export_button.setText(_("E&xport…"))
        self.model.retranslate()
        self._update_count()

    # -- filtering -----------------------------------------------------------
    def current_filter(self) -> WorkerFilter:
        status = self.status_filter.code()
        return WorkerFilter(
            text=self.search.text(),
            employment_type=self.type_filter.code(),
            role=self.role_filter.code(),
            min_welsh=self.welsh_filter.code() or 0,
            compliance=self.compliance_filter.code(),
            show_current=status in ("current", "all"),
            show_leavers=status in ("leavers", "all"),
        )

    def _filters_changed(self, *_args) -> None:
        self.model.apply(self.current_filter())

    def _update_count(self) -> None:
        # M counts the population the Show choice picks (current workers,
        # leavers, or everyone), so "125 of 10,000" never mixes leavers into
        # a count of current workers.
        status = self.status_filter.code()
        shown, total = self.model.rowCount(), self.model.population_count(self.current_filter())
        if status == "current":
            text = ngettext("Showing {shown} of {total} current worker", "Showing {shown} of {total} current workers", total)
        elif status == "leavers":
            text = ngettext("Showing {shown} of {total} leaver", "Showing {shown} of {total} leavers", total)
        else:
            text = ngettext("Showing {shown} of {total} worker", "Showing {shown} of {total} workers", total)
        self.count_label.setText(text.format(shown=format_decimal(shown), total=format_decimal(total)))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- actions -------------------------------------------------------------
    def selected_worker_id(self) -> uuid.UUID | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.data(indexes[0], ROW_ROLE).id

    def new_worker(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        worker_id = self.selected_worker_id()
        if worker_id is not None:
            self._open_editor(worker_id)

    def _open_editor(self, worker_id: uuid.UUID | None) -> None:
        from localitydesk.ui.dialogs.worker_editor import WorkerEditor

        editor = WorkerEditor(self.context, worker_id, self)
        editor.saved.connect(self._after_save)
        editor.open()

    def _after_save(self, worker_id) -> None:
        self.worker_saved.emit(worker_id)
        self.refresh()

    def mark_selected_leaver(self) -> None:
        worker_id = self.selected_worker_id()
        if worker_id is None:
            return
        from localitydesk.ui.dialogs.leaver_dialog import LeaverDialog

        dialog = LeaverDialog(self.context, worker_id, self)
        dialog.saved.connect(self._after_save)
        dialog.open()

    def import_workers(self) -> None:
        from localitydesk.ui.dialogs.import_dialog import WorkerImportDialog

        path, _selected = QFileDialog.getOpenFileName(
            self, _("Import workers"), "", _("Spreadsheets (*.csv *.xlsx)")
        )
        if path:
            dialog = WorkerImportDialog(self.context, path, self)
            dialog.imported.connect(self.refresh)
            dialog.open()

    def export_workers(self) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self, _("Export workers"), "workers.xlsx", _("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if not path:
            return
        from localitydesk.services.worker_io import export_workers

        self.context.worker.submit(
            lambda: export_workers(self.context.db, path),
            on_success=lambda _result: QMessageBox.information(
                self, _("Export workers"), _("Workers exported to {path}.").format(path=path)
            ),
            on_failure=self._show_error,
            progress_parent=self,
            progress_label=_("Exporting workers…"),
        )
