"""The server as an operator sees it: health, reflection, limits, errors, shutdown, CLI."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from conftest import API_KEY
from helpers import create, db

BIN = Path(sys.executable).parent
GRPCURL = shutil.which("grpcurl", path=str(BIN)) or shutil.which("grpcurl")


async def test_health_serving_without_a_key(nexus):
    stub = health_pb2_grpc.HealthStub(nexus.a.channel)
    for service in (
        "",
        "nexus.v1.InteractionService",
        "nexus.v1.WebhookService",
        "nexus.v1.EventService",
    ):
        resp = await stub.Check(health_pb2.HealthCheckRequest(service=service))
        assert resp.status == health_pb2.HealthCheckResponse.SERVING


async def grpcurl(address: str, *args: str, flags: tuple[str, ...] = ()) -> str:
    """Runs grpcurl without blocking the event loop the in-process server runs on."""
    assert GRPCURL, "grpcurl is a project dependency"
    proc = await asyncio.create_subprocess_exec(
        GRPCURL,
        "-plaintext",
        *flags,
        address,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_reflection_lets_grpcurl_list_describe_and_call(nexus):
    listed = (await grpcurl(nexus.address, "list")).split()
    for service in (
        "nexus.v1.InteractionService",
        "nexus.v1.WebhookService",
        "nexus.v1.EventService",
        "grpc.health.v1.Health",
    ):
        assert service in listed
        described = await grpcurl(nexus.address, "describe", service)
        assert "service" in described
    described = await grpcurl(nexus.address, "describe", "nexus.v1.Interaction")
    assert "media_type" in described
    body = '{"interaction":{"media_type":"MEDIA_TYPE_SMS","customer_address":"+15550100"}}'
    made = json.loads(
        await grpcurl(
            nexus.address,
            "nexus.v1.InteractionService/CreateInteraction",
            flags=("-H", f"x-api-key: {API_KEY}", "-d", body),
        )
    )
    assert made["state"] == "STATE_NEW" and made["media_type"] == "MEDIA_TYPE_SMS"


async def test_oversized_request_is_resource_exhausted_not_internal(config):
    from nexus.app import create_server

    running = await create_server(config.replace(max_message_bytes=64 * 1024))
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

            client = ispb_grpc.InteractionServiceStub(channel)
            req = ispb.CreateInteractionRequest(
                interaction=ipb.Interaction(media_type=1, attributes={"k": "v" * 100_000})
            )
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await client.CreateInteraction(req, metadata=(("x-api-key", API_KEY),))
            assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        await running.stop(0)


async def test_unexpected_failure_is_internal_without_internals(nexus, caplog):
    a = nexus.a
    i = await create(a)
    # corrupt the stored row behind the server's back
    store = nexus.running.store

    def corrupt() -> None:
        with store.transaction():
            store.conn.execute(
                "UPDATE interactions SET data = ? WHERE id = ?", (b"\xff" * 4, i.name.split("/")[1])
            )

    await db(corrupt)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await a.interactions.GetInteraction(ispb.GetInteractionRequest(name=i.name), metadata=a.md)
    err = info.value
    assert err.code() == grpc.StatusCode.INTERNAL
    assert "Traceback" not in err.details() and "Decode" not in err.details()
    request_id = re.search(r"request id (\w+)", err.details()).group(1)
    assert any(request_id in r.getMessage() for r in caplog.records if r.name == "nexus.errors")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_serving(address: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with grpc.insecure_channel(address) as channel:
                resp = health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=1
                )
                if resp.status == health_pb2.HealthCheckResponse.SERVING:
                    return
        except grpc.RpcError:
            time.sleep(0.1)
    raise AssertionError("server did not become healthy")


@pytest.mark.parametrize("event_loop", ["uvloop", "asyncio"])
def test_nexus_serve_bootstraps_prints_a_key_and_stops_gracefully_on_sigterm(tmp_path, event_loop):
    port = free_port()
    db = tmp_path / "nexus.db"
    env = {**os.environ, "NEXUS_LOG_LEVEL": "WARNING", "NEXUS_EVENT_LOOP": event_loop}
    env.pop("NEXUS_BOOTSTRAP_API_KEY", None)
    proc = subprocess.Popen(
        [str(BIN / "nexus"), "serve", "--listen", f"127.0.0.1:{port}", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        wait_serving(f"127.0.0.1:{port}", time.monotonic() + 30)
        line = proc.stdout.readline()
        key = re.search(r"API key: (\S+)", line).group(1)
        assert "server admin on http://127.0.0.1:" in proc.stdout.readline()
        assert f"(event loop: {event_loop})" in proc.stdout.readline()
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

            stub = ispb_grpc.InteractionServiceStub(channel)
            stub.ListInteractions(
                ispb.ListInteractionsRequest(), metadata=(("x-api-key", key),), timeout=5
            )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # a second start on the same database creates no second tenant and prints no key
    out = subprocess.run(
        [str(BIN / "nexus"), "tenants", "list", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0 and len(out.stdout.strip().splitlines()) == 1


def test_cli_manages_tenants_and_keys(tmp_path):
    db = str(tmp_path / "cli.db")
    nexus = [str(BIN / "nexus")]

    def run(*args: str, ok: bool = True) -> str:
        out = subprocess.run(
            [*nexus, *args, "--db", db], capture_output=True, text=True, timeout=30
        )
        assert (out.returncode == 0) is ok, out.stderr
        return out.stdout

    created = run("tenants", "create", "acme", "--create-db")  # a new database, asked for
    first_key = re.search(r"API key: (\S+)", created).group(1)
    run("tenants", "create", "acme", ok=False)
    second_key = run("keys", "create", "--tenant", "acme", "--name", "desk").strip()
    assert second_key.startswith("nxs_") and second_key != first_key
    listing = run("keys", "list", "--tenant", "acme")
    assert listing.count("active") == 2
    run("keys", "revoke", second_key[:12])
    assert run("keys", "list", "--tenant", "acme").count("revoked") == 1
    run("keys", "revoke", second_key[:12], ok=False)
    run("keys", "create", "--tenant", "nobody", ok=False)


def test_bad_configuration_is_reported(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('listen = "127.0.0.1:1"\nunknown_key = 1\n')
    out = subprocess.run(
        [str(BIN / "nexus"), "--config", str(bad), "serve"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 2 and "unknown_key" in out.stderr


async def test_graceful_stop_sets_not_serving_first(config):
    from nexus.app import create_server

    running = await create_server(config)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        watch = stub.Watch(health_pb2.HealthCheckRequest(service=""))
        assert (await watch.read()).status == health_pb2.HealthCheckResponse.SERVING
        stopping = asyncio.create_task(running.stop(2))
        assert (await watch.read()).status == health_pb2.HealthCheckResponse.NOT_SERVING
        await stopping
