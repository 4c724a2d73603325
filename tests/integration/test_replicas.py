"""Replicas on PostgreSQL behind Envoy: kill -9 one server and one notifier during a
write-and-deliver load. Callers retrying with their request_id lose nothing and make no
duplicate, every event reaches the webhook, and Envoy stops routing to the dead replica."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.request
from collections import Counter
from pathlib import Path

import grpc
import pytest

from nexus.gateway.process import Stack, free_port
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

from pg import pg_schema

KEY = "nxs_replicas_test_key"
MD = (("x-api-key", KEY),)
WRITERS = 8
WRITES = 40
KILL_AFTER = 100  # acknowledged writes before the kills


def endpoint_health(stack: Stack) -> dict[int, list[str]]:
    """Envoy's view of each server replica: port -> health flags (empty: healthy)."""
    admin = (stack.state_dir / "envoy.admin").read_text().strip()
    with urllib.request.urlopen(f"http://{admin}/clusters?format=json", timeout=5) as resp:
        clusters = json.load(resp)["cluster_statuses"]
    nexus = next(c for c in clusters if c["name"] == "nexus")
    health = {}
    for host in nexus["host_statuses"]:
        port = host["address"]["socket_address"]["port_value"]
        status = host["health_status"]
        health[port] = [k for k, v in status.items() if v is True or v == "UNHEALTHY"]
    return health


async def write_until_acknowledged(
    stub: ispb_grpc.InteractionServiceStub, request_id: str, errors: Counter[str]
) -> str:
    """A caller that retries with the same request_id until it gets an answer."""
    request = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT), request_id=request_id
    )
    for _ in range(100):
        try:
            made = await stub.CreateInteraction(request, metadata=MD, timeout=10)
            return made.name
        except grpc.aio.AioRpcError as exc:
            errors[exc.code().name] += 1
            await asyncio.sleep(0.1)
    raise AssertionError(f"{request_id}: no answer after 100 tries ({dict(errors)})")


@pytest.mark.timeout(300)
async def test_kill_9_of_a_server_and_a_notifier_under_load(tmp_path, receiver, ca_file):
    env = {
        "NEXUS_LOG_LEVEL": "WARNING",
        "NEXUS_NOTIFIER_ALLOWLIST": "127.0.0.1/32,::1/128",
        "NEXUS_NOTIFIER_CA_FILE": ca_file,
        "NEXUS_NOTIFIER_TIMEOUT_S": "2",
        "NEXUS_NOTIFIER_LEASE_S": "3",  # the killed notifier's claims come back soon
        "NEXUS_NOTIFIER_POLL_INTERVAL_S": "0.05",
    }
    with pg_schema() as url:
        stack = Stack(
            state_dir=tmp_path / "up", db=url, api_key=KEY, https_port=free_port(),
            replicas=2, server_env=env,
        )  # fmt: skip
        await asyncio.to_thread(stack.start, 60)
        try:
            assert stack.ca is not None
            creds = grpc.ssl_channel_credentials(await asyncio.to_thread(Path(stack.ca).read_bytes))
            async with grpc.aio.secure_channel(stack.address, creds) as channel:
                interactions = ispb_grpc.InteractionServiceStub(channel)
                webhooks = wspb_grpc.WebhookServiceStub(channel)
                await webhooks.CreateWebhook(
                    wspb.CreateWebhookRequest(
                        webhook=wpb.Webhook(url=receiver.url(), event_types=["interaction.created"])
                    ),
                    metadata=MD,
                )
                errors: Counter[str] = Counter()
                acknowledged: dict[str, str] = {}
                victim = stack.replica_servers[0]
                victim_port = stack.replica_ports[0]
                killed = asyncio.Event()

                async def writer(w: int) -> None:
                    for k in range(WRITES):
                        request_id = f"w{w}-{k}"
                        name = await write_until_acknowledged(interactions, request_id, errors)
                        acknowledged[request_id] = name
                        if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                            killed.set()
                            os.kill(victim.popen.pid, signal.SIGKILL)
                            os.kill(stack.notifiers[0].popen.pid, signal.SIGKILL)

                killed_at: list[float] = []

                async def note_kill() -> None:
                    await killed.wait()
                    killed_at.append(time.monotonic())

                watch = asyncio.create_task(note_kill())
                await asyncio.gather(*(writer(w) for w in range(WRITERS)))
                await watch

                # Envoy's health check (every 2 s) has taken the dead replica out.
                deadline = killed_at[0] + 15
                while not endpoint_health(stack)[victim_port]:
                    assert time.monotonic() < deadline, "Envoy still routes to the dead replica"
                    await asyncio.sleep(0.2)

                # Every acknowledged write is there, once.
                names = await all_interactions(interactions)
                assert len(acknowledged) == WRITERS * WRITES
                assert sorted(names) == sorted(acknowledged.values()), "lost or duplicated"

                # Every event reaches the webhook (a redelivery keeps its webhook-id).
                events = espb_grpc.EventServiceStub(channel)
                created = await events.ListEvents(
                    espb.ListEventsRequest(event_types=["interaction.created"], page_size=1000),
                    metadata=MD,
                )
                wanted = {e.id for e in created.events}
                assert len(wanted) == WRITERS * WRITES
                deadline = time.monotonic() + 90
                while not wanted <= {r.webhook_id for r in receiver.received}:
                    assert time.monotonic() < deadline, "events not delivered"
                    await asyncio.sleep(0.2)
                assert {r.webhook_id for r in receiver.received} <= wanted
        finally:
            await asyncio.to_thread(stack.stop, 15)
    # What callers saw while the replica died: only errors a retry fixed.
    assert set(errors) <= {"UNAVAILABLE", "CANCELLED", "DEADLINE_EXCEEDED"}, errors
    assert victim.popen.returncode == -signal.SIGKILL
    print(f"errors retried: {dict(errors)}; deliveries: {len(receiver.received)}")


