"""Property-based tests of the pure channel rules (``nexus.domain.channels``).

The delivery state of an outbound message is checked against a closed-form model of the
documented order, written independently of ``advances``: ACCEPTED < SENT < DELIVERED < READ,
FAILED only from ACCEPTED or SENT, nothing leaves FAILED. Receipts arrive in any order and
any number of times; the state never moves backwards and every timestamp is set once.

``NEXUS_FUZZ_EXAMPLES`` raises the number of examples (CI runs a small derandomized budget).
"""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.domain import channels as rules
from nexus.domain import validation as val
from nexus.domain.errors import Violations
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import interaction_pb2 as ipb

EXAMPLES = int(os.environ.get("NEXUS_FUZZ_EXAMPLES", "150"))
BIG = "NEXUS_FUZZ_EXAMPLES" in os.environ
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=not BIG,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

D = ipb.MessageDeliveryState
K = cpb.ChannelKind
ACCEPTED = D.MESSAGE_DELIVERY_STATE_ACCEPTED
SENT = D.MESSAGE_DELIVERY_STATE_SENT
DELIVERED = D.MESSAGE_DELIVERY_STATE_DELIVERED
READ = D.MESSAGE_DELIVERY_STATE_READ
FAILED = D.MESSAGE_DELIVERY_STATE_FAILED
UNSPECIFIED = D.MESSAGE_DELIVERY_STATE_UNSPECIFIED

# The documented order (interaction.proto, MessageDelivery.state); FAILED stands apart.
ORDER = {ACCEPTED: 1, SENT: 2, DELIVERED: 3, READ: 4}
RECEIPT_STATES = [SENT, DELIVERED, READ, FAILED]
STAMP = {SENT: "send_time", DELIVERED: "deliver_time", READ: "read_time", FAILED: "fail_time"}
KINDS = [k for k in K.values() if k]

states = st.sampled_from(RECEIPT_STATES)
start_states = st.sampled_from([ACCEPTED, SENT, DELIVERED, READ, FAILED])


def expected_final(start: int, receipts: list[int]) -> int:
    """Closed form: FAILED wins when it arrives while the message is still on its way (no
    DELIVERED/READ seen before it); otherwise the highest state by the order."""
    if start == FAILED:
        return FAILED
    if FAILED in receipts:
        first = receipts.index(FAILED)
        before = max(ORDER[s] for s in [start, *receipts[:first]])
        if before <= ORDER[SENT]:
            return FAILED
    return max([start, *(s for s in receipts if s != FAILED)], key=ORDER.__getitem__)


def delivery_in(state: int) -> ipb.MessageDelivery:
    d = ipb.MessageDelivery(state=state)
    d.accept_time.FromMicroseconds(1_000)
    if state in STAMP:
        getattr(d, STAMP[state]).FromMicroseconds(2_000)
    return d


# -- advances ------------------------------------------------------------------------------


@PROPERTY
@given(current=start_states | st.just(UNSPECIFIED), new=states | st.sampled_from([0, 1, 99]))
def test_advances_is_the_documented_order(current, new):
    moved = rules.advances(current, new)
    if current in (FAILED, new):
        assert not moved, "nothing leaves FAILED, a repeat changes nothing"
    elif new == FAILED:
        assert moved == (current in (ACCEPTED, SENT))
    elif new in ORDER and current in ORDER:
        assert moved == (ORDER[new] > ORDER[current])
    if new not in ORDER and new != FAILED:
        assert not moved, f"{new} is not a state a message moves to"
    if moved and current in ORDER and new in ORDER:
        assert not rules.advances(new, current), "antisymmetric"


def test_advances_table():
    forward = {(a, b) for a in ORDER for b in ORDER if ORDER[b] > ORDER[a]}
    forward |= {(ACCEPTED, FAILED), (SENT, FAILED)}
    for a in [ACCEPTED, SENT, DELIVERED, READ, FAILED]:
        for b in [ACCEPTED, SENT, DELIVERED, READ, FAILED]:
            assert rules.advances(a, b) == ((a, b) in forward), (a, b)


# -- apply_delivery ------------------------------------------------------------------------


