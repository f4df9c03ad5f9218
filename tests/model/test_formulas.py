"""Every formula of Part 1, 2, 3, 3(A) and 4 against hand-worked figures (comments show the work)."""

from decimal import Decimal as Dec

from app.model.compute import compute, payable_per_act
from app.model.form9 import (
    ActAmounts,
    FiledReturnFacts,
    Form9Return,
    Header,
    Inputs,
    Part1aRow,
    Part2Row,
)
from app.model.part1 import part1a_figures, part2_total
from app.model.part3 import compute_part3
from app.model.part4 import column_values


def row(
    act: str, rate: str, total: str, exempt: str = "0", collected: str = "0", comp: str = "0"
) -> Part1aRow:
    return Part1aRow(
        act=act, rate=Dec(rate), total_turnover=Dec(total), exempt_turnover=Dec(exempt),
        tax_collected=Dec(collected), compounded_tax=Dec(comp), goods="Goods",
    )  # fmt: skip


def test_part1_columns_10_12_14() -> None:
    # col 10 = 1,355,966.29 − 900,215.77 = 455,750.52; col 12 = 455,750.52 × 22.76% = 103,728.8184 → 103,728.82
    # col 14 = max(103,728.82, 103,728.82 + 10,045.14) = 113,773.96
    f = part1a_figures(row("KGST", "22.76", "1355966.29", "900215.77", "103728.82", "10045.14"))
    assert (f.taxable_turnover, f.tax_due, f.total_tax_payable) == (
        Dec("455750.52"), Dec("103728.82"), Dec("113773.96"))  # fmt: skip


def test_part1_col14_takes_tax_collected_when_higher() -> None:
    # col 12 = 1,000 × 5% = 50.00; col 14 = max(60.00, 50.00 + 0) = 60.00
    assert part1a_figures(row("KVAT", "5", "1000", collected="60")).total_tax_payable == Dec(
        "60.00"
    )


def test_part2_col10() -> None:
    # 2,902,265.74 + 873,000.44 + 1,943.14 = 3,777,209.32
    r = Part2Row(
        purchase_value=Dec("2902265.74"), tax_paid=Dec("873000.44"), cess_paid=Dec("1943.14")
    )
    assert part2_total(r) == Dec("3777209.32")


def _p3(kgst: str = "0", kvat: str = "0", cst: str = "0", itc: str = "0", **inputs: ActAmounts):
    col14 = {"KGST": Dec(kgst), "KVAT": Dec(kvat), "CST": Dec(cst)}
    return compute_part3(col14, Dec(itc), Inputs(**inputs))  # type: ignore[arg-type]


def test_part3_kgst_a_iv_uses_plus_interpretation() -> None:
    # (i) 10,000; (ii) 3,000; (iii) 2,000 → (iv) = 10,000 − (3,000 + 2,000) = 5,000 (the form's misprint
    # "(i) − ((ii) − (iii))" would give 11,000)
    p = _p3(
        kgst="10000",
        advance=ActAmounts(kgst=Dec("3000")),
        brought_forward=ActAmounts(kgst=Dec("2000")),
    )
    assert (p.a_iv, p.a_v) == (Dec("5000"), Dec("0"))


def test_part3_kgst_excess() -> None:
    # (v) = 3,000 + 9,000 − 10,000 = 2,000
    p = _p3(
        kgst="10000",
        advance=ActAmounts(kgst=Dec("3000")),
        brought_forward=ActAmounts(kgst=Dec("9000")),
    )
    assert (p.a_iv, p.a_v) == (Dec("0"), Dec("2000"))


def test_part3_kvat_and_cst_chain() -> None:
    # g: (i) 14,500 (ii) 4,000 (iii) 11,600 (v) 900 → (iv) 0, (vi) 0, (vii) 4,000 + 11,600 + 900 − 14,500 = 2,000
    # h: (i) 5,000 (ii) 1,000 (iii) 500 → (iv) 3,500; (vi) = min(3,500, 2,000) = 2,000; (vii) 1,500
    # g (viii) = 2,000; (ix) = 0
    p = _p3(
        kvat="14500", cst="5000", itc="11600",
        advance=ActAmounts(kvat=Dec("900"), cst=Dec("1000")),
        brought_forward=ActAmounts(kvat=Dec("4000"), cst=Dec("500")),
    )  # fmt: skip
    assert (p.g_iv, p.g_vi, p.g_vii) == (Dec(0), Dec(0), Dec("2000"))
    assert (p.h_iv, p.h_v, p.h_vi, p.h_vii) == (Dec("3500"), Dec(0), Dec("2000"), Dec("1500"))
    assert (p.g_viii, p.g_ix) == (Dec("2000"), Dec(0))


def test_part3_kvat_payable_after_advance() -> None:
    # g: (i) 20,000 (ii) 1,000 (iii) 4,000 → (iv) 15,000; (v) 5,000 → (vi) 10,000; (vii) 0
    p = _p3(kvat="20000", itc="4000", advance=ActAmounts(kvat=Dec("5000")),
            brought_forward=ActAmounts(kvat=Dec("1000")))  # fmt: skip
    assert (p.g_iv, p.g_vi, p.g_vii, p.g_ix) == (Dec("15000"), Dec("10000"), Dec(0), Dec(0))


def test_itc_only_kvat_rows_marked_yes() -> None:
    ret = Form9Return(
        header=Header(period="2024-09"),
        part2=[
            Part2Row(act="KVAT", tax_paid=Dec("100"), itc_eligible=True),
            Part2Row(act="KVAT", tax_paid=Dec("50"), itc_eligible=False),
            Part2Row(act="CST", tax_paid=Dec("70"), itc_eligible=True),
        ],
    )
    assert compute(ret).part3.g_iii == Dec("100")


