"""The PostgreSQL store: the same SQL as SQLite (``sql.py``) over psycopg 3.

Connections are bound to the thread that uses them: ``PostgresWork`` runs each unit of
work on a worker thread with that thread's connection, so no PostgreSQL I/O ever runs on an
event loop (a statement issued from a loop's thread is refused, which the tests rely on).

Write transactions are serialised across every process on the database by a
transaction-scoped advisory lock taken at BEGIN. That gives the core the guarantee it
was written for on SQLite (one writer at a time: what a use case read stays true until
it commits) and makes event cursors commit-ordered: a transaction takes its cursors
while it holds the lock and the lock is released only after its commit is visible, so a
reader that sees cursor N has seen, or will never see, every cursor below N (rolled-back
cursors are gaps that never fill). Group commit (``work.py``) amortises the lock and the
commit over a batch of requests, as it amortises SQLite's.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import select
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from nexus.store.base import OpenFailed
from nexus.store.connection import Rows
from nexus.store.pg_migrations import PG_MIGRATIONS
from nexus.store.settings import describe_db
from nexus.store.sql import KEY_CACHE_S, SqlStore
from nexus.v1 import event_pb2 as epb

# Advisory lock keys, in the key space of this schema (see ``lock_space``).
WRITE_LOCK = 1
MIGRATE_LOCK = 2
NOTIFY_CHANNEL = "nexus_log"
"""Committed transactions that appended events NOTIFY here (payload: the lock space)."""


class OnEventLoop(RuntimeError):
    """A PostgreSQL statement was issued on an event loop's thread: a bug to fix by going
    through the unit of work."""


@functools.lru_cache(maxsize=4096)
def _pg(sql: str) -> str:
    """The store's ``?`` parameters as psycopg's ``%s``."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Conn:
    """A psycopg connection that takes the store's ``?`` parameters."""

    __slots__ = ("raw",)

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None, /) -> Rows:
        if params is None:
            return self.raw.execute(sql)  # type: ignore[return-value]
        return self.raw.execute(_pg(sql), params)  # type: ignore[return-value]

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> Rows:
        cur = self.raw.cursor()
        cur.executemany(_pg(sql), params)
        return cur  # type: ignore[return-value]


class _Borrowed:
    """Outside a unit of work (the CLI, start-up): the thread's connection, one statement
    at a time (autocommit)."""

    __slots__ = ("store",)

    def __init__(self, store: PostgresStore) -> None:
        self.store = store

    def execute(self, sql: str, params: Sequence[Any] | None = None, /) -> Rows:
        with self.store.bound() as conn:
            return conn.execute(sql, params)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> Rows:
        with self.store.bound() as conn:
            return conn.executemany(sql, params)


