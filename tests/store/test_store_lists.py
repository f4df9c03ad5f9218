"""The single-edit fast paths of the enclosure lists agree with editing the list in memory."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal as Dec
from typing import Any

import pytest
from store_builders import full_return

from app.model.form9 import ListRow
from app.store import Store, StoreError
from app.store.list_rows import SEQ_GAP


def row(n: int) -> ListRow:
    return ListRow("Sales", "first", f"32{n:09d}", f"Customer {n}", f"S/{n}",
                   date(2025, 10, 1 + n % 28), Dec(n * 100 + 1).scaleb(-2), Dec(n), Dec("0.00"))  # fmt: skip


@pytest.fixture
def rid(store: Store, client_id: int) -> int:
    ret = full_return()
    ret.sales_list = [row(n) for n in range(10)]
    return store.create_return(client_id, ret)


def stored(store: Store, rid: int, which: str = "sales_list") -> list[ListRow]:
    return getattr(store.load_return(rid), which)  # type: ignore[no-any-return]


def test_update_rows_in_place(store: Store, rid: int) -> None:
    expected = [row(n) for n in range(10)]
    store.update_list_rows(rid, "sales_list", {0: row(100), 9: row(109), 4: row(104)})
    expected[0], expected[9], expected[4] = row(100), row(109), row(104)
    assert stored(store, rid) == expected
    assert stored(store, rid, "purchase_list") == full_return().purchase_list  # other list


def test_insert_at_start_middle_and_end(store: Store, rid: int) -> None:
    expected = [row(n) for n in range(10)]
    for index, new in [(0, [row(50)]), (5, [row(51), row(52)]), (13, [row(53)]), (3, [])]:
        store.insert_list_rows(rid, "sales_list", index, new)
        expected[index:index] = new
        assert stored(store, rid) == expected


def test_delete_rows(store: Store, rid: int) -> None:
    expected = [row(n) for n in range(10)]
    for index, count in [(0, 1), (3, 2), (5, 2), (2, 0)]:
        store.delete_list_rows(rid, "sales_list", index, count)
        del expected[index : index + count]
        assert stored(store, rid) == expected
    assert len(expected) == 5


def test_many_inserts_at_one_place_renumber_when_the_gap_is_used_up(
    store: Store, rid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import list_rows

    calls = []
    real = list_rows.renumber

    def spy(conn, return_id, kind):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return real(conn, return_id, kind)

    monkeypatch.setattr(list_rows, "renumber", spy)
    expected = [row(n) for n in range(10)]
    # Each insert before row 1 halves the gap after row 0: about log2(SEQ_GAP) fit, then renumber.
    for n in range(SEQ_GAP.bit_length() + 5):
        store.insert_list_rows(rid, "sales_list", 1, [row(200 + n)])
        expected.insert(1, row(200 + n))
    assert stored(store, rid) == expected
    assert calls == [1]
    with store.engine.connect() as conn:
        sql = "SELECT seq FROM list_row WHERE kind = 1 ORDER BY seq"
        seqs = [s for (s,) in conn.exec_driver_sql(sql)]
    assert len(set(seqs)) == len(seqs)


def test_random_edits_agree_with_a_python_list(store: Store, rid: int) -> None:
    rnd = random.Random(9)
    expected = full_return().purchase_list  # what the purchase list holds now
    for step in range(120):
        op = rnd.choice("uid")
        if op == "i":
            index = rnd.randint(0, len(expected))
            new = [row(1000 + step * 10 + k) for k in range(rnd.randint(1, 3))]
            store.insert_list_rows(rid, "purchase_list", index, new)
            expected[index:index] = new
        elif op == "d" and expected:
            index = rnd.randrange(len(expected))
            count = rnd.randint(0, min(3, len(expected) - index))
            store.delete_list_rows(rid, "purchase_list", index, count)
            del expected[index : index + count]
        elif expected:
            picks = {rnd.randrange(len(expected)): row(5000 + step) for _ in range(2)}
            store.update_list_rows(rid, "purchase_list", picks)
            for k, v in picks.items():
                expected[k] = v
    assert stored(store, rid, "purchase_list") == expected
    assert stored(store, rid) == [row(n) for n in range(10)]  # the other list untouched


def test_fast_paths_refuse_positions_outside_the_list(store: Store, rid: int) -> None:
    with pytest.raises(StoreError, match="sales_list: no row 11 \\(the list has 10 rows\\)"):
        store.update_list_rows(rid, "sales_list", {10: row(1)})
    with pytest.raises(StoreError, match="cannot insert at row 12"):
        store.insert_list_rows(rid, "sales_list", 11, [row(1)])
    with pytest.raises(StoreError, match="cannot delete rows 9–11"):
        store.delete_list_rows(rid, "sales_list", 8, 3)
    with pytest.raises(StoreError, match="'stock' is not a list"):
        store.delete_list_rows(rid, "stock", 0, 1)
    with pytest.raises(StoreError, match="sales_list row 3, value: 1.001 has more than 2"):
        store.insert_list_rows(rid, "sales_list", 2, [ListRow(value=Dec("1.001"))])
    with pytest.raises(StoreError, match="sales_list row 6, tax"):
        store.update_list_rows(rid, "sales_list", {5: ListRow(tax=Dec("0.005"))})
    assert stored(store, rid) == [row(n) for n in range(10)]  # nothing changed


def test_full_save_after_fast_edits_starts_clean(store: Store, rid: int) -> None:
    store.insert_list_rows(rid, "sales_list", 5, [row(77)])
    ret = store.load_return(rid)
    store.save_return(rid, ret)
    assert store.load_return(rid) == ret
    with store.engine.connect() as conn:
        seqs = [
            s
            for (s,) in conn.exec_driver_sql("SELECT seq FROM list_row WHERE kind = 1 ORDER BY seq")
        ]
    assert seqs == [(n + 1) * SEQ_GAP for n in range(11)]


def test_fast_edits_mark_the_return_updated(store: Store, rid: int) -> None:
    before = store.return_info(rid).updated_at
    store.update_list_rows(rid, "sales_list", {0: row(3)})
    assert store.return_info(rid).updated_at > before


def test_a_paste_over_many_rows_updates_them_all(store: Store, client_id: int) -> None:
    ret = full_return()
    ret.sales_list = [row(n) for n in range(300)]
    rid = store.create_return(client_id, ret)
    store.delete_list_rows(rid, "sales_list", 0, 1)  # keys no longer 1, 2, 3 … × gap
    expected = ret.sales_list[1:]
    paste = {p: row(1000 + p) for p in range(50, 250)}  # more than the one-by-one lookup limit
    store.update_list_rows(rid, "sales_list", paste)
    for p, r in paste.items():
        expected[p] = r
    assert stored(store, rid) == expected


def test_load_without_lists_reads_everything_else(store: Any) -> None:
    from app.model.client import ClientProfile

    cid = store.add_client(ClientProfile(tin="32012345678", name="X"))
    ret = full_return()
    rid = store.create_return(cid, ret)
    light = store.load_return(rid, lists=False)
    assert light.sales_list == [] and light.purchase_list == []
    full = store.load_return(rid)
    assert full.sales_list and light.part1a == full.part1a and light.inputs == full.inputs


def test_a_filed_return_is_final_in_the_store_too(store: Any) -> None:
    from app.model.client import ClientProfile

    cid = store.add_client(ClientProfile(tin="32012345678", name="X"))
    ret = full_return()
    rid = store.create_return(cid, ret)
    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2024, 9, 20))
    for attempt in (
        lambda: store.save_parts(rid, ret, {"part1a"}),
        lambda: store.save_return(rid, ret),
        lambda: store.update_list_rows(rid, "sales_list", {0: ret.sales_list[0]}),
        lambda: store.insert_list_rows(rid, "sales_list", 0, [ret.sales_list[0]]),
        lambda: store.delete_list_rows(rid, "sales_list", 0, 1),
    ):
        with pytest.raises(StoreError, match="is filed and cannot change; create a revision"):
            attempt()
    assert store.load_return(rid) == ret


def test_a_long_list_loads_a_chunk_at_a_time_each_repeated_value_once(
    store: Store, client_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """app.store.loading fetches a list a chunk at a time and decodes a value repeated down a
    column once (one object); what is loaded is exactly what was saved, amounts in their form."""
    from app.store import loading, rowcodec

    monkeypatch.setattr(loading, "LIST_CHUNK", 7)
    monkeypatch.setattr(rowcodec, "SHARED_VALUES", 5)
    rows = [
        ListRow("Sales" if n % 5 else "Sales Return", "first" if n % 3 else "", "32123456789",
                f"Customer {n % 3}", f"S/{n}", date(2025, 10, 1 + n % 3) if n % 6 else None,
                Dec("100.50") if n % 2 else Dec(n * 7).scaleb(-2), Dec("0.00"),
                Dec("1.00") if n < 7 else Dec(f"{n}.00"))  # repeats at first, then stops sharing
        for n in range(40)
    ]  # fmt: skip
    ret = full_return()
    ret.sales_list = rows
    rid = store.create_return(client_id, ret)
    got = stored(store, rid)
    assert got == rows
    assert [(str(r.value), str(r.tax), str(r.cess)) for r in got] == [
        (str(r.value), str(r.tax), str(r.cess)) for r in rows
    ]  # the same form, not only equal
    assert len({id(r.counterparty_name) for r in got}) == 3
    assert len({id(r.tax) for r in got}) == 1
    assert len({id(r.doc_no) for r in got}) == 40
