"""Liveness and readiness of real ``nexus serve`` and ``nexus notifier`` processes: not ready
while the schema migrates, while the database is unreachable, or while draining for
shutdown; live throughout; gRPC health (what Envoy's /healthz follows) agrees."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import grpc
import psycopg
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from nexus.gateway.process import free_port
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc

from helpers import until
from pg import SERVER, pg_schema

KEY = "nxs_health_test_key_0123456789"
SERVING = health_pb2.HealthCheckResponse.SERVING


def probe(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)
    except OSError:
        return 0, {}


def grpc_health(port: int) -> int:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        return stub.Check(health_pb2.HealthCheckRequest(), timeout=5).status


async def reached(check: Callable[[], bool]) -> None:
    await until(check, blocking=True)


def start(
    command: str, db: str, admin: int, grpc_port: int = 0, log: Path | None = None, **env: str
) -> subprocess.Popen:
    args = [sys.executable, "-m", "nexus.cli", command, "--db", db]
    if command == "serve":
        args += ["--listen", f"127.0.0.1:{grpc_port}"]
    variables = {
        **os.environ,
        "NEXUS_BOOTSTRAP_API_KEY": KEY,
        "NEXUS_ADMIN_LISTEN": f"127.0.0.1:{admin}",
        "NEXUS_NOTIFIER_ADMIN_LISTEN": f"127.0.0.1:{admin}",
        "NEXUS_LOG_LEVEL": "WARNING",
        **env,
    }
    # Its log to a file: a pipe nobody reads fills up, and then the server's writes block.
    sink = (log or Path(os.devnull)).open("w")
    return subprocess.Popen(args, env=variables, stdout=subprocess.DEVNULL, stderr=sink)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


def schema_of(url: str) -> str:
    options = parse_qs(urlsplit(url).query)["options"][0]
    return options.split("search_path=")[1]


@pytest.fixture
def pg_url():
    if "postgresql" not in os.environ.get("NEXUS_TEST_BACKENDS", "sqlite,postgresql"):
        pytest.skip("NEXUS_TEST_BACKENDS leaves PostgreSQL out")
    with pg_schema() as url:
        yield url


async def test_a_server_is_not_ready_while_another_process_holds_the_migration(pg_url):
    admin, port = free_port(), free_port()
    with psycopg.connect(pg_url, autocommit=True) as holder:
        space = holder.execute("SELECT hashtext('nexus:' || %s)", (schema_of(pg_url),)).fetchone()[
            0
        ]
        holder.execute("SELECT pg_advisory_lock(%s, 2)", (space,))  # MIGRATE_LOCK
        proc = start("serve", pg_url, admin, port)
        try:
            url = f"http://127.0.0.1:{admin}"
            await reached(lambda: probe(f"{url}/livez")[0] == 200)
            code, body = probe(f"{url}/readyz")
            assert code == 503 and body["ready"] is False
            assert any("migrating" in r for r in body["reasons"]), body
            holder.execute("SELECT pg_advisory_unlock(%s, 2)", (space,))
            await reached(lambda: probe(f"{url}/readyz")[0] == 200)
            assert grpc_health(port) == SERVING
        finally:
            stop(proc)


@pytest.mark.parametrize("command", ["serve", "notifier"])
async def test_not_ready_while_the_database_is_unreachable_and_ready_again_after(pg_url, command):
    admin, port = free_port(), free_port()
    # A database of its own: refusing its connections touches nobody else.
    name = f"nexus_health_{os.getpid()}_{admin}"
    with psycopg.connect(SERVER, autocommit=True) as pg:
        pg.execute(f"CREATE DATABASE {name}")
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    proc = start(command, url, admin, port)
    try:
        base = f"http://127.0.0.1:{admin}"
        await reached(lambda: probe(f"{base}/readyz")[0] == 200)
        with psycopg.connect(SERVER, autocommit=True) as pg:
            pg.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
            pg.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
        await reached(lambda: probe(f"{base}/readyz")[0] == 503)
        _, body = probe(f"{base}/readyz")
        assert any("unreachable" in r for r in body["reasons"]), body
        assert probe(f"{base}/livez")[0] == 200  # alive: restarting it would not help
        if command == "serve":
            assert grpc_health(port) == health_pb2.HealthCheckResponse.NOT_SERVING
        with psycopg.connect(SERVER, autocommit=True) as pg:
            pg.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        await reached(lambda: probe(f"{base}/readyz")[0] == 200)
        if command == "serve":
            assert grpc_health(port) == SERVING
        assert proc.poll() is None
    finally:
        stop(proc)
        with psycopg.connect(SERVER, autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def test_a_server_draining_for_shutdown_is_not_ready_but_still_live(tmp_path):
    admin, port = free_port(), free_port()
    proc = start("serve", str(tmp_path / "nexus.db"), admin, port, NEXUS_GRACE_PERIOD_S="20")
    base = f"http://127.0.0.1:{admin}"
    try:
        await reached(lambda: probe(f"{base}/readyz")[0] == 200)
        # An open stream keeps the server draining (it waits up to its grace period).
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        stream = espb_grpc.EventServiceStub(channel).WatchEvents(
            espb.WatchEventsRequest(), metadata=(("x-api-key", KEY),)
        )
        await anext(aiter(stream))  # the first heartbeat: the stream is open
        proc.send_signal(signal.SIGTERM)
        await reached(lambda: probe(f"{base}/readyz")[0] == 503)
        _, body = probe(f"{base}/readyz")
        assert any("draining" in r for r in body["reasons"]), body
        assert probe(f"{base}/livez")[0] == 200
        assert proc.poll() is None
        stream.cancel()
        await channel.close()
        await asyncio.to_thread(proc.wait, 30)
        assert proc.returncode == 0
    finally:
        stop(proc)
