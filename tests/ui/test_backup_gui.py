"""File → Back up now… / Restore from backup… in the main window, and the start-up dialog that
offers the latest good backup of a damaged store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.model.client import ClientProfile
from app.samples import load_sample_return, samples_dir
from app.store import Store
from app.store import backup as b
from app.store.errors import StoreDamaged
from app.store.store import DB_FILE
from app.ui import backup_dialogs
from app.ui.main_window import MainWindow
from app.ui.qt import QMenu, QMessageBox


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store.open(tmp_path, backups=False)
    ret = load_sample_return(samples_dir() / "return-2025-10.json")
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name="Sample Fuels"))
    store.create_return(cid, ret)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    yield w
    w.store.close()


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the message boxes said (kind, text) — answered Yes when asked."""
    out: list[tuple[str, str]] = []

    def record(kind: str, answer: Any = None) -> Any:
        def box(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
            out.append((kind, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return out


def file_menu(w: MainWindow) -> list[str]:
    (menu,) = [a.menu() for a in w.menuBar().actions() if a.text() == "&File"]
    assert isinstance(menu, QMenu)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def names(w: MainWindow) -> list[str]:
    return [w.clients.item(r, 0).text() for r in range(w.clients.rowCount())]  # type: ignore[union-attr]


def folder(w: MainWindow) -> Path:
    """The data folder of the window's store."""
    assert w.store.path is not None
    return w.store.path.parent


def selected(w: MainWindow) -> int:
    cid = w.selected_client()
    assert cid is not None
    return cid


def test_the_file_menu_backs_up_now(window: MainWindow, said: list[tuple[str, str]]) -> None:
    assert file_menu(window)[-3:] == ["&Back up now…", "&Restore from backup…", "&Quit"]
    window.backup_action.trigger()
    (taken,) = b.list_backups(folder(window))
    assert said == [("information", said[0][1])] and str(taken) in said[0][1]
    assert "The newest 10 backups in that folder are kept" in said[0][1]
    assert b.check_backup(taken)


def test_restore_from_backup_replaces_everything_after_closing_returns(
    qtbot: Any, window: MainWindow, said: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = folder(window)
    source = b.backup_store(data / DB_FILE)
    window.store.add_client(ClientProfile(tin="32200000025", name="Added after the backup"))
    window.refresh_clients()
    assert len(names(window)) == 2
    editor = window.open_return(window.store.list_returns(selected(window))[0].id)
    assert editor is not None
    qtbot.waitExposed(editor)
    old_store = window.store
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda *_a: source)
    window.restore_action.trigger()
    assert [k for k, _t in said] == ["question", "information"]
    assert "Replace every dealer and return with the backup of" in said[0][1]
    assert "The data before the restore is kept as" in said[1][1]
    assert window.store is not old_store and not window.editors
    assert names(window) == ["Sample Fuels"]
    assert window.statusBar().currentMessage().startswith("Restored the backup of")
    kept = [p for p in b.list_backups(data) if "before-restore" in p.name]
    assert len(kept) == 1


def test_restore_refuses_a_file_that_is_not_a_store(
    window: MainWindow, said: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    store = window.store
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda *_a: text)
    window.restore_action.trigger()
    assert said == [("warning", "Not restored: notes.sqlite: not a FORM 9 store (not an SQLite "
                                "database)")]  # fmt: skip
    assert window.store is store and names(window) == ["Sample Fuels"]


def test_a_damaged_store_offers_its_latest_good_backup(
    qtbot: Any, tmp_path: Path, artifacts: Path
) -> None:
    with Store.open(tmp_path, backups=False) as s:
        s.add_client(ClientProfile(tin="32100000017", name="Kept"))
    good = b.backup_store(tmp_path / DB_FILE)
    with (tmp_path / DB_FILE).open("r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * 4096 * 3)
    with pytest.raises(StoreDamaged) as damaged:
        Store.open(tmp_path)
    shown: list[str] = []

    def pick(box: QMessageBox) -> Any:
        box.resize(720, 300)
        box.show()
        qtbot.waitExposed(box)
        box.grab().save(str(artifacts / "damaged_store.png"))
        shown.append(box.text())
        labels = {btn.text(): btn for btn in box.buttons()}
        assert set(labels) >= {"Choose another backup…", "Quit"}
        restore = next(btn for text, btn in labels.items() if text.startswith("Restore the backup"))
        box.hide()
        return restore

    store = backup_dialogs.recover_damaged(None, tmp_path, damaged.value, pick=pick)
    assert store is not None
    try:
        assert [c.name for c in store.list_clients()] == ["Kept"]
    finally:
        store.close()
    assert "is damaged" in shown[0] and str(good) in shown[0]
    assert any("damaged" in p.name for p in b.list_backups(tmp_path))  # kept, not deleted


def test_quit_from_the_damaged_store_dialog(qtbot: Any, tmp_path: Path) -> None:
    damage = StoreDamaged(tmp_path / DB_FILE, "file is not a database", None)
    (tmp_path / DB_FILE).write_bytes(b"x" * 100)

    def pick(box: QMessageBox) -> Any:
        assert "No good backup was found" in box.text()
        return next(btn for btn in box.buttons() if btn.text() == "Quit")

    assert backup_dialogs.recover_damaged(None, tmp_path, damage, pick=pick) is None
    assert (tmp_path / DB_FILE).read_bytes() == b"x" * 100  # nothing touched


def test_deleting_a_dealer_with_filed_returns_backs_up_first(
    qtbot: Any, window: MainWindow, said: list[tuple[str, str]]
) -> None:
    from datetime import date

    store = window.store
    (info,) = store.list_returns(selected(window))
    store.set_status(info.id, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))
    window.delete_client_btn.click()
    assert said[0][0] == "question" and "1 of them are filed. A backup" in said[0][1]
    (kept,) = b.list_backups(folder(window))
    assert "before-delete" in kept.name
    qtbot.waitUntil(lambda: names(window) == [], timeout=1000)  # the list follows the store
    assert store.path is not None
    restored = b.restore(store.path, kept)  # the filed return can be brought back
    assert restored.revision
    with Store.open(folder(window), backups=False) as again:
        assert [r.status for c in again.list_clients() for r in again.list_returns(c.id)] == [
            "filed"
        ]
