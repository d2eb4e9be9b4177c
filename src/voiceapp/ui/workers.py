"""Background work for the UI (ARCHITECTURE.md: the GUI thread never waits on I/O).

`run_task(fn, *args, on_result=..., on_error=..., on_progress=...)` runs `fn(*args, task=Task)`
in the global QThreadPool. The function may call `task.progress(fraction, text)` and should check
`task.cancelled` (or call `task.check()`, which raises Cancelled) between steps; services that
write must do so in one transaction, so a cancelled task leaves the database as it was.
Results and errors come back on the GUI thread through Qt signals."""

from __future__ import annotations

import contextlib
import gc
import itertools
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget


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


class _Reaper(QObject):
    """Lives on the GUI thread and drops a finished task's objects there.

    A worker thread must never hold the last reference to a task's objects: freeing a QObject
    (the signals), a Task a button is connected to, or a callback that closes over a widget
    makes PySide take Qt's connection lock and then wait for Python's lock, while the GUI
    thread, holding Python's lock, waits for the connection lock (a deadlock seen in the test
    suite). So `_live` keeps every object a run uses, the worker lets go of its own references
    first, and only then asks the reaper to release them on the GUI thread."""

    release = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.release.connect(self._release)

    def _release(self, key: int) -> None:
        _live.pop(key, None)


class _Runnable(QRunnable):
    def __init__(self, key: int, fn: Callable, args: tuple, kwargs: dict, signals: _Signals,
                 task: Task):
        super().__init__()
        self.key = key
        self.fn, self.args, self.kwargs, self.signals, self.task = fn, args, kwargs, signals, task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self.kwargs.pop("_pass_task", False):
                self.kwargs["task"] = self.task
            value = self.fn(*self.args, **self.kwargs)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:
            self._emit(self.signals.error, exc, traceback.format_exc())
        else:
            self._emit(self.signals.result, value)
        finally:
            self._emit(self.signals.finished)
            # Let go here first (`_live` still holds everything), then have the GUI thread
            # drop the last references: see _Reaper.
            self.fn = self.args = self.kwargs = self.signals = self.task = None
            with contextlib.suppress(RuntimeError):
                _reaper().release.emit(self.key)

    @staticmethod
    def _emit(signal, *args) -> None:
        # The application may be shutting down and have taken the signal object with it:
        # nobody is left to tell, and a worker thread must not die noisily.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


# Every object a running task uses, by task, until the GUI thread releases it (_Reaper).
_live: dict[int, tuple] = {}
_keys = itertools.count(1)
_the_reaper: list[_Reaper] = []


def _reaper() -> _Reaper:
    if not _the_reaper:
        _the_reaper.append(_Reaper())  # first called by run_task, on the GUI thread
    return _the_reaper[0]


def _owner_of(callback: Callable | None) -> QObject | None:
    """The Qt object a callback updates: a bound method's object, else a QObject the callback
    closes over (a lambda written inside a widget's method closes over `self`)."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject):
        return owner
    cells = getattr(callback, "__closure__", None) or ()
    names = getattr(getattr(callback, "__code__", None), "co_freevars", ())
    found = widget = None
    for name, cell in zip(names, cells, strict=False):
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if name == "self" and isinstance(value, QObject):
            return value  # the widget whose method wrote the lambda
        if widget is None and isinstance(value, QWidget):
            widget = value
        if found is None and isinstance(value, QObject):
            found = value
    return widget or found


def _guard(callback: Callable | None, owner: QObject | None) -> Callable | None:
    """Skip the callback once `owner` (a widget) has been deleted: a result that arrives after
    its page or dialog closed is dropped instead of touching a dead widget."""
    if callback is None or owner is None:
        return callback

    def guarded(*args: Any) -> Any:
        if shiboken6.isValid(owner):
            return callback(*args)
        return None

    return guarded


def run_task(fn: Callable, *args: Any, on_result: Callable | None = None,
             on_error: Callable | None = None, on_progress: Callable | None = None,
             on_cancelled: Callable | None = None, on_finished: Callable | None = None,
             pass_task: bool = False, owner: QObject | None = None, background: bool = False,
             **kwargs: Any) -> Task:
    """Run fn(*args, **kwargs) on the thread pool. With pass_task=True, fn also gets task=Task.

    Callbacks run on the GUI thread. Give `owner` (the widget the callbacks update) so they are
    skipped if it has been closed meanwhile; a bound method's own object is used by default.
    `background=True` is for slow work nobody is waiting to see (counts beside the filters,
    statistics): it runs one at a time on its own pool, so it never delays what the user asked
    for (the next page of a table, a save)."""
    owner = owner or _owner_of(on_result) or _owner_of(on_error) or _owner_of(on_finished)
    on_result, on_error, on_progress, on_cancelled, on_finished = (
        _guard(cb, owner) for cb in (on_result, on_error, on_progress, on_cancelled, on_finished))
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
    kwargs["_pass_task"] = pass_task
    key = next(_keys)
    _reaper()  # created on the GUI thread, before any worker needs it
    _live[key] = (fn, args, dict(kwargs), signals, task, on_result, on_error, on_progress,
                  on_cancelled, on_finished)
    pool = _background_pool() if background else _interactive_pool()
    pool.start(_Runnable(key, fn, args, kwargs, signals, task))
    return task


_pools: dict[str, QThreadPool] = {}


def _interactive_pool() -> QThreadPool:
    """The global pool, with enough threads that a few slow queries cannot hold up a quick one
    (database work releases the GIL, so threads beyond the core count still help)."""
    pool = QThreadPool.globalInstance()
    if "interactive" not in _pools:
        pool.setMaxThreadCount(max(4, pool.maxThreadCount()))
        _pools["interactive"] = pool
    return pool


def _background_pool() -> QThreadPool:
    pool = _pools.get("background")
    if pool is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _pools["background"] = pool
    return pool


def busy() -> int:
    """How many tasks are running now (both pools)."""
    return _interactive_pool().activeThreadCount() + _background_pool().activeThreadCount()


def wait_for_all(msecs: int = 30000) -> bool:
    """Wait for every running task (tests, shutdown; call it on the GUI thread). True if all
    finished in time."""
    ok = _background_pool().waitForDone(msecs) and _interactive_pool().waitForDone(msecs)
    if ok:
        # Every worker has let go of its references, so the GUI thread (the caller) can drop
        # the rest now rather than when the reaper's queued calls arrive, which may be never
        # (a test ending, the application quitting).
        _live.clear()
    return ok


class GuiGarbageCollector(QObject):
    """Runs Python's cycle collector on the GUI thread only.

    Left to itself the collector runs in whichever thread happens to allocate, so a worker
    thread could free widgets and Qt objects caught in reference cycles, which crashes PySide
    (seen as a segmentation fault "Garbage-collecting" in a worker). Automatic collection is
    switched off and a timer on the GUI thread collects by the same generation thresholds
    Python would use. `stop()` restores automatic collection."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        n0, n1, n2 = gc.get_count()
        t0, t1, t2 = self.thresholds
        if n0 > t0:
            gc.collect(2 if n2 > t2 else 1 if n1 > t1 else 0)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()

