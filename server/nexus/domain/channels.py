"""Channel rules (pure): what a channel's kind means, field rules for channels, inbound
messages and receipts, and how a receipt moves an outbound message's delivery state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from google.protobuf.timestamp_pb2 import Timestamp

from nexus.domain import validation as val
from nexus.domain.errors import Violations
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import interaction_pb2 as ipb

MAX_BATCH = 100
MAX_EXTERNAL_ID = 256
MAX_ADDRESS = 256
MAX_ERROR_MESSAGE = 1024
DEFAULT_QUEUE = "queues/default"
DEFAULT_SMTP_PORT = 587

K = cpb.ChannelKind
P = cpb.ChannelProfile
D = ipb.MessageDeliveryState

_E164 = re.compile(r"^\+[1-9][0-9]{1,14}\Z")
_SHORT_CODE = re.compile(r"^[0-9]{5,6}\Z")
_MESSAGING_SERVICE = re.compile(r"^MG[0-9a-fA-F]{32}\Z")
# An addr-spec, not a header: no display name, angle brackets, comments or lists.
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+\Z")
_PRINTABLE = re.compile(r"^[\x21-\x7e]+\Z")
_HOST = re.compile(r"^[A-Za-z0-9.\-]{1,253}\Z")
_NO_CONTROL = re.compile(r"^[^\x00-\x1f\x7f]*\Z")


@dataclass(frozen=True)
class Media:
    media_type: int
    platform: int = 0
    custom_platform: str = ""


def media_of(kind: int) -> Media:
    """The media type (and third-party platform) of a channel kind's interactions."""
    media: dict[int, Media] = {
        K.CHANNEL_KIND_SMS: Media(ipb.MEDIA_TYPE_SMS),
        K.CHANNEL_KIND_EMAIL: Media(ipb.MEDIA_TYPE_EMAIL),
        K.CHANNEL_KIND_WHATSAPP: Media(
            ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_WHATSAPP
        ),
        K.CHANNEL_KIND_FACEBOOK: Media(
            ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_FACEBOOK_PRIVATE
        ),
        K.CHANNEL_KIND_TWITTER: Media(
            ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_TWITTER_PRIVATE
        ),
        K.CHANNEL_KIND_CUSTOM: Media(
            ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_CUSTOM, "custom"
        ),
    }
    return media[kind]


# Which profiles can carry which kinds: SMTP is e-mail only, e-mail needs SMTP or an
# aggregator that speaks nexus's own format.
PROFILE_KINDS: dict[int, frozenset[int]] = {
    P.CHANNEL_PROFILE_NEXUS: frozenset(K.values()) - {0},
    P.CHANNEL_PROFILE_GENESYS_TPM: frozenset(K.values()) - {0, K.CHANNEL_KIND_EMAIL},
    P.CHANNEL_PROFILE_TWILIO: frozenset({K.CHANNEL_KIND_SMS, K.CHANNEL_KIND_WHATSAPP}),
    P.CHANNEL_PROFILE_SMTP: frozenset({K.CHANNEL_KIND_EMAIL}),
}
TYPING_PROFILES = frozenset({P.CHANNEL_PROFILE_NEXUS, P.CHANNEL_PROFILE_GENESYS_TPM})
# Profiles whose provider posts its own format to ``inbound_path``.
RAW_INBOUND = frozenset(
    {P.CHANNEL_PROFILE_GENESYS_TPM, P.CHANNEL_PROFILE_TWILIO, P.CHANNEL_PROFILE_SMTP}
)

UPDATABLE_CHANNEL = (
    "display_name",
    "provider",
    "outbound_url",
    "enabled",
    "default_queue",
    "bot",
)
PROVIDER_FIELDS = tuple(
    f.name for f in cpb.ProviderSettings.DESCRIPTOR.fields if f.name != "has_credentials"
)


def channel(c: cpb.Channel, v: Violations, paths: set[str], creating: bool) -> None:
    """Field rules of a channel; ``paths`` are the fields being set. The outbound URL's
    form is the egress rule (applied by the use case, which stores it normalised)."""
    p = "channel."
    if creating:
        val.enum_value(v, p + "kind", cpb.ChannelKind, c.kind, required=True)
        val.enum_value(v, p + "profile", cpb.ChannelProfile, c.profile, required=True)
        allowed = PROFILE_KINDS.get(c.profile)
        if allowed is not None and c.kind in K.values() and c.kind and c.kind not in allowed:
            v.add(
                p + "profile",
                f"the {profile_label(c.profile)} profile cannot carry {kind_label(c.kind)}"
                " channels",
            )
    if "display_name" in paths and (
        len(c.display_name) > 256 or not _NO_CONTROL.match(c.display_name)
    ):
        v.add(p + "display_name", "at most 256 characters, no control characters")
    if "default_queue" in paths:
        val.ref(v, p + "default_queue", c.default_queue)
    if "bot" in paths:
        val.ref(v, p + "bot", c.bot)
    if (
        "outbound_url" in paths
        and not c.outbound_url
        and c.profile
        in (
            P.CHANNEL_PROFILE_NEXUS,
            P.CHANNEL_PROFILE_GENESYS_TPM,
        )
    ):
        v.add(p + "outbound_url", f"required for the {profile_label(c.profile)} profile")
    if "provider" in paths or any(x.startswith("provider.") for x in paths):
        provider(c, v, paths, creating)


