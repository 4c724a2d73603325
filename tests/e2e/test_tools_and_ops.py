"""grpcurl through Envoy, /healthz following the server, and the local rate limit."""

from __future__ import annotations

import json
import ssl
import subprocess
import time
from pathlib import Path

import grpc
import httpx
import pytest

from nexus.gateway.process import binary, healthz
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc


def grpcurl(gateway, *args: str) -> str:
    cmd = [binary("grpcurl"), "-cacert", gateway.ca, *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=30).stdout


def test_grpcurl_list_describe_and_invoke(gateway):
    address = gateway.stack.address
    services = grpcurl(gateway, address, "list").split()
    for service in (
        "nexus.v1.InteractionService",
        "nexus.v1.EventService",
        "grpc.health.v1.Health",
    ):
        assert service in services
    described = grpcurl(gateway, address, "describe", "nexus.v1.InteractionService")
    assert "rpc GetInteraction ( .nexus.v1.GetInteractionRequest )" in described
    message = grpcurl(gateway, address, "describe", "nexus.v1.GetInteractionRequest")
    assert "string name = 1" in message
    created = json.loads(
        grpcurl(
            gateway,
            "-H",
            f"x-api-key: {gateway.key_a}",
            "-d",
            '{"interaction": {"media_type": "MEDIA_TYPE_CHAT", "subject": "via grpcurl"}}',
            address,
            "nexus.v1.InteractionService/CreateInteraction",
        )
    )
    assert created["subject"] == "via grpcurl"
    assert created["name"].startswith("interactions/")


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def test_healthz_follows_the_server(stack_factory):
    stack = stack_factory()
    url = f"{stack.url}/healthz"
    assert healthz(url, stack.ca) == 200
    assert stack.server is not None and stack.envoy is not None
    stack.server.stop(15)
    wait_for(lambda: healthz(url, stack.ca) == 503)
    assert stack.envoy.alive()


def test_rate_limit_is_429_for_rest_and_resource_exhausted_for_grpc(stack_factory):
    # A bucket of 3 requests that refills once an hour: the 4th request is over the limit.
    limited = stack_factory(rate_limit_tokens=3, rate_limit_refill=(1, "3600s"))
    verify = ssl.create_default_context(cafile=limited.ca)
    headers = {"x-api-key": limited.api_key}
    with httpx.Client(base_url=limited.url, verify=verify, headers=headers) as client:
        codes = [client.get("/v1/stateModel").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        assert codes[3:] == [429, 429]
        limited_body = client.get("/v1/stateModel").json()
    assert limited_body["code"] == 8
    assert limited_body["details"][0]["reason"] == "RATE_LIMITED"

    creds = grpc.ssl_channel_credentials(Path(limited.ca).read_bytes())
    with grpc.secure_channel(limited.address, creds) as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            stub.GetStateModel(ispb.GetStateModelRequest(), metadata=tuple(headers.items()))
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
