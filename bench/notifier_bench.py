"""Notifier benchmark: nexus end to end against a plain HTTP client, side by side in one run.

    .venv/bin/python bench/notifier_bench.py [--events 5000] [--backlog 100000] [--no-e2e]

Every process is local: an HTTPS receiver (aiohttp, trustme certificate) in its own process,
``nexus serve`` in another. It measures

  a) the limit: a plain aiohttp client posting signed payloads to the receiver, flat out;
  b) nexus: QueueInteraction calls over gRPC -> event log -> notifier -> receiver, flat out,
     and the ratio b/a (``--webhooks N``: each event goes to N webhooks);
  c) latency from commit (the event's create_time, set in the committing transaction) to
     receipt, p50 and p99, at a steady 200 events/s;
  d) the RSS of a ``nexus notifier`` process while it drains a backlog of events written
     directly through the core.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uvloop

SERVER_READY = "nexus serving gRPC on "
API_KEY = "nxs_bench_key"


# -- the receiver (runs as `notifier_bench.py --receiver CERT KEY`) -------------------------


def run_receiver(cert: str, key: str) -> None:
    from aiohttp import web

    received: list[tuple[float, bytes]] = []

    async def hook(request: web.Request) -> web.Response:
        body = await request.read()
        keep = request.path.startswith("/keep")
        received.append((time.time(), body if keep else b""))
        return web.Response(status=200)

    async def stats(request: web.Request) -> web.Response:
        times = [t for t, _ in received]
        latencies = []
        for t, body in received:
            if body:
                ts = json.loads(body)["timestamp"]
                from datetime import datetime

                latencies.append(t - datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp())
        return web.json_response({"count": len(received), "times": times, "latencies": latencies})

    async def reset(request: web.Request) -> web.Response:
        received.clear()
        return web.Response(status=204)

    serve_receiver(cert, key, hook, stats, reset)


def serve_receiver(cert: str, key: str, hook: Any, stats: Any, reset: Any) -> None:
    """Runs a receiver's HTTPS app until killed: POST anything -> ``hook``, GET /stats,
    POST /reset; prints its port first."""
    from aiohttp import web

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/stats", stats)
        app.router.add_post("/reset", reset)
        app.router.add_post("/{tail:.*}", hook)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx, backlog=1024)
        await site.start()
        print(site._server.sockets[0].getsockname()[1], flush=True)  # type: ignore[union-attr]
        await asyncio.Event().wait()

    uvloop.run(main())


# -- helpers --------------------------------------------------------------------------------


class Receiver:
    def __init__(self, workdir: Path, ca_cert: str) -> None:
        import trustme

        ca = trustme.CA()
        ca.cert_pem.write_to_path(ca_cert)
        leaf = ca.issue_cert("localhost", "127.0.0.1")
        self.cert, self.key = str(workdir / "leaf.pem"), str(workdir / "leaf.key")
        leaf.cert_chain_pems[0].write_to_path(self.cert)
        leaf.private_key_pem.write_to_path(self.key)
        self.ca_cert = ca_cert
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--receiver", self.cert, self.key],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        self.base = f"https://localhost:{self.port}"

    def session(self):
        import aiohttp

        ctx = ssl.create_default_context(cafile=self.ca_cert)
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx, limit=8))

    async def stats(self) -> dict:
        async with self.session() as s, s.get(self.base + "/stats") as r:
            return await r.json()

    async def reset(self) -> None:
        async with self.session() as s, s.post(self.base + "/reset") as r:
            assert r.status == 204

    async def wait_count(self, n: int, timeout_s: float) -> dict:
        deadline = time.monotonic() + timeout_s
        while True:
            st = await self.stats()
            if st["count"] >= n or time.monotonic() > deadline:
                return st
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def write_config(path: Path, db: Path, ca_cert: str, in_process: bool) -> None:
    path.write_text(
        f'db = "{db}"\nlisten = "127.0.0.1:0"\nbootstrap_api_key = "{API_KEY}"\n'
        'log_level = "WARNING"\n'
        "[notifier]\n"
        f"in_process = {'true' if in_process else 'false'}\n"
        'allowlist = ["127.0.0.1/32"]\n'
        f'ca_file = "{ca_cert}"\n'
        "endpoint_concurrency = 64\nmax_in_flight = 256\n"
        "poll_interval_s = 0.05\n"
    )


def cpu_s(pid: int) -> float:
    """CPU time (user + system, all threads) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(cfg: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "nexus.cli", "--config", str(cfg), "serve"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(SERVER_READY):
            return proc, line[len(SERVER_READY) :].split()[0]
    raise RuntimeError("server did not start")


def start_notifier(cfg: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "nexus.cli", "--config", str(cfg), "notifier"],
        stdout=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


# -- a) the plain client --------------------------------------------------------------------


async def plain_client(rx: Receiver, n: int, concurrency: int) -> tuple[float, float, float]:
    """Deliveries/s of aiohttp posting signed Standard Webhooks payloads, flat out, and the
    CPU time per delivery (µs) of the client and of the receiver."""
    import aiohttp

    from nexus.egress import signing

    key = os.urandom(32)
    body = json.dumps(
        {"type": "interaction.state_changed", "timestamp": "2026-11-27T00:00:00Z", "data": {}},
        separators=(",", ":"),
    ).encode()
    await rx.reset()
    ctx = ssl.create_default_context(cafile=rx.ca_cert)
    connector = aiohttp.TCPConnector(ssl=ctx, limit=concurrency, limit_per_host=concurrency)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                ts = int(time.time())
                msg_id = f"evt_plain{i}"
                headers = {
                    "content-type": "application/json",
                    "webhook-id": msg_id,
                    "webhook-timestamp": str(ts),
                    "webhook-signature": signing.signature_header([key], msg_id, ts, body),
                }
                async with session.post(rx.base + "/hook", data=body, headers=headers) as r:
                    await r.read()
                    assert r.status == 200

        started, cpu, rx_cpu = time.perf_counter(), time.process_time(), cpu_s(rx.proc.pid)
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        rx_cpu = cpu_s(rx.proc.pid) - rx_cpu
        return n / elapsed, cpu / n * 1e6, rx_cpu / n * 1e6


# -- b) and c) nexus end to end ---------------------------------------------------------------


async def nexus_runs(
    rx: Receiver, address: str, n: int, latency_s: float, subscribers: int, pids: dict[str, int]
) -> dict:
    import grpc

    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import interaction_service_pb2 as ispb
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
    from nexus.v1 import webhook_pb2 as wpb
    from nexus.v1 import webhook_service_pb2 as wspb
    from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

    md = (("x-api-key", API_KEY),)
    out: dict = {}
    async with grpc.aio.insecure_channel(address) as channel:
        interactions = ispb_grpc.InteractionServiceStub(channel)
        webhooks = wspb_grpc.WebhookServiceStub(channel)
        steady = int(200 * latency_s)
        names: list[str] = []
        for start in range(0, n + steady, 200):
            batch = await asyncio.gather(
                *(
                    interactions.CreateInteraction(
                        ispb.CreateInteractionRequest(
                            interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                        ),
                        metadata=md,
                    )
                    for _ in range(min(200, n + steady - start))
                )
            )
            names.extend(i.name for i in batch)
        hooks = [
            await webhooks.CreateWebhook(
                wspb.CreateWebhookRequest(
                    webhook=wpb.Webhook(
                        url=f"{rx.base}/hook{k}", event_types=["interaction.state_changed"]
                    )
                ),
                metadata=md,
            )
            for k in range(subscribers)
        ]

        # b) flat out: n state changes, as fast as 64 concurrent callers commit them.
        await rx.reset()
        todo = list(names[:n])

        async def caller() -> None:
            while todo:
                name = todo.pop()
                await interactions.QueueInteraction(
                    ispb.QueueInteractionRequest(name=name, queue="q"), metadata=md
                )

        pids = {**pids, "receiver": rx.proc.pid}
        cpu_before = {k: cpu_s(pid) for k, pid in pids.items()}
        load_cpu = time.process_time()
        started = time.time()
        await asyncio.gather(*(caller() for _ in range(64)))
        committed = time.time()
        load_cpu = time.process_time() - load_cpu
        st = await rx.wait_count(n * subscribers, 300)
        deliveries = n * subscribers
        out["cpu_us"] = {
            k: (cpu_s(pid) - cpu_before[k]) / deliveries * 1e6 for k, pid in pids.items()
        }
        out["cpu_us"]["gRPC load generator"] = load_cpu / deliveries * 1e6
        times = sorted(st["times"])
        out["e2e_per_s"] = st["count"] / (times[-1] - started)
        out["commit_per_s"] = n / (committed - started)
        out["received"] = st["count"]

        # c) steady 200 events/s into a webhook whose receiver keeps bodies for latency.
        for k, hook in enumerate(hooks):
            await webhooks.UpdateWebhook(
                wspb.UpdateWebhookRequest(
                    webhook=wpb.Webhook(name=hook.name, url=f"{rx.base}/keep{k}")
                ),
                metadata=md,
            )
        await asyncio.sleep(0.5)
        await rx.reset()
        period = 1 / 200
        t0 = time.perf_counter()
        pending = []
        for k, name in enumerate(names[n:]):
            delay = t0 + k * period - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(
                asyncio.ensure_future(
                    interactions.QueueInteraction(
                        ispb.QueueInteractionRequest(name=name, queue="q"), metadata=md
                    )
                )
            )
        await asyncio.gather(*pending)
        out["steady_rate"] = steady / (time.perf_counter() - t0)
        st = await rx.wait_count(steady * subscribers, 60)
        lat = st["latencies"]
        out["p50_ms"] = pct(lat, 50) * 1000
        out["p99_ms"] = pct(lat, 99) * 1000
        out["latency_n"] = len(lat)
    return out


# -- d) memory while draining a backlog -------------------------------------------------------


def write_backlog(db: Path, cfg_path: Path, n: int, url: str) -> None:
    from nexus import config as config_mod
    from nexus.core import Core
    from nexus.domain import events as ev
    from nexus.store import open_store
    from nexus.store.base import Principal
    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import webhook_pb2 as wpb
    from nexus.v1 import webhook_service_pb2 as wspb

    cfg = config_mod.load(cfg_path, env={})
    store = open_store(db)
    core = Core(store, cfg)
    core.bootstrap()
    tenant = store.get_tenant(cfg.bootstrap_tenant)
    assert tenant is not None
    p = Principal(tenant.id, "bench", "bench")
    core.webhooks.create_webhook(
        p,
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(url=url, event_types=["interaction.state_changed"])
        ),
    )
    for start in range(0, n, 5000):
        with store.transaction():
            for k in range(start, min(start + 5000, n)):
                i = ipb.Interaction(name=f"interactions/bench{k}", media_type=ipb.MEDIA_TYPE_CHAT)
                e = ev.interaction_event(
                    ev.INTERACTION_STATE_CHANGED,
                    i,
                    actor="bench",
                    now_us=core.clock.now_us(),
                    state_change=None,
                )
                e.sequence = 1
                core.ctx.append(p, e, ipb.MEDIA_TYPE_CHAT)
    store.close()


