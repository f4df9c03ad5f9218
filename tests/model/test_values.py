"""The one value reader/writer (app.model.values): what a dealer types becomes the right value, or a
plain message; what is shown is Indian-grouped and DD-MM-YYYY."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.model import values as v


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("money", "1,23,456.5", Decimal("123456.50")),
        ("money", "123,456.50", Decimal("123456.50")),
        ("money", " ₹ 12 ", Decimal("12.00")),
        ("money", "", Decimal("0.00")),
        ("signed_money", "-1,000", Decimal("-1000.00")),
        ("quantity", "12.5", Decimal("12.5")),
        ("rate", "30.08", Decimal("30.08")),
        ("rate", "", Decimal(0)),
        ("count", "12", 12),
        ("serial", "", 0),
        ("date", "5/9/2024", date(2024, 9, 5)),
        ("date", "05.09.2024", date(2024, 9, 5)),
        ("date", "2024-09-05", date(2024, 9, 5)),
        ("date", "", None),
        ("yes_no", "Y", True),
        ("yes_no", "false", False),
        ("yes_no", "", False),
        ("upper", " 32 071 234 567 ", "32071234567"),
        ("text", "  Petrol  ", "Petrol"),
    ],
)
def test_typed_text_is_read_by_kind(kind: str, text: str, expected: object) -> None:
    assert v.parse(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("money", "320000.555", "at most 2 decimals"),
        ("money", "-5", "must not be negative"),
        ("quantity", "1.234", "a quantity has at most 2 decimals"),
        ("rate", "1.23456", "at most 4 decimals"),
        ("money", "1,2,3", "misplaced commas"),
        ("count", "1.5", "not a whole number"),
        ("count", "١٢", "not a whole number"),  # digits of another script
        ("date", "31-02-2024", "not a date"),
        ("date", "next week", "type DD-MM-YYYY"),
        ("yes_no", "maybe", "type Yes or No"),
    ],
)
def test_what_cannot_be_read_is_refused_in_words(kind: str, text: str, message: str) -> None:
    with pytest.raises(v.EntryError, match=message):
        v.parse(kind, text)


def test_a_choice_is_the_choice_in_any_case_or_the_one_it_begins() -> None:
    acts = ("KGST", "KVAT", "CST")
    assert v.parse("choice", "kvat", acts) == "KVAT"
    assert v.parse("choice", "kv", acts) == "KVAT"
    assert v.parse("choice", "c", acts) == "CST"
    with pytest.raises(v.EntryError, match="not one of: KGST, KVAT, CST"):
        v.parse("choice", "k", acts)  # fits KGST and KVAT: never a guess
    assert v.parse("choice", "0040-00-101-99", ("0040-00-101",), open_=True) == "0040-00-101-99"


@pytest.mark.parametrize(
    ("kind", "value", "shown", "edited"),
    [
        ("money", Decimal("12345678.5"), "1,23,45,678.50", "12345678.50"),
        ("signed_money", Decimal("-1000"), "-1,000.00", "-1000.00"),
        ("quantity", Decimal("1.25"), "1.25", "1.25"),
        ("rate", Decimal("30.0800"), "30.08", "30.08"),
        ("date", date(2024, 9, 5), "05-09-2024", "05-09-2024"),
        ("yes_no", True, "Yes", "Yes"),
        ("text", None, "", ""),
    ],
)
def test_values_are_shown_as_a_dealer_reads_them(
    kind: str, value: object, shown: str, edited: str
) -> None:
    assert v.show(kind, value) == shown
    assert v.edit_text(kind, value) == edited
    assert v.parse(kind, v.edit_text(kind, value)) == value or value is None
