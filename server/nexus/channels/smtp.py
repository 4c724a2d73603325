"""The ``smtp`` profile: e-mail out through the channel's relay, e-mail in as raw MIME.

Outbound, every message gets a Message-ID that carries its interaction, message and thread
(``<m.{interaction}.{message}.t.{token}@{domain}>``), so a customer's reply is placed by its
``In-Reply-To``/``References`` without a lookup. Clients that drop those headers usually keep
the subject and the reply address, so the same thread token also rides in the subject
(``… [#token]``) and in a plus-addressed ``Reply-To`` (``support+token@…``). Inbound, the
thread is recovered in that order of reliability: headers, address, subject (see
``thread_id_from_headers``).

The relay is reached like any egress: its name is resolved and vetted by the SSRF guard and
the vetted address is connected to, never the name again; the certificate is checked
against the name. SMTP answers map onto ``SendResult`` by their class: 4xx, timeouts and
connection failures are worth another attempt, 5xx are final.

Inbound mail arrives either through ``smtp_listener`` (a real SMTP server) or as a signed
``message/rfc822`` POST; both end in ``inbound_from_mime``, which also drops what must not
be answered (automatic replies, lists, bounces: RFC 3834, RFC 3464).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import hashlib
import hmac
import logging
import re
import ssl
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy as email_policy
from email.errors import MessageError
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy, Policy
from email.utils import format_datetime, getaddresses, parseaddr
from html.parser import HTMLParser
from typing import Any

import aiosmtplib

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    BadSignature,
    ChannelConfig,
    Inbound,
    InboundRequest,
    Outbound,
    Parsed,
    Post,
    SendResult,
)
from nexus.egress.guard import Guard, Refused

log = logging.getLogger("nexus.channels.smtp")

SIGNATURE_HEADER = "x-nexus-signature"

# -- thread tokens and Message-IDs -----------------------------------------------------------

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MESSAGE_NAME = re.compile(r"interactions/([A-Za-z0-9_-]{1,64})/messages/([A-Za-z0-9_-]{1,64})")
_VERBATIM = re.compile(r"[a-z0-9][a-z0-9_-]*")
_BASE32 = re.compile(r"[a-z2-7]+")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)
_ENCODED = "_"
"""Marks a base32 token; a verbatim token never starts with it."""


def thread_token(thread_id: str) -> str:
    """The thread id as it rides in Message-IDs, subjects and plus-addresses.

    All three may be case-folded on the way (local parts by many MTAs, subjects by a few
    clients), and local parts and Message-IDs allow no ``:`` and no leading or doubled
    ``.``. So a thread id of lower-case letters, digits, ``_`` and ``-`` (what nexus makes:
    the interaction id) goes verbatim and short; any other becomes ``_`` + lower-case
    base32 of its UTF-8, unpadded. ``""`` for no thread.
    """
    if not thread_id:
        return ""
    if _VERBATIM.fullmatch(thread_id):
        return thread_id
    return _ENCODED + base64.b32encode(thread_id.encode()).decode().rstrip("=").lower()


def thread_from_token(token: str) -> str | None:
    """The exact inverse of ``thread_token`` (case-insensitively), or None for anything
    ``thread_token`` cannot have produced."""
    token = token.lower()
    if _VERBATIM.fullmatch(token):
        return token
    if not token.startswith(_ENCODED) or not _BASE32.fullmatch(token[1:]):
        return None
    body = token[1:].upper()
    try:
        thread_id = base64.b32decode(body + "=" * (-len(body) % 8)).decode()
    except (ValueError, UnicodeDecodeError):  # binascii.Error is a ValueError
        return None
    # Non-canonical spellings (stray low bits, a verbatim id encoded) are not ours.
    return thread_id if thread_id and thread_token(thread_id) == token else None


@dataclass(frozen=True)
class MessageRef:
    """What one of our Message-IDs says about the message it names."""

    interaction_id: str
    message_id: str
    thread_id: str = ""

    @property
    def name(self) -> str:
        return f"interactions/{self.interaction_id}/messages/{self.message_id}"


def format_message_id(ref: MessageRef, domain: str) -> str:
    """``<m.{interaction}.{message}[.t.{token}]@{domain}>``: a dot-atom on both sides, as RFC
    5322 §3.6.4 asks. Ids carry no ``.``, and the token has none, so the parts split back
    unambiguously."""
    if not (_ID.fullmatch(ref.interaction_id) and _ID.fullmatch(ref.message_id)):
        raise ValueError(f"ids not encodable in a Message-ID: {ref.name!r}")
    left = f"m.{ref.interaction_id}.{ref.message_id}"
    if ref.thread_id:
        left += f".t.{thread_token(ref.thread_id)}"
    return f"<{left}@{domain}>"


def parse_message_id(value: str, domain: str) -> MessageRef | None:
    """The inverse of ``format_message_id`` for ``domain``; None for any other id."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    left, at, right = value.rpartition("@")
    if not at or right.lower() != domain.lower():
        return None
    parts = left.split(".")
    if len(parts) not in (3, 5) or parts[0] != "m":
        return None
    if not (_ID.fullmatch(parts[1]) and _ID.fullmatch(parts[2])):
        return None
    if len(parts) == 3:
        return MessageRef(parts[1], parts[2])
    if parts[3] != "t":
        return None
    thread_id = thread_from_token(parts[4])
    return None if thread_id is None else MessageRef(parts[1], parts[2], thread_id)


