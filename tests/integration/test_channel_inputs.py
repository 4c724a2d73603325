"""What callers and providers can send to the channel RPCs, through the real server.

Every input is answered with the right code and google.rpc details, never INTERNAL or
UNKNOWN, and never with a partial write: ReceiveMessages/ReceiveReceipts report invalid
items one by one (``messages[i].…``) and store exactly the valid ones; a provider's own
request (Twilio, Third-Party Messaging, raw e-mail) is stored whole or not at all, and only
when its signature checks out. The same (channel, external id) is stored once however
often and however concurrently it arrives; a receipt never moves a state backwards.

Hypothesis budgets are small and derandomized for CI; ``NEXUS_FUZZ_EXAMPLES=200`` runs
more examples with fresh randomness.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import os
import string
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import grpc
import pytest
from google.api import httpbody_pb2
from google.protobuf import field_mask_pb2
from google.rpc import code_pb2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from nexus.config import NotifierConfig
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from conftest import LOOPBACK_ALLOWLIST
from helpers import details, expect_error, rich_status, violated_fields

EXAMPLES = int(os.environ.get("NEXUS_FUZZ_EXAMPLES", "20"))
BIG = "NEXUS_FUZZ_EXAMPLES" in os.environ


def budget(examples: int = EXAMPLES):
    return settings(
        max_examples=examples,
        derandomize=not BIG,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


K = cpb.ChannelKind
P = cpb.ChannelProfile
D = ipb.MessageDeliveryState
INVALID = grpc.StatusCode.INVALID_ARGUMENT
# An https endpoint on loopback (allowlisted below): channels need one, nothing is sent.
OUT = "https://127.0.0.1:9/provider"
TOKEN = "twilio-auth-token-0123456789abcdef"
ACCOUNT = "AC" + "0123456789abcdef" * 2
FORM = "application/x-www-form-urlencoded"
UID = itertools.count()


@pytest.fixture
def config(config):
    return config.replace(notifier=NotifierConfig(in_process=False, allowlist=LOOPBACK_ALLOWLIST))


# -- helpers ---------------------------------------------------------------------------------


def defaults(kind: int, profile: int) -> dict[str, Any]:
    provider = cpb.ProviderSettings()
    if kind in (K.CHANNEL_KIND_SMS, K.CHANNEL_KIND_WHATSAPP):
        provider.sender_id = "+15550001111"
    if kind == K.CHANNEL_KIND_EMAIL:
        provider.from_address = "support@shop.example"
    if profile == P.CHANNEL_PROFILE_TWILIO:
        provider.account_id, provider.credentials = ACCOUNT, TOKEN
    if profile == P.CHANNEL_PROFILE_SMTP:
        provider.smtp_host = "127.0.0.1"
    fields: dict[str, Any] = {"kind": kind, "profile": profile, "provider": provider}
    if profile in (P.CHANNEL_PROFILE_NEXUS, P.CHANNEL_PROFILE_GENESYS_TPM):
        fields["outbound_url"] = OUT
    return fields


async def make_channel(
    client, kind: int = K.CHANNEL_KIND_SMS, profile: int = P.CHANNEL_PROFILE_NEXUS, **fields
) -> cpb.Channel:
    merged = {**defaults(kind, profile), **fields}
    return await client.channels.CreateChannel(
        cspb.CreateChannelRequest(channel=cpb.Channel(**merged)), metadata=client.md
    )


async def disable(client, channel: cpb.Channel) -> None:
    await client.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=channel.name, enabled=False),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        ),
        metadata=client.md,
    )


def item(ext: str, text: str = "hello", address: str = "+15557654321", **fields):
    return cspb.InboundMessage(
        external_message_id=ext, customer_address=address, text=text, **fields
    )


async def receive(client, channel: str, *items) -> cspb.ReceiveMessagesResponse:
    return await client.channels.ReceiveMessages(
        cspb.ReceiveMessagesRequest(channel=channel, messages=items), metadata=client.md
    )


async def reply(client, interaction: str, text: str = "on it") -> ipb.Message:
    return await client.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text=text),
        ),
        metadata=client.md,
    )


async def log_end(client) -> int:
    cursor = 0
    while True:
        page = await client.events.ListEvents(
            espb.ListEventsRequest(page_size=1000, after_cursor=cursor), metadata=client.md
        )
        cursor = page.last_cursor
        if not page.next_page_token:
            return cursor


async def events_since(client, cursor: int) -> list:
    out = []
    while True:
        page = await client.events.ListEvents(
            espb.ListEventsRequest(page_size=1000, after_cursor=cursor), metadata=client.md
        )
        out += page.events
        cursor = page.last_cursor
        if not page.next_page_token:
            return out


async def transcript(client, interaction: str) -> list[ipb.Message]:
    out: list[ipb.Message] = []
    token = ""
    while True:
        page = await client.interactions.ListMessages(
            ispb.ListMessagesRequest(parent=interaction, page_size=1000, page_token=token),
            metadata=client.md,
        )
        out += page.messages
        token = page.next_page_token
        if not token:
            return out


async def interactions_of(client, channel: str) -> dict[str, int]:
    """Each interaction of the channel with its message count."""
    out: dict[str, int] = {}
    token = ""
    while True:
        page = await client.interactions.ListInteractions(
            ispb.ListInteractionsRequest(channel=channel, page_size=1000, page_token=token),
            metadata=client.md,
        )
        out.update({i.name: i.message_count for i in page.interactions})
        token = page.next_page_token
        if not token:
            return out


@dataclass
class Snapshot:
    """The tenant's event log and the channel's interactions: what 'nothing stored' means."""

    client: Any
    channel: str
    cursor: int = 0
    interactions: dict[str, int] = field(default_factory=dict)

    @classmethod
    async def take(cls, client, channel: str) -> Snapshot:
        return cls(client, channel, await log_end(client), await interactions_of(client, channel))

    async def unchanged(self) -> None:
        # The typing sweeper announces lapsed indicators on its own schedule: not a write of
        # the request under test.
        written = [
            e for e in await events_since(self.client, self.cursor) if e.actor != "system/typing"
        ]
        assert written == [], "something was written"
        assert await interactions_of(self.client, self.channel) == self.interactions


def status_fields(status) -> list[str]:
    found = details(status)
    return [v.field for v in found["BadRequest"].field_violations] if "BadRequest" in found else []


# -- provider requests -------------------------------------------------------------------------


async def provider_call(nexus, channel: str, topic: str, body: bytes, content_type: str, **md):
    """ReceiveProviderRequest without an API key, headers as metadata (as Envoy passes them)."""
    metadata = tuple((k.replace("_", "-"), v) for k, v in md.items())
    return await nexus.a.channels.ReceiveProviderRequest(
        cspb.ReceiveProviderRequestRequest(
            channel=channel,
            topic=topic,
            body=httpbody_pb2.HttpBody(content_type=content_type, data=body),
        ),
        metadata=metadata,
    )


def twilio_url(config, channel: str, topic: str = "messages") -> str:
    return config.notifier.public_url.rstrip("/") + f"/v1/{channel}/inbound/{topic}"


def twilio_params(sid: str, sender: str = "+15557654321", body: str = "hi", **extra) -> dict:
    params = {"AccountSid": ACCOUNT, "MessageSid": sid, "From": sender, "To": "+15550001111"}
    if body is not None:
        params["Body"] = body
    params.update(extra)
    return params


def twilio_signature(url: str, params: dict, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


async def twilio_post(nexus, config, channel: str, params: dict, topic="messages", **overrides):
    url = overrides.pop("signed_url", twilio_url(config, channel, topic))
    md = {"x_twilio_signature": twilio_signature(url, params, overrides.pop("token", TOKEN))}
    md.update(overrides)
    body = urlencode(params).encode()
    return await provider_call(nexus, channel, topic, body, FORM, **md)


def hub(secret: str, body: bytes) -> str:
    """X-Hub-Signature, computed here independently of the server's signing module."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def tpm_message(mid: str, sender: str = "cust-1", text: str = "hi", **extra) -> dict:
    return {"messageId": mid, "channel": {"from": {"id": sender}}, "text": text, **extra}


async def tpm_post(nexus, channel: cpb.Channel, doc, topic="messages", secret=None):
    body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    signature = hub(secret or channel.secret, body)
    return await provider_call(
        nexus, channel.name, topic, body, "application/json", x_hub_signature=signature
    )


def mime(mid: str, sender: str = "carla@mail.example", text: str = "hello") -> bytes:
    return (
        f"From: Carla <{sender}>\r\nTo: support@shop.example\r\nSubject: Order\r\n"
        f"Message-ID: <{mid}@mail.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{text}\r\n"
    ).encode()


def smtp_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def smtp_post(nexus, channel: cpb.Channel, body: bytes, secret=None, **kw):
    signature = smtp_signature(secret or channel.secret, body)
    return await provider_call(
        nexus,
        channel.name,
        kw.pop("topic", "email"),
        body,
        kw.pop("content_type", "message/rfc822"),
        x_nexus_signature=signature,
    )


# == ReceiveMessages: generated items ===========================================================

PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))
NO_CONTROL = st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(
    lambda c: ord(c) >= 0x20 and c != "\x7f"
)
e164 = st.builds(
    lambda a, b: f"+{a}{b}",
    st.sampled_from("123456789"),
    st.text(alphabet=string.digits, min_size=6, max_size=13),
)
VALID_ADDRESS = {
    K.CHANNEL_KIND_SMS: e164 | st.text(alphabet=string.digits, min_size=5, max_size=6),
    K.CHANNEL_KIND_EMAIL: st.builds(
        lambda u, d: f"{u}@{d}.example",
        st.text(alphabet=string.ascii_lowercase + "._+-", min_size=1, max_size=20),
        st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10),
    ),
    K.CHANNEL_KIND_WHATSAPP: e164 | e164.map(lambda n: "whatsapp:" + n),
    K.CHANNEL_KIND_FACEBOOK: st.text(alphabet=NO_CONTROL, min_size=1, max_size=40),
    K.CHANNEL_KIND_TWITTER: st.text(alphabet=NO_CONTROL, min_size=1, max_size=40),
    K.CHANNEL_KIND_CUSTOM: st.text(alphabet=NO_CONTROL, min_size=1, max_size=256),
}
_ANY_BAD = ["", "x" * 257, "a\x00b", "tab\there", "\x7f", "line\n"]
BAD_ADDRESS = {
    K.CHANNEL_KIND_SMS: [
        *_ANY_BAD,
        "12ab",
        "+0123456",
        "1234",
        "+1 555 0100",
        "whatsapp:+15557654321",
    ],
    K.CHANNEL_KIND_EMAIL: [*_ANY_BAD, "no-at", "a@b", "a b@c.example", "<a@b.example>", "a@@b.c"],
    K.CHANNEL_KIND_WHATSAPP: [*_ANY_BAD, "12345", "whatsapp:", "wa:+15557654321", "+0155"],
    K.CHANNEL_KIND_FACEBOOK: _ANY_BAD,
    K.CHANNEL_KIND_TWITTER: _ANY_BAD,
    K.CHANNEL_KIND_CUSTOM: _ANY_BAD,
}
KIND_PROFILE = {
    K.CHANNEL_KIND_SMS: P.CHANNEL_PROFILE_NEXUS,
    K.CHANNEL_KIND_EMAIL: P.CHANNEL_PROFILE_NEXUS,
    K.CHANNEL_KIND_WHATSAPP: P.CHANNEL_PROFILE_TWILIO,
    K.CHANNEL_KIND_FACEBOOK: P.CHANNEL_PROFILE_GENESYS_TPM,
    K.CHANNEL_KIND_TWITTER: P.CHANNEL_PROFILE_NEXUS,
    K.CHANNEL_KIND_CUSTOM: P.CHANNEL_PROFILE_NEXUS,
}
ATTACHMENT = ipb.Attachment(
    filename="a.png", content_type="image/png", uri="https://files.example/a.png", size_bytes=9
)
# A defect and the field (under ``messages[i].``) whose violation names it.
DEFECTS: dict[str, tuple[str, Any]] = {
    "no_id": ("external_message_id", ""),
    "id_space": ("external_message_id", "a b"),
    "id_unicode": ("external_message_id", "é"),
    "id_control": ("external_message_id", "a\x00"),
    "id_long": ("external_message_id", "x" * 257),
    "display_long": ("display_name", "d" * 257),
    "display_control": ("display_name", "Ann\x07"),
    "thread_space": ("thread_id", "a b"),
    "thread_long": ("thread_id", "t" * 129),
    "subject_newline": ("subject", "one\ntwo"),
    "subject_cr": ("subject", "one\rtwo"),
    "subject_long": ("subject", "s" * 999),
    "text_huge": ("text", "x" * 32_769),
    "text_none": ("text", ""),
    "attachments_many": ("attachments", [ATTACHMENT] * 21),
    "attachment_uri": ("attachments[0].uri", [ipb.Attachment(filename="a", content_type="a/b")]),
    "attachment_type": (
        "attachments[0].content_type",
        [ipb.Attachment(filename="a", content_type="nope", uri="https://x.example/a")],
    ),
    "attachment_name": (
        "attachments[0].filename",
        [ipb.Attachment(filename="a/b", content_type="a/b", uri="https://x.example/a")],
    ),
}
WILD = (
    st.text(max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zs", "Cf"]), max_size=8)
    | st.sampled_from(["", " ", "\x00", "\r\n", "é", "日本", "\u202e", "🙂", "+15557654321"])
    | st.sampled_from([257, 1000, 32_768, 32_769]).map(lambda n: "w" * n)
)


@dataclass
class Case:
    item: cspb.InboundMessage
    expect: str  # valid | invalid | repeat | wild
    field: str = ""


@st.composite
def inbound_items(draw, kind: int) -> list[Case]:
    uid = next(UID)
    cases: list[Case] = []
    for n in range(draw(st.integers(1, 12))):
        mode = draw(st.sampled_from(["valid", "valid", "invalid", "invalid", "repeat", "wild"]))
        valid = [c for c in cases if c.expect == "valid"]
        if mode == "repeat" and valid:
            first = draw(st.sampled_from(valid)).item
            again = cspb.InboundMessage()
            again.CopyFrom(first)
            again.text = draw(st.text(min_size=1, max_size=20))  # the first one is kept
            cases.append(Case(again, "repeat"))
            continue
        if mode == "wild":
            wild = cspb.InboundMessage(
                external_message_id=f"u{uid}.w{n}." + draw(WILD),
                customer_address=draw(WILD),
                display_name=draw(WILD),
                thread_id=draw(WILD),
                text=draw(WILD),
                subject=draw(WILD),
            )
            cases.append(Case(wild, "wild"))
            continue
        m = cspb.InboundMessage(
            external_message_id=f"u{uid}.{n}."
            + draw(st.text(alphabet=PRINTABLE, min_size=1, max_size=30)),
            customer_address=draw(VALID_ADDRESS[kind]),
            display_name=draw(st.text(alphabet=NO_CONTROL, max_size=30)),
            text=draw(st.text(min_size=1, max_size=200) | st.just("x" * 32_768)),
        )
        if draw(st.booleans()):
            m.thread_id = draw(st.text(alphabet=PRINTABLE, min_size=1, max_size=128))
        if draw(st.booleans()):
            m.subject = draw(st.text(alphabet=NO_CONTROL, max_size=100))
        if draw(st.booleans()):
            m.attachments.append(ATTACHMENT)
            m.text = draw(st.sampled_from(["", m.text]))
        if mode == "invalid":
            if draw(st.booleans()):
                m.customer_address = draw(st.sampled_from(BAD_ADDRESS[kind]))
                cases.append(Case(m, "invalid", "customer_address"))
                continue
            name = draw(st.sampled_from(sorted(DEFECTS)))
            target, value = DEFECTS[name]
            top = target.split("[")[0].split(".")[0]
            if top == "attachments":
                del m.attachments[:]
                m.attachments.extend(value)
            elif name == "text_none":
                m.text = ""
                del m.attachments[:]
            else:
                setattr(m, top, value)
            cases.append(Case(m, "invalid", target))
            continue
        cases.append(Case(m, "valid"))
    return cases


async def kind_channels(nexus) -> dict[int, cpb.Channel]:
    """One channel per kind, made once per server (hypothesis runs many examples on it)."""
    made = getattr(nexus, "_kind_channels", None)
    if made is None:
        made = {k: await make_channel(nexus.a, k, p) for k, p in KIND_PROFILE.items()}
        nexus._kind_channels = made
    return made


@budget()
@given(kind=st.sampled_from(sorted(KIND_PROFILE)), data=st.data())
async def test_receive_messages_stores_exactly_the_valid_items(nexus, kind, data):
    a = nexus.a
    channel = (await kind_channels(nexus))[kind]
    cases = data.draw(inbound_items(kind))
    before = await Snapshot.take(a, channel.name)
    resp = await receive(a, channel.name, *(c.item for c in cases))
    assert len(resp.results) == len(cases)
    stored: dict[str, ipb.Message] = {}
    new: list[tuple[str, ipb.Message]] = []  # (interaction, message) written by this call
    for n, (case, result) in enumerate(zip(cases, resp.results, strict=True)):
        ext = case.item.external_message_id
        if result.HasField("error"):
            assert case.expect in ("invalid", "wild"), (n, case, result.error)
            assert result.error.code == code_pb2.INVALID_ARGUMENT
            assert not result.HasField("message") and not result.interaction
            fields = status_fields(result.error)
            assert fields and all(f.startswith(f"messages[{n}].") for f in fields), fields
            if case.expect == "invalid":
                assert f"messages[{n}].{case.field}" in fields, (case.field, fields)
            continue
        assert case.expect in ("valid", "repeat", "wild"), (n, case, result)
        msg = result.message
        assert msg.external_id == ext and msg.direction == ipb.DIRECTION_INBOUND
        assert result.interaction and msg.name.startswith(result.interaction + "/messages/")
        if case.expect == "repeat":
            assert result.duplicate and msg == stored[ext]
            continue
        assert not result.duplicate and msg.text == case.item.text
        assert list(msg.attachments) == list(case.item.attachments)
        stored[ext] = msg
        new.append((result.interaction, msg))
    # The event log and the transcripts hold exactly the stored items.
    written = await events_since(a, before.cursor)
    created = [e.message.external_id for e in written if e.type == "message.created"]
    assert created == [m.external_id for _, m in new]
    touched = {r.interaction for r in resp.results if r.interaction}
    opened = {e.interaction for e in written if e.type == "interaction.created"}
    assert opened <= touched
    after = await interactions_of(a, channel.name)
    assert set(after) - set(before.interactions) == opened
    grown = sum(after.values()) - sum(before.interactions.values())
    assert grown == len(new)
    for _, msg in new:
        got = await a.interactions.GetMessage(ispb.GetMessageRequest(name=msg.name), metadata=a.md)
        assert got == msg
    sent = {c.item.external_message_id for c in cases}
    for interaction in touched:
        ours = [m.name for m in await transcript(a, interaction) if m.external_id in sent]
        assert ours == [m.name for i, m in new if i == interaction]


@pytest.mark.parametrize(
    ("count", "reason", "needle"),
    [(0, "INVALID_ARGUMENT", "at least one"), (101, "BATCH_TOO_LARGE", "100")],
)
async def test_receive_batches_of_0_and_101_are_refused_whole(nexus, count, reason, needle):
    a = nexus.a
    channel = await make_channel(a)
    before = await Snapshot.take(a, channel.name)
    items = [item(f"SM{n}") for n in range(count)]
    found = await expect_error(receive(a, channel.name, *items), INVALID)
    assert found["ErrorInfo"].reason == reason
    [violation] = found["BadRequest"].field_violations
    assert violation.field == "messages" and needle in violation.description
    receipts = [
        cspb.Receipt(provider_message_id=f"p{n}", state=D.MESSAGE_DELIVERY_STATE_READ)
        for n in range(count)
    ]
    found = await expect_error(
        a.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(channel=channel.name, receipts=receipts),
            metadata=a.md,
        ),
        INVALID,
    )
    assert found["ErrorInfo"].reason == reason
    assert violated_fields(found) == ["receipts"]
    await before.unchanged()


async def test_a_full_batch_of_the_longest_texts_is_stored(nexus):
    a = nexus.a
    channel = await make_channel(a)
    items = [item(f"SM{n}", text=chr(0x61 + n % 26) * 32_768) for n in range(100)]
    resp = await receive(a, channel.name, *items)
    assert all(r.HasField("message") and not r.duplicate for r in resp.results)
    assert len({r.interaction for r in resp.results}) == 1
    too_long = await receive(a, channel.name, item("SM-long", text="é" * 32_769))
    [err] = status_fields(too_long.results[0].error)
    assert err == "messages[0].text"
    assert "32768" in str(details(too_long.results[0].error)["BadRequest"])


