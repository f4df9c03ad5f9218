"""The bundle users install (issue 13): the PyInstaller one-folder build from build.spec is at most
150 MB, and from a folder outside the repository its `form9 --version` names the versions and
`form9 --self-test` passes (validate and export the sample as JSON, PDF and Excel, a store in a
temporary folder, the main window off screen).

Building takes a minute or more, so this runs in `make check-dist` (CI runs it when CI=true), not
in `make test`: marked `bundle`, which pyproject's addopts leave out.  `make check-dist` builds
with `make dist` and passes the folder as FORM9_BUNDLE; without it the test builds one itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
#: In du's megabytes (MiB), as `make dist` prints the size and as the issue's "225 MB today" was
#: measured (this spec's starting point measured 231 by du here, 242 in decimal MB).
MAX_MIB = 150


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("FORM9_BUNDLE")
    if given:
        return Path(given)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "build.spec")],
        check=True, cwd=ROOT,
    )  # fmt: skip
    return dist / "form9"


def run(bundle: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(bundle / "form9"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip


def test_the_bundle_is_at_most_150_mb(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"bundle: {size / 2**20:.1f} MiB ({size / 1e6:.1f} MB) in {len(files)} files")
    assert size / 2**20 <= MAX_MIB


def test_version_names_the_app_rate_pack_and_form_catalogue(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Form 9 Offline Utility {__version__}"
    assert re.fullmatch(r"rate packs: 2024-08-01 \(in force from 01-08-2024\).*", lines[1])
    assert re.fullmatch(r"form catalogues: 2024-08 \(in force from 01-08-2024\).*", lines[2])


def test_self_test_passes_from_outside_the_repository(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, "--self-test", cwd=tmp_path)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    steps = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert steps == [
        "versions",
        "validate",
        "export",
        "export",
        "export",
        "store",
        "PostgreSQL",
        "main",
    ]
    assert done.stdout.splitlines()[-1].startswith("self-test: all steps passed")


def test_form9_gui_is_the_window_program(bundle: Path, tmp_path: Path) -> None:
    """On Linux form9-gui is a link to the one program (app/launch.py picks by name); asked for
    its help it answers as the window's start, not as the command."""
    gui = bundle / "form9-gui"
    assert gui.exists()
    done = subprocess.run([str(gui), "--help"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: form9-gui")


def test_the_bundle_reaches_an_office_database(bundle: Path, tmp_path: Path, pg_url: str) -> None:
    """psycopg and its libpq work inside the bundle: a store copied onto a real PostgreSQL server
    and listed back from it (the self-test only loads the driver)."""
    data = tmp_path / "data"
    sample = ROOT / "resources" / "samples" / "return-2025-10.json"
    done = run(bundle, "--data-dir", str(data), "store-import", str(sample), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(bundle, "--data-dir", str(data), "store-copy", "--to", pg_url, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(bundle, "--db", pg_url, "clients", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Sample Fuels and Gas Pvt Ltd" in done.stdout
