"""Scale-out benchmark: SQLite against PostgreSQL, one replica against two, in one run.

    .venv/bin/python bench/scaleout_bench.py            # about 7 minutes
    .venv/bin/python bench/scaleout_bench.py --quick    # about 1.5 minutes
    .venv/bin/python bench/scaleout_bench.py --parts rpc,seam --json out.json

Four parts, each against its baseline in the same run (``--parts`` picks some):

rpc    CreateInteraction, SendMessage (writes) and GetInteraction (read) through Envoy (TLS,
       h2; h2load does not verify the certificate, the pre-check does) for three
       deployments started as ``nexus up`` starts them (``nexus.gateway.process.Stack``):
       SQLite with 1 server; PostgreSQL with 1 server; PostgreSQL with 2 servers (and, as
       ``nexus up --replicas 2`` runs them, 2 ``nexus notifier`` processes). The three stacks
       run side by side and the 9 scenarios in rounds of rotating order (medians). CPU time
       per call of every process: each server, each notifier, Envoy, PostgreSQL (every
       process whose comm is ``postgres``: the cluster's backends of every database, its
       WAL writer, checkpointer, autovacuum; and apart, the backends of this deployment,
       found by the ``application_name`` in its database URL) and h2load itself. Every call
       is checked as bench/gateway_bench.py checks it (pre-check of the exact answer, h2load's
       counts, rows written, response bytes, Envoy's access log: one line with grpc-status 0
       per request). Beside them, what the PostgreSQL backends were doing (pg_stat_activity
       sampled every 40 ms: on CPU, waiting for a lock or I/O, idle in a transaction waiting
       for nexus's next statement).
drain  A backlog of ``--events`` ``interaction.created`` events (written through the API by a
       ``nexus serve --no-notifier``, which then stops), one webhook to a local HTTPS receiver,
       drained by 1 ``nexus notifier`` on SQLite, 1 on PostgreSQL, 2 on PostgreSQL; against
       the plain aiohttp client of bench/notifier_bench.py, measured just before each drain.
       Rate and CPU are taken from the first delivery to the last (process start-up apart);
       the receiver counts distinct webhook-ids (= events: nothing lost, nothing twice) and
       the store must hold every delivery as succeeded after one attempt.
driver A primary-key SELECT and an INSERT ... RETURNING on PostgreSQL, concurrency 1 and 16,
       from one uvloop process: (a) nexus's own unit of work (``PostgresWork.run``: a worker
       thread via ``run_in_executor`` with that thread's own psycopg 3 connection, and the
       store's binding), (a') psycopg 3 on worker threads each keeping its own connection (the
       driver and the thread hop alone), (b) asyncpg with a pool of the same size (10).
seam   The embedded default before and after the store refactor: ``nexus serve`` on SQLite
       from commit 9f92c59 (``git worktree add``, run with ``PYTHONPATH`` and this venv's
       python) and from this working tree (or ``--after REV``), h2load over h2c straight to
       each as bench/rpc_bench.py does, in alternating rounds; ratios after/before of
       calls/s and server CPU per call (target: within 5 %). The worktree is removed at the end.

Every table has an "others' cores" column: the machine's busy CPU (/proc/stat) less what the
benchmark measured, i.e. other jobs on this shared machine; where it is above about 0.2 the
row was disturbed and should be re-run. Nothing is pinned. Options: --help.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import grpc
import notifier_bench as nb
import psycopg
import uvloop
from gateway_bench import (
    KEY,
    ROWS,
    RPCS,
    UNLIMITED,
    BenchFailure,
    Options,
    Scenario,
    Server,
    check_access_logs,
    precheck,
    seed,
    settled_rows,
    summarise,
    target,
)
from gateway_bench import measure as measure_direct
from loadgen import Target, cpu_seconds, ensure_h2load, h2load, percentile

from nexus.gateway.process import Child, Stack, free_port, start_notifier, start_server

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("NEXUS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
PARTS = ("rpc", "drain", "driver", "seam")
ORDER = ("create", "send", "get")  # RPCs in the order printed
TARGETS = {"create": 0.5, "send": 0.5, "get": 0.8}  # PostgreSQL, 1 server / SQLite
SEAM_TARGET = 0.05
SERVER_ENV = {"NEXUS_LOG_LEVEL": "WARNING"}
TICK = os.sysconf("SC_CLK_TCK")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- CPU time of processes -----------------------------------------------------------------


def stat_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def postgres_cpu() -> dict[int, float]:
    """CPU seconds so far of every process whose comm is ``postgres`` (the cluster's
    postmaster, backends and background workers: separate processes of the system)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            comm = Path(entry.path, "comm").read_text().strip()
        except OSError:
            continue
        if comm == "postgres" and (cpu := stat_cpu(int(entry.name))) is not None:
            found[int(entry.name)] = cpu
    return found


def machine_busy() -> float:
    """CPU seconds every core of the machine has been busy (user, nice, system, irq), so far."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / TICK


def own_cpu() -> float:
    """This process (all threads) and its waited-for children (h2load)."""
    import resource

    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


OWN_BACKENDS: set[int] = set()
"""The benchmark's own connections (monitor, wait sampler): left out of PostgreSQL's CPU."""


def pg_spent(
    before: dict[int, float],
    after: dict[int, float],
    only: set[int] | None = None,
    bench: bool = False,
) -> float:
    """CPU seconds the postgres processes spent between two snapshots (``only`` some; the
    benchmark's own backends never, or with ``bench`` those alone); a process that started
    in between counts whole (one that ended in between is lost: rare, small)."""
    return sum(
        cpu - before.get(pid, 0.0)
        for pid, cpu in after.items()
        if (only is None or pid in only) and (pid in OWN_BACKENDS) == bench
    )


# -- PostgreSQL: schemas per run, a monitor connection ------------------------------------------


class Postgres:
    """The local cluster: a schema per database this run uses, dropped at the end."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.conn = psycopg.connect(server, autocommit=True, application_name="nexus-scaleout")
        OWN_BACKENDS.add(self.conn.info.backend_pid)
        self.schemas: list[str] = []
        self.run_id = f"{os.getpid():x}{random.getrandbits(16):04x}"

    def schema(self, key: str) -> tuple[str, str, str]:
        """A new schema for ``key``: (schema, URL with its search_path and an
        application_name of its own, that application_name)."""
        name = f"nx_scale_{self.run_id}_{key.replace('-', '_')}"
        app = f"nexus-scaleout-{self.run_id}-{key}"
        self.conn.execute(f"CREATE SCHEMA {name}")
        self.schemas.append(name)
        query = urlencode({"options": f"-csearch_path={name}", "application_name": app})
        return name, f"{self.server}{'&' if '?' in self.server else '?'}{query}", app

    def backends(self, app: str) -> set[int]:
        rows = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (app,)
        )
        return {int(r[0]) for r in rows}

    def count(self, schema: str, table: str) -> int:
        row = self.conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()
        return int(row[0]) if row else 0

    def connections(self) -> int:
        row = self.conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        for name in self.schemas:
            try:
                self.conn.execute(f"DROP SCHEMA {name} CASCADE")
            except psycopg.Error as exc:
                log(f"could not drop schema {name}: {exc}")
        self.conn.close()