async def test_a_batch_over_the_request_size_limit_is_refused_whole(nexus):
    """100 texts of 32768 non-ASCII characters are about 6.5 MB: more than a request may
    carry (``max_message_bytes``, 4 MiB; 1 MiB of REST body through Envoy). The transport
    refuses it, naming the limit, and nothing is stored; half the batch is taken."""
    a = nexus.a
    channel = await make_channel(a)
    before = await Snapshot.take(a, channel.name)
    items = [item(f"SM{n}", text="é" * 32_768) for n in range(100)]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await receive(a, channel.name, *items)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "4194304" in (info.value.details() or "")
    await before.unchanged()
    resp = await receive(a, channel.name, *items[:50])
    assert all(r.HasField("message") for r in resp.results)


async def test_receive_refuses_unknown_other_tenant_disabled_and_deleted_channels(nexus):
    a, b = nexus.a, nexus.b
    channel = await make_channel(a)
    before = await Snapshot.take(a, channel.name)
    for name, code, reason in [
        ("", INVALID, "INVALID_ARGUMENT"),
        ("channels/", INVALID, "INVALID_ARGUMENT"),
        ("channels/ABC", INVALID, "INVALID_ARGUMENT"),
        (channel.name + "/x", INVALID, "INVALID_ARGUMENT"),
        ("channels/0123456789abcdef", grpc.StatusCode.NOT_FOUND, "NOT_FOUND"),
    ]:
        found = await expect_error(receive(a, name, item("SM1")), code)
        assert found["ErrorInfo"].reason == reason
        if code == INVALID:
            assert violated_fields(found) == ["channel"]
    found = await expect_error(receive(b, channel.name, item("SM1")), grpc.StatusCode.NOT_FOUND)
    assert found["ResourceInfo"].resource_name == channel.name
    await disable(a, channel)
    before.cursor = await log_end(a)  # the update's own event
    found = await expect_error(
        receive(a, channel.name, item("SM1")), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert found["ErrorInfo"].reason == "CHANNEL_DISABLED"
    found = await expect_error(
        a.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(
                channel=channel.name,
                receipts=[
                    cspb.Receipt(provider_message_id="p", state=D.MESSAGE_DELIVERY_STATE_READ)
                ],
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "CHANNEL_DISABLED"
    await before.unchanged()
    await a.channels.DeleteChannel(cspb.DeleteChannelRequest(name=channel.name), metadata=a.md)
    await expect_error(receive(a, channel.name, item("SM1")), grpc.StatusCode.NOT_FOUND)


# == concurrency ==================================================================================


async def test_concurrent_and_repeated_deliveries_of_one_message_store_it_once(nexus):
    a = nexus.a
    channel = await make_channel(a)
    cursor = await log_end(a)
    first = item("SM-race", "first")
    results = await asyncio.gather(*(receive(a, channel.name, first) for _ in range(20)))
    flat = [r.results[0] for r in results]
    assert sum(not r.duplicate for r in flat) == 1
    assert len({r.message.name for r in flat}) == 1 and len({r.interaction for r in flat}) == 1
    # A batch that carries one new message twice (and the raced one again).
    batch = await receive(
        a, channel.name, item("SM-twice", "one"), item("SM-race"), item("SM-twice", "two")
    )
    assert [r.duplicate for r in batch.results] == [False, True, True]
    assert batch.results[2].message == batch.results[0].message
    assert batch.results[2].message.text == "one"
    # Concurrent batches that each carry both.
    again = await asyncio.gather(
        *(receive(a, channel.name, item("SM-twice"), item("SM-race")) for _ in range(10))
    )
    assert all(r.duplicate for resp in again for r in resp.results)
    created = [e for e in await events_since(a, cursor) if e.type == "message.created"]
    assert sorted(e.message.external_id for e in created) == ["SM-race", "SM-twice"]
    [interaction] = (await interactions_of(a, channel.name)).items()
    assert interaction[1] == 2


async def test_concurrent_provider_deliveries_of_one_message_store_it_once(nexus, config):
    """Twilio retries its webhook while the same id also arrives through ReceiveMessages."""
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    cursor = await log_end(a)
    params = twilio_params("SM" + "a" * 32, body="once")
    calls = [twilio_post(nexus, config, channel.name, params) for _ in range(15)]
    calls += [receive(a, channel.name, item("SM" + "a" * 32, text="once")) for _ in range(5)]
    await asyncio.gather(*calls)
    created = [e for e in await events_since(a, cursor) if e.type == "message.created"]
    assert [e.message.external_id for e in created] == ["SM" + "a" * 32]


# == ReceiveReceipts ==============================================================================


@dataclass
class ReceiptWorld:
    channel: cpb.Channel
    ours: list[str]  # outbound replies of the channel's interaction
    not_ours: dict[str, str]  # names a receipt of this channel cannot move, by why


async def receipt_world(nexus) -> ReceiptWorld:
    world = getattr(nexus, "_receipt_world", None)
    if world is not None:
        return world
    a, b = nexus.a, nexus.b
    channel = await make_channel(a)
    got = await receive(a, channel.name, item("SM-in", "hi"))
    interaction = got.results[0].interaction
    ours = [(await reply(a, interaction, f"r{n}")).name for n in range(4)]
    other = await make_channel(a)
    elsewhere = (await receive(a, other.name, item("SM-other"))).results[0].interaction
    theirs = await make_channel(b)
    their_interaction = (await receive(b, theirs.name, item("SM-b"))).results[0].interaction
    plain = await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)),
        metadata=a.md,
    )
    world = ReceiptWorld(
        channel,
        ours,
        {
            "inbound": got.results[0].message.name,
            "other_channel": (await reply(a, elsewhere)).name,
            "other_tenant": (await reply(b, their_interaction)).name,
            "no_channel": (await reply(a, plain.name)).name,
            "missing": f"{interaction}/messages/0123456789abcdef",
            "missing_interaction": "interactions/0123456789abcdef/messages/0123456789abcdef",
        },
    )
    nexus._receipt_world = world
    return world


RANK = {
    D.MESSAGE_DELIVERY_STATE_ACCEPTED: 1,
    D.MESSAGE_DELIVERY_STATE_SENT: 2,
    D.MESSAGE_DELIVERY_STATE_DELIVERED: 3,
    D.MESSAGE_DELIVERY_STATE_READ: 4,
}
GOOD_STATES = [
    D.MESSAGE_DELIVERY_STATE_SENT,
    D.MESSAGE_DELIVERY_STATE_DELIVERED,
    D.MESSAGE_DELIVERY_STATE_READ,
    D.MESSAGE_DELIVERY_STATE_FAILED,
]
EVENT_OF = {
    D.MESSAGE_DELIVERY_STATE_SENT: "message.sent",
    D.MESSAGE_DELIVERY_STATE_DELIVERED: "message.delivered",
    D.MESSAGE_DELIVERY_STATE_READ: "message.read",
    D.MESSAGE_DELIVERY_STATE_FAILED: "message.failed",
}


def moves(current: int, new: int) -> bool:
    """The documented order, independently of nexus.domain.channels.advances."""
    failed = D.MESSAGE_DELIVERY_STATE_FAILED
    if current == failed:
        return False
    if new == failed:
        return RANK[current] <= RANK[D.MESSAGE_DELIVERY_STATE_SENT]
    return RANK[new] > RANK[current]


@st.composite
def receipt_batch(draw, world: ReceiptWorld) -> list[tuple[cspb.Receipt, str, str]]:
    """(receipt, target, expected bad field or '')."""
    out = []
    for _ in range(draw(st.integers(1, 15))):
        target = draw(
            st.sampled_from(
                [*(f"ours{n}" for n in range(len(world.ours))), *world.not_ours, "provider_only"]
            )
        )
        r = cspb.Receipt(state=draw(st.sampled_from(GOOD_STATES)))
        if target.startswith("ours"):
            r.message = world.ours[int(target[4:])]
        elif target == "provider_only":
            r.provider_message_id = draw(st.text(alphabet=PRINTABLE, min_size=1, max_size=40))
        else:
            r.message = world.not_ours[target]
        if r.state == D.MESSAGE_DELIVERY_STATE_FAILED and draw(st.booleans()):
            r.error_code = draw(st.sampled_from(["30003", "http_404", "550"]))
            r.error_message = draw(st.text(max_size=200))
        bad = ""
        defect = draw(st.sampled_from([None] * 6 + list(RECEIPT_DEFECTS)))
        if defect is not None:
            bad, apply = RECEIPT_DEFECTS[defect]
            apply(r)
        out.append((r, target, bad))
    return out


def _set(**fields):
    def apply(r: cspb.Receipt) -> None:
        for k, v in fields.items():
            if k == "message":
                r.ClearField("provider_message_id")
            setattr(r, k, v)

    return apply


RECEIPT_DEFECTS: dict[str, tuple[str, Any]] = {
    "state_unset": ("state", _set(state=0)),
    "state_accepted": ("state", _set(state=D.MESSAGE_DELIVERY_STATE_ACCEPTED)),
    "state_unknown": ("state", _set(state=99)),
    "no_target": ("message", _set(message="", provider_message_id="")),
    "name_short": ("message", _set(message="interactions/abc")),
    "name_upper": ("message", _set(message="interactions/ABC/messages/def")),
    "name_other": ("message", _set(message="webhooks/abc/deliveries/def")),
    "provider_id_space": ("provider_message_id", _set(provider_message_id="a b")),
    "provider_id_long": ("provider_message_id", _set(provider_message_id="p" * 257)),
    "provider_id_unicode": ("provider_message_id", _set(provider_message_id="é")),
    "code_control": ("error_code", _set(error_code="30\x003")),
    "code_long": ("error_code", _set(error_code="c" * 65)),
    "message_long": ("error_message", _set(error_message="m" * 1025)),
}


