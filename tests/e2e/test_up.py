"""``nexus up``: one command starts server and Envoy, prints working commands, stops cleanly."""

from __future__ import annotations

import json
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

# The printed commands name grpcurl, which the venv provides.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


class Up:
    """A running ``nexus up`` and what it printed."""

    def __init__(self, cwd: Path, port: int) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "nexus.cli",
                "up",
                "--https-port",
                str(port),
                "--grpc-listen",
                "127.0.0.1:0",
            ],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=ENV,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.banner = self._until("Press Ctrl-C to stop.")
        self.children = psutil.Process(self.proc.pid).children(recursive=True)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def _until(self, marker: str, timeout: float = 60) -> list[str]:
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while marker not in seen:
            try:
                seen.append(self.lines.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                pytest.fail("nexus up printed no banner:\n" + "\n".join(seen))
        return seen

    def value(self, pattern: str) -> str:
        for line in self.banner:
            if m := re.search(pattern, line):
                return m[1]
        raise AssertionError(f"{pattern!r} not in banner")

    def commands(self, tool: str) -> list[str]:
        return [line.strip() for line in self.banner if line.strip().startswith(tool + " ")]

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(60)


def run(command: str) -> str:
    return subprocess.run(
        shlex.split(command), check=True, capture_output=True, text=True, timeout=30, env=ENV
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
