"""Wiring: builds the grpc.aio server from a config, runs it, shuts it down gracefully."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from nexus.admin import observed
from nexus.api.interceptors import Interceptors
from nexus.api.servicers import (
    AccessServicer,
    ChannelServicer,
    EventServicer,
    InteractionServicer,
    WebhookServicer,
)
from nexus.api.smtp_intake import SmtpIntake
from nexus.channels.registry import profiles
from nexus.channels.smtp_listener import SmtpListener
from nexus.config import Config
from nexus.core import Core
from nexus.core.signal import LogSignal
from nexus.logs import Retrying
from nexus.store import Store, Work, describe_db, open_store, work_for
from nexus.v1 import (
    access_service_pb2,
    channel_service_pb2,
    event_service_pb2,
    interaction_service_pb2,
    webhook_service_pb2,
)
from nexus.v1 import access_service_pb2_grpc as aspb_grpc
from nexus.v1 import channel_service_pb2_grpc as cspb_grpc
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc
from nexus.workers import InProcess
from nexus.workers import build as build_notifier

log = logging.getLogger("nexus.server")

SERVICE_NAMES = tuple(
    module.DESCRIPTOR.services_by_name[name].full_name
    for module, name in (
        (interaction_service_pb2, "InteractionService"),
        (webhook_service_pb2, "WebhookService"),
        (channel_service_pb2, "ChannelService"),
        (event_service_pb2, "EventService"),
        (access_service_pb2, "AccessService"),
    )
)


@dataclass
class Running:
    """A started server and what a caller needs to talk to or stop it."""

    server: grpc.aio.Server
    port: int
    core: Core
    health: health.aio.HealthServicer
    store: Store
    bootstrap_key: str | None
    maintenance: asyncio.Task[None]
    work: Work
    notifier: InProcess | None = None
    smtp: SmtpListener | None = None

    async def serving(self, ready: bool) -> None:
        """gRPC health follows readiness: Envoy sends no requests to a server that is not
        ready (its database unreachable), and takes it back once it is."""
        health = health_pb2.HealthCheckResponse
        status = health.SERVING if ready else health.NOT_SERVING
        for name in ("", *SERVICE_NAMES):
            await self.health.set(name, status)

    async def stop(self, grace: float | None = None) -> None:
        """Health goes NOT_SERVING first (so a proxy drains), then in-flight RPCs get ``grace``;
        the notifier finishes its in-flight attempts last."""
        await self.health.enter_graceful_shutdown()
        if self.smtp is not None:
            await self.smtp.stop()
        await self.server.stop(grace)
        self.maintenance.cancel()
        if self.notifier is not None:
            await self.notifier.stop()
        await self.core.deliveries.close_egress()
        await self.work.close()  # waits for a commit in flight
        self.store.close()


def prune_request_ids(core: Core) -> int:
    """Forgets the request ids older than their retention window."""
    cutoff = core.clock.now_us() - int(core.config.request_id_ttl_s * 1_000_000)
    with core.store.transaction():
        return core.store.prune_requests(cutoff)


PRUNE_CHUNK = 1000


async def prune_deliveries(core: Core, work: Work) -> int:
    """Deletes finished deliveries and channel sends past their retention, a chunk per short transaction so
    that writers are never held up for long."""
    retention_s = core.config.notifier.delivery_retention_s
    if retention_s <= 0:
        return 0
    cutoff = core.clock.now_us() - int(retention_s * 1_000_000)
    total = 0
    # Webhook deliveries, then the channel sender's finished work (the messages keep
    # their delivery state; the outbox row is only the sender's bookkeeping).
    for prune in (core.store.prune_deliveries, core.store.prune_outbox):
        while True:
            pruned = await work.write(functools.partial(prune, cutoff, PRUNE_CHUNK))
            total += pruned
            if pruned < PRUNE_CHUNK:
                break
            await asyncio.sleep(0)
    return total


async def when_due(
    what: str,
    core: Core,
    uow: Work,
    work: Callable[[], int],
    full: int,
    next_due_us: Callable[[], int | None],
    idle_s: float,
    slack_s: float = 0.0,
    least_s: float = 0.0,
) -> None:
    """Runs ``work`` (a write that handles what is due and says how much) as things fall
    due: again at once while it is ``full``, then at the next due time plus ``slack_s``,
    looking at least every ``idle_s`` (for what was scheduled after it went to sleep) and
    sleeping at least ``least_s`` between rounds."""
    retrying = Retrying(log, what)
    while True:
        try:
            while await uow.write(work) >= full:
                pass
            due = await uow.run(next_due_us)
        except Exception as exc:
            retrying.failed(exc)
            due = None
        else:
            retrying.succeeded()
        wait = idle_s
        if due is not None:
            wait = min(idle_s, max(0.0, (due - core.clock.now_us()) / 1e6) + slack_s)
        await asyncio.sleep(max(wait, least_s))


def sweep_typing(core: Core, work: Work) -> Coroutine[Any, Any, None]:
    """Announces lapsed typing indicators as stopped, soon after each lapses."""
    return when_due(
        "typing sweep", core, work, core.typing.expire_typing, 500, core.typing.next_typing_expiry_us,
        idle_s=1.0, slack_s=0.01,
    )  # fmt: skip


def fire_timers(core: Core, work: Work) -> Coroutine[Any, Any, None]:
    """Fires lifecycle timers as they fall due: rounds are at least ``coalesce_s`` apart,
    so that timers due together share a transaction."""
    config = core.config.timers
    return when_due(
        "firing timers", core, work, lambda: core.timers.fire_timers(config.batch), config.batch,
        core.timer_policies.next_timer_due_us, idle_s=config.idle_poll_s, least_s=config.coalesce_s,
    )  # fmt: skip


async def maintain(core: Core, work: Work, every_s: float = 600.0) -> None:
    """Housekeeping at start and then periodically; the typing sweep and the lifecycle
    timers all along."""
    loops = [asyncio.create_task(sweep_typing(core, work))]
    if core.config.timers.enabled:
        loops.append(asyncio.create_task(fire_timers(core, work)))
    try:
        await _housekeeping(core, work, every_s)
    finally:
        for task in loops:
            task.cancel()


async def _housekeeping(core: Core, work: Work, every_s: float) -> None:
    while True:
        try:
            if pruned := await work.write(lambda: prune_request_ids(core)):
                log.info("pruned request ids", extra={"count": pruned})
            if pruned := await prune_deliveries(core, work):
                log.info("pruned finished deliveries and sends", extra={"count": pruned})
        except Exception:
            log.exception("maintenance failed; retrying later")
        await asyncio.sleep(every_s)


# Request metadata the server admits. Envoy admits 16 KiB of request headers (its
# header_limit filter) and forwards them with a few of its own plus the original REST
# path (x-envoy-original-path), so everything Envoy lets through fits; between gRPC's
# soft and hard limits requests would be refused at random, hence one value for both.
MAX_METADATA_BYTES = 64 * 1024


def server_options(config: Config) -> list[tuple[str, int]]:
    return [
        ("grpc.max_metadata_size", MAX_METADATA_BYTES),
        ("grpc.absolute_max_metadata_size", MAX_METADATA_BYTES),
        ("grpc.max_receive_message_length", config.max_message_bytes),
        ("grpc.max_send_message_length", config.max_message_bytes),
        ("grpc.keepalive_time_ms", 60_000),
        ("grpc.keepalive_timeout_ms", 20_000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
        ("grpc.http2.max_ping_strikes", 2),
        ("grpc.max_connection_idle_ms", 30 * 60_000),
        ("grpc.so_reuseport", 0),
    ]


async def create_server(config: Config) -> Running:
    """Opens the store, bootstraps the first tenant, binds ``config.listen`` (port 0 picks one)."""
    store = await asyncio.to_thread(
        open_store, config.db, key_cache_s=config.key_cache_s, pool_size=config.db_pool_size
    )
    log_signal = LogSignal()
    work = work_for(store, log_signal.notify)
    core = Core(store, config, signal=log_signal)
    core.profiles = profiles(config)
    bootstrap_key = await work.run(core.bootstrap)
    await work.run(core.timer_policies.rearm_all)
    await work.start()
    server = grpc.aio.server(options=server_options(config))
    chain = Interceptors(core, work)
    chain.add(
        ispb_grpc.add_InteractionServiceServicer_to_server,
        InteractionServicer(core, work),
        server,
    )
    chain.add(wspb_grpc.add_WebhookServiceServicer_to_server, WebhookServicer(core, work), server)
    chain.add(cspb_grpc.add_ChannelServiceServicer_to_server, ChannelServicer(core, work), server)
    chain.add(
        espb_grpc.add_EventServiceServicer_to_server,
        EventServicer(core, work, config.heartbeat_s, config.watch_poll_s),
        server,
    )
    chain.add(aspb_grpc.add_AccessServiceServicer_to_server, AccessServicer(core, work), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    port = server.add_insecure_port(config.listen)
    if port == 0:
        raise OSError(f"could not bind {config.listen}")
    await server.start()
    notifier = None
    if config.notifier.in_process:
        shared = store if config.db == ":memory:" else None
        runtime = await build_notifier(
            config, core.clock, log_signal, shared_store=shared, server_core=core, server_work=work
        )
        notifier = InProcess(runtime)
    maintenance = asyncio.create_task(maintain(core, work))
    running = Running(
        server, port, core, health_servicer, store, bootstrap_key, maintenance, work, notifier
    )
    await running.serving(True)
    if config.smtp_listen:
        try:
            running.smtp = await start_smtp(config, core, work)
        except BaseException:
            await running.stop(0)
            raise
    return running


async def start_smtp(config: Config, core: Core, work: Work) -> SmtpListener:
    """The inbound SMTP listener of e-mail channels, on the server's event loop."""
    intake = SmtpIntake(core, work)
    host, _, port = config.smtp_listen.rpartition(":")
    listener = SmtpListener(
        host.strip("[]") or "127.0.0.1",
        int(port),
        intake.deliver,
        intake.domain,
        max_bytes=config.smtp_max_bytes,
        accepts=intake.accepts,
    )
    bound = await listener.start()
    log.info("SMTP listener", extra={"address": f"{host}:{bound}"})
    return listener


