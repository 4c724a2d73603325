"""Fuzzing every RPC of the real server: requests built from the descriptors, and raw bytes.

Whatever a caller sends, the answer is never INTERNAL or UNKNOWN (nor a dropped connection,
nor a hang), and afterwards the server is still healthy. Messages are generated recursively
from each request type: every scalar type with its edge values, strings with control and
non-ASCII characters or very long, enums with unknown numbers, repeated fields, maps,
Timestamps and Durations in and out of range, resource names that exist in a seeded tenant
(so calls get past validation into the use cases) and names that do not.

CI runs a fixed, derandomized budget per RPC; ``NEXUS_FUZZ_EXAMPLES=500`` runs a big one
with fresh randomness. ``pytest -s`` prints the calls and the histogram of status codes.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import grpc
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.app import SERVICE_NAMES
from nexus.config import Config, NotifierConfig
from nexus.domain import validation as val
from nexus.domain.events import EVENT_TYPES
from nexus.gateway.process import free_port
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
    events = espb_grpc.EventServiceStub(channel).ListEvents(
        espb.ListEventsRequest(page_size=2), metadata=MD
    )
    seeded.event_ids += [e.id for e in events.events]
    seeded.page_tokens.append(events.next_page_token)
    page = i_stub.ListInteractions(ispb.ListInteractionsRequest(page_size=2), metadata=MD)
    seeded.page_tokens.append(page.next_page_token)
    return seeded


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
COLLECTIONS = ["interactions", "participants", "messages", "webhooks", "deliveries", "attempts"]


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


def names(seeded: Seeded) -> st.SearchStrategy[str]:
    built = st.lists(st.tuples(st.sampled_from(COLLECTIONS), IDS), min_size=1, max_size=4).map(
        lambda parts: "/".join(f"{c}/{i}" for c, i in parts)
    )
    return st.sampled_from(seeded.names) | built | TEXT


def string_for(f: FieldDescriptor, owner: Descriptor, seeded: Seeded) -> st.SearchStrategy[str]:
    n = f.name
    if n in ("name", "parent", "interaction", "sender"):
        return names(seeded)
    if n == "event_id":
        return st.sampled_from(seeded.event_ids) | st.just("evt_") | TEXT
    if n == "page_token":
        return st.sampled_from(seeded.page_tokens) | TEXT
    if n in ("event_types", "paths"):
        fields = [g.name for g in owner.fields] if n != "paths" else UPDATABLE
        return st.sampled_from([*EVENT_TYPES, "*", "interaction.*", *fields]) | TEXT
    if n == "url" or n == "uri":
        # Only loopback or unresolvable forms: the fuzz must never make the server connect out.
        return st.sampled_from(
            [seeded.url, "https://127.0.0.1/x", "http://127.0.0.1/", "https://[::1]/", "https://"]
        ) | st.sampled_from(["", "ftp://x", "https://user@127.0.0.1/", "https://127.0.0.1:99999/"])
    if n == "order_by":
        return st.sampled_from(["create_time", "create_time desc", "create_time asc"]) | TEXT
    return TEXT


UPDATABLE = [*val.UPDATABLE_INTERACTION, *val.UPDATABLE_WEBHOOK]


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
        if tame and f.name not in ("url", "uri", "event_types", "paths"):
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


def _call(seeded: Seeded, method, raw: bytes) -> str:
    path = f"/{method.containing_service.full_name}/{method.name}"
    try:
        if method.server_streaming:
            stream = seeded.channel.unary_stream(path)(raw, metadata=MD, timeout=0.3)
            for n, _ in enumerate(stream):
                if n >= 3:
                    stream.cancel()
                    break
            return "OK"
        seeded.channel.unary_unary(path)(raw, metadata=MD, timeout=10)
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


def _names_for(method: str, names: list[str]) -> list[str]:
    """The seeded names of the kind an RPC takes as its name or parent."""
    if method in ("GetMessage", "MarkMessageRead"):
        kind = r"interactions/\w+/messages/\w+"
    elif method == "RemoveParticipant":
        kind = r"interactions/\w+/participants/\w+"
    elif method == "ListDeliveryAttempts":
        kind = r"webhooks/\w+/deliveries/\w+"
    elif "Webhook" in method or "Deliver" in method:
        kind = r"webhooks/\w+"
    else:
        kind = r"interactions/\w+"
    return [n for n in names if re.fullmatch(kind, n)]


@pytest.mark.parametrize("method", METHODS, ids=[m.name for m in METHODS])
def test_no_rpc_answers_internal_or_unknown(seeded, method):
    """Generated messages of the request type, valid encodings with bytes broken, raw bytes."""
    examples = max(3, EXAMPLES // 4) if method.server_streaming else EXAMPLES
    seeded.hint = _names_for(method.name, seeded.names)
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
