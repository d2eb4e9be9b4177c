"""What every page receives: the open workspace (database + signed-in user), a way to run work
in the background, to show errors plainly, and to navigate (drill-down between pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from voiceapp.errors import VoiceappError
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace

from .workers import Task, run_task


class UiContext(QObject):
    # Emitted after any change to data, with the kind of thing changed ("feedback",
    # "complaint", "action", "codebook", ...), so open pages can refresh.
    data_changed = Signal(str)
    # Ask the main window to show a page: (page key, keyword arguments for the page's
    # `navigate_to(**kwargs)`), e.g. ("feedback", {"theme": "communication", "quarter": ...}).
    navigate_requested = Signal(str, dict)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._latest: dict[object, int] = {}

    @property
    def db(self):
        """The open database handle to pass to service functions (opaque to the UI)."""
        return self.workspace.database

    @property
    def actor(self) -> Actor:
        return self.workspace.actor

    def run(self, fn: Callable, *args: Any, **kwargs: Any) -> Task:
        return run_task(fn, *args, **kwargs)

    def run_latest(self, key: object, fn: Callable, *args: Any,
                   on_result: Callable | None = None, on_error: Callable | None = None,
                   **kwargs: Any) -> Task:
        """Like run(), but only the most recent call for `key` delivers its result or error:
        when a user changes a filter twice quickly, the first query's late answer is dropped
        instead of replacing the second's on screen."""
        ticket = self._latest[key] = self._latest.get(key, 0) + 1

        def current() -> bool:
            return self._latest.get(key) == ticket

        return run_task(
            fn, *args,
            on_result=(lambda value: on_result(value) if current() else None) if on_result
            else None,
            on_error=(lambda exc, tb="": on_error(exc, tb) if current() else None) if on_error
            else None,
            **kwargs)

    def run_with_progress(self, parent: QWidget | None, label: str, fn: Callable, *args: Any,
                          on_result: Callable | None = None, on_error: Callable | None = None,
                          on_cancelled: Callable | None = None, **kwargs: Any) -> Task:
        """Run long work (bulk changes, re-analysis, exports) with a progress dialog that appears
        after 400 ms and whose Cancel button cancels the task. `fn` receives `task=`.
        Errors go to `on_error(exc)`, or to a clear error dialog when none is given."""
        dialog = QProgressDialog(label, "Cancel", 0, 1000, parent)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle("voiceapp")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)  # a busy indicator until the task reports how far it is
        dialog.setValue(0)

        def progress(fraction: float, text: str) -> None:
            if dialog.maximum() == 0:
                dialog.setRange(0, 1000)
            dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if text:
                dialog.setLabelText(text)

        def failed(exc: BaseException, _tb: str = "") -> None:
            dialog.close()
            if on_error is not None:
                on_error(exc)
            else:
                show_error(parent, exc)

        def done(value: Any) -> None:
            dialog.close()
            if on_result is not None:
                on_result(value)

        def cancelled() -> None:
            dialog.close()
            if on_cancelled is not None:
                on_cancelled()

        task = self.run(fn, *args, on_result=done, on_error=failed, on_progress=progress,
                        on_cancelled=cancelled, pass_task=True, **kwargs)
        dialog.canceled.connect(task.cancel)
        return task

    def navigate(self, page: str, **kwargs: Any) -> None:
        self.navigate_requested.emit(page, kwargs)

    def show_error(self, parent: QWidget | None, error: BaseException, title: str = "") -> None:
        show_error(parent, error, title)


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> None:
    """A clear dialog: what is wrong and what to do. Unexpected errors say so honestly."""
    if isinstance(error, VoiceappError):
        box = QMessageBox(QMessageBox.Icon.Warning, title or "voiceapp", error.message,
                          QMessageBox.StandardButton.Ok, parent)
        if error.hint:
            box.setInformativeText(error.hint)
    else:
        box = QMessageBox(QMessageBox.Icon.Critical, title or "Something went wrong",
                          "voiceapp hit an unexpected problem and did not save this change.",
                          QMessageBox.StandardButton.Ok, parent)
        box.setInformativeText("Try again. If it keeps happening, send the details below to "
                               "your administrator.")
        box.setDetailedText(f"{type(error).__name__}: {error}")
    box.setObjectName("errorDialog")
    box.exec()
