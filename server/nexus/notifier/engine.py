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
import os
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from nexus import tracing
from nexus.clock import Clock
from nexus.config import NotifierConfig
from nexus.domain import events as ev
from nexus.domain.validation import event_type_matches
from nexus.egress import signing
from nexus.egress.client import EgressClient, Outcome
from nexus.ids import new_id
from nexus.notifier import payloads
from nexus.notifier.schedule import RetryPolicy, parse_retry_after
from nexus.store.base import (
    AttemptRecord,
    ClaimedDelivery,
    DeliveryRecord,
    DeliveryStatus,
    Store,
    WebhookSecret,
)
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

log = logging.getLogger("nexus.notifier")

# With no enabled webhook, how often the fan-out cursor is written down (see fan_out).
SKIPPED_CURSOR_SAVE_US = 1_000_000

# Disables a webhook and records ``webhook.disabled``: (tenant_id, webhook_id, reason).
Disabler = Callable[[str, str, str], None]


@dataclass(frozen=True)
class Job:
    """A claimed delivery with what sending it needs."""

    claimed: ClaimedDelivery
    webhook: wpb.Webhook
    secrets: list[WebhookSecret]

    @property
    def delivery(self) -> DeliveryRecord:
        return self.claimed.delivery


class Encoded(NamedTuple):
    """What every delivery of one event shares."""

    event: epb.Event
    body: bytes
    """The Standard Webhooks body."""
    trace: str
    """The trace id of every attempt."""


@dataclass(frozen=True)
class Result:
    job: Job
    attempt: AttemptRecord
    status: DeliveryStatus
    gone: bool


