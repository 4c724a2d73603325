"""``nexus up``: one command starts server and Envoy, prints working commands, stops cleanly."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess

import psutil

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