# -- outbound --------------------------------------------------------------------------------


class _IdListHeader(UnstructuredHeader, BaseHeader):
    """``In-Reply-To``/``References``: folded between ids only.

    The stock policy treats these as unstructured text and turns an id longer than a line
    into RFC 2047 encoded words, which no client reads as a Message-ID any more.
    """

    def fold(self, *, policy: Policy) -> str:
        lines: list[str] = []
        line = f"{self.name}:"
        for msg_id in str(self).split():
            if len(line) + 1 + len(msg_id) > 78 and line != f"{self.name}:":
                lines.append(line)
                line = ""
            line += f" {msg_id}"
        lines.append(line)
        return policy.linesep.join(lines) + policy.linesep


_REGISTRY = HeaderRegistry()
_REGISTRY.map_to_type("in-reply-to", _IdListHeader)
_REGISTRY.map_to_type("references", _IdListHeader)
POLICY = email_policy.SMTP.clone(header_factory=_REGISTRY)
"""CRLF, RFC 5322 headers, ids folded safely."""

_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:", re.IGNORECASE)
_TOKEN_IN_SUBJECT = re.compile(r"\s*\[#([A-Za-z0-9_-]+)\]")
_MSG_ID_IN_HEADER = re.compile(r"<[^<>\s]+>")


def _one_line(text: str) -> str:
    """Header text without line breaks (a CR or LF would end the header: injection)."""
    return " ".join(text.split())


def subject_for(item: Outbound) -> str:
    """The agent's subject, ``Re: `` when it answers earlier mail, then ``[#token]``.

    Tokens already in the subject are dropped first, so a subject taken from an inbound
    message never carries two.
    """
    subject = _one_line(_TOKEN_IN_SUBJECT.sub("", item.subject))
    if item.references and not _REPLY_PREFIX.match(subject):
        subject = f"Re: {subject}".rstrip()
    token = thread_token(item.thread_id)
    return f"{subject} [#{token}]".lstrip() if token else subject


def _references(item: Outbound) -> list[str]:
    """``item.references`` as ``<id>`` each; anything with whitespace or stray angle
    brackets is not an id and is dropped rather than let into a header."""
    out = []
    for ref in item.references:
        ref = ref.strip()
        ref = ref if ref.startswith("<") and ref.endswith(">") else f"<{ref}>"
        if _MSG_ID_IN_HEADER.fullmatch(ref):
            out.append(ref)
    return out


_MAILBOX = re.compile(r'[^\s<>@",;]+@[^\s<>@",;]+')


def mailbox(addr_spec: str, display_name: str = "") -> Address:
    """An ``Address`` for a bare ``local@domain`` (no quoted local parts: nothing nexus
    sends to needs them, and they are where SMTP command injection hides); ValueError
    for anything else."""
    addr_spec = addr_spec.strip()
    if not _MAILBOX.fullmatch(addr_spec):
        raise ValueError(f"not an e-mail address: {addr_spec!r}")
    try:
        return Address(display_name=_one_line(display_name), addr_spec=addr_spec)
    except (IndexError, TypeError, MessageError) as exc:
        raise ValueError(f"not an e-mail address: {addr_spec!r}") from exc


