"""Text on the PDF: the fonts, which font draws each character, widths, wrapping and cutting.

Every character drawn is one the drawing font has (issue 12: no mojibake, no missing glyphs):
- `printable()` makes any text printable first: NFC, line breaks kept, tabs and other spaces made
  spaces, invisible control and format characters dropped (ZWJ / ZWNJ kept, they shape
  Malayalam), and a character none of the shipped fonts has replaced by U+FFFD "�" (the upload
  JSON keeps the text as typed).
- Malayalam runs are drawn in Noto Sans Malayalam through HarfBuzz (a one-line Paragraph:
  ReportLab shapes only there); everything else in Noto Sans with a plain `drawString` (no shaping:
  digits and Latin text need none, and shaping costs ~0.1 ms a cell).
- The list annexures' rows use the base-14 Helvetica (WinAnsi encoding) for speed; `row_pdf_string`
  writes a cell there only when every character is in that encoding, encoded as the font expects.
- `wrap()` wraps any text to a width (at spaces, else between grapheme clusters) and cuts it to a
  number of lines with a visible "… (+N characters)" so a 10,000-character address never makes a
  row taller than a page (spec section 10; docs/decisions.md "Long text on paper").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.paths import resources_dir

SANS, SANS_BOLD, MAL, MAL_BOLD = "Form9Sans", "Form9Sans-Bold", "Form9Mal", "Form9Mal-Bold"
_FONT_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    MAL: "NotoSansMalayalam-Regular.ttf",
    MAL_BOLD: "NotoSansMalayalam-Bold.ttf",
}
#: The list annexures' row font: base-14, WinAnsi (cp1252) encoded, several times faster to write
#: than an embedded TrueType font for 100,000 rows.
ROWS = "Helvetica"
REPLACEMENT = "\ufffd"
ELLIPSIS = "\u2026"
ZWNJ, ZWJ, VIRAMA = "\u200c", "\u200d", "\u0d4d"

_MAL_CHARS = "\u0d00-\u0d7f\u0951\u0952\u0964\u0965\u200c\u200d"
#: A Malayalam run: Malayalam words and the spaces between them (shaped as one piece).
MALAYALAM = re.compile(f"[{_MAL_CHARS}]+(?:[ \u00a0]+[{_MAL_CHARS}]+)*")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping

    folder = resources_dir() / "fonts"
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for family, bold in ((SANS, SANS_BOLD), (MAL, MAL_BOLD)):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, family)
        addMapping(family, 1, 1, bold)


@lru_cache(maxsize=8)
def cmap(font: str) -> frozenset[int]:
    """The code points `font` has a glyph for (its TrueType cmap; WinAnsi for base-14 fonts)."""
    register_fonts()
    f = pdfmetrics.getFont(font)
    face = getattr(f, "face", None)
    if isinstance(f, TTFont) and face is not None:
        return frozenset(face.charToGlyph)
    vector = f.encoding.vector
    out = set()
    for code in range(32, 256):
        if vector[code] is None:
            continue
        try:
            out.add(ord(bytes([code]).decode("cp1252")))
        except UnicodeDecodeError:
            continue
    return frozenset(out)


def _fonts_have(o: int) -> bool:
    return o in cmap(SANS) or o in cmap(MAL)


def printable(text: str) -> str:
    """`text` as it can be printed with the shipped fonts (see the module docstring)."""
    if text.isascii() and text.isprintable():
        return text
    text = _BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    out: list[str] = []
    for ch in text:
        o = ord(ch)
        if ch == "\n":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc":
            if ch == "\t":
                out.append(" ")
            continue  # other control characters print nothing
        if cat == "Cf" and ch not in (ZWJ, ZWNJ):
            continue  # invisible formatting (zero-width space, bidi marks, soft hyphen …)
        if cat.startswith("Z"):
            out.append(" " if o not in cmap(SANS) else ch)
        elif _fonts_have(o):
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def font_for(bold: bool, malayalam: bool = False) -> str:
    if malayalam:
        return MAL_BOLD if bold else MAL
    return SANS_BOLD if bold else SANS


def runs(text: str) -> list[tuple[str, bool]]:
    """Printable text split into (run, is_malayalam)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in MALAYALAM.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


