"""The ``nexus`` profile: nexus's own provider protocol, Standard Webhooks signed.

A tenant that runs its own messaging gateway needs no provider format to adapt to: it
sends customer messages with ``ReceiveMessages`` / ``ReceiveReceipts`` (gRPC or REST, with
an API key), and nexus POSTs each outbound message to the channel's ``outbound_url``.
So ``parse`` refuses everything: a provider webhook path is not how this profile receives.

Outbound request (format version 1; JSON, camelCase, compact)::

    POST {channel.outbound_url}
    content-type: application/json
    webhook-id: msg_{message id} | typ_{fresh id}
    webhook-timestamp: {Unix seconds of this attempt}
    webhook-signature: v1,{base64 HMAC-SHA256} [v1,… one per channel secret]

    {"type": "message",
     "channel": "channels/{c}", "interaction": "interactions/{i}",
     "message": "interactions/{i}/messages/{m}",
     "to": "+15550100", "from": "{channel.sender_id or channel.from_address}",
     "threadId": "", "subject": "", "text": "…",
     "attachments": [{"filename": "", "contentType": "", "uri": "", "sizeBytes": 0}],
     "senderDisplayName": "", "createTime": "2026-01-02T03:04:05.678Z"}

    {"type": "typing", "channel": "channels/{c}", "interaction": "interactions/{i}",
     "to": "+15550100", "typing": true}

Every key is always present (empty string, empty list), so a receiver needs no defaults.
The signature is Standard Webhooks ``v1`` (``nexus.egress.signing``): signed with every
secret of the channel, so a receiver holding either secret during a rotation verifies it.
``webhook-id`` of a message is derived from the message name, so it is the same on every
retry: the receiver's idempotency key.

The answer: a 2xx with ``{"messageId": "…"}`` is accepted, and that id is what later
receipts (``ReceiveReceipts``) may name. The helpers here (RFC 3339 times, judging an
answer) are shared with the other JSON profiles.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from json.encoder import JSONEncoder
from typing import Any

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    ChannelConfig,
    HttpOutcome,
    InboundRequest,
    Outbound,
    Parsed,
    Post,
    SendResult,
)
from nexus.clock import Clock, SystemClock
from nexus.egress import signing
from nexus.ids import new_id

ERROR_TEXT_LIMIT = 512
"""Longest error message kept from a provider's answer (it ends up in the message row)."""

# Network failures worth another attempt: the provider may well be back by then.
RETRY_CLASSES = frozenset({"timeout", "connect", "dns", "tls", "protocol"})

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ENCODER = JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def compact_json(value: object) -> bytes:
    """Minified UTF-8 JSON: the exact bytes that are signed and sent."""
    return _ENCODER.encode(value).encode()