@dataclass
class PgServer(Server):
    """gateway_bench's Server, counting rows in a PostgreSQL schema instead of a file."""

    schema: str = ""
    pg: Postgres | None = None

    def rows(self, table: str) -> int:
        assert self.pg is not None
        return self.pg.count(self.schema, table)


class WaitSampler:
    """What a deployment's PostgreSQL backends are doing, sampled from pg_stat_activity every
    ``period`` seconds on a thread of its own while h2load runs: the mean number of backends
    in each state (active on CPU, active waiting for a lock or I/O, idle in transaction =
    waiting for nexus to send the next statement, idle)."""

    def __init__(self, server: str, period: float = 0.04) -> None:
        self.conn = psycopg.connect(server, autocommit=True, application_name="nexus-scaleout-w")
        OWN_BACKENDS.add(self.conn.info.backend_pid)
        self.period = period
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.samples = 0
        self.counts: dict[str, int] = defaultdict(int)

    def start(self, app: str) -> None:
        self.samples = 0
        self.counts = defaultdict(int)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(app,), daemon=True)
        self._thread.start()

    def _run(self, app: str) -> None:
        query = (
            "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
            " WHERE application_name = %s"
        )
        while not self._stop.wait(self.period):
            rows = self.conn.execute(query, (app,)).fetchall()
            self.samples += 1
            for state, kind, event in rows:
                if state == "active":
                    label = f"active, {kind}:{event}" if kind else "active on CPU"
                else:
                    label = state or "?"
                self.counts[label] += 1

    def stop(self) -> dict[str, float]:
        """Mean backends in each state over the samples taken."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return {k: v / max(1, self.samples) for k, v in self.counts.items()}

    def close(self) -> None:
        self.conn.close()


# -- part 1: RPCs through Envoy --------------------------------------------------------------


@dataclass
class Deployment:
    key: str
    label: str
    stack: Stack
    server: Server
    work: Path
    app: str = ""  # application_name of its PostgreSQL connections ("" for SQLite)

    def processes(self) -> dict[str, int]:
        many = len(self.stack.servers) > 1
        procs = {
            (f"server {n}" if many else "server"): c.popen.pid
            for n, c in enumerate(self.stack.servers, 1)
        }
        procs.update({f"notifier {n}": c.popen.pid for n, c in enumerate(self.stack.notifiers, 1)})
        assert self.stack.envoy is not None
        procs["Envoy"] = self.stack.envoy.popen.pid
        return procs


@dataclass
class Cell:
    dep: Deployment
    scenario: Scenario
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    wall: list[float] = field(default_factory=list)
    waits: list[dict[str, float]] = field(default_factory=list)  # one per counted run
    others: float = 0.0  # CPU seconds of everything else on the machine during the runs


def measure_cell(
    cell: Cell, opts: Options, first: bool, number: int, pg: Postgres, sampler: WaitSampler
) -> None:
    """gateway_bench.measure for a deployment of several processes: warm-up (first round:
    sizes the run), one counted h2load run with every process's CPU time around it, checks."""
    s, dep = cell.scenario, cell.dep
    tag = f"nexus-scaleout/{number}"
    log_file = opts.work / "h2load.log"
    if first:
        warm = h2load(
            opts.h2load, s.target, duration=opts.warmup, clients=opts.clients,
            streams=opts.streams, log=log_file, extra_headers=[f"user-agent: {tag}-warmup"],
        )  # fmt: skip
        if warm.failed or warm.errored or warm.succeeded == 0:
            raise BenchFailure(f"{dep.label} {RPCS[s.rpc]}: warm-up failed:\n{warm.output}")
        s.requests = max(200, round(warm.rate * opts.seconds))
    n = s.requests
    table = ROWS.get(s.rpc)
    rows_before = settled_rows(s.server, table) if table else 0
    procs = dep.processes()
    own = pg.backends(dep.app) if dep.app else set()
    before = {name: cpu_seconds(pid) for name, pid in procs.items()}
    pg_before = postgres_cpu()
    if dep.app:
        sampler.start(dep.app)
    busy, mine = machine_busy(), own_cpu()
    started = time.perf_counter()
    run = h2load(
        opts.h2load, s.target, requests=n, clients=opts.clients, streams=opts.streams,
        log=log_file, extra_headers=[f"user-agent: {tag}"],
    )  # fmt: skip
    wall = time.perf_counter() - started
    busy, mine = machine_busy() - busy, own_cpu() - mine
    pg_after = postgres_cpu()
    after = {name: cpu_seconds(pid) for name, pid in procs.items()}
    if dep.app:
        cell.waits.append(sampler.stop())
        own |= pg.backends(dep.app)
    problems = run.problems(n)
    if s.response_size is not None and run.data_bytes != n * s.response_size:
        problems.append(
            f"{run.data_bytes} response bytes, not {n} x {s.response_size} "
            "(some answers were not the expected message)"
        )
    if table:
        written = s.server.rows(table) - rows_before
        if written != n:
            problems.append(f"{written} rows written to {table} for {n} requests")
    if problems:
        raise BenchFailure(f"{dep.label} {RPCS[s.rpc]}: " + "; ".join(problems) + f"\n{run.output}")
    for name in procs:
        cell.cpu[name] += after[name] - before[name]
    cell.cpu["PostgreSQL"] += pg_spent(pg_before, pg_after)
    cell.cpu["PostgreSQL own"] += pg_spent(pg_before, pg_after, own)
    cell.cpu["h2load"] += run.cpu_s
    spent = sum(after[name] - before[name] for name in procs) + pg_spent(pg_before, pg_after)
    spent += pg_spent(pg_before, pg_after, bench=True)  # the wait sampler's backend
    cell.others += max(0.0, busy - spent - mine)
    cell.wall.append(wall)
    s.runs.append(run)
    s.tags[tag] = n


