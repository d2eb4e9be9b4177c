"""PySide6 user interface: main window, pages, dialogs, Qt models, workers."""
