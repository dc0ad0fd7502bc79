"""Auto-fill from the rota page: run it off the UI thread, watch it, see what
it proposes and what it could not fill, then accept or discard.

The planner (``services.rota.plan_autofill``) runs as a job on the database
worker; it reports progress from its own threads, which reach this dialog
through a queued signal, and polls a cancel flag. Cancelling keeps the best
fill found so far, which the manager still sees before deciding. Nothing is
written here: accepting hands the proposal to the rota page, which applies
it as one undo step.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.vocabulary import label
from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.formatting import format_date, format_decimal, format_time
from localitydesk.planning.problem import OPTIMAL, Cancelled
from localitydesk.services.rota import AutofillOptions, plan_autofill


class _ProgressBridge(QObject):
    """Lives on the UI thread; ``progressed.emit`` from any thread is queued to it."""

    progressed = Signal(object)


PHASES = {
    "preparing": lambda: _("Reading the core team and the open requests…"),
    "greedy": lambda: _("Filling in time order as a first answer…"),
    "solving": lambda: _("Searching for the best legal rota…"),
    "checking": lambda: _("Checking every shift against the working-time rules…"),
    "explaining": lambda: _("Working out why the rest cannot be filled…"),
}


class AutofillDialog(QDialog):
    def __init__(self, context, first, last, options: AutofillOptions | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.first, self.last = first, last
        self.options = options or AutofillOptions()
        self.proposal = None
        self.running = False
        # request id -> how the rota page names it ("Mon 30 Nov 07:30–15:30 · Tŷ Gwyn · Care worker")
        self.request_titles: dict = {}
        self._stop = threading.Event()
        self._bridge = _ProgressBridge(self)
        self._bridge.progressed.connect(self._progress)
        self.setWindowTitle(_("Auto-fill the rota"))
        self.resize(860, 560)

        self.pages = QStackedWidget()
        running = QWidget()
        self.phase_label = QLabel(_("Starting…"))
        self.phase_label.setWordWrap(True)
        self.best_label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.cancel_button = QPushButton(_("&Stop and show the best so far"))
        self.cancel_button.clicked.connect(self.stop)
        running_layout = QVBoxLayout(running)
        running_layout.addStretch(1)
        for widget in (self.phase_label, self.bar, self.best_label):
            running_layout.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        running_layout.addLayout(row)
        running_layout.addStretch(1)

        result = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.proposed = QTableWidget(0, 5)
        self.proposed.verticalHeader().setVisible(False)
        self.proposed.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.proposed.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.proposed.horizontalHeader().setStretchLastSection(True)
        self.unfilled = QTextBrowser()
        self.tabs.addTab(self.proposed, "")
        self.tabs.addTab(self.unfilled, "")
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.summary)
        result_layout.addWidget(self.tabs, 1)
        self.pages.addWidget(running)
        self.pages.addWidget(result)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(_("&Apply to the rota"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self.buttons.addButton(_("&Discard"), QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

    # -- running -------------------------------------------------------------
    def start(self) -> None:
        db, options, language, now = self.context.db, self.options, current_language(), self.context.now()
        first, last, bridge, stop = self.first, self.last, self._bridge, self._stop
        self.running = True
        self.context.worker.submit(
            lambda: plan_autofill(db, first, last, options, progress=bridge.progressed.emit, should_stop=stop.is_set,
                                  language=language, now=now),
            on_success=self._show,
            on_failure=self._failed,
        )

    def stop(self) -> None:
        self._stop.set()
        self.cancel_button.setEnabled(False)
        self.phase_label.setText(_("Stopping: keeping the best rota found so far…"))

    def _progress(self, progress) -> None:
        if not self.running:
            return
        if not self._stop.is_set():
            self.phase_label.setText(PHASES.get(progress.phase, lambda: progress.phase)())
        limit = max(self.options.time_limit_s, 0.1)
        self.bar.setValue(min(99, int(100 * progress.elapsed_s / (limit + 2))))
        if progress.assigned is not None:
            self.best_label.setText(
                ngettext("Best so far: {count} shift filled", "Best so far: {count} shifts filled", progress.assigned).format(
                    count=progress.assigned
                )
            )

    def _failed(self, error: Exception) -> None:
        self.running = False
        if isinstance(error, Cancelled):
            self.phase_label.setText(_("Stopped before any rota was found. Nothing was changed."))
        else:
            self.phase_label.setText(_("Auto-fill could not run: {error}").format(error=error))
        self.cancel_button.setEnabled(False)
        self.bar.setValue(0)

    def reject(self) -> None:
        self._stop.set()  # closing while it runs stops the search; its answer is dropped
        super().reject()

    # -- the answer ----------------------------------------------------------
    def _show(self, proposal) -> None:
        self.running = False
        self.proposal = proposal
        result = proposal.result
        language = current_language()
        if result.status == OPTIMAL:
            quality = _("This is the best legal rota for these requests (optimal).")
        else:
            quality = _("A legal rota within {gap}% of the best possible: its score is {objective}, and none can score more than {bound}.").format(
                gap=format_decimal(round(100 * result.gap, 2), places=2), objective=format_decimal(round(result.objective)),
                bound=format_decimal(round(result.bound)),
            )
        if result.cancelled:
            quality += " " + _("Stopped early: this is the best found before you stopped it.")
        filled = _("Auto-fill proposes {assigned} of the {open} open places; {left} left for the bank.").format(
            assigned=result.assigned, open=result.open_before, left=result.open_before - result.assigned
        )
        self.summary.setText(filled + "\n" + quality)

        self.proposed.setRowCount(len(proposal.bookings))
        self.proposed.setHorizontalHeaderLabels([_("Worker"), _("When"), _("Provider"), _("Role"), _("Welsh need")])
        for row, booking in enumerate(sorted(proposal.bookings, key=lambda b: (b.starts_at, b.worker_name))):
            welsh = "—" if booking.welsh_need_met is None else _("Met") if booking.welsh_need_met else _("Not met")
            values = (
                booking.worker_name,
                _("{day} {start}–{end}").format(day=format_date(booking.starts_at, "EEE d MMM"),
                                                start=format_time(booking.starts_at), end=format_time(booking.ends_at)),
                booking.provider_name(language), label(booking.role), welsh,
            )
            for column, value in enumerate(values):
                self.proposed.setItem(row, column, QTableWidgetItem(value))
        self.proposed.resizeColumnsToContents()

        parts = []
        for unfilled in result.unfilled:
            title = self.request_titles.get(unfilled.request_id, str(unfilled.request_id))
            parts.append(f"<h4>{_escape(title)}</h4>")
            parts.append(f"<p>{_escape(unfilled.summary)}</p><ul>")
            parts.extend(f"<li><b>{_escape(reason.name)}</b>: {_escape(reason.text)}</li>" for reason in unfilled.reasons)
            parts.append("</ul>")
        self.unfilled.setHtml("".join(parts) or _escape(_("Every open place is filled.")))
        self.tabs.setTabText(0, _("&Proposed ({count})").format(count=len(proposal.bookings)))
        self.tabs.setTabText(1, _("&Left unfilled ({count})").format(count=len(result.unfilled)))
        self.apply_button.setEnabled(bool(proposal.bookings))
        self.pages.setCurrentIndex(1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
