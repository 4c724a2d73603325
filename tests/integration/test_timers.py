"""Lifecycle timers through the real server and a real SQLite file, on a fake clock.

The server's own timer worker is off here: each test moves the clock and fires the due
timers itself (the same use case the worker runs), so nothing depends on sleeping.
"""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import duration_pb2, field_mask_pb2, timestamp_pb2
from prometheus_client import REGISTRY

from nexus.app import create_server
from nexus.clock import FakeClock, SystemClock
from nexus.config import TimerConfig
from nexus.domain import lifecycle
from nexus.store.base import DueTimer
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from helpers import call, expect_error, in_state, violated_fields

S = ipb.State
T = ipb.Timer
MIN = 60.0


@pytest.fixture
def config(config):
    return config.replace(timers=TimerConfig(enabled=False))


@pytest.fixture
def clock(nexus) -> FakeClock:
    fake = FakeClock(SystemClock().now_us())
    nexus.running.core.clock = fake
    return fake


async def fire(nexus) -> int:
    core = nexus.running.core
    return await nexus.running.work.write(lambda: core.timers.fire_timers())


def fired_and_lags() -> tuple[float, float]:
    """This process's count of fired offer timeouts, and the sum of all firing lags."""
    fired = REGISTRY.get_sample_value("nexus_timers_fired_total", {"timer": "offer_timeout"})
    lags = REGISTRY.get_sample_value("nexus_timer_firing_lag_seconds_sum")
    return fired or 0.0, lags or 0.0


async def get(client, name: str) -> ipb.Interaction:
    return await client.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=name), metadata=client.md
    )


async def timer_events(client, name: str) -> list:
    resp = await client.events.ListEvents(
        espb.ListEventsRequest(interaction=name, page_size=1000), metadata=client.md
    )
    return [e for e in resp.events if e.state_change.timer]


def seconds(value: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromMicroseconds(round(value * 1_000_000))
    return d


async def set_policy(client, media: str = "chat", mask: tuple[str, ...] = (), **durations):
    policy = ipb.TimerPolicy(
        name=f"timerPolicies/{media}", **{k: seconds(v) for k, v in durations.items()}
    )
    return await client.interactions.UpdateTimerPolicy(
        ispb.UpdateTimerPolicyRequest(
            timer_policy=policy, update_mask=field_mask_pb2.FieldMask(paths=list(mask))
        ),
        metadata=client.md,
    )


def due_us(i: ipb.Interaction) -> int:
    return i.next_timer.due_time.ToMicroseconds()


async def message(client, name: str, direction: int = ipb.DIRECTION_INBOUND) -> ipb.Message:
    return await client.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=name, message=ipb.Message(direction=direction, text="hello")
        ),
        metadata=client.md,
    )


# -- every timer --------------------------------------------------------------------------


async def test_inactive_then_complete_after_on_the_chat_defaults(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_ACTIVE)
    assert i.next_timer.timer == T.TIMER_INACTIVE_AFTER
    assert due_us(i) == i.state_time.ToMicroseconds() + 600_000_000
    clock.advance(10 * MIN - 1)
    assert await fire(nexus) == 0
    assert (await get(a, i.name)).state == S.STATE_ACTIVE
    clock.advance(1)
    assert await fire(nexus) == 1
    waiting = await get(a, i.name)
    assert waiting.state == S.STATE_WAITING
    assert waiting.assigned_agent == "ann"  # still hers: a customer reply goes back to her
    assert waiting.next_timer.timer == T.TIMER_COMPLETE_AFTER
    assert due_us(waiting) == clock.now_us() + 1_800_000_000

    (event,) = await timer_events(a, i.name)
    assert event.type == "interaction.state_changed"
    assert event.actor == lifecycle.TIMER_ACTOR
    change = event.state_change
    assert (change.from_state, change.to_state) == (S.STATE_ACTIVE, S.STATE_WAITING)
    assert (change.method, change.reason, change.timer) == (
        "WaitInteraction",
        "inactive_after",
        T.TIMER_INACTIVE_AFTER,
    )
    assert change.timer_due_time.ToMicroseconds() == due_us(i)
    assert event.interaction_snapshot == waiting

    clock.advance(30 * MIN)
    assert await fire(nexus) == 1
    done = await get(a, i.name)
    assert (done.state, done.completion_reason) == (
        S.STATE_COMPLETED,
        ipb.COMPLETION_REASON_EXPIRED,
    )
    assert not done.HasField("next_timer")
    last = (await timer_events(a, i.name))[-1].state_change
    assert (last.method, last.reason, last.timer) == (
        "CompleteInteraction",
        "complete_after",
        T.TIMER_COMPLETE_AFTER,
    )
    clock.advance(365 * 24 * 3600)
    assert await fire(nexus) == 0  # a completed interaction arms nothing


