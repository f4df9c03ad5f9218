"""The usual upload file read in one msgspec pass (issue 13): the whole document decoded at once
into a Struct whose long lists are lists of the row Struct (app.export.json_rows.row_struct) of
the latest version of the form, the other members as plain values.

The version a file is on follows from its period, which is known only once the document is
decoded: the latest version is the guess, and the decoded header's period must lead to that same
version's lists (the very TableLayout the rows were decoded for).  Anything else — another
version, a row the Struct does not take or its reader leaves to the careful reader, an unknown
member, a list that is not a list, a refusal of any kind — and this pass answers None: the caller
(app.export.json_stream.read) then reads the file as it always did, member by member, and so
says exactly what it always said.  This pass never refuses a file, it only reads the plainly
right ones sooner (no second scan of the long lists' bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec

from app.export.json_layout import LONG_LISTS, TableLayout, layout_of
from app.export.json_rows import BatchReader, row_struct
from app.export.json_text import guard_document
from app.export.upload_read import from_document
from app.gc_pause import paused_gc
from app.model.catalogue import Catalogue
from app.model.form9 import Form9Return
from app.model.limits import MAX_LIST_ROWS


class _Elsewhere(Exception):
    """The file's period is on another version of the form than the one guessed."""


Lists = tuple[TableLayout, BatchReader]
#: The guessed version → (the document's decoder, each long list's table and batch reader).
_DECODERS: dict[int, tuple[Catalogue, msgspec.json.Decoder[Any], dict[str, Lists]]] = {}


def _decoder(cat: Catalogue) -> tuple[msgspec.json.Decoder[Any], dict[str, Lists]]:
    """A decoder of a whole document on version `cat`: its top-level members (and the checksum)
    as fields, no other (an unknown member fails the decode), each absent one UNSET."""
    known = _DECODERS.get(id(cat))
    if known is not None and known[0] is cat:
        return known[1], known[2]
    layout = layout_of(cat)
    fields: list[Any] = []
    lists: dict[str, Lists] = {}
    for key in dict.fromkeys((*layout.top, "checksum")):
        if key in LONG_LISTS and key in layout.tables:
            t = layout.tables[key]
            struct, convert = row_struct(t)
            lists[key] = (t, convert)
            fields.append((key, list[struct] | msgspec.UnsetType, msgspec.UNSET))  # type: ignore[valid-type]
        else:
            fields.append((key, Any, msgspec.UNSET))
    top = msgspec.defstruct(f"{cat.version}_file", fields, forbid_unknown_fields=True)
    decoder = msgspec.json.Decoder(top, float_hook=Decimal)
    if len(_DECODERS) > 4:
        _DECODERS.clear()
    _DECODERS[id(cat)] = (cat, decoder, lists)
    return decoder, lists


def _latest() -> Catalogue:
    from app.forms import catalogues

    return catalogues()[-1]  # oldest first


def _rows_for(rows: list[Any], decoded_for: TableLayout) -> Callable[[TableLayout], list[Any]]:
    def read(t: TableLayout) -> list[Any]:
        if t is not decoded_for:
            raise _Elsewhere(t.id)
        return rows

    return read


def one_pass(view: Any) -> tuple[Form9Return, dict[str, Any]] | None:
    """The return in `view` (a UTF-8 document without \\u escapes) and its document (the long
    lists' rows left out, an empty list each; members in the form's order, not the file's), or
    None when the file is to be read member by member."""
    try:
        decoder, lists = _decoder(_latest())
        with paused_gc():  # a hundred thousand rows without reference cycles
            top = decoder.decode(view)
            doc: dict[str, Any] = {}
            readers: dict[str, Callable[[TableLayout], list[Any]]] = {}
            for key in top.__struct_fields__:
                value = getattr(top, key)
                if value is msgspec.UNSET:
                    continue
                if key in lists:
                    t, convert = lists[key]
                    if len(value) > MAX_LIST_ROWS:
                        return None
                    rows, bad = convert(value)
                    if bad:
                        return None
                    readers[key] = _rows_for(rows, t)
                    value = []
                doc[key] = value
            del top
            guard_document(doc, False, True)
            return from_document(doc, escaped=False, rows_guarded=True, lists=readers), doc
    except Exception:  # whatever it is, the member-by-member reader reads the file and says it
        return None
