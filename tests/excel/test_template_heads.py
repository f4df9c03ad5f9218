"""Issue 12: Part 5's head of account in the Excel template offers the rate pack's heads as a
drop-down (free text allowed), and what is typed there comes back exactly."""

from __future__ import annotations

import re
from pathlib import Path

from excel_helpers import cleared, example
from openpyxl import load_workbook

from app.export.excel_import import import_file
from app.export.excel_template import HEADS_TITLE, write_workbook
from app.model.periods import Period
from app.ratepacks import pack_for_period


def test_head_of_account_drop_down_lists_the_packs_heads(tmp_path: Path) -> None:
    ret = example("original")
    path = tmp_path / "o.xlsx"
    write_workbook(path, ret)
    wb = load_workbook(path)
    (dv,) = [
        d for d in wb["Part 5"].data_validations.dataValidation if str(d.sqref) == "D2:D1048576"
    ]
    assert dv.type == "list" and dv.errorStyle == "information"  # other text is kept
    first, last = (int(n) for n in re.findall(r"\$A\$(\d+)", dv.formula1))
    assert dv.formula1.startswith("'Instructions'!")
    ins = wb["Instructions"]
    assert ins.cell(first - 1, 1).value == HEADS_TITLE
    offered = [ins.cell(r, 1).value for r in range(first, last + 1)]
    pack = pack_for_period(Period.parse(ret.header.period))
    assert pack is not None
    assert offered == [h.text for h in pack.heads] and len(offered) == 11
    assert (
        "0040-00-102-89-00-00-00-N-V (e) Social Security Cess on petrol and diesel, s.6(2A)(i)"
        in offered
    )


def test_a_head_typed_in_the_template_comes_back_as_typed(tmp_path: Path) -> None:
    ret = example("original")
    ret.part5[
        0
    ].head_of_account = "0040-00-102-90-00-00-00-N-V (f) Social Security Cess on IMFL, s.6(2A)(ii)"
    path = tmp_path / "o.xlsx"
    write_workbook(path, ret)
    result = import_file(path)
    assert result.errors == []
    back = result.apply_to(cleared(example("original")))
    assert back.part5[0].head_of_account == ret.part5[0].head_of_account


def test_no_heads_no_drop_down(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_workbook(path, heads=[])
    wb = load_workbook(path)
    assert not [d for d in wb["Part 5"].data_validations.dataValidation if "D2" in str(d.sqref)]
    assert HEADS_TITLE not in [c.value for c in wb["Instructions"]["A"]]
