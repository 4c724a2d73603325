"""Fuzzing every RPC of the real server: requests built from the descriptors, and raw bytes.

Whatever a caller sends, the answer is never INTERNAL or UNKNOWN (nor a dropped connection,
nor a hang), and afterwards the server is still healthy. Messages are generated recursively
from each request type: every scalar type with its edge values, strings with control and
non-ASCII characters or very long, enums with unknown numbers, repeated fields, maps,
Timestamps and Durations in and out of range, resource names that exist in a seeded tenant
(so calls get past validation into the use cases) and names that do not. The seeded tenant
has channels of every provider profile with customer messages and ACCEPTED replies, so
channel RPCs, receipts and provider requests reach the store; provider requests are also
fuzzed with bodies signed by the channel's own secret, so that the provider parsers run.

CI runs a fixed, derandomized budget per RPC; ``NEXUS_FUZZ_EXAMPLES=500`` runs a big one
with fresh randomness. ``pytest -s`` prints the calls and the histogram of status codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from nexus.app import SERVICE_NAMES
from nexus.config import Config, NotifierConfig
from nexus.domain import access
from nexus.domain import channels as channel_rules
from nexus.domain import validation as val
from nexus.domain.events import EVENT_TYPES
from nexus.gateway.process import free_port
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import channel_service_pb2_grpc as cspb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from conftest import API_KEY, LOOPBACK_ALLOWLIST
from helpers import ServerThread

EXAMPLES = int(os.environ.get("NEXUS_FUZZ_EXAMPLES", "12"))
BIG = "NEXUS_FUZZ_EXAMPLES" in os.environ
MD = (("x-api-key", API_KEY),)
NEVER = {
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.UNIMPLEMENTED,
}
POOL = descriptor_pool.Default()
METHODS = [m for s in SERVICE_NAMES for m in POOL.FindServiceByName(s).methods]


@dataclass
class Seeded:
    """Names that exist in the fuzzed tenant, and what the fuzz saw."""

    channel: grpc.Channel
    names: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    page_tokens: list[str] = field(default_factory=list)
    url: str = ""
    hint: list[str] = field(default_factory=list)
    """The seeded names the RPC being fuzzed takes (set per RPC)."""
    channels: list[str] = field(default_factory=list)
    """Channels the fuzz keeps (one per profile, one disabled): never updated or deleted,
    so that the RPCs fuzzed after UpdateChannel and DeleteChannel still reach them."""
    off_limits: set[str] = field(default_factory=set)
    """Seeded names the RPC being fuzzed must not be given (set per RPC)."""
    disposable: list[str] = field(default_factory=list)
    """Channels UpdateChannel and DeleteChannel may change or remove."""
    messages: list[str] = field(default_factory=list)
    """Outbound messages of channel interactions (ACCEPTED): what receipts name."""
    external_ids: list[str] = field(default_factory=list)
    session_md: tuple[tuple[str, str], ...] = ()
    """A customer's chat session (StartChat with a widget key) on a seeded interaction."""
    codes: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _seed(channel: grpc.Channel, url: str) -> Seeded:
    from nexus.v1 import event_service_pb2 as espb
    from nexus.v1 import event_service_pb2_grpc as espb_grpc
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
    from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

    i_stub = ispb_grpc.InteractionServiceStub(channel)
    w_stub = wspb_grpc.WebhookServiceStub(channel)
    seeded = Seeded(channel, url=url)
    for n in range(6):
        i = i_stub.CreateInteraction(
            ispb.CreateInteractionRequest(
                interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT, attributes={"n": "1"})
            ),
            metadata=MD,
        )
        seeded.names.append(i.name)
        if n % 2:
            i_stub.QueueInteraction(
                ispb.QueueInteractionRequest(name=i.name, queue="q"), metadata=MD
            )
        part = i_stub.AddParticipant(
            ispb.AddParticipantRequest(
                parent=i.name, participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_AGENT)
            ),
            metadata=MD,
        )
        msg = i_stub.SendMessage(
            ispb.SendMessageRequest(
                parent=i.name, message=ipb.Message(direction=ipb.DIRECTION_INBOUND, text="hi")
            ),
            metadata=MD,
        )
        seeded.names += [part.name, msg.name]
    for _ in range(2):
        hook = w_stub.CreateWebhook(
            wspb.CreateWebhookRequest(webhook=wpb.Webhook(url=url)), metadata=MD
        )
        seeded.names.append(hook.name)
        test = w_stub.TestWebhook(wspb.TestWebhookRequest(name=hook.name), metadata=MD)
        seeded.names += [test.delivery.name, test.attempt.name]
        seeded.event_ids.append(test.delivery.event_id)
    _seed_channels(channel, seeded)
    _seed_access(channel, seeded)
    events = espb_grpc.EventServiceStub(channel).ListEvents(
        espb.ListEventsRequest(page_size=2), metadata=MD
    )
    seeded.event_ids += [e.id for e in events.events]
    seeded.page_tokens.append(events.next_page_token)
    page = i_stub.ListInteractions(ispb.ListInteractionsRequest(page_size=2), metadata=MD)
    seeded.page_tokens.append(page.next_page_token)
    return seeded


