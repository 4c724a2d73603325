"""``nexus store copy``: moves a whole installation from one database to another (SQLite
to PostgreSQL when it outgrows one machine, or back), keeping every id and cursor.

The source is read in one snapshot, the target written in one transaction: a copy that
fails leaves the target as it was. The target must be empty (freshly migrated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nexus.store.sql import SqlStore

# Parents before children, so that every foreign key finds its row.
TABLES = (
    "tenants",
    "api_keys",
    "interactions",
    "participants",
    "messages",
    "events",
    "webhooks",
    "webhook_secrets",
    "channels",
    "channel_secrets",
    "requests",
    "deliveries",
    "delivery_attempts",
    "notifier_state",
    "server_keys",
    "channel_messages",
    "channel_outbox",
    "typing",
    "timer_policies",
)
# Tables whose ids a sequence hands out: PostgreSQL's must go on after the copied ones.
IDENTITIES = (
    ("events", "cursor"),
    ("webhook_secrets", "id"),
    ("channel_secrets", "id"),
    ("delivery_attempts", "id"),
)
CHUNK = 1000


class NotEmpty(Exception):
    pass


class Mismatch(Exception):
    pass


@dataclass(frozen=True)
class Copied:
    counts: dict[str, int]
    last_cursor: int


def copy_store(
    source: SqlStore, target: SqlStore, progress: Callable[[str, int], None] | None = None
) -> Copied:
    """Copies every row; then checks each table's count and the log's end on the target."""
    with target.transaction():
        if target.list_tenants():
            raise NotEmpty("the target database already holds tenants; copy into an empty one")
        # What opening the target wrote gives way to the source's: its page-token key (page
        # tokens handed out before the move go on working) and its workers' cursors.
        target.conn.execute("DELETE FROM server_keys")
        target.conn.execute("DELETE FROM notifier_state")
        counts: dict[str, int] = {}
        with source._snapshot():
            for table in TABLES:
                counts[table] = _copy_table(source, target, table)
                if progress is not None:
                    progress(table, counts[table])
            last = source.last_cursor()
        if target.backend == "postgresql":
            for table, column in IDENTITIES:
                target.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                    f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
                )
        for table, expected in counts.items():
            (found,) = target.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            if found != expected:
                raise Mismatch(f"{table}: {expected} rows read, {found} written")
        if target.last_cursor() != last:
            raise Mismatch(f"event log ends at {last} in the source, {target.last_cursor()} here")
    return Copied(counts, last)


def _copy_table(source: SqlStore, target: SqlStore, table: str) -> int:
    rows = source.conn.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in rows.description]
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    total = 0
    while chunk := rows.fetchmany(CHUNK):
        target.conn.executemany(insert, chunk)
        total += len(chunk)
    return total
