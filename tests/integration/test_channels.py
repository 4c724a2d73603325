"""Channels end to end on a real server: the resource, idempotent inbound, outbound through
the channel sender to a real HTTPS provider endpoint, receipts, typing."""

from __future__ import annotations

import asyncio
import json

import grpc
import pytest
from aiohttp import web
from google.protobuf import field_mask_pb2
from standardwebhooks.webhooks import Webhook as StdWebhook

from nexus.clock import FakeClock, SystemClock
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.workers import build

from helpers import db, details, expect_error, violated_fields

D = ipb.MessageDeliveryState
S = ipb.State


@pytest.fixture
def config(config, notifier_config):
    return config.replace(notifier=notifier_config)


@pytest.fixture
def clock():
    return FakeClock(SystemClock().now_us() + 60_000_000)


@pytest.fixture
async def sender(config, clock):
    runtime = await build(config, clock)
    try:
        yield runtime.channels
    finally:
        await runtime.close()


def provider_answers(message_id_prefix: str = "prov-"):
    count = {"n": 0}

    def answer(_):
        count["n"] += 1
        return web.json_response({"messageId": f"{message_id_prefix}{count['n']}"})

    return answer


async def sms_channel(client, url: str, **fields) -> cpb.Channel:
    channel = cpb.Channel(
        kind=cpb.CHANNEL_KIND_SMS,
        profile=cpb.CHANNEL_PROFILE_NEXUS,
        display_name="Support SMS",
        provider=cpb.ProviderSettings(sender_id="+15550001111"),
        outbound_url=url,
        default_queue="queues/sms",
        **fields,
    )
    return await client.channels.CreateChannel(
        cspb.CreateChannelRequest(channel=channel), metadata=client.md
    )


def inbound(ext: str, text: str = "hello", address: str = "+15557654321", **fields):
    return cspb.InboundMessage(
        external_message_id=ext, customer_address=address, text=text, **fields
    )


async def receive(client, channel, *messages) -> cspb.ReceiveMessagesResponse:
    return await client.channels.ReceiveMessages(
        cspb.ReceiveMessagesRequest(channel=channel.name, messages=messages), metadata=client.md
    )


async def events(client, interaction: str = "") -> list:
    resp = await client.events.ListEvents(
        espb.ListEventsRequest(page_size=1000, interaction=interaction), metadata=client.md
    )
    return list(resp.events)


async def test_channel_resource_hides_secrets_and_credentials(nexus, receiver):
    a = nexus.a
    created = await a.channels.CreateChannel(
        cspb.CreateChannelRequest(
            channel=cpb.Channel(
                kind=cpb.CHANNEL_KIND_SMS,
                profile=cpb.CHANNEL_PROFILE_TWILIO,
                provider=cpb.ProviderSettings(
                    sender_id="+15550001111", account_id="AC123", credentials="tok-secret"
                ),
            )
        ),
        metadata=a.md,
    )
    assert created.secret.startswith("whsec_")
    assert created.provider.has_credentials and not created.provider.credentials
    assert created.inbound_path == f"/v1/{created.name}/inbound/messages"
    assert created.default_queue == "queues/default"
    got = await a.channels.GetChannel(cspb.GetChannelRequest(name=created.name), metadata=a.md)
    assert not got.secret and not got.provider.credentials and got.provider.has_credentials
    assert got.etag == created.etag
    listed = await a.channels.ListChannels(cspb.ListChannelsRequest(), metadata=a.md)
    assert [c.name for c in listed.channels] == [created.name]
    # Another tenant sees nothing of it.
    await expect_error(
        nexus.b.channels.GetChannel(cspb.GetChannelRequest(name=created.name), metadata=nexus.b.md),
        grpc.StatusCode.NOT_FOUND,
    )
    for e in await events(a):
        assert "tok-secret" not in str(e) and created.secret not in str(e)


