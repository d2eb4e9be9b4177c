"""Start the desktop app: open the database (telling the user plainly if it cannot be opened),
sign in, then show the main window."""

from __future__ import annotations

import contextlib
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
    if not hasattr(app, "_voiceapp_gc"):
        from .workers import GuiGarbageCollector

        # Reference cycles holding Qt objects are freed on the GUI thread, never a worker's.
        app._voiceapp_gc = GuiGarbageCollector(parent=app)
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
    from voiceapp.services.users import sign_out

    from .context import UiContext
    from .login import DemoPasswordBanner, sign_in
    from .main_window import MainWindow
    from .pages.settings import AutoBackupScheduler

    actor = sign_in(workspace)
    if actor is None:
        workspace.close()
        return 0
    workspace.actor = actor
    ctx = UiContext(workspace)
    window = MainWindow(ctx)
    window.statusBar().addPermanentWidget(DemoPasswordBanner(ctx, window))
    # Automatic backups (Settings > Backups) run on a timer in the background while the app
    # is open, whoever is signed in.
    scheduler = AutoBackupScheduler(ctx, window)
    scheduler.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
    scheduler.start()
    window.show()
    try:
        return app.exec()
    finally:
        scheduler.stop()
        # Recording the sign-out must never stop the app closing: after a restore the
        # database is a different file, whose users may not match the session's.
        with contextlib.suppress(Exception):
            sign_out(workspace.database, actor)
        workspace.close()
