"""``nexus up``: the server (with its notifier) and Envoy on HTTPS, ready to use.

Creates on first run, under the state directory (default ``.nexus/``): a development CA
and server certificate, an API key (0600) that later runs reuse, the rendered Envoy
configuration and the logs. Stops everything on Ctrl-C or SIGTERM; if one process
dies, stops the other and exits non-zero.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import threading
from pathlib import Path

from nexus.config import Config
from nexus.core.base import generate_key
from nexus.gateway.process import USAGE_ERROR, Stack, StartError, binary
from nexus.gateway.render import web_root
from nexus.ports import PortInUse, check_free, split_address
from nexus.store import describe_db, open_store, parse_db


def api_key(state_dir: Path, configured: str) -> str:
    """The configured bootstrap key, else the one saved in the state directory (created once)."""
    if configured:
        return configured
    path = state_dir / "api_key"
    if path.is_file():
        return path.read_text().strip()
    state_dir.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def preflight(cfg: Config, https_port: int, host: str, grpc_listen: str, replicas: int = 1) -> None:
    """Fails before anything starts if a port is taken (a second ``nexus up``, usually) or
    the database cannot be opened or created. Envoy's admin port is a free one each run."""
    if replicas > 1 and parse_db(cfg.db)[0] != "postgresql":
        raise ValueError("--replicas above 1 needs a PostgreSQL database (--db postgresql://…)")
    check_free("HTTPS", host, https_port, "stop that process or choose another --https-port")
    grpc_host, grpc_port = split_address(grpc_listen)
    hint = "stop that process or choose another --grpc-listen (127.0.0.1:0 picks a free port)"
    check_free("gRPC", grpc_host, grpc_port, hint)
    admins = [("NEXUS_ADMIN_LISTEN", cfg.admin_listen)]
    if replicas > 1:  # its notifiers are processes of their own
        admins.append(("NEXUS_NOTIFIER_ADMIN_LISTEN", cfg.notifier.admin_listen))
    for variable, listen in admins:
        if listen:
            host, port = split_address(listen)
            hint = f"stop that process or choose another with {variable} (127.0.0.1:0: a free one)"
            check_free("admin", host, port, hint)
    open_store(cfg.db).close()  # creates it and its schema, as the server would


def _metrics(stack: Stack) -> list[str]:
    """Where Prometheus scrapes each process (docs/operations.md)."""
    urls = [f"{c.admin}/metrics" for c in (*stack.servers, *stack.notifiers) if c.admin]
    if stack.envoy_admin:
        urls.append(f"{stack.envoy_admin}/stats/prometheus")
    return [f"  metrics:        {'  '.join(urls)}"] if urls else []


def _web(stack: Stack) -> list[str]:
    """Where a browser opens the console and where a website loads the chat widget from."""
    lines = []
    for label, path, file in (
        ("console", "/console/", "console/index.html"),
        ("widget", "/widget/widget.js", "widget/widget.js"),
    ):
        built = (web_root() / file).is_file()
        where = f"{stack.url}{path}" if built else "(not built: npm run build in clients/web)"
        lines.append(f"  {label + ':':<15} {where}")
    return lines


