"""Versioned schema migrations, run at start. Each runs once, inside a write transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def _v1_core(db: sqlite_utils.Database) -> None:
    db.create_table(
        "tenants", {"id": str, "name": str, "create_time": int}, pk="id", not_null={"name"}
    )
    db.table("tenants").create_index(["name"], unique=True)
    db.create_table(
        "api_keys",
        {
            "id": str,
            "tenant_id": str,
            "name": str,
            "key_hash": str,
            "prefix": str,
            "create_time": int,
            "revoke_time": int,
        },
        pk="id",
        not_null={"tenant_id", "key_hash", "create_time"},
        foreign_keys=[("tenant_id", "tenants", "id")],
    )
    db.table("api_keys").create_index(["key_hash"], unique=True)
    db.create_table(
        "interactions",
        {
            "id": str,
            "tenant_id": str,
            "state": int,
            "media_type": int,
            "channel": str,
            "customer_address": str,
            "securebox": str,
            "thread_id": str,
            "unread_count": int,
            "create_time": int,
            "data": bytes,
        },
        pk="id",
        not_null={"tenant_id", "state", "media_type", "create_time", "data"},
        foreign_keys=[("tenant_id", "tenants", "id")],
    )
    db.table("interactions").create_index(["tenant_id", "create_time", "id"])
    db.table("interactions").create_index(["tenant_id", "state", "create_time"])
    db.table("interactions").create_index(["tenant_id", "customer_address", "create_time"])
    db.table("interactions").create_index(["tenant_id", "thread_id"])
    db.create_table(
        "participants",
        {"interaction_id": str, "id": str, "tenant_id": str, "data": bytes},
        pk=("interaction_id", "id"),
        not_null={"tenant_id", "data"},
        foreign_keys=[("interaction_id", "interactions", "id")],
    )
    db.create_table(
        "messages",
        {
            "interaction_id": str,
            "idx": int,
            "id": str,
            "tenant_id": str,
            "internal": int,
            "data": bytes,
        },
        pk=("interaction_id", "idx"),
        not_null={"id", "tenant_id", "data"},
        foreign_keys=[("interaction_id", "interactions", "id")],
    )
    db.table("messages").create_index(["interaction_id", "id"], unique=True)
    # AUTOINCREMENT: a cursor is never reused, even after the newest event is deleted.
    db.execute(
        """CREATE TABLE events (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            type TEXT NOT NULL,
            interaction_id TEXT,
            sequence INTEGER NOT NULL DEFAULT 0,
            media_type INTEGER NOT NULL DEFAULT 0,
            create_time INTEGER NOT NULL,
            data BLOB NOT NULL
        )"""
    )
    db.table("events").create_index(["tenant_id", "cursor"])
    db.table("events").create_index(["interaction_id", "sequence"])
    db.create_table(
        "webhooks",
        {"id": str, "tenant_id": str, "create_time": int, "data": bytes},
        pk="id",
        not_null={"tenant_id", "create_time", "data"},
        foreign_keys=[("tenant_id", "tenants", "id")],
    )
    db.table("webhooks").create_index(["tenant_id", "create_time", "id"])
    db.execute(
        """CREATE TABLE webhook_secrets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            secret TEXT NOT NULL,
            create_time INTEGER NOT NULL,
            expire_time INTEGER
        )"""
    )
    db.table("webhook_secrets").create_index(["webhook_id"])
    db.create_table(
        "requests",
        {
            "tenant_id": str,
            "method": str,
            "request_id": str,
            "request_hash": str,
            "response": bytes,
            "create_time": int,
        },
        pk=("tenant_id", "method", "request_id"),
        not_null={"request_hash", "response", "create_time"},
    )
    db.table("requests").create_index(["create_time"])


def _v2_deliveries(db: sqlite_utils.Database) -> None:
    # The claim query filters on these two columns, so they live outside the blob.
    db.execute("ALTER TABLE webhooks ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE webhooks ADD COLUMN failing_since INTEGER")
    db.execute("ALTER TABLE webhooks ADD COLUMN last_failure INTEGER")
    from nexus.v1 import webhook_pb2

    for webhook_id, data in db.execute("SELECT id, data FROM webhooks").fetchall():
        w = webhook_pb2.Webhook.FromString(data)
        if w.HasField("enabled") and not w.enabled:
            db.execute("UPDATE webhooks SET enabled = 0 WHERE id = ?", (webhook_id,))
    db.execute(
        """CREATE TABLE deliveries (
            id TEXT PRIMARY KEY,
            webhook_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            event_cursor INTEGER NOT NULL REFERENCES events(cursor),
            event_type TEXT NOT NULL,
            order_key TEXT NOT NULL,
            status INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            schedule_pos INTEGER NOT NULL DEFAULT 0,
            next_attempt_time INTEGER,
            lease_until INTEGER NOT NULL DEFAULT 0,
            last_status_code INTEGER NOT NULL DEFAULT 0,
            create_time INTEGER NOT NULL,
            update_time INTEGER NOT NULL,
            UNIQUE (webhook_id, event_cursor)
        )"""
    )
    # Pending work per endpoint in due order, and the per-(webhook, interaction) order check.
    db.execute(
        "CREATE INDEX deliveries_due ON deliveries (webhook_id, next_attempt_time) WHERE status = 1"
    )
    db.execute(
        "CREATE INDEX deliveries_order ON deliveries (webhook_id, order_key, event_cursor)"
        " WHERE status = 1"
    )
    db.execute("CREATE INDEX deliveries_list ON deliveries (webhook_id, create_time, id)")
    db.execute(
        """CREATE TABLE delivery_attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
            attempt_time INTEGER NOT NULL,
            status_code INTEGER NOT NULL,
            latency_us INTEGER NOT NULL,
            response_body BLOB NOT NULL,
            error_class TEXT NOT NULL,
            error TEXT NOT NULL,
            next_attempt_time INTEGER,
            trigger TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id)")
    db.execute("CREATE TABLE notifier_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    # Fan-out starts at the end of the log: events written before the notifier existed
    # had no subscribers to expect them.
    db.execute(
        "INSERT INTO notifier_state VALUES ('fanout_cursor', (SELECT coalesce(max(cursor), 0) FROM events))"
    )


def _v3_delivery_retention(db: sqlite_utils.Database) -> None:
    # Finished deliveries by age, for retention (pending ones are never in it).
    db.execute("CREATE INDEX deliveries_finished ON deliveries (update_time) WHERE status != 1")


def _v4_server_keys(db: sqlite_utils.Database) -> None:
    # Keys of the server itself, shared by every replica on this database. The page-token
    # key is made here, once, so that two replicas starting together cannot make two.
    db.execute(
        "CREATE TABLE server_keys (name TEXT PRIMARY KEY, key BLOB NOT NULL,"
        " create_time INTEGER NOT NULL)"
    )
    db.execute(
        "INSERT INTO server_keys VALUES ('page_tokens', ?, strftime('%s','now'))",
        (secrets.token_bytes(32),),
    )


def _v5_tenant_cursors(db: sqlite_utils.Database) -> None:
    # The global ``cursor`` grows with every tenant's writes, so a tenant could read the
    # others' volume in it. Tenants see ``tenant_cursor`` instead: 1, 2, 3… per tenant,
    # taken from ``tenants.last_event_cursor`` in the writing transaction (a counter, not
    # max()+1, so that a position is never reused even if the newest event were deleted).
    # The global cursor stays, for the notifier's fan-out and for deliveries.
    db.execute("ALTER TABLE tenants ADD COLUMN last_event_cursor INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE events ADD COLUMN tenant_cursor INTEGER")
    db.execute(
        "UPDATE events SET tenant_cursor = numbered.n FROM (SELECT cursor, row_number()"
        " OVER (PARTITION BY tenant_id ORDER BY cursor) AS n FROM events) AS numbered"
        " WHERE events.cursor = numbered.cursor"
    )
    db.execute(
        "UPDATE tenants SET last_event_cursor = (SELECT coalesce(max(tenant_cursor), 0)"
        " FROM events WHERE events.tenant_id = tenants.id)"
    )
    # Readers page by tenant_cursor now; the (tenant_id, cursor) index has no reader left.
    db.execute("CREATE UNIQUE INDEX events_by_tenant_cursor ON events (tenant_id, tenant_cursor)")
    db.execute("DROP INDEX IF EXISTS idx_events_tenant_id_cursor")
    # An idempotent call that handed out a webhook secret remembers which one, not a copy;
    # the copies remembered so far become references too.
    db.execute(
        "ALTER TABLE requests ADD COLUMN secret_id INTEGER"
        " REFERENCES webhook_secrets(id) ON DELETE SET NULL"
    )
    from google.protobuf.message import Message

    from nexus.v1 import webhook_pb2, webhook_service_pb2

    responses: dict[str, type[Message]] = {
        "CreateWebhook": webhook_pb2.Webhook,
        "RotateWebhookSecret": webhook_service_pb2.RotateWebhookSecretResponse,
    }
    rows = db.execute(
        "SELECT rowid, method, response FROM requests WHERE method IN (?, ?)", list(responses)
    ).fetchall()
    for rowid, method, data in rows:
        response = responses[method].FromString(data)
        found = db.execute(
            "SELECT id FROM webhook_secrets WHERE secret = ?", (response.secret,)
        ).fetchone()
        response.ClearField("secret")
        db.execute(
            "UPDATE requests SET response = ?, secret_id = ? WHERE rowid = ?",
            (response.SerializeToString(), found[0] if found else None, rowid),
        )


def _v6_channels(db: sqlite_utils.Database) -> None:
    # A channel's row holds the public resource; its credential (write-only) and secrets
    # live beside it so that no read of the resource can return them.
    db.execute(
        """CREATE TABLE channels (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            kind INTEGER NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            create_time INTEGER NOT NULL,
            credentials TEXT NOT NULL DEFAULT '',
            data BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX channels_list ON channels (tenant_id, create_time, id)")
    db.execute(
        """CREATE TABLE channel_secrets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            secret TEXT NOT NULL,
            create_time INTEGER NOT NULL,
            expire_time INTEGER
        )"""
    )
    db.execute("CREATE INDEX channel_secrets_by_channel ON channel_secrets (channel_id)")
    db.execute(
        "ALTER TABLE requests ADD COLUMN channel_secret_id INTEGER"
        " REFERENCES channel_secrets(id) ON DELETE SET NULL"
    )
    # The provider's id of every message that crossed a channel, either way: inbound it is
    # what makes a retried delivery a duplicate (the primary key says "once", whatever the
    # concurrency); outbound it is how a receipt finds its message.
    db.execute(
        """CREATE TABLE channel_messages (
            channel_id TEXT NOT NULL,
            direction INTEGER NOT NULL,
            provider_message_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            interaction_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            PRIMARY KEY (channel_id, direction, provider_message_id)
        ) WITHOUT ROWID"""
    )
    # The customer's open interaction on a channel, found by address (or by thread).
    db.execute(
        "CREATE INDEX interactions_open_by_address ON interactions"
        " (tenant_id, channel, customer_address, create_time) WHERE state != 9"
    )
    # Outbound messages owed to providers: the channel sender's work, claimed with a lease
    # like webhook deliveries, one interaction's messages strictly in order.
    db.execute(
        """CREATE TABLE channel_outbox (
            message_id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            interaction_id TEXT NOT NULL,
            event_cursor INTEGER NOT NULL,
            status INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            schedule_pos INTEGER NOT NULL DEFAULT 0,
            next_attempt_time INTEGER,
            lease_until INTEGER NOT NULL DEFAULT 0,
            create_time INTEGER NOT NULL,
            update_time INTEGER NOT NULL
        )"""
    )
    db.execute(
        "CREATE INDEX channel_outbox_due ON channel_outbox (channel_id, next_attempt_time)"
        " WHERE status = 1"
    )
    db.execute(
        "CREATE INDEX channel_outbox_order ON channel_outbox (interaction_id, event_cursor)"
        " WHERE status = 1"
    )
    db.execute(
        "CREATE INDEX channel_outbox_finished ON channel_outbox (update_time) WHERE status != 1"
    )
    # Who is typing where, until when: the sweeper announces the lapsed ones as stopped.
    db.execute(
        """CREATE TABLE typing (
            interaction_id TEXT NOT NULL,
            role INTEGER NOT NULL,
            sender TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            expire_time INTEGER NOT NULL,
            PRIMARY KEY (interaction_id, role, sender)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX typing_by_expiry ON typing (expire_time)")
    # The channel sender reads the event log from its end: older messages had no channel.
    db.execute(
        "INSERT INTO notifier_state VALUES ('channel_cursor', (SELECT coalesce(max(cursor), 0) FROM events))"
    )


def _v7_timers(db: sqlite_utils.Database) -> None:
    # The timer an interaction's state arms (ipb.Timer), the stored time it counts from,
    # and when it is due: NULL while the policy has it off. The worker reads due ones by
    # ``timers_due``; a policy change re-derives ``timer_due`` from ``timer_since``.
    db.execute("ALTER TABLE interactions ADD COLUMN timer INTEGER")
    db.execute("ALTER TABLE interactions ADD COLUMN timer_since INTEGER")
    db.execute("ALTER TABLE interactions ADD COLUMN timer_due INTEGER")
    db.execute("CREATE INDEX timers_due ON interactions (timer_due) WHERE timer_due IS NOT NULL")
    db.execute(
        "CREATE INDEX timers_armed ON interactions (tenant_id, media_type, timer)"
        " WHERE timer IS NOT NULL"
    )
    db.execute(
        """CREATE TABLE timer_policies (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            media_type INTEGER NOT NULL,
            data BLOB NOT NULL,
            update_time INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, media_type)
        ) WITHOUT ROWID"""
    )
    # Interactions stored before timers existed: arm what their state arms, counting from
    # their last change (the start-up re-arm then sets the due times from the policy; a
    # snooze is due at its own time, set here).
    # A frozen copy of the rule of that day, as migrations must not follow later code.
    from nexus.v1 import interaction_pb2 as ipb

    timer_of_state = {3: 4, 4: 3, 5: 1, 6: 2, 7: 6, 8: 5}
    rows = db.execute("SELECT id, data FROM interactions WHERE state IN (3, 4, 5, 6, 7, 8)")
    for interaction_id, data in rows.fetchall():
        i = ipb.Interaction.FromString(data)
        timer = timer_of_state[i.state]
        since = i.snooze_until.ToMicroseconds() if timer == 6 else i.update_time.ToMicroseconds()
        db.execute(
            "UPDATE interactions SET timer = ?, timer_since = ?, timer_due = ? WHERE id = ?",
            (timer, since, since if timer == 6 else None, interaction_id),
        )


LEASED_INDEX = (
    "CREATE INDEX deliveries_leased ON deliveries (webhook_id, lease_until) WHERE lease_until > 0"
)


def _v8_leased_deliveries(db: sqlite_utils.Database) -> None:
    """Deliveries in flight (leased), per webhook: the per-endpoint cap of every notifier
    replica counts them in the database instead of in its own memory."""
    db.execute(LEASED_INDEX)


def _v9_key_roles(db: sqlite_utils.Database) -> None:
    """API keys get a role (1 admin, 2 agent, 3 widget; existing keys are admin) and a
    widget key its allowed origins (space-separated). The first key that signs chat
    session tokens is made here, once, as the page-token key is."""
    db.execute("ALTER TABLE api_keys ADD COLUMN role INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE api_keys ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT ''")
    db.execute(
        "INSERT INTO server_keys VALUES ('session:s1', ?, strftime('%s','now'))"
        " ON CONFLICT DO NOTHING",
        (secrets.token_bytes(32),),
    )


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "core: tenants, keys, interactions, transcript, event log, webhooks, requests", _v1_core),
    (2, "notifier: deliveries, attempts, fan-out cursor, webhook health", _v2_deliveries),
    (3, "notifier: index of finished deliveries, for retention", _v3_delivery_retention),
    (4, "server keys: the key that signs page tokens", _v4_server_keys),
    (5, "per-tenant event cursors; request log names webhook secrets", _v5_tenant_cursors),
    (6, "channels: secrets, provider message ids, outbound work, typing", _v6_channels),
    (7, "lifecycle timers: armed timer per interaction, tenants' timer policies", _v7_timers),
    (
        8,
        "notifier: index of leased deliveries, for per-endpoint caps across replicas",
        _v8_leased_deliveries,
    ),
    (9, "API keys: roles (admin, agent, widget) and a widget key's origins", _v9_key_roles),
]
