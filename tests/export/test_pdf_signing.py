"""The PDF a dealer signs (issue 12 item 4): one amount payable, annexure text never garbled (every
character drawn is in the font that draws it), signature block, the declaration's Acts, Part 4
footnotes, totals labelled across acts, and the same bytes for the same return."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
from export_samples import example
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from app.export import pdf_layout as L
from app.export.pdf_parts import relation, relation_markup
from app.export.pdf_return import write_pdf
from app.model.compute import compute
from app.model.form9 import LIST_TYPES, Form9Return, ListRow
from app.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]


def _bytes(ret: Form9Return, *, draft: bool = False) -> bytes:
    buf = io.BytesIO()
    write_pdf(ret, compute(ret), buf, draft=draft, checksum="sha256:" + "0" * 64)
    return buf.getvalue()


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))


# ---------------------------------------------------------------- one amount payable


def _payables_in_words(text: str) -> list[str]:
    """Every "in words" amount that is not the amount paid (Part 5)."""
    found = re.findall(r"(\S+ \S+ )?[Ii]n words: (Rupees .*? Only)", text)
    return [words for before, words in found if "paid" not in before.lower()]


def test_revision_prints_one_amount_payable_in_words() -> None:
    text = _text(_bytes(example("revision")))
    # Part 4 payable of the worked revision: KGST a_iii 1,362.16 + CST h_vi 1,242.18 = 2,604.34
    assert _payables_in_words(text) == [
        "Rupees Two Thousand Six Hundred Four and Thirty-Four Paise Only"
    ]
    assert "₹ 2,604.34" in text
    # Part 3(A) of the revised figures (2,12,169.70) is not offered as a second payable
    assert L.PART3A_GRAND_TOTAL not in text
    assert "2,12,169.70" not in text
    assert re.sub(r"\s+", " ", L.PART3A_REVISION_NOTE) in text
    assert text.count("Total amount paid in words") == 1


def test_original_prints_one_amount_payable_in_words() -> None:
    text = _text(_bytes(example("original")))
    # Part 3(A) of the worked original: 4,23,67,375.08 + 1,95,006.00 interest + cess rows
    assert len(_payables_in_words(text)) == 1
    assert L.PART3A_GRAND_TOTAL in text
    assert "Amount payable with this revision" not in text


# ---------------------------------------------------------------- every glyph in its font


def _font_charsets() -> dict[str, frozenset[int]]:
    """Code points per font as the font files say (parsed afresh, not the app's own tables)."""
    out: dict[str, frozenset[int]] = {}
    for file in ("NotoSans-Regular", "NotoSans-Bold", "NotoSansMalayalam-Regular",
                 "NotoSansMalayalam-Bold"):  # fmt: skip
        face = TTFontFile(str(resources_dir() / "fonts" / f"{file}.ttf"))
        out[file] = frozenset(face.charToGlyph)
    for name in ("Helvetica", "Helvetica-Bold"):
        vector = pdfmetrics.getEncoding("WinAnsiEncoding").vector
        chars = set()
        for code in range(32, 256):
            if vector[code] is not None:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(ord(bytes([code]).decode("cp1252")))
        out[name] = frozenset(chars)
    return out


def _drawn(data: bytes) -> list[tuple[str, str]]:
    """(font, text) of every piece of text drawn, fonts by their base name (subset tag off)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pieces: list[tuple[str, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() and font is not None:
            base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            pieces.append((base, text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return pieces


def test_annexure_every_transaction_type_prints_in_its_font() -> None:
    ret = example("original")
    names = ["Sree Durga Traders", "Café Müller & Söhne (P) Ltd", "ശ്രീ ദുർഗ ട്രേഡേഴ്സ്",
             "Anand \\ Co (Kochi)", "中文 Traders"]  # fmt: skip
    rows = [
        ListRow(t, "first", "32012345678", names[i % len(names)], f"INV/{i}",
                date(2025, 10, 1 + i), Decimal("1000.00"), Decimal("180.00"), Decimal("0.00"))
        for i, t in enumerate(LIST_TYPES)
    ]  # fmt: skip
    data = _bytes(replace(ret, sales_list=rows, purchase_list=rows[::-1]))
    charsets = _font_charsets()
    pieces = _drawn(data)
    used = {font for font, _ in pieces}
    assert {"Helvetica", "NotoSans-Regular", "NotoSansMalayalam-Regular"} <= used, used
    for font, text in pieces:
        assert font in charsets, font
        # shaped Malayalam conjuncts come back as the private-use code points ReportLab gives
        # the font's ligature glyphs: glyphs of that font by construction
        missing = {ch for ch in text.strip("\n") if ch != "\n" and ord(ch) not in charsets[font]
                   and not ("Malayalam" in font and 0xE000 <= ord(ch) <= 0xF8FF)}  # fmt: skip
        assert not missing, (font, text, missing)
    text = _text(data)
    # every type prints as typed, or cut with an ellipsis the row font has — never mojibake
    for t in LIST_TYPES:
        assert t in text or t[:20] in text, t
    assert "Interstate Stock Transfer (in…" in text
    assert "Café Müller & Söhne (P) Ltd" in text
    assert "Anand \\ Co (Kochi)" in text
    assert "â€" not in text and "Ã" not in text
    assert "� Traders" in text  # CJK: no shipped font has it — the replacement mark, in Noto


# ---------------------------------------------------------------- declaration and signature


def test_declaration_names_the_acts_with_their_years() -> None:
    text = _text(_bytes(example("original")))
    assert ("Kerala General Sales Tax Act, 1963 / Central Sales Tax Act, 1956* / Kerala Value "
            "Added Tax Act, 2003* and the Rules made thereunder") in text  # fmt: skip
    # the footnote quotes the notified form's misprint (SRO 667/2024)
    assert ('misprints these as "Central Sales Tax Act, 1963" and "Kerala Value Added Tax Act, '
            '2005"') in text  # fmt: skip
    # the signature space with name, status and place
    for label in ("Place:", "Date:", L.SIGNATURE_CAPTION, "Name: Rajesh Pillai",
                  "Status of Authorised Signatory: Secretary"):  # fmt: skip
        assert label in text, label


def test_son_daughter_struck_from_the_signatory_s_honorific() -> None:
    assert relation("Sri. Rajesh Pillai") == "son"
    assert relation("SHRI Anand") == "son"
    assert relation("Smt. Lakshmi Nair") == "daughter"
    assert relation("Kum Anjali") == "daughter"
    assert relation("Rajesh Pillai") is None
    assert relation("Srinivasan K") is None  # a name, not the honorific "Sri"
    assert relation("") is None
    assert relation_markup("Sri. Rajesh") == "Son/<strike>daughter</strike>"
    assert relation_markup("Smt. Lakshmi") == "<strike>Son</strike>/daughter"
    assert relation_markup("Rajesh") == "Son/daughter"  # unknown: struck by hand, as on paper


def test_struck_word_has_a_line_through_it() -> None:
    ret = example("original")
    ret = replace(ret, declaration=replace(ret.declaration, signatory_name="Smt. Lakshmi Nair"))
    data = _bytes(ret)
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = next(p for p in reader.pages if "DECLARATION" in p.extract_text())
    content = page.get_contents()
    assert content is not None
    ops = content.get_data().decode("latin-1")
    # ReportLab draws <strike> as a stroked line after the text: "x0 y0 m x1 y1 l S"
    assert re.search(r"[\d.]+ [\d.]+ m [\d.]+ [\d.]+ l S", ops)


# ---------------------------------------------------------------- Part 4 notes, totals


def test_part4_marks_rows_that_are_not_the_cell_they_name() -> None:
    text = _text(_bytes(example("revision")))
    for rid, note in L.PART4_NOTES.items():
        assert "† " + re.sub(r"\s+", " ", note) in text, rid
    assert "(ii) KGST Balance at credit (Part 3 (a) (v)) * (if not carried forward to the next " \
           "return period) †" in text  # fmt: skip
    assert text.count("†") == 2 * len(L.PART4_NOTES) + 2  # + Part 3 (a)(iv) label and note
    assert "Interest due (5x6) ‡" in text
    assert "(4) × (5) × (6) ÷ 36,500" in text


def test_totals_across_acts_say_so() -> None:
    original = example("original")
    assert original.part1a and original.part2
    text = _text(_bytes(original))
    assert text.count(L.TOTAL_ACTS_LABEL) == 2  # Part 1(a) and Part 2 total rows
    assert L.PART5_TOTAL_ACTS in text
    assert "Total amount payable (KGST + KVAT + CST)" in text
    assert "Amount payable with this revision (KGST + KVAT + CST" in _text(
        _bytes(example("revision"))
    )


# ---------------------------------------------------------------- same return, same bytes


def test_same_return_gives_the_same_bytes() -> None:
    ret = example("revision")
    first = _bytes(ret, draft=True)
    assert first == _bytes(ret, draft=True)
    info = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert info is not None and str(info["/CreationDate"]).startswith("D:20250220")
    # another process, another hash seed: still the same bytes
    code = (
        "import sys, io; sys.path[:0] = ['tests', 'tests/export'];"
        "from export_samples import example; from app.model.compute import compute;"
        "from app.export.pdf_return import write_pdf; b = io.BytesIO(); r = example('revision');"
        "write_pdf(r, compute(r), b, draft=True, checksum='sha256:' + '0' * 64);"
        "sys.stdout.buffer.write(b.getvalue())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         check=True).stdout  # fmt: skip
    assert out == first
