"""Group commit: the writes that arrive while the event loop is busy share one transaction.

A SQLite commit costs far more than the inserts it makes durable (every touched page of
every index is appended to the WAL), so under concurrent load the server runs each
request's use case inside a SAVEPOINT of one shared transaction and commits once. A
request that fails rolls back only its savepoint. Nobody is answered before the commit:
results are released after COMMIT returns, so an acknowledged write is a committed write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from nexus.core.signal import LogSignal
from nexus.store.base import Store

T = TypeVar("T")

MAX_BATCH = 256
# Under load, wait this long for more writes to join a batch; when idle, commit at once.
GATHER_S = 0.001
BUSY_WITHIN_S = 0.005


class WriteBatcher:
    def __init__(self, store: Store, signal: LogSignal | None = None) -> None:
        self.store = store
        self.signal = signal
        self._queue: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._scheduled = False
        self._last_flush = 0.0
        self.batches = 0
        self.writes = 0

    async def run(self, work: Callable[[], T]) -> T:
        """Runs ``work`` (a synchronous use case) in the next group transaction."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append((work, future))
        if not self._scheduled:
            self._scheduled = True
            busy = loop.time() - self._last_flush < BUSY_WITHIN_S
            loop.call_later(GATHER_S if busy else 0, self._flush)
        return await future

    def _flush(self) -> None:
        self._scheduled = False
        self._last_flush = asyncio.get_running_loop().time()
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        if self._queue:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)
        outcomes: list[tuple[asyncio.Future[Any], BaseException | None, Any]] = []
        try:
            with self.store.transaction():
                for work, future in batch:
                    if future.cancelled():
                        continue
                    try:
                        outcomes.append((future, None, work()))
                    except Exception as exc:  # the caller's error, mapped by the API layer
                        outcomes.append((future, exc, None))
        except Exception as exc:  # the commit itself failed: nothing of the batch is durable
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        self.batches += 1
        self.writes += len(outcomes)
        for future, error, result in outcomes:
            if future.done():
                continue
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)
        if self.signal is not None:
            self.signal.notify()
