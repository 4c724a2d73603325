"""Is a TCP port free, and if not, which process holds it.

``nexus up`` and ``nexus serve`` check their ports before they start anything, so that a
second instance fails at once with the port and its holder named, instead of a traceback
from deep inside grpc or an Envoy log line.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp


class PortInUse(OSError):
    """A port that something else already listens on; the message says who and what to do."""

    def __init__(self, what: str, host: str, port: int, hint: str) -> None:
        self.port = port
        who = holder(port)
        by = f" by {who}" if who else ""
        super().__init__(f"{what} port {port} on {host} is already in use{by}; {hint}")


def split_address(address: str) -> tuple[str, int]:
    """``host:port`` (or ``[v6]:port``) → (host, port)."""
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "0.0.0.0", int(port)


def is_free(host: str, port: int) -> bool:
    """Whether a listening socket could bind ``host:port`` now (port 0 always can)."""
    if port == 0:
        return True
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return True  # the bind itself will say what is wrong with the name
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        # As servers do: a port whose last connections are in TIME_WAIT is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError:
            return False
    return True


def check_free(what: str, host: str, port: int, hint: str) -> None:
    """Raises ``PortInUse`` if ``host:port`` cannot be bound."""
    if not is_free(host, port):
        raise PortInUse(what, host, port, hint)


def holder(port: int) -> str | None:
    """``pid N (command)`` of the process listening on ``port``, read from /proc (Linux);
    None where that cannot be seen (another OS, another user's process)."""
    inodes = _listening_inodes(port)
    if not inodes:
        return None
    for pid_dir in PROC.iterdir():
        if not pid_dir.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (pid_dir / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return _describe(int(pid_dir.name))
    return None


def _listening_inodes(port: int) -> set[str]:
    found = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (PROC / "net" / table).read_text().splitlines()[1:]:
                cols = line.split()
                local, state, inode = cols[1], cols[3], cols[9]
                if state == LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                    found.add(f"socket:[{inode}]")
    return found


def _command(pid: int, limit: int = 80) -> str:
    raw = (PROC / str(pid) / "cmdline").read_bytes()
    words = [Path(w).name if i == 0 else w for i, w in enumerate(raw.decode().split("\0")) if w]
    text = " ".join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(pid: int) -> str:
    text = f"pid {pid} ({_command(pid)})"
    # Envoy or the server started by another `nexus up`: name that one too, since it is
    # what the user would stop.
    with contextlib.suppress(OSError, ValueError):
        stat = (PROC / str(pid) / "stat").read_text()
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid > 1 and "nexus" in (parent := _command(ppid)):
            text += f" of pid {ppid} ({parent})"
    return text
