"""The inbound SMTP listener: mail for nexus, received on the server's own event loop.

aiosmtpd's ``Controller`` runs its server on a loop in a thread of its own; here the
``aiosmtpd.smtp.SMTP`` protocol is served by ``loop.create_server`` instead, so delivery
calls into nexus on the loop the rest of nexus runs on (no cross-thread hand-off, one loop
to stop). The listener decides nothing about the mail itself: ``accepts`` answers per
recipient at RCPT time (a 550 then, rather than a bounce later), ``deliver`` takes each
accepted message; ``smtp.inbound_from_mime`` reads it.

As the final delivery hop it prepends ``Return-Path: <envelope sender>`` (RFC 5321 §4.4),
which is how an empty return path (``<>``: a bounce or an auto-reply) stays visible to the
loop-avoidance rules once only the bytes are left.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger("nexus.channels.smtp_listener")

Deliver = Callable[[list[str], bytes], Awaitable[None]]
"""``(recipients, raw)``: returns to accept (250); raises LookupError for an unknown
recipient (550); anything else raised is answered 451 so that the sender tries again."""
Accepts = Callable[[str], Awaitable[bool]]
"""Whether mail for this address is taken (False: 550 5.1.1 at RCPT time)."""

MAX_RECIPIENTS = 100
"""RFC 5321 §4.5.3.1.8: at least 100 must be accepted; more are answered 452."""


class _Handler:
    """aiosmtpd's hooks, bound to one listener."""

    def __init__(self, deliver: Deliver, accepts: Accepts | None) -> None:
        self.deliver = deliver
        self.accepts = accepts

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        if self.accepts is not None:
            try:
                known = await self.accepts(address)
            except Exception:
                log.exception("accepts(%r) failed", address)
                return "451 4.3.0 Temporary failure, try again later"
            if not known:
                return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        # aiosmtpd keeps a null reverse-path as the literal "<>".
        sender = (envelope.mail_from or "").strip().removeprefix("<").removesuffix(">")
        raw = b"Return-Path: <" + sender.encode("utf-8", "surrogateescape") + b">\r\n" + content
        try:
            await self.deliver(list(envelope.rcpt_tos), raw)
        except LookupError as exc:
            return f"550 5.1.1 Recipient address rejected: {exc}"
        except Exception:
            log.exception("delivery of mail from %r failed", sender)
            return "451 4.3.0 Temporary failure, try again later"
        return "250 2.0.0 OK"


class _Connection(SMTP):
    """One client connection, known to its listener until it is lost (for ``stop``)."""

    def __init__(self, listener: SmtpListener, handler: _Handler, **kwargs: Any) -> None:
        self._listener = listener
        super().__init__(handler, **kwargs)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._listener._connections.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self._listener._connections.discard(self)
        super().connection_lost(error)


class SmtpListener:
    """Accepts mail on ``host:port`` (port 0: any free one; ``start`` says which; give an
    address then, as a name with several addresses would get a different port for each).

    ``domain`` names the server in its greeting and EHLO answer (given, so that aiosmtpd
    does not call the blocking ``socket.getfqdn`` for every connection). Messages larger
    than ``max_bytes`` are refused with 552 before they are handed on.
    """

    def __init__(
        self,
        host: str,
        port: int,
        deliver: Deliver,
        domain: str,
        max_bytes: int = 10 * 1024 * 1024,
        accepts: Accepts | None = None,
        timeout_s: float = 300.0,
    ) -> None:
        self.host = host
        self.port = port
        self.domain = domain
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self._handler = _Handler(deliver, accepts)
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()

    def _connection(self) -> _Connection:
        return _Connection(
            self,
            self._handler,
            hostname=self.domain,
            ident="nexus",
            data_size_limit=self.max_bytes,
            enable_SMTPUTF8=True,
            timeout=self.timeout_s,
            loop=asyncio.get_running_loop(),
        )

    async def start(self) -> int:
        """Binds and listens; returns the bound port."""
        if self._server is not None:
            raise RuntimeError("already started")
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        """Stops listening and closes every open connection (a message not yet answered is
        not delivered: its sender still holds it and will try again)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        connections = list(self._connections)
        for conn in connections:
            if conn.transport is not None:
                conn.transport.close()
        # aiosmtpd names no public handle of a connection's task; it is cancelled when the
        # connection is lost, and waited for here so that nothing outlives stop().
        tasks = [t for c in connections if (t := getattr(c, "_handler_coroutine", None))]
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()