def tail(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def pending_delivery(
    webhook_id: str,
    tenant_id: str,
    cursor: int,
    event: epb.Event,
    now_us: int,
    delivery_id: str | None = None,
) -> DeliveryRecord:
    """A new delivery of ``event``, due at once."""
    return DeliveryRecord(
        id=delivery_id or new_id(),
        webhook_id=webhook_id,
        tenant_id=tenant_id,
        event_cursor=cursor,
        event_id=event.id,
        event_type=event.type,
        order_key=tail(event.interaction),
        status=DeliveryStatus.PENDING,
        attempts=0,
        schedule_pos=0,
        next_attempt_time_us=now_us,
        last_status_code=0,
        create_time_us=now_us,
        update_time_us=now_us,
    )


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


class Deliverer:
    """Sends one claimed delivery and records how it went (used by the loop and TestWebhook)."""

    def __init__(
        self,
        store: Store,
        config: NotifierConfig,
        clock: Clock,
        disable: Disabler,
        client: EgressClient | None = None,
        rand: random.Random | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.disable = disable
        self.client = client or EgressClient(config)
        self.policy = RetryPolicy(
            config.retry_schedule_s, config.jitter, config.throttle_floor_s,
            config.retry_after_max_s,
        )  # fmt: skip
        self.rand = rand or random.Random()
        self._events: OrderedDict[int, Encoded] = OrderedDict()
        self._keys: dict[str, bytes] = {}

    def _key(self, secret: str) -> bytes:
        key = self._keys.get(secret)
        if key is None:
            if len(self._keys) > 10_000:
                self._keys.clear()
            key = self._keys[secret] = signing.secret_key(secret)
        return key

    def _event(self, claimed: ClaimedDelivery) -> Encoded:
        """The event, its standard body and trace id, made once for all its webhooks."""
        cursor = claimed.delivery.event_cursor
        cached = self._events.get(cursor)
        if cached is None:
            event = epb.Event.FromString(claimed.event_data)
            event.cursor = claimed.tenant_cursor
            trace = tracing.trace_id(event.traceparent) or payloads.trace_id(event.id)
            cached = Encoded(event, payloads.standard_body(event), trace)
            self._events[cursor] = cached
            if len(self._events) > 4096:
                self._events.popitem(last=False)
        return cached

    def request(self, job: Job) -> tuple[dict[str, str], bytes]:
        """Headers and body of an attempt made now."""
        event, body, trace = self._event(job.claimed)
        span = os.urandom(8).hex()
        headers = {"content-type": "application/json"}
        if job.webhook.format == wpb.WEBHOOK_FORMAT_GENESYS:
            # The fan-out sent only STARTED/FINISHED events here (and TestWebhook a ping).
            kind = payloads.genesys_event(event, first_queue=True)
            body = payloads.genesys_body(event, kind, self.config.public_url)
            if job.secrets:
                headers["X-Hub-Signature"] = signing.hub_signature(job.secrets[0].secret, body)
            headers["X-B3-TraceId"] = trace
            headers["X-B3-SpanId"] = span
        else:
            ts = self.clock.now_us() // 1_000_000
            keys = [self._key(s.secret) for s in job.secrets]
            headers["webhook-id"] = event.id
            headers["webhook-timestamp"] = str(ts)
            headers["webhook-signature"] = signing.signature_header(keys, event.id, ts, body)
        headers["traceparent"] = f"00-{trace}-{span}-01"
        if job.webhook.headers:
            headers.update(job.webhook.headers)
        return headers, body

    async def attempt(self, job: Job, trigger: str = "scheduled", retry: bool = True) -> Result:
        headers, body = self.request(job)
        started = self.clock.now_us()
        outcome = await self.client.post(job.webhook.url, headers, body)
        return self.judge(job, outcome, started, trigger, retry)

    def judge(
        self, job: Job, outcome: Outcome, started_us: int, trigger: str, retry: bool = True
    ) -> Result:
        """Turns an outcome into the delivery's next state (pure but for the clock)."""
        gone = outcome.status_code == 410
        next_us: int | None = None
        if outcome.ok:
            status = DeliveryStatus.SUCCEEDED
        elif gone or not retry:
            status = DeliveryStatus.FAILED
        else:
            now = self.clock.now_us()
            delay = self.policy.next_delay(
                job.delivery.schedule_pos + 1,
                outcome.status_code,
                outcome.timed_out,
                parse_retry_after(outcome.retry_after, now / 1e6),
                self.rand,
            )
            if delay is None:
                status = DeliveryStatus.FAILED
            else:
                status = DeliveryStatus.PENDING
                next_us = now + int(delay * 1_000_000)
        attempt = AttemptRecord(
            delivery_id=job.delivery.id,
            attempt_time_us=started_us,
            status_code=outcome.status_code,
            latency_us=outcome.latency_us,
            response_body=outcome.body,
            error_class=outcome.error_class,
            error=outcome.error[:1024],
            next_attempt_time_us=next_us,
            trigger=trigger,
        )
        return Result(job, attempt, status, gone)

    def record(self, results: Sequence[Result]) -> None:
        """Writes attempts and their consequences in one transaction."""
        now = self.clock.now_us()
        latest: dict[str, Result] = {}
        gone: dict[str, Result] = {}
        for r in results:
            if r.attempt.trigger != "test":  # a ping does not move the failure clock
                latest[r.job.delivery.webhook_id] = r
                if r.gone:
                    gone[r.job.delivery.webhook_id] = r
        with self.store.transaction():
            self.store.record_attempts([(r.attempt, r.status) for r in results], now)
            for webhook_id, r in latest.items():
                failed = r.status != DeliveryStatus.SUCCEEDED
                gap = int(self.config.disable_after_s / 2 * 1e6)
                since = self.store.webhook_failing_since(webhook_id, failed, now, gap)
                tenant_id = r.job.delivery.tenant_id
                if webhook_id in gone:
                    self.disable(tenant_id, webhook_id, "the endpoint answered 410 Gone")
                elif since is not None and now - since >= self.config.disable_after_s * 1e6:
                    days = self.config.disable_after_s / 86400
                    self.disable(tenant_id, webhook_id, f"every delivery failed for {days:g} days")


class Notifier:
    """The loop: fan out new events, claim due deliveries, send them concurrently."""

    def __init__(
        self,
        store: Store,
        deliverer: Deliverer,
        config: NotifierConfig,
        clock: Clock,
        wake: Callable[[], asyncio.Event] | None = None,
    ) -> None:
        self.store = store
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
        wanted: list[tuple[wpb.Webhook, int]] = []
        for _, webhook in webhooks[self._rotate :] + webhooks[: self._rotate]:
            webhook_id = tail(webhook.name)
            free = cfg.endpoint_concurrency - self._in_flight.get(webhook_id, 0)
            # A read first: an idle notifier does not take the write lock.
            if free > 0 and self.store.has_due(webhook_id, now):
                wanted.append((webhook, free))
        jobs: list[Job] = []
        if not wanted:
            return jobs
        with self.store.transaction():
            for webhook, free in wanted:
                webhook_id = tail(webhook.name)
                limit = min(free, room - len(jobs))
                if limit <= 0:
                    break
                claimed = self.store.claim_deliveries(webhook_id, now, lease_until, limit)
                if claimed:
                    secrets = self.store.webhook_secrets(webhook_id, now)
                    jobs.extend(Job(c, webhook, secrets) for c in claimed)
                    self._in_flight[webhook_id] = self._in_flight.get(webhook_id, 0) + len(claimed)
        return jobs

    def flush(self) -> int:
        results, self._results = self._results, []
        if results:
            self.deliverer.record(results)
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
        recorded = self.flush()
        fanned = self.fan_out()
        jobs = self.claim()
        for job in jobs:
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
        self.flush()

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
    while not stop.is_set():
        signal = external() if external else None
        wake.clear()
        gap = last_step + config.min_step_interval_s - loop.time()
        if not busy and gap > 0:
            await asyncio.sleep(gap)
        last_step = loop.time()
        try:
            busy = await step()
        except Exception:
            logger.exception("step failed; retrying")
            busy = False
            await asyncio.sleep(config.poll_interval_s)
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
