"""Upload JSON v1 (spec section 8): read a file into a return, write a return as the canonical file.

The one entry point for both directions: reading is app.export.upload_read (strict: any malformed
value is an InputError naming the field path, never a traceback), writing app.export.upload_write
(same return, same bytes), both by the catalogue of the return's period.  Files on disk go through
app.export.json_stream, which reads and writes the long lists row by row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.export.canonical import checksum, num
from app.export.json_layout import FORMAT, FORMAT_VERSION
from app.export.json_text import InputError, parse_document, parse_text
from app.export.upload_read import from_document
from app.export.upload_write import checksum_of, dumps, to_document, write_upload
from app.model.form9 import Form9Return


def loads(text: str | bytes) -> Form9Return:
    """Read an upload file: its bytes straight into the return (app.export.json_stream), or, for
    text or a file that reader cannot vouch for, the careful reader (the long lists' rows checked
    as they are read)."""
    if isinstance(text, (bytes, bytearray)):
        from app.export.json_stream import Unusual, read

        try:
            return read(text).ret
        except Unusual:
            pass
    doc, escaped = parse_document(text, rows_checked=True)
    return from_document(doc, escaped=escaped)


def stated_checksum_ok(text: str | bytes) -> bool | None:
    """Does the file's `checksum` match its content?  None when the file has no checksum."""
    doc = parse_text(text)
    stated = doc.pop("checksum", None)
    if stated is None:
        return None
    return bool(stated == checksum(_as_written(doc)))


def _as_written(value: Any) -> Any:
    """A parsed document with numbers back in their written form, for the checksum."""
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, Decimal):
        return num(str(value))
    return value


def document_checksum_ok(doc: dict[str, Any]) -> bool | None:
    """stated_checksum_ok for a document already read with parse_text (the document is not changed)."""
    stated = doc.get("checksum")
    if stated is None:
        return None
    rest = {k: v for k, v in doc.items() if k != "checksum"}
    return bool(stated == checksum(_as_written(rest)))


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "InputError",
    "checksum_of",
    "document_checksum_ok",
    "dumps",
    "from_document",
    "loads",
    "parse_document",
    "parse_text",
    "stated_checksum_ok",
    "to_document",
    "write_upload",
]
