"""The one background helper: result, progress, cancel and errors come back to the GUI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

from app.ui.worker import Cancelled, Progress, run_in_background


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: Any) -> None:
    seen: list[tuple[int, int, str]] = []
    results: list[Any] = []
    gui = threading.get_ident()
    threads: list[int] = []

    def work(progress: Progress) -> int:
        threads.append(threading.get_ident())
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
        return 42

    def done(value: Any) -> None:
        results.append((value, threading.get_ident()))

    run_in_background(work, on_done=done, on_progress=lambda d, t, s: seen.append((d, t, s)))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(42, gui)] and threads[0] != gui
    assert seen == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_cancel_stops_the_work_and_reports_it(qtbot: Any) -> None:
    started = threading.Event()
    cancelled: list[bool] = []
    done: list[Any] = []

    def work(progress: Progress) -> str:
        started.set()
        for _ in range(500):
            time.sleep(0.01)
            progress.check()
        return "finished"

    task = run_in_background(work, on_done=done.append, on_cancel=lambda: cancelled.append(True))
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert done == [] and task.finished


def test_errors_come_back_with_their_traceback(qtbot: Any) -> None:
    errors: list[tuple[BaseException, str]] = []

    def work(_progress: Progress) -> None:
        raise ValueError("row 7: bad amount")

    run_in_background(work, on_error=lambda exc, tb: errors.append((exc, tb)))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    exc, tb = errors[0]
    assert isinstance(exc, ValueError) and "row 7: bad amount" in tb and "Traceback" in tb
    assert not isinstance(exc, Cancelled)


def test_finished_tasks_are_freed(qtbot: Any) -> None:
    import gc
    import weakref

    from app.ui.qt import QThreadPool

    results: list[Any] = []
    refs = []
    for _ in range(20):

        def work(p: Any) -> int:
            p(1, 1, "x")
            return 1

        task = run_in_background(work, on_done=results.append)
        refs.append(weakref.ref(task))
        del task
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    qtbot.wait(50)
    gc.collect()
    assert [r() for r in refs] == [None] * 20  # no task (and its result) kept after reporting
