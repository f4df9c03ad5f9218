"""The typed application layer: one op per user action (one unit of work, its result typed, a
failure in plain words) and AppEvents (what the store committed, on the GUI thread, coalesced)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from app.model.client import ClientProfile
from app.store import Store
from app.store.changes import Changes
from app.ui.events import AppEvents
from app.ui.ops import Op, OpFailed
from app.ui.qt import QApplication, QMainWindow, QMessageBox, QProgressBar, QWidget

TIN = "32100000017"


def gui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return app.thread().isCurrentThread()


def test_a_change_made_on_another_thread_arrives_once_on_the_gui_thread(
    qtbot: Any, store: Store
) -> None:
    heard: list[tuple[Changes, bool]] = []
    AppEvents.of(store).changed.connect(lambda c: heard.append((c, gui_thread())))
    assert AppEvents.of(store) is AppEvents.of(store)  # one per store

    def burst() -> None:  # a background bulk action: 50 units of work
        for n in range(50):
            store.add_client(ClientProfile(tin=f"32{n:09d}", name=f"Dealer {n}"))

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: sum(len(c.clients) for c, _ in heard) == 50, timeout=2000)
    assert all(on_gui for _c, on_gui in heard)
    assert 1 <= len(heard) <= 3  # merged, not 50 refreshes
    assert {cid for c, _ in heard for cid in c.clients} == {c.id for c in store.list_clients()}


def test_an_op_is_one_unit_of_work_with_a_typed_result(qtbot: Any, store: Store) -> None:
    heard: list[Changes] = []
    AppEvents.of(store).changed.connect(heard.append)
    got: list[int] = []

    def add_two(s: Store) -> int:
        s.add_client(ClientProfile(tin=TIN, name="First"))
        return s.add_client(ClientProfile(tin="32100000025", name="Second"))

    op = Op(None, store, add_two, title="Add")
    assert op.success(got.append).run()
    assert got == [op.result] and op.result == store.list_clients()[-1].id
    qtbot.waitUntil(lambda: bool(heard), timeout=1000)
    assert len(heard) == 1 and len(heard[0].clients) == 2  # one announcement for the action


def test_a_failed_op_stores_nothing_and_says_why_in_plain_words(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_client(ClientProfile(tin=TIN, name="First Dealer"))

    def add_then_duplicate(s: Store) -> int:
        s.add_client(ClientProfile(tin="32100000025", name="Second"))
        return s.add_client(ClientProfile(tin=TIN, name="Duplicate"))

    failures: list[OpFailed] = []
    op = Op(None, store, add_then_duplicate).failure(failures.append)
    assert not op.run() and op.result is None
    assert [c.name for c in store.list_clients()] == ["First Dealer"]  # rolled back, all of it
    (failed,) = failures
    assert failed.message == "TIN: a dealer with TIN 32100000017 already exists (First Dealer)"
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: said.append((title, text)))
    assert not Op(None, store, add_then_duplicate, title="New dealer").run()
    assert said == [("New dealer", f"New dealer: {failed.message}")]


def test_a_long_op_runs_off_the_gui_thread_with_a_busy_bar(qtbot: Any, store: Store) -> None:
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    ran_on_gui: list[bool] = []
    done_on_gui: list[bool] = []

    def slow(s: Store) -> int:
        ran_on_gui.append(gui_thread())
        release.wait(10)
        return s.add_client(ClientProfile(tin=TIN, name="Slow"))

    Op(window, store, slow).success(lambda _r: done_on_gui.append(gui_thread())) \
        .run_in_background("Adding the dealer…")  # fmt: skip
    bars = window.statusBar().findChildren(QProgressBar)
    assert [b.format() for b in bars] == ["Adding the dealer…"] and not window.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: bool(done_on_gui), timeout=10000)
    assert ran_on_gui == [False] and done_on_gui == [True]
    assert window.isEnabled() and [c.name for c in store.list_clients()] == ["Slow"]
