"""The smtp profile against real SMTP servers, and the inbound listener with a real client.

Relays are aiosmtpd ``Controller``s (a thread each, on a free loopback port) whose handlers
record what reached them: sending, threading, STARTTLS with a trustme certificate and AUTH,
4xx and 5xx answers, timeouts, the SSRF guard. The listener runs on the test's own loop
(uvloop) and is fed by aiosmtplib: recipients checked at RCPT, delivery, and a customer's
reply that finds the thread of a message ``SmtpProfile`` sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import aiosmtplib
import pytest
import uvloop
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from nexus.channels.base import ChannelConfig, Outbound
from nexus.channels.smtp import SmtpProfile, inbound_from_mime
from nexus.channels.smtp_listener import SmtpListener
from nexus.egress.guard import Guard

DOMAIN = "nexus.test"
LOOPBACK = ("127.0.0.1/32",)


def free_port() -> int:
    """A port free a moment ago (aiosmtpd's Controller cannot bind port 0: its readiness
    probe dials the port it was given)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self) -> EmailMessage:
        msg = BytesParser(policy=policy.default).parsebytes(self.raw)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Recorder:
    """A relay's handler: records each message, or answers a stage with a fixed reply."""

    answers: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if "MAIL" in self.answers:
            return self.answers["MAIL"]
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if "RCPT" in self.answers:
            return self.answers["RCPT"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if "DATA" in self.answers:
            return self.answers["DATA"]
        self.received.append(
            Received(
                envelope.mail_from or "",
                list(envelope.rcpt_tos),
                envelope.original_content or b"",
                session.ssl is not None,
                bool(session.authenticated),
            )
        )
        return "250 Message accepted for delivery"


@contextlib.asynccontextmanager
async def relay(handler: Recorder, **smtp_kwargs: Any) -> AsyncIterator[int]:
    """A real SMTP server on 127.0.0.1; yields its port, stops it on the way out."""
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, server_hostname="relay.test", **smtp_kwargs
    )
    await asyncio.to_thread(controller.start)
    try:
        yield port
    finally:
        await asyncio.to_thread(controller.stop)


def channel(port: int, **kw: Any) -> ChannelConfig:
    values: dict[str, Any] = {
        "name": "channels/mail",
        "kind": 2,
        "from_address": "support@nexus.test",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_starttls": False,
        "secrets": ("s3cret",),
    }
    values.update(kw)
    return ChannelConfig(**values)


def outbound(n: int, refs: tuple[str, ...] = (), **kw: Any) -> Outbound:
    values: dict[str, Any] = {
        "message": f"interactions/i1/messages/m{n}",
        "interaction": "interactions/i1",
        "channel": "channels/mail",
        "to": "customer@example.com",
        "text": f"Answer {n}: Grüße",
        "subject": "Your order",
        "thread_id": "Case:42",
        "sender_display_name": "Ann Agent",
        "references": refs,
    }
    values.update(kw)
    return Outbound(**values)


async def no_post(*args: object) -> object:
    raise AssertionError("smtp never posts")


def table(hosts: dict[str, list[str]]):
    """A resolver that knows only ``hosts``: names DNS cannot resolve prove that the
    profile connects to the vetted addresses, never to the name."""

    async def lookup(host: str, port: int) -> list[str]:
        if host not in hosts:
            raise OSError(f"unknown host {host}")
        return hosts[host]

    return lookup


# -- sending -----------------------------------------------------------------------------


async def test_send_delivers_and_a_reply_threads() -> None:
    recorder = Recorder()
    profile = SmtpProfile(DOMAIN, Guard(LOOPBACK))
    async with relay(recorder) as port:
        first = await profile.send(channel(port), outbound(1), no_post, 10.0)
        assert first.ok, first
        assert first.provider_message_id == profile.message_id_for(outbound(1))
        assert first.latency_us > 0
        second = await profile.send(
            channel(port), outbound(2, (first.provider_message_id,)), no_post, 10.0
        )
        assert second.ok, second

    assert [r.mail_from for r in recorder.received] == ["support@nexus.test"] * 2
    assert [r.rcpt_tos for r in recorder.received] == [["customer@example.com"]] * 2
    one, two = (r.message for r in recorder.received)
    assert one["Message-ID"] == first.provider_message_id
    assert one["From"] == "Ann Agent <support@nexus.test>"
    assert one["To"] == "customer@example.com"
    assert one["Subject"] == "Your order [#_inqxgzj2gqza]"
    assert one["Reply-To"] == "Ann Agent <support+_inqxgzj2gqza@nexus.test>"
    assert "In-Reply-To" not in one and "References" not in one
    assert "Auto-Submitted" not in one
    body = one.get_body(("plain",))
    assert body is not None and body.get_content().strip() == "Answer 1: Grüße"

    assert two["Message-ID"] == second.provider_message_id != first.provider_message_id
    assert two["In-Reply-To"] == first.provider_message_id
    assert two["References"] == first.provider_message_id
    assert two["Subject"] == "Re: Your order [#_inqxgzj2gqza]"


