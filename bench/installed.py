"""Benchmarks measure the app as installed: a wheel or the bundle ships its bytecode, so a
process never compiles the app's sources.  A development tree may lack it (PYTHONDONTWRITEBYTECODE,
or a module changed since `make` compiled it): `as_installed()` brings it up to date first."""

from __future__ import annotations

import compileall
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def as_installed() -> None:
    compileall.compile_dir(APP, quiet=1)
