"""What every record editor shares: tabs of labelled fields, each with its
validation message beneath it, one Save that runs off the UI thread and either
closes the dialog or shows every message at once, nothing saved half-way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from localitydesk.i18n import _
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.errors import ValidationError
from localitydesk.ui.widgets.field_error import FieldWithError
from localitydesk.ui.widgets.row_table_editor import RowTableEditor


class EditorDialog(QDialog):
    saved = Signal(object)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setModal(True)
        self.tabs = QTabWidget()
        self.fields: dict[str, FieldWithError] = {}
        self.captions: dict[str, QLabel] = {}
        self.tables: dict[str, RowTableEditor] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def finish_building(self) -> None:
        """Called by subclasses once their widgets exist."""
        self.retranslate()
        follow_language(self, self.retranslate)

    # -- building ------------------------------------------------------------
    def form_tab(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        self.tabs.addTab(page, "")
        return page, form

    def add_field(self, form: QFormLayout, name: str, widget: QWidget) -> Any:
        holder = FieldWithError(widget)
        caption = QLabel()
        caption.setBuddy(widget)
        self.fields[name] = holder
        self.captions[name] = caption
        form.addRow(caption, holder)
        return widget

    def add_table(self, name: str, make_row: Callable, columns: int) -> RowTableEditor:
        table = RowTableEditor(make_row)
        table.table.setColumnCount(columns)
        self.tables[name] = table
        return table

    def set_captions(self, captions: dict[str, str]) -> None:
        for name, text in captions.items():
            self.captions[name].setText(text)
            self.fields[name].field.setAccessibleName(text.replace("&", "").rstrip(":"))

    def retranslate(self, *_args) -> None:
        raise NotImplementedError

    # -- saving --------------------------------------------------------------
    def collect(self) -> Any:
        raise NotImplementedError

    def save_work(self, record: Any) -> Callable[[], Any]:
        """The service call that saves ``record``, to run on the database thread."""
        raise NotImplementedError

    def save(self) -> None:
        work = self.save_work(self.collect())
        self.buttons.setEnabled(False)
        self.context.worker.submit(work, on_success=self._saved, on_failure=self._save_failed)

    def _saved(self, record_id) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(record_id)
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            self.fail(str(error))

    def fail(self, message: str) -> None:
        self.setEnabled(True)
        QMessageBox.critical(self, self.windowTitle(), message)

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, holder in self.fields.items():
            holder.show_error(errors.get(name))
        for prefix, table in self.tables.items():
            table.show_error(next((m for key, m in errors.items() if key.split("[")[0] == prefix), None))
        unplaced = [m for key, m in errors.items() if key.split("[")[0] not in self.fields and key.split("[")[0] not in self.tables]
        self.summary.setText(
            "\n".join([_("Please correct the fields marked in red. Nothing has been saved.")] + unplaced)
        )
        self.summary.setVisible(bool(errors))
        for name in errors:
            base = name.split("[")[0]
            widget = self.fields.get(base) or self.tables.get(base)
            if widget is None:
                continue
            page = widget
            while page is not None and self.tabs.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self.tabs.setCurrentWidget(page)
            widget.setFocus()
            break
