"""Persistence: one repository interface (``Store``) and its SQLite implementation."""

from nexus.store.base import InteractionFilter, Principal, Store, TenantRecord
from nexus.store.sqlite import SqliteStore, open_store

__all__ = ["InteractionFilter", "Principal", "SqliteStore", "Store", "TenantRecord", "open_store"]
