"""PostgreSQL for tests: the server on this machine (127.0.0.1:5432, database ``test``,
or NEXUS_TEST_PG), a schema of its own per test, dropped afterwards."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg

SERVER = os.environ.get("NEXUS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def pg_schema() -> Iterator[str]:
    """A database URL whose tables live in a new schema (``search_path``)."""
    name = "nx_" + secrets.token_hex(6)
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{SERVER}?options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            # Connections still open in the schema (a killed process's) do not stop this.
            admin.execute(f"DROP SCHEMA {name} CASCADE")
