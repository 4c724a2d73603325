"""The delivery engine: fan-out, claim with a lease, send, record the attempt, retry.

Every step that touches the store is one short transaction; HTTP happens between them,
never inside one. Work lives in the store (``deliveries``), so a notifier killed at any
moment resumes where the log says: a delivery whose lease ran out is claimed again and
re-sent with the same ``webhook-id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nexus.clock import Clock
from nexus.config import NotifierConfig
from nexus.domain import events as ev
from nexus.domain.validation import event_type_matches
from nexus.egress import payloads
from nexus.egress.deliverer import Deliverer, Job, Result, pending_delivery, tail
from nexus.logs import Retrying
from nexus.store.base import (
    DeliveryRecord,
    Store,
)
from nexus.store.work import Run, inline
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

log = logging.getLogger("nexus.notifier")
T = TypeVar("T")

# With no enabled webhook, how often the fan-out cursor is written down (see fan_out).
SKIPPED_CURSOR_SAVE_US = 1_000_000


class Subscriber:
    """A webhook's filters, read once per fan-out batch rather than once per event."""

    __slots__ = ("create_us", "genesys", "media_types", "name", "patterns", "webhook_id")

    def __init__(self, webhook: wpb.Webhook) -> None:
        self.webhook_id = tail(webhook.name)
        self.name = webhook.name
        self.create_us = webhook.create_time.ToMicroseconds()
        self.media_types = frozenset(webhook.media_types)
        self.patterns = list(webhook.event_types)
        self.genesys = webhook.format == wpb.WEBHOOK_FORMAT_GENESYS

    def wants(
        self, event: epb.Event, event_us: int, media_type: int, first_queue: Callable[[], bool]
    ) -> bool:
        """Whether the webhook subscribes to ``event`` (filters, format, creation time)."""
        if self.create_us > event_us:
            return False
        if event.type == ev.WEBHOOK_PING:
            return event.webhook.name == self.name
        if media_type and self.media_types and media_type not in self.media_types:
            return False
        if self.genesys:
            queued = event.state_change.to_state == ipb.STATE_QUEUED
            return payloads.genesys_event(event, first_queue() if queued else False) is not None
        if event.type in ev.EPHEMERAL:
            family = event.type.split(".", 1)[0]
            return any(p in (event.type, f"{family}.*") for p in self.patterns)
        return event_type_matches(self.patterns, event.type)