async def test_update_channel_with_mask_and_etag(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    updated = await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=ch.name, display_name="Night SMS", etag=ch.etag),
            update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
        ),
        metadata=a.md,
    )
    assert updated.display_name == "Night SMS" and updated.etag != ch.etag
    await expect_error(
        a.channels.UpdateChannel(
            cspb.UpdateChannelRequest(
                channel=cpb.Channel(name=ch.name, display_name="x", etag=ch.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.ABORTED,
    )
    bad = await expect_error(
        a.channels.UpdateChannel(
            cspb.UpdateChannelRequest(
                channel=cpb.Channel(
                    name=ch.name, provider=cpb.ProviderSettings(sender_id="not-a-number")
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["provider.sender_id"]),
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(bad) == ["channel.provider.sender_id"]


async def test_bad_channels_are_refused_with_field_violations(nexus):
    a = nexus.a
    cases = [
        (cpb.Channel(profile=cpb.CHANNEL_PROFILE_NEXUS), "channel.kind"),
        (
            cpb.Channel(kind=cpb.CHANNEL_KIND_SMS, profile=cpb.CHANNEL_PROFILE_NEXUS),
            "channel.provider.sender_id",
        ),
        (
            cpb.Channel(
                kind=cpb.CHANNEL_KIND_SMS,
                profile=cpb.CHANNEL_PROFILE_NEXUS,
                provider=cpb.ProviderSettings(sender_id="1234"),
                outbound_url="https://example.com/sms",
            ),
            "channel.provider.sender_id",
        ),
        (
            cpb.Channel(
                kind=cpb.CHANNEL_KIND_EMAIL,
                profile=cpb.CHANNEL_PROFILE_TWILIO,
                provider=cpb.ProviderSettings(from_address="a@example.com"),
            ),
            "channel.profile",
        ),
        (
            cpb.Channel(
                kind=cpb.CHANNEL_KIND_SMS,
                profile=cpb.CHANNEL_PROFILE_NEXUS,
                provider=cpb.ProviderSettings(sender_id="+15550001111"),
                outbound_url="https://169.254.169.254/x",  # refused by its form, never connected
            ),
            "channel.outbound_url",
        ),
    ]
    for channel, field in cases:
        found = await expect_error(
            a.channels.CreateChannel(cspb.CreateChannelRequest(channel=channel), metadata=a.md),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert field in violated_fields(found), (field, violated_fields(found))
    listed = await a.channels.ListChannels(cspb.ListChannelsRequest(), metadata=a.md)
    assert not listed.channels


async def test_inbound_is_stored_once_and_opens_one_interaction(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    first = await receive(a, ch, inbound("SM1", "hi"), inbound("SM2", "are you there?"))
    assert [r.duplicate for r in first.results] == [False, False]
    interaction = first.results[0].interaction
    assert first.results[1].interaction == interaction
    i = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction), metadata=a.md
    )
    assert i.state == S.STATE_QUEUED and i.queue == "queues/sms"
    assert i.channel == ch.name and i.media_type == ipb.MEDIA_TYPE_SMS
    assert i.customer_address == "+15557654321" and i.message_count == 2
    before = await events(a)
    # The provider retries, concurrently and in a batch: nothing new is written.
    again = await asyncio.gather(*(receive(a, ch, inbound("SM1", "hi")) for _ in range(5)))
    batch = await receive(a, ch, inbound("SM2", "are you there?"), inbound("SM1", "hi"))
    for resp in [*again, batch]:
        assert all(r.duplicate for r in resp.results)
    assert again[0].results[0].message == first.results[0].message
    assert await events(a) == before
    ours = [e for e in before if e.interaction == interaction]
    # The row, written once for the batch, is the last event's snapshot.
    assert i == ours[-1].interaction_snapshot and i.sequence == ours[-1].sequence == len(ours)
    types = [e.type for e in ours]
    assert types == [
        "interaction.created",
        "participant.joined",
        "interaction.state_changed",
        "message.created",
        "message.created",
    ]


async def test_invalid_items_fail_alone(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    resp = await receive(
        a,
        ch,
        inbound("SM1", "ok"),
        inbound("SM2", "x" * 40_000),
        inbound("SM3", "bad", address="12ab"),
        inbound("", "no id"),
    )
    assert resp.results[0].message.text == "ok"
    for n, field in ((1, "text"), (2, "customer_address"), (3, "external_message_id")):
        err = resp.results[n].error
        assert err.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
        found = details(err)
        assert found["ErrorInfo"].reason == "INVALID_ARGUMENT" and found["ErrorInfo"].domain
        assert [v.field for v in found["BadRequest"].field_violations] == [f"messages[{n}].{field}"]
        assert not resp.results[n].HasField("message")
    msgs = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=resp.results[0].interaction), metadata=a.md
    )
    assert [m.text for m in msgs.messages] == ["ok"]


async def test_batches_over_the_limit_and_unknown_channels_are_refused(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    too_many = [inbound(f"SM{n}") for n in range(101)]
    found = await expect_error(receive(a, ch, *too_many), grpc.StatusCode.INVALID_ARGUMENT)
    assert "100" in found["BadRequest"].field_violations[0].description
    await expect_error(
        receive(nexus.b, ch, inbound("SM1")), grpc.StatusCode.NOT_FOUND
    )  # another tenant's channel
    await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=ch.name, enabled=False),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        ),
        metadata=a.md,
    )
    await expect_error(receive(a, ch, inbound("SM1")), grpc.StatusCode.FAILED_PRECONDITION)
    assert not (await events(a, ""))[-1].type.startswith("message")


async def test_reply_reaches_the_provider_signed_and_receipts_move_it_forward(
    nexus, receiver, sender
):
    a = nexus.a
    receiver.responder = provider_answers()
    ch = await sms_channel(a, receiver.url("/sms"))
    got = await receive(a, ch, inbound("SM1", "hi"))
    interaction = got.results[0].interaction
    await a.interactions.AcceptInteraction(
        ispb.AcceptInteractionRequest(name=interaction, agent="agents/ann"), metadata=a.md
    )
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="How can I help?"),
        ),
        metadata=a.md,
    )
    assert reply.delivery.state == D.MESSAGE_DELIVERY_STATE_ACCEPTED
    await sender.run_until_idle()
    [request] = receiver.at("/sms")
    body = json.loads(request.body)
    assert body["type"] == "message" and body["text"] == "How can I help?"
    assert body["to"] == "+15557654321" and body["message"] == reply.name
    StdWebhook(ch.secret).verify(request.body, request.headers)
    sent = await a.interactions.GetMessage(ispb.GetMessageRequest(name=reply.name), metadata=a.md)
    assert sent.delivery.state == D.MESSAGE_DELIVERY_STATE_SENT
    assert sent.delivery.provider_message_id == "prov-1" and sent.delivery.attempts == 1

    async def receipt(**fields) -> cspb.ReceiptResult:
        resp = await a.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(channel=ch.name, receipts=[cspb.Receipt(**fields)]),
            metadata=a.md,
        )
        return resp.results[0]

    read = await receipt(provider_message_id="prov-1", state=D.MESSAGE_DELIVERY_STATE_READ)
    assert read.applied and read.message.delivery.state == D.MESSAGE_DELIVERY_STATE_READ
    late = await receipt(message=reply.name, state=D.MESSAGE_DELIVERY_STATE_DELIVERED)
    assert not late.applied and late.message.delivery.state == D.MESSAGE_DELIVERY_STATE_READ
    again = await receipt(provider_message_id="prov-1", state=D.MESSAGE_DELIVERY_STATE_READ)
    assert not again.applied
    unknown = await receipt(provider_message_id="nope", state=D.MESSAGE_DELIVERY_STATE_READ)
    assert unknown.error.code == grpc.StatusCode.NOT_FOUND.value[0]
    types = [e.type for e in await events(a, interaction)]
    assert types.count("message.sent") == 1 and types.count("message.read") == 1
    assert "message.delivered" not in types


