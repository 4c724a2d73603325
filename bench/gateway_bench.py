"""Gateway benchmark: nexus and a bare grpc.aio baseline, direct and through Envoy, under h2load.

    .venv/bin/python bench/gateway_bench.py            # about 3.5 minutes
    .venv/bin/python bench/gateway_bench.py --quick    # about 40 seconds

Starts ``nexus serve`` and Envoy as ``nexus up`` does (the repository's envoy.yaml, with a
rate limit that does not limit), and beside them the baseline (bench/baseline_server.py: a
grpc.aio server on uvloop answering the same RPCs with nexus's own answers, pre-built) behind
a second Envoy rendered from the same file. h2load drives GetInteraction (a seeded
interaction), CreateInteraction (every call a real write: no request_id) and SendMessage (to
one seeded interaction) over three paths: gRPC straight to the server (h2c), gRPC through
Envoy (TLS, h2) and REST/JSON through Envoy (TLS, h2; the default run adds HTTP/1.1).

Every call is checked, not only its HTTP status: before timing, one call per scenario
(grpc-status 0 and the exact answer); after each run, h2load's own counts, the rows nexus
wrote (= requests sent), the response bytes of fixed answers (= requests x size), and for
the Envoy paths Envoy's access log (one line with grpc_status 0 per request, matched by a
user-agent unique to the run). Any mismatch stops the benchmark with exit code 1.

The CPU time of each process (server, Envoy, h2load) is reported per request and in cores
(CPU seconds / wall seconds), so that one can see whether the server was saturated and what
the load generator cost. Nothing is pinned unless ``--pin`` (servers on the first core,
Envoy and h2load on the others): pinned to one core, nexus's threads (event loop, SQLite
committer, grpc's own) contend and it lost 40 to 55 % while the bare server did not,
which would measure the pinning, not nexus.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from google.protobuf import empty_pb2
from loadgen import (
    Run,
    Target,
    cpu_seconds,
    ensure_h2load,
    grpc_frame,
    h2load,
    percentile,
    pin,
    wait_for_line,
)

from nexus.gateway.process import Child, Stack, free_port, healthz, start_envoy
from nexus.gateway.process import _die_with_parent as die_with_parent
from nexus.gateway.render import GatewaySettings, write
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

KEY = "nxs_bench_key_0123456789abcdef"
SERVICE = "/nexus.v1.InteractionService/"
RPCS = {"get": "GetInteraction", "create": "CreateInteraction", "send": "SendMessage"}
# gRPC method paths; bench.Bare/Ping (empty in, empty out) only the baseline answers
METHODS = {"ping": "/bench.Bare/Ping", **{rpc: SERVICE + name for rpc, name in RPCS.items()}}
NAMES = {"ping": "bare Ping (empty)", **RPCS}
PATHS = {
    "direct": "direct gRPC (h2c)",
    "envoy-grpc": "Envoy gRPC (TLS h2)",
    "envoy-rest": "Envoy REST (TLS h2)",
    "envoy-rest-h1": "Envoy REST (TLS HTTP/1.1)",
}
TARGET_RATIO = 0.75
# A server busy for less of a core than this was not the limit of its run: other processes
# had the CPU (or, through Envoy, Envoy did), so its req/s says little about the server.
SATURATED = 0.85
TEXT = "Hello, I need help with my order"
# Rows one call adds, counted in the nexus database before and after each run.
ROWS = {"create": "interactions", "send": "messages"}
UNLIMITED = {"rate_limit_tokens": 10_000_000, "rate_limit_refill": (10_000_000, "1s")}


class BenchFailure(Exception):
    """A call that did not succeed, or figures that do not add up."""


@dataclass
class Server:
    """One server under test (nexus or the baseline) and the Envoy in front of it."""

    name: str
    pid: int
    grpc_port: int
    https_port: int = 0
    envoy: Child | None = None
    db: str | None = None
    log_offset: int = 0

    def rows(self, table: str) -> int:
        assert self.db
        with contextlib.closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@dataclass
class Scenario:
    rpc: str
    path: str
    server: Server
    target: Target
    response_size: int | None = None  # bytes of every answer, where the answer is fixed
    requests: int = 0
    runs: list[Run] = field(default_factory=list)
    server_cpu: float = 0.0
    envoy_cpu: float = 0.0
    tags: dict[str, int] = field(default_factory=dict)  # user-agent -> requests sent

    @property
    def label(self) -> str:
        return f"{NAMES[self.rpc]} / {PATHS[self.path]} / {self.server.name}"

    @property
    def via_envoy(self) -> bool:
        return self.path != "direct"


# -- requests --------------------------------------------------------------------------


@dataclass(frozen=True)
class Calls:
    """The request of each RPC, as gRPC bytes and as REST, with the seeded resources."""

    get: ispb.GetInteractionRequest
    create: ispb.CreateInteractionRequest
    send: ispb.SendMessageRequest
    ping: empty_pb2.Empty = field(default_factory=empty_pb2.Empty)

    def grpc(self, rpc: str) -> bytes:
        return grpc_frame(getattr(self, rpc))

    def rest(self, rpc: str) -> tuple[str, str, bytes | None]:
        if rpc == "get":
            return "GET", f"/v1/{self.get.name}", None
        if rpc == "create":
            body = {"mediaType": "MEDIA_TYPE_CHAT", "subject": self.create.interaction.subject}
            return "POST", "/v1/interactions", json.dumps(body).encode()
        body = {"direction": "DIRECTION_INBOUND", "text": self.send.message.text}
        return "POST", f"/v1/{self.send.parent}/messages", json.dumps(body).encode()


def seed(port: int) -> tuple[Calls, dict[str, bytes]]:
    """Creates the interactions the reads and messages use; returns nexus's answers too."""
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    md = (("x-api-key", KEY),)
    new = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT, subject="bench")
    )
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        created = stub.CreateInteraction(new, metadata=md)
        # a second interaction for the messages, so that the one read never changes
        parent = stub.CreateInteraction(new, metadata=md)
        send = ispb.SendMessageRequest(
            parent=parent.name,
            message=ipb.Message(direction=ipb.DIRECTION_INBOUND, text=TEXT),
        )
        sent = stub.SendMessage(send, metadata=md)
        get = ispb.GetInteractionRequest(name=created.name)
        got = stub.GetInteraction(get, metadata=md)
    answers = {
        "ping": b"",
        "get": got.SerializeToString(),
        "create": created.SerializeToString(),
        "send": sent.SerializeToString(),
    }
    return Calls(get=get, create=new, send=send), answers