def _sender(channel: ChannelConfig, item: Outbound) -> Address:
    """From: the channel's address, named by the agent's display name when there is one."""
    name, addr = parseaddr(channel.from_address)
    return mailbox(addr or channel.from_address, item.sender_display_name or name)


def reply_address(sender: Address, thread_id: str) -> Address | None:
    """``local+token@domain`` of the sender, or None when there is no thread, no local part,
    or the local part would exceed RFC 5321's 64 octets (subject and headers still match)."""
    token = thread_token(thread_id)
    if not token or not sender.username or not sender.domain:
        return None
    local = f"{sender.username}+{token}"
    if len(local.encode()) > 64:
        return None
    return Address(display_name=sender.display_name, username=local, domain=sender.domain)


def build_message(channel: ChannelConfig, item: Outbound, domain: str) -> EmailMessage:
    """The RFC 5322 message for ``item``; ValueError when it cannot be one (bad addresses,
    a message name not of the ``interactions/{i}/messages/{m}`` form)."""
    msg = EmailMessage(policy=POLICY)
    sender = _sender(channel, item)
    to = mailbox(item.to)
    created = (
        datetime.fromtimestamp(item.create_time_us / 1_000_000, UTC)
        if item.create_time_us
        else datetime.now(UTC)
    )
    msg["Message-ID"] = message_id_for(item, domain)
    msg["Date"] = format_datetime(created)
    msg["From"] = sender
    msg["To"] = to
    reply_to = reply_address(sender, item.thread_id)
    if reply_to is not None:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject_for(item)
    refs = _references(item)
    if refs:
        # RFC 5322 §3.6.4: the parent is the last of the thread; References is the chain.
        msg["In-Reply-To"] = refs[-1]
        msg["References"] = " ".join(refs)
    body = item.text
    if item.attachments:
        lines = [
            f"- {a.filename or 'attachment'} ({a.content_type}): {a.uri}" for a in item.attachments
        ]
        body = (body.rstrip("\n") + "\n\n" if body else "") + "Attachments:\n" + "\n".join(lines)
    # Quoted-printable for anything not ASCII: readable, and 7-bit safe for relays
    # without 8BITMIME.
    msg.set_content(body, charset="utf-8", cte=None if body.isascii() else "quoted-printable")
    return msg


def message_id_for(item: Outbound, domain: str) -> str:
    """The Message-ID ``item`` is sent with (``<…@domain>``)."""
    match = _MESSAGE_NAME.fullmatch(item.message)
    if match is None:
        raise ValueError(f"not a message name: {item.message!r}")
    return format_message_id(MessageRef(match[1], match[2], item.thread_id), domain)


def _answer(code: int, message: str) -> SendResult:
    """An SMTP reply as a result: 4xx transient (RFC 5321 §4.2.1), 5xx permanent; anything
    else is a server we cannot read, worth another attempt."""
    final = 500 <= code < 600
    return SendResult(ok=False, retry=not final, error_code=str(code), error_message=message)


def _final(code: str, message: str) -> SendResult:
    return SendResult(ok=False, retry=False, error_code=code, error_message=message)


def _transient(code: str, message: str) -> SendResult:
    return SendResult(ok=False, retry=True, error_code=code, error_message=message)


