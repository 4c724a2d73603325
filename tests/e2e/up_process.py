"""A ``nexus up`` run as a user runs it: a child process, its banner read from stdout."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

BANNER_END = "Press Ctrl-C to stop."


class Up:
    """A running ``nexus up`` and what it printed."""

    def __init__(
        self,
        cwd: Path,
        port: int,
        grpc_listen: str = "127.0.0.1:0",
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
    ) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        command = [sys.executable, "-m", "nexus.cli", "up", "--https-port", str(port)]
        self.proc = subprocess.Popen(
            [*command, "--grpc-listen", grpc_listen, *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.banner = self._until(BANNER_END)
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
                seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("nexus up printed no banner:\n" + "\n".join(seen))
        return seen

    def value(self, pattern: str) -> str:
        for line in self.banner:
            if m := re.search(pattern, line):
                return m[1]
        raise AssertionError(f"{pattern!r} not in banner")

    def commands(self, tool: str) -> list[str]:
        """The banner's command lines whose program is ``tool`` (by name or path)."""
        found = []
        for line in self.banner:
            program = line.strip().split(" ", 1)[0]
            if program == tool or program.endswith("/" + tool):
                found.append(line.strip())
        return found

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(60)