@budget()
@given(data=st.data())
async def test_receipts_in_any_order_never_move_a_state_backwards(nexus, data):
    a = nexus.a
    world = await receipt_world(nexus)
    model: dict[str, int] = {}
    for name in world.ours:
        got = await a.interactions.GetMessage(ispb.GetMessageRequest(name=name), metadata=a.md)
        model[name] = got.delivery.state
    batch = data.draw(receipt_batch(world))
    cursor = await log_end(a)
    resp = await a.channels.ReceiveReceipts(
        cspb.ReceiveReceiptsRequest(channel=world.channel.name, receipts=[r for r, _, _ in batch]),
        metadata=a.md,
    )
    assert len(resp.results) == len(batch)
    expected_events = []
    for n, ((r, target, bad), result) in enumerate(zip(batch, resp.results, strict=True)):
        if bad:
            assert result.error.code == code_pb2.INVALID_ARGUMENT, (n, r, result)
            fields = status_fields(result.error)
            assert f"receipts[{n}].{bad}" in fields, (bad, fields)
            assert all(f.startswith(f"receipts[{n}].") for f in fields)
            assert not result.HasField("message") and not result.applied
        elif not target.startswith("ours"):
            assert result.error.code == code_pb2.NOT_FOUND, (n, target, result)
            assert not result.HasField("message") and not result.applied
        else:
            assert not result.HasField("error")
            will = moves(model[r.message], r.state)
            assert result.applied == will, (model[r.message], r.state)
            if will:
                model[r.message] = r.state
                expected_events.append((EVENT_OF[r.state], r.message))
            assert result.message.name == r.message
            assert result.message.delivery.state == model[r.message]
    for name, state in model.items():
        got = await a.interactions.GetMessage(ispb.GetMessageRequest(name=name), metadata=a.md)
        assert got.delivery.state == state
    written = await events_since(a, cursor)
    assert [(e.type, e.message.name) for e in written] == expected_events


async def test_concurrent_receipts_for_one_message_end_in_the_highest_state(nexus):
    a = nexus.a
    channel = await make_channel(a)
    interaction = (await receive(a, channel.name, item("SM-c"))).results[0].interaction
    out = await reply(a, interaction)
    cursor = await log_end(a)
    states = [
        D.MESSAGE_DELIVERY_STATE_READ,
        D.MESSAGE_DELIVERY_STATE_DELIVERED,
        D.MESSAGE_DELIVERY_STATE_SENT,
        D.MESSAGE_DELIVERY_STATE_FAILED,
    ] * 5

    async def send(state: int) -> cspb.ReceiptResult:
        resp = await a.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(
                channel=channel.name, receipts=[cspb.Receipt(message=out.name, state=state)]
            ),
            metadata=a.md,
        )
        return resp.results[0]

    results = await asyncio.gather(*(send(s) for s in states))
    got = await a.interactions.GetMessage(ispb.GetMessageRequest(name=out.name), metadata=a.md)
    state_of = {v: k for k, v in EVENT_OF.items()}
    # The log is in the order the server applied them (the calls may arrive in any order).
    moved = [state_of[e.type] for e in await events_since(a, cursor)]
    applied = [r.message.delivery.state for r in results if r.applied]
    assert sorted(applied) == sorted(moved)
    assert len(moved) == len(set(moved)), "each state at most once"
    assert moved and moved[-1] == got.delivery.state
    previous = D.MESSAGE_DELIVERY_STATE_ACCEPTED
    for state in moved:
        assert moves(previous, state), (previous, state, moved)
        previous = state
    if got.delivery.state != D.MESSAGE_DELIVERY_STATE_FAILED:
        assert got.delivery.state == D.MESSAGE_DELIVERY_STATE_READ


async def test_a_receipt_s_answer_is_what_is_stored(nexus):
    """Regression: a receipt that does not move the state still records the provider id it
    carries, and answers with exactly what was stored."""
    a = nexus.a
    channel = await make_channel(a)
    interaction = (await receive(a, channel.name, item("SM1"))).results[0].interaction
    out = await reply(a, interaction)
    read = cspb.Receipt(message=out.name, state=D.MESSAGE_DELIVERY_STATE_READ)
    late = cspb.Receipt(
        message=out.name, provider_message_id="prov-10", state=D.MESSAGE_DELIVERY_STATE_SENT
    )
    resp = await a.channels.ReceiveReceipts(
        cspb.ReceiveReceiptsRequest(channel=channel.name, receipts=[read, late]), metadata=a.md
    )
    assert [r.applied for r in resp.results] == [True, False]
    stored = await a.interactions.GetMessage(ispb.GetMessageRequest(name=out.name), metadata=a.md)
    assert resp.results[1].message == stored


# == ReceiveProviderRequest ========================================================================


async def test_twilio_signed_request_is_accepted_once(nexus, config):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    assert config.notifier.public_url == "https://localhost"
    params = twilio_params("SM" + "1" * 32, body="héllo 🙂", ProfileName="Carla")
    answer = await twilio_post(nexus, config, channel.name, params)
    assert answer.content_type == "text/xml" and b"<Response>" in answer.data
    [(interaction, count)] = (await interactions_of(a, channel.name)).items()
    assert count == 1
    cursor = await log_end(a)
    again = await twilio_post(nexus, config, channel.name, params)  # Twilio retries
    assert again == answer
    assert await events_since(a, cursor) == []
    msgs = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=interaction), metadata=a.md
    )
    [msg] = msgs.messages
    assert msg.text == "héllo 🙂" and msg.external_id == "SM" + "1" * 32
    # The :443 form of the URL is accepted too (Twilio signs either).
    url = "https://localhost:443" + f"/v1/{channel.name}/inbound/messages"
    params2 = twilio_params("SM" + "2" * 32)
    await twilio_post(nexus, config, channel.name, params2, signed_url=url)
    # A status callback for a message nexus does not know is acknowledged, storing nothing.
    cursor = await log_end(a)
    status = {"AccountSid": ACCOUNT, "MessageSid": "SM" + "3" * 32, "MessageStatus": "delivered"}
    answer = await twilio_post(nexus, config, channel.name, status, topic="status")
    assert answer.content_type == "text/plain"
    assert await events_since(a, cursor) == []


def _twilio_bad_signatures(config, channel: str, other: str) -> list[tuple[str, dict, dict]]:
    """(case, params, overrides of twilio_post) that must be UNAUTHENTICATED."""
    good = twilio_params("SM" + "9" * 32)
    return [
        ("wrong token", good, {"token": "not-the-token"}),
        ("other channel's URL", good, {"signed_url": twilio_url(config, other)}),
        ("other topic's URL", good, {"signed_url": twilio_url(config, channel, "status")}),
        ("http URL", good, {"signed_url": twilio_url(config, channel).replace("https", "http")}),
        ("other host", good, {"signed_url": twilio_url(config, channel).replace("localhost", "x")}),
        ("empty signature", good, {"x_twilio_signature": ""}),
        ("garbage signature", good, {"x_twilio_signature": "bm90IGEgc2lnbmF0dXJl"}),
        ("other account", {**good, "AccountSid": "AC" + "f" * 32}, {}),
        ("no account", {k: v for k, v in good.items() if k != "AccountSid"}, {}),
    ]


async def test_twilio_bad_signatures_are_unauthenticated_and_store_nothing(nexus, config):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    other = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    before = await Snapshot.take(a, channel.name)
    for case, params, overrides in _twilio_bad_signatures(config, channel.name, other.name):
        found = await expect_error(
            twilio_post(nexus, config, channel.name, params, **overrides),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        assert found["ErrorInfo"].reason == "BAD_SIGNATURE", case
    # No signature header at all; a body changed after signing; a field added.
    params = twilio_params("SM" + "8" * 32)
    body = urlencode(params).encode()
    for md, data in [
        ({}, body),
        (
            {"x_twilio_signature": twilio_signature(twilio_url(config, channel.name), params)},
            body.replace(b"Body=hi", b"Body=ho"),
        ),
        (
            {"x_twilio_signature": twilio_signature(twilio_url(config, channel.name), params)},
            body + b"&Extra=1",
        ),
        ({"x_twilio_signature": "x"}, b"\xff\xfe not a form"),
        ({"x_twilio_signature": "x"}, b"a&b"),
    ]:
        found = await expect_error(
            provider_call(nexus, channel.name, "messages", data, FORM, **md),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        assert found["ErrorInfo"].reason == "BAD_SIGNATURE"
    await before.unchanged()


TWILIO_BAD_FORMS = [
    ("no MessageSid", {"MessageSid": ""}, ["MessageSid"]),
    ("bad From", {"From": "12ab"}, ["From"]),
    ("no From", {"From": ""}, ["From"]),
    ("Body too long", {"Body": "x" * 1601}, ["Body"]),
    ("NumMedia not a number", {"NumMedia": "two"}, ["NumMedia"]),
    ("NumMedia mismatch", {"NumMedia": "2", "MediaUrl0": "https://m.example/0"}, ["NumMedia"]),
    ("MediaUrl gap", {"NumMedia": "1", "MediaUrl1": "https://m.example/1"}, ["MediaUrl"]),
    ("empty MediaUrl", {"NumMedia": "1", "MediaUrl0": ""}, ["MediaUrl0"]),
    ("short code to WhatsApp rules", {"From": "whatsapp:12345"}, ["From"]),
    ("id with spaces", {"MessageSid": "SM 1"}, ["messages[0].external_message_id"]),
    ("no text nor media", {"Body": ""}, ["messages[0].text"]),
]


@pytest.mark.parametrize(
    ("case", "change", "fields"), TWILIO_BAD_FORMS, ids=[c[0] for c in TWILIO_BAD_FORMS]
)
async def test_twilio_signed_but_bad_forms_name_their_fields(nexus, config, case, change, fields):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    before = await Snapshot.take(a, channel.name)
    params = {**twilio_params("SM" + "7" * 32), **change}
    found = await expect_error(twilio_post(nexus, config, channel.name, params), INVALID)
    assert found["ErrorInfo"].reason == "BAD_PROVIDER_PAYLOAD"
    assert set(fields) <= set(violated_fields(found)), violated_fields(found)
    await before.unchanged()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            {"NumMedia": "²"},
            id="NumMedia superscript digit",
        ),
        pytest.param(
            {"NumMedia": "1", "MediaUrl0": "https://[::1/x"},
            id="MediaUrl bad IPv6",
        ),
    ],
)
async def test_twilio_forms_that_crash_the_parser(nexus, config, change):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    params = {**twilio_params("SM" + "6" * 32), **change}
    await expect_error(twilio_post(nexus, config, channel.name, params), INVALID)


