"""Group commit: the writes that arrive while the event loop is busy share one transaction.

A SQLite commit costs far more than the inserts it makes durable (every touched page of
every index is appended to the WAL), so under concurrent load the server runs each
request's use case inside a SAVEPOINT of one shared transaction and commits once. A
request that fails rolls back only its savepoint. Nobody is answered before the commit:
results are released after COMMIT returns, so an acknowledged write is a committed write.

On SQLite (``inline``) the use cases run on the event loop's thread and the COMMIT on a
thread of its own: SQLite releases the GIL while it writes the WAL (for a batch of
messages to different conversations, a millisecond or more), so the loop goes on serving
reads and gathering the next batch meanwhile. Reads made in the meantime use the store's
reader connection and see only committed data. On PostgreSQL the whole batch, use cases
and COMMIT, runs on that thread with its pooled connection: no database I/O on the loop.
The batch amortises PostgreSQL's write lock and commit as it does SQLite's.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar, cast

from nexus import metrics, tracing
from nexus.store.base import Store

if TYPE_CHECKING:
    from nexus.store.sqlite import SqliteStore

T = TypeVar("T")
# A queued write: the use case, its caller's future, and the caller's context.
_Write = tuple[Callable[[], Any], "asyncio.Future[Any]", contextvars.Context]
# What became of one: the future, the caller's error or None, the result.
_Outcome = tuple["asyncio.Future[Any]", Exception | None, Any]

MAX_BATCH = 256
# Under load, wait this long for more writes to join a batch; when idle, commit at once.
GATHER_S = 0.003
BUSY_WITHIN_S = 0.005


class GroupCommit:
    def __init__(
        self, store: Store, on_commit: Callable[[], None] | None = None, *, inline: bool = True
    ) -> None:
        self.store = store
        self.on_commit = on_commit
        self.inline = inline
        self._queue: list[_Write] = []
        self._scheduled = False
        self._flushing: asyncio.Task[None] | None = None
        self._last_flush = 0.0
        # COMMIT runs here: SQLite releases the GIL while it writes the WAL, so the event
        # loop goes on serving (and gathering the next batch) in the meantime.
        self._committer = ThreadPoolExecutor(1, thread_name_prefix="nexus-commit")
        self.batches = 0
        self.writes = 0

    def close(self) -> None:
        self._committer.shutdown(wait=True)

    async def run(self, work: Callable[[], T]) -> T:
        """Runs ``work`` (a synchronous use case) in the next group transaction."""
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        span = tracing.start_child("nexus.store.write")
        future: asyncio.Future[T] = loop.create_future()
        # The work runs in the caller's context (its trace context, and the span of this
        # transaction, which its events keep), not the flusher's.
        self._queue.append((work, future, contextvars.copy_context()))
        if not self._scheduled:
            self._scheduled = True
            busy = loop.time() - self._last_flush < BUSY_WITHIN_S
            loop.call_later(GATHER_S if busy else 0, self._start_flush)
        try:
            return await future
        finally:
            tracing.end_child(span)
            metrics.STORE_WRITE_DURATION.observe(time.perf_counter() - started)

    def _start_flush(self) -> None:
        self._flushing = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        started = time.perf_counter()
        try:
            # shielded: once begun, the commit completes even if this task is cancelled
            if self.inline:
                outcomes = self._run_batch(batch)
                commit = loop.run_in_executor(self._committer, self._sqlite.commit_group)
                await asyncio.shield(commit)
            else:
                run = loop.run_in_executor(self._committer, self._run_and_commit, batch)
                outcomes = await asyncio.shield(run)
        except asyncio.CancelledError:
            for _, future, _ in batch:
                future.cancel()
            raise
        except Exception as exc:  # nothing of the batch is durable
            for _, future, _ in batch:
                if not future.done():
                    future.set_exception(exc)
        else:
            metrics.STORE_COMMIT_DURATION.observe(time.perf_counter() - started)
            metrics.STORE_BATCH_WRITES.observe(len(outcomes))
            self.batches += 1
            self.writes += len(outcomes)
            for future, error, result in outcomes:
                if future.done():
                    continue
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(result)
            if self.on_commit is not None:
                self.on_commit()
        finally:
            self._last_flush = loop.time()
            if self._queue:  # arrived while this batch was committing: go again at once
                loop.call_soon(self._start_flush)
            else:
                self._scheduled = False

    def _run_batch(self, batch: list[_Write]) -> list[_Outcome]:
        """Runs each write in a savepoint of one open transaction, on the loop's thread."""
        self._sqlite.begin_group()
        try:
            outcomes = _run_each(batch)
        except BaseException:
            self._sqlite.rollback_group()
            raise
        self._sqlite.end_group()
        return outcomes

    @property
    def _sqlite(self) -> SqliteStore:
        """Inline batches are SQLite's: begun on the loop's thread, committed on another."""
        return cast("SqliteStore", self.store)

    def _run_and_commit(self, batch: list[_Write]) -> list[_Outcome]:
        """The batch and its COMMIT, on the committer's thread."""
        with self.store.transaction():
            return _run_each(batch)


def _run_each(batch: list[_Write]) -> list[_Outcome]:
    outcomes: list[_Outcome] = []
    for work, future, context in batch:
        if future.cancelled():
            continue
        try:
            outcomes.append((future, None, context.run(work)))
        except Exception as exc:  # the caller's error, mapped by the API layer
            outcomes.append((future, exc, None))
    return outcomes
