"""The application core: each use case runs validation, the domain and the store in one
transaction, with its events (the transactional outbox) and request-id idempotency.

Use cases are grouped by resource (``core.interactions.create``, ``core.webhooks.…``),
every group over one shared ``Context``: the store, configuration, clock and the
transaction helpers.
"""

from __future__ import annotations

from collections.abc import Mapping

from nexus.channels.base import Profile
from nexus.clock import Clock
from nexus.config import Config
from nexus.core.access import Access
from nexus.core.base import Context
from nexus.core.channels import Channels
from nexus.core.deliveries import Deliveries
from nexus.core.events import Events
from nexus.core.firing import Timers
from nexus.core.interactions import Interactions
from nexus.core.signal import LogSignal
from nexus.core.timers import TimerPolicies
from nexus.core.typing import Typing
from nexus.core.webhooks import Webhooks
from nexus.domain import access
from nexus.domain.tokens import PageTokens
from nexus.egress.guard import Lookup
from nexus.store.base import Principal, Store


class Core:
    """Every use case of nexus, by resource, over one store."""

    def __init__(
        self,
        store: Store,
        config: Config | None = None,
        clock: Clock | None = None,
        signal: LogSignal | None = None,
    ) -> None:
        self.ctx = ctx = Context(store, config, clock, signal)
        self.typing = Typing(ctx)
        self.timer_policies = TimerPolicies(ctx)
        self.interactions = Interactions(ctx, self.timer_policies, self.typing)
        self.timers = Timers(ctx, self.interactions, self.timer_policies)
        self.channels = Channels(ctx, self.interactions, self.typing)
        self.webhooks = Webhooks(ctx)
        self.deliveries = Deliveries(ctx, self.webhooks)
        self.events = Events(ctx)
        self.access = Access(ctx, self.interactions)

    # -- the shared context, for the application and the CLI ---------------------------

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def config(self) -> Config:
        return self.ctx.config

    @config.setter
    def config(self, config: Config) -> None:
        self.ctx.config = config

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.ctx.clock = clock

    @property
    def signal(self) -> LogSignal | None:
        return self.ctx.signal

    @property
    def profiles(self) -> Mapping[int, Profile]:
        return self.ctx.profiles

    @profiles.setter
    def profiles(self, profiles: Mapping[int, Profile]) -> None:
        self.ctx.profiles = profiles

    @property
    def lookup(self) -> Lookup | None:
        return self.ctx.lookup

    @lookup.setter
    def lookup(self, lookup: Lookup | None) -> None:
        self.ctx.lookup = lookup

    @property
    def page_tokens(self) -> PageTokens:
        return self.ctx.page_tokens

    def authenticate(self, api_key: str | None, max_age_s: float | None = None) -> Principal:
        return self.ctx.authenticate(api_key, max_age_s)

    def cached_principal(self, api_key: str | None) -> Principal | None:
        return self.ctx.cached_principal(api_key)

    def create_key(
        self,
        tenant_id: str,
        name: str,
        api_key: str | None = None,
        role: int = access.ADMIN,
        origins: tuple[str, ...] = (),
    ) -> str:
        return self.ctx.create_key(tenant_id, name, api_key, role, origins)

    def bootstrap(self) -> str | None:
        return self.ctx.bootstrap()


__all__ = ["Context", "Core"]
