"""Use cases of ChannelService: channels as resources, inbound messages and receipts, and
the outcome of outbound sends (recorded for the channel sender)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from google.api import httpbody_pb2

from nexus import metrics
from nexus.channels.base import BadPayload, BadSignature, ChannelConfig, InboundRequest, Parsed
from nexus.channels.base import Profile as ChannelProfileAdapter
from nexus.core.base import Context, IssuedSecret, UseCases, check_etag
from nexus.core.interactions import Interactions
from nexus.core.typing import Typing
from nexus.core.webhooks import generate_secret
from nexus.domain import channels as rules
from nexus.domain import events as ev
from nexus.domain import lifecycle, tokens
from nexus.domain import validation as val
from nexus.domain.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NexusError,
    NotFound,
    PreconditionViolation,
    Unauthenticated,
    Violations,
    status_of,
)
from nexus.ids import new_id
from nexus.store.base import OutboxStatus, Principal, SendOutcome
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

S = ipb.State
D = ipb.MessageDeliveryState
INBOUND = ipb.DIRECTION_INBOUND
OUTBOUND = ipb.DIRECTION_OUTBOUND
MAX_TOPIC = 32
SEND_STATES: dict[int, int] = {
    OutboxStatus.SENT: D.MESSAGE_DELIVERY_STATE_SENT,
    OutboxStatus.FAILED: D.MESSAGE_DELIVERY_STATE_FAILED,
}
DELIVERY_EVENTS: dict[int, str] = {
    D.MESSAGE_DELIVERY_STATE_SENT: ev.MESSAGE_SENT,
    D.MESSAGE_DELIVERY_STATE_DELIVERED: ev.MESSAGE_DELIVERED,
    D.MESSAGE_DELIVERY_STATE_READ: ev.MESSAGE_READ,
    D.MESSAGE_DELIVERY_STATE_FAILED: ev.MESSAGE_FAILED,
}


def etag_of(channel: cpb.Channel) -> str:
    copy = cpb.Channel()
    copy.CopyFrom(channel)
    copy.ClearField("etag")
    copy.ClearField("secret")
    copy.provider.ClearField("credentials")
    return '"' + hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()[:16] + '"'


def tail(name: str) -> str:
    return name.rsplit("/", 1)[-1]


class Channels(UseCases):
    """Channels, and what their providers send and are sent."""

    def __init__(self, ctx: Context, interactions: Interactions, typing: Typing) -> None:
        super().__init__(ctx)
        self.interactions = interactions
        self.typing = typing

    # -- the resource -------------------------------------------------------------------

    def _load_channel(self, p: Principal, channel_id: str, name: str) -> cpb.Channel:
        channel = self.ctx.store.get_channel(p.tenant_id, channel_id)
        if channel is None:
            raise NotFound(name)
        return channel

    def _normal_outbound_url(self, src: cpb.Channel, v: Violations) -> cpb.Channel:
        """``src`` with its outbound URL in the egress client's normal form (as webhooks)."""
        if not src.outbound_url:
            return src
        normal = cpb.Channel()
        normal.CopyFrom(src)
        normal.outbound_url = self.ctx.normal_url(src.outbound_url, "channel.outbound_url", v)
        return normal

    async def vet_channel_url(
        self, req: cspb.CreateChannelRequest | cspb.UpdateChannelRequest
    ) -> None:
        """The SSRF guard before the write, as for webhook URLs (``vet_url``)."""
        if isinstance(req, cspb.UpdateChannelRequest):
            mask = list(req.update_mask.paths)
            if mask and mask != ["*"] and "outbound_url" not in mask:
                return
        if req.channel.outbound_url:
            await self.ctx.vet_url(req.channel.outbound_url, "channel.outbound_url")

    def _store_channel(
        self, p: Principal, channel: cpb.Channel, now: int, credentials: str | None
    ) -> None:
        channel.update_time.FromMicroseconds(now)
        channel.provider.has_credentials = bool(
            credentials if credentials is not None else channel.provider.has_credentials
        )
        channel.provider.ClearField("credentials")
        channel.etag = etag_of(channel)
        self.ctx.store.put_channel(p.tenant_id, channel, credentials)

    def create_channel(self, p: Principal, req: cspb.CreateChannelRequest) -> cpb.Channel:
        v = Violations()
        src = self._normal_outbound_url(req.channel, v)
        rules.channel(src, v, {*rules.UPDATABLE_CHANNEL}, creating=True)
        val.request_meta(v, req.request_id)
        v.raise_if_any()
        issued = IssuedSecret(channel=True)

        def work() -> cpb.Channel:
            now = self.ctx.clock.now_us()
            channel_id = new_id()
            channel = cpb.Channel(
                name=f"channels/{channel_id}",
                kind=src.kind,
                display_name=src.display_name,
                profile=src.profile,
                provider=src.provider,
                outbound_url=src.outbound_url,
                enabled=src.enabled if src.HasField("enabled") else True,
                default_queue=src.default_queue or ("" if src.bot else rules.DEFAULT_QUEUE),
                bot=src.bot,
                supports_typing=src.profile in rules.TYPING_PROFILES,
            )
            if src.profile in rules.RAW_INBOUND:
                topic = "email" if src.profile == cpb.CHANNEL_PROFILE_SMTP else "messages"
                channel.inbound_path = f"/v1/channels/{channel_id}/inbound/{topic}"
            channel.create_time.FromMicroseconds(now)
            self._store_channel(p, channel, now, src.provider.credentials)
            secret = generate_secret()
            issued.secret_id = self.ctx.store.add_channel_secret(channel_id, secret, now)
            self.ctx.append(
                p,
                ev.channel_event(
                    ev.CHANNEL_CREATED, channel, actor=self.ctx.actor(p, ""), now_us=now
                ),
            )
            created = cpb.Channel()
            created.CopyFrom(channel)
            created.secret = secret
            return created

        return self.ctx.idempotent(
            p, "CreateChannel", req, req.request_id, cpb.Channel, work, issued
        )

    def get_channel(self, p: Principal, req: cspb.GetChannelRequest) -> cpb.Channel:
        (channel_id,) = val.parse_name(req.name, "name", "channels")
        return self._load_channel(p, channel_id, req.name)

    def list_channels(
        self, p: Principal, req: cspb.ListChannelsRequest
    ) -> cspb.ListChannelsResponse:
        v = Violations()
        val.enum_value(v, "kind", cpb.ChannelKind, req.kind)
        v.raise_if_any()
        size = val.page_size(req.page_size)
        fp = tokens.fingerprint("channels", p.tenant_id, req.kind)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.keyset)
        rows = self.ctx.store.list_channels(p.tenant_id, req.kind, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(rows, size, tokens.by_create_time, fp)
        return cspb.ListChannelsResponse(channels=page, next_page_token=token)

    def update_channel(self, p: Principal, req: cspb.UpdateChannelRequest) -> cpb.Channel:
        (channel_id,) = val.parse_name(req.channel.name, "channel.name", "channels")
        src = req.channel
        mask = list(req.update_mask.paths)
        # ``provider.x`` narrows the update to one provider setting.
        sub = [m for m in mask if m.startswith("provider.")]
        bad = [m for m in sub if m.removeprefix("provider.") not in rules.PROVIDER_FIELDS]
        if bad:
            raise InvalidArgument(
                [FieldViolation("update_mask", f"cannot update {m!r}") for m in bad]
            )
        populated = [f.name for f, _ in src.ListFields()]
        top = [m for m in mask if not m.startswith("provider.")]
        if sub and "provider" not in top:
            top.append("provider")
        paths = val.update_paths(top, populated, rules.UPDATABLE_CHANNEL) if top or not mask else []
        v = Violations()
        if "outbound_url" in paths:
            src = self._normal_outbound_url(src, v)
        val.request_meta(v, req.request_id)
        v.raise_if_any()

        def work() -> cpb.Channel:
            channel = self._load_channel(p, channel_id, src.name)
            check_etag(channel, src.etag)
            merged = cpb.Channel()
            merged.CopyFrom(channel)
            changed: list[str] = []
            credentials: str | None = None
            for path in paths:
                if path == "provider":
                    fields = [s.removeprefix("provider.") for s in sub] or list(
                        rules.PROVIDER_FIELDS
                    )
                    for f in fields:
                        if f == "credentials":
                            # Write-only, so a read-modify-write of ``provider`` cannot
                            # carry it back: it changes when given, or when named alone.
                            if src.provider.credentials or sub:
                                credentials = src.provider.credentials
                                changed.append("provider.credentials")
                        elif f == "smtp_starttls":
                            if src.provider.HasField("smtp_starttls"):
                                merged.provider.smtp_starttls = src.provider.smtp_starttls
                            else:
                                merged.provider.ClearField("smtp_starttls")
                        else:
                            setattr(merged.provider, f, getattr(src.provider, f))
                    if merged.provider != channel.provider:
                        changed.append("provider")
                elif path == "enabled":
                    new = src.enabled if src.HasField("enabled") else True
                    if channel.enabled != new:
                        merged.enabled = new
                        changed.append(path)
                elif getattr(channel, path) != getattr(src, path):
                    setattr(merged, path, getattr(src, path))
                    changed.append(path)
            check = Violations()
            checked = (set(paths) - {"provider"}) | set(sub) if sub else set(paths)
            probe = cpb.Channel()
            probe.CopyFrom(merged)
            probe.provider.credentials = credentials or ""
            rules.channel(probe, check, checked - {"provider.credentials"}, creating=False)
            if credentials is not None:
                # Cleared credentials are refused where the profile cannot work without.
                rules.provider(probe, check, {"provider.credentials"}, creating=True)
            check.raise_if_any()
            if not changed:
                return channel
            if not merged.default_queue and not merged.bot:
                merged.default_queue = rules.DEFAULT_QUEUE
            now = self.ctx.clock.now_us()
            self._store_channel(p, merged, now, credentials)
            self.ctx.append(
                p,
                ev.channel_event(
                    ev.CHANNEL_UPDATED,
                    merged,
                    actor=self.ctx.actor(p, ""),
                    now_us=now,
                    changed_fields=sorted(set(changed)),
                ),
            )
            return merged

        return self.ctx.idempotent(p, "UpdateChannel", req, req.request_id, cpb.Channel, work)

    def delete_channel(self, p: Principal, req: cspb.DeleteChannelRequest) -> None:
        (channel_id,) = val.parse_name(req.name, "name", "channels")

        def work() -> cpb.Channel:
            channel = self._load_channel(p, channel_id, req.name)
            check_etag(channel, req.etag)
            self.ctx.store.delete_channel(p.tenant_id, channel_id)
            self.ctx.append(
                p,
                ev.channel_event(
                    ev.CHANNEL_DELETED,
                    channel,
                    actor=self.ctx.actor(p, ""),
                    now_us=self.ctx.clock.now_us(),
                ),
            )
            return channel

        self.ctx.write(work)

    def rotate_channel_secret(
        self, p: Principal, req: cspb.RotateChannelSecretRequest
    ) -> cspb.RotateChannelSecretResponse:
        (channel_id,) = val.parse_name(req.name, "name", "channels")
        v = Violations()
        val.request_meta(v, req.request_id)
        grace_us = self.ctx.grace_period_us(req, v)
        v.raise_if_any()
        issued = IssuedSecret(channel=True)

        def work() -> cspb.RotateChannelSecretResponse:
            channel = self._load_channel(p, channel_id, req.name)
            now = self.ctx.clock.now_us()
            secret = generate_secret()
            issued.secret_id = self.ctx.store.add_channel_secret(channel_id, secret, now)
            self.ctx.store.expire_channel_secrets(
                channel_id, keep=secret, expire_time_us=now + grace_us
            )
            channel.previous_secret_expire_time.FromMicroseconds(now + grace_us)
            self._store_channel(p, channel, now, None)
            self.ctx.append(
                p,
                ev.channel_event(
                    ev.CHANNEL_SECRET_ROTATED, channel, actor=self.ctx.actor(p, ""), now_us=now
                ),
            )
            return cspb.RotateChannelSecretResponse(
                channel=channel,
                secret=secret,
                previous_secret_expire_time=channel.previous_secret_expire_time,
            )

        return self.ctx.idempotent(
            p,
            "RotateChannelSecret",
            req,
            req.request_id,
            cspb.RotateChannelSecretResponse,
            work,
            issued,
        )

    def channel_config(self, tenant_id: str, channel: cpb.Channel) -> ChannelConfig:
        """What a profile needs of a channel, secrets included (never leaves the process)."""
        channel_id = tail(channel.name)
        s = channel.provider
        return ChannelConfig(
            name=channel.name,
            kind=channel.kind,
            outbound_url=channel.outbound_url,
            sender_id=s.sender_id,
            from_address=s.from_address,
            account_id=s.account_id,
            credentials=self.ctx.store.channel_credentials(channel_id),
            secrets=tuple(self.ctx.store.channel_secrets(channel_id, self.ctx.clock.now_us())),
            smtp_host=s.smtp_host,
            smtp_port=s.smtp_port or rules.DEFAULT_SMTP_PORT,
            smtp_starttls=s.smtp_starttls if s.HasField("smtp_starttls") else True,
            smtp_username=s.smtp_username,
            public_url=self.ctx.config.notifier.public_url.rstrip("/"),
        )

    # -- inbound ------------------------------------------------------------------------

    def _usable(self, channel: cpb.Channel) -> None:
        if channel.HasField("enabled") and not channel.enabled:
            raise FailedPrecondition(
                f"{channel.name} is disabled",
                [PreconditionViolation("CHANNEL", channel.name, "disabled")],
                reason="CHANNEL_DISABLED",
            )

    def receive_messages(
        self, p: Principal, req: cspb.ReceiveMessagesRequest
    ) -> cspb.ReceiveMessagesResponse:
        (channel_id,) = val.parse_name(req.channel, "channel", "channels")
        _batch_size(len(req.messages), "messages")

        def work() -> cspb.ReceiveMessagesResponse:
            channel = self._load_channel(p, channel_id, req.channel)
            self._usable(channel)
            return self._receive(p, channel, list(req.messages), req.channel)

        return self.ctx.write(work)

    def _receive(
        self,
        p: Principal,
        channel: cpb.Channel,
        items: Sequence[cspb.InboundMessage],
        actor: str,
    ) -> cspb.ReceiveMessagesResponse:
        """Each item in a savepoint of the caller's transaction: an item that fails leaves
        nothing behind, and the others are stored. An interaction that several items join
        has its row written once, at the end (each event still carries its snapshot)."""
        out = cspb.ReceiveMessagesResponse()
        self.interactions.deferred_rows = {}
        try:
            for n, item in enumerate(items):
                v = Violations()
                rules.inbound_message(channel.kind, item, f"messages[{n}]", v)
                if v.items:
                    out.results.add(
                        error=status_of(
                            InvalidArgument(v.items, message=f"messages[{n}] is not valid")
                        )
                    )
                    continue
                before = dict(self.interactions.deferred_rows)
                try:
                    with self.ctx.store.transaction():
                        out.results.append(self._receive_one(p, channel, item, actor))
                except NexusError as exc:
                    self.interactions.deferred_rows = before  # its changes went with its savepoint
                    out.results.add(error=status_of(exc))
            for (tenant_id, _), i in self.interactions.deferred_rows.items():
                self.interactions.write_row(tenant_id, i)
        finally:
            self.interactions.deferred_rows = None
        return out

    def _receive_one(
        self, p: Principal, channel: cpb.Channel, m: cspb.InboundMessage, actor: str
    ) -> cspb.ReceivedMessage:
        received = self._store_inbound(p, channel, m, actor)
        result = "duplicate" if received.duplicate else "new"
        metrics.CHANNEL_INBOUND.labels(metrics.profile_label(channel.profile), result).inc()
        return received

    def _store_inbound(
        self, p: Principal, channel: cpb.Channel, m: cspb.InboundMessage, actor: str
    ) -> cspb.ReceivedMessage:
        channel_id = tail(channel.name)
        found = self.ctx.store.find_channel_message(channel_id, INBOUND, m.external_message_id)
        if found is not None:
            stored = self.ctx.store.get_message(p.tenant_id, *found)
            return cspb.ReceivedMessage(
                message=stored, interaction=f"interactions/{found[0]}", duplicate=True
            )
        now = self.ctx.clock.now_us()
        i = None
        # E-mail threads by its headers: a mail that names no thread is a new one, even
        # from a customer who has another open.
        if m.thread_id or channel.kind != cpb.CHANNEL_KIND_EMAIL:
            i = self.ctx.store.open_interaction(
                p.tenant_id, channel.name, m.customer_address, m.thread_id
            )
        if i is not None and self.interactions.deferred_rows is not None:
            # Changed earlier in this batch: its row is not written yet.
            pending = self.interactions.deferred_rows.get((p.tenant_id, i.name))
            if pending is not None:
                i = ipb.Interaction()
                i.CopyFrom(pending)
        customer: ipb.Participant | None = None
        if i is None:
            i, customer = self._open(p, channel, m, actor, now)
        else:
            customer = self._customer(p, i, m, actor, now)
            i = self.interactions.wake(
                p, i, actor, now, channel.default_queue or rules.DEFAULT_QUEUE
            )
        interaction_id = tail(i.name)
        msg = ipb.Message(
            name=f"{i.name}/messages/{new_id()}",
            index=i.message_count + 1,
            sender=customer.name,
            direction=INBOUND,
            text=m.text,
            attachments=m.attachments,
            external_id=m.external_message_id,
        )
        msg.create_time.FromMicroseconds(now)
        self.ctx.store.put_channel_message(
            channel_id, INBOUND, m.external_message_id, p.tenant_id, interaction_id, tail(msg.name)
        )
        self.ctx.store.put_message(p.tenant_id, interaction_id, msg)
        i.message_count += 1
        i.unread_count += 1
        i.last_message_time.FromMicroseconds(now)
        self.typing.typing_ended_by_message(p, i, ipb.PARTICIPANT_ROLE_CUSTOMER, customer.name, now)
        self.interactions.save(
            p,
            i,
            ev.interaction_event(ev.MESSAGE_CREATED, i, actor=actor, now_us=now, message=msg),
            now,
        )
        return cspb.ReceivedMessage(message=msg, interaction=i.name)

    def _open(
        self, p: Principal, channel: cpb.Channel, m: cspb.InboundMessage, actor: str, now: int
    ) -> tuple[ipb.Interaction, ipb.Participant]:
        """A new interaction for the customer, routed as the channel says: to its bot
        (AUTOMATED) or its queue (QUEUED)."""
        media = rules.media_of(channel.kind)
        interaction_id = new_id()
        i = ipb.Interaction(
            name=f"interactions/{interaction_id}",
            media_type=media.media_type,  # type: ignore[arg-type]
            third_party_platform=media.platform,  # type: ignore[arg-type]
            custom_platform=media.custom_platform,
            direction=INBOUND,
            state=S.STATE_NEW,
            channel=channel.name,
            customer_address=m.customer_address,
            thread_id=m.thread_id or interaction_id,
            subject=m.subject,
        )
        i.create_time.FromMicroseconds(now)
        i.state_time.FromMicroseconds(now)
        self.interactions.save(
            p,
            i,
            ev.interaction_event(ev.INTERACTION_CREATED, i, actor=actor, now_us=now),
            now,
            True,
        )
        customer = self._add_customer(p, i, m, actor, now)
        reason = f"new message on {channel.name}"
        if channel.bot:
            spec, cmd = lifecycle.AUTOMATE, lifecycle.Command(bot=channel.bot, reason=reason)
        else:
            spec = lifecycle.QUEUE
            cmd = lifecycle.Command(queue=channel.default_queue, reason=reason)
        i = self.interactions.transit(p, i, spec, cmd, actor, now)
        return i, customer

    def _add_customer(
        self, p: Principal, i: ipb.Interaction, m: cspb.InboundMessage, actor: str, now: int
    ) -> ipb.Participant:
        part = ipb.Participant(
            name=f"{i.name}/participants/{new_id()}",
            role=ipb.PARTICIPANT_ROLE_CUSTOMER,
            display_name=m.display_name,
            identity=m.customer_address[:128],
        )
        part.join_time.FromMicroseconds(now)
        self.ctx.store.put_participant(p.tenant_id, tail(i.name), part)
        self.interactions.save(
            p,
            i,
            ev.interaction_event(
                ev.PARTICIPANT_JOINED, i, actor=actor, now_us=now, participant=part
            ),
            now,
        )
        return part

    def _customer(
        self, p: Principal, i: ipb.Interaction, m: cspb.InboundMessage, actor: str, now: int
    ) -> ipb.Participant:
        """The customer taking part, joining them if they are not (or left)."""
        interaction_id = tail(i.name)
        after: str | None = None
        while True:
            page = self.ctx.store.list_participants(p.tenant_id, interaction_id, after, 100)
            for part in page:
                if (
                    part.role == ipb.PARTICIPANT_ROLE_CUSTOMER
                    and part.identity == m.customer_address[:128]
                    and not part.HasField("leave_time")
                ):
                    return part
            if len(page) < 100:
                return self._add_customer(p, i, m, actor, now)
            after = tail(page[-1].name)

    # -- receipts -----------------------------------------------------------------------

    def receive_receipts(
        self, p: Principal, req: cspb.ReceiveReceiptsRequest
    ) -> cspb.ReceiveReceiptsResponse:
        (channel_id,) = val.parse_name(req.channel, "channel", "channels")
        _batch_size(len(req.receipts), "receipts")

        def work() -> cspb.ReceiveReceiptsResponse:
            channel = self._load_channel(p, channel_id, req.channel)
            self._usable(channel)
            return self._apply_receipts(p, channel, list(req.receipts), req.channel)

        return self.ctx.write(work)

    def _apply_receipts(
        self, p: Principal, channel: cpb.Channel, receipts: Sequence[cspb.Receipt], actor: str
    ) -> cspb.ReceiveReceiptsResponse:
        out = cspb.ReceiveReceiptsResponse()
        channel_id = tail(channel.name)
        for n, r in enumerate(receipts):
            v = Violations()
            rules.receipt(r, f"receipts[{n}]", v)
            if v.items:
                out.results.add(
                    error=status_of(InvalidArgument(v.items, message=f"receipts[{n}] is not valid"))
                )
                continue
            if r.message:
                interaction_id, message_id = val.parse_name(
                    r.message, "message", "interactions", "messages"
                )
                i = self.ctx.store.get_interaction(p.tenant_id, interaction_id)
                if i is None or i.channel != channel.name:
                    interaction_id = ""
            else:
                found = self.ctx.store.find_channel_message(
                    channel_id, OUTBOUND, r.provider_message_id
                )
                interaction_id, message_id = found or ("", "")
            msg = (
                self.ctx.store.get_message(p.tenant_id, interaction_id, message_id)
                if interaction_id
                else None
            )
            if msg is None or not msg.HasField("delivery"):
                what = r.message or f"provider message {r.provider_message_id}"
                out.results.add(
                    error=status_of(NotFound(f"{what} as an outbound message of {channel.name}"))
                )
                continue
            now = self.ctx.clock.now_us()
            known = msg.delivery.provider_message_id
            applied = rules.apply_delivery(
                msg.delivery, r.state, now, r.provider_message_id, r.error_code, r.error_message
            )
            if msg.delivery.provider_message_id != known:
                # Named by our id, carrying the provider's: later receipts may use either.
                self.ctx.store.put_channel_message(
                    channel_id, OUTBOUND, msg.delivery.provider_message_id,
                    p.tenant_id, interaction_id, message_id,
                )  # fmt: skip
                if not applied:
                    self.ctx.store.put_message(p.tenant_id, interaction_id, msg)
            if applied:
                self._delivery_changed(p, interaction_id, msg, r.state, actor, now)
                metrics.CHANNEL_RECEIPTS.labels(metrics.delivery_state_label(r.state)).inc()
            out.results.add(message=msg, applied=applied)
        return out

    def _delivery_changed(
        self,
        p: Principal,
        interaction_id: str,
        msg: ipb.Message,
        state: int,
        actor: str,
        now: int,
        i: ipb.Interaction | None = None,
    ) -> None:
        """Stores the message's new delivery state with its event. Given ``i`` (loaded
        once for several messages), its row is the caller's to write."""
        self.ctx.store.put_message(p.tenant_id, interaction_id, msg)
        loaded = i or self.interactions.load(p, interaction_id, f"interactions/{interaction_id}")
        event = ev.interaction_event(
            DELIVERY_EVENTS[state], loaded, actor=actor, now_us=now, message=msg
        )
        self.interactions.save(p, loaded, event, now, row=i is None)

    # -- a provider's own requests ---------------------------------------------------------

    def provider_channel(
        self, channel_name: str, topic: str
    ) -> tuple[Principal, cpb.Channel, ChannelConfig, ChannelProfileAdapter]:
        """The channel a provider request names, and what checking it needs. The channel
        id is the only thing that picks the tenant; the signature proves the caller."""
        (channel_id,) = val.parse_name(channel_name, "channel", "channels")
        v = Violations()
        if not topic or len(topic) > MAX_TOPIC or not topic.isascii() or not topic.isalpha():
            v.add("topic", f"1-{MAX_TOPIC} letters, e.g. messages, status, receipts, email")
        v.raise_if_any()
        found = self.ctx.store.find_channel(channel_id)
        if found is None:
            raise NotFound(channel_name)
        tenant_id, channel = found
        self._usable(channel)
        profile = self.ctx.profiles.get(channel.profile)
        if profile is None or channel.profile not in rules.RAW_INBOUND:
            raise FailedPrecondition(
                f"{channel_name} uses the {rules.profile_label(channel.profile)} profile: its"
                " provider calls ReceiveMessages and ReceiveReceipts with an API key",
                [PreconditionViolation("PROFILE", channel_name, "no provider format")],
                reason="NO_PROVIDER_FORMAT",
            )
        principal = Principal(tenant_id, "", channel.name)
        return principal, channel, self.channel_config(tenant_id, channel), profile

    def parse_provider_request(
        self,
        profile: ChannelProfileAdapter,
        config: ChannelConfig,
        request: InboundRequest,
    ) -> Parsed:
        """Checks the signature over the exact bytes and reads the provider's format."""
        try:
            return profile.parse(config, request)
        except BadSignature as exc:
            raise Unauthenticated(
                f"the request is not signed by {config.name}'s provider: {exc}".rstrip(": "),
                reason="BAD_SIGNATURE",
            ) from exc
        except BadPayload as exc:
            raise InvalidArgument(
                [FieldViolation(f, d) for f, d in exc.violations], reason="BAD_PROVIDER_PAYLOAD"
            ) from exc

    def apply_provider_request(
        self, p: Principal, channel: cpb.Channel, parsed: Parsed
    ) -> httpbody_pb2.HttpBody:
        """Stores what a verified provider request carried, in one transaction."""
        try:
            items, receipts = _as_requests(parsed)
        except (ValueError, OverflowError) as exc:
            # What a profile let through but protobuf cannot hold (a lone surrogate, a
            # time out of range): the provider's request is at fault, not the server.
            raise InvalidArgument(
                [FieldViolation("body", f"cannot be stored: {exc}"[:200])],
                reason="BAD_PROVIDER_PAYLOAD",
            ) from exc
        _batch_size(len(items), "messages", allow_empty=True)
        _batch_size(len(receipts), "receipts", allow_empty=True)

        def work() -> httpbody_pb2.HttpBody:
            # A provider cannot read per-item results: an invalid item fails the request
            # (nothing stored), so that the provider's retry or alert tells someone.
            v = Violations()
            for n, item in enumerate(items):
                rules.inbound_message(channel.kind, item, f"messages[{n}]", v)
            for n, r in enumerate(receipts):
                rules.receipt(r, f"receipts[{n}]", v)
            v.raise_if_any(reason="BAD_PROVIDER_PAYLOAD")
            for item in items:
                self._receive_one(p, channel, item, channel.name)
            self._apply_receipts(p, channel, receipts, channel.name)
            for t in parsed.typing:
                self._customer_typing(p, channel, t.customer_address, t.active, t.ttl_s)
            return httpbody_pb2.HttpBody(
                content_type=parsed.reply_content_type, data=parsed.reply_body
            )

        return self.ctx.write(work)

    def _customer_typing(
        self, p: Principal, channel: cpb.Channel, address: str, active: bool, ttl_s: float
    ) -> None:
        i = self.ctx.store.open_interaction(p.tenant_id, channel.name, address, "")
        if i is None:
            return  # typing before the first message: nothing to show it on yet
        request = ispb.SendTypingRequest(
            name=i.name, role=ipb.PARTICIPANT_ROLE_CUSTOMER, active=active
        )
        if ttl_s:
            request.ttl.FromMicroseconds(int(min(max(ttl_s, 1.0), 60.0) * 1_000_000))
        self.typing.send_typing(p, request, actor=channel.name)

    # -- outcomes of the channel sender ----------------------------------------------------

    def record_sends(self, outcomes: Sequence[SendOutcome]) -> None:
        """Records outbound attempts and what they did to each message, in one transaction:
        the outbox row, the message's delivery, the provider id, and ``message.sent`` or
        ``message.failed``. Each interaction is read and its row written once."""

        def work() -> None:
            now = self.ctx.clock.now_us()
            touched: dict[str, tuple[str, ipb.Interaction]] = {}
            for o in outcomes:
                self.ctx.store.update_outbox(
                    o.message_id, o.status, o.attempts, o.schedule_pos, o.next_attempt_time_us, now
                )
                msg = self.ctx.store.get_message(o.tenant_id, o.interaction_id, o.message_id)
                if msg is None:
                    continue
                if o.interaction_id in touched:
                    i = touched[o.interaction_id][1]
                else:
                    found = self.ctx.store.get_interaction(o.tenant_id, o.interaction_id)
                    if found is None:
                        continue
                    i = found
                    touched[o.interaction_id] = (o.tenant_id, i)
                msg.delivery.attempts = o.attempts
                if o.provider_message_id:
                    self.ctx.store.put_channel_message(
                        tail(i.channel), OUTBOUND, o.provider_message_id,
                        o.tenant_id, o.interaction_id, o.message_id,
                    )  # fmt: skip
                state = SEND_STATES.get(o.status)
                if state is not None and rules.apply_delivery(
                    msg.delivery, state, now, o.provider_message_id, o.error_code, o.error_message
                ):
                    p = Principal(o.tenant_id, "", "")
                    self._delivery_changed(p, o.interaction_id, msg, state, i.channel, now, i)
                else:
                    self.ctx.store.put_message(o.tenant_id, o.interaction_id, msg)
            for tenant_id, i in touched.values():
                self.interactions.write_row(tenant_id, i)

        self.ctx.write(work)


def _batch_size(n: int, field: str, allow_empty: bool = False) -> None:
    if n > rules.MAX_BATCH:
        raise InvalidArgument(
            [FieldViolation(field, f"at most {rules.MAX_BATCH} per call (got {n})")],
            reason="BATCH_TOO_LARGE",
        )
    if n == 0 and not allow_empty:
        raise InvalidArgument([FieldViolation(field, "at least one is required")])


def _as_requests(
    parsed: Parsed,
) -> tuple[list[cspb.InboundMessage], list[cspb.Receipt]]:
    """A provider's messages and receipts as ReceiveMessages and ReceiveReceipts items."""
    items = [
        cspb.InboundMessage(
            external_message_id=m.external_message_id,
            customer_address=m.customer_address,
            display_name=m.display_name,
            thread_id=m.thread_id,
            text=m.text,
            subject=m.subject,
            attachments=[
                ipb.Attachment(
                    filename=a.filename,
                    content_type=a.content_type,
                    size_bytes=a.size_bytes,
                    uri=a.uri,
                )
                for a in m.attachments
            ],
        )
        for m in parsed.messages
    ]
    for item, m in zip(items, parsed.messages, strict=True):
        if m.provider_time_us is not None:
            item.provider_time.FromMicroseconds(m.provider_time_us)
    receipts = [
        cspb.Receipt(
            message=r.message,
            provider_message_id=r.provider_message_id,
            state=int(r.state),  # type: ignore[arg-type]
            error_code=r.error_code,
            error_message=r.error_message[: rules.MAX_ERROR_MESSAGE],
        )
        for r in parsed.receipts
    ]
    return items, receipts
