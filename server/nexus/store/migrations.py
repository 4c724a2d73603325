"""Versioned schema migrations, run at start. Each runs once, inside a write transaction."""

from __future__ import annotations

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


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "core: tenants, keys, interactions, transcript, event log, webhooks, requests", _v1_core),
]
