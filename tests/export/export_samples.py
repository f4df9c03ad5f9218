"""Returns for the export tests and bench/bench_export.py: the spec's worked examples and a large
generated return (100,000 list rows)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from spec_examples import EXAMPLES

from app.export.json_stream import Unusual, read
from app.export.upload_json import InputError, from_document, loads, parse_document
from app.model.form9 import Form9Return, ListRow


def example(name: str) -> Form9Return:
    return loads((EXAMPLES / f"{name}.in.json").read_bytes())


def example_out(name: str) -> bytes:
    return (EXAMPLES / f"{name}.out.json").read_bytes()


def big_return(rows: int = 100_000, base: str = "original") -> Form9Return:
    """The worked original with `rows` sales-list rows split between the two lists."""
    ret = example(base)
    start = date(2025, 10, 1) if base == "original" else date(2025, 1, 1)
    sales: list[ListRow] = []
    purchases: list[ListRow] = []
    for i in range(rows):
        value = Decimal(100000 + i * 37).scaleb(-2)  # 1000.00, 1000.37, …
        tax = (value * Decimal("0.18")).quantize(Decimal("0.01"))
        row = ListRow(
            type="Sales" if i % 2 == 0 else "Purchase",
            point_of_sale="first",
            counterparty_reg_no="32" + f"{i:09d}",
            counterparty_name=f"Counterparty {i % 977} Traders",
            doc_no=f"INV/{i:06d}",
            doc_date=start + timedelta(days=i % 28),
            value=value,
            tax=tax,
            cess=Decimal("0.00"),
        )
        (sales if i % 2 == 0 else purchases).append(row)
    return replace(ret, sales_list=sales, purchase_list=purchases)


def careful_read(data: bytes) -> object:
    """The careful reader alone (the whole document parsed, then read): the return, or its
    refusal's message."""
    try:
        doc, escaped = parse_document(data, rows_checked=True)
        return from_document(doc, escaped=escaped)
    except InputError as exc:
        return f"refused: {exc}"


def streamed_read(data: bytes) -> object:
    """The streaming reader, and the careful one where it declines, as the callers do."""
    try:
        return read(data).ret
    except InputError as exc:
        return f"refused: {exc}"
    except Unusual:
        return careful_read(data)
