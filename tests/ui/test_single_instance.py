"""One app per data folder: the lock and 'come to the front' helper directly, a crashed app's stale
lock, and two real starts of `python -m app` on one folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.ui import main as gui_main
from app.ui.qt import QMessageBox
from app.ui.single_instance import MAILBOX, SingleInstance

ROOT = Path(__file__).resolve().parents[2]
HOLD_LOCK = """
import sys, time
from app.ui.qt import QLockFile
lock = QLockFile(sys.argv[1] + "/form9.lock")
assert lock.tryLock(1000)
print("LOCKED", flush=True)
time.sleep(120)
"""
ASK = (
    "import sys; from pathlib import Path; from app.ui.single_instance import "
    "SingleInstance; s = SingleInstance(Path(sys.argv[1])); "
    "print(s.acquire(50), s.ask_first_to_show())"
)


def test_a_second_instance_asks_the_first_to_come_forward(qtbot: Any, tmp_path: Path) -> None:
    first, second = SingleInstance(tmp_path), SingleInstance(tmp_path)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert second.holder() == f"process {os.getpid()} on {first.lock.getLockInfo()[1]}"
        with qtbot.waitSignal(first.activated, timeout=10000):  # another process, as a second start
            asking = subprocess.Popen([sys.executable, "-c", ASK, str(tmp_path)],
                                      stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
        qtbot.waitUntil(lambda: asking.poll() is not None, timeout=10000)  # answered here
        assert asking.communicate()[0].split() == ["False", "True"]
    finally:
        first.release()
    assert second.acquire()  # free again once the first let go
    second.release()


def test_a_request_reaches_only_the_app_of_its_folder(qtbot: Any, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    app_a, app_b = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    assert app_a.acquire() and app_b.acquire()
    heard: list[str] = []
    app_a.activated.connect(lambda: heard.append("a"))
    app_b.activated.connect(lambda: heard.append("b"))
    try:
        asking = SingleInstance(tmp_path / "a" / ".." / "a")  # the same folder, spelt otherwise
        assert not asking.acquire(50)
        with qtbot.waitSignal(app_a.activated, timeout=5000):
            ask = subprocess.Popen(  # the asker waits for its request to be taken: another process
                [sys.executable, "-c", ASK, str(tmp_path / "a" / ".." / "a")],
                stdout=subprocess.PIPE, text=True, cwd=ROOT,
            )  # fmt: skip
        qtbot.waitUntil(lambda: ask.poll() is not None, timeout=10000)
        assert ask.communicate()[0].split() == ["False", "True"]
        assert heard == ["a"]
        assert list((tmp_path / "a" / MAILBOX).iterdir()) == []  # nothing left behind
    finally:
        app_a.release()
        app_b.release()


def test_an_unanswered_request_is_withdrawn(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        (tmp_path / MAILBOX).mkdir()
        asking = SingleInstance(tmp_path)
        assert not asking.acquire(50)
        assert not asking.ask_first_to_show(200)  # the holder never reads its mailbox
        assert list((tmp_path / MAILBOX).iterdir()) == []
    finally:
        holder.kill()
        holder.wait()


def test_a_crashed_apps_lock_does_not_block(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
    instance = SingleInstance(tmp_path)
    assert not instance.acquire(100)  # alive: held
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert instance.acquire(100)  # its process is gone: the stale lock is taken over
    instance.release()


def test_when_the_first_does_not_answer_the_second_explains(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        said: list[str] = []
        monkeypatch.setattr(QMessageBox, "information",
                            lambda _p, _t, text, *_a: said.append(text))  # fmt: skip
        assert gui_main.run(["form9-gui", "--data-dir", str(tmp_path)]) == 1
        assert len(said) == 1
        assert f"FORM No. 9 is already open on this data folder (process {holder.pid}" in said[0]
        assert str(tmp_path) in said[0]
    finally:
        holder.kill()
        holder.wait()


FIRST_APP = """
import sys
from app.ui import single_instance
from app.ui.qt import QApplication, QTimer

def forward(window):
    print("BROUGHT FORWARD", window.windowTitle(), flush=True)
    QTimer.singleShot(200, QApplication.quit)

single_instance.bring_forward = forward
app = QApplication(sys.argv[:1])
QTimer.singleShot(500, lambda: print("RUNNING", flush=True))
QTimer.singleShot(60000, QApplication.quit)  # never hang the test session
from app.ui.main import run
raise SystemExit(run(["form9-gui", "--data-dir", sys.argv[1]]))
"""


@pytest.mark.slow
def test_a_second_start_brings_the_first_window_forward(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.Popen([sys.executable, "-c", FIRST_APP, str(tmp_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT, env=env)  # fmt: skip
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "RUNNING"
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(tmp_path)],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 30
        out, err = first.communicate(timeout=30)
        assert "BROUGHT FORWARD FORM No. 9 Offline Utility" in out, err
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
