"""RPC throughput, latency and memory: nexus next to bare grpc.aio servers, under h2load.

    .venv/bin/python bench/rpc_bench.py            # about 1.5 minutes
    .venv/bin/python bench/rpc_bench.py --quick    # about 20 seconds

``nexus serve`` (SQLite file, log level WARNING) and two baseline servers
(bench/baseline_server.py, on the standard asyncio loop and on uvloop) run as separate
processes; h2load drives each scenario over gRPC (h2c) straight to the server. The baseline
answers ``bench.Bare/Ping`` (empty in, empty out: the issue's baseline) and nexus's RPCs with
nexus's own answers, pre-built. Scenarios run in rounds of rotating order; medians are
reported, with the ratio to the bare Ping, the server's CPU time per call (steadier than
throughput on a shared machine) and nexus's peak RSS. Every call is checked as in
bench/gateway_bench.py: a pre-check of the exact answer, then rows written or response
bytes against the requests h2load sent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gateway_bench import (
    KEY,
    BenchFailure,
    Options,
    Scenario,
    Server,
    precheck,
    seed,
    start_baseline,
    summarise,
    target,
)
from gateway_bench import (
    measure as measure_one,
)
from loadgen import Target, ensure_h2load, pin

from nexus.gateway.process import start_server

# (label, server, RPC) in the order printed; the first is the baseline of the ratios
SCENARIOS = (
    ("bare grpc.aio, empty Ping", "asyncio", "ping"),
    ("bare grpc.aio on uvloop, empty Ping", "uvloop", "ping"),
    ("bare on uvloop, fixed Interaction", "uvloop", "get"),
    ("nexus CreateInteraction", "nexus", "create"),
    ("nexus SendMessage", "nexus", "send"),
    ("nexus GetInteraction", "nexus", "get"),
)
TARGETS = {"create": 0.5, "send": 0.5, "get": 0.7}  # of the bare Ping, nexus only


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round")
    parser.add_argument("--seconds", type=float, help="length of each counted run")
    parser.add_argument("--rounds", type=int, help="rounds in rotating order; medians reported")
    parser.add_argument("--clients", type=int, default=4, help="h2load connections")
    parser.add_argument("--streams", type=int, default=16, help="concurrent streams each")
    parser.add_argument(
        "--pin", action="store_true", help="servers on the first core, h2load on the rest"
    )
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()
    seconds = args.seconds or (2.0 if args.quick else 4.0)
    rounds = args.rounds or (1 if args.quick else 3)
    cores = sorted(os.sched_getaffinity(0))
    pinned = args.pin and len(cores) >= 2
    server_cpus, load_cpus = ({cores[0]}, set(cores[1:])) if pinned else (None, None)

    binary = ensure_h2load()
    procs: list[subprocess.Popen[str]] = []
    with tempfile.TemporaryDirectory(prefix="nexus-rpc-bench-") as tmp:
        work = Path(tmp)
        env = {"NEXUS_BOOTSTRAP_API_KEY": KEY, "NEXUS_LOG_LEVEL": "WARNING"}
        nexus_child, nexus_port = start_server(
            str(work / "bench.db"), "127.0.0.1:0", work / "nexus.log", env
        )
        try:
            calls, answers = seed(nexus_port)
            servers = {
                "nexus": Server(
                    "nexus", nexus_child.popen.pid, nexus_port, db=str(work / "bench.db")
                )
            }
            for loop in ("asyncio", "uvloop"):
                proc, port = start_baseline(answers, work, loop)
                procs.append(proc)
                servers[loop] = Server(f"bare ({loop})", proc.pid, port)
            for server in servers.values():
                pin(server.pid, server_cpus)
            scenarios: list[tuple[str, Scenario]] = []
            for label, name, rpc in SCENARIOS:
                scenario = Scenario(rpc, "direct", servers[name], Target("", ()))
                scenario.target = target(scenario, calls, work)
                size = precheck(scenario, calls, answers, ca="")
                if name != "nexus" or rpc == "get":
                    scenario.response_size = size
                scenarios.append((label, scenario))
            opts = Options(binary, args.clients, args.streams, seconds, 1.0, load_cpus, work)
            for r in range(rounds):
                shift = r % len(scenarios)
                for label, scenario in scenarios[shift:] + scenarios[:shift]:
                    measure_one(scenario, opts, first=(r == 0), number=0)
                    print(f"  {label}: {scenario.runs[-1].rate:,.0f} req/s", file=sys.stderr)
            rss = peak_rss_mb(nexus_child.popen.pid)
        except BenchFailure as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(15)
            nexus_child.stop(15)

    rows = [(label, summarise(s)) for label, s in scenarios]
    base = rows[0][1]
    base_uv = rows[1][1]
    load = os.getloadavg()
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; h2load, {args.clients} "
        f"connections x {args.streams} streams; {rounds} round(s) of {seconds:g} s per scenario, "
        f"medians; {os.cpu_count()} cores ({'servers pinned to core 0, h2load to the rest' if pinned else 'unpinned'}); "
        f"load average {load[0]:.1f}/{load[1]:.1f}\n"
    )
    print(
        "| scenario | calls/s | p50 ms | p99 ms | ratio to bare Ping | ratio to bare Ping on uvloop "
        "| target | server CPU µs/call | CPU ratio | server cores | h2load cores |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    summary = {}
    for label, row in rows:
        s = row.scenario
        wanted = TARGETS.get(s.rpc) if s.server.name == "nexus" else None
        ratio = row.rate / base.rate
        mark = "" if wanted is None else f">= {wanted} " + ("met" if ratio >= wanted else "MISS")
        print(
            f"| {label} | {row.rate:,.0f} | {row.p50:.1f} | {row.p99:.1f} | {ratio:.2f} "
            f"| {row.rate / base_uv.rate:.2f} | {mark} | {row.server_us:,.0f} "
            f"| {base.server_us / row.server_us:.2f} | {row.server_cores:.2f} | {row.load_cores:.2f} |"
        )
        summary[label] = {
            "rps": row.rate,
            "p50_ms": row.p50,
            "p99_ms": row.p99,
            "ratio": ratio,
            "server_cpu_us": row.server_us,
            "rates": [run.rate for run in s.runs],
        }
    print(
        f"\nnexus server peak RSS: {rss:.0f} MB (target <= 200 MB) {'met' if rss <= 200 else 'MISS'}"
    )
    print(
        "CPU ratio = the bare Ping server's CPU per call / this server's; cores = server CPU "
        "seconds / wall seconds (about 1.0: the server was the limit)"
    )
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "peak_rss_mb": rss}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
