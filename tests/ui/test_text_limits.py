"""Text typed or pasted in the editor is held to the same limits as the files it is written to
(app/model/limits.py), so the app never writes a return it would refuse to read back."""

from __future__ import annotations

from typing import Any

from spec_examples import EXAMPLES
from ui_helpers import type_cell

from app.export.upload_json import dumps, loads
from app.model.client import ClientProfile
from app.model.compute import compute
from app.model.limits import text_limit
from app.ui.return_editor import ReturnEditor


def test_goods_typed_or_pasted_stop_at_the_limit(qtbot: Any, store: Any) -> None:
    ret = loads((EXAMPLES / "original.in.json").read_text(encoding="utf-8"))
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    rid = store.create_return(cid, ret)
    editor = ReturnEditor(store.load_return(rid), store=store, return_id=rid)
    qtbot.addWidget(editor)
    editor.show()
    page: Any = editor.show_page("part1a")
    table, model = page.table, page.table.model()
    goods = next(c for c in range(model.columnCount()) if model.columns[c].id == "goods")
    limit = text_limit("goods")
    type_cell(qtbot, table, 0, goods, "G" * (limit + 50))  # the field takes no more than fits
    assert editor.session.ret.part1a[0].goods == "G" * limit
    before = editor.session.ret.part1a[1].goods
    table.setCurrentIndex(model.index(1, goods))
    assert not table.paste_text("P" * (limit + 1) + "\r\n")
    assert f"{limit + 1:,} characters; at most {limit:,} fit here" in (
        editor.statusBar().currentMessage()
    )
    assert editor.session.ret.part1a[1].goods == before
    saved = store.load_return(rid)
    assert loads(dumps(saved, compute(saved))).part1a[0].goods == "G" * limit  # reads back
    editor.close()


def test_a_name_in_the_dealer_form_stops_at_the_limit(qtbot: Any, store: Any) -> None:
    from app.ui.client_editor import ClientDialog

    dlg = ClientDialog(store)
    qtbot.addWidget(dlg)
    dlg.name.edit.setText("N" * 1000)
    assert dlg.name.value() == "N" * text_limit("name")
