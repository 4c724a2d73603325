"""The admin HTTP port of a nexus process (server or notifier): ``/metrics`` for
Prometheus, ``/livez`` and ``/readyz`` for an orchestrator. Loopback by default
(``admin_listen``): it is for the machine's scraper and kubelet, not for callers.

Liveness says the process's event loop answers; a failing liveness probe means restart
it. Readiness says it should be given work: not while the schema is being migrated, not
while the database cannot be reached, not while it drains for shutdown. A server that is
not ready also says NOT_SERVING on gRPC health, so Envoy (and ``/healthz``) stops sending
it requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web
from prometheus_client import REGISTRY
from prometheus_client.exposition import choose_encoder

from nexus import metrics, tracing
from nexus.config import Config
from nexus.ports import PortInUse, split_address
from nexus.store import SqlStore, Work, open_store
from nexus.store.figures import Backlog, Figures

log = logging.getLogger("nexus.admin")

PROBE_S = 2.0
"""How often the database is looked at for readiness."""
PROBE_TIMEOUT_S = 2.0
LOOP_SAMPLE_S = 0.25


class Readiness:
    """Why a process is not ready, if it is not; each change of readiness is told to
    ``listeners`` (the server's gRPC health)."""

    def __init__(self) -> None:
        self.migrating = True
        self.draining = False
        self.store_error: str | None = None
        self.listeners: list[Callable[[bool], Awaitable[None]]] = []
        metrics.READY.set(0)

    @property
    def reasons(self) -> list[str]:
        found = []
        if self.migrating:
            found.append("opening the database and migrating its schema")
        if self.store_error is not None:
            found.append(f"the database is unreachable: {self.store_error}")
        if self.draining:
            found.append("draining for shutdown")
        return found

    @property
    def ready(self) -> bool:
        return not self.reasons

    async def update(self, **changes: object) -> None:
        before = self.ready
        for name, value in changes.items():
            setattr(self, name, value)
        metrics.READY.set(1 if self.ready else 0)
        if self.ready != before:
            log.info("readiness changed", extra={"ready": self.ready, "reasons": self.reasons})
            for listener in self.listeners:
                await listener(self.ready)


class Figuring:
    """The gauges read from the database, refreshed at each scrape: on a thread and a
    connection of their own. (On SQLite the server's reads run on its event loop; counting
    200,000 armed timers and 100,000 pending deliveries there held it for 90 ms.)"""

    def __init__(self, db: str, tenants: tuple[str, ...], now_us: Callable[[], int]) -> None:
        self.db = db
        self.tenants = tenants
        self.now_us = now_us
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="nexus-figures")
        self._store: SqlStore | None = None

    async def refresh(self) -> None:
        loop = asyncio.get_running_loop()
        figures = await loop.run_in_executor(self._thread, self._read)
        publish(figures, self.now_us(), metrics.tenant_label)

    def _read(self) -> Figures:
        if self._store is None:
            self._store = open_store(self.db, migrate=False, pool_size=1)
        try:
            return self._store.figures(self.tenants)
        except Exception:
            self._forget()  # a connection the database dropped: a new one next time
            raise

    def _forget(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            with contextlib.suppress(Exception):
                store.close()

    def close(self) -> None:
        self._thread.submit(self._forget)
        self._thread.shutdown(wait=True)


def publish(f: Figures, now_us: int, label: Callable[[str], str]) -> None:
    """Sets the database's gauges to ``f`` (no await: a scrape never sees half of it)."""

    def age(oldest_us: int | None) -> float:
        return max(0.0, (now_us - oldest_us) / 1e6) if oldest_us is not None else 0.0

    metrics.LOG_HEAD.set(f.last_cursor)
    metrics.FANOUT_CURSOR.set(f.fanout_cursor)
    # Every state is present (at 0 when empty), so an alert on it has a series to watch.
    backlog: dict[tuple[str, str], Backlog] = {
        (state, metrics.OTHER): Backlog() for state in metrics.WEBHOOK_STATES
    }
    for (state, tenant), b in f.pending.items():
        backlog.setdefault((state, label(tenant)), Backlog()).add(b.count, b.oldest_us)
    metrics.PENDING_DELIVERIES.clear()
    metrics.OLDEST_PENDING.clear()
    for (state, tenant), b in backlog.items():
        metrics.PENDING_DELIVERIES.labels(state, tenant).set(b.count)
        metrics.OLDEST_PENDING.labels(state, tenant).set(age(b.oldest_us))
    for state in metrics.WEBHOOK_STATES:
        metrics.WEBHOOKS.labels(state).set(f.webhooks.get(state, 0))
    metrics.ENDPOINT_FAILING.clear()
    metrics.ENDPOINT_DISABLED.clear()
    for e in f.endpoints:
        metrics.ENDPOINT_FAILING.labels(e.tenant_id, e.webhook_id).set(age(e.failing_since_us))
        metrics.ENDPOINT_DISABLED.labels(e.tenant_id, e.webhook_id).set(0 if e.enabled else 1)
    metrics.OUTBOX_PENDING.set(f.outbox.count)
    metrics.OUTBOX_OLDEST.set(age(f.outbox.oldest_us))
    metrics.TIMERS_ARMED.clear()
    for timer, count in f.timers_armed.items():
        metrics.TIMERS_ARMED.labels(metrics.timer_label(timer)).set(count)


class Admin:
    """What a long-running process (server or notifier) says of itself: its readiness, the
    database probe that feeds it, and the admin HTTP port that serves it with /metrics."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.readiness = Readiness()
        self.figuring: Figuring | None = None
        self.host = ""
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = [asyncio.create_task(sample_loop_lag())]

    async def start(self, listen: str) -> None:
        """Binds the admin port at ``listen`` (port 0 picks one; empty: no port)."""
        if not listen:
            return
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        self.host, port = split_address(listen)
        site = web.TCPSite(self._runner, self.host, port, reuse_address=True)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            if exc.errno != errno.EADDRINUSE:
                raise
            setting = "admin_listen" if self.role == "server" else "[notifier] admin_listen"
            variable = (
                "NEXUS_ADMIN_LISTEN" if self.role == "server" else "NEXUS_NOTIFIER_ADMIN_LISTEN"
            )
            hint = f"stop that process, or choose another address with {setting} ({variable})"
            raise PortInUse("admin", self.host, port, hint) from exc
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    def announce(self) -> None:
        """The line ``nexus up`` (and a person) reads the admin port from."""
        if self.port:
            print(
                f"nexus {self.role} admin on http://{self.host}:{self.port}"
                " (/metrics /livez /readyz)",
                flush=True,
            )

    async def opened(self, work: Work, config: Config, now_us: Callable[[], int]) -> None:
        """The database is open and migrated: ready, while it answers (looked at every
        ``PROBE_S``); its figures are served from now on."""
        if config.metrics and self.port and config.db != ":memory:":
            self.figuring = Figuring(config.db, config.metrics_tenants, now_us)
        self._tasks.append(asyncio.create_task(self._probe(work)))
        await self.readiness.update(migrating=False)

    async def _probe(self, work: Work) -> None:
        while True:
            error = None
            try:
                await asyncio.wait_for(work.run(work.store.schema_version), PROBE_TIMEOUT_S)
            except asyncio.CancelledError:
                raise
            except TimeoutError:
                error = f"no answer within {PROBE_TIMEOUT_S:g} s"
            except Exception as exc:  # any failure to answer is "unreachable"
                error = f"{type(exc).__name__}: {exc}"[:200]
            metrics.STORE_UP.set(0 if error else 1)
            if error != self.readiness.store_error:
                await self.readiness.update(store_error=error)
            await asyncio.sleep(PROBE_S)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
        if self.figuring is not None:
            await asyncio.to_thread(self.figuring.close)

    async def _metrics(self, request: web.Request) -> web.Response:
        if self.figuring is not None and self.readiness.store_error is None:
            try:
                await asyncio.wait_for(self.figuring.refresh(), PROBE_TIMEOUT_S)
            except Exception as exc:  # the process's own figures are still worth a scrape
                log.warning("could not read the figures of the database", exc_info=exc)
        encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
        body = encoder(REGISTRY)
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def _livez(self, request: web.Request) -> web.Response:
        return web.json_response({"live": True})

    async def _readyz(self, request: web.Request) -> web.Response:
        reasons = self.readiness.reasons
        body = json.dumps({"ready": not reasons, "reasons": reasons})
        return web.Response(
            status=200 if not reasons else 503, text=body, content_type="application/json"
        )


async def sample_loop_lag() -> None:
    """How late the loop wakes a sleeper: the time it spent busy without yielding."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + LOOP_SAMPLE_S
        await asyncio.sleep(LOOP_SAMPLE_S)
        metrics.LOOP_LAG.observe(max(0.0, loop.time() - due))


@contextlib.asynccontextmanager
async def observed(config: Config, role: str, listen: str) -> AsyncIterator[Admin]:
    """What a long-running process sets up first and takes down last: its metrics and
    tracing as configured, and its admin port, which answers from the start (not ready
    until ``Admin.opened``)."""
    metrics.configure(config.metrics_tenants)
    if not config.metrics:
        metrics.disable()
    metrics.BUILD.info({"version": _version(), "role": role})
    tracing.setup(f"nexus-{role}")
    admin = Admin(role)
    try:
        await admin.start(listen)
        yield admin
    finally:
        await admin.stop()
        tracing.shutdown()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nexus-channels")
    except PackageNotFoundError:
        return "unknown"
