"""Main window on first start, the dealer form, the lists, and the revision / annual pages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from spec_examples import EXAMPLES
from ui_helpers import type_cell

from app.export.upload_json import loads
from app.model.client import ClientProfile
from app.model.form9 import ListRow
from app.model.values import EntryError, parse, show
from app.ui.client_editor import ClientDialog
from app.ui.main import start
from app.ui.qt import QApplication, QDialogButtonBox
from app.ui.return_editor import ReturnEditor


def test_amount_entry_accepts_both_ways_and_refuses_more_than_two_decimals() -> None:
    assert parse("money", "123456.5") == Decimal("123456.50")
    assert parse("money", "1,23,456.50") == Decimal("123456.50")
    assert show("money", Decimal("12345678.5")) == "1,23,45,678.50"
    for bad, why in (("12.345", "at most 2 decimals"), ("-5", "negative"), ("1,2,3", "commas")):
        try:
            parse("money", bad)
        except EntryError as exc:
            assert why in str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")
    assert parse("signed_money", "-709.26") == Decimal("-709.26")  # list rows: returns negative
    assert parse("date", "05-09-2024") == date(2024, 9, 5)
    assert parse("choice", "kv", ("KGST", "KVAT", "CST")) == "KVAT"


def test_first_start_shows_the_sample_dealer_and_return(qtbot: Any, store: Any, artifacts: Path):
    window = start(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.clients.rowCount() == 1
    assert window.returns.rowCount() >= 1
    window.grab().save(str(artifacts / "main_window.png"))
    editor = window.open_return()
    assert editor is not None
    assert editor.session.ret.part1a, "the sample return has Part 1(a) rows"
    editor.close()


def test_dealer_form_checks_as_typed_and_refuses_a_duplicate_tin(
    qtbot: Any, store: Any, artifacts: Path
) -> None:
    store.add_client(ClientProfile(tin="32000000001", name="First Dealer"))
    dlg = ClientDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not dlg.tin.error.isVisible()  # nothing shouted before anything is typed
    qtbot.keyClicks(dlg.tin.edit, "32ab")
    assert "digits only" in dlg.tin.error.text() and dlg.tin.error.isVisible()
    dlg.tin.edit.clear()
    qtbot.keyClicks(dlg.gstin.edit, "27AAPFU0939F1ZO")
    assert "check character" in dlg.gstin.error.text()
    dlg.gstin.edit.setText("27AAPFU0939F1ZV")
    assert not dlg.gstin.error.isVisible()
    qtbot.keyClicks(dlg.tin.edit, "32000000001")
    qtbot.keyClicks(dlg.name.edit, "Second Dealer")
    dlg.add_branch()
    branch: Any = dlg.branches.item(0, 0)
    branch.setText("Kollam depot")
    assert "number of branches: 1" in dlg.branch_label.text()
    dlg.grab().save(str(artifacts / "dealer_form.png"))
    assert save.isEnabled()
    save.click()
    # The store's duplicate-TIN refusal, in the dialog's words (not "client, tin: …").
    assert dlg.message.text() == "TIN: a dealer with TIN 32000000001 already exists (First Dealer)"
    assert dlg.result() == 0
    dlg.tin.edit.setText("32000000002")
    save.click()
    assert dlg.result() == 1
    saved = [c for c in store.list_clients() if c.tin == "32000000002"]
    assert saved and store.get_client(saved[0].id).branches[0].name == "Kollam depot"
    assert dlg.saved_id == saved[0].id


def _big_list(n: int) -> list[ListRow]:
    day = date(2025, 10, 1)
    return [
        ListRow(
            "Sales" if i % 3 else "Sales Return",
            "first",
            "32123456789",
            f"Customer {i % 50}",
            f"S/{i:05d}",
            day + timedelta(days=i % 31),
            Decimal("100.00") if i % 3 else Decimal("-10.00"),
            Decimal("5.00") if i % 3 else Decimal("-0.50"),
            Decimal("0.00"),
        )
        for i in range(n)
    ]


def test_list_page_filters_totals_per_type_and_saves_edits(
    qtbot: Any, store: Any, artifacts: Path
) -> None:
    ret = loads((EXAMPLES / "original.in.json").read_text(encoding="utf-8"))
    ret.sales_list = _big_list(3000)
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    rid = store.create_return(cid, ret)
    editor = ReturnEditor(store.load_return(rid), store=store, return_id=rid)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitActive(editor)
    page: Any = editor.show_page("sales_list")
    editor.session.wait_validated()
    # 3000 rows: every third a Sales Return of −10.00; 2000 Sales of 100.00
    cells = {
        page.totals.item(r, 0).text(): page.totals.item(r, 2).text()
        for r in range(page.totals.rowCount())
    }
    assert cells["Sales"] == "2,00,000.00"
    assert cells["Sales Return"] == "-10,000.00"
    assert cells["All types"] == "1,90,000.00"
    page.search.setText("customer 7")
    page.apply_filter()
    # Customer 7 (i % 50 == 7) → 60 rows
    assert page.model.rowCount() == 60
    assert "60 of 3,000 rows" in page.shown.text()
    editor.grab().save(str(artifacts / "sales_list_filtered.png"))
    # Edit a filtered row: the source row changes and is in the store at once.
    src = page.model.source_row(1)
    type_cell(qtbot, page.table, 1, 6, "250.50")
    assert editor.session.ret.sales_list[src].value == Decimal("250.50")
    assert store.load_return(rid).sales_list[src].value == Decimal("250.50")
    # A finding in a row filtered out clears the filter and shows the row.
    from app.model.findings import Finding

    hidden = 8  # Customer 8, not shown by the filter
    assert page.model.view_row(hidden) is None
    editor.jump_to(Finding("W-X", "warning", "sales_list", hidden, "doc_date", "test"))
    assert page.model.view_row(hidden) == hidden
    assert page.table.currentIndex().row() == hidden
    editor.close()


def test_revision_shows_part4_and_annual_shows_stock(qtbot: Any, artifacts: Path) -> None:
    rev = loads((EXAMPLES / "revision.in.json").read_text(encoding="utf-8"))
    editor = ReturnEditor(rev)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    assert "part4" in editor.page_ids and "stock" not in editor.page_ids
    page: Any = editor.show_page("part4")
    c = editor.session.computed
    assert c.part4 is not None
    payable = c.part4.payable
    assert f"{payable:,.2f}"[-6:] in page.payable.text()  # same paise shown
    editor.show()
    QApplication.processEvents()
    editor.grab().save(str(artifacts / "revision_part4.png"))
    editor.close()

    annual = loads((EXAMPLES / "annual.in.json").read_text(encoding="utf-8"))
    ed2 = ReturnEditor(annual)
    qtbot.addWidget(ed2)
    assert ed2.page_ids[-1] == "stock" and "part4" not in ed2.page_ids
    stock: Any = ed2.show_page("stock")
    assert stock.model.rowCount() == len(annual.stock) > 0
    ed2.resize(1366, 768)
    ed2.show()
    QApplication.processEvents()
    ed2.grab().save(str(artifacts / "annual_stock.png"))
    ed2.close()


def test_every_menu_command_opens_its_dialog(qtbot: Any, store: Any) -> None:
    """Each command of the editor's menus, triggered as a user would, opens its dialog (the
    menus call the dialog modules directly; nothing is looked up by name)."""
    from app.ui.qt import QDialog

    window = start(store)
    qtbot.addWidget(window)
    editor = window.open_return()
    assert editor is not None
    opened: dict[str, str] = {}
    summary = editor.menu_actions["year_summary"]  # the sample dealer has no annual return yet
    assert not summary.isEnabled() and "No annual return for" in summary.toolTip()
    for action_id in ("what_if", "chain", "history", "json", "pdf", "mark_filed"):
        before = set(editor.findChildren(QDialog))
        editor.trigger(action_id)
        new = [d for d in editor.findChildren(QDialog) if d not in before]
        assert len(new) == 1, action_id
        opened[action_id] = type(new[0]).__name__
        new[0].reject()
    assert opened == {
        "what_if": "WhatIfDialog", "chain": "ChainDialog", "history": "HistoryDialog",
        "json": "GenerateJsonDialog", "pdf": "PdfDialog", "mark_filed": "MarkFiledDialog",
    }  # fmt: skip
    QApplication.processEvents()
    editor.close()
