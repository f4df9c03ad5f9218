import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from app.model.ratepack import RatePackError, pack_for, rate_pack_from_dict
from app.ratepacks import rate_pack_on, rate_packs


def test_shipped_pack_loads_with_source_notes() -> None:
    pack = rate_pack_on(dt.date(2024, 8, 1))
    petrol = pack.goods_named("Petrol (Motor Spirit)")
    assert any(g.rate == Decimal("30.08") and g.act == "KGST" for g in petrol)
    assert all(g.source for g in pack.goods)
    assert pack.interest_rate == {"KGST": Decimal(12), "KVAT": Decimal(12), "CST": Decimal(12)}
    assert pack.due_rules.large_dealer_day == 10 and pack.due_rules.other_day == 15
    assert pack.cst_allowed("Beer") is False and pack.cst_allowed("Unknown goods") is None
    assert pack.is_fifth_schedule("Indian Made Foreign Liquor")
    assert {g.goods for g in pack.suggest("diesel")} == {"High Speed Diesel"}


def test_no_pack_before_form9() -> None:
    with pytest.raises(RatePackError):
        rate_pack_on(dt.date(2024, 7, 31))


def test_user_pack_overrides_and_later_pack_wins(tmp_path) -> None:
    (tmp_path / "rates").mkdir()
    (tmp_path / "rates" / "2025-04-01.toml").write_text(
        '[pack]\nversion = "2025-04-01"\neffective_from = "2025-04-01"\n'
        '[interest_rate]\nKGST = "18"\n'
        '[[goods]]\ngoods = "Beer"\nact = "KGST"\nrate = "120"\nsource = "test"\n',
        encoding="utf-8",
    )
    packs = rate_packs(tmp_path)
    assert pack_for(packs, dt.date(2025, 3, 31)).version == "2024-08-01"
    later = pack_for(packs, dt.date(2025, 4, 1))
    assert later.interest_rate["KGST"] == Decimal(18) and later.goods[0].rate == Decimal(120)


def test_float_rates_are_refused() -> None:
    with pytest.raises(RatePackError, match="not a float"):
        rate_pack_from_dict({"pack": {"version": "x", "effective_from": "2024-08-01"},
                             "goods": [{"goods": "A", "act": "KGST", "rate": 30.08}]})  # fmt: skip


MINIMAL = {"pack": {"version": "t", "effective_from": "2024-08-01"}}


def with_entry(key: str, entry: Mapping[str, object]) -> dict[str, object]:
    return {**MINIMAL, key: [entry]}


@pytest.mark.parametrize(
    ("key", "entry"),
    [
        ("goods", {"goods": "Petrol", "act": "KGST", "rate": "30.08"}),
        ("goods", {"goods": "Petrol", "act": "KGST", "rate": "30.08", "source": "  "}),
        ("heads", {"act": "KGST", "group": "tax", "label": "KGST tax"}),
        ("cess", {"id": "e", "levy": "SSC on petrol and diesel", "rate": "₹2 a litre"}),
    ],
)
def test_an_entry_without_a_source_is_refused(key: str, entry: dict[str, object]) -> None:
    with pytest.raises(RatePackError, match=rf"{key}\[0\]: no source"):
        rate_pack_from_dict(with_entry(key, entry))


def test_cst_rule_without_a_source_is_refused() -> None:
    with pytest.raises(RatePackError, match="cst: no source"):
        rate_pack_from_dict({**MINIMAL, "cst": {"form_c_rate": "2"}})


def test_unconfirmed_entries_must_say_what_is_unconfirmed() -> None:
    entry = {"goods": "Beer", "act": "KGST", "rate": "116", "source": "Schedule",
             "confidence": "verify"}  # fmt: skip
    with pytest.raises(RatePackError, match="needs a note"):
        rate_pack_from_dict(with_entry("goods", entry))
    with pytest.raises(RatePackError, match="confidence must be"):
        rate_pack_from_dict(with_entry("goods", {**entry, "confidence": "maybe", "note": "x"}))
    pack = rate_pack_from_dict(with_entry("goods", {**entry, "note": "112 or 116"}))
    assert (pack.goods[0].confidence, pack.goods[0].note) == ("verify", "112 or 116")


