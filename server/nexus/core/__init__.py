"""The application core: each use case runs validation, the domain and the store in one
transaction, with its events (the transactional outbox) and request-id idempotency."""

from nexus.core.channels import ChannelsCore
from nexus.core.deliveries import DeliveriesCore
from nexus.core.events import EventsCore
from nexus.core.firing import TimersCore
from nexus.core.webhooks import WebhooksCore


class Core(ChannelsCore, TimersCore, DeliveriesCore, WebhooksCore, EventsCore):
    """Every use case of the API, over one store."""


__all__ = ["Core"]