def start_deployment(
    key: str, label: str, work: Path, replicas: int, pg: Postgres | None, envoy_concurrency: int
) -> Deployment:
    state = work / key
    state.mkdir()
    if pg is None:
        db, schema, app = str(state / "bench.db"), "", ""
    else:
        schema, db, app = pg.schema(key)
    stack = Stack(
        state_dir=state, db=db, api_key=KEY, https_port=free_port(), replicas=replicas,
        envoy_concurrency=envoy_concurrency, server_env=dict(SERVER_ENV),
        **UNLIMITED,  # type: ignore[arg-type]
    )  # fmt: skip
    log(f"starting {label} ...")
    stack.start(60)
    assert stack.server and stack.envoy
    pid = stack.server.popen.pid
    server: Server
    if pg is None:
        server = Server("nexus", pid, stack.upstream_port, stack.https_port, stack.envoy, db=db)
    else:
        server = PgServer(
            "nexus", pid, stack.upstream_port, stack.https_port, stack.envoy, db=db,
            schema=schema, pg=pg,
        )  # fmt: skip
    return Deployment(key, label, stack, server, state, app)


@dataclass
class RpcRow:
    dep: str
    rpc: str
    rate: float
    p50: float
    p99: float
    cpu_us: dict[str, float]  # process -> CPU µs per call
    total_us: float
    busy_cores: float
    h2load_cores: float
    rates: list[float]
    waits: dict[str, float]  # PostgreSQL backends by state, mean over the counted runs
    others_cores: float  # everything else on the machine


def summarise_cell(cell: Cell) -> RpcRow:
    runs = cell.scenario.runs
    calls = sum(r.succeeded for r in runs)
    wall = sum(cell.wall)
    latencies = [lat for r in runs for lat in r.latencies_us]
    per_call = {name: cpu / calls * 1e6 for name, cpu in cell.cpu.items()}
    everything = sum(cpu for name, cpu in cell.cpu.items() if name != "PostgreSQL own")
    return RpcRow(
        dep=cell.dep.label,
        rpc=cell.scenario.rpc,
        rate=statistics.median(r.rate for r in runs),
        p50=percentile(latencies, 50) / 1000,
        p99=percentile(latencies, 99) / 1000,
        cpu_us=per_call,
        total_us=everything / calls * 1e6,
        busy_cores=everything / wall,
        h2load_cores=cell.cpu["h2load"] / wall,
        rates=[r.rate for r in runs],
        others_cores=cell.others / wall,
        waits={
            k: statistics.fmean(w.get(k, 0.0) for w in cell.waits)
            for k in sorted({k for w in cell.waits for k in w})
        },
    )


def run_rpc(args: argparse.Namespace, work: Path, pg: Postgres, binary: str) -> dict[str, Any]:
    deployments: list[Deployment] = []
    peak_connections = 0
    sampler = WaitSampler(pg.server)
    try:
        for key, label, replicas, on_pg in (
            ("sqlite-1", "SQLite, 1 server", 1, None),
            ("pg-1", "PostgreSQL, 1 server", 1, pg),
            ("pg-2", "PostgreSQL, 2 servers", 2, pg),
        ):
            deployments.append(
                start_deployment(key, label, work, replicas, on_pg, args.envoy_concurrency)
            )
        cells: list[Cell] = []
        for dep in deployments:
            assert dep.stack.ca
            calls, answers = seed(dep.stack.upstream_port)
            for rpc in ORDER:
                scenario = Scenario(rpc, "envoy-grpc", dep.server, Target("", ()))
                scenario.target = target(scenario, calls, dep.work)
                size = precheck(scenario, calls, answers, dep.stack.ca)
                if rpc == "get":
                    scenario.response_size = size
                cells.append(Cell(dep, scenario))
        scenarios = [c.scenario for c in cells]
        check_access_logs(scenarios)  # moves past the pre-checks' lines
        opts = Options(binary, args.clients, args.streams, args.seconds, args.warmup, None, work)
        number = 0
        for r in range(args.rounds):
            shift = r % len(cells)
            for cell in cells[shift:] + cells[:shift]:
                number += 1
                measure_cell(cell, opts, first=(r == 0), number=number, pg=pg, sampler=sampler)
                peak_connections = max(peak_connections, pg.connections())
                log(
                    f"  {cell.dep.label} {RPCS[cell.scenario.rpc]}: "
                    f"{cell.scenario.runs[-1].rate:,.0f} calls/s"
                )
            check_access_logs(scenarios)
    finally:
        sampler.close()
        for dep in deployments:
            dep.stack.stop()
    rows = [summarise_cell(c) for c in cells]
    return {"rows": rows, "peak_connections": peak_connections}


