"""The store: clients (dealers) and their returns, in SQLite on one PC or PostgreSQL in an office.

Importing this package is cheap: the errors come at once, everything that needs SQLAlchemy
(Store, open_store, …) only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.store.errors import ReturnIsFiled, StaleReturn, StoreDamaged, StoreError

#: The store's file in a data folder (one PC), and the variable naming an office's database URL.
DB_FILE = "form9.sqlite"
DB_ENV = "FORM9_DB"
#: The desktop app's lock on a data folder (one app per folder; app.ui.single_instance).
APP_LOCK_FILE = "form9.lock"

if TYPE_CHECKING:
    from app.store.infos import ClientInfo, ReturnInfo
    from app.store.opening import check_url, open_store
    from app.store.store import Store

__all__ = [
    "APP_LOCK_FILE",
    "DB_ENV",
    "DB_FILE",
    "ClientInfo",
    "ReturnInfo",
    "ReturnIsFiled",
    "StaleReturn",
    "Store",
    "StoreDamaged",
    "StoreError",
    "check_url",
    "open_store",
]

_LAZY = {
    "ClientInfo": "app.store.infos",
    "ReturnInfo": "app.store.infos",
    "Store": "app.store.store",
    "check_url": "app.store.opening",
    "open_store": "app.store.opening",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'app.store' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
