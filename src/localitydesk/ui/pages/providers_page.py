"""The Providers page: care homes, services and wards, searched as you type."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.vocabulary import ProviderType, label
from localitydesk.i18n import _, ngettext
from localitydesk.i18n.formatting import format_decimal
from localitydesk.services.providers import list_providers
from localitydesk.ui.models.provider_table_model import ProviderTableModel
from localitydesk.ui.models.row_table_model import ROW_ROLE
from localitydesk.ui.widgets.code_combo import CodeCombo

from .base import Page


class ProvidersPage(Page):
    key = "providers"

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = ProviderTableModel(self)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filters_changed)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.type_label = QLabel()
        self.type_filter = CodeCombo([(None, lambda: _("Any"))] + [(t, partial(label, t)) for t in ProviderType])
        self.type_label.setBuddy(self.type_filter)
        self.type_filter.currentIndexChanged.connect(self._filters_changed)
        self.welsh_only = QCheckBox()
        self.welsh_only.toggled.connect(self._filters_changed)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.type_label)
        top.addWidget(self.type_filter)
        top.addWidget(self.welsh_only)

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
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 140)
        self.table.setColumnWidth(3, 320)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.count_label = QLabel()
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self._open_editor(None))
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_providers)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_providers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, activated=self.search.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=lambda: self._open_editor(None))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_selected)
        self.model.modelReset.connect(self._update_count)
        self.retranslate()

    def refresh(self) -> None:
        self.context.worker.submit(
            lambda: list_providers(self.context.db),
            on_success=self._show,
            on_failure=lambda error: QMessageBox.critical(self, _("Providers"), str(error)),
        )

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        self._filters_changed()
        self.loaded.emit()

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Name in Welsh or English, or town"))
        self.search.setAccessibleName(_("Search providers"))
        self.type_label.setText(_("&Type:"))
        self.type_filter.setAccessibleName(_("Type"))
        self.type_filter.retranslate()
        self.welsh_only.setText(_("&Welsh-preferring only"))
        self.table.setAccessibleName(_("Providers"))
        self.new_button.setText(_("&New provider"))
        self.edit_button.setText(_("&Open provider"))
        self.import_button.setText(_("&Import…"))
        self.export_button.setText(_("E&xport…"))
        self.model.retranslate()
        self._update_count()

    def _filters_changed(self, *_args) -> None:
        kind = self.type_filter.code()
        welsh_only = self.welsh_only.isChecked()
        self.model.set_filter(
            self.search.text(),
            lambda row: (kind is None or row.kind == kind) and (not welsh_only or row.welsh_preferring),
        )

    def _update_count(self) -> None:
        total = self.model.total_count()
        self.count_label.setText(
            ngettext("Showing {shown} of {total} provider", "Showing {shown} of {total} providers", total).format(
                shown=format_decimal(self.model.rowCount()), total=format_decimal(total)
            )
        )

    def edit_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if indexes:
            self._open_editor(self.model.data(indexes[0], ROW_ROLE).id)

    def _open_editor(self, provider_id) -> None:
        from localitydesk.ui.dialogs.provider_editor import ProviderEditor

        editor = ProviderEditor(self.context, provider_id, self)
        editor.saved.connect(lambda _id: self.refresh())
        editor.open()

    def import_providers(self) -> None:
        from localitydesk.ui.dialogs.import_dialog import ProviderImportDialog

        path, _selected = QFileDialog.getOpenFileName(
            self, _("Import providers"), "", _("Spreadsheets (*.csv *.xlsx)")
        )
        if path:
            dialog = ProviderImportDialog(self.context, path, self)
            dialog.imported.connect(self.refresh)
            dialog.open()

    def export_providers(self) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self, _("Export providers"), "providers.xlsx", _("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if not path:
            return
        from localitydesk.services.provider_io import export_providers

        self.context.worker.submit(
            lambda: export_providers(self.context.db, path),
            on_success=lambda _result: QMessageBox.information(
                self, _("Export providers"), _("Providers exported to {path}.").format(path=path)
            ),
            on_failure=lambda error: QMessageBox.critical(self, _("Export providers"), str(error)),
            progress_parent=self,
            progress_label=_("Exporting providers…"),
        )
