"""The ``nexus`` and ``genesys-tpm`` profiles: signatures both ways, reading every inbound
topic (and refusing what cannot be read, with field paths), and sending through nexus's
real egress client to a real HTTPS receiver on loopback."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook as StdWebhook
from standardwebhooks.webhooks import WebhookVerificationError
from webhook_receiver import Received, Receiver

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    BadSignature,
    ChannelConfig,
    Inbound,
    InboundRequest,
    Outbound,
    Receipt,
    ReceiptState,
    TypingSignal,
)
from nexus.channels.genesys_tpm import FORMAT, GenesysTpmProfile, verify_hub_signature
from nexus.channels.native import NativeProfile, judge, parse_rfc3339, rfc3339
from nexus.clock import FakeClock
from nexus.config import NotifierConfig
from nexus.egress import signing
from nexus.egress.client import EgressClient, Outcome

NEW_SECRET = "whsec_" + base64.b64encode(bytes(range(1, 33))).decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"an older secret of 24 b!").decode()
HUB_SECRET = "tpm-channel-secret-2"
HUB_OLD = "tpm-channel-secret-1"

MESSAGE = "interactions/i1/messages/m1"
T0_US = 1_767_323_045_678_000  # 2026-01-02T03:04:05.678Z


def native_channel(url: str = "https://gw.example.com/out", **kw: Any) -> ChannelConfig:
    settings_: dict[str, Any] = {
        "outbound_url": url,
        "sender_id": "+15550199",
        "secrets": (NEW_SECRET, OLD_SECRET),
        **kw,
    }
    return ChannelConfig(name="channels/gw1", kind=1, **settings_)


def tpm_channel(url: str = "https://tpm.example.com/hook", **kw: Any) -> ChannelConfig:
    settings_: dict[str, Any] = {
        "outbound_url": url,
        "account_id": "acct-7",
        "secrets": (HUB_SECRET, HUB_OLD),
        **kw,
    }
    return ChannelConfig(name="channels/tpm1", kind=1, **settings_)


def message(**kw: Any) -> Outbound:
    fields: dict[str, Any] = {
        "message": MESSAGE,
        "interaction": "interactions/i1",
        "channel": "channels/gw1",
        "to": "+15550100",
        "text": "Your order has shipped",
        "sender_display_name": "Ann",
        "create_time_us": T0_US,
        **kw,
    }
    return Outbound(**fields)


def typing(active: bool = True) -> Outbound:
    return Outbound(
        message="",
        interaction="interactions/i1",
        channel="channels/gw1",
        to="+15550100",
        typing=active,
    )


def hand_hub(secret: str, body: bytes) -> str:
    """X-Hub-Signature computed here, independently of nexus.egress.signing."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def tpm_request(topic: str, doc: Any, secret: str = HUB_SECRET) -> InboundRequest:
    body = json.dumps(doc).encode()
    return InboundRequest(
        topic=topic,
        urls=("https://contact.example.com/v1/channels/tpm1/inbound/" + topic,),
        headers={"x-hub-signature": hand_hub(secret, body), "content-type": "application/json"},
        content_type="application/json",
        body=body,
    )


def parse_tpm(topic: str, doc: Any) -> Any:
    return GenesysTpmProfile().parse(tpm_channel(), tpm_request(topic, doc))


def violations(topic: str, doc: Any) -> dict[str, str]:
    with pytest.raises(BadPayload) as raised:
        parse_tpm(topic, doc)
    return dict(raised.value.violations)


# -- times ---------------------------------------------------------------------------------


def test_rfc3339_writes_the_shortest_exact_fraction():
    assert rfc3339(0) == "1970-01-01T00:00:00Z"
    assert rfc3339(T0_US) == "2026-01-02T03:04:05.678Z"
    assert rfc3339(T0_US + 9) == "2026-01-02T03:04:05.678009Z"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-01-02T03:04:05.678Z", T0_US),
        ("2026-01-02T05:04:05.678+02:00", T0_US),
        ("2026-01-02t03:04:05.678123456z", T0_US + 123),  # nanoseconds: cut, not refused
        ("2026-01-02T03:04:05.6Z", T0_US - 78_000),
    ],
)
def test_rfc3339_read(text, expected):
    assert parse_rfc3339(text) == expected


