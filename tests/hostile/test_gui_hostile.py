"""The window's "Open upload JSON" and "Import from Excel" dialogs given hostile files, driven as
a user would: the file is named, Read / Import is pressed, and the dialog says in plain words why
the file was not taken (never a traceback, a Python repr or an exception's class name), and the
app keeps running.  Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from corpus_xlsx import HEADER, ROW, sheet, table_rows, xlsx
from make_corpus import make_corpus

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.ui.excel_dialogs import ErrorsDialog, open_import
from app.ui.export_dialogs import open_upload_json
from app.ui.qt import Qt, QWidget
from app.ui.session import ReturnSession

pytestmark = pytest.mark.usefixtures("qapp")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

#: What a user must never read: a traceback, a repr, an exception's name, a memory address.
RAW = re.compile(r"Traceback|Error\(|Exception|<class |0x[0-9a-f]{6,}|File \"|\bNone\b")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder)
    return folder


class Shown:
    """An editor's return opened from a file: the session an import works on, and what it got."""

    def __init__(self) -> None:
        self.session = ReturnSession(Form9Return())
        self.replaced: list[Form9Return] = []
        self.session.reloaded.connect(lambda: self.replaced.append(self.session.ret))


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def _plain(text: str) -> None:
    assert text and not RAW.search(text), text
    assert "\n" not in text.strip() or "<br>" in text


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("deep-100k-note.json", "nested more than 64 levels deep"),
        ("utf8-bad-byte-in-name.json", "byte 0xFF at offset"),
        ("surrogate-high-in-name.json", "header.name: holds a lone surrogate"),
        ("int-5000-digits-revision.json", "a number of 5,000 digits is too large"),
        ("exp-huge-amount.json", "1E+999999999 is too large for an amount"),
        ("text-goods-1000.json", "part1a[0].goods: 1,000 characters; at most 300"),
        ("binary-garbage.json", "not UTF-8 text"),
        ("json-array.json", "must hold one JSON object"),
        ("empty-file.json", "the file is empty"),
        ("huge-json.json", "larger than the 300 MB a file may have"),
        ("folder.json", "is a folder, not a file"),
        ("no-such-file.json", "no such file"),
    ],
)
def test_open_upload_json_refuses_in_plain_words(
    qtbot: Any, store: Any, corpus: Path, file: str, says: str
) -> None:
    name = "huge.json" if file == "huge-json.json" else file
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    dlg = open_upload_json(None, store, cid)
    qtbot.addWidget(dlg)
    dlg.path_row.edit.setText(str(corpus / name))
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.task is None and bool(dlg.summary.text()), timeout=20_000)
    text = dlg.summary.text()
    assert says in text and text.startswith(("Not imported: ", "Cannot read ")), text
    _plain(text)
    assert dlg.opened is None and not dlg.import_button.isEnabled()
    if file == "deep-100k-note.json":
        dlg.resize(900, 300)
        ARTIFACTS.mkdir(exist_ok=True)
        assert dlg.grab().save(str(ARTIFACTS / "hostile-open-json.png"))