class SmtpProfile:
    """Sends through ``channel.smtp_host`` and reads signed raw-MIME posts.

    ``domain`` is the right-hand side of our Message-IDs (any name of ours will do: it only
    has to be unique to us); plus-addressed replies are recognised at it and at the domain
    of the channel's from address.
    ``tls_context`` replaces the system trust store (tests, private relays).
    ``timeout_s`` bounds each SMTP command; ``send``'s ``timeout_s`` bounds the attempt.

    The relay is spoken to in plain SMTP, upgraded by STARTTLS when the channel says so;
    implicit TLS (port 465) is not offered: ``aiosmtplib`` would check the certificate
    against the vetted address instead of the relay's name.
    """

    name = "smtp"
    supports_typing = False

    def __init__(
        self,
        domain: str = "nexus.invalid",
        guard: Guard | None = None,
        timeout_s: float = 10.0,
        *,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(f"not a domain: {domain!r}")
        self.domain = domain
        self.guard = guard
        self.timeout_s = timeout_s
        self._tls_context = tls_context

    def message_id_for(self, item: Outbound) -> str:
        """The Message-ID ``send`` gives ``item``, for the caller to store as a reference."""
        return message_id_for(item, self.domain)

    def build(self, channel: ChannelConfig, item: Outbound) -> EmailMessage:
        """The message ``send`` would hand to the relay (for previews and tests)."""
        return build_message(channel, item, self.domain)

    # -- inbound ---------------------------------------------------------------------------

    def parse(self, channel: ChannelConfig, request: InboundRequest) -> Parsed:
        """A signed ``message/rfc822`` POST to ``…/email``: one message, or none when the
        mail must not be answered (the sender gets 200 either way: it is not to retry)."""
        verify_signature(channel.secrets, request.headers.get(SIGNATURE_HEADER, ""), request.body)
        violations = []
        if request.topic != "email":
            violations.append(("topic", f"unknown topic {request.topic!r}"))
        media_type = request.content_type.split(";", 1)[0].strip().lower()
        if media_type != "message/rfc822":
            violations.append(("content_type", "must be message/rfc822"))
        if not request.body:
            violations.append(("body", "empty"))
        if violations:
            raise BadPayload(violations)
        try:
            inbound = inbound_from_mime(
                request.body, self.domain, reply_domains=reply_domains(channel)
            )
        except Exception as exc:  # signed, yet unreadable: the sender's bug, not ours
            raise BadPayload([("body", f"unreadable MIME: {type(exc).__name__}")]) from exc
        return Parsed(messages=() if inbound is None else (inbound,))

    # -- outbound --------------------------------------------------------------------------

    async def send(
        self, channel: ChannelConfig, item: Outbound, post: Post, timeout_s: float
    ) -> SendResult:
        """One delivery attempt to the relay (``post`` is unused: SMTP is not HTTP)."""
        if item.typing is not None:
            return SendResult(ok=True)
        started = time.perf_counter_ns()
        try:
            msg = self.build(channel, item)
            sender = _sender(channel, item).addr_spec
        except Exception as exc:  # what cannot be built now never can: final
            return _final("bad_message", f"{type(exc).__name__}: {exc}")
        try:
            async with asyncio.timeout(timeout_s if timeout_s > 0 else None):
                result = await self._attempt(channel, msg, sender, item.to.strip())
        except TimeoutError:
            result = _transient("timeout", f"no answer within {timeout_s}s")
        except Exception as exc:  # never raise: the schedule decides about a broken attempt
            log.exception("smtp send to %s failed unexpectedly", channel.smtp_host)
            result = _transient("error", f"{type(exc).__name__}: {exc}")
        latency_us = (time.perf_counter_ns() - started) // 1000
        return dataclasses.replace(result, latency_us=latency_us)

    def tls_context(self) -> ssl.SSLContext:
        """Made once: loading the system trust store is not free."""
        if self._tls_context is None:
            self._tls_context = ssl.create_default_context()
        return self._tls_context

    async def _attempt(
        self, channel: ChannelConfig, msg: EmailMessage, sender: str, recipient: str
    ) -> SendResult:
        host = channel.smtp_host.strip()
        if not host:
            return _final("no_smtp_host", "channel has no smtp_host")
        port = channel.smtp_port or 587  # submission (RFC 6409), as the channel API documents
        addresses = [host]
        if self.guard is not None:
            try:
                addresses = [str(ip) for ip in await self.guard.resolve(host, port)]
            except Refused as exc:
                return _final("ssrf_refused", str(exc))
            except (OSError, UnicodeError) as exc:
                return _transient("dns", f"{host}: {exc}")
        failure = _transient("connect", f"{host}: no address")
        for address in addresses:
            client = aiosmtplib.SMTP(
                hostname=address,
                port=port,
                timeout=self.timeout_s,
                start_tls=False,
                local_hostname=self.domain,
                tls_context=self.tls_context(),
            )
            try:
                await client.connect()
            except aiosmtplib.SMTPResponseException as exc:  # a 421/554 greeting
                return _answer(exc.code, exc.message)
            except (aiosmtplib.SMTPException, OSError) as exc:
                failure = _transient("connect", f"{host} ({address}): {exc}")
                continue  # the next vetted address
            try:
                return await self._session(client, channel, msg, sender, recipient)
            finally:
                client.close()
        return failure

    async def _session(
        self,
        client: aiosmtplib.SMTP,
        channel: ChannelConfig,
        msg: EmailMessage,
        sender: str,
        recipient: str,
    ) -> SendResult:
        """STARTTLS, AUTH, the transaction; every failure as a result."""
        try:
            if channel.smtp_starttls:
                # Certificates name the relay, not the address it resolved to.
                await client.starttls(server_hostname=channel.smtp_host.strip())
            if channel.smtp_username:
                await client.login(channel.smtp_username, channel.credentials)
            await client.send_message(msg, sender=sender, recipients=[recipient])
        except aiosmtplib.SMTPRecipientsRefused as exc:
            first = exc.recipients[0] if exc.recipients else None
            if first is None:
                return _final("550", "recipients refused")
            return _answer(first.code, first.message)
        except aiosmtplib.SMTPResponseException as exc:
            return _answer(exc.code, exc.message)
        except ssl.SSLError as exc:
            # A certificate that does not match or chain is configuration, not weather.
            return _final("tls", str(exc))
        except (TimeoutError, ConnectionError, OSError) as exc:
            return _transient("connection", f"{type(exc).__name__}: {exc}")
        except aiosmtplib.SMTPException as exc:
            # No STARTTLS or no AUTH mechanism offered: the relay is not what the channel
            # says it is; retrying will not change that.
            return _final("smtp_unsupported", exc.message)
        message_id = str(msg["Message-ID"])
        with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
            await client.quit()
        return SendResult(ok=True, provider_message_id=message_id)


def reply_domains(channel: ChannelConfig) -> tuple[str, ...]:
    """The domain our plus-addressed Reply-To of ``channel`` is at, if it has one."""
    _, addr = parseaddr(channel.from_address)
    _, at, domain = addr.rpartition("@")
    return (domain,) if at and domain else ()


def verify_signature(secrets: Sequence[str], header: str, body: bytes) -> None:
    """``sha256=<hex HMAC-SHA256 of body>`` under any of the channel's secrets, compared in
    constant time; BadSignature otherwise."""
    scheme, _, digest = header.strip().partition("=")
    if scheme.lower() != "sha256" or not digest:
        raise BadSignature("missing or malformed x-nexus-signature")
    given = digest.strip().lower().encode()
    ok = False
    for secret in secrets:
        if not secret:
            continue
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
        ok |= hmac.compare_digest(expected, given)
    if not ok:
        raise BadSignature("x-nexus-signature does not match")


# -- inbound ---------------------------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:re|fwd?|aw|wg|sv|vs|antw|tr|r)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE
)
_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})


