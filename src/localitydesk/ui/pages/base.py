"""What a page of the main window is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from localitydesk.ui.context import AppContext
from localitydesk.ui.pages import page_title


class Page(QWidget):
    """A page shows what a service returns and re-reads it when asked.

    ``loaded`` is emitted once the page shows its data, which is how the
    main window knows it is ready (``--quit-when-ready``).
    """

    loaded = Signal()
    # Set by subclasses: a stable key (for remembering the page) and an icon.
    key = ""
    # False for a page that reads the database file itself and so can show
    # before the data layer has opened (the quick start; see __main__).
    needs_data_layer = True

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

    def title(self) -> str:
        return page_title(self.key)

    def refresh(self) -> None:
        """Ask the services for fresh data (off the UI thread)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError
