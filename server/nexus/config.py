"""The one typed configuration object, read from a TOML file and ``NEXUS_*`` variables."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class NotifierConfig:
    """Settings of the webhook notifier (``[notifier]`` table, ``NEXUS_NOTIFIER_*`` variables)."""

    in_process: bool = True
    """Run the notifier as a task of the server process (``nexus serve --no-notifier`` turns
    it off; ``nexus notifier`` runs it as its own process)."""

    retry_schedule_s: tuple[float, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
    """Delay before each attempt, from the previous one; its length is the number of attempts."""

    jitter: float = 0.2
    """Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]."""

    throttle_floor_s: float = 60.0
    """Least wait after a timeout or a 429."""

    retry_after_max_s: float = 6 * 3600.0
    """Longest ``Retry-After`` honoured on a 429 or 503."""

    connect_timeout_s: float = 5.0
    """Time allowed to open the connection (TCP and TLS)."""

    timeout_s: float = 15.0
    """Time allowed for a whole attempt, from connecting to the end of the response."""

    dns_timeout_s: float = 2.0
    """Bound on resolving a webhook's host when it is created or updated."""

    allowlist: tuple[str, ...] = ()
    """CIDRs or host names that may be reached although they are not public addresses."""

    ca_file: str = ""
    """PEM bundle of extra trusted CAs for egress TLS (on-premise CAs, tests)."""

    disable_after_s: float = 5 * 24 * 3600.0
    """A webhook failing continuously for this long is disabled."""

    delivery_retention_s: float = 30 * 24 * 3600.0
    """Finished deliveries (succeeded or failed) and their attempt logs are deleted this long
    after their last change; 0 keeps them forever. Pending deliveries are always kept."""

    lease_s: float = 60.0
    """How long a claimed delivery is reserved; must exceed ``timeout_s``."""

    endpoint_concurrency: int = 8
    """Most attempts in flight to one webhook at a time."""

    max_in_flight: int = 512
    """Most attempts in flight in total."""

    fanout_batch: int = 500
    """Events turned into deliveries per transaction."""

    claim_batch: int = 256
    """Most deliveries claimed per transaction."""

    poll_interval_s: float = 0.5
    """How often an idle notifier looks for work written by other processes."""

    min_step_interval_s: float = 0.01
    """Least time between two rounds woken by new events: under a stream of writes the
    notifier fans out many events per transaction instead of one round per commit."""

    shutdown_grace_s: float = 10.0
    """On SIGTERM, how long in-flight attempts may take to finish."""

    public_url: str = "https://localhost"
    """The HTTPS base URL clients and providers reach nexus at: base of ``selfUri`` in
    Genesys-format payloads, of Twilio status callbacks, and the URL Twilio signs."""

    channel_timeout_s: float = 10.0
    """Time a channel's provider has to take one outbound message (connect to answer)."""

    channel_concurrency: int = 64
    """Most outbound messages in flight to one channel's provider at a time."""

    admin_listen: str = "127.0.0.1:4005"
    """host:port of ``nexus notifier``'s admin HTTP port (``/metrics``, ``/livez``,
    ``/readyz``); empty: none. (A notifier inside the server reports on the server's.)"""

    def __post_init__(self) -> None:
        if not self.retry_schedule_s:
            raise ValueError("notifier.retry_schedule_s needs at least one attempt")
        if self.lease_s <= self.timeout_s:
            raise ValueError("notifier.lease_s must be longer than notifier.timeout_s")
        if not 0 <= self.jitter < 1:
            raise ValueError("notifier.jitter must be in [0, 1)")
        if min(self.endpoint_concurrency, self.max_in_flight, self.channel_concurrency) < 1:
            raise ValueError("notifier concurrency limits must be at least 1")


DAY = 24 * 3600.0


