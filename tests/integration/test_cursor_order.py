"""Cursor order under concurrency: with writers in two server processes on one database,
every watcher sees every event exactly once, in cursor order, while writes go on; and a
watcher on one process hears of writes made through the other promptly."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
import pytest

from nexus.gateway import process
from nexus.gateway.process import Child
from nexus.store import open_store
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

BIN = Path(sys.executable).parent
KEY = "nxs_cursor_order_key"
WRITERS_PER_PROCESS = 4  # 8 concurrent writers in 2 processes
WRITES_PER_WRITER = 25  # each write makes 2 events (interaction.created, message.created)
WATCHERS_PER_PROCESS = 2


def start_server(db: str, log: Path, poll_s: float = 0.2) -> tuple[Child, str]:
    """``nexus serve`` without a notifier, once it listens: (the process, its address)."""
    env = {"NEXUS_LOG_LEVEL": "WARNING", "NEXUS_BOOTSTRAP_API_KEY": KEY,
           "NEXUS_WATCH_POLL_S": str(poll_s)}  # fmt: skip
    child, port = process.start_server(db, "127.0.0.1:0", log, env, notifier=False)
    return child, f"127.0.0.1:{port}"


async def start_two(db: str, logs: Path, poll_s: float = 0.2) -> list[tuple[Child, str]]:
    """Two servers on one database, one after the other (the first one migrates)."""
    return [
        await asyncio.to_thread(start_server, db, logs / f"nexus-{n}.log", poll_s) for n in (1, 2)
    ]


async def writer(address: str, n: int, request_prefix: str, key: str = KEY) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        md = (("x-api-key", key),)
        for k in range(n):
            i = await stub.CreateInteraction(
                ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT),
                    request_id=f"{request_prefix}-{k}",
                ),
                metadata=md,
            )
            await stub.SendMessage(
                ispb.SendMessageRequest(
                    parent=i.name,
                    message=ipb.Message(text=f"hello {k}", direction=ipb.DIRECTION_INBOUND),
                    request_id=f"m-{i.name}",
                ),
                metadata=md,
            )


async def watcher(
    address: str, expected: int, seen: list[int], started: asyncio.Event, key: str = KEY
) -> None:
    """Reads the tenant's log from its start until ``expected`` events arrived."""
    async with grpc.aio.insecure_channel(address) as channel:
        stub = espb_grpc.EventServiceStub(channel)
        stream = stub.WatchEvents(
            espb.WatchEventsRequest(after_cursor=0), metadata=(("x-api-key", key),)
        )
        async for item in stream:
            if item.HasField("heartbeat"):
                started.set()
                continue
            seen.append(item.event.cursor)
            if len(seen) == expected:
                stream.cancel()
                return


def second_tenant(db: str) -> str:
    """``nexus tenants create``: another tenant, whose writes take no lock of the first's."""
    out = subprocess.run(
        [str(BIN / "nexus"), "tenants", "create", "tenant-b", "--db", db],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    return re.search(r"API key: (\S+)", out.stdout).group(1)  # type: ignore[union-attr]


def follow_global_log(db: str, expected: int, done: threading.Event) -> list[int]:
    """What the notifier's fan-out does: read the whole log by global cursor, always after
    the last cursor read, while writes go on."""
    store = open_store(db, migrate=False)
    try:
        cursors: list[int] = []
        after = 0
        while len(cursors) < expected and not done.is_set():
            page = [cursor for cursor, *_ in store.iter_events(after, 500)]
            cursors.extend(page)
            after = page[-1] if page else after
            time.sleep(0.002)
        return cursors
    finally:
        store.close()


@pytest.mark.timeout(180)
async def test_every_reader_sees_every_event_once_in_order_with_writers_in_two_processes(
    db_url, tmp_path
):
    procs = await start_two(db_url, tmp_path)
    try:
        keys = [KEY, await asyncio.to_thread(second_tenant, db_url)]
        addresses = [address for _, address in procs]
        # 8 writers in 2 processes, half for each tenant; 2 events per write.
        per_tenant = 2 * WRITERS_PER_PROCESS * WRITES_PER_WRITER
        seen: list[tuple[str, list[int]]] = []
        watchers, started = [], []
        for address in addresses:
            for w in range(WATCHERS_PER_PROCESS):
                key = keys[w % 2]
                seen.append((key, []))
                started.append(asyncio.Event())
                watchers.append(
                    asyncio.create_task(watcher(address, per_tenant, seen[-1][1], started[-1], key))
                )
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in started)), 30)
        done = threading.Event()
        fan_out = asyncio.create_task(
            asyncio.to_thread(follow_global_log, db_url, 2 * per_tenant, done)
        )
        writers = [
            writer(address, WRITES_PER_WRITER, f"p{p}w{w}", keys[w % 2])
            for p, address in enumerate(addresses)
            for w in range(WRITERS_PER_PROCESS)
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*writers), 120)
            await asyncio.wait_for(asyncio.gather(*watchers), 60)
            global_cursors = await asyncio.wait_for(fan_out, 60)
        finally:
            done.set()
    finally:
        for proc, _ in procs:
            proc.stop(20)
    whole = list(range(1, per_tenant + 1))
    for _, cursors in seen:
        assert cursors == whole, "a watcher skipped, repeated or reordered an event"
    assert len(global_cursors) == 2 * per_tenant, "the global reader skipped an event"
    assert global_cursors == sorted(set(global_cursors)), "seen twice or out of order"


@pytest.mark.timeout(120)
async def test_a_watch_on_one_process_hears_of_a_write_through_another_at_once(db_url, tmp_path):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no notifications: other processes' writes come by polling")
    # Watches poll every 10 minutes: a write elsewhere can only arrive by notification.
    procs = await start_two(db_url, tmp_path, poll_s=600)
    try:
        (_, here), (_, there) = procs
        seen: list[int] = []
        started = asyncio.Event()
        watch = asyncio.create_task(watcher(here, 5, seen, started))
        await asyncio.wait_for(started.wait(), 30)
        await writer(there, 5, "elsewhere")
        await asyncio.wait_for(watch, 60)
        assert len(seen) == 5
    finally:
        for proc, _ in procs:
            proc.stop(20)
