"""The notifier's pure parts: signing, schedule, Retry-After, payloads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from datetime import UTC, datetime

import pytest
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook as StdWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from nexus import config as config_mod
from nexus.egress import payloads, protojson, signing
from nexus.egress.schedule import RetryPolicy, jittered, parse_retry_after
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

# -- signing -----------------------------------------------------------------------------

SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TS = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_standard_webhooks_official_vector():
    key = signing.secret_key(SPEC_SECRET)
    assert signing.sign_v1(key, SPEC_ID, SPEC_TS, SPEC_BODY) == SPEC_SIG


def test_library_signs_the_same_as_we_do():
    ours = signing.sign_v1(signing.secret_key(SPEC_SECRET), SPEC_ID, SPEC_TS, SPEC_BODY)
    theirs = StdWebhook(SPEC_SECRET).sign(
        SPEC_ID, datetime.fromtimestamp(SPEC_TS, UTC), SPEC_BODY.decode()
    )
    assert ours == theirs


@given(st.binary(min_size=24, max_size=64), st.binary(min_size=24, max_size=64), st.text())
def test_rotation_header_verifies_with_each_secret(old, new, text):
    secrets = ["whsec_" + base64.b64encode(k).decode() for k in (new, old)]
    ts = int(datetime.now(UTC).timestamp())
    body = text.encode()
    header = signing.signature_header([signing.secret_key(s) for s in secrets], "evt_x", ts, body)
    assert len(header.split(" ")) == 2
    headers = {"webhook-id": "evt_x", "webhook-timestamp": str(ts), "webhook-signature": header}
    for secret in secrets:
        StdWebhook(secret).verify(body, headers, json_parse=False)
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    if other not in secrets:
        with pytest.raises(WebhookVerificationError):
            StdWebhook(other).verify(body, headers, json_parse=False)


def test_hub_signature_rfc2202_vector():
    # RFC 2202, HMAC-SHA1 test case 2.
    assert (
        signing.hub_signature("Jefe", b"what do ya want for nothing?")
        == "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
    )


# -- schedule ----------------------------------------------------------------------------

DEFAULT = config_mod.NotifierConfig()


def test_default_schedule_is_svix_like():
    assert DEFAULT.retry_schedule_s == (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
    policy = RetryPolicy(DEFAULT.retry_schedule_s, jitter=0)
    assert [policy.next_delay(n) for n in range(1, 8)] == [5, 300, 1800, 7200, 18000, 36000, 36000]
    assert policy.next_delay(8) is None


@given(st.floats(0, 1e6), st.floats(0, 0.99), st.integers(0, 2**32))
def test_jitter_stays_within_bounds(delay, jitter, seed):
    value = jittered(delay, jitter, random.Random(seed))
    assert delay * (1 - jitter) - 1e-6 <= value <= delay * (1 + jitter) + 1e-6


def test_jitter_spreads():
    rand = random.Random(1)
    values = {round(jittered(100, 0.2, rand), 3) for _ in range(50)}
    assert len(values) > 40 and min(values) >= 80 and max(values) <= 120


@pytest.mark.parametrize(
    ("code", "timed_out", "retry_after", "expected"),
    [
        (500, False, None, 5),  # plain failure: the schedule
        (503, False, 120, 120),  # Retry-After honoured
        (503, False, 1, 5),  # ... but never sooner than the schedule
        (503, False, 10**9, 3600),  # ... and at most retry_after_max_s
        (500, False, 120, 5),  # only 429/503 honour it
        (429, False, None, 60),  # 429: the throttle floor
        (429, False, 90, 90),
        (0, True, None, 60),  # timeout: the floor
    ],
)
def test_next_delay_rules(code, timed_out, retry_after, expected):
    policy = RetryPolicy((0, 5, 10), jitter=0, throttle_floor_s=60, retry_after_max_s=3600)
    assert policy.next_delay(1, code, timed_out, retry_after) == expected


def test_parse_retry_after():
    now = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after(" 7 ", now) == 7
    assert parse_retry_after("Fri, 27 Nov 2026 10:02:00 GMT", now) == 120
    assert parse_retry_after("Fri, 27 Nov 2026 09:00:00 GMT", now) == 0
    for bad in (None, "", "soon", "-5", "1.5", "٣"):
        assert parse_retry_after(bad, now) is None


@given(st.text())
def test_parse_retry_after_never_raises(value):
    result = parse_retry_after(value, 0)
    assert result is None or result >= 0


# -- payloads ----------------------------------------------------------------------------


def _state_event(to_state: int, **interaction) -> epb.Event:
    i = ipb.Interaction(name="interactions/abc", **interaction)
    e = epb.Event(
        id="evt_1",
        type="interaction.state_changed",
        interaction=i.name,
        interaction_snapshot=i,
        state_change=epb.StateChange(from_state=ipb.STATE_NEW, to_state=to_state),
    )
    e.create_time.FromMicroseconds(1_700_000_000_123_456)
    return e


def test_standard_body_is_compact_proto3_json():
    event = _state_event(ipb.STATE_QUEUED, media_type=ipb.MEDIA_TYPE_CHAT)
    body = payloads.standard_body(event)
    assert b" " not in body
    doc = json.loads(body)
    assert doc["type"] == "interaction.state_changed"
    assert doc["timestamp"] == "2023-11-14T22:13:20.123456Z"
    assert doc["data"]["stateChange"]["toState"] == "STATE_QUEUED"
    assert doc["data"]["interactionSnapshot"]["mediaType"] == "MEDIA_TYPE_CHAT"


@pytest.mark.parametrize(
    ("to_state", "first", "expected"),
    [
        (ipb.STATE_QUEUED, True, "STARTED"),
        (ipb.STATE_QUEUED, False, None),
        (ipb.STATE_COMPLETED, False, "FINISHED"),
        (ipb.STATE_ACTIVE, True, None),
    ],
)
def test_genesys_event_kinds(to_state, first, expected):
    assert payloads.genesys_event(_state_event(to_state), first) == expected


def test_genesys_ignores_other_event_types():
    e = _state_event(ipb.STATE_QUEUED)
    e.type = "message.created"
    assert payloads.genesys_event(e, True) is None


@pytest.mark.parametrize(
    ("interaction", "media", "subtype"),
    [
        ({"media_type": ipb.MEDIA_TYPE_CHAT}, "chat", "InboundNew"),
        (
            {"media_type": ipb.MEDIA_TYPE_EMAIL, "direction": ipb.DIRECTION_OUTBOUND},
            "email",
            "Outbound",
        ),
        ({"media_type": ipb.MEDIA_TYPE_SMS}, "chat", "SMS"),
        (
            {
                "media_type": ipb.MEDIA_TYPE_THIRD_PARTY,
                "third_party_platform": ipb.THIRD_PARTY_PLATFORM_WHATSAPP,
            },
            "chat",
            "WhatsApp",
        ),
        (
            {
                "media_type": ipb.MEDIA_TYPE_THIRD_PARTY,
                "third_party_platform": ipb.THIRD_PARTY_PLATFORM_TWITTER_PRIVATE,
            },
            "chat",
            "TwitterPrivate",
        ),
        (
            {
                "media_type": ipb.MEDIA_TYPE_THIRD_PARTY,
                "third_party_platform": ipb.THIRD_PARTY_PLATFORM_CUSTOM,
                "custom_platform": "Line",
            },
            "chat",
            "Line",
        ),
    ],
)
def test_genesys_body(interaction, media, subtype):
    event = _state_event(ipb.STATE_COMPLETED, thread_id="t1", **interaction)
    doc = json.loads(payloads.genesys_body(event, "FINISHED", "https://nexus.example/"))
    assert doc["operationId"] == payloads.operation_id("evt_1")
    assert doc["data"]["entities"] == [
        {
            "event": "FINISHED",
            "entity": {
                "id": "abc",
                "mediaType": media,
                "interactionSubtype": subtype,
                "selfUri": "https://nexus.example/nexus/v3/chat/sessions/t1/abc",
            },
        }
    ]


def test_genesys_ping_is_an_empty_batch():
    event = epb.Event(id="evt_p", type="webhook.ping")
    doc = json.loads(payloads.genesys_body(event, None, "https://x"))
    assert doc == {"operationId": payloads.operation_id("evt_p"), "data": {"entities": []}}


def test_trace_and_operation_ids_are_stable_per_event():
    assert payloads.trace_id("evt_1") == payloads.trace_id("evt_1") != payloads.trace_id("evt_2")
    assert len(payloads.trace_id("evt_1")) == 32
    assert payloads.operation_id("evt_1") != payloads.operation_id("evt_2")


# 0, 3, 6 or 9 fractional digits
_NANOS = (
    st.sampled_from([0])
    | st.integers(0, 999).map(lambda n: n * 10**6)
    | st.integers(0, 10**6 - 1).map(lambda n: n * 1000)
    | st.integers(0, 10**9 - 1)
)


def _fill(data: st.DataObject, message: Message, depth: int = 0) -> None:
    """Sets a random subset of ``message``'s fields to random values, recursively."""
    for field in message.DESCRIPTOR.fields:
        if not data.draw(st.booleans()):
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            for _ in range(data.draw(st.integers(0, 3))):
                getattr(message, field.name)[data.draw(st.text(max_size=5))] = data.draw(
                    st.text(max_size=5)
                )
        elif field.message_type is not None:
            if field.message_type.full_name == "google.protobuf.Timestamp":
                ts = getattr(message, field.name)
                ts.seconds = data.draw(st.integers(-62135596800, 253402300799))
                ts.nanos = data.draw(_NANOS)
            elif field.message_type.full_name == "google.protobuf.Duration":
                getattr(message, field.name).FromNanoseconds(
                    data.draw(st.integers(-(10**15), 10**15))
                )
            elif depth < 2:
                if field.is_repeated:
                    for _ in range(data.draw(st.integers(0, 2))):
                        _fill(data, getattr(message, field.name).add(), depth + 1)
                else:
                    _fill(data, getattr(message, field.name), depth + 1)
        else:
            values = _scalars(field)
            if field.is_repeated:
                getattr(message, field.name).extend(data.draw(st.lists(values, max_size=3)))
            else:
                setattr(message, field.name, data.draw(values))


