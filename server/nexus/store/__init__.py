"""Persistence: one repository interface (``Store``), the SQL both backends share, and the
backends (SQLite, the embedded default; PostgreSQL, for replicas), chosen by a URL."""

from __future__ import annotations

from pathlib import Path

from nexus.store.base import InteractionFilter, OpenFailed, Principal, Store, TenantRecord
from nexus.store.settings import describe_db, parse_db
from nexus.store.sql import KEY_CACHE_S, SqlStore
from nexus.store.sqlite import SqliteStore
from nexus.store.work import Work, work_for

__all__ = [
    "InteractionFilter",
    "OpenFailed",
    "Principal",
    "SqlStore",
    "SqliteStore",
    "Store",
    "TenantRecord",
    "Work",
    "describe_db",
    "open_store",
    "parse_db",
    "work_for",
]


def open_store(
    db: str | Path,
    *,
    migrate: bool = True,
    key_cache_s: float = KEY_CACHE_S,
    pool_size: int = 10,
) -> SqlStore:
    """Opens the database a setting names and brings its schema up to date.

    Raises ``OpenFailed`` (whose message says what is wrong and what to do) when it
    cannot be opened, and ``ValueError`` for a setting that names no database.
    """
    backend, target = parse_db(db)
    if backend == "postgresql":
        from nexus.store.postgres import open_postgres

        return open_postgres(target, migrate=migrate, key_cache_s=key_cache_s, pool_size=pool_size)
    from nexus.store.sqlite import open_store as open_sqlite

    return open_sqlite(target, migrate=migrate, key_cache_s=key_cache_s)
