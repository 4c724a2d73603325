"""Cursors are positions in the tenant's own log: 1, 2, 3… whatever the others write."""

from __future__ import annotations

import asyncio
import json

import grpc
import pytest

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb
from nexus.workers import build

from helpers import create, db, expect_error, violated_fields


async def list_all(client) -> list:
    out, token = [], ""
    while True:
        resp = await client.events.ListEvents(
            espb.ListEventsRequest(page_size=4, page_token=token), metadata=client.md
        )
        out.extend(resp.events)
        token = resp.next_page_token
        if not token:
            return out


async def test_interleaved_tenants_each_count_from_one(nexus):
    a, b = nexus.a, nexus.b
    for n in range(12):  # B writes three times as much as A, interleaved
        await create(b)
        if n % 3 == 0:
            await create(a)
    assert [e.cursor for e in await list_all(a)] == [1, 2, 3, 4]
    assert [e.cursor for e in await list_all(b)] == list(range(1, 13))
    assert await db(nexus.running.store.last_cursor) == 16, "the global cursor counts both"

    head = await a.events.ListEvents(espb.ListEventsRequest(after_cursor=4), metadata=a.md)
    assert (list(head.events), head.last_cursor) == ([], 4), "the end of A's log, not of all"
    beat = await a.events.WatchEvents(espb.WatchEventsRequest(), metadata=a.md).read()
    assert beat.heartbeat.cursor == 4
    # B's positions (or a cursor from before the renumbering) are not A's: refused, since
    # waiting for A to get there would skip A's events up to it.
    for call in (
        a.events.ListEvents(espb.ListEventsRequest(after_cursor=12), metadata=a.md),
        a.events.WatchEvents(espb.WatchEventsRequest(after_cursor=12), metadata=a.md).read(),
    ):
        found = await expect_error(call, grpc.StatusCode.INVALID_ARGUMENT)
        assert violated_fields(found) == ["after_cursor"]

    # Resuming from a cursor of A's gives A's next events, none of B's.
    stream = a.events.WatchEvents(espb.WatchEventsRequest(after_cursor=2), metadata=a.md)
    seen = []
    while len(seen) < 2:
        item = await asyncio.wait_for(stream.read(), 30)
        assert item is not grpc.aio.EOF
        if item.HasField("event"):
            seen.append(item.event)
    await create(b)
    made = await create(a)
    while not (item := await asyncio.wait_for(stream.read(), 30)).HasField("event"):
        pass
    stream.cancel()
    assert [e.cursor for e in seen] + [item.event.cursor] == [3, 4, 5]
    assert item.event.interaction == made.name
    assert {e.tenant for e in seen} == {seen[0].tenant}


@pytest.fixture
def config(config, notifier_config):
    return config.replace(notifier=notifier_config)


async def test_webhook_bodies_carry_the_tenants_cursor(nexus, receiver, config):
    a, b = nexus.a, nexus.b
    for _ in range(5):
        await create(b)
    await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(url=receiver.url(), event_types=["interaction.created"])
        ),
        metadata=a.md,
    )
    made = await create(a)
    runtime = await build(config)
    try:
        await runtime.notifier.run_until_idle()
    finally:
        await runtime.close()
    (got,) = receiver.received
    data = json.loads(got.body)["data"]
    (listed,) = [e for e in await list_all(a) if e.interaction == made.name]
    assert data["interaction"] == made.name
    assert int(data["cursor"]) == listed.cursor == 2  # webhook.created, then this one
    assert await db(nexus.running.store.last_cursor) == 7