async def test_twilio_other_topics_are_refused_after_the_signature(nexus, config):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    before = await Snapshot.take(a, channel.name)
    params = twilio_params("SM" + "5" * 32)
    found = await expect_error(
        twilio_post(nexus, config, channel.name, params, topic="typing"), INVALID
    )
    assert violated_fields(found) == ["topic"]
    unsigned = urlencode(params).encode()
    found = await expect_error(
        provider_call(nexus, channel.name, "typing", unsigned, FORM, x_twilio_signature="bad"),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    unknown_status = {"AccountSid": ACCOUNT, "MessageSid": "SM1", "MessageStatus": "exploded"}
    found = await expect_error(
        twilio_post(nexus, config, channel.name, unknown_status, topic="status"), INVALID
    )
    assert violated_fields(found) == ["MessageStatus"]
    await before.unchanged()


async def test_a_path_naming_another_channel_is_refused(nexus, config):
    """The transcoder lets a query override path variables: the checked channel must be the
    one in the path the provider called."""
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    other = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    before = await Snapshot.take(a, channel.name)
    params = twilio_params("SM" + "4" * 32)
    for path, signed in [
        (f"/v1/{other.name}/inbound/messages", twilio_url(config, other.name)),
        (f"/v1/{channel.name}/inbound/status", twilio_url(config, channel.name, "status")),
        (f"/v1/{channel.name}/inbound/messages/x", twilio_url(config, channel.name) + "/x"),
        (
            f"/v1/{other.name}/inbound/messages?channel={channel.name}",
            twilio_url(config, other.name),
        ),
    ]:
        found = await expect_error(
            twilio_post(
                nexus,
                config,
                channel.name,
                params,
                signed_url=signed,
                x_envoy_original_path=path,
            ),
            INVALID,
        )
        assert found["ErrorInfo"].reason == "BAD_PROVIDER_PATH"
        assert violated_fields(found) == ["channel"]
    await before.unchanged()
    # The right path with a query string is fine when the query was signed with it.
    path = f"/v1/{channel.name}/inbound/messages?tenant=x"
    await twilio_post(
        nexus,
        config,
        channel.name,
        params,
        signed_url="https://localhost" + path,
        x_envoy_original_path=path,
    )
    assert sum((await interactions_of(a, channel.name)).values()) == 1


async def test_genesys_tpm_requests(nexus):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM)
    answer = await tpm_post(nexus, channel, {"messages": [tpm_message("p-1"), tpm_message("p-2")]})
    assert answer.content_type == "application/json" and answer.data == b"{}"
    assert sum((await interactions_of(a, channel.name)).values()) == 2
    before = await Snapshot.take(a, channel.name)
    await tpm_post(nexus, channel, tpm_message("p-1"))  # redelivered: nothing new
    await before.unchanged()
    cases: list[tuple[Any, list[str], str]] = [
        (b"not json", ["body"], "messages"),
        (b"\xff\xfe", ["body"], "messages"),
        (b"[1, 2]", ["body"], "messages"),
        (b'"text"', ["body"], "messages"),
        ({"messages": {}}, ["messages"], "messages"),
        ({"messages": [1]}, ["messages[0]"], "messages"),
        (
            {"messages": [tpm_message("p-3"), {"messageId": "p-4", "channel": {"from": {}}}]},
            ["messages[1].channel.from.id", "messages[1].text"],
            "messages",
        ),
        ({"messageId": 5, "channel": "x", "text": 7}, ["messageId", "channel", "text"], "messages"),
        (tpm_message("p-5", text=""), ["text"], "messages"),
        (
            tpm_message("p-6", content=[{"type": "Sticker"}]),
            ["content[0].type"],
            "messages",
        ),
        (
            tpm_message(
                "p-7", content=[{"type": "Attachment", "attachment": {"url": "", "size": -1}}]
            ),
            ["content[0].attachment.url", "content[0].attachment.size"],
            "messages",
        ),
        (
            {
                "messageId": "p-8",
                "channel": {"from": {"id": "c"}, "time": "yesterday"},
                "text": "x",
            },
            ["channel.time"],
            "messages",
        ),
        ({"messageId": "x", "status": "Exploded"}, ["status"], "receipts"),
        ({"receipts": [{"status": "Read"}]}, ["receipts[0].messageId"], "receipts"),
        (
            {"channel": {"from": {"id": "c"}}, "events": [{"eventType": "Typing", "typing": {}}]},
            ["events[0].typing.type"],
            "messages",
        ),
        (tpm_message("p-9"), ["events"], "typing"),
        (tpm_message("p-10"), ["topic"], "status"),
        (tpm_message("p 11"), ["messages[0].external_message_id"], "messages"),
        (tpm_message("p-12", threadId="a thread"), ["messages[0].thread_id"], "messages"),
        ({"messages": [tpm_message(f"b-{n}") for n in range(101)]}, ["messages"], "messages"),
    ]
    for doc, fields, topic in cases:
        found = await expect_error(tpm_post(nexus, channel, doc, topic), INVALID)
        assert set(fields) <= set(violated_fields(found)), (doc, violated_fields(found))
        assert found["ErrorInfo"].reason in ("BAD_PROVIDER_PAYLOAD", "BATCH_TOO_LARGE")
    # Bad signatures: nothing is read, whatever the body.
    good = json.dumps(tpm_message("p-20")).encode()
    for signature in ["", "sha1=", "sha1=00", hub("whsec_other", good), hub(channel.secret, b"")]:
        found = await expect_error(
            provider_call(
                nexus, channel.name, "messages", good, "application/json", x_hub_signature=signature
            ),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        assert found["ErrorInfo"].reason == "BAD_SIGNATURE"
    await before.unchanged()
    # An upper-case hex signature is the same signature.
    await provider_call(
        nexus,
        channel.name,
        "messages",
        good,
        "application/json",
        x_hub_signature=hub(channel.secret, good).upper().replace("SHA1=", "sha1="),
    )
    assert sum((await interactions_of(a, channel.name)).values()) == 3


TPM_CRASHES = [
    (
        "lone surrogate in text",
        b'{"messageId":"s-1","channel":{"from":{"id":"c"}},"text":"\\ud800"}',
    ),
    (
        "lone surrogate in a receipt id",
        b'{"messageId":"\\udfff","status":"Read"}',
    ),
    (
        "lone surrogate in a typing sender",
        b'{"channel":{"from":{"id":"\\ud800"}},'
        b'"events":[{"eventType":"Typing","typing":{"type":"On"}}]}',
    ),
    (
        "attachment size beyond int64",
        b'{"messageId":"s-2","channel":{"from":{"id":"c"}},"content":[{"type":"Attachment",'
        b'"attachment":{"url":"https://f.example/a","size":100000000000000000000000}}]}',
    ),
    (
        "typing duration too large for a float",
        b'{"channel":{"from":{"id":"c"}},"events":[{"eventType":"Typing","typing":{"type":"On",'
        b'"duration":1' + b"0" * 400 + b"}}]}",
    ),
    ("deeply nested JSON", b"[" * 100_000),
    (
        "time before year 1 in UTC",
        b'{"messageId":"s-3","channel":{"from":{"id":"c"},"time":"0001-01-01T00:00:00+14:00"},'
        b'"text":"x"}',
    ),
    (
        "time after year 9999 in UTC",
        b'{"messageId":"s-4","channel":{"from":{"id":"c"},"time":"9999-12-31T23:59:59-14:00"},'
        b'"text":"x"}',
    ),
]


@pytest.mark.parametrize(("case", "body"), TPM_CRASHES, ids=[c for c, _ in TPM_CRASHES])
async def test_genesys_tpm_signed_bodies_protobuf_cannot_hold(nexus, case, body):
    """Signed bodies that once crashed the server (INTERNAL): each is refused whole."""
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM)
    topic = "receipts" if "receipt" in case else "messages"
    before = await Snapshot.take(a, channel.name)
    await expect_error(tpm_post(nexus, channel, body, topic), INVALID)
    await before.unchanged()


async def test_smtp_email_requests(nexus):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP)
    assert channel.inbound_path.endswith("/inbound/email")
    await smtp_post(nexus, channel, mime("m1"))
    assert sum((await interactions_of(a, channel.name)).values()) == 1
    before = await Snapshot.take(a, channel.name)
    await smtp_post(nexus, channel, mime("m1"))  # the same Message-ID again
    # Auto-replies must not be answered: acknowledged, nothing stored.
    auto = mime("m2").replace(b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:")
    await smtp_post(nexus, channel, auto)
    # No usable sender: nobody to answer, acknowledged (the sender is not to retry).
    await smtp_post(nexus, channel, mime("m4", sender="not-an-address"))
    await before.unchanged()
    body = mime("m3")
    for kw, fields in [
        ({"content_type": "application/json"}, ["content_type"]),
        ({"content_type": ""}, ["content_type"]),
        ({"topic": "messages"}, ["topic"]),
    ]:
        found = await expect_error(smtp_post(nexus, channel, body, **kw), INVALID)
        assert violated_fields(found) == fields
    found = await expect_error(smtp_post(nexus, channel, b""), INVALID)
    assert violated_fields(found) == ["body"]
    for bad in [
        mime("m5", text=""),
        mime("m6", sender="x" * 300 + "@mail.example"),
        mime("m7").replace(b"Subject: Order", b"Subject: " + b"s" * 1000),
    ]:
        found = await expect_error(smtp_post(nexus, channel, bad), INVALID)
        assert all(f.startswith("messages[0].") for f in violated_fields(found))
    for signature in ["", "sha256=", "sha1=" + "0" * 40, smtp_signature("other", body)]:
        found = await expect_error(
            provider_call(
                nexus, channel.name, "email", body, "message/rfc822", x_nexus_signature=signature
            ),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        assert found["ErrorInfo"].reason == "BAD_SIGNATURE"
    await before.unchanged()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"From: \xff\xfe@mail.example\r\nMessage-ID: <x1@m>\r\n\r\nhi\r\n", id="from"),
        pytest.param(b"From: \xff <c@mail.example>\r\nMessage-ID: <x2@m>\r\n\r\nhi\r\n", id="name"),
    ],
)
async def test_smtp_8bit_headers_are_answered_not_crashed(nexus, raw):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP)
    try:
        await smtp_post(nexus, channel, raw)
    except grpc.aio.AioRpcError as err:
        assert err.code() == INVALID, err.details()


RAW_PROFILES = [
    (K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO, "messages"),
    (K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM, "messages"),
    (K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, "email"),
]


