"""One webhook delivery attempt: the request (body, signatures, trace), the HTTP call
through the egress client, the judgement (retry, fail, succeed) and its record.

Used by the notifier's loop and by TestWebhook in the API alike; it sits below both.
"""

from __future__ import annotations

import logging
import os
import random
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from nexus import metrics, tracing
from nexus.clock import Clock
from nexus.config import NotifierConfig
from nexus.egress import payloads, signing
from nexus.egress.client import EgressClient, Outcome
from nexus.egress.schedule import RetryPolicy, parse_retry_after
from nexus.ids import new_id
from nexus.store.base import (
    AttemptRecord,
    ClaimedDelivery,
    DeliveryRecord,
    DeliveryStatus,
    Store,
    WebhookSecret,
)
from nexus.v1 import event_pb2 as epb
from nexus.v1 import webhook_pb2 as wpb

log = logging.getLogger("nexus.delivery")

_OUTCOMES = {
    DeliveryStatus.SUCCEEDED: "success",
    DeliveryStatus.PENDING: "retry",
    DeliveryStatus.FAILED: "failed",
}

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

    def request(self, job: Job, traceparent: str | None = None) -> tuple[dict[str, str], bytes]:
        """Headers and body of an attempt made now; ``traceparent`` is the attempt's span's
        (else the attempt gets a span id of its own in the event's trace)."""
        event, body, trace = self._event(job.claimed)
        span = os.urandom(8).hex()
        if traceparent:
            _, trace, span, _ = traceparent.split("-")
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
        headers["traceparent"] = traceparent or f"00-{trace}-{span}-01"
        if job.webhook.headers:
            headers.update(job.webhook.headers)
        return headers, body

    async def attempt(self, job: Job, trigger: str = "scheduled", retry: bool = True) -> Result:
        event = self._event(job.claimed).event
        attributes: dict[str, str | int] = {
            "nexus.webhook": job.delivery.webhook_id,
            "nexus.delivery": job.delivery.id,
            "nexus.event.type": event.type,
            "nexus.attempt": job.delivery.attempts + 1,
        }
        metrics.DELIVERIES_IN_FLIGHT.inc()
        try:
            with tracing.delivery("webhook delivery", event.traceparent, attributes) as span:
                headers, body = self.request(job, span.traceparent if span else None)
                started = self.clock.now_us()
                outcome = await self.client.post(job.webhook.url, headers, body)
                result = self.judge(job, outcome, started, trigger, retry)
                if span is not None:
                    span.attributes["http.response.status_code"] = outcome.status_code
                    if not outcome.ok:
                        span.fail(outcome.error or "failed")
        finally:
            metrics.DELIVERIES_IN_FLIGHT.dec()
        self._observe(result, event, headers["traceparent"])
        return result

    def _observe(self, r: Result, event: epb.Event, traceparent: str) -> None:
        """The attempt's figures and its log line (never its body, URL or headers)."""
        a = r.attempt
        outcome = "refused" if a.error_class == "ssrf_refused" else _OUTCOMES[r.status]
        tenant = r.job.delivery.tenant_id
        metrics.DELIVERY_ATTEMPTS.labels(outcome, metrics.tenant_label(tenant)).inc()
        metrics.ATTEMPT_DURATION.observe(a.latency_us / 1e6)
        if r.status == DeliveryStatus.SUCCEEDED and event.HasField("create_time"):
            lag_us = self.clock.now_us() - event.create_time.ToMicroseconds()
            metrics.DELIVERY_LAG.observe(max(0, lag_us) / 1e6)
        if log.isEnabledFor(logging.INFO):
            log.info(
                "delivery attempt",
                extra={
                    "webhook": r.job.delivery.webhook_id,
                    "delivery": r.job.delivery.id,
                    "event": event.id,
                    "event_type": event.type,
                    "tenant": tenant,
                    "attempt": r.job.delivery.attempts + 1,
                    "trigger": a.trigger,
                    "outcome": outcome,
                    "status_code": a.status_code,
                    "error_class": a.error_class,
                    "duration_ms": round(a.latency_us / 1000, 3),
                    "trace_id": tracing.trace_id(traceparent) or "",
                },
            )

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