@lru_cache(maxsize=8192)
def _shaped_width(run: str, font: str) -> float:
    """Width of a shaped run at 1 pt (HarfBuzz advances: conjuncts are narrower than their parts)."""
    s = shapeStr(run, font, 1000)
    if isinstance(s, ShapedStr):
        advance: float = sum(d.x_advance for d in s.__shapeData__)
        return advance / 1000
    w: float = pdfmetrics.stringWidth(run, font, 1)
    return w


def _clusters(run: str) -> list[str]:
    """The run's syllables (grapheme clusters with their conjuncts): Malayalam shapes within a
    syllable, so a run's width is the sum of its syllables' shaped widths — measured once each."""
    out: list[str] = []
    start = 0
    for i in range(1, len(run)):
        if _is_boundary(run, i):
            out.append(run[start:i])
            start = i
    out.append(run[start:])
    return out


def width(text: str, bold: bool, size: float) -> float:
    """Drawn width of printable text (Malayalam runs as shaped, syllable by syllable)."""
    if not MALAYALAM.search(text):
        plain: float = pdfmetrics.stringWidth(text, SANS_BOLD if bold else SANS, size)
        return plain
    w = 0.0
    for run, mal in runs(text):
        if mal:
            f = font_for(bold, True)
            w += sum(_shaped_width(cl, f) for cl in _clusters(run)) * size
        else:
            w += pdfmetrics.stringWidth(run, font_for(bold), size)
    return w


# ---------------------------------------------------------------- wrapping and cutting


class Line(NamedTuple):
    text: str
    width: float


def _is_boundary(text: str, i: int) -> bool:
    """May a line break fall before text[i]? Never inside a grapheme cluster or a conjunct."""
    if i <= 0 or i >= len(text):
        return True
    ch, prev = text[i], text[i - 1]
    if prev in (VIRAMA, ZWJ, ZWNJ) or ch in (ZWJ, ZWNJ):
        return False
    return not unicodedata.category(ch).startswith("M")


