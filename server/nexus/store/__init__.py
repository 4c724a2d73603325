"""Persistence: one repository interface (``Store``), the SQL both backends share, and the
backends (SQLite, the embedded default; PostgreSQL, for replicas), chosen by a URL."""

from __future__ import annotations

from pathlib import Path

from nexus.store.base import InteractionFilter, OpenFailed, Principal, Store, TenantRecord
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
    "open_store",
    "parse_db",
    "work_for",
]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def parse_db(db: str | Path) -> tuple[str, str]:
    """(backend, target) of a database setting: ``sqlite:///nexus.db`` (relative),
    ``sqlite:////var/lib/nexus.db`` (absolute), a plain path (SQLite, as before URLs), or
    ``postgresql://user@host:5432/name?sslmode=require`` (any libpq URI)."""
    text = str(db)
    if text.startswith(POSTGRES_SCHEMES):
        return "postgresql", text
    if text.startswith("sqlite://"):
        rest = text[len("sqlite://") :]
        if not rest.startswith("/") or rest == "/":
            raise ValueError(f"{text}: a SQLite URL is sqlite:///relative.db or sqlite:////abs.db")
        return "sqlite", rest[1:]
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise ValueError(f"{text}: unknown database scheme {scheme!r} (sqlite or postgresql)")
    return "sqlite", text


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
