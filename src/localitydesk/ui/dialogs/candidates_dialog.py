"""Who can go: the ranked candidates for a request, why each ranks where they
do, who cannot go and exactly why not, and booking from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from localitydesk.domain.vocabulary import UserRole, label
from localitydesk.i18n import _, current_language
from localitydesk.i18n.collation import sort_key
from localitydesk.i18n.qt_bridge import follow_language
from localitydesk.services.bookings import BookingRefused, book_worker
from localitydesk.services.matching import match_request
from localitydesk.services.requests import RequestRow
from localitydesk.ui.models.request_table_model import welsh_need, when

DATA_ROLE = Qt.ItemDataRole.UserRole


class CandidatesDialog(QDialog):
    booked = Signal(object)

    def __init__(self, context, request: RequestRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.request = request
        self.outcome = None
        self.resize(900, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.candidates = QListWidget()
        self.excluded = QListWidget()
        self.details = QTextBrowser()
        self.tabs.addTab(self.candidates, "")
        self.tabs.addTab(self.excluded, "")
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.details)
        splitter.setSizes([420, 480])
        self.book_button = QPushButton()
        self.offer_button = QPushButton()
        self.book_button.clicked.connect(lambda: self.book(offer=False))
        self.offer_button.clicked.connect(lambda: self.book(offer=True))
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.offer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        for widget in (self.candidates, self.excluded):
            widget.currentItemChanged.connect(self._show_details)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.candidates.itemActivated.connect(lambda _item: self.book(offer=False))
        QShortcut(QKeySequence("Ctrl+B"), self, activated=lambda: self.book(offer=False))
        self.retranslate()
        follow_language(self, self._language_changed)
        self.load()

    def load(self) -> None:
        language = current_language()
        self.context.worker.submit(
            lambda: match_request(self.context.db, self.request.id, explain=True, language=language),
            on_success=self._show,
            on_failure=lambda error: QMessageBox.critical(self, self.windowTitle(), str(error)),
            progress_parent=self,
            progress_label=_("Checking every worker against the rules…"),
        )

    def _language_changed(self, *_args) -> None:
        self.retranslate()
        self.load()  # the reasons are words in the UI language

    def retranslate(self) -> None:
        r = self.request
        self.setWindowTitle(_("Find workers"))
        self.summary.setText(
            _("{provider} · {role} · {when} · Welsh: {welsh} · {booked} of {needed} booked").format(
                provider=r.provider_name(current_language()), role=label(r.role), when=when(r),
                welsh=welsh_need(r), booked=r.booked, needed=r.staff_needed,
            )
        )
        self.candidates.setAccessibleName(_("Workers who can go"))
        self.excluded.setAccessibleName(_("Workers who cannot go"))
        self.book_button.setText(_("&Book"))
        self.offer_button.setText(_("&Offer the shift"))
        self._retitle_tabs()

    def _retitle_tabs(self) -> None:
        count = len(self.outcome.candidates) if self.outcome else 0
        excluded = len(self.outcome.excluded) if self.outcome else 0
        self.tabs.setTabText(0, _("&Can go ({count})").format(count=count))
        self.tabs.setTabText(1, _("&Why not? ({count})").format(count=excluded))

    def _show(self, outcome) -> None:
        self.outcome = outcome
        self.candidates.clear()
        self.excluded.clear()
        for rank, candidate in enumerate(outcome.candidates, start=1):
            item = QListWidgetItem(_("{rank}. {name} — score {score}").format(rank=rank, name=candidate.name, score=f"{candidate.score:.0f}"))
            item.setData(DATA_ROLE, ("candidate", candidate))
            self.candidates.addItem(item)
        for excluded in sorted(outcome.excluded, key=lambda e: sort_key(e.name)):
            item = QListWidgetItem(f"{excluded.name} — {excluded.rules[0]['text']}")
            item.setData(DATA_ROLE, ("excluded", excluded))
            self.excluded.addItem(item)
        self._retitle_tabs()
        if outcome.candidates:
            self.candidates.setCurrentRow(0)
            self.candidates.setFocus()
        else:
            self.details.setPlainText(_("Nobody in the locality can take this request. See “Why not?” for each worker."))
        self._update_buttons()

    def _tab_changed(self, _index: int) -> None:
        """The details and the buttons follow the list now shown, never the other one."""
        current = self.tabs.currentWidget().currentItem()
        if current is None:
            self.details.clear()
        self._show_details(current)

    def _update_buttons(self) -> None:
        # From "Why not?" a worker can still be booked when every rule against
        # them is one a manager may override (with a recorded reason).
        worker = self.selected_worker()
        rules = getattr(worker, "rules", None)
        bookable = worker is not None and (rules is None or all(rule["overridable"] for rule in rules))
        self.book_button.setEnabled(bookable)
        self.offer_button.setEnabled(bookable)

    def _show_details(self, current: QListWidgetItem | None, _previous=None) -> None:
        self._update_buttons()
        if current is None or current.listWidget() is not self.tabs.currentWidget():
            return  # nothing chosen, or a change in the list not shown
        kind, record = current.data(DATA_ROLE)
        if kind == "candidate":
            lines = [f"<h3>{record.name}</h3>", "<ul>"] + [f"<li>{reason}</li>" for reason in record.reasons] + ["</ul>"]
        else:
            lines = [f"<h3>{record.name}</h3>", "<ul>"] + [
                f"<li>{rule['text']}" + (" <i>(" + _("a manager may override") + ")</i>" if rule["overridable"] else "") + "</li>"
                for rule in record.rules
            ] + ["</ul>"]
        self.details.setHtml("".join(lines))

    def selected_worker(self):
        widget = self.tabs.currentWidget()
        item = widget.currentItem()
        return item.data(DATA_ROLE)[1] if item is not None else None

    def book(self, offer: bool, override_reason: str = "") -> None:
        worker = self.selected_worker()
        if worker is None:
            return
        db, actor, request_id = self.context.db, self.context.actor, self.request.id
        self.context.worker.submit(
            lambda: book_worker(db, actor, request_id, worker.worker_id, offer=offer, override_reason=override_reason),
            on_success=lambda result: self._booked(worker, result),
            on_failure=lambda error: self._refused(error, worker, offer),
        )

    def _booked(self, worker, result) -> None:
        from .confirmation_dialog import ConfirmationDialog

        self.booked.emit(result.booking_id)
        self.accept()
        # The confirmation to send, in the worker's language, straight away.
        confirmation = ConfirmationDialog(self.context, result.booking_id, self.parentWidget())
        confirmation.setWindowTitle(_("{name} is booked.").format(name=worker.name))
        confirmation.open()

    def _refused(self, error: Exception, worker, offer: bool) -> None:
        if isinstance(error, BookingRefused) and error.overridable and self.context.actor.role == UserRole.MANAGER.value:
            reason, ok = QInputDialog.getText(
                self, _("Override a working-time rule"),
                "\n".join(error.reasons) + "\n\n" + _("Record why, and the compensatory rest to be given:"),
            )
            if ok and reason.strip():
                self.book(offer, override_reason=reason)
            return
        QMessageBox.warning(self, self.windowTitle(), _("Cannot book {name}:").format(name=worker.name) + "\n\n" + str(error))