async def serve(config: Config, ready: asyncio.Event | None = None) -> None:
    """Runs until SIGTERM or SIGINT, then shuts down gracefully. The admin port answers
    from the start: not ready while the schema migrates, the database is unreachable, or
    the server drains."""
    async with observed(config, "server", config.admin_listen) as admin:
        running = await create_server(config)
        admin.readiness.listeners.append(running.serving)
        await admin.opened(running.work, config, running.core.clock.now_us)
        host = config.listen.rsplit(":", 1)[0]
        log.info(
            "nexus listening",
            extra={"address": f"{host}:{running.port}", "db": describe_db(config.db)},
        )
        if running.bootstrap_key:
            # A generated key is shown once, here; a configured one its owner already has,
            # and output is often a log file (nexus up's): it is never repeated.
            key = "the configured API key" if config.bootstrap_api_key else running.bootstrap_key
            print(f"Created tenant '{config.bootstrap_tenant}' with API key: {key}", flush=True)
        admin.announce()
        loop_name = type(asyncio.get_running_loop()).__module__.split(".")[0]
        print(f"nexus serving gRPC on {host}:{running.port} (event loop: {loop_name})", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        if ready is not None:
            ready.set()
        await stop.wait()
        log.info("shutting down", extra={"grace_s": config.grace_period_s})
        await admin.readiness.update(draining=True)
        await running.stop(config.grace_period_s)
