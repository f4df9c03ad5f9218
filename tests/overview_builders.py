"""The practitioner overview's test store and the user's moves on it (tests/ui/test_overview.py,
tests/desk/test_overview_bulk_gui.py): two dealers' returns across 2025-26, cells selected by
click and Ctrl-click, the report of a bulk action awaited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.periods import Period
from app.ui.new_return import create_return
from app.ui.overview import OverviewWindow
from app.ui.qt import Qt

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


def build_dealers(store: Any) -> dict[str, int]:
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


def window(qtbot: Any, store: Any) -> OverviewWindow:
    w = OverviewWindow(store, today=TODAY)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def row_of(w: OverviewWindow, tin: str) -> int:
    return next(r for r, cells in enumerate(w.model.rows) if cells[0].tin == tin)


def text_of(w: OverviewWindow, tin: str, period: str, role: Any = None) -> Any:
    index = w.model.index(row_of(w, tin), COL[period])
    return w.model.data(index, role if role is not None else Qt.ItemDataRole.DisplayRole)


def select(qtbot: Any, w: OverviewWindow, cells: list[tuple[str, str]]) -> None:
    """Click the first cell, Ctrl-click the others (as a user does)."""
    for n, (tin, period) in enumerate(cells):
        index = w.model.index(row_of(w, tin), COL[period])
        w.view.scrollTo(index)
        mod = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        center = w.view.visualRect(index).center()
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, mod, center)
    assert len(w.selected_cells()) == len(cells)


def report_of(qtbot: Any, w: OverviewWindow) -> Any:
    qtbot.waitUntil(lambda: w.report is not None and w.report.isVisible(), timeout=30_000)
    assert w.report is not None
    return w.report
