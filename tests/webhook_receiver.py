"""A real HTTPS webhook receiver on loopback (aiohttp + a trustme CA), for notifier tests."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import trustme
from aiohttp import web


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")


Responder = Callable[[Received], Awaitable[web.StreamResponse] | web.StreamResponse]


def ok(_: Received) -> web.StreamResponse:
    return web.Response(status=200, text="thanks")


class Receiver:
    """Records every request; ``responder`` decides each answer (200 by default)."""

    def __init__(self, ca: trustme.CA, names: tuple[str, ...] = ("localhost",)) -> None:
        self.ca = ca
        self.names = names
        self.received: list[Received] = []
        self.responder: Responder = ok
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str = "/hook", host: str = "localhost") -> str:
        return f"https://{host}:{self.port}{path}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        headers = {k.lower(): v for k, v in request.headers.items()}
        got = Received(request.path, headers, await request.read())
        self.received.append(got)
        self._arrived.set()
        answer = self.responder(got)
        if asyncio.iscoroutine(answer) or isinstance(answer, Awaitable):
            answer = await answer
        return answer  # type: ignore[return-value]

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        # By default only the name: a client that verified the vetted IP instead of the host
        # would fail. SSRF tests add IP identities, so that reaching the receiver is visible.
        self.ca.issue_cert(*self.names).configure_cert(ctx)
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=ctx)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ssl = ctx
        return self

    async def listen_also(self, host: str) -> None:
        """Also listen on ``host`` (e.g. ``::1``), on the same port."""
        assert self._runner is not None
        await web.TCPSite(self._runner, host, self.port, ssl_context=self._ssl).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def wait_for(self, predicate: Callable[[], bool], seconds: float = 30.0) -> None:
        """Waits until ``predicate()`` holds (checked on each arrival); fails after ``seconds``."""
        async with asyncio.timeout(seconds):
            while not predicate():
                self._arrived.clear()
                if predicate():
                    return
                await self._arrived.wait()
