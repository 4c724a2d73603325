"""A WatchEvents stream shows life at once, and does not outlive its API key."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from google.protobuf import duration_pb2

from nexus.store import open_store
from nexus.v1 import event_service_pb2 as espb

from helpers import create, db, expect_error

QUIET = duration_pb2.Duration(seconds=300)  # no heartbeat is due during these tests


@pytest.fixture
def config(config):
    return config.replace(key_cache_s=0.5)


async def _drain(stream) -> None:
    """Reads to the end; a stream that ends without an error fails the test."""
    while await stream.read() is not grpc.aio.EOF:
        pass
    raise AssertionError("the stream ended without an error")


async def _events(stream, n: int) -> list:
    out = []
    while len(out) < n:
        item = await stream.read()
        assert item is not grpc.aio.EOF
        if item.HasField("event"):
            out.append(item.event)
    return out


def _revoke_elsewhere(path: str, key: str) -> None:
    """As ``nexus keys revoke`` does: another store on the same file, so this server's
    key cache does not hear of it."""
    other = open_store(path)
    try:
        with other.transaction():
            assert other.revoke_api_key(key[:12], 1)
    finally:
        other.close()


async def _second_key(nexus) -> tuple:
    running = nexus.running
    tenant_id = (await db(running.core.authenticate, nexus.a.api_key)).tenant_id
    return nexus.client(await db(running.core.create_key, tenant_id, "doomed"))


async def test_first_heartbeat_comes_at_once_then_at_the_interval(nexus):
    a = nexus.a
    await create(a)
    quiet = a.events.WatchEvents(espb.WatchEventsRequest(heartbeat_interval=QUIET), metadata=a.md)
    first = await asyncio.wait_for(quiet.read(), 30)  # long before the 300 s interval
    assert first.HasField("heartbeat") and first.heartbeat.cursor == 1
    quiet.cancel()
    # From a cursor: the backlog first, then a heartbeat at once, then one per interval.
    stream = a.events.WatchEvents(
        espb.WatchEventsRequest(
            after_cursor=0, heartbeat_interval=duration_pb2.Duration(seconds=1)
        ),
        metadata=a.md,
    )
    items = [await asyncio.wait_for(stream.read(), 30) for _ in range(3)]
    assert [i.WhichOneof("item") for i in items] == ["event", "heartbeat", "heartbeat"]
    assert [items[1].heartbeat.cursor, items[2].heartbeat.cursor] == [1, 1]
    stream.cancel()


async def test_an_idle_watch_ends_unauthenticated_when_its_key_is_revoked(nexus):
    a = nexus.a
    doomed = await _second_key(nexus)
    request = espb.WatchEventsRequest(heartbeat_interval=QUIET)
    stream = doomed.events.WatchEvents(request, metadata=doomed.md)
    survivor = a.events.WatchEvents(request, metadata=a.md)
    assert (await stream.read()).HasField("heartbeat")
    assert (await survivor.read()).HasField("heartbeat")

    await db(_revoke_elsewhere, nexus.running.store.location, doomed.api_key)
    found = await asyncio.wait_for(
        expect_error(_drain(stream), grpc.StatusCode.UNAUTHENTICATED), 30
    )
    assert found["ErrorInfo"].reason == "API_KEY_INVALID"

    # The tenant's other key is not affected: its stream still follows the log.
    made = await create(a)
    (event,) = await asyncio.wait_for(_events(survivor, 1), 30)
    assert event.interaction == made.name
    survivor.cancel()


async def test_a_busy_watch_ends_unauthenticated_when_its_key_is_revoked(nexus):
    a = nexus.a
    doomed = await _second_key(nexus)
    stream = doomed.events.WatchEvents(
        espb.WatchEventsRequest(heartbeat_interval=QUIET), metadata=doomed.md
    )
    assert (await stream.read()).HasField("heartbeat")
    stop = asyncio.Event()

    async def keep_writing() -> None:
        while not stop.is_set():
            await create(a)

    writer = asyncio.create_task(keep_writing())
    try:
        await asyncio.wait_for(_events(stream, 3), 30)  # events are flowing
        await db(_revoke_elsewhere, nexus.running.store.location, doomed.api_key)
        await asyncio.wait_for(expect_error(_drain(stream), grpc.StatusCode.UNAUTHENTICATED), 30)
    finally:
        stop.set()
        await writer