class Notifier:
    """The loop: fan out new events, claim due deliveries, send them concurrently."""

    def __init__(
        self,
        store: Store,
        deliverer: Deliverer,
        config: NotifierConfig,
        clock: Clock,
        wake: Callable[[], asyncio.Event] | None = None,
        run: Run | None = None,
    ) -> None:
        self.store = store
        self.run_store: Run = run or inline
        """Runs the synchronous store steps: on the loop for SQLite, on a worker thread with
        a pooled connection for PostgreSQL (the application's unit of work)."""
        self.deliverer = deliverer
        self.config = config
        self.clock = clock
        self._external_wake = wake
        self._wake = asyncio.Event()
        self._in_flight: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._results: list[Result] = []
        self._rotate = 0
        self._fanned_to = 0
        self._skipped = False
        self._cursor_saved_us = 0

    # -- steps (each one short transaction) -----------------------------------------------

    def fan_out(self) -> int:
        """Turns the next batch of events into deliveries; returns how many events it read."""
        now = self.clock.now_us()
        if self.store.last_cursor() <= self._fanned_to:
            self._save_skipped(now)
            return 0  # nothing new: skip the write transaction
        if not self.store.enabled_webhooks():
            # Nobody subscribes: move past the events without reading them, and write the
            # cursor down at most once a second instead of taking the write lock each round
            # (the server's group commits share it). Should the process stop before that,
            # the next one re-reads up to a second of events: a webhook created meanwhile
            # still gets none older than itself (``Subscriber.wants``).
            self._fanned_to = self.store.last_cursor()
            self._skipped = True
            self._save_skipped(now)
            return 0
        rows: list[DeliveryRecord] = []
        with self.store.transaction():
            hooks: dict[str, list[Subscriber]] = {}
            for tenant_id, webhook in self.store.enabled_webhooks():
                hooks.setdefault(tenant_id, []).append(Subscriber(webhook))
            after = self.store.fanout_cursor()
            events = list(self.store.iter_events(after, self.config.fanout_batch))
            if not events:
                self._fanned_to = after
                return 0
            for cursor, tenant_id, media_type, event in events:
                subscribers = hooks.get(tenant_id)
                if not subscribers:
                    continue
                event_us = event.create_time.ToMicroseconds()
                first = functools.partial(
                    self.store.is_first_queue, tail(event.interaction), event.sequence
                )
                for sub in subscribers:
                    if sub.wants(event, event_us, media_type, first):
                        rows.append(pending_delivery(sub.webhook_id, tenant_id, cursor, event, now))
            self.store.insert_deliveries(rows)
            self.store.set_fanout_cursor(events[-1][0])
        self._fanned_to = events[-1][0]
        return len(events)

    def _save_skipped(self, now_us: int) -> None:
        if self._skipped and now_us - self._cursor_saved_us >= SKIPPED_CURSOR_SAVE_US:
            with self.store.transaction():
                self.store.set_fanout_cursor(self._fanned_to)
            self._cursor_saved_us = now_us
            self._skipped = False

    def claim(self) -> list[Job]:
        """Leases due deliveries within the per-endpoint and total concurrency caps."""
        cfg = self.config
        room = min(cfg.max_in_flight - len(self._tasks), cfg.claim_batch)
        if room <= 0:
            return []
        now = self.clock.now_us()
        lease_until = now + int(cfg.lease_s * 1_000_000)
        webhooks = self.store.enabled_webhooks()
        if not webhooks:
            return []
        # Start at a different endpoint each time, so none is always served last.
        self._rotate = (self._rotate + 1) % len(webhooks)
        wanted: list[wpb.Webhook] = []
        for _, webhook in webhooks[self._rotate :] + webhooks[: self._rotate]:
            webhook_id = tail(webhook.name)
            # Reads first: an idle notifier, or one whose endpoints are all busy with its
            # own sends, does not take the write lock.
            busy = self._in_flight.get(webhook_id, 0) >= cfg.endpoint_concurrency
            if not busy and self.store.has_due(webhook_id, now):
                wanted.append(webhook)
        jobs: list[Job] = []
        if not wanted:
            return jobs
        with self.store.transaction():
            for webhook in wanted:
                webhook_id = tail(webhook.name)
                # The cap holds across notifier processes: their leases are in the store.
                free = cfg.endpoint_concurrency - self.store.leased_deliveries(webhook_id, now)
                limit = min(free, room - len(jobs))
                if room - len(jobs) <= 0:
                    break
                if limit <= 0:
                    continue
                claimed = self.store.claim_deliveries(webhook_id, now, lease_until, limit)
                if claimed:
                    secrets = self.store.webhook_secrets(webhook_id, now)
                    jobs.extend(Job(c, webhook, secrets) for c in claimed)
        return jobs

    def _round(self, results: list[Result]) -> tuple[int, int, list[Job]]:
        """The store's part of a round, in one call: record results, fan out, claim."""
        if results:
            self.deliverer.record(results)
        return len(results), self.fan_out(), self.claim()

    async def flush(self) -> int:
        results, self._results = self._results, []
        if results:
            await self.run_store(lambda: self.deliverer.record(results))
        return len(results)

    # -- the loop -------------------------------------------------------------------------

    def wake(self) -> None:
        self._wake.set()

    def _start(self, job: Job) -> None:
        task = asyncio.create_task(self._send(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, job: Job) -> None:
        webhook_id = job.delivery.webhook_id
        try:
            result = await self.deliverer.attempt(job)
            self._results.append(result)
        except Exception:  # a bug must not kill the loop; the lease brings the work back
            log.exception("delivery attempt crashed", extra={"delivery": job.delivery.id})
        finally:
            self._in_flight[webhook_id] -= 1
            if not self._in_flight[webhook_id]:
                del self._in_flight[webhook_id]
            self._wake.set()

    async def step(self) -> bool:
        """One round: record results, fan out, claim and start sends. True if it did work."""
        results, self._results = self._results, []
        recorded, fanned, jobs = await self.run_store(lambda: self._round(results))
        for job in jobs:
            webhook_id = job.delivery.webhook_id
            self._in_flight[webhook_id] = self._in_flight.get(webhook_id, 0) + 1
            self._start(job)
        return bool(recorded or fanned or jobs)

    async def run(self, stop: asyncio.Event) -> None:
        """Runs until ``stop`` is set, then lets in-flight attempts finish (bounded)."""
        log.info("notifier running")
        try:
            await run_rounds(self.step, self._wake, stop, self._external_wake, self.config, log)
        finally:
            await self.drain(self.config.shutdown_grace_s)
            log.info("notifier stopped")

    async def drain(self, grace_s: float) -> None:
        """Waits up to ``grace_s`` for in-flight attempts and records them."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace_s)
            for task in pending:
                task.cancel()
        await self.flush()

    async def run_until_idle(self, max_rounds: int = 10_000) -> None:
        """Works until nothing is due and nothing is in flight (tests, TestWebhook-free)."""
        for _ in range(max_rounds):
            busy = await self.step()
            if self._tasks:
                await asyncio.wait(set(self._tasks))
                continue
            if not busy and not self._results:
                return
        raise RuntimeError("notifier did not become idle")


async def run_rounds(
    step: Callable[[], Awaitable[bool]],
    wake: asyncio.Event,
    stop: asyncio.Event,
    external: Callable[[], asyncio.Event] | None,
    config: NotifierConfig,
    logger: logging.Logger,
) -> None:
    """The loop of a consumer of the event log: ``step`` until ``stop`` is set.

    Wake-ups are coalesced: after an idle round, one round per ``min_step_interval_s``
    however many commits woke it; a busy consumer (a backlog) goes on at once. Idle, it
    waits for ``wake`` (its own sends finishing), the server's commit signal
    (``external``) or ``poll_interval_s`` (work written by other processes).
    """
    loop = asyncio.get_running_loop()
    last_step, busy = -1e9, False
    retrying = Retrying(logger, "step")
    while not stop.is_set():
        signal = external() if external else None
        wake.clear()
        gap = last_step + config.min_step_interval_s - loop.time()
        if not busy and gap > 0:
            await asyncio.sleep(gap)
        last_step = loop.time()
        try:
            busy = await step()
        except Exception as exc:
            retrying.failed(exc)
            await asyncio.sleep(config.poll_interval_s)
            continue
        retrying.succeeded()
        if busy:
            await asyncio.sleep(0)
            continue
        await wait_any([wake, stop, *([signal] if signal else [])], config.poll_interval_s)


async def wait_any(events: list[asyncio.Event], seconds: float) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*waiters, return_exceptions=True)
