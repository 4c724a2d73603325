"""Lifecycle timers under load: firing lag at 100 due timers a second, next to the same
load with the timer worker off.

    .venv/bin/python bench/timers_bench.py            # about 5 minutes
    .venv/bin/python bench/timers_bench.py --quick    # about 40 seconds

Each run starts its own ``nexus serve`` (a new SQLite file, the bootstrap API key, log level
WARNING, the in-process notifier on as by default: with no webhook it takes no write lock)
and sets the tenant's chat ``offer_timeout`` (UpdateTimerPolicy, 5 s by default). The
load generator arms timers at a steady ``--rate`` a second for ``--seconds``: each is
CreateInteraction (chat) + QueueInteraction + OfferInteraction, so the offer times out
``offer_timeout`` later and ``--rate`` timers fall due each second while the arming load
(3 RPCs per timer) goes on. It is open-loop (a timer starts on its schedule, whatever the
calls before it are doing), in ``--procs`` processes on grpc.aio and uvloop; each reports
how late it started each timer against the schedule, and its CPU, so that one can tell
whether it kept the rate.

After the last due time, every ``interaction.state_changed`` event of the run is read
with ``ListEvents``; those with ``state_change.timer == TIMER_OFFER_TIMEOUT`` give the
firing lag, the event's ``create_time`` minus ``state_change.timer_due_time``. The worker
stamps ``create_time`` when its round begins, before the round's COMMIT, and every event
of one round carries the same time, which also gives the timers fired per round (per
transaction). A ``WatchEvents`` stream open for the whole run gives the *delivered* lag:
when the event reached a watcher minus the due time, which adds the group commit and the
stream's wake-up, i.e. when anyone could see the change. Checked: every armed timer fired
exactly once (no interaction has two such events, none is missing, none extra), from
OFFERED to QUEUED by ``system/timer`` with reason ``offer_timeout``, at the due time
OfferInteraction showed as ``next_timer`` (= its ``state_time`` + ``offer_timeout``);
the watcher saw each once; every RPC succeeded. Any mismatch: exit code 1.

The baseline is the same load with the timer worker off (``NEXUS_TIMERS_ENABLED=false``:
the timers are still armed, in the same columns of the same rows, but nothing fires
them); the ratios are the arming RPCs' latency (all of them, and those of the timers
armed while earlier ones were firing, from ``offer_timeout`` after the start) and rate,
and the server's CPU per timer, with the worker on over with it off: what firing costs
the RPCs that share the database with it. ``--headroom RATE`` (300 by default, 0 for
none) repeats the pair at a higher rate.

Also printed, to tell what limited a run: the server's CPU and its event loop thread's
(in cores), its idle CPU (measured for 2 s before the load, with the watcher connected;
taken off its CPU per timer), the load generator's CPU, how late it started timers
against the schedule and how many were in flight at most, the watcher's CPU, other jobs'
CPU (/proc/stat less ours) and the machine's I/O stall time (/proc/pressure/io: on this
VM an fsync stalled by other jobs' I/O holds up every write for seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from channels_bench import machine_cpu
from gateway_bench import KEY, BenchFailure
from google.protobuf import duration_pb2, field_mask_pb2
from loadgen import cpu_seconds, percentile

from nexus.domain.lifecycle import TIMER_ACTOR
from nexus.gateway.process import Child, start_server
from nexus.gateway.process import _die_with_parent as die_with_parent
from nexus.loop import run as run_loop
from nexus.v1 import event_pb2 as epb
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as es_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as is_grpc

MD = (("x-api-key", KEY),)
STATE_CHANGED = "interaction.state_changed"
TARGET_P99_MS = 1000.0
MARGIN_S = 1.5  # after the last due time, before the firing window closes
FIRE_WAIT_S = 30.0  # longest wait for the last timers once past that
IDLE_S = 2.0  # the server's idle CPU is measured this long before the load
PER_PROCESS = 150.0  # timers/s per load generator process, unless --procs


def versions() -> str:
    """What runs (without asking git: the tree may be anyone's work in progress)."""
    import uvloop

    import nexus

    return (
        f"nexus from {Path(nexus.__file__).resolve().parent}; Python {sys.version.split()[0]}, "
        f"grpcio {grpc.__version__}, uvloop {uvloop.__version__}"
    )


def loop_cpu(pid: int) -> float:
    """CPU time of the process's main thread, which runs its event loop (and with it every
    use case: the COMMIT runs on a thread of its own, grpc polls on another)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def io_stall() -> float:
    """Seconds in which some task of the machine waited for I/O (pressure stall
    information; 0 where the kernel has none): a stalled fsync holds up every write."""
    try:
        some = Path("/proc/pressure/io").read_text().splitlines()[0]
    except (OSError, IndexError):
        return 0.0
    return int(some.rsplit("total=", 1)[1]) / 1e6


def usage_seconds(who: int) -> float:
    u = resource.getrusage(who)
    return u.ru_utime + u.ru_stime


# -- the load generator (one process of --procs) -------------------------------------------


async def arm(spec: dict[str, Any]) -> None:
    """Arms this process's share of the timers on schedule; writes what happened to
    ``spec["out"]``. Prints ``ready`` once connected and waits for the start time (wall
    clock) on stdin, so that every process starts together."""
    rate, procs, index = spec["rate"], spec["procs"], spec["index"]
    total = round(rate * spec["seconds"])
    records: list[list[Any]] = []
    errors: list[str] = []
    in_flight = peak = 0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{spec['port']}") as ch:
        stub = is_grpc.InteractionServiceStub(ch)
        await stub.GetTimerPolicy(
            ispb.GetTimerPolicyRequest(name="timerPolicies/chat"), metadata=MD
        )
        print("ready", flush=True)
        start_at = float(await asyncio.to_thread(sys.stdin.readline))
        loop = asyncio.get_running_loop()
        start = loop.time() + (start_at - time.time())
        cpu0, wall0 = usage_seconds(resource.RUSAGE_SELF), time.time()
        gate = asyncio.Semaphore(spec["inflight"])

        async def one(k: int, due: float) -> None:
            nonlocal in_flight, peak
            slip = loop.time() - due
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                t0 = time.perf_counter()
                made = await stub.CreateInteraction(
                    ispb.CreateInteractionRequest(
                        interaction=ipb.Interaction(
                            media_type=ipb.MEDIA_TYPE_CHAT, subject=f"timer bench {k}"
                        )
                    ),
                    metadata=MD,
                    timeout=60,
                )
                t1 = time.perf_counter()
                await stub.QueueInteraction(
                    ispb.QueueInteractionRequest(name=made.name, queue="bench"),
                    metadata=MD,
                    timeout=60,
                )
                t2 = time.perf_counter()
                offered = await stub.OfferInteraction(
                    ispb.OfferInteractionRequest(name=made.name, agent="agent-bench"),
                    metadata=MD,
                    timeout=60,
                )
                t3 = time.perf_counter()
                records.append(
                    [
                        made.name,
                        slip * 1e3,
                        (t1 - t0) * 1e3,
                        (t2 - t1) * 1e3,
                        (t3 - t2) * 1e3,
                        offered.state,
                        offered.next_timer.timer,
                        offered.next_timer.due_time.ToMicroseconds(),
                        offered.state_time.ToMicroseconds(),
                        time.time(),
                    ]
                )
            except grpc.aio.AioRpcError as exc:
                errors.append(f"timer {k}: {exc.code().name}: {exc.details()}")
            finally:
                in_flight -= 1
                gate.release()

        tasks = set()
        for k in range(index, total, procs):
            due = start + k / rate
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            await gate.acquire()  # at most --inflight timers being armed at once
            task = loop.create_task(one(k, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        while tasks:
            await asyncio.gather(*tasks)
        cpu = usage_seconds(resource.RUSAGE_SELF) - cpu0
        wall = time.time() - wall0
    out = {"records": records, "errors": errors, "cpu_s": cpu, "wall_s": wall, "peak": peak}
    await asyncio.to_thread(Path(spec["out"]).write_text, json.dumps(out))


# -- one run: a server, the load, the events -----------------------------------------------


@dataclass
class Result:
    label: str
    rate: float
    timers_on: bool
    seconds: float
    armed: int = 0
    records: list[list[Any]] = field(default_factory=list, repr=False)
    errors: list[str] = field(default_factory=list, repr=False)
    arming_s: float = 0.0  # from the start to the last OfferInteraction's answer
    fired: list[ipb.Interaction] = field(default_factory=list, repr=False)
    lags_us: list[int] = field(default_factory=list, repr=False)  # create_time - due
    lags_loaded_us: list[int] = field(default_factory=list, repr=False)  # due while arming
    rounds: list[int] = field(default_factory=list, repr=False)  # timers fired per round
    arming_end: float = 0.0
    delivered_us: list[int] = field(default_factory=list, repr=False)  # watcher - due
    due_per_s: list[int] = field(default_factory=list, repr=False)
    server_cpu_arming: float = 0.0
    server_cpu_all: float = 0.0
    window_s: float = 0.0  # start to the close of the firing window
    load_cpu: float = 0.0
    load_wall: float = 0.0
    watcher_cpu: float = 0.0
    others_cores: float = 0.0
    idle_cores: float = 0.0
    loop_cpu_arming: float = 0.0  # the server's main thread: its event loop
    io_stall_s: float = 0.0
    start_at: float = 0.0
    peak_in_flight: int = 0
    problems: list[str] = field(default_factory=list)

    def latencies(self, column: int | None = None) -> list[float]:
        cols = (2, 3, 4) if column is None else (column,)
        return [r[c] for r in self.records for c in cols]

    def latencies_while_firing(self, offer_timeout_s: int) -> list[float]:
        """The RPCs of the timers armed while earlier ones fell due: from ``offer_timeout``
        after the start to the end of the arming (the same span in a baseline run)."""
        since = self.start_at + offer_timeout_s
        return [x for rec in self.records if rec[9] >= since for x in rec[2:5]]

    @property
    def per_timer_us(self) -> float:
        """The server's CPU per timer over the whole window (arming and firing), less what
        it spends idle (measured before the load)."""
        return (self.server_cpu_all - self.idle_cores * self.window_s) / self.armed * 1e6

    @property
    def achieved(self) -> float:
        return len(self.records) / self.arming_s if self.arming_s else 0.0


def pct(values: list[float] | list[int], q: float) -> float:
    return percentile(values, q) if values else float("nan")


def set_policy(port: int, offer_timeout_s: int) -> None:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
        got = is_grpc.InteractionServiceStub(ch).UpdateTimerPolicy(
            ispb.UpdateTimerPolicyRequest(
                timer_policy=ipb.TimerPolicy(
                    name="timerPolicies/chat",
                    offer_timeout=duration_pb2.Duration(seconds=offer_timeout_s),
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["offer_timeout"]),
            ),
            metadata=MD,
            timeout=10,
        )
    if got.offer_timeout.seconds != offer_timeout_s:
        raise BenchFailure(f"UpdateTimerPolicy answered offer_timeout {got.offer_timeout}")


@dataclass
class Watcher:
    """A WatchEvents stream open for the whole run: for each timer's event, when it
    reached us (µs since the epoch)."""

    port: int
    seen: dict[str, list[int]] = field(default_factory=dict)
    count: int = 0
    want: int = 0  # set once the armed timers are known: ``complete`` when all came
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    complete: asyncio.Event = field(default_factory=asyncio.Event)

    def expect(self, n: int) -> None:
        self.want = n
        if self.count >= n:
            self.complete.set()

    async def run(self) -> None:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{self.port}") as ch:
            stream = es_grpc.EventServiceStub(ch).WatchEvents(
                espb.WatchEventsRequest(
                    event_types=[STATE_CHANGED],
                    heartbeat_interval=duration_pb2.Duration(seconds=1),
                ),
                metadata=MD,
            )
            async for item in stream:
                now = time.time_ns() // 1000
                if item.HasField("heartbeat"):
                    self.ready.set()
                elif item.event.state_change.timer:
                    self.seen.setdefault(item.event.interaction, []).append(now)
                    self.count += 1
                    if self.want and self.count >= self.want:
                        self.complete.set()


def list_timer_events(port: int) -> list[epb.Event]:
    """Every ``interaction.state_changed`` event a timer made, in log order."""
    out = []
    token = ""
    with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
        stub = es_grpc.EventServiceStub(ch)
        while True:
            page = stub.ListEvents(
                espb.ListEventsRequest(
                    event_types=[STATE_CHANGED], page_size=1000, page_token=token
                ),
                metadata=MD,
                timeout=60,
            )
            out += [e for e in page.events if e.state_change.timer]
            if not (token := page.next_page_token):
                return out


async def drive(
    r: Result, child: Child, port: int, args: argparse.Namespace, procs: int, work: Path
) -> None:
    # The load processes first: forking while this process's gRPC threads are busy (the
    # watcher's stream) makes grpc skip its fork handlers, and say so.
    loaders = []
    for index in range(procs):
        spec = {
            "port": port,
            "rate": r.rate,
            "seconds": r.seconds,
            "procs": procs,
            "index": index,
            "inflight": args.inflight,
            "out": str(work / f"load-{index}.json"),
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--worker",
            json.dumps(spec),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=die_with_parent,
        )
        loaders.append((proc, spec))
    for proc, _ in loaders:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        if line.strip() != b"ready":
            raise BenchFailure(f"a load process did not start: {line!r}")
    w = Watcher(port)
    watcher = asyncio.create_task(w.run())
    await asyncio.wait_for(w.ready.wait(), 10)
    pid = child.popen.pid
    idle0, t0 = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(IDLE_S)  # what the server spends doing nothing, watched
    r.idle_cores = (cpu_seconds(pid) - idle0) / (time.monotonic() - t0)
    me = usage_seconds(resource.RUSAGE_SELF)
    start_at = r.start_at = time.time() + 0.2
    machine0, server0, loop0, io0 = machine_cpu(), cpu_seconds(pid), loop_cpu(pid), io_stall()
    for proc, _ in loaders:
        assert proc.stdin is not None
        proc.stdin.write(f"{start_at!r}\n".encode())
        await proc.stdin.drain()
    for proc, _ in loaders:
        if await proc.wait() != 0:
            raise BenchFailure(f"a load process exited with {proc.returncode}")
    server_arming = cpu_seconds(pid) - server0
    r.loop_cpu_arming = loop_cpu(pid) - loop0
    for _, spec in loaders:
        got = json.loads(await asyncio.to_thread(Path(spec["out"]).read_text))
        r.records += got["records"]
        r.errors += got["errors"]
        r.load_cpu += got["cpu_s"]
        r.load_wall = max(r.load_wall, got["wall_s"])
        r.peak_in_flight += got["peak"]
    r.armed = len(r.records)
    if not r.records:
        raise BenchFailure(f"{r.label}: no timer armed: {r.errors[:3]}")
    arming_end = r.arming_end = max(rec[9] for rec in r.records)
    r.arming_s = arming_end - start_at
    r.server_cpu_arming = server_arming
    last_due = max(rec[7] for rec in r.records) / 1e6
    # The firing window closes a margin after the last due time (the baseline's too, so
    # that the CPU is compared over the same span), or when the watcher has them all.
    await asyncio.sleep(max(0.0, last_due + MARGIN_S - time.time()))
    if r.timers_on:
        w.expect(r.armed)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(w.complete.wait(), FIRE_WAIT_S)
    r.server_cpu_all = cpu_seconds(pid) - server0
    r.io_stall_s = io_stall() - io0
    r.window_s = time.time() - start_at
    r.watcher_cpu = usage_seconds(resource.RUSAGE_SELF) - me
    r.others_cores = (
        max(0.0, machine_cpu() - machine0 - r.server_cpu_all - r.load_cpu - r.watcher_cpu)
        / r.window_s
    )
    watcher.cancel()
    with contextlib.suppress(asyncio.CancelledError, grpc.aio.AioRpcError):
        await watcher
    events = await asyncio.to_thread(list_timer_events, port)
    check(r, events, w.seen, args.offer_timeout, arming_end)


def check(
    r: Result,
    events: list[epb.Event],
    seen: dict[str, list[int]],
    offer_timeout_s: int,
    arming_end: float,
) -> None:
    """Every armed timer fired exactly once, as armed; the lags."""
    wrong = r.problems
    if r.errors:
        wrong.append(f"{len(r.errors)} RPCs failed, e.g. {r.errors[:3]}")
    due_of: dict[str, int] = {}
    for name, _, _, _, _, state, timer, due, since, _ in r.records:
        due_of[name] = due
        if state != ipb.STATE_OFFERED or timer != ipb.TIMER_OFFER_TIMEOUT:
            wrong.append(f"{name}: OfferInteraction left it {state} with next_timer {timer}")
        elif due != since + offer_timeout_s * 1_000_000:
            wrong.append(f"{name}: due {due}, state_time {since} + {offer_timeout_s} s")
    firsts = Counter(due // 1_000_000 for due in due_of.values())
    whole = sorted(firsts)[1:-1]  # the first and last seconds are partial
    r.due_per_s = [firsts[s] for s in whole]
    if not r.timers_on:
        if events:
            wrong.append(f"timer worker off, yet {len(events)} timer events")
        return
    per: Counter[str] = Counter(e.interaction for e in events)
    twice = [n for n, c in per.items() if c > 1]
    missing = set(due_of) - set(per)
    extra = set(per) - set(due_of)
    if twice:
        wrong.append(f"{len(twice)} interactions have more than one timer event, e.g. {twice[:3]}")
    if missing:
        wrong.append(f"{len(missing)} armed timers never fired, e.g. {sorted(missing)[:3]}")
    if extra:
        wrong.append(f"{len(extra)} timer events for interactions not armed here")
    for e in events:
        sc = e.state_change
        due = sc.timer_due_time.ToMicroseconds()
        if (
            sc.timer != ipb.TIMER_OFFER_TIMEOUT
            or sc.from_state != ipb.STATE_OFFERED
            or sc.to_state != ipb.STATE_QUEUED
            or sc.reason != "offer_timeout"
            or e.actor != TIMER_ACTOR
            or due != due_of.get(e.interaction, due)
        ):
            wrong.append(f"unexpected timer event {e.id}: {sc} by {e.actor}")
            continue
        lag = e.create_time.ToMicroseconds() - due
        r.lags_us.append(lag)
        if due / 1e6 <= arming_end:
            r.lags_loaded_us.append(lag)
        for got in seen.get(e.interaction, ())[:1]:
            r.delivered_us.append(got - due)
    watched = Counter({n: len(t) for n, t in seen.items()})
    if sum(watched.values()) != len(events) or any(c != 1 for c in watched.values()):
        wrong.append(
            f"the watcher saw {sum(watched.values())} timer events for {len(watched)} "
            f"interactions; the log has {len(events)}"
        )
    # One round of the worker (one fire_timers call, in one transaction) stamps every event
    # it makes with the same time.
    r.rounds = list(Counter(e.create_time.ToMicroseconds() for e in events).values())
    negative = [lag for lag in r.lags_us if lag < 0]
    if negative:
        wrong.append(f"{len(negative)} timers fired before they were due")


def run_one(r: Result, args: argparse.Namespace, procs: int, work: Path) -> None:
    slug = f"{'on' if r.timers_on else 'off'}-{r.rate:g}"
    run_dir = work / slug
    run_dir.mkdir()
    env = {
        "NEXUS_BOOTSTRAP_API_KEY": KEY,
        "NEXUS_LOG_LEVEL": "WARNING",
        "NEXUS_TIMERS_ENABLED": "true" if r.timers_on else "false",
    }
    child, port = start_server(str(run_dir / "bench.db"), "127.0.0.1:0", run_dir / "nexus.log", env)
    try:
        set_policy(port, args.offer_timeout)
        failure: list[BaseException] = []

        async def main() -> None:
            try:
                await drive(r, child, port, args, procs, run_dir)
            except BaseException as exc:
                failure.append(exc)

        run_loop(main())
        if failure:
            raise failure[0]
        if not child.alive():
            raise BenchFailure(f"{r.label}: nexus serve exited:\n{child.tail()}")
    finally:
        child.stop(15)


# -- report -------------------------------------------------------------------------------


def ms(us: list[int], q: float) -> float:
    return pct(us, q) / 1000


def report(results: list[Result], args: argparse.Namespace) -> tuple[list[str], list[str]]:
    t = args.offer_timeout
    lines = [
        "| run | timers/s asked | timers armed | achieved/s | due per second (min-max) "
        "| RPC p50 ms | RPC p99 ms | while firing: p50 | p99 | Create p99 | Queue p99 "
        "| Offer p99 |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lat, busy = r.latencies(), r.latencies_while_firing(t)
        due = f"{min(r.due_per_s)}-{max(r.due_per_s)}" if r.due_per_s else ""
        lines.append(
            f"| {r.label} | {r.rate:g} | {r.armed:,} | {r.achieved:,.1f} | {due} "
            f"| {pct(lat, 50):.1f} | {pct(lat, 99):.1f} | {pct(busy, 50):.1f} "
            f"| {pct(busy, 99):.1f} | {pct(r.latencies(2), 99):.1f} "
            f"| {pct(r.latencies(3), 99):.1f} | {pct(r.latencies(4), 99):.1f} |"
        )
    lines += [
        "",
        "| run | server cores (arming) | its event loop thread | server idle cores "
        "| server CPU µs per timer | load gen cores | load gen slip p99 ms | peak in flight "
        "| watcher cores | other jobs' cores | I/O stall s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        slip = [rec[1] for rec in r.records]
        lines.append(
            f"| {r.label} | {r.server_cpu_arming / r.arming_s:.2f} "
            f"| {r.loop_cpu_arming / r.arming_s:.2f} | {r.idle_cores:.3f} "
            f"| {r.per_timer_us:,.0f} | {r.load_cpu / r.load_wall:.2f} | {pct(slip, 99):.1f} "
            f"| {r.peak_in_flight} | {r.watcher_cpu / r.window_s:.2f} | {r.others_cores:.2f} "
            f"| {r.io_stall_s:.1f} |"
        )
    lines += [
        "",
        "| run | timer events | fired once each | lag p50 ms | p90 | p99 | max "
        "| p99 while arming | delivered p50 ms | delivered p99 | delivered max "
        "| timers per round, mean / max | p99 ≤ 1 s |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    verdicts = []
    for r in results:
        if not r.timers_on:
            continue
        p99 = ms(r.lags_us, 99)
        ok = p99 <= TARGET_P99_MS
        once = "yes" if not r.problems else "**no**"
        lines.append(
            f"| {r.label} | {len(r.lags_us):,} of {r.armed:,} | {once} | {ms(r.lags_us, 50):.1f} "
            f"| {ms(r.lags_us, 90):.1f} | {p99:.1f} | {max(r.lags_us, default=0) / 1000:.1f} "
            f"| {ms(r.lags_loaded_us, 99):.1f} | {ms(r.delivered_us, 50):.1f} "
            f"| {ms(r.delivered_us, 99):.1f} | {max(r.delivered_us, default=0) / 1000:.1f} "
            f"| {statistics.mean(r.rounds or [0]):.2f} / {max(r.rounds, default=0)} "
            f"| {'met' if ok else '**MISSED**'} |"
        )
        verdicts.append(
            f"{r.label}: {len(r.lags_us):,} of {r.armed:,} timers fired, lag p50 "
            f"{ms(r.lags_us, 50):.1f} ms, p99 {p99:.1f} ms, max "
            f"{max(r.lags_us, default=0) / 1000:.1f} ms (target p99 <= {TARGET_P99_MS:g} ms) — "
            f"{'met' if ok else 'MISSED'}"
        )
    lines += [
        "",
        "| rate | RPC p50 on / off | RPC p99 on / off | while firing: p50 on / off "
        "| p99 on / off | achieved rate on / off | server CPU per timer on / off "
        "| firing: server CPU µs per timer (on - off) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for rate in dict.fromkeys(r.rate for r in results):
        on = next((r for r in results if r.rate == rate and r.timers_on), None)
        off = next((r for r in results if r.rate == rate and not r.timers_on), None)
        if not (on and off):
            continue
        lon, loff = on.latencies(), off.latencies()
        bon, boff = on.latencies_while_firing(t), off.latencies_while_firing(t)
        lines.append(
            f"| {rate:g} | {pct(lon, 50) / pct(loff, 50):.2f} | {pct(lon, 99) / pct(loff, 99):.2f} "
            f"| {pct(bon, 50) / pct(boff, 50):.2f} | {pct(bon, 99) / pct(boff, 99):.2f} "
            f"| {on.achieved / off.achieved:.3f} | {on.per_timer_us / off.per_timer_us:.2f} "
            f"| {on.per_timer_us - off.per_timer_us:,.0f} |"
        )
    for r in results:
        if r.achieved < 0.97 * r.rate:
            verdicts.append(
                f"{r.label}: armed {r.achieved:,.1f}/s of {r.rate:g}/s asked: the rate was NOT kept"
            )
        verdicts += [f"FAILED {r.label}: {p}" for p in r.problems]
    return lines, verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s runs, no headroom pair")
    parser.add_argument("--seconds", type=float, help="how long timers are armed (default 60)")
    parser.add_argument("--rate", type=float, default=100.0, help="timers armed (and due) a second")
    parser.add_argument(
        "--headroom", type=float, help="a second pair of runs at this rate (default 300; 0: none)"
    )
    parser.add_argument("--offer-timeout", type=int, default=5, help="chat offer_timeout, s")
    parser.add_argument("--procs", type=int, help="load generator processes (default: 1 per 150/s)")
    parser.add_argument("--inflight", type=int, default=512, help="timers being armed at once, cap")
    parser.add_argument("--only-on", action="store_true", help="no baseline runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    headroom = args.headroom if args.headroom is not None else (0.0 if args.quick else 300.0)
    plan = []
    for rate in (args.rate, headroom):
        if rate:
            if not args.only_on:
                plan.append(
                    Result(f"timer worker off (baseline), {rate:g}/s", rate, False, seconds)
                )
            plan.append(Result(f"timer worker on, {rate:g}/s", rate, True, seconds))
    started = versions()
    began = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    failures = []
    done = []
    with tempfile.TemporaryDirectory(prefix="nexus-timers-bench-") as tmp:
        for r in plan:
            procs = args.procs or max(1, math.ceil(r.rate / PER_PROCESS))
            print(f"  {r.label}, {procs} load process(es) ...", file=sys.stderr, flush=True)
            try:
                run_one(r, args, procs, Path(tmp))
            except (BenchFailure, grpc.RpcError) as exc:
                failures.append(f"{r.label}: {exc}")
                print(f"\nFAILED ({r.label}): {exc}", file=sys.stderr, flush=True)
                continue
            done.append(r)
            lag = f", lag p99 {ms(r.lags_us, 99):.1f} ms" if r.timers_on else ""
            print(
                f"  {r.label}: armed {r.armed:,} at {r.achieved:,.1f}/s, RPC p99 "
                f"{pct(r.latencies(), 99):.1f} ms{lag}",
                file=sys.stderr,
                flush=True,
            )
    load = os.getloadavg()
    print(
        f"\n{began} to {time.strftime('%H:%M', time.gmtime())} UTC; {started}; "
        f"{os.cpu_count()} cores, unpinned; load average {load[0]:.1f}/{load[1]:.1f}; "
        f"{seconds:g} s of arming per run, offer_timeout {args.offer_timeout} s; load "
        f"generator: grpc.aio on uvloop, open-loop, "
        f"{args.procs or f'one process per {PER_PROCESS:g} timers/s'}{' process(es)' if args.procs else ''}\n"
    )
    lines, verdicts = report(done, args)
    print("\n".join(lines) + "\n")
    verdicts += [f"FAILED {f}" for f in failures]
    print("\n".join(f"- {v}" for v in verdicts))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "label": r.label,
                        "rate": r.rate,
                        "armed": r.armed,
                        "achieved": r.achieved,
                        "rpc_p50_ms": pct(r.latencies(), 50),
                        "rpc_p99_ms": pct(r.latencies(), 99),
                        "lag_ms": {q: ms(r.lags_us, q) for q in (50, 90, 99)},
                        "lag_max_ms": max(r.lags_us, default=0) / 1000,
                        "delivered_ms": {q: ms(r.delivered_us, q) for q in (50, 99)},
                        "server_us_per_timer": r.per_timer_us,
                        "server_idle_cores": r.idle_cores,
                        "problems": r.problems,
                    }
                    for r in done
                ],
                indent=2,
            )
        )
    return 1 if failures or any(r.problems for r in done) else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        run_loop(arm(json.loads(sys.argv[2])))
        sys.exit(0)
    sys.exit(main())
