"""The upload file's compact text (the checksum's input, spec section 8) is the standard library's
canonical form: msgspec writes it, and for any text it writes what json.encoder would."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from app.export.canonical import RowTable, compact, num, pretty

SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # not text: JSON of them is refused
TEXT = st.text(alphabet=st.characters(blacklist_categories=SURROGATES), max_size=40)


@given(TEXT, TEXT)
def test_texts_are_written_as_the_standard_library_writes_them(key: str, value: str) -> None:
    assert (
        compact({key: value}) == "{" + encode_basestring(key) + ":" + encode_basestring(value) + "}"
    )


def test_numbers_as_written_and_the_file_form() -> None:
    doc = {"a": num("12.50"), "b": [num("30.08"), 12, None, True], "c": {"d": "ക"}}
    assert compact(doc) == '{"a":12.50,"b":[30.08,12,null,true],"c":{"d":"ക"}}'
    text = pretty(doc)
    assert json.loads(text) == json.loads(compact(doc))
    assert text.startswith('{\n "a": 12.50,\n "b": [\n  30.08,')


def test_a_row_table_is_written_as_its_rows() -> None:
    rows = ['{"x":1.00}', '{"x":2.00}']
    doc = {"list": RowTable(("x",), rows), "empty": RowTable(("x",), [])}
    assert compact(doc) == '{"list":[{"x":1.00},{"x":2.00}],"empty":[]}'
    assert pretty(doc) == (
        '{\n "list": [\n  {\n   "x": 1.00\n  },\n  {\n   "x": 2.00\n  }\n ],\n "empty": []\n}\n'
    )
