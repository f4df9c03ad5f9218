"""Clients and the return register: search, duplicates, ordering, status, exports, history."""

from __future__ import annotations

from datetime import date

import pytest
from store_builders import full_return, revision_of

from app.model.client import ClientProfile
from app.model.form9 import Branch
from app.store import ClientInfo, Store, StoreError


def dealer(tin: str, name: str, trade: str = "") -> ClientProfile:
    return ClientProfile(tin=tin, name=name, trade_name=trade, nature_of_business="Bar Hotel")


def test_client_profile_round_trips(store: Store) -> None:
    p = ClientProfile(
        tin="32100000017", kgst_no="KGST/1", cst_no="CST/1", tps_division="Ernakulam",
        tps_circle="Special Circle", name="Sample Fuels", address="Kakkanad\nKochi",
        trade_name="SF", constitution="Company", nature_of_business="Oil Company",
        branches=[Branch("Depot", "Aluva"), Branch("Pump", "")], gstin="32AABCS1234F1Z0",
        large_dealer=True, renewed_until="2025-26",
    )  # fmt: skip
    cid = store.add_client(p)
    assert store.get_client(cid) == p


def test_list_and_search_clients(store: Store) -> None:
    a = store.add_client(dealer("32100000017", "Zeta Bar", "Sunset Lounge"))
    b = store.add_client(dealer("32200000025", "alpha Traders"))
    store.create_return(a, full_return())
    assert store.list_clients() == [
        ClientInfo(b, "alpha Traders", "32200000025", "", "Bar Hotel", 0),
        ClientInfo(a, "Zeta Bar", "32100000017", "Sunset Lounge", "Bar Hotel", 1),
    ]
    assert [c.id for c in store.list_clients("SUNSET")] == [a]  # trade name, any case
    assert [c.id for c in store.list_clients("ALPHA")] == [b]
    assert [c.id for c in store.list_clients(" 3220 ")] == [b]  # TIN
    assert store.list_clients("nobody") == []


def test_duplicate_tin_is_refused(store: Store) -> None:
    a = store.add_client(dealer("32100000017", "First"))
    with pytest.raises(StoreError, match="TIN 32100000017 already exists \\(First\\)"):
        store.add_client(dealer(" 32100000017 ", "Second"))
    b = store.add_client(dealer("32200000025", "Second"))
    with pytest.raises(StoreError, match="already exists"):
        store.update_client(b, dealer("32100000017", "Second"))
    store.update_client(a, dealer("32100000017", "First renamed"))  # its own TIN is fine
    assert store.get_client(a).name == "First renamed"
    with pytest.raises(StoreError, match="needs a TIN"):
        store.add_client(dealer("  ", "Nobody"))


def test_update_client_replaces_branches(store: Store) -> None:
    p = dealer("32100000017", "A")
    p.branches = [Branch("one", "1"), Branch("two", "2")]
    cid = store.add_client(p)
    p.branches = [Branch("three", "3")]
    store.update_client(cid, p)
    assert store.get_client(cid).branches == [Branch("three", "3")]


def test_delete_client_cascades_to_its_returns(store: Store) -> None:
    a = store.add_client(dealer("32100000017", "A"))
    b = store.add_client(dealer("32200000025", "B"))
    ra = store.create_return(a, full_return())
    rb = store.create_return(b, full_return())
    store.record_export(ra, "pdf", "/tmp/a.pdf", "sha256:x")
    store.delete_client(a)
    assert [r.id for r in store.all_returns()] == [rb]
    with pytest.raises(StoreError, match="no client with id"):
        store.get_client(a)
    with pytest.raises(StoreError, match="no client with id"):
        store.delete_client(a)


def test_same_period_and_version_twice_is_refused(store: Store, client_id: int) -> None:
    store.create_return(client_id, full_return())
    with pytest.raises(StoreError, match="already has the original return for 2025-10"):
        store.create_return(client_id, full_return())
    r1 = store.create_return(client_id, revision_of(full_return(), 1))
    with pytest.raises(StoreError, match="already has the revision 1 return for 2025-10"):
        store.create_return(client_id, revision_of(full_return(), 1))
    # Changing a stored return's header into an existing version is refused too.
    r2 = store.create_return(client_id, revision_of(full_return(), 2))
    with pytest.raises(StoreError, match="revision 1"):
        store.save_parts(r2, revision_of(full_return(), 1), {"header"})
    store.save_parts(r1, revision_of(full_return(), 1), {"header"})  # itself: fine
    with pytest.raises(StoreError, match="no client with id 99"):
        store.create_return(99, full_return("2025-11"))


