"""The local store: clients (dealers) and their returns in SQLite."""

from app.store.errors import StoreError
from app.store.store import ClientInfo, ReturnInfo, Store

__all__ = ["ClientInfo", "ReturnInfo", "Store", "StoreError"]
