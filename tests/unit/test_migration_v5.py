"""Migration 5 on a database written before it: per-tenant cursors, secrets out of the log."""

from __future__ import annotations

from nexus.store import migrations, open_store
from nexus.store.base import EventFilter
from nexus.v1 import event_pb2 as epb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb


def test_migration_5_numbers_each_tenants_events_and_replaces_secret_copies(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(
        "nexus.store.sqlite.MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 3]
    )
    old = open_store(path)
    with old.transaction():
        c = old.conn
        c.execute(
            "INSERT INTO tenants (id, name, create_time) VALUES ('ta', 'a', 0), ('tb', 'b', 0)"
        )
        for n, tenant in enumerate(["tb", "ta", "tb", "tb", "ta", "tb"]):
            c.execute(
                "INSERT INTO events (id, tenant_id, type, create_time, data) VALUES (?, ?, 't', 0, ?)",
                (f"evt_{n}", tenant, epb.Event(id=f"evt_{n}").SerializeToString()),
            )
        c.execute(
            "INSERT INTO webhooks (id, tenant_id, create_time, data) VALUES ('w1', 'ta', 0, x'')"
        )
        c.execute(
            "INSERT INTO webhook_secrets (webhook_id, secret, create_time) VALUES ('w1', 'whsec_one', 0)"
        )
        c.execute(
            "INSERT INTO webhook_secrets (webhook_id, secret, create_time) VALUES ('w1', 'whsec_two', 1)"
        )
        created = wpb.Webhook(name="webhooks/w1", secret="whsec_one").SerializeToString()
        rotated = wspb.RotateWebhookSecretResponse(secret="whsec_two").SerializeToString()
        for method, request_id, response in [
            ("CreateWebhook", "c", created),
            ("RotateWebhookSecret", "r", rotated),
        ]:
            c.execute(
                "INSERT INTO requests VALUES ('ta', ?, ?, 'h', ?, 0)",
                (method, request_id, response),
            )
    old.close()
    monkeypatch.undo()

    store = open_store(path)
    assert store.schema_version() >= 5  # and on to the newest
    rows = store.conn.execute("SELECT tenant_id, cursor, tenant_cursor FROM events ORDER BY cursor")
    assert list(rows) == [
        ("tb", 1, 1), ("ta", 2, 1), ("tb", 3, 2), ("tb", 4, 3), ("ta", 5, 2), ("tb", 6, 4)
    ]  # fmt: skip
    assert (store.tenant_cursor("ta"), store.tenant_cursor("tb")) == (2, 4)
    # New events go on from there, per tenant.
    with store.transaction():
        store.append_event("ta", epb.Event(id="evt_new", type="t"), 0)
    (event,) = store.list_events("ta", 2, EventFilter(), 10).events
    assert (event.id, event.cursor) == ("evt_new", 3)

    logged = store.conn.execute("SELECT method, response, secret_id FROM requests ORDER BY method")
    (create_row, rotate_row) = list(logged)
    assert all(b"whsec_" not in row[1] for row in (create_row, rotate_row))
    assert store.signing_secret(create_row[2], 0) == "whsec_one"
    assert store.signing_secret(rotate_row[2], 0) == "whsec_two"
