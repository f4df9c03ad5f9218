"""The due-date board window (issue 15 item 4) opened from the main window and from the overview,
filtered, sorted and exported as a user would; its figures are the engine's (the interest worked
by hand in tests/model/test_due_board.py)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from desk_builders import TIN, example, month
from gui_helpers import FileDialogs, activate, choose_menu
from pypdf import PdfReader

from app.model.client import ClientProfile
from app.model.compute import compute
from app.model.numbers import fmt_indian
from app.store import Store
from app.ui.due_board import DueBoardWindow
from app.ui.main import start
from app.ui.qt import QApplication, QPoint, Qt

TODAY = date(2025, 12, 10)


@pytest.fixture
def desk(data_dir: Path) -> Any:
    store = Store.open(data_dir)
    a = store.add_client(ClientProfile(tin=TIN, name="Coastal Petroleum Marketing Ltd",
                                       nature_of_business="Oil Company"))  # fmt: skip
    for p in ("2025-08", "2025-09"):
        store.set_status(store.create_return(a, month(p)), "filed", ack_no=f"ACK-{p}",
                         filed_on=date(2025, 10, 1))  # fmt: skip
    october = store.create_return(a, example())  # draft, due 10-11-2025 by its own inputs
    b = store.add_client(ClientProfile(tin="32000000011", name="Bharat Stores", large_dealer=True))
    november = month("2025-11", tin="32000000011", name="Bharat Stores", nature_of_business="Other")
    november.inputs.due_date, november.inputs.large_dealer = None, True  # the 10th: 10-12-2025
    store.create_return(b, november)
    yield store, october
    store.close()


def _board(qtbot: Any, window: Any) -> DueBoardWindow:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "due_board", None), DueBoardWindow))
    board: DueBoardWindow = window.due_board
    qtbot.waitExposed(board)
    return board


def _rows(board: DueBoardWindow) -> list[list[str]]:
    m = board.view.model()
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_board_figures_filter_sort_and_exports(qtbot: Any, desk: Any, tmp_path: Path,
                                               monkeypatch: Any, artifacts: Path) -> None:  # fmt: skip
    store, october = desk
    files = FileDialogs(monkeypatch)
    monkeypatch.setattr(
        "app.ui.due_board.date", type("D", (date,), {"today": staticmethod(lambda: TODAY)})
    )
    window = start(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_D, ctrl_shift)  # View ▸ Due-date board (Ctrl+Shift+D)
    board = _board(qtbot, window)
    board.resize(1024, 700)
    rows = _rows(board)
    # the engine's "what if I file on 10-12-2025" for October (hand-worked: 4,68,014.40)
    ret = store.load_return(october)
    probe = copy.deepcopy(ret)
    probe.header.date_of_filing = None
    c = compute(probe, as_of=TODAY)
    assert rows[0] == ["Coastal Petroleum Marketing Ltd", TIN, "October 2025", "10-11-2025",
                       "30 day(s) late", "Overdue", "Original, draft", "4,68,014.40",
                       "4,79,19,474.48"]  # fmt: skip
    assert fmt_indian(c.part3a.kgst_total.interest) == rows[0][7] and c.delay_days == 30
    assert [r[:7] for r in rows[1:]] == [
        [
            "Bharat Stores",
            "32000000011",
            "November 2025",
            "10-12-2025",
            "today",
            "Due",
            "Original, draft",
        ],
        [
            "Coastal Petroleum Marketing Ltd",
            TIN,
            "November 2025",
            "15-12-2025",
            "in 5 day(s)",
            "Due",
            "not started",
        ],
    ]  # December is due after the 30 days (10-01-2026 and 15-01-2026)
    assert "1 overdue" in board.summary.text() and "4,68,014.40" in board.summary.text()
    board.grab().save(str(artifacts / "due-board-1024x700.png"))

    # filter by typing a dealer's name; then show overdue only with the keyboard
    qtbot.keyClicks(board.search, "bharat")
    qtbot.waitUntil(lambda: all(r[0] == "Bharat Stores" for r in _rows(board)))
    board.search.clear()
    qtbot.waitUntil(lambda: len(_rows(board)) == len(rows))
    board.show_choice.setFocus()
    qtbot.keyClick(board.show_choice, Qt.Key.Key_Down)
    assert board.show_choice.currentData() == "overdue"
    assert [r[2] for r in _rows(board)] == ["October 2025"]
    qtbot.keyClick(board.show_choice, Qt.Key.Key_Up)
    # a narrower window: due within 3 days
    board.days.setFocus()
    board.days.selectAll()
    qtbot.keyClicks(board.days, "3")
    qtbot.waitUntil(lambda: len(_rows(board)) == 2, timeout=3000)
    # sort by dealer with a click on its header, then back by due date
    header = board.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionPosition(0) + 20, 8)
    )
    assert [r[0] for r in _rows(board)] == sorted(r[0] for r in _rows(board))

    # export what is shown: Excel and PDF, names proposed with the date
    xlsx, pdf = tmp_path / "board.xlsx", tmp_path / "board.pdf"
    files.answers += [xlsx, pdf]
    qtbot.mouseClick(board.excel_btn, Qt.MouseButton.LeftButton)
    assert Path(files.calls[-1][2]).name == "form9-due-board-2025-12-10.xlsx"
    qtbot.mouseClick(board.pdf_btn, Qt.MouseButton.LeftButton)
    assert Path(files.calls[-1][2]) == tmp_path / "form9-due-board-2025-12-10.pdf"  # last folder
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    shown = _rows(board)
    assert [ws.cell(4 + n, 1).value for n in range(len(shown))] == [r[0] for r in shown]
    assert ws.cell(4 + len(shown), 1).value is None
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "FORM No. 9 due-date board — 10-12-2025" in text and "4,68,014.40" in text

    # a return filed elsewhere in the app: the board follows by itself
    store.set_status(october, "filed", ack_no="ACK-10", filed_on=TODAY)
    qtbot.waitUntil(lambda: all(r[2] != "October 2025" for r in _rows(board)), timeout=5000)
    for w in QApplication.topLevelWidgets():
        w.close()


def test_board_from_the_overview_opens_a_return(qtbot: Any, desk: Any, monkeypatch: Any) -> None:
    store, october = desk
    monkeypatch.setattr(
        "app.ui.due_board.date", type("D", (date,), {"today": staticmethod(lambda: TODAY)})
    )
    window = start(store)
    qtbot.addWidget(window)
    window.show()
    overview = window.open_overview()
    qtbot.waitExposed(overview)
    choose_menu(qtbot, overview, "View", "Due-date board")
    board = _board(qtbot, window)
    model = board.view.model()
    first = model.index(0, 0)
    assert first.data() == "Coastal Petroleum Marketing Ltd"
    board.view.setCurrentIndex(first)
    qtbot.mouseClick(board.open_btn, Qt.MouseButton.LeftButton)
    assert october in window.editors and window.editors[october].isVisible()
    for w in QApplication.topLevelWidgets():
        w.close()
