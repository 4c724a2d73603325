"""Use cases of InteractionService."""

from __future__ import annotations

import dataclasses

from nexus.core.base import Context, UseCases, check_etag
from nexus.core.timers import TimerPolicies
from nexus.core.typing import Typing
from nexus.domain import events as ev
from nexus.domain import lifecycle, timers, tokens
from nexus.domain import validation as val
from nexus.domain.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    Violations,
)
from nexus.ids import new_id
from nexus.store.base import InteractionFilter, Principal
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

S = ipb.State


def etag_of(interaction: ipb.Interaction) -> str:
    return f'"{interaction.sequence}"'


class Interactions(UseCases):
    """Interactions: their lifecycle, participants and transcript."""

    def __init__(self, ctx: Context, timer_policies: TimerPolicies, typing: Typing) -> None:
        super().__init__(ctx)
        self.timer_policies = timer_policies
        self.typing = typing
        self.deferred_rows: dict[tuple[str, str], ipb.Interaction] | None = None
        """While a batch runs (ReceiveMessages): the interaction rows it changed, written
        once at its end rather than once per change. ``None`` outside a batch."""

    # -- helpers --------------------------------------------------------------------

    def load(self, p: Principal, interaction_id: str, name: str) -> ipb.Interaction:
        interaction = self.ctx.store.get_interaction(p.tenant_id, interaction_id)
        if interaction is None:
            raise NotFound(name)
        return interaction

    def _not_completed(self, interaction: ipb.Interaction, method: str) -> None:
        if interaction.state == S.STATE_COMPLETED:
            raise FailedPrecondition(
                f"{interaction.name} is COMPLETED and cannot be changed by {method}",
                [PreconditionViolation("STATE", interaction.name, "current state is COMPLETED")],
                reason="INTERACTION_COMPLETED",
                currentState="COMPLETED",
            )

    def save(
        self,
        p: Principal,
        interaction: ipb.Interaction,
        event: epb.Event,
        now_us: int,
        insert: bool = False,
        row: bool = True,
    ) -> None:
        """Stores the interaction after a change together with that change's event.
        ``row=False`` leaves the row to the caller, who writes it once after several
        changes (every event still carries its own snapshot)."""
        interaction.sequence += 1
        interaction.etag = etag_of(interaction)
        interaction.update_time.FromMicroseconds(now_us)
        armed = self.timer_policies.arm(p.tenant_id, interaction)
        event.sequence = interaction.sequence
        event.interaction_snapshot.CopyFrom(interaction)
        if insert:
            self.ctx.store.insert_interaction(p.tenant_id, interaction, armed)
        elif self.deferred_rows is not None:
            self.deferred_rows[(p.tenant_id, interaction.name)] = interaction
        elif row:
            self.ctx.store.update_interaction(p.tenant_id, interaction, armed)
        self.ctx.append(p, event, interaction.media_type)

    def write_row(self, tenant_id: str, interaction: ipb.Interaction) -> None:
        """Writes an interaction row changed earlier (``save(row=False)`` or a deferred
        batch), with the timer it arms now."""
        self.ctx.store.update_interaction(
            tenant_id, interaction, self.timer_policies.arm(tenant_id, interaction)
        )

    # -- standard methods -------------------------------------------------------------

    def create(self, p: Principal, req: ispb.CreateInteractionRequest) -> ipb.Interaction:
        v = Violations()
        val.new_interaction(req.interaction, v)
        val.request_meta(v, req.request_id, req.actor)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Interaction:
            return self.insert(p, req.interaction, actor, self.ctx.clock.now_us())

        return self.ctx.idempotent(
            p, "CreateInteraction", req, req.request_id, ipb.Interaction, work
        )

    def insert(self, p: Principal, src: ipb.Interaction, actor: str, now: int) -> ipb.Interaction:
        """Stores a new interaction (state NEW) made from a validated ``src``, with its
        ``interaction.created`` event."""
        interaction_id = new_id()
        i = ipb.Interaction(
            name=f"interactions/{interaction_id}",
            media_type=src.media_type,
            third_party_platform=src.third_party_platform,
            custom_platform=src.custom_platform,
            direction=src.direction or ipb.DIRECTION_INBOUND,
            state=S.STATE_NEW,
            channel=src.channel,
            customer_address=src.customer_address,
            securebox=src.securebox,
            thread_id=src.thread_id or interaction_id,
            priority=src.priority,
            subject=src.subject,
            attributes=src.attributes,
        )
        i.create_time.FromMicroseconds(now)
        i.state_time.FromMicroseconds(now)
        event = ev.interaction_event(ev.INTERACTION_CREATED, i, actor=actor, now_us=now)
        self.save(p, i, event, now, insert=True)
        return i

    def get(self, p: Principal, req: ispb.GetInteractionRequest) -> ipb.Interaction:
        (interaction_id,) = val.parse_name(req.name, "name", "interactions")
        return self.load(p, interaction_id, req.name)

    def list(
        self, p: Principal, req: ispb.ListInteractionsRequest
    ) -> ispb.ListInteractionsResponse:
        v = Violations()
        for n, state in enumerate(req.states):
            val.enum_value(v, f"states[{n}]", ipb.State, state, required=True)
        val.enum_value(v, "media_type", ipb.MediaType, req.media_type)
        val.enum_value(v, "read_status", ipb.ReadStatus, req.read_status)
        val.enum_value(v, "next_timer", ipb.Timer, req.next_timer)
        if req.order_by.strip() not in ("", "create_time", "create_time asc", "create_time desc"):
            v.add("order_by", "one of 'create_time', 'create_time desc'")
        after_us = (
            req.create_time_after.ToMicroseconds() if req.HasField("create_time_after") else None
        )
        before_us = (
            req.create_time_before.ToMicroseconds() if req.HasField("create_time_before") else None
        )
        if after_us is not None and before_us is not None and after_us >= before_us:
            v.add("create_time_before", "must be later than create_time_after")
        v.raise_if_any()
        size = val.page_size(req.page_size)
        flt = InteractionFilter(
            states=tuple(req.states),
            media_type=req.media_type,
            channel=req.channel,
            customer_address=req.customer_address,
            securebox=req.securebox,
            read_status=req.read_status,
            thread_id=req.thread_id,
            create_time_after_us=after_us,
            create_time_before_us=before_us,
            descending=req.order_by.strip().endswith("desc"),
            next_timer=req.next_timer,
            next_timer_before_us=(
                req.next_timer_before.ToMicroseconds()
                if req.HasField("next_timer_before")
                else None
            ),
        )
        fp = tokens.fingerprint("interactions", p.tenant_id, flt)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.keyset)
        rows = self.ctx.store.list_interactions(p.tenant_id, flt, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(rows, size, tokens.by_create_time, fp)
        return ispb.ListInteractionsResponse(interactions=page, next_page_token=token)

    def update(self, p: Principal, req: ispb.UpdateInteractionRequest) -> ipb.Interaction:
        (interaction_id,) = val.parse_name(req.interaction.name, "interaction.name", "interactions")
        src = req.interaction
        populated = [f.name for f, _ in src.ListFields()]
        paths = val.update_paths(list(req.update_mask.paths), populated, val.UPDATABLE_INTERACTION)
        v = Violations()
        val.mutable_fields(src, v, set(paths))
        val.request_meta(v, req.request_id, req.actor)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Interaction:
            i = self.load(p, interaction_id, src.name)
            check_etag(i, src.etag)
            self._not_completed(i, "UpdateInteraction")
            changed = [path for path in paths if getattr(i, path) != getattr(src, path)]
            if not changed:
                return i
            for path in changed:
                if path == "attributes":
                    i.attributes.clear()
                    i.attributes.update(src.attributes)
                else:
                    setattr(i, path, getattr(src, path))
            now = self.ctx.clock.now_us()
            event = ev.interaction_event(
                ev.INTERACTION_UPDATED, i, actor=actor, now_us=now, changed_fields=changed
            )
            self.save(p, i, event, now)
            return i

        return self.ctx.idempotent(
            p, "UpdateInteraction", req, req.request_id, ipb.Interaction, work
        )

    # -- lifecycle ----------------------------------------------------------------------

    def transition(self, p: Principal, req, spec: lifecycle.Spec) -> ipb.Interaction:
        """Every lifecycle method: read the call by its spec, validate, apply, record."""
        (interaction_id,) = val.parse_name(req.name, "name", "interactions")
        cmd = spec.command(req)
        v = Violations()
        val.request_meta(v, req.request_id, req.actor)
        now = self.ctx.clock.now_us()
        spec.validate(cmd, now, v)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Interaction:
            i = self.load(p, interaction_id, req.name)
            check_etag(i, req.etag)
            spec.check_fields(cmd, i.state)
            c = cmd
            if spec is lifecycle.RESUME:
                c = dataclasses.replace(cmd, agent_left=self.agent_left(p, i))
            return self.transit(p, i, spec, c, actor, now)

        return self.ctx.idempotent(p, spec.method, req, req.request_id, ipb.Interaction, work)

    def transit(
        self,
        p: Principal,
        i: ipb.Interaction,
        spec: lifecycle.Spec,
        cmd: lifecycle.Command,
        actor: str,
        now: int,
        timer: int = 0,
        due_us: int = 0,
    ) -> ipb.Interaction:
        """Applies one transition of the table and stores it with its state_changed event:
        whoever calls, a person, a channel or a timer."""
        after = spec.apply(i, cmd, now)
        change = epb.StateChange(
            from_state=i.state,
            to_state=after.state,
            method=spec.method,
            reason=lifecycle.event_reason(cmd, timer),
            timer=timer,  # type: ignore[arg-type]
        )
        if timer:
            change.timer_due_time.FromMicroseconds(due_us)
        event = ev.interaction_event(
            ev.INTERACTION_STATE_CHANGED, after, actor=actor, now_us=now, state_change=change
        )
        self.save(p, after, event, now)
        return after

    def agent_left(self, p: Principal, i: ipb.Interaction) -> bool:
        """The assigned agent took part and has left (no participant of theirs remains)."""
        if not i.assigned_agent:
            return False
        interaction_id = i.name.rsplit("/", 1)[-1]
        theirs = [
            part
            for part in self.ctx.store.list_participants(p.tenant_id, interaction_id, None, 1000)
            if part.role == ipb.PARTICIPANT_ROLE_AGENT and part.identity == i.assigned_agent
        ]
        return bool(theirs) and all(part.HasField("leave_time") for part in theirs)

    def wake(
        self, p: Principal, i: ipb.Interaction, actor: str, now: int, queue: str = ""
    ) -> ipb.Interaction:
        """A customer who writes again brings a WAITING or SNOOZED interaction back: to its
        agent (unless the agent has left) or bot, else to its queue (``queue`` when it was
        never in one)."""
        if i.state not in (S.STATE_WAITING, S.STATE_SNOOZED):
            return i
        cmd = lifecycle.Command(
            queue=queue, reason="customer_message", agent_left=self.agent_left(p, i)
        )
        return self.transit(p, i, lifecycle.RESUME, cmd, actor, now)

    def state_model(self) -> ispb.StateModel:
        model = ispb.StateModel(
            states=[s for s in ipb.State.values() if s],
            final_states=lifecycle.FINAL,
        )
        for t in lifecycle.TRANSITIONS:
            model.transitions.add(
                from_state=t.from_state,
                to_state=t.to_state,
                method=t.method,
                description=t.description,
            )
        for t in lifecycle.TIMED_TRANSITIONS:
            row = model.transitions.add(
                from_state=t.from_state,
                to_state=t.to_state,
                method=t.method,
                description=t.description,
                timer=t.timer,
            )
            if t.timer in timers.POLICY_FIELD:
                for media, d in self.timer_policies.timer_defaults.items():
                    row.timer_defaults.add(media_type=media).after.FromMicroseconds(d.of(t.timer))
        return model

    # -- participants -------------------------------------------------------------------

    def add_participant(self, p: Principal, req: ispb.AddParticipantRequest) -> ipb.Participant:
        (interaction_id,) = val.parse_name(req.parent, "parent", "interactions")
        v = Violations()
        val.participant(req.participant, v)
        val.request_meta(v, req.request_id, req.actor)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Participant:
            i = self.load(p, interaction_id, req.parent)
            self._not_completed(i, "AddParticipant")
            return self.join(p, i, req.participant, actor, self.ctx.clock.now_us())

        return self.ctx.idempotent(p, "AddParticipant", req, req.request_id, ipb.Participant, work)

    def join(
        self, p: Principal, i: ipb.Interaction, src: ipb.Participant, actor: str, now: int
    ) -> ipb.Participant:
        """Adds a validated participant to ``i``, with its ``participant.joined`` event."""
        part = ipb.Participant(
            name=f"{i.name}/participants/{new_id()}",
            role=src.role,
            display_name=src.display_name,
            identity=src.identity,
        )
        part.join_time.FromMicroseconds(now)
        (interaction_id,) = val.parse_name(i.name, "name", "interactions")
        self.ctx.store.put_participant(p.tenant_id, interaction_id, part)
        event = ev.interaction_event(
            ev.PARTICIPANT_JOINED, i, actor=actor, now_us=now, participant=part
        )
        self.save(p, i, event, now)
        return part

    def remove_participant(
        self, p: Principal, req: ispb.RemoveParticipantRequest
    ) -> ipb.Participant:
        interaction_id, participant_id = val.parse_name(
            req.name, "name", "interactions", "participants"
        )
        v = Violations()
        val.request_meta(v, req.request_id, req.actor)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Participant:
            i = self.load(p, interaction_id, f"interactions/{interaction_id}")
            part = self.ctx.store.get_participant(p.tenant_id, interaction_id, participant_id)
            if part is None:
                raise NotFound(req.name)
            if part.HasField("leave_time"):
                raise FailedPrecondition(
                    f"{req.name} has already left",
                    [PreconditionViolation("PARTICIPANT", req.name, "already left")],
                    reason="PARTICIPANT_ALREADY_LEFT",
                )
            now = self.ctx.clock.now_us()
            part.leave_time.FromMicroseconds(now)
            self.ctx.store.put_participant(p.tenant_id, interaction_id, part)
            event = ev.interaction_event(
                ev.PARTICIPANT_LEFT, i, actor=actor, now_us=now, participant=part
            )
            self.save(p, i, event, now)
            return part

        return self.ctx.idempotent(
            p, "RemoveParticipant", req, req.request_id, ipb.Participant, work
        )

    def list_participants(
        self, p: Principal, req: ispb.ListParticipantsRequest
    ) -> ispb.ListParticipantsResponse:
        (interaction_id,) = val.parse_name(req.parent, "parent", "interactions")
        size = val.page_size(req.page_size)
        self.load(p, interaction_id, req.parent)
        fp = tokens.fingerprint("participants", p.tenant_id, interaction_id)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.identifier)
        rows = self.ctx.store.list_participants(p.tenant_id, interaction_id, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(
            rows, size, lambda r: r.name.rsplit("/", 1)[-1], fp
        )
        return ispb.ListParticipantsResponse(participants=page, next_page_token=token)

    # -- messages -----------------------------------------------------------------------

    def send_message(self, p: Principal, req: ispb.SendMessageRequest) -> ipb.Message:
        (interaction_id,) = val.parse_name(req.parent, "parent", "interactions")
        v = Violations()
        val.message(req.message, v)
        val.request_meta(v, req.request_id, req.actor)
        sender_id = ""
        if req.message.sender:
            try:
                sender_interaction, sender_id = val.parse_name(
                    req.message.sender, "message.sender", "interactions", "participants"
                )
            except InvalidArgument as exc:
                v.items.extend(exc.violations)
            else:
                if sender_interaction != interaction_id:
                    v.add("message.sender", "must be a participant of this interaction")
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Message:
            i = self.load(p, interaction_id, req.parent)
            self._not_completed(i, "SendMessage")
            sender = None
            if sender_id:
                sender = self.ctx.store.get_participant(p.tenant_id, interaction_id, sender_id)
                if sender is None:
                    raise InvalidArgument(
                        [val.FieldViolation("message.sender", "no such participant")]
                    )
                if sender.HasField("leave_time"):
                    raise FailedPrecondition(
                        f"{sender.name} has left the interaction",
                        [PreconditionViolation("PARTICIPANT", sender.name, "has left")],
                        reason="SENDER_HAS_LEFT",
                    )
            now = self.ctx.clock.now_us()
            src = req.message
            msg = ipb.Message(
                name=f"{i.name}/messages/{new_id()}",
                index=i.message_count + 1,
                sender=src.sender,
                direction=src.direction,
                text=src.text,
                attachments=src.attachments,
                internal=src.internal,
                external_id=src.external_id,
            )
            msg.create_time.FromMicroseconds(now)
            if msg.direction == ipb.DIRECTION_OUTBOUND and not msg.internal:
                self._hand_to_channel(p, i, msg, now)
            if msg.direction == ipb.DIRECTION_INBOUND and not msg.internal:
                i = self.wake(p, i, actor, now)
            self.ctx.store.put_message(p.tenant_id, interaction_id, msg)
            i.message_count += 1
            if not msg.internal:
                i.unread_count += 1
                i.last_message_time.FromMicroseconds(now)
            if sender is not None:
                role = sender.role
            elif msg.direction == ipb.DIRECTION_INBOUND:
                role = ipb.PARTICIPANT_ROLE_CUSTOMER
            else:
                role = ipb.PARTICIPANT_ROLE_AGENT
            self.typing.typing_ended_by_message(p, i, role, src.sender, now)
            event = ev.interaction_event(
                ev.MESSAGE_CREATED, i, actor=actor, now_us=now, message=msg
            )
            self.save(p, i, event, now)
            return msg

        return self.ctx.idempotent(p, "SendMessage", req, req.request_id, ipb.Message, work)

    def _hand_to_channel(
        self, p: Principal, i: ipb.Interaction, msg: ipb.Message, now_us: int
    ) -> None:
        """An outbound message of a channel's interaction is owed to the customer: it
        starts ACCEPTED, and the channel sender takes it from the event log. A reply that
        cannot leave (the channel is gone or disabled) is refused rather than stored as
        if it would."""
        if not i.channel.startswith("channels/"):
            return
        channel = self.ctx.store.get_channel(p.tenant_id, i.channel.removeprefix("channels/"))
        if channel is None:
            raise FailedPrecondition(
                f"{i.name} came through {i.channel}, which no longer exists",
                [PreconditionViolation("CHANNEL", i.channel, "deleted")],
                reason="CHANNEL_NOT_FOUND",
            )
        if channel.HasField("enabled") and not channel.enabled:
            raise FailedPrecondition(
                f"{i.channel} is disabled: enable it to reply on it",
                [PreconditionViolation("CHANNEL", i.channel, "disabled")],
                reason="CHANNEL_DISABLED",
            )
        msg.delivery.state = ipb.MESSAGE_DELIVERY_STATE_ACCEPTED
        msg.delivery.accept_time.FromMicroseconds(now_us)

    def get_message(self, p: Principal, req: ispb.GetMessageRequest) -> ipb.Message:
        interaction_id, message_id = val.parse_name(req.name, "name", "interactions", "messages")
        msg = self.ctx.store.get_message(p.tenant_id, interaction_id, message_id)
        if msg is None or (msg.internal and p.session is not None):
            raise NotFound(req.name)  # a customer never sees an internal note
        return msg

    def list_messages(
        self, p: Principal, req: ispb.ListMessagesRequest
    ) -> ispb.ListMessagesResponse:
        (interaction_id,) = val.parse_name(req.parent, "parent", "interactions")
        size = val.page_size(req.page_size)
        self.load(p, interaction_id, req.parent)
        fp = tokens.fingerprint("messages", p.tenant_id, interaction_id, req.exclude_internal)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.integer) or 0
        rows = self.ctx.store.list_messages(
            p.tenant_id, interaction_id, after, size + 1, req.exclude_internal
        )
        page, token = self.ctx.page_tokens.split_page(rows, size, lambda m: m.index, fp)
        return ispb.ListMessagesResponse(messages=page, next_page_token=token)

    def mark_read(self, p: Principal, req: ispb.MarkMessageReadRequest) -> ipb.Message:
        interaction_id, message_id = val.parse_name(req.name, "name", "interactions", "messages")
        v = Violations()
        val.request_meta(v, req.request_id, req.actor)
        v.raise_if_any()
        actor = self.ctx.actor(p, req.actor)

        def work() -> ipb.Message:
            msg = self.ctx.store.get_message(p.tenant_id, interaction_id, message_id)
            if msg is None or (msg.internal and p.session is not None):
                raise NotFound(req.name)
            if msg.HasField("read_time"):
                return msg
            i = self.load(p, interaction_id, f"interactions/{interaction_id}")
            now = self.ctx.clock.now_us()
            msg.read_time.FromMicroseconds(now)
            self.ctx.store.put_message(p.tenant_id, interaction_id, msg)
            if not msg.internal:
                i.unread_count = max(0, i.unread_count - 1)
            event = ev.interaction_event(ev.MESSAGE_READ, i, actor=actor, now_us=now, message=msg)
            self.save(p, i, event, now)
            return msg

        return self.ctx.idempotent(p, "MarkMessageRead", req, req.request_id, ipb.Message, work)
