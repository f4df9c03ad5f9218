"""The PDF: text extracted with pypdf holds the form's headings, hand-worked figures in Indian
grouping and the amount in words; the 100,000-row annexure has the expected page count."""

from __future__ import annotations

import io
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from export_samples import big_return, example
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.export import pdf_layout as L
from app.export.pdf_return import write_pdf
from app.export.pdf_text import MAL, draw_line, register_fonts
from app.model.compute import compute
from app.model.form9 import ListRow


def _pdf(ret, *, draft=False, checksum="sha256:" + "0" * 64, progress=None) -> pypdf.PdfReader:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    write_pdf(ret, compute(ret), buf, draft=draft, checksum=checksum, progress=progress)
    return pypdf.PdfReader(io.BytesIO(buf.getvalue()))


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(p.extract_text() for p in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_original_headings_figures_and_words() -> None:
    reader = _pdf(example("original"))
    text = _flat(_text(reader))
    for heading in ("FORM No.9", "MONTHLY RETURN", "PART 1- SALES", "PART 2-PURCHASES",
                    "PART 3- TAX SUMMARY", "PART 3(A) - TAX PAYABLE", "PART 5 - TAX REMITTANCE",
                    "TOTAL AMOUNT PAID", "DECLARATION", "SUBTOTAL (KGST)",
                    "Annexure 1 (a) - Sales list", "Annexure 1 (b) - Purchase list"):  # fmt: skip
        assert heading in text, heading
    assert "(i) Total due for the period of return (PART 1 KGST - col 14)" in text
    # Part 3 (a)(i) of the worked original: Σ KGST col 14 = 19,91,987.48 + 4,02,61,613.64 +
    # 1,13,773.96 = 4,23,67,375.08 (also Part 3(A) row (a) tax, nothing advanced or carried)
    assert "4,23,67,375.08" in text
    # Part 3(A) (a): interest 42367375.08 × 12 / 100 × 14 / 365 = 195006.00 (to the paisa)
    assert "1,95,006.00" in text
    # TOTAL AMOUNT PAID = the one KGST challan 4,76,69,866.80
    assert "4,76,69,866.80" in text
    assert "Rupees Four Crore Seventy-Six Lakh Sixty-Nine Thousand Eight Hundred Sixty-Six " \
           "and Eighty Paise Only" in text  # fmt: skip
    # column numbers as on the form
    assert "(14)" in text and "(11)" in text
    # the declaration with the signatory filled in
    assert "I, Rajesh Pillai Son/daughter of Sri. Abdul Rahman do hereby solemnly declare" in text
    # no Part 4 in an original
    assert "PART 4" not in text


def test_every_page_has_dealer_period_page_number_and_checksum() -> None:
    checksum = "sha256:" + "ab" * 32
    reader = _pdf(example("annual"), checksum=checksum)
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, 1):
        t = _flat(page.extract_text())
        assert "Kerala State Beverages Outlet No. 16" in t
        assert "TIN 32040480719" in t
        assert "Annual 2025-26 (2025-26)" in t
        assert f"Page {i} of {n}" in t
        assert checksum in t


def test_annual_has_stock_annexure_and_revision_has_part4() -> None:
    annual = _flat(_text(_pdf(example("annual"))))
    assert "ANNUAL RETURN" in annual
    assert "Annexure 2 - Stock inventory" in annual
    assert "as on 31st March 2026" in annual
    revision = _flat(_text(_pdf(example("revision"))))
    assert "PART 4 - REVISION OF RETURN" in revision
    assert "KGST REVISED" in revision and "CST REVISED" in revision
    # Part 4 payable of the worked revision: payable rows with effect > 0, no delay:
    # KGST a_iii 1,362.16 + CST h_vi 1,242.18 = 2,604.34
    assert "Amount payable with this revision" in revision
    assert "₹ 2,604.34" in revision
    assert "Rupees Two Thousand Six Hundred Four and Thirty-Four Paise Only" in revision


