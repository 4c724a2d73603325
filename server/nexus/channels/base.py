"""What every provider profile speaks: provider-neutral records in and out.

A profile is an adapter at the edge. Inbound, it checks a provider's signature over the
exact bytes the provider sent and turns its format into ``Inbound`` messages and
``Receipt``s; outbound, it turns one ``Outbound`` message into the provider's request and
the provider's answer into a ``SendResult``. The core knows channels and messages only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol


class ReceiptState(IntEnum):
    """Same numbers as ``nexus.v1.MessageDeliveryState``."""

    ACCEPTED = 1
    SENT = 2
    DELIVERED = 3
    READ = 4
    FAILED = 5


@dataclass(frozen=True)
class AttachmentMeta:
    filename: str
    content_type: str
    uri: str
    size_bytes: int = 0


@dataclass(frozen=True)
class Inbound:
    """One customer message, as the provider reported it."""

    external_message_id: str
    """The provider's id of the message: the key a retried delivery is recognised by."""
    customer_address: str
    """E.164 number, e-mail address or the platform's handle of the customer."""
    text: str = ""
    display_name: str = ""
    thread_id: str = ""
    """The conversation the provider or the e-mail headers place it in, if any."""
    subject: str = ""
    attachments: tuple[AttachmentMeta, ...] = ()
    provider_time_us: int | None = None


@dataclass(frozen=True)
class Receipt:
    """What the provider says became of one of our outbound messages."""

    state: ReceiptState
    provider_message_id: str = ""
    message: str = ""
    """Our message name, ``interactions/{i}/messages/{m}``, when the provider echoes it."""
    error_code: str = ""
    error_message: str = ""
    provider_time_us: int | None = None


@dataclass(frozen=True)
class TypingSignal:
    """The customer is (or stopped) typing, as the provider reported it."""

    customer_address: str
    active: bool = True
    ttl_s: float = 0.0


@dataclass(frozen=True)
class Parsed:
    """A provider's inbound request, verified and read."""

    messages: Sequence[Inbound] = ()
    receipts: Sequence[Receipt] = ()
    typing: Sequence[TypingSignal] = ()
    reply_content_type: str = "application/json"
    reply_body: bytes = b"{}"
    """What the provider expects back (Twilio: TwiML; others: JSON)."""


@dataclass(frozen=True)
class ChannelConfig:
    """What a profile needs of a channel (secrets included: never logged, never returned)."""

    name: str
    """``channels/{channel}``."""
    kind: int
    """``nexus.v1.ChannelKind``."""
    outbound_url: str = ""
    sender_id: str = ""
    from_address: str = ""
    account_id: str = ""
    credentials: str = ""
    secrets: Sequence[str] = ()
    """The channel's signing secrets, newest first (several during a rotation)."""
    smtp_host: str = ""
    smtp_port: int = 0
    smtp_starttls: bool = True
    smtp_username: str = ""
    public_url: str = ""
    """The HTTPS base URL the provider calls nexus at, e.g. ``https://contact.example.com``."""


@dataclass(frozen=True)
class Outbound:
    """One message (or a typing indicator) to hand to the provider."""

    message: str
    """``interactions/{i}/messages/{m}``; also the idempotency key the provider sees."""
    interaction: str
    channel: str
    to: str
    text: str = ""
    attachments: tuple[AttachmentMeta, ...] = ()
    thread_id: str = ""
    subject: str = ""
    sender_display_name: str = ""
    create_time_us: int = 0
    references: tuple[str, ...] = ()
    """E-mail: the Message-IDs of earlier messages of the thread, oldest first."""
    typing: bool | None = None
    """Set for a typing indicator (True: started, False: stopped); then there is no text."""


@dataclass(frozen=True)
class SendResult:
    """How the provider answered one outbound attempt."""

    ok: bool
    provider_message_id: str = ""
    retry: bool = False
    """Worth trying again on the schedule (5xx, 429, timeout, connection failure)."""
    error_code: str = ""
    error_message: str = ""
    status_code: int = 0
    retry_after: str | None = None
    latency_us: int = 0


class HttpOutcome(Protocol):
    """What the egress client says of one HTTP attempt (``nexus.egress.client.Outcome``)."""

    @property
    def status_code(self) -> int: ...
    @property
    def body(self) -> bytes: ...
    @property
    def error_class(self) -> str: ...
    @property
    def error(self) -> str: ...
    @property
    def retry_after(self) -> str | None: ...
    @property
    def latency_us(self) -> int: ...


# The one egress client's ``post``: ``(url, headers, body, timeout_s) -> Outcome``.
Post = Callable[..., Awaitable[HttpOutcome]]


class BadSignature(Exception):
    """The request is not signed by the channel's secret (or token): nothing is stored."""


class BadPayload(Exception):
    """The request is signed but cannot be read; ``violations`` name the fields."""

    def __init__(self, violations: Sequence[tuple[str, str]]) -> None:
        self.violations = list(violations)
        super().__init__("; ".join(f"{f}: {d}" for f, d in self.violations))


@dataclass(frozen=True)
class InboundRequest:
    """A provider's raw HTTP request, as it reached nexus."""

    topic: str
    """The last path segment: ``messages``, ``status``, ``receipts``, ``email``…"""
    urls: Sequence[str]
    """The URLs the provider may have signed (public URL first)."""
    headers: Mapping[str, str]
    """Lower-case names."""
    content_type: str
    body: bytes = field(repr=False, default=b"")


class Profile(Protocol):
    name: str
    supports_typing: bool

    def parse(self, channel: ChannelConfig, request: InboundRequest) -> Parsed:
        """Verifies and reads a provider request; raises ``BadSignature`` or ``BadPayload``."""
        ...

    async def send(
        self, channel: ChannelConfig, item: Outbound, post: Post, timeout_s: float
    ) -> SendResult:
        """One attempt to hand ``item`` to the provider; never raises for what the provider
        or the network does."""
        ...