def print_rpc(result: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    rows: list[RpcRow] = result["rows"]
    print(
        f"\n## 1. RPCs through Envoy (gRPC over TLS h2), h2load {args.clients} connections x "
        f"{args.streams} streams, {args.rounds} round(s) of {args.seconds:g} s, medians\n"
    )
    print(
        "| deployment | RPC | calls/s | p50 ms | p99 ms | server(s) µs | notifiers µs "
        "| Envoy µs | PostgreSQL µs (its backends) | h2load µs | all µs | busy cores "
        "| h2load cores | others' cores |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def joined(row: RpcRow, prefix: str) -> str:
        parts = [f"{v:,.0f}" for k, v in row.cpu_us.items() if k.startswith(prefix)]
        return " + ".join(parts)

    for row in rows:
        c = row.cpu_us
        print(
            f"| {row.dep} | {RPCS[row.rpc]} | {row.rate:,.0f} | {row.p50:.1f} | {row.p99:.1f} "
            f"| {joined(row, 'server')} | {joined(row, 'notifier')} | {c['Envoy']:,.0f} "
            f"| {c['PostgreSQL']:,.0f} ({c['PostgreSQL own']:,.0f}) | {c['h2load']:,.0f} "
            f"| {row.total_us:,.0f} | {row.busy_cores:.2f} | {row.h2load_cores:.2f} "
            f"| {row.others_cores:.2f} |"
        )
    by = {(r.dep, r.rpc): r for r in rows}
    sq, p1, p2 = "SQLite, 1 server", "PostgreSQL, 1 server", "PostgreSQL, 2 servers"
    print(
        "\n| RPC | PG 1 / SQLite calls/s | target | PG 2 / SQLite | PG 2 / PG 1 "
        "| all-process CPU per call: PG 1 / SQLite | PG 2 / PG 1 |"
    )
    print("|---|---:|---|---:|---:|---:|---:|")
    ratios = {}
    misses = []
    for rpc in ORDER:
        a, b, c2 = by[(sq, rpc)], by[(p1, rpc)], by[(p2, rpc)]
        ratio = b.rate / a.rate
        met = ratio >= TARGETS[rpc]
        if not met:
            misses.append(f"{RPCS[rpc]} {ratio:.2f}")
        print(
            f"| {RPCS[rpc]} | **{ratio:.2f}** | >= {TARGETS[rpc]} {'met' if met else 'MISS'} "
            f"| {c2.rate / a.rate:.2f} | {c2.rate / b.rate:.2f} | {b.total_us / a.total_us:.2f} "
            f"| {c2.total_us / b.total_us:.2f} |"
        )
        ratios[rpc] = {
            "pg1_vs_sqlite": ratio,
            "pg2_vs_sqlite": c2.rate / a.rate,
            "pg2_vs_pg1": c2.rate / b.rate,
            "cpu_pg1_vs_sqlite": b.total_us / a.total_us,
            "cpu_pg2_vs_pg1": c2.total_us / b.total_us,
        }
    print(
        "\nµs = CPU time per call of each process (server(s): each `nexus serve`, with the "
        "notifier in it when there is 1 server; PostgreSQL: every `postgres` process of the "
        "cluster, in brackets the backends of this deployment's connections); all = the sum "
        "(h2load included, the brackets not); busy cores = all CPU seconds / wall seconds "
        f"({os.cpu_count()} cores here: near {os.cpu_count()} the machine, not one process, "
        "was the limit; well below it, with no server at a whole core, calls waited: on locks, round "
        "trips, fsync); others' cores = the machine's busy CPU (/proc/stat) less all that, during the "
        "runs: other jobs on the machine (above about 0.2, re-run when it is quiet). Peak "
        "PostgreSQL connections (the whole cluster): "
        f"{result['peak_connections']}."
    )
    print(
        "targets (PG 1 server / SQLite): "
        + ("all met" if not misses else "MISSED: " + "; ".join(misses))
    )
    print(
        "\nWhere the PostgreSQL deployments' backends were (pg_stat_activity every 40 ms during "
        "the counted runs; mean number of backends in each state; idle in transaction = the "
        "backend waits for nexus's next statement inside a transaction):\n"
    )
    print("| deployment | RPC | backends by state |")
    print("|---|---|---|")
    for row in rows:
        if row.waits:
            states = sorted(row.waits.items(), key=lambda kv: -kv[1])
            text = ", ".join(f"{k} {v:.2f}" for k, v in states if v >= 0.005)
            print(f"| {row.dep} | {RPCS[row.rpc]} | {text} |")
    return {
        "rows": [vars(r) for r in rows],
        "ratios": ratios,
        "peak_connections": result["peak_connections"],
    }


# -- part 2: notifier drain ------------------------------------------------------------------


def run_receiver(cert: str, key: str) -> None:
    """The receiver process: answers 200 to every POST, counts webhook-ids."""
    from aiohttp import web

    ids: set[str] = set()
    state = {"count": 0, "first": 0.0, "last": 0.0}

    async def hook(request: web.Request) -> web.Response:
        await request.read()
        now = time.time()
        if not state["count"]:
            state["first"] = now
        state["count"] += 1
        state["last"] = now
        ids.add(request.headers.get("webhook-id", ""))
        return web.Response(status=200)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({**state, "distinct": len(ids)})

    async def reset(request: web.Request) -> web.Response:
        ids.clear()
        state.update(count=0, first=0.0, last=0.0)
        return web.Response(status=204)

    nb.serve_receiver(cert, key, hook, stats, reset)


class Receiver(nb.Receiver):
    """bench/notifier_bench.py's receiver (same certificate, endpoints, plain client), in a
    process that also counts distinct webhook-ids."""

    def __init__(self, workdir: Path) -> None:
        import trustme

        ca = trustme.CA()
        self.ca_cert = str(workdir / "receiver-ca.pem")
        ca.cert_pem.write_to_path(self.ca_cert)
        leaf = ca.issue_cert("localhost", "127.0.0.1")
        self.cert, self.key = str(workdir / "leaf.pem"), str(workdir / "leaf.key")
        leaf.cert_chain_pems[0].write_to_path(self.cert)
        leaf.private_key_pem.write_to_path(self.key)
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--receiver", self.cert, self.key],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        self.base = f"https://localhost:{self.port}"


async def write_backlog(address: str, n: int, url: str) -> None:
    """One webhook for interaction.created, then ``n`` CreateInteraction calls."""
    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import interaction_service_pb2 as ispb
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
    from nexus.v1 import webhook_pb2 as wpb
    from nexus.v1 import webhook_service_pb2 as wspb
    from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

    md = (("x-api-key", nb.API_KEY),)
    async with grpc.aio.insecure_channel(address) as channel:
        hooks = wspb_grpc.WebhookServiceStub(channel)
        await hooks.CreateWebhook(
            wspb.CreateWebhookRequest(
                webhook=wpb.Webhook(url=url, event_types=["interaction.created"])
            ),
            metadata=md,
        )
        stub = ispb_grpc.InteractionServiceStub(channel)
        req = ispb.CreateInteractionRequest(
            interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT, subject="backlog")
        )
        for start in range(0, n, 200):
            batch = min(200, n - start)
            await asyncio.gather(*(stub.CreateInteraction(req, metadata=md) for _ in range(batch)))


def delivery_counts(db: str, schema: str, pg: Postgres | None) -> dict[int, tuple[int, int]]:
    """status -> (deliveries, attempts) in the store."""
    query = "SELECT status, count(*), sum(attempts) FROM {t} GROUP BY status"
    if pg is not None:
        rows = pg.conn.execute(query.format(t=f"{schema}.deliveries")).fetchall()
    else:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            rows = conn.execute(query.format(t="deliveries")).fetchall()
    return {int(s): (int(c), int(a)) for s, c, a in rows}


def total_cpu(children: list[Child]) -> float:
    return sum(stat_cpu(c.popen.pid) or 0.0 for c in children)


async def drain_one(
    rx: Receiver, work: Path, key: str, backend: str, notifiers: int, n: int, pg: Postgres,
    limit_s: float, sampler: WaitSampler,
) -> dict[str, Any]:  # fmt: skip
    if backend == "sqlite":
        schema, db, app = "", str(work / f"{key}.db"), ""
    else:
        schema, db, app = pg.schema(key)
    cfg = work / f"{key}.toml"
    nb.write_config(cfg, db, rx.ca_cert, in_process=False)  # type: ignore[arg-type]
    t = time.perf_counter()
    server, port = await asyncio.to_thread(
        start_server, db, "127.0.0.1:0", work / f"{key}-serve.log", SERVER_ENV, str(cfg),
        60.0, False,
    )  # fmt: skip
    try:
        await write_backlog(f"127.0.0.1:{port}", n, rx.base + "/hook")
    finally:
        await asyncio.to_thread(server.stop, 15)
    written_s = time.perf_counter() - t
    await rx.reset()
    children: list[Child] = []
    if app:
        sampler.start(app)
    busy, mine = machine_busy(), own_cpu()
    pg_start, rx_start = postgres_cpu(), nb.cpu_s(rx.proc.pid)
    started = time.time()
    for k in range(1, notifiers + 1):
        children.append(
            start_notifier(
                db, work / f"{key}-notifier-{k}.log", SERVER_ENV, str(cfg), name=f"notifier-{k}"
            )
        )
    first: tuple[int, float, dict[int, float], float] | None = None
    deadline = time.monotonic() + limit_s
    try:
        while True:
            await asyncio.sleep(0.1)
            st = await rx.stats()
            if first is None and st["count"] > 0:
                first = (st["count"], total_cpu(children), postgres_cpu(), nb.cpu_s(rx.proc.pid))
            if st["count"] >= n:
                break
            dead = [c for c in children if not c.alive()]
            if dead:
                raise BenchFailure(f"drain {key}: {dead[0].name} exited:\n{dead[0].tail()}")
            if time.monotonic() > deadline:
                raise BenchFailure(
                    f"drain {key}: {st['count']} of {n} delivered in {limit_s:.0f} s"
                )
        done = time.time()
        cpu_end, pg_end, rx_end = total_cpu(children), postgres_cpu(), nb.cpu_s(rx.proc.pid)
        busy, mine = machine_busy() - busy, own_cpu() - mine
        waits = sampler.stop() if app else {}
        await asyncio.sleep(0.5)  # a duplicate would arrive about now
        st = await rx.stats()
    finally:
        if app:
            sampler.stop()
        for c in children:
            await asyncio.to_thread(c.stop, 15)
    assert first is not None
    c0, cpu0, pg0, rx0 = first
    counts = delivery_counts(db, schema, pg if backend != "sqlite" else None)
    problems = []
    if st["count"] != n or st["distinct"] != n:
        problems.append(
            f"the receiver got {st['count']} requests with {st['distinct']} distinct webhook-ids "
            f"for {n} events"
        )
    if counts != {2: (n, n)}:  # DELIVERY_STATUS_SUCCEEDED, one attempt each
        problems.append(f"deliveries in the store by status (count, attempts): {counts}")
    if problems:
        raise BenchFailure(f"drain {key}: " + "; ".join(problems))
    counted = n - c0
    return {
        "backend": backend,
        "notifiers": notifiers,
        "events": n,
        "write_s": written_s,
        "start_to_done_s": done - started,
        "rate": (st["count"] - 1) / (st["last"] - st["first"]),
        "cpu_us": (cpu_end - cpu0) / counted * 1e6,
        "pg_us": pg_spent(pg0, pg_end) / counted * 1e6,
        "receiver_us": (rx_end - rx0) / counted * 1e6,
        "counted": counted,
        "waits": waits,
        # everything else on the machine, start of the notifiers to the last delivery
        "others_cores": max(
            0.0,
            busy
            - mine
            - cpu_end
            - (rx_end - rx_start)
            - pg_spent(pg_start, pg_end)
            - pg_spent(pg_start, pg_end, bench=True),
        )
        / (done - started),
    }


DRAINS = (
    ("sqlite-drain", "SQLite, 1 notifier", "sqlite", 1),
    ("pg-drain-1", "PostgreSQL, 1 notifier", "pg", 1),
    ("pg-drain-2", "PostgreSQL, 2 notifiers", "pg", 2),
)


async def run_drain(args: argparse.Namespace, work: Path, pg: Postgres) -> list[dict[str, Any]]:
    rx = Receiver(work)
    sampler = WaitSampler(pg.server)
    rows = []
    try:
        await nb.plain_client(rx, min(args.events, 1000), 64)  # warms both processes up
        for key, label, backend, notifiers in DRAINS:
            plain, plain_us, plain_rx_us = await nb.plain_client(rx, args.events, 64)
            log(f"  plain client: {plain:,.0f} deliveries/s")
            row = await drain_one(
                rx, work, key, backend, notifiers, args.events, pg, args.drain_timeout, sampler
            )
            row.update(label=label, plain=plain, plain_us=plain_us, plain_rx_us=plain_rx_us)
            log(f"  {label}: {row['rate']:,.0f} deliveries/s")
            rows.append(row)
    finally:
        sampler.close()
        rx.stop()
    return rows


def print_drain(rows: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    print(
        f"\n## 2. Notifier drain: {args.events:,} interaction.created events, 1 webhook, local "
        "HTTPS receiver; the plain aiohttp client (64 in flight) measured just before each\n"
    )
    print(
        "| drained by | deliveries/s | plain client /s | ratio | notifier(s) CPU µs/delivery "
        "| plain client µs | CPU ratio plain/notifier | PostgreSQL µs | receiver µs (plain) "
        "| start → all delivered s | backlog written s | others' cores |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['label']} | {r['rate']:,.0f} | {r['plain']:,.0f} | **{r['rate'] / r['plain']:.2f}** "
            f"| {r['cpu_us']:,.0f} | {r['plain_us']:,.0f} | {r['plain_us'] / r['cpu_us']:.2f} "
            f"| {r['pg_us']:,.0f} | {r['receiver_us']:,.0f} ({r['plain_rx_us']:,.0f}) "
            f"| {r['start_to_done_s']:.1f} | {r['write_s']:.1f} | {r['others_cores']:.2f} |"
        )
    print(
        "\nRate and CPU from the first delivery to the last (the notifier's start-up, its first "
        "fan-out and the deliveries before the first sample apart); every event arrived once "
        "(distinct webhook-ids at the receiver = events = requests) and the store holds every "
        "delivery succeeded after one attempt. PostgreSQL µs: every postgres process. "
        "Others' cores: the rest of the machine, notifiers' start to the last delivery."
    )
    for r in rows:
        if r["waits"]:
            states = sorted(r["waits"].items(), key=lambda kv: -kv[1])
            text = ", ".join(f"{k} {v:.2f}" for k, v in states if v >= 0.005)
            print(f"- {r['label']}, PostgreSQL backends by state (mean): {text}")
    return rows


# -- part 3: driver choice --------------------------------------------------------------------


POOL = 10  # nexus's default db_pool_size: connections and worker threads


class Driver:
    name = ""

    async def open(self, url: str, base: str, schema: str) -> None: ...

    async def select(self, key: int) -> None: ...

    async def insert(self, text: str) -> None: ...

    async def close(self) -> None: ...


class NexusWork(Driver):
    name = "(a) psycopg 3 via nexus's PostgresWork.run (worker thread, its own connection)"

    async def open(self, url: str, base: str, schema: str) -> None:
        from nexus.store.postgres import PostgresStore
        from nexus.store.work import PostgresWork

        self.store = await asyncio.to_thread(PostgresStore, url, pool_size=POOL)
        self.work = PostgresWork(self.store)

    async def select(self, key: int) -> None:
        def fn() -> None:
            row = self.store.conn.execute("SELECT id, v FROM kv WHERE id = ?", (key,)).fetchone()
            if row is None or row[0] != key:
                raise BenchFailure(f"SELECT of {key} gave {row}")

        await self.work.run(fn)

    async def insert(self, text: str) -> None:
        def fn() -> None:
            row = self.store.conn.execute(
                "INSERT INTO kv (v) VALUES (?) RETURNING id", (text,)
            ).fetchone()
            if row is None or not isinstance(row[0], int):
                raise BenchFailure(f"INSERT gave {row}")

        await self.work.run(fn)

    async def close(self) -> None:
        await self.work.close()
        await asyncio.to_thread(self.store.close)


class ThreadConnections(Driver):
    name = "(a') psycopg 3 via run_in_executor, a connection kept by each thread"

    async def open(self, url: str, base: str, schema: str) -> None:
        self.url = url
        self.local = threading.local()
        self.opened: list[psycopg.Connection[Any]] = []
        self.threads = ThreadPoolExecutor(POOL, thread_name_prefix="bench-db")

    def _conn(self) -> psycopg.Connection[Any]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = psycopg.connect(self.url, autocommit=True)
            self.opened.append(conn)
        return conn

    def _select(self, key: int) -> None:
        row = self._conn().execute("SELECT id, v FROM kv WHERE id = %s", (key,)).fetchone()
        if row is None or row[0] != key:
            raise BenchFailure(f"SELECT of {key} gave {row}")

    def _insert(self, text: str) -> None:
        row = (
            self._conn().execute("INSERT INTO kv (v) VALUES (%s) RETURNING id", (text,)).fetchone()
        )
        if row is None or not isinstance(row[0], int):
            raise BenchFailure(f"INSERT gave {row}")

    async def select(self, key: int) -> None:
        await asyncio.get_running_loop().run_in_executor(self.threads, self._select, key)

    async def insert(self, text: str) -> None:
        await asyncio.get_running_loop().run_in_executor(self.threads, self._insert, text)

    async def close(self) -> None:
        self.threads.shutdown(wait=True)
        for conn in self.opened:
            conn.close()


class Asyncpg(Driver):
    name = "(b) asyncpg, pool of 10, on the event loop"

    async def open(self, url: str, base: str, schema: str) -> None:
        import asyncpg

        self.pool = await asyncpg.create_pool(
            base, min_size=POOL, max_size=POOL, server_settings={"search_path": schema}
        )

    async def select(self, key: int) -> None:
        async with self.pool.acquire() as conn:
            row = await conn.fetchrow("SELECT id, v FROM kv WHERE id = $1", key)
        if row is None or row[0] != key:
            raise BenchFailure(f"SELECT of {key} gave {row}")

    async def insert(self, text: str) -> None:
        async with self.pool.acquire() as conn:
            row = await conn.fetchrow("INSERT INTO kv (v) VALUES ($1) RETURNING id", text)
        if row is None or not isinstance(row[0], int):
            raise BenchFailure(f"INSERT gave {row}")

    async def close(self) -> None:
        await self.pool.close()


SEEDED = 10_000


@dataclass
class DriverCell:
    driver: Driver
    op: str
    concurrency: int
    calls: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    pg_cpu: float = 0.0
    others: float = 0.0
    rates: list[float] = field(default_factory=list)


async def drive(cell: DriverCell, seconds: float, counted: bool) -> None:
    loop = asyncio.get_running_loop()
    driver = cell.driver

    def select() -> Awaitable[None]:
        return driver.select(random.randint(1, SEEDED))

    def insert() -> Awaitable[None]:
        return driver.insert("scale-out bench row")

    call: Callable[[], Awaitable[None]] = select if cell.op == "select" else insert
    done = 0
    stop_at = loop.time() + seconds

    async def worker() -> None:
        nonlocal done
        while loop.time() < stop_at:
            await call()
            done += 1

    pg0 = postgres_cpu()
    busy = machine_busy()
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(cell.concurrency)))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    busy = machine_busy() - busy
    pg1 = postgres_cpu()
    if counted:
        cell.calls += done
        cell.seconds += elapsed
        cell.cpu += cpu
        cell.pg_cpu += pg_spent(pg0, pg1)
        cell.others += max(0.0, busy - cpu - pg_spent(pg0, pg1))
        cell.rates.append(done / elapsed)


