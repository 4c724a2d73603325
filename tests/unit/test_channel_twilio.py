"""The ``twilio`` profile: signatures against twilio-python's vectors and its own validator,
inbound webhooks and status callbacks, and sending through nexus's egress client to a
local stand-in of the Messages API that Twilio's own client accepts as the real thing."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio_standin import TwilioStandin

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    BadSignature,
    ChannelConfig,
    InboundRequest,
    Outbound,
    Profile,
    ReceiptState,
)
from nexus.channels.twilio import (
    EMPTY_TWIML,
    TwilioProfile,
    error_message,
    form_params,
    judge,
    receipt_state,
    signature,
    url_variants,
    valid_address,
)
from nexus.config import NotifierConfig
from nexus.egress.client import EgressClient, Outcome
from nexus.notifier.channels import PROVIDER_BODY_LIMIT

PROFILE = TwilioProfile()
ACCOUNT = "AC" + "a1" * 16
TOKEN = "f" * 32
PUBLIC = "https://contact.example.com"
CHANNEL = ChannelConfig(
    name="channels/sms1",
    kind=1,
    sender_id="+15005550006",
    account_id=ACCOUNT,
    credentials=TOKEN,
    public_url=PUBLIC,
)
MESSAGES_URL = f"{PUBLIC}/v1/channels/sms1/inbound/messages"
STATUS_URL = f"{PUBLIC}/v1/channels/sms1/inbound/status"
SID = "SM" + "0123456789abcdef" * 2


def request(
    params: list[tuple[str, str]],
    topic: str = "messages",
    *,
    signed_url: str | None = None,
    urls: tuple[str, ...] | None = None,
    token: str = TOKEN,
    sig: str | None = None,
) -> InboundRequest:
    """A request as Twilio would post it: the form body and its signature."""
    default = MESSAGES_URL if topic == "messages" else STATUS_URL
    signed_url = signed_url or default
    header = sig if sig is not None else signature(token, signed_url, params)
    return InboundRequest(
        topic=topic,
        urls=urls or (default,),
        headers={"x-twilio-signature": header},
        content_type="application/x-www-form-urlencoded",
        body=urlencode(params).encode("ascii"),
    )


def sms(**extra: str) -> list[tuple[str, str]]:
    """An inbound SMS's form fields, as Twilio sends them (``None``-free overrides)."""
    fields = {
        "ToCountry": "US",
        "SmsMessageSid": SID,
        "NumMedia": "0",
        "SmsSid": SID,
        "SmsStatus": "received",
        "Body": "Hello, I need help",
        "To": "+15005550006",
        "NumSegments": "1",
        "MessageSid": SID,
        "AccountSid": ACCOUNT,
        "From": "+14155550100",
        "ApiVersion": "2010-04-01",
    }
    fields.update(extra)
    return [(k, v) for k, v in fields.items() if v != "<drop>"]


def status(message_status: str, **extra: str) -> list[tuple[str, str]]:
    fields = {
        "AccountSid": ACCOUNT,
        "From": "+15005550006",
        "To": "+14155550100",
        "MessageSid": SID,
        "SmsSid": SID,
        "SmsStatus": message_status,
        "MessageStatus": message_status,
        "ApiVersion": "2010-04-01",
    }
    fields.update(extra)
    return list(fields.items())


def test_profile_shape():
    profile: Profile = PROFILE  # the protocol is satisfied statically, too
    assert profile.name == "twilio"
    assert profile.supports_typing is False


# -- signature vectors (twilio-python's tests, channel-providers.md §1.3) --------------------

VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = [
    ("CallSid", "CA1234567890ABCDE"),
    ("Caller", "+14158675309"),
    ("Digits", "1234"),
    ("From", "+14158675309"),
    ("To", "+18005551212"),
]
BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