@pytest.mark.parametrize("text", ["2026-01-02", "2026-01-02T03:04:05", "yesterday", "", "T.Z"])
def test_rfc3339_refused(text):
    with pytest.raises(ValueError):
        parse_rfc3339(text)


# -- nexus profile: inbound and the request it sends ----------------------------------------


def test_native_parse_points_to_the_api():
    request = InboundRequest("messages", (), {}, "application/json", b"{}")
    with pytest.raises(BadPayload) as raised:
        NativeProfile().parse(native_channel(), request)
    assert raised.value.violations == [
        ("topic", "the nexus profile receives through ReceiveMessages and ReceiveReceipts")
    ]


def test_native_message_body():
    item = message(
        thread_id="t-9",
        attachments=(AttachmentMeta("a.png", "image/png", "https://f.example.com/a.png", 42),),
    )
    body = NativeProfile(FakeClock()).body(native_channel(), item)
    assert b" " not in body.replace(b"Your order has shipped", b"")  # compact: signed as sent
    assert json.loads(body) == {
        "type": "message",
        "channel": "channels/gw1",
        "interaction": "interactions/i1",
        "message": MESSAGE,
        "to": "+15550100",
        "from": "+15550199",
        "threadId": "t-9",
        "subject": "",
        "text": "Your order has shipped",
        "attachments": [
            {
                "filename": "a.png",
                "contentType": "image/png",
                "uri": "https://f.example.com/a.png",
                "sizeBytes": 42,
            }
        ],
        "senderDisplayName": "Ann",
        "createTime": "2026-01-02T03:04:05.678Z",
    }


def test_native_message_body_defaults():
    clock = FakeClock(start_us=T0_US)
    channel = native_channel(sender_id="", from_address="support@example.com")
    doc = json.loads(NativeProfile(clock).body(channel, message(create_time_us=0, text="")))
    assert doc["from"] == "support@example.com"
    assert doc["createTime"] == "2026-01-02T03:04:05.678Z"  # not stored yet: now
    assert (doc["threadId"], doc["text"], doc["attachments"]) == ("", "", [])


@pytest.mark.parametrize("active", [True, False])
def test_native_typing_body(active):
    body = NativeProfile().body(native_channel(), typing(active))
    assert json.loads(body) == {
        "type": "typing",
        "channel": "channels/gw1",
        "interaction": "interactions/i1",
        "to": "+15550100",
        "typing": active,
    }


def test_native_signature_verifies_with_every_secret():
    profile = NativeProfile()
    channel = native_channel()
    body = profile.body(channel, message())
    headers = profile.headers(channel, message(), body)
    assert headers["webhook-id"] == "msg_m1"
    assert headers["content-type"] == "application/json"
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in channel.secrets:
        StdWebhook(secret).verify(body, headers, json_parse=False)
    with pytest.raises(WebhookVerificationError):
        StdWebhook(NEW_SECRET).verify(body.replace(b"shipped", b"shopped"), headers)
    stranger = "whsec_" + base64.b64encode(b"x" * 32).decode()
    with pytest.raises(WebhookVerificationError):
        StdWebhook(stranger).verify(body, headers)


def test_native_ids_are_stable_for_a_message_and_fresh_for_typing():
    profile = NativeProfile()
    channel = native_channel()
    first = profile.headers(channel, message(), b"{}")["webhook-id"]
    again = profile.headers(channel, message(), b"{}")["webhook-id"]
    assert first == again == "msg_m1"
    a, b = (profile.headers(channel, typing(), b"{}")["webhook-id"] for _ in range(2))
    assert a.startswith("typ_") and b.startswith("typ_") and a != b


async def test_native_refuses_to_send_unsigned():
    async def post(*_: Any) -> Outcome:
        raise AssertionError("nothing may be sent")

    result = await NativeProfile().send(native_channel(secrets=()), message(), post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "no_signing_secret")
    bad = native_channel(secrets=("whsec_not*base64",))
    result = await NativeProfile().send(bad, message(), post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "bad_signing_secret")
    result = await GenesysTpmProfile().send(tpm_channel(secrets=()), message(), post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "no_signing_secret")


# -- judging the answer ----------------------------------------------------------------------

LONG = "x" * 1000


