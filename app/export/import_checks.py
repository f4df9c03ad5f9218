"""Checks on a file to import, before any parser sees it (issue 10; bounds in app/model/limits.py).

- `check_file`: the kind of file (.xlsx / .csv), and a readable, non-empty file within the size
  limit.
- `check_archive`: an .xlsx is a sound zip of sane size (zip bombs, lying sizes, damaged or
  encrypted parts), and every worksheet's cells lie within MAX_SHEET_ROWS × MAX_SHEET_COLUMNS and
  span at most MAX_SHEET_CELLS.  python-calamine allocates the whole area its cells span, so one
  cell at XFD1048576 aborts the process (SIGABRT) unless refused here; the same holds for a
  shared-strings table declaring billions of entries.  Every part is unpacked once, in chunks,
  and the worksheets are scanned on the way: a fast scan for the usual form (`<c r="B7" …>`, one
  letter columns, no namespace prefixes) and, for anything else, an exact scan that places each
  cell as calamine does.
- `check_ranges`: merged ranges and hyperlinks, which openpyxl expands cell by cell (the annotated
  copy of a workbook is made with openpyxl).
- `decode_csv`: UTF-8 (with or without byte-order mark), UTF-16 / UTF-32 with their mark, and
  Windows-1252 (the usual export of Indian billing software) are read; anything else is refused
  naming each encoding tried and the offset of the first byte it could not read.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from app.export.json_text import BOMS
from app.fileio import FileRefused, check_input
from app.model.limits import (
    CSV_ENCODINGS,
    MAX_ARCHIVE_PARTS,
    MAX_IMPORT_BYTES,
    MAX_MERGED_CELLS,
    MAX_PACK_RATIO,
    MAX_SHARED_STRINGS,
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_SMALL_PART_BYTES,
    MAX_UNPACKED_BYTES,
    PACK_RATIO_FLOOR,
)

EXTENSIONS = (".xlsx", ".csv")
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
_CHUNK = 4 << 20


class ImportRefused(FileRefused):
    """The file as a whole cannot be read (wrong kind, too big, malformed or unsafe archive)."""


# ---------------------------------------------------------------- the file


def check_file(path: Path, *, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    """'xlsx' or 'csv' when the file may be read; else ImportRefused with the reason."""
    ext = path.suffix.lower()
    if ext == ".xls":
        raise ImportRefused(
            f"{path.name}: old Excel 97-2003 (.xls) files are not read; save it as .xlsx"
        )
    if ext in (".xlsm", ".xlsb"):
        raise ImportRefused(
            f"{path.name}: {ext} workbooks are not read; save it as .xlsx (Excel Workbook)"
        )
    if ext not in EXTENSIONS:
        raise ImportRefused(f"{path.name}: only .xlsx workbooks and .csv lists can be imported")
    try:
        size = check_input(path, 1 << 62, name=path.name)
    except FileRefused as exc:
        raise ImportRefused(str(exc)) from None
    if size > max_bytes:
        raise ImportRefused(
            f"{path.name}: {size / 1048576:.0f} MB is larger than the "
            f"{max_bytes / 1048576:.0f} MB this import accepts; split the list"
        )
    if ext == ".xlsx":
        check_archive(path)
        return "xlsx"
    return "csv"


# ---------------------------------------------------------------- cell references


def column_letters(n: int) -> str:
    """1 → A, 200 → GR."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_REF = re.compile(rb"^([A-Za-z]{1,4})([0-9]{1,10})$")
_AREA = (
    f"columns A–{column_letters(MAX_SHEET_COLUMNS)} and rows 1–{MAX_SHEET_ROWS:,}; "
    "delete it or move it into the table"
)


def _position(ref: bytes, sheet: str, what: str = "cell") -> tuple[int, int]:
    """(row, column) of a reference such as B7, both from 1."""
    m = _REF.match(ref.strip())
    if m is None:
        shown = ref[:20].decode("utf-8", "replace")
        raise ImportRefused(
            f"{sheet}: the workbook cannot be read ({what} reference {shown!r} is not a place such "
            "as B7)"
        )
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ch - 64
    return int(m[2]), col


def _inside(row: int, col: int, sheet: str, label: str) -> None:
    """Refuse a place beyond the sheet's area; `label` names it ("cell XFD1048576")."""
    if row > MAX_SHEET_ROWS or col > MAX_SHEET_COLUMNS or row < 1 or col < 1:
        raise ImportRefused(f"{sheet}: {label} lies outside the area a sheet may use, {_AREA}")