async def test_offer_timeout_withdraws_the_offer(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_OFFERED)
    assert (i.next_timer.timer, due_us(i) - i.state_time.ToMicroseconds()) == (
        T.TIMER_OFFER_TIMEOUT,
        30_000_000,
    )
    fired, lags = fired_and_lags()
    clock.advance(30.5)
    assert await fire(nexus) == 1
    # Counted once, half a second late (the fake clock moved 0.5 s past the due time).
    assert fired_and_lags() == (fired + 1, pytest.approx(lags + 0.5))
    back = await get(a, i.name)
    assert (back.state, back.assigned_agent, back.queue) == (S.STATE_QUEUED, "", "sales")
    (event,) = await timer_events(a, i.name)
    assert (event.state_change.method, event.state_change.reason) == (
        "DeclineInteraction",
        "offer_timeout",
    )
    # Back in the queue, queue_timeout is off by default: nothing more happens.
    assert not back.HasField("next_timer")
    clock.advance(30 * 24 * 3600)
    assert await fire(nexus) == 0


async def test_queue_timeout_once_a_tenant_turns_it_on(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_QUEUED)
    assert not i.HasField("next_timer")
    policy = await set_policy(a, queue_timeout=120)
    assert policy.queue_timeout.seconds == 120 and "queue_timeout" not in policy.default_fields
    armed = await get(a, i.name)  # re-armed at once, from when it was queued
    assert armed.next_timer.timer == T.TIMER_QUEUE_TIMEOUT
    assert due_us(armed) == i.state_time.ToMicroseconds() + 120_000_000
    clock.advance(120)
    assert await fire(nexus) == 1
    done = await get(a, i.name)
    assert (done.state, done.completion_reason) == (
        S.STATE_COMPLETED,
        ipb.COMPLETION_REASON_ABANDONED,
    )


async def test_wrap_up_max_completes_as_resolved(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_WRAP_UP)
    clock.advance(5 * MIN)
    assert await fire(nexus) == 1
    done = await get(a, i.name)
    assert (done.state, done.completion_reason) == (
        S.STATE_COMPLETED,
        ipb.COMPLETION_REASON_RESOLVED,
    )
    (event,) = await timer_events(a, i.name)
    assert event.state_change.reason == "wrap_up_max"


def at(clock: FakeClock, seconds_ahead: float) -> timestamp_pb2.Timestamp:
    ts = timestamp_pb2.Timestamp()
    ts.FromMicroseconds(clock.now_us() + round(seconds_ahead * 1_000_000))
    return ts


async def test_snooze_wakes_up_with_its_agent_or_in_its_queue(nexus, clock):
    a = nexus.a
    kept = await in_state(a, S.STATE_ACTIVE)
    left = await in_state(a, S.STATE_ACTIVE)
    part = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(
            parent=left.name,
            participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_AGENT, identity="ann"),
        ),
        metadata=a.md,
    )
    for i in (kept, left):
        snoozed = await call(a, "SnoozeInteraction", name=i.name, snooze_until=at(clock, 3600))
        assert snoozed.next_timer.timer == T.TIMER_SNOOZE_UNTIL
        assert snoozed.next_timer.due_time == snoozed.snooze_until
    await a.interactions.RemoveParticipant(
        ispb.RemoveParticipantRequest(name=part.name), metadata=a.md
    )
    clock.advance(3599)
    assert await fire(nexus) == 0
    clock.advance(1)
    assert await fire(nexus) == 2
    woke = await get(a, kept.name)
    assert (woke.state, woke.assigned_agent) == (S.STATE_ACTIVE, "ann")
    assert not woke.HasField("snooze_until")
    assert woke.next_timer.timer == T.TIMER_INACTIVE_AFTER
    requeued = await get(a, left.name)
    assert (requeued.state, requeued.assigned_agent, requeued.queue) == (
        S.STATE_QUEUED,
        "",
        "sales",
    )
    for name in (kept.name, left.name):
        (event,) = await timer_events(a, name)
        assert (event.state_change.method, event.state_change.reason) == (
            "ResumeInteraction",
            "snooze_until",
        )