@pytest.mark.parametrize(
    "outcome, need_id, expected",
    [
        (Outcome(200, b'{"messageId":"p-1"}'), True, (True, False, "", "p-1")),
        (Outcome(201, b'{"messageId":"p-1","x":1}'), True, (True, False, "", "p-1")),
        (Outcome(200, b"{}"), False, (True, False, "", "")),
        (Outcome(204, b""), False, (True, False, "", "")),
        (Outcome(200, b"{}"), True, (False, False, "no_message_id", "")),
        (Outcome(200, b"thanks"), True, (False, False, "no_message_id", "")),
        (Outcome(200, b'{"messageId":7}'), True, (False, False, "no_message_id", "")),
        (Outcome(200, b'{"messageId":""}'), True, (False, False, "no_message_id", "")),
        (Outcome(429, b"", error_class="http_status"), True, (False, True, "http_429", "")),
        (Outcome(500, b"oops", error_class="http_status"), True, (False, True, "http_500", "")),
        (
            Outcome(503, b'{"code":"busy","message":"later"}', error_class="http_status"),
            True,
            (False, True, "busy", ""),
        ),
        (Outcome(404, b"", error_class="http_status"), True, (False, False, "http_404", "")),
        (Outcome(302, b"", error_class="http_status"), True, (False, False, "http_302", "")),
        (
            Outcome(400, b'{"errorCode":21211,"error":"bad to"}', error_class="http_status"),
            True,
            (False, False, "21211", ""),
        ),
        (
            Outcome(400, b'{"error":{"code":"INVALID","message":"x"}}', error_class="http_status"),
            True,
            (False, False, "INVALID", ""),
        ),
        (Outcome(error_class="timeout", error="timed out"), True, (False, True, "timeout", "")),
        (Outcome(error_class="connect", error="refused"), True, (False, True, "connect", "")),
        (Outcome(error_class="dns", error="no name"), True, (False, True, "dns", "")),
        (Outcome(error_class="tls", error="bad cert"), True, (False, True, "tls", "")),
        (Outcome(error_class="protocol", error="eof"), True, (False, True, "protocol", "")),
        (Outcome(error_class="ssrf_refused", error="10.0.0.1"), True, (False, False, "ssrf", "")),
        (Outcome(error_class="timeout"), False, (False, True, "timeout", "")),
    ],
)
def test_judge(outcome, need_id, expected):
    ok, retry, code, provider_id = expected
    result = judge(outcome, need_id=need_id)
    assert (result.ok, result.retry, result.provider_message_id) == (ok, retry, provider_id)
    assert result.error_code.startswith(code)
    assert result.status_code == outcome.status_code
    if not ok:
        assert result.error_message


def test_judge_error_messages():
    rejected = Outcome(400, b'{"errorCode":21211,"error":"bad to"}', error_class="http_status")
    result = judge(rejected, need_id=True)
    assert (result.error_code, result.error_message) == ("21211", "bad to")
    result = judge(Outcome(200, b"{}"), need_id=True)
    assert result.error_message == "the provider answered 2xx without a messageId"
    body = json.dumps({"message": LONG}).encode()
    result = judge(Outcome(422, body, error_class="http_status", error="HTTP 422"), need_id=True)
    assert (result.error_code, len(result.error_message)) == ("http_422", 512)
    html = Outcome(404, b"<html>", error_class="http_status", error="HTTP 404")
    result = judge(html, need_id=True)
    assert result.error_message == "HTTP 404"
    result = judge(
        Outcome(429, b"", error_class="http_status", retry_after="120", latency_us=5),
        need_id=True,
    )
    assert (result.retry_after, result.latency_us) == ("120", 5)


# -- genesys-tpm: signatures ------------------------------------------------------------------


def test_hub_signature_matches_a_hand_computed_hmac():
    # HMAC-SHA1 vector from the algorithm's Wikipedia page, computed independently.
    body = b"The quick brown fox jumps over the lazy dog"
    expected = "sha1=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9"
    assert signing.hub_signature("key", body) == hand_hub("key", body) == expected
    verify_hub_signature(["other", "key"], expected, body)
    verify_hub_signature(["key"], expected.upper().replace("SHA1=", "sha1="), body)