TWILIO_TOKEN = "fuzz-twilio-token"
TWILIO_ACCOUNT = "AC" + "f" * 32


def channel_of(kind: int, profile: int, url: str, **fields) -> cpb.Channel:
    """A valid channel of the kind and profile, its outbound URL the unreachable loopback."""
    provider = cpb.ProviderSettings()
    if kind in (cpb.CHANNEL_KIND_SMS, cpb.CHANNEL_KIND_WHATSAPP):
        provider.sender_id = "+15550001111"
    if kind == cpb.CHANNEL_KIND_EMAIL:
        provider.from_address = "support@shop.example"
    if profile == cpb.CHANNEL_PROFILE_TWILIO:
        provider.account_id, provider.credentials = TWILIO_ACCOUNT, TWILIO_TOKEN
    if profile == cpb.CHANNEL_PROFILE_SMTP:
        provider.smtp_host = "127.0.0.1"
    channel = cpb.Channel(kind=kind, profile=profile, provider=provider, **fields)
    if profile in (cpb.CHANNEL_PROFILE_NEXUS, cpb.CHANNEL_PROFILE_GENESYS_TPM):
        channel.outbound_url = url
    return channel


def _seed_channels(channel: grpc.Channel, seeded: Seeded) -> None:
    """A channel of each profile, a disabled one, and channel traffic: customer messages
    (interactions, participants) and replies waiting for receipts."""
    c_stub = cspb_grpc.ChannelServiceStub(channel)
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    i_stub = ispb_grpc.InteractionServiceStub(channel)

    def create(kind: int, profile: int, **fields) -> cpb.Channel:
        request = cspb.CreateChannelRequest(channel=channel_of(kind, profile, seeded.url, **fields))
        return c_stub.CreateChannel(request, metadata=MD)

    kept = [
        create(cpb.CHANNEL_KIND_SMS, cpb.CHANNEL_PROFILE_NEXUS),
        create(cpb.CHANNEL_KIND_SMS, cpb.CHANNEL_PROFILE_TWILIO),
        create(cpb.CHANNEL_KIND_CUSTOM, cpb.CHANNEL_PROFILE_GENESYS_TPM),
        create(cpb.CHANNEL_KIND_EMAIL, cpb.CHANNEL_PROFILE_SMTP),
        create(cpb.CHANNEL_KIND_WHATSAPP, cpb.CHANNEL_PROFILE_NEXUS, enabled=False),
    ]
    seeded.channels = [c.name for c in kept]
    seeded.disposable = [
        create(cpb.CHANNEL_KIND_CUSTOM, cpb.CHANNEL_PROFILE_NEXUS).name for _ in range(3)
    ]
    addresses = ["+15557654321", "+15557654321", "+15550000002", "support@x.example"]
    for n, (c, address) in enumerate(zip(kept[:4], addresses, strict=True)):
        ext = f"SM-seed-{n}"
        got = c_stub.ReceiveMessages(
            cspb.ReceiveMessagesRequest(
                channel=c.name,
                messages=[
                    cspb.InboundMessage(
                        external_message_id=ext, customer_address=address, text="hi"
                    )
                ],
            ),
            metadata=MD,
        ).results[0]
        seeded.external_ids.append(ext)
        seeded.names += [got.interaction, got.message.name, got.message.sender]
        reply = i_stub.SendMessage(
            ispb.SendMessageRequest(
                parent=got.interaction,
                message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="on it"),
            ),
            metadata=MD,
        )
        seeded.messages.append(reply.name)
    seeded.names += [*seeded.channels, *seeded.disposable, *seeded.messages]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[Seeded]:
    db = tmp_path_factory.mktemp("fuzz") / "nexus.db"
    # Webhooks point at a loopback port nothing listens on: TestWebhook is refused at once,
    # and nothing the fuzz sends can make the server connect anywhere else.
    url = f"https://127.0.0.1:{free_port()}/hook"
    config = Config(
        listen="127.0.0.1:0",
        db=str(db),
        bootstrap_api_key=API_KEY,
        heartbeat_s=1.0,
        watch_poll_s=0.2,
        notifier=NotifierConfig(in_process=False, allowlist=LOOPBACK_ALLOWLIST, timeout_s=2.0),
    )
    server = ServerThread(config)
    channel = grpc.insecure_channel(f"127.0.0.1:{server.running.port}")
    try:
        result = _seed(channel, url)
        yield result
        calls = sum(result.codes.values())
        print(f"\nfuzz: {calls} calls over {len(METHODS)} RPCs; status codes:")
        for code, count in result.codes.most_common():
            print(f"  {code:<20} {count:>7}  e.g. {result.samples.get(code, '')}")
    finally:
        channel.close()
        server.stop()