def _upto(n: int) -> bytes:
    """A regular expression for the whole numbers 1 … n (no leading zeros)."""
    digits = str(n)
    parts = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, d in enumerate(digits):  # numbers of n's length: equal up to i, smaller at i
        low = "1" if i == 0 else "0"
        if int(d) > int(low):
            rest = len(digits) - i - 1
            parts.append(f"{digits[:i]}[{low}-{int(d) - 1}][0-9]{{{rest}}}")
    parts.append(digits)
    return ("(?:" + "|".join(parts) + ")").encode()


def _unusual_cell(columns: int) -> re.Pattern[bytes]:
    """A `<c …>` start tag other than the usual `<c r="B7"` with a column among the first
    `columns` (at most Z) and a row that keeps the area within MAX_SHEET_CELLS."""
    rows = min(MAX_SHEET_ROWS, MAX_SHEET_CELLS // columns)
    letters = f"A-{chr(64 + columns)}".encode()
    return re.compile(rb'<c(?! r="[' + letters + rb"]" + _upto(rows) + rb'")[\s/>]')


#: The fast scan's tiers: a list's ten columns A–J up to MAX_SHEET_ROWS rows; any one-letter
#: column up to MAX_SHEET_CELLS / 26 rows.  A tag beyond the last tier (two-letter columns,
#: another attribute first, no reference …) sends the sheet to the exact scan.
_FAST_TIERS = (_unusual_cell(10), _unusual_cell(26))
_PREFIXED = re.compile(rb":(?:c|row|dimension)[\s/>]")
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')

#: The exact scan: every start tag that places a cell, with its attributes.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(c|row|dimension)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF_ATTR = re.compile(rb"""(?:^|\s)ref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_UNIQUE_COUNT = re.compile(rb"""\suniqueCount\s*=\s*["']\s*([0-9]+)""")


def _attr(pattern: re.Pattern[bytes], attrs: bytes) -> bytes | None:
    m = pattern.search(attrs)
    if m is None:
        return None
    value = m[1] if m[1] is not None else m[2]
    if b"&" in value:
        value = html.unescape(value.decode("utf-8", "replace")).encode()
    return value


def _check_range(ref: bytes, sheet: str, what: str) -> int:
    """A range `A1:B2` (or one cell) inside the sheet's area; its number of cells."""
    first, _, last = ref.partition(b":")
    r1, c1 = _position(first, sheet, what)
    r2, c2 = _position(last or first, sheet, what)
    shown = ref[:30].decode("utf-8", "replace")
    for r, c in ((r1, c1), (r2, c2)):
        _inside(r, c, sheet, f"{what} {shown}")
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


class _SheetScan:
    """The cells of one worksheet, fed in chunks as the part is unpacked."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.carry = b""
        self.fast = True
        self.tier = 0  # the fast scan's current tier (_FAST_TIERS)
        self.first = True
        self.row = 0  # the exact scan's current row and column (from 1)
        self.col = 0
        self.max_row = 0
        self.max_col = 0

    def pieces(self, chunk: bytes, last: bool = False) -> Iterator[bytes]:
        """Whole start tags only: each piece ends after a '>' (the rest waits for more data)."""
        data = self.carry + chunk
        cut = len(data) if last else data.rfind(b">") + 1
        self.carry = data[cut:]
        if len(self.carry) > _CHUNK:
            raise ImportRefused(f"{self.sheet}: the sheet's XML is malformed (a tag over 4 MB)")
        if cut:
            yield data[:cut]

    def feed_fast(self, chunk: bytes, last: bool = False) -> None:
        for piece in self.pieces(chunk, last):
            first, self.first = self.first, False
            if first:  # Excel writes the dimension before the cells
                m = _DIMENSION.search(piece, 0, 65536)
                if m is not None:
                    _check_range(m[1], self.sheet, "the sheet's dimension")
            while _FAST_TIERS[self.tier].search(piece):
                self.tier += 1
                # a wider tier allows fewer rows, which the pieces already passed did not check
                if self.tier == len(_FAST_TIERS) or not first:
                    self.fast = False
                    return
            if _PREFIXED.search(piece):
                self.fast = False
                return

    def feed_exact(self, chunk: bytes, last: bool = False) -> None:
        for piece in self.pieces(chunk, last):
            for m in _TAG.finditer(piece):
                name, attrs = m[1], m[2]
                if name == b"c":
                    self._cell(attrs)
                elif name == b"row":
                    r = _attr(_R_ATTR, attrs)
                    if r is None:
                        self.row += 1
                    elif r.strip().isdigit() and len(r.strip()) <= 10:
                        self.row = int(r)
                    else:
                        raise ImportRefused(
                            f"{self.sheet}: the workbook cannot be read (row number "
                            f"{r[:20].decode('utf-8', 'replace')!r} is not a whole number)"
                        )
                    self.col = 0
                    _inside(max(self.row, 1), 1, self.sheet, f"row {self.row:,}")
                else:
                    ref = _attr(_REF_ATTR, attrs)
                    if ref is not None:
                        _check_range(ref, self.sheet, "the sheet's dimension")

    def _cell(self, attrs: bytes) -> None:
        r = _attr(_R_ATTR, attrs)
        if r is None:  # placed after the previous cell of its row, as calamine does
            self.col += 1
            row, col, ref = max(self.row, 1), self.col, None
        else:
            row, col = _position(r, self.sheet)
            self.col, ref = col, r.decode("utf-8", "replace")
        if attrs.rstrip().endswith(b"/"):  # <c …/>: an empty cell, which no reader keeps
            return
        _inside(row, col, self.sheet, f"cell {ref or f'{column_letters(col)}{row}'}")
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)

    def finish_exact(self) -> None:
        area = self.max_row * self.max_col
        if area > MAX_SHEET_CELLS:
            raise ImportRefused(
                f"{self.sheet}: its cells reach row {self.max_row:,} and column "
                f"{column_letters(self.max_col)}, an area of {area:,} cells; at most "
                f"{MAX_SHEET_CELLS:,} are read — delete stray cells far below or to the right "
                "of the table"
            )


# ---------------------------------------------------------------- the archive


def _sheet_names(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Part name → sheet name, from the workbook and its relations (small parts, parsed whole)."""
    out: dict[str, str] = {}
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in names:
        return out
    try:
        rels = ElementTree.fromstring(_small_part(zf, rels_name))
        book = ElementTree.fromstring(_small_part(zf, "xl/workbook.xml"))
    except ElementTree.ParseError:
        return out  # calamine says what is wrong with them
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id", "")] = part
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
            if rid in targets:
                out[targets[rid]] = el.get("name", targets[rid])
    return out


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_SMALL_PART_BYTES:
        raise ImportRefused(f"part {name} unpacks to {info.file_size / 1048576:.0f} MB; refused")
    with zf.open(info) as fh:
        return fh.read(MAX_SMALL_PART_BYTES + 1)


def _is_sheet(part: str, sheets: dict[str, str]) -> bool:
    return part in sheets or (part.startswith("xl/worksheets/") and part.endswith(".xml"))


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _SheetScan | None) -> None:
    """Unpack one part in chunks (zipfile checks its real size and CRC), scanning a worksheet."""
    with zf.open(info) as member:
        first = True
        while chunk := member.read(_CHUNK):
            if first:
                first = False
                m = _UNIQUE_COUNT.search(chunk, 0, 65536)
                if m is not None and int(m[1][:20]) > MAX_SHARED_STRINGS:
                    raise ImportRefused(
                        f"part {info.filename} declares {int(m[1][:20]):,} shared texts; at most "
                        f"{MAX_SHARED_STRINGS:,} are read"
                    )
            if scan is not None and scan.fast:
                scan.feed_fast(chunk)
        if scan is not None and scan.fast:
            scan.feed_fast(b"", last=True)