async def run_driver(args: argparse.Namespace, pg: Postgres) -> list[dict[str, Any]]:
    schema, url, _ = pg.schema("driver")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kv (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)")
        conn.execute(
            "INSERT INTO kv (v) SELECT 'row ' || g FROM generate_series(1, %s) g", (SEEDED,)
        )
        conn.execute("ANALYZE kv")
    drivers: list[Driver] = [NexusWork(), ThreadConnections(), Asyncpg()]
    for d in drivers:
        await d.open(url, pg.server, schema)
    cells = [DriverCell(d, op, c) for c in (1, 16) for op in ("select", "insert") for d in drivers]
    try:
        for r in range(args.rounds):
            shift = (r * 5) % len(cells)
            for cell in cells[shift:] + cells[:shift]:
                if r == 0:
                    await drive(cell, min(0.5, args.driver_seconds), counted=False)
                await drive(cell, args.driver_seconds, counted=True)
    finally:
        for d in drivers:
            await d.close()
    rows = []
    for cell in cells:
        rate = statistics.median(cell.rates)
        rows.append(
            {
                "driver": cell.driver.name,
                "op": cell.op,
                "concurrency": cell.concurrency,
                "rate": rate,
                "latency_us": cell.concurrency / rate * 1e6,
                "cpu_us": cell.cpu / cell.calls * 1e6,
                "pg_us": cell.pg_cpu / cell.calls * 1e6,
                "others_cores": cell.others / cell.seconds,
                "calls": cell.calls,
                "rates": cell.rates,
            }
        )
    return rows