@pytest.mark.parametrize(
    "url, params, expected",
    [
        (VECTOR_URL, VECTOR_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        (
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            VECTOR_PARAMS,
            "kvajT1Ptam85bY51eRf/AJRuM3w=",
        ),
        (
            "http://mycompany.com:80/myapp.php?foo=1&bar=2",
            VECTOR_PARAMS,
            "0ZXoZLH/DfblKGATFgpif+LLRf4=",
        ),
        (
            "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
            VECTOR_PARAMS,
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
        ),
        # Several values of one name are each signed, in sorted order; "Sid" < "SidAccount".
        (
            VECTOR_URL,
            [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")],
            "IK+Dwps556ElfBT0I3Rgjkr1wJU=",
        ),
        # A JSON body: Twilio signs the URL carrying the body's hash, with no parameters.
        (f"{VECTOR_URL}&bodySHA256={BODY_HASH}", [], "a9nBmqA0ju/hNViExpshrM61xv4="),
    ],
)
def test_signature_vectors(url, params, expected):
    assert signature("12345", url, params) == expected
    # Order of the fields on the wire does not matter, only their sorted order.
    assert signature("12345", url, list(reversed(params))) == expected


def test_url_variants_add_or_remove_the_default_port_only():
    assert url_variants(VECTOR_URL) == [
        VECTOR_URL,
        "https://mycompany.com:443/myapp.php?foo=1&bar=2",
    ]
    assert url_variants("https://mycompany.com:443/a?b=:1") == [
        "https://mycompany.com:443/a?b=:1",
        "https://mycompany.com/a?b=:1",
    ]
    assert url_variants("http://h:80") == ["http://h:80", "http://h"]
    assert url_variants("https://h:8443/a") == ["https://h:8443/a"]
    assert url_variants("https://[::1]/a") == ["https://[::1]/a", "https://[::1]:443/a"]
    # The query is kept byte for byte: re-encoding it would change what was signed.
    assert url_variants("https://h/a?x=%2F+y")[1] == "https://h:443/a?x=%2F+y"


@pytest.mark.parametrize(
    "signed_url",
    [
        "https://contact.example.com/v1/channels/sms1/inbound/messages",
        "https://contact.example.com:443/v1/channels/sms1/inbound/messages",
    ],
)
def test_parse_accepts_the_url_with_or_without_default_port(signed_url):
    parsed = PROFILE.parse(CHANNEL, request(sms(), signed_url=signed_url))
    assert parsed.messages[0].external_message_id == SID


def test_parse_tries_every_candidate_url():
    behind_proxy = "https://internal.example.net:8443/v1/channels/sms1/inbound/messages"
    req = request(sms(), signed_url=behind_proxy, urls=(MESSAGES_URL, behind_proxy))
    assert PROFILE.parse(CHANNEL, req).messages[0].external_message_id == SID


# -- property: Twilio's own validator signs, parse agrees; any change is refused -------------

RESERVED = re.compile(
    r"(MessageSid|From|Body|AccountSid|NumMedia|ProfileName|MediaUrl\d+|MediaContentType\d+)\Z"
)
names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
    lambda n: not RESERVED.match(n)
)
values = st.text(st.characters(codec="utf-8"), max_size=30)
tokens = st.text("0123456789abcdef", min_size=32, max_size=32)


@st.composite
def signed_requests(draw):
    """A Twilio-shaped inbound message with random extra fields, signed by twilio-python."""
    token = draw(tokens)
    extra = draw(st.dictionaries(names, values, max_size=8))
    params = {
        "MessageSid": SID,
        "AccountSid": ACCOUNT,
        "From": draw(st.sampled_from(["+14155550100", "whatsapp:+447700900123", "12345"])),
        "Body": draw(values),
        **extra,
    }
    url = draw(st.sampled_from([MESSAGES_URL, MESSAGES_URL + "?q=a%20b&r=1"]))
    sig = RequestValidator(token).compute_signature(url, params)
    channel = ChannelConfig(name="channels/sms1", kind=1, account_id=ACCOUNT, credentials=token)
    req = InboundRequest(
        topic="messages",
        urls=(url,),
        headers={"x-twilio-signature": sig},
        content_type="application/x-www-form-urlencoded",
        body=urlencode(params).encode("utf-8"),
    )
    return channel, req, params


def one_byte_changed(draw, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data) - 1))
    b = draw(st.integers(0, 255).filter(lambda b: b != data[i]))
    return data[:i] + bytes([b]) + data[i + 1 :]


def decoded(body: bytes) -> list[tuple[str, str]] | None:
    try:
        return sorted(form_params(body))
    except BadSignature:
        return None


SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(signed_requests())
def test_signed_by_twilio_python_is_accepted(case):
    channel, req, params = case
    parsed = PROFILE.parse(channel, req)
    (message,) = parsed.messages
    assert message.text == params["Body"]
    assert message.customer_address == params["From"]


@SETTINGS
@given(signed_requests(), st.data())
def test_any_one_byte_change_of_body_is_refused(case, data):
    channel, req, _ = case
    body = one_byte_changed(data.draw, req.body)
    # Hex case in a %-escape ("%2f"/"%2F") or "+" for a space decode to the same fields:
    # Twilio signs decoded fields, so those are the same request.
    assume(decoded(body) != decoded(req.body))
    with pytest.raises(BadSignature):
        PROFILE.parse(channel, InboundRequest(req.topic, req.urls, req.headers, "", body))


@SETTINGS
@given(signed_requests(), st.data())
def test_any_one_byte_change_of_url_is_refused(case, data):
    channel, req, _ = case
    url = one_byte_changed(data.draw, req.urls[0].encode()).decode("latin-1")
    with pytest.raises(BadSignature):
        PROFILE.parse(channel, InboundRequest(req.topic, (url,), req.headers, "", req.body))


@SETTINGS
@given(signed_requests(), st.data())
def test_any_one_byte_change_of_token_is_refused(case, data):
    channel, req, _ = case
    token = one_byte_changed(data.draw, channel.credentials.encode()).decode("latin-1")
    other = ChannelConfig(name=channel.name, kind=1, account_id=ACCOUNT, credentials=token)
    with pytest.raises(BadSignature):
        PROFILE.parse(other, req)


def test_separator_swap_is_refused():
    """``a=b`` -> ``a&b`` signs the same string ("ab"); strict parsing refuses it."""
    params = [*sms(), ("Zz", "zz")]
    req = request(params)
    body = req.body.replace(b"Zz=zz", b"Zz&zz")
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, InboundRequest(req.topic, req.urls, req.headers, "", body))


# -- refusals --------------------------------------------------------------------------------


def test_missing_or_wrong_signature_is_refused():
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, request(sms(), sig=""))
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, request(sms(), token="another-token"))
    req = request(sms())
    no_header = InboundRequest(req.topic, req.urls, {}, req.content_type, req.body)
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, no_header)
    # Not ASCII, not base64: a refusal, not a TypeError from compare_digest.
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, request(sms(), sig="sïgnature"))


def test_channel_without_token_refuses_everything():
    channel = ChannelConfig(name="channels/sms1", kind=1, account_id=ACCOUNT)
    with pytest.raises(BadSignature):
        PROFILE.parse(channel, request(sms(), token=""))


def test_other_account_is_refused_even_when_signed():
    with pytest.raises(BadSignature, match="AccountSid"):
        PROFILE.parse(CHANNEL, request(sms(AccountSid="AC" + "b" * 32)))
    with pytest.raises(BadSignature, match="AccountSid"):
        PROFILE.parse(CHANNEL, request(sms(AccountSid="<drop>")))
    # A channel without an account id takes any AccountSid its token signs.
    anonymous = ChannelConfig(name="channels/sms1", kind=1, credentials=TOKEN)
    assert PROFILE.parse(anonymous, request(sms(AccountSid="AC" + "b" * 32))).messages


def test_body_that_is_not_utf8_is_refused():
    req = request(sms())
    body = req.body + b"&X=%FF"
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, InboundRequest(req.topic, req.urls, req.headers, "", body))


def test_unknown_fields_are_signed_too():
    extra = sms(ReferralCtwaClid="ARAkLkA8rmlFeiCktEJQ", NewTwilioField="x")
    assert PROFILE.parse(CHANNEL, request(extra)).messages
    # Signed without the field Twilio added: refused, so unknown fields are in the check.
    sig = signature(TOKEN, MESSAGES_URL, [p for p in extra if p[0] != "NewTwilioField"])
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, request(extra, sig=sig))


# -- inbound messages ------------------------------------------------------------------------


