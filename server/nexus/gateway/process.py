"""Start and supervise the nexus server and Envoy as child processes.

Used by ``nexus up`` and by the end-to-end tests, so both run the stack the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nexus.gateway import certs as certs_mod
from nexus.gateway.render import GatewaySettings, otlp_traces_endpoint, write
from nexus.ports import PortInUse, split_address

SERVING = re.compile(r"nexus serving gRPC on (?P<host>\S+):(?P<port>\d+)")
# A server's or notifier's admin port (/metrics, /livez, /readyz), printed before it serves.
ADMIN = re.compile(r"nexus (?:server|notifier) admin on (?P<url>http://\S+)")
# Envoy's log line when a listener cannot bind, e.g. "cannot bind '127.0.0.1:8443':
# Address already in use".
ENVOY_BIND_FAILED = re.compile(r"cannot bind '(?P<address>[^']+)': Address already in use")
# The exit code of the nexus CLI for what the user can fix (port in use, bad database),
# after printing that in one line.
USAGE_ERROR = 2


class StartError(RuntimeError):
    """A child could not start for a reason its user can fix; the message is one line."""


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it if the supervisor dies (Linux)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for tests and benches)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def binary(name: str) -> str:
    """Path of a tool installed next to this Python (the venv's envoy, grpcurl), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.is_file():
        return str(local)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: install nexus with its dependencies")
    return found


@dataclass
class Child:
    """A started process whose output goes to ``log``."""

    name: str
    popen: subprocess.Popen[str]
    log: Path
    admin: str = ""
    """The URL of its admin port, once it has said it (servers and notifiers)."""

    def see(self, line: str) -> None:
        if not self.admin and (m := ADMIN.search(line)):
            self.admin = m["url"]

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float) -> int:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; returns the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return self.popen.returncode

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _pump(stream: IO[str], sink: IO[str], on_line: Callable[[str], None]) -> None:
    for line in stream:
        sink.write(line)
        sink.flush()
        on_line(line)
    sink.close()


def _nexus(
    args: list[str], log: Path, env: Mapping[str, str] | None, config_file: str | None
) -> subprocess.Popen[str]:
    """A ``nexus`` command as a child: output piped (the caller pumps it into ``log``)."""
    cmd = [sys.executable, "-m", "nexus.cli"]
    if config_file:
        cmd += ["--config", config_file]
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [*cmd, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=_die_with_parent,
        start_new_session=True,  # Ctrl-C reaches the supervisor, which stops us in order
    )


def start_server(
    db: str,
    listen: str,
    log: Path,
    env: Mapping[str, str] | None = None,
    config_file: str | None = None,
    timeout: float = 30.0,
    notifier: bool = True,
    name: str = "nexus",
) -> tuple[Child, int]:
    """Runs ``nexus serve`` and waits until it listens; returns it and its port."""
    args = ["serve", "--listen", listen, "--db", db, *([] if notifier else ["--no-notifier"])]
    popen = _nexus(args, log, env, config_file)
    child = Child(name, popen, log)
    port: list[int] = []
    ready = threading.Event()

    def on_line(line: str) -> None:
        child.see(line)
        if not ready.is_set() and (m := SERVING.search(line)):
            port.append(int(m["port"]))
            ready.set()

    assert popen.stdout is not None
    threading.Thread(target=_pump, args=(popen.stdout, log.open("w"), on_line), daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.05):
        if not child.alive() or time.monotonic() > deadline:
            code = child.stop(5)
            if code == USAGE_ERROR and (lines := child.tail().splitlines()):
                raise StartError(lines[-1].removeprefix("nexus serve: "))
            raise RuntimeError(f"nexus serve did not start:\n{child.tail()}")
    return child, port[0]


def start_notifier(
    db: str, log: Path, env: Mapping[str, str] | None = None, config_file: str | None = None,
    name: str = "notifier", timeout: float = 30.0,
) -> Child:  # fmt: skip
    """Runs ``nexus notifier`` and waits until it works (it has no gRPC port: it says so)."""
    popen = _nexus(["notifier", "--db", db], log, env, config_file)
    assert popen.stdout is not None
    out = log.open("w")
    child = Child(name, popen, log)
    ready = threading.Event()

    def on_line(line: str) -> None:
        child.see(line)
        if "nexus notifier delivering from" in line:
            ready.set()

    threading.Thread(target=_pump, args=(popen.stdout, out, on_line), daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.05):
        if not child.alive() or time.monotonic() > deadline:
            child.stop(5)
            raise RuntimeError(f"nexus notifier did not start:\n{child.tail()}")
    return child