def print_driver(rows: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    print(
        f"\n## 3. Driver: PostgreSQL round trips from one uvloop process, {args.rounds} round(s) "
        f"of {args.driver_seconds:g} s per cell, medians; {POOL} connections\n"
    )
    print(
        "| operation | concurrency | driver | calls/s | µs per call (latency) "
        "| Python CPU µs/call | PostgreSQL CPU µs/call | vs asyncpg calls/s | others' cores |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    best = {(r["op"], r["concurrency"]): r["rate"] for r in rows if r["driver"] == Asyncpg.name}
    names = {
        "select": "SELECT by primary key",
        "insert": "INSERT ... RETURNING (autocommit)",
    }
    for op in ("select", "insert"):
        for c in (1, 16):
            for r in rows:
                if r["op"] == op and r["concurrency"] == c:
                    print(
                        f"| {names[op]} | {c} | {r['driver']} | {r['rate']:,.0f} "
                        f"| {r['latency_us']:,.0f} | {r['cpu_us']:,.0f} | {r['pg_us']:,.0f} "
                        f"| {r['rate'] / best[(op, c)]:.2f} | {r['others_cores']:.2f} |"
                    )
    print(
        "\nPython CPU = the benchmark process's CPU time (all threads) per call; PostgreSQL = "
        "every postgres process."
    )
    return rows


# -- part 4: the seam on the embedded default ------------------------------------------------


def git(*argv: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *argv], check=True, capture_output=True, text=True
    ).stdout.strip()


@contextlib.contextmanager
def worktree(path: Path, rev: str) -> Iterator[Path]:
    """``git worktree add PATH REV``, removed (``--force``) at the end."""
    listed = git("worktree", "list", "--porcelain")
    if f"worktree {path}\n" in listed + "\n":
        git("worktree", "remove", "--force", str(path))
    elif path.exists():
        raise SystemExit(f"{path} exists and is not a worktree of {REPO}: remove it first")
    git("worktree", "add", "--detach", str(path), rev)
    try:
        yield path
    finally:
        try:
            git("worktree", "remove", "--force", str(path))
        except subprocess.CalledProcessError as exc:
            log(f"could not remove the worktree {path}: {exc.stderr}")


def tree_env(tree: Path | None) -> dict[str, str]:
    env = {"NEXUS_BOOTSTRAP_API_KEY": KEY, **SERVER_ENV}
    if tree is None:
        return env
    env["PYTHONPATH"] = str(tree / "server")
    found = subprocess.run(
        [sys.executable, "-c", "import nexus; print(nexus.__file__)"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not found.startswith(str(tree)):
        raise SystemExit(f"PYTHONPATH={tree / 'server'} still imports nexus from {found}")
    return env


def run_seam(args: argparse.Namespace, work: Path, binary: str) -> dict[str, Any]:
    with contextlib.ExitStack() as trees:
        before_tree = trees.enter_context(worktree(Path(args.before_path), args.before))
        after_tree = (
            trees.enter_context(worktree(Path("/tmp/nexus-after"), args.after))
            if args.after
            else None
        )
        sides = [("before", before_tree), ("after", after_tree)]
        children: list[Child] = []
        try:
            scenarios: dict[tuple[str, str], Scenario] = {}
            for side, tree in sides:
                state = work / f"seam-{side}"
                state.mkdir()
                db = str(state / "bench.db")
                log(f"starting nexus serve ({side}: {tree or REPO}) ...")
                child, port = start_server(db, "127.0.0.1:0", state / "nexus.log", tree_env(tree))
                children.append(child)
                calls, answers = seed(port)
                server = Server("nexus", child.popen.pid, port, db=db)
                for rpc in ORDER:
                    s = Scenario(rpc, "direct", server, Target("", ()))
                    s.target = target(s, calls, state)
                    size = precheck(s, calls, answers, ca="")
                    if rpc == "get":
                        s.response_size = size
                    scenarios[(side, rpc)] = s
            opts = Options(
                binary, args.clients, args.streams, args.seam_seconds, args.warmup, None, work
            )
            paired: dict[str, list[tuple[float, float]]] = defaultdict(list)  # rpc -> ratios
            others: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # CPU s, wall s
            for r in range(args.seam_rounds):
                for rpc in ORDER[r % 3 :] + ORDER[: r % 3]:
                    got = {}
                    order = ("before", "after") if r % 2 == 0 else ("after", "before")
                    for side in order:
                        s = scenarios[(side, rpc)]
                        cpu = s.server_cpu
                        busy, mine = machine_busy(), own_cpu()
                        servers = sum(cpu_seconds(c.popen.pid) for c in children)
                        started = time.perf_counter()
                        measure_direct(s, opts, first=(r == 0), number=0)
                        servers = sum(cpu_seconds(c.popen.pid) for c in children) - servers
                        busy, mine = machine_busy() - busy, own_cpu() - mine
                        others[rpc][0] += max(0.0, busy - mine - servers)
                        others[rpc][1] += time.perf_counter() - started
                        got[side] = (s.runs[-1].rate, (s.server_cpu - cpu) / s.runs[-1].succeeded)
                        log(f"  seam {side} {RPCS[rpc]}: {s.runs[-1].rate:,.0f} calls/s")
                    paired[rpc].append(
                        (got["after"][0] / got["before"][0], got["after"][1] / got["before"][1])
                    )
        finally:
            for child in children:
                child.stop(15)
    rows = []
    for rpc in ORDER:
        b, a = summarise(scenarios[("before", rpc)]), summarise(scenarios[("after", rpc)])
        rows.append(
            {
                "rpc": rpc,
                "before_rate": b.rate,
                "after_rate": a.rate,
                "rate_ratio": statistics.median(x for x, _ in paired[rpc]),
                "before_cpu_us": b.server_us,
                "after_cpu_us": a.server_us,
                "cpu_ratio": statistics.median(y for _, y in paired[rpc]),
                "before_p50": b.p50,
                "after_p50": a.p50,
                "before_cores": b.server_cores,
                "after_cores": a.server_cores,
                "h2load_cores": max(a.load_cores, b.load_cores),
                "others_cores": others[rpc][0] / others[rpc][1],
                "paired": paired[rpc],
            }
        )
    return {"rows": rows, "before": args.before, "after": args.after or "working tree"}


def print_seam(result: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    after = result["after"]
    if after == "working tree":
        dirty = [line for line in git("status", "--porcelain", "--", "server").splitlines() if line]
        after = f"this working tree (HEAD {git('rev-parse', '--short', 'HEAD')}" + (
            f" + {len(dirty)} uncommitted files under server/)" if dirty else ")"
        )
    print(
        f"\n## 4. The store seam on SQLite: {result['before']} against {after}; nexus serve, "
        f"h2load over h2c straight to the server ({args.clients} x {args.streams}), "
        f"{args.seam_rounds} alternating rounds of {args.seam_seconds:g} s\n"
    )
    print(
        "| RPC | before calls/s | after calls/s | after/before | before CPU µs/call "
        "| after CPU µs/call | CPU after/before | target (within 5 %) | server cores b/a "
        "| h2load cores | others' cores |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    misses = []
    for r in result["rows"]:
        ok = r["rate_ratio"] >= 1 - SEAM_TARGET and r["cpu_ratio"] <= 1 + SEAM_TARGET
        if not ok:
            misses.append(RPCS[r["rpc"]])
        print(
            f"| {RPCS[r['rpc']]} | {r['before_rate']:,.0f} | {r['after_rate']:,.0f} "
            f"| **{r['rate_ratio']:.2f}** | {r['before_cpu_us']:,.0f} | {r['after_cpu_us']:,.0f} "
            f"| **{r['cpu_ratio']:.2f}** | {'met' if ok else 'MISS'} "
            f"| {r['before_cores']:.2f} / {r['after_cores']:.2f} | {r['h2load_cores']:.2f} "
            f"| {r['others_cores']:.2f} |"
        )
    print(
        "\nRatios are medians of the rounds' paired ratios (each round runs both sides back to "
        "back, in alternating order); met = calls/s at least 0.95 and CPU per call at most 1.05 "
        "of before's. " + ("All met." if not misses else "MISSED: " + ", ".join(misses))
    )
    return result


# -- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs: a smoke test")
    parser.add_argument(
        "--parts", default=",".join(PARTS), help="comma-separated: " + ",".join(PARTS)
    )
    parser.add_argument("--seconds", type=float, help="length of each counted RPC run")
    parser.add_argument("--warmup", type=float, help="unmeasured run before the first round")
    parser.add_argument("--rounds", type=int, help="rounds of the RPC and driver parts")
    parser.add_argument("--clients", type=int, default=4, help="h2load connections")
    parser.add_argument("--streams", type=int, default=16, help="concurrent streams each")
    parser.add_argument("--envoy-concurrency", type=int, default=1, help="Envoy worker threads")
    parser.add_argument("--events", type=int, help="backlog of the drain (5,000; quick 1,000)")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--driver-seconds", type=float, help="length of each driver cell")
    parser.add_argument("--seam-rounds", type=int, help="alternating rounds of the seam part")
    parser.add_argument("--seam-seconds", type=float, help="length of each seam run")
    parser.add_argument("--before", default="9f92c59", help="commit before the store refactor")
    parser.add_argument("--before-path", default="/tmp/nexus-before", help="its worktree")
    parser.add_argument("--after", help="a commit to compare instead of this working tree")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    quick = args.quick
    args.seconds = args.seconds or (1.5 if quick else 3.0)
    args.warmup = args.warmup or (0.5 if quick else 1.0)
    args.rounds = args.rounds or (1 if quick else 3)
    args.events = args.events or (1000 if quick else 5000)
    args.driver_seconds = args.driver_seconds or (0.5 if quick else 2.0)
    args.seam_rounds = args.seam_rounds or (2 if quick else 6)
    args.seam_seconds = args.seam_seconds or (1.5 if quick else 3.0)
    parts = args.parts.split(",")
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    binary = ensure_h2load()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    results: dict[str, Any] = {}
    printed: dict[str, Any] = {}
    began = time.monotonic()
    pg: Postgres | None = None
    pg_version = "not used"
    if set(parts) - {"seam"}:
        try:
            pg = Postgres(PG_SERVER)
        except psycopg.OperationalError as exc:
            raise SystemExit(
                f"cannot connect to PostgreSQL at {PG_SERVER} (set NEXUS_BENCH_PG): {exc}"
            ) from exc
        row = pg.conn.execute("SHOW server_version").fetchone()
        pg_version = row[0] if row else "?"
    try:
        with tempfile.TemporaryDirectory(prefix="nexus-scaleout-") as tmp:
            work = Path(tmp)
            if "rpc" in parts:
                assert pg is not None
                log("part 1: RPCs through Envoy")
                results["rpc"] = run_rpc(args, work, pg, binary)
            if "seam" in parts:
                log("part 4: the store seam on SQLite")
                results["seam"] = run_seam(args, work, binary)
            if "drain" in parts:
                assert pg is not None
                log("part 2: notifier drain")
                results["drain"] = uvloop.run(run_drain(args, work, pg))
            if "driver" in parts:
                assert pg is not None
                log("part 3: drivers")
                results["driver"] = uvloop.run(run_driver(args, pg))
    except BenchFailure as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if pg is not None:
            pg.close()
    load = os.getloadavg()
    print(
        f"# nexus scale-out benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
        f"{'--quick; ' if quick else ''}{os.cpu_count()} cores, unpinned; load average "
        f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}; {version}; PostgreSQL "
        f"{pg_version} ({PG_SERVER}); Python "
        f"{sys.version.split()[0]}; Envoy --concurrency {args.envoy_concurrency}; "
        f"took {time.monotonic() - began:.0f} s"
    )
    if "rpc" in results:
        printed["rpc"] = print_rpc(results["rpc"], args)
    if "drain" in results:
        printed["drain"] = print_drain(results["drain"], args)
    if "driver" in results:
        printed["driver"] = print_driver(results["driver"], args)
    if "seam" in results:
        printed["seam"] = print_seam(results["seam"], args)
    if args.json:
        args.json.write_text(json.dumps(printed, indent=2, default=str))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--receiver":
        with contextlib.suppress(KeyboardInterrupt):
            run_receiver(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