def check_answer(scenario: Scenario, calls: Calls, answer: bytes, fixed: bytes) -> None:
    """Raises unless ``answer`` (protobuf bytes) is the right one for the scenario."""
    if scenario.server.name != "nexus" or scenario.rpc in ("get", "ping"):
        if answer != fixed:
            raise BenchFailure(f"{scenario.label}: unexpected answer {answer[:80]!r}")
        return
    if scenario.rpc == "create":
        made = ipb.Interaction.FromString(answer)
        ok = made.name.startswith("interactions/") and made.subject == "bench"
    else:
        msg = ipb.Message.FromString(answer)
        ok = msg.name.startswith(calls.send.parent + "/messages/") and msg.text == TEXT
    if not ok:
        raise BenchFailure(f"{scenario.label}: unexpected answer {answer[:80]!r}")


def precheck(scenario: Scenario, calls: Calls, fixed: dict[str, bytes], ca: str) -> int:
    """One call as h2load will make it; raises unless it succeeds. Returns its body size."""
    server = scenario.server
    if scenario.path in ("direct", "envoy-grpc"):
        if scenario.path == "direct":
            channel = grpc.insecure_channel(f"127.0.0.1:{server.grpc_port}")
        else:
            creds = grpc.ssl_channel_credentials(Path(ca).read_bytes())
            channel = grpc.secure_channel(f"127.0.0.1:{server.https_port}", creds)
        with channel:
            call = channel.unary_unary(METHODS[scenario.rpc])
            try:
                answer, outcome = call.with_call(
                    calls.grpc(scenario.rpc)[5:], metadata=(("x-api-key", KEY),), timeout=10
                )
            except grpc.RpcError as exc:
                raise BenchFailure(f"{scenario.label}: {exc.code()} {exc.details()}") from exc
        if outcome.code() != grpc.StatusCode.OK:
            raise BenchFailure(f"{scenario.label}: grpc-status {outcome.code()}")
        check_answer(scenario, calls, answer, fixed[scenario.rpc])
        return 5 + len(answer)
    method, path, body = calls.rest(scenario.rpc)
    conn = http.client.HTTPSConnection(
        "127.0.0.1", server.https_port, context=ssl.create_default_context(cafile=ca), timeout=10
    )
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read()
    conn.close()
    if response.status != 200:
        raise BenchFailure(f"{scenario.label}: HTTP {response.status} {text[:200]!r}")
    from google.protobuf import json_format

    kind = ipb.Message if scenario.rpc == "send" else ipb.Interaction
    parsed = json_format.Parse(text, kind())
    check_answer(scenario, calls, parsed.SerializeToString(deterministic=True), fixed[scenario.rpc])
    return len(text)


