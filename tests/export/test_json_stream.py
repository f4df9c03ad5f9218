"""The reader that takes an upload file straight from its bytes (app.export.json_stream) gives the
careful reader's results exactly: the same return, or the same one-line refusal, on every file of
the hostile corpus; the same schema findings, checksum state and differences for the GUI's
opener; and the file's memory is given back without changing what is read."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from export_samples import big_return, careful_read, example, streamed_read

from app.export.json_stream import FileBuffer, read, read_file
from app.export.upload_json import (
    dumps,
    loads,
    parse_text,
)
from app.export.upload_open import read_upload
from app.model.compute import compute

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))

from make_corpus import json_cases  # noqa: E402


@pytest.mark.parametrize("case", json_cases(), ids=lambda c: c[0])
def test_every_corpus_file_reads_as_the_careful_reader_reads_it(case: tuple) -> None:  # type: ignore[type-arg]
    name, data = case[0], case[1]
    assert streamed_read(data) == careful_read(data), name


def _file(rows: int = 3000) -> bytes:
    ret = big_return(rows)
    return dumps(ret, compute(ret, with_lists=False)).encode("utf-8")


def test_the_fast_path_is_taken_and_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.export import json_stream

    data = _file()

    def no(*args: object) -> None:
        raise AssertionError("a row of a usual file went to the careful reader")

    monkeypatch.setattr(json_stream._List, "_careful", no)
    assert read(data).ret == careful_read(data)
    assert loads(data) == careful_read(data)


@pytest.mark.parametrize(
    "old, new",
    [
        ('"value": 1000.00,', '"value": 1e400,'),  # too large: refused
        ('"doc_date": "2025-10-01"', '"doc_date": "2025-02-30"'),  # not a real date
        ('"type": "Sales"', '"type": 5'),  # not text
        ('"cess": 0.00,', '"cess": 0.00, "colour": "red",'),  # unknown field
        ('"cess": 0.00,', '"cess": 0.00, "_note": "fine",'),  # an author's note: read
        ('"type": "Sales"', '"type": "Sale"'),  # kept as written (validation says so)
        ('"point_of_sale": "first"', '"point_of_sale": null'),  # null: blank
        ('"value": 1000.00,', '"value": 1000,'),  # a whole number: read as written
        ('"total": 1180.00', '"total": "x"'),  # a computed value is ignored
    ],
)
def test_an_unusual_row_gets_the_careful_readers_answer(old: str, new: str) -> None:
    data = _file(500).decode()
    assert old in data
    changed = data.replace(old, new, 1).encode()
    assert streamed_read(changed) == careful_read(changed)


def test_lists_in_another_order_and_memory_given_back(tmp_path: Path) -> None:
    """The purchase list before the sales list, read from a file whose memory is returned as the
    rows are made: the same return as the careful reader's."""
    doc = parse_text(_file(20_000))
    swapped = {k: v for k, v in doc.items() if k != "sales_list"}
    swapped = dict(list(swapped.items())[:-2] + [("sales_list", doc["sales_list"])]
                   + list(swapped.items())[-2:])  # fmt: skip
    from app.export.canonical import pretty
    from app.export.upload_json import _as_written

    for order in (doc, swapped):
        path = tmp_path / "big.json"
        path.write_text(pretty(_as_written(order)), encoding="utf-8")
        released: list[tuple[int, int]] = []
        holder = FileBuffer(path, path.stat().st_size)

        def release(a: int, b: int, into: list[tuple[int, int]] = released) -> None:
            into.append((a, b))
            holder.release(a, b)  # noqa: B023 - called within this iteration

        ret = read(holder.data, release=release).ret
        holder.close()
        assert ret == careful_read(path.read_bytes())
        assert released and all(a < b for a, b in released)
        assert read_file(path, path.stat().st_size) == ret


@pytest.mark.skipif(
    sys.platform != "linux", reason="Linux frees and zeroes a private page given back"
)
def test_pages_given_back_are_freed_and_read_as_zeros(tmp_path: Path) -> None:
    """The buffer is the process's own memory: a page given back is freed, not kept as shared
    memory that reads back unchanged (as an anonymous MAP_SHARED buffer did)."""
    import mmap

    path = tmp_path / "f.json"
    path.write_bytes(b"{" + b" " * (4 * mmap.PAGESIZE) + b"}")
    holder = FileBuffer(path, path.stat().st_size)
    assert holder.data[: mmap.PAGESIZE + 1] == b"{" + b" " * mmap.PAGESIZE
    holder.release(0, 3 * mmap.PAGESIZE)  # the pages wholly inside: the first three
    assert holder.data[: 3 * mmap.PAGESIZE] == bytes(3 * mmap.PAGESIZE)
    assert holder.data[3 * mmap.PAGESIZE :] == path.read_bytes()[3 * mmap.PAGESIZE :]
    holder.close()