@pytest.mark.parametrize(
    ("kind", "profile", "topic"), RAW_PROFILES, ids=["twilio", "genesys-tpm", "smtp"]
)
async def test_provider_requests_are_routed_only_to_usable_channels(nexus, kind, profile, topic):
    a = nexus.a
    channel = await make_channel(a, kind, profile)
    native = await make_channel(a)
    before = await Snapshot.take(a, channel.name)
    body = b"anything"
    for name, topic_, code, reason in [
        ("channels/0123456789abcdef", topic, grpc.StatusCode.NOT_FOUND, "NOT_FOUND"),
        ("", topic, INVALID, "INVALID_ARGUMENT"),
        ("channels/UPPER", topic, INVALID, "INVALID_ARGUMENT"),
        ("webhooks/abc", topic, INVALID, "INVALID_ARGUMENT"),
        (channel.name, "", INVALID, "INVALID_ARGUMENT"),
        (channel.name, "messages/x", INVALID, "INVALID_ARGUMENT"),
        (channel.name, "t" * 33, INVALID, "INVALID_ARGUMENT"),
        (channel.name, "émail", INVALID, "INVALID_ARGUMENT"),
        (channel.name, "mess ages", INVALID, "INVALID_ARGUMENT"),
        (native.name, topic, grpc.StatusCode.FAILED_PRECONDITION, "NO_PROVIDER_FORMAT"),
    ]:
        found = await expect_error(provider_call(nexus, name, topic_, body, "x/y"), code)
        assert found["ErrorInfo"].reason == reason, (name, topic_)
    await disable(a, channel)
    before.cursor = await log_end(a)
    found = await expect_error(
        provider_call(nexus, channel.name, topic, body, "x/y"),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "CHANNEL_DISABLED"
    await before.unchanged()
    await a.channels.DeleteChannel(cspb.DeleteChannelRequest(name=channel.name), metadata=a.md)
    await expect_error(
        provider_call(nexus, channel.name, topic, body, "x/y"), grpc.StatusCode.NOT_FOUND
    )


SIGNATURE_HEADER = {
    P.CHANNEL_PROFILE_TWILIO: "x-twilio-signature",
    P.CHANNEL_PROFILE_GENESYS_TPM: "x-hub-signature",
    P.CHANNEL_PROFILE_SMTP: "x-nexus-signature",
}


async def raw_channels(nexus) -> dict[int, cpb.Channel]:
    made = getattr(nexus, "_raw_channels", None)
    if made is None:
        made = {p: await make_channel(nexus.a, k, p) for k, p, _ in RAW_PROFILES}
        nexus._raw_channels = made
    return made


signatures = st.one_of(
    st.none(),
    st.text(alphabet=string.printable.strip(), max_size=60),
    st.sampled_from(["sha1=", "sha256=", "sha1=" + "0" * 40, "sha256=" + "f" * 64, "v1,abc"]),
)
bodies = st.binary(max_size=300) | st.sampled_from(
    [
        b"",
        urlencode(twilio_params("SM" + "0" * 32)).encode(),
        json.dumps(tpm_message("p-h")).encode(),
        mime("h1"),
    ]
)


@budget(EXAMPLES * 2)
@given(
    profile=st.sampled_from(sorted(SIGNATURE_HEADER)),
    topic=st.sampled_from(["messages", "status", "receipts", "typing", "email"]),
    body=bodies,
    signature=signatures,
    content_type=st.sampled_from(["", FORM, "application/json", "message/rfc822", "x/y"]),
)
async def test_unsigned_provider_requests_are_unauthenticated(
    nexus, profile, topic, body, signature, content_type
):
    channel = (await raw_channels(nexus))[profile]
    before = await Snapshot.take(nexus.a, channel.name)
    md = {SIGNATURE_HEADER[profile].replace("-", "_"): signature} if signature is not None else {}
    found = await expect_error(
        provider_call(nexus, channel.name, topic, body, content_type, **md),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    assert found["ErrorInfo"].reason == "BAD_SIGNATURE"
    await before.unchanged()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Bodies shaped like Third-Party Messaging, with any value anywhere.
tpm_docs = st.fixed_dictionaries(
    {},
    optional={
        "messageId": json_values | st.text(alphabet=PRINTABLE, max_size=10),
        "channel": st.fixed_dictionaries(
            {},
            optional={
                "from": st.fixed_dictionaries({}, optional={"id": json_values}) | json_values,
                "time": st.sampled_from(["2026-01-02T03:04:05Z", "2026-01-02", "x"]) | json_values,
            },
        )
        | json_values,
        "text": json_values,
        "threadId": json_values,
        "content": st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["Attachment", "x"])},
                optional={"attachment": json_values},
            ),
            max_size=2,
        )
        | json_values,
        "events": json_values,
        "status": st.sampled_from(["Sent", "Delivered", "Read", "Failed", "x"]) | json_values,
    },
)


@budget(EXAMPLES * 2)
@given(
    doc=tpm_docs | st.lists(tpm_docs, max_size=3).map(lambda m: {"messages": m}),
    topic=st.sampled_from(["messages", "receipts", "typing"]),
)
async def test_signed_tpm_bodies_are_stored_whole_or_not_at_all(nexus, doc, topic):
    """Whatever a partner sends with a good signature: a provider-format refusal and
    nothing stored, or an answer; never INTERNAL."""
    a = nexus.a
    channel = (await raw_channels(nexus))[P.CHANNEL_PROFILE_GENESYS_TPM]
    before = await Snapshot.take(a, channel.name)
    try:
        await tpm_post(nexus, channel, doc, topic)
    except grpc.aio.AioRpcError as err:
        assert err.code() == INVALID, (err.code(), err.details(), doc)
        found = details(rich_status(err))
        assert found["ErrorInfo"].reason in ("BAD_PROVIDER_PAYLOAD", "BATCH_TOO_LARGE")
        await before.unchanged()


@budget(EXAMPLES)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "MessageSid",
                "From",
                "Body",
                "NumMedia",
                "MediaUrl0",
                "MediaUrl1",
                "MediaContentType0",
                "ProfileName",
                "MessageStatus",
                "ErrorCode",
                "Other",
            ]
        ),
        WILD | st.sampled_from(["+15557654321", "1", "0", "https://m.example/a", "delivered"]),
        max_size=6,
    ),
    topic=st.sampled_from(["messages", "status"]),
)
async def test_signed_twilio_forms_are_stored_whole_or_not_at_all(nexus, config, fields, topic):
    a = nexus.a
    channel = (await raw_channels(nexus))[P.CHANNEL_PROFILE_TWILIO]
    params = {"AccountSid": ACCOUNT, **fields}
    before = await Snapshot.take(a, channel.name)
    try:
        await twilio_post(nexus, config, channel.name, params, topic=topic)
    except grpc.aio.AioRpcError as err:
        assert err.code() == INVALID, (err.code(), err.details(), params)
        await before.unchanged()


# == secrets ======================================================================================


async def test_create_channel_replay_returns_the_secret_until_it_expires(nexus):
    a = nexus.a
    request = cspb.CreateChannelRequest(
        channel=cpb.Channel(**defaults(K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_NEXUS)),
        request_id="create-1",
    )
    first = await a.channels.CreateChannel(request, metadata=a.md)
    again = await a.channels.CreateChannel(request, metadata=a.md)
    assert again == first and again.secret.startswith("whsec_")
    listed = await a.channels.ListChannels(cspb.ListChannelsRequest(), metadata=a.md)
    assert [c.name for c in listed.channels] == [first.name]
    changed = cspb.CreateChannelRequest()
    changed.CopyFrom(request)
    changed.channel.display_name = "other"
    found = await expect_error(a.channels.CreateChannel(changed, metadata=a.md), INVALID)
    assert found["ErrorInfo"].reason == "REQUEST_ID_REUSED"
    # Another tenant's request id is its own.
    theirs = await nexus.b.channels.CreateChannel(request, metadata=nexus.b.md)
    assert theirs.name != first.name and theirs.secret != first.secret
    # While the secret still verifies (rotation with a grace period), the replay returns it.
    rotate = cspb.RotateChannelSecretRequest(name=first.name, request_id="rot-1")
    rotate.grace_period.FromSeconds(3600)
    rotated = await a.channels.RotateChannelSecret(rotate, metadata=a.md)
    assert await a.channels.RotateChannelSecret(rotate, metadata=a.md) == rotated
    assert (await a.channels.CreateChannel(request, metadata=a.md)).secret == first.secret
    now = cspb.RotateChannelSecretRequest(name=first.name)
    now.grace_period.FromSeconds(0)
    await a.channels.RotateChannelSecret(now, metadata=a.md)
    for replay in (
        a.channels.CreateChannel(request, metadata=a.md),
        a.channels.RotateChannelSecret(rotate, metadata=a.md),
    ):
        found = await expect_error(replay, grpc.StatusCode.FAILED_PRECONDITION)
        assert found["ErrorInfo"].reason == "SECRET_EXPIRED"
    # Deleted: the replay does not bring the secret back either.
    await a.channels.DeleteChannel(cspb.DeleteChannelRequest(name=first.name), metadata=a.md)
    await expect_error(
        nexus.a.channels.CreateChannel(request, metadata=a.md), grpc.StatusCode.FAILED_PRECONDITION
    )