def test_part3a_interest_and_totals() -> None:
    # due 15-09-2024 (not a large dealer), filed 20-09-2024: 5 days; (a)(iv) = 22,000 → 36.16; (f) 1,500 → 2.47
    ret = Form9Return(
        header=Header(period="2024-08", date_of_filing=__import__("datetime").date(2024, 9, 20)),
        inputs=Inputs(advance=ActAmounts(kgst=Dec("6000"))),
        part1a=[row("KGST", "10", "280000")],
    )
    ret.inputs.cess.f = Dec("1500")
    c = compute(ret)
    assert c.due_date and c.due_date.isoformat() == "2024-09-15"
    assert c.part3a.rows["a"].interest == Dec("36.16")
    assert c.part3a.rows["f"].interest == Dec("2.47")
    assert c.part3a.kgst_total.total == Dec("23538.63")
    assert payable_per_act(c) == {"KGST": Dec("23538.63"), "KVAT": Dec("0.00"), "CST": Dec("0.00")}


def test_what_if_filing_date_grows_interest() -> None:
    import datetime as dt

    ret = Form9Return(header=Header(period="2024-08"), part1a=[row("KGST", "10", "365000")])
    # tax 36,500; due 15-09; as of 25-09: 10 days → 36,500 × 12 × 10 / 36,500 = 120.00
    assert compute(ret, as_of=dt.date(2024, 9, 25)).part3a.rows["a"].interest == Dec("120.00")
    assert compute(ret, as_of=dt.date(2024, 10, 5)).part3a.rows["a"].interest == Dec("240.00")


def test_part4_columns_follow_the_spec_table() -> None:
    # F: a_i 43,756.20, credit 9,355.01 + 36,745.36 = 46,100.37 → (iii) 0, (iv) 2,344.17
    p3 = dict.fromkeys(
        [
            "a_i",
            "a_ii",
            "a_iii",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g_i",
            "g_ii",
            "g_iii",
            "g_v",
            "h_i",
            "h_ii",
            "h_iii",
        ],
        Dec(0),
    )
    p3.update(a_i=Dec("43756.20"), a_ii=Dec("9355.01"), a_iii=Dec("36745.36"))
    f = column_values(p3, None)
    assert (f["a_ii"], f["a_iii"], f["a_iv"]) == (Dec("46100.37"), Dec(0), Dec("2344.17"))
    # R with 1,362.16 carried forward: credit 44,738.21; a_i 46,100.37 → (iii) 1,362.16
    p3.update(a_i=Dec("46100.37"))
    r = column_values(p3, ActAmounts(kgst=Dec("1362.16")))
    assert (r["a_ii"], r["a_iii"], r["a_iv"]) == (Dec("44738.21"), Dec("1362.16"), Dec(0))


def test_part4_credit_rows_are_not_clamped_and_cst_met_from_vat() -> None:
    # KVAT: g_i 1,000; ITC 200; credit 100 + 0 − cf 500 = −400 → g_iv = max(0, 1,000 − 200 + 400) = 1,200
    p3 = dict.fromkeys(
        [
            "a_i",
            "a_ii",
            "a_iii",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g_i",
            "g_ii",
            "g_iii",
            "g_v",
            "h_i",
            "h_ii",
            "h_iii",
        ],
        Dec(0),
    )
    p3.update(g_i=Dec("1000"), g_iii=Dec("200"), g_ii=Dec("100"))
    r = column_values(p3, ActAmounts(kvat=Dec("500")))
    assert r["g_iii"] == Dec("-400") and r["g_iv"] == Dec("1200")
    # CST 700 due, VAT excess 300 → h_v = min(700, 300) = 300; h_vi = 400; g_vi = 300; g_vii = 0
    p3 = dict.fromkeys(
        [
            "a_i",
            "a_ii",
            "a_iii",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g_i",
            "g_ii",
            "g_iii",
            "g_v",
            "h_i",
            "h_ii",
            "h_iii",
        ],
        Dec(0),
    )
    p3.update(h_i=Dec("700"), g_ii=Dec("300"))
    v = column_values(p3, None)
    assert (v["h_iii"], v["h_v"], v["h_vi"], v["g_vi"], v["g_vii"]) == (
        Dec("700"), Dec("300"), Dec("400"), Dec("300"), Dec(0))  # fmt: skip


def test_revision_payable_counts_only_increases_on_payable_rows() -> None:
    import datetime as dt

    filed = dict.fromkeys(__import__("app.model.form9", fromlist=["PART3_IDS"]).PART3_IDS, Dec(0))
    filed.update(a_i=Dec("50000"), a_ii=Dec("10000"), a_iv=Dec("40000"), b=Dec("500"))
    ret = Form9Return(
        header=Header(
            period="2024-11",
            return_type="revision",
            revision_no=1,
            date_of_filing=dt.date(2025, 1, 14),
        ),
        inputs=Inputs(advance=ActAmounts(kgst=Dec("10000"))),
        part1a=[row("KGST", "10", "600000")],
        filed=FiledReturnFacts(part3=filed, due_date=dt.date(2024, 12, 15)),
    )
    # surcharge b falls 500 → 0 (effect −500, not payable); a_iii rises 10,000: 30 days → 98.63
    c = compute(ret)
    assert c.part4 is not None
    assert c.part4.rows["b"].effect == Dec("-500") and c.part4.rows["b"].interest == Dec(0)
    assert c.part4.rows["a_iii"].interest == Dec("98.63")
    assert c.part4.payable == Dec("10098.63")
    assert payable_per_act(c)["KGST"] == Dec("10098.63")
