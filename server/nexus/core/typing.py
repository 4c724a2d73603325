"""Typing indicators: ephemeral events with a time to live, never part of the transcript.

An active indicator is a row with an expiry; starting one writes ``typing.started`` once
(renewals only move the expiry), and it ends with exactly one ``typing.stopped``: when the
participant says so, sends a message, or lets it lapse (the sweeper announces it). The row
lives in the store, so a restart never leaves an indicator that nobody will stop.
"""

from __future__ import annotations

from nexus.core.base import UseCases
from nexus.domain import events as ev
from nexus.domain import validation as val
from nexus.domain.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    Violations,
)
from nexus.store.base import Principal, TypingRecord
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

DEFAULT_TTL_US = 10_000_000
MAX_TTL_US = 60_000_000
TYPING_ROLES = (
    ipb.PARTICIPANT_ROLE_CUSTOMER,
    ipb.PARTICIPANT_ROLE_AGENT,
    ipb.PARTICIPANT_ROLE_BOT,
)
SYSTEM_ACTOR = "system/typing"


class Typing(UseCases):
    """Typing indicators: started, renewed, stopped, lapsed."""

    def send_typing(
        self, p: Principal, req: ispb.SendTypingRequest, actor: str = ""
    ) -> ipb.TypingIndicator:
        """``actor`` overrides the caller's key (a provider's typing is the channel's)."""
        (interaction_id,) = val.parse_name(req.name, "name", "interactions")
        v = Violations()
        if req.sender:
            try:
                owner, _ = val.parse_name(req.sender, "sender", "interactions", "participants")
            except InvalidArgument as exc:
                v.items.extend(exc.violations)
            else:
                if owner != interaction_id:
                    v.add("sender", "must be a participant of this interaction")
        elif req.role not in TYPING_ROLES:
            v.add("role", "CUSTOMER, AGENT or BOT (or give sender)")
        ttl_us = DEFAULT_TTL_US
        if req.HasField("ttl"):
            ttl_us = req.ttl.ToMicroseconds()
            if not 1_000_000 <= ttl_us <= MAX_TTL_US:
                v.add("ttl", "between 1s and 60s")
        v.raise_if_any()
        actor = actor or self.ctx.actor(p, "")

        def work() -> ipb.TypingIndicator:
            i = self.ctx.store.get_interaction(p.tenant_id, interaction_id)
            if i is None:
                raise NotFound(req.name)
            if i.state == ipb.STATE_COMPLETED:
                raise FailedPrecondition(
                    f"{i.name} is COMPLETED: nobody types in it any more",
                    [PreconditionViolation("STATE", i.name, "current state is COMPLETED")],
                    reason="INTERACTION_COMPLETED",
                    currentState="COMPLETED",
                )
            role = req.role
            if req.sender:
                part = self.ctx.store.get_participant(
                    p.tenant_id, interaction_id, req.sender.rsplit("/", 1)[-1]
                )
                if part is None:
                    raise InvalidArgument([val.FieldViolation("sender", "no such participant")])
                if part.HasField("leave_time"):
                    raise FailedPrecondition(
                        f"{part.name} has left the interaction",
                        [PreconditionViolation("PARTICIPANT", part.name, "has left")],
                        reason="SENDER_HAS_LEFT",
                    )
                role = part.role
            now = self.ctx.clock.now_us()
            indicator = ipb.TypingIndicator(sender=req.sender, role=role, active=req.active)
            if req.active:
                indicator.expire_time.FromMicroseconds(now + ttl_us)
                record = TypingRecord(interaction_id, role, req.sender, p.tenant_id, now + ttl_us)
                if self.ctx.store.put_typing(record):
                    self.ctx.append(p, ev.typing_event(i.name, indicator, actor=actor, now_us=now))
            else:
                indicator.reason = "stopped"
                if self.ctx.store.delete_typing(interaction_id, role, req.sender):
                    self.ctx.append(p, ev.typing_event(i.name, indicator, actor=actor, now_us=now))
            return indicator

        return self.ctx.write(work)

    def typing_ended_by_message(
        self, p: Principal, interaction: ipb.Interaction, role: int, sender: str, now_us: int
    ) -> None:
        """A participant who sends a message has stopped typing: say so (inside the
        message's transaction)."""
        interaction_id = interaction.name.rsplit("/", 1)[-1]
        # By participant, or by role alone: one statement, as every message passes here.
        for r in self.ctx.store.end_typing(interaction_id, role, (sender, "") if sender else ("",)):
            indicator = ipb.TypingIndicator(
                sender=r,
                role=role,  # type: ignore[arg-type]
                active=False,
                reason="message",
            )
            self.ctx.append(
                p,
                ev.typing_event(
                    interaction.name, indicator, actor=self.ctx.actor(p, ""), now_us=now_us
                ),
            )

    def expire_typing(self, limit: int = 500) -> int:
        """Announces every lapsed indicator as stopped (``reason: expired``); each once,
        whichever process sweeps, since the row is deleted in the same transaction."""

        def work() -> int:
            now = self.ctx.clock.now_us()
            lapsed = self.ctx.store.lapsed_typing(now, limit)
            for r in lapsed:
                if not self.ctx.store.delete_typing(r.interaction_id, r.role, r.sender):
                    continue
                indicator = ipb.TypingIndicator(
                    sender=r.sender,
                    role=r.role,  # type: ignore[arg-type]
                    active=False,
                    reason="expired",
                )
                indicator.expire_time.FromMicroseconds(r.expire_time_us)
                p = Principal(r.tenant_id, "", "")
                self.ctx.append(
                    p,
                    ev.typing_event(
                        f"interactions/{r.interaction_id}",
                        indicator,
                        actor=SYSTEM_ACTOR,
                        now_us=now,
                    ),
                )
            return len(lapsed)

        return self.ctx.write(work)

    def next_typing_expiry_us(self) -> int | None:
        return self.ctx.store.next_typing_expiry()
