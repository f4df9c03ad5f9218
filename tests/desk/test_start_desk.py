"""Starting the app (issue 15 item 8) without --data-dir: the folder chosen in Settings is used,
and the app writes its rotating log there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import __version__

CHILD = """
import sys
from app.ui.qt import QApplication, QTimer
app = QApplication(sys.argv[:1])
QTimer.singleShot(400, QApplication.quit)
from app.__main__ import main
sys.argv = ["form9-gui"]
raise SystemExit(main())
"""


def test_the_chosen_data_folder_and_its_log(tmp_path: Path) -> None:
    config, chosen = tmp_path / "config", tmp_path / "office data"
    env = {k: v for k, v in os.environ.items() if k != "FORM9_DATA_DIR"}
    env.update(QT_QPA_PLATFORM="offscreen", FORM9_CONFIG_DIR=str(config))
    config.mkdir()
    (config / "location.json").write_text(json.dumps({"data_dir": str(chosen)}))
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env,
                          timeout=60, check=False, cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (chosen / "form9.sqlite").is_file()
    log = (chosen / "logs" / "form9.log").read_text(encoding="utf-8")
    assert f"INFO    app.ui.main: Form 9 Offline Utility {__version__} started on {chosen}" in log
