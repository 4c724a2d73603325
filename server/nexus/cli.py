"""The ``nexus`` command."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nexus import config as config_mod
from nexus import logs
from nexus.clock import SystemClock
from nexus.core import Core
from nexus.domain import access
from nexus.loop import run as run_loop
from nexus.ports import PortInUse, check_free, split_address
from nexus.store import OpenFailed, describe_db, open_store, parse_db

CONFIG_HELP = "TOML configuration file (default: $NEXUS_CONFIG)"
DB_HELP = "the database: a SQLite file (default nexus.db) or a URL, sqlite:///nexus.db or postgresql://user@host/name"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nexus", description="Digital Channels over gRPC.")
    parser.add_argument("--config", help=CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = _command(sub, "serve", help="run the gRPC server")
    serve.add_argument("--listen", help="host:port to bind (default 127.0.0.1:50051)")
    serve.add_argument("--db", help=DB_HELP)
    serve.add_argument(
        "--no-notifier",
        action="store_true",
        help="do not deliver webhooks from this process (run 'nexus notifier' instead)",
    )

    notifier = _command(sub, "notifier", help="deliver webhooks (as a process of its own)")
    notifier.add_argument("--db", help=DB_HELP)

    up = _command(
        sub, "up", help="run the server, its notifier and Envoy on HTTPS with dev certificates"
    )
    up.add_argument("--https-port", type=int, default=443, help="HTTPS port (default 443)")
    up.add_argument("--db", help=DB_HELP)
    up.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="server processes behind Envoy, and as many notifier processes (default 1;"
        " more needs PostgreSQL)",
    )
    up.add_argument("--state-dir", default=".nexus", help="certificates, API key, logs")
    up.add_argument("--host", default="127.0.0.1", help="address Envoy binds (default 127.0.0.1)")
    up.add_argument(
        "--grpc-listen",
        help="server address behind Envoy (default: the configured listen, 127.0.0.1:50051)",
    )
    up.add_argument("--cert", help="PEM certificate chain (default: a generated development one)")
    up.add_argument("--key", help="PEM private key of --cert")
    up.add_argument("--rate-limit", type=int, help="requests per second Envoy admits")
    up.add_argument("--max-body-bytes", type=int, help="largest request body (413 above)")
    up.add_argument(
        "--cors-origin",
        action="append",
        help="an origin browsers may call from, e.g. https://app.example (repeatable; default: any)",
    )

    migrate = _command(
        sub, "migrate", help="create or upgrade the database schema and print its version"
    )
    migrate.add_argument("--db", help=DB_HELP)

    store = sub.add_parser("store", help="move an installation between databases")
    ssub = store.add_subparsers(dest="action", required=True)
    copy = _command(
        ssub, "copy", help="copy everything (tenants, keys, interactions, events, webhooks,"
        " deliveries, channels) into an empty database, and check the counts",
    )  # fmt: skip
    copy.add_argument("--from", dest="source", required=True, help="the database to copy")
    copy.add_argument("--to", dest="target", required=True, help="an empty database")

    tenants = sub.add_parser("tenants", help="manage tenants (contact centers)")
    tsub = tenants.add_subparsers(dest="action", required=True)
    tcreate = _admin_command(tsub, "create", help="create a tenant and print its first API key")
    tcreate.add_argument("name")
    tcreate.add_argument(
        "--create-db",
        action="store_true",
        help="create the database if it does not exist (otherwise that is an error)",
    )
    _admin_command(tsub, "list")

    keys = sub.add_parser("keys", help="manage API keys")
    ksub = keys.add_subparsers(dest="action", required=True)
    kcreate = _admin_command(ksub, "create", help="create an API key for a tenant")
    kcreate.add_argument("--tenant", required=True, help="tenant id or name")
    kcreate.add_argument("--name", default="cli", help="a label for the key")
    kcreate.add_argument(
        "--role",
        choices=("admin", "agent", "widget"),
        default="admin",
        help="admin: everything; agent: interactions and events; widget: only starts chats",
    )
    kcreate.add_argument(
        "--origin",
        action="append",
        default=[],
        help="a widget key's allowed web origin, e.g. https://shop.example.com (repeatable)",
    )
    krevoke = _admin_command(
        ksub, "revoke", help="revoke a key by id or by its first 12 characters"
    )
    krevoke.add_argument("key")
    klist = _admin_command(ksub, "list")
    klist.add_argument("--tenant", required=True)
    _admin_command(
        ksub,
        "rotate-session-key",
        help="sign chat session tokens with a new key; tokens signed by the key before it"
        " stay valid until they expire, older ones stop at once",
    )
    return parser


def _command(
    sub: argparse._SubParsersAction, name: str, help: str | None = None
) -> argparse.ArgumentParser:
    """A subcommand that also takes ``--config`` after its name (``nexus serve --config F``);
    SUPPRESS keeps the one given before the name (``nexus --config F serve``) otherwise."""
    command: argparse.ArgumentParser = sub.add_parser(name, help=help)
    command.add_argument("--config", default=argparse.SUPPRESS, help=CONFIG_HELP)
    return command


def _admin_command(
    sub: argparse._SubParsersAction, name: str, help: str | None = None
) -> argparse.ArgumentParser:
    """A tenant or key command: it works on an existing database."""
    command = _command(sub, name, help)
    command.add_argument("--db", help="an existing database (default nexus.db)")
    return command


# What a user can fix (a port in use, a database that cannot be opened): one line, exit 2.
USAGE_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = {k: v for k in ("listen", "db") if (v := getattr(args, k, None))}
    try:
        cfg = config_mod.load(args.config).replace(**overrides)
        parse_db(cfg.db)  # a --db the configuration's own check has not seen
    except (OSError, ValueError) as exc:
        print(f"nexus: bad configuration: {exc}", file=sys.stderr)
        return USAGE_ERROR
    if getattr(args, "no_notifier", False):
        cfg = cfg.replace(notifier=dataclasses.replace(cfg.notifier, in_process=False))
    logs.setup(cfg.log_level, cfg.log_format)
    try:
        return _run(args, cfg)
    except (OpenFailed, PortInUse) as exc:
        print(f"{_name(args)}: {exc}", file=sys.stderr)
        return USAGE_ERROR


def _name(args: argparse.Namespace) -> str:
    """The command as typed (``nexus keys create``), to begin its error messages."""
    return " ".join(filter(None, ("nexus", args.command, getattr(args, "action", None))))


def _run(args: argparse.Namespace, cfg: config_mod.Config) -> int:
    if args.command == "serve":
        host, port = split_address(cfg.listen)
        hint = "stop that process, or choose another address with --listen (or NEXUS_LISTEN)"
        check_free("gRPC", host, port, hint)
        try:
            run_loop(config_mod_serve(cfg), cfg.event_loop)
        except RuntimeError as exc:
            # grpc's way of saying the bind failed (lost a race with another process).
            if str(exc).startswith("Failed to bind"):
                raise PortInUse("gRPC", host, port, hint) from exc
            raise
        return 0
    if args.command == "notifier":
        from nexus.workers import run_process

        run_loop(run_process(cfg), cfg.event_loop)
        return 0
    if args.command == "up":
        return _up(args, cfg)
    if args.command == "store":
        return _copy(args)
    backend, target = parse_db(cfg.db)
    db = Path(target).absolute()
    shown = db if backend == "sqlite" else describe_db(cfg.db)
    print(f"using database {shown}", file=sys.stderr)
    creates = args.command == "migrate" or getattr(args, "create_db", False)
    if backend == "sqlite" and not db.exists() and not creates:
        print(
            f"{_name(args)}: no database at {db}; point --db (or db in "
            "the configuration, or NEXUS_DB) at an existing one, or create it with "
            "'nexus tenants create NAME --create-db'",
            file=sys.stderr,
        )
        return USAGE_ERROR
    store = open_store(cfg.db)
    core = Core(store, cfg, SystemClock())
    try:
        return _admin(args, core)
    finally:
        store.close()


async def config_mod_serve(cfg: config_mod.Config) -> None:
    from nexus.app import serve

    await serve(cfg)


def _up(args: argparse.Namespace, cfg: config_mod.Config) -> int:
    from nexus.up import run

    if bool(args.cert) != bool(args.key):
        print("nexus up: --cert and --key go together", file=sys.stderr)
        return USAGE_ERROR
    if args.replicas < 1:
        print("nexus up: --replicas must be at least 1", file=sys.stderr)
        return USAGE_ERROR
    return run(
        cfg,
        https_port=args.https_port,
        state_dir=Path(args.state_dir),
        host=args.host,
        grpc_listen=args.grpc_listen or cfg.listen,
        cert=args.cert,
        key_file=args.key,
        rate_limit=args.rate_limit,
        max_body_bytes=args.max_body_bytes,
        config_file=args.config or os.environ.get("NEXUS_CONFIG"),
        cors_origins=tuple(args.cors_origin or ["*"]),
        replicas=args.replicas,
    )


def _copy(args: argparse.Namespace) -> int:
    """``nexus store copy``: one snapshot of the source into one transaction of the target."""
    from nexus.store.copy import Mismatch, NotEmpty, copy_store

    source = open_store(args.source, migrate=False)
    try:
        target = open_store(args.target)
        try:
            copied = copy_store(
                source, target, lambda table, n: print(f"  {table}: {n}", file=sys.stderr)
            )
        except (NotEmpty, Mismatch) as exc:
            print(f"nexus store copy: {exc}; nothing was written", file=sys.stderr)
            return 1
        finally:
            target.close()
    finally:
        source.close()
    total = sum(copied.counts.values())
    print(f"copied {total} rows; the event log ends at cursor {copied.last_cursor} on both")
    return 0


def _admin(args: argparse.Namespace, core: Core) -> int:
    store = core.store
    if args.command == "migrate":
        print(f"schema at version {store.schema_version()} ({store.backend})")
        return 0
    if args.command == "tenants" and args.action == "create":
        if store.get_tenant(args.name):
            print(f"nexus: tenant {args.name!r} exists", file=sys.stderr)
            return 1
        with store.transaction():
            tenant = store.create_tenant(args.name, core.clock.now_us())
        key = core.create_key(tenant.id, "initial")
        print(f"tenant {tenant.name} ({tenant.id})\nAPI key: {key}")
        return 0
    if args.command == "tenants" and args.action == "list":
        for t in store.list_tenants():
            print(f"{t.id}\t{t.name}")
        return 0
    if args.command == "keys":
        if args.action == "rotate-session-key":
            with store.transaction():
                kid = store.rotate_session_key(core.clock.now_us() // 1_000_000)
            print(f"chat sessions are signed with key {kid} from now on")
            return 0
        if args.action == "revoke":
            with store.transaction():
                ok = store.revoke_api_key(args.key, core.clock.now_us())
            print(
                "revoked" if ok else "nexus: no such active key",
                file=sys.stdout if ok else sys.stderr,
            )
            return 0 if ok else 1
        found = store.get_tenant(args.tenant)
        if found is None:
            print(f"nexus: no tenant {args.tenant!r}", file=sys.stderr)
            return 1
        if args.action == "create":
            origins, bad = access.origins_field(args.origin, "--origin")
            if bad or (origins and args.role != "widget"):
                why = bad[0].description if bad else "only a widget key has origins"
                print(f"nexus keys create: --origin: {why}", file=sys.stderr)
                return 2
            role = access.ROLE_BY_NAME[args.role]
            print(core.create_key(found.id, args.name, role=role, origins=origins))
            return 0
        for k in store.list_api_keys(found.id):
            state = "revoked" if k.revoke_time_us else "active"
            allowed = ",".join(k.origins) or "-"
            kind = access.role_name(k.role)
            print(f"{k.id}\t{k.prefix}…\t{k.name}\t{kind}\t{allowed}\t{state}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
