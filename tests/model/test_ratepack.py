import datetime as dt
from decimal import Decimal

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