async def test_provider_errors_retry_5xx_and_fail_on_4xx(nexus, receiver, sender, clock):
    a = nexus.a
    answers = iter([503, 500, 200])

    def flaky(_):
        code = next(answers)
        if code == 200:
            return web.json_response({"messageId": "p-ok"})
        return web.Response(status=code)

    receiver.responder = flaky
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="one"),
        ),
        metadata=a.md,
    )
    await sender.run_until_idle()
    clock.advance(11)  # the test schedule: 0, 10, 20 s
    await sender.run_until_idle()
    clock.advance(21)
    await sender.run_until_idle()
    ok = await a.interactions.GetMessage(ispb.GetMessageRequest(name=reply.name), metadata=a.md)
    assert ok.delivery.state == D.MESSAGE_DELIVERY_STATE_SENT and ok.delivery.attempts == 3

    receiver.responder = lambda _: web.json_response(
        {"code": "21211", "message": "bad To"}, status=400
    )
    refused = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="two"),
        ),
        metadata=a.md,
    )
    await sender.run_until_idle()
    failed = await a.interactions.GetMessage(
        ispb.GetMessageRequest(name=refused.name), metadata=a.md
    )
    assert failed.delivery.state == D.MESSAGE_DELIVERY_STATE_FAILED
    assert failed.delivery.error_code == "21211" and failed.delivery.attempts == 1
    assert "message.failed" in [e.type for e in await events(a, interaction)]


