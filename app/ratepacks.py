"""The one rate-pack lookup: the dated TOML files shipped in resources/rates (package data
`app.resources.rates`) and the user's own in <data dir>/rates (spec section 6).

A missing or broken rate pack is an error (RatePackError, one line naming the file), never a
silent None: validation without a pack would quietly lose its rate checks.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from app.model.periods import Period, PeriodError
from app.model.ratepack import RatePack, RatePackError, pack_for, rate_pack_from_dict
from app.model.ratepack import pack_for_period as _pack_of_period
from app.paths import ResourcesMissing, resource
from app.toml_files import TomlError
from app.toml_files import read as read_toml


def load_pack(path: Path) -> RatePack:
    try:
        return rate_pack_from_dict(read_toml(path))
    except (TomlError, RatePackError, ValueError) as exc:
        raise RatePackError(f"rate pack {path.name}: {exc}") from None
    except OSError as exc:
        raise RatePackError(f"rate pack {path}: cannot be read ({exc.strerror})") from None


def _packs_in(folder: Path) -> list[RatePack]:
    return [load_pack(p) for p in sorted(folder.glob("*.toml"))] if folder.is_dir() else []


@lru_cache(maxsize=1)
def shipped_packs() -> tuple[RatePack, ...]:
    """The packs shipped with the app; RatePackError when the installation has none."""
    try:
        folder = resource("rates")
    except ResourcesMissing as exc:
        raise RatePackError(str(exc)) from None
    packs = _packs_in(folder)
    if not packs:
        raise RatePackError(f"no rate pack in {folder}: the installation is incomplete; "
                            "reinstall Form 9")  # fmt: skip
    return tuple(packs)


@lru_cache(maxsize=4)
def _user_packs(folder: Path) -> tuple[RatePack, ...]:
    return tuple(_packs_in(folder))


def rate_packs(user_dir: Path | None = None) -> list[RatePack]:
    """Every pack; the user's own override shipped packs of the same version."""
    by_version = {p.version: p for p in shipped_packs()}
    if user_dir is not None:
        by_version.update((p.version, p) for p in _user_packs(user_dir / "rates"))
    return list(by_version.values())


def rate_pack_on(on: date, user_dir: Path | None = None) -> RatePack:
    return pack_for(rate_packs(user_dir), on)


def pack_for_period(period: str | Period | None, user_dir: Path | None = None) -> RatePack | None:
    """The pack of a return period (app.model.ratepack.pack_for_period: in force on its first day;
    the 2024-25 annual return, which starts before FORM No. 9, takes the first pack).  None only
    when there is no readable period (validation reports the period itself); missing or broken
    packs raise RatePackError."""
    if period is None:
        return None
    try:
        p = period if isinstance(period, Period) else Period.parse(period)
    except (PeriodError, ValueError):
        return None
    return _pack_of_period(rate_packs(user_dir), p)


def pack_by_version(version: str, user_dir: Path | None = None) -> RatePack | None:
    """The pack a stored return records, if this installation has it."""
    return next((p for p in rate_packs(user_dir) if version and p.version == version), None)
