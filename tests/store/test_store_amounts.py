"""Amounts are integer paise: more than 2 decimals is refused, naming part, row and field."""

from __future__ import annotations

from decimal import Decimal as Dec

import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_builders import annual_return, full_return, revision_of

from app.model.form9 import ListRow
from app.store import Store, StoreError
from app.store.codec import money
from app.store.columns import store_form
from app.store.rowcodec import CODECS

LIST = CODECS["sales_list"]


def list_rows(part: str, rows: list[tuple[int, ListRow]]) -> list[tuple[object, ...]]:
    """The list codec's column tuples (type … value, tax, cess in paise, extra)."""
    return CODECS[part].encode([r for _, r in rows], store_form, [n for n, _ in rows])


def load_list_rows(encoded: list[tuple[object, ...]]) -> list[ListRow]:
    decoded: list[ListRow] = LIST.decode(encoded, store_form)
    return decoded


def refusal(store: Store, client_id: int, ret: object) -> StoreError:
    with pytest.raises(StoreError) as caught:
        store.create_return(client_id, ret)  # type: ignore[arg-type]
    assert store.list_returns(client_id) == []  # nothing half-created
    return caught.value


def test_three_decimals_in_part1a_refused_with_its_place(store: Store, client_id: int) -> None:
    ret = full_return()
    ret.part1a[1].exempt_turnover = Dec("0.995")
    err = refusal(store, client_id, ret)
    assert str(err) == (
        "part1a row 2, exempt_turnover: 0.995 has more than 2 decimals; "
        "the store keeps it exactly and does not round it"
    )
    assert (err.part, err.row, err.field) == ("part1a", 1, "exempt_turnover")


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("sales_list", ("sales_list", 2, "tax")),
        ("purchase_list", ("purchase_list", 0, "tax")),
        ("part2", ("part2", 1, "cess_paid")),
        ("part5", ("part5", 0, "amount")),
        ("stock", ("stock", 1, "quantity")),
        ("inputs", ("inputs", None, "cess.e")),
        ("part4", ("part4", None, "filed.part3.a_i")),
    ],
)
def test_every_part_refuses_sub_paisa_values(
    store: Store, client_id: int, where: str, expected: tuple[str, int | None, str]
) -> None:
    ret = revision_of(annual_return())
    third = Dec("0.001")
    if where == "sales_list":
        ret.sales_list[2].tax = third
    elif where == "purchase_list":
        ret.purchase_list[0].tax = Dec("873000.441")
    elif where == "part2":
        ret.part2[1].cess_paid = third
    elif where == "part5":
        ret.part5[0].amount = Dec("47669866.805")
    elif where == "stock":
        ret.stock[1].quantity = Dec("0.125")  # quantities are kept in hundredths too
    elif where == "inputs":
        ret.inputs.cess.e = third
    else:
        assert ret.filed is not None
        ret.filed.part3["a_i"] = third
    err = refusal(store, client_id, ret)
    assert (err.part, err.row, err.field) == expected
    assert "more than 2 decimals" in str(err)


def test_rates_keep_four_decimals_and_refuse_five(store: Store, client_id: int) -> None:
    ret = full_return()
    ret.part1a[0].rate = Dec("30.00001")
    err = refusal(store, client_id, ret)
    assert str(err) == (
        "part1a row 1, rate: 30.00001 has more than 4 decimals; "
        "the store keeps it exactly and does not round it"
    )
    ret = full_return()
    ret.inputs.interest_rate["KVAT"] = Dec("12.34567")
    assert refusal(store, client_id, ret).field == "interest_rate.KVAT"


def test_trailing_zeros_are_not_extra_decimals(store: Store, client_id: int) -> None:
    ret = full_return()
    ret.part1a[0].total_turnover = Dec("22817152.6700000")
    ret.sales_list[0].value = Dec("1E+3")
    rid = store.create_return(client_id, ret)
    back = store.load_return(rid)
    assert back.part1a[0].total_turnover == Dec("22817152.67")
    assert str(back.sales_list[0].value) == "1000.00"


def test_more_digits_than_decimal_precision_is_refused_not_rounded() -> None:
    # 10^10 plus 10^-20: 31 digits, which the default 28-digit context would round to 10^10.
    tiny_fraction = Dec("10000000000.00000000000000000001")
    with pytest.raises(StoreError, match="more than 2 decimals"):
        money(tiny_fraction, "part5", 0, "amount")
    with pytest.raises(StoreError, match="more than 2 decimals"):
        list_rows("sales_list", [(0, ListRow(value=tiny_fraction))])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Dec("NaN"), "is not an amount"),
        (Dec("Infinity"), "is not an amount"),
        (Dec("1E+30"), "too large to store"),
        (1.5, "is not an amount"),
        (True, "is not an amount"),  # a bool is an int to Python, never an amount here
    ],
)
def test_values_that_are_not_storable_amounts(value: object, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        list_rows("sales_list", [(4, ListRow(cess=value))])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="sales_list row 5, cess"):
        list_rows("sales_list", [(4, ListRow(cess=value))])  # type: ignore[arg-type]


def test_bulk_list_conversion_matches_to_paise_and_from_paise() -> None:
    from app.model.numbers import from_paise, to_paise

    values = [Dec("0"), Dec("-0.01"), Dec("123.4"), Dec("99999999999999.99"), Dec("-709.26")]
    rows = [(n, ListRow(value=v, tax=-v, cess=v * 2)) for n, v in enumerate(values)]
    encoded = list_rows("sales_list", rows)
    assert [e[6:] for e in encoded] == [
        (to_paise(v), to_paise(-v), to_paise(v * 2), None) for v in values
    ]
    decoded = load_list_rows(encoded)
    assert [d.value for d in decoded] == [from_paise(to_paise(v)) for v in values]
    assert [str(d.value) for d in decoded] == [str(from_paise(to_paise(v))) for v in values]


def test_int_amounts_are_accepted(store: Store, client_id: int) -> None:
    ret = full_return()
    ret.sales_list[0].value = 15  # type: ignore[assignment]
    rid = store.create_return(client_id, ret)
    assert store.load_return(rid).sales_list[0].value == Dec("15.00")


def test_payable_is_paise_too(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    store.set_payable(rid, Dec("47669405.25"))
    assert store.return_info(rid).payable == Dec("47669405.25")
    with pytest.raises(StoreError, match="more than 2 decimals"):
        store.set_payable(rid, Dec("1.001"))


@given(st.integers(min_value=-(10**17), max_value=10**17), st.integers(min_value=0, max_value=4))
def test_any_paise_amount_round_trips_and_sub_paise_are_refused(paise: int, extra: int) -> None:
    from app.model.numbers import from_paise

    value = Dec(paise).scaleb(-2)
    assert from_paise(money(value, "part5", 0, "amount")) == value
    [encoded] = list_rows("sales_list", [(0, ListRow(value=value))])
    assert load_list_rows([encoded])[0].value == value
    if extra:  # one more digit that is not zero: a fraction of a paisa
        finer = value + Dec(extra).scaleb(-3)
        with pytest.raises(StoreError, match="more than 2 decimals"):
            money(finer, "part5", 0, "amount")