@dataclass(frozen=True)
class TimerConfig:
    """Lifecycle timers: the deployment's default durations, which a tenant's
    ``TimerPolicy`` overrides per media type (``[timers]`` table, ``NEXUS_TIMERS_*``
    variables). Seconds; 0 turns a timer off (``offer_timeout_s`` cannot be off)."""

    chat_inactive_after_s: float = 600.0
    """Chat: ACTIVE to WAITING when neither side has written for this long."""

    chat_complete_after_s: float = 1800.0
    """Chat: WAITING to COMPLETED (EXPIRED) when nobody has written for this long."""

    sms_inactive_after_s: float = DAY
    sms_complete_after_s: float = 3 * DAY
    third_party_inactive_after_s: float = DAY
    third_party_complete_after_s: float = 3 * DAY
    email_inactive_after_s: float = 7 * DAY
    email_complete_after_s: float = 14 * DAY

    offer_timeout_s: float = 30.0
    """Every media type: OFFERED back to QUEUED after this long without an answer."""

    queue_timeout_s: float = 0.0
    """Every media type: QUEUED to COMPLETED (ABANDONED) after this long; off by default."""

    wrap_up_max_s: float = 300.0
    """Every media type: WRAP_UP to COMPLETED (RESOLVED) after this long."""

    idle_poll_s: float = 0.25
    """Longest the timer worker sleeps between looks for due timers (it also wakes at the
    next due time it knows of): bounds the lag of a timer armed after it went to sleep."""

    coalesce_s: float = 0.05
    """Least time between two rounds of firing (unless a round was full): timers falling
    due close together are fired in one transaction. Adds at most this to the lag."""

    batch: int = 25
    """Timers fired per transaction."""

    enabled: bool = True
    """Run the timer worker in this process (every replica may: each timer fires once)."""

    def __post_init__(self) -> None:
        if self.idle_poll_s <= 0 or self.batch < 1 or not 0 <= self.coalesce_s <= 1:
            raise ValueError(
                "timers: idle_poll_s must be positive, coalesce_s between 0 and 1 s,"
                " batch at least 1"
            )


@dataclass(frozen=True)
class Config:
    """Settings of the server and the notifier. Environment variables override the file."""

    listen: str = "127.0.0.1:50051"
    """host:port the gRPC server binds (``NEXUS_LISTEN``)."""

    db: str = "nexus.db"
    """The database (``NEXUS_DB``): a SQLite file, as a path or ``sqlite:///nexus.db``
    (the embedded default), or PostgreSQL, ``postgresql://user:password@host:5432/name``
    (any libpq URI, e.g. with ``?sslmode=verify-full&sslrootcert=ca.pem``)."""

    db_pool_size: int = 10
    """PostgreSQL connections of each process's pool, and its threads for database work
    (``NEXUS_DB_POOL_SIZE``); unused by SQLite."""

    bootstrap_api_key: str = ""
    """Key given to the default tenant on the first start; generated when empty
    (``NEXUS_BOOTSTRAP_API_KEY``)."""

    bootstrap_tenant: str = "default"
    """Name of the tenant created on the first start (``NEXUS_BOOTSTRAP_TENANT``)."""

    grace_period_s: float = 10.0
    """How long shutdown waits for in-flight RPCs (``NEXUS_GRACE_PERIOD_S``)."""

    max_message_bytes: int = 4 * 1024 * 1024
    """Largest gRPC message accepted or sent (``NEXUS_MAX_MESSAGE_BYTES``)."""

    heartbeat_s: float = 15.0
    """Default WatchEvents heartbeat interval (``NEXUS_HEARTBEAT_S``)."""

    watch_poll_s: float = 1.0
    """How often WatchEvents looks for events written by other processes (``NEXUS_WATCH_POLL_S``)."""

    secret_grace_s: float = 24 * 3600.0
    """Default time a rotated webhook secret keeps signing (``NEXUS_SECRET_GRACE_S``)."""

    request_id_ttl_s: float = 24 * 3600.0
    """How long a ``request_id`` is remembered for retries (``NEXUS_REQUEST_ID_TTL_S``)."""

    key_cache_s: float = 1.0
    """How long the server reuses an API key lookup (``NEXUS_KEY_CACHE_S``). Keys revoked by
    ``nexus keys revoke`` in another process stop working within this time; 0 disables it."""

    chat_session_ttl_s: float = 900.0
    """How long a chat session token (``StartChat``, ``RefreshChatSession``) is accepted
    (``NEXUS_CHAT_SESSION_TTL_S``); the widget refreshes it at half its life. From 60 s
    to 24 h."""

    event_loop: str = "uvloop"
    """``uvloop`` (the default where it is installed) or ``asyncio`` (``NEXUS_EVENT_LOOP``)."""

    log_level: str = "INFO"
    """Logging level (``NEXUS_LOG_LEVEL``): DEBUG, INFO, WARNING or ERROR."""

    log_format: str = "json"
    """``json`` (one object per line, the default) or ``text`` (for a terminal)
    (``NEXUS_LOG_FORMAT``)."""

    admin_listen: str = "127.0.0.1:4004"
    """host:port of the server's admin HTTP port: ``/metrics`` for Prometheus, ``/livez``
    and ``/readyz`` for an orchestrator (``NEXUS_ADMIN_LISTEN``); empty: none. Loopback by
    default: give a routable address only where the scraper needs it."""

    metrics: bool = True
    """Count the metrics of ``/metrics`` (``NEXUS_METRICS``); false counts nothing, for
    measuring what counting costs (bench/rpc_bench.py --observability)."""

    metrics_tenants: tuple[str, ...] = ()
    """Tenant ids that get a ``tenant`` label of their own in the metrics; every other
    tenant is counted as ``other`` (``NEXUS_METRICS_TENANTS``, comma-separated). Keeps the
    number of series bounded, whatever the number of tenants."""

    smtp_listen: str = ""
    """host:port of the inbound SMTP listener for e-mail channels; empty: no listener
    (``NEXUS_SMTP_LISTEN``)."""

    smtp_max_bytes: int = 10 * 1024 * 1024
    """Largest e-mail the SMTP listener takes (``NEXUS_SMTP_MAX_BYTES``)."""

    notifier: NotifierConfig = field(default_factory=NotifierConfig)
    """The webhook notifier (``[notifier]`` table)."""

    timers: TimerConfig = field(default_factory=TimerConfig)
    """Lifecycle timers (``[timers]`` table)."""

    extra: dict[str, Any] = field(default_factory=dict)
    """Sections of the file that other components read (e.g. ``[notifier]``)."""

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)


