"""End-to-end fixtures: a real ``nexus serve`` process behind a real Envoy over TLS.

One stack per session (each start costs about a second); tests that need another
configuration (a tiny rate limit) or that stop a process start their own.
"""

from __future__ import annotations

import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx
import pytest

from nexus.gateway.process import Stack, free_port
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

KEY_A = "nxs_e2e_key_tenant_a_0123456789"


def make_stack(directory: Path, **options) -> Stack:
    """A started stack in ``directory`` on free ports (the caller stops it); ``server_env``
    adds to the test defaults."""
    env = {"NEXUS_HEARTBEAT_S": "1", "NEXUS_WATCH_POLL_S": "0.2", **options.pop("server_env", {})}
    stack = Stack(
        state_dir=directory,
        db=str(directory / "nexus.db"),
        api_key=KEY_A,
        https_port=options.pop("https_port", None) or free_port(),
        server_env=env,
        **options,
    )
    stack.start()
    return stack


def create_tenant(db: str, name: str) -> str:
    """Creates a tenant with the CLI and returns its API key."""
    out = subprocess.run(
        [sys.executable, "-m", "nexus.cli", "tenants", "create", name, "--db", db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split("API key: ")[1].strip()


@dataclass
class Gateway:
    """What a test needs to call nexus through Envoy."""

    stack: Stack
    key_a: str
    key_b: str

    @property
    def url(self) -> str:
        return self.stack.url

    @property
    def ca(self) -> str:
        assert self.stack.ca
        return self.stack.ca

    def http(self, key: str | None = None) -> httpx.Client:
        headers = {"x-api-key": key} if key else {}
        verify = ssl.create_default_context(cafile=self.ca)
        return httpx.Client(base_url=self.url, verify=verify, headers=headers, timeout=10)

    def channel(self) -> grpc.Channel:
        creds = grpc.ssl_channel_credentials(Path(self.ca).read_bytes())
        return grpc.secure_channel(self.stack.address, creds)


@pytest.fixture(scope="session")
def gateway(tmp_path_factory) -> Iterator[Gateway]:
    stack = make_stack(tmp_path_factory.mktemp("stack"))
    try:
        key_b = create_tenant(stack.db, "tenant-b")
        yield Gateway(stack, KEY_A, key_b)
    finally:
        stack.stop()


@pytest.fixture
def https_port() -> int:
    return free_port()


@pytest.fixture
def stack_factory(tmp_path) -> Iterator:
    """Starts extra stacks with other options (stopped after the test)."""
    started: list[Stack] = []

    def start(**options) -> Stack:
        stack = make_stack(tmp_path / f"stack{len(started)}", **options)
        started.append(stack)
        return stack

    yield start
    for stack in started:
        stack.stop()


@pytest.fixture
def rest(gateway: Gateway) -> Iterator[httpx.Client]:
    """An HTTPS client for tenant A that verifies Envoy's certificate against the dev CA."""
    with gateway.http(gateway.key_a) as client:
        yield client


@dataclass
class Stubs:
    interactions: ispb_grpc.InteractionServiceStub
    webhooks: wspb_grpc.WebhookServiceStub
    events: espb_grpc.EventServiceStub
    md: tuple[tuple[str, str], ...]


@pytest.fixture
def stubs(gateway: Gateway) -> Iterator[Stubs]:
    """Generated Python stubs over gRPC+TLS through Envoy, as tenant A."""
    with gateway.channel() as channel:
        yield Stubs(
            ispb_grpc.InteractionServiceStub(channel),
            wspb_grpc.WebhookServiceStub(channel),
            espb_grpc.EventServiceStub(channel),
            (("x-api-key", gateway.key_a),),
        )