def target(scenario: Scenario, calls: Calls, work: Path) -> Target:
    """What h2load sends for the scenario."""
    server = scenario.server
    name = f"{server.name}-{scenario.rpc}-{scenario.path}"
    if scenario.path in ("direct", "envoy-grpc"):
        body = work / f"{name}.grpc"
        body.write_bytes(calls.grpc(scenario.rpc))
        base = (
            f"http://127.0.0.1:{server.grpc_port}"
            if scenario.path == "direct"
            else f"https://127.0.0.1:{server.https_port}"
        )
        headers = ["content-type: application/grpc", "te: trailers", f"x-api-key: {KEY}"]
        return Target(base + METHODS[scenario.rpc], headers, body)
    method, path, payload = calls.rest(scenario.rpc)
    headers = [f"x-api-key: {KEY}"]
    rest_body = None
    if payload is not None:
        rest_body = work / f"{name}.json"
        rest_body.write_bytes(payload)
        headers.append("content-type: application/json")
    # h2load sends GET without a body and POST with -d
    assert (method == "GET") == (rest_body is None)
    url = f"https://127.0.0.1:{server.https_port}{path}"
    return Target(url, headers, rest_body, h1=scenario.path == "envoy-rest-h1")


# -- the Envoy access log: one line per request, with its grpc-status -------------------

_LINE = re.compile(r"^\{.*\}$")


def access_log(server: Server) -> dict[str, list[tuple[str, str]]]:
    """(HTTP status, grpc-status) of each request Envoy logged since the last read, by user-agent."""
    assert server.envoy
    with server.envoy.log.open("rb") as f:
        f.seek(server.log_offset)
        data = f.read()
    complete = data.rsplit(b"\n", 1)[0] if b"\n" in data else b""
    server.log_offset += len(complete) + (1 if complete else 0)
    seen: dict[str, list[tuple[str, str]]] = {}
    for line in complete.decode(errors="replace").splitlines():
        if _LINE.match(line):
            entry = json.loads(line)
            seen.setdefault(entry.get("user_agent") or "", []).append(
                (str(entry.get("status")), str(entry.get("grpc_status")))
            )
    return seen


def check_access_logs(scenarios: list[Scenario], timeout: float = 6.0) -> None:
    """Every tagged request in Envoy's log once, HTTP 200 and grpc-status 0; raises if not."""
    pending = {tag: (s, n) for s in scenarios if s.via_envoy for tag, n in s.tags.items()}
    logged: dict[str, list[tuple[str, str]]] = {}
    deadline = time.monotonic() + timeout  # Envoy flushes its log every second
    servers = {id(s.server): s.server for s in scenarios}
    while True:
        for server in servers.values():
            for tag, lines in access_log(server).items():
                logged.setdefault(tag, []).extend(lines)
        short = [t for t, (_, n) in pending.items() if len(logged.get(t, [])) < n]
        if not short or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    for tag, (scenario, n) in pending.items():
        lines = logged.get(tag, [])
        good = sum(1 for status, grpc_status in lines if status == "200" and grpc_status == "0")
        if len(lines) != n or good != n:
            wrong = sorted({line for line in lines if line != ("200", "0")})[:5]
            raise BenchFailure(
                f"{scenario.label}: Envoy logged {len(lines)} requests for {n} sent, {good} "
                f"with HTTP 200 and grpc-status 0 (others: {wrong})"
            )
    for scenario in scenarios:
        scenario.tags.clear()


# -- one run ---------------------------------------------------------------------------


@dataclass
class Options:
    h2load: str
    clients: int
    streams: int
    seconds: float
    warmup: float
    load_cpus: set[int] | None
    work: Path


def settled_rows(server: Server, table: str, timeout: float = 5.0) -> int:
    """The row count once it stops moving: a timed warm-up stops h2load with calls in
    flight, which the server may still be committing after h2load has gone."""
    deadline = time.monotonic() + timeout
    count = server.rows(table)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        count, previous = server.rows(table), count
        if count == previous:
            break
    return count


