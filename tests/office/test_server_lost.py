"""The office's server lost mid-session (issue 14, desktop): an edit made while PostgreSQL is down
stays on screen under the banner "Office server unreachable — your change is kept, retrying", is
tried again on a timer until the server is back, then saved whole — never half-saved, never
lost; the windows' timers (validation, live refresh, search) never raise meanwhile.  The test
stops and starts a PostgreSQL server of its own."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import type_field

from app.model.client import ClientProfile
from app.samples import load_sample_return, samples_dir
from app.store import open_store
from app.ui import office
from app.ui.events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication
from app.ui.return_editor import ReturnEditor

SAMPLE = samples_dir() / "return-2025-10.json"


def test_an_edit_made_while_the_server_is_down_is_kept_and_saved_when_it_is_back(
    qtbot: Any, own_cluster: Any, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    monkeypatch.setattr(office, "RETRY_MS", 300)
    url = own_cluster.url(own_cluster.new_database())
    store = open_store(url)
    try:
        ret = load_sample_return(SAMPLE)
        cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
        rid = store.create_return(cid, ret)
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        with store.transaction(write=False):
            info, loaded = store.return_info(rid), store.load_return(rid)
        ed = ReturnEditor(loaded, store=store, return_id=rid, status=info.status,
                          version=info.version)  # fmt: skip
        qtbot.addWidget(ed)
        ed.resize(1024, 700)
        ed.show()
        assert store._watcher is not None and store._watcher.connected.wait(5)
        ed.session.wait_validated()
        version = store.return_info(rid).version

        own_cluster.pause()  # the server is switched off
        t = time.monotonic()
        type_field(qtbot, ed, "place", "Thrissur")
        type_field(qtbot, ed, "signatory_name", "Anil Kumar")  # a second edit, still down
        assert time.monotonic() - t < 3.0  # no wait on each edit
        assert ed.banner.isVisible()
        assert office.UNREACHABLE in ed.banner.text.text()
        assert ed.session.unreachable and ed.session.unsaved == {"declaration"}
        assert ed.session.ret.declaration.place == "Thrissur"
        assert set(ed.banner.buttons) == {"retry"}
        assert ed.banner.buttons["retry"].text() == "Try again now"
        QApplication.processEvents()
        ed.grab().save(str(artifacts / "server_lost_banner.png"))
        # The windows' timers run on while it is down: validation, a search, the retries.
        ed.session._validate_timer.start(0)
        qtbot.keyClicks(window.search, "Sample")
        qtbot.wait(1500)
        assert ed.retry.tries >= 2 and ed.session.has_unsaved  # tried again, kept
        assert ed.session.ret.declaration.signatory_name == "Anil Kumar"

        own_cluster.resume()  # back: the next try saves it, whole
        qtbot.waitUntil(lambda: not ed.session.has_unsaved, timeout=10000)
        assert not ed.banner.isVisible() and not ed.session.unreachable
        assert "server is back" in ed.statusBar().currentMessage()
        other = open_store(url)  # as another PC reads it
        try:
            stored = other.load_return(rid)
            assert (stored.declaration.place, stored.declaration.signatory_name) == (
                "Thrissur", "Anil Kumar")  # fmt: skip
            assert other.return_info(rid).version > version
        finally:
            other.close()
        type_field(qtbot, ed, "place", "Kochi")  # saving goes on as before
        assert store.load_return(rid).declaration.place == "Kochi"
        AppEvents.of(store).flush()
    finally:
        store.close()
