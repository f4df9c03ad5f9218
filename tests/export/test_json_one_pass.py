"""The usual upload file decoded in one msgspec pass (app.export.json_one_pass, issue 13) reads as
the member-by-member reader reads it: the same return, or the same refusal, whether the pass
takes the file or hands it back (another version of the form, a row it does not take, duplicate
or reordered members, a missing list)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_samples import big_return, careful_read, streamed_read

from app.export import json_stream
from app.export.json_one_pass import one_pass
from app.export.upload_json import dumps
from app.model.catalogue import Catalogue
from app.model.compute import compute


def _member_by_member(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    """Today's reader: the one pass turned off."""
    with monkeypatch.context() as m:
        m.setattr(json_stream, "one_pass", lambda view: None)
        return streamed_read(data)


def _doc(rows: int = 40, period: str | None = None) -> dict[str, Any]:
    ret = big_return(rows)
    if period is not None:
        ret.header.period = period
    doc: dict[str, Any] = json.loads(dumps(ret, compute(ret, with_lists=False)))
    return doc


def _bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode("utf-8")


def _taken(data: bytes) -> bool:
    return one_pass(memoryview(data)) is not None


def _same(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    got = streamed_read(data)
    assert got == _member_by_member(data, monkeypatch) == careful_read(data)
    return got


def test_the_usual_file_is_read_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc()
    data = _bytes(doc)
    assert _taken(data)
    ret = _same(data, monkeypatch)
    assert not isinstance(ret, str)
    assert len(ret.sales_list) == 20 and len(ret.purchase_list) == 20  # type: ignore[attr-defined]
    assert ret.sales_list[3].counterparty_reg_no == doc["sales_list"][3]["counterparty_reg_no"]  # type: ignore[attr-defined]


def test_a_period_on_another_version_is_read_member_by_member(
    monkeypatch: pytest.MonkeyPatch, amended_form: Catalogue
) -> None:
    """The 2099-04 amendment is the latest version: a 2025 file is on 2024-08, whose rows the
    pass did not decode for; a 2099 file is on the amendment and is taken."""
    old = _bytes(_doc())
    assert not _taken(old)
    assert not isinstance(_same(old, monkeypatch), str)
    new = _bytes(_doc(period="2099-05"))
    assert _taken(new)
    assert not isinstance(_same(new, monkeypatch), str)


def test_a_row_the_struct_does_not_take_is_read_member_by_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _doc()
    doc["sales_list"][5]["counterparty_name"] = 12  # refused by the careful reader, by name
    bad = _bytes(doc)
    assert not _taken(bad)
    assert "sales_list[5]" in str(_same(bad, monkeypatch))
    doc = _doc()
    doc["purchase_list"][2]["value"] = 1234567890123456.5  # 16 digits: the careful reader's call
    assert not _taken(_bytes(doc))
    _same(_bytes(doc), monkeypatch)


def test_duplicate_members_read_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc()
    text = _bytes(doc)
    rows = json.dumps(doc["sales_list"][:3]).encode()
    twice = text[:-1] + b', "sales_list": ' + rows + b"}"  # the last one counts, as before
    ret = _same(twice, monkeypatch)
    assert not isinstance(ret, str) and len(ret.sales_list) == 3  # type: ignore[attr-defined]
    header = json.dumps(doc["header"]).encode()
    assert not isinstance(_same(text[:-1] + b', "header": ' + header + b"}", monkeypatch), str)
    odd = text[:-1] + b', "header": {"period": 5}}'
    assert str(_same(odd, monkeypatch)).startswith("refused: ")


def test_members_in_an_unusual_order_and_a_missing_list(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc()
    backwards = _bytes(dict(reversed(doc.items())))
    assert _taken(backwards)
    assert _same(backwards, monkeypatch) == _same(_bytes(doc), monkeypatch)
    del doc["purchase_list"]
    missing = _bytes(doc)
    assert _taken(missing)
    ret = _same(missing, monkeypatch)
    assert not isinstance(ret, str) and ret.purchase_list == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("member", ["unknown", "sales_list_null", "not_an_object"])
def test_what_the_pass_does_not_take_is_refused_as_before(
    member: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _doc()
    if member == "unknown":
        doc["remarks"] = "x"
    elif member == "sales_list_null":
        doc["sales_list"] = None
    data = _bytes(doc) if member != "not_an_object" else b"[" + _bytes(doc) + b"]"
    assert not _taken(data)
    _same(data, monkeypatch)
