"""The Prometheus metrics of nexus: one catalogue, in the process's default registry.

Every name follows Prometheus' conventions: base units (seconds, bytes), ``_total`` on
counters, and labels from small fixed sets. No label ever carries a value a tenant chose:
the ``tenant`` label is the tenant's id for the tenants named in ``metrics_tenants`` and
``other`` for every other. Figures read from the database (backlogs, armed timers, the
log's head) are gauges refreshed when ``/metrics`` is scraped (``nexus.admin``); every
other figure is counted where it happens. ``docs/operations.md`` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, Info

from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import interaction_pb2 as ipb

OTHER = "other"

# Latencies of calls and transactions: 0.5 ms to 10 s.
FAST = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Lags that include retries: 10 ms to a day.
SLOW = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 86400)

# -- RPCs ---------------------------------------------------------------------------------

RPC_REQUESTS = Counter(
    "nexus_rpc_requests",
    "RPCs handled, by service, method and gRPC status code.",
    ["service", "method", "code", "tenant"],
)
RPC_DURATION = Histogram(
    "nexus_rpc_duration_seconds",
    "Time from receiving a unary RPC to its answer (streams are not timed).",
    ["service", "method"],
    buckets=FAST,
)
RPC_IN_FLIGHT = Gauge(
    "nexus_rpc_in_flight", "RPCs being handled now (open streams included).", ["service", "method"]
)

# -- store --------------------------------------------------------------------------------

STORE_WRITE_DURATION = Histogram(
    "nexus_store_write_duration_seconds",
    "Time of a write transaction, from queueing it for the group commit to its commit.",
    buckets=FAST,
)
STORE_COMMIT_DURATION = Histogram(
    "nexus_store_commit_duration_seconds",
    "Time of one group commit's transaction on the database (its writes and COMMIT).",
    buckets=FAST,
)
STORE_BATCH_WRITES = Histogram(
    "nexus_store_group_commit_writes",
    "Writes that shared one group commit.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
STORE_POOL_SIZE = Gauge(
    "nexus_store_pool_connections", "Database connections (and threads) of the pool (PostgreSQL)."
)
STORE_POOL_IN_USE = Gauge(
    "nexus_store_pool_in_use", "Pool connections busy with a unit of work now (PostgreSQL)."
)
STORE_UP = Gauge("nexus_store_up", "1 when the last look at the database succeeded, else 0.")
LOG_HEAD = Gauge("nexus_event_log_head_cursor", "Cursor of the newest event in the log.")
FANOUT_CURSOR = Gauge(
    "nexus_notifier_fanout_cursor", "Cursor of the newest event turned into webhook deliveries."
)

# -- notifier -----------------------------------------------------------------------------

DELIVERY_OUTCOMES = ("success", "retry", "failed", "refused")
DELIVERY_ATTEMPTS = Counter(
    "nexus_webhook_attempts",
    "Webhook delivery attempts by outcome: success (2xx), retry (failed, will be retried),"
    " failed (given up: schedule exhausted or 410 Gone), refused (the SSRF guard refused"
    " the address).",
    ["outcome", "tenant"],
)
ATTEMPT_DURATION = Histogram(
    "nexus_webhook_attempt_duration_seconds",
    "Time of one delivery attempt, connecting to the end of the response.",
    buckets=FAST,
)
DELIVERY_LAG = Histogram(
    "nexus_webhook_delivery_lag_seconds",
    "Time from an event's commit to the 2xx that delivered it (retries included).",
    buckets=SLOW,
)
DELIVERIES_IN_FLIGHT = Gauge("nexus_webhook_attempts_in_flight", "Attempts in flight now.")
WEBHOOK_STATES = ("healthy", "failing", "disabled")
PENDING_DELIVERIES = Gauge(
    "nexus_webhook_pending_deliveries",
    "Deliveries not yet delivered nor given up, by the state of their webhook.",
    ["webhook_state", "tenant"],
)
OLDEST_PENDING = Gauge(
    "nexus_webhook_oldest_pending_age_seconds",
    "Age of the oldest pending delivery, by the state of its webhook (0 when none).",
    ["webhook_state", "tenant"],
)
WEBHOOKS = Gauge(
    "nexus_webhooks",
    "Webhooks by state: healthy, failing (its last deliveries failed), disabled.",
    ["state"],
)
ENDPOINT_FAILING = Gauge(
    "nexus_webhook_endpoint_failing_seconds",
    "How long each webhook of a tenant in metrics_tenants has been failing (0: healthy).",
    ["tenant", "webhook"],
)
ENDPOINT_DISABLED = Gauge(
    "nexus_webhook_endpoint_disabled",
    "1 for a disabled webhook of a tenant in metrics_tenants, else 0.",
    ["tenant", "webhook"],
)

# -- channels -----------------------------------------------------------------------------

CHANNEL_OUTBOUND = Counter(
    "nexus_channel_outbound_messages",
    "Outbound messages handed to providers, by result: sent (the provider took it),"
    " retry (it will be tried again), failed (given up). Receipts say what came of them.",
    ["profile", "state"],
)
CHANNEL_INBOUND = Counter(
    "nexus_channel_inbound_messages",
    "Inbound messages from providers: new, or duplicate (already stored, acknowledged again).",
    ["profile", "result"],
)
CHANNEL_RECEIPTS = Counter(
    "nexus_channel_receipts",
    "Delivery receipts applied, by the state they report: sent, delivered, read, failed.",
    ["state"],
)
OUTBOX_PENDING = Gauge(
    "nexus_channel_outbox_pending", "Outbound messages waiting to be handed to their provider."
)
OUTBOX_OLDEST = Gauge(
    "nexus_channel_outbox_oldest_pending_age_seconds",
    "Age of the oldest outbound message waiting for its provider (0 when none).",
)

# -- timers -------------------------------------------------------------------------------

TIMERS_ARMED = Gauge("nexus_timers_armed", "Interactions with a lifecycle timer armed.", ["timer"])
TIMERS_FIRED = Counter("nexus_timers_fired", "Lifecycle timers fired.", ["timer"])
TIMER_LAG = Histogram(
    "nexus_timer_firing_lag_seconds",
    "Time from a timer's due time to its firing's commit.",
    buckets=FAST,
)

# -- process ------------------------------------------------------------------------------

LOOP_LAG = Histogram(
    "nexus_event_loop_lag_seconds",
    "How late the event loop ran a callback scheduled for a given time (sampled 4 times a"
    " second): time the loop was busy without yielding.",
    buckets=FAST,
)
SPANS_DROPPED = Counter(
    "nexus_trace_spans_dropped",
    "Spans not exported: the exporting process could not keep up, or had died.",
)
READY = Gauge("nexus_ready", "1 while the process is ready to serve (see /readyz), else 0.")
BUILD = Info("nexus_build", "Version of nexus and the role of this process.")


class TenantLabels:
    """The ``tenant`` label of a tenant: its id when listed in ``metrics_tenants``."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = frozenset(allowed)

    def __call__(self, tenant_id: str) -> str:
        return tenant_id if tenant_id in self.allowed else OTHER