def clean_subject(subject: str) -> str:
    """The subject without reply/forward prefixes (``Re:``, ``Fwd:``, ``AW:``, ``Re[2]:``…)
    and without our ``[#token]``."""
    subject = _one_line(_TOKEN_IN_SUBJECT.sub("", subject))
    while True:
        stripped = _SUBJECT_PREFIX.sub("", subject, count=1)
        if stripped == subject:
            return subject.strip()
        subject = stripped


def _address_domain(address: str) -> tuple[str, str]:
    local, _, domain = address.strip().rpartition("@")
    return local, domain.lower()


def thread_id_from_headers(
    domain: str,
    *,
    in_reply_to: str = "",
    references: str = "",
    recipients: Iterable[str] = (),
    subject: str = "",
    reply_domains: Iterable[str] = (),
) -> str:
    """The thread a reply belongs to, from the most reliable source that names one.

    1. ``In-Reply-To``, then ``References`` newest first: one of our Message-IDs at
       ``domain`` (it carries the thread).
    2. A recipient ``local+token@…`` at ``domain`` or one of ``reply_domains`` (our
       plus-addressed Reply-To, at the domain of the channel's from address). Other
       domains are not ours: a customer's ``bob+work@…`` in Cc names no thread.
    3. ``[#token]`` in the subject (the last one).

    ``""`` when none does: a new thread.
    """
    ids = _MSG_ID_IN_HEADER.findall(in_reply_to)
    ids += reversed(_MSG_ID_IN_HEADER.findall(references))
    for msg_id in ids:
        ref = parse_message_id(msg_id, domain)
        if ref is not None and ref.thread_id:
            return ref.thread_id
    ours = {domain.lower(), *(d.lower() for d in reply_domains)}
    for recipient in recipients:
        local, at_domain = _address_domain(recipient)
        if at_domain not in ours or "+" not in local:
            continue
        thread_id = thread_from_token(local.rsplit("+", 1)[1])
        if thread_id:
            return thread_id
    for token in reversed(_TOKEN_IN_SUBJECT.findall(subject)):
        thread_id = thread_from_token(token)
        if thread_id:
            return thread_id
    return ""


