"""Starting the notifier: as a task of the server, or as its own process (``nexus notifier``)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass

from nexus.channels.registry import profiles
from nexus.clock import Clock, SystemClock
from nexus.config import Config
from nexus.core import Core
from nexus.core.signal import LogSignal
from nexus.egress.client import EgressClient
from nexus.notifier.channels import ChannelSender, Write
from nexus.notifier.engine import Deliverer, Notifier
from nexus.store import SqliteStore, open_store

log = logging.getLogger("nexus.notifier")


@dataclass
class NotifierRuntime:
    notifier: Notifier
    channels: ChannelSender
    store: SqliteStore
    core: Core
    owns_store: bool = True
    wake: Callable[[], asyncio.Event] | None = None
    """The server's commit signal, when in its process: new events wake both consumers."""

    async def run(self, stop: asyncio.Event) -> None:
        """Both consumers of the event log: webhook deliveries and channel sends."""
        await asyncio.gather(self.notifier.run(stop), self.channels.run(stop, self.wake))

    async def close(self) -> None:
        await self.notifier.deliverer.client.close()
        if self.owns_store:
            self.store.close()


def build(
    config: Config,
    clock: Clock | None = None,
    log_signal: LogSignal | None = None,
    client: EgressClient | None = None,
    shared_store: SqliteStore | None = None,
    server_core: Core | None = None,
    write: Write | None = None,
) -> NotifierRuntime:
    """A notifier over its own connection to the database (the server keeps its own), or
    over ``shared_store`` (an in-memory database has no second connection).

    In the server's process the channel sender works on the server's own core and writes
    through its group commit (``server_core``, ``write``): its short transactions then
    share the server's commits instead of waiting for the write lock on the event loop.
    """
    store = shared_store or open_store(config.db)
    core = Core(store, config, clock or SystemClock(), signal=log_signal)
    deliverer = Deliverer(store, config.notifier, core.clock, core.disable_webhook, client)
    core._deliverer = deliverer
    wake = log_signal.current if log_signal is not None else None
    notifier = Notifier(store, deliverer, config.notifier, core.clock, wake=wake)
    owner = server_core or core
    if not owner.profiles:
        owner.profiles = profiles(config)
    channels = ChannelSender(
        owner.store,
        owner.record_sends,
        owner.channel_config,
        owner.profiles,
        config.notifier,
        core.clock,
        deliverer.client,  # one egress client, one SSRF guard, for webhooks and channels
        write=write,
    )
    return NotifierRuntime(
        notifier, channels, store, core, owns_store=shared_store is None, wake=wake
    )


class InProcess:
    """The notifier as a task of the server's event loop."""

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
    runtime = build(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"nexus notifier delivering from {config.db}", flush=True)
    try:
        await runtime.run(stop)
    finally:
        await runtime.close()
