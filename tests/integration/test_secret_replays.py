"""Retried CreateWebhook / RotateWebhookSecret: the secret again, never a copy in the log."""

from __future__ import annotations

import grpc
from google.protobuf import duration_pb2

from nexus.store import open_store
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import db, expect_error


def request_log(location: str) -> list[tuple]:
    """Every row of the request log, read over a connection of its own."""
    store = open_store(location, migrate=False)
    try:
        return store.conn.execute("SELECT * FROM requests").fetchall()
    finally:
        store.close()


def holds_a_secret(rows: list[tuple]) -> bool:
    return any(
        b"whsec_" in (v if isinstance(v, bytes) else str(v).encode()) for r in rows for v in r
    )


async def test_replays_read_the_secret_back_instead_of_keeping_a_copy(nexus):
    a = nexus.a
    path = nexus.running.store.location
    create = wspb.CreateWebhookRequest(
        webhook=wpb.Webhook(url="https://x.example/h"), request_id="w-1"
    )
    first = await a.webhooks.CreateWebhook(create, metadata=a.md)
    assert first.secret.startswith("whsec_")
    rows = await db(request_log, path)
    assert rows and not holds_a_secret(rows)
    assert await a.webhooks.CreateWebhook(create, metadata=a.md) == first

    rotate = wspb.RotateWebhookSecretRequest(name=first.name, request_id="r-1")
    rotated = await a.webhooks.RotateWebhookSecret(rotate, metadata=a.md)
    assert rotated.secret.startswith("whsec_") and rotated.secret != first.secret
    assert not holds_a_secret(await db(request_log, path))
    assert await a.webhooks.RotateWebhookSecret(rotate, metadata=a.md) == rotated
    # The first secret signs during the grace period: its creation still replays.
    assert (await a.webhooks.CreateWebhook(create, metadata=a.md)).secret == first.secret


async def test_a_replay_whose_secret_no_longer_signs_fails_precondition(nexus):
    a = nexus.a
    created = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(webhook=wpb.Webhook(url="https://x.example/h")), metadata=a.md
    )
    rotate = wspb.RotateWebhookSecretRequest(name=created.name, request_id="r-1")
    rotated = await a.webhooks.RotateWebhookSecret(rotate, metadata=a.md)
    # A later rotation with no grace: the secret handed out by "r-1" stops signing now.
    later = wspb.RotateWebhookSecretRequest(
        name=created.name, grace_period=duration_pb2.Duration(seconds=0)
    )
    assert (await a.webhooks.RotateWebhookSecret(later, metadata=a.md)).secret != rotated.secret
    found = await expect_error(
        a.webhooks.RotateWebhookSecret(rotate, metadata=a.md), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert found["ErrorInfo"].reason == "SECRET_EXPIRED"

    # Deleted webhook: its secrets are gone with it.
    create = wspb.CreateWebhookRequest(
        webhook=wpb.Webhook(url="https://x.example/h"), request_id="w-2"
    )
    gone = await a.webhooks.CreateWebhook(create, metadata=a.md)
    await a.webhooks.DeleteWebhook(wspb.DeleteWebhookRequest(name=gone.name), metadata=a.md)
    found = await expect_error(
        a.webhooks.CreateWebhook(create, metadata=a.md), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert found["ErrorInfo"].reason == "SECRET_EXPIRED"
    assert (
        len((await a.webhooks.ListWebhooks(wspb.ListWebhooksRequest(), metadata=a.md)).webhooks)
        == 1
    )