def provider(c: cpb.Channel, v: Violations, paths: set[str], creating: bool = True) -> None:
    p = "channel.provider."
    s = c.provider
    whole = "provider" in paths

    def has(name: str) -> bool:
        return whole or f"provider.{name}" in paths

    if has("sender_id"):
        if c.kind == K.CHANNEL_KIND_SMS and not s.sender_id:
            v.add(p + "sender_id", "required for SMS channels")
        elif s.sender_id and c.kind in (K.CHANNEL_KIND_SMS, K.CHANNEL_KIND_WHATSAPP):
            number = s.sender_id
            if c.kind == K.CHANNEL_KIND_WHATSAPP:
                number = number.removeprefix("whatsapp:")
            service = c.profile == P.CHANNEL_PROFILE_TWILIO and _MESSAGING_SERVICE.match(number)
            if not (_E164.match(number) or _SHORT_CODE.match(number) or service):
                v.add(
                    p + "sender_id",
                    "an E.164 long code such as +14155550100 or a 5-6 digit short code"
                    + (
                        " (or a Twilio Messaging Service SID, MG...)"
                        if c.profile == P.CHANNEL_PROFILE_TWILIO
                        else ""
                    ),
                )
        elif len(s.sender_id) > 256 or not _NO_CONTROL.match(s.sender_id):
            v.add(p + "sender_id", "at most 256 characters, no control characters")
    if has("from_address"):
        if c.kind == K.CHANNEL_KIND_EMAIL and not s.from_address:
            v.add(p + "from_address", "required for EMAIL channels")
        elif s.from_address and (len(s.from_address) > 320 or not _EMAIL.match(s.from_address)):
            v.add(p + "from_address", "must be an e-mail address")
    if has("account_id"):
        if c.profile == P.CHANNEL_PROFILE_TWILIO and not s.account_id:
            v.add(p + "account_id", "required for the twilio profile (the Account SID)")
        elif s.account_id and (len(s.account_id) > 128 or not _PRINTABLE.match(s.account_id)):
            v.add(p + "account_id", "1-128 printable characters")
    if has("credentials"):
        if c.profile == P.CHANNEL_PROFILE_TWILIO and not s.credentials and creating:
            v.add(p + "credentials", "required for the twilio profile (the Auth Token)")
        elif len(s.credentials) > 1024 or not _NO_CONTROL.match(s.credentials):
            v.add(p + "credentials", "at most 1024 characters, no control characters")
    if has("smtp_host"):
        if c.profile == P.CHANNEL_PROFILE_SMTP and not s.smtp_host:
            v.add(p + "smtp_host", "required for the smtp profile")
        elif s.smtp_host and not _HOST.match(s.smtp_host):
            v.add(p + "smtp_host", "a host name or IPv4 address")
    if has("smtp_port") and not 0 <= s.smtp_port <= 65535:
        v.add(p + "smtp_port", "between 1 and 65535 (0: 587)")
    if has("smtp_username") and (
        len(s.smtp_username) > 256 or not _NO_CONTROL.match(s.smtp_username)
    ):
        v.add(p + "smtp_username", "at most 256 characters, no control characters")


def customer_address(kind: int, address: str) -> str | None:
    """Why ``address`` cannot be a customer of a ``kind`` channel, or None."""
    if not address:
        return "required"
    if len(address) > MAX_ADDRESS or not _NO_CONTROL.match(address):
        return f"at most {MAX_ADDRESS} characters, no control characters"
    if kind == K.CHANNEL_KIND_SMS and not (_E164.match(address) or _SHORT_CODE.match(address)):
        return "an E.164 number such as +14155550100, or a 5-6 digit short code"
    if kind == K.CHANNEL_KIND_EMAIL and not _EMAIL.match(address):
        return "an e-mail address"
    if kind == K.CHANNEL_KIND_WHATSAPP and not _E164.match(address.removeprefix("whatsapp:")):
        return "an E.164 number, optionally prefixed whatsapp:"
    return None