async def test_typing_sends_nothing() -> None:
    recorder = Recorder()
    async with relay(recorder) as port:
        result = await SmtpProfile(DOMAIN).send(
            channel(port), outbound(1, typing=True, text=""), no_post, 10.0
        )
    assert result.ok and recorder.received == []


async def test_next_vetted_address_when_one_refuses_the_connection() -> None:
    # 127.0.0.2 is loopback too, but nothing listens there: the second address is used.
    guard = Guard(("127.0.0.0/8",), table({"relay.test": ["127.0.0.2", "127.0.0.1"]}))
    recorder = Recorder()
    async with relay(recorder) as port:
        result = await SmtpProfile(DOMAIN, guard).send(
            channel(port, smtp_host="relay.test"), outbound(1), no_post, 10.0
        )
    assert result.ok, result
    assert len(recorder.received) == 1


# -- STARTTLS and AUTH -------------------------------------------------------------------


def authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data == (b"relay-user", b"right")
    return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself


@pytest.fixture
def tls_relay_kwargs(ca) -> dict[str, Any]:
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("relay.test").configure_cert(server_ctx)
    return {
        "tls_context": server_ctx,
        "require_starttls": True,
        "auth_require_tls": True,
        "auth_required": True,
        "authenticator": authenticator,
    }


@pytest.fixture
def client_tls(ca) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    return ctx


async def test_starttls_and_auth(tls_relay_kwargs, client_tls) -> None:
    guard = Guard(LOOPBACK, table({"relay.test": ["127.0.0.1"]}))
    profile = SmtpProfile(DOMAIN, guard, tls_context=client_tls)
    recorder = Recorder()
    async with relay(recorder, **tls_relay_kwargs) as port:
        tls = channel(port, smtp_host="relay.test", smtp_starttls=True, smtp_username="relay-user")
        wrong = await profile.send(replace(tls, credentials="wrong"), outbound(1), no_post, 10.0)
        right = await profile.send(replace(tls, credentials="right"), outbound(1), no_post, 10.0)
        no_tls = replace(tls, credentials="right", smtp_starttls=False)
        no_auth_offered = await profile.send(no_tls, outbound(1), no_post, 10.0)
        anonymous = await profile.send(
            replace(no_tls, smtp_username=""), outbound(1), no_post, 10.0
        )

    assert (wrong.ok, wrong.retry, wrong.error_code) == (False, False, "535")
    assert "Authentication" in wrong.error_message
    assert right.ok, right
    # Without STARTTLS the relay offers no AUTH, and takes no mail: both final.
    assert (no_auth_offered.ok, no_auth_offered.retry) == (False, False)
    assert no_auth_offered.error_code == "smtp_unsupported"
    assert "AUTH" in no_auth_offered.error_message
    assert (anonymous.ok, anonymous.retry, anonymous.error_code) == (False, False, "530")
    assert [(r.tls, r.authenticated) for r in recorder.received] == [(True, True)]


async def test_a_certificate_for_another_name_is_refused(ca, client_tls) -> None:
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("impostor.test").configure_cert(server_ctx)
    guard = Guard(LOOPBACK, table({"relay.test": ["127.0.0.1"]}))
    recorder = Recorder()
    async with relay(recorder, tls_context=server_ctx, require_starttls=True) as port:
        result = await SmtpProfile(DOMAIN, guard, tls_context=client_tls).send(
            channel(port, smtp_host="relay.test", smtp_starttls=True), outbound(1), no_post, 10.0
        )
    assert (result.ok, result.retry, result.error_code) == (False, False, "tls")
    assert recorder.received == []


