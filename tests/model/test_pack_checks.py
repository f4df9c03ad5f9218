"""Issue 12: each check against the rate pack and the form's instructions fires on a hand-made
return, names the row, what was typed and what the pack says — and gives exactly the findings of
tests/examples_warnings.py on the shipped examples (never a false one)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as Dec
from pathlib import Path

import pytest
from examples_warnings import EXPECTED, NEW_CODES
from spec_examples import SHARED_EXAMPLES

from app.cli import main
from app.commands.engine import findings_for
from app.export.upload_json import dumps
from app.model import filing
from app.model.compute import compute
from app.model.findings import Finding
from app.model.form9 import (
    ActAmounts,
    Cess,
    Declaration,
    FiledReturnFacts,
    Form9Return,
    Header,
    Inputs,
    Part1aRow,
    Part5Row,
)
from app.model.periods import Period
from app.model.validation import validate
from app.model.validation_pack import says_form_c
from app.ratepacks import pack_for_period

ROOT = Path(__file__).resolve().parents[2]
_PACK = pack_for_period(Period(2025, 6))
assert _PACK is not None
PACK = _PACK
ON = dt.date(2025, 7, 15)  # due date of June 2025 for a dealer who is not "large": the 15th


def head(act: str, group: str, cess: str = "") -> str:
    h = PACK.head(act, group, cess)
    assert h is not None
    return h.text


def pump() -> Form9Return:
    """A petrol pump's June 2025 return, filed on the due date, paid under the right heads.

    Part 1(a): petrol 1,00,000 × 30.08 % = 30,080.00; HSD 50,000 × 22.76 % = 11,380.00;
    (a)(i) = (a)(iv) = 41,460.00.  Cesses: AST (c) ₹1 × 1,500 litres = 1,500.00; SSC on petrol
    and diesel (e) ₹2 × 1,500 litres = 3,000.00.  No delay, no interest: KGST payable 45,960.00.
    """
    header = Header(
        date_of_filing=ON, period="2025-06", kgst_no="KGST/TVM/77", tin="32987654321",
        tps_division="Thiruvananthapuram", tps_circle="Special Circle", name="Anjali Fuels",
        address="TC 12/9, Pattom, Thiruvananthapuram", constitution="Proprietorship",
        nature_of_business="Petroleum Pump",
    )  # fmt: skip
    return Form9Return(
        header=header,
        inputs=Inputs(cess=Cess(c=Dec("1500.00"), e=Dec("3000.00")), large_dealer=False),
        part1a=[
            Part1aRow(
                1,
                "KGST",
                "Sale",
                "Petrol (Motor Spirit)",
                "KGST Schedule, Sl. No. 1(iv)",
                Dec("30.08"),
                "first",
                Dec("100000.00"),
                Dec("0.00"),
                Dec("30080.00"),
            ),
            Part1aRow(
                2,
                "KGST",
                "Sale",
                "High Speed Diesel",
                "KGST Schedule, Sl. No. 1(ii)",
                Dec("22.76"),
                "first",
                Dec("50000.00"),
                Dec("0.00"),
                Dec("11380.00"),
            ),
        ],
        part5=[
            Part5Row("CIN-1", ON, "KGST", head("KGST", "tax"), Dec("41460.00")),
            Part5Row("CIN-2", ON, "KGST", head("KGST", "cess", "c"), Dec("1500.00")),
            Part5Row("CIN-3", ON, "KGST", head("KGST", "cess", "e"), Dec("3000.00")),
        ],
        declaration=Declaration("Anjali Nair", "Sri. Gopalan Nair", "Proprietor", "Pattom", ON),
    )


def findings(ret: Form9Return) -> list[Finding]:
    return validate(ret, compute(ret), PACK)


def found(ret: Form9Return) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in findings(ret)}


def message(ret: Form9Return, code: str) -> str:
    (only,) = [f.message for f in findings(ret) if f.code == code]
    return only


def test_the_hand_made_return_is_clean() -> None:
    ret = pump()
    c = compute(ret)
    assert (c.part3.a_i, c.part3a.total_for("KGST")) == (Dec("41460.00"), Dec("45960.00"))
    assert findings(ret) == []


# ---- W-RATE-PACK ---------------------------------------------------------------------------


def test_rate_pack_catches_the_kgst_to_kvat_slip() -> None:
    ret = pump()
    ret.part1a[0].act = "KVAT"  # "K" then Enter in the Act drop-down
    assert ("W-RATE-PACK", "part1a[0].act") in found(ret)
    text = message(ret, "W-RATE-PACK")
    assert "typed under KVAT" in text and "under KGST and CST only" in text and "30.08%" in text


def test_rate_pack_names_the_rate_typed_and_the_packs() -> None:
    ret = pump()
    ret.part1a[1].rate = Dec("22.7")
    ret.part1a[1].tax_collected = Dec("11350.00")
    assert found(ret) == {("W-RATE-PACK", "part1a[1].rate")}
    assert message(ret, "W-RATE-PACK") == (
        "row 2: High Speed Diesel under KGST at 22.7%, but the rate pack 2024-08-01 gives "
        "22.76% (KGST Schedule, Sl. No. 1(ii))"
    )


def test_rate_pack_knows_aliases_and_flags_unknown_goods() -> None:
    ret = pump()
    ret.part1a[1].goods = "HSD"  # an alias of High Speed Diesel
    assert found(ret) == set()
    ret.part1a[1].goods = "Kerosene"
    assert found(ret) == {("W-RATE-PACK", "part1a[1].goods")}
    assert "'Kerosene' are not in the rate pack" in message(ret, "W-RATE-PACK")


# ---- W-CST-RATE ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "form_c"),
    [
        ("Interstate sale against Form C", True),
        ("Inter-State sale (C form)", True),
        ("sale against form-C", True),
        ("Interstate sale without Form C", False),
        ("Interstate sale, no C form", False),
        ("Interstate sale", False),
        ("Stock transfer (Form F)", False),
    ],
)
def test_what_says_form_c(nature: str, form_c: bool) -> None:
    assert says_form_c(nature) is form_c


def test_cst_rate_above_section_8_1_against_form_c() -> None:
    ret = pump()
    sale = Part1aRow(3, "CST", "Interstate sale against Form C", "Natural Gas (R-LNG)",
                     "CST Act s.8(1)", Dec("5"), "first", Dec("10000.00"), Dec("0"), Dec("500.00"))  # fmt: skip
    ret.part1a.append(sale)
    ret.part5.append(Part5Row("CIN-4", ON, "CST", head("CST", "tax"), Dec("500.00")))
    # The more precise finding only: no W-RATE-PACK on the same rate.
    assert found(ret) == {("W-CST-RATE", "part1a[2].rate")}
    assert "CST Act s.8(1) allows 2%" in message(ret, "W-CST-RATE") and "5%" in message(
        ret, "W-CST-RATE"
    )
    sale.nature = "Interstate sale without Form C"  # s.8(2): the State rate, 5 %
    assert found(ret) == set()
    sale.nature, sale.rate, sale.tax_collected = (
        "Interstate sale against Form C",
        Dec("2"),
        Dec("200"),
    )
    ret.part5[-1].amount = Dec("200.00")
    assert found(ret) == set()


# ---- W-DUE-DATE ----------------------------------------------------------------------------


def test_due_date_differs_from_the_rule() -> None:
    ret = pump()
    ret.inputs.due_date = dt.date(2025, 7, 15)  # what the rule says: no warning
    assert found(ret) == set()
    ret.inputs.due_date = dt.date(2025, 7, 10)
    ret.header.date_of_filing = dt.date(2025, 7, 10)
    assert found(ret) == {("W-DUE-DATE", "inputs.due_date")}
    text = message(ret, "W-DUE-DATE")
    assert "10-07-2025 differs from the rule's 15-07-2025" in text
    assert "the 10th applies when 'large dealer' is set" in text
    ret.inputs.large_dealer = True
    assert found(ret) == set()


# ---- W-COMPOUNDED-BOTH --------------------------------------------------------------------


def test_compounded_tax_beside_tax_due() -> None:
    ret = pump()
    ret.part1a[0].compounded_tax = Dec("1000.00")
    ret.part5[0].amount = Dec("42460.00")
    assert found(ret) == {("W-COMPOUNDED-BOTH", "part1a[0].compounded_tax")}
    assert "tax due ₹30,080.00 (col 12) and compounded tax ₹1,000.00 (col 13)" in message(
        ret, "W-COMPOUNDED-BOTH"
    )


# ---- W-SIGNATORY ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("constitution", "status", "fits"),
    [
        ("Proprietorship", "Proprietor", True),
        ("Proprietorship", "Director", False),
        ("Proprietorship", "Authorised signatory (Form No. II)", True),
        ("Partnership", "Managing Partner", True),
        ("Partnership", "Proprietor", False),
        ("Company", "Managing Director", True),
        ("Company", "Managing Partner", False),
        ("Society", "Secretary", True),
        ("Society", "President", True),
        ("Society", "Treasurer", False),
        ("Other", "Karta", True),  # instruction 9 does not say: no warning
    ],
)
def test_signatory_fits_the_constitution(constitution: str, status: str, fits: bool) -> None:
    ret = pump()
    ret.header.constitution, ret.declaration.signatory_status = constitution, status
    got = ("W-SIGNATORY", "declaration.signatory_status") in found(ret)
    assert got is not fits


def test_signatory_message_names_instruction_9() -> None:
    ret = pump()
    ret.declaration.signatory_status = "Director"
    assert message(ret, "W-SIGNATORY") == (
        "status 'Director' does not fit a Proprietorship: instruction 9 asks for the proprietor "
        "to sign, or a person authorised in Form No. II"
    )


# ---- W-HEAD-UNKNOWN and E-UNPAID per group ------------------------------------------------


def test_unknown_head_and_other_acts_head() -> None:
    ret = pump()
    ret.part5[0].head_of_account = "0040-00-102-99"
    ret.part5[1].head_of_account = " "
    ret.part5[2].head_of_account = "0040-00-102-89"  # the short form of the SSC head: known
    ret.part5.append(Part5Row("CIN-4", ON, "CST", head("KGST", "tax"), Dec("0.00")))
    assert found(ret) == {
        ("W-HEAD-UNKNOWN", "part5[0].head_of_account"),
        ("W-HEAD-UNKNOWN", "part5[1].head_of_account"),
        ("W-HEAD-UNKNOWN", "part5[3].head_of_account"),
    }
    texts = [f.message for f in findings(ret)]
    assert "'0040-00-102-99' is not a KGST head of account in the rate pack" in texts[0]
    assert "no head of account is given" in texts[1]
    assert "'KGST tax' is a KGST head, not a CST one" in texts[2]


def test_unpaid_per_group_names_the_group_that_is_short() -> None:
    ret = pump()
    # Everything paid, but the cesses under the tax head: the act's total is right.
    ret.part5 = [Part5Row("CIN-1", ON, "KGST", head("KGST", "tax"), Dec("45960.00"))]
    assert found(ret) == {("E-UNPAID", "part5.head_of_account")}
    assert message(ret, "E-UNPAID").startswith(
        "KGST cess (b)–(f): paid ₹0.00 under its heads but ₹4,500.00 is due (Part 3(A) total); "
        "shortfall ₹4,500.00 — pay it under (b) Surcharge, (c) AST s.5D (KIIFB),"
    )
    # A head the pack does not know: the split cannot be told, only W-HEAD-UNKNOWN.
    ret.part5[0].head_of_account = "0040-00-102-99"
    assert found(ret) == {("W-HEAD-UNKNOWN", "part5[0].head_of_account")}
    # Short in total: the per-act E-UNPAID, as before (not a second one per group).
    ret.part5[0].head_of_account = head("KGST", "tax")
    ret.part5[0].amount = Dec("40000.00")
    (unpaid,) = [f for f in findings(ret) if f.code == "E-UNPAID"]
    assert unpaid.field is None and "shortfall ₹5,960.00" in unpaid.message


def test_marking_filed_keeps_the_per_group_shortfall() -> None:
    ret = pump()
    ret.part5 = [Part5Row("CIN-1", ON, "KGST", head("KGST", "tax"), Dec("45960.00"))]
    c = compute(ret)
    result = filing.filing_findings(
        ret, c, ack_no="ACK", filed_on=ON, today=ON, validation=validate(ret, c, PACK), sequence={}
    )
    assert [(f.code, f.field) for f in filing.blocking(result)] == [("E-UNPAID", "head_of_account")]


# ---- W-FIFTH-SCHEDULE and the first-and-last point of sale ---------------------------------


def ksbc() -> Form9Return:
    """A KSBC shop: IMFL above ₹400 a case, 10,000 × 251 % = 25,100.00 at the one deemed
    first-and-last sale; paid under the KGST tax head."""
    ret = pump()
    ret.header.nature_of_business = "KSBC"
    ret.inputs.cess = Cess()
    ret.part1a = [
        Part1aRow(1, "KGST", "Sale", "Indian Made Foreign Liquor", "KGST Schedule, Sl. No. 2(v)(a)",
                  Dec("251"), "first and last", Dec("10000.00"), Dec("0"), Dec("25100.00")),
    ]  # fmt: skip
    ret.part5 = [Part5Row("CIN-1", ON, "KGST", head("KGST", "tax"), Dec("25100.00"))]
    return ret


def test_first_and_last_sale_is_enterable_and_subsequent_is_a_warning() -> None:
    ret = ksbc()
    assert findings(ret) == []
    ret.part1a[0].point_of_sale = "subsequent"
    (f,) = findings(ret)
    assert (f.code, f.severity, f.location) == (
        "W-FIFTH-SCHEDULE", "warning", "part1a[0].point_of_sale")  # fmt: skip
    assert "KSBC's sale and at the first sale (KGST s.5(1)(b))" in f.message
    ret.part1a[0].point_of_sale = "middle"
    assert ("E-POINT-OF-SALE", "part1a[0].point_of_sale") in found(ret)


def test_first_and_last_round_trips_through_the_upload_json() -> None:
    from app.export.upload_json import loads

    ret = ksbc()
    back = loads(dumps(ret, compute(ret)))
    assert back.part1a[0].point_of_sale == "first and last"


# ---- Revisions: W-CF-BEFORE-NEXT, W-REV-CF-INTEREST, W-REV-LATE ----------------------------


def revision(on: dt.date, carried: str = "2000.00") -> Form9Return:
    """June 2025 revised: the original paid 43,460.00 in advance (a_v = 2,000.00 excess); the
    revision raises petrol to 1,10,000 → 33,088.00, a_i = 44,468.00.  With 2,000.00 of the excess
    carried into July's return, R's credit = 43,460 − 2,000 = 41,460.00 and a_iii goes 0 → 3,008.00
    (effect 3,008.00).  Filed 20-08-2025: 36 days from 15-07-2025; interest
    3,008 × 12 / 100 × 36 / 365 = 35.6015… → 35.60; payable 3,043.60."""
    original = pump()
    original.inputs.advance = ActAmounts(kgst=Dec("43460.00"))
    original.part5 = original.part5[1:]
    filed_p3 = compute(original).part3.as_dict()
    assert filed_p3["a_v"] == Dec("2000.00")
    rev = pump()
    rev.header.return_type, rev.header.revision_no, rev.header.date_of_filing = "revision", 1, on
    rev.declaration.date = on
    rev.inputs.advance = ActAmounts(kgst=Dec("43460.00"))
    rev.inputs.cess = Cess()  # the cesses were paid with the original
    rev.part1a[0].total_turnover, rev.part1a[0].tax_collected = Dec("110000.00"), Dec("33088.00")
    rev.filed = FiledReturnFacts(filed_p3, ON, "ACK-JUN", ActAmounts(kgst=Dec(carried)))
    rev.part5 = [Part5Row("CIN-9", on, "KGST", head("KGST", "tax"), Dec("3043.60"))]
    return rev


def test_revision_interest_on_an_excess_carried_forward() -> None:
    rev = revision(dt.date(2025, 8, 20))
    c = compute(rev)
    assert c.part4 is not None
    line = c.part4.rows["a_iii"]
    assert (line.effect, line.delay_days, line.interest, c.part4.payable) == (
        Dec("3008.00"), 36, Dec("35.60"), Dec("3043.60"))  # fmt: skip
    assert found(rev) == {("W-REV-CF-INTEREST", "part4.a_iii.interest")}
    text = message(rev, "W-REV-CF-INTEREST")
    assert "₹2,000.00 of the filed excess was carried into a later return" in text
    assert (
        "₹35.60 interest on the increase of ₹3,008.00 from the original due date 15-07-2025" in text
    )
    assert "up to ₹2,000.00 of it only replaces credit used in that later return" in text
    # Nothing carried forward: the increase is the dealer's own, no warning.
    assert found(revision(dt.date(2025, 8, 20), carried="0")) == set()


def test_a_revision_pays_its_cess_increase_under_the_cess_head() -> None:
    rev = revision(dt.date(2025, 8, 20))
    rev.inputs.cess = Cess(c=Dec("1500.00"), e=Dec("4000.00"))  # SSC (e) 3,000 → 4,000
    c = compute(rev)
    assert c.part4 is not None
    # Row (e): effect 1,000.00; interest 1,000 × 12 / 100 × 36 / 365 = 11.835… → 11.84.
    assert (c.part4.rows["e"].effect, c.part4.rows["e"].interest) == (Dec("1000.00"), Dec("11.84"))
    rev.part5[0].amount = Dec("4055.44")  # 3,043.60 + 1,011.84, all under the tax head
    (short,) = [f for f in findings(rev) if f.code == "E-UNPAID"]
    assert short.field == "head_of_account"
    assert short.message.startswith(
        "KGST cess (b)–(f): paid ₹0.00 under its heads but ₹1,011.84 is due (Part 4 payable)"
    )
    rev.part5[0].amount = Dec("3043.60")
    rev.part5.append(Part5Row("CIN-10", rev.header.date_of_filing, "KGST",
                              head("KGST", "cess", "e"), Dec("1011.84")))  # fmt: skip
    assert not [f for f in findings(rev) if f.code == "E-UNPAID"]


def test_carried_into_a_return_that_cannot_exist_yet() -> None:
    rev = revision(dt.date(2025, 7, 30))  # July's return can be filed from 31-07-2025 only
    assert ("W-CF-BEFORE-NEXT", "part4.carried_forward.kgst") in found(rev)
    assert "July 2025, but that period ends on 31-07-2025, after this revision's date of filing " \
        "30-07-2025" in message(rev, "W-CF-BEFORE-NEXT")  # fmt: skip
    assert ("W-CF-BEFORE-NEXT", "part4.carried_forward.kgst") not in found(
        revision(dt.date(2025, 7, 31))
    )


@pytest.mark.parametrize(
    ("period", "last_day_in_time"),
    [
        ("2025-02", dt.date(2025, 4, 30)),  # not 28 April
        ("2024-02", dt.date(2024, 4, 30)),  # leap February
        ("2025-06", dt.date(2025, 8, 31)),  # not 30 August
        ("2024-11", dt.date(2025, 1, 31)),  # not 30 January
        ("2024-12", dt.date(2025, 2, 28)),
        ("2027-12", dt.date(2028, 2, 29)),  # into a leap February
        ("2024-25", dt.date(2025, 5, 31)),  # an annual return: 31 March + two months
    ],
)
def test_rectification_window_ends_on_the_last_day_of_the_second_month(
    period: str, last_day_in_time: dt.date
) -> None:
    from app.model.periods import rectification_deadline

    p = Period.parse(period) if period != "2024-02" else Period(2024, 2)
    assert rectification_deadline(p) == last_day_in_time
    if period == "2024-02":
        return  # before FORM No. 9: no return to validate
    rev = pump()
    rev.header.period, rev.header.return_type, rev.header.revision_no = period, "revision", 1
    rev.filed = FiledReturnFacts(compute(rev).part3.as_dict(), None, "ACK")
    for on, late in ((last_day_in_time - dt.timedelta(days=1), False), (last_day_in_time, False),
                     (last_day_in_time + dt.timedelta(days=1), True)):  # fmt: skip
        rev.header.date_of_filing = on
        assert (("W-REV-LATE", "header.date_of_filing") in found(rev)) is late, on


def test_a_february_revision_filed_on_29_april_is_in_time() -> None:
    rev = pump()
    rev.header.period, rev.header.return_type, rev.header.revision_no = "2025-02", "revision", 1
    rev.header.date_of_filing = dt.date(2025, 4, 29)
    rev.filed = FiledReturnFacts(compute(rev).part3.as_dict(), None, "ACK")
    assert not [f for f in findings(rev) if f.code == "W-REV-LATE"]


# ---- The contract: `form9 validate --json` gives each code with its location ----------------


def test_validate_json_lists_each_new_code_with_part_row_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ret = pump()
    ret.part1a[0].act = "KVAT"
    ret.part1a[1].compounded_tax = Dec("10.00")
    ret.inputs.due_date = dt.date(2025, 7, 20)
    ret.declaration.signatory_status = "Director"
    ret.part5[0].head_of_account = "0040-00-102-99"
    path = tmp_path / "hand-made.json"
    path.write_text(dumps(ret, compute(ret)), encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 1  # KVAT now unpaid: E-UNPAID
    got = {
        (f["code"], f["part"], f["row"], f["field"])
        for f in json.loads(capsys.readouterr().out)["findings"]
    }
    assert {
        ("W-RATE-PACK", "part1a", 0, "act"),
        ("W-COMPOUNDED-BOTH", "part1a", 1, "compounded_tax"),
        ("W-DUE-DATE", "inputs", None, "due_date"),
        ("W-SIGNATORY", "declaration", None, "signatory_status"),
        ("W-HEAD-UNKNOWN", "part5", 0, "head_of_account"),
        ("E-UNPAID", "part5", None, None),
    } <= got


# ---- The shipped examples -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_examples_give_exactly_the_explained_findings(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through `form9 validate --json`: each finding with its part, row and field."""
    main(["validate", "--json", str(ROOT / name)])
    got = set()
    for f in json.loads(capsys.readouterr().out)["findings"]:
        if f["code"] in NEW_CODES or f["field"] == "head_of_account":
            rebuilt = f["part"] + (f"[{f['row']}]" if f["row"] is not None else "")
            rebuilt += f".{f['field']}" if f["field"] else ""
            assert rebuilt == f["location"]
            got.add((f["code"], f["location"]))
    assert got == EXPECTED[name]
    assert got == {
        (f.code, f.location)
        for f in findings_for(ROOT / name)
        if f.code in NEW_CODES or f.field == "head_of_account"
    }


def test_every_shipped_example_is_in_the_table() -> None:
    shipped = [
        *(ROOT / "tests" / "golden").rglob("*.in.json"),
        *(ROOT / "resources" / "samples").glob("return-*.json"),
    ]
    assert {p.relative_to(ROOT).as_posix() for p in shipped} == set(EXPECTED)
    if SHARED_EXAMPLES.is_dir():  # the specification's own copies: the same bytes
        for p in SHARED_EXAMPLES.glob("*.in.json"):
            assert p.read_bytes() == (ROOT / "tests" / "golden" / "spec" / p.name).read_bytes()
