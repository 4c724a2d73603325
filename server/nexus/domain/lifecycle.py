"""The interaction state machine: one table of typed method specs, and the timers that
drive the same transitions.

Each lifecycle method is described once, as a ``Spec``: the request fields it reads, the
moves it makes (from, to), the fields it requires or forbids, what it changes on the
interaction and its extra checks. The servicers hand a request and its spec to the core;
the core validates, applies and records with the spec; ``GetStateModel`` lists the specs.
A timer firing is a ``Timed`` row: the same spec, applied by the actor ``system/timer``
with a command of its own, so that it is validated, stored and announced exactly like a
person's call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nexus.domain import validation as val
from nexus.domain.errors import FailedPrecondition, PreconditionViolation, Violations
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State

NON_FINAL = [
    ipb.STATE_NEW,
    ipb.STATE_AUTOMATED,
    ipb.STATE_QUEUED,
    ipb.STATE_OFFERED,
    ipb.STATE_ACTIVE,
    ipb.STATE_WAITING,
    ipb.STATE_SNOOZED,
    ipb.STATE_WRAP_UP,
]
FINAL = [ipb.STATE_COMPLETED]

MAX_REASON = 1024
TIMER_ACTOR = "system/timer"
FALLBACK_QUEUE = "queues/default"
"""Where an interaction goes back to when it must be queued and was never in a queue."""


@dataclass(frozen=True)
class Command:
    """A lifecycle call read from its request (or made by a timer)."""

    queue: str = ""
    bot: str = ""
    agent: str = ""
    reason: str = ""
    snooze_until_us: int = 0
    completion_reason: int = 0
    agent_left: bool = False
    """Set by the core when the assigned agent's participant has left: a resumed
    interaction then goes back to its queue rather than to that agent."""


@dataclass(frozen=True)
class Move:
    from_state: int
    to_state: int
    description: str


Effect = Callable[[ipb.Interaction, ipb.Interaction, Command], None]
"""Changes ``after`` (a copy of ``before``) as the method says."""
Target = Callable[[ipb.Interaction, Command], int]
Check = Callable[[ipb.Interaction, Command], None]


@dataclass(frozen=True)
class Spec:
    """One lifecycle method."""

    method: str
    moves: tuple[Move, ...]
    target: Target
    fields: Mapping[str, str] = field(default_factory=dict)
    """Command field → request field."""
    required: tuple[str, ...] = ()
    """Command fields every call must set."""
    required_in: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    """Command fields required only when the interaction is in a given state."""
    exactly_one: tuple[str, ...] = ()
    """Command fields of which a call sets exactly one (the others are forbidden)."""
    effect: Effect | None = None
    check: Check | None = None
    """A rule that needs the interaction (raises FailedPrecondition)."""

    def command(self, request: Any) -> Command:
        values: dict[str, Any] = {}
        for name, request_field in self.fields.items():
            value = getattr(request, request_field)
            if name == "snooze_until_us":
                value = value.ToMicroseconds() if request.HasField(request_field) else 0
            values[name] = value
        return Command(**values)

    def request_field(self, name: str) -> str:
        return self.fields.get(name, name)

    def validate(self, cmd: Command, now_us: int, v: Violations) -> None:
        """The rules a call's fields obey whatever the interaction's state."""
        for name in ("queue", "bot", "agent"):
            if name in self.fields:
                val.ref(v, self.request_field(name), getattr(cmd, name))
        if len(cmd.reason) > MAX_REASON:
            v.add(self.request_field("reason"), f"at most {MAX_REASON} characters")
        if "completion_reason" in self.fields:
            val.enum_value(
                v,
                self.request_field("completion_reason"),
                ipb.CompletionReason,
                cmd.completion_reason,
                required=True,
            )
        if "snooze_until_us" in self.fields:
            if not cmd.snooze_until_us:
                v.add(self.request_field("snooze_until_us"), "required")
            elif not now_us < cmd.snooze_until_us <= now_us + val.MAX_SNOOZE_S * 1_000_000:
                v.add(
                    self.request_field("snooze_until_us"),
                    "must be in the future and at most 90 days ahead",
                )

    def check_fields(self, cmd: Command, state: int) -> None:
        """The field rules of this method; some depend on the current state."""
        v = Violations()
        for name in (*self.required, *self.required_in.get(state, ())):
            if not getattr(cmd, name):
                when = f" when the interaction is {state_name(state)}"
                v.add(
                    self.request_field(name),
                    "required" + (when if name not in self.required else ""),
                )
        if self.exactly_one and sum(bool(getattr(cmd, f)) for f in self.exactly_one) != 1:
            names = " and ".join(self.request_field(f) for f in self.exactly_one)
            v.add(self.request_field(self.exactly_one[0]), f"exactly one of {names} is required")
        v.raise_if_any()

    def apply(self, interaction: ipb.Interaction, cmd: Command, now_us: int) -> ipb.Interaction:
        """The interaction after the call, or FailedPrecondition if it is illegal now.
        The input is not modified; revision bookkeeping is the caller's."""
        to = self.target(interaction, cmd)
        if not is_legal(interaction.state, to, self.method):
            raise illegal(interaction, self.method)
        if self.check is not None:
            self.check(interaction, cmd)
        out = ipb.Interaction()
        out.CopyFrom(interaction)
        if self.effect is not None:
            self.effect(interaction, out, cmd)
        out.state = to  # type: ignore[assignment]
        out.state_time.FromMicroseconds(now_us)
        if to == ipb.STATE_QUEUED and interaction.state != ipb.STATE_OFFERED:
            out.queue_time.FromMicroseconds(now_us)  # an offer's return keeps the wait
        if to == ipb.STATE_COMPLETED:
            out.complete_time.FromMicroseconds(now_us)
        if to != ipb.STATE_SNOOZED:
            out.ClearField("snooze_until")
        return out


