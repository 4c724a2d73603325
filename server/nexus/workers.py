"""Wiring of the workers that consume the event log (webhook deliveries and channel
sends): as tasks of the server, or as a process of their own (``nexus notifier``)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass

from nexus.admin import observed
from nexus.channels.registry import profiles
from nexus.clock import Clock, SystemClock
from nexus.config import Config
from nexus.core import Core
from nexus.core.signal import LogSignal
from nexus.egress.client import EgressClient
from nexus.egress.deliverer import Deliverer
from nexus.notifier.channels import ChannelSender
from nexus.notifier.engine import Notifier
from nexus.store import Store, Work, describe_db, open_store, work_for

log = logging.getLogger("nexus.notifier")


@dataclass
class NotifierRuntime:
    notifier: Notifier
    channels: ChannelSender
    store: Store
    work: Work
    core: Core
    owns_store: bool = True
    wake: Callable[[], asyncio.Event] | None = None
    """The commit signal: this process's commits, and on PostgreSQL every process's."""

    async def run(self, stop: asyncio.Event) -> None:
        """Both consumers of the event log: webhook deliveries and channel sends."""
        await asyncio.gather(self.notifier.run(stop), self.channels.run(stop, self.wake))

    async def close(self) -> None:
        await self.notifier.deliverer.client.close()
        await self.work.close()
        if self.owns_store:
            self.store.close()


async def build(
    config: Config,
    clock: Clock | None = None,
    log_signal: LogSignal | None = None,
    client: EgressClient | None = None,
    shared_store: Store | None = None,
    server_core: Core | None = None,
    server_work: Work | None = None,
) -> NotifierRuntime:
    """The workers over their own connection to the database (the server keeps its own),
    or over ``shared_store`` (an in-memory database has no second connection).

    In the server's process they share its commit signal (``log_signal``), and the channel
    sender works on the server's own core and writes through its group commit
    (``server_core``, ``server_work``): its short transactions then share the server's
    commits.
    On its own, the process listens for commits itself (PostgreSQL's NOTIFY; SQLite polls).
    """
    store: Store
    if shared_store is not None:
        store = shared_store
    else:
        store = await asyncio.to_thread(
            open_store, config.db, key_cache_s=config.key_cache_s, pool_size=config.db_pool_size
        )
    listens = log_signal is None
    signal_ = log_signal or LogSignal()
    work = work_for(store, signal_.notify if listens else None)
    if listens:
        await work.start()
    core = Core(store, config, clock or SystemClock(), signal=signal_)
    deliverer = Deliverer(
        store, config.notifier, core.clock, core.deliveries.disable_webhook, client
    )
    wake = signal_.current
    notifier = Notifier(store, deliverer, config.notifier, core.clock, wake=wake, run=work.run)
    owner = server_core or core
    owner_work = server_work or work
    if not owner.profiles:
        owner.profiles = profiles(config)
    channels = ChannelSender(
        owner.store,
        owner.channels.record_sends,
        owner.channels.channel_config,
        owner.profiles,
        config.notifier,
        core.clock,
        deliverer.client,  # one egress client, one SSRF guard, for webhooks and channels
        write=owner_work.write,
        run=owner_work.run,
    )
    return NotifierRuntime(
        notifier, channels, store, work, core, owns_store=shared_store is None, wake=wake
    )


class InProcess:
    """The workers as tasks of the server's event loop."""

    def __init__(self, runtime: NotifierRuntime) -> None:
        self.runtime = runtime
        self.stop_event = asyncio.Event()
        self.task = asyncio.create_task(runtime.run(self.stop_event))

    async def stop(self) -> None:
        self.stop_event.set()
        try:
            await self.task
        finally:
            await self.runtime.close()


async def run_process(config: Config) -> None:
    """``nexus notifier``: runs until SIGTERM/SIGINT, then finishes in-flight attempts."""
    async with observed(config, "notifier", config.notifier.admin_listen) as admin:
        runtime = await build(config)
        await admin.opened(runtime.work, config, runtime.core.clock.now_us)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        draining: set[asyncio.Future[None]] = set()

        def on_signal() -> None:
            stop.set()
            draining.add(asyncio.ensure_future(admin.readiness.update(draining=True)))

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal)
        admin.announce()
        print(f"nexus notifier delivering from {describe_db(config.db)}", flush=True)
        try:
            await runtime.run(stop)
        finally:
            await runtime.close()
