"""The notifier as a process: killed with SIGKILL mid-run it loses nothing; SIGTERM is clean.
And as a task of the server (the single-machine default)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sys
from pathlib import Path

import pytest
from aiohttp import web
from standardwebhooks.webhooks import Webhook as StdWebhook

from nexus.app import create_server
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

EVENTS = 1200


@pytest.fixture
def config(config, notifier_config):
    return config.replace(notifier=notifier_config)


def notifier_toml(path: Path, db: str, ca_file: str) -> Path:
    path.write_text(
        f'db = "{db}"\nlog_level = "WARNING"\n'
        "[notifier]\n"
        'allowlist = ["127.0.0.1/32", "::1/128"]\n'
        f'ca_file = "{ca_file}"\n'
        # A short lease so the killed process's claims come back quickly.
        "timeout_s = 2.0\nlease_s = 3.0\npoll_interval_s = 0.05\n"
    )
    return path


async def start_notifier(cfg: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "nexus.cli",
        "--config",
        str(cfg),
        "notifier",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


async def test_sigkill_loses_nothing(nexus, receiver, config, ca_file, tmp_path):
    a = nexus.a
    hook = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(url=receiver.url(), event_types=["interaction.created"])
        ),
        metadata=a.md,
    )
    for start in range(0, EVENTS, 100):
        await asyncio.gather(
            *(
                a.interactions.CreateInteraction(
                    ispb.CreateInteractionRequest(
                        interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                    ),
                    metadata=a.md,
                )
                for _ in range(start, min(start + 100, EVENTS))
            )
        )
    cfg = notifier_toml(tmp_path / "notifier.toml", config.db, ca_file)
    ids = lambda: {r.webhook_id for r in receiver.received}  # noqa: E731

    first = await start_notifier(cfg)
    try:
        await receiver.wait_for(lambda: len(ids()) >= EVENTS // 4, 60)
    finally:
        first.kill()
        await first.wait()
    assert first.returncode == -signal.SIGKILL
    killed_at = len(ids())
    assert killed_at < EVENTS, "the kill came too late to prove anything"

    second = await start_notifier(cfg)
    try:
        await receiver.wait_for(lambda: len(ids()) == EVENTS, 90)
    finally:
        second.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(second.communicate(), 30)
    assert second.returncode == 0, err.decode()[-2000:]
    assert len(ids()) == EVENTS
    # Duplicates (claimed by the killed process, re-sent after its lease) carry the same id
    # and verify; every id is an event of ours.
    for got in receiver.received[:: max(1, len(receiver.received) // 50)]:
        StdWebhook(hook.secret).verify(got.body, got.headers)
    assert all(i.startswith("evt_") for i in ids())


@pytest.mark.parametrize("in_memory", [False, True])
async def test_server_runs_the_notifier_in_process(config, receiver, in_memory):
    notifier = dataclasses.replace(config.notifier, in_process=True)
    db = ":memory:" if in_memory else config.db
    running = await create_server(config.replace(notifier=notifier, db=db))
    try:
        import grpc

        from nexus.v1 import interaction_service_pb2_grpc, webhook_service_pb2_grpc

        from conftest import API_KEY

        md = (("x-api-key", API_KEY),)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            webhooks = webhook_service_pb2_grpc.WebhookServiceStub(channel)
            interactions = interaction_service_pb2_grpc.InteractionServiceStub(channel)
            await webhooks.CreateWebhook(
                wspb.CreateWebhookRequest(
                    webhook=wpb.Webhook(url=receiver.url(), event_types=["interaction.created"])
                ),
                metadata=md,
            )
            created = await interactions.CreateInteraction(
                ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(
                        media_type=ipb.MEDIA_TYPE_EMAIL, customer_address="c@example.com"
                    )
                ),
                metadata=md,
            )
            await receiver.wait_for(lambda: len(receiver.received) == 1, 30)
        assert created.name.encode() in receiver.received[0].body
    finally:
        await running.stop(0)


async def held_delivery(a, receiver, gate: asyncio.Event):
    """A webhook and one event whose delivery the receiver answers only once ``gate`` is set."""
    hook = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(url=receiver.url(), event_types=["interaction.created"])
        ),
        metadata=a.md,
    )

    async def held(_):
        await gate.wait()
        return web.Response(status=200)

    receiver.responder = held
    await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)),
        metadata=a.md,
    )
    return hook


async def sigterm_while_held(cfg: Path, receiver, gate: asyncio.Event | None) -> bytes:
    """Starts a notifier, sends SIGTERM once the attempt is in flight; returns its stderr."""
    proc = await start_notifier(cfg)
    try:
        await receiver.wait_for(lambda: len(receiver.received) == 1, 30)
        proc.send_signal(signal.SIGTERM)
        if gate is not None:
            gate.set()
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-2000:]
    return err


async def only_delivery(a, hook):
    listed = await a.webhooks.ListDeliveries(
        wspb.ListDeliveriesRequest(parent=hook.name), metadata=a.md
    )
    (d,) = listed.deliveries
    return d


async def test_sigterm_finishes_in_flight_attempts(nexus, receiver, config, ca_file, tmp_path):
    release = asyncio.Event()
    hook = await held_delivery(nexus.a, receiver, release)
    cfg = notifier_toml(tmp_path / "n.toml", config.db, ca_file)
    await sigterm_while_held(cfg, receiver, release)
    d = await only_delivery(nexus.a, hook)
    assert d.status == dpb.DELIVERY_STATUS_SUCCEEDED and d.attempt_count == 1


async def test_sigterm_grace_is_bounded(nexus, receiver, config, ca_file, tmp_path):
    never = asyncio.Event()
    hook = await held_delivery(nexus.a, receiver, never)
    cfg = notifier_toml(tmp_path / "n.toml", config.db, ca_file)
    cfg.write_text(cfg.read_text() + "shutdown_grace_s = 0.5\n")
    try:
        await sigterm_while_held(cfg, receiver, None)
    finally:
        never.set()
    # The unfinished attempt was abandoned, not recorded: its lease brings it back later.
    d = await only_delivery(nexus.a, hook)
    assert d.status == dpb.DELIVERY_STATUS_PENDING and d.attempt_count == 0
