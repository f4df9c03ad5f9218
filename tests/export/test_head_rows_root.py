"""The head writer's proof (schema_rows.rows_implied) and the check it stands in for, where the
document's own object speaks of a table (found by the review of issue 13's sixth pass).

1. The document's own object constrains a table through any root `patternProperties` whose
   pattern matches the table's key, not only through `properties` and `if`/`then`.  `_elsewhere`
   let the root's patternProperties through unread: rows_implied said True for a schema whose
   rows it does not imply.
2. `check()` replaces a head table whose rows all pass the row predicate by `[]` before the
   whole-schema check: the predicate of a complete file's rows now holds the keys the root's
   `then` asks of them (a Part 1(a) row without a computed column passed before)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import msgspec
from export_samples import example

from app.export.head_rows import written_table
from app.export.schema import check, schema_for
from app.export.schema_rows import rows_implied
from app.export.upload_json import dumps
from app.export.upload_write import layout_for
from app.model.compute import compute


def _stricter(s: dict[str, Any]) -> dict[str, Any]:
    s = copy.deepcopy(s)
    # at most one row of Part 1(a) (a new dict: generate() shares its note with the rows')
    s["patternProperties"] = {**s["patternProperties"], "^part1a$": {"maxItems": 1}}
    return s


def test_a_limit_on_the_table_in_the_roots_pattern_properties_is_not_implied() -> None:
    ret = example("original")
    layout = layout_for(ret)
    got = written_table(layout.tables["part1a"], ret.part1a, compute(ret))
    assert got is not None and len(ret.part1a) > 1
    assert not rows_implied(_stricter(schema_for(layout.catalogue)), "part1a", dict(got.written))


def test_a_complete_files_head_row_without_a_computed_column_is_a_schema_error() -> None:
    ret = example("original")
    doc = msgspec.json.Decoder(float_hook=Decimal).decode(dumps(ret, compute(ret)).encode())
    assert "checksum" in doc
    doc["part1a"] = [dict(r) for r in doc["part1a"]]
    del doc["part1a"][0]["tax_due"]  # the root's then: every row of a complete file has it
    found = [(f.location, f.message) for f in check(doc)]
    assert ("part1a[0]", "'tax_due' is a required property") in found, found
