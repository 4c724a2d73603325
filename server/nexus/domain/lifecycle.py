"""The interaction state machine: the one table of legal transitions and how to apply one."""

from __future__ import annotations

from dataclasses import dataclass

from nexus.domain.errors import FailedPrecondition, PreconditionViolation, Violations
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State


@dataclass(frozen=True)
class Transition:
    from_state: int
    to_state: int
    method: str
    description: str


def _t(frm: int, to: int, method: str, description: str) -> Transition:
    return Transition(frm, to, method, description)


NON_FINAL = [
    S.STATE_NEW,
    S.STATE_AUTOMATED,
    S.STATE_QUEUED,
    S.STATE_OFFERED,
    S.STATE_ACTIVE,
    S.STATE_WAITING,
    S.STATE_SNOOZED,
    S.STATE_WRAP_UP,
]
FINAL = [S.STATE_COMPLETED]

TRANSITIONS: tuple[Transition, ...] = (
    _t(S.STATE_NEW, S.STATE_QUEUED, "QueueInteraction", "route to a queue"),
    _t(S.STATE_NEW, S.STATE_AUTOMATED, "AutomateInteraction", "a bot takes it"),
    _t(S.STATE_AUTOMATED, S.STATE_QUEUED, "QueueInteraction", "bot hands off to a queue"),
    _t(S.STATE_AUTOMATED, S.STATE_QUEUED, "TransferInteraction", "bot transfers to a queue"),
    _t(S.STATE_AUTOMATED, S.STATE_ACTIVE, "TransferInteraction", "bot transfers to an agent"),
    _t(S.STATE_AUTOMATED, S.STATE_WAITING, "WaitInteraction", "bot awaits the customer"),
    _t(S.STATE_QUEUED, S.STATE_OFFERED, "OfferInteraction", "offered to an agent"),
    _t(S.STATE_QUEUED, S.STATE_ACTIVE, "AcceptInteraction", "an agent picks it directly"),
    _t(S.STATE_OFFERED, S.STATE_ACTIVE, "AcceptInteraction", "the offered agent accepts"),
    _t(S.STATE_OFFERED, S.STATE_QUEUED, "DeclineInteraction", "the offered agent declines"),
    _t(S.STATE_ACTIVE, S.STATE_WAITING, "WaitInteraction", "awaiting the customer"),
    _t(S.STATE_ACTIVE, S.STATE_QUEUED, "TransferInteraction", "transfer to a queue"),
    _t(S.STATE_ACTIVE, S.STATE_ACTIVE, "TransferInteraction", "transfer to another agent"),
    _t(S.STATE_ACTIVE, S.STATE_SNOOZED, "SnoozeInteraction", "set aside until a time"),
    _t(S.STATE_ACTIVE, S.STATE_WRAP_UP, "WrapUpInteraction", "after-contact work"),
    _t(S.STATE_WAITING, S.STATE_ACTIVE, "ResumeInteraction", "back to the assigned agent"),
    _t(S.STATE_WAITING, S.STATE_AUTOMATED, "ResumeInteraction", "back to the assigned bot"),
    _t(S.STATE_WAITING, S.STATE_QUEUED, "QueueInteraction", "re-route to a queue"),
    _t(S.STATE_SNOOZED, S.STATE_ACTIVE, "ResumeInteraction", "back to the assigned agent"),
    _t(S.STATE_SNOOZED, S.STATE_QUEUED, "QueueInteraction", "re-route to a queue"),
    *(_t(s, S.STATE_COMPLETED, "CompleteInteraction", "complete with a reason") for s in NON_FINAL),
)

_LEGAL: frozenset[tuple[int, int, str]] = frozenset(
    (t.from_state, t.to_state, t.method) for t in TRANSITIONS
)
METHODS: tuple[str, ...] = tuple(dict.fromkeys(t.method for t in TRANSITIONS))


def is_legal(from_state: int, to_state: int, method: str) -> bool:
    return (from_state, to_state, method) in _LEGAL


def allowed_methods(state: int) -> list[str]:
    """The lifecycle methods that can be called in ``state``."""
    return list(dict.fromkeys(t.method for t in TRANSITIONS if t.from_state == state))


def state_name(state: int) -> str:
    return S.Name(state).removeprefix("STATE_")


def illegal(interaction: ipb.Interaction, method: str, why: str = "") -> FailedPrecondition:
    current = state_name(interaction.state)
    allowed = ", ".join(allowed_methods(interaction.state)) or "none"
    description = why or f"{method} is not allowed in state {current}; allowed: {allowed}"
    return FailedPrecondition(
        f"{interaction.name} is {current}: {description}",
        [PreconditionViolation("STATE", interaction.name, f"current state is {current}")],
        reason="ILLEGAL_TRANSITION",
        currentState=current,
        method=method,
    )


