"""Every field of the form catalogue survives the upload JSON and the Excel template (issue 11):
a return with a value of its own in every field of every table and section, of the first version
and of a made-up amendment, comes back equal, field by field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.export.excel_import import import_file
from app.export.excel_template import write_workbook
from app.export.json_layout import get, layout_of, put
from app.export.upload_json import dumps, loads
from app.model.catalogue import Catalogue, Field
from app.model.compute import compute
from app.model.form9 import ROW_TYPES, Form9Return, Header

TEST_FORMS = Path(__file__).resolve().parents[1] / "forms"


def value_for(f: Field, n: int) -> Any:
    """A value of the field's kind, different for each field and row, never the blank one."""
    seed = sum(map(ord, f.id)) % 97 + n
    if f.kind in ("money", "quantity"):
        return Decimal(f"{1000 + seed}.{seed % 100:02d}")
    if f.kind == "signed_money":
        return Decimal(f"-{100 + seed}.25")
    if f.kind == "rate":
        return Decimal(f"{seed % 30}.5")
    if f.kind in ("count", "serial"):
        return 1 + seed % 9
    if f.kind == "date":
        return date(2025, 10, 1 + seed % 28)
    if f.kind == "yes_no":
        return True
    if f.kind == "choice":
        if f.id == "type":
            return "Sales Return"  # negative amounts are allowed on it
        return f.choices[1 + n % (len(f.choices) - 1)] if len(f.choices) > 1 else f"C{seed}"
    if f.kind == "upper":
        return f"32{seed:09d}"
    return f"{f.id} {seed} ക"


def full_return(cat: Catalogue, period: str) -> Form9Return:
    layout = layout_of(cat)
    ret = Form9Return(header=Header(period=period))
    for name, section in layout.sections.items():
        target = getattr(ret, name)
        for f in section.fields:
            if f.id != "period":
                put(target, f, value_for(f, 0))
        for e in section.entries:
            if e.table is not None:
                setattr(target, e.key, list(rows_of(e.table.table.id, e.table.inputs)))
    for key, t in layout.tables.items():
        setattr(ret, key, list(rows_of(key, t.inputs)))
    return ret


def rows_of(table: str, inputs: tuple[Field, ...]) -> Iterator[Any]:
    for n in range(2):
        row = ROW_TYPES[table]()
        for f in inputs:
            put(row, f, value_for(f, n))
        yield row


@pytest.fixture(params=["2024-08", "2099-04"])
def version(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from app import forms

    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(TEST_FORMS))
    forms._catalogues_in.cache_clear()
    yield forms.catalogue_version(request.param)
    forms._catalogues_in.cache_clear()


def test_every_field_through_the_upload_json(version: Catalogue) -> None:
    period = "2025-10" if version.version == "2024-08" else "2099-04"
    ret = full_return(version, period)
    back = loads(dumps(ret, compute(ret)))
    layout = layout_of(version)
    for name, section in layout.sections.items():
        for f in section.fields:
            assert get(getattr(back, name), f) == get(getattr(ret, name), f), (name, f.id)
    for key, t in layout.tables.items():
        for i, (a, b) in enumerate(zip(getattr(ret, key), getattr(back, key), strict=True)):
            for f in t.inputs:
                assert get(b, f) == get(a, f), (key, i, f.id)
    assert back == ret


def test_every_field_through_the_excel_template(version: Catalogue, tmp_path: Path) -> None:
    period = "2025-10" if version.version == "2024-08" else "2099-04"
    ret = full_return(version, period)
    book = tmp_path / "all.xlsx"
    write_workbook(book, ret, heads=())
    result = import_file(book, period=period)
    assert result.ok, [str(e) for e in result.errors[:5]]
    back = result.apply_to(Form9Return(header=ret.header))
    for spec in result.specs:
        assert getattr(back, spec.key) == getattr(ret, spec.key), spec.key
        for row in getattr(back, spec.key):
            for col in spec.inputs:
                assert get(row, _field(version, spec.key, col.field)) is not None
    assert {s.key for s in result.specs} == {
        t.id for t in version.tables.values() if not t.excel_omit
    }


def _field(cat: Catalogue, table: str, fid: str) -> Field:
    return cat.table(table).field(fid)
