"""New return ▸ start from the previous return (issue 15 item 1), driven with clicks: the dialog
proposes the month after the dealer's latest return and copies what repeats; brought-forward
figures come from the filing chain."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desk_builders import TIN, example
from gui_helpers import main_window, on_next_modal

from app.model.client import ClientProfile
from app.store import Store
from app.ui.qt import QDialogButtonBox, QPoint, Qt

BOX = QPoint(6, 6)  # the check box's square, where a user clicks


def _dealer_with_october(store: Any) -> int:
    ex = example()
    cid = int(store.add_client(ClientProfile(tin=TIN, name=ex.header.name,
                                             nature_of_business="Oil Company")))  # fmt: skip
    ex.inputs.brought_forward.kvat = Decimal("0")
    rid = store.create_return(cid, ex, rate_pack="2024-08-01")
    store.set_status(rid, "filed", ack_no="KL-ACK-1025", filed_on=date(2025, 11, 24))
    return cid


def _new_return(qtbot: Any, window: Any, act: Any) -> Any:
    errors = on_next_modal(act)
    qtbot.mouseClick(window.new_return_btn, Qt.MouseButton.LeftButton)
    assert errors == []
    return window.editors[window.selected_return()]


def test_new_return_proposes_the_next_month_and_starts_from_the_previous(
    qtbot: Any, data_dir: Path
) -> None:
    store = Store.open(data_dir)
    try:
        cid = _dealer_with_october(store)
        window = main_window(qtbot, store)
        seen: dict[str, Any] = {}

        def accept_proposal(dlg: Any) -> None:
            seen["period"] = dlg.period_text()
            seen["from"] = (dlg.from_previous.text(), dlg.from_previous.isChecked(),
                            dlg.from_previous.isEnabled())  # fmt: skip
            seen["amounts"] = (dlg.with_amounts.isChecked(), dlg.with_amounts.isEnabled())
            ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

        editor = _new_return(qtbot, window, accept_proposal)
        assert seen["period"] == "2025-11"  # the month after October, whatever today is
        assert seen["from"] == (
            "Start from the previous return (Original of October 2025)",
            True,
            True,
        )
        assert seen["amounts"] == (False, True)
        rid = window.selected_return()
        new = store.load_return(rid)
        prev = example()
        assert new.header.period == "2025-11"
        assert [(r.goods, r.act, r.schedule, r.rate, r.point_of_sale) for r in new.part1a] == [
            (r.goods, r.act, r.schedule, r.rate, r.point_of_sale) for r in prev.part1a
        ]
        assert all(r.total_turnover == 0 and r.tax_collected == 0 for r in new.part1a)
        assert [r.goods for r in new.part2] == [r.goods for r in prev.part2]
        assert all(r.purchase_value == 0 for r in new.part2)
        assert [(r.act, r.head_of_account, r.amount, r.ref_no) for r in new.part5] == [
            ("KGST", "0040-00-102-99", 0, "")
        ]
        assert new.declaration.signatory_name == "Rajesh Pillai" and new.declaration.date is None
        # brought forward from the filing chain: October's excess (a)(v), (g)(ix), (h)(v)
        from app.store.lifecycle import brought_forward_source

        source = brought_forward_source(store, rid)
        assert new.inputs.brought_forward == source.amounts
        assert "Brought forward from Original of October 2025" in source.text
        assert editor.isVisible()
        assert store.list_clients()[0].return_count == 2 and cid
    finally:
        window.close()
        store.close()


def test_copy_the_amounts_too_and_the_chosen_month(qtbot: Any, data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        _dealer_with_october(store)
        window = main_window(qtbot, store)

        def december_with_amounts(dlg: Any) -> None:
            dlg.month.setFocus()
            qtbot.keyClick(dlg.month, Qt.Key.Key_Down)  # November → December
            assert dlg.period_text() == "2025-12"
            assert "Original of October 2025" in dlg.from_previous.text()
            dlg.with_amounts.setFocus()
            qtbot.keyClick(dlg.with_amounts, Qt.Key.Key_Space)
            assert dlg.with_amounts.isChecked()
            qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                             Qt.MouseButton.LeftButton)  # fmt: skip

        _new_return(qtbot, window, december_with_amounts)
        new = store.load_return(window.selected_return())
        prev = example()
        assert new.header.period == "2025-12"
        assert [r.total_turnover for r in new.part1a] == [r.total_turnover for r in prev.part1a]
        assert [r.tax_paid for r in new.part2] == [r.tax_paid for r in prev.part2]
        assert new.part5[0].amount == 0

        def blank(dlg: Any) -> None:  # unticked: a blank return
            assert dlg.period_text() == "2026-01"  # after December now
            qtbot.mouseClick(dlg.from_previous, Qt.MouseButton.LeftButton, pos=BOX)
            assert not dlg.from_previous.isChecked() and not dlg.with_amounts.isEnabled()
            qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                             Qt.MouseButton.LeftButton)  # fmt: skip

        _new_return(qtbot, window, blank)
        assert store.load_return(window.selected_return()).part1a == []
    finally:
        window.close()
        store.close()
