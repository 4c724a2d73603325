"""Timers fire once and only once across processes, and across a process killed at any
moment: the claim is the transaction that applies the transition."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from nexus.clock import FakeClock, SystemClock
from nexus.config import Config, TimerConfig
from nexus.core import Core
from nexus.domain import lifecycle
from nexus.store import open_store
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

S = ipb.State

# Fires every timer due at the given time, a few per transaction, until none is left.
FIRER = """
import sys
from nexus.clock import FakeClock
from nexus.config import Config, TimerConfig
from nexus.core import Core
from nexus.store import open_store

path, now_us, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = open_store(path)
core = Core(store, Config(db=path, timers=TimerConfig(enabled=False)), clock=FakeClock(now_us))
print("ready", flush=True)
while core.timers.fire_timers(batch):
    pass
store.close()
"""


def arm_offers(path: str, count: int, now_us: int) -> list[str]:
    """``count`` OFFERED chats, armed at ``now_us`` (offer_timeout: 30 s)."""
    store = open_store(path)
    config = Config(db=path, bootstrap_api_key="nxs_processes", timers=TimerConfig(enabled=False))
    core = Core(store, config, clock=FakeClock(now_us))
    core.bootstrap()
    p = core.authenticate("nxs_processes")
    names = []
    with store.transaction():
        for _ in range(count):
            i = core.interactions.create(
                p,
                ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                ),
            )
            queue = ispb.QueueInteractionRequest(name=i.name, queue="q")
            core.interactions.transition(p, queue, lifecycle.QUEUE)
            offer = ispb.OfferInteractionRequest(name=i.name, agent="ann")
            core.interactions.transition(p, offer, lifecycle.OFFER)
            names.append(i.name)
    store.close()
    return names


def start_firer(path: str, now_us: int, batch: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", FIRER, path, str(now_us), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def check_exactly_once(path: str, names: list[str]) -> None:
    """Every interaction went back to the queue by exactly one timer event, and its row
    agrees with its events (no half-applied firing)."""
    store = open_store(path)
    try:
        tenant = store.list_tenants()[0].id
        for name in names:
            interaction_id = name.split("/")[1]
            i = store.get_interaction(tenant, interaction_id)
            assert i is not None
            assert (i.state, i.assigned_agent, i.HasField("next_timer")) == (
                S.STATE_QUEUED,
                "",
                False,
            ), name
            rows = store.conn.execute(
                "SELECT data FROM events WHERE tenant_id = ? AND interaction_id = ?"
                " ORDER BY cursor",
                (tenant, interaction_id),
            ).fetchall()
            events = [epb.Event.FromString(r[0]) for r in rows]
            timed = [e for e in events if e.state_change.timer]
            assert len(timed) == 1, name
            assert timed[0].actor == lifecycle.TIMER_ACTOR
            assert [e.sequence for e in events] == list(range(1, i.sequence + 1))
            assert events[-1].interaction_snapshot.state == S.STATE_QUEUED
        assert store.due_timers(2**62, 10) == []
    finally:
        store.close()


def test_two_processes_fire_each_timer_once(tmp_path):
    path = str(tmp_path / "nexus.db")
    start = SystemClock().now_us()
    names = arm_offers(path, 300, start)
    later = start + 31_000_000
    procs = [start_firer(path, later, 7), start_firer(path, later, 11)]
    for proc in procs:
        assert proc.wait(60) == 0
    check_exactly_once(path, names)


def test_a_firer_killed_at_any_moment_loses_and_repeats_nothing(tmp_path):
    path = str(tmp_path / "nexus.db")
    start = SystemClock().now_us()
    names = arm_offers(path, 400, start)
    later = start + 31_000_000
    rng = random.Random(7)
    kills = 0
    for _ in range(40):
        proc = start_firer(path, later, 3)
        time.sleep(rng.uniform(0.0, 0.15))  # when to kill, not a timing assertion
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(30)
        store = open_store(path)
        left = store.due_timers(later, 1)
        store.close()
        if not left:
            break
    else:
        assert start_firer(path, later, 50).wait(60) == 0
    assert kills >= 1
    check_exactly_once(path, names)


async def test_the_servers_own_worker_fires_due_timers(config):
    """The worker of ``nexus serve`` on the real clock: a 1 s offer timeout comes back."""
    import asyncio

    import grpc
    from google.protobuf import duration_pb2

    from nexus.app import create_server

    from conftest import API_KEY, make_client
    from helpers import in_state

    running = await create_server(config.replace(timers=TimerConfig(idle_poll_s=0.05)))
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    try:
        a = make_client(channel, API_KEY)
        await a.interactions.UpdateTimerPolicy(
            ispb.UpdateTimerPolicyRequest(
                timer_policy=ipb.TimerPolicy(
                    name="timerPolicies/chat", offer_timeout=duration_pb2.Duration(seconds=1)
                )
            ),
            metadata=a.md,
        )
        i = await in_state(a, S.STATE_OFFERED)
        for _ in range(200):  # at most 20 s: bounded, not a speed check
            got = await a.interactions.GetInteraction(
                ispb.GetInteractionRequest(name=i.name), metadata=a.md
            )
            if got.state == S.STATE_QUEUED:
                break
            await asyncio.sleep(0.1)
        assert got.state == S.STATE_QUEUED
    finally:
        await channel.close()
        await running.stop(0)
