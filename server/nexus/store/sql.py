"""The SQL both backends run: every repository method of ``Store`` written once, in the
dialect SQLite and PostgreSQL share (``?`` parameters, ``ON CONFLICT``, ``RETURNING``, row
values). A backend supplies the connection (``conn``), transactions and migrations.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from nexus.domain import access
from nexus.ids import new_id
from nexus.store.base import (
    ApiKeyRecord,
    EventFilter,
    EventPage,
    InteractionFilter,
    Principal,
    RememberedRequest,
    TenantRecord,
    TimerRow,
    WebhookSecret,
)
from nexus.store.channels import ChannelsMixin
from nexus.store.connection import Connection
from nexus.store.deliveries import DeliveriesMixin
from nexus.store.figures import FiguresMixin
from nexus.store.timers import INTERACTION_COLUMNS, TimersMixin, interaction_of
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

# How long an API key lookup is reused. Keys created or revoked through this store apply
# at once; a revocation made by another process (``nexus keys revoke``) within this time.
KEY_CACHE_S = 1.0
KEY_CACHE_SIZE = 4096


class SqlStore(DeliveriesMixin, ChannelsMixin, TimersMixin, FiguresMixin):
    """The repository methods; a subclass gives ``conn``, transactions and migrations."""

    backend = ""
    location = ""
    """What ``open_store`` takes to open this database again (in another process)."""

    def __init__(self, key_cache_s: float = KEY_CACHE_S) -> None:
        self.key_cache_s = key_cache_s
        self._principals: dict[str, tuple[Principal, float]] = {}  # hash -> (answer, read at)
        self._page_token_key: bytes | None = None
        self.write_serial = 0
        """Counts write transactions: a value read inside one holds until this changes."""

    @property
    def conn(self) -> Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def migrate(self) -> list[int]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _snapshot(self) -> AbstractContextManager[None]:
        """Several SELECTs that see one state of the database."""
        raise NotImplementedError

    def page_token_key(self) -> bytes:
        """Made by migration 4 (and again here should the row be gone); read once."""
        if self._page_token_key is None:
            query = "SELECT key FROM server_keys WHERE name = 'page_tokens'"
            row = self.conn.execute(query).fetchone()
            if row is None:
                with self.transaction():
                    self.conn.execute(
                        "INSERT INTO server_keys VALUES ('page_tokens', ?, ?) ON CONFLICT DO NOTHING",
                        (secrets.token_bytes(32), int(time.time())),
                    )
                    row = self.conn.execute(query).fetchone()
            self._page_token_key = bytes(row[0])
        return self._page_token_key

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # -- tenants and keys ---------------------------------------------------------------

    def create_tenant(self, name: str, now_us: int = 0) -> TenantRecord:
        record = TenantRecord(new_id(), name, now_us)
        self.conn.execute(
            "INSERT INTO tenants (id, name, create_time) VALUES (?, ?, ?)",
            (record.id, record.name, record.create_time_us),
        )
        return record

    def get_tenant(self, id_or_name: str) -> TenantRecord | None:
        row = self.conn.execute(
            "SELECT id, name, create_time FROM tenants WHERE id = ? OR name = ?",
            (id_or_name, id_or_name),
        ).fetchone()
        return TenantRecord(*row) if row else None

    def list_tenants(self) -> list[TenantRecord]:
        rows = self.conn.execute(
            "SELECT id, name, create_time FROM tenants ORDER BY create_time, id"
        )
        return [TenantRecord(*r) for r in rows]

    def create_api_key(
        self,
        tenant_id: str,
        name: str,
        key_hash: str,
        prefix: str,
        now_us: int = 0,
        role: int = access.ADMIN,
        origins: tuple[str, ...] = (),
    ) -> ApiKeyRecord:
        record = ApiKeyRecord(new_id(), tenant_id, name, prefix, now_us, None, role, origins)
        self._principals.clear()
        self.conn.execute(
            "INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, create_time, role,"
            " allowed_origins) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, tenant_id, name, key_hash, prefix, now_us, role, " ".join(origins)),
        )
        return record

    def revoke_api_key(self, key_id: str, now_us: int, tenant_id: str | None = None) -> bool:
        """Revokes a key by id or prefix (the CLI), or by id within a tenant (the API)."""
        self._principals.clear()
        if tenant_id is not None:
            cur = self.conn.execute(
                "UPDATE api_keys SET revoke_time = ? WHERE id = ? AND tenant_id = ?"
                " AND revoke_time IS NULL",
                (now_us, key_id, tenant_id),
            )
            return cur.rowcount > 0
        cur = self.conn.execute(
            "UPDATE api_keys SET revoke_time = ? WHERE (id = ? OR prefix = ?) AND revoke_time IS NULL",
            (now_us, key_id, key_id),
        )
        return cur.rowcount > 0

    _KEY_COLUMNS = "id, tenant_id, name, prefix, create_time, revoke_time, role, allowed_origins"

    @staticmethod
    def _key_record(row: Sequence[Any]) -> ApiKeyRecord:
        key_id, tenant_id, name, prefix, create_time, revoke_time, role, origins = row
        return ApiKeyRecord(
            key_id, tenant_id, name, prefix, create_time, revoke_time, role, tuple(origins.split())
        )

    def list_api_keys(self, tenant_id: str) -> list[ApiKeyRecord]:
        rows = self.conn.execute(
            f"SELECT {self._KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? ORDER BY create_time, id",
            (tenant_id,),
        )
        return [self._key_record(r) for r in rows]

    def get_api_key(self, tenant_id: str, key_id: str) -> ApiKeyRecord | None:
        row = self.conn.execute(
            f"SELECT {self._KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND id = ?",
            (tenant_id, key_id),
        ).fetchone()
        return self._key_record(row) if row else None

    # Chat session keys live beside the page-token key, one row each ("session:<kid>").
    # The first is made by the migration (and again here should the rows be gone), under
    # a fixed id, so that replicas starting together agree.
    def session_keys(self) -> list[tuple[str, bytes]]:
        query = (
            "SELECT name, key FROM server_keys WHERE name LIKE 'session:%'"
            " ORDER BY create_time DESC, name DESC"
        )
        rows = self.conn.execute(query).fetchall()
        if not rows:
            with self.transaction():
                self.conn.execute(
                    "INSERT INTO server_keys VALUES ('session:s1', ?, ?) ON CONFLICT DO NOTHING",
                    (secrets.token_bytes(32), int(time.time())),
                )
            rows = self.conn.execute(query).fetchall()
        return [(name.removeprefix("session:"), bytes(key)) for name, key in rows]

    def rotate_session_key(self, now_s: int) -> str:
        (current, _), *_ = self.session_keys()
        kid = new_id()
        self.conn.execute(
            "DELETE FROM server_keys WHERE name LIKE 'session:%' AND name != ?",
            (f"session:{current}",),
        )
        # strictly newer than the key it follows, whatever the clock says
        newest = self.conn.execute(
            "SELECT create_time FROM server_keys WHERE name = ?", (f"session:{current}",)
        ).fetchone()[0]
        self.conn.execute(
            "INSERT INTO server_keys VALUES (?, ?, ?)",
            (f"session:{kid}", secrets.token_bytes(32), max(now_s, newest + 1)),
        )
        return kid

    def cached_principal(self, key_hash: str) -> Principal | None:
        """The cached answer of ``principal_for_key``, if fresh; never reads the database."""
        hit = self._principals.get(key_hash)
        if hit is not None and time.monotonic() - hit[1] < self.key_cache_s:
            return hit[0]
        return None

    def principal_for_key(self, key_hash: str, max_age_s: float | None = None) -> Principal | None:
        """Every RPC asks this; answers are reused for ``key_cache_s`` (see KEY_CACHE_S), or
        for at most ``max_age_s`` when the caller needs a fresher one (a long stream)."""
        now = time.monotonic()
        max_age = self.key_cache_s if max_age_s is None else min(max_age_s, self.key_cache_s)
        hit = self._principals.get(key_hash)
        if hit is not None and now - hit[1] < max_age:
            return hit[0]
        row = self.conn.execute(
            "SELECT tenant_id, id, name, role, allowed_origins FROM api_keys"
            " WHERE key_hash = ? AND revoke_time IS NULL",
            (key_hash,),
        ).fetchone()
        if row is None:
            self._principals.pop(key_hash, None)
            return None  # unknown keys are not remembered: a new key works at once
        tenant_id, key_id, name, role, origins = row
        principal = Principal(tenant_id, key_id, name, role, tuple(origins.split()))
        if self.key_cache_s > 0:
            if len(self._principals) >= KEY_CACHE_SIZE:
                self._principals.clear()
            self._principals[key_hash] = (principal, now)
        return principal

    # -- idempotency --------------------------------------------------------------------

    def get_request(self, tenant_id: str, method: str, request_id: str) -> RememberedRequest | None:
        row = self.conn.execute(
            "SELECT request_hash, response, secret_id, channel_secret_id FROM requests "
            "WHERE tenant_id = ? AND method = ? AND request_id = ?",
            (tenant_id, method, request_id),
        ).fetchone()
        return RememberedRequest(*row) if row else None

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
    ) -> None:
        self.conn.execute(
            "INSERT INTO requests (tenant_id, method, request_id, request_hash, response,"
            " create_time, secret_id, channel_secret_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tenant_id,
                method,
                request_id,
                request_hash,
                response,
                now_us,
                secret_id,
                channel_secret_id,
            ),
        )

    def prune_requests(self, before_us: int) -> int:
        return self.conn.execute(
            "DELETE FROM requests WHERE create_time < ?", (before_us,)
        ).rowcount

    # -- interactions -------------------------------------------------------------------

    def get_interaction(self, tenant_id: str, interaction_id: str) -> ipb.Interaction | None:
        row = self.conn.execute(
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id = ? AND tenant_id = ?",
            (interaction_id, tenant_id),
        ).fetchone()
        return interaction_of(row) if row else None

    def insert_interaction(
        self, tenant_id: str, interaction: ipb.Interaction, timer: TimerRow | None
    ) -> None:
        i = interaction
        self.conn.execute(
            "INSERT INTO interactions (id, tenant_id, state, media_type, channel, customer_address,"
            " securebox, thread_id, unread_count, create_time, data, timer, timer_since,"
            " timer_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _tail(i.name),
                tenant_id,
                i.state,
                i.media_type,
                i.channel,
                i.customer_address,
                i.securebox,
                i.thread_id,
                i.unread_count,
                i.create_time.ToMicroseconds(),
                i.SerializeToString(),
                *(timer or (None, None, None)),
            ),
        )

    def update_interaction(
        self, tenant_id: str, interaction: ipb.Interaction, timer: TimerRow | None
    ) -> None:
        i = interaction
        self.conn.execute(
            "UPDATE interactions SET state = ?, unread_count = ?, data = ?, timer = ?,"
            " timer_since = ?, timer_due = ? WHERE id = ? AND tenant_id = ?",
            (
                i.state,
                i.unread_count,
                i.SerializeToString(),
                *(timer or (None, None, None)),
                _tail(i.name),
                tenant_id,
            ),
        )

    def list_interactions(
        self, tenant_id: str, flt: InteractionFilter, after: tuple[int, str] | None, limit: int
    ) -> list[ipb.Interaction]:
        where = ["tenant_id = ?"]
        args: list[object] = [tenant_id]
        if flt.states:
            where.append(f"state IN ({','.join('?' * len(flt.states))})")
            args.extend(flt.states)
        for column in ("media_type", "channel", "customer_address", "securebox", "thread_id"):
            value = getattr(flt, column)
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if flt.read_status == ipb.READ_STATUS_READ:
            where.append("unread_count = 0")
        elif flt.read_status == ipb.READ_STATUS_UNREAD:
            where.append("unread_count > 0")
        if flt.create_time_after_us is not None:
            where.append("create_time >= ?")
            args.append(flt.create_time_after_us)
        if flt.create_time_before_us is not None:
            where.append("create_time < ?")
            args.append(flt.create_time_before_us)
        if flt.next_timer:
            where.append("timer = ? AND timer_due IS NOT NULL")
            args.append(flt.next_timer)
        if flt.next_timer_before_us is not None:
            where.append("timer_due < ?")
            args.append(flt.next_timer_before_us)
        op, order = ("<", "DESC") if flt.descending else (">", "ASC")
        if after is not None:
            where.append(f"(create_time, id) {op} (?, ?)")
            args.extend(after)
        sql = (
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE {' AND '.join(where)}"
            f" ORDER BY create_time {order}, id {order} LIMIT ?"
        )
        args.append(limit)
        return [interaction_of(r) for r in self.conn.execute(sql, args)]

    # -- participants and messages ------------------------------------------------------

    def get_participant(
        self, tenant_id: str, interaction_id: str, participant_id: str
    ) -> ipb.Participant | None:
        row = self.conn.execute(
            "SELECT data FROM participants WHERE interaction_id = ? AND id = ? AND tenant_id = ?",
            (interaction_id, participant_id, tenant_id),
        ).fetchone()
        return ipb.Participant.FromString(row[0]) if row else None

    def put_participant(
        self, tenant_id: str, interaction_id: str, participant: ipb.Participant
    ) -> None:
        self.conn.execute(
            "INSERT INTO participants (interaction_id, id, tenant_id, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (interaction_id, id) DO UPDATE SET data = excluded.data",
            (interaction_id, _tail(participant.name), tenant_id, participant.SerializeToString()),
        )

    def list_participants(
        self, tenant_id: str, interaction_id: str, after: str | None, limit: int
    ) -> list[ipb.Participant]:
        rows = self.conn.execute(
            "SELECT data FROM participants WHERE interaction_id = ? AND tenant_id = ? AND id > ?"
            " ORDER BY id LIMIT ?",
            (interaction_id, tenant_id, after or "", limit),
        )
        return [ipb.Participant.FromString(r[0]) for r in rows]

    def get_message(
        self, tenant_id: str, interaction_id: str, message_id: str
    ) -> ipb.Message | None:
        row = self.conn.execute(
            "SELECT data FROM messages WHERE interaction_id = ? AND id = ? AND tenant_id = ?",
            (interaction_id, message_id, tenant_id),
        ).fetchone()
        return ipb.Message.FromString(row[0]) if row else None

    def put_message(self, tenant_id: str, interaction_id: str, message: ipb.Message) -> None:
        self.conn.execute(
            "INSERT INTO messages (interaction_id, idx, id, tenant_id, internal, data)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (interaction_id, idx) DO UPDATE SET data = excluded.data",
            (
                interaction_id,
                message.index,
                _tail(message.name),
                tenant_id,
                int(message.internal),
                message.SerializeToString(),
            ),
        )

    def list_messages(
        self,
        tenant_id: str,
        interaction_id: str,
        after_index: int,
        limit: int,
        exclude_internal: bool,
    ) -> list[ipb.Message]:
        internal = " AND internal = 0" if exclude_internal else ""
        rows = self.conn.execute(
            "SELECT data FROM messages WHERE interaction_id = ? AND tenant_id = ? AND idx > ?"
            f"{internal} ORDER BY idx LIMIT ?",
            (interaction_id, tenant_id, after_index, limit),
        )
        return [ipb.Message.FromString(r[0]) for r in rows]

    # -- events -------------------------------------------------------------------------

    def append_event(self, tenant_id: str, event: epb.Event, media_type: int) -> int:
        """Appends inside the current write transaction; returns the global cursor and sets
        ``event.cursor`` to the event's position in its tenant's log.

        Why a reader after position N never skips an event: positions are taken from the
        tenant's counter inside the write transaction, and SQLite lets one write
        transaction run at a time (BEGIN IMMEDIATE), so transactions take positions in the
        order they commit. Every position below a committed one was taken by this or an
        earlier transaction, hence committed already (or rolled back with its counter, a
        savepoint's too). So no reader can see N+1 before N, nor N twice.
        """
        (position,) = self.conn.execute(
            "UPDATE tenants SET last_event_cursor = last_event_cursor + 1 WHERE id = ?"
            " RETURNING last_event_cursor",
            (tenant_id,),
        ).fetchone()
        (cursor,) = self.conn.execute(
            "INSERT INTO events (id, tenant_id, type, interaction_id, sequence, media_type,"
            " create_time, data, tenant_cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING cursor",
            (
                event.id,
                tenant_id,
                event.type,
                _tail(event.interaction) or None,
                event.sequence,
                media_type,
                event.create_time.ToMicroseconds(),
                event.SerializeToString(),
                position,
            ),
        ).fetchone()
        event.cursor = position
        return cursor

    def list_events(
        self, tenant_id: str, after_cursor: int, flt: EventFilter, limit: int
    ) -> EventPage:
        """The tenant's events after a position of its own log (``Event.cursor``)."""
        where = ["tenant_id = ?", "tenant_cursor > ?"]
        args: list[object] = [tenant_id, after_cursor]
        if flt.event_types and "*" not in flt.event_types:
            exact = [t for t in flt.event_types if not t.endswith(".*")]
            families = [t[:-1] for t in flt.event_types if t.endswith(".*")]
            alts = []
            if exact:
                alts.append(f"type IN ({','.join('?' * len(exact))})")
                args.extend(exact)
            for prefix in families:
                alts.append("substr(type, 1, ?) = ?")
                args.extend([len(prefix), prefix])
            where.append(f"({' OR '.join(alts)})")
        if flt.interaction_id:
            where.append("interaction_id = ?")
            args.append(flt.interaction_id)
        args.append(limit)
        sql = (
            f"SELECT tenant_cursor, data FROM events WHERE {' AND '.join(where)}"
            " ORDER BY tenant_cursor LIMIT ?"
        )
        with self._snapshot():
            page = EventPage()
            for cursor, data in self.conn.execute(sql, args):
                event = epb.Event.FromString(data)
                event.cursor = cursor
                page.events.append(event)
            if len(page.events) == limit:
                page.scanned_to = page.events[-1].cursor
            else:
                page.scanned_to = max(self.tenant_cursor(tenant_id), after_cursor)
        return page

    def tenant_cursor(self, tenant_id: str) -> int:
        """The position of the tenant's newest event (0 before its first)."""
        row = self.conn.execute(
            "SELECT last_event_cursor FROM tenants WHERE id = ?", (tenant_id,)
        ).fetchone()
        return row[0] if row else 0

    def last_cursor(self) -> int:
        """The global cursor of the newest event of any tenant (the notifier's, not an API's)."""
        row = self.conn.execute("SELECT max(cursor) FROM events").fetchone()
        return row[0] or 0

    def iter_events(
        self, after_cursor: int, limit: int
    ) -> Iterator[tuple[int, str, int, epb.Event]]:
        """Events of every tenant after a global cursor: (cursor, tenant_id, media_type,
        event); ``event.cursor`` is the tenant's position, as everywhere a tenant looks."""
        rows = self.conn.execute(
            "SELECT cursor, tenant_id, media_type, data, tenant_cursor FROM events"
            " WHERE cursor > ? ORDER BY cursor LIMIT ?",
            (after_cursor, limit),
        ).fetchall()
        for cursor, tenant_id, media_type, data, position in rows:
            event = epb.Event.FromString(data)
            event.cursor = position
            yield cursor, tenant_id, media_type, event

    def iter_events_of_types(
        self, after_cursor: int, upto_cursor: int, types: Sequence[str]
    ) -> Iterator[tuple[int, str, int, epb.Event]]:
        """Like ``iter_events``, only the events of ``types`` with a global cursor in
        (after, upto]: a consumer that wants few kinds decodes no others."""
        if not types:
            return  # (PostgreSQL refuses an empty IN list)
        marks = ",".join("?" * len(types))
        rows = self.conn.execute(
            "SELECT cursor, tenant_id, media_type, data, tenant_cursor FROM events"
            f" WHERE cursor > ? AND cursor <= ? AND type IN ({marks}) ORDER BY cursor",
            (after_cursor, upto_cursor, *types),
        ).fetchall()
        for cursor, tenant_id, media_type, data, position in rows:
            event = epb.Event.FromString(data)
            event.cursor = position
            yield cursor, tenant_id, media_type, event

    # -- webhooks -----------------------------------------------------------------------

    def get_webhook(self, tenant_id: str, webhook_id: str) -> wpb.Webhook | None:
        row = self.conn.execute(
            "SELECT data FROM webhooks WHERE id = ? AND tenant_id = ?", (webhook_id, tenant_id)
        ).fetchone()
        return wpb.Webhook.FromString(row[0]) if row else None

    def put_webhook(self, tenant_id: str, webhook: wpb.Webhook) -> None:
        stored = wpb.Webhook()
        stored.CopyFrom(webhook)
        stored.ClearField("secret")
        self.conn.execute(
            "INSERT INTO webhooks (id, tenant_id, create_time, data, enabled) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = excluded.data, enabled = excluded.enabled,"
            # Re-enabling restarts the failure clock of auto-disable.
            " failing_since = CASE WHEN excluded.enabled = 1 AND webhooks.enabled = 0"
            " THEN NULL ELSE webhooks.failing_since END,"
            " last_failure = CASE WHEN excluded.enabled = 1 AND webhooks.enabled = 0"
            " THEN NULL ELSE webhooks.last_failure END",
            (
                _tail(webhook.name),
                tenant_id,
                webhook.create_time.ToMicroseconds(),
                stored.SerializeToString(),
                int(webhook.enabled or not webhook.HasField("enabled")),
            ),
        )

    def delete_webhook(self, tenant_id: str, webhook_id: str) -> None:
        self.conn.execute(
            "DELETE FROM webhooks WHERE id = ? AND tenant_id = ?", (webhook_id, tenant_id)
        )

    def list_webhooks(
        self, tenant_id: str, after: tuple[int, str] | None, limit: int
    ) -> list[wpb.Webhook]:
        after = after or (-1, "")
        rows = self.conn.execute(
            "SELECT data FROM webhooks WHERE tenant_id = ? AND (create_time, id) > (?, ?)"
            " ORDER BY create_time, id LIMIT ?",
            (tenant_id, after[0], after[1], limit),
        )
        return [wpb.Webhook.FromString(r[0]) for r in rows]

    def add_webhook_secret(self, webhook_id: str, secret: str, now_us: int) -> int:
        """Adds a secret that signs from now on; returns its id."""
        (secret_id,) = self.conn.execute(
            "INSERT INTO webhook_secrets (webhook_id, secret, create_time) VALUES (?, ?, ?)"
            " RETURNING id",
            (webhook_id, secret, now_us),
        ).fetchone()
        return int(secret_id)

    def signing_secret(self, secret_id: int, now_us: int) -> str | None:
        """The secret with this id, if it still signs."""
        row = self.conn.execute(
            "SELECT secret FROM webhook_secrets WHERE id = ?"
            " AND (expire_time IS NULL OR expire_time > ?)",
            (secret_id, now_us),
        ).fetchone()
        return row[0] if row else None

    def expire_webhook_secrets(self, webhook_id: str, keep: str, expire_time_us: int) -> None:
        """Every secret but ``keep`` stops signing at ``expire_time_us`` (or earlier)."""
        self.conn.execute(
            "UPDATE webhook_secrets SET expire_time = CASE WHEN expire_time < ? THEN expire_time"
            " ELSE ? END"
            " WHERE webhook_id = ? AND secret != ?",
            (expire_time_us, expire_time_us, webhook_id, keep),
        )

    def webhook_secrets(self, webhook_id: str, now_us: int) -> list[WebhookSecret]:
        """The secrets that sign right now, newest first."""
        rows = self.conn.execute(
            "SELECT secret, create_time, expire_time FROM webhook_secrets"
            " WHERE webhook_id = ? AND (expire_time IS NULL OR expire_time > ?)"
            " ORDER BY id DESC",
            (webhook_id, now_us),
        )
        return [WebhookSecret(*r) for r in rows]


def _tail(name: str) -> str:
    return name.rsplit("/", 1)[-1]
