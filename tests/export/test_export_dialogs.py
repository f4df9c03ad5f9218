"""The export dialogs driven as a user would (pytest-qt): generate JSON, refuse on errors, PDF
preview and save, open a hand-edited upload JSON and import it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from export_samples import example

from app.export.upload_json import dumps
from app.model.client import ClientProfile
from app.model.compute import compute
from app.ui.export_dialogs import open_generate_json, open_pdf, open_upload_json
from app.ui.qt import Qt


def _client(store: Any, tin: str, name: str) -> int:
    return int(store.add_client(ClientProfile(tin=tin, name=name)))


def _stored(store: Any, name: str) -> tuple[int, int]:
    ret = example(name)
    cid = _client(store, ret.header.tin, ret.header.name)
    return cid, int(store.create_return(cid, ret))


def test_generate_json_writes_and_records(qtbot: Any, store: Any, tmp_path: Path) -> None:
    _cid, rid = _stored(store, "original")
    dlg = open_generate_json(None, store, rid, None)
    qtbot.addWidget(dlg)
    assert not dlg.refused
    target = tmp_path / "out.json"
    dlg.path_row.edit.setText(str(target))
    qtbot.mouseClick(dlg.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.written is not None, timeout=20_000)
    ret = store.load_return(rid)
    assert target.read_text(encoding="utf-8") == dumps(ret, compute(ret))
    exports = store.exports(rid)
    assert [e[0] for e in exports] == ["json"]
    assert exports[0][1] == str(target)
    assert dlg.written is not None
    assert exports[0][2] == dlg.written[1] and dlg.written[1].startswith("sha256:")
    assert "Checksum" in dlg.status.text()


def test_generate_json_refused_with_findings(qtbot: Any, store: Any, tmp_path: Path) -> None:
    _cid, rid = _stored(store, "annual")
    dlg = open_generate_json(None, store, rid, None)
    qtbot.addWidget(dlg)
    errors = [f for f in dlg.findings if f.is_error]
    assert dlg.refused and errors
    assert dlg.table.rowCount() == len(errors)
    first = dlg.table.item(0, 0)
    assert first is not None and first.text() == "error"
    assert not dlg.generate_button.isVisibleTo(dlg)
    assert store.exports(rid) == []


def test_pdf_preview_then_save(qtbot: Any, store: Any, tmp_path: Path) -> None:
    _cid, rid = _stored(store, "revision")
    dlg = open_pdf(None, store, rid, None)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: bool(dlg.pdf_path), timeout=30_000)
    assert dlg.pages >= 6
    pix = dlg.image.pixmap()
    assert pix is not None and not pix.isNull() and pix.width() > pix.height()  # landscape
    dlg.page_spin.setValue(2)
    target = tmp_path / "form9.pdf"
    dlg.path_row.edit.setText(str(target))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    assert [e[0] for e in store.exports(rid)] == ["pdf"]
    assert store.exports(rid)[0][2] == dlg.checksum


def test_pdf_cancel(qtbot: Any, store: Any) -> None:
    from dataclasses import replace

    from export_samples import big_return

    ret = big_return(20_000)
    cid = _client(store, ret.header.tin, ret.header.name)
    rid = int(store.create_return(cid, replace(ret)))
    dlg = open_pdf(None, store, rid, None)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.progress.maximum() > 1, timeout=30_000)
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.task is None, timeout=30_000)
    assert "Cancelled" in dlg.status.text()
    assert not dlg.pdf_path and not dlg.save_button.isEnabled()


def test_open_hand_edited_json_and_import(qtbot: Any, store: Any, tmp_path: Path) -> None:
    ret = example("original")
    text = dumps(ret, compute(ret))
    edited = text.replace('"total_turnover": 22817152.67', '"total_turnover": 22817153.67', 1)
    path = tmp_path / "edited.json"
    path.write_text(edited, encoding="utf-8")
    cid = _client(store, "32759389475", "Coastal Petroleum Marketing Ltd")
    dlg = open_upload_json(None, store, cid)
    qtbot.addWidget(dlg)
    dlg.path_row.edit.setText(str(path))
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.opened is not None, timeout=20_000)
    assert "file was edited after generation" in dlg.summary.text()
    locations = {f.location for f in dlg.findings}
    assert "part1a[0].taxable_turnover" in locations  # the file's computed figure differs
    assert dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.imported_id is not None
    imported = store.load_return(dlg.imported_id)
    assert str(imported.part1a[0].total_turnover) == "22817153.67"  # as in the file, unchanged


def test_open_unreadable_json(qtbot: Any, store: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "kerala-form9", "format_version": 1, "header": {"period": 5}}')
    cid = _client(store, "32759389475", "X")
    dlg = open_upload_json(None, store, cid)
    qtbot.addWidget(dlg)
    dlg.path_row.edit.setText(str(path))
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not imported" in dlg.summary.text(), timeout=20_000)
    assert "header.period" in dlg.summary.text()
    assert not dlg.import_button.isEnabled()
