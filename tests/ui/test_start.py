"""`python -m app --data-dir DIR`: opens the main window; the first start adds the sample dealer.

Run in a child process: the app's own exit (quit, then shutdown) must not leave this test session's
QApplication in its closing state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.store import Store

CHILD = """
import sys
from app.ui.qt import QApplication, QTimer
app = QApplication(sys.argv[:1])

def look_then_quit():
    shown = [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
    print("shown:", shown)
    QApplication.quit()

QTimer.singleShot(500, look_then_quit)
from app.__main__ import main
sys.argv = ["form9-gui", "--data-dir", sys.argv[1]]
raise SystemExit(main())
"""


def test_first_start_opens_the_window_with_the_sample(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "shown: ['" in proc.stdout and "Fatal" not in proc.stderr
    store = Store.open(tmp_path)
    try:
        clients = store.list_clients()
        assert len(clients) == 1 and clients[0].return_count == 1
    finally:
        store.close()


PAINT_FIRST = """
import sys
from app.ui.qt import QApplication
app = QApplication(sys.argv[:1])
from app.ui.main import paint_first
window = paint_first()
heavy = {"sqlalchemy", "openpyxl", "reportlab", "psycopg", "alembic"}
print(sorted({m.split(".")[0] for m in sys.modules} & heavy), window.isVisible(),
      window.store is None, window.menuBar().isEnabled(), window.statusBar().currentMessage())
"""


def test_the_window_is_painted_before_the_store_is_opened() -> None:
    """Issue 13's cold start: the main window shows before SQLAlchemy (or any other heavy
    package) is imported; the store is opened into it right after (app.ui.main.fill)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PAINT_FIRST], capture_output=True, text=True,
                          env=env, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[] True True False Opening the store…"