def banner(stack: Stack, cfg: Config, key: str) -> str:
    q = shlex.quote
    ca = f" --cacert {q(stack.ca)}" if stack.ca else ""
    gca = f" -cacert {q(stack.ca)}" if stack.ca else ""
    auth = q(f"x-api-key: {key}")
    logs = stack.state_dir / "logs"
    body = q('{"mediaType": "MEDIA_TYPE_CHAT", "subject": "hello"}')
    # By its path: the venv's grpcurl is seldom on PATH.
    grpcurl = q(binary("grpcurl"))
    return "\n".join(
        [
            f"nexus is up at {stack.url}  (REST/JSON, gRPC and gRPC-Web over HTTPS)",
            f"  API key (tenant {cfg.bootstrap_tenant!r}): {key}",
            f"  CA certificate: {stack.ca or '(your own certificate)'}",
            f"  database:       {describe_db(stack.db)}",
            f"  replicas:       {stack.replicas} server(s)"
            + (f" and {len(stack.notifiers)} notifier(s)" if stack.notifiers else ""),
            f"  logs:           {logs / 'nexus.log'}  {logs / 'envoy.log'}",
            *_metrics(stack),
            *_web(stack),
            "",
            "Try it:",
            f"  curl{ca} -H {auth} -H 'content-type: application/json' -d {body} {stack.url}/v1/interactions",
            f"  curl{ca} -H {auth} '{stack.url}/v1/interactions?pageSize=10'",
            f"  curl{ca} -N -H {auth} '{stack.url}/v1/events:watch'",
            f"  {grpcurl}{gca} {stack.address} list",
            f"  {grpcurl}{gca} -H {auth} -d '{{\"page_size\": 10}}' {stack.address} nexus.v1.InteractionService/ListInteractions",
            "",
            "Press Ctrl-C to stop.",
        ]
    )


def run(
    cfg: Config,
    https_port: int,
    state_dir: Path,
    host: str = "127.0.0.1",
    grpc_listen: str = "127.0.0.1:0",
    cert: str | None = None,
    key_file: str | None = None,
    rate_limit: int | None = None,
    max_body_bytes: int | None = None,
    config_file: str | None = None,
    cors_origins: tuple[str, ...] = ("*",),
    replicas: int = 1,
) -> int:
    """Runs until a signal (exit 0) or until a child process dies (exit 1).

    Raises ``PortInUse`` or ``CannotOpenDatabase`` before starting anything when a port is
    taken or the database cannot be used; exits 2 with one line when a child fails to
    start for such a reason.
    """
    try:
        preflight(cfg, https_port, host, grpc_listen, replicas)
    except ValueError as exc:  # a database setting nexus up cannot use
        print(f"nexus up: {exc}", file=sys.stderr)
        return USAGE_ERROR
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    state_dir = state_dir.resolve()
    key = api_key(state_dir, cfg.bootstrap_api_key)
    stack = Stack(
        state_dir=state_dir,
        db=str(Path(cfg.db).resolve()) if parse_db(cfg.db)[0] == "sqlite" else cfg.db,
        replicas=replicas,
        api_key=key,
        https_port=https_port,
        host=host,
        grpc_listen=grpc_listen,
        cert=cert,
        key=key_file,
        config_file=config_file,
        rate_limit_tokens=2 * rate_limit if rate_limit else None,
        rate_limit_refill=(rate_limit, "1s") if rate_limit else None,
        max_request_body_bytes=max_body_bytes,
        cors_origins=cors_origins,  # development: any origin unless --cors-origin says
    )
    try:
        stack.start()
    except (StartError, PortInUse) as exc:
        print(f"nexus up: {exc}", file=sys.stderr)
        stack.stop()
        return USAGE_ERROR
    except (RuntimeError, OSError) as exc:
        print(f"nexus up: {exc}", file=sys.stderr)
        stack.stop()
        return 1
    print(banner(stack, cfg, key), flush=True)
    while not stop.wait(0.2):
        dead = stack.dead()
        if dead is not None and replicas > 1 and dead is not stack.envoy:
            # The others carry on meanwhile: that is what replicas are for.
            print(
                f"nexus up: {dead.name} exited with code {dead.popen.returncode};"
                " starting it again",
                file=sys.stderr,
                flush=True,
            )
            try:
                stack.revive(dead)
            except (RuntimeError, OSError) as exc:
                print(f"nexus up: {dead.name} did not start again: {exc}", file=sys.stderr)
            continue
        if dead is not None:
            print(
                f"nexus up: {dead.name} exited with code {dead.popen.returncode}; stopping.\n"
                f"{dead.tail()}",
                file=sys.stderr,
                flush=True,
            )
            stack.stop(cfg.grace_period_s + 5)
            return 1
    print("nexus up: stopping", file=sys.stderr, flush=True)
    stack.stop(cfg.grace_period_s + 5)
    return 0
