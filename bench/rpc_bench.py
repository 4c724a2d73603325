"""RPC throughput and latency: nexus next to a bare grpc.aio server, measured in one run.

    .venv/bin/python bench/rpc_bench.py [--seconds 5] [--rounds 3] [--concurrency 64]

Each server runs in its own process and the load generator in another (a grpc.aio
client with N concurrent callers), so on a 2-core machine the server and the client
each get a core. Scenarios run in interleaved rounds and medians are reported, so that
a burst of load from elsewhere on a shared machine hits both sides alike. Prints
throughput, p50/p99 latency, the ratio to the bare server's empty unary RPC, server CPU
per call (steadier than throughput on a noisy machine), and the nexus server's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
API_KEY = "nxs_bench_key"
MD = (("x-api-key", API_KEY),)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the baseline: a bare grpc.aio server answering an empty unary RPC -------------------


async def serve_bare(port: int, fixed_only: bool) -> None:
    """The baseline (``bench.Bare/Ping``, empty in, empty out) or, for reference and in a
    process of its own, nexus's InteractionService answering every call with one fixed
    Interaction and doing nothing else: what grpc.aio itself costs for nexus's messages."""
    import grpc
    from google.protobuf import empty_pb2

    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    async def ping(request: empty_pb2.Empty, context: grpc.aio.ServicerContext) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    fixed = ipb.Interaction(
        name="interactions/" + "0" * 32,
        media_type=ipb.MEDIA_TYPE_CHAT,
        direction=ipb.DIRECTION_INBOUND,
        state=ipb.STATE_NEW,
        channel="web",
        customer_address="visitor-1",
        thread_id="0" * 32,
        attributes={"lang": "en"},
        sequence=1,
        etag='"1"',
    )
    fixed.create_time.GetCurrentTime()
    fixed.update_time.CopyFrom(fixed.create_time)

    class Fixed(ispb_grpc.InteractionServiceServicer):
        async def CreateInteraction(self, request: object, context: object) -> ipb.Interaction:
            return fixed

        async def GetInteraction(self, request: object, context: object) -> ipb.Interaction:
            return fixed

    server = grpc.aio.server()
    if fixed_only:
        ispb_grpc.add_InteractionServiceServicer_to_server(Fixed(), server)
    else:
        handler = grpc.unary_unary_rpc_method_handler(
            ping,
            request_deserializer=empty_pb2.Empty.FromString,
            response_serializer=empty_pb2.Empty.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler("bench.Bare", {"Ping": handler})]
        )
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    print("ready", flush=True)
    await server.wait_for_termination()


# -- the load generator ----------------------------------------------------------------


async def load(address: str, scenario: str, seconds: float, concurrency: int) -> dict:
    import grpc
    from google.protobuf import empty_pb2

    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import interaction_service_pb2 as ispb
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    channel = grpc.aio.insecure_channel(address)
    stub = ispb_grpc.InteractionServiceStub(channel)
    ping = channel.unary_unary(
        "/bench.Bare/Ping",
        request_serializer=empty_pb2.Empty.SerializeToString,
        response_deserializer=empty_pb2.Empty.FromString,
    )
    # one interaction per caller for the reads and messages, made before timing starts
    targets: list[str] = []
    if scenario in ("get", "send_message", "fixed_get"):
        for _ in range(concurrency):
            made = await stub.CreateInteraction(
                ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                ),
                metadata=MD,
            )
            targets.append(made.name)
    create_req = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(
            media_type=ipb.MEDIA_TYPE_CHAT,
            channel="web",
            customer_address="visitor-1",
            attributes={"lang": "en"},
        )
    )

    async def one(n: int) -> None:
        if scenario == "bare":
            await ping(empty_pb2.Empty())
        elif scenario == "fixed_get":
            await stub.GetInteraction(ispb.GetInteractionRequest(name=targets[n]), metadata=MD)
        elif scenario == "create":
            await stub.CreateInteraction(create_req, metadata=MD)
        elif scenario == "get":
            await stub.GetInteraction(ispb.GetInteractionRequest(name=targets[n]), metadata=MD)
        elif scenario == "send_message":
            await stub.SendMessage(
                ispb.SendMessageRequest(
                    parent=targets[n],
                    message=ipb.Message(
                        direction=ipb.DIRECTION_INBOUND, text="Hello, I need help with my order"
                    ),
                ),
                metadata=MD,
            )

    latencies: list[float] = []
    total = len(targets)
    warmup_end = time.perf_counter() + 1.0
    end = warmup_end + seconds

    async def caller(n: int) -> None:
        nonlocal total
        while True:
            started = time.perf_counter()
            if started >= end:
                return
            await one(n)
            total += 1
            if started >= warmup_end:
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(caller(n) for n in range(concurrency)))
    await channel.close()
    latencies.sort()
    return {
        "scenario": scenario,
        "calls": len(latencies),
        "calls_total": total,
        "rps": len(latencies) / seconds,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
    }


# -- orchestration ---------------------------------------------------------------------


