"""A dealer (client) as kept by the app: the header fields of FORM No. 9 that do not change monthly."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.model.form9 import Branch, Header


@dataclass(slots=True)
class ClientProfile:
    tin: str = ""
    kgst_no: str = ""
    cst_no: str = ""
    tps_division: str = ""
    tps_circle: str = ""
    name: str = ""
    address: str = ""
    trade_name: str = ""
    constitution: str = ""
    nature_of_business: str = ""
    branches: list[Branch] = field(default_factory=list)
    gstin: str = ""
    #: Due-day class (Trade Circular 14/2024): liability ≥ ₹10 lakh in the preceding year.
    large_dealer: bool = False
    #: Last financial year (e.g. "2025-26") for which the registration is renewed (instruction 1).
    renewed_until: str = ""

    def header_for(
        self, period: str, return_type: str = "original", revision_no: int = 0
    ) -> Header:
        """A return header carrying this dealer's particulars."""
        return Header(
            period=period,
            return_type=return_type,
            revision_no=revision_no,
            kgst_no=self.kgst_no,
            tin=self.tin,
            cst_no=self.cst_no,
            tps_division=self.tps_division,
            tps_circle=self.tps_circle,
            name=self.name,
            address=self.address,
            trade_name=self.trade_name,
            constitution=self.constitution,
            nature_of_business=self.nature_of_business,
            branches=[Branch(b.name, b.address) for b in self.branches],
            gstin=self.gstin,
        )
