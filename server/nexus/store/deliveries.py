"""Delivery bookkeeping of the notifier: fan-out cursor, deliveries, attempts.

A mixin of :class:`nexus.store.sql.SqlStore`. Every
method is short; the notifier calls them inside ``with store.transaction():`` and never
across an HTTP call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nexus.store.base import (
    AttemptRecord,
    ClaimedDelivery,
    DeliveryFilter,
    DeliveryRecord,
    DeliveryStatus,
)
from nexus.store.connection import Connection
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

_DELIVERY_COLUMNS = (
    "d.id, d.webhook_id, d.tenant_id, d.event_cursor, e.id, d.event_type, d.order_key,"
    " d.status, d.attempts, d.schedule_pos, d.next_attempt_time, d.last_status_code,"
    " d.create_time, d.update_time"
)
_FROM = " FROM deliveries d JOIN events e ON e.cursor = d.event_cursor"


class DeliveriesMixin:
    @property
    def conn(self) -> Connection:  # provided by the backend
        raise NotImplementedError

    # -- fan-out ------------------------------------------------------------------------

    def fanout_cursor(self) -> int:
        row = self.conn.execute(
            "SELECT value FROM notifier_state WHERE name = 'fanout_cursor'"
        ).fetchone()
        return row[0] if row else 0

    def set_fanout_cursor(self, cursor: int) -> None:
        self.conn.execute(
            "INSERT INTO notifier_state VALUES ('fanout_cursor', ?)"
            " ON CONFLICT (name) DO UPDATE SET value = CASE WHEN excluded.value > notifier_state.value"
            " THEN excluded.value ELSE notifier_state.value END",
            (cursor,),
        )

    def enabled_webhooks(self) -> list[tuple[str, wpb.Webhook]]:
        """Every enabled webhook of every tenant: (tenant_id, webhook)."""
        rows = self.conn.execute(
            "SELECT tenant_id, data FROM webhooks WHERE enabled = 1 ORDER BY create_time, id"
        )
        return [(t, wpb.Webhook.FromString(d)) for t, d in rows]

    def insert_deliveries(self, rows: Iterable[DeliveryRecord]) -> int:
        """Adds deliveries; one that exists for the same (webhook, event) is left as it is."""
        cur = self.conn.executemany(
            "INSERT INTO deliveries (id, webhook_id, tenant_id, event_cursor,"
            " event_type, order_key, status, attempts, schedule_pos, next_attempt_time,"
            " create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [
                (
                    r.id,
                    r.webhook_id,
                    r.tenant_id,
                    r.event_cursor,
                    r.event_type,
                    r.order_key,
                    r.status,
                    r.next_attempt_time_us,
                    r.create_time_us,
                    r.update_time_us,
                )
                for r in rows
            ],
        )
        return cur.rowcount

    def is_first_queue(self, interaction_id: str, sequence: int) -> bool:
        """Whether no event of the interaction before ``sequence`` moved it to QUEUED."""
        rows = self.conn.execute(
            "SELECT data FROM events WHERE interaction_id = ? AND sequence < ?"
            " AND type = 'interaction.state_changed'",
            (interaction_id, sequence),
        )
        return not any(
            epb.Event.FromString(d).state_change.to_state == ipb.STATE_QUEUED for (d,) in rows
        )

    # -- claiming and recording ---------------------------------------------------------

    def claim_deliveries(
        self, webhook_id: str, now_us: int, lease_until_us: int, limit: int
    ) -> list[ClaimedDelivery]:
        """Leases up to ``limit`` due deliveries of an enabled webhook, in due order.

        A delivery waits while an earlier one of the same (webhook, interaction) is pending,
        so an interaction's events arrive in order.
        """
        rows = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}, e.media_type, e.data, e.tenant_cursor{_FROM}"
            " JOIN webhooks w ON w.id = d.webhook_id AND w.enabled = 1"
            " WHERE d.webhook_id = ? AND d.status = 1 AND d.next_attempt_time <= ?"
            " AND d.lease_until <= ?"
            " AND (d.order_key = '' OR NOT EXISTS (SELECT 1 FROM deliveries p"
            "  WHERE p.webhook_id = d.webhook_id AND p.order_key = d.order_key"
            "  AND p.status = 1 AND p.event_cursor < d.event_cursor))"
            " ORDER BY d.next_attempt_time LIMIT ?",
            (webhook_id, now_us, now_us, limit),
        ).fetchall()
        if not rows:
            return []
        # One statement per 500 rows: about half the cost of one execution per row.
        for i in range(0, len(rows), 500):
            ids = [r[0] for r in rows[i : i + 500]]
            self.conn.execute(
                f"UPDATE deliveries SET lease_until = ? WHERE id IN ({','.join('?' * len(ids))})",
                [lease_until_us, *ids],
            )
        return [
            ClaimedDelivery(DeliveryRecord(*r[:14]), r[14], r[15], tenant_cursor=r[16])
            for r in rows
        ]

    def leased_deliveries(self, webhook_id: str, now_us: int) -> int:
        """The webhook's deliveries in flight now, in any notifier process: leased, the
        lease not yet run out (a dead process's claims stop counting when theirs do)."""
        # "lease_until > 0" is the partial index's own condition: it lets both databases
        # use it whatever ``now_us`` is.
        (count,) = self.conn.execute(
            "SELECT count(*) FROM deliveries WHERE webhook_id = ? AND lease_until > 0"
            " AND lease_until > ?",
            (webhook_id, now_us),
        ).fetchone()
        return int(count)

    def has_due(self, webhook_id: str, now_us: int) -> bool:
        """Whether the webhook has a pending delivery that is due and not leased."""
        row = self.conn.execute(
            "SELECT 1 FROM deliveries WHERE webhook_id = ? AND status = 1"
            " AND next_attempt_time <= ? AND lease_until <= ? LIMIT 1",
            (webhook_id, now_us, now_us),
        ).fetchone()
        return row is not None

    def lease_delivery(
        self, tenant_id: str, webhook_id: str, delivery_id: str, lease_until_us: int
    ) -> ClaimedDelivery | None:
        """Leases one delivery whatever its state (TestWebhook sends at once)."""
        row = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}, e.media_type, e.data, e.tenant_cursor{_FROM}"
            " WHERE d.id = ? AND d.webhook_id = ? AND d.tenant_id = ?",
            (delivery_id, webhook_id, tenant_id),
        ).fetchone()
        if row is None:
            return None
        self.conn.execute(
            "UPDATE deliveries SET lease_until = ? WHERE id = ?", (lease_until_us, delivery_id)
        )
        return ClaimedDelivery(DeliveryRecord(*row[:14]), row[14], row[15], tenant_cursor=row[16])

    def record_attempts(
        self, attempts: Sequence[tuple[AttemptRecord, DeliveryStatus]], now_us: int
    ) -> None:
        """Logs attempts; counts each on its delivery, which becomes pending again (at the
        attempt's ``next_attempt_time``), succeeded or failed, and releases its lease."""
        self.conn.executemany(
            "INSERT INTO delivery_attempts (delivery_id, attempt_time, status_code, latency_us,"
            " response_body, error_class, error, next_attempt_time, trigger)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    a.delivery_id,
                    a.attempt_time_us,
                    a.status_code,
                    a.latency_us,
                    a.response_body,
                    a.error_class,
                    a.error,
                    a.next_attempt_time_us,
                    a.trigger,
                )
                for a, _ in attempts
            ],
        )
        self.conn.executemany(
            "UPDATE deliveries SET status = ?, attempts = attempts + 1,"
            " schedule_pos = schedule_pos + 1, next_attempt_time = ?, lease_until = 0,"
            " last_status_code = ?, update_time = ? WHERE id = ?",
            [
                (int(status), a.next_attempt_time_us, a.status_code, now_us, a.delivery_id)
                for a, status in attempts
            ],
        )

    def prune_deliveries(self, before_us: int, limit: int) -> int:
        """Deletes up to ``limit`` finished (succeeded or failed) deliveries last changed
        before ``before_us``, with their attempts; pending ones are never deleted."""
        return self.conn.execute(
            "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries"
            " WHERE status != 1 AND update_time < ? ORDER BY update_time LIMIT ?)",
            (before_us, limit),
        ).rowcount

    def webhook_failing_since(
        self, webhook_id: str, failed: bool, now_us: int, gap_us: int
    ) -> int | None:
        """Updates the failure clock and returns when it started (None after a success).

        A success stops it; a failure more than ``gap_us`` after the previous one starts it
        afresh, so "failing continuously" is not made of failures days apart.
        """
        if not failed:
            # Only when the clock runs: a healthy webhook's row is not rewritten every batch.
            self.conn.execute(
                "UPDATE webhooks SET failing_since = NULL, last_failure = NULL WHERE id = ?"
                " AND (failing_since IS NOT NULL OR last_failure IS NOT NULL)",
                (webhook_id,),
            )
            return None
        self.conn.execute(
            "UPDATE webhooks SET failing_since = CASE WHEN failing_since IS NULL"
            " OR last_failure IS NULL OR ? - last_failure > ? THEN ? ELSE failing_since END,"
            " last_failure = ? WHERE id = ?",
            (now_us, gap_us, now_us, now_us, webhook_id),
        )
        row = self.conn.execute(
            "SELECT failing_since FROM webhooks WHERE id = ?", (webhook_id,)
        ).fetchone()
        return row[0] if row else None

    # -- the API's reads and re-queues ---------------------------------------------------

    def get_event(self, tenant_id: str, event_id: str) -> tuple[int, int, epb.Event] | None:
        """(global cursor, media_type, event) of one of the tenant's events; ``event.cursor``
        is the tenant's position."""
        row = self.conn.execute(
            "SELECT cursor, media_type, data, tenant_cursor FROM events"
            " WHERE id = ? AND tenant_id = ?",
            (event_id, tenant_id),
        ).fetchone()
        if row is None:
            return None
        event = epb.Event.FromString(row[2])
        event.cursor = row[3]
        return row[0], row[1], event

    def get_delivery(
        self, tenant_id: str, webhook_id: str, delivery_id: str
    ) -> DeliveryRecord | None:
        row = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}{_FROM}"
            " WHERE d.id = ? AND d.webhook_id = ? AND d.tenant_id = ?",
            (delivery_id, webhook_id, tenant_id),
        ).fetchone()
        return DeliveryRecord(*row) if row else None

    def find_delivery(self, webhook_id: str, event_cursor: int) -> DeliveryRecord | None:
        row = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}{_FROM} WHERE d.webhook_id = ? AND d.event_cursor = ?",
            (webhook_id, event_cursor),
        ).fetchone()
        return DeliveryRecord(*row) if row else None

    def list_deliveries(
        self,
        tenant_id: str,
        webhook_id: str,
        flt: DeliveryFilter,
        after: tuple[int, str] | None,
        limit: int,
    ) -> list[DeliveryRecord]:
        """Newest first."""
        where = ["d.webhook_id = ?", "d.tenant_id = ?"]
        args: list[object] = [webhook_id, tenant_id]
        if flt.statuses:
            where.append(f"d.status IN ({','.join('?' * len(flt.statuses))})")
            args.extend(int(s) for s in flt.statuses)
        if flt.event_types:
            where.append(f"d.event_type IN ({','.join('?' * len(flt.event_types))})")
            args.extend(flt.event_types)
        if flt.start_time_us is not None:
            where.append("d.create_time >= ?")
            args.append(flt.start_time_us)
        if flt.end_time_us is not None:
            where.append("d.create_time < ?")
            args.append(flt.end_time_us)
        if after is not None:
            where.append("(d.create_time, d.id) < (?, ?)")
            args.extend(after)
        args.append(limit)
        rows = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}{_FROM} WHERE {' AND '.join(where)}"
            " ORDER BY d.create_time DESC, d.id DESC LIMIT ?",
            args,
        )
        return [DeliveryRecord(*r) for r in rows]

    def list_attempts(self, delivery_id: str, after_id: int, limit: int) -> list[AttemptRecord]:
        """Oldest first."""
        rows = self.conn.execute(
            "SELECT delivery_id, attempt_time, status_code, latency_us, response_body,"
            " error_class, error, next_attempt_time, trigger, id FROM delivery_attempts"
            " WHERE delivery_id = ? AND id > ? ORDER BY id LIMIT ?",
            (delivery_id, after_id, limit),
        )
        return [AttemptRecord(*r) for r in rows]

    def requeue_deliveries(self, delivery_ids: Sequence[str], now_us: int) -> int:
        """Makes deliveries pending and due now, with a fresh retry schedule."""
        cur = self.conn.executemany(
            "UPDATE deliveries SET status = 1, schedule_pos = 0, next_attempt_time = ?,"
            " update_time = ? WHERE id = ?",
            [(now_us, now_us, i) for i in delivery_ids],
        )
        return cur.rowcount

    def failed_delivery_ids(
        self, tenant_id: str, webhook_id: str, since_us: int, until_us: int | None
    ) -> list[str]:
        rows = self.conn.execute(
            "SELECT id FROM deliveries WHERE webhook_id = ? AND tenant_id = ? AND status = ?"
            " AND create_time >= ? AND create_time < ?",
            (
                webhook_id,
                tenant_id,
                int(DeliveryStatus.FAILED),
                since_us,
                until_us if until_us is not None else 2**62,
            ),
        )
        return [r[0] for r in rows]
