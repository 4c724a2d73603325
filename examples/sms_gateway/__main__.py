"""The simulator's command line: ``python -m examples.sms_gateway {cert,run}``.

``cert`` makes the gateway's CA and certificate (nexus must be started trusting that CA);
``run`` registers a channel (or reuses the one saved in the state directory), then turns
each line typed into an SMS from the customer, prints every reply nexus sends, and reports
each reply delivered and then read, as a handset would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
from pathlib import Path

from .gateway import DEFAULT_SENDER, Gateway, NexusError, OutboundSms, ensure_certs

STATE_FILE = "channel.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m examples.sms_gateway", description=__doc__)
    parser.add_argument(
        "--state-dir",
        default=".nexus/sms-gateway",
        help="the gateway's certificates and saved channel (default .nexus/sms-gateway, "
        "beside nexus up's own state)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("cert", help="create the CA and certificate; print the CA's path")
    run = commands.add_parser("run", help="register the channel and exchange messages")
    run.add_argument("--nexus", default="https://127.0.0.1:8443", help="nexus's HTTPS URL")
    run.add_argument(
        "--nexus-ca",
        default=".nexus/tls/ca.crt",
        help="CA of nexus's certificate (default .nexus/tls/ca.crt, nexus up's)",
    )
    run.add_argument(
        "--api-key-file",
        default=".nexus/api_key",
        help="file holding the tenant's API key (default .nexus/api_key); "
        "NEXUS_API_KEY overrides it",
    )
    run.add_argument("--host", default="127.0.0.1", help="address the gateway listens on")
    run.add_argument("--port", type=int, default=8444, help="HTTPS port of the gateway")
    run.add_argument("--sender", default=DEFAULT_SENDER, help="the gateway's SMS number")
    run.add_argument("--customer", default="+15557654321", help="who the typed texts come from")
    run.add_argument("--queue", default="queues/sms", help="queue of new interactions")
    run.add_argument("--cert", help="PEM certificate of the gateway (default: its own CA's)")
    run.add_argument("--key", help="PEM key of --cert")
    run.add_argument(
        "--receipts",
        default="1,2",
        help="seconds to DELIVERED and then to READ after a reply, or 'off' (default 1,2)",
    )
    return parser


def _api_key(path: str) -> str:
    key = os.environ.get("NEXUS_API_KEY") or ""
    if key:
        return key
    try:
        return Path(path).read_text().strip()
    except OSError as exc:
        raise SystemExit(f"no API key: set NEXUS_API_KEY or pass --api-key-file ({exc})") from None


def _receipts(text: str) -> tuple[float, float] | None:
    if text == "off":
        return None
    deliver, _, read = text.partition(",")
    return float(deliver), float(read or deliver)


def _print_reply(sms: OutboundSms) -> None:
    print(f"\n→ SMS to {sms.to}: {sms.text}\n  ({sms.message_id}, {sms.message})", flush=True)


def _print_receipt(message_id: str, state: str) -> None:
    print(f"  {message_id}: {state}", flush=True)


def _saved(state: Path) -> dict[str, str] | None:
    return json.loads(state.read_text()) if state.is_file() else None


def _save(state: Path, channel: dict[str, str]) -> None:
    """Keeps the channel's name and secret, readable only by their owner."""
    fd = os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"name": channel["name"], "secret": channel["secret"]}, f)


async def _bind(gateway: Gateway, state: Path, queue: str) -> None:
    """Reuses the saved channel (nexus shows a secret only once, so it was saved), else
    registers a new one and saves it."""
    saved = _saved(state)
    if saved is not None:
        try:
            await gateway.attach(saved["name"], saved["secret"])
            return
        except NexusError as exc:
            if exc.http_status != 404:
                raise
    _save(state, await gateway.register(default_queue=queue))


def _stdin_lines(loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str | None]:
    """Lines typed, read by a daemon thread (so Ctrl-C never waits for Enter); None at EOF."""
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read, daemon=True).start()
    return lines


async def run(args: argparse.Namespace, nexus_ca: str | None) -> int:
    state_dir = Path(args.state_dir)
    gateway = Gateway(
        args.nexus,
        _api_key(args.api_key_file),
        nexus_ca=nexus_ca,
        sender_id=args.sender,
        host=args.host,
        port=args.port,
        cert_dir=state_dir,
        cert=args.cert,
        key=args.key,
        auto_receipts=_receipts(args.receipts),
    )
    gateway.on_outbound = _print_reply
    gateway.on_receipt = _print_receipt
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with gateway:
        await _bind(gateway, state_dir / STATE_FILE, args.queue)
        print(
            f"SMS gateway {args.sender} is up: channel {gateway.channel}\n"
            f"  replies arrive at {gateway.outbound_url}\n"
            f"Type a message and press Enter to send it from {args.customer}; "
            "Ctrl-C to stop.",
            flush=True,
        )
        lines = _stdin_lines(loop)
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                next_line = asyncio.ensure_future(lines.get())
                await asyncio.wait({next_line, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not next_line.done():
                    next_line.cancel()
                    break
                line = next_line.result()
                if line is None:  # stdin closed: keep taking replies until stopped
                    print("(stdin closed; still taking replies: Ctrl-C to stop)", flush=True)
                    await stopping
                    break
                if not line.strip():
                    continue
                try:
                    result = await gateway.send_inbound(args.customer, line)
                except NexusError as exc:
                    print(f"  nexus refused it: {exc}", flush=True)
                    continue
                seen = " (a duplicate: not stored again)" if result["duplicate"] else ""
                print(f"← stored in {result['interaction']}{seen}", flush=True)
        finally:
            stopping.cancel()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "cert":
        certs = ensure_certs(args.state_dir)
        print(certs.ca.resolve())
        return 0
    if bool(args.cert) != bool(args.key):
        raise SystemExit("--cert and --key go together")
    # nexus's development CA when it is there, else the system's trust store.
    nexus_ca = args.nexus_ca if Path(args.nexus_ca).is_file() else None
    try:
        return asyncio.run(run(args, nexus_ca))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
