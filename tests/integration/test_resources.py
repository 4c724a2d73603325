"""Interactions, participants, messages and webhooks: every standard method, as a user sees it."""

from __future__ import annotations

import grpc
from google.protobuf import duration_pb2, field_mask_pb2

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import create, db, expect_error, in_state

S = ipb.State


async def list_all(client, **filters) -> list[ipb.Interaction]:
    out, token = [], ""
    while True:
        resp = await client.interactions.ListInteractions(
            ispb.ListInteractionsRequest(page_size=2, page_token=token, **filters),
            metadata=client.md,
        )
        out.extend(resp.interactions)
        token = resp.next_page_token
        if not token:
            return out


async def test_list_filters_order_and_paging(nexus):
    a = nexus.a
    chat = await create(a, channel="web")
    email = await create(
        a, media_type=ipb.MEDIA_TYPE_EMAIL, customer_address="pat@example.com", securebox="sales"
    )
    sms = await create(
        a, media_type=ipb.MEDIA_TYPE_SMS, customer_address="+15550001111", thread_id="t-9"
    )
    queued = await in_state(a, S.STATE_QUEUED, channel="web")
    names = lambda items: [i.name for i in items]  # noqa: E731
    assert names(await list_all(a)) == [chat.name, email.name, sms.name, queued.name]
    assert names(await list_all(a, order_by="create_time desc")) == [
        queued.name,
        sms.name,
        email.name,
        chat.name,
    ]
    assert names(await list_all(a, channel="web")) == [chat.name, queued.name]
    assert names(await list_all(a, states=[S.STATE_QUEUED])) == [queued.name]
    assert names(
        await list_all(a, states=[S.STATE_QUEUED, S.STATE_NEW], media_type=ipb.MEDIA_TYPE_CHAT)
    ) == [chat.name, queued.name]
    assert names(await list_all(a, customer_address="pat@example.com")) == [email.name]
    assert names(await list_all(a, securebox="sales")) == [email.name]
    assert names(await list_all(a, thread_id="t-9")) == [sms.name]
    req = {"create_time_after": email.create_time, "create_time_before": queued.create_time}
    assert names(await list_all(a, **req)) == [email.name, sms.name]
    # secure-email read status follows the transcript
    assert names(await list_all(a, read_status=ipb.READ_STATUS_UNREAD)) == []
    msg = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=email.name,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="Your invoice"),
        ),
        metadata=a.md,
    )
    assert names(await list_all(a, read_status=ipb.READ_STATUS_UNREAD)) == [email.name]
    await a.interactions.MarkMessageRead(ispb.MarkMessageReadRequest(name=msg.name), metadata=a.md)
    assert names(await list_all(a, read_status=ipb.READ_STATUS_UNREAD)) == []
    assert email.name in names(await list_all(a, read_status=ipb.READ_STATUS_READ))