def _scan_exact(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _SheetScan) -> None:
    scan.carry = b""
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            scan.feed_exact(chunk)
    scan.feed_exact(b"", last=True)
    scan.finish_exact()


def check_archive(
    path: Path,
    *,
    max_total: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_PACK_RATIO,
    max_members: int = MAX_ARCHIVE_PARTS,
) -> None:
    """Refuse a malformed or unsafe .xlsx before any parser sees it (zip bombs, lying sizes,
    cells placed beyond the sheet's area).

    Every member is decompressed once through zipfile, which stops at the declared size and checks
    the CRC, so the declared sizes the limits are applied to are the real ones."""
    name = path.name
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            f"{name}: this is not an .xlsx workbook (it is password-protected or an old .xls "
            "file); save it as an unprotected .xlsx"
        )
    if not zipfile.is_zipfile(path):
        raise ImportRefused(f"{name}: not a valid .xlsx workbook (it is not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > max_members:
                raise ImportRefused(f"{name}: the archive has {len(infos)} parts; refused")
            names = {i.filename for i in infos}
            missing = [m for m in REQUIRED_MEMBERS if m not in names]
            if missing:
                raise ImportRefused(
                    f"{name}: not a valid .xlsx workbook (missing {', '.join(missing)})"
                )
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise ImportRefused(f"{name}: the workbook is encrypted; save it unprotected")
                total += info.file_size
                if total > max_total:
                    raise ImportRefused(
                        f"{name}: the workbook unpacks to more than "
                        f"{max_total / 1048576:.0f} MB; refused as unsafe"
                    )
                if info.file_size > PACK_RATIO_FLOOR and info.file_size > max_ratio * max(
                    info.compress_size, 1
                ):
                    raise ImportRefused(
                        f"{name}: part {info.filename} is compressed more than {max_ratio}:1 "
                        "(a zip bomb?); refused as unsafe"
                    )
            sheets = _sheet_names(zf, names)
            for info in infos:
                scan = None
                if _is_sheet(info.filename, sheets):
                    scan = _SheetScan(sheets.get(info.filename, info.filename))
                _unpack(zf, info, scan)
                if scan is not None and not scan.fast:
                    _scan_exact(zf, info, scan)
    except ImportRefused as exc:
        text = str(exc)
        raise ImportRefused(text if text.startswith(f"{name}: ") else f"{name}: {text}") from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
    ) as exc:
        raise ImportRefused(f"{name}: the workbook is damaged ({exc}); refused") from None
    except NotImplementedError as exc:
        raise ImportRefused(f"{name}: the workbook uses an unsupported packing ({exc})") from None