@pytest.mark.parametrize(
    ("media", "fields", "inactive_s", "complete_s"),
    [
        (ipb.MEDIA_TYPE_SMS, {"customer_address": "+14155550100"}, 86400, 3 * 86400),
        (
            ipb.MEDIA_TYPE_THIRD_PARTY,
            {"third_party_platform": ipb.THIRD_PARTY_PLATFORM_WHATSAPP},
            86400,
            3 * 86400,
        ),
        (ipb.MEDIA_TYPE_EMAIL, {"customer_address": "c@example.com"}, 7 * 86400, 14 * 86400),
    ],
)
async def test_defaults_per_media_type(nexus, clock, media, fields, inactive_s, complete_s):
    a = nexus.a
    i = await in_state(a, S.STATE_ACTIVE, media_type=media, **fields)
    assert due_us(i) - i.state_time.ToMicroseconds() == inactive_s * 1_000_000
    i = await call(a, "WaitInteraction", name=i.name)
    assert due_us(i) - i.state_time.ToMicroseconds() == complete_s * 1_000_000


# -- what re-arms a timer ------------------------------------------------------------------


async def test_a_message_either_way_restarts_the_inactivity_clock(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_ACTIVE)
    clock.advance(8 * MIN)
    await message(a, i.name, ipb.DIRECTION_OUTBOUND)
    after = await get(a, i.name)
    assert after.last_message_time.ToMicroseconds() == clock.now_us()
    assert due_us(after) == clock.now_us() + 600_000_000
    clock.advance(8 * MIN)
    assert await fire(nexus) == 0  # due 10 minutes after the message, not after ACTIVE
    clock.advance(2 * MIN)
    assert await fire(nexus) == 1
    # An internal note is not a message to the customer: it restarts nothing.
    waiting = await get(a, i.name)
    await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=i.name,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="note", internal=True),
        ),
        metadata=a.md,
    )
    assert due_us(await get(a, i.name)) == due_us(waiting)


async def test_a_customer_message_resumes_a_waiting_interaction(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_WAITING)
    await message(a, i.name)
    back = await get(a, i.name)
    assert (back.state, back.assigned_agent) == (S.STATE_ACTIVE, "ann")
    assert back.next_timer.timer == T.TIMER_INACTIVE_AFTER
    assert due_us(back) == clock.now_us() + 600_000_000
    resp = await a.events.ListEvents(
        espb.ListEventsRequest(interaction=i.name, page_size=100), metadata=a.md
    )
    resumed = [e for e in resp.events if e.state_change.method == "ResumeInteraction"]
    assert [e.state_change.reason for e in resumed] == ["customer_message"]
    # An outbound message in WAITING does not resume it.
    waiting = await call(a, "WaitInteraction", name=i.name)
    await message(a, i.name, ipb.DIRECTION_OUTBOUND)
    assert (await get(a, i.name)).state == S.STATE_WAITING == waiting.state


async def test_a_customer_message_queues_the_interaction_when_its_agent_has_left(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_ACTIVE)
    part = await a.interactions.AddParticipant(
        ispb.AddParticipantRequest(
            parent=i.name,
            participant=ipb.Participant(role=ipb.PARTICIPANT_ROLE_AGENT, identity="ann"),
        ),
        metadata=a.md,
    )
    await a.interactions.RemoveParticipant(
        ispb.RemoveParticipantRequest(name=part.name), metadata=a.md
    )
    await call(a, "WaitInteraction", name=i.name)
    await message(a, i.name)
    back = await get(a, i.name)
    assert (back.state, back.queue, back.assigned_agent) == (S.STATE_QUEUED, "sales", "")


async def test_a_persons_call_makes_the_armed_timer_stale(nexus, clock):
    a = nexus.a
    core = nexus.running.core
    i = await in_state(a, S.STATE_OFFERED)
    clock.advance(30)
    # The timer is due, but the agent accepts first: the claim the worker would have made
    # a moment earlier finds the interaction ACTIVE and does not fire.
    stale = DueTimer(
        core.authenticate(a.api_key).tenant_id,
        i.name.split("/")[1],
        T.TIMER_OFFER_TIMEOUT,
        due_us(i),
    )
    await call(a, "AcceptInteraction", name=i.name)
    fired = await nexus.running.work.write(
        lambda: core.ctx.write(lambda: core.timers._fire(stale, clock.now_us()))
    )
    assert fired is False
    assert (await get(a, i.name)).state == S.STATE_ACTIVE
    assert await fire(nexus) == 0
    assert await timer_events(a, i.name) == []


