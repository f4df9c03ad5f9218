"""`form9 --self-test` (issue 13) from the source tree: one line per step, exit 0 when all pass;
a broken installation is named in its step's line, exit 1, never a traceback.  (The bundle runs
the same self-test in tests/test_bundle.py, `make check-dist`.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.selftest import STEPS

ROOT = Path(__file__).resolve().parent.parent
STEP_NAMES = [name for name, _step in STEPS]


def self_test(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    form9 = Path(sys.executable).with_name("form9")
    base = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it goes off screen
    return subprocess.run([str(form9), "--self-test"], cwd=cwd, env={**base, **env},
                          capture_output=True, text=True, timeout=180, check=False)  # fmt: skip


def step_lines(out: str) -> dict[str, str]:
    """'ok' / 'FAIL' per step name, from lines like `ok    export PDF    sample.pdf: …`."""
    found = {}
    for line in out.splitlines():
        status, _, rest = line.partition(" ")
        name = next((n for n in STEP_NAMES if rest.strip().startswith(n + " ")), None)
        if status in ("ok", "FAIL") and name:
            found[name] = status
    return found


def test_every_step_passes_from_outside_the_repository(tmp_path: Path) -> None:
    done = self_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert step_lines(done.stdout) == dict.fromkeys(STEP_NAMES, "ok")
    out = done.stdout
    assert "return-2025-10.json: 0 errors" in out
    assert "sample.pdf: 6 page(s)" in out and "page 1 renders" in out
    assert "6 filled sheet(s) read back the same" in out
    assert "PostgreSQL driver psycopg 3." in out and "(binary), libpq " in out
    assert "1 dealer(s) listed; the sample return opens in the editor" in out
    assert out.splitlines()[-1].startswith("self-test: all steps passed")
    assert list(tmp_path.iterdir()) == []  # everything it made was in a temporary folder


def test_a_broken_installation_fails_its_steps_in_one_line_each(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "broken.toml").write_text("[form\n", encoding="utf-8")
    done = self_test(tmp_path, FORM9_FORMS_DIR=str(forms))
    assert done.returncode == 1
    steps = step_lines(done.stdout)
    # every file the app reads follows the form catalogue: a broken one stops them all, each in
    # one line naming the file
    assert steps["versions"] == "FAIL" and steps["validate"] == "FAIL"
    assert "FAIL  versions      broken.toml: cannot be read" in done.stdout
    assert "FAIL  validate      broken.toml: cannot be read" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    failed = sum(s == "FAIL" for s in steps.values())
    assert done.stdout.splitlines()[-1].startswith(f"self-test: {failed} of {len(STEPS)} steps")
