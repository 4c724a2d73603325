"""Lifecycle timers as pure rules: which timer an interaction's state arms, from which
stored time it counts, how long each waits (a tenant's policy over the deployment's
defaults), and what a valid policy is.

Due times are never kept in memory: ``arm`` derives one from the interaction's own stored
times (``state_time``, ``last_message_time``, ``snooze_until``) and the policy, and the
store keeps it in an indexed column. Changing the policy re-derives it from the same
stored time, so armed timers follow the new durations at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

from google.protobuf.timestamp_pb2 import Timestamp

from nexus.domain.errors import Violations
from nexus.domain.lifecycle import TIMER_OF_STATE
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State
T = ipb.Timer

US = 1_000_000
MAX_US = 365 * 24 * 3600 * US
"""No timer waits longer than a year: a longer one is a mistake, not a policy."""
MIN_US = US

MEDIA_IDS: dict[str, int] = {
    "chat": ipb.MEDIA_TYPE_CHAT,
    "email": ipb.MEDIA_TYPE_EMAIL,
    "sms": ipb.MEDIA_TYPE_SMS,
    "third-party": ipb.MEDIA_TYPE_THIRD_PARTY,
}
MEDIA_NAMES: dict[int, str] = {v: k for k, v in MEDIA_IDS.items()}


@dataclass(frozen=True)
class Durations:
    """How long each policy timer waits, in microseconds; 0 is off."""

    inactive_after: int
    complete_after: int
    offer_timeout: int
    queue_timeout: int
    wrap_up_max: int

    def of(self, timer: int) -> int:
        return int(getattr(self, POLICY_FIELD[timer]))


POLICY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Durations))
POLICY_FIELD: dict[int, str] = {
    T.TIMER_INACTIVE_AFTER: "inactive_after",
    T.TIMER_COMPLETE_AFTER: "complete_after",
    T.TIMER_OFFER_TIMEOUT: "offer_timeout",
    T.TIMER_QUEUE_TIMEOUT: "queue_timeout",
    T.TIMER_WRAP_UP_MAX: "wrap_up_max",
}
MAY_BE_OFF = frozenset({"inactive_after", "complete_after", "queue_timeout", "wrap_up_max"})
"""An unanswered offer must go back to the queue, so ``offer_timeout`` is never off."""


class Armed(NamedTuple):
    """The timer an interaction's state arms: which, the stored time it counts from, and
    when it is due (None while the policy has it off)."""

    timer: int
    since_us: int
    due_us: int | None


_SNOOZE = int(T.TIMER_SNOOZE_UNTIL)
_QUEUED = int(S.STATE_QUEUED)
_BY_MESSAGES = frozenset({int(S.STATE_ACTIVE), int(S.STATE_WAITING)})


def clock_of(i: ipb.Interaction) -> tuple[int, int] | None:
    """The timer the interaction's state arms and the stored time it counts from.

    ACTIVE and WAITING count from the later of entering the state and the last message
    (any message to or from the customer restarts them); QUEUED from joining the queue
    (an offer that comes back does not restart it); SNOOZED is due at ``snooze_until``;
    the others count from entering their state.
    """
    timed = TIMER_OF_STATE.get(i.state)
    if timed is None:
        return None
    if timed.timer == _SNOOZE:
        return _SNOOZE, _us(i.snooze_until)
    since = state_since(i)
    if i.state == _QUEUED and i.HasField("queue_time"):
        since = _us(i.queue_time)
    if i.state in _BY_MESSAGES and i.HasField("last_message_time"):
        since = max(since, _us(i.last_message_time))
    return timed.timer, since


def _us(ts: Timestamp) -> int:
    """Timestamp.ToMicroseconds without its cost (this runs with every write)."""
    return ts.seconds * 1_000_000 + ts.nanos // 1000


def state_since(i: ipb.Interaction) -> int:
    """When the interaction entered its state (rows written before timers existed have
    no ``state_time``: their last change stands in)."""
    if i.HasField("state_time"):
        return _us(i.state_time)
    return _us(i.update_time)


def due(timer: int, since_us: int, durations: Durations) -> int | None:
    if timer == _SNOOZE:
        return since_us
    after = durations.of(timer)
    return since_us + after if after else None


def armed(clock: tuple[int, int], durations: Durations) -> Armed:
    """The timer of ``clock_of``, with its due time under ``durations``."""
    timer, since = clock
    return Armed(timer, since, due(timer, since, durations))


def arm(i: ipb.Interaction, durations: Durations) -> Armed | None:
    clock = clock_of(i)
    return None if clock is None else armed(clock, durations)


def show(i: ipb.Interaction, armed: Armed | None) -> None:
    """Sets ``next_timer`` on the resource from what is armed."""
    if armed is None or armed.due_us is None:
        i.ClearField("next_timer")
        return
    i.next_timer.timer = armed.timer  # type: ignore[assignment]
    i.next_timer.due_time.FromMicroseconds(armed.due_us)


# -- policies --------------------------------------------------------------------------------


def effective(defaults: Durations, override: ipb.TimerPolicy | None) -> Durations:
    """The tenant's durations: its own where it set them, the deployment's elsewhere."""
    if override is None:
        return defaults
    values = {
        name: getattr(override, name).ToMicroseconds()
        if override.HasField(name)
        else getattr(defaults, name)
        for name in POLICY_FIELDS
    }
    return Durations(**values)


def resource(
    media_type: int,
    defaults: Durations,
    override: ipb.TimerPolicy | None,
    update_time_us: int = 0,
) -> ipb.TimerPolicy:
    """The TimerPolicy a caller sees: every duration filled in, the defaulted ones named."""
    values = effective(defaults, override)
    out = ipb.TimerPolicy(
        name=f"timerPolicies/{MEDIA_NAMES[media_type]}",
        media_type=media_type,  # type: ignore[arg-type]
    )
    for name in POLICY_FIELDS:
        getattr(out, name).FromMicroseconds(getattr(values, name))
        if override is None or not override.HasField(name):
            out.default_fields.append(name)
    if update_time_us:
        out.update_time.FromMicroseconds(update_time_us)
    out.etag = f'"{update_time_us}"'
    return out


def check_policy(policy: ipb.TimerPolicy, paths: list[str], v: Violations) -> None:
    """Every duration named in ``paths`` and set is whole microseconds, and 0 (where the
    timer may be off) or between 1 s and a year."""
    for name in paths:
        if not policy.HasField(name):
            continue  # back to the default
        d = getattr(policy, name)
        field = f"timer_policy.{name}"
        if d.seconds < 0 or d.nanos < 0:
            v.add(field, "must not be negative")
        elif d.seconds == 0 and d.nanos == 0:
            if name not in MAY_BE_OFF:
                v.add(field, "must be at least 1s (this timer cannot be turned off)")
        elif d.nanos % 1000:
            v.add(field, "at most microsecond precision")
        elif d.ToMicroseconds() < MIN_US:
            v.add(field, "must be 0 (off) or at least 1s")
        elif d.ToMicroseconds() > MAX_US:
            v.add(field, "must be at most 365 days")


def check_durations(values: Durations, where: str) -> None:
    """A deployment's defaults obey the same rules as a tenant's policy."""
    for name in POLICY_FIELDS:
        us = getattr(values, name)
        if us < 0 or us > MAX_US or (0 < us < MIN_US) or (us == 0 and name not in MAY_BE_OFF):
            raise ValueError(
                f"{where}: {name} must be between 1s and 365 days"
                + (" (or 0 for off)" if name in MAY_BE_OFF else "")
            )
