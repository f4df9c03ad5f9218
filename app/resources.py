"""Reading the rate packs shipped in resources/rates and the user's own in <data dir>/rates."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from app.model.periods import Period
from app.model.ratepack import (
    RatePack,
    RatePackError,
    pack_for,
    pack_for_period,
    rate_pack_from_dict,
)
from app.paths import resources_dir


def load_pack(path: Path) -> RatePack:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return rate_pack_from_dict(data)
    except (tomllib.TOMLDecodeError, RatePackError, ValueError) as exc:
        raise RatePackError(f"{path.name}: {exc}") from None


@lru_cache(maxsize=4)
def _packs_in(folders: tuple[Path, ...]) -> tuple[RatePack, ...]:
    by_version: dict[str, RatePack] = {}
    for folder in folders:  # later folders (the user's) override shipped packs of the same version
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            pack = load_pack(path)
            by_version[pack.version] = pack
    return tuple(by_version.values())


def rate_packs(user_dir: Path | None = None) -> list[RatePack]:
    folders = [resources_dir() / "rates"]
    if user_dir is not None:
        folders.append(user_dir / "rates")
    return list(_packs_in(tuple(folders)))


def rate_pack_on(on: date, user_dir: Path | None = None) -> RatePack:
    return pack_for(rate_packs(user_dir), on)


def rate_pack_for(period: Period, user_dir: Path | None = None) -> RatePack:
    """The pack of a return period (app.model.ratepack.pack_for_period)."""
    return pack_for_period(rate_packs(user_dir), period)