def test_draft_watermark_only_when_not_ready() -> None:
    assert "DRAFT" in _text(_pdf(example("original"), draft=True))
    assert "DRAFT" not in _text(_pdf(example("original"), draft=False))


def test_malayalam_dealer_name_uses_the_malayalam_font() -> None:
    ret = example("original")
    ret = replace(ret, header=replace(ret.header, name="ശ്രീ ദുർഗ ട്രേഡേഴ്സ് Traders"))
    reader = _pdf(ret)
    fonts = set()
    for page in reader.pages[:1]:
        resources: Any = page["/Resources"]
        for f in resources["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("NotoSansMalayalam" in f for f in fonts), fonts
    assert any("NotoSans-Regular" in f or "NotoSans" in f for f in fonts)


def test_progress_reaches_the_end_and_can_cancel(tmp_path: Path) -> None:
    ret = big_return(3_000)
    seen: list[tuple[int, int]] = []
    write_pdf(ret, compute(ret), tmp_path / "a.pdf", draft=False, checksum="x",
              progress=lambda d, t, _m: seen.append((d, t)))  # fmt: skip
    assert seen[-1][0] == seen[-1][1] == 3_001

    class Stop(Exception):
        pass

    def stop(done: int, total: int, _m: str) -> None:
        if done > 500:
            raise Stop

    with pytest.raises(Stop):
        write_pdf(ret, compute(ret), tmp_path / "b.pdf", draft=False, checksum="x", progress=stop)
    assert not (tmp_path / "b.pdf").exists()
    assert not (tmp_path / "b.pdf.part").exists()


@pytest.mark.slow  # about 30 s on a 2-core machine; runs in the default suite
def test_100000_row_annexure_page_count(tmp_path: Path) -> None:
    ret = big_return(100_000)
    body = _pdf(replace(ret, sales_list=[], purchase_list=[]))
    body_pages = len(body.pages) - 2  # each empty list still takes one page ("Nil")
    path = tmp_path / "big.pdf"
    pages = write_pdf(ret, compute(ret, with_lists=False), path, draft=False, checksum="x")
    # 43 rows per landscape page (L.LIST_ROW_HEIGHT 10.5 pt): 50,000 rows → ⌈50000 / 43⌉ = 1,163
    per_page = 43
    expected = body_pages + 2 * math.ceil(50_000 / per_page)
    reader = pypdf.PdfReader(path)
    assert pages == len(reader.pages) == expected
    last = _flat(reader.pages[-1].extract_text())
    assert "Total of 50,000 rows" in last
    assert f"Page {expected} of {expected}" in last
    assert L.LIST_ROW_HEIGHT == 10.5


def _gray(data: bytes, scale: float = 4) -> list[tuple[int, bytes]]:
    """Each page rendered (pdfium, grayscale): (width, pixels)."""
    pdf = pypdfium2.PdfDocument(data)
    out = []
    for page in pdf:
        bm = page.render(scale=scale, grayscale=True)
        out.append((bm.width, bytes(bm.buffer)[: bm.stride * bm.height], bm.stride))
    return [(w, px) for w, px, _ in out]


def _ink(width: int, px: bytes) -> bytes:
    """The inked part of a rendering, cropped to its bounding box, as 0/1 pixels per row."""
    rows = [px[i : i + width] for i in range(0, len(px), width)]
    dark = [[v < 128 for v in r] for r in rows]
    ys = [y for y, r in enumerate(dark) if any(r)]
    xs = [x for r in dark for x, d in enumerate(r) if d]
    assert ys and xs, "nothing drawn"
    return b"\n".join(
        bytes(int(d) for d in r[min(xs) : max(xs) + 1]) for r in dark[min(ys) : max(ys) + 1]
    )


def _one_line(draw: Any) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(400, 40))
    draw(c)
    c.save()
    [(w, px)] = _gray(buf.getvalue())
    return _ink(w, px)


