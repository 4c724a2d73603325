"""The embedded store: one SQLite file in WAL mode (migrated through sqlite-utils).

Calls are synchronous and short (indexed lookups and small writes); the asyncio server
makes them on its event loop, which avoids a thread hop per RPC. Writers in other
processes (the notifier, the CLI) wait on ``busy_timeout`` rather than failing.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from nexus.store.base import OpenFailed
from nexus.store.migrations import MIGRATIONS
from nexus.store.sql import KEY_CACHE_S, SqlStore

BUSY_TIMEOUT_MS = 10_000


def open_store(
    path: str | Path, *, migrate: bool = True, key_cache_s: float = KEY_CACHE_S
) -> SqliteStore:
    """Opens (creating if needed) the database file and brings its schema up to date.

    Raises ``CannotOpenDatabase``, whose message says what is wrong and what to do, when
    the file cannot be opened, created or written.
    """
    try:
        # SQLite would quietly open a file it cannot write read-only, and fail at the
        # first write; refuse it here instead.
        if Path(path).is_file() and not os.access(path, os.W_OK):
            raise PermissionError(f"{path} is read-only")
        store = SqliteStore(path, key_cache_s=key_cache_s)
    except (sqlite3.Error, OSError) as exc:
        raise CannotOpenDatabase(path, exc) from exc
    try:
        if migrate:
            store.migrate()
    except (sqlite3.Error, OSError) as exc:
        store.close()
        raise CannotOpenDatabase(path, exc) from exc
    return store


class CannotOpenDatabase(OpenFailed):
    """The database file cannot be used; the message names it, the cause and the remedy."""

    def __init__(self, path: str | Path, cause: BaseException) -> None:
        self.path = Path(path).absolute()
        problem, remedy = _diagnose(self.path, cause)
        super().__init__(f"cannot open the database {self.path}: {problem}; {remedy}")


def _diagnose(path: Path, cause: BaseException) -> tuple[str, str]:
    """What is wrong with ``path``, and what to do, in the user's terms rather than SQLite's."""
    elsewhere = "or point --db (or db in the configuration, or NEXUS_DB) elsewhere"
    if path.is_dir():
        return "it is a directory", "point --db at a database file inside it"
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        return f"{parent} is a file, not a directory", f"move that file away, {elsewhere}"
    # os.access also sees the immutable flag and read-only mounts, which stop root too.
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return "the file is read-only", f"make it writable (nexus writes to it), {elsewhere}"
    if not os.access(path.parent, os.W_OK):
        return (
            f"the directory {path.parent} is read-only (SQLite creates the database and its "
            "-wal and -shm files there)",
            f"make it writable, {elsewhere}",
        )
    text = str(cause)
    if "not a database" in text:
        return "the file is not a SQLite database", f"move it away, {elsewhere}"
    if "readonly" in text:
        return "it is read-only", f"make it and its directory writable, {elsewhere}"
    return text, f"check the path and its permissions, {elsewhere}"


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, cached_statements=256
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a commit survives a process crash; only an OS crash or power
    # loss can lose the last transactions. FULL would fsync every commit.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class SqliteStore(SqlStore):
    backend = "sqlite"

    def __init__(self, path: str | Path, key_cache_s: float = KEY_CACHE_S) -> None:
        super().__init__(key_cache_s)
        self.path = str(path)
        self.location = self.path
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._writer = _connect(self.path)
        # Reads outside a write transaction use a connection of their own: they see only
        # committed data, and they go on while a group commit finishes on another thread.
        self._reader = self._writer if self.path == ":memory:" else _connect(self.path)
        if self._reader is not self._writer:
            self._reader.execute("PRAGMA query_only = 1")  # a write outside a transaction fails
        self._read_lock = threading.RLock()
        self.db = sqlite_utils.Database(self._writer)
        self._depth = 0
        # Held from BEGIN to COMMIT. A plain lock, not an RLock: a group transaction is
        # begun on the event loop's thread and committed on another (see begin_group).
        self._slot = threading.Lock()
        self._owner: int | None = None

    @property
    def conn(self) -> sqlite3.Connection:  # type: ignore[override]
        """The writer inside this thread's write transaction, else the reader."""
        if self._depth and self._owner == threading.get_ident():
            return self._writer
        return self._reader

    # -- lifecycle ----------------------------------------------------------------------

    def close(self) -> None:
        self._writer.close()
        if self._reader is not self._writer:
            self._reader.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE).

        Used inside another one it becomes a SAVEPOINT: its failure undoes only its own
        writes. That is what lets one transaction carry a batch of independent requests.
        """
        if self._depth and self._owner == threading.get_ident():
            savepoint = f"sp{self._depth}"
            self._writer.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._writer.execute(f"ROLLBACK TO {savepoint}")
                self._writer.execute(f"RELEASE {savepoint}")
                raise
            else:
                self._writer.execute(f"RELEASE {savepoint}")
            finally:
                self._depth -= 1
            return
        self.begin_group()
        try:
            yield
        except BaseException:
            self._end()
            self._finish("ROLLBACK")
            raise
        self._end()
        self.commit_group()

    def begin_group(self) -> None:
        """Opens a write transaction on this thread; ``commit_group`` must follow, and may
        be called from another thread (SQLite releases the GIL while it commits). Until it
        returns, other writers wait; readers do not."""
        self._slot.acquire()
        try:
            self._writer.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._slot.release()
            raise
        self._owner = threading.get_ident()
        self._depth = 1
        self.write_serial += 1

    def end_group(self) -> None:
        """This thread is done writing: from now on its reads see committed data only."""
        self._end()

    def commit_group(self) -> None:
        """Commits what ``begin_group`` opened. A COMMIT can fail too (deferred constraints,
        I/O): then the transaction is rolled back and nothing of it is kept."""
        try:
            self._writer.execute("COMMIT")
        except BaseException:
            self._finish("ROLLBACK")
            raise
        self._slot.release()

    def rollback_group(self) -> None:
        self._end()
        self._finish("ROLLBACK")

    def _end(self) -> None:
        self._depth = 0
        self._owner = None

    def _finish(self, statement: str) -> None:
        try:
            if self._writer.in_transaction:
                self._writer.execute(statement)
        finally:
            self._slot.release()

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction, so that several SELECTs see one state of the database."""
        conn = self.conn
        if conn is self._writer:
            yield
            return
        with self._read_lock:
            if conn.in_transaction:
                yield
                return
            conn.execute("BEGIN")
            try:
                yield
            finally:
                conn.execute("COMMIT")

    def migrate(self) -> list[int]:
        """Applies the migrations this file has not seen; returns their versions."""
        applied: list[int] = []
        with self.transaction():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_time INTEGER NOT NULL)"
            )
            done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, name, step in MIGRATIONS:
                if version in done:
                    continue
                step(self.db)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, strftime('%s','now'))",
                    (version, name),
                )
                applied.append(version)
        return applied
