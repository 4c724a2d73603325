"""The state machine as pure logic: every (state, method) pair, and random walks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.domain import lifecycle
from nexus.domain.errors import FailedPrecondition, InvalidArgument
from nexus.domain.lifecycle import Command
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State
ALL_STATES = [s for s in S.values() if s]
NOW = 1_700_000_000_000_000


def command(method: str, **overrides) -> Command:
    defaults = {
        "QueueInteraction": {"queue": "q1"},
        "AutomateInteraction": {"bot": "b1"},
        "OfferInteraction": {"agent": "a1"},
        "AcceptInteraction": {"agent": "a1"},
        "TransferInteraction": {"agent": "a2"},
        "SnoozeInteraction": {"snooze_until_us": NOW + 10**9},
        "CompleteInteraction": {"completion_reason": ipb.COMPLETION_REASON_RESOLVED},
    }.get(method, {})
    return Command(**{**defaults, **overrides})


def apply(before: ipb.Interaction, method: str, **overrides) -> ipb.Interaction:
    return lifecycle.SPECS[method].apply(before, command(method, **overrides), NOW)


def interaction(state: int, agent: str = "", bot: str = "") -> ipb.Interaction:
    return ipb.Interaction(
        name="interactions/x", state=state, assigned_agent=agent, assigned_bot=bot
    )


def test_table_has_no_duplicates_and_covers_every_state():
    rows = [(t.from_state, t.to_state, t.method) for t in lifecycle.TRANSITIONS]
    assert len(rows) == len(set(rows))
    assert {t.from_state for t in lifecycle.TRANSITIONS} == set(lifecycle.NON_FINAL)
    assert not lifecycle.allowed_methods(S.STATE_COMPLETED)
    for state in lifecycle.NON_FINAL:
        assert "CompleteInteraction" in lifecycle.allowed_methods(state)


@pytest.mark.parametrize("state", ALL_STATES, ids=lambda s: S.Name(s))
@pytest.mark.parametrize("method", lifecycle.METHODS)
def test_apply_follows_the_table(state: int, method: str):
    before = interaction(state, agent="a1" if state != S.STATE_AUTOMATED else "", bot="b1")
    cmd = command(method)
    target = lifecycle.SPECS[method].target(before, cmd)
    if lifecycle.is_legal(state, target, method):
        after = apply(before, method)
        assert after.state == target
        assert before.state == state, "apply must not modify its input"
    else:
        with pytest.raises(FailedPrecondition) as info:
            apply(before, method)
        assert info.value.reason == "ILLEGAL_TRANSITION"
        assert info.value.metadata["currentState"] == S.Name(state).removeprefix("STATE_")


def test_resume_returns_to_whoever_holds_it():
    assert (
        apply(interaction(S.STATE_WAITING, agent="a1"), "ResumeInteraction").state == S.STATE_ACTIVE
    )
    assert (
        apply(interaction(S.STATE_WAITING, bot="b1"), "ResumeInteraction").state
        == S.STATE_AUTOMATED
    )
    # Nobody to return to: back to its queue (the fallback queue when it never had one).
    after = apply(interaction(S.STATE_WAITING), "ResumeInteraction")
    assert (after.state, after.queue) == (S.STATE_QUEUED, lifecycle.FALLBACK_QUEUE)
    # Its agent has left: the queue it came from, not the agent.
    left = interaction(S.STATE_SNOOZED, agent="a1")
    left.queue = "queues/sales"
    after = apply(left, "ResumeInteraction", agent_left=True)
    assert (after.state, after.queue, after.assigned_agent) == (S.STATE_QUEUED, "queues/sales", "")


def test_accept_by_another_agent_than_offered_is_refused():
    offered = interaction(S.STATE_OFFERED, agent="a1")
    with pytest.raises(FailedPrecondition) as info:
        apply(offered, "AcceptInteraction", agent="a2")
    assert info.value.reason == "OFFERED_TO_ANOTHER_AGENT"
    assert apply(offered, "AcceptInteraction", agent="").assigned_agent == "a1"


def test_transfer_to_queue_releases_the_agent():
    after = apply(
        interaction(S.STATE_ACTIVE, agent="a1"), "TransferInteraction", agent="", queue="q2"
    )
    assert (after.state, after.queue, after.assigned_agent) == (S.STATE_QUEUED, "q2", "")


def test_complete_records_reason_and_time():
    after = apply(interaction(S.STATE_QUEUED), "CompleteInteraction")
    assert after.completion_reason == ipb.COMPLETION_REASON_RESOLVED
    assert after.complete_time.ToMicroseconds() == NOW


@pytest.mark.parametrize(
    ("method", "cmd", "state", "field"),
    [
        ("QueueInteraction", Command(), S.STATE_NEW, "queue"),
        ("AutomateInteraction", Command(), S.STATE_NEW, "bot"),
        ("OfferInteraction", Command(), S.STATE_QUEUED, "agent"),
        ("AcceptInteraction", Command(), S.STATE_QUEUED, "agent"),
        ("TransferInteraction", Command(), S.STATE_ACTIVE, "queue"),
        ("TransferInteraction", Command(queue="q", agent="a"), S.STATE_ACTIVE, "queue"),
        ("CompleteInteraction", Command(), S.STATE_NEW, "reason"),
        ("SnoozeInteraction", Command(), S.STATE_ACTIVE, "snooze_until"),
    ],
)
def test_required_fields(method: str, cmd: Command, state: int, field: str):
    with pytest.raises(InvalidArgument) as info:
        lifecycle.SPECS[method].check_fields(cmd, state)
    assert [v.field for v in info.value.violations] == [field]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(lifecycle.METHODS), max_size=30))
def test_random_walks_only_move_along_the_table(methods: list[str]):
    current = interaction(S.STATE_NEW)
    for method in methods:
        before = current.state
        try:
            current = apply(current, method)
        except FailedPrecondition:
            assert current.state == before
            continue
        assert lifecycle.is_legal(before, current.state, method)
    if current.state == S.STATE_COMPLETED:
        assert current.completion_reason


@pytest.mark.parametrize("spec", list(lifecycle.SPECS.values()), ids=lambda s: s.method)
def test_each_spec_is_an_rpc_whose_request_has_the_fields_it_reads(spec):
    from nexus.v1 import interaction_service_pb2 as ispb

    service = ispb.DESCRIPTOR.services_by_name["InteractionService"]
    rpc = service.methods_by_name[spec.method]
    assert rpc.output_type.full_name == "nexus.v1.Interaction"
    request = rpc.input_type
    assert {"name", "etag", "request_id", "actor"} <= set(request.fields_by_name)
    assert set(spec.fields.values()) <= set(request.fields_by_name)
    # Every request field that carries the call's meaning is read by the spec.
    meaning = set(request.fields_by_name) - {"name", "etag", "request_id", "actor"}
    assert meaning == set(spec.fields.values())
