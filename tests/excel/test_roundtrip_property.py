"""Property: any list / stock rows survive export -> import exactly (amounts to the paisa)."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export.excel_import import import_file
from app.export.excel_template import write_workbook
from app.model.form9 import LIST_TYPES, RETURN_LIST_TYPES, Form9Return, ListRow, StockRow

# Printable text a dealer might type, including formula starters, quotes, XML specials and
# Malayalam; trimmed, since the import trims cells.
_ALPHABET = "abcXYZ019 =+-@'\"&<>/#,.()₹കേരളം"
text = st.text(_ALPHABET, max_size=12).map(str.strip)
paise = st.integers(min_value=0, max_value=10**17)


def amounts(signed: bool) -> st.SearchStrategy[Decimal]:
    base = paise.map(lambda p: Decimal(p).scaleb(-2))
    return st.tuples(base, st.booleans()).map(lambda t: -t[0] if signed and t[1] else t[0])


@st.composite
def list_rows(draw: st.DrawFn) -> ListRow:
    kind = draw(st.sampled_from(LIST_TYPES))
    signed = kind in RETURN_LIST_TYPES
    return ListRow(
        kind, draw(st.sampled_from(("", "first", "subsequent", "last"))), draw(text), draw(text),
        draw(text.filter(bool)), draw(st.dates(date(1900, 3, 1), date(2099, 12, 31))),
        draw(amounts(signed)), draw(amounts(signed)), draw(amounts(signed)),
    )  # fmt: skip


stock_rows = st.builds(StockRow, text.filter(bool), text, text, amounts(False), amounts(False))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(list_rows(), min_size=1, max_size=8), st.lists(stock_rows, max_size=4))
def test_any_rows_round_trip(sales: list[ListRow], stock: list[StockRow]) -> None:
    ret = Form9Return(sales_list=sales, stock=stock)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.xlsx"
        write_workbook(path, ret)
        result = import_file(path)
    assert result.errors == []
    back = result.apply_to(Form9Return())
    assert back.sales_list == sales
    assert back.stock == stock
