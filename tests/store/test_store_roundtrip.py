"""A return through the store and back: every field, no paisa lost (spec section 3)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal as Dec
from pathlib import Path

import pytest
from spec_examples import EXAMPLES
from store_builders import annual_return, full_return, revision_of

from app.export.upload_json import dumps, loads
from app.model.compute import compute
from app.model.form9 import ListRow
from app.store import Store, StoreError


def test_full_monthly_return_round_trips_exactly(store: Store, client_id: int) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret, rate_pack="2024-08-01")
    back = store.load_return(rid)
    assert back == ret
    # Field by field where equality of Decimals could hide a lost paisa or a changed type.
    assert back.header.branches[1].name == "Pump, Edappally"
    assert back.header.gstin == "32AABCS1234F1Z0"
    assert back.header.address == "12/345, Sample Road\nKakkanad"
    assert back.inputs.large_dealer is True
    assert back.inputs.due_date == date(2025, 11, 10)
    assert back.inputs.interest_rate == {"KGST": 12, "KVAT": Dec("12.5"), "CST": Dec("18.0625")}
    assert str(back.inputs.interest_rate["CST"]) == "18.0625"
    assert str(back.inputs.brought_forward.cst) == "-5.05"
    assert str(back.inputs.advance.kgst) == "0.01"
    assert [r.sl for r in back.part1a] == [1, 2, 7]
    assert str(back.part1a[2].rate) == "14.5001"
    assert str(back.part1a[2].total_turnover) == "99999999999.99"
    assert back.part2[1].itc_eligible is True and back.part2[0].itc_eligible is False
    assert back.part5[1].date is None and str(back.part5[1].amount) == "0.05"
    assert str(back.sales_list[1].cess) == "-0.01"
    assert back.sales_list[2].doc_date is None
    assert back.filed is None
    # The canonical upload file is byte-identical: nothing rounded anywhere.
    assert dumps(back, compute(back)) == dumps(ret, compute(ret))


@pytest.mark.parametrize("large_dealer", [None, True, False])
def test_large_dealer_keeps_all_three_states(
    store: Store, client_id: int, large_dealer: bool | None
) -> None:
    rid = store.create_return(client_id, full_return(large_dealer=large_dealer))
    assert store.load_return(rid).inputs.large_dealer is large_dealer


def test_revision_with_part4_facts_round_trips(store: Store, client_id: int) -> None:
    store.create_return(client_id, full_return())
    rev = revision_of(full_return(), revision_no=2)
    rid = store.create_return(client_id, rev)
    back = store.load_return(rid)
    assert back == rev
    assert back.filed is not None and rev.filed is not None
    assert list(back.filed.part3) == list(rev.filed.part3)  # F's order kept
    assert back.filed.part3["h_vii"] == Dec("0.01")
    assert back.filed.ack_no == "KITIS/2025/ACK/000123"
    assert back.filed.carried_forward.kvat == Dec("1234.56")
    info = store.return_info(rid)
    assert (info.return_type, info.revision_no) == ("revision", 2)


def test_annual_with_stock_and_missing_rate_round_trips(store: Store, client_id: int) -> None:
    ret = annual_return()
    rid = store.create_return(client_id, ret)
    back = store.load_return(rid)
    assert back == ret
    assert back.inputs.large_dealer is None and back.inputs.due_date is None
    assert back.inputs.interest_rate == {"KGST": Dec(12), "CST": Dec("0.0001")}
    assert [s.quantity for s in back.stock] == [Dec("125000.50"), Dec("0.01"), Dec("12")]


@pytest.mark.parametrize("name", ["original", "revision", "annual"])
def test_spec_examples_round_trip_byte_identical(file_store: Store, name: str) -> None:
    from app.model.client import ClientProfile

    ret = loads((EXAMPLES / f"{name}.in.json").read_bytes())
    cid = file_store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    rid = file_store.create_return(cid, ret)
    back = file_store.load_return(rid)
    assert back == ret
    assert dumps(back, compute(back)) == (EXAMPLES / f"{name}.out.json").read_text("utf-8")


def test_save_return_replaces_everything(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    new = revision_of(annual_return(), 1)
    new.sales_list = new.sales_list[:1]
    new.part1b = []
    new.header.branches = []
    store.save_return(rid, new)
    assert store.load_return(rid) == new
    new.filed = None  # Part 4 facts can also go away again
    store.save_return(rid, new)
    assert store.load_return(rid).filed is None


def test_save_parts_rewrites_only_the_named_parts(store: Store, client_id: int) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret)
    edited = copy.deepcopy(ret)
    edited.part1a[0].total_turnover = Dec("1.23")
    edited.declaration.place = "Kochi"
    edited.sales_list.append(ListRow("Sales", value=Dec("5.00")))
    edited.inputs.cess.b = Dec("99.99")
    store.save_parts(rid, edited, {"part1a", "declaration"})
    back = store.load_return(rid)
    assert back.part1a == edited.part1a
    assert back.declaration.place == "Kochi"
    assert back.sales_list == ret.sales_list  # not named: untouched
    assert back.inputs.cess.b == Dec("1.01")
    store.save_parts(rid, edited, {"sales_list", "inputs", "filed", "branches"})
    assert store.load_return(rid) == edited


def test_save_parts_refuses_an_unknown_part(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    with pytest.raises(StoreError, match="'part3' is not a part of a return"):
        store.save_parts(rid, full_return(), {"part3"})


def test_a_failure_mid_save_leaves_the_previous_state(
    store: Store, client_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret)
    before = store.return_info(rid).updated_at
    real = store.backend.insert_rows

    def crash_on_lists(conn, table, columns, rows):  # type: ignore[no-untyped-def]
        if table.name == "list_row":
            raise OSError("disk unplugged")  # after header, part rows and deletes were written
        real(conn, table, columns, rows)

    monkeypatch.setattr(store.backend, "insert_rows", crash_on_lists)
    edited = annual_return()
    with pytest.raises(OSError):
        store.save_return(rid, edited)
    monkeypatch.undo()
    assert store.load_return(rid) == ret
    assert store.return_info(rid).updated_at == before


def test_a_refused_value_changes_nothing(store: Store, client_id: int) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret)
    bad = full_return()
    bad.header.name = "Changed"
    bad.purchase_list[0].tax = Dec("873000.445")
    with pytest.raises(StoreError):
        store.save_return(rid, bad)
    assert store.load_return(rid) == ret


def test_file_store_survives_reopening(tmp_path: Path) -> None:
    from app.model.client import ClientProfile

    with Store.open(tmp_path) as s:
        cid = s.add_client(ClientProfile(tin="32100000017"))
        rid = s.create_return(cid, full_return())
    with Store.open(tmp_path) as s:
        assert s.load_return(rid) == full_return()


def test_many_returns_read_at_once_are_each_as_read_alone(store: Store, client_id: int) -> None:
    """Store.load_returns (the due-date board's drafts): every part of each return, rows in their
    order, filed facts of a revision, without the lists — as load_return(lists=False) reads it;
    three here, then 550 (more than one batch of queries)."""
    from app.store import loading

    ids = [
        store.create_return(client_id, full_return()),
        store.create_return(client_id, revision_of(full_return(), revision_no=2)),
        store.create_return(client_id, annual_return()),
    ]
    many = store.load_returns([ids[2], ids[0], ids[1], ids[0], 999_999])
    assert sorted(many) == sorted(ids)  # the unknown id left out, a repeated id read once
    for rid in ids:
        alone = store.load_return(rid, lists=False)
        assert many[rid] == alone
        assert many[rid].sales_list == [] and many[rid].purchase_list == []
    filed = many[ids[1]].filed
    assert filed is not None and filed.part3["h_vii"] == Dec("0.01")
    assert [b.name for b in many[ids[0]].header.branches] == ["Depot, Aluva", "Pump, Edappally"]
    assert store.load_returns([]) == {}
    more = [store.create_return(client_id, full_return(f"{2030 + n // 12}-{n % 12 + 1:02d}"))
            for n in range(loading.BATCH + 50)]  # fmt: skip
    read = store.load_returns(more)
    assert len(read) == len(more) and read[more[-1]] == store.load_return(more[-1], lists=False)