def inbound_message(kind: int, m: cspb.InboundMessage, prefix: str, v: Violations) -> None:
    """Rules of one item of ReceiveMessages; violations are named ``{prefix}.field``."""
    p = prefix + "."
    if not m.external_message_id:
        v.add(p + "external_message_id", "required")
    elif len(m.external_message_id) > MAX_EXTERNAL_ID or not _PRINTABLE.match(
        m.external_message_id
    ):
        v.add(
            p + "external_message_id",
            f"1-{MAX_EXTERNAL_ID} printable ASCII characters without spaces",
        )
    problem = customer_address(kind, m.customer_address)
    if problem:
        v.add(p + "customer_address", problem)
    if len(m.display_name) > 256 or not _NO_CONTROL.match(m.display_name):
        v.add(p + "display_name", "at most 256 characters, no control characters")
    if m.thread_id and (len(m.thread_id) > 128 or not _PRINTABLE.match(m.thread_id)):
        v.add(p + "thread_id", "1-128 printable ASCII characters without spaces")
    if len(m.subject) > 998 or "\n" in m.subject or "\r" in m.subject:
        v.add(p + "subject", "one line of at most 998 characters")
    val.content(v, p, m.text, m.attachments)


def receipt(r: cspb.Receipt, prefix: str, v: Violations) -> None:
    p = prefix + "."
    if not r.message and not r.provider_message_id:
        v.add(p + "message", "give the message or its provider_message_id")
    if r.message:
        try:
            val.parse_name(r.message, p + "message", "interactions", "messages")
        except val.InvalidArgument as exc:
            v.items.extend(exc.violations)
    if r.provider_message_id and (
        len(r.provider_message_id) > MAX_EXTERNAL_ID or not _PRINTABLE.match(r.provider_message_id)
    ):
        v.add(
            p + "provider_message_id",
            f"1-{MAX_EXTERNAL_ID} printable ASCII characters without spaces",
        )
    if r.state not in (D.MESSAGE_DELIVERY_STATE_SENT, D.MESSAGE_DELIVERY_STATE_DELIVERED,
                       D.MESSAGE_DELIVERY_STATE_READ, D.MESSAGE_DELIVERY_STATE_FAILED):  # fmt: skip
        v.add(p + "state", "SENT, DELIVERED, READ or FAILED")
    if len(r.error_code) > 64 or not _NO_CONTROL.match(r.error_code):
        v.add(p + "error_code", "at most 64 characters, no control characters")
    if len(r.error_message) > MAX_ERROR_MESSAGE:
        v.add(p + "error_message", f"at most {MAX_ERROR_MESSAGE} characters")


# -- the delivery state of an outbound message ---------------------------------------------

_RANK: dict[int, int] = {
    D.MESSAGE_DELIVERY_STATE_ACCEPTED: 1,
    D.MESSAGE_DELIVERY_STATE_SENT: 2,
    D.MESSAGE_DELIVERY_STATE_DELIVERED: 3,
    D.MESSAGE_DELIVERY_STATE_READ: 4,
}


def advances(current: int, new: int) -> bool:
    """Whether a report of ``new`` moves a message now in ``current`` forward.

    ACCEPTED → SENT → DELIVERED → READ only ever forward (receipts arrive out of order:
    a late DELIVERED after READ changes nothing); FAILED only from ACCEPTED or SENT (a
    message the customer has is not un-delivered), and nothing leaves FAILED.
    """
    if current == D.MESSAGE_DELIVERY_STATE_FAILED or current == new:
        return False
    if new == D.MESSAGE_DELIVERY_STATE_FAILED:
        return current in (D.MESSAGE_DELIVERY_STATE_ACCEPTED, D.MESSAGE_DELIVERY_STATE_SENT)
    return _RANK.get(new, 0) > _RANK.get(current, 0)


def apply_delivery(
    delivery: ipb.MessageDelivery,
    new: int,
    now_us: int,
    provider_message_id: str = "",
    error_code: str = "",
    error_message: str = "",
) -> bool:
    """Moves ``delivery`` to ``new`` if that is forward; records the provider id either
    way. Returns whether the state changed."""
    if provider_message_id and not delivery.provider_message_id:
        delivery.provider_message_id = provider_message_id
    if not advances(delivery.state, new):
        return False
    delivery.state = new  # type: ignore[assignment]
    stamps: dict[int, Timestamp] = {
        D.MESSAGE_DELIVERY_STATE_ACCEPTED: delivery.accept_time,
        D.MESSAGE_DELIVERY_STATE_SENT: delivery.send_time,
        D.MESSAGE_DELIVERY_STATE_DELIVERED: delivery.deliver_time,
        D.MESSAGE_DELIVERY_STATE_READ: delivery.read_time,
        D.MESSAGE_DELIVERY_STATE_FAILED: delivery.fail_time,
    }
    stamps[new].FromMicroseconds(now_us)
    if new == D.MESSAGE_DELIVERY_STATE_FAILED:
        delivery.error_code = error_code[:64]
        delivery.error_message = error_message[:MAX_ERROR_MESSAGE]
    return True


def kind_label(kind: int) -> str:
    return cpb.ChannelKind.Name(kind).removeprefix("CHANNEL_KIND_")


def profile_label(profile: int) -> str:
    return (
        cpb.ChannelProfile.Name(profile).removeprefix("CHANNEL_PROFILE_").lower().replace("_", "-")
    )
