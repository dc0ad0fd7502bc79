"""Qt's own strings that our catalogue translates into Welsh.

Qt ships no Welsh translation. These are the texts of standard buttons, line
edit context menus and common dialogs, under the contexts Qt 6 looks them up
in. The calls are never executed; ``QT_TRANSLATE_NOOP`` only marks them for
extraction, and the catalogue-backed QTranslator answers Qt at run time.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - Qt's spelling
    return text


def _mark_for_extraction() -> None:
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save All")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open")
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes to &All")
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No")
    QT_TRANSLATE_NOOP("QPlatformTheme", "N&o to All")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Abort")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Retry")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Don't Save")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Reset")
    QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults")
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo")
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo")
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t")
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy")
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste")
    QT_TRANSLATE_NOOP("QLineEdit", "Delete")
    QT_TRANSLATE_NOOP("QLineEdit", "Select All")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Undo")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Redo")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Cu&t")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Copy")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Paste")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Delete")
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Select All")
    QT_TRANSLATE_NOOP("QMessageBox", "Show Details...")
    QT_TRANSLATE_NOOP("QMessageBox", "Hide Details...")
    QT_TRANSLATE_NOOP("QFileDialog", "Look in:")
    QT_TRANSLATE_NOOP("QFileDialog", "File &name:")
    QT_TRANSLATE_NOOP("QFileDialog", "Files of type:")
    QT_TRANSLATE_NOOP("QFileDialog", "All Files (*)")
    QT_TRANSLATE_NOOP("QFileDialog", "&Open")
    QT_TRANSLATE_NOOP("QFileDialog", "&Save")
    QT_TRANSLATE_NOOP("QFileDialog", "Directory:")
    QT_TRANSLATE_NOOP("QFileDialog", "Back")
    QT_TRANSLATE_NOOP("QFileDialog", "Forward")
    QT_TRANSLATE_NOOP("QFileDialog", "Parent Directory")
    QT_TRANSLATE_NOOP("QFileDialog", "Create New Folder")
    QT_TRANSLATE_NOOP("QFileDialog", "List View")
    QT_TRANSLATE_NOOP("QFileDialog", "Detail View")
    QT_TRANSLATE_NOOP("QCalendarWidget", "Previous Month")
    QT_TRANSLATE_NOOP("QCalendarWidget", "Next Month")
    QT_TRANSLATE_NOOP("QUndoStack", "Undo %1")
    QT_TRANSLATE_NOOP("QUndoStack", "Redo %1")
    QT_TRANSLATE_NOOP("QProgressDialog", "Cancel")
    QT_TRANSLATE_NOOP("QDialogButtonBox", "OK")
    QT_TRANSLATE_NOOP("QShortcut", "Ctrl")
    QT_TRANSLATE_NOOP("QShortcut", "Shift")
    QT_TRANSLATE_NOOP("QShortcut", "Alt")