async def test_an_interaction_s_replies_leave_in_order(nexus, receiver, sender, clock):
    a = nexus.a
    answers = iter([500] + [200] * 10)

    def first_fails(_):
        if next(answers) == 500:
            return web.Response(status=500)
        return web.json_response({"messageId": "x"})

    receiver.responder = first_fails
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    for text in ("1", "2", "3"):
        await a.interactions.SendMessage(
            ispb.SendMessageRequest(
                parent=interaction,
                message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text=text),
            ),
            metadata=a.md,
        )
    await sender.run_until_idle()
    assert [json.loads(r.body)["text"] for r in receiver.received] == ["1"]
    clock.advance(11)
    await sender.run_until_idle()
    assert [json.loads(r.body)["text"] for r in receiver.received] == ["1", "1", "2", "3"]


async def test_waiting_interaction_wakes_on_a_customer_message(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    await a.interactions.AcceptInteraction(
        ispb.AcceptInteractionRequest(name=interaction, agent="agents/ann"), metadata=a.md
    )
    await a.interactions.WaitInteraction(
        ispb.WaitInteractionRequest(name=interaction), metadata=a.md
    )
    resp = await receive(a, ch, inbound("SM2", "back"))
    assert resp.results[0].interaction == interaction
    i = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction), metadata=a.md
    )
    assert i.state == S.STATE_ACTIVE and i.assigned_agent == "agents/ann"
    # Once completed, the customer's next message opens a new interaction.
    await a.interactions.CompleteInteraction(
        ispb.CompleteInteractionRequest(name=interaction, reason=ipb.COMPLETION_REASON_RESOLVED),
        metadata=a.md,
    )
    fresh = await receive(a, ch, inbound("SM3", "new question"))
    assert fresh.results[0].interaction != interaction


async def test_channel_with_a_bot_starts_automated(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"), bot="bots/faq")
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    i = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction), metadata=a.md
    )
    assert i.state == S.STATE_AUTOMATED and i.assigned_bot == "bots/faq"


async def test_reply_on_a_disabled_channel_is_refused_and_nothing_is_stored(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    await a.channels.UpdateChannel(
        cspb.UpdateChannelRequest(
            channel=cpb.Channel(name=ch.name, enabled=False),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        ),
        metadata=a.md,
    )
    found = await expect_error(
        a.interactions.SendMessage(
            ispb.SendMessageRequest(
                parent=interaction,
                message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="hello?"),
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "CHANNEL_DISABLED"
    i = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction), metadata=a.md
    )
    assert i.message_count == 1


async def test_typing_is_announced_stopped_and_never_in_the_transcript(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction

    async def typing(active: bool, role=ipb.PARTICIPANT_ROLE_AGENT) -> ipb.TypingIndicator:
        return await a.interactions.SendTyping(
            ispb.SendTypingRequest(name=interaction, role=role, active=active), metadata=a.md
        )

    started = await typing(True)
    assert started.active and started.HasField("expire_time")
    await typing(True)  # a renewal announces nothing new
    await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="answer"),
        ),
        metadata=a.md,
    )
    await typing(False)  # already stopped by the message: nothing more
    typed = [e for e in await events(a, interaction) if e.type.startswith("typing.")]
    assert [(e.type, e.typing.reason) for e in typed] == [
        ("typing.started", ""),
        ("typing.stopped", "message"),
    ]
    msgs = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=interaction), metadata=a.md
    )
    assert [m.text for m in msgs.messages] == ["hello", "answer"]


