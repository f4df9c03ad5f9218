"""The store's refusals as a window says them: the screen's names for where, no field paths or
internal ids — while the `form9` command keeps its one-line "where: what"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.model.client import ClientProfile
from app.model.form9 import Form9Return, ListRow
from app.store import Store, StoreError
from app.ui.errors import plain_words

PROFILE = ClientProfile(tin="32100000017", name="Sample Fuels")


def refusal(call: object) -> StoreError:
    assert callable(call)
    with pytest.raises(StoreError) as caught:
        call()
    return caught.value


def test_store_refusals_in_the_screens_words(store: Store) -> None:
    cid = store.add_client(PROFILE)
    tin = refusal(lambda: store.add_client(ClientProfile(tin=PROFILE.tin, name="Other")))
    assert str(tin) == "client, tin: a client with TIN 32100000017 already exists (Sample Fuels)"
    assert plain_words(tin) == "TIN: a dealer with TIN 32100000017 already exists (Sample Fuels)"
    no_tin = refusal(lambda: store.add_client(ClientProfile(name="No TIN")))
    assert plain_words(no_tin) == "TIN: a dealer needs a TIN"

    ret = Form9Return(header=PROFILE.header_for("2024-09"))
    rid = store.create_return(cid, ret)
    twice = refusal(
        lambda: store.create_return(cid, Form9Return(header=PROFILE.header_for("2024-09")))
    )
    assert str(twice).startswith("header: this client already has")
    assert plain_words(twice) == (
        "Return period: this dealer already has the original return for 2024-09"
    )

    row = ListRow("Sales", "first", "", "A", "1", date(2024, 9, 1), Decimal("1.555"))
    bad = refusal(lambda: store.insert_list_rows(rid, "sales_list", 0, [row]))
    assert plain_words(bad).startswith("Sales list row 1, Value")
    assert "1.555 has more than 2 decimals" in plain_words(bad)

    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2024, 10, 15))
    filed = refusal(lambda: store.save_return(rid, ret))
    assert str(filed).startswith(f"return {rid} (2024-09) is filed")  # the command's words
    assert plain_words(filed) == (
        "the return for September 2024 is filed and cannot change; create a revision to correct it"
    )