@pytest.mark.parametrize(
    "header, body, secrets",
    [
        ("", b"{}", (HUB_SECRET,)),
        (hand_hub(HUB_SECRET, b"{}"), b"{} ", (HUB_SECRET,)),  # tampered body
        (hand_hub("guess", b"{}"), b"{}", (HUB_SECRET, HUB_OLD)),  # wrong secret
        (hand_hub(HUB_SECRET, b"{}"), b"{}", ()),  # a channel without secrets
        (hand_hub(HUB_SECRET, b"{}").removeprefix("sha1="), b"{}", (HUB_SECRET,)),
        (
            "sha256=" + hmac.new(HUB_SECRET.encode(), b"{}", "sha256").hexdigest(),
            b"{}",
            (HUB_SECRET,),
        ),
        ("sha1=é", b"{}", (HUB_SECRET,)),
    ],
)
def test_hub_signature_refused(header, body, secrets):
    with pytest.raises(BadSignature):
        verify_hub_signature(secrets, header, body)


def test_parse_checks_the_signature_first():
    request = tpm_request("no-such-topic", {"messages": "junk"}, secret="guess")
    with pytest.raises(BadSignature):
        GenesysTpmProfile().parse(tpm_channel(), request)
    unsigned = InboundRequest("messages", (), {}, "application/json", b"{}")
    with pytest.raises(BadSignature):
        GenesysTpmProfile().parse(tpm_channel(), unsigned)


def test_parse_accepts_the_older_secret_during_a_rotation():
    doc = {"messageId": "p1", "channel": {"from": {"id": "c1"}}, "text": "hi"}
    parsed = GenesysTpmProfile().parse(tpm_channel(), tpm_request("messages", doc, HUB_OLD))
    assert [m.external_message_id for m in parsed.messages] == ["p1"]


# -- genesys-tpm: reading each topic ----------------------------------------------------------


def test_messages_batch():
    parsed = parse_tpm(
        "messages",
        {
            "messages": [
                {
                    "messageId": "p1",
                    "channel": {
                        "from": {"id": "+15550100", "nickname": "Bob", "firstName": "Robert"},
                        "time": "2026-01-02T03:04:05.678Z",
                    },
                    "text": "Where is my order?",
                    "threadId": "th-1",
                },
                {
                    "messageId": "p2",
                    "channel": {
                        "from": {"id": "+15550100", "firstName": "Robert", "lastName": "Roe"}
                    },
                    "content": [
                        {
                            "type": "Attachment",
                            "attachment": {
                                "url": "https://media.example.com/1.jpg",
                                "mime": "image/jpeg",
                                "filename": "1.jpg",
                                "size": 1234,
                            },
                        },
                        {"type": "Attachment", "attachment": {"url": "https://m.example.com/2"}},
                    ],
                },
            ]
        },
    )
    assert parsed.messages == [
        Inbound(
            external_message_id="p1",
            customer_address="+15550100",
            text="Where is my order?",
            display_name="Bob",
            thread_id="th-1",
            provider_time_us=T0_US,
        ),
        Inbound(
            external_message_id="p2",
            customer_address="+15550100",
            display_name="Robert Roe",
            attachments=(
                AttachmentMeta("1.jpg", "image/jpeg", "https://media.example.com/1.jpg", 1234),
                AttachmentMeta("", "", "https://m.example.com/2", 0),
            ),
        ),
    ]
    assert (parsed.receipts, parsed.typing) == ([], [])
    assert (parsed.reply_content_type, parsed.reply_body) == ("application/json", b"{}")


def test_single_message_and_empty_batch():
    doc = {"messageId": "p1", "channel": {"from": {"id": "c1"}}, "text": "hi"}
    (only,) = parse_tpm("messages", doc).messages
    assert (only.external_message_id, only.customer_address, only.text) == ("p1", "c1", "hi")
    assert only.provider_time_us is None
    empty = parse_tpm("messages", {"messages": []})
    assert (empty.messages, empty.receipts, empty.typing) == ([], [], [])


def test_receipts():
    parsed = parse_tpm(
        "receipts",
        {
            "receipts": [
                {"messageId": "tpm-9", "status": "Delivered", "time": "2026-01-02T03:04:05.678Z"},
                {"messageId": MESSAGE, "status": "Read"},
                {"messageId": "tpm-10", "status": "Sent"},
                {
                    "messageId": "tpm-11",
                    "status": "Failed",
                    "reasons": [
                        {"code": "RecipientOptedOut", "message": "STOP received"},
                        {"code": "Other"},
                    ],
                },
            ]
        },
    )
    assert parsed.receipts == [
        Receipt(ReceiptState.DELIVERED, provider_message_id="tpm-9", provider_time_us=T0_US),
        Receipt(ReceiptState.READ, message=MESSAGE),
        Receipt(ReceiptState.SENT, provider_message_id="tpm-10"),
        Receipt(
            ReceiptState.FAILED,
            provider_message_id="tpm-11",
            error_code="RecipientOptedOut",
            error_message="STOP received",
        ),
    ]
    (single,) = parse_tpm("receipts", {"messageId": "tpm-9", "status": "Delivered"}).receipts
    assert single == Receipt(ReceiptState.DELIVERED, provider_message_id="tpm-9")


