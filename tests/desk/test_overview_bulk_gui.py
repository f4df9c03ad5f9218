"""The overview's bulk actions (issue 15 item 5) driven as a practitioner would: cells selected
with clicks, buttons pressed, the folder, question and confirmation dialogs answered, the report
rows double-clicked or entered.

- Print PDFs: one PDF per selected return, named and made byte for byte as the single export
  (`form9 export-pdf`) makes it; an empty cell skipped with its reason; files already there asked
  about once (skip / cancel / overwrite); Cancel stops the run.
- Validate: every finding listed; double-click or Enter opens the return at the finding.
- Create returns: the confirmation says how many returns for how many dealers; Cancel creates
  nothing.
- The main window and another overview follow a bulk action by themselves (no F5).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import FileDialogs, on_next_modal
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

from app.cli import main as form9
from app.export.upload_write import dumps
from app.model.compute import compute
from app.store import lifecycle
from app.ui.qt import QApplication, QPushButton, Qt
from app.ui.return_editor import open_editors

SECOND = 1000  # ms: "by itself, within a second"
PDF_A10 = f"{TIN_A}-2025-10-form9.pdf"
PDF_B04 = f"{TIN_B}-2025-04-form9.pdf"
PDF_A09 = f"{TIN_A}-2025-09-form9.pdf"


@pytest.fixture
def dealers(store: Any) -> dict[str, int]:
    return build_dealers(store)


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def single_export(store: Any, rid: int, tmp_path: Path) -> bytes:
    """What the single export makes of the return: `form9 export-pdf` of its upload file."""
    ret = store.load_return(rid)
    source = tmp_path / f"single-{rid}.json"
    source.write_text(dumps(ret, compute(ret, with_lists=False)), encoding="utf-8")
    out = tmp_path / f"single-{rid}.pdf"
    assert form9(["export-pdf", "--quiet", str(source), "-o", str(out)]) == 0
    return out.read_bytes()


def answer(button_text: str, said: list[str]) -> list[str]:
    """Click `button_text` in the next message box; its text and details are noted in `said`."""

    def act(box: Any) -> None:
        said.append(f"{box.text()}\n{box.informativeText()}")
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button_text)
        target.click()

    return on_next_modal(act)


def test_print_pdfs_writes_what_the_single_export_writes(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any, artifacts: Path
) -> None:
    w = window(qtbot, store)
    w.resize(1024, 700)
    out = tmp_path / "pdfs"
    out.mkdir()
    dialogs = FileDialogs(monkeypatch)
    dialogs.answers = [out]
    # October (no errors), April (a blank return: errors, so DRAFT as the single export prints
    # it) and June (no return there).
    select(qtbot, w, [(TIN_A, "2025-10"), (TIN_B, "2025-04"), (TIN_B, "2025-06")])
    w.grab().save(str(artifacts / "overview-selection-1024x700.png"))
    click(qtbot, w.print_btn)
    report = report_of(qtbot, w)
    name_a = w.model.rows[row_of(w, TIN_A)][0].dealer
    errors = sum(f.is_error for f in lifecycle.check(store, dealers["b04"])[1])
    rows = report.texts()
    assert [r[:4] + r[5:] for r in rows] == [  # in the grid's order
        ["Bharat Stores", "April 2025", "Original", f"Written, DRAFT ({errors} error(s))", PDF_B04],
        ["Bharat Stores", "June 2025", "", "Skipped: no return in this cell", ""],
        [name_a, "October 2025", "Original", "Written, final", PDF_A10],
    ]
    assert int(rows[0][4]) >= 1 and int(rows[2][4]) >= 2  # pages
    assert report.note.text() == f"Written 2, skipped 1 (1 with no return) — in {out}."
    assert sorted(p.name for p in out.iterdir()) == sorted([PDF_A10, PDF_B04])
    assert (out / PDF_A10).read_bytes() == single_export(store, dealers["a10"], tmp_path)
    assert (out / PDF_B04).read_bytes() == single_export(store, dealers["b04"], tmp_path)
    assert [e[:2] for e in store.exports(dealers["a10"])] == [("pdf", str(out / PDF_A10))]
    assert [e[:2] for e in store.exports(dealers["b04"])] == [("pdf", str(out / PDF_B04))]
    report.resize(1000, 420)
    report.grab().save(str(artifacts / "overview-print-pdfs-report.png"))
    # The folder is asked for with the PDF dialogs' folder: the next time it opens there.
    click(qtbot, report.findChild(QPushButton))  # Close
    said: list[str] = []
    errs = answer("Skip those", said)
    dialogs.answers = [out]
    click(qtbot, w.print_btn)
    assert dialogs.calls[-1][0] == "getExistingDirectory" and dialogs.calls[-1][2] == str(out)
    assert not errs and said and said[0].startswith(f"The 2 files are already in {out}:")


def test_files_already_there_are_asked_about_once(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    w = window(qtbot, store)
    out = tmp_path / "pdfs"
    out.mkdir()
    (out / PDF_A10).write_bytes(b"signed copy")
    (out / PDF_B04).write_bytes(b"another copy")
    dialogs = FileDialogs(monkeypatch)
    select(qtbot, w, [(TIN_A, "2025-09"), (TIN_A, "2025-10"), (TIN_B, "2025-04")])
    # Cancel: nothing written, no report.
    said: list[str] = []
    errs = answer("Cancel", said)
    dialogs.answers = [out]
    click(qtbot, w.print_btn)
    assert not errs and len(said) == 1
    assert said[0].startswith(f"2 of the 3 files are already in {out}:")
    assert PDF_A10 in said[0] and PDF_B04 in said[0]
    assert sorted(p.name for p in out.iterdir()) == sorted([PDF_A10, PDF_B04])
    assert w.report is None and "nothing written" in w.statusBar().currentMessage()
    # Skip those: the others are written, the two files kept as they were.
    errs = answer("Skip those", said)
    dialogs.answers = [out]
    click(qtbot, w.print_btn)
    rows = {r[1]: r[3] for r in report_of(qtbot, w).texts()}
    assert not errs and len(said) == 2
    assert rows == {"September 2025": rows["September 2025"],
                    "October 2025": "Skipped: already in the folder",
                    "April 2025": "Skipped: already in the folder"}  # fmt: skip
    assert rows["September 2025"].startswith("Written")
    assert w.report is not None
    assert w.report.note.text().startswith("Written 1, skipped 2 (2 already in the folder)")
    assert (out / PDF_A10).read_bytes() == b"signed copy"
    assert (out / PDF_B04).read_bytes() == b"another copy"
    assert (out / PDF_A09).read_bytes() == single_export(store, dealers["a09"], tmp_path)
    w.report.close()
    # Overwrite: asked once for the three files now there, all replaced.
    errs = answer("Overwrite", said)
    dialogs.answers = [out]
    click(qtbot, w.print_btn)
    qtbot.waitUntil(lambda: w.report is not None and w.report.note.text().startswith("Written 3"))
    assert not errs and len(said) == 3 and said[2].startswith("The 3 files are already in")
    assert (out / PDF_A10).read_bytes() == single_export(store, dealers["a10"], tmp_path)
    assert (out / PDF_B04).read_bytes() == single_export(store, dealers["b04"], tmp_path)


def test_cancel_stops_printing(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    w = window(qtbot, store)
    select(qtbot, w, [(TIN_A, "2025-09"), (TIN_A, "2025-10"), (TIN_B, "2025-04")])
    reached, release = threading.Event(), threading.Event()
    load = store.load_return
    calls: list[int] = []

    def held(rid: int, **kw: Any) -> Any:
        calls.append(rid)
        if len(calls) == 2:  # the second return: the user presses Cancel meanwhile
            reached.set()
            release.wait(20)
        return load(rid, **kw)

    monkeypatch.setattr(store, "load_return", held)
    out = tmp_path / "pdfs"
    out.mkdir()
    dialogs = FileDialogs(monkeypatch)
    dialogs.answers = [out]
    click(qtbot, w.print_btn)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    progress = w.progress
    assert progress is not None and progress.isVisible()
    qtbot.waitUntil(lambda: "(2 of 3)" in progress.labelText(), timeout=SECOND)
    click(qtbot, progress.findChild(QPushButton))
    release.set()
    report = report_of(qtbot, w)
    assert report.note.text() == f"Cancelled. Written 1 — in {out}.  2 not printed."
    assert [r[1] for r in report.texts()] == ["April 2025"]  # the grid's order: Bharat first
    assert [p.name for p in out.iterdir()] == [PDF_B04]  # September's PDF never left half-made
    QApplication.processEvents()


def test_validate_lists_findings_that_open_the_return_there(
    qtbot: Any, store: Any, dealers: Any, artifacts: Path
) -> None:
    w = window(qtbot, store)
    select(qtbot, w, [(TIN_A, "2025-10"), (TIN_B, "2025-04")])
    click(qtbot, w.validate_btn)
    report = report_of(qtbot, w)
    report.resize(1024, 700)
    report.grab().save(str(artifacts / "overview-validate-results-1024x700.png"))
    found = {k: lifecycle.check(store, dealers[k])[1] for k in ("a10", "b04")}
    rows = report.texts()
    assert len(rows) == len(found["a10"]) + len(found["b04"])
    name_a = w.model.rows[row_of(w, TIN_A)][0].dealer
    assert rows[0][:3] == ["Bharat Stores", "April 2025", "E-REQUIRED"]  # errors first
    assert rows[-1][:2] == [name_a, "October 2025"]
    assert ["Bharat Stores", "April 2025", "E-REQUIRED", "Header · address"] in [
        r[:4] for r in rows
    ]
    errors = sum(f.is_error for f in found["b04"])
    warnings = len(found["a10"]) + len(found["b04"]) - errors
    assert report.note.text().startswith(
        f"2 returns checked: 1 with errors ({errors} errors), {warnings} warnings."
    )
    table = report.table
    # Double-click a Part 1(a) warning: October opens on Part 1(a), at the row and column.
    at = next(i for i, r in enumerate(rows) if r[3] == "Part 1(a) row 4 · tax_collected")
    index = table.model().index(at, 3)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    qtbot.mouseDClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    editors = open_editors(store)
    qtbot.waitUntil(lambda: dealers["a10"] in editors, timeout=SECOND)
    ed = editors[dealers["a10"]]
    assert ed.current_page_id() == "part1a"
    page: Any = ed.page("part1a")
    current = page.table.currentIndex()
    assert current.row() == 3
    assert page.model.columns[current.column()].id == "tax_collected"
    assert ed.focusWidget() is page.table
    # Keys: the header finding chosen with the arrow keys, Enter opens April at the field.
    target = next(i for i, r in enumerate(rows) if r[3] == "Header · address")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(target):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == target
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dealers["b04"] in editors, timeout=SECOND)
    ed_b = editors[dealers["b04"]]
    assert ed_b.current_page_id() == "header"
    header: Any = ed_b.page("header")
    address = next(f for form in header.forms if (f := form.fields.get(("header", "address"))))
    assert ed_b.focusWidget() is address.edit
    assert report.isVisible()  # Enter opened the return; the report stays for the next one
    for editor in (ed, ed_b):
        editor.close()


def test_bulk_create_is_confirmed_and_cancel_creates_nothing(
    qtbot: Any, store: Any, dealers: Any
) -> None:
    w = window(qtbot, store)
    before = {c: len(store.list_returns(dealers[c])) for c in ("a", "b")}
    select(
        qtbot, w, [(TIN_B, "2025-06"), (TIN_B, "2025-07"), (TIN_A, "2025-06"), (TIN_B, "2025-05")]
    )  # fmt: skip  (May holds a return: left alone)
    said: list[str] = []
    errs = answer("Cancel", said)
    click(qtbot, w.create_btn)
    assert not errs and said[0].startswith("Create 3 new returns for 2 dealers?")
    assert "June 2025, July 2025" in said[0]
    assert {c: len(store.list_returns(dealers[c])) for c in ("a", "b")} == before
    assert w.report is None and "nothing created" in w.statusBar().currentMessage()
    errs = answer("Create 3 returns", said)
    click(qtbot, w.create_btn)
    rows = report_of(qtbot, w).texts()
    assert not errs and len(said) == 2
    assert sorted((r[0], r[1], r[2]) for r in rows) == sorted([
        ("Bharat Stores", "June 2025", "Created"),
        ("Bharat Stores", "July 2025", "Created"),
        (w.model.rows[row_of(w, TIN_A)][0].dealer, "June 2025", "Created"),
    ])  # fmt: skip
    assert len(store.list_returns(dealers["b"])) == before["b"] + 2
    assert len(store.list_returns(dealers["a"])) == before["a"] + 1
    assert text_of(w, TIN_B, "2025-06").startswith("Draft\n")


def test_other_windows_follow_a_bulk_action_by_themselves(
    qtbot: Any, store: Any, dealers: Any
) -> None:
    from app.ui.main_window import MainWindow

    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    clients: Any = main.clients
    returns: Any = main.returns
    b_row = next(r for r in range(clients.rowCount())
                 if clients.item(r, 0).text() == "Bharat Stores")  # fmt: skip
    rect = clients.visualItemRect(clients.item(b_row, 0))
    qtbot.mouseClick(clients.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: main.returns.rowCount() == 2, timeout=SECOND)
    other = window(qtbot, store)  # a second overview, say on the other screen
    w = window(qtbot, store)
    select(qtbot, w, [(TIN_B, "2025-06"), (TIN_B, "2025-07")])
    errs = answer("Create 2 returns", [])
    click(qtbot, w.create_btn)
    report_of(qtbot, w)
    assert not errs
    qtbot.waitUntil(lambda: main.returns.rowCount() == 4, timeout=SECOND)
    qtbot.waitUntil(lambda: text_of(other, TIN_B, "2025-07").startswith("Draft"), timeout=SECOND)
    assert text_of(other, TIN_B, "2025-06").startswith("Draft")
    # A return filed elsewhere (another clerk's app on the office store) shows in both windows.
    assert other.model.index(row_of(other, TIN_B), COL["2025-05"]).data().startswith("Ready")
    store.set_status(dealers["b05"], "filed", ack_no="ACK-B05", filed_on=date(2025, 6, 20))
    qtbot.waitUntil(lambda: text_of(other, TIN_B, "2025-05").startswith("Filed"), timeout=SECOND)
    qtbot.waitUntil(
        lambda: any(returns.item(r, 2).text() == "Filed" for r in range(returns.rowCount())),
        timeout=SECOND,
    )


def test_print_with_nothing_selected_says_so(qtbot: Any, store: Any, dealers: Any) -> None:
    w = window(qtbot, store)
    select(qtbot, w, [(TIN_B, "2025-06")])
    click(qtbot, w.print_btn)
    assert w.statusBar().currentMessage().startswith("Print PDFs: select one or more existing")
    assert w.progress is None and w.report is None


def test_export_json_asks_before_replacing_a_file(
    qtbot: Any, store: Any, dealers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    w = window(qtbot, store)
    out = tmp_path / "json"
    out.mkdir()
    kept = out / f"{TIN_A}-2025-10-form9.json"
    kept.write_text("the copy uploaded last week", encoding="utf-8")
    dialogs = FileDialogs(monkeypatch)
    dialogs.answers = [out]
    select(qtbot, w, [(TIN_A, "2025-10")])
    said: list[str] = []
    errs = answer("Skip those", said)
    click(qtbot, w.export_btn)
    rows = report_of(qtbot, w).texts()
    assert not errs and said[0].startswith(f"The file is already in {out}:")
    assert rows[0][3] == f"Skipped: {kept.name} is already there"
    assert kept.read_text(encoding="utf-8") == "the copy uploaded last week"
