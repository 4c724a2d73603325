"""request_id: a retry returns the first result and writes nothing new."""

from __future__ import annotations

import asyncio

import grpc

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import create, db, expect_error, violated_fields


async def events(client) -> list:
    return list(
        (
            await client.events.ListEvents(
                espb.ListEventsRequest(page_size=1000), metadata=client.md
            )
        ).events
    )


async def test_create_retry_returns_the_first_interaction(nexus):
    a = nexus.a
    req = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT), request_id="7f1c-retry"
    )
    first = await a.interactions.CreateInteraction(req, metadata=a.md)
    before = await events(a)
    again = await asyncio.gather(
        *[a.interactions.CreateInteraction(req, metadata=a.md) for _ in range(5)]
    )
    assert all(x == first for x in again)
    assert await events(a) == before
    listed = await a.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=a.md)
    assert len(listed.interactions) == 1


async def test_reusing_a_request_id_for_a_different_request_is_rejected(nexus):
    a = nexus.a
    await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=1), request_id="r1"),
        metadata=a.md,
    )
    found = await expect_error(
        a.interactions.CreateInteraction(
            ispb.CreateInteractionRequest(
                interaction=ipb.Interaction(media_type=1, priority=5), request_id="r1"
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["request_id"]
    assert found["ErrorInfo"].reason == "REQUEST_ID_REUSED"


async def test_request_ids_are_per_tenant_and_per_method(nexus):
    a, b = nexus.a, nexus.b
    req = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(media_type=1), request_id="same"
    )
    ia = await a.interactions.CreateInteraction(req, metadata=a.md)
    ib = await b.interactions.CreateInteraction(req, metadata=b.md)
    assert ia.name != ib.name
    q = await a.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=ia.name, queue="q", request_id="same"), metadata=a.md
    )
    assert q.state == ipb.STATE_QUEUED


async def test_lifecycle_retry_does_not_transition_twice(nexus):
    a = nexus.a
    i = await create(a)
    req = ispb.QueueInteractionRequest(name=i.name, queue="support", request_id="q-1")
    first = await a.interactions.QueueInteraction(req, metadata=a.md)
    # without request_id a second Queue from QUEUED would be illegal; with it, it's the same answer
    second = await a.interactions.QueueInteraction(req, metadata=a.md)
    assert first == second
    changes = [e for e in await events(a) if e.type == "interaction.state_changed"]
    assert len(changes) == 1
    await expect_error(
        a.interactions.QueueInteraction(
            ispb.QueueInteractionRequest(name=i.name, queue="support"), metadata=a.md
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )


async def test_failed_request_is_not_remembered(nexus):
    a = nexus.a
    i = await create(a)
    bad = ispb.OfferInteractionRequest(name=i.name, agent="ann", request_id="o-1")
    await expect_error(
        a.interactions.OfferInteraction(bad, metadata=a.md), grpc.StatusCode.FAILED_PRECONDITION
    )
    await a.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=i.name, queue="q"), metadata=a.md
    )
    offered = await a.interactions.OfferInteraction(bad, metadata=a.md)
    assert offered.state == ipb.STATE_OFFERED


async def test_message_and_participant_and_webhook_retries(nexus):
    a = nexus.a
    i = await create(a)
    send = ispb.SendMessageRequest(
        parent=i.name, message=ipb.Message(direction=1, text="hi"), request_id="m-1"
    )
    m1 = await a.interactions.SendMessage(send, metadata=a.md)
    m2 = await a.interactions.SendMessage(send, metadata=a.md)
    assert m1 == m2
    assert (
        len(
            (
                await a.interactions.ListMessages(
                    ispb.ListMessagesRequest(parent=i.name), metadata=a.md
                )
            ).messages
        )
        == 1
    )
    add = ispb.AddParticipantRequest(
        parent=i.name, participant=ipb.Participant(role=2), request_id="p-1"
    )
    assert await a.interactions.AddParticipant(
        add, metadata=a.md
    ) == await a.interactions.AddParticipant(add, metadata=a.md)
    create_hook = wspb.CreateWebhookRequest(
        webhook=wpb.Webhook(url="https://x.example/h"), request_id="w-1"
    )
    h1 = await a.webhooks.CreateWebhook(create_hook, metadata=a.md)
    h2 = await a.webhooks.CreateWebhook(create_hook, metadata=a.md)
    assert h1 == h2 and h1.secret
    assert (
        len((await a.webhooks.ListWebhooks(wspb.ListWebhooksRequest(), metadata=a.md)).webhooks)
        == 1
    )
    rotate = wspb.RotateWebhookSecretRequest(name=h1.name, request_id="rot-1")
    r1 = await a.webhooks.RotateWebhookSecret(rotate, metadata=a.md)
    r2 = await a.webhooks.RotateWebhookSecret(rotate, metadata=a.md)
    assert r1.secret == r2.secret
    secrets = await db(nexus.running.store.webhook_secrets, h1.name.split("/")[1], 0)
    assert len(secrets) == 2


async def test_request_ids_are_forgotten_after_their_window(nexus):
    from nexus.app import prune_request_ids

    a = nexus.a
    req = ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=1), request_id="old")
    first = await a.interactions.CreateInteraction(req, metadata=a.md)
    core = nexus.running.core
    core.config = core.config.replace(request_id_ttl_s=-1.0)  # everything is past its window
    assert await nexus.running.work.write(lambda: prune_request_ids(core)) >= 1
    second = await a.interactions.CreateInteraction(req, metadata=a.md)
    assert second.name != first.name
