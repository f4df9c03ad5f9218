"""Returns that use every field of FORM No. 9, for round trips through the store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as Dec

from app.model.form9 import (
    PART3_IDS,
    ActAmounts,
    Branch,
    Cess,
    Declaration,
    FiledReturnFacts,
    Form9Return,
    Header,
    Inputs,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)


def full_return(period: str = "2025-10", *, large_dealer: bool | None = True) -> Form9Return:
    """A monthly original with every part filled, odd paise and a 4-decimal interest rate."""
    return Form9Return(
        header=Header(
            date_of_filing=date(2025, 11, 24), period=period, return_type="original",
            revision_no=0, kgst_no="KGST/EKM/10001", tin="32100000017", cst_no="32100000017",
            tps_division="Ernakulam", tps_circle="Special Circle", name="Sample Fuels",
            address="12/345, Sample Road\nKakkanad", trade_name="Sample Fuels (fictitious)",
            constitution="Company", nature_of_business="Oil Company",
            branches=[Branch("Depot, Aluva", "7/89 Depot Road"), Branch("Pump, Edappally", "")],
            gstin="32AABCS1234F1Z0",
        ),
        inputs=Inputs(
            advance=ActAmounts(Dec("0.01"), Dec("969068.40"), Dec("12")),
            brought_forward=ActAmounts(Dec("7336712.36"), Dec("0.00"), Dec("-5.05")),
            cess=Cess(Dec("1.01"), Dec("1694695.00"), Dec("0.10"), Dec("3389390.99"), Dec("7")),
            interest_rate={"KGST": Dec("12"), "KVAT": Dec("12.5"), "CST": Dec("18.0625")},
            large_dealer=large_dealer,
            due_date=date(2025, 11, 10),
        ),
        part1a=[
            Part1aRow(1, "CST", "Interstate sale against Form C", "Natural Gas (R-LNG)",
                      "CST Act s.8(1)", Dec("30.15"), "first", Dec("22817152.67"), Dec("0.00"),
                      Dec("6879372.00"), Dec("0.00")),
            Part1aRow(2, "KGST", "Sale", "Petrol (Motor Spirit)", "First Schedule, Entry 1",
                      Dec("30.08"), "subsequent", Dec("6622298.81"), Dec("0.99"),
                      Dec("1991987.48"), Dec("10045.14")),
            Part1aRow(7, "KVAT", "Sale", "Lubricants", "Third Schedule", Dec("14.5001"), "last",
                      Dec("99999999999.99"), Dec("0.01"), Dec("0.00"), Dec("0.00")),
        ],
        part1b=[Part1bRow("A/0001", "A/9552"), Part1bRow("B/1", "")],
        part2=[
            Part2Row(1, "KGST", "Purchase", "Petrol (Motor Spirit)", "First Schedule, Entry 1",
                     Dec("30.08"), Dec("2902265.74"), Dec("873000.44"), Dec("1943.14"), False),
            Part2Row(2, "KVAT", "Purchase", "Lubricants", "Third Schedule", Dec("14.5"),
                     Dec("10432.82"), Dec("208.66"), Dec("2760.27"), True),
        ],
        filed=None,
        part5=[
            Part5Row("CIN304749292588", date(2025, 11, 24), "KGST", "0040-00-102-99",
                     Dec("47669866.80")),
            Part5Row("", None, "CST", "", Dec("0.05")),
        ],
        declaration=Declaration("Anitha Varghese", "Sri. Thomas Varghese", "Director",
                                "Ernakulam", date(2025, 11, 24)),
        sales_list=[
            ListRow("Sales", "first", "99999999999", "Retail customers", "S/1",
                    date(2025, 10, 31), Dec("6622298.81"), Dec("1991987.48"), Dec("0.00")),
            ListRow("Sales Return", "first", "32100000025", "Ravi & Co", "CN/1",
                    date(2025, 10, 3), Dec("-709.26"), Dec("-14.19"), Dec("-0.01")),
            ListRow("Export", "", "", "", "", None, Dec("0"), Dec("0"), Dec("0")),
        ],
        purchase_list=[
            ListRow("Purchase", "first", "27AAPFU0939F1ZV", "Sample Refinery Ltd",
                    "PUR/2025/101", date(2025, 10, 5), Dec("2902265.74"), Dec("873000.44"),
                    Dec("1943.14")),
        ],
        stock=[],
    )  # fmt: skip


def revision_of(ret: Form9Return, revision_no: int = 1) -> Form9Return:
    """Revision N with Part 4 facts (F's Part 3 in its own order, ack no., carried forward)."""
    ret.header.return_type = "revision"
    ret.header.revision_no = revision_no
    ret.filed = FiledReturnFacts(
        part3={k: Dec(n * 1000 + 1).scaleb(-2) for n, k in enumerate(reversed(PART3_IDS))},
        due_date=date(2025, 11, 15),
        ack_no="KITIS/2025/ACK/000123",
        carried_forward=ActAmounts(Dec("0.00"), Dec("1234.56"), Dec("0.01")),
    )
    return ret


def annual_return() -> Form9Return:
    ret = full_return("2025-26", large_dealer=None)
    ret.inputs.due_date = None
    ret.inputs.interest_rate = {"KGST": Dec("12"), "CST": Dec("0.0001")}  # KVAT absent
    ret.stock = [
        StockRow("Petrol (Motor Spirit)", "First Schedule, Entry 1", "litre", Dec("125000.50"),
                 Dec("13125052.50")),
        StockRow("Lubricants", "Third Schedule", "kg", Dec("0.01"), Dec("0.99")),
        StockRow("Empty drums", "", "number", Dec("12"), Dec("0")),
    ]  # fmt: skip
    return ret
