"""What an operator's dashboard reads from the database: backlogs, webhooks by state,
armed timers, the log's head. One short read, made when ``/metrics`` is scraped."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from nexus.store.connection import Connection

# deliveries.status and channel_outbox.status of work not yet done.
PENDING = 1


@dataclass
class Backlog:
    count: int = 0
    oldest_us: int | None = None

    def add(self, count: int, oldest_us: int | None) -> None:
        self.count += count
        if oldest_us is not None and (self.oldest_us is None or oldest_us < self.oldest_us):
            self.oldest_us = oldest_us


@dataclass
class Endpoint:
    tenant_id: str
    webhook_id: str
    enabled: bool
    failing_since_us: int | None


@dataclass
class Figures:
    last_cursor: int = 0
    fanout_cursor: int = 0
    pending: dict[tuple[str, str], Backlog] = field(default_factory=dict)
    """(webhook state, tenant id) -> its pending deliveries."""
    webhooks: dict[str, int] = field(default_factory=dict)
    """healthy / failing / disabled -> how many."""
    endpoints: list[Endpoint] = field(default_factory=list)
    """The webhooks of the tenants asked about."""
    outbox: Backlog = field(default_factory=Backlog)
    timers_armed: dict[int, int] = field(default_factory=dict)
    """Timer enum -> interactions with it armed."""


_WEBHOOK_STATE = (
    "CASE WHEN w.enabled = 0 THEN 'disabled'"
    " WHEN w.failing_since IS NOT NULL THEN 'failing' ELSE 'healthy' END"
)


class FiguresMixin:
    @property
    def conn(self) -> Connection:  # provided by the backend
        raise NotImplementedError

    def fanout_cursor(self) -> int:  # provided by DeliveriesMixin
        raise NotImplementedError

    def figures(self, tenants: Collection[str]) -> Figures:
        """Every figure at once; the webhooks of ``tenants`` one by one."""
        c = self.conn
        f = Figures()
        f.last_cursor = c.execute("SELECT coalesce(max(cursor), 0) FROM events").fetchone()[0]
        f.fanout_cursor = self.fanout_cursor()
        for state, tenant, count, oldest in c.execute(
            f"SELECT {_WEBHOOK_STATE}, d.tenant_id, count(*), min(d.create_time)"
            " FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id"
            f" WHERE d.status = {PENDING} GROUP BY 1, 2"
        ):
            f.pending.setdefault((state, tenant), Backlog()).add(count, oldest)
        for state, count in c.execute(
            f"SELECT {_WEBHOOK_STATE}, count(*) FROM webhooks w GROUP BY 1"
        ):
            f.webhooks[state] = count
        if tenants:
            marks = ", ".join("?" for _ in tenants)
            for tenant, webhook, enabled, since in c.execute(
                "SELECT tenant_id, id, enabled, failing_since FROM webhooks"
                f" WHERE tenant_id IN ({marks}) ORDER BY tenant_id, id",
                tuple(tenants),
            ):
                f.endpoints.append(Endpoint(tenant, webhook, bool(enabled), since))
        count, oldest = c.execute(
            f"SELECT count(*), min(create_time) FROM channel_outbox WHERE status = {PENDING}"
        ).fetchone()
        f.outbox.add(count, oldest)
        for timer, count in c.execute(
            "SELECT timer, count(*) FROM interactions WHERE timer IS NOT NULL GROUP BY timer"
        ):
            f.timers_armed[timer] = count
        return f
