"""The editor shows the form as the return's version of the catalogue lists it (issue 11): every
table's columns with their numbers, titles, widths and hover text, the form fields' labels, the
statements' rows; and a made-up amendment (tests/forms) appears with no code change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from spec_examples import EXAMPLES
from ui_helpers import type_cell

from app import forms
from app.export.upload_json import loads
from app.model.catalogue import Catalogue, Field
from app.model.form9 import Form9Return
from app.ui.qt import QApplication, QLabel, Qt
from app.ui.return_editor import ReturnEditor

#: page id → the tables it shows (the header page shows the branches)
TABLE_PAGES = {
    "part1a": "part1a",
    "part1b": "part1b",
    "part2": "part2",
    "part5": "part5",
    "sales_list": "sales_list",
    "purchase_list": "purchase_list",
    "stock": "stock",
    "branches": "header",
}


def _example(name: str) -> Form9Return:
    return loads((EXAMPLES / f"{name}.in.json").read_text(encoding="utf-8"))


def _editor(qtbot: Any, ret: Form9Return) -> ReturnEditor:
    editor = ReturnEditor(ret)
    qtbot.addWidget(editor)
    editor.resize(1024, 700)
    editor.show()
    qtbot.waitActive(editor)
    return editor


def _table(editor: ReturnEditor, table: str) -> Any:
    page: Any = editor.show_page(TABLE_PAGES[table])
    return page.branches if table == "branches" else page.table


def _header_text(f: Field) -> str:
    return f"({f.number})\n{f.title}" if f.number else f.title


@pytest.mark.parametrize("table", sorted(TABLE_PAGES))
def test_each_table_shows_the_catalogue_s_columns_with_their_labels(qtbot: Any, table: str) -> None:
    ret = _example("annual" if table == "stock" else "original")
    editor = _editor(qtbot, ret)
    cat = editor.session.catalogue
    assert cat is forms.catalogue_of(ret.header.period)
    view = _table(editor, table)
    model = view.model()
    fields = cat.table(table).ui_columns
    horizontal = Qt.Orientation.Horizontal
    shown = [model.headerData(i, horizontal) for i in range(model.columnCount())]
    assert shown == [_header_text(f) for f in fields]
    tips = [
        model.headerData(i, horizontal, Qt.ItemDataRole.ToolTipRole) for i in range(len(fields))
    ]
    for f, tip in zip(fields, tips, strict=True):
        assert f.heading in tip  # the form's own wording on hover
        assert (f.formula in tip) if f.computed else ("computed" not in tip or f.kind == "serial")
    for i, f in enumerate(fields):
        assert view.columnWidth(i) >= f.width.ui  # numbers may widen a column, never narrow it
        editable = bool(model.flags(model.index(0, i)) & Qt.ItemFlag.ItemIsEditable)
        if model.rowCount():
            assert editable == (not f.computed and f.kind != "serial"), f.id
    editor.close()


def test_a_serial_column_is_shown_not_editable_and_renumbered(qtbot: Any) -> None:
    editor = _editor(qtbot, _example("original"))
    view = _table(editor, "part1a")
    model = view.model()
    n = model.rowCount()
    view.setCurrentIndex(model.index(0, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Insert)  # a row below the first: the rest move down
    assert [model.index(r, 0).data() for r in range(n + 1)] == [str(r) for r in range(1, n + 2)]
    assert [r.sl for r in editor.session.ret.part1a] == list(range(1, n + 2))
    view.setCurrentIndex(model.index(1, 0))
    qtbot.keyClicks(view, "7")  # typing on col (1) opens no editor and changes nothing
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEditable
    assert editor.session.ret.part1a[1].sl == 2
    assert model.index(1, 0).data() == "2"
    editor.close()


def test_form_fields_are_labelled_with_the_catalogue_s_titles(qtbot: Any) -> None:
    editor = _editor(qtbot, _example("original"))
    cat = editor.session.catalogue
    seen: dict[str, dict[str, str]] = {"header": {}, "inputs": {}, "declaration": {}}
    for page_id, forms_of in (
        ("header", lambda p: p.forms),
        ("part3", lambda p: [p.form]),
        ("part3a", lambda p: p.forms),
        ("declaration", lambda p: [p.form]),
    ):
        page: Any = editor.show_page(page_id)
        for form in forms_of(page):
            for (part, fid), widget in form.fields.items():
                label = form.form.labelForField(widget)
                assert isinstance(label, QLabel)
                seen[part][fid] = label.text()
    for part, labels in seen.items():
        titles = {f.id: f.title for f in cat.section(part)}
        assert labels == {fid: titles[fid] for fid in labels}
        if part == "header":  # the period and the return's type are shown, not edited
            assert set(titles) - set(labels) == {"period", "return_type", "revision_no"}
        else:
            assert set(labels) == set(titles)
    assert seen["header"]["kgst_no"] == "KGST No."
    assert seen["inputs"]["advance.kgst"] == "KGST advance tax paid (a)(ii)"
    assert seen["header"]["constitution"] == "Constitution"
    # the long form wording is the hover
    header: Any = editor.show_page("header")
    constitution = header.forms[1].fields[("header", "constitution")]
    assert constitution.toolTip().startswith("Constitution of business (Proprietorship")
    assert constitution.combo.itemText(0) == "(none)"  # not required: a blank choice first
    # no "Other fields" group when every field has its place
    assert len(header.forms) == 2
    p3: Any = editor.show_page("part3")
    assert p3.other is None
    editor.close()


def test_statements_show_the_catalogue_s_rows_and_formulas(qtbot: Any) -> None:
    editor = _editor(qtbot, _example("revision"))
    cat: Catalogue = editor.session.catalogue
    p3: Any = editor.show_page("part3")
    for line in cat.statement("part3").rows:
        r = p3.view.row_of(line.id)
        assert p3.view.item(r, 0).text() == line.number
        assert p3.view.item(r, 1).text() == line.title
        assert p3.view.cells[(line.id, 0)].toolTip() == f"{line.number} = {line.formula}"
    p3a: Any = editor.show_page("part3a")
    for line in cat.statement("part3a").rows:
        r = p3a.view.cells[(line.id, 0)].row()
        assert p3a.view.item(r, 0).text() == f"{line.number} {line.title}".strip()
    assert "max(0, (i) − ((ii) + (iii)))" in p3a.view.cells[("a", 0)].toolTip()
    p4: Any = editor.show_page("part4")
    for line in cat.statement("part4").rows:
        r = p4.view.cells[(line.id, 0)].row()
        assert p4.view.item(r, 0).text() == f"{line.number} {line.title}".strip()
    editor.close()


# ---------------------------------------------------------------- the made-up amendment


def _amended_return(period: str = "2099-04") -> Form9Return:
    ret = _example("original")
    ret.header.period = period
    return ret


def test_an_amended_return_shows_the_new_column_and_stores_what_is_typed(
    qtbot: Any, amended_form: Catalogue, artifacts: Path
) -> None:
    editor = _editor(qtbot, _amended_return())
    s = editor.session
    assert s.catalogue.version == "2099-04"
    view = _table(editor, "part1a")
    model = view.model()
    cols = [c.id for c in model.columns]
    at = cols.index("green_cess")
    assert cols[at - 1] == "compounded_tax" and cols[at + 1] == "total_tax_payable"
    header = model.headerData(at, Qt.Orientation.Horizontal)
    assert header == "(13A)\nGreen\ncess"
    tip = model.headerData(at, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "(13A) Green cess collected"
    assert model.index(0, at).data() == "0.00"  # a row of before the column: blank, not missing
    view.scrollTo(model.index(0, at))
    QApplication.processEvents()  # amounts widen their columns once shown
    editor.grab().save(str(artifacts / "amended_part1a.png"))

    payable = s.computed.part3.a_i
    type_cell(qtbot, view, 0, at, "1,234.50")
    assert s.ret.part1a[0].extra == {"green_cess": Decimal("1234.50")}
    assert model.index(0, at).data() == "1,234.50"
    assert model.index(0, at).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert s.computed.part3.a_i == payable  # a new column changes no figure of the rules
    type_cell(qtbot, view, 1, at, "12.345")  # refused with the column's name; nothing stored
    assert s.ret.part1a[1].extra is None
    tip = view.cell_delegate.tip
    assert tip.isVisible() and tip.text().startswith("(13A) Green cess")
    assert "(13A) Green cess" in editor.statusBar().currentMessage()
    qtbot.keyClick(view.viewport().focusWidget() or view, Qt.Key.Key_Escape)  # given up

    editor.undo_action.trigger()
    assert s.ret.part1a[0].extra is None  # undo puts the row back as it was
    assert model.index(0, at).data() == "0.00"
    editor.redo_action.trigger()
    assert s.ret.part1a[0].extra == {"green_cess": Decimal("1234.50")}

    # A new row of the amended table starts with the new field blank.
    view.setCurrentIndex(model.index(0, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert s.ret.part1a[1].extra == {"green_cess": Decimal("0.00")}
    # Ctrl+D copies it like any other cell.
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert s.ret.part1a[1].extra == {"green_cess": Decimal("1234.50")}

    # The renamed Part 3 row.
    p3: Any = editor.show_page("part3")
    r = p3.view.row_of("b")
    assert p3.view.item(r, 1).text() == "Surcharge and green cess due"
    editor.close()


@pytest.mark.parametrize("period", ["2025-10", "2099-03"])
def test_a_return_of_an_earlier_period_keeps_its_version(
    qtbot: Any, amended_form: Catalogue, period: str
) -> None:
    editor = _editor(qtbot, _amended_return(period))
    assert editor.session.catalogue.version == "2024-08"
    model = _table(editor, "part1a").model()
    assert "green_cess" not in [c.id for c in model.columns]
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert not any("13A" in h for h in headers)
    p3: Any = editor.show_page("part3")
    assert p3.view.item(p3.view.row_of("b"), 1).text() == "Surcharge due"
    editor.close()


def test_fields_a_version_adds_to_a_section_appear_under_other_fields(
    qtbot: Any, sections_form: Catalogue, artifacts: Path
) -> None:
    editor = _editor(qtbot, _amended_return("2099-10"))
    s = editor.session
    header: Any = editor.show_page("header")
    other = header.forms[-1]
    field = other.fields[("header", "udyam_no")]
    assert other.form.labelForField(field).text() == "Udyam registration no."
    assert field.toolTip() == "Udyam (MSME) registration number, if any"
    editor.grab().save(str(artifacts / "amended_header.png"))
    assert field.edit is not None
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "udyam-kl-01 0012345")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.ret.header.extra == {"udyam_no": "UDYAM-KL-010012345"}  # kind upper: no spaces

    p3: Any = editor.show_page("part3")
    assert p3.other is not None
    paid = p3.other.form.fields[("inputs", "green_cess_paid")]
    assert paid.edit.text() == "0.00"  # blank until entered, like every amount
    paid.edit.setFocus()
    qtbot.keyClick(paid.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(paid.edit, "1,00,000")
    qtbot.keyClick(paid.edit, Qt.Key.Key_Return)
    assert s.ret.inputs.extra == {"green_cess_paid": Decimal("100000.00")}
    assert paid.edit.text() == "1,00,000.00"

    decl: Any = editor.show_page("declaration")
    signed = decl.other.form.fields[("declaration", "signed_digitally")]
    assert signed.combo is not None and signed.combo.currentText() == "No"
    signed.combo.setFocus()
    qtbot.keyClick(signed.combo, Qt.Key.Key_Up)  # Yes
    QApplication.processEvents()
    assert s.ret.declaration.extra == {"signed_digitally": True}
    editor.undo_action.trigger()
    assert s.ret.declaration.extra is None
    assert signed.combo.currentText() == "No"
    editor.close()