def drop_every_connection(url: str) -> int:
    """What a PostgreSQL restart does to its clients: every connection of the test's
    database is closed under them."""
    import psycopg

    from pg import SERVER

    with psycopg.connect(SERVER, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid != pg_backend_pid()"
        ).fetchall()
    return len(rows)


async def all_interactions(stub: ispb_grpc.InteractionServiceStub) -> list[str]:
    names: list[str] = []
    token = ""
    while True:
        page = await stub.ListInteractions(
            ispb.ListInteractionsRequest(page_size=500, page_token=token), metadata=MD
        )
        names += [i.name for i in page.interactions]
        token = page.next_page_token
        if not token:
            return names


@pytest.mark.timeout(300)
async def test_replicas_reconnect_when_the_database_drops_every_connection(tmp_path):
    with pg_schema() as url:
        stack = Stack(
            state_dir=tmp_path / "up", db=url, api_key=KEY, https_port=free_port(),
            replicas=2, server_env={"NEXUS_LOG_LEVEL": "CRITICAL"},
        )  # fmt: skip
        await asyncio.to_thread(stack.start, 60)
        try:
            assert stack.ca is not None
            ca = await asyncio.to_thread(Path(stack.ca).read_bytes)
            async with grpc.aio.secure_channel(
                stack.address, grpc.ssl_channel_credentials(ca)
            ) as channel:
                stub = ispb_grpc.InteractionServiceStub(channel)
                errors: Counter[str] = Counter()
                acknowledged: dict[str, str] = {}
                dropped: list[int] = []

                async def writer(w: int) -> None:
                    for k in range(WRITES):
                        request_id = f"w{w}-{k}"
                        acknowledged[request_id] = await write_until_acknowledged(
                            stub, request_id, errors
                        )
                        if len(acknowledged) in (80, 200):  # twice, under load
                            dropped.append(await asyncio.to_thread(drop_every_connection, url))

                await asyncio.gather(*(writer(w) for w in range(WRITERS)))
                assert len(dropped) == 2 and all(dropped)
                names = await all_interactions(stub)
                assert len(acknowledged) == WRITERS * WRITES
                assert sorted(names) == sorted(acknowledged.values()), "lost or duplicated"
            assert all(server.alive() for server in stack.servers)
        finally:
            await asyncio.to_thread(stack.stop, 15)
    assert set(errors) <= {"UNAVAILABLE", "CANCELLED", "DEADLINE_EXCEEDED"}, errors