# -- answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "answer", "retry"),
    [
        ("MAIL", "451 4.3.0 Sender check deferred", True),
        ("MAIL", "553 5.7.1 Sender address rejected", False),
        ("RCPT", "451 4.3.0 Try again later", True),
        ("RCPT", "452 4.2.2 Mailbox full", True),
        ("RCPT", "550 5.1.1 No such user", False),
        ("DATA", "451 4.3.0 Try again later", True),
        ("DATA", "554 5.7.1 Message rejected as spam", False),
    ],
)
async def test_4xx_is_worth_retrying_and_5xx_is_final(stage: str, answer: str, retry: bool) -> None:
    async with relay(Recorder({stage: answer})) as port:
        result = await SmtpProfile(DOMAIN, Guard(LOOPBACK)).send(
            channel(port), outbound(1), no_post, 10.0
        )
    code, _, text = answer.partition(" ")
    assert (result.ok, result.retry, result.error_code) == (False, retry, code)
    assert text in result.error_message


async def test_a_connection_refused_is_transient() -> None:
    result = await SmtpProfile(DOMAIN, Guard(LOOPBACK)).send(
        channel(free_port()), outbound(1), no_post, 10.0
    )
    assert (result.ok, result.retry, result.error_code) == (False, True, "connect")


@contextlib.asynccontextmanager
async def silent_server() -> AsyncIterator[tuple[int, list[asyncio.StreamWriter], asyncio.Event]]:
    """Accepts connections and says nothing (a relay that hangs); records each one and
    sets the event when one has arrived."""
    connected: list[asyncio.StreamWriter] = []
    arrived = asyncio.Event()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connected.append(writer)
        arrived.set()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], connected, arrived
    finally:
        server.close()
        for writer in connected:
            writer.close()
        await server.wait_closed()


async def test_a_silent_relay_times_out_transiently() -> None:
    async with silent_server() as (port, connected, _):
        per_command = await SmtpProfile(DOMAIN, timeout_s=0.2).send(
            channel(port), outbound(1), no_post, 10.0
        )
        per_attempt = await SmtpProfile(DOMAIN).send(channel(port), outbound(1), no_post, 0.2)
    assert (per_command.ok, per_command.retry, per_command.error_code) == (False, True, "connect")
    assert (per_attempt.ok, per_attempt.retry, per_attempt.error_code) == (False, True, "timeout")
    assert len(connected) == 2


@pytest.mark.parametrize(
    ("guard", "host"),
    [
        (Guard(), "127.0.0.1"),  # no allowlist: loopback is refused
        (Guard(lookup=table({"relay.test": ["127.0.0.1"]})), "relay.test"),
        (Guard(LOOPBACK, table({"relay.test": ["127.0.0.1", "10.0.0.1"]})), "relay.test"),
    ],
)
async def test_a_relay_the_guard_refuses_is_never_connected_to(guard: Guard, host: str) -> None:
    async with silent_server() as (port, connected, arrived):
        result = await SmtpProfile(DOMAIN, guard).send(
            channel(port, smtp_host=host), outbound(1), no_post, 10.0
        )
        assert (result.ok, result.retry, result.error_code) == (False, False, "ssrf_refused")
        # A probe connection is seen: had the profile connected, it would have been first.
        _, probe = await asyncio.open_connection("127.0.0.1", port)
        await arrived.wait()
        probe.close()
        await probe.wait_closed()
    assert len(connected) == 1


# -- the listener ------------------------------------------------------------------------


@dataclass
class Inbox:
    """``deliver`` and ``accepts`` of a listener, with what they saw."""

    known: set[str] = field(default_factory=lambda: {"support@nexus.test"})
    delivered: list[tuple[list[str], bytes]] = field(default_factory=list)
    loops: list[asyncio.AbstractEventLoop] = field(default_factory=list)
    fail_with: Exception | None = None

    async def accepts(self, address: str) -> bool:
        local, _, domain = address.lower().partition("@")
        return f"{local.split('+')[0]}@{domain}" in self.known

    async def deliver(self, recipients: list[str], raw: bytes) -> None:
        self.loops.append(asyncio.get_running_loop())
        if self.fail_with is not None:
            raise self.fail_with
        self.delivered.append((recipients, raw))


@contextlib.asynccontextmanager
async def listening(inbox: Inbox, **kw: Any) -> AsyncIterator[int]:
    listener = SmtpListener("127.0.0.1", 0, inbox.deliver, DOMAIN, accepts=inbox.accepts, **kw)
    port = await listener.start()
    try:
        yield port
    finally:
        await listener.stop()


def customer_mail(to: str = "support@nexus.test", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Customer <customer@example.com>"
    msg["To"] = to
    msg["Subject"] = "Question"
    msg["Message-ID"] = "<c1@example.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Where is my order?")
    return msg


