"""Builders for the lifecycle scenario: the dealer, a month's return, a payment, stock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.model.client import ClientProfile
from app.model.form9 import Declaration, Form9Return, Part1aRow, Part2Row, Part5Row, StockRow
from app.model.numbers import percent_of
from app.ratepacks import rate_pack_on

CLIENT = ClientProfile(
    tin="32123456789",
    kgst_no="KGST/EKM/1001",
    cst_no="32123456789",
    tps_division="Ernakulam",
    tps_circle="First Circle, Ernakulam",
    name="Periyar Lubes & Gas",
    address="12/345, MG Road, Kochi, Kerala 682011",
    constitution="Partnership",
    nature_of_business="Other",
    large_dealer=False,  # due on the 15th of the next month
    renewed_until="2024-25",
)


def month_return(
    period: str,
    *,
    kgst: str,
    kvat: str = "0",
    itc: str = "0",
    on: date | None = None,
) -> Form9Return:
    """A return with a KGST sale row at 10% and (optionally) a KVAT sale row at 14.5% and a KVAT
    purchase with eligible input tax; tax collected equals tax due."""
    ret = Form9Return(header=CLIENT.header_for(period))
    ret.header.date_of_filing = on
    ret.inputs.large_dealer = False
    kg, kv = Decimal(kgst), Decimal(kvat)
    ret.part1a.append(
        Part1aRow(
            1,
            "KGST",
            "Sale",
            "Lubricants",
            "First Schedule",
            Decimal(10),
            "first",
            kg,
            Decimal("0.00"),
            kg / 10,
        )
    )
    if kv:
        ret.part1a.append(
            Part1aRow(
                2,
                "KVAT",
                "Sale",
                "Natural Gas (R-LNG)",
                "Third Schedule",
                Decimal("14.5"),
                "first",
                kv,
                Decimal("0.00"),
                percent_of(kv, Decimal("14.5")),
            )
        )
    if Decimal(itc):
        ret.part2.append(
            Part2Row(
                1,
                "KVAT",
                "Purchase",
                "Natural Gas (R-LNG)",
                "Third Schedule",
                Decimal("14.5"),
                Decimal("200000.00"),
                Decimal(itc),
                Decimal("0.00"),
                True,
            )
        )
    ret.declaration = Declaration("Anil Kumar", "Sri. Kumaran", "Partner", "Kochi", on)
    return ret


def pay(
    ret: Form9Return, act: str, amount: str, on: date, group: str = "tax", cess: str = ""
) -> None:
    """A remittance under the act's head of the group in the rate pack ("tax", "interest", or
    "cess" with the row b–f)."""
    head = rate_pack_on(on).head(act, group, cess)
    assert head is not None
    n = len(ret.part5) + 1
    ret.part5.append(Part5Row(f"CIN{on:%Y%m%d}{n:02d}", on, act, head.text, Decimal(amount)))


def stock() -> list[StockRow]:
    return [
        StockRow("Lubricants", "First Schedule", "litre", Decimal("1200.00"), Decimal("96000.00"))
    ]