def start(cmd: list[str], env: dict[str, str] | None = None, ready: str = "") -> subprocess.Popen:
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if ready in line:
            return proc
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd} exited with {proc.returncode}")
    raise RuntimeError(f"{cmd} did not start")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_load(
    address: str, scenario: str, seconds: float, concurrency: int, server_pid: int
) -> dict:
    before = cpu_seconds(server_pid)
    out = subprocess.run(
        [PY, __file__, "--client", address, scenario, str(seconds), str(concurrency)],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # server CPU per call is steadier than calls/s on a shared machine: report both
    result["server_cpu_us"] = (cpu_seconds(server_pid) - before) / result["calls_total"] * 1e6
    return result


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


SCENARIOS = ("bare", "bare_uvloop", "fixed_get", "create", "send_message", "get")
TARGETS = {
    "bare": None,
    "bare_uvloop": None,
    "fixed_get": None,
    "create": 0.5,
    "send_message": 0.5,
    "get": 0.7,
}


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="measured time per scenario and round"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds; medians are reported"
    )
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    bare_port, fixed_port, nexus_port = free_port(), free_port(), free_port()
    tmp = tempfile.mkdtemp(prefix="nexus-bench-")
    env = {**os.environ, "NEXUS_BOOTSTRAP_API_KEY": API_KEY, "NEXUS_LOG_LEVEL": "WARNING"}
    bare_uv_port = free_port()
    bare = start([PY, __file__, "--serve-bare", str(bare_port)], ready="ready")
    bare_uv = start([PY, __file__, "--serve-bare", str(bare_uv_port), "uvloop"], ready="ready")
    fixed = start([PY, __file__, "--serve-bare", str(fixed_port), "fixed"], ready="ready")
    nexus = start(
        [
            str(Path(PY).parent / "nexus"),
            "serve",
            "--listen",
            f"127.0.0.1:{nexus_port}",
            "--db",
            f"{tmp}/bench.db",
        ],
        env=env,
        ready="serving",
    )
    rounds: dict[str, list[dict]] = {s: [] for s in SCENARIOS}
    try:
        for _ in range(args.rounds):
            for scenario in SCENARIOS:
                port, pid = {
                    "bare": (bare_port, bare.pid),
                    "bare_uvloop": (bare_uv_port, bare_uv.pid),
                    "fixed_get": (fixed_port, fixed.pid),
                }.get(scenario, (nexus_port, nexus.pid))
                load_as = "bare" if scenario == "bare_uvloop" else scenario
                result = run_load(f"127.0.0.1:{port}", load_as, args.seconds, args.concurrency, pid)
                rounds[scenario].append({**result, "scenario": scenario})
        rss = peak_rss_mb(nexus.pid)
    finally:
        for proc in (bare, bare_uv, fixed, nexus):
            proc.terminate()
            proc.wait(15)

    summary = {
        s: {k: median([r[k] for r in rs]) for k in ("rps", "p50_ms", "p99_ms", "server_cpu_us")}
        for s, rs in rounds.items()
    }
    base = summary["bare"]
    print(
        f"\n{args.concurrency} concurrent callers; {args.rounds} interleaved rounds of {args.seconds:.0f} s "
        f"per scenario; medians; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n"
    )
    base_uv = summary["bare_uvloop"]
    print(
        f"{'scenario':<26}{'calls/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'ratio':>7}{'target':>9}"
        f"{'CPU us/call':>13}{'CPU ratio':>10}{'ratio uvloop':>14}"
    )
    for scenario, r in summary.items():
        r["ratio"] = r["rps"] / base["rps"]
        r["ratio_uvloop"] = r["rps"] / base_uv["rps"]
        r["cpu_ratio"] = base["server_cpu_us"] / r["server_cpu_us"]
        target = TARGETS[scenario]
        mark = (
            ""
            if target is None
            else f">={target:.0%} " + ("ok" if r["ratio"] >= target else "MISS")
        )
        label = {
            "bare": "bare grpc.aio (empty)",
            "bare_uvloop": "bare on uvloop (empty)",
            "fixed_get": "bare, fixed Interaction",
        }.get(scenario, f"nexus {scenario}")
        print(
            f"{label:<26}{r['rps']:>9.0f}{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}{r['ratio']:>7.2f}{mark:>9}"
            f"{r['server_cpu_us']:>13.0f}{r['cpu_ratio']:>10.2f}{r['ratio_uvloop']:>14.2f}"
        )
    print(
        f"\nnexus server peak RSS: {rss:.0f} MB (target <= 200 MB) {'ok' if rss <= 200 else 'MISS'}"
    )
    print(
        "ratio = calls/s against the bare server (standard asyncio loop, the issue's baseline);\n"
        "ratio uvloop = calls/s against the same bare server on uvloop, the loop nexus runs on;\n"
        "CPU ratio = bare server CPU per call / nexus CPU per call"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"summary": summary, "rounds": rounds, "peak_rss_mb": rss}, indent=2)
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve-bare":
        serving = serve_bare(int(sys.argv[2]), fixed_only="fixed" in sys.argv[3:])
        if "uvloop" in sys.argv[3:]:
            import uvloop

            uvloop.run(serving)
        else:
            asyncio.run(serving)
    elif len(sys.argv) > 2 and sys.argv[1] == "--client":
        _, _, address, scenario, seconds, concurrency = sys.argv
        print(json.dumps(asyncio.run(load(address, scenario, float(seconds), int(concurrency)))))
    else:
        main()