async def test_lapsed_typing_is_announced_by_the_sweeper(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    req = ispb.SendTypingRequest(name=interaction, role=ipb.PARTICIPANT_ROLE_CUSTOMER, active=True)
    req.ttl.FromSeconds(1)
    await a.interactions.SendTyping(req, metadata=a.md)
    watch = a.events.WatchEvents(
        espb.WatchEventsRequest(interaction=interaction, event_types=["typing.stopped"]),
        metadata=a.md,
    )
    async with asyncio.timeout(10):
        async for item in watch:
            if item.HasField("event"):
                assert item.event.typing.reason == "expired"
                break
    watch.cancel()


async def test_bad_typing_requests(nexus, receiver):
    a = nexus.a
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    req = ispb.SendTypingRequest(name=interaction, active=True)
    found = await expect_error(
        a.interactions.SendTyping(req, metadata=a.md), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert violated_fields(found) == ["role"]
    req = ispb.SendTypingRequest(name=interaction, role=ipb.PARTICIPANT_ROLE_AGENT, active=True)
    req.ttl.FromSeconds(3600)
    found = await expect_error(
        a.interactions.SendTyping(req, metadata=a.md), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert violated_fields(found) == ["ttl"]


async def test_a_sender_that_dies_mid_send_loses_nothing(nexus, receiver, config, clock):
    a = nexus.a
    receiver.responder = provider_answers()
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="still there?"),
        ),
        metadata=a.md,
    )
    first = await build(config, clock)
    await first.channels.fan_out()
    assert len(await first.channels.claim()) == 1  # leased, then the process is gone
    await first.close()
    second = await build(config, clock)
    try:
        await second.channels.run_until_idle()
        assert not receiver.received, "the lease still holds"
        clock.advance(config.notifier.lease_s + 1)
        await second.channels.run_until_idle()
    finally:
        await second.close()
    [request] = receiver.at("/sms")
    assert request.webhook_id == "msg_" + reply.name.rsplit("/", 1)[-1]  # stable across tries
    sent = await a.interactions.GetMessage(ispb.GetMessageRequest(name=reply.name), metadata=a.md)
    assert sent.delivery.state == D.MESSAGE_DELIVERY_STATE_SENT


async def test_twilio_credentials_rotate_and_survive_other_provider_updates(nexus):
    a = nexus.a
    ch = await a.channels.CreateChannel(
        cspb.CreateChannelRequest(
            channel=cpb.Channel(
                kind=cpb.CHANNEL_KIND_SMS,
                profile=cpb.CHANNEL_PROFILE_TWILIO,
                provider=cpb.ProviderSettings(
                    sender_id="+15550001111", account_id="AC1", credentials="token-1"
                ),
            )
        ),
        metadata=a.md,
    )
    store = nexus.running.store
    channel_id = ch.name.rsplit("/", 1)[-1]

    async def update(provider: cpb.ProviderSettings, *paths: str) -> cpb.Channel:
        return await a.channels.UpdateChannel(
            cspb.UpdateChannelRequest(
                channel=cpb.Channel(name=ch.name, provider=provider),
                update_mask=field_mask_pb2.FieldMask(paths=list(paths)),
            ),
            metadata=a.md,
        )

    await update(cpb.ProviderSettings(credentials="token-2"), "provider.credentials")
    assert await db(store.channel_credentials, channel_id) == "token-2"
    moved = await update(cpb.ProviderSettings(sender_id="+15550002222"), "provider.sender_id")
    assert moved.provider.sender_id == "+15550002222" and moved.provider.account_id == "AC1"
    # A whole-provider update read back from GET carries no credentials: they stay.
    whole = cpb.ProviderSettings()
    whole.CopyFrom(moved.provider)
    whole.sender_id = "MG" + "0" * 32  # a Messaging Service picks the number
    after = await update(whole, "provider")
    assert after.provider.has_credentials
    assert await db(store.channel_credentials, channel_id) == "token-2"
    assert after.provider.sender_id.startswith("MG")


