"""``nexus up``: one command starts server and Envoy, prints working commands, stops cleanly."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import urllib.request

import psutil
import pytest

from nexus.gateway.process import Stack, StartError
from nexus.ports import PortInUse
from tests.e2e.up_process import Up


def run(command: str) -> str:
    return subprocess.run(
        shlex.split(command), check=True, capture_output=True, text=True, timeout=30
    ).stdout


def test_up_prints_working_commands_and_stops_cleanly(tmp_path, https_port):
    up = Up(tmp_path, https_port)
    try:
        assert {p.name() for p in up.children} >= {"envoy"}
        key = up.value(r"API key \(tenant 'default'\): (\S+)")
        assert up.value(r"CA certificate: (\S+)") == str(tmp_path / ".nexus/tls/ca.crt")
        create, list_, _watch = up.commands("curl")
        created = json.loads(run(create))
        assert created["subject"] == "hello"
        listed = json.loads(run(list_))
        assert [i["name"] for i in listed["interactions"]] == [created["name"]]
        services, call = up.commands("grpcurl")
        assert "nexus.v1.InteractionService" in run(services).split()
        assert json.loads(run(call))["interactions"][0]["name"] == created["name"]
        assert (tmp_path / ".nexus/api_key").stat().st_mode & 0o777 == 0o600
        assert key in (tmp_path / ".nexus/api_key").read_text()
        # Where Prometheus scrapes: the server's admin port and Envoy's statistics.
        server, envoy = up.value(r"metrics: +(.+)").split()
        for url, family in ((server, "nexus_rpc_requests_total"), (envoy, "envoy_")):
            with urllib.request.urlopen(url, timeout=10) as resp:
                assert family in resp.read().decode()
        # The console and the widget's script, where the banner says.
        tls = ssl.create_default_context(cafile=str(tmp_path / ".nexus/tls/ca.crt"))
        for name, content_type in (("console", "text/html"), ("widget", "text/javascript")):
            url = up.value(rf"{name}: +(https://\S+)")
            with urllib.request.urlopen(url, timeout=10, context=tls) as resp:
                assert resp.headers["content-type"].startswith(content_type), url
    finally:
        code = up.stop(signal.SIGINT)  # what Ctrl-C sends
    assert code == 0
    assert not [p for p in up.children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_up_reuses_its_key_and_stops_everything_when_a_child_dies(tmp_path, https_port):
    first = Up(tmp_path, https_port)
    key = first.value(r"API key \(tenant 'default'\): (\S+)")
    assert first.stop() == 0

    second = Up(tmp_path, https_port)
    try:
        assert second.value(r"API key \(tenant 'default'\): (\S+)") == key
        server = next(p for p in second.children if "nexus.cli" in " ".join(p.cmdline()))
        server.kill()
        assert second.proc.wait(60) != 0
    finally:
        second.stop()
    assert not [p for p in second.children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The single line a failed ``nexus`` command printed (exit 2, no traceback)."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def up_again(cwd, *args: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "nexus.cli", "up", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def held_port():
    """A port this test process listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_a_second_up_on_the_same_https_port_fails_at_once_naming_the_holder(tmp_path, https_port):
    (tmp_path / "first").mkdir()
    first = Up(tmp_path / "first", https_port)
    try:
        envoy = next(p for p in first.children if p.name() == "envoy")
        line = one_line_error(up_again(tmp_path / "second", "--https-port", str(https_port)))
        assert f"HTTPS port {https_port} on 127.0.0.1 is already in use by pid {envoy.pid}" in line
        assert f"of pid {first.proc.pid}" in line  # the nexus up that started it
        assert "--https-port" in line
        assert list((tmp_path / "second").iterdir()) == []  # nothing was started or created
        assert first.proc.poll() is None  # and the first one is untouched
    finally:
        assert first.stop() == 0


def test_up_on_a_grpc_port_in_use_fails_naming_the_holder(tmp_path, https_port, held_port):
    args = ("--https-port", str(https_port), "--grpc-listen", f"127.0.0.1:{held_port}")
    line = one_line_error(up_again(tmp_path, *args))
    assert f"gRPC port {held_port} on 127.0.0.1 is already in use by pid {os.getpid()}" in line
    assert "--grpc-listen" in line


def test_a_child_that_cannot_bind_is_reported_in_one_line(tmp_path, held_port):
    """The race the preflight check cannot close: a port taken after it, as the child binds."""
    envoy_blocked = Stack(tmp_path / "a", str(tmp_path / "a.db"), "nxs_k", https_port=held_port)
    with pytest.raises(PortInUse, match=f"HTTPS port {held_port} .* by pid {os.getpid()} "):
        envoy_blocked.start()
    assert not [c for c in envoy_blocked.children if c.alive()]

    server_blocked = Stack(
        tmp_path / "b", str(tmp_path / "b.db"), "nxs_k", grpc_listen=f"127.0.0.1:{held_port}"
    )
    with pytest.raises(StartError, match=f"gRPC port {held_port} .* by pid {os.getpid()} ") as e:
        server_blocked.start()
    assert "\n" not in str(e.value)