def typing_event(kind: str = "On", **typing_: Any) -> dict[str, Any]:
    return {
        "channel": {"from": {"id": "c1"}},
        "events": [{"eventType": "Typing", "typing": {"type": kind, **typing_}}],
    }


def test_typing_topic():
    assert parse_tpm("typing", typing_event("On", duration=5000)).typing == [
        TypingSignal("c1", active=True, ttl_s=5.0)
    ]
    assert parse_tpm("typing", typing_event("Off")).typing == [TypingSignal("c1", active=False)]
    batch = {"messages": [typing_event("On"), typing_event("Off")]}
    assert [t.active for t in parse_tpm("typing", batch).typing] == [True, False]
    # Event types this version does not know are skipped, not refused.
    other = {"channel": {"from": {"id": "c1"}}, "events": [{"eventType": "Presence"}]}
    assert parse_tpm("typing", other).typing == []


def test_events_on_the_messages_topic():
    doc = {
        "messages": [
            {"messageId": "p1", "channel": {"from": {"id": "c1"}}, "text": "hi"},
            typing_event("Off"),
        ]
    }
    parsed = parse_tpm("messages", doc)
    assert [m.external_message_id for m in parsed.messages] == ["p1"]
    assert parsed.typing == [TypingSignal("c1", active=False)]


def msg(**kw: Any) -> dict[str, Any]:
    return {"messageId": "p", "channel": {"from": {"id": "c"}}, "text": "t", **kw}


@pytest.mark.parametrize(
    "topic, doc, path, description",
    [
        ("status", msg(), "topic", "must be one of messages, receipts, typing"),
        ("messages", [msg()], "body", "must be a JSON object"),
        ("messages", {"messages": msg()}, "messages", "must be an array"),
        ("messages", {"messages": [msg(), 3]}, "messages[1]", "must be an object"),
        (
            "messages",
            {"messages": [msg(), msg(), msg(channel={"from": {"nickname": "x"}})]},
            "messages[2].channel.from.id",
            "is required",
        ),
        (
            "messages",
            {"messages": [msg(messageId="")]},
            "messages[0].messageId",
            "must not be empty",
        ),
        ("messages", msg(messageId=None), "messageId", "is required"),
        ("messages", msg(channel="c"), "channel", "must be an object"),
        ("messages", msg(channel={}), "channel.from", "is required"),
        ("messages", msg(channel={"from": {"id": 5}}), "channel.from.id", "must be a string"),
        ("messages", msg(text=5), "text", "must be a string"),
        ("messages", msg(text=""), "text", "text or content is required"),
        ("messages", msg(text="", content=[]), "text", "text or content is required"),
        ("messages", msg(threadId=["t"]), "threadId", "must be a string"),
        (
            "messages",
            msg(channel={"from": {"id": "c"}, "time": "2026-01-02T03:04:05"}),
            "channel.time",
            "must be an RFC 3339 date-time with an offset",
        ),
        ("messages", msg(content={"type": "Attachment"}), "content", "must be an array"),
        (
            "messages",
            msg(content=[{"type": "QuickReply"}]),
            "content[0].type",
            "must be Attachment",
        ),
        ("messages", msg(content=[{"type": "Attachment"}]), "content[0].attachment", "is required"),
        (
            "messages",
            msg(
                content=[
                    {"type": "Attachment", "attachment": {"url": "https://x/1"}},
                    {"type": "Attachment", "attachment": {"mime": "a/b"}},
                ]
            ),
            "content[1].attachment.url",
            "is required",
        ),
        (
            "messages",
            msg(content=[{"type": "Attachment", "attachment": {"url": "u", "size": -1}}]),
            "content[0].attachment.size",
            "must be a non-negative 64-bit integer",
        ),
        (
            "messages",
            msg(content=[{"type": "Attachment", "attachment": {"url": "u", "size": True}}]),
            "content[0].attachment.size",
            "must be a non-negative 64-bit integer",
        ),
        ("typing", msg(), "events", "is required on the typing topic"),
        ("typing", {"channel": {"from": {"id": "c"}}, "events": {}}, "events", "must be an array"),
        ("typing", typing_event("Maybe"), "events[0].typing.type", "must be On or Off"),
        (
            "typing",
            typing_event(duration=1.5),
            "events[0].typing.duration",
            "must be a non-negative 64-bit integer",
        ),
        (
            "typing",
            {"channel": {"from": {"id": "c"}}, "events": [{"eventType": "Typing"}]},
            "events[0].typing",
            "is required",
        ),
        ("typing", {"events": []}, "channel", "is required"),
        ("receipts", {"receipts": [{"status": "Read"}]}, "receipts[0].messageId", "is required"),
        (
            "receipts",
            {"receipts": [{"messageId": "m", "status": "Bounced"}]},
            "receipts[0].status",
            "must be Sent, Delivered, Read or Failed",
        ),
        ("receipts", {"messageId": "m"}, "status", "is required"),
        (
            "receipts",
            {"messageId": "m", "status": "Read", "time": "noon"},
            "time",
            "must be an RFC 3339 date-time with an offset",
        ),
        (
            "receipts",
            {"messageId": "m", "status": "Failed", "reasons": [{"code": 1}]},
            "reasons[0].code",
            "must be a string",
        ),
    ],
)
def test_refused_with_the_field_path(topic, doc, path, description):
    assert violations(topic, doc).get(path) == description