async def test_rotation_keeps_the_old_secret_only_for_the_grace_period(nexus):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM)
    old = channel.secret
    rotate = cspb.RotateChannelSecretRequest(name=channel.name)
    rotate.grace_period.FromSeconds(600)
    first = await a.channels.RotateChannelSecret(rotate, metadata=a.md)
    assert first.secret != old and first.secret.startswith("whsec_")
    assert first.previous_secret_expire_time.seconds > 0
    await tpm_post(nexus, channel, tpm_message("g-1"), secret=old)  # in the grace period
    await tpm_post(nexus, channel, tpm_message("g-2"), secret=first.secret)
    rotate.grace_period.FromSeconds(0)
    second = await a.channels.RotateChannelSecret(rotate, metadata=a.md)
    before = await Snapshot.take(a, channel.name)
    for stale in (old, first.secret):
        found = await expect_error(
            tpm_post(nexus, channel, tpm_message("g-3"), secret=stale),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        assert found["ErrorInfo"].reason == "BAD_SIGNATURE"
    await before.unchanged()
    await tpm_post(nexus, channel, tpm_message("g-3"), secret=second.secret)
    assert sum((await interactions_of(a, channel.name)).values()) == 3
    for seconds, nanos in [(-1, 0), (7 * 86400 + 1, 0), (-1, -1)]:
        bad = cspb.RotateChannelSecretRequest(name=channel.name)
        bad.grace_period.seconds, bad.grace_period.nanos = seconds, nanos
        found = await expect_error(a.channels.RotateChannelSecret(bad, metadata=a.md), INVALID)
        assert violated_fields(found) == ["grace_period"]


# == tenant isolation =============================================================================


async def test_tenant_b_cannot_reach_tenant_a_s_channels(nexus):
    a, b = nexus.a, nexus.b
    channel = await make_channel(a, K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM)
    theirs = await make_channel(b)
    interaction = (await receive(a, channel.name, item("x-1", "cust"))).results[0].interaction
    ours = await reply(a, interaction)
    before = await Snapshot.take(a, channel.name)
    covered = set()
    name = channel.name
    not_found = grpc.StatusCode.NOT_FOUND
    mask = field_mask_pb2.FieldMask(paths=["display_name"])
    calls = {
        "GetChannel": b.channels.GetChannel(cspb.GetChannelRequest(name=name), metadata=b.md),
        "UpdateChannel": b.channels.UpdateChannel(
            cspb.UpdateChannelRequest(
                channel=cpb.Channel(name=name, display_name="mine"), update_mask=mask
            ),
            metadata=b.md,
        ),
        "DeleteChannel": b.channels.DeleteChannel(
            cspb.DeleteChannelRequest(name=name), metadata=b.md
        ),
        "RotateChannelSecret": b.channels.RotateChannelSecret(
            cspb.RotateChannelSecretRequest(name=name), metadata=b.md
        ),
        "ReceiveMessages": receive(b, name, item("x-2", "cust")),
        "ReceiveReceipts": b.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(
                channel=name,
                receipts=[cspb.Receipt(message=ours.name, state=D.MESSAGE_DELIVERY_STATE_READ)],
            ),
            metadata=b.md,
        ),
    }
    for rpc, call in calls.items():
        found = await expect_error(call, not_found)
        assert found["ResourceInfo"].resource_name == name, rpc
        covered.add(rpc)
    listed = await b.channels.ListChannels(cspb.ListChannelsRequest(), metadata=b.md)
    assert [c.name for c in listed.channels] == [theirs.name]
    covered.add("ListChannels")
    # b's own channel cannot move a's messages, by name or by anything else.
    resp = await b.channels.ReceiveReceipts(
        cspb.ReceiveReceiptsRequest(
            channel=theirs.name,
            receipts=[cspb.Receipt(message=ours.name, state=D.MESSAGE_DELIVERY_STATE_READ)],
        ),
        metadata=b.md,
    )
    assert resp.results[0].error.code == code_pb2.NOT_FOUND
    # A provider request for a's channel signed with b's channel secret proves nothing.
    found = await expect_error(
        tpm_post(nexus, channel, tpm_message("x-3"), secret=theirs.secret),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    covered.add("ReceiveProviderRequest")
    # CreateChannel: b's request id does not replay a's channel (see the replay test too).
    req = cspb.CreateChannelRequest(
        channel=cpb.Channel(**defaults(K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_NEXUS)),
        request_id="shared-id",
    )
    mine = await a.channels.CreateChannel(req, metadata=a.md)
    assert (await b.channels.CreateChannel(req, metadata=b.md)).name != mine.name
    covered.add("CreateChannel")
    before.cursor = await log_end(a)
    await before.unchanged()
    got = await a.channels.GetChannel(cspb.GetChannelRequest(name=name), metadata=a.md)
    assert got.etag == channel.etag and got.display_name == channel.display_name
    service = cspb.DESCRIPTOR.services_by_name["ChannelService"]
    assert covered == {m.name for m in service.methods}


# == SendTyping ===================================================================================


async def test_send_typing_refusals(nexus):
    a, b = nexus.a, nexus.b
    channel = await make_channel(a)
    first = (await receive(a, channel.name, item("t-1", address="+15550000001"))).results[0]
    second = (await receive(a, channel.name, item("t-2", address="+15550000002"))).results[0]
    assert first.interaction != second.interaction
    cursor = await log_end(a)

    def typing(**fields) -> ispb.SendTypingRequest:
        fields.setdefault("name", first.interaction)
        return ispb.SendTypingRequest(active=True, **fields)

    agent = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(
            parent=first.interaction, participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_AGENT)
        ),
        metadata=a.md,
    )
    await a.interactions.RemoveParticipant(
        ispb.RemoveParticipantRequest(name=agent.name), metadata=a.md
    )
    cursor = await log_end(a)
    cases = [
        (typing(sender=second.message.sender), INVALID, ["sender"], "INVALID_ARGUMENT"),
        (typing(sender=first.interaction + "/participants/0123456789abcdef"), INVALID, ["sender"],
         "INVALID_ARGUMENT"),
        (typing(sender="participants/abc"), INVALID, ["sender"], "INVALID_ARGUMENT"),
        (typing(sender=agent.name), grpc.StatusCode.FAILED_PRECONDITION, [], "SENDER_HAS_LEFT"),
        (typing(role=99), INVALID, ["role"], "INVALID_ARGUMENT"),
        (typing(role=ipb.PARTICIPANT_ROLE_CUSTOMER, name="interactions/0123456789abcdef"),
         grpc.StatusCode.NOT_FOUND, [], "NOT_FOUND"),
        (typing(role=ipb.PARTICIPANT_ROLE_CUSTOMER, name="x"), INVALID, ["name"],
         "INVALID_ARGUMENT"),
    ]  # fmt: skip
    for ttl in (0, 999_999, 60_000_001, -1_000_000):
        req = typing(role=ipb.PARTICIPANT_ROLE_AGENT)
        req.ttl.FromMicroseconds(ttl)
        cases.append((req, INVALID, ["ttl"], "INVALID_ARGUMENT"))
    for req, code, fields, reason in cases:
        found = await expect_error(a.interactions.SendTyping(req, metadata=a.md), code)
        assert found["ErrorInfo"].reason == reason, req
        if fields:
            assert violated_fields(found) == fields, req
    other_tenant = typing(role=ipb.PARTICIPANT_ROLE_AGENT)
    await expect_error(
        b.interactions.SendTyping(other_tenant, metadata=b.md), grpc.StatusCode.NOT_FOUND
    )
    await a.interactions.CompleteInteraction(
        ispb.CompleteInteractionRequest(
            name=first.interaction, reason=ipb.COMPLETION_REASON_RESOLVED
        ),
        metadata=a.md,
    )
    cursor = await log_end(a)
    for req in (typing(role=ipb.PARTICIPANT_ROLE_AGENT), typing(sender=first.message.sender)):
        found = await expect_error(
            a.interactions.SendTyping(req, metadata=a.md), grpc.StatusCode.FAILED_PRECONDITION
        )
        assert found["ErrorInfo"].reason == "INTERACTION_COMPLETED"
        assert found["PreconditionFailure"].violations[0].type == "STATE"
    assert await events_since(a, cursor) == []


async def test_a_provider_s_typing_is_attributed_to_its_channel(nexus):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM)
    cursor = await log_end(a)
    await tpm_post(nexus, channel, tpm_message("ty-1", sender="cust-9"))
    [created] = [e for e in await events_since(a, cursor) if e.type == "message.created"]
    assert created.actor == channel.name
    cursor = await log_end(a)
    on = {
        "channel": {"from": {"id": "cust-9"}},
        "events": [{"eventType": "Typing", "typing": {"type": "On", "duration": 5000}}],
    }
    await tpm_post(nexus, channel, on, topic="typing")
    [event] = await events_since(a, cursor)
    assert event.type == "typing.started" and event.typing.role == ipb.PARTICIPANT_ROLE_CUSTOMER
    assert event.actor == channel.name


# == UpdateChannel / DeleteChannel ================================================================

BAD_MASKS = [
    ["nope"],
    ["provider.nope"],
    ["provider."],
    ["provider.has_credentials"],
    ["kind"],
    ["profile"],
    ["name"],
    ["secret"],
    ["inbound_path"],
    ["supports_typing"],
    ["create_time"],
    ["etag"],
    [""],
    ["display_name", "kind"],
    ["*", "display_name"],
    ["Display_Name"],
    ["display_name.x"],
]


async def test_update_channel_refuses_bad_masks_and_changes_nothing(nexus):
    a = nexus.a
    channel = await make_channel(a)
    cursor = await log_end(a)
    for paths in BAD_MASKS:
        found = await expect_error(
            a.channels.UpdateChannel(
                cspb.UpdateChannelRequest(
                    channel=cpb.Channel(
                        name=channel.name,
                        display_name="changed",
                        kind=K.CHANNEL_KIND_EMAIL,
                        profile=P.CHANNEL_PROFILE_SMTP,
                    ),
                    update_mask=field_mask_pb2.FieldMask(paths=paths),
                ),
                metadata=a.md,
            ),
            INVALID,
        )
        assert set(violated_fields(found)) == {"update_mask"}, paths
    # Without a mask, immutable fields that are set are ignored, not applied.
    updated = await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(
                name=channel.name, kind=K.CHANNEL_KIND_EMAIL, profile=P.CHANNEL_PROFILE_SMTP
            )
        ),
        metadata=a.md,
    )
    assert updated.kind == channel.kind and updated.profile == channel.profile
    got = await a.channels.GetChannel(cspb.GetChannelRequest(name=channel.name), metadata=a.md)
    assert got.etag == channel.etag and got.display_name == channel.display_name
    assert await events_since(a, cursor) == []


async def test_update_channel_field_rules(nexus):
    a = nexus.a
    channel = await make_channel(a)
    cursor = await log_end(a)
    for src, paths, field_ in [
        (cpb.Channel(display_name="x" * 257), ["display_name"], "channel.display_name"),
        (cpb.Channel(display_name="a\nb"), ["display_name"], "channel.display_name"),
        (cpb.Channel(outbound_url=""), ["outbound_url"], "channel.outbound_url"),
        (cpb.Channel(outbound_url="http://127.0.0.1/x"), ["outbound_url"], "channel.outbound_url"),
        (cpb.Channel(default_queue="q\x00"), ["default_queue"], "channel.default_queue"),
        (cpb.Channel(bot="b" * 129), ["bot"], "channel.bot"),
        (
            cpb.Channel(provider=cpb.ProviderSettings(sender_id="")),
            ["provider.sender_id"],
            "channel.provider.sender_id",
        ),
        (
            cpb.Channel(provider=cpb.ProviderSettings(smtp_port=70_000)),
            ["provider.smtp_port"],
            "channel.provider.smtp_port",
        ),
        (
            cpb.Channel(provider=cpb.ProviderSettings(credentials="a\x00")),
            ["provider.credentials"],
            "channel.provider.credentials",
        ),
    ]:
        src.name = channel.name
        found = await expect_error(
            a.channels.UpdateChannel(
                cspb.UpdateChannelRequest(
                    channel=src, update_mask=field_mask_pb2.FieldMask(paths=paths)
                ),
                metadata=a.md,
            ),
            INVALID,
        )
        assert field_ in violated_fields(found), (paths, violated_fields(found))
    assert await events_since(a, cursor) == []