def test_inbound_sms():
    parsed = PROFILE.parse(CHANNEL, request(sms()))
    (message,) = parsed.messages
    assert message.external_message_id == SID
    assert message.customer_address == "+14155550100"
    assert message.text == "Hello, I need help"
    assert message.display_name == ""
    assert message.attachments == ()
    assert message.provider_time_us is None
    assert parsed.receipts == ()
    assert parsed.reply_content_type == "text/xml"
    assert parsed.reply_body == EMPTY_TWIML
    assert parsed.reply_body == b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def test_inbound_whatsapp_with_media():
    media = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/ME0a1"
    parsed = PROFILE.parse(
        CHANNEL,
        request(
            sms(
                From="whatsapp:+447700900123",
                To="whatsapp:+15005550006",
                ProfileName="Ada Lovelace",
                WaId="447700900123",
                Body="",
                NumMedia="2",
                MediaUrl0=media,
                MediaContentType0="image/jpeg",
                MediaUrl1="https://media.example.com/",
                MediaContentType1="application/pdf",
            )
        ),
    )
    (message,) = parsed.messages
    assert message.customer_address == "whatsapp:+447700900123"
    assert message.display_name == "Ada Lovelace"
    assert message.text == ""
    assert [(a.filename, a.content_type, a.uri) for a in message.attachments] == [
        ("ME0a1", "image/jpeg", media),
        ("media-1", "application/pdf", "https://media.example.com/"),
    ]


@pytest.mark.parametrize("address", ["+14155550100", "whatsapp:+14155550100", "12345", "123456"])
def test_valid_senders(address):
    assert valid_address(address)
    assert PROFILE.parse(CHANNEL, request(sms(From=address))).messages[0].customer_address == (
        address
    )


@pytest.mark.parametrize(
    "address",
    ["4155550100", "+0123", "+1234567890123456", "whatsapp:123456", "1234", "1234567", "abc", " "],
)
def test_invalid_senders(address):
    assert not valid_address(address)


@pytest.mark.parametrize(
    "fields, violations",
    [
        (sms(MessageSid="<drop>"), ["MessageSid"]),
        (sms(From="<drop>"), ["From"]),
        (sms(From="<drop>", MessageSid="<drop>"), ["MessageSid", "From"]),
        (sms(From="not-a-number"), ["From"]),
        (sms(From="whatsapp:12"), ["From"]),
        (sms(Body="x" * 1601), ["Body"]),
        (sms(NumMedia="2", MediaUrl0="https://m.example/1"), ["NumMedia"]),
        (sms(NumMedia="two"), ["NumMedia"]),
        (sms(NumMedia="1", MediaUrl1="https://m.example/1"), ["MediaUrl"]),
        ([*sms(), ("From", "+14155550199")], ["From"]),
    ],
)
def test_bad_payload_names_the_form_fields(fields, violations):
    with pytest.raises(BadPayload) as raised:
        PROFILE.parse(CHANNEL, request(fields))
    assert [field for field, _ in raised.value.violations] == violations


def test_body_of_exactly_1600_characters_is_fine():
    assert PROFILE.parse(CHANNEL, request(sms(Body="é" * 1600))).messages[0].text == "é" * 1600


def test_unknown_topic():
    with pytest.raises(BadPayload) as raised:
        PROFILE.parse(
            CHANNEL, request(sms(), topic="typing", signed_url=MESSAGES_URL, urls=(MESSAGES_URL,))
        )
    assert raised.value.violations[0][0] == "topic"


# -- status callbacks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message_status, state",
    [
        ("accepted", None),
        ("scheduled", None),
        ("queued", None),
        ("sending", None),
        ("partially_delivered", None),
        ("receiving", None),
        ("received", None),
        ("sent", ReceiptState.SENT),
        ("delivered", ReceiptState.DELIVERED),
        ("read", ReceiptState.READ),
        ("undelivered", ReceiptState.FAILED),
        ("failed", ReceiptState.FAILED),
        ("canceled", ReceiptState.FAILED),
    ],
)
def test_every_message_status(message_status, state):
    assert receipt_state(message_status) is state
    parsed = PROFILE.parse(CHANNEL, request(status(message_status), topic="status"))
    assert parsed.messages == ()
    assert parsed.reply_content_type == "text/plain"
    assert parsed.reply_body == b""
    if state is None:
        assert parsed.receipts == ()
    else:
        (receipt,) = parsed.receipts
        assert receipt.state is state
        assert receipt.provider_message_id == SID


