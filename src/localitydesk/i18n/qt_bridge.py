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

from .runtime import add_language_listener, current_language, translations_for


class CatalogueTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        language = current_language()
        if language != "cy" or not source_text:
            return ""
        translations = translations_for(language)
        translated = translations.pgettext(context, source_text)
        if translated == source_text:
            # Not in the catalogue: an empty answer lets Qt use its English.
            return ""
        return translated

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


def language_bus() -> LanguageBus:
    """The application's single bus; created on first use after QApplication."""
    global _bus
    if _bus is None:
        _bus = LanguageBus(QCoreApplication.instance())
    return _bus


__all__ = ["CatalogueTranslator", "LanguageBus", "language_bus"]