def start_envoy(config: Path, log: Path, concurrency: int | None = None) -> Child:
    """Runs Envoy on a rendered configuration (no hot restart, so several can coexist)."""
    cmd = [binary("envoy"), "-c", str(config), "--disable-hot-restart", "--log-level", "warning"]
    cmd += ["--file-flush-interval-msec", "1000"]  # access log lines within a second, not 10
    if concurrency:
        cmd += ["--concurrency", str(concurrency)]
    admin_file = config.with_suffix(".admin")
    admin_file.unlink(missing_ok=True)  # written again once this Envoy's admin listens
    cmd += ["--admin-address-path", str(admin_file)]
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w")
    popen = subprocess.Popen(
        cmd,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_die_with_parent,
        start_new_session=True,
    )
    out.close()
    return Child("envoy", popen, log)


def envoy_ready(admin_file: Path, timeout: float = 2.0) -> bool:
    """Whether the Envoy whose admin address is in ``admin_file`` is live (listeners bound).

    /healthz alone cannot tell: on a port another Envoy already holds, it is the other one
    that answers.
    """
    try:
        address = admin_file.read_text().strip()
    except OSError:
        return False
    if not address:
        return False
    try:
        with urllib.request.urlopen(f"http://{address}/ready", timeout=timeout) as resp:
            return int(resp.status) == 200
    except (OSError, urllib.error.URLError):
        return False


def healthz(url: str, ca: str, timeout: float = 2.0) -> int:
    """Status of ``GET url`` over TLS verified against ``ca``; 0 if it could not connect."""
    context = ssl.create_default_context(cafile=ca)
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ssl.SSLError):
        return 0