# -- strategies from descriptors ---------------------------------------------------------------

T = FieldDescriptor
INT_RANGES = {
    T.TYPE_INT32: (-(2**31), 2**31 - 1),
    T.TYPE_SINT32: (-(2**31), 2**31 - 1),
    T.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    T.TYPE_INT64: (-(2**63), 2**63 - 1),
    T.TYPE_SINT64: (-(2**63), 2**63 - 1),
    T.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    T.TYPE_UINT32: (0, 2**32 - 1),
    T.TYPE_FIXED32: (0, 2**32 - 1),
    T.TYPE_UINT64: (0, 2**64 - 1),
    T.TYPE_FIXED64: (0, 2**64 - 1),
}
IDS = st.sampled_from(["abc", "0", "z" * 64, "z" * 65, "UPPER", "a b", "", "../x", "é"])
COLLECTIONS = [
    "interactions",
    "participants",
    "messages",
    "webhooks",
    "deliveries",
    "attempts",
    "apiKeys",
]


def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    edges = [v for v in (0, 1, -1, lo, hi, lo + 1, hi - 1, 100, 1000, 1001) if lo <= v <= hi]
    return st.sampled_from(edges) | st.integers(lo, hi)


TEXT = (
    st.text(max_size=30)
    | st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zs", "Cf"]), max_size=10)
    | st.sampled_from(["", " ", "\x00", "\r\n", "é", "日本", "\u202e", "🙂", "*", "-1", "a" * 129])
    | st.integers(1, 70_000).map(lambda n: "x" * n)
)
SECONDS = st.sampled_from(
    [
        val.MIN_TIMESTAMP_S - 1,
        val.MIN_TIMESTAMP_S,
        val.MAX_TIMESTAMP_S,
        val.MAX_TIMESTAMP_S + 1,
        -val.MAX_DURATION_S - 1,
        val.MAX_DURATION_S + 1,
        0,
        1,
        -1,
        300,
        -(2**63),
        2**63 - 1,
    ]
) | st.integers(-(2**63), 2**63 - 1)
NOW = int(time.time())
RECENT = st.integers(NOW - 90 * 86400, NOW + 91 * 86400)
NANOS = st.sampled_from(
    [0, 1, -1, 999_999_999, 10**9, -(10**9), 2**31 - 1, -(2**31)]
) | st.integers(-(2**31), 2**31 - 1)


def _seed_access(channel: grpc.Channel, seeded: Seeded) -> None:
    """Keys of every role (RevokeApiKey may revoke them: the fuzz's own key is refused) and
    a chat with its session token."""
    from nexus.v1 import access_pb2 as apb
    from nexus.v1 import access_service_pb2 as aspb
    from nexus.v1 import access_service_pb2_grpc as aspb_grpc

    stub = aspb_grpc.AccessServiceStub(channel)
    keys = [
        stub.CreateApiKey(aspb.CreateApiKeyRequest(api_key=apb.ApiKey(role=role)), metadata=MD)
        for role in (apb.API_KEY_ROLE_ADMIN, apb.API_KEY_ROLE_AGENT, apb.API_KEY_ROLE_WIDGET)
    ]
    seeded.names += [k.name for k in keys]
    chat = stub.StartChat(
        aspb.StartChatRequest(customer_name="fuzz", queue="q"),
        metadata=(("x-api-key", keys[2].key),),
    )
    seeded.names += [chat.interaction.name, chat.customer]
    seeded.session_md = (("authorization", f"Bearer {chat.token}"),)


def names(seeded: Seeded) -> st.SearchStrategy[str]:
    built = st.lists(st.tuples(st.sampled_from(COLLECTIONS), IDS), min_size=1, max_size=4).map(
        lambda parts: "/".join(f"{c}/{i}" for c, i in parts)
    )
    pool = [n for n in seeded.names if n not in seeded.off_limits]
    return st.sampled_from(pool) | built | TEXT


TOPICS = ["messages", "status", "receipts", "typing", "email"]


