"""The console's live board and the chat widget in a real browser, through ``nexus up``.

    .venv/bin/python bench/web_bench.py            # about 45 seconds
    .venv/bin/python bench/web_bench.py --quick    # about 15 seconds: 250 events, 3 loads each
    .venv/bin/python bench/web_bench.py --rate 100 --events 1000   # twice the rate

Starts ``nexus up`` as a user does (its own state directory, database and free ports) and
drives Debian's Chromium with Playwright. Two measurements, each beside a baseline in the
same run:

Board. 1,000 open interactions (chat, SMS and email; half NEW, half QUEUED in q0..q3) are
created over gRPC, and the console is signed in with an AGENT key until its board shows all
of them (the load time is reported, from "Sign in" and from a reload). A MutationObserver in
the page then records when each row's ``data-state`` changed, and a timer task queued from
its callback when the frame after that change was laid out and painted. The driver sends
lifecycle RPCs at a fixed rate (50/s for 20 s by default: QueueInteraction on a NEW one,
AcceptInteraction on a QUEUED one, alternately, so every event moves one row), straight to
the server's gRPC port. Latency = the row's time in the browser - the event's
``create_time`` (stamped by the server just before its commit; same machine, same clock).
The baseline is a bare gRPC client watching the same events through the same Envoy (TLS,
the same agent key and event types as the console), opened before the load: its latency is
receipt - ``create_time``, so the difference is what gRPC-Web, the browser and the console
add. Responsiveness during the run: long tasks (PerformanceObserver ``longtask`` entries,
50 ms or more of main thread), and a key pressed in the console's agent-name field twice a
second (the key's timestamp to the frame after it). The CPU time of every process (the
driver's and other jobs' too) and the page's main-thread time by kind (DevTools'
Performance metrics) are reported per DOM flush.

Widget. A page on another origin (http.server on 127.0.0.1) holding only the widget's
``<script … async>`` tag with a WIDGET key allowed for that origin; the baseline is the same
page without the tag. Each is loaded ``--loads`` times, alternately, each in a new browser
context (nothing cached, a new TLS connection). First render = navigation start to the
moment ``#nexus-chat`` gets ``data-ready="1"`` (recorded in the page by an init script), and
to the first frame painted after it; the baseline's is navigation start to its load event.
Then the launcher is clicked: click to ``data-state="start"`` and to the frame after. The
tag carries ``data-test-open-shadow="1"`` so that Playwright can reach the launcher (the only
difference from a site's tag: the shadow root's mode). The script's size as served (gzip)
is read with httpx.

Exit code 1 if an event is missing from the board or from the baseline, or a row or the
widget never appears; never because of a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import http.server
import json
import os
import queue
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
import psutil
from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from nexus.gateway.process import free_port
from nexus.v1 import access_pb2 as apb
from nexus.v1 import access_service_pb2 as aspb
from nexus.v1 import access_service_pb2_grpc as aspb_grpc
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BANNER_END = "Press Ctrl-C to stop."
QUEUES = ("q0", "q1", "q2", "q3")
EVENT_TYPES = ("interaction.*", "message.*", "participant.*")  # the board's own watch
ROW = "[data-interaction]"

# In the console page: when each row's data-state changed (the observer's callback runs at
# the end of the board's animation-frame flush) and when that frame had been laid out and
# painted (a timer task queued from the callback runs after the frame's rendering steps).
BOARD_PROBE = """() => {
  const now = () => performance.timeOrigin + performance.now();
  const probe = { batches: [], longtasks: [], keys: [], start: now() };
  new MutationObserver((records) => {
    const t = now();
    const rows = [];
    for (const r of records) {
      const el = r.type === "attributes" ? r.target : null;
      const name = el && el.getAttribute("data-interaction");
      if (name) rows.push([name, el.getAttribute("data-state")]);
    }
    if (!rows.length) return;
    const batch = { dom: t, painted: 0, rows };
    probe.batches.push(batch);
    setTimeout(() => { batch.painted = now(); }, 0);
  }).observe(document.body, { subtree: true, attributeFilter: ["data-state"] });
  // a key pressed by an agent meanwhile: from the browser's receipt to the frame after it
  addEventListener("keydown", (e) => {
    const key = { stamp: e.timeStamp, painted: 0 };
    probe.keys.push(key);
    requestAnimationFrame(() => setTimeout(() => { key.painted = performance.now(); }, 0));
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      probe.longtasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }
  }).observe({ type: "longtask" });
  window.__webBench = probe;
  return Date.now() - now();
}"""

# In every widget page, before any of its scripts: when the widget became ready, when the
# frame after that was painted, and the same for the panel opened by a click.
WIDGET_PROBE = """(() => {
  const probe = { ready: 0, readyPainted: 0, click: 0, handler: 0, open: 0, openPainted: 0 };
  window.__webBench = probe;
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => {
    probe[key] = performance.now();
  }, 0));
  addEventListener("click", (e) => {
    if (probe.click) return;
    probe.click = e.timeStamp;  // when the browser received the input
    probe.handler = performance.now();  // when the page began to handle it
  }, true);
  new MutationObserver(() => {
    const host = document.getElementById("nexus-chat");
    if (!host) return;
    if (!probe.ready && host.getAttribute("data-ready") === "1") {
      probe.ready = performance.now();
      painted("readyPainted");
    }
    if (probe.click && !probe.open && host.getAttribute("data-state") === "start") {
      probe.open = performance.now();
      painted("openPainted");
    }
  }).observe(document, { subtree: true, childList: true, attributes: true,
                          attributeFilter: ["data-ready", "data-state"] });
})();"""

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A shop</title></head>
<body><h1>A shop</h1><p>Products, prices and a contact link.</p>{tag}</body></html>
"""


