"""WatchEvents across replicas: commit on one server → event on a watcher of another.

    .venv/bin/python bench/watch_latency_bench.py            # about 40 seconds
    .venv/bin/python bench/watch_latency_bench.py --rate 200 --seconds 20

Two ``nexus serve`` processes on one PostgreSQL schema (watch polling set to 10 s, so
only the NOTIFY can wake the far watcher in time). A writer creates interactions through
server A at ``--rate`` per second; one watcher on A (woken in-process: the baseline) and
one on B (woken by LISTEN/NOTIFY) record when each ``interaction.created`` arrives. The
latency is arrival minus the event's ``create_time`` (stamped by the server just before
its commit; same machine, same clock). Prints p50/p99 for both and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nexus.gateway.process import Child, start_server  # noqa: E402
from nexus.v1 import event_service_pb2 as espb  # noqa: E402
from nexus.v1 import event_service_pb2_grpc as espb_grpc  # noqa: E402
from nexus.v1 import interaction_pb2 as ipb  # noqa: E402
from nexus.v1 import interaction_service_pb2 as ispb  # noqa: E402
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc  # noqa: E402

from pg import pg_schema  # noqa: E402

KEY = "nxs_watch_latency_bench"
MD = (("x-api-key", KEY),)


def start(db: str, log: Path) -> tuple[Child, str]:
    """``nexus serve`` without a notifier, once it listens; watches poll only every 10 s."""
    env = {"NEXUS_LOG_LEVEL": "WARNING", "NEXUS_BOOTSTRAP_API_KEY": KEY,
           "NEXUS_WATCH_POLL_S": "10"}  # fmt: skip
    child, port = start_server(db, "127.0.0.1:0", log, env, notifier=False)
    return child, f"127.0.0.1:{port}"


async def watch(address: str, lags: list[float], started: asyncio.Event) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        stream = espb_grpc.EventServiceStub(channel).WatchEvents(
            espb.WatchEventsRequest(event_types=["interaction.created"]), metadata=MD
        )
        async for item in stream:
            now = time.time()
            if item.HasField("heartbeat"):
                started.set()
                continue
            lags.append(now - item.event.create_time.ToMicroseconds() / 1e6)


async def write(address: str, rate: float, seconds: float) -> int:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        request = ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=1))
        begin, sent, tasks = time.monotonic(), 0, []
        while (elapsed := time.monotonic() - begin) < seconds:
            due = int(elapsed * rate) + 1
            while sent < due:
                tasks.append(asyncio.ensure_future(stub.CreateInteraction(request, metadata=MD)))
                sent += 1
            await asyncio.sleep(0.002)
        await asyncio.gather(*tasks)
        return sent


def quantiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100)
    return cuts[49] * 1000, cuts[98] * 1000


async def run(rate: float, seconds: float) -> int:
    with pg_schema() as db, tempfile.TemporaryDirectory() as logs:
        a, address_a = await asyncio.to_thread(start, db, Path(logs) / "a.log")  # migrates
        try:
            b, address_b = await asyncio.to_thread(start, db, Path(logs) / "b.log")
            try:
                near: list[float] = []
                far: list[float] = []
                began = [asyncio.Event(), asyncio.Event()]
                watchers = [
                    asyncio.create_task(watch(address_a, near, began[0])),
                    asyncio.create_task(watch(address_b, far, began[1])),
                ]
                await asyncio.wait_for(asyncio.gather(*(e.wait() for e in began)), 30)
                sent = await write(address_a, rate, seconds)
                await asyncio.sleep(1.0)
                for w in watchers:
                    w.cancel()
            finally:
                b.stop(20)
        finally:
            a.stop(20)
    if len(near) != sent or len(far) != sent:
        print(f"missing events: sent {sent}, near {len(near)}, far {len(far)}")
        return 1
    (n50, n99), (f50, f99) = quantiles(near), quantiles(far)
    print(f"# WatchEvents across replicas: {sent} events at {rate:g}/s for {seconds:g} s")
    print()
    print("| watcher | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    print(f"| on the server that committed (in-process wake-up) | {n50:.1f} | {n99:.1f} |")
    print(f"| on the other server (LISTEN/NOTIFY) | {f50:.1f} | {f99:.1f} |")
    print()
    print(
        f"other/same p99: {f99 / n99:.2f}; target p99 <= 100 ms: {'met' if f99 <= 100 else 'MISSED'}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    return asyncio.run(run(args.rate, args.seconds))


if __name__ == "__main__":
    sys.exit(main())