def load(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> Config:
    """Reads the file (``NEXUS_CONFIG`` when no path is given), then the environment."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    path = path or env.get("NEXUS_CONFIG")
    if path:
        data = tomllib.loads(Path(path).read_text())
        for key, value in data.items():
            (extra if isinstance(value, dict) else values)[key] = value
    values = _read(Config, values, env, "NEXUS_", skip=frozenset({"extra", "notifier", "timers"}))
    notifier = _read(NotifierConfig, extra.pop("notifier", {}), env, "NEXUS_NOTIFIER_")
    timers = _read(TimerConfig, extra.pop("timers", {}), env, "NEXUS_TIMERS_")
    config = Config(
        **values, notifier=NotifierConfig(**notifier), timers=TimerConfig(**timers), extra=extra
    )
    if config.log_format not in LOG_FORMATS:
        raise ValueError(f"log_format must be one of {', '.join(LOG_FORMATS)}")
    if config.event_loop not in EVENT_LOOPS:
        raise ValueError(f"event_loop must be one of {', '.join(EVENT_LOOPS)}")
    if not 1 <= config.db_pool_size <= 1000:
        raise ValueError("db_pool_size must be from 1 to 1000")
    if not 60 <= config.chat_session_ttl_s <= 86400:
        raise ValueError("chat_session_ttl_s must be from 60 to 86400")
    from nexus.store.settings import parse_db  # the store names what it accepts

    parse_db(config.db)
    return config


EVENT_LOOPS = ("uvloop", "asyncio")
LOG_FORMATS = ("json", "text")


def _read(
    cls: type,
    values: dict[str, Any],
    env: dict[str, str],
    prefix: str,
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Checks the file's keys against ``cls`` and lays the environment over them."""
    values = dict(values)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
    for name, f in fields.items():
        raw = env.get(f"{prefix}{name.upper()}")
        if raw is not None:
            values[name] = _coerce(raw, f.default)
        elif isinstance(values.get(name), list):
            values[name] = tuple(values[name])
    return values


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, tuple):
        items = [x.strip() for x in raw.split(",") if x.strip()]
        return tuple(float(x) for x in items) if default and _numeric(default) else tuple(items)
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def _numeric(values: tuple[Any, ...]) -> bool:
    return all(isinstance(v, int | float) for v in values)
