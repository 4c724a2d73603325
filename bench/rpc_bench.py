"""RPC throughput, latency and memory: nexus next to bare grpc.aio servers, under h2load.

    .venv/bin/python bench/rpc_bench.py                    # about 1.5 minutes
    .venv/bin/python bench/rpc_bench.py --quick            # about 20 seconds
    .venv/bin/python bench/rpc_bench.py --observability    # about 2.5 minutes (--quick: 40 s)

``nexus serve`` (SQLite file, log level WARNING) and two baseline servers
(bench/baseline_server.py, on the standard asyncio loop and on uvloop) run as separate
processes; h2load drives each scenario over gRPC (h2c) straight to the server. The baseline
answers ``bench.Bare/Ping`` (empty in, empty out: the issue's baseline) and nexus's RPCs with
nexus's own answers, pre-built. Scenarios run in rounds of rotating order; medians are
reported, with the ratio to the bare Ping, the server's CPU time per call (steadier than
throughput on a shared machine) and nexus's peak RSS. Every call is checked as in
bench/gateway_bench.py: a pre-check of the exact answer, then rows written or response
bytes against the requests h2load sent.

``--observability`` measures instead what metrics and tracing cost: three ``nexus serve``
processes, each with its own database and seeded interactions, one with metrics off
(``NEXUS_METRICS=false``), one as by default (metrics on, no tracing) and one with metrics
and spans for every call (``OTEL_TRACES_SAMPLER=always_on``) exported over OTLP/HTTP to a
sink in this process (bench/otlp_sink.py). The same three RPCs run against each, the three
servers of one RPC back to back in rotating order; ratios are to the metrics-off server
(targets: 0.95 for metrics, 0.85 for metrics + tracing). The run fails if the sink received
no spans, or fewer RPC spans than calls were counted, or the server dropped spans (its nexus_trace_spans_dropped_total).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from gateway_bench import (
    KEY,
    METHODS,
    RPCS,
    BenchFailure,
    Calls,
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
from otlp_sink import OtlpSink

from nexus.gateway.process import Child, start_server

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

# --observability: (server, its environment, target ratio); the first is the baseline.
# OTEL_TRACES_EXPORTER=none spells out that the first two make no spans.
TRACING = "metrics + tracing 100 %"
RPC_ORDER = ("create", "send", "get")
OBSERVED = (
    ("metrics off", {"NEXUS_METRICS": "false", "OTEL_TRACES_EXPORTER": "none"}, None),
    ("metrics on", {"OTEL_TRACES_EXPORTER": "none"}, 0.95),
    (
        TRACING,
        {
            "OTEL_TRACES_EXPORTER": "otlp",
            "OTEL_TRACES_SAMPLER": "always_on",
            "OTEL_SERVICE_NAME": "nexus-bench",
        },
        0.85,
    ),
)


def spans_dropped(admin: str) -> float:
    """nexus_trace_spans_dropped_total of a server, from its /metrics."""
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(f"{admin}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "nexus_trace_spans_dropped_total"
    )


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prepare(
    label: str, server: Server, rpc: str, calls: Calls, answers: dict[str, bytes], work: Path
) -> tuple[str, Scenario]:
    """A scenario with what h2load sends, after one checked call; its answer size is set
    where the answer is fixed (reads, and every call of the bare servers)."""
    scenario = Scenario(rpc, "direct", server, Target("", ()))
    scenario.target = target(scenario, calls, work)
    try:
        size = precheck(scenario, calls, answers, ca="")
    except BenchFailure as exc:
        raise BenchFailure(f"{label}: {exc}") from exc
    if server.name != "nexus" or rpc == "get":
        scenario.response_size = size
    return label, scenario


def run_rounds(groups: list[list[tuple[str, Scenario]]], opts: Options, rounds: int) -> None:
    """Each round runs every group in turn, each rotated by one place more than in the
    round before: over len(group) rounds, each scenario runs once in each place."""
    for r in range(rounds):
        for group in groups:
            shift = r % len(group)
            for label, scenario in group[shift:] + group[:shift]:
                try:
                    measure_one(scenario, opts, first=(r == 0), number=0)
                except BenchFailure as exc:
                    raise BenchFailure(f"{label}: {exc}") from exc
                rate = scenario.runs[-1].rate
                print(f"  {label}: {rate:,.0f} req/s", file=sys.stderr, flush=True)


def header(args: argparse.Namespace, rounds: int, seconds: float, pinned: bool) -> str:
    load = os.getloadavg()
    return (
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; h2load, {args.clients} "
        f"connections x {args.streams} streams; {rounds} round(s) of {seconds:g} s per scenario, "
        f"medians; {os.cpu_count()} cores ({'servers pinned to core 0, h2load to the rest' if pinned else 'unpinned'}); "
        f"load average {load[0]:.1f}/{load[1]:.1f}\n"
    )


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
    parser.add_argument(
        "--observability", action="store_true", help="what metrics and tracing cost, instead"
    )
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()
    seconds = args.seconds or (2.0 if args.quick else 4.0)
    rounds = args.rounds or (1 if args.quick else 3)
    cores = sorted(os.sched_getaffinity(0))
    pinned = args.pin and len(cores) >= 2
    server_cpus, load_cpus = ({cores[0]}, set(cores[1:])) if pinned else (None, None)

    binary = ensure_h2load()
    if args.observability:
        return observability(args, rounds, seconds, pinned, server_cpus, load_cpus, binary)
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
            scenarios = [
                prepare(label, servers[name], rpc, calls, answers, work)
                for label, name, rpc in SCENARIOS
            ]
            opts = Options(binary, args.clients, args.streams, seconds, 1.0, load_cpus, work)
            run_rounds([scenarios], opts, rounds)
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
    print(header(args, rounds, seconds, pinned))
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


def observability(
    args: argparse.Namespace,
    rounds: int,
    seconds: float,
    pinned: bool,
    server_cpus: set[int] | None,
    load_cpus: set[int] | None,
    binary: str,
) -> int:
    """The three servers of OBSERVED, side by side; see the docstring at the top."""
    # The servers inherit this process's environment: an OTEL_* variable of its own (an
    # endpoint, OTEL_SDK_DISABLED) would turn spans on where none are wanted, or off.
    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        del os.environ[name]
    children: list[Child] = []
    with tempfile.TemporaryDirectory(prefix="nexus-obs-bench-") as tmp, OtlpSink() as sink:
        work = Path(tmp)
        try:
            servers: list[tuple[str, Server, Calls, dict[str, bytes], Path]] = []
            for n, (name, extra, _) in enumerate(OBSERVED):
                home = work / f"server-{n}"  # target() names its files by server name: "nexus"
                env = {
                    "NEXUS_BOOTSTRAP_API_KEY": KEY,
                    "NEXUS_LOG_LEVEL": "WARNING",
                    "NEXUS_ADMIN_LISTEN": "127.0.0.1:0",  # three servers: no fixed admin port
                    **extra,
                }
                if name == TRACING:
                    env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = sink.endpoint
                db = str(home / "nexus.db")
                child, port = start_server(db, "127.0.0.1:0", home / "nexus.log", env)
                children.append(child)
                # "nexus": gateway_bench checks the answers of writes as nexus's, not as fixed
                server = Server("nexus", child.popen.pid, port, db=db)
                pin(server.pid, server_cpus)
                servers.append((name, server, *seed(port), home))
            # Each server's own calls: the interactions read and written are in its
            # database. The servers of one RPC run back to back, so that each is compared
            # with the others measured closest in time.
            groups = [
                [
                    prepare(f"{RPCS[rpc]} / {name}", server, rpc, calls, answers, home)
                    for name, server, calls, answers, home in servers
                ]
                for rpc in RPC_ORDER
            ]
            opts = Options(binary, args.clients, args.streams, seconds, 1.0, load_cpus, work)
            run_rounds(groups, opts, rounds)
            rss = {name: peak_rss_mb(server.pid) for name, server, *_ in servers}
            dropped = spans_dropped(children[-1].admin)
        except BenchFailure as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            for child in children:
                child.stop(15)  # the tracing server exports what it has buffered as it stops

    names = [name for name, *_ in OBSERVED]
    rows = [
        (RPCS[s.rpc], name, summarise(s))
        for group in groups
        for name, (_, s) in zip(names, group, strict=True)
    ]
    base = {rpc: row for rpc, name, row in rows if name == OBSERVED[0][0]}
    wanted = {name: ratio for name, _, ratio in OBSERVED}
    print(header(args, rounds, seconds, pinned))
    print(
        "| scenario | server | calls/s | p50 ms | p99 ms | server CPU µs/call | server cores "
        "| ratio to metrics off | CPU ratio | target (by throughput) | by CPU |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    summary = {}
    misses = []
    for rpc, name, row in rows:
        ratio = row.rate / base[rpc].rate
        cpu_ratio = base[rpc].server_us / row.server_us
        verdict = by_cpu = ""
        if (goal := wanted[name]) is not None:
            verdict = f">= {goal} " + ("met" if ratio >= goal else "MISS")
            by_cpu = "met" if cpu_ratio >= goal else "MISS"
            if ratio < goal:
                misses.append(f"{rpc} / {name}: {ratio:.2f}")
        print(
            f"| {rpc} | {name} | {row.rate:,.0f} | {row.p50:.1f} | {row.p99:.1f} "
            f"| {row.server_us:,.0f} | {row.server_cores:.2f} | {ratio:.2f} | {cpu_ratio:.2f} "
            f"| {verdict} | {by_cpu} |"
        )
        summary[f"{rpc} / {name}"] = {
            "rps": row.rate,
            "p50_ms": row.p50,
            "p99_ms": row.p99,
            "ratio": ratio,
            "server_cpu_us": row.server_us,
            "cpu_ratio": cpu_ratio,
            "rates": [run.rate for run in row.scenario.runs],
        }
    print(
        "\nratio to metrics off = calls/s / the metrics-off server's for the same RPC; the "
        "target verdict uses it, as the issue words the targets. CPU ratio = the metrics-off "
        "server's CPU per call / this server's: on a shared machine the steadier figure, its "
        "verdict in 'by CPU'. cores = server CPU seconds / wall seconds (about 1.0: the server "
        "was the limit)"
    )
    print("peak RSS: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in rss.items()))
    spans = sum(sink.spans.values())
    print(
        f"OTLP sink ({TRACING} server): {sink.requests} export requests, {sink.bytes:,} bytes, "
        f"{spans:,} spans: "
        + ", ".join(f"{count:,} {span}" for span, count in sink.spans.most_common())
    )
    print(
        "targets (by throughput): " + ("all met" if not misses else "MISSED: " + "; ".join(misses))
    )
    if args.json:
        sunk = {"requests": sink.requests, "bytes": sink.bytes, "spans": dict(sink.spans)}
        args.json.write_text(
            json.dumps({"summary": summary, "peak_rss_mb": rss, "otlp_sink": sunk}, indent=2)
        )
    # a tracing run that exported nothing (or dropped spans) measured less than tracing costs
    failures = []
    if spans == 0:
        failures.append(f"the {TRACING} server exported no spans")
    for rpc, _, row in (r for r in rows if r[1] == TRACING):
        counted = sum(run.succeeded for run in row.scenario.runs)
        exported = sink.spans[METHODS[row.scenario.rpc].strip("/")]
        if exported < counted:
            failures.append(f"{rpc}: {exported:,} RPC spans exported for {counted:,} calls")
    if dropped:
        failures.append(f"the {TRACING} server dropped {dropped:.0f} spans")
    if failures:
        print("\nFAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