async def test_page_token_is_bound_to_its_filter(nexus):
    a = nexus.a
    for _ in range(3):
        await create(a, channel="web")
    first = await a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(page_size=1, channel="web"), metadata=a.md
    )
    assert first.next_page_token
    await expect_error(
        a.interactions.ListInteractions(
            ispb.ListInteractionsRequest(
                page_size=1, channel="sms", page_token=first.next_page_token
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )


async def test_update_with_mask_and_etag(nexus):
    a = nexus.a
    i = await create(a, priority=10, subject="old", attributes={"lang": "en"})
    updated = await a.interactions.UpdateInteraction(
        ispb.UpdateInteractionRequest(
            interaction=ipb.Interaction(name=i.name, priority=90, subject="ignored", etag=i.etag),
            update_mask=field_mask_pb2.FieldMask(paths=["priority"]),
        ),
        metadata=a.md,
    )
    assert (updated.priority, updated.subject) == (90, "old")
    assert updated.etag != i.etag
    found = await expect_error(
        a.interactions.UpdateInteraction(
            ispb.UpdateInteractionRequest(
                interaction=ipb.Interaction(name=i.name, priority=1, etag=i.etag)
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.ABORTED,
    )
    assert found["ErrorInfo"].reason == "ETAG_MISMATCH"
    # no mask: the populated fields are written
    again = await a.interactions.UpdateInteraction(
        ispb.UpdateInteractionRequest(
            interaction=ipb.Interaction(name=i.name, attributes={"lang": "fr", "vip": "yes"})
        ),
        metadata=a.md,
    )
    assert dict(again.attributes) == {"lang": "fr", "vip": "yes"} and again.priority == 90
    events = (
        await a.events.ListEvents(espb.ListEventsRequest(interaction=i.name), metadata=a.md)
    ).events
    assert [e.type for e in events] == [
        "interaction.created",
        "interaction.updated",
        "interaction.updated",
    ]
    assert list(events[1].changed_fields) == ["priority"]
    assert list(events[2].changed_fields) == ["attributes"]
    # an update that changes nothing writes nothing
    same = await a.interactions.UpdateInteraction(
        ispb.UpdateInteractionRequest(interaction=ipb.Interaction(name=i.name, priority=90)),
        metadata=a.md,
    )
    assert same.sequence == again.sequence
    done = await in_state(a, S.STATE_COMPLETED)
    found = await expect_error(
        a.interactions.UpdateInteraction(
            ispb.UpdateInteractionRequest(interaction=ipb.Interaction(name=done.name, priority=3)),
            metadata=a.md,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "INTERACTION_COMPLETED"


async def test_participants_and_transcript(nexus):
    a = nexus.a
    i = await create(a)
    customer = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(
            parent=i.name,
            participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_CUSTOMER, display_name="Pat"),
        ),
        metadata=a.md,
    )
    agent = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(
            parent=i.name,
            participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_AGENT, identity="ann"),
        ),
        metadata=a.md,
    )
    assert customer.name.startswith(i.name + "/participants/") and customer.HasField("join_time")
    texts = ["hello", "hi, how can I help?", "internal: check CRM", "thanks"]
    senders = [customer, agent, agent, customer]
    for text, sender in zip(texts, senders, strict=True):
        await a.interactions.SendMessage(
            ispb.SendMessageRequest(
                parent=i.name,
                message=ipb.Message(
                    sender=sender.name,
                    text=text,
                    internal=text.startswith("internal"),
                    direction=ipb.DIRECTION_INBOUND
                    if sender is customer
                    else ipb.DIRECTION_OUTBOUND,
                    attachments=[
                        ipb.Attachment(
                            filename="a.pdf",
                            content_type="application/pdf",
                            uri="https://files.example/a.pdf",
                            size_bytes=10,
                        )
                    ]
                    if text == "thanks"
                    else [],
                ),
            ),
            metadata=a.md,
        )
    page1 = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=i.name, page_size=3), metadata=a.md
    )
    page2 = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=i.name, page_size=3, page_token=page1.next_page_token),
        metadata=a.md,
    )
    assert [m.text for m in [*page1.messages, *page2.messages]] == texts
    assert [m.index for m in page1.messages] == [1, 2, 3]
    assert not page2.next_page_token
    public = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=i.name, exclude_internal=True), metadata=a.md
    )
    assert [m.text for m in public.messages] == ["hello", "hi, how can I help?", "thanks"]
    got = await a.interactions.GetMessage(
        ispb.GetMessageRequest(name=page2.messages[0].name), metadata=a.md
    )
    assert got.attachments[0].filename == "a.pdf"
    now = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=i.name), metadata=a.md
    )
    assert (now.message_count, now.unread_count) == (4, 3)

    left = await a.interactions.RemoveParticipant(
        ispb.RemoveParticipantRequest(name=agent.name), metadata=a.md
    )
    assert left.HasField("leave_time")
    found = await expect_error(
        a.interactions.RemoveParticipant(
            ispb.RemoveParticipantRequest(name=agent.name), metadata=a.md
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "PARTICIPANT_ALREADY_LEFT"
    found = await expect_error(
        a.interactions.SendMessage(
            ispb.SendMessageRequest(
                parent=i.name, message=ipb.Message(sender=agent.name, direction=2, text="x")
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "SENDER_HAS_LEFT"
    parts = await a.interactions.ListParticipants(
        ispb.ListParticipantsRequest(parent=i.name), metadata=a.md
    )
    assert {p.name for p in parts.participants} == {customer.name, agent.name}

    events = (
        await a.events.ListEvents(
            espb.ListEventsRequest(interaction=i.name, page_size=100), metadata=a.md
        )
    ).events
    assert [e.type for e in events] == [
        "interaction.created",
        "participant.joined",
        "participant.joined",
        *["message.created"] * 4,
        "participant.left",
    ]
    assert events[3].message.text == "hello" and events[3].subject == events[3].message.name
    assert [e.sequence for e in events] == list(range(1, 9))


async def test_mark_read_is_idempotent_and_recorded_once(nexus):
    a = nexus.a
    i = await create(a, media_type=ipb.MEDIA_TYPE_EMAIL, customer_address="pat@example.com")
    m = await a.interactions.SendMessage(
        ispb.SendMessageRequest(parent=i.name, message=ipb.Message(direction=2, text="hi")),
        metadata=a.md,
    )
    first = await a.interactions.MarkMessageRead(
        ispb.MarkMessageReadRequest(name=m.name), metadata=a.md
    )
    second = await a.interactions.MarkMessageRead(
        ispb.MarkMessageReadRequest(name=m.name), metadata=a.md
    )
    assert first == second and first.HasField("read_time")
    events = (
        await a.events.ListEvents(
            espb.ListEventsRequest(event_types=["message.read"]), metadata=a.md
        )
    ).events
    assert len(events) == 1 and events[0].interaction_snapshot.unread_count == 0


async def test_no_writes_on_a_completed_interaction(nexus):
    a = nexus.a
    done = await in_state(a, S.STATE_COMPLETED)
    for coro in (
        a.interactions.SendMessage(
            ispb.SendMessageRequest(
                parent=done.name, message=ipb.Message(direction=1, text="late")
            ),
            metadata=a.md,
        ),
        a.interactions.AddParticipant(
            ispb.AddParticipantRequest(parent=done.name, participant=ipb.Participant(role=2)),
            metadata=a.md,
        ),
    ):
        found = await expect_error(coro, grpc.StatusCode.FAILED_PRECONDITION)
        assert found["ErrorInfo"].reason == "INTERACTION_COMPLETED"


async def test_not_found(nexus):
    a = nexus.a
    missing = "interactions/aaaaaaaaaaaaaaaaaaaaaaaaaa"
    found = await expect_error(
        a.interactions.GetInteraction(ispb.GetInteractionRequest(name=missing), metadata=a.md),
        grpc.StatusCode.NOT_FOUND,
    )
    assert found["ResourceInfo"].resource_name == missing
    await expect_error(
        a.interactions.GetMessage(
            ispb.GetMessageRequest(name=missing + "/messages/x1"), metadata=a.md
        ),
        grpc.StatusCode.NOT_FOUND,
    )
    await expect_error(
        a.webhooks.GetWebhook(wspb.GetWebhookRequest(name="webhooks/zz"), metadata=a.md),
        grpc.StatusCode.NOT_FOUND,
    )


async def test_webhook_lifecycle(nexus):
    a = nexus.a
    created = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(
                url="https://crm.example.com/hooks/nexus",
                description="CRM",
                event_types=["interaction.*"],
                media_types=[ipb.MEDIA_TYPE_EMAIL],
                headers={"Authorization": "Bearer t"},
            )
        ),
        metadata=a.md,
    )
    assert created.secret.startswith("whsec_") and created.enabled
    assert created.format == wpb.WEBHOOK_FORMAT_STANDARD
    got = await a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=created.name), metadata=a.md)
    assert got.secret == "" and got.url == created.url and got.etag == created.etag
    store = nexus.running.store
    webhook_id = created.name.split("/")[1]
    assert [s.secret for s in await db(store.webhook_secrets, webhook_id, 0)] == [created.secret]

    updated = await a.webhooks.UpdateWebhook(
        wspb.UpdateWebhookRequest(
            webhook=wpb.Webhook(name=created.name, enabled=False, etag=got.etag),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        ),
        metadata=a.md,
    )
    assert updated.enabled is False and updated.etag != got.etag
    await expect_error(
        a.webhooks.UpdateWebhook(
            wspb.UpdateWebhookRequest(
                webhook=wpb.Webhook(name=created.name, description="x", etag=got.etag)
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.ABORTED,
    )
    updated = await a.webhooks.UpdateWebhook(
        wspb.UpdateWebhookRequest(
            webhook=wpb.Webhook(name=created.name, event_types=["message.created"], headers={})
        ),
        metadata=a.md,
    )
    assert list(updated.event_types) == ["message.created"]

    rotated = await a.webhooks.RotateWebhookSecret(
        wspb.RotateWebhookSecretRequest(
            name=created.name, grace_period=duration_pb2.Duration(seconds=3600)
        ),
        metadata=a.md,
    )
    assert rotated.secret.startswith("whsec_") and rotated.secret != created.secret
    secrets = [
        s.secret
        for s in await db(store.webhook_secrets, webhook_id, nexus.running.core.clock.now_us())
    ]
    assert secrets == [rotated.secret, created.secret], "both sign during the grace period"
    later = rotated.previous_secret_expire_time.ToMicroseconds() + 1
    assert [s.secret for s in await db(store.webhook_secrets, webhook_id, later)] == [
        rotated.secret
    ]
    immediate = await a.webhooks.RotateWebhookSecret(
        wspb.RotateWebhookSecretRequest(
            name=created.name, grace_period=duration_pb2.Duration(seconds=0)
        ),
        metadata=a.md,
    )
    assert [
        s.secret
        for s in await db(store.webhook_secrets, webhook_id, nexus.running.core.clock.now_us())
    ] == [immediate.secret]

    listed = await a.webhooks.ListWebhooks(wspb.ListWebhooksRequest(), metadata=a.md)
    assert [w.name for w in listed.webhooks] == [created.name] and not listed.webhooks[0].secret
    await a.webhooks.DeleteWebhook(wspb.DeleteWebhookRequest(name=created.name), metadata=a.md)
    await expect_error(
        a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=created.name), metadata=a.md),
        grpc.StatusCode.NOT_FOUND,
    )
    assert await db(store.webhook_secrets, webhook_id, 0) == []
    events = (
        await a.events.ListEvents(espb.ListEventsRequest(event_types=["webhook.*"]), metadata=a.md)
    ).events
    assert [e.type for e in events] == [
        "webhook.created",
        "webhook.updated",
        "webhook.updated",
        "webhook.secret_rotated",
        "webhook.secret_rotated",
        "webhook.deleted",
    ]
    assert all(not e.webhook.secret for e in events)