def rfc3339(time_us: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS[.fff|.ffffff]Z`` of Unix microseconds (UTC), the shortest exact
    fraction, as protobuf's JSON mapping writes timestamps."""
    when = _EPOCH + timedelta(microseconds=time_us)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    micros = when.microsecond
    if not micros:
        return text + "Z"
    if not micros % 1000:
        return f"{text}.{micros // 1000:03d}Z"
    return f"{text}.{micros:06d}Z"


def parse_rfc3339(text: str) -> int:
    """Unix microseconds of an RFC 3339 time with an offset; ``ValueError`` otherwise.

    Digits past the microsecond are dropped (Python's ``fromisoformat`` refuses them)."""
    if "T" not in text and "t" not in text:
        raise ValueError("not an RFC 3339 date-time")
    date, _, clock = text.replace("t", "T").replace("z", "Z").partition("T")
    if "." in clock:
        whole, _, rest = clock.partition(".")
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if not digits:
            raise ValueError("empty fraction")
        clock = f"{whole}.{rest[:digits][:6]:0<6}{rest[digits:]}"
    parsed = datetime.fromisoformat(f"{date}T{clock}")
    if parsed.tzinfo is None:
        raise ValueError("no UTC offset")
    return (parsed - _EPOCH) // timedelta(microseconds=1)


def name_tail(name: str) -> str:
    """The last segment of a resource name (``interactions/i/messages/m`` → ``m``)."""
    return name.rsplit("/", 1)[-1]


def _truncate(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_object(body: bytes) -> Mapping[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:  # not JSON, not UTF-8, or cut at the egress body limit
        return None
    return value if isinstance(value, dict) else None


def _scalar_text(value: object) -> str:
    """A code or message the provider put in its error body, as text (numbers too)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def error_details(body: bytes) -> tuple[str, str]:
    """``(code, message)`` of a provider's JSON error body, ``("", "")`` when it has none.

    Reads ``code``/``errorCode`` and ``message``/``error``, and the same one level down
    when ``error`` is an object (``{"error": {"code": …, "message": …}}``)."""
    found = _json_object(body)
    if found is None:
        return "", ""
    nested = found.get("error")
    layers = [found, nested] if isinstance(nested, dict) else [found]
    code = message = ""
    for layer in layers:
        code = code or _scalar_text(layer.get("code")) or _scalar_text(layer.get("errorCode"))
        message = message or _scalar_text(layer.get("message")) or _scalar_text(layer.get("error"))
    return code, _truncate(message)


def judge(outcome: HttpOutcome, *, need_id: bool) -> SendResult:
    """A provider's answer to one attempt, as a ``SendResult``.

    2xx with ``{"messageId": "…"}``: accepted, with that id. A 2xx without one is accepted
    only when ``need_id`` is false (typing indicators); a message the provider cannot
    correlate would never get a receipt, so it fails, finally: sending it again gets the
    same answer. 429, 5xx and network failures are retried; an SSRF refusal and any other
    status are final (the request or the configuration is wrong, not the moment)."""
    common: dict[str, Any] = {
        "status_code": outcome.status_code,
        "retry_after": outcome.retry_after,
        "latency_us": outcome.latency_us,
    }
    if not outcome.error_class and 200 <= outcome.status_code < 300:
        found = _json_object(outcome.body)
        provider_id = found.get("messageId") if found is not None else None
        if isinstance(provider_id, str) and provider_id:
            return SendResult(ok=True, provider_message_id=provider_id, **common)
        if not need_id:
            return SendResult(ok=True, **common)
        return SendResult(
            ok=False,
            error_code="no_message_id",
            error_message="the provider answered 2xx without a messageId",
            **common,
        )
    if outcome.error_class == "http_status" or (not outcome.error_class and outcome.status_code):
        status = outcome.status_code
        code, message = error_details(outcome.body)
        return SendResult(
            ok=False,
            retry=status == 429 or status >= 500,
            error_code=code or f"http_{status}",
            error_message=message or _truncate(outcome.error or f"HTTP {status}"),
            **common,
        )
    if outcome.error_class == "ssrf_refused":
        return SendResult(
            ok=False,
            error_code="ssrf_refused",
            error_message=_truncate(outcome.error or "the address is not allowed"),
            **common,
        )
    # timeout, connect, dns, tls, protocol, and anything the client may add later: the
    # provider did not answer, so it may well accept the same request next time.
    return SendResult(
        ok=False,
        retry=True,
        error_code=outcome.error_class or "unknown",
        error_message=_truncate(outcome.error or outcome.error_class or "no answer"),
        **common,
    )


def no_secret(channel: ChannelConfig) -> SendResult:
    """The final failure of a channel that cannot sign: unsigned requests are never sent."""
    return SendResult(
        ok=False,
        error_code="no_signing_secret",
        error_message=f"{channel.name} has no signing secret",
    )


def _attachment(a: AttachmentMeta) -> dict[str, object]:
    return {
        "filename": a.filename,
        "contentType": a.content_type,
        "uri": a.uri,
        "sizeBytes": a.size_bytes,
    }


class NativeProfile:
    """Outbound: signed JSON to the tenant's gateway. Inbound: the API itself."""

    name = "nexus"
    supports_typing = True

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or SystemClock()

    def parse(self, channel: ChannelConfig, request: InboundRequest) -> Parsed:
        raise BadPayload(
            [("topic", "the nexus profile receives through ReceiveMessages and ReceiveReceipts")]
        )

    def body(self, channel: ChannelConfig, item: Outbound) -> bytes:
        """The request body for ``item`` (see the module docstring)."""
        if item.typing is not None:
            return compact_json(
                {
                    "type": "typing",
                    "channel": item.channel,
                    "interaction": item.interaction,
                    "to": item.to,
                    "typing": item.typing,
                }
            )
        return compact_json(
            {
                "type": "message",
                "channel": item.channel,
                "interaction": item.interaction,
                "message": item.message,
                "to": item.to,
                "from": channel.sender_id or channel.from_address,
                "threadId": item.thread_id,
                "subject": item.subject,
                "text": item.text,
                "attachments": [_attachment(a) for a in item.attachments],
                "senderDisplayName": item.sender_display_name,
                "createTime": rfc3339(item.create_time_us or self.clock.now_us()),
            }
        )

    def headers(self, channel: ChannelConfig, item: Outbound, body: bytes) -> dict[str, str]:
        """Standard Webhooks headers signed with every secret; ``ValueError`` (binascii's
        ``Error`` is one) when a secret is not base64."""
        # A message keeps its id across retries (the receiver's idempotency key); a typing
        # indicator is never retried, so any fresh id will do.
        msg_id = "msg_" + name_tail(item.message) if item.typing is None else "typ_" + new_id()
        timestamp = self.clock.now_us() // 1_000_000
        keys = [signing.secret_key(s) for s in channel.secrets]
        return {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signing.signature_header(keys, msg_id, timestamp, body),
        }

    async def send(
        self, channel: ChannelConfig, item: Outbound, post: Post, timeout_s: float
    ) -> SendResult:
        if not channel.secrets:
            return no_secret(channel)
        body = self.body(channel, item)
        try:
            headers = self.headers(channel, item, body)
        except ValueError as exc:
            return SendResult(
                ok=False,
                error_code="bad_signing_secret",
                error_message=f"a secret of {channel.name} is not base64: {exc}",
            )
        outcome = await post(channel.outbound_url, headers, body, timeout_s)
        return judge(outcome, need_id=item.typing is None)
