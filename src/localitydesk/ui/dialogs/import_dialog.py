"""Importing a spreadsheet of records (workers, providers): check the whole
file first, show every bad row, then import all of it, only its valid rows if
the user asks, or nothing.

One dialog for every kind of record: it is given the import function (any
``import_x(db, actor, path, dry_run=, valid_only=, **options)`` returning a
``services.tabular.ImportReport``) and its words; workers add the choice of
Welsh scale their files may use."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from localitydesk.i18n import _, ngettext
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.provider_io import import_providers
from localitydesk.services.tabular import ImportReport
from localitydesk.services.worker_io import WelshScale, import_workers
from localitydesk.ui.widgets.code_combo import CodeCombo


class ImportDialog(QDialog):
    imported = Signal()

    def __init__(
        self,
        context,
        path: str,
        import_function: Callable[..., ImportReport],
        title: Callable[[str], str],
        busy_label: Callable[[], str],
        parent=None,
        welsh_scale: bool = False,
    ):
        """``title(file name)`` and ``busy_label()`` give words in the current
        language, so the dialog can follow a language change."""
        super().__init__(parent)
        self.context = context
        self.path = Path(path)
        self.import_function = import_function
        self.title = title
        self.busy_label = busy_label
        self.report: ImportReport | None = None
        self.resize(760, 480)
        self.scale = CodeCombo(
            [
                (WelshScale.NATIVE, lambda: _("0–5, LocalityDesk's own (Dim … Hyfedr)")),
                (WelshScale.FIVE_POINT, lambda: _("1–5, an employer's self-assessment")),
                (WelshScale.CEFR, lambda: _("CEFR, A1 to C2")),
            ]
        )
        self.scale.currentIndexChanged.connect(self.check)
        self.scale_label = QLabel()
        self.scale_label.setBuddy(self.scale)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.verticalHeader().setVisible(False)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.valid_only = QCheckBox()
        self.valid_only.toggled.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.scale_label, self.scale)
        self.scale_label.setVisible(welsh_scale)
        self.scale.setVisible(welsh_scale)
        self.welsh_scale = welsh_scale
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.buttons)
        self.retranslate()
        follow_language(self, self._language_changed)
        self.check()

    def _language_changed(self, *_args) -> None:
        self.retranslate()
        self.check()  # the problems are words in the UI language

    def retranslate(self) -> None:
        self.setWindowTitle(self.title(self.path.name))
        self.scale_label.setText(_("Welsh levels in the file use the &scale:"))
        self.scale.retranslate()
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.problems.setAccessibleName(_("Problems found in the file"))
        self.valid_only.setText(_("Import only the &valid rows and leave the others out"))
        self.import_button.setText(_("&Import"))
        self._show_summary()

    def _run(self, dry_run: bool, on_success) -> None:
        db, actor, path, function = self.context.db, self.context.actor, self.path, self.import_function
        options = {"scale": self.scale.code()} if self.welsh_scale else {}
        valid_only = self.valid_only.isChecked()
        self.import_button.setEnabled(False)
        self.context.worker.submit(
            lambda: function(db, actor, path, dry_run=dry_run, valid_only=valid_only, **options),
            on_success=on_success,
            on_failure=lambda error: QMessageBox.critical(self, self.windowTitle(), str(error)),
            progress_parent=self,
            progress_label=_("Checking the file…") if dry_run else self.busy_label(),
        )

    def check(self, *_args) -> None:
        self._run(dry_run=True, on_success=self._checked)

    def _checked(self, report: ImportReport) -> None:
        self.report = report
        self.problems.setRowCount(0)
        for problem in report.errors:
            row = self.problems.rowCount()
            self.problems.insertRow(row)
            for column, value in enumerate((str(problem.row), problem.column, problem.message)):
                self.problems.setItem(row, column, QTableWidgetItem(value))
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        r = self.report
        if r is None:
            self.summary.setText(_("Checking the file…"))
            return
        text = ngettext("{rows} row read", "{rows} rows read", r.rows_read).format(rows=r.rows_read) + ": " + _(
            "{new} new, {updated} to update, {unchanged} unchanged"
        ).format(new=r.created, updated=r.updated, unchanged=r.unchanged)
        if r.errors:
            text += "\n" + ngettext(
                "{count} row has problems; as it stands the file imports nothing.",
                "{count} rows have problems; as it stands the file imports nothing.",
                r.rows_with_errors,
            ).format(count=r.rows_with_errors)
        self.summary.setText(text)

    def _update_buttons(self, *_args) -> None:
        r = self.report
        ready = r is not None and r.rows_ok > 0 and (not r.errors or self.valid_only.isChecked())
        self.import_button.setEnabled(ready)
        self.valid_only.setVisible(bool(r and r.errors))

    def run_import(self) -> None:
        self._run(dry_run=False, on_success=self._imported)

    def _imported(self, report: ImportReport) -> None:
        if not report.written:
            self._checked(report)
            return
        self.imported.emit()
        QMessageBox.information(
            self, self.windowTitle(),
            _("Imported: {new} new, {updated} updated.").format(new=report.created, updated=report.updated),
        )
        self.accept()


def WorkerImportDialog(context, path: str, parent=None) -> ImportDialog:  # noqa: N802 - reads as the class it was
    today = context.today()  # in the GUI thread, once: the import runs on a worker thread
    return ImportDialog(
        context, path, partial(import_workers, today=today),
        title=lambda file: _("Import workers from {file}").format(file=file),
        busy_label=lambda: _("Importing workers…"),
        parent=parent, welsh_scale=True,
    )


def ProviderImportDialog(context, path: str, parent=None) -> ImportDialog:  # noqa: N802
    return ImportDialog(
        context, path, import_providers,
        title=lambda file: _("Import providers from {file}").format(file=file),
        busy_label=lambda: _("Importing providers…"),
        parent=parent,
    )