def _scalars(field: FieldDescriptor) -> st.SearchStrategy:
    t = field.type
    if t == FieldDescriptor.TYPE_STRING:
        return st.text(max_size=8)
    if t == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=8)
    if t == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if t == FieldDescriptor.TYPE_ENUM:  # known names, and numbers an open enum keeps as such
        return st.sampled_from([v.number for v in field.enum_type.values]) | st.integers(0, 99)
    if t in (
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_SINT64,
        FieldDescriptor.TYPE_SFIXED64,
    ):
        return st.integers(-(2**63), 2**63 - 1)
    if t in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return st.integers(0, 2**64 - 1)
    if t in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return st.integers(0, 2**32 - 1)
    if t in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(width=32)
    return st.integers(-(2**31), 2**31 - 1)


@pytest.mark.parametrize(
    "message_type", [epb.Event, wpb.Webhook, dpb.Delivery, dpb.DeliveryAttempt]
)
@given(data=st.data())
def test_protojson_writes_what_json_format_prints(message_type, data):
    message = message_type()
    _fill(data, message)
    expected = json.dumps(
        json_format.MessageToDict(message), separators=(",", ":"), ensure_ascii=False
    )
    assert protojson.dumps(message) == expected


@given(data=st.data())
def test_standard_body_is_the_envelope_of_message_to_dict(data):
    event = epb.Event()
    _fill(data, event)
    when = event.create_time.ToDatetime(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    envelope = {"type": event.type, "timestamp": when, "data": json_format.MessageToDict(event)}
    expected = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
    assert payloads.standard_body(event) == expected


# -- configuration -----------------------------------------------------------------------


def test_notifier_config_from_file_and_env(tmp_path):
    path = tmp_path / "nexus.toml"
    path.write_text(
        'db = "x.db"\n[notifier]\nretry_schedule_s = [0, 1, 2]\nallowlist = ["10.0.0.0/8"]\n'
    )
    cfg = config_mod.load(
        path, env={"NEXUS_NOTIFIER_TIMEOUT_S": "7", "NEXUS_NOTIFIER_IN_PROCESS": "no"}
    )
    assert cfg.notifier.retry_schedule_s == (0, 1, 2)
    assert cfg.notifier.allowlist == ("10.0.0.0/8",)
    assert cfg.notifier.timeout_s == 7.0
    assert cfg.notifier.in_process is False
    env = {"NEXUS_NOTIFIER_ALLOWLIST": "a.example, 10.0.0.0/8"}
    assert config_mod.load(None, env=env).notifier.allowlist == ("a.example", "10.0.0.0/8")


def test_notifier_config_rejects_short_lease(tmp_path):
    path = tmp_path / "nexus.toml"
    path.write_text("[notifier]\nlease_s = 5\n")
    with pytest.raises(ValueError, match="lease_s"):
        config_mod.load(path, env={})
    path.write_text("[notifier]\nbogus = 1\n")
    with pytest.raises(ValueError, match="bogus"):
        config_mod.load(path, env={})


def test_hmac_helpers_match_stdlib():
    body = b"{}"
    key = b"k" * 32
    expected = base64.b64encode(hmac.new(key, b"i.1.{}", hashlib.sha256).digest()).decode()
    assert signing.sign_v1(key, "i", 1, body) == "v1," + expected


def test_traceparent_parsing():
    from nexus import tracing

    good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    assert tracing.trace_id(good) == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert tracing.trace_id(good.upper()) == "4bf92f3577b34da6a3ce929d0e0e4736"
    for bad in (
        "",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "garbage",
    ):
        assert tracing.trace_id(bad) is None
