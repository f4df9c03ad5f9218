"""Are the system libraries Qt's X11 (xcb) platform plugin links to installed?  (issue 13)

Without them Qt aborts with its generic "could not load the Qt platform plugin "xcb"".  A fresh
Debian desktop lacks libxcb-cursor0; minimal systems also libxcb-icccm4 and libxcb-keysyms1.  This
check names what is missing and the package to install, before Qt is started: `make run` runs it
(`python -m app.ui.platform_check`), and so does the app's start (app.ui.main.run) and the
self-test (as a note).  Linux only, and only when Qt will start xcb (uses_xcb): offscreen,
minimal or Wayland need none of these.  No Qt is imported here.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: What the xcb plugin (PySide6/Qt/plugins/platforms/libqxcb.so) links to beyond the C library,
#: with the Debian / Ubuntu package that provides it.  Data, not code: a Qt that needs another
#: library gets a line here.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}

#: Platforms that need no X11 library (QT_QPA_PLATFORM, before any `:options`).
NOT_XCB = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "wayland", "wayland-egl")


def uses_xcb(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> bool:
    """Linux, and Qt will start the xcb platform: QT_QPA_PLATFORM names it (or a platform that is
    not in NOT_XCB), or is unset outside a Wayland session (in one, Qt starts its Wayland
    platform, which needs none of these)."""
    if not platform.startswith("linux"):
        return False
    env = os.environ if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "")
    names = [p.split(":")[0].strip() for p in chosen.split(";") if p.strip()]
    if names:
        return any(n not in NOT_XCB for n in names)
    return not (env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland")


def _loadable(soname: str) -> bool:
    bundled = getattr(sys, "_MEIPASS", None)  # the PyInstaller bundle may carry some itself
    if bundled and (Path(bundled) / soname).exists():
        return True
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loadable: Callable[[str], bool] | None = None) -> list[str]:
    """The xcb plugin's libraries the system cannot load, in XCB_LIBRARIES' order."""
    can_load = loadable or _loadable
    return [lib for lib in XCB_LIBRARIES if not can_load(lib)]


def advice(missing: list[str]) -> str:
    """What to tell the user: which libraries, which packages, the command."""
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[lib] for lib in missing))
    return (
        f"Qt's X11 platform plugin (xcb) needs {', '.join(missing)}, which this system lacks.\n"
        f"On Debian / Ubuntu install them with:  sudo apt install {packages}\n"
        "(other distributions: the packages that provide these files; "
        "or run headless with QT_QPA_PLATFORM=offscreen)"
    )


def check() -> str | None:
    """None when the window can start; else the advice."""
    if not uses_xcb():
        return None
    missing = missing_libraries()
    return advice(missing) if missing else None


def main() -> int:
    problem = check()
    if problem is None:
        return 0
    print("form9: " + problem, file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