def measure(scenario: Scenario, opts: Options, first: bool, number: int) -> None:
    """Warms up (first round: and sizes the run), then one counted run, then its checks."""
    tag = f"nexus-bench/{number}"
    h1 = scenario.target.h1
    shape = {
        "clients": opts.clients * opts.streams if h1 else opts.clients,
        "streams": 1 if h1 else opts.streams,  # HTTP/1.1 clients do not pipeline
        "log": opts.work / "h2load.log",
        "cpus": opts.load_cpus,
    }
    if first:
        warm = h2load(
            opts.h2load,
            scenario.target,
            duration=opts.warmup,
            extra_headers=[f"user-agent: {tag}-warmup"],
            **shape,  # type: ignore[arg-type]
        )
        if warm.failed or warm.errored or warm.succeeded == 0:
            raise BenchFailure(f"{scenario.label}: warm-up failed:\n{warm.output}")
        scenario.requests = max(200, round(warm.rate * opts.seconds))
    n = scenario.requests
    server = scenario.server
    envoy = server.envoy.popen.pid if server.envoy and scenario.via_envoy else None
    table = ROWS.get(scenario.rpc) if server.db else None
    rows_before = settled_rows(server, table) if table else 0
    cpu_server, cpu_envoy = cpu_seconds(server.pid), cpu_seconds(envoy) if envoy else 0.0
    run = h2load(
        opts.h2load,
        scenario.target,
        requests=n,
        extra_headers=[f"user-agent: {tag}"],
        **shape,  # type: ignore[arg-type]
    )
    scenario.server_cpu += cpu_seconds(server.pid) - cpu_server
    scenario.envoy_cpu += cpu_seconds(envoy) - cpu_envoy if envoy else 0.0
    problems = run.problems(n)
    if scenario.response_size is not None and run.data_bytes != n * scenario.response_size:
        problems.append(
            f"{run.data_bytes} response bytes, not {n} x {scenario.response_size} "
            "(some answers were not the expected message)"
        )
    if table:
        written = server.rows(table) - rows_before
        if written != n:
            problems.append(f"{written} rows written to {table} for {n} requests")
    if problems:
        raise BenchFailure(f"{scenario.label}: " + "; ".join(problems) + f"\n{run.output}")
    scenario.runs.append(run)
    if scenario.via_envoy:
        scenario.tags[tag] = n


# -- setup -----------------------------------------------------------------------------


