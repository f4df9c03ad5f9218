"""Two PCs of an office on one PostgreSQL database (issue 14, desktop), driven as users would: the
History view's audit trail and the editor's "last change by"; a stale save naming who changed the
return and when, with Keep mine as a new draft that never overwrites the other clerk's value; and
the main window, the overview and an open editor following the other PC within 2 s, no F5."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from gui_helpers import on_next_modal
from ui_helpers import open_editor, type_field

from app.model.client import ClientProfile
from app.samples import load_sample_return, samples_dir
from app.store import Store
from app.ui.events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.overview import OverviewWindow
from app.ui.qt import QApplication, QPushButton, Qt
from app.ui.return_editor import ReturnEditor
from app.ui.year_dialogs import open_history

SAMPLE = samples_dir() / "return-2025-10.json"
TWO_SECONDS = 2000


def dealer(store: Store) -> tuple[int, int]:
    ret = load_sample_return(SAMPLE)
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    return cid, store.create_return(cid, ret)


def leela_sets(leela: Store, rid: int, **declaration: str) -> None:
    ret = leela.load_return(rid)
    for name, value in declaration.items():
        setattr(ret.declaration, name, value)
    leela.save_parts(rid, ret, {"declaration"})


def listening(store: Store) -> None:
    AppEvents.of(store)  # the windows' listener: this PC hears the others
    assert store._watcher is not None and store._watcher.connected.wait(5)


def text(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    return str(item.text()) if item is not None else ""


def buttons(widget: Any) -> dict[str, QPushButton]:
    return {b.text(): b for b in widget.findChildren(QPushButton)}


def test_history_shows_who_did_what_and_the_editor_the_last_change(
    qtbot: Any, office_url: str, leela: Store
) -> None:
    from app.store import open_store

    me = open_store(office_url)
    try:
        cid, rid = dealer(me)
        ed = open_editor(qtbot, me, rid)
        listening(me)
        assert ed.last_change.text().startswith("Last change by postgres at ")
        leela_sets(leela, rid, place="Thrissur")
        qtbot.waitUntil(lambda: "by leela" in ed.last_change.text(), timeout=TWO_SECONDS)
        at = leela.audit(rid, limit=1)[0].at
        assert ed.last_change.text() == f"Last change by leela at {at:%H:%M}"  # (today)
        dlg = open_history(ed, me, cid, "2025-10")
        qtbot.addWidget(dlg)
        rows = [[text(dlg.trail, r, c) for c in range(6)] for r in range(dlg.trail.rowCount())]
        assert rows[0][1:] == ["leela", "Original", "Declaration", "Saved", rows[0][5]]
        assert rows[0][0] == f"{at:%d-%m-%Y %H:%M:%S}" and "saved as version" in rows[0][5]
        assert rows[-1][1:5] == ["postgres", "Original", "Return", "Created"]
        leela.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))

        def filed_by_leela() -> bool:  # the open History follows too
            return any(
                [text(dlg.trail, r, c) for c in (1, 4)] == ["leela", "Status"]
                and "Filed, ack KITIS/1" in text(dlg.trail, r, 5)
                for r in range(dlg.trail.rowCount())
            )

        qtbot.waitUntil(filed_by_leela, timeout=TWO_SECONDS)
        dlg.close()
        ed.close()
    finally:
        me.close()


def test_a_stale_save_names_leela_and_keep_mine_overwrites_nothing_of_hers(
    qtbot: Any, office_url: str, leela: Store, artifacts: Path
) -> None:
    from app.store import open_store

    me = open_store(office_url)
    try:
        _cid, rid = dealer(me)
        me.set_status(rid, "ready")
        ed = open_editor(qtbot, me, rid)
        leela_sets(leela, rid, place="Thrissur")  # her save, before mine
        saved_at = leela.return_info(rid).updated_at
        type_field(qtbot, ed, "signatory_name", "Anil Kumar")
        dlg = ed.conflict_dialog
        assert dlg is not None
        assert f"saved by <b>leela</b> at {saved_at:%H:%M} today" in dlg.text.text()
        assert list(buttons(dlg)) == ["Keep mine as a new draft", "Reload (discard mine)",
                                      "Decide later"]  # fmt: skip
        dlg.reject()  # decide later: the bar across the editor keeps the choices
        assert "saved by <b>leela</b>" in ed.banner.text.text()
        assert ed.last_change.text().startswith("Last change by leela at ")
        QApplication.processEvents()
        ed.grab().save(str(artifacts / "conflict_bar_office.png"))
        qtbot.mouseClick(ed.banner.buttons["keep"], Qt.MouseButton.LeftButton)
        stored, info = me.load_return(rid), me.return_info(rid)
        assert (stored.declaration.place, stored.declaration.signatory_name) == (
            "Thrissur", "Anil Kumar")  # fmt: skip
        assert info.status == "draft"  # a new draft version: it is checked again
        assert not ed.session.has_unsaved and ed.session.ret.declaration.place == "Thrissur"
        assert "new draft" in ed.statusBar().currentMessage()
    finally:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ReturnEditor):
                w.close()
        me.close()


def test_keep_mine_refuses_to_overwrite_a_value_leela_changed_too(
    qtbot: Any, office_url: str, leela: Store
) -> None:
    from app.store import open_store

    me = open_store(office_url)
    try:
        _cid, rid = dealer(me)
        ed = open_editor(qtbot, me, rid)
        leela_sets(leela, rid, place="Thrissur")
        version = me.return_info(rid).version
        type_field(qtbot, ed, "place", "Kottayam")  # the same field
        assert ed.conflict_dialog is not None
        said: list[str] = []

        def answer(box: Any) -> None:
            said.append(box.text())
            box.accept()

        errors = on_next_modal(answer)
        qtbot.mouseClick(buttons(ed.conflict_dialog)["Keep mine as a new draft"],
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: bool(said), timeout=TWO_SECONDS)
        assert not errors
        assert "leela also changed Declaration · place" in said[0]
        assert "would overwrite" in said[0]
        assert me.load_return(rid).declaration.place == "Thrissur"  # hers stays
        assert me.return_info(rid).version == version  # nothing written
        assert ed.session.ret.declaration.place == "Kottayam"  # mine is still on screen
        assert ed.session.has_unsaved and ed.banner.isVisible()
        qtbot.mouseClick(ed.banner.buttons["reload"], Qt.MouseButton.LeftButton)
        assert ed.session.ret.declaration.place == "Thrissur" and not ed.session.has_unsaved
    finally:
        me.close()


def test_the_windows_follow_another_pc_within_2_s(
    qtbot: Any, office_url: str, leela: Store
) -> None:
    from app.store import open_store

    me = open_store(office_url)
    try:
        cid, rid = dealer(me)
        window = MainWindow(me)
        qtbot.addWidget(window)
        window.show()
        overview = OverviewWindow(me, today=date(2025, 11, 15))
        qtbot.addWidget(overview)
        overview.show()
        ed = open_editor(qtbot, me, rid)
        listening(me)
        october = overview.model.index(0, 2 + 6)

        def status_in_overview() -> str:
            return str(overview.model.data(october)).split("\n")[0]

        def main_status() -> str:
            return text(window.returns, 0, 2)

        assert (main_status(), status_in_overview()) == ("Draft", "Draft")
        # Leela saves on her PC: the open editor shows her change by itself.
        t = time.monotonic()
        leela_sets(leela, rid, place="Thrissur")
        qtbot.waitUntil(lambda: ed.session.ret.declaration.place == "Thrissur",
                        timeout=TWO_SECONDS)  # fmt: skip
        assert time.monotonic() - t < 2.0
        # She files it: the main window, the overview and the editor (now read-only) follow.
        t = time.monotonic()
        leela.set_status(rid, "filed", ack_no="KITIS/2025/88", filed_on=date(2025, 11, 20))
        qtbot.waitUntil(lambda: main_status() == "Filed", timeout=TWO_SECONDS)
        qtbot.waitUntil(lambda: status_in_overview() == "Filed", timeout=TWO_SECONDS)
        qtbot.waitUntil(lambda: ed.session.read_only, timeout=TWO_SECONDS)
        assert time.monotonic() - t < 2.0
        assert text(window.returns, 0, 4) == "KITIS/2025/88"
        assert ed.status_text().startswith("Filed — read-only")
        # A new dealer of hers shows in the dealers' list.
        leela.add_client(ClientProfile(tin="32100000025", name="Leela's New Dealer"))
        qtbot.waitUntil(
            lambda: any(text(window.clients, r, 0) == "Leela's New Dealer"
                        for r in range(window.clients.rowCount())),
            timeout=TWO_SECONDS,
        )  # fmt: skip
        assert window.selected_client() == cid  # the selection stays
        for w in (ed, overview, window):
            w.close()
    finally:
        me.close()