class BenchFailure(Exception):
    pass


# -- nexus up --------------------------------------------------------------------------------


class Up:
    """``nexus up`` as a child process, its banner read from stdout (as tests/e2e does)."""

    def __init__(self, work: Path, https_port: int, grpc_port: int) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        command = [sys.executable, "-m", "nexus.cli", "up", "--https-port", str(https_port)]
        command += ["--grpc-listen", f"127.0.0.1:{grpc_port}", "--state-dir", str(work / "state")]
        command += ["--db", str(work / "nexus.db")]
        # the admin port of the default config is fixed; another nexus may hold it
        env = {**os.environ, "NEXUS_ADMIN_LISTEN": "127.0.0.1:0"}
        self.proc = subprocess.Popen(
            command,
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self._wait_for_banner()
        except BaseException:  # Ctrl-C included: never leave it running
            self.stop()
            raise
        self.state = work / "state"
        self.url = f"https://127.0.0.1:{https_port}"
        self.grpc = f"127.0.0.1:{grpc_port}"
        self.admin_key = (self.state / "api_key").read_text().strip()
        self.ca = self.state / "tls" / "ca.crt"

    def _wait_for_banner(self) -> None:
        deadline = time.monotonic() + 90
        while BANNER_END not in self.log:
            try:
                self.log.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise BenchFailure(
                        "nexus up printed no banner:\n" + "\n".join(self.log)
                    ) from None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def processes(self) -> dict[str, list[psutil.Process]]:
        """nexus up's children by role: the server(s), Envoy, and the rest."""
        out: dict[str, list[psutil.Process]] = {"server": [], "envoy": [], "other": []}
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                cmd = " ".join(p.cmdline())
                role = "envoy" if "envoy" in p.name() else "server" if " serve" in cmd else "other"
                out[role].append(p)
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            for p in psutil.Process(self.proc.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    p.kill()
            self.proc.kill()
            self.proc.wait(10)


# -- seeding ---------------------------------------------------------------------------------


@dataclass
class Seeded:
    new: list[str]  # NEW interactions, to be queued
    queued: list[str]  # QUEUED ones, to be accepted
    agent_key: str
    widget_key: str


async def seed(up: Up, count: int, widget_origin: str) -> Seeded:
    """``count`` open interactions (chat, SMS, email; half of them queued) and two keys."""
    md = (("x-api-key", up.admin_key),)
    async with grpc.aio.insecure_channel(up.grpc) as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        access = aspb_grpc.AccessServiceStub(channel)
        gate = asyncio.Semaphore(32)

        async def one(n: int) -> tuple[str, bool]:
            media = (ipb.MEDIA_TYPE_CHAT, ipb.MEDIA_TYPE_SMS, ipb.MEDIA_TYPE_EMAIL)[n % 3]
            address = ("", f"+1415555{n:04d}", f"customer{n}@example.com")[n % 3]
            made = ipb.Interaction(
                media_type=media, customer_address=address, subject=f"Order {10000 + n}"
            )
            async with gate:
                i = await stub.CreateInteraction(
                    ispb.CreateInteractionRequest(interaction=made), metadata=md
                )
                queued = n % 2 == 1
                if queued:
                    req = ispb.QueueInteractionRequest(name=i.name, queue=QUEUES[n % 4])
                    await stub.QueueInteraction(req, metadata=md)
            return i.name, queued

        made = await asyncio.gather(*(one(n) for n in range(count)))
        keys = []
        for role, origins in (
            (apb.API_KEY_ROLE_AGENT, []),
            (apb.API_KEY_ROLE_WIDGET, [widget_origin]),
        ):
            key = apb.ApiKey(display_name="web bench", role=role, allowed_origins=origins)
            created = await access.CreateApiKey(aspb.CreateApiKeyRequest(api_key=key), metadata=md)
            keys.append(created.key)
    return Seeded(
        new=[name for name, q in made if not q],
        queued=[name for name, q in made if q],
        agent_key=keys[0],
        widget_key=keys[1],
    )


# -- the baseline watcher --------------------------------------------------------------------


class Watcher:
    """A bare gRPC client on WatchEvents through Envoy (TLS), in a thread of its own so that
    the driver's loop never delays a receipt. Records, per (interaction, new state), the
    event's create_time and when it arrived."""

    def __init__(self, up: Up, key: str) -> None:
        creds = grpc.ssl_channel_credentials(up.ca.read_bytes())
        self.channel = grpc.secure_channel(up.url.removeprefix("https://"), creds)
        stub = espb_grpc.EventServiceStub(self.channel)
        self.stream = stub.WatchEvents(
            espb.WatchEventsRequest(event_types=list(EVENT_TYPES)), metadata=(("x-api-key", key),)
        )
        self.seen: dict[tuple[str, str], tuple[float, float]] = {}
        self.up = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.up.wait(30):
            raise BenchFailure("the baseline's WatchEvents stream sent no heartbeat")

    def _run(self) -> None:
        try:
            for item in self.stream:
                now = time.time()
                if item.HasField("heartbeat"):
                    self.up.set()
                    continue
                e = item.event
                if e.HasField("state_change"):
                    state = ipb.State.Name(e.state_change.to_state).removeprefix("STATE_")
                    made = e.create_time.ToMicroseconds() / 1e6
                    self.seen.setdefault((e.interaction, state), (made, now))
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.CANCELLED:
                self.error = exc

    def close(self) -> None:
        self.stream.cancel()
        self.thread.join(10)
        self.channel.close()


# -- the console -----------------------------------------------------------------------------


@dataclass
class Sent:
    name: str
    state: str  # what the row should show
    due: float  # monotonic
    sent_late_ms: float = 0.0
    update_time: float = 0.0
    error: str = ""


async def drive(up: Up, key: str, seeded: Seeded, rate: float, count: int) -> list[Sent]:
    """``count`` lifecycle RPCs at ``rate`` per second on a fixed schedule (a slow answer
    never delays the next call), alternately queueing a NEW interaction and accepting a
    QUEUED one."""
    md = (("x-api-key", key),)
    loop = asyncio.get_running_loop()
    sent: list[Sent] = []
    async with grpc.aio.insecure_channel(up.grpc) as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        # one call before the clock starts, so the channel is connected
        await stub.GetStateModel(ispb.GetStateModelRequest(), metadata=md)

        async def call(s: Sent, n: int) -> None:
            try:
                if s.state == "QUEUED":
                    req = ispb.QueueInteractionRequest(name=s.name, queue=QUEUES[n % 4])
                    got = await stub.QueueInteraction(req, metadata=md)
                else:
                    req2 = ispb.AcceptInteractionRequest(name=s.name, agent=f"agent-{n % 20}")
                    got = await stub.AcceptInteraction(req2, metadata=md)
                s.update_time = got.update_time.ToMicroseconds() / 1e6
                if ipb.State.Name(got.state) != f"STATE_{s.state}":
                    s.error = f"answered {ipb.State.Name(got.state)}"
            except grpc.RpcError as exc:
                s.error = f"{exc.code().name}: {exc.details()}"

        tasks = []
        start = loop.time() + 0.2
        for n in range(count):
            name = seeded.new[n // 2] if n % 2 == 0 else seeded.queued[n // 2]
            s = Sent(name, "QUEUED" if n % 2 == 0 else "ACTIVE", start + n / rate)
            if (wait := s.due - loop.time()) > 0:
                await asyncio.sleep(wait)
            s.sent_late_ms = (loop.time() - s.due) * 1000
            sent.append(s)
            tasks.append(asyncio.create_task(call(s, n)))
        await asyncio.gather(*tasks)
    return sent


async def type_meanwhile(page: Page, every_s: float = 0.5) -> None:
    """Presses a key in the focused field (the agent name) twice a second, alternately a
    letter and Backspace, until cancelled."""
    n = 0
    while True:
        await asyncio.sleep(every_s)
        await page.keyboard.press("x" if n % 2 == 0 else "Backspace")
        n += 1


async def rows_shown(page: Page, count: int, timeout_s: float = 60) -> None:
    await page.wait_for_function(
        "([row, n]) => document.querySelectorAll(row).length >= n",
        arg=[ROW, count],
        timeout=timeout_s * 1000,
    )


@dataclass
class CpuMeter:
    """Cores used (CPU seconds / wall seconds) by groups of processes between start() and
    stop(), and by everything else on the machine (other jobs)."""

    groups: dict[str, list[psutil.Process]]
    before: dict[str, float] = field(default_factory=dict)
    busy: float = 0.0
    wall: float = 0.0

    @staticmethod
    def _cpu(procs: list[psutil.Process]) -> float:
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def start(self) -> None:
        self.before = {g: self._cpu(ps) for g, ps in self.groups.items()}
        self.busy = self._busy()
        self.wall = time.monotonic()

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self.wall
        cores = {g: (self._cpu(ps) - self.before[g]) / wall for g, ps in self.groups.items()}
        cores["other jobs"] = max(0.0, (self._busy() - self.busy) / wall - sum(cores.values()))
        return cores


def driver_processes() -> list[psutil.Process]:
    """Playwright's driver (node), the parent of the browser."""
    return [p for p in psutil.Process().children() if p.name().startswith("node")]


def chromium_processes() -> dict[str, list[psutil.Process]]:
    """The browser's processes (children of Playwright's driver): its renderers, and the
    rest (the browser process, the GPU process, which composites in software here, and
    utility processes)."""
    out: dict[str, list[psutil.Process]] = {"renderer": [], "browser (other)": []}
    for p in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in p.name():
                kind = "renderer" if "--type=renderer" in p.cmdline() else "browser (other)"
                out[kind].append(p)
    return out


MAIN_THREAD = {
    "TaskDuration": "tasks",
    "ThreadTime": "CPU",
    "ScriptDuration": "script",
    "RecalcStyleDuration": "style",
    "LayoutDuration": "layout",
}


async def main_thread(cdp: Any) -> dict[str, float]:
    """Seconds the page's main thread has spent so far, in all and by kind."""
    got = await cdp.send("Performance.getMetrics")
    values = {m["name"]: m["value"] for m in got["metrics"]}
    return {label: values[name] for name, label in MAIN_THREAD.items()}


async def board(browser: Browser, up: Up, seeded: Seeded, args: argparse.Namespace) -> dict:
    total = len(seeded.new) + len(seeded.queued)
    context = await browser.new_context(ignore_https_errors=True)
    try:
        page = await context.new_page()
        await page.goto(f"{up.url}/console/")
        await page.get_by_label("API key").fill(seeded.agent_key)
        began = time.monotonic()
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_selector(".live-status[data-live=live]", timeout=60_000)
        await rows_shown(page, total)
        signed_in_s = time.monotonic() - began
        # a cold page: the key is in the tab's session storage, the files come again
        began = time.monotonic()
        await page.reload()
        await rows_shown(page, total)
        await page.wait_for_selector(".live-status[data-live=live]", timeout=60_000)
        reload_s = time.monotonic() - began
        print(
            f"  board: {total} rows {signed_in_s:.2f} s after Sign in, {reload_s:.2f} s after a reload",
            file=sys.stderr,
            flush=True,
        )

        watcher = await asyncio.to_thread(Watcher, up, seeded.agent_key)
        try:
            clock_skew_ms = await page.evaluate(BOARD_PROBE)
            # the renderer's main-thread time by kind (cumulative), from DevTools
            cdp = await context.new_cdp_session(page)
            await cdp.send("Performance.enable")
            main_before = await main_thread(cdp)
            applied_before = await page.evaluate("() => window.__board?.applied ?? 0")
            procs = up.processes()
            meter = CpuMeter(
                {
                    **chromium_processes(),
                    "server": procs["server"],
                    "envoy": procs["envoy"],
                    "nexus up (rest)": [psutil.Process(up.proc.pid), *procs["other"]],
                    # this process and Playwright's node driver
                    "driver": [psutil.Process(), *driver_processes()],
                }
            )
            meter.start()
            await page.focus("#agent-name")
            typing = asyncio.create_task(type_meanwhile(page))
            try:
                sent = await drive(up, seeded.agent_key, seeded, args.rate, args.events)
            finally:
                typing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await typing
            cores = meter.stop()
            main_after = await main_thread(cdp)
            # until every row has changed, or 15 s
            expected = {(s.name, s.state) for s in sent if not s.error}
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                got = await page.evaluate(
                    "() => window.__webBench.batches.reduce((n, b) => n + b.rows.length, 0)"
                )
                if got >= len(expected) and len(watcher.seen) >= len(expected):
                    break
                await asyncio.sleep(0.25)
            await asyncio.sleep(0.2)  # the last painted timestamps
            probe = await page.evaluate("() => window.__webBench")
            skew_after_ms = await page.evaluate(
                "() => Date.now() - (performance.timeOrigin + performance.now())"
            )
            # the board's own counter of events that changed it (a hook for speed tests)
            applied = await page.evaluate("() => window.__board?.applied ?? 0") - applied_before
            rows_after = await page.evaluate("(row) => document.querySelectorAll(row).length", ROW)
        finally:
            watcher.close()
    finally:
        await context.close()
    if watcher.error:
        raise BenchFailure(f"the baseline's stream failed: {watcher.error}")
    return {
        "rows": total,
        "signed_in_s": signed_in_s,
        "reload_s": reload_s,
        "sent": sent,
        "probe": probe,
        "watcher": watcher.seen,
        "applied": applied,
        "rows_after": rows_after,
        "cores": cores,
        "main_thread_s": {k: main_after[k] - main_before[k] for k in main_before},
        "clock_skew_ms": (clock_skew_ms, skew_after_ms),
    }


def board_latencies(result: dict) -> dict[str, Any]:
    """Per event: (console DOM, console painted, baseline) latencies in ms, and what is missing."""
    first: dict[tuple[str, str], tuple[float, float]] = {}
    for batch in result["probe"]["batches"]:
        for name, state in batch["rows"]:
            first.setdefault((name, state), (batch["dom"] / 1000, batch["painted"] / 1000))
    dom, painted, base, update_skew = [], [], [], []
    missing_console, missing_base, failed = [], [], []
    for s in result["sent"]:
        if s.error:
            failed.append(f"{s.name} -> {s.state}: {s.error}")
            continue
        key = (s.name, s.state)
        event = result["watcher"].get(key)
        if event is None:
            missing_base.append(key)
        else:
            made, received = event
            base.append((received - made) * 1000)
            update_skew.append(abs(s.update_time - made) * 1000)
        if key not in first:
            missing_console.append(key)
        elif event is not None:
            d, p = first[key]
            dom.append((d - made) * 1000)
            painted.append((p - made) * 1000 if p else float("nan"))
    start, end = result["probe"]["start"], time.time() * 1000
    long = [d for t, d in result["probe"]["longtasks"] if start <= t <= end]
    return {
        "dom": dom,
        "painted": [p for p in painted if p == p],
        "base": base,
        "missing_console": missing_console,
        "missing_base": missing_base,
        "failed": failed,
        "longtasks": long,
        "keys": [k["painted"] - k["stamp"] for k in result["probe"]["keys"] if k["painted"]],
        "batches": len(result["probe"]["batches"]),
        "update_skew_max_ms": max(update_skew, default=0.0),
        "late_max_ms": max((s.sent_late_ms for s in result["sent"]), default=0.0),
    }


# -- the widget ------------------------------------------------------------------------------


@dataclass
class Site:
    """The embedding site, on an origin of its own."""

    origin: str
    nexus: str
    widget_key: str = ""  # set once the key exists: it names this origin

    def page(self, path: str) -> bytes | None:
        """/ has the widget's tag, /plain (the baseline) does not."""
        tag = (
            f'<script src="{self.nexus}/widget/widget.js" data-widget-key="{self.widget_key}" '
            'data-test-open-shadow="1" async></script>'
        )
        pages = {"/": tag, "/plain": ""}
        return HOST_PAGE.format(tag=pages[path]).encode() if path in pages else None


@contextlib.contextmanager
def host_site(nexus: str) -> Iterator[Site]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    site = Site(f"http://127.0.0.1:{server.server_address[1]}", nexus)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.page(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.send_header("cache-control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


async def widget_loads(browser: Browser, site: str, loads: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {
        "ready": [],
        "ready_painted": [],
        "script_fetched": [],
        "script_to_ready": [],
        "widget_load_event": [],
        "click_delivered": [],
        "open": [],
        "open_painted": [],
        "baseline_load_event": [],
    }
    load_event = "() => performance.getEntriesByType('navigation')[0].loadEventStart"
    for n in range(loads * 2):
        widget = n % 2 == 0
        context = await browser.new_context(ignore_https_errors=True)
        try:
            await context.add_init_script(WIDGET_PROBE)
            page = await context.new_page()
            await page.goto(site + ("/" if widget else "/plain"), wait_until="load")
            if not widget:
                out["baseline_load_event"].append(await page.evaluate(load_event))
                continue
            await page.wait_for_selector('#nexus-chat[data-ready="1"]', state="attached")
            await page.wait_for_function("() => window.__webBench.readyPainted > 0")
            probe = await page.evaluate("() => window.__webBench")
            out["ready"].append(probe["ready"])
            out["ready_painted"].append(probe["readyPainted"])
            out["widget_load_event"].append(await page.evaluate(load_event))
            fetched = await page.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".filter((e) => e.name.endsWith('/widget/widget.js'))[0].responseEnd"
            )
            out["script_fetched"].append(fetched)
            out["script_to_ready"].append(probe["ready"] - fetched)
            await page.locator("#nexus-chat .launcher").click()
            await page.wait_for_function("() => window.__webBench.openPainted > 0")
            probe = await page.evaluate("() => window.__webBench")
            out["open"].append(probe["open"] - probe["click"])
            out["click_delivered"].append(probe["handler"] - probe["click"])
            out["open_painted"].append(probe["openPainted"] - probe["click"])
        finally:
            await context.close()
    return out


def served_size(up: Up, path: str) -> tuple[int, int, str]:
    """(bytes on the wire, bytes decompressed, content-encoding) of a file as Envoy serves it
    to a client that accepts gzip."""
    verify = ssl.create_default_context(cafile=str(up.ca))
    with (
        httpx.Client(verify=verify, timeout=10) as client,
        client.stream("GET", up.url + path, headers={"accept-encoding": "gzip"}) as resp,
    ):
        resp.raise_for_status()
        raw = b"".join(resp.iter_raw())
        encoding = resp.headers.get("content-encoding", "identity")
    body = gzip.decompress(raw) if encoding == "gzip" else raw
    return len(raw), len(body), encoding


# -- report ----------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def report(
    args: argparse.Namespace, b: dict, lat: dict, w: dict[str, list[float]], sizes: dict
) -> None:
    load = os.getloadavg()
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; nexus up (1 server, Envoy), "
        f"Chromium headless; {os.cpu_count()} cores; load average {load[0]:.1f}/{load[1]:.1f}"
    )
    sent = len(b["sent"])
    ok = sent - len(lat["failed"])
    print(
        f"\n## Board: {b['rows']:,} open interactions, {sent:,} state changes at {args.rate:g}/s "
        f"for {sent / args.rate:g} s\n"
    )
    print(
        f"load: {b['rows']:,} rows shown {b['signed_in_s']:.2f} s after Sign in, "
        f"{b['reload_s']:.2f} s after a reload"
    )
    print(
        f"events: {sent} sent, {ok} answered OK, {ok - len(lat['missing_base'])} at the baseline, "
        f"{ok - len(lat['missing_console'])} rows changed in the console "
        f"(board counter: {b['applied']} applied; {b['rows_after']} rows at the end); "
        f"{lat['batches']} DOM flushes"
    )
    print()
    print("| receiver | events | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = (
        ("gRPC client through Envoy (baseline): received", lat["base"]),
        ("console: row's data-state changed", lat["dom"]),
        ("console: frame after it painted", lat["painted"]),
    )
    for label, values in rows:
        print(
            f"| {label} | {len(values)} | {pct(values, 50):.1f} | {pct(values, 95):.1f} "
            f"| {pct(values, 99):.1f} | {max(values, default=float('nan')):.1f} |"
        )
    base, paint = lat["base"], lat["painted"]
    print(
        f"\nconsole painted - baseline: p50 +{pct(paint, 50) - pct(base, 50):.1f} ms, "
        f"p95 +{pct(paint, 95) - pct(base, 95):.1f} ms, p99 +{pct(paint, 99) - pct(base, 99):.1f} ms "
        f"(ratio of p50 {pct(paint, 50) / pct(base, 50):.2f}); "
        f"that is what gRPC-Web, the browser and the console add"
    )
    long = lat["longtasks"]
    print(
        f"long tasks (>= 50 ms) during the run: {len(long)}"
        + (f", longest {max(long):.0f} ms, total {sum(long):.0f} ms" if long else "")
    )
    keys = lat["keys"]
    if keys:
        print(
            f"keys pressed in the agent-name field meanwhile: {len(keys)}, key -> frame after it "
            f"painted: median {statistics.median(keys):.1f} ms, max {max(keys):.1f} ms"
        )
    cores = b["cores"]
    print(
        "CPU during the run, in cores: "
        + ", ".join(f"{name} {value:.2f}" for name, value in cores.items())
        + f"; the driver's calls were at most {lat['late_max_ms']:.1f} ms behind their schedule"
    )
    main = b["main_thread_s"]
    flushes = max(lat["batches"], 1)
    run_s = sent / args.rate
    per = {k: v / flushes * 1000 for k, v in main.items()}
    print(
        f"the page's main thread: in tasks {main['tasks'] / run_s:.0%} of the run, on CPU "
        f"{main['CPU'] / run_s:.0%}; per DOM flush {per['tasks']:.1f} ms in tasks "
        f"({per['CPU']:.1f} ms CPU), of which script {per['script']:.1f} ms, style "
        f"{per['style']:.1f} ms, layout {per['layout']:.1f} ms (the rest: prepaint, paint, "
        "layerizing, hit testing)"
    )
    skew = b["clock_skew_ms"]
    print(
        f"clock check: Date.now() - (timeOrigin + performance.now()) {skew[0]:.1f} ms before, "
        f"{skew[1]:.1f} ms after; RPC answer's update_time vs event create_time: at most "
        f"{lat['update_skew_max_ms']:.1f} ms apart"
    )

    loads = len(w["ready"])
    print(f"\n## Widget: {loads} fresh loads of each page (new browser context each)\n")
    print("| measure | median ms | max ms |")
    print("|---|---:|---:|")
    for label, key in (
        (
            "page without the widget: navigation start -> load event (baseline)",
            "baseline_load_event",
        ),
        ("page with the widget: navigation start -> load event", "widget_load_event"),
        ("navigation start -> widget.js downloaded", "script_fetched"),
        ("widget.js downloaded -> widget ready (the script parsed and run)", "script_to_ready"),
        ("navigation start -> widget ready (first render)", "ready"),
        ("navigation start -> frame after it painted", "ready_painted"),
        ("click on the launcher -> the page's click listener runs", "click_delivered"),
        ("click on the launcher -> panel open (data-state=start)", "open"),
        ("click on the launcher -> frame after it painted", "open_painted"),
    ):
        values = w[key]
        print(f"| {label} | {statistics.median(values):.1f} | {max(values):.1f} |")
    first = w["ready_painted"]
    print(
        f"\nfirst render (painted) - baseline load event: median "
        f"+{statistics.median(first) - statistics.median(w['baseline_load_event']):.1f} ms; "
        f"target <= 1000 ms: {'met' if max(first) <= 1000 else 'MISSED'} (max {max(first):.0f} ms)"
    )
    for path, (raw, body, encoding) in sizes.items():
        print(f"{path}: {body:,} bytes, {raw:,} on the wire ({encoding})")


def summary(b: dict, lat: dict, w: dict[str, list[float]], sizes: dict) -> dict:
    def stats(values: list[float]) -> dict[str, float]:
        return {
            "n": len(values),
            "p50": pct(values, 50),
            "p95": pct(values, 95),
            "p99": pct(values, 99),
            "max": max(values, default=float("nan")),
        }

    return {
        "board": {
            "rows": b["rows"],
            "signed_in_s": b["signed_in_s"],
            "reload_s": b["reload_s"],
            "sent": len(b["sent"]),
            "baseline_ms": stats(lat["base"]),
            "dom_ms": stats(lat["dom"]),
            "painted_ms": stats(lat["painted"]),
            "longtasks_ms": lat["longtasks"],
            "key_to_paint_ms": lat["keys"],
            "cores": b["cores"],
            "main_thread_s": b["main_thread_s"],
        },
        "widget_ms": dict(w),
        "sizes": {path: {"wire": raw, "bytes": body} for path, (raw, body, _) in sizes.items()},
    }


# -- main ------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, up: Up) -> int:
    # SIGTERM, like Ctrl-C, cancels the run: the browser closes on the way out
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with host_site(up.url) as site:
        return await measure(args, up, site)


async def measure(args: argparse.Namespace, up: Up, site: Site) -> int:
    sizes = {
        path: served_size(up, path)
        for path in ("/widget/widget.js", "/console/console.js", "/console/console.css")
    }
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            print("seeding…", file=sys.stderr, flush=True)
            seeded = await seed(up, args.interactions, site.origin)
            site.widget_key = seeded.widget_key
            b = await board(browser, up, seeded, args)
            lat = board_latencies(b)
            print("widget…", file=sys.stderr, flush=True)
            w = await widget_loads(browser, site.origin, args.loads)
        finally:
            await browser.close()
    report(args, b, lat, w, sizes)
    if args.json:
        args.json.write_text(json.dumps(summary(b, lat, w, sizes), indent=2))
    problems = []
    if lat["failed"]:
        problems.append(f"{len(lat['failed'])} RPCs failed, e.g. {lat['failed'][0]}")
    if lat["missing_base"]:
        problems.append(f"{len(lat['missing_base'])} events missing at the baseline")
    if lat["missing_console"]:
        problems.append(f"{len(lat['missing_console'])} rows never changed in the console")
    if problems:
        print("\nFAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="250 events, 3 loads of each page")
    parser.add_argument("--interactions", type=int, default=1000, help="open on the board")
    parser.add_argument("--rate", type=float, default=50.0, help="state changes per second")
    parser.add_argument("--events", type=int, help="state changes in all (default 20 s worth)")
    parser.add_argument("--loads", type=int, help="fresh loads of each widget page (default 10)")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()
    args.events = args.events or round(args.rate * (5 if args.quick else 20))
    args.loads = args.loads or (3 if args.quick else 10)
    if args.events > args.interactions:
        parser.error("--events: at most one state change per interaction (--interactions)")
    if not Path(CHROMIUM).is_file():
        parser.error(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    signal.signal(signal.SIGTERM, interrupt)
    with tempfile.TemporaryDirectory(prefix="nexus-web-bench-") as tmp:
        try:
            up = Up(Path(tmp), free_port(), free_port())
            try:
                return asyncio.run(run(args, up))
            finally:
                up.stop()
        except (BenchFailure, PlaywrightTimeout) as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
        except (KeyboardInterrupt, asyncio.CancelledError):
            print("\ninterrupted", file=sys.stderr)
            return 130


def interrupt(signum: int, frame: Any) -> None:
    """SIGTERM outside the event loop: stop as Ctrl-C does (nexus up is stopped)."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