def start_baseline(
    answers: dict[str, bytes], work: Path, loop: str = "uvloop"
) -> tuple[subprocess.Popen[str], int]:
    """bench/baseline_server.py answering with ``answers``; the process and its port."""
    args = []
    for rpc in RPCS:
        answer = work / f"answer-{rpc}.bin"
        answer.write_bytes(answers[rpc])
        args.append(f"--{rpc}={answer}")
    here = Path(__file__).resolve().parent
    proc = subprocess.Popen(
        [sys.executable, str(here / "baseline_server.py"), f"--loop={loop}", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=die_with_parent,
    )
    return proc, int(wait_for_line(proc, re.compile(r"baseline serving on \S+:(\d+)"), 30))


def front(port: int, work: Path, stack: Stack, envoy_concurrency: int) -> tuple[int, Child]:
    """A second Envoy, rendered from envoy.yaml like nexus's, in front of ``port``."""
    assert stack.cert and stack.key and stack.ca
    https_port = free_port()
    settings = GatewaySettings(
        cert_chain=stack.cert,
        private_key=stack.key,
        upstream_port=port,
        https_port=https_port,
        host="127.0.0.1",
        admin_port=0,
        **UNLIMITED,  # type: ignore[arg-type]
    )
    config = write(settings, work / "baseline" / "envoy.yaml")
    envoy = start_envoy(config, work / "baseline" / "envoy.log", envoy_concurrency)
    deadline = time.monotonic() + 30
    while healthz(f"https://127.0.0.1:{https_port}/healthz", stack.ca) != 200:
        if not envoy.alive() or time.monotonic() > deadline:
            envoy.stop(5)
            raise RuntimeError(f"baseline Envoy not healthy:\n{envoy.tail()}")
        time.sleep(0.1)
    return https_port, envoy


# -- report ----------------------------------------------------------------------------


@dataclass
class Row:
    scenario: Scenario
    rate: float
    p50: float
    p99: float
    server_us: float
    server_cores: float
    envoy_us: float
    load_us: float
    load_cores: float


def summarise(s: Scenario) -> Row:
    requests = sum(r.succeeded for r in s.runs)
    seconds = sum(r.seconds for r in s.runs)
    latencies = [lat for r in s.runs for lat in r.latencies_us]
    load_cpu = sum(r.cpu_s for r in s.runs)
    return Row(
        scenario=s,
        rate=statistics.median(r.rate for r in s.runs),
        p50=percentile(latencies, 50) / 1000,
        p99=percentile(latencies, 99) / 1000,
        server_us=s.server_cpu / requests * 1e6,
        server_cores=s.server_cpu / seconds,
        envoy_us=s.envoy_cpu / requests * 1e6 if s.via_envoy else float("nan"),
        load_us=load_cpu / requests * 1e6,
        load_cores=load_cpu / seconds,
    )


def report(rows: list[Row], header: str) -> tuple[str, list[str]]:
    rate = {(r.scenario.rpc, r.scenario.path, r.scenario.server.name): r.rate for r in rows}
    lines = [
        header,
        "",
        "| RPC | path | server | req/s | p50 ms | p99 ms | server CPU µs/req | server cores "
        "| Envoy CPU µs/req | h2load CPU µs/req | h2load cores | Envoy / direct "
        "| same, by server CPU | nexus / baseline |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_key = {(r.scenario.rpc, r.scenario.path, r.scenario.server.name): r for r in rows}
    misses = []
    for r in rows:
        s = r.scenario
        direct = rate.get((s.rpc, "direct", s.server.name))
        direct_row = by_key.get((s.rpc, "direct", s.server.name))
        by_cpu = f"{direct_row.server_us / r.server_us:.2f}" if s.via_envoy and direct_row else ""
        starved = r.server_cores < SATURATED or (
            s.via_envoy and direct_row is not None and direct_row.server_cores < SATURATED
        )
        versus_direct = f"{r.rate / direct:.2f}" if s.via_envoy and direct else ""
        if s.via_envoy and direct and s.server.name == "nexus":
            missed = r.rate / direct < TARGET_RATIO
            mark = (" MISS" if missed else " ok") + (" †" if starved else "")
            if missed:
                misses.append(
                    f"{RPCS[s.rpc]} {PATHS[s.path]}: {r.rate / direct:.2f}"
                    + (" †" if starved else "")
                )
            versus_direct = f"**{versus_direct}**{mark}"
        baseline = rate.get((s.rpc, s.path, "baseline"))
        versus_baseline = (
            f"{r.rate / baseline:.2f}" if s.server.name == "nexus" and baseline else ""
        )
        envoy = "" if r.envoy_us != r.envoy_us else f"{r.envoy_us:,.0f}"  # NaN: direct
        lines.append(
            f"| {RPCS[s.rpc]} | {PATHS[s.path]} | {s.server.name} | {r.rate:,.0f} | {r.p50:.1f} "
            f"| {r.p99:.1f} | {r.server_us:,.0f} | {r.server_cores:.2f} | {envoy} "
            f"| {r.load_us:.0f} | {r.load_cores:.2f} | {versus_direct} | {by_cpu} "
            f"| {versus_baseline} |"
        )
    return "\n".join(lines), misses


# -- main ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="about a minute: fewer scenarios")
    parser.add_argument("--seconds", type=float, help="length of each counted run")
    parser.add_argument("--warmup", type=float, help="unmeasured run before the first round")
    parser.add_argument("--rounds", type=int, help="rounds in rotating order; medians reported")
    parser.add_argument("--clients", type=int, default=4, help="h2load connections (h2)")
    parser.add_argument("--streams", type=int, default=16, help="concurrent streams each")
    parser.add_argument("--envoy-concurrency", type=int, default=1, help="Envoy worker threads")
    parser.add_argument("--rpcs", help="comma-separated subset of " + ",".join(RPCS))
    parser.add_argument("--paths", help="comma-separated subset of " + ",".join(PATHS))
    parser.add_argument(
        "--pin", action="store_true", help="servers on the first core, Envoy and h2load on the rest"
    )
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()
    quick = args.quick
    seconds = args.seconds or (1.5 if quick else 2.0)
    warmup = args.warmup or (0.5 if quick else 1.0)
    rounds = args.rounds or (1 if quick else 3)
    rpcs = args.rpcs.split(",") if args.rpcs else list(RPCS)
    paths = args.paths.split(",") if args.paths else list(PATHS)[: 3 if quick else 4]
    cores = sorted(os.sched_getaffinity(0))
    pinned = args.pin and len(cores) >= 2
    server_cpus, load_cpus = ({cores[0]}, set(cores[1:])) if pinned else (None, None)

    binary = ensure_h2load()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="nexus-gateway-bench-") as tmp:
        work = Path(tmp)
        stack = Stack(
            state_dir=work / "nexus",
            db=str(work / "nexus" / "bench.db"),
            api_key=KEY,
            https_port=free_port(),
            envoy_concurrency=args.envoy_concurrency,
            server_env={"NEXUS_LOG_LEVEL": "WARNING"},
            **UNLIMITED,  # type: ignore[arg-type]
        )
        (work / "nexus").mkdir()
        stack.start()
        baseline_proc: subprocess.Popen[str] | None = None
        baseline: Server | None = None
        try:
            assert stack.server and stack.envoy and stack.ca
            calls, answers = seed(stack.upstream_port)
            baseline_proc, port = start_baseline(answers, work)
            https_port, envoy = front(port, work, stack, args.envoy_concurrency)
            baseline = Server("baseline", baseline_proc.pid, port, https_port, envoy)
            nexus = Server(
                "nexus",
                stack.server.popen.pid,
                stack.upstream_port,
                stack.https_port,
                stack.envoy,
                db=stack.db,
            )
            for server in (nexus, baseline):
                pin(server.pid, server_cpus)
                assert server.envoy
                pin(server.envoy.popen.pid, load_cpus)
            scenarios = []
            for rpc in rpcs:
                for path in paths:
                    for server in (nexus, baseline):
                        scenario = Scenario(rpc, path, server, Target("", ()))
                        scenario.target = target(scenario, calls, work)
                        size = precheck(scenario, calls, answers, stack.ca)
                        if server.name == "baseline" or rpc == "get":
                            scenario.response_size = size
                        scenarios.append(scenario)
            check_access_logs(scenarios)  # skips the pre-checks' lines
            opts = Options(binary, args.clients, args.streams, seconds, warmup, load_cpus, work)
            number = 0
            for r in range(rounds):
                order = scenarios[r % len(scenarios) :] + scenarios[: r % len(scenarios)]
                for scenario in order:
                    number += 1
                    measure(scenario, opts, first=(r == 0), number=number)
                    print(
                        f"  {scenario.label}: {scenario.runs[-1].rate:,.0f} req/s",
                        file=sys.stderr,
                        flush=True,
                    )
                check_access_logs(scenarios)
        except BenchFailure as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            if baseline is not None and baseline.envoy is not None:
                baseline.envoy.stop(15)
            if baseline_proc is not None:
                baseline_proc.terminate()
                baseline_proc.wait(15)
            stack.stop()

    load = os.getloadavg()
    h2 = f"{args.clients} connections x {args.streams} streams"
    header = (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {version}; {os.cpu_count()} cores"
        f" ({'servers pinned to core 0, Envoy and h2load to the rest' if pinned else 'unpinned'});"
        f" load average {load[0]:.1f}/{load[1]:.1f}; Envoy --concurrency "
        f"{args.envoy_concurrency}; h2: {h2}, HTTP/1.1: {args.clients * args.streams} "
        f"connections; {rounds} round(s) of {seconds:g} s per scenario, medians; every call "
        "checked (grpc-status 0)"
    )
    rows = [summarise(s) for s in scenarios]
    table, misses = report(rows, header)
    print(table)
    print(
        f"\nEnvoy / direct = req/s through Envoy / direct gRPC req/s of the same server and "
        f"RPC (target for nexus >= {TARGET_RATIO}); same, by server CPU = the server's CPU "
        "per request direct / through Envoy (what the ratio would be with the server saturated "
        "and Envoy on a core of its own); nexus / baseline = nexus req/s / the fixed-answer "
        "grpc.aio server's on the same path; cores = CPU seconds / wall seconds.\n"
        f"† the server used less than {SATURATED} of a core in this run or its direct run, so "
        "something else (other processes on the machine, or Envoy) was the limit: re-run on a "
        "quiet machine before reading that ratio."
    )
    print("targets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "header": header,
                    "rows": [
                        {
                            "rpc": r.scenario.rpc,
                            "path": r.scenario.path,
                            "server": r.scenario.server.name,
                            **{k: v for k, v in vars(r).items() if k != "scenario"},
                            "rates": [run.rate for run in r.scenario.runs],
                        }
                        for r in rows
                    ],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