def test_failure_codes_are_explained():
    parsed = PROFILE.parse(
        CHANNEL, request(status("undelivered", ErrorCode="30003"), topic="status")
    )
    (receipt,) = parsed.receipts
    assert (receipt.state, receipt.error_code, receipt.error_message) == (
        ReceiptState.FAILED,
        "30003",
        "Unreachable destination handset",
    )
    for code in ("30005", "30006", "30007", "21610", "21211"):
        assert not error_message(code).startswith("Twilio error")
    assert error_message("12345") == "Twilio error 12345"
    assert error_message("63999", "Recipient is not a WhatsApp user") == (
        "Recipient is not a WhatsApp user"
    )
    (receipt,) = PROFILE.parse(
        CHANNEL, request(status("failed", ErrorCode="99999"), topic="status")
    ).receipts
    assert receipt.error_message == "Twilio error 99999"
    (receipt,) = PROFILE.parse(CHANNEL, request(status("canceled"), topic="status")).receipts
    assert receipt.error_code == ""
    assert "anceled" in receipt.error_message


def test_whatsapp_read():
    fields = status("read", EventType="READ", ChannelPrefix="whatsapp")
    (receipt,) = PROFILE.parse(CHANNEL, request(fields, topic="status")).receipts
    assert receipt.state is ReceiptState.READ


@pytest.mark.parametrize(
    "fields, violation",
    [
        (status("exploded"), "MessageStatus"),
        ([p for p in status("sent") if p[0] != "MessageStatus"], "MessageStatus"),
        ([p for p in status("sent") if p[0] != "MessageSid"], "MessageSid"),
    ],
)
def test_bad_status_callbacks(fields, violation):
    with pytest.raises(BadPayload) as raised:
        PROFILE.parse(CHANNEL, request(fields, topic="status"))
    assert violation in [f for f, _ in raised.value.violations]


def test_status_callback_signature_is_checked():
    with pytest.raises(BadSignature):
        PROFILE.parse(CHANNEL, request(status("delivered"), topic="status", token="x"))


# -- judging answers (pure) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome, ok, retry, code",
    [
        (Outcome(201, b'{"sid": "SMabc", "status": "queued"}'), True, False, ""),
        (Outcome(200, b"{}"), False, False, "no_sid"),
        (Outcome(201, b"not json"), False, False, "no_sid"),
        (Outcome(201, b'{"body": "cut here, "sid": "SM' + b"a" * 32 + b'", "st'), True, False, ""),
        (Outcome(429, b"", error_class="http_status", retry_after="3"), False, True, "20429"),
        (Outcome(503, b"<html>", error_class="http_status"), False, True, "http_503"),
        (Outcome(500, b'{"code": 20500}', error_class="http_status"), False, True, "20500"),
        (Outcome(404, b"not found", error_class="http_status"), False, False, "http_404"),
        (Outcome(302, b"", error_class="http_status"), False, False, "http_302"),
        (Outcome(error_class="timeout", error="timed out"), False, True, "timeout"),
        (Outcome(error_class="connect", error="refused"), False, True, "connect"),
        (Outcome(error_class="dns", error="nxdomain"), False, True, "dns"),
        (Outcome(error_class="tls", error="bad cert"), False, True, "tls"),
        (Outcome(error_class="protocol", error="reset"), False, True, "protocol"),
        (Outcome(error_class="ssrf_refused", error="10.0.0.1"), False, False, "ssrf_refused"),
    ],
)
def test_judge(outcome, ok, retry, code):
    result = judge(outcome)
    assert (result.ok, result.retry, result.error_code) == (ok, retry, code)
    assert result.status_code == outcome.status_code
    assert result.retry_after == outcome.retry_after


def test_judge_reads_twilio_error_json():
    body = (
        b'{"code": 21211, "message": "Invalid \'To\' Phone Number: +1555", '
        b'"more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}'
    )
    result = judge(Outcome(400, body, latency_us=1234, error_class="http_status"))
    assert (result.ok, result.retry, result.error_code, result.latency_us) == (
        False,
        False,
        "21211",
        1234,
    )
    assert result.error_message == "Invalid 'To' Phone Number: +1555"


# -- the stand-in, checked with Twilio's own client -----------------------------------------


@pytest.fixture
async def standin(ca) -> AsyncIterator[TwilioStandin]:
    s = await TwilioStandin(ca, account_sid=ACCOUNT, auth_token=TOKEN).start()
    try:
        yield s
    finally:
        await s.stop()