def test_the_opener_gives_the_careful_readers_findings() -> None:
    ret = big_return(2000)
    text = dumps(ret, compute(ret))
    from app.export.canonical import pretty
    from app.export.upload_json import _as_written

    doc = parse_text(text)
    doc["sales_list"][0]["total"] = Decimal("1.01")  # differs from the recomputed total
    doc["sales_list"][1]["total"] = "x"  # ignored by the reader, a schema finding
    doc["purchase_list"][2]["_note"] = "an author's note"
    edited = pretty(_as_written(doc))
    for data in (text, edited):
        fast = read_upload(data.encode())  # from the bytes
        careful = read_upload(data)  # a str: the careful reader
        assert fast.ret == careful.ret
        assert fast.schema_findings == careful.schema_findings
        assert fast.checksum_ok == careful.checksum_ok
        c = compute(fast.ret)
        assert fast.differences(c) == careful.differences(c)
    opened = read_upload(edited.encode())
    assert opened.checksum_ok is False
    assert [f.location for f in opened.differences(compute(opened.ret))] == ["sales_list[0].total"]
    assert [f.location for f in opened.schema_findings] == ["sales_list[1].total"]


def test_a_checksum_over_a_non_canonical_number_is_still_checked() -> None:
    """1.5e2 is 150 as written differently: the bytes do not match the checksum's text, so the
    parsed document decides, as the careful reader does."""
    ret = example("original")
    text = dumps(ret, compute(ret))
    assert read_upload(text.encode()).checksum_ok is True
    changed = text.replace('"KGST": 12', '"KGST": 1.2e1', 1)
    assert read_upload(changed.encode()).checksum_ok == read_upload(changed).checksum_ok
    assert read(changed.encode()).ret.inputs.interest_rate["KGST"] == Decimal("12")


