"""Background work for the UI (ARCHITECTURE.md: the GUI thread never waits on I/O).

`run_task(fn, *args, on_result=..., on_error=..., on_progress=...)` runs `fn(*args, task=Task)`
in the global QThreadPool. The function may call `task.progress(fraction, text)` and should check
`task.cancelled` (or call `task.check()`, which raises Cancelled) between steps; services that
write must do so in one transaction, so a cancelled task leaves the database as it was.
Results and errors come back on the GUI thread through Qt signals."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


class Task:
    """What the background function sees: progress reporting and cancellation."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, fraction: float, text: str = "") -> None:
        self._signals.progress.emit(float(fraction), text)


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object, str)
    progress = Signal(float, str)
    cancelled = Signal()
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable, args: tuple, kwargs: dict, signals: _Signals, task: Task):
        super().__init__()
        self.fn, self.args, self.kwargs, self.signals, self.task = fn, args, kwargs, signals, task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self.kwargs.pop("_pass_task", False):
                self.kwargs["task"] = self.task
            value = self.fn(*self.args, **self.kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            self.signals.error.emit(exc, traceback.format_exc())
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


_live: set[_Signals] = set()  # keep signal objects alive until their task finishes


def run_task(fn: Callable, *args: Any, on_result: Callable | None = None,
             on_error: Callable | None = None, on_progress: Callable | None = None,
             on_cancelled: Callable | None = None, on_finished: Callable | None = None,
             pass_task: bool = False, **kwargs: Any) -> Task:
    """Run fn(*args, **kwargs) on the thread pool. With pass_task=True, fn also gets task=Task."""
    signals = _Signals()
    task = Task(signals)
    if on_result:
        signals.result.connect(on_result)
    if on_error:
        signals.error.connect(on_error)
    if on_progress:
        signals.progress.connect(on_progress)
    if on_cancelled:
        signals.cancelled.connect(on_cancelled)
    if on_finished:
        signals.finished.connect(on_finished)
    _live.add(signals)
    signals.finished.connect(lambda: _live.discard(signals))
    kwargs["_pass_task"] = pass_task
    QThreadPool.globalInstance().start(_Runnable(fn, args, kwargs, signals, task))
    return task
