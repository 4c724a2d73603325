"""Who may call what (nexus.domain.access): roles, origins, confining a chat session's
requests, and session tokens. Pure functions; the RPCs are tested in
tests/integration/test_access.py."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus.domain import access
from nexus.domain.errors import NotFound, PermissionDenied, Unauthenticated
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

SESSION = access.Session(
    tenant_id="t1",
    interaction_id="i1",
    customer="interactions/i1/participants/p1",
    key_id="k1",
    origin="https://shop.example",
    expire_us=2_000_000_000_000_000,
)
KEY = b"k" * 32


@pytest.mark.parametrize(
    ("given_origin", "normal"),
    [
        ("https://Shop.Example", "https://shop.example"),
        ("https://shop.example:443", "https://shop.example"),
        ("http://shop.example:80", "http://shop.example"),
        ("https://shop.example:8443", "https://shop.example:8443"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("https://shop.example/", None),  # a path
        ("https://shop.example?x", None),
        ("https://u@shop.example", None),
        ("ftp://shop.example", None),
        ("null", None),
        ("https://shop.example:99999", None),
        ("", None),
    ],
)
def test_origins_are_compared_as_browsers_send_them(given_origin, normal):
    assert access.normal_origin(given_origin) == normal


@given(st.text(max_size=60))
def test_any_text_is_an_origin_or_none_and_normal_stays_normal(text):
    normal = access.normal_origin(text)
    assert normal is None or access.normal_origin(normal) == normal


def test_a_widget_key_with_origins_admits_only_them():
    origins = ("https://shop.example",)
    access.check_origin(origins, "https://SHOP.example:443")
    access.check_origin((), None)  # no list: any caller
    for bad in ("https://evil.example", None, "null"):
        with pytest.raises(PermissionDenied) as info:
            access.check_origin(origins, bad)
        assert info.value.reason == "ORIGIN_NOT_ALLOWED"


def test_roles():
    send = "/nexus.v1.InteractionService/SendMessage"
    hooks = "/nexus.v1.WebhookService/ListWebhooks"
    keys = "/nexus.v1.AccessService/CreateApiKey"
    policy = "/nexus.v1.InteractionService/UpdateTimerPolicy"
    for method in (send, hooks, keys, policy, access.START_CHAT):
        access.authorize(method, access.ADMIN, None)
    access.authorize(send, access.AGENT, None)
    for method in (hooks, keys, policy, access.START_CHAT):
        with pytest.raises(PermissionDenied):
            access.authorize(method, access.AGENT, None)
    access.authorize(access.START_CHAT, access.WIDGET, None)
    with pytest.raises(PermissionDenied):
        access.authorize(send, access.WIDGET, None)  # a widget key: only through a session
    access.authorize(send, access.WIDGET, SESSION)
    with pytest.raises(PermissionDenied) as info:
        access.authorize(access.START_CHAT, access.WIDGET, SESSION)
    assert info.value.reason == "SESSION_NOT_ALLOWED"


def test_a_sessions_requests_are_confined_to_its_customer_and_interaction():
    send = ispb.SendMessageRequest(
        parent="interactions/i1",
        message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, internal=True, sender="x"),
        actor="the boss",
    )
    access.confine("/nexus.v1.InteractionService/SendMessage", send, SESSION)
    assert send.message.direction == ipb.DIRECTION_INBOUND and not send.message.internal
    assert send.message.sender == SESSION.customer == send.actor
    listing = ispb.ListMessagesRequest(parent="interactions/i1", exclude_internal=False)
    access.confine("/nexus.v1.InteractionService/ListMessages", listing, SESSION)
    assert listing.exclude_internal
    watch = espb.WatchEventsRequest()
    access.confine("/nexus.v1.EventService/WatchEvents", watch, SESSION)
    assert watch.interaction == "interactions/i1"
    typing = ispb.SendTypingRequest(name="interactions/i1", role=ipb.PARTICIPANT_ROLE_AGENT)
    access.confine("/nexus.v1.InteractionService/SendTyping", typing, SESSION)
    assert typing.role == ipb.PARTICIPANT_ROLE_CUSTOMER and typing.sender == SESSION.customer
    for method, request in [
        ("/nexus.v1.InteractionService/GetInteraction", ispb.GetInteractionRequest(name="interactions/i2")),
        ("/nexus.v1.InteractionService/GetMessage", ispb.GetMessageRequest(name="interactions/i2/messages/m")),
        ("/nexus.v1.InteractionService/GetMessage", ispb.GetMessageRequest(name="interactions/i1x/messages/m")),
        ("/nexus.v1.EventService/WatchEvents", espb.WatchEventsRequest(interaction="interactions/i2")),
        ("/nexus.v1.InteractionService/ListMessages", ispb.ListMessagesRequest(parent="")),
    ]:  # fmt: skip
        with pytest.raises(NotFound):
            access.confine(method, request, SESSION)


def test_a_token_carries_its_session_until_it_expires():
    token = access.issue(SESSION, 1_000_000, "kid1", KEY)
    assert access.kid_of(token) == "kid1"
    keys = {"kid1": KEY}.get
    assert access.verify(token, keys, SESSION.expire_us - 1) == SESSION
    with pytest.raises(Unauthenticated) as info:
        access.verify(token, keys, SESSION.expire_us)
    assert info.value.reason == "SESSION_EXPIRED"


def _b64(raw: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),  # signature
        lambda t: access.issue(SESSION, 0, "kid1", b"x" * 32),  # another key
        lambda t: access.issue(SESSION, 0, "retired", KEY),  # a key no longer kept
        lambda t: _b64({"alg": "none", "kid": "kid1"}) + "." + t.split(".")[1] + ".",
        lambda t: _b64({"alg": "HS256", "kid": "kid1"}) + "." + _b64({"sub": "i2"}) + "." + t.split(".")[2],
        lambda t: "not.a.token",
        lambda t: "",
    ],
)  # fmt: skip
def test_forged_tokens_are_refused(make):
    token = make(access.issue(SESSION, 0, "kid1", KEY))
    with pytest.raises(Unauthenticated) as info:
        access.verify(token, {"kid1": KEY}.get, 0)
    assert info.value.reason == "SESSION_INVALID"


def test_bearer_header():
    assert access.bearer("Bearer abc") == "abc"
    assert access.bearer("bearer  abc ") == "abc"
    for bad in ("abc", "Basic abc", "Bearer", "Bearer  "):
        with pytest.raises(Unauthenticated):
            access.bearer(bad)


def test_allowed_origins_field():
    origins, bad = access.origins_field(
        ["https://a.example", "https://A.example:443", "nope", "https://b.example/x"], "f"
    )
    assert origins == ("https://a.example",)
    assert [v.field for v in bad] == ["f[2]", "f[3]"]
    _, bad = access.origins_field([f"https://{i}.example" for i in range(21)], "f")
    assert [v.field for v in bad] == ["f"]
