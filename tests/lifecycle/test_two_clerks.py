"""Two clerks at two PCs (two Store objects on one store, in two threads) act on the same
dealer at the same moment (issue 14): filing, revising and creating the next period lock the
dealer, so the second waits for the first, then finds its work done — never two filings of one
month, never two Revision 1s, never two returns of one period."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from lifecycle_builders import month_return, pay
from lifecycle_year import TODAY, Year, new

from app.store import Store, StoreError, open_store
from app.store import lifecycle as lc


@pytest.fixture
def other(store_target: str, store: Store) -> Iterator[Store]:
    """The second clerk's PC: another Store on the same store."""
    s = open_store(store_target)
    yield s
    s.close()


def first_holds_second_waits(
    store: Store, first: Callable[[], Any], second: Callable[[], Any]
) -> tuple[Any, BaseException | Any]:
    """`first` runs inside a unit of work kept open until `second` (on another thread) has
    started and had time to reach the lock; then `first` commits.  Returns both outcomes."""
    started, outcome = threading.Event(), {}

    def clerk_two() -> None:
        started.set()
        try:
            outcome["second"] = second()
        except BaseException as exc:  # noqa: BLE001 (the outcome is what the test checks)
            outcome["second"] = exc

    with store.transaction():
        result = first()
        thread = threading.Thread(target=clerk_two)
        thread.start()
        started.wait(5)
        thread.join(0.7)  # clerk two is waiting for the dealer: still running
        assert thread.is_alive(), f"the second clerk did not wait: {outcome}"
    thread.join(20)
    assert not thread.is_alive()
    return result, outcome["second"]


def august(store: Store, cid: int) -> int:
    ret = month_return("2024-08", kgst="50000.00", kvat="100000.00", itc="29000.00",
                       on=date(2024, 9, 15))  # fmt: skip
    pay(ret, "KGST", "5000.00", date(2024, 9, 15))
    return new(store, cid, ret)


def test_two_clerks_cannot_both_file_august(store: Store, other: Store, client_id: int) -> None:
    rid = august(store, client_id)
    on = date(2024, 9, 15)
    filed, refused = first_holds_second_waits(
        store,
        lambda: lc.mark_filed(store, rid, "ACK-A", on, today=TODAY),
        lambda: lc.mark_filed(other, rid, "ACK-B", on, today=TODAY),
    )
    assert isinstance(filed, lc.FilingResult)
    assert isinstance(refused, lc.LifecycleError), refused
    assert "was not done" in str(refused) or "filed" in str(refused)
    info = other.return_info(rid)
    assert (info.status, info.ack_no) == ("filed", "ACK-A")
    assert [e.summary for e in other.audit(rid) if e.action == "status"] == [
        "Draft → Filed, ack ACK-A, filed on 15-09-2024"
    ]


def test_two_clerks_cannot_both_create_revision_1(
    store: Store, other: Store, client_id: int
) -> None:
    Year(store, client_id).august()
    rid = store.list_returns(client_id)[0].id
    made, refused = first_holds_second_waits(
        store, lambda: lc.create_revision(store, rid), lambda: lc.create_revision(other, rid)
    )
    assert isinstance(refused, lc.LifecycleError), refused  # the plain words, not a key clash
    revisions = [r for r in other.list_returns(client_id) if r.return_type == "revision"]
    assert [(r.id, r.revision_no) for r in revisions] == [(made, 1)]


def test_two_clerks_cannot_both_create_september(
    store: Store, other: Store, client_id: int
) -> None:
    Year(store, client_id).august()
    sep = month_return("2024-09", kgst="50000.00", on=date(2024, 10, 15))
    made, refused = first_holds_second_waits(
        store,
        lambda: lc.new_return(store, client_id, sep),
        lambda: lc.new_return(other, client_id, sep),
    )
    assert isinstance(refused, StoreError), refused
    assert "already has the original return for 2024-09" in str(refused)
    assert [r.id for r in other.list_returns(client_id) if r.period == "2024-09"] == [made[0]]
