"""Start the desktop app: open the database (telling the user plainly if it cannot be opened),
then show the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from voiceapp import __version__
from voiceapp.errors import VoiceappError
from voiceapp.services.workspace import Workspace


def run_app(db: str | None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("voiceapp")
    app.setOrganizationName("voiceapp")
    app.setApplicationVersion(__version__)
    try:
        workspace = Workspace.open(db)
    except VoiceappError as exc:
        QMessageBox.critical(None, "voiceapp cannot open the database", exc.message +
                             ("\n\n" + exc.hint if exc.hint else ""))
        print(f"voiceapp: {exc}", file=sys.stderr)
        return exc.exit_code
    from .main_window import MainWindow

    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