def _longest_prefix(text: str, bold: bool, size: float, maxw: float, tail: str = "") -> int:
    """Length of the longest prefix (at a cluster boundary, at least one cluster) that fits with
    `tail` after it."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width(text[:mid] + tail, bold, size) <= maxw:
            lo = mid
        else:
            hi = mid - 1
    while lo > 0 and not _is_boundary(text, lo):
        lo -= 1
    if lo == 0:  # not even one cluster fits: take one anyway (it overflows a hair)
        lo = 1
        while lo < len(text) and not _is_boundary(text, lo):
            lo += 1
    return lo


def _wrap_paragraph(para: str, bold: bool, size: float, maxw: float) -> list[str]:
    limit = _max_chars(size, maxw)  # a longer text never fits: not measured whole

    def fits(s: str) -> bool:
        return len(s) <= limit and width(s, bold, size) <= maxw

    if fits(para):
        return [para]
    lines: list[str] = []
    cur = ""
    for word in para.split(" "):
        trial = f"{cur} {word}" if cur else word
        if fits(trial):
            cur = trial
            continue
        if cur:
            lines.append(cur)
        cur = word
        while cur and not fits(cur):  # a word wider than the column
            n = _longest_prefix(cur[:limit], bold, size, maxw)
            lines.append(cur[:n])
            cur = cur[n:]
    if cur or not lines:
        lines.append(cur)
    return lines


def _max_chars(size: float, maxw: float) -> int:
    """More characters than fit on one line of `maxw` (no glyph is narrower than 0.1 em)."""
    return int(maxw / (0.1 * size)) + 2


def _count(s: str) -> int:
    return len(s) - s.count(" ")


def _more(n: int) -> str:
    return f"{ELLIPSIS} (+{n:,} characters)"


def wrap(text: str, bold: bool, size: float, maxw: float, max_lines: int = 1_000) -> list[Line]:
    """Any text as lines no wider than `maxw`; past `max_lines` the last line ends in
    "… (+N characters)", N counting the characters (spaces aside) not printed."""
    source = text[: (max_lines + 1) * _max_chars(size, maxw)]  # more cannot print: work bounded
    t = printable(source)
    if t.isascii() and len(t) * size <= maxw and "\n" not in t:  # no ASCII glyph is over 1 em
        return [Line(t, width(t, bold, size))]
    lines: list[str] = []
    for para in t.split("\n"):
        lines += _wrap_paragraph(para, bold, size, maxw)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        total = _count(t) + len(text) - len(source)
        lines = lines[:max_lines]
        before = _count("".join(lines[:-1]))
        last = lines[-1]
        n = len(last)
        for _ in range(3):  # the marker's own width changes how much of the line fits
            tail = _more(total - before - _count(last[:n]))
            if width(tail, bold, size) > maxw:  # a narrow column: the ellipsis alone
                tail = ELLIPSIS
            n = _longest_prefix(last, bold, size, maxw, tail)
        tail = _more(total - before - _count(last[:n]))
        lines[-1] = last[:n] + (tail if width(tail, bold, size) <= maxw else ELLIPSIS)
        if width(last[:n] + ELLIPSIS, bold, size) > maxw:  # not one glyph fits beside the mark
            lines[-1] = ELLIPSIS
    return [Line(s, width(s, bold, size)) for s in lines]


def fit(text: str, bold: bool, size: float, maxw: float) -> Line:
    """One line: the printable text, or its longest prefix with "…" that fits."""
    t = printable(text[: _max_chars(size, maxw) + 1]).replace("\n", " ")  # no more can fit
    w = width(t, bold, size)
    if w <= maxw:
        return Line(t, w)
    n = _longest_prefix(t, bold, size, maxw, ELLIPSIS)
    s = t[:n].rstrip() + ELLIPSIS
    if width(s, bold, size) > maxw:  # not one glyph fits beside it: the mark alone
        s = ELLIPSIS
    return Line(s, width(s, bold, size))


# ---------------------------------------------------------------- drawing


def draw_line(c: Canvas, x: float, y: float, text: str, bold: bool, size: float) -> float:
    """Draw one printable line from x with its baseline at y; returns the width drawn.

    Malayalam runs go through a one-line Paragraph: ReportLab shapes (HarfBuzz) only there —
    canvas.drawString(shaping=True) leaves vowel signs in the wrong order.
    """
    start = x
    for run, mal in runs(text):
        f = font_for(bold, mal)
        if mal:
            leading = size * 1.25
            para = Paragraph(
                run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
                ParagraphStyle("m", fontName=f, fontSize=size, leading=leading, shaping=1),
            )
            para.wrapOn(c, 100_000, leading)
            para.drawOn(c, x, y - (leading - size))  # first baseline = top − fontSize
            x += _shaped_width(run, f) * size
        else:
            c.setFont(f, size)
            c.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, f, size)
    return x - start


# ---------------------------------------------------------------- the list rows' base-14 font


def row_pdf_string(text: str) -> str | None:
    """`text` as a PDF string body for the row font, or None when a character is not in it (the
    caller then draws the cell with Noto).  Non-ASCII characters are written as WinAnsi octal
    escapes, so "…" is byte 0x85 — never the UTF-8 bytes read back as "â€¦"."""
    if text.isascii():
        if not text.isprintable():
            return None
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    charset = cmap(ROWS)
    if any(ord(ch) not in charset for ch in text):
        return None
    out = []
    for ch in text:
        if ch in "\\()":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"\\{ch.encode('cp1252')[0]:03o}")
    return "".join(out)