async def test_policy_changes_re_arm_armed_timers(nexus, clock):
    a = nexus.a
    i = await in_state(a, S.STATE_ACTIVE)
    since = i.state_time.ToMicroseconds()
    clock.advance(60)
    await set_policy(a, inactive_after=120)
    assert due_us(await get(a, i.name)) == since + 120_000_000
    # Off: nothing armed, nothing fires.
    await set_policy(a, inactive_after=0)
    assert not (await get(a, i.name)).HasField("next_timer")
    clock.advance(3600)
    assert await fire(nexus) == 0
    # Named in the mask without a value: back to the default (10 minutes), from the same
    # stored time; already overdue, so it fires at the next look.
    policy = await set_policy(a, mask=("inactive_after",))
    assert "inactive_after" in policy.default_fields
    assert policy.inactive_after.seconds == 600
    assert due_us(await get(a, i.name)) == since + 600_000_000
    assert await fire(nexus) == 1
    # Another tenant's interactions keep their defaults.
    b = await in_state(nexus.b, S.STATE_ACTIVE)
    await set_policy(a, inactive_after=30)
    assert due_us(await get(nexus.b, b.name)) == b.state_time.ToMicroseconds() + 600_000_000


async def test_a_restart_between_arming_and_firing_loses_nothing(config, tmp_path):
    """The due time lives in the database: a new server process on the same file fires
    what the old one armed, once; a changed configured default re-arms at start."""
    clock = FakeClock(SystemClock().now_us())
    running = await create_server(config)
    running.core.clock = clock
    try:
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
        from conftest import API_KEY, make_client

        a = make_client(channel, API_KEY)
        offered = await in_state(a, S.STATE_OFFERED)
        active = await in_state(a, S.STATE_ACTIVE)
        await channel.close()
    finally:
        await running.stop(0)

    shorter = config.replace(timers=TimerConfig(enabled=False, chat_inactive_after_s=120))
    running = await create_server(shorter)
    running.core.clock = clock
    try:
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
        a = make_client(channel, API_KEY)
        assert due_us(await get(a, active.name)) == active.state_time.ToMicroseconds() + 120_000_000
        clock.advance(30)
        core = running.core
        assert await running.work.write(lambda: core.timers.fire_timers()) == 1
        assert (await get(a, offered.name)).state == S.STATE_QUEUED
        assert await running.work.write(lambda: core.timers.fire_timers()) == 0
        assert len(await timer_events(a, offered.name)) == 1
        await channel.close()
    finally:
        await running.stop(0)


# -- visible -------------------------------------------------------------------------------


