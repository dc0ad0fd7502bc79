"""Sync state in the status bar: 'Sync: up to date', '… 12 changes waiting', 'offline, will retry'."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from localitydesk.i18n import _
from localitydesk.i18n.formatting import format_datetime
from localitydesk.i18n.qt_bridge import follow_language

from .sync_controller import SyncController, SyncView


def sync_tooltip(view: SyncView) -> str:
    status = view.status
    lines = []
    if status.settings.server_url:
        lines.append(_("Server: {server}").format(server=status.settings.server_url))
    if status.last_success_at:
        lines.append(_("Last success: {when}").format(when=format_datetime(status.last_success_at, "short")))
    if status.conflicts or status.rejections:
        lines.append(_("Conflicts: {conflicts}; rejected: {rejected}").format(
            conflicts=status.conflicts, rejected=status.rejections))
    if status.last_error and not view.pushing:
        lines.append(_("Last error: {message}").format(message=status.last_error))
    return "\n".join(lines)


class SyncStatusLabel(QLabel):
    """A status-bar label that follows the sync controller and the UI language."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("syncStatus")
        controller.changed.connect(self.show_view)
        follow_language(self, self.retranslate)
        self.retranslate()

    def show_view(self, view: SyncView) -> None:
        self.setText(view.line())
        self.setToolTip(sync_tooltip(view))
        self.setAccessibleName(self.text())

    def retranslate(self, *_args) -> None:
        if self.controller.view is not None:
            self.show_view(self.controller.view)
        else:
            self.setText(_("Sync: not set up"))
