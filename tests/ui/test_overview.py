"""The practitioner overview driven as a user would: the grid of dealers × periods, selecting
cells with Ctrl-click, Create returns, Validate, Export upload JSON (files read back) and Cancel."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.periods import Period
from app.ui.new_return import create_return
from app.ui.overview import OverviewWindow
from app.ui.qt import QApplication, QFileDialog, QPushButton, Qt

TODAY = date(2025, 11, 15)  # month before: October 2025 → financial year 2025-26
# Columns: Dealer, TIN, Apr 25 … Mar 26, Annual.
COL = {"2025-04": 2, "2025-05": 3, "2025-06": 4, "2025-07": 5, "2025-08": 6, "2025-09": 7,
       "2025-10": 8, "2025-26": 14}  # fmt: skip
TIN_A = "32759389475"  # the spec's worked original (October 2025, no errors)
TIN_B = "32000000022"


def example(name: str) -> Form9Return:
    return loads((EXAMPLES / f"{name}.in.json").read_bytes())


def _example_for(period: str, **header: Any) -> Any:
    ret = example("original")
    ret.header = replace(ret.header, period=period, **header)
    return ret


@pytest.fixture
def dealers(store: Any) -> dict[str, int]:
    """A (the worked example): Aug filed + Rev 1 draft, Sep filed, Oct draft (error-free).
    B (blank returns): Apr draft (has errors), May ready."""
    ex = example("original")
    a = int(store.add_client(ClientProfile(tin=TIN_A, name=ex.header.name)))
    b = int(store.add_client(ClientProfile(tin=TIN_B, name="Bharat Stores")))
    ids: dict[str, int] = {}
    ids["a08"] = store.create_return(a, _example_for("2025-08"))
    store.set_status(ids["a08"], "filed", ack_no="ACK-0825", filed_on=date(2025, 9, 20))
    ids["a08r1"] = store.create_return(
        a, _example_for("2025-08", return_type="revision", revision_no=1)
    )
    store.set_payable(ids["a08r1"], Decimal("500.00"))
    ids["a09"] = store.create_return(a, _example_for("2025-09"))
    store.set_payable(ids["a09"], Decimal("98765.00"))
    store.set_status(ids["a09"], "filed", ack_no="ACK-0925", filed_on=date(2025, 10, 18))
    ids["a10"] = store.create_return(a, example("original"))
    store.set_payable(ids["a10"], Decimal("123456.50"))
    ids["b04"], _ = create_return(store, b, Period.parse("2025-04"))
    ids["b05"], _ = create_return(store, b, Period.parse("2025-05"))
    store.set_payable(ids["b05"], Decimal("1234567.00"))
    store.set_status(ids["b05"], "ready")
    return {"a": a, "b": b, **ids}


def _window(qtbot: Any, store: Any) -> OverviewWindow:
    w = OverviewWindow(store, today=TODAY)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _row(w: OverviewWindow, tin: str) -> int:
    return next(r for r, cells in enumerate(w.model.rows) if cells[0].tin == tin)


def _text(w: OverviewWindow, tin: str, period: str, role: Any = None) -> Any:
    index = w.model.index(_row(w, tin), COL[period])
    return w.model.data(index, role if role is not None else Qt.ItemDataRole.DisplayRole)


def _select(qtbot: Any, w: OverviewWindow, cells: list[tuple[str, str]]) -> None:
    """Click the first cell, Ctrl-click the others (as a user does)."""
    for n, (tin, period) in enumerate(cells):
        index = w.model.index(_row(w, tin), COL[period])
        w.view.scrollTo(index)
        mod = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        center = w.view.visualRect(index).center()
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, mod, center)
    assert len(w.selected_cells()) == len(cells)


def _report(qtbot: Any, w: OverviewWindow) -> Any:
    qtbot.waitUntil(lambda: w.report is not None and w.report.isVisible(), timeout=30_000)
    assert w.report is not None
    return w.report


def test_grid_shows_status_and_payable(qtbot: Any, store: Any, dealers: Any, artifacts: Path):
    w = _window(qtbot, store)
    years = [w.year.itemText(i) for i in range(w.year.count())]
    assert years == ["2024-25", "2025-26"]  # nothing before FORM No. 9; default: this year
    assert w.year.currentText() == "2025-26"
    assert _text(w, TIN_A, "2025-10") == "Draft\n1,23,456.50"
    assert _text(w, TIN_A, "2025-09") == "Filed\n98,765.00"
    assert _text(w, TIN_A, "2025-08") == "Rev 1 draft\n500.00"  # the latest version shows
    assert _text(w, TIN_A, "2025-04") == "—"
    assert _text(w, TIN_B, "2025-05") == "Ready\n12,34,567.00"
    assert _text(w, TIN_B, "2025-04").startswith("Draft\n")
    assert _text(w, TIN_B, "2025-26") == "—"
    tip = _text(w, TIN_A, "2025-09", Qt.ItemDataRole.ToolTipRole)
    assert "ACK-0925" in tip and "18-10-2025" in tip
    bg = _text(w, TIN_A, "2025-09", Qt.ItemDataRole.BackgroundRole).color().name()
    assert bg == "#e6f4ea"  # filed: green
    assert _text(w, TIN_B, "2025-05", Qt.ItemDataRole.BackgroundRole).color().name() == "#e8f0fe"
    w.view.resizeRowsToContents()
    w.grab().save(str(artifacts / "overview.png"))
    qtbot.keyClicks(w.search, "bharat")
    assert [c[0].tin for c in w.model.rows] == [TIN_B]
    w.search.clear()
    w.year.setCurrentIndex(0)  # 2024-25: April–July 2024 are before FORM No. 9, not selectable
    assert w.model.rowCount() == 2
    assert not (w.model.flags(w.model.index(0, 2)) & Qt.ItemFlag.ItemIsSelectable)
    assert w.model.flags(w.model.index(0, 6)) & Qt.ItemFlag.ItemIsSelectable  # August 2024


def test_create_returns_in_missing_cells(qtbot: Any, store: Any, dealers: Any) -> None:
    w = _window(qtbot, store)
    _select(qtbot, w, [(TIN_B, "2025-06"), (TIN_B, "2025-07"), (TIN_B, "2025-05")])
    qtbot.mouseClick(w.create_btn, Qt.MouseButton.LeftButton)
    report = _report(qtbot, w)
    assert [r[:3] for r in report.texts()] == [
        ["Bharat Stores", "June 2025", "Created"],
        ["Bharat Stores", "July 2025", "Created"],
    ]  # May has a return already: left alone
    made = {(i.period, i.return_type, i.status) for i in store.list_returns(dealers["b"])}
    assert ("2025-06", "original", "draft") in made and ("2025-07", "original", "draft") in made
    assert len(made) == 4
    assert _text(w, TIN_B, "2025-06").startswith("Draft\n")  # the grid is refreshed


def test_validate_shows_error_counts(qtbot: Any, store: Any, dealers: Any) -> None:
    from app.store import lifecycle

    w = _window(qtbot, store)
    _select(qtbot, w, [(TIN_A, "2025-10"), (TIN_B, "2025-04"), (TIN_B, "2025-06")])
    qtbot.mouseClick(w.validate_btn, Qt.MouseButton.LeftButton)
    rows = {(r[0], r[1]): r[2:] for r in _report(qtbot, w).texts()}
    assert len(rows) == 2  # the empty June cell has nothing to validate
    name_a = w.model.rows[_row(w, TIN_A)][0].dealer
    assert rows[(name_a, "October 2025")][:2] == ["Original", "0"]
    blank = [f for f in lifecycle.check(store, dealers["b04"])[1] if f.is_error]
    assert blank  # a blank return has errors
    assert rows[("Bharat Stores", "April 2025")][1] == str(len(blank))


def test_export_writes_error_free_returns(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any
) -> None:

    w = _window(qtbot, store)
    out = tmp_path / "out"
    out.mkdir()
    chosen = lambda *_a, **_k: str(out)  # noqa: E731  (the folder the user picks)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", chosen)  # as file_dialogs asks
    _select(qtbot, w, [(TIN_A, "2025-10"), (TIN_B, "2025-04")])
    qtbot.mouseClick(w.export_btn, Qt.MouseButton.LeftButton)
    rows = {r[1]: r[3] for r in _report(qtbot, w).texts()}
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
    w = _window(qtbot, store)
    _select(qtbot, w, [(TIN_A, "2025-09"), (TIN_A, "2025-10")])
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
    report = _report(qtbot, w)
    assert report.note.text() == "Cancelled: 1 of 2 done."
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
    index = w.model.index(_row(w, TIN_A), COL["2025-10"])
    center = w.view.visualRect(index).center()
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert dealers["a10"] in main.editors
    for ed in list(main.editors.values()):
        ed.close()
    w.close()
