"""The event log: ListEvents paging and filters, WatchEvents follow, heartbeat and resume."""

from __future__ import annotations

import asyncio

import grpc
from google.protobuf import duration_pb2

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from helpers import create, expect_error


async def all_events(client, **filters) -> list:
    out, token = [], ""
    while True:
        resp = await client.events.ListEvents(
            espb.ListEventsRequest(page_size=7, page_token=token, **filters), metadata=client.md
        )
        out.extend(resp.events)
        token = resp.next_page_token
        if not token:
            return out


async def test_list_events_pages_in_log_order_with_filters(nexus):
    a = nexus.a
    made = [await create(a) for _ in range(10)]
    await a.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=made[3].name, queue="q"), metadata=a.md
    )
    events = await all_events(a)
    cursors = [e.cursor for e in events]
    assert cursors == sorted(cursors) and len(set(cursors)) == 11
    assert [e.type for e in events].count("interaction.created") == 10
    changed = await all_events(a, event_types=["interaction.state_changed"])
    assert [e.interaction for e in changed] == [made[3].name]
    family = await all_events(a, event_types=["interaction.*"])
    assert len(family) == 11
    mine = await all_events(a, interaction=made[3].name)
    assert [e.sequence for e in mine] == [1, 2]
    after = await all_events(a, after_cursor=cursors[4])
    assert [e.cursor for e in after] == cursors[5:]
    resp = await a.events.ListEvents(
        espb.ListEventsRequest(after_cursor=cursors[-1]), metadata=a.md
    )
    assert not resp.events and resp.last_cursor >= cursors[-1] and not resp.next_page_token


async def test_event_envelope(nexus):
    a = nexus.a
    i = await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(
            interaction=ipb.Interaction(media_type=1), actor="agents/ann"
        ),
        metadata=a.md,
    )
    (event,) = await all_events(a)
    assert event.id.startswith("evt_") and event.type == "interaction.created"
    assert event.tenant.startswith("tenants/") and event.interaction == i.name
    assert event.actor == "agents/ann" and event.sequence == 1 and event.cursor > 0
    assert event.interaction_snapshot == i and event.HasField("create_time")


async def _read(stream, n: int) -> list:
    out = []
    while (item := await stream.read()) is not grpc.aio.EOF:
        if item.HasField("event"):
            out.append(item.event)
            if len(out) == n:
                break
    return out


async def test_watch_from_now_sees_only_later_events(nexus):
    a = nexus.a
    await create(a)
    stream = a.events.WatchEvents(espb.WatchEventsRequest(), metadata=a.md)
    # the stream is open once its first heartbeat or event arrives; write after a heartbeat
    first = await stream.read()
    assert first.HasField("heartbeat")
    i = await create(a)
    (event,) = await asyncio.wait_for(_read(stream, 1), 10)
    assert event.interaction == i.name
    stream.cancel()


async def test_watch_sends_heartbeats_with_the_position(nexus):
    a = nexus.a
    await create(a)
    head = (await a.events.ListEvents(espb.ListEventsRequest(), metadata=a.md)).last_cursor
    stream = a.events.WatchEvents(
        espb.WatchEventsRequest(
            after_cursor=head, heartbeat_interval=duration_pb2.Duration(seconds=1)
        ),
        metadata=a.md,
    )
    beats = []
    while (item := await stream.read()) is not grpc.aio.EOF:
        assert item.HasField("heartbeat")
        beats.append(item.heartbeat.cursor)
        if len(beats) == 2:
            break
    assert beats == [head, head]
    stream.cancel()


async def test_watch_resumes_without_gap_or_duplicate_while_writes_continue(nexus):
    a = nexus.a
    await create(a)
    total = 120
    written: list[str] = []

    async def writer() -> None:
        for n in range(total):
            i = await create(a, priority=n % 100)
            written.append(i.name)
            if n % 10 == 0:
                await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    seen: list = []
    cursor = 0
    # read in chunks, disconnecting and resuming from the last cursor each time
    while len(seen) < total + 1:
        stream = a.events.WatchEvents(espb.WatchEventsRequest(after_cursor=cursor), metadata=a.md)
        chunk = await asyncio.wait_for(_read(stream, min(17, total + 1 - len(seen))), 20)
        stream.cancel()
        seen.extend(chunk)
        cursor = seen[-1].cursor
    await task
    assert [e.cursor for e in seen] == [e.cursor for e in await all_events(a)]
    assert len({e.id for e in seen}) == len(seen)
    assert [e.interaction for e in seen[1:]] == written


async def test_watch_filters_and_isolation(nexus):
    a, b = nexus.a, nexus.b
    stream = a.events.WatchEvents(
        espb.WatchEventsRequest(after_cursor=0, event_types=["interaction.state_changed"]),
        metadata=a.md,
    )
    await create(b)
    i = await create(a)
    await a.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=i.name, queue="q"), metadata=a.md
    )
    (event,) = await asyncio.wait_for(_read(stream, 1), 10)
    assert (
        event.type == "interaction.state_changed"
        and event.state_change.to_state == ipb.STATE_QUEUED
    )
    stream.cancel()


async def test_watch_rejects_bad_requests(nexus):
    a = nexus.a
    for req in (
        espb.WatchEventsRequest(heartbeat_interval=duration_pb2.Duration(seconds=0)),
        espb.WatchEventsRequest(event_types=["nope"]),
        espb.WatchEventsRequest(after_cursor=-1),
        espb.WatchEventsRequest(interaction="bad"),
    ):
        await expect_error(
            _first(a.events.WatchEvents(req, metadata=a.md)), grpc.StatusCode.INVALID_ARGUMENT
        )
    await expect_error(
        _first(a.events.WatchEvents(espb.WatchEventsRequest(), metadata=())),
        grpc.StatusCode.UNAUTHENTICATED,
    )


async def _first(stream):
    return await stream.read()


async def test_watch_sees_writes_from_another_process(nexus):
    """A write that does not go through this server (another process) is found by polling."""
    a = nexus.a
    stream = a.events.WatchEvents(espb.WatchEventsRequest(), metadata=a.md)
    assert (await stream.read()).HasField("heartbeat")
    from nexus.config import Config
    from nexus.core import Core
    from nexus.store import open_store

    def elsewhere() -> ipb.Interaction:
        other = open_store(nexus.running.store.location)
        try:
            core = Core(other, Config())
            principal = nexus.running.core.authenticate(a.api_key)
            return core.interactions.create(
                principal, ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=1))
            )
        finally:
            other.close()

    made = await asyncio.to_thread(elsewhere)
    (event,) = await asyncio.wait_for(_read(stream, 1), 10)
    assert event.interaction == made.name
    stream.cancel()
