"""Every RPC is scoped to the caller's tenant; another tenant's resources do not exist."""

from __future__ import annotations

import grpc
import pytest

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import create, db, expect_error, in_state

S = ipb.State


async def test_every_rpc_on_another_tenants_resources_is_not_found(nexus):
    a, b = nexus.a, nexus.b
    i = await in_state(a, S.STATE_ACTIVE)
    part = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(parent=i.name, participant=ipb.Participant(role=1)),
        metadata=a.md,
    )
    msg = await a.interactions.SendMessage(
        ispb.SendMessageRequest(parent=i.name, message=ipb.Message(direction=1, text="secret")),
        metadata=a.md,
    )
    hook = await a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(webhook=wpb.Webhook(url="https://a.example/h")), metadata=a.md
    )
    n, bi, bw = i.name, b.interactions, b.webhooks
    md = b.md
    calls = [
        bi.GetInteraction(ispb.GetInteractionRequest(name=n), metadata=md),
        bi.UpdateInteraction(
            ispb.UpdateInteractionRequest(interaction=ipb.Interaction(name=n, priority=1)),
            metadata=md,
        ),
        bi.QueueInteraction(ispb.QueueInteractionRequest(name=n, queue="q"), metadata=md),
        bi.AutomateInteraction(ispb.AutomateInteractionRequest(name=n, bot="b"), metadata=md),
        bi.OfferInteraction(ispb.OfferInteractionRequest(name=n, agent="x"), metadata=md),
        bi.AcceptInteraction(ispb.AcceptInteractionRequest(name=n, agent="x"), metadata=md),
        bi.DeclineInteraction(ispb.DeclineInteractionRequest(name=n), metadata=md),
        bi.TransferInteraction(ispb.TransferInteractionRequest(name=n, queue="q"), metadata=md),
        bi.WaitInteraction(ispb.WaitInteractionRequest(name=n), metadata=md),
        bi.ResumeInteraction(ispb.ResumeInteractionRequest(name=n), metadata=md),
        bi.WrapUpInteraction(ispb.WrapUpInteractionRequest(name=n), metadata=md),
        bi.CompleteInteraction(ispb.CompleteInteractionRequest(name=n, reason=1), metadata=md),
        bi.AddParticipant(
            ispb.AddParticipantRequest(parent=n, participant=ipb.Participant(role=1)), metadata=md
        ),
        bi.RemoveParticipant(ispb.RemoveParticipantRequest(name=part.name), metadata=md),
        bi.ListParticipants(ispb.ListParticipantsRequest(parent=n), metadata=md),
        bi.SendMessage(
            ispb.SendMessageRequest(parent=n, message=ipb.Message(direction=1, text="x")),
            metadata=md,
        ),
        bi.GetMessage(ispb.GetMessageRequest(name=msg.name), metadata=md),
        bi.ListMessages(ispb.ListMessagesRequest(parent=n), metadata=md),
        bi.MarkMessageRead(ispb.MarkMessageReadRequest(name=msg.name), metadata=md),
        bw.GetWebhook(wspb.GetWebhookRequest(name=hook.name), metadata=md),
        bw.UpdateWebhook(
            wspb.UpdateWebhookRequest(webhook=wpb.Webhook(name=hook.name, description="x")),
            metadata=md,
        ),
        bw.DeleteWebhook(wspb.DeleteWebhookRequest(name=hook.name), metadata=md),
        bw.RotateWebhookSecret(wspb.RotateWebhookSecretRequest(name=hook.name), metadata=md),
    ]
    snooze = ispb.SnoozeInteractionRequest(name=n)
    snooze.snooze_until.GetCurrentTime()
    snooze.snooze_until.seconds += 3600
    calls.append(bi.SnoozeInteraction(snooze, metadata=md))
    for coro in calls:
        await expect_error(coro, grpc.StatusCode.NOT_FOUND)
    # nothing of A's changed, and B's lists and event log are empty
    now = await a.interactions.GetInteraction(ispb.GetInteractionRequest(name=n), metadata=a.md)
    assert (now.state, now.sequence) == (i.state, i.sequence + 2)  # + participant, + message
    assert not (await bi.ListInteractions(ispb.ListInteractionsRequest(), metadata=md)).interactions
    assert not (await bw.ListWebhooks(wspb.ListWebhooksRequest(), metadata=md)).webhooks
    assert not (await b.events.ListEvents(espb.ListEventsRequest(), metadata=md)).events
    await expect_error(
        b.events.ListEvents(espb.ListEventsRequest(interaction=n), metadata=md),
        grpc.StatusCode.NOT_FOUND,
    )
    watch = b.events.WatchEvents(
        espb.WatchEventsRequest(interaction=n, after_cursor=0), metadata=md
    )
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await watch.read()
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


async def test_tenants_see_only_their_own_lists_and_events(nexus):
    a, b = nexus.a, nexus.b
    ia = await create(a)
    ib = await create(b)
    la = await a.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=a.md)
    lb = await b.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=b.md)
    assert [i.name for i in la.interactions] == [ia.name]
    assert [i.name for i in lb.interactions] == [ib.name]
    ea = (await a.events.ListEvents(espb.ListEventsRequest(), metadata=a.md)).events
    assert {e.interaction for e in ea} == {ia.name}
    assert len({e.tenant for e in ea}) == 1


@pytest.mark.parametrize("key", [None, "", "nxs_wrong"])
async def test_missing_or_wrong_key_is_unauthenticated(nexus, key):
    md = () if key is None else (("x-api-key", key),)
    found = await expect_error(
        nexus.a.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=md),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    assert found["ErrorInfo"].reason in {"API_KEY_MISSING", "API_KEY_INVALID"}


async def test_revoked_key_stops_working(nexus):
    core, store = nexus.running.core, nexus.running.store
    tenant = await db(store.get_tenant, "tenant-a")
    key = await db(core.create_key, tenant.id, "temp")
    client = nexus.client(key)
    await client.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=client.md)

    def revoke() -> bool:
        with store.transaction():
            return store.revoke_api_key(key[:12], 1)

    assert await db(revoke)
    await expect_error(
        client.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=client.md),
        grpc.StatusCode.UNAUTHENTICATED,
    )


async def test_keys_are_stored_hashed(nexus):
    store = nexus.running.store
    rows = await db(lambda: store.conn.execute("SELECT key_hash, prefix FROM api_keys").fetchall())
    assert rows
    for key_hash, prefix in rows:
        assert len(key_hash) == 64 and nexus.a.api_key not in key_hash
        assert len(prefix) == 12
