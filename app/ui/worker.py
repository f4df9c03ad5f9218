"""The one helper that runs long work off the GUI thread, with progress, cancel, result and error.

    task = run_in_background(fn, on_done=..., on_error=..., on_progress=...)
    task.cancel()

`fn` receives a `Progress` and calls `progress(done, total, text)`; it should return promptly (raise
Cancelled) when `progress.cancelled` is true.  Callbacks run on the GUI thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from app.ui.qt import QObject, QThreadPool, Signal, isValid


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Progress:
    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self.cancelled = False

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class Task:
    """One piece of work: the pool runs `run` on a worker thread (a plain callable, so no Qt object
    owns the task and it is freed as soon as it has reported back)."""

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        self.signals = _Signals()
        self.progress = Progress(self.signals)
        self._fn = fn
        self.finished = False

    def cancel(self) -> None:
        self.progress.cancelled = True

    def run(self) -> None:
        try:
            result = self._fn(self.progress)
        except Cancelled:
            self.finished = True
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the GUI, never lost
            self.finished = True
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.finished = True
            self.signals.done.emit(result)


#: Tasks alive until they report back; keyed by id so the callbacks hold no reference to the task
#: (a task → signals → callback → task cycle runs through Qt, where Python's GC cannot break it).
_running: dict[int, Task] = {}


def run_in_background(
    fn: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    urgent: bool = False,
    owner: QObject | None = None,
) -> Task:
    """Start `fn` on the pool.  An `urgent` task (a user's own action: file, revise, import) is
    started before queued background work (validation rounds), so it never waits behind them.
    Callbacks of a task whose `owner` (the window showing it) was deleted meanwhile are dropped:
    the task ends quietly instead of touching widgets that are gone."""
    task = Task(fn)
    key = id(task)
    _running[key] = task

    def forget(*_: object) -> None:
        _running.pop(key, None)

    def while_owned(callback: Callable[..., None]) -> Callable[..., None]:
        if owner is None:
            return callback
        return lambda *args: callback(*args) if isValid(owner) else None

    if on_progress:
        task.signals.progress.connect(while_owned(on_progress))
    if on_done:
        task.signals.done.connect(while_owned(on_done))
    if on_error:
        task.signals.failed.connect(while_owned(on_error))
    if on_cancel:
        task.signals.cancelled.connect(while_owned(on_cancel))
    for sig in (task.signals.done, task.signals.failed, task.signals.cancelled):
        sig.connect(forget)
    QThreadPool.globalInstance().start(task.run, URGENT if urgent else 0)
    return task


#: QThreadPool priority of a user's own action (higher runs first among queued tasks).
URGENT = 10
