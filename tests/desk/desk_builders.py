"""A dealer with a history of returns, for the desk tests (client files, board, reports)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.client import ClientProfile
from app.model.form9 import Form9Return, ListRow
from app.model.numbers import D

TIN = "32759389475"  # the spec's worked original (October 2025)


def example(name: str = "original") -> Form9Return:
    return loads((EXAMPLES / f"{name}.in.json").read_bytes())


def month(period: str, **header: Any) -> Form9Return:
    ret = example()
    ret.header = replace(ret.header, period=period, **header)
    return ret


def dealer_with_history(store: Any) -> dict[str, int]:
    """August 2025 filed + Revision 1 draft, September filed (with a sales list), October draft
    exported twice; every status and the export history a client file must carry."""
    ex = example()
    h = ex.header
    cid = int(store.add_client(ClientProfile(
        tin=TIN, name=h.name, trade_name=h.trade_name, address=h.address, gstin="32AABCC1234D1Z5",
        kgst_no=h.kgst_no, constitution=h.constitution, nature_of_business=h.nature_of_business,
        renewed_until="2025-26")))  # fmt: skip
    ids = {"client": cid}
    ids["08"] = store.create_return(cid, month("2025-08"), rate_pack="2024-08-01")
    store.set_status(ids["08"], "filed", ack_no="KL-ACK-0825", filed_on=date(2025, 9, 14))
    ids["08r1"] = store.create_return(cid, month("2025-08", return_type="revision", revision_no=1),
                                      rate_pack="2024-08-01")  # fmt: skip
    sep = month("2025-09")
    sep.sales_list = [ListRow("Sales", "first", "32000000011", f"Buyer {n}", f"S/{n}",
                              date(2025, 9, 1 + n % 28), D(f"{1000 + n}.50"), D("120.06"), D("0"))
                      for n in range(250)]  # fmt: skip
    ids["09"] = store.create_return(cid, sep, rate_pack="2024-08-01")
    store.set_status(ids["09"], "filed", ack_no="KL-ACK-0925", filed_on=date(2025, 10, 15))
    ids["10"] = store.create_return(cid, month("2025-10"), rate_pack="2024-08-01")
    store.record_export(ids["10"], "json", "/home/ca/exports/oct.json", "sha256:" + "a" * 64)
    store.record_export(ids["10"], "pdf", "/home/ca/exports/oct.pdf", "sha256:" + "b" * 64)
    return ids


def rewrite_zip(source: Path, target: Path, change: Any) -> None:
    """Copy a zip, `change(name, data) -> data | None` deciding each member (None drops it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))  # type: ignore[no-any-return]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