def twilio_client(standin: TwilioStandin, ca_file: str, token: str = TOKEN) -> Client:
    http = TwilioHttpClient()
    assert http.session is not None
    http.session.verify = ca_file
    http.session.trust_env = False  # no proxy, no REQUESTS_CA_BUNDLE from the environment
    client = Client(standin.account_sid, token, http_client=http, environment={})
    client.api.base_url = standin.url
    return client


async def test_twilio_client_sends_through_the_standin(standin, ca_file):
    client = twilio_client(standin, ca_file)
    # The twilio client blocks (requests): off the loop, which serves the stand-in.
    message = await asyncio.to_thread(
        client.messages.create,
        to="+14155550100",
        from_="+15005550006",
        body="Hello from the agent",
        media_url=["https://files.example.com/a.png"],
        status_callback="https://contact.example.com/v1/channels/sms1/inbound/status",
    )
    (recorded,) = standin.messages
    assert message.sid == recorded["sid"]
    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert message.status == "queued"
    assert message.direction == "outbound-api"
    assert message.to == "+14155550100"
    assert message.from_ == "+15005550006"
    assert message.body == "Hello from the agent"
    assert message.num_segments == "1"
    assert message.num_media == "1"
    assert message.account_sid == ACCOUNT
    assert message.error_code is None
    assert message.date_created is not None and message.date_created.tzinfo is not None
    assert recorded["To"] == "+14155550100"
    assert recorded["From"] == "+15005550006"
    assert recorded["MediaUrl"] == ["https://files.example.com/a.png"]


async def test_twilio_client_sees_standin_errors(standin, ca_file):
    with pytest.raises(TwilioRestException) as raised:
        await asyncio.to_thread(
            twilio_client(standin, ca_file, token="wrong").messages.create,
            to="+14155550100",
            from_="+15005550006",
            body="x",
        )
    assert (raised.value.status, raised.value.code) == (401, 20003)
    client = twilio_client(standin, ca_file)
    with pytest.raises(TwilioRestException) as raised:
        await asyncio.to_thread(client.messages.create, to="555", from_="+15005550006", body="x")
    assert (raised.value.status, raised.value.code) == (400, 21211)
    with pytest.raises(TwilioRestException) as raised:
        await asyncio.to_thread(client.messages.create, to="+14155550100", body="x")
    assert (raised.value.status, raised.value.code) == (400, 21603)
    with pytest.raises(TwilioRestException) as raised:
        await asyncio.to_thread(
            client.messages.create, to="+14155550100", from_="+15005550006", body="x" * 1601
        )
    assert (raised.value.status, raised.value.code) == (400, 21617)
    assert standin.messages == []
    assert standin.requests == 4


# -- sending through nexus's egress client to the stand-in ----------------------------------


@pytest.fixture
async def egress(ca_file) -> AsyncIterator[EgressClient]:
    client = EgressClient(NotifierConfig(allowlist=("127.0.0.1/32",), ca_file=ca_file))
    try:
        yield client
    finally:
        await client.close()


def channel_for(standin: TwilioStandin, **overrides: Any) -> ChannelConfig:
    base = ChannelConfig(
        name="channels/sms1",
        kind=1,
        outbound_url=standin.url,
        sender_id="+15005550006",
        account_id=standin.account_sid,
        credentials=standin.auth_token,
        public_url=PUBLIC + "/",
    )
    return dataclasses.replace(base, **overrides)


def outbound(to: str = "+14155550100", text: str = "Your order has shipped", **kw) -> Outbound:
    return Outbound(
        message="interactions/i1/messages/m1",
        interaction="interactions/i1",
        channel="channels/sms1",
        to=to,
        text=text,
        **kw,
    )


async def test_send_stores_the_sid(standin, egress):
    item = outbound(
        attachments=(
            AttachmentMeta("a.png", "image/png", "https://files.example.com/a.png"),
            AttachmentMeta("b.pdf", "application/pdf", "https://files.example.com/b.pdf"),
        )
    )
    result = await PROFILE.send(channel_for(standin), item, egress.post, 10.0)
    (recorded,) = standin.messages
    assert result.ok and not result.retry
    assert result.provider_message_id == recorded["sid"]
    assert result.status_code == 201
    assert result.latency_us > 0
    assert recorded["To"] == "+14155550100"
    assert recorded["From"] == "+15005550006"
    assert recorded["Body"] == "Your order has shipped"
    assert recorded["MediaUrl"] == [
        "https://files.example.com/a.png",
        "https://files.example.com/b.pdf",
    ]
    assert recorded["StatusCallback"] == STATUS_URL