@PROPERTY
@given(start=start_states, receipts=st.lists(states, max_size=12))
def test_any_sequence_of_receipts_ends_in_the_highest_reachable_state(start, receipts):
    d = delivery_in(start)
    now = 10_000
    stamped: dict[str, int] = {
        f: getattr(d, f).ToMicroseconds() for f in STAMP.values() if d.HasField(f)
    }
    for new in receipts:
        now += 1
        before = d.state
        will = rules.advances(before, new)
        changed = rules.apply_delivery(d, new, now)
        assert changed == will
        if changed:
            assert d.state == new
            stamped[STAMP[new]] = now
        else:
            assert d.state == before
        # Never backwards: the rank only grows, and FAILED is terminal.
        if before == FAILED:
            assert d.state == FAILED
        elif d.state != FAILED:
            assert ORDER[d.state] >= ORDER[before]
        else:
            assert before in (ACCEPTED, SENT)
        # Every stamp set once, at the moment its state was entered; the others unset.
        for f in STAMP.values():
            if f in stamped:
                assert d.HasField(f) and getattr(d, f).ToMicroseconds() == stamped[f], f
            else:
                assert not d.HasField(f), f
        assert d.accept_time.ToMicroseconds() == 1_000
    assert d.state == expected_final(start, receipts)


@PROPERTY
@given(receipts=st.lists(st.sampled_from([SENT, DELIVERED, READ]), min_size=1, max_size=8))
def test_without_failures_the_order_of_arrival_does_not_matter(receipts):
    finals = set()
    for ordering in (receipts, list(reversed(receipts)), sorted(receipts)):
        d = delivery_in(ACCEPTED)
        for n, new in enumerate(ordering):
            rules.apply_delivery(d, new, 10_000 + n)
        finals.add(d.state)
    assert finals == {max([ACCEPTED, *receipts], key=ORDER.__getitem__)}


@PROPERTY
@given(
    start=start_states,
    receipts=st.lists(
        st.tuples(
            states,
            st.sampled_from(["", "SMa", "SMb", "p-1"]),
            st.text(max_size=80),
            st.text(max_size=1100),
        ),
        max_size=8,
    ),
)
def test_provider_id_is_kept_from_the_first_report_and_errors_only_on_failure(start, receipts):
    d = delivery_in(start)
    first_id = ""
    failed_with: tuple[str, str] | None = None
    for n, (new, provider_id, code, message) in enumerate(receipts):
        changed = rules.apply_delivery(d, new, 10_000 + n, provider_id, code, message)
        first_id = first_id or provider_id
        if changed and new == FAILED:
            failed_with = (code[:64], message[: rules.MAX_ERROR_MESSAGE])
    assert d.provider_message_id == first_id, "recorded once, whether or not the state moved"
    if failed_with is None:
        assert not d.error_code and not d.error_message
    else:
        assert (d.error_code, d.error_message) == failed_with
        assert len(d.error_code) <= 64 and len(d.error_message) <= rules.MAX_ERROR_MESSAGE


def test_failed_is_terminal_and_a_delivered_message_cannot_fail():
    d = delivery_in(DELIVERED)
    assert not rules.apply_delivery(d, FAILED, 5, error_code="30003", error_message="x")
    assert d.state == DELIVERED and not d.HasField("fail_time") and not d.error_code
    d = delivery_in(SENT)
    assert rules.apply_delivery(d, FAILED, 5, error_code="30003", error_message="gone")
    for later in (SENT, DELIVERED, READ, FAILED):
        assert not rules.apply_delivery(d, later, 6)
    assert d.state == FAILED and d.fail_time.ToMicroseconds() == 5 and d.error_code == "30003"


def test_apply_delivery_of_accepted_to_a_fresh_delivery_does_not_crash():
    d = ipb.MessageDelivery()
    assert rules.advances(UNSPECIFIED, ACCEPTED)
    assert rules.apply_delivery(d, ACCEPTED, 7)
    assert d.state == ACCEPTED and d.accept_time.ToMicroseconds() == 7


# -- customer addresses ----------------------------------------------------------------------

DIGITS = string.digits
e164 = st.builds(
    lambda first, rest: f"+{first}{rest}",
    st.sampled_from("123456789"),
    st.text(alphabet=DIGITS, min_size=1, max_size=14),
)
short_code = st.text(alphabet=DIGITS, min_size=5, max_size=6)
local_part = st.text(alphabet=string.ascii_letters + DIGITS + "._+-", min_size=1, max_size=64)
label = st.text(alphabet=string.ascii_lowercase + DIGITS, min_size=1, max_size=20)
email = st.builds(lambda u, d, t: f"{u}@{d}.{t}", local_part, label, label)
control = st.sampled_from([chr(c) for c in [*range(0x20), 0x7F]])
handle = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(
        lambda c: not (ord(c) < 0x20 or c == "\x7f")
    ),
    min_size=1,
    max_size=256,
)

VALID = {
    K.CHANNEL_KIND_SMS: e164 | short_code,
    K.CHANNEL_KIND_EMAIL: email,
    K.CHANNEL_KIND_WHATSAPP: e164 | e164.map(lambda n: "whatsapp:" + n),
    K.CHANNEL_KIND_FACEBOOK: handle,
    K.CHANNEL_KIND_TWITTER: handle,
    K.CHANNEL_KIND_CUSTOM: handle,
}