async def test_a_receipt_by_message_teaches_the_provider_id(nexus, receiver, sender):
    a = nexus.a
    receiver.responder = lambda _: web.json_response({"messageId": ""}, status=202)
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="hi"),
        ),
        metadata=a.md,
    )

    async def receipt(**fields) -> cspb.ReceiptResult:
        resp = await a.channels.ReceiveReceipts(
            cspb.ReceiveReceiptsRequest(channel=ch.name, receipts=[cspb.Receipt(**fields)]),
            metadata=a.md,
        )
        return resp.results[0]

    first = await receipt(
        message=reply.name, provider_message_id="late-id", state=D.MESSAGE_DELIVERY_STATE_SENT
    )
    assert first.applied and first.message.delivery.provider_message_id == "late-id"
    by_id = await receipt(provider_message_id="late-id", state=D.MESSAGE_DELIVERY_STATE_DELIVERED)
    assert by_id.applied, by_id.error


async def test_the_running_sender_records_what_it_sent(nexus, receiver, config):
    """The sender's own loop (not run_until_idle): a step that runs while a send is in
    flight must not lose that send's outcome."""
    a = nexus.a
    gate = asyncio.Event()

    async def slow(_):
        await gate.wait()
        return web.json_response({"messageId": "slow-1"})

    receiver.responder = slow
    ch = await sms_channel(a, receiver.url("/sms"))
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="hold on"),
        ),
        metadata=a.md,
    )
    runtime = await build(config)
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.channels.run(stop))
    try:
        await receiver.wait_for(lambda: bool(receiver.received), 10)
        # Let the loop go round while the provider holds the answer (a few poll intervals).
        for _ in range(3):
            await runtime.channels.step()
        gate.set()
        async with asyncio.timeout(10):
            while True:
                got = await a.interactions.GetMessage(
                    ispb.GetMessageRequest(name=reply.name), metadata=a.md
                )
                if got.delivery.state == D.MESSAGE_DELIVERY_STATE_SENT:
                    break
                await asyncio.sleep(0.05)
    finally:
        gate.set()
        stop.set()
        await task
        await runtime.close()
    assert got.delivery.provider_message_id == "slow-1" and len(receiver.received) == 1


async def test_agent_typing_reaches_the_provider_once_and_is_never_retried(nexus, receiver, config):
    a = nexus.a
    receiver.responder = lambda _: web.Response(status=503)  # the provider is struggling
    ch = await sms_channel(a, receiver.url("/sms"))
    assert ch.supports_typing
    interaction = (await receive(a, ch, inbound("SM1"))).results[0].interaction
    # The real clock: the sender forwards an indicator only while it is fresh.
    runtime = await build(config)
    sender = runtime.channels

    async def typing(active: bool, role: int = ipb.PARTICIPANT_ROLE_AGENT) -> None:
        await a.interactions.SendTyping(
            ispb.SendTypingRequest(name=interaction, role=role, active=active), metadata=a.md
        )

    try:
        await typing(True)
        await sender.run_until_idle()
        await typing(False)
        await sender.run_until_idle()
        # The customer's own typing is not echoed back to the provider it came from.
        await typing(True, ipb.PARTICIPANT_ROLE_CUSTOMER)
        await sender.run_until_idle()
    finally:
        await runtime.close()
    bodies = [json.loads(r.body) for r in receiver.at("/sms")]
    assert [(b["type"], b["typing"]) for b in bodies] == [("typing", True), ("typing", False)]
    assert all(r.webhook_id.startswith("typ_") for r in receiver.at("/sms"))
    StdWebhook(ch.secret).verify(receiver.received[0].body, receiver.received[0].headers)
