"""Gateway benchmark: the same RPCs direct to nexus and through Envoy, in one run.

    .venv/bin/python bench/gateway_bench.py [--seconds 6] [--rounds 3] [--callers 64]

Starts ``nexus serve`` and Envoy (``--concurrency 1``) as separate processes exactly as
``nexus up`` does, then drives GetInteraction and CreateInteraction from this process
with 64 concurrent callers over three paths: gRPC straight to the server (h2c, the
baseline), gRPC over TLS through Envoy, and REST/JSON over TLS through Envoy (HTTP/1.1
keep-alive, one connection per caller). Prints throughput, p50/p99 latency and the ratio
of each path's throughput to the direct one.

The REST callers speak HTTP/1.1 on asyncio streams directly: httpx costs a few
milliseconds of client CPU per request, and on a 2-core machine shared with the server
and Envoy that would measure httpx, not the gateway. (The e2e tests use httpx.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import grpc

from nexus.gateway.process import Stack, free_port
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

KEY = "nxs_bench_key_0123456789abcdef"
MD = (("x-api-key", KEY),)
NEW = ispb.CreateInteractionRequest(
    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT, subject="bench")
)
NEW_JSON = {"mediaType": "MEDIA_TYPE_CHAT", "subject": "bench"}


class Http11:
    """One keep-alive HTTPS connection that sends a request and reads a sized response."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext) -> None:
        self.host, self.port, self.context = host, port, context
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> bytes:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, ssl=self.context
            )
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nhost: {self.host}\r\nx-api-key: {KEY}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line, _, headers = (await self.reader.readuntil(b"\r\n\r\n")).partition(b"\r\n")
        length = 0
        for line in headers.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        if not status_line.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"{status_line!r}: {payload[:200]!r}")
        return payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class Result:
    path: str
    rpc: str
    calls: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.calls / self.seconds

    def pct(self, q: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(q) - 1] * 1000


async def drive(
    call: Callable[[], Awaitable[None]], callers: int, seconds: float, warmup: float
) -> tuple[int, float, list[float]]:
    """Runs ``callers`` loops of ``call``; measures only after the warm-up."""
    latencies: list[float] = []
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    async def loop() -> None:
        while True:
            t0 = time.perf_counter()
            if t0 >= stop_at:
                return
            await call()
            t1 = time.perf_counter()
            if t0 >= measure_from:
                latencies.append(t1 - t0)

    await asyncio.gather(*(loop() for _ in range(callers)))
    return len(latencies), seconds, latencies


async def run(
    stack: Stack, ca_pem: bytes, callers: int, seconds: float, warmup: float, rounds: int
) -> list[Result]:
    direct = grpc.aio.insecure_channel(f"127.0.0.1:{stack.upstream_port}")
    creds = grpc.ssl_channel_credentials(ca_pem)
    tls = grpc.aio.secure_channel(stack.address, creds)
    verify = ssl.create_default_context(cafile=stack.ca)
    host = stack.address.rsplit(":", 1)[0]
    idle: list[Http11] = []
    opened: list[Http11] = []

    async def rest(method: str, path: str, body: bytes = b"") -> None:
        conn = idle.pop() if idle else Http11(host, stack.https_port, verify)
        if conn not in opened:
            opened.append(conn)
        await conn.request(method, path, body)
        idle.append(conn)

    stub_direct = ispb_grpc.InteractionServiceStub(direct)
    stub_tls = ispb_grpc.InteractionServiceStub(tls)
    seed = await stub_direct.CreateInteraction(NEW, metadata=MD)
    get = ispb.GetInteractionRequest(name=seed.name)

    new_json = json.dumps(NEW_JSON).encode()

    async def rest_get() -> None:
        await rest("GET", f"/v1/{seed.name}")

    async def rest_create() -> None:
        await rest("POST", "/v1/interactions", new_json)

    def grpc_get(stub: ispb_grpc.InteractionServiceStub) -> Callable[[], Awaitable[None]]:
        async def call() -> None:
            await stub.GetInteraction(get, metadata=MD)

        return call

    def grpc_create(stub: ispb_grpc.InteractionServiceStub) -> Callable[[], Awaitable[None]]:
        async def call() -> None:
            await stub.CreateInteraction(NEW, metadata=MD)

        return call

    scenarios = [
        ("direct gRPC (h2c)", "GetInteraction", grpc_get(stub_direct)),
        ("Envoy gRPC (TLS)", "GetInteraction", grpc_get(stub_tls)),
        ("Envoy REST (TLS)", "GetInteraction", rest_get),
        ("direct gRPC (h2c)", "CreateInteraction", grpc_create(stub_direct)),
        ("Envoy gRPC (TLS)", "CreateInteraction", grpc_create(stub_tls)),
        ("Envoy REST (TLS)", "CreateInteraction", rest_create),
    ]
    # Rounds in rotating order, so that warm-up, table growth and machine noise fall on
    # every path alike instead of on whichever runs first.
    results = {i: Result(path, rpc, 0, 0.0, []) for i, (path, rpc, _) in enumerate(scenarios)}
    try:
        for _, _, call in scenarios:  # warm every path once
            await drive(call, callers, 0.0, warmup)
        for r in range(rounds):
            order = list(range(len(scenarios)))
            order = order[r % len(order) :] + order[: r % len(order)]
            for i in order:
                calls, secs, lat = await drive(scenarios[i][2], callers, seconds / rounds, 0.2)
                results[i].calls += calls
                results[i].seconds += secs
                results[i].latencies += lat
    finally:
        for conn in opened:
            await conn.close()
        await direct.close()
        await tls.close()
    return list(results.values())


def report(results: list[Result], callers: int) -> str:
    lines = [
        f"{callers} concurrent callers; ratio = throughput / direct gRPC throughput of the same RPC",
        "",
        "| RPC | path | req/s | p50 ms | p99 ms | ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    baseline = {r.rpc: r.rate for r in results if r.path.startswith("direct")}
    for r in results:
        lines.append(
            f"| {r.rpc} | {r.path} | {r.rate:,.0f} | {r.pct(50):.1f} | {r.pct(99):.1f} "
            f"| {r.rate / baseline[r.rpc]:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=6.0, help="measured time per scenario, over all rounds"
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured time per scenario")
    parser.add_argument("--callers", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3, help="rotations of the scenario order")
    parser.add_argument("--envoy-concurrency", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        port = free_port()
        stack = Stack(
            state_dir=state,
            db=str(state / "bench.db"),
            api_key=KEY,
            https_port=port,
            envoy_concurrency=args.envoy_concurrency,
            # The bench measures the proxy, not the rate limit.
            rate_limit_tokens=10_000_000,
            rate_limit_refill=(10_000_000, "1s"),
            server_env={"NEXUS_LOG_LEVEL": "WARNING"},
        )
        stack.start()
        try:
            assert stack.ca
            ca_pem = Path(stack.ca).read_bytes()
            results = asyncio.run(
                run(stack, ca_pem, args.callers, args.seconds, args.warmup, args.rounds)
            )
        finally:
            stack.stop()
    print(report(results, args.callers))


if __name__ == "__main__":
    main()
