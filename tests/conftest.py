"""Shared fixtures: a real grpc.aio nexus server on a free loopback port, with real stubs."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import grpc
import pytest
import uvloop

from nexus.app import Running, create_server
from nexus.config import Config, NotifierConfig
from nexus.v1 import channel_service_pb2_grpc as cspb_grpc
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

from pg import pg_schema

API_KEY = "nxs_test_key_tenant_a"

# The processes tests start (nexus serve, nexus notifier, nexus up) take free admin ports:
# several run at once, and the defaults (4004, 4005) may be a developer's running nexus.
os.environ.setdefault("NEXUS_ADMIN_LISTEN", "127.0.0.1:0")
os.environ.setdefault("NEXUS_NOTIFIER_ADMIN_LISTEN", "127.0.0.1:0")


def pytest_asyncio_loop_factories(config, item):
    """In-process servers run on uvloop, the loop `nexus serve` uses; the standard loop is
    covered by a `nexus serve` process started with ``NEXUS_EVENT_LOOP=asyncio``."""
    return {"uvloop": uvloop.new_event_loop}


@dataclass
class Client:
    """Stubs bound to one API key (one tenant)."""

    channel: grpc.aio.Channel
    api_key: str
    interactions: ispb_grpc.InteractionServiceStub
    webhooks: wspb_grpc.WebhookServiceStub
    events: espb_grpc.EventServiceStub
    channels: cspb_grpc.ChannelServiceStub

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
        cspb_grpc.ChannelServiceStub(channel),
    )


# The same tests run on both backends; NEXUS_TEST_BACKENDS=sqlite narrows them.
BACKENDS = tuple(os.environ.get("NEXUS_TEST_BACKENDS", "sqlite,postgresql").split(","))


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    """The database of one test: a SQLite file, or a PostgreSQL schema of its own that is
    dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "nexus.db")
        return
    with pg_schema() as url:
        yield url


@pytest.fixture
def config(db_url) -> Config:
    return Config(
        listen="127.0.0.1:0",
        db=db_url,
        bootstrap_api_key=API_KEY,
        bootstrap_tenant="tenant-a",
        heartbeat_s=1.0,
        watch_poll_s=0.2,
        # Webhooks of these tests point at unreachable URLs; notifier tests run their own.
        notifier=NotifierConfig(in_process=False),
    )


@pytest.fixture
async def nexus(config: Config) -> AsyncIterator[Nexus]:
    """A running server with two tenants, A (bootstrap) and B, each with its own client."""
    running = await create_server(config)
    store = running.store

    def tenant_b() -> str:
        with store.transaction():
            tenant = store.create_tenant("tenant-b", 0)
        return running.core.create_key(tenant.id, "test")

    key_b = await running.work.run(tenant_b)
    address = f"127.0.0.1:{running.port}"
    channel = grpc.aio.insecure_channel(address)
    try:
        yield Nexus(running, address, make_client(channel, API_KEY), make_client(channel, key_b))
    finally:
        await channel.close()
        await running.stop(0)


# -- webhook delivery ----------------------------------------------------------------------

LOOPBACK_ALLOWLIST = ("127.0.0.1/32", "::1/128")


@pytest.fixture(scope="session")
def ca():
    import trustme

    return trustme.CA()


@pytest.fixture
def ca_file(ca, tmp_path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
async def receiver(ca):
    from webhook_receiver import Receiver

    r = await Receiver(ca).start()
    try:
        yield r
    finally:
        await r.stop()


@pytest.fixture
def notifier_config(ca_file) -> NotifierConfig:
    """Compressed schedule, the test CA trusted, loopback allowlisted; no in-process task."""
    return NotifierConfig(
        in_process=False,
        retry_schedule_s=(0, 10, 20),
        jitter=0.0,
        throttle_floor_s=60.0,
        allowlist=LOOPBACK_ALLOWLIST,
        ca_file=ca_file,
        timeout_s=5.0,
        lease_s=30.0,
        poll_interval_s=0.05,
        disable_after_s=3600.0,
    )
