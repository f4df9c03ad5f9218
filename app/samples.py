"""The sample dealer and return shipped in resources/samples, put in an empty store on first start.

resources/samples/dealer.json is a client profile (ClientProfile's fields); every
resources/samples/return-*.json beside it is an upload JSON v1 return of that dealer.

App-level glue (like app.cli): it reads upload JSON (app.export) into the store (app.store), which
the import rules keep apart (tests/test_architecture.py), so it lives outside both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.export.upload_json import InputError, loads
from app.model.client import ClientProfile
from app.model.compute import compute, payable_per_act
from app.model.form9 import Branch, Form9Return
from app.model.numbers import ZERO
from app.paths import resources_dir
from app.ratepacks import pack_for_period
from app.store import StoreError

if TYPE_CHECKING:  # (the Store itself is imported only by whoever opens one: a light import)
    from app.store import Store

_TEXT_FIELDS = ("tin", "kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                "trade_name", "constitution", "nature_of_business", "gstin", "renewed_until")  # fmt: skip


def samples_dir() -> Path:
    return resources_dir() / "samples"


def profile_from_dict(doc: Any, where: str = "profile") -> ClientProfile:
    """A ClientProfile from its JSON form; a bad field raises StoreError naming it."""
    if not isinstance(doc, dict):
        raise StoreError(f"{where}: expected a JSON object")
    profile = ClientProfile()
    for key, value in doc.items():
        if key.startswith("_"):
            continue
        if key in _TEXT_FIELDS:
            if not isinstance(value, str):
                raise StoreError(f"{where}.{key}: expected text", part="client", field=key)
            setattr(profile, key, value)
        elif key == "large_dealer":
            if not isinstance(value, bool):
                raise StoreError(f"{where}.{key}: expected true or false", part="client", field=key)
            profile.large_dealer = value
        elif key == "branches":
            if not isinstance(value, list) or not all(
                isinstance(b, dict) and set(b) <= {"name", "address"} for b in value
            ):
                raise StoreError(
                    f"{where}.branches: expected a list of {{name, address}}",
                    part="client",
                    field=key,
                )
            profile.branches = [
                Branch(str(b.get("name", "")), str(b.get("address", ""))) for b in value
            ]
        else:
            raise StoreError(f"{where}.{key}: unknown field", part="client", field=key)
    return profile


def profile_to_dict(profile: ClientProfile) -> dict[str, Any]:
    doc: dict[str, Any] = {k: getattr(profile, k) for k in _TEXT_FIELDS}
    doc["branches"] = [{"name": b.name, "address": b.address} for b in profile.branches]
    doc["large_dealer"] = profile.large_dealer
    return doc


def load_profile(path: Path) -> ClientProfile:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path.name}: cannot read the dealer profile ({exc})") from None
    return profile_from_dict(doc, path.name)


def load_sample_return(path: Path) -> Form9Return:
    try:
        return loads(path.read_bytes())
    except OSError as exc:
        raise StoreError(f"{path.name}: cannot read ({exc.strerror})") from None
    except InputError as exc:
        raise StoreError(f"{path.name}: {exc}") from None


def rate_pack_version(ret: Form9Return) -> str:
    """The version of the rate pack in force on the first day of the return's period ("" if none)."""
    pack = pack_for_period(ret.header.period)
    return pack.version if pack is not None else ""


def add_return(store: Store, client_id: int, ret: Form9Return) -> int:
    """A return into the store as a draft, with its rate pack and cached payable (one unit of
    work)."""
    with store.transaction():
        rid = store.create_return(client_id, ret, rate_pack=rate_pack_version(ret))
        store.set_payable(rid, sum(payable_per_act(compute(ret, with_lists=False)).values(), ZERO))
    return rid


def ensure_sample(store: Store) -> None:
    """On first start (no client at all): the sample dealer with its sample returns."""
    if store.list_clients():
        return
    folder = samples_dir()
    profile = load_profile(folder / "dealer.json")
    returns = [load_sample_return(p) for p in sorted(folder.glob("return-*.json"))]
    with store.transaction():
        client_id = store.add_client(profile)
        for ret in returns:
            add_return(store, client_id, ret)