def string_for(f: FieldDescriptor, owner: Descriptor, seeded: Seeded) -> st.SearchStrategy[str]:
    n = f.name
    if n in ("name", "parent", "interaction", "sender", "channel", "message"):
        return names(seeded)
    if n == "topic":
        return st.sampled_from(TOPICS) | TEXT
    if n in ("external_message_id", "provider_message_id"):
        return st.sampled_from(seeded.external_ids) | TEXT
    if n == "event_id":
        return st.sampled_from(seeded.event_ids) | st.just("evt_") | TEXT
    if n == "page_token":
        return st.sampled_from(seeded.page_tokens) | TEXT
    if n in ("event_types", "paths"):
        fields = [g.name for g in owner.fields] if n != "paths" else UPDATABLE
        return st.sampled_from([*EVENT_TYPES, "*", "interaction.*", *fields]) | TEXT
    if n in ("url", "uri", "outbound_url"):
        # Only loopback or unresolvable forms: the fuzz must never make the server connect out.
        return st.sampled_from(
            [seeded.url, "https://127.0.0.1/x", "http://127.0.0.1/", "https://[::1]/", "https://"]
        ) | st.sampled_from(["", "ftp://x", "https://user@127.0.0.1/", "https://127.0.0.1:99999/"])
    if n == "order_by":
        return st.sampled_from(["create_time", "create_time desc", "create_time asc"]) | TEXT
    return TEXT


UPDATABLE = [
    *val.UPDATABLE_INTERACTION,
    *val.UPDATABLE_WEBHOOK,
    *channel_rules.UPDATABLE_CHANNEL,
    *(f"provider.{f}" for f in channel_rules.PROVIDER_FIELDS),
    "provider.nope",
    "kind",
    "profile",
]
# What a real client puts in strings that are not names (tame draws).
TAME_STRINGS = {
    "customer_address": ["+14155550100", "a@b.co", "whatsapp:+14155550100", "handle-1"],
    "sender_id": ["+15550001111", "12345"],
    "from_address": ["support@shop.example"],
    "smtp_host": ["127.0.0.1"],
}


def scalar(f: FieldDescriptor, owner: Descriptor, seeded: Seeded, tame: bool) -> st.SearchStrategy:
    t = f.type
    if t in INT_RANGES:
        return st.sampled_from([0, 1, 2, 10, 50, 100]) if tame else _ints(*INT_RANGES[t])
    if t == T.TYPE_BOOL:
        return st.booleans()
    if t == T.TYPE_DOUBLE:
        return st.floats()
    if t == T.TYPE_FLOAT:
        return st.floats(width=32)
    if t == T.TYPE_STRING:
        if tame and f.name in ("name", "parent", "interaction", "sender", "event_id"):
            if f.name == "event_id":
                return st.sampled_from(seeded.event_ids)
            return st.sampled_from(seeded.hint or seeded.names)
        if tame and f.name == "channel":
            return st.sampled_from(seeded.channels)
        if tame and f.name == "message" and seeded.messages:
            return st.sampled_from(seeded.messages)
        if tame and f.name == "topic":
            return st.sampled_from(TOPICS)
        if tame and f.name in ("external_message_id", "provider_message_id"):
            return st.sampled_from([*seeded.external_ids, "SM-fuzz-1", "hello"])
        if tame and f.name in TAME_STRINGS:
            return st.sampled_from(TAME_STRINGS[f.name])
        if tame and f.name not in ("url", "uri", "outbound_url", "event_types", "paths"):
            return st.sampled_from(["", "sales", "ann", "hello", "a@b.co", "+14155550100"])
        return string_for(f, owner, seeded)
    if t == T.TYPE_BYTES:
        return st.binary(max_size=50)
    if t == T.TYPE_ENUM:
        known = st.sampled_from([v.number for v in f.enum_type.values])
        return known if tame else known | _ints(-(2**31), 2**31 - 1)
    raise AssertionError(f"no strategy for {f.full_name}")


def value_of(
    f: FieldDescriptor, owner: Descriptor, seeded: Seeded, depth: int, tame: bool
) -> st.SearchStrategy:
    if f.message_type is None:
        return scalar(f, owner, seeded, tame)
    return message_of(f.message_type, seeded, depth + 1, tame)


def message_of(
    descriptor: Descriptor, seeded: Seeded, depth: int = 0, tame: bool = False
) -> st.SearchStrategy:
    """Any message of the type; ``tame`` draws values a real client might send (seeded names,
    known enums, times near now), so that calls reach the use cases and the store."""
    cls = message_factory.GetMessageClass(descriptor)
    if descriptor.full_name == "google.protobuf.Timestamp":
        if tame:
            return st.builds(cls, seconds=RECENT)
        return st.builds(cls, seconds=SECONDS | RECENT, nanos=NANOS)
    if descriptor.full_name == "google.protobuf.Duration":
        if tame:
            return st.builds(cls, seconds=st.integers(0, 400))
        return st.builds(cls, seconds=SECONDS | st.integers(-10, 400), nanos=NANOS)
    if depth > 3:
        return st.just(cls())

    @st.composite
    def build(draw):
        msg = cls()
        for f in descriptor.fields:
            if not draw(st.booleans()):
                continue
            target = getattr(msg, f.name)
            entry = f.message_type
            if entry is not None and entry.GetOptions().map_entry:
                key_f, value_f = entry.fields_by_name["key"], entry.fields_by_name["value"]
                keys = (
                    st.sampled_from(["k", "lang", "x-custom"])
                    if tame
                    else scalar(key_f, entry, seeded, tame)
                )
                items = draw(
                    st.dictionaries(
                        keys,
                        value_of(value_f, entry, seeded, depth, tame),
                        max_size=4,
                    )
                )
                for k, v in items.items():
                    if value_f.message_type is None:
                        target[k] = v
                    else:
                        target[k].CopyFrom(v)
            elif f.is_repeated:
                items = draw(st.lists(value_of(f, descriptor, seeded, depth, tame), max_size=4))
                if f.message_type is None:
                    target.extend(items)
                else:
                    for item in items:
                        target.add().CopyFrom(item)
            elif f.message_type is not None:
                target.CopyFrom(draw(message_of(f.message_type, seeded, depth + 1, tame)))
            else:
                setattr(msg, f.name, draw(scalar(f, descriptor, seeded, tame)))
        return msg

    return build()