tenant_label = TenantLabels(())


def configure(allowed_tenants: Iterable[str]) -> None:
    """Sets the tenants that get a label of their own (the process's configuration)."""
    global tenant_label
    tenant_label = TenantLabels(allowed_tenants)


def _label(enum: Any, value: int, prefix: str) -> str:
    try:
        return str(enum.Name(value)).removeprefix(prefix).lower()
    except ValueError:
        return "unknown"


def timer_label(timer: int) -> str:
    """``inactive_after`` for ``TIMER_INACTIVE_AFTER``: the ``timer`` label."""
    return _label(ipb.Timer, timer, "TIMER_")


def profile_label(profile: int) -> str:
    """``twilio`` for ``CHANNEL_PROFILE_TWILIO``: the ``profile`` label."""
    return _label(cpb.ChannelProfile, profile, "CHANNEL_PROFILE_")


class RpcFigures:
    """The series of one RPC method, looked up once (a labelled child costs a dict lookup
    and a lock per use; the access path of every call should not pay that twice)."""

    def __init__(self, method: str, stream: bool = False) -> None:
        service, _, name = method.strip("/").partition("/")
        self.service, self.method = service, name
        self.in_flight = RPC_IN_FLIGHT.labels(service, name)
        # A stream lasts as long as its watcher wants: its duration says nothing of speed.
        self.duration = None if stream else RPC_DURATION.labels(service, name)
        self._handled: dict[tuple[str, str], Any] = {}

    def done(self, code: str, tenant_id: str, seconds: float) -> None:
        key = (code, tenant_label(tenant_id))
        handled = self._handled.get(key)
        if handled is None:
            handled = self._handled[key] = RPC_REQUESTS.labels(self.service, self.method, *key)
        handled.inc()
        if self.duration is not None:
            self.duration.observe(seconds)


def delivery_state_label(state: int) -> str:
    """``delivered`` for ``MESSAGE_DELIVERY_STATE_DELIVERED``: the ``state`` label."""
    return _label(ipb.MessageDeliveryState, state, "MESSAGE_DELIVERY_STATE_")


class _Off:
    """What a metric is when metrics are off: every call does nothing."""

    def labels(self, *args: Any, **kwargs: Any) -> _Off:
        return self

    def __getattr__(self, name: str) -> Any:
        return _nothing


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def disable() -> None:
    """Counts nothing from now on (``metrics = false``): every metric of this module is
    unregistered and replaced by one whose calls do nothing. Call before serving."""
    from prometheus_client import REGISTRY
    from prometheus_client.metrics import MetricWrapperBase

    for name, value in list(globals().items()):
        if isinstance(value, MetricWrapperBase):
            REGISTRY.unregister(value)
            globals()[name] = _Off()
