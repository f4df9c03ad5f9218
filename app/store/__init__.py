"""The local store: clients (dealers) and their returns in SQLite."""

from app.store.errors import ReturnIsFiled, StaleReturn, StoreDamaged, StoreError
from app.store.store import ClientInfo, ReturnInfo, Store

__all__ = [
    "ClientInfo",
    "ReturnInfo",
    "ReturnIsFiled",
    "StaleReturn",
    "Store",
    "StoreDamaged",
    "StoreError",
]
