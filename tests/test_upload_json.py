"""Upload JSON v1: the spec's worked examples are reproduced byte for byte; reading is strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_examples import EXAMPLES, SHARED_EXAMPLES

from app.export.upload_json import InputError, dumps, loads, stated_checksum_ok
from app.model.compute import compute

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", ["original", "revision", "annual"])
def test_spec_examples_byte_identical(name: str) -> None:
    ret = loads((EXAMPLES / f"{name}.in.json").read_text(encoding="utf-8"))
    assert dumps(ret, compute(ret)) == (EXAMPLES / f"{name}.out.json").read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="no ../shared beside this clone")
def test_copies_of_the_spec_examples_are_current() -> None:
    for path in SHARED_EXAMPLES.glob("*.json"):
        assert (EXAMPLES / path.name).read_bytes() == path.read_bytes(), path.name


def test_round_trip_file_to_model_to_file_is_identical() -> None:
    for path in GOLDEN.rglob("*.out.json"):
        text = path.read_text(encoding="utf-8")
        ret = loads(text)
        assert dumps(ret, compute(ret)) == text, path.name


def test_checksum_detects_a_hand_edit() -> None:
    text = (EXAMPLES / "original.out.json").read_text(encoding="utf-8")
    assert stated_checksum_ok(text) is True
    edited = text.replace('"amount": 47669866.80', '"amount": 47669866.81')
    assert edited != text and stated_checksum_ok(edited) is False


def test_malayalam_names_survive_unescaped() -> None:
    ret = loads((GOLDEN / "nil-return.in.json").read_text(encoding="utf-8"))
    ret.header.name = "പെരിയാർ ബാർ"
    text = dumps(ret, compute(ret))
    assert '"name": "പെരിയാർ ബാർ"' in text
    assert loads(text).header.name == "പെരിയാർ ബാർ"
    assert stated_checksum_ok(text) is True


def test_itc_accepts_true_false_and_yes_no() -> None:
    base = (GOLDEN / "kvat-itc-excess.in.json").read_text(encoding="utf-8")
    as_bool = base.replace('"itc_eligible": "yes"', '"itc_eligible": true')
    assert loads(as_bool).part2[0].itc_eligible is True
    with pytest.raises(InputError, match=r"part2\[0\].itc_eligible"):
        loads(base.replace('"itc_eligible": "yes"', '"itc_eligible": "maybe"'))
