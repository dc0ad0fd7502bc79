"""The one place where i18n meets Qt.

* ``LanguageBus.language_changed`` is emitted on the GUI thread whenever the
  language changes; every widget that shows text connects its
  ``retranslate()`` to it.
* ``CatalogueTranslator`` answers Qt's own ``QCoreApplication.translate``
  lookups (standard buttons, context menus, file dialogs) from our gettext
  catalogue, because Qt ships no Welsh of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from .pseudo import pseudolocalise
from .runtime import add_language_listener, current_language, translations_for


class CatalogueTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        # None (a null QString) tells Qt "no translation here" so it falls back
        # to its English; an empty string would be taken as the translation.
        language = current_language()
        if not source_text or language == "en":
            return None
        if language == "pseudo":
            return pseudolocalise(source_text)
        translated = translations_for(language).pgettext(context, source_text)
        return None if translated == source_text else translated

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


class LanguageBus(QObject):
    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._translator = CatalogueTranslator(self)
        QCoreApplication.installTranslator(self._translator)
        add_language_listener(self._on_language_changed)

    def _on_language_changed(self, language: str) -> None:
        # Re-installing makes Qt send LanguageChange to every widget, so Qt's
        # own texts (standard buttons) refresh as well as ours.
        QCoreApplication.removeTranslator(self._translator)
        QCoreApplication.installTranslator(self._translator)
        self.language_changed.emit(language)


_bus: LanguageBus | None = None


def follow_language(widget: QObject, slot) -> None:
    """Call ``slot`` whenever the language changes, for as long as ``widget``
    lives. The connection is cut when the widget is destroyed, so a dialog
    closed and deleted long ago is never called with a dead C++ object."""
    signal = language_bus().language_changed
    signal.connect(slot)

    def cut(*_args) -> None:
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError, SystemError):
            pass  # already gone with the bus at shutdown

    widget.destroyed.connect(cut)


def language_bus() -> LanguageBus:
    """The application's single bus; created on first use after QApplication."""
    global _bus
    if _bus is None:
        _bus = LanguageBus(QCoreApplication.instance())
    return _bus


__all__ = ["CatalogueTranslator", "LanguageBus", "follow_language", "language_bus"]
