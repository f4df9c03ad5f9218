"""Qt's X11 libraries (issue 13): `make run` and the app's start name the missing ones and the
package to install, instead of Qt's generic "could not load the platform plugin" abort.  Only on
Linux, and only when Qt will start xcb."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.ui import main as gui_main
from app.ui import platform_check as pc

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("platform", "env", "xcb"),
    [
        ("linux", {}, True),
        ("linux", {"QT_QPA_PLATFORM": "offscreen"}, False),
        ("linux", {"QT_QPA_PLATFORM": "xcb"}, True),
        ("linux", {"QT_QPA_PLATFORM": "wayland;xcb"}, True),  # the fallback needs them
        ("linux", {"QT_QPA_PLATFORM": "minimal:enable_fonts"}, False),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, False),  # Qt starts Wayland there
        ("linux", {"XDG_SESSION_TYPE": "wayland"}, False),
        ("linux", {"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
        ("win32", {}, False),
        ("darwin", {}, False),
    ],
)
def test_only_an_xcb_start_on_linux_is_checked(
    platform: str, env: dict[str, str], xcb: bool
) -> None:
    assert pc.uses_xcb(platform, env) is xcb


def test_the_missing_libraries_are_named_with_their_packages() -> None:
    missing = pc.missing_libraries(
        lambda lib: lib not in {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    )
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    text = pc.advice(missing)
    assert text.splitlines()[0] == (
        "Qt's X11 platform plugin (xcb) needs libxcb-cursor.so.0, libxcb-icccm.so.4, "
        "which this system lacks."
    )
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4\n" in text


def test_nothing_missing_says_nothing() -> None:
    assert pc.missing_libraries(lambda lib: True) == []


def test_a_real_library_is_found_and_a_made_up_one_is_not() -> None:
    assert pc._loadable("libc.so.6")
    assert not pc._loadable("libform9-no-such-library.so.0")


def test_the_app_refuses_to_start_qt_and_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(pc, "_loadable", lambda lib: lib != "libxcb-cursor.so.0")
    assert gui_main.run(["form9-gui", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("form9-gui: Qt's X11 platform plugin (xcb) needs libxcb-cursor.so.0")
    assert "sudo apt install libxcb-cursor0" in err
    assert list(tmp_path.iterdir()) == []  # nothing was opened


def test_the_check_is_silent_off_screen() -> None:
    done = subprocess.run([sys.executable, "-m", "app.ui.platform_check"], cwd=ROOT,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_make_run_checks_before_it_starts_the_app() -> None:
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
                         check=True)  # fmt: skip
    lines = [line for line in dry.stdout.splitlines() if line.strip()]
    check = next(i for i, line in enumerate(lines) if "-m app.ui.platform_check" in line)
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith("-m app"))
    assert check < start