async def test_listener_delivers_and_a_reply_finds_its_thread() -> None:
    inbox = Inbox()
    profile = SmtpProfile(DOMAIN, Guard(LOOPBACK))
    async with listening(inbox) as port:
        # nexus writes to the customer (here: through the listener, to see the bytes)...
        sent = await profile.send(
            channel(port, from_address="support@nexus.test"),
            outbound(1, to="support@nexus.test"),
            no_post,
            10.0,
        )
        assert sent.ok, sent
        ours = inbox.delivered[-1][1]
        # ...and the customer answers, with a real client.
        reply = customer_mail(
            In_Reply_To=sent.provider_message_id, References=sent.provider_message_id
        )
        refused, _ = await aiosmtplib.send(reply, hostname="127.0.0.1", port=port)
    assert refused == {}
    assert isinstance(inbox.loops[0], uvloop.Loop)  # the server's own loop, not a thread's
    assert all(loop is asyncio.get_running_loop() for loop in inbox.loops)

    recipients, raw = inbox.delivered[-1]
    assert recipients == ["support@nexus.test"]
    assert raw.startswith(b"Return-Path: <customer@example.com>\r\n")
    assert b"Where is my order?" in raw
    inbound = inbound_from_mime(raw, DOMAIN, recipients)
    assert inbound is not None
    assert inbound.thread_id == "Case:42"
    assert inbound.customer_address == "customer@example.com"
    assert inbound.external_message_id == "<c1@example.com>"
    assert inbound.text == "Where is my order?"
    # Our own message, had it come back to us, would not be taken for a customer's.
    assert inbound_from_mime(ours, DOMAIN) is None


async def test_listener_finds_the_thread_by_the_plus_address() -> None:
    inbox = Inbox()
    async with listening(inbox) as port:
        await aiosmtplib.send(
            customer_mail(to="Support <support+_inqxgzj2gqza@nexus.test>"),
            hostname="127.0.0.1",
            port=port,
        )
    recipients, raw = inbox.delivered[0]
    assert recipients == ["support+_inqxgzj2gqza@nexus.test"]
    inbound = inbound_from_mime(raw, DOMAIN, recipients)
    assert inbound is not None and inbound.thread_id == "Case:42"


async def test_listener_refuses_unknown_recipients_at_rcpt() -> None:
    inbox = Inbox()
    async with listening(inbox) as port:
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as err:
            await aiosmtplib.send(
                customer_mail(to="nobody@nexus.test"), hostname="127.0.0.1", port=port
            )
        assert [r.code for r in err.value.recipients] == [550]
        assert "5.1.1" in err.value.recipients[0].message
        # One known, one not: the known one gets it, the sender learns of the other.
        refused, _ = await aiosmtplib.send(
            customer_mail(to="support@nexus.test, nobody@nexus.test"),
            hostname="127.0.0.1",
            port=port,
        )
    assert list(refused) == ["nobody@nexus.test"]
    assert [r for r, _ in inbox.delivered] == [["support@nexus.test"]]


@pytest.mark.parametrize(
    ("failure", "code"), [(LookupError("no such channel"), 550), (RuntimeError("db down"), 451)]
)
async def test_listener_answers_delivery_failures(failure: Exception, code: int) -> None:
    inbox = Inbox(fail_with=failure)
    async with listening(inbox) as port:
        with pytest.raises(aiosmtplib.SMTPDataError) as err:
            await aiosmtplib.send(customer_mail(), hostname="127.0.0.1", port=port)
    assert err.value.code == code


async def test_listener_keeps_a_null_return_path_visible() -> None:
    inbox = Inbox()
    async with listening(inbox) as port:
        await aiosmtplib.send(
            customer_mail(),
            hostname="127.0.0.1",
            port=port,
            sender="",
            recipients=["support@nexus.test"],
        )
    _, raw = inbox.delivered[0]
    assert raw.startswith(b"Return-Path: <>\r\n")
    assert inbound_from_mime(raw, DOMAIN) is None  # a bounce or auto-reply: not answered


async def test_listener_refuses_oversized_mail() -> None:
    inbox = Inbox()
    async with listening(inbox, max_bytes=2048) as port:
        big = customer_mail()
        big.set_content("x" * 4096)
        with pytest.raises(aiosmtplib.SMTPResponseException) as err:
            await aiosmtplib.send(big, hostname="127.0.0.1", port=port)
    assert err.value.code == 552
    assert inbox.delivered == []


async def test_listener_stop_closes_open_connections() -> None:
    inbox = Inbox()
    listener = SmtpListener("127.0.0.1", 0, inbox.deliver, DOMAIN)
    port = await listener.start()
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
    await client.connect()
    await client.ehlo()
    await listener.stop()
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await client.noop()
    client.close()
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)
    await listener.stop()  # idempotent