@dataclass(frozen=True)
class Command:
    """A lifecycle call, already validated field by field."""

    method: str
    queue: str = ""
    bot: str = ""
    agent: str = ""
    reason: str = ""
    snooze_until_us: int = 0
    completion_reason: int = 0


def target_state(interaction: ipb.Interaction, cmd: Command) -> int:
    """The state ``cmd`` leads to from the interaction's current state."""
    state = interaction.state
    m = cmd.method
    if m == "QueueInteraction":
        return S.STATE_QUEUED
    if m == "AutomateInteraction":
        return S.STATE_AUTOMATED
    if m == "OfferInteraction":
        return S.STATE_OFFERED
    if m == "AcceptInteraction":
        return S.STATE_ACTIVE
    if m == "DeclineInteraction":
        return S.STATE_QUEUED
    if m == "TransferInteraction":
        return S.STATE_QUEUED if cmd.queue else S.STATE_ACTIVE
    if m == "WaitInteraction":
        return S.STATE_WAITING
    if m == "ResumeInteraction":
        if interaction.assigned_agent:
            return S.STATE_ACTIVE
        if interaction.assigned_bot and state == S.STATE_WAITING:
            return S.STATE_AUTOMATED
        return S.STATE_QUEUED
    if m == "SnoozeInteraction":
        return S.STATE_SNOOZED
    if m == "WrapUpInteraction":
        return S.STATE_WRAP_UP
    if m == "CompleteInteraction":
        return S.STATE_COMPLETED
    raise ValueError(f"unknown lifecycle method {m}")


def apply(interaction: ipb.Interaction, cmd: Command, now_us: int) -> ipb.Interaction:
    """Returns the interaction after ``cmd``, or raises FailedPrecondition if it is illegal.

    The input is not modified. Timestamps other than ``complete_time`` and the
    revision bookkeeping are the caller's.
    """
    to = target_state(interaction, cmd)
    if not is_legal(interaction.state, to, cmd.method):
        raise illegal(interaction, cmd.method)
    out = ipb.Interaction()
    out.CopyFrom(interaction)
    m = cmd.method
    if m == "QueueInteraction":
        out.queue, out.assigned_agent, out.assigned_bot = cmd.queue, "", ""
    elif m == "AutomateInteraction":
        out.assigned_bot = cmd.bot
    elif m == "OfferInteraction":
        out.assigned_agent = cmd.agent
    elif m == "AcceptInteraction":
        if interaction.state == S.STATE_OFFERED:
            if cmd.agent and cmd.agent != interaction.assigned_agent:
                raise FailedPrecondition(
                    f"{interaction.name} is offered to {interaction.assigned_agent}, not {cmd.agent}",
                    [PreconditionViolation("OFFER", interaction.name, "offered to another agent")],
                    reason="OFFERED_TO_ANOTHER_AGENT",
                    offeredAgent=interaction.assigned_agent,
                )
        else:
            out.assigned_agent = cmd.agent
        out.assigned_bot = ""
    elif m == "DeclineInteraction":
        out.assigned_agent = ""
    elif m == "TransferInteraction":
        if cmd.queue:
            out.queue, out.assigned_agent, out.assigned_bot = cmd.queue, "", ""
        else:
            out.assigned_agent, out.assigned_bot = cmd.agent, ""
    elif m == "ResumeInteraction":
        out.ClearField("snooze_until")
    elif m == "SnoozeInteraction":
        out.snooze_until.FromMicroseconds(cmd.snooze_until_us)
    elif m == "CompleteInteraction":
        out.completion_reason = cmd.completion_reason  # type: ignore[assignment]
        out.complete_time.FromMicroseconds(now_us)
        out.ClearField("snooze_until")
    out.state = to  # type: ignore[assignment]
    return out


def check_required(cmd: Command, state: int) -> None:
    """Field rules that depend on the method (and, for Accept, on the state)."""
    v = Violations()
    m = cmd.method
    if m == "QueueInteraction" and not cmd.queue:
        v.add("queue", "required")
    if m == "AutomateInteraction" and not cmd.bot:
        v.add("bot", "required")
    if m == "OfferInteraction" and not cmd.agent:
        v.add("agent", "required")
    if m == "AcceptInteraction" and state == S.STATE_QUEUED and not cmd.agent:
        v.add("agent", "required when accepting a QUEUED interaction")
    if m == "TransferInteraction" and bool(cmd.queue) == bool(cmd.agent):
        v.add("queue", "exactly one of queue and agent is required")
    if m == "CompleteInteraction" and not cmd.completion_reason:
        v.add("reason", "required")
    v.raise_if_any()