def test_every_violation_is_named():
    found = violations(
        "messages",
        {"messages": [msg(), msg(text=7, channel={"from": {}}), msg(messageId=""), "x"]},
    )
    assert found == {
        "messages[1].channel.from.id": "is required",
        "messages[1].text": "must be a string",
        "messages[2].messageId": "must not be empty",
        "messages[3]": "must be an object",
    }


@pytest.mark.parametrize("body", [b"{", b"", b"\xff{}", b'{"a": NaN'])
def test_unreadable_json(body):
    request = InboundRequest(
        "messages", (), {"x-hub-signature": hand_hub(HUB_SECRET, body)}, "application/json", body
    )
    with pytest.raises(BadPayload) as raised:
        GenesysTpmProfile().parse(tpm_channel(), request)
    assert [field for field, _ in raised.value.violations] == ["body"]


# -- genesys-tpm: round trip of generated messages --------------------------------------------

_offsets = st.integers(min_value=-23 * 60 + 1, max_value=23 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_times = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(9998, 1, 1), timezones=_offsets
)
_attachments = st.lists(
    st.builds(
        AttachmentMeta,
        filename=st.text(max_size=20),
        content_type=st.text(max_size=20),
        uri=st.text(min_size=1, max_size=40),
        size_bytes=st.integers(min_value=0, max_value=2**53),
    ),
    max_size=3,
)
_messages = st.builds(
    dict,
    message_id=st.text(min_size=1, max_size=30),
    customer=st.text(min_size=1, max_size=30),
    nickname=st.text(max_size=20),
    text=st.text(max_size=200),
    thread=st.one_of(st.none(), st.text(max_size=20)),
    time=st.one_of(st.none(), _times),
    attachments=_attachments,
).filter(lambda m: m["text"] or m["attachments"])


def tpm_doc(m: dict[str, Any]) -> dict[str, Any]:
    channel: dict[str, Any] = {"from": {"id": m["customer"], "nickname": m["nickname"]}}
    if m["time"] is not None:
        channel["time"] = m["time"].isoformat()
    doc: dict[str, Any] = {"messageId": m["message_id"], "channel": channel, "text": m["text"]}
    if m["thread"] is not None:
        doc["threadId"] = m["thread"]
    if m["attachments"]:
        doc["content"] = [
            {
                "type": "Attachment",
                "attachment": {
                    "url": a.uri,
                    "mime": a.content_type,
                    "filename": a.filename,
                    "size": a.size_bytes,
                },
            }
            for a in m["attachments"]
        ]
    return doc