def mutated(raw: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Valid encodings with bytes flipped, cut or inserted: malformed, but nearly right."""

    @st.composite
    def mutate(draw):
        data = bytearray(draw(raw))
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data)))
            op = draw(st.sampled_from(["flip", "cut", "insert"]))
            if op == "flip" and at < len(data):
                data[at] ^= draw(st.integers(1, 255))
            elif op == "cut":
                del data[at:]
            else:
                data[at:at] = draw(st.binary(min_size=1, max_size=4))
        return bytes(data)

    return mutate()


# -- calling -----------------------------------------------------------------------------------


def _call(seeded: Seeded, method, raw: bytes, md: tuple[tuple[str, str], ...] = MD) -> str:
    path = f"/{method.containing_service.full_name}/{method.name}"
    try:
        if method.server_streaming:
            stream = seeded.channel.unary_stream(path)(raw, metadata=md, timeout=0.3)
            for n, _ in enumerate(stream):
                if n >= 3:
                    stream.cancel()
                    break
            return "OK"
        seeded.channel.unary_unary(path)(raw, metadata=md, timeout=10)
        return "OK"
    except grpc.RpcError as err:
        code = err.code()  # type: ignore[attr-defined]
        if code == grpc.StatusCode.CANCELLED and method.server_streaming:
            return "OK"
        if code == grpc.StatusCode.DEADLINE_EXCEEDED and method.server_streaming:
            return code.name  # our own short deadline on a stream that is still open
        seeded.samples.setdefault(code.name, f"{method.name}: {err.details()}"[:200])  # type: ignore[attr-defined]
        if code in NEVER or code == grpc.StatusCode.DEADLINE_EXCEEDED:
            seeded.failures.append(f"{method.name}: {code.name} {err.details()} for {raw!r:.300}")  # type: ignore[attr-defined]
        return code.name


def _fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        derandomize=not BIG,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def _healthy(seeded: Seeded) -> None:
    health = health_pb2_grpc.HealthStub(seeded.channel)
    status = health.Check(health_pb2.HealthCheckRequest(), timeout=5).status
    assert status == health_pb2.HealthCheckResponse.SERVING
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    ispb_grpc.InteractionServiceStub(seeded.channel).CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)),
        metadata=MD,
        timeout=5,
    )


CHANNEL_INPUTS = ("ReceiveMessages", "ReceiveReceipts", "ReceiveProviderRequest")


def _names_for(method: str, seeded: Seeded) -> list[str]:
    """The seeded names of the kind an RPC takes as its name or parent (channels: the ones
    it may change, for UpdateChannel and DeleteChannel, so that later RPCs still find
    the others usable)."""
    names = seeded.names
    if "ApiKey" in method:
        kind = r"apiKeys/\w+"
    elif method in ("GetMessage", "MarkMessageRead"):
        kind = r"interactions/\w+/messages/\w+"
    elif method == "RemoveParticipant":
        kind = r"interactions/\w+/participants/\w+"
    elif method == "ListDeliveryAttempts":
        kind = r"webhooks/\w+/deliveries/\w+"
    elif method in ("UpdateChannel", "DeleteChannel"):
        return list(seeded.disposable)
    elif "Channel" in method or method in CHANNEL_INPUTS:
        kind = r"channels/\w+"
    elif "Webhook" in method or "Deliver" in method:
        kind = r"webhooks/\w+"
    else:
        kind = r"interactions/\w+"
    return [n for n in names if re.fullmatch(kind, n)]


@pytest.mark.parametrize("method", METHODS, ids=[m.name for m in METHODS])
def test_no_rpc_answers_internal_or_unknown(seeded, method):
    """Generated messages of the request type, valid encodings with bytes broken, raw bytes."""
    examples = max(3, EXAMPLES // 4) if method.server_streaming else EXAMPLES
    seeded.hint = _names_for(method.name, seeded)
    keep = method.name in ("UpdateChannel", "DeleteChannel")
    seeded.off_limits = set(seeded.channels) if keep else set()
    wild = message_of(method.input_type, seeded).map(lambda m: m.SerializeToString())
    tame = message_of(method.input_type, seeded, tame=True).map(lambda m: m.SerializeToString())
    inputs = tame | wild | mutated(wild | tame) | st.binary(max_size=64)
    before = len(seeded.failures)

    @_fuzz_settings(examples * 2)
    @given(raw=inputs)
    def fuzz(raw: bytes) -> None:
        seeded.codes[_call(seeded, method, raw)] += 1

    fuzz()
    assert seeded.failures[before:] == []
    _healthy(seeded)


SESSION_METHODS = [
    m for m in METHODS if f"/{m.containing_service.full_name}/{m.name}" in access.SESSION_METHODS
]


@pytest.mark.parametrize("method", SESSION_METHODS, ids=[m.name for m in SESSION_METHODS])
def test_no_rpc_of_a_chat_session_answers_internal_or_unknown(seeded, method):
    """What a customer's browser may call, fuzzed with its session token: confining the
    request to the session's interaction never breaks on what the request holds."""
    examples = max(3, EXAMPLES // 4) if method.server_streaming else EXAMPLES
    seeded.hint = _names_for(method.name, seeded)
    seeded.off_limits = set()
    wild = message_of(method.input_type, seeded).map(lambda m: m.SerializeToString())
    tame = message_of(method.input_type, seeded, tame=True).map(lambda m: m.SerializeToString())
    inputs = tame | wild | mutated(wild | tame) | st.binary(max_size=64)
    before = len(seeded.failures)

    @_fuzz_settings(examples)
    @given(raw=inputs)
    def fuzz(raw: bytes) -> None:
        seeded.codes[_call(seeded, method, raw, seeded.session_md)] += 1

    fuzz()
    assert seeded.failures[before:] == []
    _healthy(seeded)


def test_every_rpc_is_fuzzed_with_names_it_takes(seeded):
    """A new RPC is fuzzed like the others (METHODS comes from the descriptors), and it gets
    seeded names of its kind, so its calls reach the use case and not just validation."""
    fuzzed = {f"{m.containing_service.name}.{m.name}" for m in METHODS}
    channel_rpcs = {m.name for m in POOL.FindServiceByName("nexus.v1.ChannelService").methods}
    assert len(channel_rpcs) == 9 and {f"ChannelService.{n}" for n in channel_rpcs} <= fuzzed
    assert "InteractionService.SendTyping" in fuzzed
    for method in METHODS:
        takes_a_name = any(
            f.name in ("name", "parent", "channel") and f.type == T.TYPE_STRING
            for f in method.input_type.fields
        ) or method.name in ("UpdateChannel", "UpdateInteraction", "UpdateWebhook")
        if takes_a_name:
            assert _names_for(method.name, seeded), method.name
    assert seeded.channels and seeded.messages and seeded.disposable


# -- provider requests signed with the channel's secret ----------------------------------------

PROVIDER_URL = "https://localhost"  # NotifierConfig's default public_url, which Twilio signs


def _json_values() -> st.SearchStrategy:
    # Integers past int64 too: a profile must refuse what protobuf cannot hold.
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | TEXT
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=10,
    )


def _tpm_requests(topics: list[str]) -> st.SearchStrategy[tuple[str, bytes]]:
    """(topic, body): well-formed documents on their own topic, anything on any topic."""
    value = _json_values()

    def mostly(good: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(good, good, good, value)

    ids = st.sampled_from(["p-1", "p-2", "p-3", "interactions/x/messages/y", ""])
    # Mostly the right shape with good values (so messages get stored), any value anywhere.
    sender = st.fixed_dictionaries(
        {"id": mostly(st.sampled_from(["c-1", "c-2", ""]))},
        optional={"nickname": value, "firstName": value, "lastName": value},
    )
    channel = st.fixed_dictionaries(
        {"from": mostly(sender)},
        optional={
            "time": st.sampled_from(["2026-01-02T03:04:05.5+02:00", "2026-13-01T00:00:00Z"]) | value
        },
    )
    attachment = st.fixed_dictionaries(
        {"url": st.sampled_from(["https://f.example/a", ""]) | value},
        optional={"mime": value, "filename": value, "size": st.integers(-1, 2**63 - 1) | value},
    )
    content = st.fixed_dictionaries(
        {"type": st.sampled_from(["Attachment", "Text"]) | value},
        optional={"attachment": attachment | value},
    )
    typing = st.fixed_dictionaries(
        {"type": st.sampled_from(["On", "Off"]) | value},
        optional={"duration": st.integers(-1, 2**63 - 1) | value},
    )
    events = st.lists(
        st.fixed_dictionaries(
            {"eventType": st.sampled_from(["Typing", "Other"]) | value},
            optional={"typing": typing | value},
        ),
        max_size=2,
    )
    message = st.fixed_dictionaries(
        {"messageId": mostly(ids), "channel": mostly(channel), "text": mostly(TEXT)},
        optional={
            "threadId": st.sampled_from(["t-1", "a b"]) | value,
            "content": st.lists(content, max_size=2) | value,
        },
    )
    event = st.fixed_dictionaries({"channel": mostly(channel), "events": mostly(events)})
    receipt = st.fixed_dictionaries(
        {
            "messageId": mostly(ids),
            "status": mostly(st.sampled_from(["Sent", "Delivered", "Read", "Failed", "x"])),
        },
        optional={
            "time": value,
            "reasons": st.lists(
                st.fixed_dictionaries({}, optional={"code": value, "message": value}), max_size=2
            )
            | value,
        },
    )
    # Well-formed ones, so that the store sees what gets past the parser.
    good_message = st.builds(
        lambda mid, cid, text: {"messageId": mid, "channel": {"from": {"id": cid}}, "text": text},
        st.sampled_from(["p-1", "p-2", "p-3", "p-4"]),
        st.sampled_from(["c-1", "c-2"]),
        st.text(min_size=1, max_size=40),
    )
    good_typing = st.builds(
        lambda on, ms: {
            "channel": {"from": {"id": "c-1"}},
            "events": [{"eventType": "Typing", "typing": {"type": on, "duration": ms}}],
        },
        st.sampled_from(["On", "Off"]),
        st.integers(0, 120_000),
    )
    good_receipt = st.builds(
        lambda mid, status: {"messageId": mid, "status": status},
        st.sampled_from(["p-1", "interactions/x/messages/y"]),
        st.sampled_from(["Sent", "Delivered", "Read", "Failed"]),
    )
    good = st.one_of(
        st.tuples(st.just("messages"), good_message),
        st.tuples(
            st.just("messages"),
            st.lists(good_message | good_typing, min_size=1, max_size=3).map(
                lambda m: {"messages": m}
            ),
        ),
        st.tuples(st.sampled_from(["typing", "messages"]), good_typing),
        st.tuples(
            st.just("receipts"),
            good_receipt | st.lists(good_receipt, max_size=3).map(lambda r: {"receipts": r}),
        ),
    )
    doc = st.one_of(
        message,
        event,
        receipt,
        st.fixed_dictionaries({"messages": mostly(st.lists(message | event, max_size=3))}),
        st.fixed_dictionaries({"receipts": mostly(st.lists(receipt, max_size=3))}),
        value,
    )
    anything = st.tuples(st.sampled_from(topics), doc)

    def encode(pair: tuple[str, Any], ascii_only: bool) -> tuple[str, bytes]:
        return pair[0], json.dumps(pair[1], ensure_ascii=ascii_only).encode()

    encoded = st.builds(encode, good | anything, st.booleans())
    broken = st.tuples(
        st.sampled_from(topics), mutated(encoded.map(lambda p: p[1])) | st.binary(max_size=64)
    )
    return st.one_of(encoded, encoded, encoded, broken)


def _twilio_forms() -> st.SearchStrategy[list[tuple[str, str]]]:
    base = st.sampled_from(
        [
            [("MessageSid", "SM1"), ("From", "+15557654321"), ("Body", "hi")],
            [("MessageSid", "SM2"), ("From", "whatsapp:+15557654321"), ("NumMedia", "1"),
             ("MediaUrl0", "https://m.example/0")],
            [("MessageSid", "SM3"), ("MessageStatus", "delivered")],
            [("MessageSid", "SM4"), ("MessageStatus", "failed"), ("ErrorCode", "30003")],
            [],
        ]
    )  # fmt: skip
    names_ = st.sampled_from(
        ["AccountSid", "MessageSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaUrl1",
         "MediaContentType0", "ProfileName", "MessageStatus", "ErrorCode", "SmsSid"]
    ) | TEXT  # fmt: skip
    values = TEXT | st.sampled_from(
        ["+15557654321", "whatsapp:+15557654321", "12345", "0", "1", "2", "https://m.example/0",
         "delivered", "read", "failed", "undelivered", "canceled", "queued", "30003"]
    )  # fmt: skip

    def form(parts) -> list[tuple[str, str]]:
        # A pair repeated with the same value is left out: twilio-python signs the set of a
        # field's values, nexus every value (Twilio documents neither).
        start, extra = parts
        return list(dict.fromkeys([("AccountSid", TWILIO_ACCOUNT), *start, *extra]))

    pairs = st.tuples(names_, values)
    return st.tuples(base, st.lists(pairs, max_size=6)).map(form)


def _mails() -> st.SearchStrategy[bytes]:
    ascii_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=40)
    header_names = st.sampled_from(
        ["To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Date",
         "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted", "Precedence",
         "Delivered-To", "MIME-Version"]
    )  # fmt: skip
    header_values = TEXT | st.sampled_from(
        ["<a@b.example>", "text/plain; charset=utf-8", "text/html", "multipart/mixed; boundary=b",
         "base64", "quoted-printable", "auto-replied", "bulk", "1.0",
         "Tue, 1 Jul 2025 10:00:00 +0000", "reply+abc@localhost"]
    )  # fmt: skip
    sender = st.sampled_from(["Carla <carla@mail.example>", "carla@mail.example", ""]) | ascii_text

    @st.composite
    def mail(draw) -> bytes:
        lines = [f"From: {draw(sender)}"]
        for name, value in draw(st.lists(st.tuples(header_names, header_values), max_size=5)):
            lines.append(f"{name}: {value}")
        body = draw(TEXT | st.sampled_from(["--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--"]))
        raw = "\r\n".join(lines) + "\r\n\r\n" + body
        return raw.encode("utf-8", "replace")

    return mail() | mutated(mail())


PROVIDER_FUZZ = {
    "twilio": (cpb.CHANNEL_KIND_SMS, cpb.CHANNEL_PROFILE_TWILIO, ["messages", "status"]),
    "genesys-tpm": (
        cpb.CHANNEL_KIND_CUSTOM,
        cpb.CHANNEL_PROFILE_GENESYS_TPM,
        ["messages", "receipts", "typing"],
    ),
    "smtp": (cpb.CHANNEL_KIND_EMAIL, cpb.CHANNEL_PROFILE_SMTP, ["email"]),
}


@pytest.mark.parametrize("profile", sorted(PROVIDER_FUZZ))
def test_signed_provider_requests_never_answer_internal(seeded, profile):
    """Bodies a provider could send, signed with the channel's secret (or Auth Token), so
    that the signature passes and the provider's parser and the store see them."""
    kind, profile_number, topics = PROVIDER_FUZZ[profile]
    stub = cspb_grpc.ChannelServiceStub(seeded.channel)
    # Its own channel: the generic fuzz may rotate the seeded channels' secrets.
    channel = stub.CreateChannel(
        cspb.CreateChannelRequest(channel=channel_of(kind, profile_number, seeded.url)),
        metadata=MD,
    )
    before = len(seeded.failures)

    def send(topic: str, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        request = cspb.ReceiveProviderRequestRequest(
            channel=channel.name, topic=topic, body={"content_type": content_type, "data": body}
        )
        try:
            stub.ReceiveProviderRequest(request, metadata=tuple(headers.items()), timeout=10)
            code = "OK"
        except grpc.RpcError as err:
            status = err.code()  # type: ignore[attr-defined]
            code = status.name
            if status in NEVER or status == grpc.StatusCode.DEADLINE_EXCEEDED:
                details = err.details()  # type: ignore[attr-defined]
                seeded.failures.append(f"{profile}/{topic}: {code} {details} for {body!r:.300}")
        seeded.codes[code] += 1

    if profile == "twilio":
        strategy = st.tuples(st.sampled_from(topics), _twilio_forms())

        def call(topic: str, form: list[tuple[str, str]]) -> None:
            from urllib.parse import urlencode

            url = f"{PROVIDER_URL}/v1/{channel.name}/inbound/{topic}"
            grouped: dict[str, list[str]] = {}
            for name, value in form:
                grouped.setdefault(name, []).append(value)
            signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, _Multi(grouped))
            body = urlencode(form).encode()
            send(
                topic, body, "application/x-www-form-urlencoded", {"x-twilio-signature": signature}
            )

    elif profile == "genesys-tpm":
        strategy = _tpm_requests(topics)

        def call(topic: str, body: bytes) -> None:
            mac = hmac.new(channel.secret.encode(), body, hashlib.sha1).hexdigest()
            send(topic, body, "application/json", {"x-hub-signature": "sha1=" + mac})

    else:
        strategy = st.tuples(st.sampled_from(topics), _mails())

        def call(topic: str, body: bytes) -> None:
            mac = hmac.new(channel.secret.encode(), body, hashlib.sha256).hexdigest()
            send(topic, body, "message/rfc822", {"x-nexus-signature": "sha256=" + mac})

    @_fuzz_settings(EXAMPLES * 4)
    @given(args=strategy)
    def fuzz(args) -> None:
        call(*args)

    fuzz()
    assert seeded.failures[before:] == []
    _healthy(seeded)


class _Multi(dict):
    """Repeated form fields for twilio's RequestValidator (it reads ``getall``)."""

    def getall(self, name: str) -> list[str]:
        return self[name]
