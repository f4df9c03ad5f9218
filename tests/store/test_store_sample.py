"""The shipped sample dealer and returns: first start fills an empty store; each sample is clean."""

from __future__ import annotations

import json
from decimal import Decimal as Dec
from pathlib import Path

import pytest
from examples_warnings import EXPECTED

from app.commands.engine import pack_for_return
from app.export.upload_json import dumps, stated_checksum_ok
from app.model.client import ClientProfile
from app.model.compute import compute, payable_per_act
from app.model.findings import has_errors
from app.model.validation import validate
from app.samples import (
    ensure_sample,
    load_profile,
    load_sample_return,
    profile_from_dict,
    profile_to_dict,
    samples_dir,
)
from app.store import Store

RETURNS = sorted(samples_dir().glob("return-*.json"))


def test_samples_are_shipped() -> None:
    assert (samples_dir() / "dealer.json").is_file()
    assert [p.name for p in RETURNS] == ["return-2025-10.json"]


def test_sample_dealer_is_a_valid_fictitious_profile() -> None:
    from app.model.identifiers import is_tin

    p = load_profile(samples_dir() / "dealer.json")
    assert is_tin(p.tin)
    assert "fictitious" in p.trade_name
    assert profile_from_dict(profile_to_dict(p)) == p


@pytest.mark.parametrize("path", RETURNS, ids=lambda p: p.name)
def test_every_sample_return_validates_clean_and_is_canonical(path: Path) -> None:
    ret = load_sample_return(path)
    dealer = load_profile(samples_dir() / "dealer.json")
    assert ret.header.tin == dealer.tin
    c = compute(ret)
    findings = validate(ret, c, pack_for_return(ret))
    assert not has_errors(findings), [f.message for f in findings]
    # Only the warnings of the rate-pack checks that tests/examples_warnings.py explains.
    key = f"resources/samples/{path.name}"
    assert {(f.code, f.location) for f in findings} == EXPECTED[key]
    assert stated_checksum_ok(path.read_bytes()) is True
    assert dumps(ret, c) == path.read_text(encoding="utf-8")  # written by this engine


def test_sample_october_figures() -> None:
    ret = load_sample_return(samples_dir() / "return-2025-10.json")
    c = compute(ret)
    # Part 1 row 2: 6,622,298.81 × 30.08 % = 1,991,987.48 (rounded from 1,991,987.4820…)
    assert c.part1a[1].tax_due == Dec("1991987.48")
    assert c.part1a[1].tax_due == ret.part1a[1].tax_collected
    due = payable_per_act(c)
    # Part 5 pays exactly what Part 3(A) asks for, per act.
    paid = {act: sum((p.amount for p in ret.part5 if p.act == act), Dec(0)) for act in due}
    assert paid == due
    # Part 3(A): (a) 4,23,56,870.50 + interest 9 days late (due the 15th for an oil company)
    # 42,356,870.50 × 12 / 100 × 9 / 365 = 1,25,329.92 (1,25,329.918…); (c) AST 16,94,695.00
    # + 5,014.44; (e) SSC 33,89,390.00 + 10,028.88.
    assert c.part3a.rows["a"].interest == Dec("125329.92")
    assert c.part3a.rows["c"].interest == Dec("5014.44")
    assert sum(due.values()) == Dec("47581328.74")
    # CST natural gas against Form C at 2 % (CST Act s.8(1)): 2,28,17,152.67 × 2 % = 4,56,343.05
    assert c.part1a[0].tax_due == Dec("456343.05")


def test_first_start_puts_the_sample_in_an_empty_store(store: Store) -> None:
    ensure_sample(store)
    [client] = store.list_clients()
    assert client.tin == "32100000017" and client.return_count == len(RETURNS)
    assert store.get_client(client.id) == load_profile(samples_dir() / "dealer.json")
    [info] = store.list_returns(client.id)
    assert (info.period, info.status, info.payable) == ("2025-10", "draft", Dec("47581328.74"))
    assert info.rate_pack == "2024-08-01"
    assert store.load_return(info.id) == load_sample_return(RETURNS[0])
    ensure_sample(store)  # a second start adds nothing
    assert len(store.list_clients()) == 1


def test_no_sample_once_the_user_has_a_client(store: Store) -> None:
    store.add_client(ClientProfile(tin="32200000025", name="Mine"))
    ensure_sample(store)
    assert [c.name for c in store.list_clients()] == ["Mine"]


def test_bad_profile_fields_are_named() -> None:
    from app.store import StoreError

    with pytest.raises(StoreError, match="dealer.json.large_dealer: expected true or false"):
        profile_from_dict({"tin": "32100000017", "large_dealer": "yes"}, "dealer.json")
    with pytest.raises(StoreError, match="profile.colour: unknown field"):
        profile_from_dict(json.loads('{"colour": "red"}'))
