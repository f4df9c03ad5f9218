"""A save refused because the return changed elsewhere: the edit stays on screen, the editor says
what happened and offers Keep mine / Reload / (if it was filed) Save mine as a new revision —
driven with keys and clicks as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import open_editor, type_field

from app.model.client import ClientProfile
from app.samples import load_sample_return, samples_dir
from app.store import Store
from app.store.backend import os_user
from app.ui.qt import QApplication, QDialog, QPushButton, Qt, QTimer
from app.ui.return_editor import ReturnEditor

SAMPLE = samples_dir() / "return-2025-10.json"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path, backups=False)
    yield s
    s.close()


@pytest.fixture
def rid(store: Store) -> int:
    ret = load_sample_return(SAMPLE)
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    return store.create_return(cid, ret)


def elsewhere(store: Store, rid: int, series_to: str = "A/9999") -> None:
    """Another window or program saves the return (no version of ours involved)."""
    ret = store.load_return(rid)
    ret.part1b[0].series_to = series_to
    store.save_parts(rid, ret, {"part1b"})


def buttons(dlg: QDialog | None) -> dict[str, QPushButton]:
    assert dlg is not None, "no dialog is open"
    return {b.text(): b for b in dlg.findChildren(QPushButton)}


def test_keep_mine_puts_my_edit_on_top_of_the_newer_version(
    qtbot: Any, store: Store, rid: int, artifacts: Path
) -> None:
    ed = open_editor(qtbot, store, rid)
    elsewhere(store, rid)
    type_field(qtbot, ed, "place", "Thrissur")
    dlg = ed.conflict_dialog
    assert dlg is not None and dlg.isVisible()
    assert "This return changed elsewhere" in dlg.text.text()
    assert "Your changes to Declaration are on screen but not saved" in dlg.text.text()
    assert list(buttons(dlg)) == [
        "Keep mine as a new draft",
        "Reload (discard mine)",
        "Decide later",
    ]
    assert ed.session.ret.declaration.place == "Thrissur"  # on screen, not lost
    assert store.load_return(rid).declaration.place != "Thrissur"  # and not written over
    assert ed.banner.isVisible() and "not saved" in ed.status_label.text()
    QApplication.processEvents()
    dlg.grab().save(str(artifacts / "conflict_dialog.png"))
    ed.grab().save(str(artifacts / "conflict_banner.png"))
    qtbot.mouseClick(buttons(dlg)["Keep mine as a new draft"], Qt.MouseButton.LeftButton)
    stored = store.load_return(rid)
    assert stored.declaration.place == "Thrissur" and stored.part1b[0].series_to == "A/9999"
    assert ed.session.ret.part1b[0].series_to == "A/9999"  # the other change is shown too
    assert ed.session.version == store.return_info(rid).version
    assert not ed.banner.isVisible() and not ed.session.has_unsaved
    type_field(qtbot, ed, "signatory_name", "Anil")  # saving goes on as before
    assert store.load_return(rid).declaration.signatory_name == "Anil"


def test_reload_discards_mine_and_shows_the_other_change(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = open_editor(qtbot, store, rid)
    before = store.load_return(rid).declaration.place
    elsewhere(store, rid)
    type_field(qtbot, ed, "place", "Thrissur")
    qtbot.mouseClick(
        buttons(ed.conflict_dialog)["Reload (discard mine)"], Qt.MouseButton.LeftButton
    )
    assert store.load_return(rid).declaration.place == before
    assert ed.session.ret.declaration.place == before
    assert ed.session.ret.part1b[0].series_to == "A/9999"
    page: Any = ed.show_page("declaration")
    assert page.form.fields[("declaration", "place")].edit.text() == before
    assert not ed.session.undo_stack.canUndo() and not ed.banner.isVisible()


def test_filed_elsewhere_offers_save_mine_as_a_new_revision(
    qtbot: Any, store: Store, rid: int, artifacts: Path
) -> None:
    ed = open_editor(qtbot, store, rid)
    store.set_status(rid, "filed", ack_no="KITIS/2025/77", filed_on=date(2025, 11, 20))
    filed = store.load_return(rid)
    type_field(qtbot, ed, "place", "Thrissur")
    dlg = ed.conflict_dialog
    assert dlg is not None
    assert f"filed by <b>{os_user()}</b> on 20-11-2025 (acknowledgement KITIS/2025/77)" in (
        dlg.text.text()
    )
    assert list(buttons(dlg)) == [
        "Save mine as Revision 1",
        "Reload (discard mine)",
        "Decide later",
    ]
    dlg.grab().save(str(artifacts / "conflict_filed_dialog.png"))
    before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(buttons(dlg)["Save mine as Revision 1"], Qt.MouseButton.LeftButton)
    (rev_info,) = [r for r in store.list_returns(store.return_info(rid).client_id)
                   if r.return_type == "revision"]  # fmt: skip
    rev = store.load_return(rev_info.id)
    assert rev.declaration.place == "Thrissur" and rev.filed is not None
    assert rev.filed.ack_no == "KITIS/2025/77" and rev_info.revision_no == 1
    assert store.load_return(rid) == filed  # the filed return is untouched
    assert ed.session.read_only and not ed.session.has_unsaved
    opened = [w for w in set(QApplication.topLevelWidgets()) - before
              if isinstance(w, ReturnEditor)]  # fmt: skip
    assert [w.return_id for w in opened] == [rev_info.id]
    for w in opened:
        w.close()


def test_a_revision_that_cannot_be_started_is_not_offered(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = open_editor(qtbot, store, rid)
    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))
    from app.store import lifecycle as lc

    lc.create_revision(store, rid)  # someone already started Revision 1
    type_field(qtbot, ed, "place", "Thrissur")
    b = buttons(ed.conflict_dialog)["Save mine as Revision 2"]
    assert not b.isEnabled() and "Revision 1 of October 2025 is not filed yet" in b.toolTip()
    qtbot.mouseClick(
        buttons(ed.conflict_dialog)["Reload (discard mine)"], Qt.MouseButton.LeftButton
    )
    assert ed.session.read_only and not ed.session.has_unsaved


def test_decide_later_keeps_everything_on_screen_and_closing_asks(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = open_editor(qtbot, store, rid)
    elsewhere(store, rid)
    type_field(qtbot, ed, "place", "Thrissur")
    qtbot.mouseClick(buttons(ed.conflict_dialog)["Decide later"], Qt.MouseButton.LeftButton)
    assert ed.conflict_dialog is None and ed.banner.isVisible()
    assert set(ed.banner.buttons) == {"keep", "reload"}
    version = store.return_info(rid).version
    type_field(qtbot, ed, "signatory_name", "Anil")  # held too, nothing written meanwhile
    assert store.return_info(rid).version == version
    assert ed.session.unsaved == {"declaration"}

    def answer(label: str) -> None:
        def click() -> None:
            dlg = QApplication.activeModalWidget()
            if not isinstance(dlg, QDialog):
                QTimer.singleShot(20, click)
                return
            buttons(dlg)[label].click()

        QTimer.singleShot(0, click)

    answer("Cancel")
    assert not ed.close() and ed.isVisible()  # the window stays, the edits with it
    answer("Keep mine as a new draft")
    assert ed.close()
    stored = store.load_return(rid)
    assert (stored.declaration.place, stored.declaration.signatory_name) == ("Thrissur", "Anil")


def test_two_editors_on_one_return(qtbot: Any, store: Store, rid: int) -> None:
    first, second = open_editor(qtbot, store, rid), open_editor(qtbot, store, rid)
    type_field(qtbot, first, "place", "Thrissur")
    assert first.conflict_dialog is None
    type_field(qtbot, second, "signatory_name", "Anil")
    assert second.conflict_dialog is not None
    qtbot.mouseClick(
        buttons(second.conflict_dialog)["Keep mine as a new draft"], Qt.MouseButton.LeftButton
    )
    stored = store.load_return(rid)
    assert (stored.declaration.place, stored.declaration.signatory_name) == ("Thrissur", "Anil")
    assert second.session.ret.declaration.place == "Thrissur"


def test_a_status_update_with_no_edit_pending_just_shows_the_newer_version(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = open_editor(qtbot, store, rid)
    elsewhere(store, rid)
    ed.session.wait_validated()  # records status and payable: refused as stale …
    assert ed.conflict_dialog is None and not ed.session.has_unsaved
    assert ed.session.ret.part1b[0].series_to == "A/9999"  # … so the newer version is shown
    assert ed.session.version == store.return_info(rid).version


def test_a_failed_save_is_tried_again_never_dropped(
    qtbot: Any, store: Store, rid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import StoreError

    ed = open_editor(qtbot, store, rid)
    real = store.save_parts

    def locked(*_a: Any, **_k: Any) -> int:
        raise StoreError("the store refused the change (database is locked)")

    monkeypatch.setattr(store, "save_parts", locked)
    type_field(qtbot, ed, "place", "Thrissur")
    assert ed.conflict_dialog is None  # not a conflict: the banner says so and offers Try again
    assert ed.banner.isVisible() and set(ed.banner.buttons) == {"retry"}
    assert "database is locked" in ed.banner.text.text()
    monkeypatch.setattr(store, "save_parts", real)
    qtbot.mouseClick(ed.banner.buttons["retry"], Qt.MouseButton.LeftButton)
    assert store.load_return(rid).declaration.place == "Thrissur"
    assert not ed.banner.isVisible() and not ed.session.has_unsaved


def test_keep_mine_merges_a_table_cell_by_cell_and_never_overwrites_their_cell(
    qtbot: Any, store: Store, rid: int, tmp_path: Path
) -> None:
    from ui_helpers import type_cell

    ed = open_editor(qtbot, store, rid)
    other = Store.open(tmp_path, backups=False)  # another program on the same file: unheard
    ret = other.load_return(rid)  # it changes the first bill's last number
    ret.part1b[0].series_to = "A/9999"
    other.save_parts(rid, ret, {"part1b"})
    page: Any = ed.show_page("part1b")
    cols = {c.id: i for i, c in enumerate(page.table.rows_model().columns)}
    type_cell(qtbot, page.table, 0, cols["series_from"], "A/0002")  # mine: the other cell
    assert ed.conflict_dialog is not None
    qtbot.mouseClick(buttons(ed.conflict_dialog)["Keep mine as a new draft"],
                     Qt.MouseButton.LeftButton)  # fmt: skip
    stored = store.load_return(rid).part1b[0]
    assert (stored.series_from, stored.series_to) == ("A/0002", "A/9999")  # both kept
    # Both change the same cell: theirs stays, mine is refused and kept on screen.
    ret = other.load_return(rid)
    ret.part1b[0].series_from = "A/0003"
    other.save_parts(rid, ret, {"part1b"})
    other.close()
    page = ed.show_page("part1b")  # rebuilt on the saved version
    type_cell(qtbot, page.table, 0, cols["series_from"], "A/0004")
    said: list[str] = []

    def close_message() -> None:
        box: Any = QApplication.activeModalWidget()
        if box is None or box is ed.conflict_dialog:
            QTimer.singleShot(20, close_message)
            return
        said.append(box.text())  # the message box saying why not
        box.close()

    QTimer.singleShot(0, close_message)
    qtbot.mouseClick(buttons(ed.conflict_dialog)["Keep mine as a new draft"],
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    assert "also changed Part 1(b) row 1 · series from" in said[0]
    assert store.load_return(rid).part1b[0].series_from == "A/0003"
    assert ed.session.ret.part1b[0].series_from == "A/0004" and ed.session.has_unsaved
    qtbot.mouseClick(ed.banner.buttons["reload"], Qt.MouseButton.LeftButton)
    assert ed.session.ret.part1b[0].series_from == "A/0003" and not ed.session.has_unsaved
