"""Scoped credentials: API key roles, widget keys' origins, and customers' chat sessions.

Every RPC of every service is called with each kind of credential: what a role may not do
is PERMISSION_DENIED, a bad session token UNAUTHENTICATED, another interaction NOT_FOUND.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool, message_factory

from nexus.app import SERVICE_NAMES
from nexus.core.base import hash_key
from nexus.domain import access
from nexus.v1 import access_pb2 as apb
from nexus.v1 import access_service_pb2 as aspb
from nexus.v1 import access_service_pb2_grpc as aspb_grpc
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from helpers import db, expect_error, violated_fields

POOL = descriptor_pool.Default()
METHODS = [
    (f"/{s}/{m.name}", m)
    for s in SERVICE_NAMES
    for m in POOL.FindServiceByName(s).methods
    if m.name != "ReceiveProviderRequest"  # authenticated by the provider's signature
]
SHOP = "https://shop.example"
C = grpc.StatusCode


def bearer(token: str, origin: str | None = SHOP) -> tuple[tuple[str, str], ...]:
    md = [("authorization", f"Bearer {token}")]
    if origin:
        md.append(("origin", origin))
    return tuple(md)


async def new_key(nexus, role: int, origins: tuple[str, ...] = ()) -> str:
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    key = await stub.CreateApiKey(
        aspb.CreateApiKeyRequest(
            api_key=apb.ApiKey(display_name="t", role=role, allowed_origins=origins)
        ),
        metadata=nexus.a.md,
    )
    assert key.key.startswith("nxs_") and key.prefix == key.key[:12]
    return key.key


async def start_chat(nexus, widget_key: str, origin: str = SHOP, **fields: Any):
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    fields.setdefault("customer_name", "Ada")
    return await stub.StartChat(
        aspb.StartChatRequest(**fields), metadata=(("x-api-key", widget_key), ("origin", origin))
    )


def call(nexus, path: str, method, request: Any, md) -> Any:
    """Calls any method by path with a request message (streams: the first item)."""
    ch = nexus.a.channel
    ser = type(request).SerializeToString
    out = message_factory.GetMessageClass(method.output_type).FromString
    if method.server_streaming:

        async def first() -> Any:
            stream = ch.unary_stream(path, request_serializer=ser, response_deserializer=out)(
                request, metadata=md, timeout=5
            )
            async for item in stream:
                stream.cancel()
                return item

        return first()
    return ch.unary_unary(path, request_serializer=ser, response_deserializer=out)(
        request, metadata=md, timeout=5
    )


def empty(method) -> Any:
    return message_factory.GetMessageClass(method.input_type)()


async def test_a_chat_started_with_a_widget_key(nexus):
    widget = await new_key(nexus, access.WIDGET, (SHOP,))
    chat = await start_chat(nexus, widget, subject="order 7", queue="support")
    i = chat.interaction
    assert i.media_type == ipb.MEDIA_TYPE_CHAT and i.state == ipb.STATE_QUEUED
    assert i.queue == "support" and i.subject == "order 7"
    assert i.attributes["customer_name"] == "Ada"
    assert chat.customer.startswith(i.name + "/participants/")
    assert chat.expire_time.seconds > 0 and chat.token.count(".") == 2
    parts = await nexus.a.interactions.ListParticipants(
        ispb.ListParticipantsRequest(parent=i.name), metadata=nexus.a.md
    )
    [customer] = parts.participants
    assert (customer.name, customer.display_name) == (chat.customer, "Ada")
    assert customer.role == ipb.PARTICIPANT_ROLE_CUSTOMER
    # its cursor precedes the chat's own events: a watch from it sees them all
    events = await nexus.a.events.ListEvents(
        espb.ListEventsRequest(interaction=i.name), metadata=nexus.a.md
    )
    assert [e.type for e in events.events] == [
        "interaction.created",
        "participant.joined",
        "interaction.state_changed",
    ]
    assert events.events[0].cursor == chat.cursor + 1
    # the same request_id is the same chat, with a fresh token
    again = await start_chat(nexus, widget, request_id="r1")
    replay = await start_chat(nexus, widget, request_id="r1")
    assert replay.interaction.name == again.interaction.name and replay.token


async def test_start_chat_checks_its_input(nexus):
    widget = await new_key(nexus, access.WIDGET)
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    md = (("x-api-key", widget),)
    found = await expect_error(
        stub.StartChat(aspb.StartChatRequest(customer_name="  ", subject="x" * 501), metadata=md),
        C.INVALID_ARGUMENT,
    )
    assert set(violated_fields(found)) == {"customer_name", "subject"}
    found = await expect_error(
        stub.StartChat(aspb.StartChatRequest(customer_name="A", queue="a b" * 100), metadata=md),
        C.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["queue"]


async def test_widget_key_origins(nexus):
    widget = await new_key(nexus, access.WIDGET, (SHOP, "https://www.shop.example:8443"))
    for origin in ("https://evil.example", "http://shop.example", "null"):
        found = await expect_error(start_chat(nexus, widget, origin=origin), C.PERMISSION_DENIED)
        assert found["ErrorInfo"].reason == "ORIGIN_NOT_ALLOWED"
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    found = await expect_error(  # no Origin at all: not a browser on an allowed site
        stub.StartChat(aspb.StartChatRequest(customer_name="A"), metadata=(("x-api-key", widget),)),
        C.PERMISSION_DENIED,
    )
    await start_chat(nexus, widget, origin="https://SHOP.example:443")
    await start_chat(nexus, widget, origin="https://www.shop.example:8443")
    # the session is bound to the origin it was started from
    chat = await start_chat(nexus, widget)
    get = ispb.GetInteractionRequest(name=chat.interaction.name)
    await nexus.a.interactions.GetInteraction(get, metadata=bearer(chat.token))
    await nexus.a.interactions.GetInteraction(get, metadata=bearer(chat.token, origin=None))
    found = await expect_error(
        nexus.a.interactions.GetInteraction(
            get, metadata=bearer(chat.token, "https://evil.example")
        ),
        C.UNAUTHENTICATED,
    )
    assert found["ErrorInfo"].reason == "SESSION_ORIGIN"
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await aspb_grpc.AccessServiceStub(nexus.a.channel).CreateApiKey(
            aspb.CreateApiKeyRequest(
                api_key=apb.ApiKey(
                    role=access.AGENT,
                    allowed_origins=["https://x.example", "ftp://y", "https://z/p"],
                )
            ),
            metadata=nexus.a.md,
        )
    assert info.value.code() == C.INVALID_ARGUMENT


async def test_every_rpc_with_each_credential(nexus):
    """Each role's methods pass authorization (they may still fail validation on an empty
    request); every other method is PERMISSION_DENIED, and nothing is written."""
    agent = await new_key(nexus, access.AGENT)
    widget = await new_key(nexus, access.WIDGET)
    chat = await start_chat(nexus, widget)
    credentials = {
        "agent": ((("x-api-key", agent),), access.AGENT_METHODS),
        "widget": ((("x-api-key", widget), ("origin", SHOP)), access.WIDGET_KEY_METHODS),
        "session": (bearer(chat.token), set(access.SESSION_METHODS)),
    }
    before = await nexus.a.events.ListEvents(espb.ListEventsRequest(), metadata=nexus.a.md)
    for who, (md, allowed) in credentials.items():
        for path, method in METHODS:
            if path in allowed:
                continue
            found = await expect_error(
                call(nexus, path, method, empty(method), md), C.PERMISSION_DENIED
            )
            assert found["ErrorInfo"].reason in ("ROLE_NOT_ALLOWED", "SESSION_NOT_ALLOWED"), who
        for path, method in METHODS:
            if path not in allowed:
                continue
            try:
                await call(nexus, path, method, empty(method), md)
            except grpc.aio.AioRpcError as err:
                assert err.code() not in (C.PERMISSION_DENIED, C.UNAUTHENTICATED, C.INTERNAL), (
                    who,
                    path,
                )
    after = await nexus.a.events.ListEvents(espb.ListEventsRequest(), metadata=nexus.a.md)
    # the only writes: none (the agent's empty creates fail validation)
    assert after.last_cursor == before.last_cursor
    assert set(access.AGENT_METHODS) <= {p for p, _ in METHODS} | {access.GET_CALLER}
    assert set(access.SESSION_METHODS) <= {p for p, _ in METHODS}


async def test_every_rpc_refuses_an_expired_forged_or_foreign_session(nexus):
    widget = await new_key(nexus, access.WIDGET)
    chat = await start_chat(nexus, widget)
    other = await start_chat(nexus, widget)
    other_msg = await nexus.a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=other.interaction.name,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="for someone else"),
        ),
        metadata=nexus.a.md,
    )
    store = nexus.running.store
    kid, key = (await db(store.session_keys))[0]
    valid = access.verify(chat.token, {kid: key}.get, nexus.running.core.clock.now_us())
    now = nexus.running.core.clock.now_us()
    expired = access.issue(
        access.Session(**{**valid.__dict__, "expire_us": now - 1_000_000}), now - 10**9, kid, key
    )
    forged = access.issue(valid, now, kid, b"k" * 32)
    unknown_kid = access.issue(valid, now, "nope", key)
    head, payload, sig = chat.token.split(".")
    tampered = ".".join([head, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), sig])
    none_alg = (
        head.replace(head, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIiwia2lkIjoiczEifQ") + f".{payload}."
    )
    bad = {
        "expired": expired,
        "forged": forged,
        "unknown key": unknown_kid,
        "tampered": tampered,
        "alg none": none_alg,
        "garbage": "not-a-token",
    }
    for path, method in METHODS:
        for why, token in bad.items():
            found = await expect_error(
                call(nexus, path, method, empty(method), bearer(token)), C.UNAUTHENTICATED
            )
            want = "SESSION_EXPIRED" if why == "expired" else "SESSION_INVALID"
            assert found["ErrorInfo"].reason == want, (path, why)
        field = access.SESSION_METHODS.get(path, "-")
        if not field:
            continue
        # a valid token naming another chat: NOT_FOUND, as another tenant's would be
        request = empty(method)
        if field == "-":
            await expect_error(
                call(nexus, path, method, request, bearer(chat.token)), C.PERMISSION_DENIED
            )
            continue
        target = (
            other_msg.name
            if "Message" in path and path.endswith(("GetMessage", "MarkMessageRead"))
            else other.interaction.name
        )
        setattr(request, field, target)
        await expect_error(call(nexus, path, method, request, bearer(chat.token)), C.NOT_FOUND)
    # both credentials at once is refused rather than guessed at
    found = await expect_error(
        nexus.a.interactions.GetInteraction(
            ispb.GetInteractionRequest(name=chat.interaction.name),
            metadata=(*bearer(chat.token), ("x-api-key", widget)),
        ),
        C.UNAUTHENTICATED,
    )
    assert found["ErrorInfo"].reason == "CREDENTIALS_AMBIGUOUS"


async def test_what_a_customer_sees_and_sends(nexus):
    widget = await new_key(nexus, access.WIDGET)
    chat = await start_chat(nexus, widget)
    name, md, a = chat.interaction.name, bearer(chat.token), nexus.a
    # a session's message is the customer's, whatever it asks for
    sent = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=name,
            message=ipb.Message(
                direction=ipb.DIRECTION_OUTBOUND, internal=True, text="hi", sender="x"
            ),
            actor="someone",
        ),
        metadata=md,
    )
    assert (sent.direction, sent.internal, sent.sender) == (
        ipb.DIRECTION_INBOUND,
        False,
        chat.customer,
    )
    note = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=name,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, internal=True, text="vip?"),
        ),
        metadata=a.md,
    )
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=name, message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="hello Ada")
        ),
        metadata=a.md,
    )
    listed = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=name, exclude_internal=False), metadata=md
    )
    assert [m.text for m in listed.messages] == ["hi", "hello Ada"]
    await expect_error(
        a.interactions.GetMessage(ispb.GetMessageRequest(name=note.name), metadata=md), C.NOT_FOUND
    )
    await expect_error(
        a.interactions.MarkMessageRead(ispb.MarkMessageReadRequest(name=note.name), metadata=md),
        C.NOT_FOUND,
    )
    read = await a.interactions.MarkMessageRead(
        ispb.MarkMessageReadRequest(name=reply.name), metadata=md
    )
    assert read.HasField("read_time")
    typing = await a.interactions.SendTyping(
        ispb.SendTypingRequest(name=name, role=ipb.PARTICIPANT_ROLE_AGENT, active=True), metadata=md
    )
    assert (typing.role, typing.sender) == (ipb.PARTICIPANT_ROLE_CUSTOMER, chat.customer)
    # its watch is its own interaction's events, without internal notes
    other = await start_chat(nexus, widget)
    seen: list[str] = []
    stream = a.events.WatchEvents(espb.WatchEventsRequest(after_cursor=chat.cursor), metadata=md)

    async def read_all() -> None:
        async for item in stream:
            if item.HasField("heartbeat"):
                return
            assert item.event.interaction == name
            seen.append(item.event.message.text or item.event.type)

    await asyncio.wait_for(read_all(), 10)
    stream.cancel()
    assert "vip?" not in seen and "hi" in seen and "hello Ada" in seen
    assert other.interaction.name != name
    caller = await aspb_grpc.AccessServiceStub(a.channel).GetCaller(
        aspb.GetCallerRequest(), metadata=md
    )
    assert (caller.role, caller.interaction) == (access.WIDGET, name)


async def test_refresh_and_revocation(nexus):
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    widget_record = await stub.CreateApiKey(
        aspb.CreateApiKeyRequest(api_key=apb.ApiKey(role=access.WIDGET)), metadata=nexus.a.md
    )
    chat = await start_chat(nexus, widget_record.key)
    fresh = await stub.RefreshChatSession(
        aspb.RefreshChatSessionRequest(), metadata=bearer(chat.token)
    )
    assert fresh.token and fresh.interaction.name == chat.interaction.name
    assert fresh.customer == chat.customer and fresh.expire_time.seconds >= chat.expire_time.seconds
    await stub.RevokeApiKey(aspb.RevokeApiKeyRequest(name=widget_record.name), metadata=nexus.a.md)
    found = await expect_error(
        stub.RefreshChatSession(aspb.RefreshChatSessionRequest(), metadata=bearer(fresh.token)),
        C.UNAUTHENTICATED,
    )
    assert found["ErrorInfo"].reason == "KEY_REVOKED"
    # rotation (the CLI, another process): tokens of the key before the current one still
    # verify; a second rotation retires them. A server reads the keys again within a
    # minute; signing_keys(fresh=True) stands for that minute.
    chat = await start_chat(nexus, await new_key(nexus, access.WIDGET))
    get = ispb.GetInteractionRequest(name=chat.interaction.name)
    url = nexus.running.core.config.db

    def rotate() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "nexus.cli", "keys", "rotate-session-key", "--db", url],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "chat sessions are signed with key" in done.stdout
        nexus.running.core.access.signing_keys(fresh=True)

    await asyncio.to_thread(rotate)
    await nexus.a.interactions.GetInteraction(get, metadata=bearer(chat.token))
    newer = await start_chat(nexus, await new_key(nexus, access.WIDGET))
    assert access.kid_of(newer.token) != access.kid_of(chat.token)
    await asyncio.to_thread(rotate)
    found = await expect_error(
        nexus.a.interactions.GetInteraction(get, metadata=bearer(chat.token)), C.UNAUTHENTICATED
    )
    assert found["ErrorInfo"].reason == "SESSION_INVALID"
    newer_get = ispb.GetInteractionRequest(name=newer.interaction.name)
    await nexus.a.interactions.GetInteraction(newer_get, metadata=bearer(newer.token))


async def test_api_keys(nexus):
    stub = aspb_grpc.AccessServiceStub(nexus.a.channel)
    md = nexus.a.md
    agent = await stub.CreateApiKey(
        aspb.CreateApiKeyRequest(api_key=apb.ApiKey(display_name="desk", role=access.AGENT)),
        metadata=md,
    )
    caller = await stub.GetCaller(aspb.GetCallerRequest(), metadata=(("x-api-key", agent.key),))
    assert caller.role == access.AGENT and caller.api_key == agent.name
    got = await stub.GetApiKey(aspb.GetApiKeyRequest(name=agent.name), metadata=md)
    assert got.key == "" and got.display_name == "desk" and got.role == access.AGENT
    listed = await stub.ListApiKeys(aspb.ListApiKeysRequest(page_size=1), metadata=md)
    assert len(listed.api_keys) == 1 and listed.next_page_token
    rest = await stub.ListApiKeys(
        aspb.ListApiKeysRequest(page_size=1, page_token=listed.next_page_token), metadata=md
    )
    assert rest.api_keys[0].name != listed.api_keys[0].name
    # the other tenant's keys do not exist here; a key cannot revoke itself
    await expect_error(
        stub.GetApiKey(aspb.GetApiKeyRequest(name=agent.name), metadata=nexus.b.md), C.NOT_FOUND
    )
    await expect_error(
        stub.RevokeApiKey(aspb.RevokeApiKeyRequest(name=agent.name), metadata=nexus.b.md),
        C.NOT_FOUND,
    )
    me = await stub.GetCaller(aspb.GetCallerRequest(), metadata=md)
    found = await expect_error(
        stub.RevokeApiKey(aspb.RevokeApiKeyRequest(name=me.api_key), metadata=md),
        C.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "OWN_KEY"
    revoked = await stub.RevokeApiKey(aspb.RevokeApiKeyRequest(name=agent.name), metadata=md)
    assert revoked.HasField("revoke_time")
    again = await stub.RevokeApiKey(aspb.RevokeApiKeyRequest(name=agent.name), metadata=md)
    assert again.revoke_time == revoked.revoke_time
    await asyncio.sleep(nexus.running.core.config.key_cache_s + 0.1)
    await expect_error(
        stub.GetCaller(aspb.GetCallerRequest(), metadata=(("x-api-key", agent.key),)),
        C.UNAUTHENTICATED,
    )
    assert agent.name not in {
        k.name for k in (await stub.ListApiKeys(aspb.ListApiKeysRequest(), metadata=md)).api_keys
    }
    shown = await stub.ListApiKeys(aspb.ListApiKeysRequest(show_revoked=True), metadata=md)
    assert agent.name in {k.name for k in shown.api_keys}
    # a retried create returns the record, not the key again
    first = await stub.CreateApiKey(
        aspb.CreateApiKeyRequest(api_key=apb.ApiKey(role=access.ADMIN), request_id="k1"),
        metadata=md,
    )
    second = await stub.CreateApiKey(
        aspb.CreateApiKeyRequest(api_key=apb.ApiKey(role=access.ADMIN), request_id="k1"),
        metadata=md,
    )
    assert (
        first.key and second.key == "" and first.name == second.name and first.role == access.ADMIN
    )
    found = await expect_error(
        stub.CreateApiKey(aspb.CreateApiKeyRequest(), metadata=md), C.INVALID_ARGUMENT
    )
    assert set(violated_fields(found)) == {"api_key", "api_key.role"}
    # only the hash is stored
    assert await db(lambda: nexus.running.store.principal_for_key(hash_key(first.key))) is not None
