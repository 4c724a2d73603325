"""The ``genesys-tpm`` profile: Genesys Multicloud CX Third-Party Messaging, as nexus speaks it.

What the original service documents, and this profile keeps: every request either way is
signed ``X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`` keyed by the channel
secret's text; requests to the partner carry ``x-ccid``; the partner answers an outbound
message within 10 s with a 2xx and ``{"messageId": "…"}``, the id its later receipts name;
a 5xx means "try again later".

What the original does not publish (the inbound message and receipt bodies, the outbound
message fields: marked unverified in the reference) nexus defines itself, as **format
version 1** of this profile, modelled on Genesys Open Messaging so that partner code
written for either needs few changes. Outbound requests say so in ``x-nexus-format``.

Inbound, ``POST …/inbound/{topic}`` (the body is one item, or a batch)::

    messages  {"messages": [item, …]} or one item, where an item is a message
              {"messageId": "p-1",                       required: the redelivery key
               "channel": {"from": {"id": "+15550100",  required: the customer
                                    "nickname"?, "firstName"?, "lastName"?},
                           "time"?: RFC 3339},
               "text"?: "…", "threadId"?: "…",
               "content"?: [{"type": "Attachment",
                             "attachment": {"url", "mime"?, "filename"?, "size"?}}]}
              (text or content required), or an event
              {"channel": {"from": {"id"}, "time"?},
               "events": [{"eventType": "Typing", "typing": {"type": "On"|"Off",
                                                             "duration"?: ms}}]}
              (other event types are ignored: later versions may add some)
    typing    the same, every item an event
    receipts  {"receipts": [receipt, …]} or one receipt:
              {"messageId": "<the messageId we got back, or our message name>",
               "status": "Sent"|"Delivered"|"Read"|"Failed",
               "reasons"?: [{"code"?, "message"?}], "time"?: RFC 3339}

The reply is ``{}`` (application/json). A body that cannot be read is refused whole, with
the path of every bad field (``messages[2].channel.from.id``), so the partner sees what to
fix instead of nexus storing half a batch.

Outbound, ``POST {channel.outbound_url}`` with ``X-Hub-Signature`` (newest secret) and
``x-ccid: {channel id}``::

    {"id": "{message id}",
     "channel": {"id": "{channel id}", "platform": "Open", "type": "Private",
                 "to": {"id": "+15550100"},
                 "from": {"nickname": "Ann (agent)", "id": "{sender_id or account_id}",
                          "idType": "Opaque"},
                 "time": RFC 3339, "messageId": "interactions/{i}/messages/{m}"},
     "type": "Text", "text": "…", "content": [attachment items as above],
     "direction": "Outbound", "threadId": "…"}

and for a typing indicator ``"type": "Event"``, ``"events": [{"eventType": "Typing",
"typing": {"type": "On"|"Off"}}]`` instead of text and content (``id`` then is fresh).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

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
    Receipt,
    ReceiptState,
    SendResult,
    TypingSignal,
)
from nexus.channels.native import (
    compact_json,
    judge,
    name_tail,
    no_secret,
    parse_rfc3339,
    rfc3339,
)
from nexus.clock import Clock, SystemClock
from nexus.domain.validation import MAX_TIMESTAMP_S, MIN_TIMESTAMP_S
from nexus.egress import signing
from nexus.ids import new_id

FORMAT = "genesys-tpm/1"
"""``x-nexus-format`` of outbound requests: the version of the bodies described above."""

TOPICS = ("messages", "receipts", "typing")

RECEIPT_STATES = {
    "Sent": ReceiptState.SENT,
    "Delivered": ReceiptState.DELIVERED,
    "Read": ReceiptState.READ,
    "Failed": ReceiptState.FAILED,
}

# Our message names: a receipt naming one of them needs no provider id to be matched.
MESSAGE_NAME_PREFIX = "interactions/"

Object = Mapping[str, Any]


def _path(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


class _Reader:
    """Reads fields of a decoded JSON body, noting every violation with its path rather than
    stopping at the first, so one refusal names everything that is wrong."""

    def __init__(self) -> None:
        self.violations: list[tuple[str, str]] = []

    def fail(self, path: str, description: str) -> None:
        self.violations.append((path, description))

    def obj(self, parent: Object, key: str, prefix: str, required: bool = True) -> Object | None:
        path = _path(prefix, key)
        if key not in parent:
            if required:
                self.fail(path, "is required")
            return None
        value = parent[key]
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return None
        return value

    def array(self, parent: Object, key: str, prefix: str) -> Iterator[tuple[str, Object]]:
        """The objects of an optional array, each with its path."""
        path = _path(prefix, key)
        value = parent.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(path, "must be an array")
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield f"{path}[{i}]", item
            else:
                self.fail(f"{path}[{i}]", "must be an object")

    def text(self, parent: Object, key: str, prefix: str, required: bool = False) -> str:
        """A string field; ``required`` ones must also be non-empty."""
        path = _path(prefix, key)
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(path, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(path, "must be a string")
            return ""
        if required and not value:
            self.fail(path, "must not be empty")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate escape ("\ud800")
                self.fail(path, "must be valid Unicode text")
                return ""
        return value

    def count(self, parent: Object, key: str, prefix: str) -> int | None:
        """An optional non-negative integer (a JSON boolean is not one)."""
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
            self.fail(_path(prefix, key), "must be a non-negative 64-bit integer")
            return None
        return value

    def time(self, parent: Object, key: str, prefix: str) -> int | None:
        """An optional RFC 3339 date-time, as Unix microseconds."""
        text = self.text(parent, key, prefix)
        if not text:
            return None
        try:
            us = parse_rfc3339(text)
        except (ValueError, OverflowError):
            self.fail(_path(prefix, key), "must be an RFC 3339 date-time with an offset")
            return None
        if not MIN_TIMESTAMP_S * 1_000_000 <= us <= MAX_TIMESTAMP_S * 1_000_000:
            self.fail(_path(prefix, key), "must be between years 1 and 9999")
            return None
        return us


def verify_hub_signature(secrets: Sequence[str], header: str, body: bytes) -> None:
    """Raises ``BadSignature`` unless ``header`` is ``sha1=<hex>`` of ``body`` under one of
    ``secrets`` (every one is tried: during a rotation the partner may hold either)."""
    if not header:
        raise BadSignature("X-Hub-Signature is missing")
    # Hex digits in either case are the same signature; compare bytes in constant time.
    given = header.strip().lower().encode("utf-8", "replace")
    for secret in secrets:
        expected = signing.hub_signature(secret, body).encode()
        if hmac.compare_digest(expected, given):
            return
    raise BadSignature("X-Hub-Signature does not match the body")


class GenesysTpmProfile:
    """Third-Party Messaging: HMAC-SHA1 signed JSON both ways."""

    name = "genesys-tpm"
    supports_typing = True

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or SystemClock()

    # -- inbound ----------------------------------------------------------------------------

    def parse(self, channel: ChannelConfig, request: InboundRequest) -> Parsed:
        # The signature first: an unsigned caller learns nothing about topics or formats.
        verify_hub_signature(
            channel.secrets, request.headers.get("x-hub-signature", ""), request.body
        )
        if request.topic not in TOPICS:
            raise BadPayload([("topic", "must be one of " + ", ".join(TOPICS))])
        try:
            doc = json.loads(request.body)
        except ValueError as exc:  # UnicodeDecodeError is one too
            raise BadPayload([("body", f"must be JSON: {exc}")]) from None
        except RecursionError:
            raise BadPayload([("body", "is nested too deeply")]) from None
        if not isinstance(doc, dict):
            raise BadPayload([("body", "must be a JSON object")])
        reader = _Reader()
        messages: list[Inbound] = []
        receipts: list[Receipt] = []
        typing: list[TypingSignal] = []
        if request.topic == "receipts":
            for path, item in self._items(reader, doc, "receipts"):
                receipt = self._receipt(reader, item, path)
                if receipt is not None:
                    receipts.append(receipt)
        else:
            for path, item in self._items(reader, doc, "messages"):
                if "events" in item:
                    typing.extend(self._events(reader, item, path))
                elif request.topic == "typing":
                    reader.fail(_path(path, "events"), "is required on the typing topic")
                else:
                    message = self._message(reader, item, path)
                    if message is not None:
                        messages.append(message)
        if reader.violations:
            raise BadPayload(reader.violations)
        return Parsed(messages=messages, receipts=receipts, typing=typing)

    @staticmethod
    def _items(reader: _Reader, doc: Object, key: str) -> Iterator[tuple[str, Object]]:
        """A batch ``{key: [...]}``, or the body as its one item (paths without a prefix)."""
        if key not in doc:
            yield "", doc
            return
        if not isinstance(doc[key], list):
            reader.fail(key, "must be an array")
            return
        yield from reader.array(doc, key, "")

    @staticmethod
    def _sender(reader: _Reader, item: Object, prefix: str) -> tuple[str, str, int | None]:
        """``(customer id, display name, provider time)`` of ``channel``."""
        channel = reader.obj(item, "channel", prefix)
        if channel is None:
            return "", "", None
        channel_path = _path(prefix, "channel")
        sender = reader.obj(channel, "from", channel_path)
        when = reader.time(channel, "time", channel_path)
        if sender is None:
            return "", "", when
        from_path = _path(channel_path, "from")
        customer = reader.text(sender, "id", from_path, required=True)
        nickname = reader.text(sender, "nickname", from_path)
        first = reader.text(sender, "firstName", from_path)
        last = reader.text(sender, "lastName", from_path)
        return customer, nickname or f"{first} {last}".strip(), when

    def _message(self, reader: _Reader, item: Object, prefix: str) -> Inbound | None:
        before = len(reader.violations)
        message_id = reader.text(item, "messageId", prefix, required=True)
        customer, display_name, when = self._sender(reader, item, prefix)
        readable = len(reader.violations)
        text = reader.text(item, "text", prefix)
        text_read = len(reader.violations) == readable  # else "must be a string" says it all
        thread_id = reader.text(item, "threadId", prefix)
        attachments: list[AttachmentMeta] = []
        for path, part in reader.array(item, "content", prefix):
            if part.get("type") != "Attachment":
                reader.fail(_path(path, "type"), "must be Attachment")
                continue
            attachment = reader.obj(part, "attachment", path)
            if attachment is None:
                continue
            inner = _path(path, "attachment")
            attachments.append(
                AttachmentMeta(
                    uri=reader.text(attachment, "url", inner, required=True),
                    content_type=reader.text(attachment, "mime", inner),
                    filename=reader.text(attachment, "filename", inner),
                    size_bytes=reader.count(attachment, "size", inner) or 0,
                )
            )
        if text_read and not text and not item.get("content"):
            reader.fail(_path(prefix, "text"), "text or content is required")
        if len(reader.violations) > before:
            return None
        return Inbound(
            external_message_id=message_id,
            customer_address=customer,
            text=text,
            display_name=display_name,
            thread_id=thread_id,
            attachments=tuple(attachments),
            provider_time_us=when,
        )

    def _events(self, reader: _Reader, item: Object, prefix: str) -> list[TypingSignal]:
        customer, _, _ = self._sender(reader, item, prefix)
        if not isinstance(item["events"], list):
            reader.fail(_path(prefix, "events"), "must be an array")
            return []
        signals: list[TypingSignal] = []
        for path, event in reader.array(item, "events", prefix):
            kind = reader.text(event, "eventType", path, required=True)
            if kind != "Typing":
                continue  # other events are not this version's; a later one may read them
            typing = reader.obj(event, "typing", path)
            if typing is None:
                continue
            inner = _path(path, "typing")
            state = typing.get("type")
            if state not in ("On", "Off"):
                reader.fail(_path(inner, "type"), "must be On or Off")
                continue
            duration_ms = reader.count(typing, "duration", inner)
            signals.append(
                TypingSignal(
                    customer_address=customer,
                    active=state == "On",
                    ttl_s=(duration_ms or 0) / 1000,
                )
            )
        return signals

    @staticmethod
    def _receipt(reader: _Reader, item: Object, prefix: str) -> Receipt | None:
        before = len(reader.violations)
        named = reader.text(item, "messageId", prefix, required=True)
        status = reader.text(item, "status", prefix, required=True)
        state = RECEIPT_STATES.get(status)
        if status and state is None:
            reader.fail(_path(prefix, "status"), "must be Sent, Delivered, Read or Failed")
        when = reader.time(item, "time", prefix)
        code = message = ""
        for path, reason in reader.array(item, "reasons", prefix):
            # The first reason is the one kept; the others are still checked.
            reason_code = reader.text(reason, "code", path)
            reason_message = reader.text(reason, "message", path)
            if not (code or message):
                code, message = reason_code, reason_message
        if state is None or len(reader.violations) > before:
            return None
        ours = named.startswith(MESSAGE_NAME_PREFIX)
        return Receipt(
            state=state,
            provider_message_id="" if ours else named,
            message=named if ours else "",
            error_code=code,
            error_message=message,
            provider_time_us=when,
        )

    # -- outbound ---------------------------------------------------------------------------

    def body(self, channel: ChannelConfig, item: Outbound) -> bytes:
        """The request body for ``item`` (see the module docstring)."""
        route: dict[str, Any] = {
            "id": name_tail(channel.name),
            "platform": "Open",
            "type": "Private",
            "to": {"id": item.to},
            "from": {
                "nickname": item.sender_display_name,
                "id": channel.sender_id or channel.account_id,
                "idType": "Opaque",
            },
            "time": rfc3339(item.create_time_us or self.clock.now_us()),
        }
        doc: dict[str, Any]
        if item.typing is not None:
            doc = {
                "id": new_id(),
                "channel": route,
                "type": "Event",
                "events": [
                    {"eventType": "Typing", "typing": {"type": "On" if item.typing else "Off"}}
                ],
                "direction": "Outbound",
            }
        else:
            route["messageId"] = item.message
            doc = {
                "id": name_tail(item.message),
                "channel": route,
                "type": "Text",
                "text": item.text,
                "content": [
                    {
                        "type": "Attachment",
                        "attachment": {
                            "url": a.uri,
                            "mime": a.content_type,
                            "filename": a.filename,
                            "size": a.size_bytes,
                        },
                    }
                    for a in item.attachments
                ],
                "direction": "Outbound",
            }
        if item.thread_id:
            doc["threadId"] = item.thread_id
        return compact_json(doc)

    @staticmethod
    def headers(channel: ChannelConfig, body: bytes) -> dict[str, str]:
        """Signed with the newest secret only: the header has room for one signature."""
        return {
            "content-type": "application/json",
            "X-Hub-Signature": signing.hub_signature(channel.secrets[0], body),
            "x-ccid": name_tail(channel.name),
            "x-nexus-format": FORMAT,
        }

    async def send(
        self, channel: ChannelConfig, item: Outbound, post: Post, timeout_s: float
    ) -> SendResult:
        if not channel.secrets:
            return no_secret(channel)
        body = self.body(channel, item)
        outcome = await post(channel.outbound_url, self.headers(channel, body), body, timeout_s)
        return judge(outcome, need_id=item.typing is None)