def test_open_upload_json_lists_an_exponent_amount_as_an_error(
    qtbot: Any, store: Any, corpus: Path
) -> None:
    """2281715267.5e-2 is read exactly and listed as E-AMOUNT-DP; never rounded, never a crash."""
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    dlg = open_upload_json(None, store, cid)
    qtbot.addWidget(dlg)
    dlg.path_row.edit.setText(str(corpus / "dp-exponent.json"))
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.opened is not None, timeout=20_000)
    dp = [f for f in dlg.findings if f.code == "E-AMOUNT-DP"]
    assert [(f.location, f.message) for f in dp] == [
        ("inputs.advance.kvat",
         "22817152.675 has more than 2 decimals; enter rupees and paise only")
    ]  # fmt: skip
    assert "1 error(s)" in dlg.summary.text()


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("xlsx-cell-XFD1048576.xlsx", "Sales list: cell XFD1048576 lies outside the area"),
        ("xlsx-sst-unique-count.xlsx", "declares 99,999,999,999 shared texts"),
        ("xlsx-area-too-large.xlsx", "an area of 26,000,026 cells"),
        ("xlsx-zip-bomb-ratio.xlsx", "(a zip bomb?); refused as unsafe"),
        ("xlsx-not-a-zip.xlsx", "it is not a zip archive"),
        ("sales-csv-binary-garbage.csv", "not a text file in a known encoding: tried UTF-8"),
        ("sales-csv-nul-bytes.csv", "holds a NUL byte at offset"),
        ("sales-huge.csv", "larger than the 200 MB this import accepts"),
        ("sales-folder.xlsx", "is a folder, not a file"),
    ],
)
def test_import_from_excel_refuses_in_plain_words(
    qtbot: Any, parent: QWidget, corpus: Path, file: str, says: str
) -> None:
    """The file that used to abort the whole app (SIGABRT in calamine) is refused before any
    reader allocates its cells; the app is still here to say so."""
    editor = Shown()
    flow = open_import(parent, None, None, editor.session, path=corpus / file, csv_list="sales")
    assert flow is not None
    qtbot.waitUntil(lambda: flow.state != "running", timeout=20_000)
    assert flow.state == "refused" and flow.message is not None
    text = flow.message.text()
    assert says in text, text
    _plain(text)
    assert editor.replaced == []
    if file.startswith("xlsx-cell"):
        ARTIFACTS.mkdir(exist_ok=True)
        assert flow.message.grab().save(str(ARTIFACTS / "hostile-import-xlsx.png"))


def test_annotated_copy_of_a_workbook_with_a_huge_merged_range(
    qtbot: Any, parent: QWidget, tmp_path: Path
) -> None:
    """openpyxl would make an object per merged cell (12 million): refused in plain words, and
    the copy is not written."""
    rows = table_rows(rows=[[*ROW[:6], "1.001", *ROW[7:]]])
    book = tmp_path / "merged.xlsx"
    book.write_bytes(xlsx(sheet(rows, after='<mergeCells count="1"><mergeCell '
                                  'ref="A5:GR60000"/></mergeCells>')))  # fmt: skip
    flow = open_import(parent, None, None, Shown().session, path=book)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    dialog = flow.dialog
    assert isinstance(dialog, ErrorsDialog)
    out = tmp_path / "merged-errors.xlsx"
    task = dialog.save_annotated(out)
    assert task is not None
    qtbot.waitUntil(lambda: dialog.message is not None, timeout=20_000)
    assert dialog.message is not None
    text = dialog.message.text()
    assert text == (
        "Could not save the copy: merged.xlsx: merged cells and hyperlinks cover 11,999,200 "
        "cells; at most 100,000 can be marked in a copy"
    )
    _plain(text)
    assert not out.exists() and list(tmp_path.glob(".merged-errors*")) == []


def test_csv_in_windows_1252_is_read_and_says_so(
    qtbot: Any, parent: QWidget, tmp_path: Path
) -> None:
    src = tmp_path / "sales.csv"
    src.write_bytes(
        "\r\n".join(",".join(r) for r in (HEADER, [*ROW[:3], "Trädërs", *ROW[4:]])).encode("cp1252")
    )
    editor = Shown()
    flow = open_import(parent, None, None, editor.session, path=src)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    assert flow.result is not None and flow.result.ok
    assert flow.result.sheets[0].rows[0].counterparty_name == "Trädërs"
    assert "sales.csv: not UTF-8; read as Windows-1252 text" in flow.result.notices
    assert flow.dialog is not None
    flow.dialog.reject()


def test_the_error_table_shows_long_cells_cut_short(
    qtbot: Any, parent: QWidget, corpus: Path
) -> None:
    """A 5,000-character cell is listed with its first characters and its length."""
    flow = open_import(
        parent, None, None, Shown().session, path=corpus / "xlsx-long-text-cell.xlsx"
    )
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20_000)
    dialog = flow.dialog
    assert isinstance(dialog, ErrorsDialog)
    model = dialog.table.model()
    shown = [model.data(model.index(0, c)) for c in range(6)]
    assert shown == [
        "Sales list", 2, "D", "(4) Counterparty name",
        "'" + "C" * 60 + "'… (5,000 characters)",
        "text of at most 200 characters (this has 5,000)",
    ]  # fmt: skip
    for text in shown[3:]:
        _plain(str(text))
    dialog.reject()
