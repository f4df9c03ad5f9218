"""The PDF prints the form as the return's version of the catalogue lists it (issue 11): every
table's headings, the statements' row labels, the header block's labels; and a made-up amendment
(tests/forms) prints its new column and renamed row with no code change."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
from export_samples import example

from app import forms
from app.export.pdf_return import write_pdf
from app.model.catalogue import Catalogue
from app.model.compute import compute
from app.model.form9 import Form9Return, StockRow


def _bytes(ret: Form9Return) -> bytes:
    buf = io.BytesIO()
    write_pdf(ret, compute(ret), buf, draft=False, checksum="sha256:" + "0" * 64)
    return buf.getvalue()


def _pdf(ret: Form9Return) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(_bytes(ret)))


def _text(reader: pypdf.PdfReader) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))


def test_every_table_and_statement_prints_the_catalogue_s_wording() -> None:
    ret = example("revision")
    ret.stock.append(StockRow("Rice", "KGST Schedule 3", "kg", Decimal("12.50"), Decimal("100")))
    text = _text(_pdf(ret))
    cat = forms.catalogue_of_return(ret)
    assert cat is forms.base_catalogue()
    for table in ("part1a", "part1b", "part2", "part5", "sales_list", "purchase_list", "stock"):
        t = cat.table(table)
        assert t.heading.partition(": ")[0] in text, table
        for f in t.pdf_columns:
            assert f.heading in text, f"{table}.{f.id}"
    for n in range(1, 15):  # Part 1(a)'s column numbers in brackets…
        assert f"({n})" in text
    assert "Type of Transaction 1 Point of Sale 2" in text  # …the lists' bare
    for statement in ("part3", "part3a", "part4"):
        st = cat.statement(statement)
        assert st.heading in text
        for line in st.rows:
            assert line.label in text, f"{statement}.{line.id}"
    assert "(iv) Balance KGST payable [(i) - ((ii) - (iii)] †" in text  # the note's mark kept
    for f in cat.header:
        if f.id not in ("revision_no", "gstin", "tps_division", "tps_circle", "name", "address"):
            assert f.heading in text, f.id  # those print joined in one row
    assert "TPS Division / TPS Circle" in text and "Name and address of the dealer" in text
    assert cat.table("branches").heading in text


def _amended(period: str) -> Form9Return:
    ret = example("original")
    ret.header.period = period
    return ret


def _right_edges(data: bytes, words: set[str]) -> dict[str, set[float]]:
    """Where each of `words` ends on the pages (x in points), read back by pdfium."""
    found: dict[str, set[float]] = {}
    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        text = page.get_textpage()
        for word in words:
            search = text.search(word, match_whole_word=True)
            while (hit := search.get_next()) is not None:
                start, count = hit
                _left, _bottom, right, _top = text.get_charbox(start + count - 1)
                found.setdefault(word, set()).add(round(right, 1))
    return found


def test_an_amended_return_prints_the_new_column_and_the_renamed_row(
    amended_form: Catalogue,
) -> None:
    ret = _amended("2099-04")
    assert forms.catalogue_of_return(ret) is amended_form
    ret.part1a[0].extra = {"green_cess": Decimal("1234.50")}
    ret.part1a[1].extra = {"green_cess": Decimal("1234567.50")}
    data = _bytes(ret)
    text = _text(pypdf.PdfReader(io.BytesIO(data)))
    assert "(13) (13A) (14)" in text  # numbered in the form's order
    assert "Green cess collected" in text
    assert "(b) Surcharge and green cess due" in text and "(b) Surcharge due" not in text
    # Indian grouping; rows that never had the field print 0.00; the total row sums the column
    assert "1,234.50" in text and "12,34,567.50" in text
    assert "12,35,802.00" in text
    # the other columns are narrower now; a figure prints smaller rather than split in two
    assert "21,64,84,931.50" in text and "4,86,71,123.22" in text
    # right-aligned: the figures and their total end at the same x
    edges = _right_edges(data, {"1,234.50", "12,34,567.50", "12,35,802.00"})
    ends = set.union(*edges.values())
    assert len(edges) == 3 and max(ends) - min(ends) < 0.5  # bold glyphs end 0.1 pt apart


@pytest.mark.parametrize("period", ["2025-10", "2099-03"])
def test_an_earlier_return_prints_neither_the_column_nor_the_new_wording(
    amended_form: Catalogue, period: str
) -> None:
    ret = _amended(period)
    assert forms.catalogue_of_return(ret).version == "2024-08"
    ret.part1a[0].extra = {"green_cess": Decimal("1234.50")}  # not a field of its version
    text = _text(_pdf(ret))
    assert "13A" not in text and "Green cess" not in text and "1,234.50" not in text
    assert "(b) Surcharge due" in text and "green cess due" not in text


def test_a_header_field_a_version_adds_prints_in_the_header_block(
    sections_form: Catalogue,
) -> None:
    ret = _amended("2099-10")
    ret.header.extra = {"udyam_no": "UDYAM-KL-01-0012345"}
    text = _text(_pdf(ret))
    assert "Udyam (MSME) registration number, if any UDYAM-KL-01-0012345" in text
