"""Windows refresh by themselves (issue 15 item 5): a return or a dealer changed anywhere — through
the store behind a window's back, with no call on the window — shows within a second in the main
window's lists, the practitioner overview and an open return editor; a burst of changes is
coalesced."""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.periods import Period
from app.samples import load_sample_return, samples_dir
from app.store import Store
from app.ui.main_window import MainWindow
from app.ui.new_return import create_return
from app.ui.overview import OverviewWindow
from app.ui.return_editor import open_editor

SAMPLE = samples_dir() / "return-2025-10.json"
SECOND = 1000  # ms: "within a second"


def texts(table: Any, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def dealer(store: Store, tin: str = "32100000017", name: str = "Sample Fuels") -> tuple[int, int]:
    ret = load_sample_return(SAMPLE)
    cid = store.add_client(ClientProfile(tin=tin, name=name))
    return cid, store.create_return(cid, ret)


def test_the_main_window_lists_follow_the_store(qtbot: Any, store: Store) -> None:
    cid, rid = dealer(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert texts(window.returns, 2) == ["Draft"]
    store.set_payable(rid, Decimal("1234.50"))
    # Filed elsewhere (another window, a background op): the status and ack. no. show.
    store.set_status(rid, "filed", ack_no="KITIS/77", filed_on=date(2025, 11, 20))
    qtbot.waitUntil(lambda: texts(window.returns, 2) == ["Filed"], timeout=SECOND)
    assert texts(window.returns, 4) == ["KITIS/77"]
    # A new return of the selected dealer, and a new dealer: both lists show them.
    other = create_return(store, cid, Period.parse("2025-09"))[0]
    new = store.add_client(ClientProfile(tin="32100000025", name="Another Dealer"))
    qtbot.waitUntil(lambda: window.returns.rowCount() == 2, timeout=SECOND)
    qtbot.waitUntil(lambda: "Another Dealer" in texts(window.clients, 0), timeout=SECOND)
    assert texts(window.returns, 3)[0] == "1,234.50"
    assert texts(window.clients, 2)[texts(window.clients, 0).index("Sample Fuels")] == "2"
    assert window.selected_client() == cid and window.selected_client() != new  # kept
    assert window.selected_return() == rid and other != rid


def test_the_overview_follows_the_store_and_coalesces_a_burst(
    qtbot: Any, store: Store, monkeypatch: Any
) -> None:
    cid, rid = dealer(store)
    w = OverviewWindow(store, today=date(2025, 11, 15))  # financial year 2025-26
    qtbot.addWidget(w)
    w.show()
    october = w.model.index(0, 2 + 6)  # Dealer, TIN, Apr … Oct

    def cell_text(index: Any) -> str:
        return str(w.model.data(index)).split("\n")[0]

    assert cell_text(october) == "Draft"
    w.view.setCurrentIndex(october)
    store.set_status(rid, "ready")
    qtbot.waitUntil(lambda: cell_text(october) == "Ready", timeout=SECOND)
    assert w.view.currentIndex() == october  # the same dealers: the selection stays
    loads: list[int] = []
    real_load = w.model.load

    def counted(*args: Any) -> None:
        loads.append(1)
        real_load(*args)

    monkeypatch.setattr(w.model, "load", counted)

    def bulk() -> None:  # 11 months × 30 dealers written in 330+ units of work
        for n in range(30):
            c = store.add_client(ClientProfile(tin=f"3220{n:07d}", name=f"Bulk {n:02d}"))
            for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2):
                year = 2025 if month >= 4 else 2026
                store.create_return(c, Form9Return(header=_header(c, store, year, month)))

    worker = threading.Thread(target=bulk)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        qtbot.wait(20)
    took = time.monotonic() - started
    qtbot.waitUntil(lambda: w.model.rowCount() == 31, timeout=SECOND)
    qtbot.wait(300)
    # One refresh per 100 ms at most while 360 units of work are committed, whatever their pace.
    assert len(loads) <= took / 0.1 + 4 and len(loads) < 360 / 3, (len(loads), took)
    assert [cell_text(w.model.index(0, c)) for c in (0, 2, 12, 13)] == [
        "Bulk 00", "Draft", "Draft", "—"]  # fmt: skip


def _header(cid: int, store: Store, year: int, month: int) -> Any:
    return store.get_client(cid).header_for(f"{year}-{month:02d}")


def test_an_open_editor_shows_a_change_made_elsewhere(qtbot: Any, store: Store) -> None:
    _cid, rid = dealer(store)
    ed = open_editor(store, rid)
    qtbot.addWidget(ed)
    ed.resize(1024, 700)
    page: Any = ed.show_page("declaration")
    place = page.form.fields[("declaration", "place")].edit
    # Saved by another window of the app, behind this one's back.
    ret = store.load_return(rid)
    ret.declaration.place = "Thrissur"
    store.save_parts(rid, ret, {"declaration"})
    qtbot.waitUntil(lambda: ed.session.ret.declaration.place == "Thrissur", timeout=SECOND)
    page = ed.show_page("declaration")
    qtbot.waitUntil(lambda: page.form.fields[("declaration", "place")].edit.text() == "Thrissur")
    assert "changed elsewhere" in ed.save_label.text() and not ed.session.has_unsaved
    assert place is not None  # the old page was rebuilt on the new data
    # Filed elsewhere: the editor turns read-only and says so; Mark as filed says why not.
    store.set_status(rid, "filed", ack_no="KITIS/9", filed_on=date(2025, 11, 20))
    qtbot.waitUntil(lambda: ed.session.read_only, timeout=SECOND)
    assert ed.status_text().startswith("Filed — read-only")
    assert "filed elsewhere" in ed.save_label.text()
    assert "filed, read-only" in ed.windowTitle()
    assert not ed.menu_actions["mark_filed"].isEnabled()
    assert ed.menu_actions["revise"].isEnabled()
    ed.close()


def test_an_edit_being_typed_is_never_replaced_by_a_change_from_elsewhere(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    _cid, rid = dealer(store)
    ed = open_editor(store, rid)
    qtbot.addWidget(ed)
    page: Any = ed.show_page("declaration")
    edit = page.form.fields[("declaration", "place")].edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Kottayam")  # typed, not yet committed
    ret = store.load_return(rid)
    ret.part1b[0].series_to = "A/9999"
    store.save_parts(rid, ret, {"part1b"})
    qtbot.wait(400)
    assert edit.text() == "Kottayam" and ed.is_typing()  # not reloaded under the user's hands
    qtbot.keyClick(edit, "\r")  # committed: refused as stale, the conflict bar has the choice
    qtbot.waitUntil(lambda: ed.session.conflict is not None, timeout=SECOND)
    assert ed.banner.isVisible() and ed.session.ret.declaration.place == "Kottayam"
    assert ed.conflict_dialog is not None
    ed.conflict_dialog.reject()  # decide later: the banner keeps the choices
    ed.banner.buttons["keep"].click()  # Keep mine: my place on top of the newer version
    assert not ed.session.has_unsaved
    stored = store.load_return(rid)
    assert (stored.declaration.place, stored.part1b[0].series_to) == ("Kottayam", "A/9999")


def test_a_save_in_an_editor_shows_in_the_overview_and_the_main_window(
    qtbot: Any, store: Store
) -> None:
    """Another window's save (the return editor, typed as a user does): the payable the editor
    writes shows in the overview's cell and the main window's returns list, with no F5."""
    from ui_helpers import type_cell

    from app.model.numbers import fmt_indian
    from app.ui.columns import column_index

    _cid, rid = dealer(store)
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    w = OverviewWindow(store, today=date(2025, 11, 15))
    qtbot.addWidget(w)
    w.show()
    october = w.model.index(0, 2 + 6)
    before = store.return_info(rid).payable
    ed = open_editor(store, rid)
    qtbot.addWidget(ed)
    page: Any = ed.show_page("part1a")
    column = column_index(page.model.columns, "total_turnover")
    type_cell(qtbot, page.table, 0, column, "32817152.67")  # ₹1 crore more CST turnover at 2 %
    qtbot.waitUntil(lambda: store.return_info(rid).payable != before, timeout=5 * SECOND)
    shown = fmt_indian(store.return_info(rid).payable)
    qtbot.waitUntil(lambda: str(w.model.data(october)).endswith(f"\n{shown}"), timeout=SECOND)
    qtbot.waitUntil(lambda: texts(main.returns, 3) == [shown], timeout=SECOND)
    ed.close()


def test_the_overview_says_so_when_a_change_cannot_be_read(
    qtbot: Any, store: Store, monkeypatch: Any
) -> None:
    """The office database gone between a change and the overview's read: a line in the status
    bar, no traceback (and the grid keeps what it showed)."""
    from app.store.errors import StoreUnreachable

    _cid, rid = dealer(store)
    w = OverviewWindow(store, today=date(2025, 11, 15))
    qtbot.addWidget(w)
    w.show()

    def gone(*_a: Any, **_k: Any) -> Any:
        raise StoreUnreachable("the office database cannot be reached (connection refused)")

    monkeypatch.setattr(store, "list_clients", gone)
    store.set_status(rid, "ready")
    qtbot.waitUntil(
        lambda: w.statusBar().currentMessage().startswith("Not refreshed:"), timeout=SECOND
    )
    assert "cannot be reached" in w.statusBar().currentMessage()
    assert str(w.model.data(w.model.index(0, 8))).startswith("Draft")