def _hung_up(raw: psycopg.Connection[Any]) -> bool:
    """Whether the server closed this idle connection (a restart, an administrator): with
    no query in flight, anything to read is its last word. One non-blocking poll, no round
    trip, so that a unit of work does not fail on a connection that died while idle."""
    try:
        readable, _, _ = select.select([raw.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _refuse_on_loop() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise OnEventLoop("PostgreSQL I/O on the event loop's thread; use the unit of work")


class PostgresStore(SqlStore):
    backend = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10, key_cache_s: float = KEY_CACHE_S) -> None:
        super().__init__(key_cache_s)
        self.url = self.location = url
        self.pool_size = pool_size
        self._local = threading.local()
        self._serials = itertools.count(1)
        self._connections: set[psycopg.Connection[Any]] = set()
        self._connections_lock = threading.Lock()
        row = self.conn.execute("SELECT hashtext('nexus:' || current_schema())").fetchone()
        self.lock_space: int = row[0]
        """The advisory-lock key space of this schema: nexus installations in different
        schemas of one database do not hold up each other."""

    # -- connections ----------------------------------------------------------------------
    #
    # Each thread keeps a connection of its own (the unit of work's threads are few and
    # long-lived): measured, a pool checkout per unit of work doubled the CPU of a read,
    # for its bookkeeping and the round trip that checks the connection. A connection that
    # broke (the database restarted) is dropped and the thread's next unit opens another.

    @property
    def conn(self) -> _Conn | _Borrowed:
        bound: _Conn | None = getattr(self._local, "conn", None)
        if bound is not None:
            return bound
        _refuse_on_loop()
        return _Borrowed(self)

    @contextmanager
    def bound(self) -> Iterator[_Conn]:
        """This thread's connection for the duration of the block."""
        bound: _Conn | None = getattr(self._local, "conn", None)
        if bound is not None:
            yield bound
            return
        _refuse_on_loop()
        conn = self._local.conn = self._own()
        try:
            yield conn
        except psycopg.OperationalError:
            self._drop(conn.raw)
            raise
        finally:
            self._local.conn = None

    def _own(self) -> _Conn:
        own: _Conn | None = getattr(self._local, "own", None)
        if own is None or own.raw.closed or own.raw.broken or _hung_up(own.raw):
            if own is not None:
                self._drop(own.raw)
            raw = psycopg.Connection.connect(self.url, autocommit=True, connect_timeout=10)
            with self._connections_lock:
                self._connections.add(raw)
            own = self._local.own = _Conn(raw)
        return own

    def _drop(self, raw: psycopg.Connection[Any]) -> None:
        with self._connections_lock:
            self._connections.discard(raw)
        raw.close()

    def close(self) -> None:
        with self._connections_lock:
            connections, self._connections = self._connections, set()
        for raw in connections:
            raw.close()

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, holding the write lock until it commits; inside another
        it becomes a SAVEPOINT, whose failure undoes only its own writes."""
        local = self._local
        depth = getattr(local, "depth", 0)
        if depth:
            raw = local.conn.raw
            savepoint = f"sp{depth}"
            raw.execute(f"SAVEPOINT {savepoint}")
            local.depth = depth + 1
            try:
                yield
            except BaseException:
                raw.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                raise
            else:
                raw.execute(f"RELEASE SAVEPOINT {savepoint}")
            finally:
                local.depth = depth
            return
        with self.bound() as conn:
            raw = conn.raw
            raw.execute("BEGIN")
            local.depth, local.appended = 1, False
            try:
                raw.execute("SELECT pg_advisory_xact_lock(%s, %s)", (self.lock_space, WRITE_LOCK))
                self.write_serial = next(self._serials)
                yield
                if local.appended:  # delivered at COMMIT, to every process listening
                    raw.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, str(self.lock_space)))
                raw.execute("COMMIT")
            except BaseException:
                if not raw.closed:
                    raw.execute("ROLLBACK")
                raise
            finally:
                local.depth, local.appended = 0, False

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        if getattr(self._local, "depth", 0):
            yield
            return
        with self.bound() as conn:
            conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield
            finally:
                if not conn.raw.closed:
                    conn.raw.execute("COMMIT")

    def append_event(self, tenant_id: str, event: epb.Event, media_type: int) -> int:
        """As on SQLite, in one round trip instead of two: the tenant's counter moves and
        the event is inserted by one statement (SQLite has no UPDATE inside WITH)."""
        self._local.appended = True
        cursor, position = self.conn.execute(
            "WITH t AS (UPDATE tenants SET last_event_cursor = last_event_cursor + 1"
            " WHERE id = ? RETURNING last_event_cursor)"
            " INSERT INTO events (id, tenant_id, type, interaction_id, sequence, media_type,"
            " create_time, data, tenant_cursor)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, t.last_event_cursor FROM t"
            " RETURNING cursor, tenant_cursor",
            (
                tenant_id,
                event.id,
                tenant_id,
                event.type,
                event.interaction.rsplit("/", 1)[-1] or None,
                event.sequence,
                media_type,
                event.create_time.ToMicroseconds(),
                event.SerializeToString(),
            ),
        ).fetchone()
        event.cursor = position
        return int(cursor)

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Applies the versions this database has not seen. Replicas starting together
        take turns on an advisory lock: one migrates, the others find nothing to do."""
        applied: list[int] = []
        with self.bound() as conn:
            conn.raw.execute("SELECT pg_advisory_lock(%s, %s)", (self.lock_space, MIGRATE_LOCK))
            try:
                with self.transaction():
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY"
                        " KEY, name TEXT NOT NULL, applied_time TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                    done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
                    for version, name, sql in PG_MIGRATIONS:
                        if version in done:
                            continue
                        conn.execute(sql)
                        conn.execute(
                            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                            (version, name),
                        )
                        applied.append(version)
            finally:
                conn.raw.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", (self.lock_space, MIGRATE_LOCK)
                )
        return applied

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0


class CannotConnect(OpenFailed):
    def __init__(self, url: str, cause: BaseException) -> None:
        super().__init__(
            f"cannot use the PostgreSQL database {describe_db(url)}: {cause}; check that it runs, that"
            " the URL's user, password and database are right, and that the user may create"
            " tables (nexus migrates the schema at start)"
        )


def open_postgres(
    url: str, *, migrate: bool = True, key_cache_s: float = KEY_CACHE_S, pool_size: int = 10
) -> PostgresStore:
    """Connects (waiting up to 10 s for a first connection) and migrates; raises
    ``CannotConnect`` when the database cannot be used."""
    try:
        store = PostgresStore(url, pool_size=pool_size, key_cache_s=key_cache_s)
    except psycopg.Error as exc:
        raise CannotConnect(url, exc) from exc
    try:
        if migrate:
            store.migrate()
    except psycopg.Error as exc:
        store.close()
        raise CannotConnect(url, exc) from exc
    return store
