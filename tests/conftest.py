"""Shared fixtures: a real grpc.aio nexus server on a free loopback port, with real stubs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import pytest

from nexus.app import Running, create_server
from nexus.config import Config
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

API_KEY = "nxs_test_key_tenant_a"


@dataclass
class Client:
    """Stubs bound to one API key (one tenant)."""

    channel: grpc.aio.Channel
    api_key: str
    interactions: ispb_grpc.InteractionServiceStub
    webhooks: wspb_grpc.WebhookServiceStub
    events: espb_grpc.EventServiceStub

    @property
    def md(self) -> tuple[tuple[str, str], ...]:
        return (("x-api-key", self.api_key),)


@dataclass
class Nexus:
    running: Running
    address: str
    a: Client
    b: Client

    def client(self, api_key: str) -> Client:
        return make_client(self.a.channel, api_key)


def make_client(channel: grpc.aio.Channel, api_key: str) -> Client:
    return Client(
        channel,
        api_key,
        ispb_grpc.InteractionServiceStub(channel),
        wspb_grpc.WebhookServiceStub(channel),
        espb_grpc.EventServiceStub(channel),
    )


@pytest.fixture
def config(tmp_path) -> Config:
    return Config(
        listen="127.0.0.1:0",
        db=str(tmp_path / "nexus.db"),
        bootstrap_api_key=API_KEY,
        bootstrap_tenant="tenant-a",
        heartbeat_s=1.0,
        watch_poll_s=0.2,
    )


@pytest.fixture
async def nexus(config: Config) -> AsyncIterator[Nexus]:
    """A running server with two tenants, A (bootstrap) and B, each with its own client."""
    running = await create_server(config)
    store = running.store
    with store.transaction():
        tenant_b = store.create_tenant("tenant-b", 0)
    key_b = running.core.create_key(tenant_b.id, "test")
    address = f"127.0.0.1:{running.port}"
    channel = grpc.aio.insecure_channel(address)
    try:
        yield Nexus(running, address, make_client(channel, API_KEY), make_client(channel, key_b))
    finally:
        await channel.close()
        await running.stop(0)
