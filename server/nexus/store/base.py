"""The repository interface every backend implements, and the records it returns.

Writes happen inside ``with store.transaction():``: the change and its events commit
together or not at all (the transactional outbox). Reads may happen anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant an API key belongs to."""

    tenant_id: str
    key_id: str
    key_name: str


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


@dataclass(frozen=True)
class EventFilter:
    event_types: Sequence[str] = ()
    interaction_id: str = ""


@dataclass(frozen=True)
class WebhookSecret:
    secret: str
    create_time_us: int
    expire_time_us: int | None


@dataclass
class EventPage:
    events: list[epb.Event] = field(default_factory=list)
    scanned_to: int = 0
    """The highest cursor the read covered (matching or not): resume after it."""


class Store(Protocol):
    # -- lifecycle -------------------------------------------------------------------
    def migrate(self) -> list[int]: ...
    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[None]: ...

    # -- tenants and keys ------------------------------------------------------------
    def create_tenant(self, name: str, now_us: int = 0) -> TenantRecord: ...
    def get_tenant(self, id_or_name: str) -> TenantRecord | None: ...
    def list_tenants(self) -> list[TenantRecord]: ...
    def create_api_key(
        self, tenant_id: str, name: str, key_hash: str, prefix: str, now_us: int = 0
    ) -> ApiKeyRecord: ...
    def revoke_api_key(self, key_id: str, now_us: int) -> bool: ...
    def list_api_keys(self, tenant_id: str) -> list[ApiKeyRecord]: ...
    def principal_for_key(self, key_hash: str) -> Principal | None: ...

    # -- idempotency -----------------------------------------------------------------
    def get_request(
        self, tenant_id: str, method: str, request_id: str
    ) -> tuple[str, bytes] | None: ...
    def put_request(
        self,
        tenant_id: str,
        method: str,
        request_id: str,
        request_hash: str,
        response: bytes,
        now_us: int,
    ) -> None: ...
    def prune_requests(self, before_us: int) -> int: ...

    # -- interactions ----------------------------------------------------------------
    def get_interaction(self, tenant_id: str, interaction_id: str) -> ipb.Interaction | None: ...
    def insert_interaction(self, tenant_id: str, interaction: ipb.Interaction) -> None: ...
    def update_interaction(self, tenant_id: str, interaction: ipb.Interaction) -> None: ...
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
    def last_cursor(self) -> int: ...
    def iter_events(
        self, after_cursor: int, limit: int
    ) -> Iterator[tuple[int, str, int, epb.Event]]: ...

    # -- webhooks --------------------------------------------------------------------
    def get_webhook(self, tenant_id: str, webhook_id: str) -> wpb.Webhook | None: ...
    def put_webhook(self, tenant_id: str, webhook: wpb.Webhook) -> None: ...
    def delete_webhook(self, tenant_id: str, webhook_id: str) -> None: ...
    def list_webhooks(
        self, tenant_id: str, after: tuple[int, str] | None, limit: int
    ) -> list[wpb.Webhook]: ...
    def add_webhook_secret(self, webhook_id: str, secret: str, now_us: int) -> None: ...
    def expire_webhook_secrets(self, webhook_id: str, keep: str, expire_time_us: int) -> None: ...
    def webhook_secrets(self, webhook_id: str, now_us: int) -> list[WebhookSecret]: ...
