"""Start the desktop app: open the database (telling the user plainly if it cannot be opened),
sign in, then show the main window."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from voiceapp import __version__
from voiceapp.errors import VoiceappError
from voiceapp.services.workspace import Workspace

ICON = resources.files("voiceapp.resources") / "voiceapp.svg"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("voiceapp")
    app.setOrganizationName("voiceapp")
    app.setApplicationDisplayName("voiceapp")
    app.setApplicationVersion(__version__)
    if ICON.is_file():
        app.setWindowIcon(QIcon(str(ICON)))
    return app


def run_app(db: str | None, argv: list[str] | None = None) -> int:
    app = make_application(argv)
    try:
        workspace = Workspace.open(db)
    except VoiceappError as exc:
        QMessageBox.critical(None, "voiceapp cannot open the database",
                             exc.message + ("\n\n" + exc.hint if exc.hint else ""))
        print(f"voiceapp: {exc}", file=sys.stderr)
        return exc.exit_code
    from .context import UiContext
    from .login import sign_in
    from .main_window import MainWindow

    actor = sign_in(workspace)
    if actor is None:
        workspace.close()
        return 0
    workspace.actor = actor
    ctx = UiContext(workspace)
    window = MainWindow(ctx)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
