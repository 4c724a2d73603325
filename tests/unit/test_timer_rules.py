"""Timer rules as pure logic: which timer each state arms, from which time, and policies."""

from __future__ import annotations

import pytest
from google.protobuf import duration_pb2
from hypothesis import given
from hypothesis import strategies as st

from nexus.domain import lifecycle, timers
from nexus.domain.errors import Violations
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State
T = ipb.Timer
US = 1_000_000
DEFAULTS = timers.Durations(600 * US, 1800 * US, 30 * US, 0, 300 * US)


def interaction(state: int, state_time: int = 1000 * US, last_message: int = 0) -> ipb.Interaction:
    i = ipb.Interaction(name="interactions/x", state=state)
    i.state_time.FromMicroseconds(state_time)
    if last_message:
        i.last_message_time.FromMicroseconds(last_message)
    return i


@pytest.mark.parametrize(
    ("state", "timer", "after"),
    [
        (S.STATE_ACTIVE, T.TIMER_INACTIVE_AFTER, 600),
        (S.STATE_WAITING, T.TIMER_COMPLETE_AFTER, 1800),
        (S.STATE_OFFERED, T.TIMER_OFFER_TIMEOUT, 30),
        (S.STATE_WRAP_UP, T.TIMER_WRAP_UP_MAX, 300),
    ],
)
def test_each_state_arms_its_timer_from_entering_it(state, timer, after):
    armed = timers.arm(interaction(state), DEFAULTS)
    assert armed == timers.Armed(timer, 1000 * US, (1000 + after) * US)


def test_states_without_a_timer_and_timers_turned_off():
    for state in (S.STATE_NEW, S.STATE_AUTOMATED, S.STATE_COMPLETED):
        assert timers.arm(interaction(state), DEFAULTS) is None
    # QUEUED arms queue_timeout, which is off by default: known, but not due.
    assert timers.arm(interaction(S.STATE_QUEUED), DEFAULTS) == timers.Armed(
        T.TIMER_QUEUE_TIMEOUT, 1000 * US, None
    )


def test_a_later_message_moves_active_and_waiting_but_not_the_others():
    for state in (S.STATE_ACTIVE, S.STATE_WAITING):
        armed = timers.arm(interaction(state, last_message=1500 * US), DEFAULTS)
        assert armed is not None and armed.since_us == 1500 * US
    armed = timers.arm(interaction(S.STATE_OFFERED, last_message=1500 * US), DEFAULTS)
    assert armed is not None and armed.since_us == 1000 * US
    # A message older than entering the state does not pull the clock back.
    armed = timers.arm(interaction(S.STATE_ACTIVE, last_message=10 * US), DEFAULTS)
    assert armed is not None and armed.since_us == 1000 * US


def test_snooze_is_due_at_snooze_until_whatever_the_policy():
    i = interaction(S.STATE_SNOOZED)
    i.snooze_until.FromMicroseconds(5000 * US)
    assert timers.arm(i, DEFAULTS) == timers.Armed(T.TIMER_SNOOZE_UNTIL, 5000 * US, 5000 * US)


def test_every_timer_has_one_state_and_one_table_row():
    assert sorted(t.from_state for t in lifecycle.TIMED.values()) == sorted(
        set(t.from_state for t in lifecycle.TIMED.values())
    )
    assert set(timers.POLICY_FIELD) | {T.TIMER_SNOOZE_UNTIL} == set(lifecycle.TIMED)
    for timer, field in timers.POLICY_FIELD.items():
        assert lifecycle.TIMED[timer].policy_field == field


def policy(**values: duration_pb2.Duration) -> ipb.TimerPolicy:
    return ipb.TimerPolicy(name="timerPolicies/chat", **values)


def check(p: ipb.TimerPolicy) -> list[str]:
    v = Violations()
    timers.check_policy(p, list(timers.POLICY_FIELDS), v)
    return [x.field for x in v.items]


@given(
    st.sampled_from(timers.POLICY_FIELDS),
    st.integers(-(10**12), 10**12),
    st.integers(0, 999_999_999),
)
def test_policy_bounds(field, seconds, nanos):
    if seconds < 0:
        nanos = -nanos
    d = duration_pb2.Duration(seconds=seconds, nanos=nanos)
    us = d.ToMicroseconds()
    zero = seconds == 0 and nanos == 0
    whole = nanos % 1000 == 0
    ok = (zero and field in timers.MAY_BE_OFF) or (whole and US <= us <= timers.MAX_US)
    assert check(policy(**{field: d})) == ([] if ok else [f"timer_policy.{field}"])


def test_unset_fields_follow_the_defaults_and_are_named():
    own = policy(offer_timeout=duration_pb2.Duration(seconds=45))
    values = timers.effective(DEFAULTS, own)
    assert values.offer_timeout == 45 * US and values.inactive_after == 600 * US
    shown = timers.resource(ipb.MEDIA_TYPE_CHAT, DEFAULTS, own, 7)
    assert "offer_timeout" not in shown.default_fields
    assert "inactive_after" in shown.default_fields
    assert shown.etag == '"7"' and shown.update_time.ToMicroseconds() == 7


def test_configured_defaults_obey_the_same_limits():
    with pytest.raises(ValueError, match="offer_timeout"):
        timers.check_durations(timers.Durations(600 * US, 0, 0, 0, 0), "[timers]")
    with pytest.raises(ValueError, match="inactive_after"):
        timers.check_durations(timers.Durations(-1, 0, US, 0, 0), "[timers]")
