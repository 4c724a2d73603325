"""The database setting (``db``): which backend a value names, and how to show it."""

from __future__ import annotations

from pathlib import Path

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


def describe_db(db: str | Path) -> str:
    """The database for messages and logs: a file's path, or a PostgreSQL URL without its
    password (``postgresql://user@host:port/name``)."""
    backend, target = parse_db(db)
    if backend == "sqlite":
        return target
    from psycopg.conninfo import conninfo_to_dict  # only PostgreSQL settings need it

    info = conninfo_to_dict(target)
    user = f"{info['user']}@" if info.get("user") else ""
    return (
        f"postgresql://{user}{info.get('host', 'localhost')}:{info.get('port', 5432)}"
        f"/{info.get('dbname', '')}"
    )
