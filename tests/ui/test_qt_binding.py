"""Guards against a broken Qt binding: PySide6 6.12.0's Signal.emit() dropped a reference to True on
every call, so a long session crashed ("bool_dealloc").  The app emits signals on every edit."""

from __future__ import annotations

import sys

from app.ui.qt import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    progress = Signal(int, int, str)


def test_emitting_signals_keeps_reference_counts() -> None:
    e = _Emitter()
    e.progress.connect(lambda *_: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        e.plain.emit()
        e.progress.emit(1, 2, "x")
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