# -- the methods ----------------------------------------------------------------------------


def _to(state: int) -> Target:
    return lambda i, c: state


def _route_to_queue(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.queue, after.assigned_agent, after.assigned_bot = c.queue, "", ""


def _automate(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.assigned_bot = c.bot


def _offer(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.assigned_agent = c.agent


def _accept(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    if before.state != ipb.STATE_OFFERED:
        after.assigned_agent = c.agent
    after.assigned_bot = ""


def _offered_to_caller(i: ipb.Interaction, c: Command) -> None:
    if i.state == ipb.STATE_OFFERED and c.agent and c.agent != i.assigned_agent:
        raise FailedPrecondition(
            f"{i.name} is offered to {i.assigned_agent}, not {c.agent}",
            [PreconditionViolation("OFFER", i.name, "offered to another agent")],
            reason="OFFERED_TO_ANOTHER_AGENT",
            offeredAgent=i.assigned_agent,
        )


def _decline(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.assigned_agent = ""


def _transfer_target(i: ipb.Interaction, c: Command) -> int:
    return ipb.STATE_QUEUED if c.queue else ipb.STATE_ACTIVE


def _transfer(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    if c.queue:
        _route_to_queue(before, after, c)
    else:
        after.assigned_agent, after.assigned_bot = c.agent, ""


def _resume_target(i: ipb.Interaction, c: Command) -> int:
    if i.assigned_agent and not c.agent_left:
        return ipb.STATE_ACTIVE
    if i.assigned_bot and i.state == ipb.STATE_WAITING:
        return ipb.STATE_AUTOMATED
    return ipb.STATE_QUEUED


def _resume(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    if _resume_target(before, c) == ipb.STATE_QUEUED:
        queue = before.queue or c.queue or FALLBACK_QUEUE
        after.queue, after.assigned_agent, after.assigned_bot = queue, "", ""


def _snooze(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.snooze_until.FromMicroseconds(c.snooze_until_us)


def _complete(before: ipb.Interaction, after: ipb.Interaction, c: Command) -> None:
    after.completion_reason = c.completion_reason  # type: ignore[assignment]


QUEUE = Spec(
    "QueueInteraction",
    (
        Move(ipb.STATE_NEW, ipb.STATE_QUEUED, "route to a queue"),
        Move(ipb.STATE_AUTOMATED, ipb.STATE_QUEUED, "bot hands off to a queue"),
        Move(ipb.STATE_WAITING, ipb.STATE_QUEUED, "re-route to a queue"),
        Move(ipb.STATE_SNOOZED, ipb.STATE_QUEUED, "re-route to a queue"),
    ),
    _to(ipb.STATE_QUEUED),
    fields={"queue": "queue"},
    required=("queue",),
    effect=_route_to_queue,
)
AUTOMATE = Spec(
    "AutomateInteraction",
    (Move(ipb.STATE_NEW, ipb.STATE_AUTOMATED, "a bot takes it"),),
    _to(ipb.STATE_AUTOMATED),
    fields={"bot": "bot"},
    required=("bot",),
    effect=_automate,
)
OFFER = Spec(
    "OfferInteraction",
    (Move(ipb.STATE_QUEUED, ipb.STATE_OFFERED, "offered to an agent"),),
    _to(ipb.STATE_OFFERED),
    fields={"agent": "agent"},
    required=("agent",),
    effect=_offer,
)
ACCEPT = Spec(
    "AcceptInteraction",
    (
        Move(ipb.STATE_QUEUED, ipb.STATE_ACTIVE, "an agent picks it directly"),
        Move(ipb.STATE_OFFERED, ipb.STATE_ACTIVE, "the offered agent accepts"),
    ),
    _to(ipb.STATE_ACTIVE),
    fields={"agent": "agent"},
    required_in={ipb.STATE_QUEUED: ("agent",)},
    effect=_accept,
    check=_offered_to_caller,
)
DECLINE = Spec(
    "DeclineInteraction",
    (Move(ipb.STATE_OFFERED, ipb.STATE_QUEUED, "the offered agent declines"),),
    _to(ipb.STATE_QUEUED),
    fields={"reason": "reason"},
    effect=_decline,
)
TRANSFER = Spec(
    "TransferInteraction",
    (
        Move(ipb.STATE_AUTOMATED, ipb.STATE_QUEUED, "bot transfers to a queue"),
        Move(ipb.STATE_AUTOMATED, ipb.STATE_ACTIVE, "bot transfers to an agent"),
        Move(ipb.STATE_ACTIVE, ipb.STATE_QUEUED, "transfer to a queue"),
        Move(ipb.STATE_ACTIVE, ipb.STATE_ACTIVE, "transfer to another agent"),
    ),
    _transfer_target,
    fields={"queue": "queue", "agent": "agent", "reason": "reason"},
    exactly_one=("queue", "agent"),
    effect=_transfer,
)
WAIT = Spec(
    "WaitInteraction",
    (
        Move(ipb.STATE_AUTOMATED, ipb.STATE_WAITING, "bot awaits the customer"),
        Move(ipb.STATE_ACTIVE, ipb.STATE_WAITING, "awaiting the customer"),
    ),
    _to(ipb.STATE_WAITING),
    fields={"reason": "reason"},
)
RESUME = Spec(
    "ResumeInteraction",
    (
        Move(ipb.STATE_WAITING, ipb.STATE_ACTIVE, "back to the assigned agent"),
        Move(ipb.STATE_WAITING, ipb.STATE_AUTOMATED, "back to the assigned bot"),
        Move(ipb.STATE_WAITING, ipb.STATE_QUEUED, "back to its queue: its agent has left"),
        Move(ipb.STATE_SNOOZED, ipb.STATE_ACTIVE, "back to the assigned agent"),
        Move(ipb.STATE_SNOOZED, ipb.STATE_QUEUED, "back to its queue: its agent has left"),
    ),
    _resume_target,
    effect=_resume,
)
SNOOZE = Spec(
    "SnoozeInteraction",
    (Move(ipb.STATE_ACTIVE, ipb.STATE_SNOOZED, "set aside until a time"),),
    _to(ipb.STATE_SNOOZED),
    fields={"snooze_until_us": "snooze_until"},
    required=("snooze_until_us",),
    effect=_snooze,
)
WRAP_UP = Spec(
    "WrapUpInteraction",
    (Move(ipb.STATE_ACTIVE, ipb.STATE_WRAP_UP, "after-contact work"),),
    _to(ipb.STATE_WRAP_UP),
)
COMPLETE = Spec(
    "CompleteInteraction",
    tuple(Move(s, ipb.STATE_COMPLETED, "complete with a reason") for s in NON_FINAL),
    _to(ipb.STATE_COMPLETED),
    fields={"completion_reason": "reason", "reason": "note"},
    required=("completion_reason",),
    effect=_complete,
)

SPECS: dict[str, Spec] = {
    s.method: s
    for s in (
        QUEUE,
        AUTOMATE,
        OFFER,
        ACCEPT,
        DECLINE,
        TRANSFER,
        WAIT,
        RESUME,
        SNOOZE,
        WRAP_UP,
        COMPLETE,
    )
}
METHODS: tuple[str, ...] = tuple(SPECS)


# -- the timers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    """A transition a timer makes: ``spec`` from ``from_state`` with ``command``."""

    timer: int
    policy_field: str
    """The TimerPolicy field that times it (and the event's reason)."""
    spec: Spec
    from_state: int
    command: Command
    description: str


TIMED: dict[int, Timed] = {
    t.timer: t
    for t in (
        Timed(
            ipb.TIMER_INACTIVE_AFTER,
            "inactive_after",
            WAIT,
            ipb.STATE_ACTIVE,
            Command(reason="inactive_after"),
            "neither side wrote for inactive_after: wait for the customer",
        ),
        Timed(
            ipb.TIMER_COMPLETE_AFTER,
            "complete_after",
            COMPLETE,
            ipb.STATE_WAITING,
            Command(completion_reason=ipb.COMPLETION_REASON_EXPIRED, reason="complete_after"),
            "nobody wrote for complete_after: completed as EXPIRED",
        ),
        Timed(
            ipb.TIMER_OFFER_TIMEOUT,
            "offer_timeout",
            DECLINE,
            ipb.STATE_OFFERED,
            Command(reason="offer_timeout"),
            "no answer within offer_timeout: the offer is withdrawn",
        ),
        Timed(
            ipb.TIMER_QUEUE_TIMEOUT,
            "queue_timeout",
            COMPLETE,
            ipb.STATE_QUEUED,
            Command(completion_reason=ipb.COMPLETION_REASON_ABANDONED, reason="queue_timeout"),
            "queue_timeout in the queue: completed as ABANDONED",
        ),
        Timed(
            ipb.TIMER_WRAP_UP_MAX,
            "wrap_up_max",
            COMPLETE,
            ipb.STATE_WRAP_UP,
            Command(completion_reason=ipb.COMPLETION_REASON_RESOLVED, reason="wrap_up_max"),
            "wrap-up took wrap_up_max: completed as RESOLVED",
        ),
        Timed(
            ipb.TIMER_SNOOZE_UNTIL,
            "snooze_until",
            RESUME,
            ipb.STATE_SNOOZED,
            Command(reason="snooze_until"),
            "snooze_until reached: back to its agent, or its queue",
        ),
    )
}
TIMER_OF_STATE: dict[int, Timed] = {t.from_state: t for t in TIMED.values()}


# -- the table as rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    from_state: int
    to_state: int
    method: str
    description: str
    timer: int = 0


TRANSITIONS: tuple[Transition, ...] = tuple(
    Transition(m.from_state, m.to_state, s.method, m.description)
    for s in SPECS.values()
    for m in s.moves
)
"""Every transition a caller can make."""

TIMED_TRANSITIONS: tuple[Transition, ...] = tuple(
    Transition(m.from_state, m.to_state, t.spec.method, t.description, t.timer)
    for t in TIMED.values()
    for m in t.spec.moves
    if m.from_state == t.from_state
)
"""Every transition a timer can make (each is also in TRANSITIONS)."""

_LEGAL = frozenset((t.from_state, t.to_state, t.method) for t in TRANSITIONS)


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


def event_reason(cmd: Command, timer: int = 0) -> str:
    """The reason a state_changed event gives: a timer's policy field, the completion
    reason of a person's CompleteInteraction, or the caller's own reason."""
    if timer or not cmd.completion_reason:
        return cmd.reason
    return ipb.CompletionReason.Name(cmd.completion_reason).removeprefix("COMPLETION_REASON_")
