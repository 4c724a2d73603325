"""The repository interface every backend implements, and the records it returns.

Writes happen inside ``with store.transaction():``: the change and its events commit
together or not at all (the transactional outbox). Reads may happen anywhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

from nexus.domain import access
from nexus.store.figures import Figures
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant an API key belongs to, with the key's role; for a
    customer's chat, the session its token carries (and the widget key that started it)."""

    tenant_id: str
    key_id: str
    key_name: str
    role: int = access.ADMIN
    origins: tuple[str, ...] = ()
    """A widget key's allowed origins (empty: any)."""
    session: access.Session | None = None


@dataclass(frozen=True)
class TenantRecord:
    id: str
    name: str
    create_time_us: int


@dataclass(frozen=True)
class ApiKeyRecord:
    id: str
    tenant_id: str
    name: str
    prefix: str
    create_time_us: int
    revoke_time_us: int | None
    role: int = access.ADMIN
    origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class InteractionFilter:
    states: Sequence[int] = ()
    media_type: int = 0
    channel: str = ""
    customer_address: str = ""
    securebox: str = ""
    read_status: int = 0
    thread_id: str = ""
    create_time_after_us: int | None = None
    create_time_before_us: int | None = None
    descending: bool = False
    next_timer: int = 0
    next_timer_before_us: int | None = None


@dataclass(frozen=True)
class EventFilter:
    event_types: Sequence[str] = ()
    interaction_id: str = ""


@dataclass(frozen=True)
class RememberedRequest:
    """A succeeded idempotent call, kept for its retries."""

    request_hash: str
    response: bytes
    """The serialized response, without any secret it handed out."""
    secret_id: int | None
    """The webhook secret the response handed out (``webhook_secrets.id``), if any."""
    channel_secret_id: int | None = None
    """The channel secret the response handed out (``channel_secrets.id``), if any."""


@dataclass(frozen=True)
class WebhookSecret:
    secret: str
    create_time_us: int
    expire_time_us: int | None


class DeliveryStatus(IntEnum):
    """Same numbers as ``nexus.v1.DeliveryStatus``."""

    PENDING = 1
    SUCCEEDED = 2
    FAILED = 3


@dataclass(frozen=True)
class DeliveryRecord:
    """One event owed to one webhook."""

    id: str
    webhook_id: str
    tenant_id: str
    event_cursor: int
    event_id: str
    event_type: str
    order_key: str
    """The interaction id (deliveries with the same key are sent in order), or ''."""
    status: int
    attempts: int
    schedule_pos: int
    """Index in the retry schedule of the next attempt (reset by a redelivery)."""
    next_attempt_time_us: int | None
    last_status_code: int
    create_time_us: int
    update_time_us: int


@dataclass(frozen=True)
class ClaimedDelivery:
    delivery: DeliveryRecord
    media_type: int
    event_data: bytes
    """The serialized ``nexus.v1.Event`` (without cursor)."""
    tenant_cursor: int
    """The event's position in its tenant's log: the ``cursor`` a webhook body shows (the
    global ``delivery.event_cursor`` would tell a tenant how busy the others are)."""


@dataclass(frozen=True)
class AttemptRecord:
    delivery_id: str
    attempt_time_us: int
    status_code: int
    """0 when no HTTP response was received."""
    latency_us: int
    response_body: bytes
    error_class: str
    """'' on success; else e.g. ``http_status``, ``timeout``, ``connect``, ``ssrf_refused``."""
    error: str
    next_attempt_time_us: int | None
    trigger: str
    """``scheduled``, ``manual`` or ``test``."""
    id: int = 0


@dataclass(frozen=True)
class DeliveryFilter:
    statuses: Sequence[int] = ()
    event_types: Sequence[str] = ()
    start_time_us: int | None = None
    end_time_us: int | None = None


class OpenFailed(Exception):
    """The database cannot be used; the message names it, the cause and the remedy."""


class OutboxStatus(IntEnum):
    PENDING = 1
    SENT = 2
    FAILED = 3


@dataclass(frozen=True)
class OutboxRecord:
    """An outbound message owed to its channel's provider."""

    message_id: str
    tenant_id: str
    channel_id: str
    interaction_id: str
    event_cursor: int
    """The global cursor of the message's ``message.created``: the order of sending."""
    status: int
    attempts: int
    schedule_pos: int
    next_attempt_time_us: int | None


