"""Every window and page at 1024×700 (a small laptop): key texts are never cut to "…" — periods,
statuses, amounts, TINs, the page list, the status line, a statement's wording — and every
dialog fits the screen.  Screenshots go to tests/artifacts/small-*.png for a person to look at."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import CELL_MARGIN, cut_texts

from app.model.catalogue import NUMBER_KINDS
from app.samples import load_sample_return, samples_dir
from app.store import Store, lifecycle
from app.ui.main import start
from app.ui.main_window import MainWindow
from app.ui.overview import OverviewWindow
from app.ui.qt import QApplication, QDialog, Qt, QTableView, QTableWidget, QWidget
from app.ui.return_editor import ReturnEditor, open_editor
from app.ui.statements import Statement

SMALL = (1024, 700)
#: Table columns whose every text must show whole: figures, dates, numbers, codes.
KEY_KINDS = NUMBER_KINDS | {"serial", "count", "date"}


def shot(widget: QWidget, artifacts: Path, name: str, size: tuple[int, int] | None = SMALL) -> None:
    if size is not None:
        widget.resize(*size)
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    assert widget.grab().save(str(artifacts / f"small-{name}.png"))


def wrapped_cut(t: QTableWidget, column: int) -> list[str]:
    """Texts of a word-wrapped column taller than their row (cut at the bottom)."""
    fm = t.fontMetrics()
    out = []
    for r in range(t.rowCount()):
        item = t.item(r, column)
        if item is None or t.columnSpan(r, column) > 1:
            continue
        width = t.columnWidth(column) - CELL_MARGIN
        flags = int(Qt.TextFlag.TextWordWrap)
        need = fm.boundingRect(0, 0, width, 10_000, flags, item.text()).height()
        if need > t.rowHeight(r):
            out.append(f"row {r + 1} {item.text()!r}: {need}px in {t.rowHeight(r)}px")
    return out


def page_cuts(page: QWidget) -> list[str]:
    """The key texts cut on one page of the editor."""
    out: list[str] = []
    for t in page.findChildren(QTableView):
        if not t.isVisible():
            continue
        model = t.model()
        columns = getattr(model, "columns", None)
        if columns is not None:  # a form table: figures, dates and numbers whole
            keys = [i for i, c in enumerate(columns) if c.kind in KEY_KINDS]
            out += cut_texts(t, keys)
        elif isinstance(t, Statement):  # wording wraps, figures whole
            figures = sorted({item.column() for item in t.cells.values()})
            out += cut_texts(t, figures)
            for c in range(t.columnCount()):
                if c not in figures:
                    out += wrapped_cut(t, c)
        else:  # the lists' totals
            out += cut_texts(t)
    return out


@pytest.fixture
def main(qtbot: Any, store: Store) -> MainWindow:
    window = start(store)  # the sample dealer and return
    qtbot.addWidget(window)
    return window


def test_the_main_window_and_overview_at_1024x700(
    qtbot: Any, main: MainWindow, store: Store, artifacts: Path
) -> None:
    rid = store.list_returns(store.list_clients()[0].id)[0].id
    store.set_status(rid, "filed", ack_no="KITIS/2025/0000000910", filed_on=date(2025, 11, 20))
    lifecycle.create_revision(store, rid)  # "Revision 1", "Ready to file" …
    main.refresh_clients()
    shot(main, artifacts, "main")
    assert cut_texts(main.returns) == []  # Period, Type, Status, Payable, Ack. no., Last change
    assert cut_texts(main.clients, [1, 2]) == []  # TIN, Returns
    name = store.list_clients()[0].name  # whole, even with the trade name after it cut
    fm = main.clients.fontMetrics()
    assert main.clients.columnWidth(0) >= fm.horizontalAdvance(f"{name} (…") + CELL_MARGIN
    overview = OverviewWindow(store, main, today=date(2025, 11, 15))
    qtbot.addWidget(overview)
    shot(overview, artifacts, "overview")
    assert cut_texts(overview.view, range(1, overview.model.columnCount())) == []


def editor_at(qtbot: Any, store: Store, return_id: int) -> ReturnEditor:
    ed = open_editor(store, return_id)
    qtbot.addWidget(ed)
    ed.resize(*SMALL)
    ed.session.wait_validated()
    return ed


def check_every_page(ed: ReturnEditor, artifacts: Path, name: str) -> None:
    fm = ed.nav.fontMetrics()
    for i in range(ed.nav.count()):
        item = ed.nav.item(i)
        assert item is not None
        assert fm.horizontalAdvance(item.text()) + 24 <= ed.nav.width(), item.text()
    status = ed.status_label
    assert status.fontMetrics().horizontalAdvance(ed.status_text()) <= status.width()
    cuts: dict[str, list[str]] = {}
    for page_id in ed.page_ids:
        page = ed.show_page(page_id)
        assert page is not None
        shot(ed, artifacts, f"{name}-{page_id}")
        cuts[page_id] = page_cuts(page)
    assert {p: c for p, c in cuts.items() if c} == {}


def test_every_page_of_the_editor_at_1024x700(
    qtbot: Any, main: MainWindow, store: Store, artifacts: Path
) -> None:
    rid = store.list_returns(store.list_clients()[0].id)[0].id
    check_every_page(editor_at(qtbot, store, rid), artifacts, "editor")
    # A revision (Part 4) and an annual return (stock) have pages of their own.
    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))
    revision = lifecycle.create_revision(store, rid)
    check_every_page(editor_at(qtbot, store, revision), artifacts, "revision")
    annual = load_sample_return(samples_dir() / "return-2025-10.json")
    annual.header.period = "2025-26"
    cid = store.list_clients()[0].id
    check_every_page(editor_at(qtbot, store, store.create_return(cid, annual)), artifacts, "annual")


def test_every_dialog_fits_the_screen_with_its_figures_whole(
    qtbot: Any, main: MainWindow, store: Store, artifacts: Path
) -> None:
    rid = store.list_returns(store.list_clients()[0].id)[0].id
    ed = editor_at(qtbot, store, rid)
    room = QApplication.primaryScreen().availableGeometry()
    for action in ("mark_filed", "what_if", "chain", "history", "json"):
        before = set(ed.findChildren(QDialog))
        ed.trigger(action)
        (dlg,) = [d for d in ed.findChildren(QDialog) if d not in before]
        shot(dlg, artifacts, f"dialog-{action}", None)
        assert dlg.width() <= room.width() and dlg.height() <= room.height(), action
        for table in dlg.findChildren(QTableWidget):
            figures = [c for c in range(table.columnCount()) if c > 0]
            assert cut_texts(table, figures) == [], action
        dlg.reject()
    ed.close()