def test_malayalam_is_shaped_and_plain_text_is_not() -> None:
    register_fonts()
    text = "ശ്രീ ദുർഗ ട്രേഡേഴ്സ്"
    ours = _one_line(lambda c: draw_line(c, 10, 15, text, False, 12))
    style = ParagraphStyle("r", fontName=MAL, fontSize=12, leading=15, shaping=1)

    def shaped(c: Canvas) -> None:
        p = Paragraph(text, style)
        p.wrapOn(c, 380, 30)
        p.drawOn(c, 10, 5)

    def unshaped(c: Canvas) -> None:
        c.setFont(MAL, 12)
        c.drawString(10, 15, text)

    assert ours == _one_line(shaped)  # HarfBuzz's conjuncts and vowel-sign order…
    assert ours != _one_line(unshaped)  # …not the characters one by one


def test_grid_and_list_cells_shape_only_malayalam(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain cells are drawn without HarfBuzz (issue 13: it shaped even digits); Malayalam cells
    go through the shaping path."""
    from reportlab.pdfbase import ttfonts

    from app.export import pdf_grid, pdf_lists

    shaped: list[str] = []
    real = ttfonts.shapeFragWord

    def counting(w: Any, *a: Any, **k: Any) -> Any:
        shaped.append("".join(s for _f, s in w[1:]))
        return real(w, *a, **k)

    monkeypatch.setattr("reportlab.platypus.paragraph.shapeFragWord", counting)
    _pdf(example("original"))
    assert shaped == []  # no Malayalam in the worked original: nothing shaped at all
    drawn: list[str] = []
    for mod in (pdf_grid, pdf_lists):

        def draw(c: Any, x: Any, y: Any, t: str, *a: Any, _d: Any = mod.draw_line) -> Any:
            drawn.append(t)
            return _d(c, x, y, t, *a)

        monkeypatch.setattr(mod, "draw_line", draw)
    ret = example("original")
    ret.part1a[0].goods = "ഡീസൽ"
    ret.sales_list.append(ListRow(counterparty_name="ശ്രീ ദുർഗ ട്രേഡേഴ്സ്", doc_no="1"))
    _pdf(ret)
    assert "ഡീസൽ" in drawn and "ശ്രീ ദുർഗ ട്രേഡേഴ്സ്" in drawn
    assert any("ഡീസൽ" in s for s in shaped)


def test_pages_render(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    write_pdf(example("revision"), compute(example("revision")), path, draft=True, checksum="x")
    pages = _gray(path.read_bytes(), scale=0.6)
    assert len(pages) == len(pypdf.PdfReader(path).pages)
    for width, px in pages:
        head = px[: width * 20]  # the dealer line at the top of every page
        assert min(head) < 100


def test_streamed_file_is_the_bytes_reportlab_would_join(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf_streamed writes object by object what ReportLab's own format() joins in memory, and
    keeps no finished page in memory: each is in the spool file until it is written."""
    from reportlab.pdfbase import pdfdoc

    from app.export.pdf_streamed import PageStream, StreamedDocument

    ret = big_return(300)
    c = compute(ret)
    streamed = io.BytesIO()
    pages = write_pdf(ret, c, streamed, draft=False, checksum="x")
    seen: list[PageStream] = []

    def joined(self: Any, filename: Any, canvas: Any) -> None:  # ReportLab's own SaveToFile
        seen.extend(p.Contents for p in self.Pages.pages if isinstance(p.Contents, PageStream))
        assert all(p.content is None for p in seen)  # held in the spool, not in memory
        pdfdoc.PDFDocument.SaveToFile(self, filename, canvas)

    monkeypatch.setattr(StreamedDocument, "SaveToFile", joined)
    whole = io.BytesIO()
    write_pdf(ret, c, whole, draft=False, checksum="x")
    assert streamed.getvalue() == whole.getvalue()
    assert len(seen) == pages == len(pypdf.PdfReader(io.BytesIO(streamed.getvalue())).pages)
