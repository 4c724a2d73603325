"""The gRPC servicers. Each method is one line: the caller's request goes to the core."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeAlias, TypeVar

import grpc
from google.api import httpbody_pb2
from google.protobuf import empty_pb2

from nexus.api.interceptors import api_key, origin, principal
from nexus.api.provider import inbound_request
from nexus.core import Core
from nexus.domain import lifecycle
from nexus.store import Work
from nexus.v1 import access_pb2 as apb
from nexus.v1 import access_service_pb2 as aspb
from nexus.v1 import access_service_pb2_grpc as aspb_grpc
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import channel_service_pb2_grpc as cspb_grpc
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb
from nexus.v1 import webhook_service_pb2_grpc as wspb_grpc

Ctx: TypeAlias = grpc.aio.ServicerContext
T = TypeVar("T")


class _Servicer:
    """Every call is one unit of work: a write (group commit) or a read."""

    def __init__(self, core: Core, work: Work) -> None:
        self.core = core
        self.work = work

    async def _write(self, use_case: Callable[..., T], request: Any, *args: Any) -> T:
        p = principal()
        return await self.work.write(lambda: use_case(p, request, *args))

    async def _read(self, use_case: Callable[..., T], request: Any) -> T:
        p = principal()
        return await self.work.run(lambda: use_case(p, request))


class InteractionServicer(_Servicer, ispb_grpc.InteractionServiceServicer):
    async def CreateInteraction(self, r: ispb.CreateInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.create, r)

    async def GetInteraction(self, r: ispb.GetInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._read(self.core.interactions.get, r)

    async def ListInteractions(
        self, r: ispb.ListInteractionsRequest, c: Ctx
    ) -> ispb.ListInteractionsResponse:
        return await self._read(self.core.interactions.list, r)

    async def UpdateInteraction(self, r: ispb.UpdateInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.update, r)

    async def GetStateModel(self, r: ispb.GetStateModelRequest, c: Ctx) -> ispb.StateModel:
        return self.core.interactions.state_model()

    async def GetTimerPolicy(self, r: ispb.GetTimerPolicyRequest, c: Ctx) -> ipb.TimerPolicy:
        return await self._read(self.core.timer_policies.get_timer_policy, r)

    async def ListTimerPolicies(
        self, r: ispb.ListTimerPoliciesRequest, c: Ctx
    ) -> ispb.ListTimerPoliciesResponse:
        return await self._read(self.core.timer_policies.list_timer_policies, r)

    async def UpdateTimerPolicy(self, r: ispb.UpdateTimerPolicyRequest, c: Ctx) -> ipb.TimerPolicy:
        return await self._write(self.core.timer_policies.update_timer_policy, r)

    async def QueueInteraction(self, r: ispb.QueueInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.QUEUE)

    async def AutomateInteraction(
        self, r: ispb.AutomateInteractionRequest, c: Ctx
    ) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.AUTOMATE)

    async def OfferInteraction(self, r: ispb.OfferInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.OFFER)

    async def AcceptInteraction(self, r: ispb.AcceptInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.ACCEPT)

    async def DeclineInteraction(
        self, r: ispb.DeclineInteractionRequest, c: Ctx
    ) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.DECLINE)

    async def TransferInteraction(
        self, r: ispb.TransferInteractionRequest, c: Ctx
    ) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.TRANSFER)

    async def WaitInteraction(self, r: ispb.WaitInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.WAIT)

    async def ResumeInteraction(self, r: ispb.ResumeInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.RESUME)

    async def SnoozeInteraction(self, r: ispb.SnoozeInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.SNOOZE)

    async def WrapUpInteraction(self, r: ispb.WrapUpInteractionRequest, c: Ctx) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.WRAP_UP)

    async def CompleteInteraction(
        self, r: ispb.CompleteInteractionRequest, c: Ctx
    ) -> ipb.Interaction:
        return await self._write(self.core.interactions.transition, r, lifecycle.COMPLETE)

    async def AddParticipant(self, r: ispb.AddParticipantRequest, c: Ctx) -> ipb.Participant:
        return await self._write(self.core.interactions.add_participant, r)

    async def RemoveParticipant(self, r: ispb.RemoveParticipantRequest, c: Ctx) -> ipb.Participant:
        return await self._write(self.core.interactions.remove_participant, r)

    async def ListParticipants(
        self, r: ispb.ListParticipantsRequest, c: Ctx
    ) -> ispb.ListParticipantsResponse:
        return await self._read(self.core.interactions.list_participants, r)

    async def SendMessage(self, r: ispb.SendMessageRequest, c: Ctx) -> ipb.Message:
        return await self._write(self.core.interactions.send_message, r)

    async def GetMessage(self, r: ispb.GetMessageRequest, c: Ctx) -> ipb.Message:
        return await self._read(self.core.interactions.get_message, r)

    async def ListMessages(self, r: ispb.ListMessagesRequest, c: Ctx) -> ispb.ListMessagesResponse:
        return await self._read(self.core.interactions.list_messages, r)

    async def MarkMessageRead(self, r: ispb.MarkMessageReadRequest, c: Ctx) -> ipb.Message:
        return await self._write(self.core.interactions.mark_read, r)

    async def SendTyping(self, r: ispb.SendTypingRequest, c: Ctx) -> ipb.TypingIndicator:
        return await self._write(self.core.typing.send_typing, r)


class WebhookServicer(_Servicer, wspb_grpc.WebhookServiceServicer):
    async def CreateWebhook(self, r: wspb.CreateWebhookRequest, c: Ctx) -> wpb.Webhook:
        await self.core.webhooks.vet_webhook_url(r)  # resolves the host: not inside the write
        return await self._write(self.core.webhooks.create_webhook, r)

    async def GetWebhook(self, r: wspb.GetWebhookRequest, c: Ctx) -> wpb.Webhook:
        return await self._read(self.core.webhooks.get_webhook, r)

    async def ListWebhooks(self, r: wspb.ListWebhooksRequest, c: Ctx) -> wspb.ListWebhooksResponse:
        return await self._read(self.core.webhooks.list_webhooks, r)

    async def UpdateWebhook(self, r: wspb.UpdateWebhookRequest, c: Ctx) -> wpb.Webhook:
        await self.core.webhooks.vet_webhook_url(r)  # resolves the host: not inside the write
        return await self._write(self.core.webhooks.update_webhook, r)

    async def DeleteWebhook(self, r: wspb.DeleteWebhookRequest, c: Ctx) -> empty_pb2.Empty:
        await self._write(self.core.webhooks.delete_webhook, r)
        return empty_pb2.Empty()

    async def RotateWebhookSecret(
        self, r: wspb.RotateWebhookSecretRequest, c: Ctx
    ) -> wspb.RotateWebhookSecretResponse:
        return await self._write(self.core.webhooks.rotate_secret, r)

    async def ListDeliveries(
        self, r: wspb.ListDeliveriesRequest, c: Ctx
    ) -> wspb.ListDeliveriesResponse:
        return await self._read(self.core.deliveries.list_deliveries, r)

    async def ListDeliveryAttempts(
        self, r: wspb.ListDeliveryAttemptsRequest, c: Ctx
    ) -> wspb.ListDeliveryAttemptsResponse:
        return await self._read(self.core.deliveries.list_attempts, r)

    async def RedeliverEvent(self, r: wspb.RedeliverEventRequest, c: Ctx) -> dpb.Delivery:
        return await self._write(self.core.deliveries.redeliver, r)

    async def RecoverDeliveries(
        self, r: wspb.RecoverDeliveriesRequest, c: Ctx
    ) -> wspb.RecoverDeliveriesResponse:
        return await self._write(self.core.deliveries.recover, r)

    async def TestWebhook(self, r: wspb.TestWebhookRequest, c: Ctx) -> wspb.TestWebhookResponse:
        job = await self._write(self.core.deliveries.start_test, r)
        result = await self.core.deliveries.deliverer.attempt(job, trigger="test", retry=False)
        return await self._write(self.core.deliveries.finish_test, result)


class ChannelServicer(_Servicer, cspb_grpc.ChannelServiceServicer):
    async def CreateChannel(self, r: cspb.CreateChannelRequest, c: Ctx) -> cpb.Channel:
        await self.core.channels.vet_channel_url(r)  # resolves the host: not inside the write
        return await self._write(self.core.channels.create_channel, r)

    async def GetChannel(self, r: cspb.GetChannelRequest, c: Ctx) -> cpb.Channel:
        return await self._read(self.core.channels.get_channel, r)

    async def ListChannels(self, r: cspb.ListChannelsRequest, c: Ctx) -> cspb.ListChannelsResponse:
        return await self._read(self.core.channels.list_channels, r)

    async def UpdateChannel(self, r: cspb.UpdateChannelRequest, c: Ctx) -> cpb.Channel:
        await self.core.channels.vet_channel_url(r)  # resolves the host: not inside the write
        return await self._write(self.core.channels.update_channel, r)

    async def DeleteChannel(self, r: cspb.DeleteChannelRequest, c: Ctx) -> empty_pb2.Empty:
        await self._write(self.core.channels.delete_channel, r)
        return empty_pb2.Empty()

    async def RotateChannelSecret(
        self, r: cspb.RotateChannelSecretRequest, c: Ctx
    ) -> cspb.RotateChannelSecretResponse:
        return await self._write(self.core.channels.rotate_channel_secret, r)

    async def ReceiveMessages(
        self, r: cspb.ReceiveMessagesRequest, c: Ctx
    ) -> cspb.ReceiveMessagesResponse:
        return await self._write(self.core.channels.receive_messages, r)

    async def ReceiveReceipts(
        self, r: cspb.ReceiveReceiptsRequest, c: Ctx
    ) -> cspb.ReceiveReceiptsResponse:
        return await self._write(self.core.channels.receive_receipts, r)

    async def ReceiveProviderRequest(
        self, r: cspb.ReceiveProviderRequestRequest, c: Ctx
    ) -> httpbody_pb2.HttpBody:
        # No API key: the channel names the tenant, the provider's signature proves it.
        p, channel, config, profile = await self.work.run(
            lambda: self.core.channels.provider_channel(r.channel, r.topic)
        )
        request = inbound_request(r, c.invocation_metadata() or (), config.public_url)
        parsed = await self.work.run(
            lambda: self.core.channels.parse_provider_request(profile, config, request)
        )
        return await self.work.write(
            lambda: self.core.channels.apply_provider_request(p, channel, parsed)
        )


class EventServicer(_Servicer, espb_grpc.EventServiceServicer):
    def __init__(self, core: Core, work: Work, heartbeat_s: float, poll_s: float) -> None:
        super().__init__(core, work)
        self.heartbeat_s = heartbeat_s
        self.poll_s = poll_s

    async def ListEvents(self, r: espb.ListEventsRequest, c: Ctx) -> espb.ListEventsResponse:
        return await self._read(self.core.events.list_events, r)

    def WatchEvents(
        self, r: espb.WatchEventsRequest, c: Ctx
    ) -> AsyncIterator[espb.WatchEventsResponse]:
        return self.core.events.watch(
            principal(), api_key(), r, self.heartbeat_s, self.poll_s, self.work.run
        )


class AccessServicer(_Servicer, aspb_grpc.AccessServiceServicer):
    async def GetCaller(self, r: aspb.GetCallerRequest, c: Ctx) -> apb.Caller:
        return self.core.access.caller(principal())

    async def CreateApiKey(self, r: aspb.CreateApiKeyRequest, c: Ctx) -> apb.ApiKey:
        return await self._write(self.core.access.create_key, r)

    async def GetApiKey(self, r: aspb.GetApiKeyRequest, c: Ctx) -> apb.ApiKey:
        return await self._read(self.core.access.get_key, r)

    async def ListApiKeys(self, r: aspb.ListApiKeysRequest, c: Ctx) -> aspb.ListApiKeysResponse:
        return await self._read(self.core.access.list_keys, r)

    async def RevokeApiKey(self, r: aspb.RevokeApiKeyRequest, c: Ctx) -> apb.ApiKey:
        return await self._write(self.core.access.revoke_key, r)

    async def StartChat(self, r: aspb.StartChatRequest, c: Ctx) -> apb.ChatSession:
        return await self._write(self.core.access.start_chat, r, origin())

    async def RefreshChatSession(
        self, r: aspb.RefreshChatSessionRequest, c: Ctx
    ) -> apb.ChatSession:
        p = principal()
        return await self.work.run(lambda: self.core.access.refresh_chat(p))