@pytest.mark.parametrize(
    "paths",
    [["provider.sender_id"], ["provider"], []],
    ids=["provider.sender_id", "provider", "no mask"],
)
async def test_a_twilio_channel_s_provider_can_be_updated(nexus, paths):
    """Regression: credentials are write-only, so a provider update must not demand them."""
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    provider = cpb.ProviderSettings(sender_id="+15550002222")
    if paths != ["provider.sender_id"]:
        provider.account_id, provider.credentials = ACCOUNT, "new-token"
    updated = await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=channel.name, provider=provider),
            update_mask=field_mask_pb2.FieldMask(paths=paths),
        ),
        metadata=a.md,
    )
    assert updated.provider.sender_id == "+15550002222" and updated.provider.has_credentials


async def test_a_twilio_channel_s_auth_token_cannot_be_cleared(nexus):
    a = nexus.a
    channel = await make_channel(a, K.CHANNEL_KIND_SMS, P.CHANNEL_PROFILE_TWILIO)
    for field_ in ("account_id", "credentials"):
        found = await expect_error(
            a.channels.UpdateChannel(
                cspb.UpdateChannelRequest(
                    channel=cpb.Channel(name=channel.name, provider=cpb.ProviderSettings()),
                    update_mask=field_mask_pb2.FieldMask(paths=[f"provider.{field_}"]),
                ),
                metadata=a.md,
            ),
            INVALID,
        )
        assert violated_fields(found) == [f"channel.provider.{field_}"]


async def test_delete_channel_with_a_stale_etag_is_aborted(nexus):
    a = nexus.a
    channel = await make_channel(a)
    other = await make_channel(a)
    updated = await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=channel.name, display_name="v2"),
            update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
        ),
        metadata=a.md,
    )
    cursor = await log_end(a)
    for stale in (channel.etag, other.etag, '"0000000000000000"', "garbage"):
        found = await expect_error(
            a.channels.DeleteChannel(
                cspb.DeleteChannelRequest(name=channel.name, etag=stale), metadata=a.md
            ),
            grpc.StatusCode.ABORTED,
        )
        assert found["ErrorInfo"].reason == "ETAG_MISMATCH"
        assert found["ErrorInfo"].metadata["etag"] == updated.etag
    assert await events_since(a, cursor) == []
    await a.channels.GetChannel(cspb.GetChannelRequest(name=channel.name), metadata=a.md)
    await a.channels.DeleteChannel(
        cspb.DeleteChannelRequest(name=channel.name, etag=updated.etag), metadata=a.md
    )
    for call in (
        a.channels.DeleteChannel(cspb.DeleteChannelRequest(name=channel.name), metadata=a.md),
        a.channels.GetChannel(cspb.GetChannelRequest(name=channel.name), metadata=a.md),
    ):
        await expect_error(call, grpc.StatusCode.NOT_FOUND)


async def test_a_reply_through_a_deleted_channel_is_refused_and_stores_nothing(nexus):
    a = nexus.a
    channel = await make_channel(a)
    got = await receive(a, channel.name, item("d-1"))
    interaction = got.results[0].interaction
    await a.channels.DeleteChannel(cspb.DeleteChannelRequest(name=channel.name), metadata=a.md)
    cursor = await log_end(a)
    for request_id in ("", "reply-1"):
        found = await expect_error(
            a.interactions.SendMessage(
                ispb.SendMessageRequest(
                    parent=interaction,
                    message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="still there?"),
                    request_id=request_id,
                ),
                metadata=a.md,
            ),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        assert found["ErrorInfo"].reason == "CHANNEL_NOT_FOUND"
        assert found["PreconditionFailure"].violations[0].subject == channel.name
    assert await events_since(a, cursor) == []
    i = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction), metadata=a.md
    )
    assert i.message_count == 1
    msgs = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=interaction), metadata=a.md
    )
    assert [m.external_id for m in msgs.messages] == ["d-1"]


# == CreateChannel field rules ====================================================================


def _channel(kind=K.CHANNEL_KIND_SMS, profile=P.CHANNEL_PROFILE_NEXUS, **provider_and_fields):
    fields = defaults(kind, profile)
    provider = fields["provider"]
    for k in list(provider_and_fields):
        if k in cpb.ProviderSettings.DESCRIPTOR.fields_by_name:
            setattr(provider, k, provider_and_fields.pop(k))
    fields.update(provider_and_fields)
    return cpb.Channel(**fields)


CREATE_CASES = [
    (_channel(sender_id="+0123456"), "channel.provider.sender_id"),
    (_channel(sender_id="+1 555 000 1111"), "channel.provider.sender_id"),
    (_channel(sender_id="1234"), "channel.provider.sender_id"),
    (_channel(sender_id="+15550001111\n"), "channel.provider.sender_id"),
    (_channel(K.CHANNEL_KIND_WHATSAPP, sender_id="whatsapp"), "channel.provider.sender_id"),
    (_channel(K.CHANNEL_KIND_CUSTOM, sender_id="a\x00"), "channel.provider.sender_id"),
    (_channel(K.CHANNEL_KIND_EMAIL, from_address=""), "channel.provider.from_address"),
    (_channel(K.CHANNEL_KIND_EMAIL, from_address="support"), "channel.provider.from_address"),
    (_channel(K.CHANNEL_KIND_EMAIL, from_address="a b@c.example"), "channel.provider.from_address"),
    (
        _channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, smtp_host=""),
        "channel.provider.smtp_host",
    ),
    (
        _channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, smtp_host="bad host!"),
        "channel.provider.smtp_host",
    ),
    (
        _channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, smtp_port=70_000),
        "channel.provider.smtp_port",
    ),
    (
        _channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, smtp_port=-1),
        "channel.provider.smtp_port",
    ),
    (
        _channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_SMTP, smtp_username="u\r\n"),
        "channel.provider.smtp_username",
    ),
    (_channel(profile=P.CHANNEL_PROFILE_TWILIO, account_id=""), "channel.provider.account_id"),
    (_channel(profile=P.CHANNEL_PROFILE_TWILIO, account_id="AC 1"), "channel.provider.account_id"),
    (_channel(profile=P.CHANNEL_PROFILE_TWILIO, credentials=""), "channel.provider.credentials"),
    (
        _channel(profile=P.CHANNEL_PROFILE_TWILIO, credentials="t\x00k"),
        "channel.provider.credentials",
    ),
    (_channel(display_name="d" * 257), "channel.display_name"),
    (_channel(display_name="bell\x07"), "channel.display_name"),
    (_channel(default_queue="q\x00"), "channel.default_queue"),
    (_channel(bot="b\n"), "channel.bot"),
    (_channel(outbound_url=""), "channel.outbound_url"),
    (_channel(outbound_url="http://127.0.0.1/x"), "channel.outbound_url"),
    (_channel(outbound_url="ftp://127.0.0.1/x"), "channel.outbound_url"),
    (_channel(outbound_url="https://127.0.0.1:99999/x"), "channel.outbound_url"),
    (_channel(outbound_url="https://user@127.0.0.1/x"), "channel.outbound_url"),
    (
        _channel(K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_GENESYS_TPM, outbound_url=""),
        "channel.outbound_url",
    ),
    (_channel(kind=0), "channel.kind"),
    (_channel(kind=99), "channel.kind"),
    (_channel(profile=0), "channel.profile"),
    (_channel(profile=99), "channel.profile"),
    (_channel(K.CHANNEL_KIND_EMAIL, P.CHANNEL_PROFILE_GENESYS_TPM), "channel.profile"),
    (_channel(K.CHANNEL_KIND_CUSTOM, P.CHANNEL_PROFILE_SMTP, smtp_host="h"), "channel.profile"),
]


async def test_create_channel_names_every_bad_field(nexus):
    a = nexus.a
    cursor = await log_end(a)
    for channel, field_ in CREATE_CASES:
        found = await expect_error(
            a.channels.CreateChannel(cspb.CreateChannelRequest(channel=channel), metadata=a.md),
            INVALID,
        )
        assert field_ in violated_fields(found), (field_, violated_fields(found), channel)
    found = await expect_error(
        a.channels.CreateChannel(
            cspb.CreateChannelRequest(channel=_channel(), request_id="has space"), metadata=a.md
        ),
        INVALID,
    )
    assert violated_fields(found) == ["request_id"]
    assert not (await a.channels.ListChannels(cspb.ListChannelsRequest(), metadata=a.md)).channels
    assert await events_since(a, cursor) == []


@budget()
@given(
    kind=st.sampled_from([*K.values(), 99]),
    profile=st.sampled_from([*P.values(), 99]),
    provider=st.builds(
        cpb.ProviderSettings,
        sender_id=WILD | st.sampled_from(["+15550001111", "12345", "whatsapp:+1555"]),
        from_address=WILD | st.just("support@shop.example"),
        account_id=WILD | st.just(ACCOUNT),
        credentials=WILD,
        smtp_host=WILD | st.sampled_from(["127.0.0.1", "relay.example"]),
        smtp_port=st.sampled_from([0, 25, 587, 65_535, 65_536, -1, 2**31 - 1]),
        smtp_username=WILD,
    ),
    display_name=WILD,
    default_queue=WILD,
    outbound_url=st.sampled_from(
        ["", OUT, "http://127.0.0.1/x", "https://127.0.0.1:99999/", "ftp://x", "https://[::1]/x"]
    ),
)
async def test_generated_channels_are_created_or_refused_whole(
    nexus, kind, profile, provider, display_name, default_queue, outbound_url
):
    a = nexus.a
    channel = cpb.Channel(
        kind=kind,
        profile=profile,
        provider=provider,
        display_name=display_name,
        default_queue=default_queue,
        outbound_url=outbound_url,
    )
    before = len((await a.channels.ListChannels(cspb.ListChannelsRequest(page_size=1000),
                                                metadata=a.md)).channels)  # fmt: skip
    try:
        created = await a.channels.CreateChannel(
            cspb.CreateChannelRequest(channel=channel), metadata=a.md
        )
    except grpc.aio.AioRpcError as err:
        assert err.code() == INVALID, (err.code(), err.details())
        after = await a.channels.ListChannels(
            cspb.ListChannelsRequest(page_size=1000), metadata=a.md
        )
        assert len(after.channels) == before
        return
    assert created.secret and not created.provider.credentials
    assert created.provider.has_credentials == bool(provider.credentials)
    got = await a.channels.GetChannel(cspb.GetChannelRequest(name=created.name), metadata=a.md)
    expected = cpb.Channel()
    expected.CopyFrom(created)
    expected.ClearField("secret")
    assert got == expected