async def drain_memory(rx: Receiver, workdir: Path, n: int) -> dict:
    import psutil

    db = workdir / "backlog.db"
    cfg = workdir / "backlog.toml"
    write_config(cfg, db, rx.ca_cert, in_process=False)
    t = time.perf_counter()
    write_backlog(db, cfg, n, rx.base + "/hook")
    written_s = time.perf_counter() - t
    await rx.reset()
    proc = start_notifier(cfg)
    ps = psutil.Process(proc.pid)
    samples: list[tuple[int, float]] = []
    started = time.perf_counter()
    cpu_at: tuple[int, float] | None = None  # (delivered, CPU seconds) once warmed up
    cpu_us = 0.0
    try:
        while True:
            await asyncio.sleep(0.5)
            count = (await rx.stats())["count"]
            samples.append((count, ps.memory_info().rss / 2**20))
            cpu = sum(ps.cpu_times()[:2])
            if cpu_at is None and count > 0:
                cpu_at = (count, cpu)
            elif cpu_at is not None and count > cpu_at[0]:
                cpu_us = (cpu - cpu_at[1]) / (count - cpu_at[0]) * 1e6
            if count >= n or time.perf_counter() - started > 900:
                break
    finally:
        stop(proc)
    elapsed = time.perf_counter() - started
    # Flat means: after warm-up (first 10 % delivered), RSS stays within +-10 % of its mean.
    steady = [m for c, m in samples if c >= n * 0.1]
    mean = statistics.mean(steady)
    return {
        "backlog": n,
        "write_s": written_s,
        "drain_per_s": samples[-1][0] / elapsed,
        "delivered": samples[-1][0],
        "rss_first_mb": steady[0],
        "rss_last_mb": steady[-1],
        "rss_min_mb": min(steady),
        "rss_max_mb": max(steady),
        "rss_dev_pct": max(abs(m - mean) for m in steady) / mean * 100,
        "cpu_us": cpu_us,
    }