@dataclass
class Stack:
    """nexus serve + Envoy with TLS, configured from one place."""

    state_dir: Path
    db: str
    api_key: str
    https_port: int = 443
    host: str = "127.0.0.1"
    grpc_listen: str = "127.0.0.1:0"
    cert: str | None = None
    key: str | None = None
    ca: str | None = None
    config_file: str | None = None
    envoy_concurrency: int | None = None
    rate_limit_tokens: int | None = None
    rate_limit_refill: tuple[int, str] | None = None
    max_request_body_bytes: int | None = None
    cors_origins: tuple[str, ...] | None = None
    gateway_overrides: dict[str, Any] = field(default_factory=dict)
    """Further :class:`GatewaySettings` fields (timeouts, connection limit), by name."""
    server_env: dict[str, str] = field(default_factory=dict)
    replicas: int = 1
    """Server processes behind Envoy (more than one needs PostgreSQL). With more than one,
    webhooks and channel sends are the work of as many ``nexus notifier`` processes."""
    server: Child | None = None
    envoy: Child | None = None
    upstream_port: int = 0
    replica_servers: list[Child] = field(default_factory=list)
    replica_ports: list[int] = field(default_factory=list)
    notifiers: list[Child] = field(default_factory=list)

    @property
    def url(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(self.host, self.host)
        return f"https://{host}:{self.https_port}"

    @property
    def address(self) -> str:
        return self.url.removeprefix("https://")

    @property
    def children(self) -> list[Child]:
        first = [c for c in (self.envoy, self.server) if c is not None]
        return first + self.replica_servers + self.notifiers

    @property
    def child_env(self) -> dict[str, str]:
        """The environment of every nexus process of the stack."""
        return {"NEXUS_BOOTSTRAP_API_KEY": self.api_key, **self.server_env}

    @property
    def servers(self) -> list[Child]:
        return [c for c in (self.server, *self.replica_servers) if c is not None]

    def prepare_tls(self) -> None:
        """Uses the configured certificate, or creates a development CA and certificate."""
        if self.cert and self.key:
            return
        dev = certs_mod.ensure(self.state_dir / "tls")
        self.cert, self.key, self.ca = str(dev.cert), str(dev.key), str(dev.ca_cert)

    def start(self, timeout: float = 30.0) -> None:
        """Starts both processes and returns once /healthz answers 200 (or raises)."""
        self.prepare_tls()
        assert self.cert and self.key
        logs = self.state_dir / "logs"
        env = self.child_env
        alone = self.replicas == 1
        self.server, self.upstream_port = start_server(
            self.db, self.grpc_listen, logs / "nexus.log", env, self.config_file, timeout,
            notifier=alone,
        )  # fmt: skip
        # The first server and notifier have the configured admin ports; the others, free
        # ones (they say which, and the banner shows them).
        spare = {**env, "NEXUS_ADMIN_LISTEN": "127.0.0.1:0"}
        for n in range(2, self.replicas + 1):
            replica, port = start_server(
                self.db, "127.0.0.1:0", logs / f"nexus-{n}.log", spare, self.config_file, timeout,
                notifier=False, name=f"nexus-{n}",
            )  # fmt: skip
            self.replica_servers.append(replica)
            self.replica_ports.append(port)
        if not alone:
            for n in range(1, self.replicas + 1):
                self.notifiers.append(
                    start_notifier(
                        self.db,
                        logs / f"notifier-{n}.log",
                        env if n == 1 else {**env, "NEXUS_NOTIFIER_ADMIN_LISTEN": "127.0.0.1:0"},
                        self.config_file,
                        name=f"notifier-{n}",
                    )
                )
        settings = GatewaySettings(
            cert_chain=self.cert,
            private_key=self.key,
            upstream_port=self.upstream_port,
            replica_ports=tuple(self.replica_ports),
            https_port=self.https_port,
            host=self.host,
            admin_port=0,
            rate_limit_tokens=self.rate_limit_tokens,
            rate_limit_refill=self.rate_limit_refill,
            max_request_body_bytes=self.max_request_body_bytes,
            cors_origins=self.cors_origins,
            **self.gateway_overrides,
        )
        if "otlp_traces_endpoint" not in self.gateway_overrides:
            # Envoy's spans go where the servers' go (the OTEL_* variables).
            endpoint = otlp_traces_endpoint({**os.environ, **env})
            settings = dataclasses.replace(settings, otlp_traces_endpoint=endpoint)
        config = write(settings, self.state_dir / "envoy.yaml")
        self.envoy = start_envoy(config, logs / "envoy.log", self.envoy_concurrency)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        ca = self.ca or ssl.get_default_verify_paths().cafile or ""
        admin_file = self.state_dir / "envoy.admin"
        while not envoy_ready(admin_file) or healthz(f"{self.url}/healthz", ca) != 200:
            dead = self.dead()
            if dead is not None:
                self.stop()
                if dead is self.envoy and (m := ENVOY_BIND_FAILED.search(dead.tail(200))):
                    host, port = split_address(m["address"])
                    raise PortInUse("HTTPS", host, port, "stop that process or choose another port")
                raise RuntimeError(
                    f"{dead.name} exited with {dead.popen.returncode}:\n{dead.tail()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.url}/healthz not healthy after {timeout:.0f}s")
            time.sleep(0.1)

    def revive(self, dead: Child, timeout: float = 30.0) -> None:
        """Starts a dead replica or notifier again (on the same port: Envoy's endpoints are
        fixed); Envoy's health check brings a server back into rotation."""
        logs = self.state_dir / "logs"
        env = self.child_env
        if dead in self.notifiers:
            if dead.admin:  # again on its port: the scraper knows it
                env = {**env, "NEXUS_NOTIFIER_ADMIN_LISTEN": dead.admin.removeprefix("http://")}
            fresh = start_notifier(
                self.db, logs / f"{dead.name}.log", env, self.config_file, name=dead.name
            )
            self.notifiers[self.notifiers.index(dead)] = fresh
            return
        ports = [self.upstream_port, *self.replica_ports]
        servers = self.servers
        port = ports[servers.index(dead)]
        if dead.admin:
            env = {**env, "NEXUS_ADMIN_LISTEN": dead.admin.removeprefix("http://")}
        fresh, _ = start_server(
            self.db, f"127.0.0.1:{port}", logs / f"{dead.name}.log", env, self.config_file,
            timeout, notifier=self.replicas == 1, name=dead.name,
        )  # fmt: skip
        if dead is self.server:
            self.server = fresh
        else:
            self.replica_servers[self.replica_servers.index(dead)] = fresh

    @property
    def envoy_admin(self) -> str:
        """The URL of Envoy's admin interface (its /stats/prometheus), once it listens."""
        try:
            return "http://" + (self.state_dir / "envoy.admin").read_text().strip()
        except OSError:
            return ""

    def dead(self) -> Child | None:
        """The first child that has exited, if any."""
        return next((c for c in self.children if not c.alive()), None)

    def stop(self, timeout: float = 15.0) -> None:
        """Stops Envoy and the server (SIGTERM, then SIGKILL after ``timeout``)."""
        for child in self.children:
            if child.alive():
                child.popen.send_signal(signal.SIGTERM)
        for child in self.children:
            child.stop(timeout)