@dataclass(frozen=True)
class SendOutcome:
    """What one outbound attempt came to, as the channel sender decided it: what the core
    records for it."""

    message_id: str
    interaction_id: str
    tenant_id: str
    status: OutboxStatus
    attempts: int
    schedule_pos: int
    next_attempt_time_us: int | None
    provider_message_id: str = ""
    error_code: str = ""
    error_message: str = ""


@dataclass(frozen=True)
class TypingRecord:
    interaction_id: str
    role: int
    sender: str
    tenant_id: str
    expire_time_us: int


TimerRow = tuple[int, int, "int | None"]
"""An interaction's armed timer as stored: (timer, since, due or None while off)."""


@dataclass(frozen=True)
class DueTimer:
    tenant_id: str
    interaction_id: str
    timer: int
    due_us: int


@dataclass
class EventPage:
    events: list[epb.Event] = field(default_factory=list)
    scanned_to: int = 0
    """The highest position of the tenant's log the read covered (matching or not):
    resume after it."""


class Store(Protocol):
    backend: str
    """``sqlite`` or ``postgresql``."""

    # -- lifecycle -------------------------------------------------------------------
    def migrate(self) -> list[int]: ...
    def schema_version(self) -> int: ...
    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (a SAVEPOINT inside another): all of it or nothing."""
        ...

    write_serial: int
    """Changes with every write transaction begun: what was read inside one stays true
    (nobody else writes meanwhile) until it changes."""

    # -- keys of the server ----------------------------------------------------------
    def page_token_key(self) -> bytes:
        """The secret that signs page tokens, the same for every replica on this store."""
        ...

    # -- tenants and keys ------------------------------------------------------------
    def create_tenant(self, name: str, now_us: int = 0) -> TenantRecord: ...
    def get_tenant(self, id_or_name: str) -> TenantRecord | None: ...
    def list_tenants(self) -> list[TenantRecord]: ...
    def create_api_key(
        self,
        tenant_id: str,
        name: str,
        key_hash: str,
        prefix: str,
        now_us: int = 0,
        role: int = access.ADMIN,
        origins: tuple[str, ...] = (),
    ) -> ApiKeyRecord: ...
    def revoke_api_key(self, key_id: str, now_us: int, tenant_id: str | None = None) -> bool: ...
    def list_api_keys(self, tenant_id: str) -> list[ApiKeyRecord]: ...
    def get_api_key(self, tenant_id: str, key_id: str) -> ApiKeyRecord | None: ...
    def session_keys(self) -> list[tuple[str, bytes]]:
        """The keys that sign chat session tokens, (kid, key), newest first."""
        ...

    def rotate_session_key(self, now_s: int) -> str:
        """Adds a new signing key (it signs from now on) and drops all but the one before
        it (whose tokens stay valid until they expire); returns the new key's id."""
        ...

    def cached_principal(self, key_hash: str) -> Principal | None: ...
    def principal_for_key(
        self, key_hash: str, max_age_s: float | None = None
    ) -> Principal | None: ...

    # -- idempotency -----------------------------------------------------------------
    def get_request(
        self, tenant_id: str, method: str, request_id: str
    ) -> RememberedRequest | None: ...
    def put_request(
        self,
        tenant_id: str,
        method: str,
        request_id: str,
        request_hash: str,
        response: bytes,
        now_us: int,
        secret_id: int | None = None,
        channel_secret_id: int | None = None,
    ) -> None: ...
    def prune_requests(self, before_us: int) -> int: ...

    # -- interactions ----------------------------------------------------------------
    def get_interaction(self, tenant_id: str, interaction_id: str) -> ipb.Interaction | None: ...
    def insert_interaction(
        self, tenant_id: str, interaction: ipb.Interaction, timer: TimerRow | None
    ) -> None: ...
    def update_interaction(
        self, tenant_id: str, interaction: ipb.Interaction, timer: TimerRow | None
    ) -> None:
        """Writes the row and its armed timer; ``next_timer`` of every read comes from it."""
        ...

    def list_interactions(
        self, tenant_id: str, flt: InteractionFilter, after: tuple[int, str] | None, limit: int
    ) -> list[ipb.Interaction]: ...

    def get_participant(
        self, tenant_id: str, interaction_id: str, participant_id: str
    ) -> ipb.Participant | None: ...
    def put_participant(
        self, tenant_id: str, interaction_id: str, participant: ipb.Participant
    ) -> None: ...
    def list_participants(
        self, tenant_id: str, interaction_id: str, after: str | None, limit: int
    ) -> list[ipb.Participant]: ...

    def get_message(
        self, tenant_id: str, interaction_id: str, message_id: str
    ) -> ipb.Message | None: ...
    def put_message(self, tenant_id: str, interaction_id: str, message: ipb.Message) -> None: ...
    def list_messages(
        self,
        tenant_id: str,
        interaction_id: str,
        after_index: int,
        limit: int,
        exclude_internal: bool,
    ) -> list[ipb.Message]: ...

    # -- events ----------------------------------------------------------------------
    def append_event(self, tenant_id: str, event: epb.Event, media_type: int) -> int: ...
    def list_events(
        self, tenant_id: str, after_cursor: int, flt: EventFilter, limit: int
    ) -> EventPage: ...
    def tenant_cursor(self, tenant_id: str) -> int: ...
    def last_cursor(self) -> int: ...
    def iter_events(
        self, after_cursor: int, limit: int
    ) -> Iterator[tuple[int, str, int, epb.Event]]: ...
    def iter_events_of_types(
        self, after_cursor: int, upto_cursor: int, types: Sequence[str]
    ) -> Iterator[tuple[int, str, int, epb.Event]]: ...

    # -- webhooks --------------------------------------------------------------------
    def get_webhook(self, tenant_id: str, webhook_id: str) -> wpb.Webhook | None: ...
    def put_webhook(self, tenant_id: str, webhook: wpb.Webhook) -> None: ...
    def delete_webhook(self, tenant_id: str, webhook_id: str) -> None: ...
    def list_webhooks(
        self, tenant_id: str, after: tuple[int, str] | None, limit: int
    ) -> list[wpb.Webhook]: ...
    def add_webhook_secret(self, webhook_id: str, secret: str, now_us: int) -> int: ...
    def signing_secret(self, secret_id: int, now_us: int) -> str | None: ...
    def expire_webhook_secrets(self, webhook_id: str, keep: str, expire_time_us: int) -> None: ...
    def webhook_secrets(self, webhook_id: str, now_us: int) -> list[WebhookSecret]: ...

    # -- deliveries (the notifier) -------------------------------------------------------
    def fanout_cursor(self) -> int: ...
    def set_fanout_cursor(self, cursor: int) -> None: ...
    def enabled_webhooks(self) -> list[tuple[str, wpb.Webhook]]: ...
    def insert_deliveries(self, rows: Iterable[DeliveryRecord]) -> int: ...
    def is_first_queue(self, interaction_id: str, sequence: int) -> bool: ...
    def claim_deliveries(
        self, webhook_id: str, now_us: int, lease_until_us: int, limit: int
    ) -> list[ClaimedDelivery]: ...
    def has_due(self, webhook_id: str, now_us: int) -> bool: ...
    def leased_deliveries(self, webhook_id: str, now_us: int) -> int: ...
    def lease_delivery(
        self, tenant_id: str, webhook_id: str, delivery_id: str, lease_until_us: int
    ) -> ClaimedDelivery | None: ...
    def record_attempts(
        self, attempts: Sequence[tuple[AttemptRecord, DeliveryStatus]], now_us: int
    ) -> None: ...
    def prune_deliveries(self, before_us: int, limit: int) -> int: ...
    def webhook_failing_since(
        self, webhook_id: str, failed: bool, now_us: int, gap_us: int
    ) -> int | None: ...
    def get_event(self, tenant_id: str, event_id: str) -> tuple[int, int, epb.Event] | None: ...
    def get_delivery(
        self, tenant_id: str, webhook_id: str, delivery_id: str
    ) -> DeliveryRecord | None: ...
    def find_delivery(self, webhook_id: str, event_cursor: int) -> DeliveryRecord | None: ...
    def list_deliveries(
        self,
        tenant_id: str,
        webhook_id: str,
        flt: DeliveryFilter,
        after: tuple[int, str] | None,
        limit: int,
    ) -> list[DeliveryRecord]: ...
    def list_attempts(self, delivery_id: str, after_id: int, limit: int) -> list[AttemptRecord]: ...
    def requeue_deliveries(self, delivery_ids: Sequence[str], now_us: int) -> int: ...
    def failed_delivery_ids(
        self, tenant_id: str, webhook_id: str, since_us: int, until_us: int | None
    ) -> list[str]: ...

    # -- channels ----------------------------------------------------------------------
    def get_channel(self, tenant_id: str, channel_id: str) -> cpb.Channel | None: ...
    def find_channel(self, channel_id: str) -> tuple[str, cpb.Channel] | None: ...
    def put_channel(
        self, tenant_id: str, channel: cpb.Channel, credentials: str | None = None
    ) -> None: ...
    def channel_credentials(self, channel_id: str) -> str: ...
    def email_channels(self) -> list[tuple[str, cpb.Channel]]: ...
    def delete_channel(self, tenant_id: str, channel_id: str) -> None: ...
    def list_channels(
        self, tenant_id: str, kind: int, after: tuple[int, str] | None, limit: int
    ) -> list[cpb.Channel]: ...
    def add_channel_secret(self, channel_id: str, secret: str, now_us: int) -> int: ...
    def channel_secret(self, secret_id: int, now_us: int) -> str | None: ...
    def expire_channel_secrets(self, channel_id: str, keep: str, expire_time_us: int) -> None: ...
    def channel_secrets(self, channel_id: str, now_us: int) -> list[str]: ...
    def find_channel_message(
        self, channel_id: str, direction: int, provider_message_id: str
    ) -> tuple[str, str] | None: ...
    def put_channel_message(
        self,
        channel_id: str,
        direction: int,
        provider_message_id: str,
        tenant_id: str,
        interaction_id: str,
        message_id: str,
    ) -> bool: ...
    def open_interaction(
        self, tenant_id: str, channel: str, customer_address: str, thread_id: str
    ) -> ipb.Interaction | None: ...

    # -- the channel sender ------------------------------------------------------------
    def channel_cursor(self) -> int: ...
    def set_channel_cursor(self, cursor: int) -> None: ...
    def insert_outbox(self, rows: Iterable[OutboxRecord], now_us: int) -> int: ...
    def due_outbox_channels(self, now_us: int) -> list[str]: ...
    def claim_outbox(
        self, channel_id: str, now_us: int, lease_until_us: int, limit: int
    ) -> list[OutboxRecord]: ...
    def update_outbox(
        self,
        message_id: str,
        status: OutboxStatus,
        attempts: int,
        schedule_pos: int,
        next_attempt_time_us: int | None,
        now_us: int,
    ) -> None: ...
    def prune_outbox(self, before_us: int, limit: int) -> int: ...

    # -- typing ------------------------------------------------------------------------
    def put_typing(self, record: TypingRecord) -> bool: ...
    def delete_typing(self, interaction_id: str, role: int, sender: str) -> bool: ...
    def end_typing(self, interaction_id: str, role: int, senders: Sequence[str]) -> list[str]: ...
    def lapsed_typing(self, now_us: int, limit: int) -> list[TypingRecord]: ...
    def next_typing_expiry(self) -> int | None: ...

    # -- lifecycle timers ----------------------------------------------------------------
    def due_timers(self, now_us: int, limit: int) -> list[DueTimer]:
        """Armed timers due at ``now_us``, earliest first."""
        ...

    def next_timer_due(self) -> int | None: ...
    def rearm_timers(
        self, tenant_id: str | None, media_type: int, timer: int, after_us: int
    ) -> int:
        """Re-derives the due time of every ``timer`` armed on the media type (of one
        tenant, or of every tenant with no policy of its own when ``tenant_id`` is None):
        ``since + after_us``, or off when ``after_us`` is 0."""
        ...

    def timer_policy(self, tenant_id: str, media_type: int) -> tuple[ipb.TimerPolicy, int] | None:
        """The tenant's own durations for the media type (only the fields it set) and when
        it set them."""
        ...

    def timer_policies(self, tenant_id: str) -> dict[int, tuple[ipb.TimerPolicy, int]]: ...
    def put_timer_policy(
        self, tenant_id: str, media_type: int, policy: ipb.TimerPolicy, now_us: int
    ) -> None: ...
    def tenants_with_policies(self, media_type: int) -> list[str]: ...
    def timer_defaults_mark(self) -> int | None:
        """A fingerprint of the configured defaults the armed timers follow."""
        ...

    def set_timer_defaults_mark(self, mark: int) -> None: ...

    # -- figures for operators -------------------------------------------------------
    def figures(self, tenants: Collection[str]) -> Figures:
        """Backlogs, webhooks by state, armed timers, the log's head (``/metrics``)."""
        ...