ADDRESS_TABLE = [
    # (kind, address, accepted)
    (K.CHANNEL_KIND_SMS, "+14155550100", True),
    (K.CHANNEL_KIND_SMS, "+123456789012345", True),  # 15 digits: the longest E.164
    (K.CHANNEL_KIND_SMS, "+1234567890123456", False),
    (K.CHANNEL_KIND_SMS, "+04155550100", False),
    (K.CHANNEL_KIND_SMS, "14155550100", False),
    (K.CHANNEL_KIND_SMS, "+1 415 555 0100", False),
    (K.CHANNEL_KIND_SMS, "+14155550100\n", False),
    (K.CHANNEL_KIND_SMS, "+١٤١٥٥٥٥٠١٠٠", False),  # Arabic-Indic digits are not E.164
    (K.CHANNEL_KIND_SMS, "12345", True),
    (K.CHANNEL_KIND_SMS, "123456", True),
    (K.CHANNEL_KIND_SMS, "1234", False),
    (K.CHANNEL_KIND_SMS, "1234567", False),
    (K.CHANNEL_KIND_SMS, "whatsapp:+14155550100", False),
    (K.CHANNEL_KIND_WHATSAPP, "whatsapp:+14155550100", True),
    (K.CHANNEL_KIND_WHATSAPP, "+14155550100", True),
    (K.CHANNEL_KIND_WHATSAPP, "12345", False),
    (K.CHANNEL_KIND_WHATSAPP, "whatsapp:12345", False),
    (K.CHANNEL_KIND_WHATSAPP, "WhatsApp:+14155550100", False),
    (K.CHANNEL_KIND_EMAIL, "carla@mail.example", True),
    (K.CHANNEL_KIND_EMAIL, "Carla <carla@mail.example>", False),
    (K.CHANNEL_KIND_EMAIL, "carla@localhost", False),
    (K.CHANNEL_KIND_EMAIL, "carla@@mail.example", False),
    (K.CHANNEL_KIND_EMAIL, "car la@mail.example", False),
    (K.CHANNEL_KIND_EMAIL, "x" * 65 + "@mail.example", False),
    (K.CHANNEL_KIND_CUSTOM, "user:42", True),
    (K.CHANNEL_KIND_CUSTOM, "日本 🙂", True),
    (K.CHANNEL_KIND_CUSTOM, "a\x00b", False),
    (K.CHANNEL_KIND_FACEBOOK, "psid-123", True),
    (K.CHANNEL_KIND_TWITTER, "@nexus", True),
    (K.CHANNEL_KIND_TWITTER, "x" * 256, True),
    (K.CHANNEL_KIND_TWITTER, "x" * 257, False),
]


@pytest.mark.parametrize(("kind", "address", "accepted"), ADDRESS_TABLE)
def test_customer_address_table(kind, address, accepted):
    problem = rules.customer_address(kind, address)
    assert (problem is None) == accepted, problem


@PROPERTY
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_customer_address_accepts_the_kind_s_forms(data, kind):
    address = data.draw(VALID[kind])
    assert rules.customer_address(kind, address) is None, address


@PROPERTY
@given(
    kind=st.sampled_from(KINDS),
    base=st.text(max_size=40),
    bad=control,
    at=st.integers(0, 40),
)
def test_customer_address_refuses_control_characters_empty_and_long(kind, base, bad, at):
    assert rules.customer_address(kind, "") == "required"
    with_control = base[:at] + bad + base[at:]
    assert rules.customer_address(kind, with_control) is not None
    long = "+1" + "5" * 255 if kind != K.CHANNEL_KIND_EMAIL else "a@" + "b" * 251 + ".com"
    assert len(long) > rules.MAX_ADDRESS
    assert rules.customer_address(kind, long) is not None


@PROPERTY
@given(address=st.text(max_size=30))
def test_sms_addresses_are_e164_or_short_codes_only(address):
    ok = rules.customer_address(K.CHANNEL_KIND_SMS, address) is None
    digits = address[1:] if address.startswith("+") else address
    looks = digits.isascii() and digits.isdigit()
    if ok:
        assert looks
        assert (address.startswith("+") and address[1] != "0" and 2 <= len(digits) <= 15) or (
            not address.startswith("+") and 5 <= len(digits) <= 6
        )


# -- media of a kind ---------------------------------------------------------------------------