def test_returns_newest_period_first_then_highest_revision(store: Store, client_id: int) -> None:
    ids = {}
    for period, rev in [("2025-09", 0), ("2025-10", 0), ("2024-25", 0), ("2025-10", 2),
                        ("2025-10", 1), ("2025-26", 0), ("2026-03", 0)]:  # fmt: skip
        ret = full_return(period) if rev == 0 else revision_of(full_return(period), rev)
        ids[(period, rev)] = store.create_return(client_id, ret)
    order = [(r.period, r.revision_no) for r in store.list_returns(client_id)]
    assert order == [("2025-26", 0), ("2026-03", 0), ("2025-10", 2), ("2025-10", 1),
                     ("2025-10", 0), ("2025-09", 0), ("2024-25", 0)]  # fmt: skip


def test_all_returns_by_client_name(store: Store) -> None:
    z = store.add_client(dealer("32100000017", "Zeta"))
    a = store.add_client(dealer("32200000025", "Alpha"))
    store.create_return(z, full_return("2025-09"))
    store.create_return(a, full_return("2025-09"))
    store.create_return(a, full_return("2025-10"))
    assert [(r.client_id, r.period) for r in store.all_returns()] == [
        (a, "2025-10"), (a, "2025-09"), (z, "2025-09")
    ]  # fmt: skip


def test_new_return_info(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return(), rate_pack="2024-08-01")
    info = store.return_info(rid)
    assert (info.client_id, info.period, info.return_type, info.revision_no) == (
        client_id, "2025-10", "original", 0
    )  # fmt: skip
    assert (info.status, info.ack_no, info.filed_on, info.payable) == ("draft", "", None, 0)
    assert info.rate_pack == "2024-08-01"


def test_status_flow_and_filing_facts(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    before = store.return_info(rid).updated_at
    store.set_status(rid, "ready")
    assert store.return_info(rid).status == "ready"
    store.set_status(rid, "filed", ack_no="ACK/1", filed_on=date(2025, 11, 24))
    info = store.return_info(rid)
    assert (info.status, info.ack_no, info.filed_on) == ("filed", "ACK/1", date(2025, 11, 24))
    assert info.updated_at >= before
    with pytest.raises(StoreError, match="'submitted' is not one of draft, ready, filed"):
        store.set_status(rid, "submitted")


def test_latest_and_previous_filed(store: Store, client_id: int) -> None:
    def filed(ret_period: str, rev: int, status: str = "filed") -> int:
        ret = full_return(ret_period)
        if rev:
            ret = revision_of(ret, rev)
        rid = store.create_return(client_id, ret)
        store.set_status(rid, status, ack_no=f"ACK-{ret_period}-{rev}")
        return rid

    sep0 = filed("2025-09", 0)
    sep1 = filed("2025-09", 1)
    filed("2025-09", 2, status="ready")  # not filed: does not count
    oct0 = filed("2025-10", 0, status="draft")
    year = filed("2024-25", 0)
    assert store.latest_filed(client_id, "2025-09").id == sep1  # type: ignore[union-attr]
    assert store.previous_filed(client_id, "2025-10").id == sep1  # type: ignore[union-attr]
    assert store.previous_filed(client_id, "2025-11") is None  # October is only a draft
    assert store.latest_filed(client_id, "2025-10") is None
    assert store.previous_filed(client_id, "2025-26").id == year  # type: ignore[union-attr]
    assert store.previous_filed(client_id, "2024-08") is None  # first FORM 9 month
    assert sep0 != sep1 and oct0
    with pytest.raises(StoreError, match="period"):
        store.previous_filed(client_id, "October")
    other = store.add_client(dealer("32200000025", "Other"))
    assert store.latest_filed(other, "2025-09") is None


def test_exports_are_recorded_with_time(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    store.record_export(rid, "json", "/out/r.json", "sha256:abc")
    store.record_export(rid, "pdf", "/out/r.pdf", "sha256:def")
    got = store.exports(rid)
    assert [(k, p, c) for k, p, c, _ in got] == [
        ("json", "/out/r.json", "sha256:abc"), ("pdf", "/out/r.pdf", "sha256:def")
    ]  # fmt: skip
    assert got[0][3] <= got[1][3]
    with pytest.raises(StoreError, match="'docx' is not one of json, pdf, excel"):
        store.record_export(rid, "docx", "/out/r.docx", "")


def test_delete_return(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    store.delete_return(rid)
    assert store.list_returns(client_id) == []
    with pytest.raises(StoreError, match=f"no return with id {rid}"):
        store.return_info(rid)
    with pytest.raises(StoreError, match=f"no return with id {rid}"):
        store.save_return(rid, full_return())
    assert store.list_clients()[0].return_count == 0