_secrets = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=150, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(_messages, min_size=1, max_size=4), st.booleans(), _secrets, st.data())
def test_generated_messages_round_trip(generated, batch, secret, data):
    docs = [tpm_doc(m) for m in generated]
    if not batch:
        docs = docs[:1]
    body = json.dumps({"messages": docs} if batch else docs[0]).encode()
    request = InboundRequest(
        "messages", (), {"x-hub-signature": hand_hub(secret, body)}, "application/json", body
    )
    channel = tpm_channel(secrets=(secret,))
    parsed = GenesysTpmProfile().parse(channel, request)
    expected = [
        Inbound(
            external_message_id=m["message_id"],
            customer_address=m["customer"],
            text=m["text"],
            display_name=m["nickname"],
            thread_id=m["thread"] or "",
            attachments=tuple(m["attachments"]),
            provider_time_us=(
                None
                if m["time"] is None
                else (m["time"] - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
            ),
        )
        for m in generated[: len(docs)]
    ]
    assert list(parsed.messages) == expected

    # Any change to the body, or another secret, is refused before anything is read.
    at = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    flipped = body[:at] + bytes([body[at] ^ data.draw(st.integers(1, 255))]) + body[at + 1 :]
    with pytest.raises(BadSignature):
        GenesysTpmProfile().parse(
            channel, InboundRequest("messages", (), request.headers, "", flipped)
        )
    other = data.draw(_secrets.filter(lambda s: s != secret))
    with pytest.raises(BadSignature):
        GenesysTpmProfile().parse(tpm_channel(secrets=(other,)), request)


# -- genesys-tpm: the request it sends ---------------------------------------------------------


def test_tpm_message_body():
    item = message(
        thread_id="th-1",
        attachments=(AttachmentMeta("a.pdf", "application/pdf", "https://f.example.com/a", 9),),
    )
    doc = json.loads(GenesysTpmProfile(FakeClock()).body(tpm_channel(sender_id="brand"), item))
    assert doc == {
        "id": "m1",
        "channel": {
            "id": "tpm1",
            "platform": "Open",
            "type": "Private",
            "to": {"id": "+15550100"},
            "from": {"nickname": "Ann", "id": "brand", "idType": "Opaque"},
            "time": "2026-01-02T03:04:05.678Z",
            "messageId": MESSAGE,
        },
        "type": "Text",
        "text": "Your order has shipped",
        "content": [
            {
                "type": "Attachment",
                "attachment": {
                    "url": "https://f.example.com/a",
                    "mime": "application/pdf",
                    "filename": "a.pdf",
                    "size": 9,
                },
            }
        ],
        "direction": "Outbound",
        "threadId": "th-1",
    }


@pytest.mark.parametrize("active, kind", [(True, "On"), (False, "Off")])
def test_tpm_typing_body(active, kind):
    clock = FakeClock(start_us=T0_US)
    doc = json.loads(GenesysTpmProfile(clock).body(tpm_channel(), typing(active)))
    assert doc["type"] == "Event"
    assert doc["events"] == [{"eventType": "Typing", "typing": {"type": kind}}]
    assert doc["channel"]["from"]["id"] == "acct-7"  # no sender id: the account
    assert doc["channel"]["time"] == "2026-01-02T03:04:05.678Z"
    assert "messageId" not in doc["channel"] and "text" not in doc and "threadId" not in doc
    assert doc["id"]


def test_tpm_headers_sign_with_the_newest_secret():
    body = b'{"id":"m1"}'
    headers = GenesysTpmProfile.headers(tpm_channel(), body)
    assert headers == {
        "content-type": "application/json",
        "X-Hub-Signature": hand_hub(HUB_SECRET, body),
        "x-ccid": "tpm1",
        "x-nexus-format": FORMAT,
    }


# -- sending through the egress client to a real HTTPS receiver --------------------------------


@pytest.fixture
async def egress(ca_file) -> AsyncIterator[EgressClient]:
    client = EgressClient(NotifierConfig(allowlist=("127.0.0.1/32",), ca_file=ca_file))
    try:
        yield client
    finally:
        await client.close()


def answer(status: int, doc: Any = None) -> Any:
    def respond(_: Received) -> web.StreamResponse:
        if doc is None:
            return web.Response(status=status)
        return web.json_response(doc, status=status)

    return respond


async def test_native_send_delivers_a_verifiable_request(receiver: Receiver, egress):
    receiver.responder = answer(200, {"messageId": "gw-77"})
    channel = native_channel(receiver.url("/nexus/out"))
    result = await NativeProfile().send(channel, message(), egress.post, 10.0)
    assert (result.ok, result.provider_message_id, result.status_code) == (True, "gw-77", 200)
    assert result.latency_us > 0
    (got,) = receiver.at("/nexus/out")
    assert got.headers["content-type"] == "application/json"
    assert got.webhook_id == "msg_m1"
    for secret in channel.secrets:
        StdWebhook(secret).verify(got.body, got.headers, json_parse=False)
    doc = json.loads(got.body)
    assert doc == json.loads(NativeProfile().body(channel, message()))


async def test_native_send_typing(receiver: Receiver, egress):
    receiver.responder = answer(204)
    channel = native_channel(receiver.url("/nexus/out"))
    result = await NativeProfile().send(channel, typing(False), egress.post, 10.0)
    assert (result.ok, result.provider_message_id, result.status_code) == (True, "", 204)
    (got,) = receiver.received
    assert got.webhook_id.startswith("typ_")
    StdWebhook(OLD_SECRET).verify(got.body, got.headers, json_parse=False)
    assert json.loads(got.body)["typing"] is False


@pytest.mark.parametrize(
    "status, doc, retry, code",
    [
        (500, None, True, "http_500"),
        (503, {"code": "maintenance", "message": "back at 5"}, True, "maintenance"),
        (429, None, True, "http_429"),
        (404, None, False, "http_404"),
        (400, {"errorCode": "bad_number", "error": "not a phone number"}, False, "bad_number"),
        (200, {"ok": True}, False, "no_message_id"),
    ],
)
async def test_native_send_failures(receiver: Receiver, egress, status, doc, retry, code):
    receiver.responder = answer(status, doc)
    channel = native_channel(receiver.url("/nexus/out"))
    result = await NativeProfile().send(channel, message(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, retry, code)
    assert result.status_code == status
    assert len(receiver.received) == 1


async def test_tpm_send_delivers_a_verifiable_request(receiver: Receiver, egress):
    receiver.responder = answer(200, {"messageId": "tpm-9"})
    channel = tpm_channel(receiver.url("/tpm/hook"))
    result = await GenesysTpmProfile().send(channel, message(), egress.post, 10.0)
    assert (result.ok, result.provider_message_id) == (True, "tpm-9")
    (got,) = receiver.at("/tpm/hook")
    assert got.headers["x-hub-signature"] == hand_hub(HUB_SECRET, got.body)
    assert got.headers["x-ccid"] == "tpm1"
    assert got.headers["content-type"] == "application/json"
    assert json.loads(got.body) == json.loads(GenesysTpmProfile().body(channel, message()))
    # What nexus sends, nexus (as a partner would) can verify with the same secrets.
    verify_hub_signature(channel.secrets, got.headers["x-hub-signature"], got.body)


@pytest.mark.parametrize(
    "status, doc, retry, code",
    [
        (500, {"message": "error while sending"}, True, "http_500"),
        (404, {"code": "unknown_recipient", "message": "no such user"}, False, "unknown_recipient"),
        (201, {}, False, "no_message_id"),
    ],
)
async def test_tpm_send_failures(receiver: Receiver, egress, status, doc, retry, code):
    receiver.responder = answer(status, doc)
    channel = tpm_channel(receiver.url("/tpm/hook"))
    result = await GenesysTpmProfile().send(channel, message(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, retry, code)


async def test_tpm_send_typing_without_an_id(receiver: Receiver, egress):
    receiver.responder = answer(200)
    channel = tpm_channel(receiver.url("/tpm/hook"))
    result = await GenesysTpmProfile().send(channel, typing(), egress.post, 10.0)
    assert (result.ok, result.provider_message_id) == (True, "")
    (got,) = receiver.received
    assert json.loads(got.body)["events"][0]["typing"] == {"type": "On"}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


PROFILES = {
    "nexus": (NativeProfile(), native_channel),
    "tpm": (GenesysTpmProfile(), tpm_channel),
}


@pytest.mark.parametrize("kind", PROFILES)
async def test_network_failures(egress, kind):
    profile, channel_at = PROFILES[kind]
    down = channel_at(f"https://127.0.0.1:{closed_port()}/x")
    result = await profile.send(down, message(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, True, "connect")
    assert result.error_message
    private = channel_at("https://10.1.2.3/x")  # not on the allowlist: never connected to
    result = await profile.send(private, message(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "ssrf_refused")