MEDIA = {
    K.CHANNEL_KIND_SMS: (ipb.MEDIA_TYPE_SMS, 0),
    K.CHANNEL_KIND_EMAIL: (ipb.MEDIA_TYPE_EMAIL, 0),
    K.CHANNEL_KIND_WHATSAPP: (ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_WHATSAPP),
    K.CHANNEL_KIND_FACEBOOK: (
        ipb.MEDIA_TYPE_THIRD_PARTY,
        ipb.THIRD_PARTY_PLATFORM_FACEBOOK_PRIVATE,
    ),
    K.CHANNEL_KIND_TWITTER: (ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_TWITTER_PRIVATE),
    K.CHANNEL_KIND_CUSTOM: (ipb.MEDIA_TYPE_THIRD_PARTY, ipb.THIRD_PARTY_PLATFORM_CUSTOM),
}


def test_media_of_every_kind_is_the_documented_one():
    assert set(MEDIA) == set(KINDS), "a new ChannelKind needs its media here and in media_of"
    for kind, (media_type, platform) in MEDIA.items():
        media = rules.media_of(kind)
        assert (media.media_type, media.platform) == (media_type, platform), kind
        assert bool(media.custom_platform) == (platform == ipb.THIRD_PARTY_PLATFORM_CUSTOM)


@pytest.mark.parametrize("kind", KINDS, ids=[K.Name(k) for k in KINDS])
def test_media_of_makes_an_interaction_the_api_would_accept(kind):
    """A channel's interaction must pass the same rules as one made by CreateInteraction."""
    media = rules.media_of(kind)
    address = {K.CHANNEL_KIND_SMS: "+14155550100", K.CHANNEL_KIND_EMAIL: "c@mail.example"}
    i = ipb.Interaction(
        media_type=media.media_type,
        third_party_platform=media.platform,
        custom_platform=media.custom_platform,
        customer_address=address.get(kind, "handle"),
    )
    v = Violations()
    val.new_interaction(i, v)
    assert v.items == []


def test_every_kind_has_a_profile_and_typing_profiles_can_carry_it():
    for kind in KINDS:
        carriers = [p for p, kinds in rules.PROFILE_KINDS.items() if kind in kinds]
        assert cpb.CHANNEL_PROFILE_NEXUS in carriers, kind
    assert set(rules.PROFILE_KINDS) >= rules.RAW_INBOUND | rules.TYPING_PROFILES


# -- item rules name their item ----------------------------------------------------------------

wild_text = (
    st.text(max_size=40)
    | st.sampled_from(["", " ", "\x00", "a\nb", "é", "x" * 300, "x" * 1000])
    | st.integers(0, 40_000).map(lambda n: "y" * n)
)


@PROPERTY
@given(
    kind=st.sampled_from(KINDS),
    n=st.integers(0, 99),
    m=st.builds(
        cspb.InboundMessage,
        external_message_id=wild_text,
        customer_address=wild_text,
        display_name=wild_text,
        thread_id=wild_text,
        text=wild_text,
        subject=wild_text,
        attachments=st.lists(
            st.builds(
                ipb.Attachment,
                filename=wild_text,
                content_type=st.sampled_from(["", "image/png", "x"]),
                uri=st.sampled_from(["", "https://x.example/a", "http://x"]),
                size_bytes=st.integers(-5, 5),
            ),
            max_size=22,
        ),
    ),
)
def test_inbound_message_violations_name_the_item(kind, n, m):
    v = Violations()
    rules.inbound_message(kind, m, f"messages[{n}]", v)
    for item in v.items:
        assert item.field.startswith(f"messages[{n}]."), item
        assert "message." not in item.field, item
    fields = {i.field.removeprefix(f"messages[{n}].") for i in v.items}
    if len(m.text) > val.MAX_TEXT:
        assert "text" in fields
    if not m.external_message_id:
        assert "external_message_id" in fields
    if len(m.attachments) > val.MAX_ATTACHMENTS:
        assert "attachments" in fields


@PROPERTY
@given(
    n=st.integers(0, 99),
    r=st.builds(
        cspb.Receipt,
        message=wild_text | st.sampled_from(["interactions/a/messages/b", "interactions/a"]),
        provider_message_id=wild_text,
        state=st.sampled_from([0, 1, 2, 3, 4, 5, 6, 99]),
        error_code=wild_text,
        error_message=wild_text,
    ),
)
def test_receipt_violations_name_the_item(n, r):
    v = Violations()
    rules.receipt(r, f"receipts[{n}]", v)
    for item in v.items:
        assert item.field.startswith(f"receipts[{n}]."), item
    fields = {i.field.removeprefix(f"receipts[{n}].") for i in v.items}
    assert ("state" in fields) == (r.state not in (SENT, DELIVERED, READ, FAILED))
    assert ("error_message" in fields) == (len(r.error_message) > rules.MAX_ERROR_MESSAGE)