def must_not_answer(msg: Message, domain: str) -> str | None:
    """Why ``msg`` is not a customer's message, or None when it is.

    RFC 3834 §2: ``Auto-Submitted`` other than ``no``. RFC 2076 ``Precedence``
    bulk/list/junk and RFC 2369/2919 ``List-*`` headers: list traffic. ``Return-Path: <>``
    and ``multipart/report`` (RFC 3464/8098): bounces and receipts. ``X-Autoreply`` /
    ``X-Autorespond``: vacation responders that set nothing standard. And our own
    Message-ID: our own mail came back.
    """
    auto = str(msg.get("Auto-Submitted", "")).split(";", 1)[0].strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = str(msg.get("Precedence", "")).strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond"):
        if name in msg:
            return f"{name} present"
    return_path = msg.get("Return-Path")
    if return_path is not None and str(return_path).strip().strip("<>").strip() == "":
        return "empty return path"
    if msg.get_content_type() == "multipart/report":
        return "delivery or disposition report"
    if parse_message_id(str(msg.get("Message-ID", "")), domain) is not None:
        return "our own message"
    return None


def _walk(msg: Message) -> Iterator[Message]:
    """Depth first, root first; a ``message/rfc822`` part is one attachment, not walked."""
    stack = [msg]
    while stack:
        part = stack.pop()
        yield part
        if part.get_content_maintype() == "multipart" and part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, Message)]))


def _decoded_text(part: Message) -> str:
    """A text part's content by its charset; undeclared or ASCII read as UTF-8 (a superset
    that mislabelled 8-bit mail usually is), unknown charsets too, bad bytes replaced."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "utf-8").lower()
    if charset in ("us-ascii", "ascii"):
        charset = "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _HtmlText(HTMLParser):
    """Visible text of an HTML body; quoted replies (``<blockquote>``) and non-content
    elements are left out, block elements end lines."""

    _SKIP = frozenset({"script", "style", "head", "title", "blockquote"})
    _BLOCK = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.chunks).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_ATTRIBUTION = re.compile(r"^\s*On\s.+\swrote:\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^\s*On\s", re.IGNORECASE)
_WROTE = re.compile(r"^.*\swrote:\s*$|^\s*wrote:\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:-{2,}\s*Original Message\s*-{2,}|_{10,})\s*$", re.IGNORECASE)


def strip_quoted(text: str) -> str:
    """The new text of a reply: everything from an attribution line (``On … wrote:``, also
    wrapped over two lines) or an Outlook separator (``-----Original Message-----``, a line
    of underscores) on is cut, and ``>`` quoted lines are dropped. Heuristic by nature; when
    nothing would be left, the whole text is kept rather than lose the message."""
    lines = text.split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        two_line = (
            _ATTRIBUTION_START.match(line) is not None
            and i + 1 < len(lines)
            and _WROTE.match(lines[i + 1]) is not None
        )
        if _ATTRIBUTION.match(line) or _SEPARATOR.match(line) or two_line:
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    return result or text.strip()


def _header_addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of the named headers, as parsed by the header classes
    (which see quoting and encoded words; decoded text alone would split ``"Doe, J"``)."""
    out: list[tuple[str, str]] = []
    for name in names:
        for value in msg.get_all(name) or []:
            addresses = getattr(value, "addresses", None)
            if addresses is None:
                out.extend(getaddresses([str(value)]))
            else:
                out.extend((a.display_name, a.addr_spec) for a in addresses)
    return [(n, a) for n, a in out if "@" in a]


