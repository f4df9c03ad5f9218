"""Upload JSON text → a plain document, refusing hostile input in one line (issue 10).

`parse_text` is the only place the app parses a JSON file a user hands it.  On top of JSON syntax
it guarantees what every later reader and writer relies on (bounds in app/model/limits.py):
- the bytes are UTF-8 (a UTF-8 byte-order mark is allowed; UTF-16 / UTF-32 only with their mark);
  otherwise the message gives the byte offset, line and column of the first bad byte;
- objects and lists nest at most MAX_JSON_DEPTH deep (msgspec has no depth limit of its own; it
  stops at Python's recursion limit, which is reported the same way);
- no text holds a lone surrogate (`"\\ud800"` decodes to something that is not a character and
  that no file, PDF or window can show): refused naming the field;
- integers are read exactly only up to MAX_INT_DIGITS digits; longer ones become Decimals for the
  field readers to refuse as too large (never a 5,000-digit int conversion);
- `NaN` / `Infinity` are refused.

`parse_text(..., rows_checked=True)` lets the fast reader (upload_json.loads) check the rows of the
100,000-row lists itself, row by row, as it reads them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import chain
from typing import Any

import msgspec

from app.model.limits import MAX_INT_DIGITS, MAX_JSON_DEPTH
from app.model.numbers import D

#: The lists that may hold a million rows.
LONG_LISTS = ("sales_list", "purchase_list")

_DECODER = msgspec.json.Decoder(float_hook=Decimal)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SHOWN_TEXT = 40


class InputError(ValueError):
    """A value in an upload file that cannot be read; `path` names the field (`part1a[2].rate`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# ---------------------------------------------------------------- how values are shown


def shown_text(text: str, limit: int = _SHOWN_TEXT) -> str:
    """A text quoted for a one-line message: control characters and surrogates escaped, long text
    cut (the length is given)."""
    if len(text) > limit:
        return ascii_safe(text[:limit]) + f"… ({len(text):,} characters)"
    return ascii_safe(text)


def ascii_safe(text: str) -> str:
    """repr() of text, but lone surrogates shown as \\udXXX escapes instead of failing to print."""
    return repr(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def kind_of(value: Any) -> str:
    """What a value is, for "expected …, found …" (never the whole of a long value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        if value.bit_length() > 64:  # never print a giant integer whole
            if value.bit_length() < 14_000:  # str() refuses more than 4,300 digits
                return f"a number of {len(str(abs(value))):,} digits"
            return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
        return f"the number {value}"
    if isinstance(value, Decimal):
        text = str(value)
        if len(text) > _SHOWN_TEXT:
            return f"a number of {len(value.as_tuple().digits):,} digits"
        return f"the number {text}"
    if isinstance(value, str):
        return f"the text {shown_text(value)}"
    return "a list" if isinstance(value, list) else "an object"


def key_text(key: str) -> str:
    """A field name as a path shows it (escaped and cut when it is not a plain name)."""
    if key.isidentifier() and len(key) <= _SHOWN_TEXT:
        return key
    return shown_text(key)


# ---------------------------------------------------------------- decoding the bytes

#: Byte-order marks a text file may start with: the mark, its codec, its name for messages.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def where_in(data: bytes, offset: int) -> str:
    """'offset 1,234 (line 5, column 12)' for a byte offset (counted from 0, as editors do)."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"offset {offset:,} (line {line}, column {column})"


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str, skip: int = 0) -> InputError:
    at = exc.start + skip
    bad = data[at : at + 1].hex().upper()
    return InputError(
        "", f"the file is not {encoding} text: byte 0x{bad} at {where_in(data, at)} cannot be "
        f"read as {encoding}; save it as UTF-8"
    )  # fmt: skip


def _first_bad_utf8(data: bytes) -> InputError:
    """The first byte that is not UTF-8, counted in the whole file."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _bad_bytes(data, exc, "UTF-8")
    return InputError("", "the file is not UTF-8 text")


def _as_text(data: bytes) -> str | bytes:
    """The JSON text: UTF-8 bytes as they are (msgspec reads them); other encodings decoded."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :] if codec == "utf-8" else data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise _bad_bytes(data, exc, label, len(bom)) from None
    return data


# ---------------------------------------------------------------- parsing


def _int_token(text: str) -> int | Decimal:
    """Integers longer than MAX_INT_DIGITS stay Decimals (no giant int is ever built or printed)."""
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else D(text)


def _reject_constant(name: str) -> Any:
    raise InputError("", f"{name} is not allowed: amounts must be finite numbers")


_DEEP = f"objects and lists are nested more than {MAX_JSON_DEPTH} levels deep"


def _explain_bad_json(text: str | bytes) -> Any:
    """The standard library's reading of a file msgspec refused: it says where and why (and reads
    integers too long for msgspec, which the field readers then refuse by name)."""
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _bad_bytes(data, exc, "UTF-8") from None
    try:
        return json.loads(
            text, parse_float=D, parse_int=_int_token, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            "", f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError("", _DEEP) from None


def parse_text(text: str | bytes) -> dict[str, Any]:
    """JSON text → dict with every non-integer number as Decimal, checked as the module says."""
    return parse_document(text)[0]


def parse_document(text: str | bytes, *, rows_checked: bool = False) -> tuple[dict[str, Any], bool]:
    """parse_text, and whether the text has \\u escapes (then texts may hold control characters).

    `rows_checked=True`: the caller checks the rows of LONG_LISTS itself (with `guard`)."""
    if isinstance(text, bytes):
        text = _as_text(text)
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = _DECODER.decode(text)
    except msgspec.DecodeError:
        doc = _explain_bad_json(text)
    except UnicodeDecodeError:  # invalid UTF-8 inside a string (msgspec's offset is the string's)
        assert isinstance(text, bytes)
        raise _first_bad_utf8(text) from None
    except RecursionError:
        raise InputError("", _DEEP) from None
    if not isinstance(doc, dict):
        raise InputError("", f"the file must hold one JSON object, found {kind_of(doc)}")
    escaped = ("\\u" in text) if isinstance(text, str) else (b"\\u" in text)
    guard_document(doc, escaped, rows_checked)
    return doc, escaped


# ---------------------------------------------------------------- depth and surrogates


def guard(value: Any, path: str, depth: int, escaped: bool) -> None:
    """Refuse `value` (found at `path`, `depth` levels down) if it nests deeper than the limit
    or, when the file has \\u escapes, holds a lone surrogate in a text or a field name."""
    stack: list[tuple[Any, str, int]] = [(value, path, depth)]
    while stack:
        v, p, d = stack.pop()
        t = type(v)
        if t is dict or t is list:
            if d >= MAX_JSON_DEPTH:
                raise InputError(_short_path(p), _DEEP)
            if t is dict:
                for k, x in v.items():
                    if escaped and _LONE_SURROGATE.search(k):
                        raise InputError(_short_path(p), f"the field name {shown_text(k)} holds "
                                         "a lone surrogate (\\ud800–\\udfff), not a character")  # fmt: skip
                    if type(x) is dict or type(x) is list or (escaped and type(x) is str):
                        stack.append((x, f"{p}.{key_text(k)}" if p else key_text(k), d + 1))
            else:
                for i, x in enumerate(v):
                    if type(x) is dict or type(x) is list or (escaped and type(x) is str):
                        stack.append((x, f"{p}[{i}]", d + 1))
        elif t is str and _LONE_SURROGATE.search(v):
            raise InputError(
                _short_path(p), "holds a lone surrogate (\\ud800–\\udfff), which is not a "
                "character: the file was damaged or made by a faulty program"
            )  # fmt: skip


def _short_path(path: str) -> str:
    return path if len(path) <= 80 else path[:80] + "…"


def _flat_rows(rows: Iterable[Any], escaped: bool) -> bool:
    """Are all rows objects of plain values (checked in C, without a Python loop per row)?"""
    try:
        kinds = set(map(type, chain.from_iterable(map(dict.values, rows))))
    except TypeError:  # a row that is not an object
        return False
    return dict not in kinds and list not in kinds and not (escaped and str in kinds)


def guard_document(doc: dict[str, Any], escaped: bool, rows_checked: bool) -> None:
    for k, v in doc.items():
        if type(v) is list and ((rows_checked and k in LONG_LISTS) or _flat_rows(v, escaped)):
            continue  # rows of plain values (proven in C): nothing to nest or hide
        guard({k: v}, "", 0, escaped)
