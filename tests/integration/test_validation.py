"""Bad input on every field with a rule: INVALID_ARGUMENT naming the field, nothing written."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import duration_pb2, field_mask_pb2, timestamp_pb2

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import create, expect_error, in_state, violated_fields

S = ipb.State
CHAT = ipb.MEDIA_TYPE_CHAT
EMAIL = ipb.MEDIA_TYPE_EMAIL
SMS = ipb.MEDIA_TYPE_SMS
THIRD = ipb.MEDIA_TYPE_THIRD_PARTY

BAD_INTERACTIONS = [
    ({"media_type": 0}, "interaction.media_type"),
    ({"media_type": 99}, "interaction.media_type"),
    ({"media_type": CHAT, "direction": 7}, "interaction.direction"),
    ({"media_type": THIRD}, "interaction.third_party_platform"),
    (
        {"media_type": CHAT, "third_party_platform": ipb.THIRD_PARTY_PLATFORM_WHATSAPP},
        "interaction.third_party_platform",
    ),
    ({"media_type": THIRD, "third_party_platform": 42}, "interaction.third_party_platform"),
    (
        {"media_type": THIRD, "third_party_platform": ipb.THIRD_PARTY_PLATFORM_CUSTOM},
        "interaction.custom_platform",
    ),
    (
        {
            "media_type": THIRD,
            "third_party_platform": ipb.THIRD_PARTY_PLATFORM_CUSTOM,
            "custom_platform": "no spaces",
        },
        "interaction.custom_platform",
    ),
    (
        {
            "media_type": THIRD,
            "third_party_platform": ipb.THIRD_PARTY_PLATFORM_WHATSAPP,
            "custom_platform": "x",
        },
        "interaction.custom_platform",
    ),
    ({"media_type": CHAT, "channel": "x" * 129}, "interaction.channel"),
    ({"media_type": CHAT, "channel": "tab\tin"}, "interaction.channel"),
    ({"media_type": EMAIL}, "interaction.customer_address"),
    ({"media_type": EMAIL, "customer_address": "not-an-email"}, "interaction.customer_address"),
    ({"media_type": SMS}, "interaction.customer_address"),
    ({"media_type": SMS, "customer_address": "0800 123"}, "interaction.customer_address"),
    ({"media_type": CHAT, "customer_address": "x" * 321}, "interaction.customer_address"),
    ({"media_type": CHAT, "securebox": "abc"}, "interaction.securebox"),
    (
        {"media_type": EMAIL, "customer_address": "a@b.co", "securebox": "ab"},
        "interaction.securebox",
    ),
    (
        {"media_type": EMAIL, "customer_address": "a@b.co", "securebox": "has-dash"},
        "interaction.securebox",
    ),
    ({"media_type": CHAT, "thread_id": "bad thread"}, "interaction.thread_id"),
    ({"media_type": CHAT, "priority": 101}, "interaction.priority"),
    ({"media_type": CHAT, "priority": -1}, "interaction.priority"),
    ({"media_type": CHAT, "subject": "two\nlines"}, "interaction.subject"),
    ({"media_type": CHAT, "subject": "s" * 999}, "interaction.subject"),
    ({"media_type": CHAT, "attributes": {"bad key": "v"}}, "interaction.attributes['bad key']"),
    ({"media_type": CHAT, "attributes": {"k": "v" * 4097}}, "interaction.attributes['k']"),
    (
        {"media_type": CHAT, "attributes": {f"k{n}": "v" for n in range(65)}},
        "interaction.attributes",
    ),
]


async def event_count(client) -> int:
    resp = await client.events.ListEvents(
        espb.ListEventsRequest(page_size=1000), metadata=client.md
    )
    return len(resp.events)


@pytest.mark.parametrize(
    ("fields", "field"), BAD_INTERACTIONS, ids=[f for _, f in BAD_INTERACTIONS]
)
async def test_create_interaction_rejects(nexus, fields, field):
    a = nexus.a
    before = await event_count(a)
    found = await expect_error(
        a.interactions.CreateInteraction(
            ispb.CreateInteractionRequest(interaction=ipb.Interaction(**fields)), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert field in violated_fields(found)
    assert await event_count(a) == before
    listed = await a.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=a.md)
    assert not listed.interactions


async def test_every_violation_is_reported_at_once(nexus):
    a = nexus.a
    found = await expect_error(
        a.interactions.CreateInteraction(
            ispb.CreateInteractionRequest(
                interaction=ipb.Interaction(media_type=SMS, priority=500, subject="a\nb"),
                request_id="has space",
                actor="\x00",
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert set(violated_fields(found)) == {
        "interaction.customer_address",
        "interaction.priority",
        "interaction.subject",
        "request_id",
        "actor",
    }


async def test_valid_variants_are_accepted(nexus):
    a = nexus.a
    email = await create(
        a,
        media_type=EMAIL,
        customer_address="pat@example.com",
        securebox="Billing1",
        subject="Invoice",
    )
    assert email.securebox == "Billing1"
    sms = await create(a, media_type=SMS, customer_address="+14155550100")
    assert sms.customer_address == "+14155550100"
    wa = await create(
        a,
        media_type=THIRD,
        third_party_platform=ipb.THIRD_PARTY_PLATFORM_CUSTOM,
        custom_platform="line",
    )
    assert wa.custom_platform == "line"


BAD_NAMES = [
    "",
    "interactions",
    "interactions/",
    "interactions/UPPER",
    "webhooks/abc",
    "interactions/a/b",
]


@pytest.mark.parametrize("name", BAD_NAMES)
async def test_malformed_names(nexus, name):
    a = nexus.a
    found = await expect_error(
        a.interactions.GetInteraction(ispb.GetInteractionRequest(name=name), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["name"]


async def test_lifecycle_field_rules(nexus):
    a = nexus.a
    i = await create(a)
    cases = [
        (
            a.interactions.QueueInteraction(
                ispb.QueueInteractionRequest(name=i.name), metadata=a.md
            ),
            "queue",
        ),
        (
            a.interactions.QueueInteraction(
                ispb.QueueInteractionRequest(name=i.name, queue="x" * 200), metadata=a.md
            ),
            "queue",
        ),
        (
            a.interactions.AutomateInteraction(
                ispb.AutomateInteractionRequest(name=i.name), metadata=a.md
            ),
            "bot",
        ),
        (
            a.interactions.CompleteInteraction(
                ispb.CompleteInteractionRequest(name=i.name), metadata=a.md
            ),
            "reason",
        ),
        (
            a.interactions.CompleteInteraction(
                ispb.CompleteInteractionRequest(name=i.name, reason=77), metadata=a.md
            ),
            "reason",
        ),
        (
            a.interactions.CompleteInteraction(
                ispb.CompleteInteractionRequest(name=i.name, reason=1, note="n" * 1025),
                metadata=a.md,
            ),
            "note",
        ),
        (
            a.interactions.DeclineInteraction(
                ispb.DeclineInteractionRequest(name=i.name, reason="r" * 1025), metadata=a.md
            ),
            "reason",
        ),
    ]
    for coro, field in cases:
        found = await expect_error(coro, grpc.StatusCode.INVALID_ARGUMENT)
        assert field in violated_fields(found)
    active = await in_state(a, S.STATE_ACTIVE)
    past = timestamp_pb2.Timestamp(seconds=1)
    far = timestamp_pb2.Timestamp(seconds=4_000_000_000)
    for ts in (None, past, far):
        req = ispb.SnoozeInteractionRequest(name=active.name)
        if ts is not None:
            req.snooze_until.CopyFrom(ts)
        found = await expect_error(
            a.interactions.SnoozeInteraction(req, metadata=a.md), grpc.StatusCode.INVALID_ARGUMENT
        )
        assert violated_fields(found) == ["snooze_until"]
    both = ispb.TransferInteractionRequest(name=active.name, queue="q", agent="a")
    found = await expect_error(
        a.interactions.TransferInteraction(both, metadata=a.md), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert violated_fields(found) == ["queue"]
    queued = await in_state(a, S.STATE_QUEUED)
    found = await expect_error(
        a.interactions.AcceptInteraction(
            ispb.AcceptInteractionRequest(name=queued.name), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["agent"]


async def test_update_mask_rules(nexus):
    a = nexus.a
    i = await create(a)
    for paths, field in (
        (["state"], "update_mask"),
        (["media_type"], "update_mask"),
        (["nope"], "update_mask"),
    ):
        found = await expect_error(
            a.interactions.UpdateInteraction(
                ispb.UpdateInteractionRequest(
                    interaction=ipb.Interaction(name=i.name, priority=5),
                    update_mask=field_mask_pb2.FieldMask(paths=paths),
                ),
                metadata=a.md,
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert violated_fields(found) == [field]
    found = await expect_error(
        a.interactions.UpdateInteraction(
            ispb.UpdateInteractionRequest(interaction=ipb.Interaction(name=i.name, priority=1000)),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["interaction.priority"]


BAD_MESSAGES = [
    ({"text": "hi"}, "message.direction"),
    ({"direction": 1}, "message.text"),
    ({"direction": 1, "text": "x" * 32769}, "message.text"),
    (
        {
            "direction": 1,
            "attachments": [
                ipb.Attachment(filename="", content_type="image/png", uri="https://x/y")
            ],
        },
        "message.attachments[0].filename",
    ),
    (
        {
            "direction": 1,
            "attachments": [
                ipb.Attachment(filename="a.png", content_type="png", uri="https://x/y")
            ],
        },
        "message.attachments[0].content_type",
    ),
    (
        {
            "direction": 1,
            "attachments": [
                ipb.Attachment(filename="a.png", content_type="image/png", uri="http://x/y")
            ],
        },
        "message.attachments[0].uri",
    ),
    (
        {
            "direction": 1,
            "attachments": [
                ipb.Attachment(
                    filename="a.png", content_type="image/png", uri="https://x/y", size_bytes=-1
                )
            ],
        },
        "message.attachments[0].size_bytes",
    ),
    (
        {
            "direction": 1,
            "text": "t",
            "attachments": [ipb.Attachment(filename="a", content_type="a/b", uri="https://x/y")]
            * 21,
        },
        "message.attachments",
    ),
    ({"direction": 1, "text": "t", "sender": "participants/x"}, "message.sender"),
    (
        {"direction": 1, "text": "t", "sender": "interactions/other/participants/p"},
        "message.sender",
    ),
    ({"direction": 1, "text": "t", "external_id": "\n"}, "message.external_id"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_MESSAGES, ids=[f for _, f in BAD_MESSAGES])
async def test_send_message_rejects(nexus, fields, field):
    a = nexus.a
    i = await create(a)
    found = await expect_error(
        a.interactions.SendMessage(
            ispb.SendMessageRequest(parent=i.name, message=ipb.Message(**fields)), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert field in violated_fields(found)
    msgs = await a.interactions.ListMessages(ispb.ListMessagesRequest(parent=i.name), metadata=a.md)
    assert not msgs.messages


async def test_participant_rules(nexus):
    a = nexus.a
    i = await create(a)
    for part, field in (
        (ipb.Participant(), "participant.role"),
        (ipb.Participant(role=9), "participant.role"),
        (ipb.Participant(role=1, display_name="d" * 257), "participant.display_name"),
        (ipb.Participant(role=1, identity="\x07"), "participant.identity"),
    ):
        found = await expect_error(
            a.interactions.AddParticipant(
                ispb.AddParticipantRequest(parent=i.name, participant=part), metadata=a.md
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert violated_fields(found) == [field]


BAD_WEBHOOKS = [
    ({}, "webhook.url"),
    ({"url": "http://example.com/hook"}, "webhook.url"),
    ({"url": "https://"}, "webhook.url"),
    ({"url": "https://user:pw@example.com/"}, "webhook.url"),
    ({"url": "https://example.com/#frag"}, "webhook.url"),
    ({"url": "https://example.com:99999/"}, "webhook.url"),
    ({"url": "https://example.com/" + "x" * 2100}, "webhook.url"),
    ({"url": "https://example.com/", "description": "d" * 257}, "webhook.description"),
    (
        {"url": "https://example.com/", "event_types": ["interaction.exploded"]},
        "webhook.event_types[0]",
    ),
    ({"url": "https://example.com/", "event_types": ["nope.*"]}, "webhook.event_types[0]"),
    ({"url": "https://example.com/", "media_types": [0]}, "webhook.media_types[0]"),
    (
        {"url": "https://example.com/", "headers": {"bad header": "v"}},
        "webhook.headers['bad header']",
    ),
    (
        {"url": "https://example.com/", "headers": {"Webhook-Signature": "v"}},
        "webhook.headers['Webhook-Signature']",
    ),
    (
        {"url": "https://example.com/", "headers": {"Content-Type": "v"}},
        "webhook.headers['Content-Type']",
    ),
    (
        {"url": "https://example.com/", "headers": {"X-Token": "a\r\nb"}},
        "webhook.headers['X-Token']",
    ),
    ({"url": "https://example.com/", "format": 9}, "webhook.format"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_WEBHOOKS, ids=[f for _, f in BAD_WEBHOOKS])
async def test_create_webhook_rejects(nexus, fields, field):
    a = nexus.a
    found = await expect_error(
        a.webhooks.CreateWebhook(
            wspb.CreateWebhookRequest(webhook=wpb.Webhook(**fields)), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert field in violated_fields(found)
    assert not (await a.webhooks.ListWebhooks(wspb.ListWebhooksRequest(), metadata=a.md)).webhooks


async def test_rotate_grace_period_bounds(nexus):
    a = nexus.a
    w = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(webhook=wpb.Webhook(url="https://example.com/h")), metadata=a.md
    )
    for grace in (duration_pb2.Duration(seconds=-1), duration_pb2.Duration(seconds=8 * 86400)):
        found = await expect_error(
            a.webhooks.RotateWebhookSecret(
                wspb.RotateWebhookSecretRequest(name=w.name, grace_period=grace), metadata=a.md
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert violated_fields(found) == ["grace_period"]


async def test_paging_and_filter_rules(nexus):
    a = nexus.a
    found = await expect_error(
        a.interactions.ListInteractions(ispb.ListInteractionsRequest(page_size=-1), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["page_size"]
    found = await expect_error(
        a.interactions.ListInteractions(
            ispb.ListInteractionsRequest(page_token="garbage!"), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["page_token"]
    found = await expect_error(
        a.interactions.ListInteractions(
            ispb.ListInteractionsRequest(order_by="priority"), metadata=a.md
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["order_by"]
    found = await expect_error(
        a.interactions.ListInteractions(ispb.ListInteractionsRequest(states=[0]), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["states[0]"]
    req = ispb.ListInteractionsRequest()
    req.create_time_after.FromSeconds(200)
    req.create_time_before.FromSeconds(100)
    found = await expect_error(
        a.interactions.ListInteractions(req, metadata=a.md), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert violated_fields(found) == ["create_time_before"]
    found = await expect_error(
        a.events.ListEvents(espb.ListEventsRequest(event_types=["bogus"]), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["event_types[0]"]
    found = await expect_error(
        a.events.ListEvents(espb.ListEventsRequest(after_cursor=-5), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["after_cursor"]