async def test_send_through_a_messaging_service(standin, egress):
    service = "MG" + "0" * 32
    channel = channel_for(standin, sender_id=service, public_url="")
    result = await PROFILE.send(channel, outbound(), egress.post, 10.0)
    assert result.ok
    (recorded,) = standin.messages
    assert recorded["MessagingServiceSid"] == service
    assert "From" not in recorded
    assert "StatusCallback" not in recorded


async def test_send_retries_on_5xx_then_succeeds(standin, egress):
    standin.fail_next(1, 500)
    channel = channel_for(standin)
    first = await PROFILE.send(channel, outbound(), egress.post, 10.0)
    assert (first.ok, first.retry, first.status_code, first.error_code) == (
        False,
        True,
        500,
        "20500",
    )
    assert standin.messages == []
    second = await PROFILE.send(channel, outbound(), egress.post, 10.0)
    assert second.ok
    assert second.provider_message_id == standin.messages[0]["sid"]


async def test_send_retries_on_429_with_retry_after(standin, egress):
    standin.fail_next(1, 429, retry_after="7")
    result = await PROFILE.send(channel_for(standin), outbound(), egress.post, 10.0)
    assert (result.ok, result.retry, result.status_code) == (False, True, 429)
    assert result.error_code == "20429"
    assert result.retry_after == "7"


async def test_send_bad_to_is_final(standin, egress):
    result = await PROFILE.send(channel_for(standin), outbound(to="555"), egress.post, 10.0)
    assert (result.ok, result.retry, result.status_code) == (False, False, 400)
    assert result.error_code == "21211"
    assert "Invalid 'To'" in result.error_message
    assert standin.messages == []


async def test_send_bad_token_is_final(standin, egress):
    channel = channel_for(standin, credentials="not-the-token")
    result = await PROFILE.send(channel, outbound(), egress.post, 10.0)
    assert (result.ok, result.retry, result.status_code, result.error_code) == (
        False,
        False,
        401,
        "20003",
    )


async def test_typing_sends_nothing(standin, egress):
    item = outbound(text="", typing=True)
    result = await PROFILE.send(channel_for(standin), item, egress.post, 10.0)
    assert result.ok
    assert standin.requests == 0


async def test_send_without_credentials_or_with_too_much_media_sends_nothing(standin, egress):
    result = await PROFILE.send(channel_for(standin, credentials=""), outbound(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "config")
    media = tuple(
        AttachmentMeta(f"{n}.png", "image/png", f"https://f.example/{n}") for n in range(11)
    )
    result = await PROFILE.send(
        channel_for(standin), outbound(attachments=media), egress.post, 10.0
    )
    assert (result.ok, result.retry, result.error_code) == (False, False, "media_limit")
    assert standin.requests == 0


async def test_send_to_a_refused_address_is_final(standin, egress):
    channel = channel_for(standin, outbound_url="https://10.0.0.1")
    result = await PROFILE.send(channel, outbound(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "ssrf_refused")


async def test_send_to_a_closed_port_is_retried(ca, egress):
    gone = await TwilioStandin(ca, account_sid=ACCOUNT, auth_token=TOKEN).start()
    await gone.stop()
    result = await PROFILE.send(channel_for(gone), outbound(), egress.post, 10.0)
    assert (result.ok, result.retry, result.error_code) == (False, True, "connect")


async def test_long_non_ascii_body_keeps_its_sid(standin, egress):
    # Twilio's keys are alphabetical: a long non-ASCII echo of the text comes before the
    # sid, past the 4 KiB the egress client keeps of a webhook's answer. The channel
    # sender reads more of a provider's answer; with the webhook cap the sid would be lost.
    post = functools.partial(egress.post, body_limit=PROVIDER_BODY_LIMIT)
    result = await PROFILE.send(channel_for(standin), outbound(text="é" * 1600), post, 10.0)
    assert len(standin.messages) == 1
    assert result.ok, result
