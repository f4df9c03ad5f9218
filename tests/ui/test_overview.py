"""The practitioner overview driven as a user would: the grid of dealers × periods, selecting
cells with Ctrl-click, Export upload JSON (files read back) and Cancel.  Create returns, Validate
and Print PDFs: tests/desk/test_overview_bulk_gui.py."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from overview_builders import (
    COL,
    TIN_A,
    TIN_B,
    build_dealers,
    report_of,
    row_of,
    select,
    text_of,
    window,
)

from app.export.upload_json import loads
from app.ui.qt import QApplication, QFileDialog, QPushButton, Qt


@pytest.fixture
def dealers(store: Any) -> dict[str, int]:
    return build_dealers(store)


def test_grid_shows_status_and_payable(qtbot: Any, store: Any, dealers: Any, artifacts: Path):
    w = window(qtbot, store)
    years = [w.year.itemText(i) for i in range(w.year.count())]
    assert years == ["2024-25", "2025-26"]  # nothing before FORM No. 9; default: this year
    assert w.year.currentText() == "2025-26"
    assert text_of(w, TIN_A, "2025-10") == "Draft\n1,23,456.50"
    assert text_of(w, TIN_A, "2025-09") == "Filed\n98,765.00"
    assert text_of(w, TIN_A, "2025-08") == "Rev 1 draft\n500.00"  # the latest version shows
    assert text_of(w, TIN_A, "2025-04") == "—"
    assert text_of(w, TIN_B, "2025-05") == "Ready\n12,34,567.00"
    assert text_of(w, TIN_B, "2025-04").startswith("Draft\n")
    assert text_of(w, TIN_B, "2025-26") == "—"
    tip = text_of(w, TIN_A, "2025-09", Qt.ItemDataRole.ToolTipRole)
    assert "ACK-0925" in tip and "18-10-2025" in tip
    bg = text_of(w, TIN_A, "2025-09", Qt.ItemDataRole.BackgroundRole).color().name()
    assert bg == "#e6f4ea"  # filed: green
    assert text_of(w, TIN_B, "2025-05", Qt.ItemDataRole.BackgroundRole).color().name() == "#e8f0fe"
    w.view.resizeRowsToContents()
    w.grab().save(str(artifacts / "overview.png"))
    qtbot.keyClicks(w.search, "bharat")
    assert [c[0].tin for c in w.model.rows] == [TIN_B]
    w.search.clear()
    w.year.setCurrentIndex(0)  # 2024-25: April–July 2024 are before FORM No. 9, not selectable
    assert w.model.rowCount() == 2
    assert not (w.model.flags(w.model.index(0, 2)) & Qt.ItemFlag.ItemIsSelectable)
    assert w.model.flags(w.model.index(0, 6)) & Qt.ItemFlag.ItemIsSelectable  # August 2024


def test_export_writes_error_free_returns(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any
) -> None:

    w = window(qtbot, store)
    out = tmp_path / "out"
    out.mkdir()
    chosen = lambda *_a, **_k: str(out)  # noqa: E731  (the folder the user picks)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", chosen)  # as file_dialogs asks
    select(qtbot, w, [(TIN_A, "2025-10"), (TIN_B, "2025-04")])
    qtbot.mouseClick(w.export_btn, Qt.MouseButton.LeftButton)
    rows = {r[1]: r[3] for r in report_of(qtbot, w).texts()}
    written = out / f"{TIN_A}-2025-10-form9.json"
    assert rows["October 2025"] == written.name
    assert rows["April 2025"].startswith("Skipped: ") and rows["April 2025"].endswith(" error(s)")
    assert sorted(p.name for p in out.iterdir()) == [written.name]
    assert loads(written.read_bytes()) == store.load_return(dealers["a10"])
    assert [(e[0], e[1]) for e in store.exports(dealers["a10"])] == [("json", str(written))]
    assert store.exports(dealers["b04"]) == []


def test_cancel_stops_before_the_next_return(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path
) -> None:
    w = window(qtbot, store)
    select(qtbot, w, [(TIN_A, "2025-09"), (TIN_A, "2025-10")])
    reached, release = threading.Event(), threading.Event()
    load = store.load_return

    def held(rid: int, **kw: Any) -> Any:
        if not reached.is_set():
            reached.set()
            release.wait(20)
        return load(rid, **kw)

    store.load_return = held
    out = tmp_path / "out"
    out.mkdir()
    w.export_selected(str(out))
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    assert w.progress is not None
    cancel = w.progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    report = report_of(qtbot, w)
    assert report.note.text() == "Cancelled. 1 of 2 done."
    assert [r[1] for r in report.texts()] == ["September 2025"]
    assert [p.name for p in out.iterdir()] == [f"{TIN_A}-2025-09-form9.json"]
    QApplication.processEvents()


def test_opened_from_main_window_and_double_click_opens_return(
    qtbot: Any, store: Any, dealers: Any
) -> None:
    from app.ui.main_window import MainWindow

    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    qtbot.mouseClick(main.overview_btn, Qt.MouseButton.LeftButton)
    w = main.overview
    assert w is not None
    qtbot.waitExposed(w)
    w.year.setCurrentIndex(w.year.findText("2025-26"))  # the default is the current year
    index = w.model.index(row_of(w, TIN_A), COL["2025-10"])
    center = w.view.visualRect(index).center()
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert dealers["a10"] in main.editors
    for ed in list(main.editors.values()):
        ed.close()
    w.close()
