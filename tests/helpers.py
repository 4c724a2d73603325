"""Test helpers: building requests, unpacking rich errors, driving lifecycles."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from nexus.app import create_server
from nexus.config import Config
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

S = ipb.State


async def until(
    check: Callable[[], bool | Awaitable[bool]], seconds: float = 30.0, blocking: bool = False
) -> None:
    """Waits until ``check()`` holds, asking every 0.1 s (a poll: what it looks at, an HTTP
    probe or another process, cannot say when it changes); fails after ``seconds``.
    ``blocking``: the check does I/O and runs on a thread."""
    async with asyncio.timeout(seconds):
        while True:
            held = await asyncio.to_thread(check) if blocking else check()
            if inspect.isawaitable(held):
                held = await held
            if held:
                return
            await asyncio.sleep(0.1)


Samples = list[tuple[str, dict[str, str], float]]


def scrape(url: str) -> Samples:
    """A process's /metrics, parsed by prometheus_client's own parser."""
    import urllib.request

    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.status == 200
        text = resp.read().decode()
    return [
        (s.name, s.labels, s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of the samples named ``name`` whose labels include ``labels``."""
    return sum(
        v for n, ls, v in samples if n == name and all(ls.get(k) == x for k, x in labels.items())
    )


async def db(fn: Any, *args: Any) -> Any:
    """Runs a test's direct store work off the event loop (PostgreSQL refuses it there)."""
    return await asyncio.to_thread(fn, *args)


def rich_status(err: grpc.RpcError) -> status_pb2.Status:
    """The google.rpc.Status in the error's trailers."""
    for key, value in err.trailing_metadata() or ():  # type: ignore[attr-defined]
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError(f"no grpc-status-details-bin in {err!r}")


def details(status: status_pb2.Status) -> dict[str, Any]:
    """Unpacks the details by type name: ErrorInfo, BadRequest, PreconditionFailure…"""
    out: dict[str, Any] = {}
    for any_ in status.details:
        name = any_.TypeName().rsplit(".", 1)[-1]
        msg = getattr(error_details_pb2, name)()
        any_.Unpack(msg)
        out[name] = msg
    return out


async def expect_error(call: Awaitable[Any], code: grpc.StatusCode) -> dict[str, Any]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    assert info.value.code() == code, info.value.details()
    status = rich_status(info.value)
    assert status.code == code.value[0]
    found = details(status)
    assert found["ErrorInfo"].domain == "nexus.dev"
    assert found["ErrorInfo"].reason
    return found


def violated_fields(found: dict[str, Any]) -> list[str]:
    return [v.field for v in found["BadRequest"].field_violations]


async def create(client, **fields: Any) -> ipb.Interaction:
    fields.setdefault("media_type", ipb.MEDIA_TYPE_CHAT)
    return await client.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(**fields)), metadata=client.md
    )


async def call(client, method: str, **fields: Any) -> ipb.Interaction:
    """Calls a lifecycle method, e.g. call(c, "QueueInteraction", name=…, queue="q")."""
    request = getattr(ispb, f"{method}Request")(**fields)
    return await getattr(client.interactions, method)(request, metadata=client.md)


# A path of lifecycle calls that brings a NEW interaction into each state.
PATHS: dict[int, list[tuple[str, dict[str, Any]]]] = {
    S.STATE_NEW: [],
    S.STATE_AUTOMATED: [("AutomateInteraction", {"bot": "bot-1"})],
    S.STATE_QUEUED: [("QueueInteraction", {"queue": "sales"})],
    S.STATE_OFFERED: [
        ("QueueInteraction", {"queue": "sales"}),
        ("OfferInteraction", {"agent": "ann"}),
    ],
    S.STATE_ACTIVE: [
        ("QueueInteraction", {"queue": "sales"}),
        ("AcceptInteraction", {"agent": "ann"}),
    ],
    S.STATE_WAITING: [
        ("QueueInteraction", {"queue": "sales"}),
        ("AcceptInteraction", {"agent": "ann"}),
        ("WaitInteraction", {}),
    ],
    S.STATE_SNOOZED: [
        ("QueueInteraction", {"queue": "sales"}),
        ("AcceptInteraction", {"agent": "ann"}),
        ("SnoozeInteraction", {"snooze_until": "future"}),
    ],
    S.STATE_WRAP_UP: [
        ("QueueInteraction", {"queue": "sales"}),
        ("AcceptInteraction", {"agent": "ann"}),
        ("WrapUpInteraction", {}),
    ],
    S.STATE_COMPLETED: [("CompleteInteraction", {"reason": ipb.COMPLETION_REASON_CANCELLED})],
}


def future_timestamp(hours: float = 1.0):
    import time

    from google.protobuf.timestamp_pb2 import Timestamp

    ts = Timestamp()
    ts.FromMicroseconds(int((time.time() + hours * 3600) * 1_000_000))
    return ts


def with_future(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (future_timestamp() if v == "future" else v) for k, v in params.items()}


async def in_state(client, state: int, **create_fields: Any) -> ipb.Interaction:
    interaction = await create(client, **create_fields)
    for method, params in PATHS[state]:
        interaction = await call(client, method, name=interaction.name, **with_future(params))
    assert interaction.state == state
    return interaction


class ServerThread:
    """The real server on its own event loop, so that hypothesis can drive it synchronously."""

    def __init__(self, config: Config) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.running = asyncio.run_coroutine_threadsafe(create_server(config), self.loop).result(30)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.running.stop(0), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