def _without_fast_paths(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    from app.export import upload_read

    with monkeypatch.context() as m:
        m.setattr(upload_read, "dict_row_reader", lambda t: None)
        return careful_read(data)


@pytest.mark.parametrize(
    "old, new",
    [
        ('"itc_eligible": "yes"', '"itc_eligible": "yes"'),  # as written
        ('"itc_eligible": "yes"', '"itc_eligible": [1]'),
        ('"itc_eligible": "yes"', '"itc_eligible": "Y"'),
        ('"itc_eligible": "yes"', '"itc_eligible": true'),
        ('"act": "KVAT"', '"act": "kvat"'),
        ('"act": "KVAT"', '"act": 3'),
        ('"sl": 1', '"sl": -1'),
        ('"sl": 1', '"sl": 1.5'),
        ('"rate": 14.5', '"rate": 14.56789'),
        ('"rate": 14.5', '"rate": 14'),  # a whole number: read as Decimal(14), as careful
        ('"rate": 14.5', '"rate": 10000000000000000'),  # too large: refused
        ('"rate": 14.5', '"rate": true'),
        ('"purchase_value": 80000.00', '"purchase_value": 80000'),
        ('"goods": "', '"goods": "\\u0007'),
        ('"tax_paid": ', '"tax_paid": 1e999, "x": '),
    ],
)
def test_the_small_tables_fast_path_agrees_with_the_careful_reader(
    old: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = Path(__file__).resolve().parents[1] / "golden" / "kvat-itc-excess.out.json"
    text = golden.read_text(encoding="utf-8")
    assert old in text, old
    data = text.replace(old, new, 1).encode()
    assert careful_read(data) == _without_fast_paths(data, monkeypatch)


def test_the_opener_reads_an_amount_with_more_decimals() -> None:
    """1.005 cannot be written back (E-AMOUNT-DP), but the file opens and its total is compared."""
    ret = big_return(200)
    doc = parse_text(dumps(ret, compute(ret)))
    doc["sales_list"][0]["value"] = Decimal("1.005")
    from app.export.canonical import pretty
    from app.export.upload_json import _as_written

    data = pretty(_as_written(doc))
    fast, careful = read_upload(data.encode()), read_upload(data)
    assert fast.ret == careful.ret and fast.ret.sales_list[0].value == Decimal("1.005")
    c = compute(fast.ret, with_lists=False)
    found = fast.list_differences or []
    assert [f.location for f in found] == ["sales_list[0].total"]
    assert "recomputed " in found[0].message and found[0].message.count(".") >= 2
    assert careful.ret == fast.ret and c is not None


def test_a_whole_number_rate_or_amount_takes_the_fast_path() -> None:
    """A rate of 2 written `2` (as the app writes it) is no reason for the careful reader."""
    from app.export.json_layout import layout_of
    from app.export.json_rows import dict_row_reader
    from app.export.upload_read import catalogue_for, table_reader

    t = layout_of(catalogue_for("2025-10")).tables["part1a"]
    fast = dict_row_reader(t)
    assert fast is not None
    row = parse_text(dumps(example("original"), compute(example("original"))))["part1a"][0]
    row.update(rate=2, total_turnover=1000, exempt_turnover=0)
    got = fast(row, {})
    assert got is not None and got == table_reader(t)(row, 0, "part1a[0]")
    assert (got.rate, got.total_turnover) == (Decimal(2), Decimal(1000))
    assert type(got.rate) is Decimal and str(got.total_turnover) == "1000"


@pytest.mark.parametrize(
    "amount",
    ["12.50", "0.10", "-0.00", "1E-2", "5", "5.0", "5.000", "1E+2", "-7.5", "NaN", "Infinity",
     "999999999999999.99", "1000000000000000.00"],
)  # fmt: skip
def test_the_fast_list_writer_vouches_only_for_amounts_held_as_written(amount: str) -> None:
    # The generated writer of a chunk of list rows takes an amount only when it holds exactly 2
    # decimals (CENT.same_quantum) below 10^15, and then writes what the per-field writer writes;
    # anything else (5, 5.0, 1E+2, NaN…) sends the chunk to the per-field writer.
    import dataclasses

    from app.export.canonical import compact
    from app.export.json_rows import chunk_writer
    from app.export.upload_write import layout_for, row_dict

    ret = big_return(2)
    t = layout_for(ret).tables["sales_list"]
    v = Decimal(amount)
    row = dataclasses.replace(ret.sales_list[0], value=v)
    write = chunk_writer(t)
    assert write is not None
    text = write([row], 0, compute(ret))
    total = v + row.tax + row.cess
    held = all(
        x.is_finite() and x.as_tuple().exponent == -2 and abs(x) < 10**15 for x in (v, total)
    )
    assert (text is not None) == held, amount
    if held:
        assert text == compact(row_dict(t)(row, 0, compute(ret))).encode()


def test_repeated_values_of_a_long_list_are_made_one_object(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sharing: a name or date that repeats is held once; a document number (all distinct) is
    left alone; past SHARED_VALUES a field takes no new value but still shares those it has."""
    from datetime import date

    from app.export import json_rows
    from app.export.json_layout import layout_of
    from app.forms import catalogues
    from app.model.form9 import ListRow

    monkeypatch.setattr(json_rows, "SHARED_VALUES", 3)
    table = layout_of(catalogues()[-1]).tables["sales_list"]
    share = json_rows.Sharing(table)

    def rows(first: int, names: int) -> list[ListRow]:
        return [ListRow(counterparty_name="".join(["Customer ", str(n % names)]),
                        doc_no=f"S/{n}", doc_date=date(2025, 10, 1 + n % 2))
                for n in range(first, first + 12)]  # fmt: skip

    batch = rows(0, 2)
    share(batch)
    assert len({id(r.counterparty_name) for r in batch}) == 2
    assert len({id(r.doc_date) for r in batch}) == 2
    assert len({id(r.doc_no) for r in batch}) == 12  # not a repeating field
    later = rows(12, 6)  # 4 names it has not seen: under the cap of 3, it takes them all
    share(later)
    names = {r.counterparty_name: id(r.counterparty_name) for r in batch}
    assert all(id(r.counterparty_name) == names[r.counterparty_name]
               for r in later if r.counterparty_name in names)  # fmt: skip
    assert [r.counterparty_name for r in later] == [f"Customer {n % 6}" for n in range(12, 24)]
    assert len(share.seen["counterparty_name"]) == 6  # the batch that crossed the cap: all kept
    third = rows(24, 12)
    share(third)
    assert len(share.seen["counterparty_name"]) == 6  # full: nothing new taken
    assert [r.counterparty_name for r in third] == [f"Customer {n % 12}" for n in range(24, 36)]


def test_a_batch_of_rows_is_laid_out_as_one_array() -> None:
    from app.export.json_stream import _as_array

    assert _as_array([]) == b"[]"
    assert _as_array([msgspec.Raw(b'{"a":1}')]) == b'[{"a":1}]'
    assert _as_array([msgspec.Raw(b"1"), msgspec.Raw(b'"x"'), msgspec.Raw(b"{}")]) == b'[1,"x",{}]'