async def test_list_interactions_by_next_timer(nexus, clock):
    a = nexus.a
    offered = await in_state(a, S.STATE_OFFERED)
    active = await in_state(a, S.STATE_ACTIVE)
    await in_state(a, S.STATE_QUEUED)  # nothing armed (queue_timeout is off)

    async def names(**filters) -> list[str]:
        resp = await a.interactions.ListInteractions(
            ispb.ListInteractionsRequest(**filters), metadata=a.md
        )
        return [i.name for i in resp.interactions]

    assert await names(next_timer=T.TIMER_OFFER_TIMEOUT) == [offered.name]
    assert await names(next_timer=T.TIMER_INACTIVE_AFTER) == [active.name]
    assert await names(next_timer_before=at(clock, 60)) == [offered.name]
    assert await names(next_timer_before=at(clock, 3600)) == [offered.name, active.name]
    found = await expect_error(
        a.interactions.ListInteractions(ispb.ListInteractionsRequest(next_timer=99), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["next_timer"]


async def test_state_model_lists_the_timed_transitions_with_their_defaults(nexus):
    model = await nexus.a.interactions.GetStateModel(
        ispb.GetStateModelRequest(), metadata=nexus.a.md
    )
    timed = {(t.timer, t.from_state, t.to_state, t.method) for t in model.transitions if t.timer}
    assert timed == {
        (T.TIMER_INACTIVE_AFTER, S.STATE_ACTIVE, S.STATE_WAITING, "WaitInteraction"),
        (T.TIMER_COMPLETE_AFTER, S.STATE_WAITING, S.STATE_COMPLETED, "CompleteInteraction"),
        (T.TIMER_OFFER_TIMEOUT, S.STATE_OFFERED, S.STATE_QUEUED, "DeclineInteraction"),
        (T.TIMER_QUEUE_TIMEOUT, S.STATE_QUEUED, S.STATE_COMPLETED, "CompleteInteraction"),
        (T.TIMER_WRAP_UP_MAX, S.STATE_WRAP_UP, S.STATE_COMPLETED, "CompleteInteraction"),
        (T.TIMER_SNOOZE_UNTIL, S.STATE_SNOOZED, S.STATE_ACTIVE, "ResumeInteraction"),
        (T.TIMER_SNOOZE_UNTIL, S.STATE_SNOOZED, S.STATE_QUEUED, "ResumeInteraction"),
    }
    # Every timed transition is a row of the people's table too.
    people = {(t.from_state, t.to_state, t.method) for t in model.transitions if not t.timer}
    assert {(f, to, m) for _, f, to, m in timed} <= people
    inactive = next(t for t in model.transitions if t.timer == T.TIMER_INACTIVE_AFTER)
    defaults = {d.media_type: d.after.seconds for d in inactive.timer_defaults}
    assert defaults == {
        ipb.MEDIA_TYPE_CHAT: 600,
        ipb.MEDIA_TYPE_EMAIL: 7 * 86400,
        ipb.MEDIA_TYPE_SMS: 86400,
        ipb.MEDIA_TYPE_THIRD_PARTY: 86400,
    }


# -- the policy resource -------------------------------------------------------------------


async def test_policies_get_list_update_and_tenant_isolation(nexus):
    a, b = nexus.a, nexus.b
    listed = await a.interactions.ListTimerPolicies(ispb.ListTimerPoliciesRequest(), metadata=a.md)
    assert [p.name for p in listed.timer_policies] == [
        "timerPolicies/chat",
        "timerPolicies/email",
        "timerPolicies/sms",
        "timerPolicies/third-party",
    ]
    chat = listed.timer_policies[0]
    assert (chat.inactive_after.seconds, chat.complete_after.seconds) == (600, 1800)
    assert (chat.offer_timeout.seconds, chat.queue_timeout.seconds, chat.wrap_up_max.seconds) == (
        30,
        0,
        300,
    )
    assert set(chat.default_fields) == {
        "inactive_after",
        "complete_after",
        "offer_timeout",
        "queue_timeout",
        "wrap_up_max",
    }
    updated = await set_policy(a, "sms", offer_timeout=45)
    assert updated.offer_timeout.seconds == 45 and updated.etag != chat.etag
    got = await a.interactions.GetTimerPolicy(
        ispb.GetTimerPolicyRequest(name="timerPolicies/sms"), metadata=a.md
    )
    assert got == updated
    theirs = await b.interactions.GetTimerPolicy(
        ispb.GetTimerPolicyRequest(name="timerPolicies/sms"), metadata=b.md
    )
    assert theirs.offer_timeout.seconds == 30
    # A stale etag is refused; the current one applies.
    stale = ipb.TimerPolicy(name="timerPolicies/sms", etag=chat.etag, offer_timeout=seconds(50))
    await expect_error(
        a.interactions.UpdateTimerPolicy(
            ispb.UpdateTimerPolicyRequest(timer_policy=stale), metadata=a.md
        ),
        grpc.StatusCode.ABORTED,
    )
    stale.etag = updated.etag
    again = await a.interactions.UpdateTimerPolicy(
        ispb.UpdateTimerPolicyRequest(timer_policy=stale), metadata=a.md
    )
    assert again.offer_timeout.seconds == 50


@pytest.mark.parametrize(
    ("durations", "field"),
    [
        ({"inactive_after": -1}, "timer_policy.inactive_after"),
        ({"offer_timeout": 0}, "timer_policy.offer_timeout"),
        ({"complete_after": 0.5}, "timer_policy.complete_after"),
        ({"wrap_up_max": 366 * 86400}, "timer_policy.wrap_up_max"),
        ({"queue_timeout": 10**9}, "timer_policy.queue_timeout"),
    ],
)
async def test_bad_durations_are_invalid_argument_and_change_nothing(nexus, durations, field):
    a = nexus.a
    before = await a.interactions.GetTimerPolicy(
        ispb.GetTimerPolicyRequest(name="timerPolicies/chat"), metadata=a.md
    )
    found = await expect_error(set_policy(a, **durations), grpc.StatusCode.INVALID_ARGUMENT)
    assert violated_fields(found) == [field]
    after = await a.interactions.GetTimerPolicy(
        ispb.GetTimerPolicyRequest(name="timerPolicies/chat"), metadata=a.md
    )
    assert after == before


@pytest.mark.parametrize(
    "name", ["timerPolicies/fax", "timerPolicies/", "timerPolicies/CHAT", "chat", ""]
)
async def test_unknown_media_type_is_invalid_argument(nexus, name):
    a = nexus.a
    found = await expect_error(
        a.interactions.GetTimerPolicy(ispb.GetTimerPolicyRequest(name=name), metadata=a.md),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["name"]
    found = await expect_error(
        a.interactions.UpdateTimerPolicy(
            ispb.UpdateTimerPolicyRequest(
                timer_policy=ipb.TimerPolicy(name=name, offer_timeout=seconds(40))
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["timer_policy.name"]


async def test_a_mask_naming_another_field_is_invalid_argument(nexus):
    found = await expect_error(
        set_policy(nexus.a, mask=("media_type",)), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert violated_fields(found) == ["update_mask"]


def test_timed_transitions_are_rows_of_the_one_table():
    for t in lifecycle.TIMED_TRANSITIONS:
        assert lifecycle.is_legal(t.from_state, t.to_state, t.method)
    assert {t.timer for t in lifecycle.TIMED_TRANSITIONS} == {v for v in T.values() if v}


async def test_every_timer_fires_once_even_if_two_workers_look(nexus, clock):
    """Two firings of the same due timers, one after the other (as two processes would
    reach the same rows): the second finds nothing due."""
    a = nexus.a
    names = [(await in_state(a, S.STATE_OFFERED)).name for _ in range(5)]
    clock.advance(31)
    core = nexus.running.core
    first = await nexus.running.work.write(lambda: core.timers.fire_timers(3))
    second = await nexus.running.work.write(lambda: core.timers.fire_timers(3))
    third = await nexus.running.work.write(lambda: core.timers.fire_timers(3))
    assert (first, second, third) == (3, 2, 0)
    for name in names:
        assert len(await timer_events(a, name)) == 1


async def test_principal_free_firing_stays_in_its_tenant(nexus, clock):
    """A timer fires as its own tenant: its event is in that tenant's log only."""
    i = await in_state(nexus.b, S.STATE_OFFERED)
    clock.advance(30)
    assert await fire(nexus) == 1
    assert len(await timer_events(nexus.b, i.name)) == 1
    resp = await nexus.a.events.ListEvents(
        espb.ListEventsRequest(page_size=1000), metadata=nexus.a.md
    )
    assert all(e.interaction != i.name for e in resp.events)


async def test_queue_timeout_counts_the_whole_wait_across_offers(nexus, clock):
    a = nexus.a
    await set_policy(a, queue_timeout=120)
    i = await in_state(a, S.STATE_QUEUED)
    joined = i.queue_time.ToMicroseconds()
    clock.advance(60)
    await call(a, "OfferInteraction", name=i.name, agent="ann")
    clock.advance(30)
    assert await fire(nexus) == 1  # the offer times out: back in the queue
    back = await get(a, i.name)
    assert back.state == S.STATE_QUEUED and back.queue_time.ToMicroseconds() == joined
    assert due_us(back) == joined + 120_000_000
    clock.advance(30)
    assert await fire(nexus) == 1
    assert (await get(a, i.name)).completion_reason == ipb.COMPLETION_REASON_ABANDONED


async def test_sub_microsecond_durations_and_no_op_updates(nexus):
    a = nexus.a
    found = await expect_error(
        a.interactions.UpdateTimerPolicy(
            ispb.UpdateTimerPolicyRequest(
                timer_policy=ipb.TimerPolicy(
                    name="timerPolicies/chat",
                    offer_timeout=duration_pb2.Duration(seconds=40, nanos=500),
                )
            ),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["timer_policy.offer_timeout"]
    first = await set_policy(a, offer_timeout=40)
    again = await set_policy(a, offer_timeout=40)
    assert again == first  # nothing changed: same etag, nothing written
