"""The editor's findings include the store's facts: previous period unfiled (instruction 2)."""

from __future__ import annotations

from typing import Any

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.ui.main_window import MainWindow


def test_editor_warns_when_the_previous_period_is_not_filed(qtbot: Any, store: Any) -> None:
    profile = ClientProfile(tin="32012345678", name="Periyar Bar", nature_of_business="Bar Hotel")
    cid = store.add_client(profile)
    store.create_return(cid, Form9Return(header=profile.header_for("2024-09")))  # a draft
    rid = store.create_return(cid, Form9Return(header=profile.header_for("2024-10")))
    window = MainWindow(store)
    qtbot.addWidget(window)
    editor = window.open_return(rid)
    assert editor is not None
    editor.session.wait_validated()
    codes = {(f.code, f.location) for f in editor.session.findings}
    assert ("W-PREVIOUS-NOT-FILED", "header.period") in codes
    editor.close()