def test_misspelt_keys_and_bad_heads_are_refused() -> None:
    with pytest.raises(RatePackError, match="unknown key 'rtae'"):
        rate_pack_from_dict(with_entry("goods", {"goods": "A", "act": "KGST", "rate": "1",
                                                 "rtae": "2", "source": "s"}))  # fmt: skip
    with pytest.raises(RatePackError, match="group must be one of tax, interest, cess"):
        rate_pack_from_dict(with_entry("heads", {"act": "KGST", "group": "fee", "label": "x",
                                                 "source": "s"}))  # fmt: skip
    with pytest.raises(RatePackError, match="a cess head names its row"):
        rate_pack_from_dict(with_entry("heads", {"act": "KGST", "group": "cess", "label": "x",
                                                 "source": "s"}))  # fmt: skip
    with pytest.raises(RatePackError, match="unknown key 'taxes'"):
        rate_pack_from_dict({**MINIMAL, "taxes": []})


def test_a_user_pack_without_sources_is_refused_with_its_file_name(tmp_path) -> None:
    from app.ratepacks import load_pack

    bad = tmp_path / "mine.toml"
    bad.write_text('[pack]\nversion = "m"\neffective_from = "2025-04-01"\n'
                   '[[goods]]\ngoods = "Beer"\nact = "KGST"\nrate = "120"\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(RatePackError, match=r"mine.toml: goods\[0\]: no source"):
        load_pack(bad)


def test_every_shipped_entry_names_its_source_and_says_what_is_unconfirmed() -> None:
    for pack in rate_packs():
        entries: list[Any] = [*pack.goods, *pack.heads, *pack.cess]
        assert entries and all(e.source.strip() for e in entries)
        assert all(e.note for e in entries if e.confidence)
        assert pack.cst_form_c_rate == Decimal(2) and "s.8(1)" in pack.cst_source


def test_heads_of_account_per_act_and_per_cess() -> None:
    pack = rate_pack_on(dt.date(2024, 8, 1))
    for act in ("KGST", "KVAT", "CST"):
        assert pack.head(act, "tax") is not None and pack.head(act, "interest") is not None
    cess = {h.cess: h for h in pack.heads if h.group == "cess"}
    assert sorted(cess) == ["b", "c", "d", "e", "f"] and {h.act for h in cess.values()} == {"KGST"}
    # The codes Trade Circular 15/2023 gives; the others are labels marked "verify".
    assert cess["e"].code == "0040-00-102-89-00-00-00-N-V" and not cess["e"].confidence
    assert cess["f"].code == "0040-00-102-90-00-00-00-N-V" and not cess["f"].confidence
    assert all(h.confidence == "verify" for h in pack.heads if not h.code)
    assert pack.head_of("KGST", "0040-00-102-90") is cess["f"]
    assert pack.head_of("KGST", "ssc  imfl") is cess["f"]  # case, spaces and punctuation ignored
    assert pack.head_of("CST", "0040-00-102-90") is None
    assert [c.id for c in pack.cess] == ["b", "c", "d", "e", "f"]
    assert pack.cess[3].rate == "₹2 a litre" and pack.cess[3].from_date == dt.date(2023, 4, 1)


def test_the_leads_of_the_review_in_the_pack() -> None:
    pack = rate_pack_on(dt.date(2024, 8, 1))

    def rates(goods: str, act: str) -> set[str]:
        return {f"{g.rate}" for g in pack.goods_named(goods) if g.act == act}

    assert rates("Petrol", "KGST") == {"30.08"} and rates("HSD", "KGST") == {"22.76"}
    assert rates("ATF", "KGST") == {"25", "5", "1"}
    assert rates("IMFL", "KGST") == {"251", "241", "10"}
    assert rates("Natural gas", "KVAT") == {"5"}  # not the seed's 14.5 %
    assert rates("Natural gas", "CST") == {"2", "5"}
    beer = pack.goods_named("Beer")[0]
    assert beer.confidence == "verify" and "112" in beer.note
    assert pack.goods_named("Petrol")[0].schedule == "KGST Schedule, Sl. No. 1(iv)"


def test_the_annual_2024_25_return_takes_the_first_pack_and_a_later_pack_its_period(
    tmp_path,
) -> None:
    from app.model.periods import Period
    from app.model.ratepack import pack_for_period

    (tmp_path / "rates").mkdir()
    (tmp_path / "rates" / "2025-04-01.toml").write_text(
        '[pack]\nversion = "2025-04-01"\neffective_from = "2025-04-01"\n'
        '[[goods]]\ngoods = "Beer"\nact = "KGST"\nrate = "120"\nsource = "test"\n',
        encoding="utf-8",
    )
    packs = rate_packs(tmp_path)
    assert pack_for_period(packs, Period(2024, 0)).version == "2024-08-01"  # April 2024 start
    assert pack_for_period(packs, Period(2025, 3)).version == "2024-08-01"
    assert pack_for_period(packs, Period(2025, 4)).version == "2025-04-01"
    assert pack_for_period(packs, Period(2025, 0)).version == "2025-04-01"
