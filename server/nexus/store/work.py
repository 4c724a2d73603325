"""The unit of work: how servicers, the core's workers and the notifier reach the store.

``write(fn)`` runs a use case in a write transaction (group commit on both backends);
``run(fn)`` runs a function that reads, or writes in transactions of its own. On SQLite
both run on the event loop (short local calls, no thread hop per request); on PostgreSQL
both run on worker threads, each with a connection of its own, so the loop never waits on the
network. Callers cannot tell the difference, which is the point.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol, TypeVar

from nexus import metrics
from nexus.domain.errors import Unavailable
from nexus.store.base import Store
from nexus.store.group_commit import GroupCommit

if TYPE_CHECKING:
    from nexus.store.postgres import PostgresStore

T = TypeVar("T")
log = logging.getLogger("nexus.store")
SWITCH_INTERVAL_S = 0.0005

Run = Callable[[Callable[[], T]], Awaitable[T]]
"""Runs a synchronous function that uses the store: ``Work.run``."""


async def inline(fn: Callable[[], T]) -> T:
    """``Run`` on the caller's thread: the embedded store's way, and tests'."""
    return fn()


class Work(Protocol):
    @property
    def store(self) -> Store: ...

    async def write(self, fn: Callable[[], T]) -> T:
        """Runs ``fn`` (a synchronous use case) in the next group transaction; answers
        once that has committed."""
        ...

    async def run(self, fn: Callable[[], T]) -> T:
        """Runs ``fn``, which reads, or writes in transactions of its own."""
        ...

    async def start(self) -> None:
        """Starts hearing of commits made by other processes (``on_commit``)."""
        ...

    async def close(self) -> None: ...


class SqliteWork:
    """Everything on the loop; only SQLite's COMMIT goes to a thread. Other processes'
    commits are found by polling (the WAL has no notifications)."""

    def __init__(self, store: Store, on_commit: Callable[[], None] | None = None) -> None:
        self.store = store
        self.group = GroupCommit(store, on_commit, inline=True)

    async def write(self, fn: Callable[[], T]) -> T:
        return await self.group.run(fn)

    async def run(self, fn: Callable[[], T]) -> T:
        return fn()

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self.group.close()  # waits for a commit in flight


class PostgresWork:
    """Writes: group commit on a thread of its own. Reads and workers' steps: a pool of
    ``db_pool_size`` threads, each with its own connection. Commits of
    other processes arrive by LISTEN/NOTIFY (see ``PostgresStore.transaction``)."""

    def __init__(self, store: PostgresStore, on_commit: Callable[[], None] | None = None) -> None:
        self.store: PostgresStore = store
        self.on_commit = on_commit
        # Each statement's answer wakes the worker thread, which then needs the GIL the
        # event loop holds: Python hands it over only every switch interval (5 ms by
        # default), and a write transaction waits that long per round trip. Measured with
        # bench/scaleout_bench.py: 0.5 ms gave reads +30 % and writes +10 % on PostgreSQL.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.group = GroupCommit(store, on_commit, inline=False)
        self._threads = ThreadPoolExecutor(store.pool_size, thread_name_prefix="nexus-db")
        metrics.STORE_POOL_SIZE.set(store.pool_size)
        self._listener: asyncio.Task[None] | None = None

    async def write(self, fn: Callable[[], T]) -> T:
        try:
            return await self.group.run(fn)
        except _unreachable() as exc:
            raise _unavailable(exc) from exc

    async def run(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        metrics.STORE_POOL_IN_USE.inc()
        try:
            return await loop.run_in_executor(self._threads, self._bound, context, fn)
        except _unreachable() as exc:
            raise _unavailable(exc) from exc
        finally:
            metrics.STORE_POOL_IN_USE.dec()

    def _bound(self, context: contextvars.Context, fn: Callable[[], T]) -> T:
        with self.store.bound():
            return context.run(fn)

    async def start(self) -> None:
        if self.on_commit is not None and self._listener is None:
            self._listener = asyncio.create_task(self._listen(self.on_commit))

    async def _listen(self, on_commit: Callable[[], None]) -> None:
        """Wakes this process's watchers and workers when any process commits events;
        reconnects when the database goes away."""
        import psycopg

        from nexus.store.postgres import NOTIFY_CHANNEL

        space = str(self.store.lock_space)
        pause = 0.2
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.store.url, autocommit=True)
                async with conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    pause = 0.2
                    on_commit()  # anything committed while not listening is read now
                    async for note in conn.notifies():
                        if note.payload == space:
                            on_commit()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("listening for commits failed; reconnecting", exc_info=exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        self.group.close()
        self._threads.shutdown(wait=True)


def _unreachable() -> type[Exception]:
    import psycopg

    return psycopg.OperationalError


def _unavailable(exc: Exception) -> Unavailable:
    return Unavailable(f"the database is unavailable ({type(exc).__name__}); retry")


def work_for(store: Store, on_commit: Callable[[], None] | None = None) -> Work:
    """The unit of work of the store's backend."""
    if getattr(store, "backend", "sqlite") == "postgresql":
        from nexus.store.postgres import PostgresStore

        assert isinstance(store, PostgresStore)
        return PostgresWork(store, on_commit)
    return SqliteWork(store, on_commit)