def _time_us(msg: Message) -> int | None:
    header = msg.get("Date")
    when = getattr(header, "datetime", None)
    if not isinstance(when, datetime):
        return None
    if when.tzinfo is None:  # "-0000": UTC, origin unknown (RFC 5322 §3.3)
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1_000_000)


def _attachments(msg: Message, body: Message | None) -> tuple[AttachmentMeta, ...]:
    """Metadata of every part that is not the body text: files, inline images, attached
    messages. ``uri`` is ``cid:<Content-ID>`` when the part has one, else ``mime:<n>``, the
    part's position in depth-first order (the root is 0)."""
    out = []
    for index, part in enumerate(_walk(msg)):
        if part is body or part.get_content_maintype() == "multipart":
            continue
        filename = part.get_filename() or ""
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment" and part.get_content_maintype() == "text":
            continue  # an alternative of the body (the HTML of a plain body)
        if part.get_content_maintype() == "message":
            inner = part.get_payload()
            parts = inner if isinstance(inner, list) else []
            size = sum(len(p.as_bytes()) for p in parts if isinstance(p, Message))
        else:
            payload = part.get_payload(decode=True)
            size = len(payload) if isinstance(payload, bytes) else 0
        cid = str(part.get("Content-ID", "")).strip().strip("<>")
        out.append(
            AttachmentMeta(
                filename=_valid(filename),
                content_type=part.get_content_type(),
                uri=f"cid:{cid}" if cid else f"mime:{index}",
                size_bytes=size,
            )
        )
    return tuple(out)


class _LenientPolicy(EmailPolicy):
    """``policy.default``, except that a header its parser chokes on (it raises on some
    malformed addresses) is read as its plain unfolded text: a stranger's mail must not
    be able to make reading it fail."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        try:
            return super().header_fetch_parse(name, value)
        except Exception:
            return re.sub(r"\r?\n", "", value)


INBOUND_POLICY = _LenientPolicy()


def inbound_from_mime(
    raw: bytes, domain: str, recipients: Sequence[str] = (), reply_domains: Iterable[str] = ()
) -> Inbound | None:
    """A customer's e-mail as an ``Inbound``; None when it must not be answered or stored
    (see ``must_not_answer``) or names no sender.

    ``recipients`` are the envelope's (from the SMTP listener); the To, Cc, Delivered-To
    and X-Original-To headers are looked at as well for a plus-addressed thread, at
    ``domain`` or ``reply_domains`` (see ``thread_id_from_headers``).
    """
    msg = BytesParser(policy=INBOUND_POLICY).parsebytes(raw)
    if must_not_answer(msg, domain) is not None:
        return None
    senders = _header_addresses(msg, "From")
    if not senders:
        return None
    display_name, customer = senders[0]
    message_id = str(msg.get("Message-ID", "")).strip()
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    subject = str(msg.get("Subject", ""))
    to = [a for _, a in _header_addresses(msg, "To", "Cc", "Delivered-To", "X-Original-To")]
    thread_id = thread_id_from_headers(
        domain,
        in_reply_to=str(msg.get("In-Reply-To", "")),
        references=str(msg.get("References", "")),
        recipients=[*recipients, *to],
        subject=subject,
        reply_domains=reply_domains,
    )
    body: Message | None = None
    text = ""
    if isinstance(msg, EmailMessage):
        body = msg.get_body(preferencelist=("plain",))
        if body is not None:
            text = _decoded_text(body)
        else:
            body = msg.get_body(preferencelist=("html",))
            if body is not None:
                text = html_to_text(_decoded_text(body))
    return Inbound(
        external_message_id=_valid(message_id),
        customer_address=_valid(customer.strip().lower()),
        text=_valid(strip_quoted(text)),
        display_name=_valid(_one_line(display_name)),
        thread_id=_valid(thread_id),
        subject=_valid(clean_subject(subject)),
        attachments=_attachments(msg, body),
        provider_time_us=_time_us(msg),
    )


def _valid(text: str) -> str:
    """``text`` as valid Unicode: 8-bit bytes in headers come out of the parser as lone
    surrogate escapes, which no UTF-8 encoder (protobuf's included) takes."""
    if text.isascii():
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")