# -- main -----------------------------------------------------------------------------------


async def end_to_end(
    rx: Receiver, workdir: Path, plain: float, plain_all_us: float, args: argparse.Namespace
) -> None:
    """Runs b) and c) against a fresh ``nexus serve``."""
    cfg = workdir / "nexus.toml"
    write_config(cfg, workdir / "nexus.db", rx.ca_cert, in_process=not args.separate)
    server, address = start_server(cfg)
    notifier = None
    pids = {"server": server.pid}
    if args.separate:
        notifier = start_notifier(cfg)
        pids["notifier"] = notifier.pid
    try:
        r = await nexus_runs(rx, address, args.events, args.latency_s, args.webhooks, pids)
    finally:
        if notifier is not None:
            stop(notifier)
        stop(server)
    mode = "separate notifier process" if args.separate else "notifier in the server"
    mode += f", {args.webhooks} webhook{'s' if args.webhooks > 1 else ''} per event"
    print(
        f"b) nexus end to end ({mode}): {r['e2e_per_s']:8.0f} deliveries/s"
        f"  (gRPC commits {r['commit_per_s']:.0f}/s, received {r['received']})"
    )
    print(f"   ratio b/a:                   {r['e2e_per_s'] / plain:8.1%}")
    spent = r["cpu_us"]
    print(
        "   CPU per delivery in b: "
        + ", ".join(f"{k} {v:.0f} µs" for k, v in spent.items())
        + f"; all {sum(spent.values()):.0f} µs against a's {plain_all_us:.0f} µs"
        + f" (on a CPU-bound machine b/a can reach about {plain_all_us / sum(spent.values()):.0%})"
    )
    print(
        f"c) commit -> received at {r['steady_rate']:.0f} events/s:"
        f" p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms (n={r['latency_n']})"
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rx = Receiver(workdir, str(workdir / "ca.pem"))
        try:
            plain, plain_cpu_us, rx_cpu_us = await plain_client(rx, args.events, 64)
            print(
                f"a) plain aiohttp client:        {plain:8.0f} deliveries/s"
                f"  ({plain_cpu_us:.0f} µs CPU per delivery; the receiver {rx_cpu_us:.0f} µs)"
            )
            if not args.no_e2e:
                await end_to_end(rx, workdir, plain, plain_cpu_us + rx_cpu_us, args)
            if args.backlog:
                m = await drain_memory(rx, workdir, args.backlog)
                print(
                    f"d) backlog of {m['backlog']} events (written in {m['write_s']:.0f} s):"
                    f" drained at {m['drain_per_s']:.0f}/s, delivered {m['delivered']};"
                    f" notifier RSS {m['rss_first_mb']:.0f} -> {m['rss_last_mb']:.0f} MB"
                    f" (min {m['rss_min_mb']:.0f}, max {m['rss_max_mb']:.0f},"
                    f" max deviation from mean {m['rss_dev_pct']:.1f} %)"
                )
                print(f"   drain rate / plain client:   {m['drain_per_s'] / plain:8.1%}")
                print(
                    f"   CPU per delivery: notifier {m['cpu_us']:.0f} µs,"
                    f" plain client {plain_cpu_us:.0f} µs"
                    f" (ratio {plain_cpu_us / m['cpu_us']:.1%})"
                )
        finally:
            rx.stop()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--receiver":
        with contextlib.suppress(KeyboardInterrupt):
            run_receiver(sys.argv[2], sys.argv[3])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="events of runs a and b")
    parser.add_argument("--latency-s", type=float, default=10.0, help="length of run c")
    parser.add_argument("--backlog", type=int, default=100_000, help="events of run d (0: skip)")
    parser.add_argument(
        "--webhooks", type=int, default=1, help="subscribers of each event in runs b and c"
    )
    parser.add_argument(
        "--separate", action="store_true", help="run the notifier as its own process in b and c"
    )
    parser.add_argument(
        "--no-e2e", action="store_true", help="skip b and c (a and d only: CPU per delivery)"
    )
    # The receiver and the driver (the plain client, the gRPC load) run on uvloop like nexus
    # does, so that the plain client is the fastest baseline and the comparison like for like.
    uvloop.run(main(parser.parse_args()))