_RANGE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:mergeCell|hyperlink)(?=[\s/>])([^>]*)>")


def check_ranges(path: Path) -> None:
    """Merged ranges and hyperlinks cover at most MAX_MERGED_CELLS cells in all (openpyxl makes
    an object for each covered cell); call after check_archive."""
    covered = 0
    with zipfile.ZipFile(path) as zf:
        sheets = _sheet_names(zf, set(zf.namelist()))
        for info in zf.infolist():
            if not _is_sheet(info.filename, sheets):
                continue
            sheet = sheets.get(info.filename, info.filename)
            scan = _SheetScan(sheet)
            with zf.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    for piece in scan.pieces(chunk, last=not chunk):
                        for m in _RANGE_TAG.finditer(piece):
                            ref = _attr(_REF_ATTR, m[1])
                            if ref is not None:
                                covered += _check_range(ref, sheet, "the range")
                    if not chunk:
                        break
    if covered > MAX_MERGED_CELLS:
        raise ImportRefused(
            f"{path.name}: merged cells and hyperlinks cover {covered:,} cells; at most "
            f"{MAX_MERGED_CELLS:,} can be marked in a copy"
        )


# ---------------------------------------------------------------- CSV text

_LABELS = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}


def _offset(raw: bytes, exc: UnicodeDecodeError, skip: int = 0) -> str:
    at = exc.start + skip
    return f"byte 0x{raw[at : at + 1].hex().upper()} at offset {at:,}"


def decode_csv(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read as; ImportRefused when no encoding
    reads it as text (the message names each one tried and where it failed)."""
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    f"{name}: not {label} text although it starts with the {label} mark: "
                    f"{_offset(raw, exc, len(bom))} cannot be read; save it as CSV UTF-8"
                ) from None
            return _text_only(text, name, label), label
    failures = []
    for codec in CSV_ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as exc:
            failures.append(f"{_LABELS.get(codec, codec)} ({_offset(raw, exc)})")
            continue
        return _text_only(text, name, _LABELS.get(codec, codec), raw), _LABELS.get(codec, codec)
    raise ImportRefused(
        f"{name}: not a text file in a known encoding: tried {' and '.join(failures)}; save it "
        "as CSV UTF-8"
    )


def _text_only(text: str, name: str, label: str, raw: bytes | None = None) -> str:
    """Refuse a NUL character: binary data that happened to decode.  (Other control characters
    are reported cell by cell, with the rest of the cell errors.)"""
    at = text.find("\0")
    if at < 0:
        return text
    where = f"character {at:,}"
    if raw is not None:  # the byte offset (UTF-8 counts each character's bytes)
        where = f"offset {len(text[:at].encode('utf-8' if label == 'UTF-8' else 'cp1252')):,}"
    raise ImportRefused(
        f"{name}: not a text file: read as {label}, it holds a NUL byte at {where}; a CSV list "
        "is plain text"
    )
