"""Every legal and every illegal transition, through the real server."""

from __future__ import annotations

import grpc
import pytest

from nexus.domain import lifecycle
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

from helpers import PATHS, call, create, expect_error, future_timestamp, in_state

S = ipb.State

# Arguments that make each method's call valid field by field.
ARGS = {
    "QueueInteraction": {"queue": "support"},
    "AutomateInteraction": {"bot": "faq-bot"},
    "OfferInteraction": {"agent": "ann"},
    "AcceptInteraction": {"agent": "ann"},
    "DeclineInteraction": {"reason": "busy"},
    "TransferInteraction": {"queue": "billing"},
    "WaitInteraction": {"reason": "customer away"},
    "ResumeInteraction": {},
    "SnoozeInteraction": {"snooze_until": "future"},
    "WrapUpInteraction": {},
    "CompleteInteraction": {"reason": ipb.COMPLETION_REASON_RESOLVED},
}


def args_for(method: str, to_state: int) -> dict:
    args = dict(ARGS[method])
    if method == "TransferInteraction" and to_state == S.STATE_ACTIVE:
        args = {"agent": "bob"}
    if method == "AcceptInteraction":
        args = {}
    return {k: future_timestamp() if v == "future" else v for k, v in args.items()}


async def events_of(client, name: str) -> list:
    resp = await client.events.ListEvents(
        espb.ListEventsRequest(interaction=name, page_size=1000), metadata=client.md
    )
    return list(resp.events)


async def _agent_leaves(a, i):
    """The assigned agent joins as a participant and leaves."""
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
    return await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=i.name), metadata=a.md
    )


def _setup_path(t: lifecycle.Transition) -> list:
    if t.from_state == S.STATE_WAITING and t.to_state == S.STATE_AUTOMATED:
        return [("AutomateInteraction", {"bot": "faq-bot"}), ("WaitInteraction", {})]
    if t.from_state == S.STATE_QUEUED and t.method == "AcceptInteraction":
        return PATHS[S.STATE_QUEUED]
    return PATHS[t.from_state]


@pytest.mark.parametrize(
    "t",
    lifecycle.TRANSITIONS,
    ids=lambda t: f"{S.Name(t.from_state)}-{t.method}->{S.Name(t.to_state)}",
)
async def test_legal_transition(nexus, t: lifecycle.Transition):
    a = nexus.a
    i = await create(a)
    for method, params in _setup_path(t):
        i = await call(
            a,
            method,
            name=i.name,
            **{k: future_timestamp() if v == "future" else v for k, v in params.items()},
        )
    if t.method == "ResumeInteraction" and t.to_state == S.STATE_QUEUED:
        i = await _agent_leaves(a, i)
    assert i.state == t.from_state
    before = await events_of(a, i.name)
    args = args_for(t.method, t.to_state)
    if t.method == "AcceptInteraction" and t.from_state == S.STATE_QUEUED:
        args = {"agent": "ann"}
    after = await call(a, t.method, name=i.name, **args)
    assert after.state == t.to_state
    assert after.sequence == i.sequence + 1
    assert after.etag != i.etag
    events = await events_of(a, i.name)
    assert len(events) == len(before) + 1
    last = events[-1]
    assert last.type == "interaction.state_changed"
    assert (last.state_change.from_state, last.state_change.to_state) == (t.from_state, t.to_state)
    assert last.state_change.method == t.method
    assert last.sequence == after.sequence
    assert last.interaction_snapshot == after
    got = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=i.name), metadata=a.md
    )
    assert got == after


ILLEGAL = [
    (state, method)
    for state in [s for s in S.values() if s]
    for method in lifecycle.METHODS
    if method not in lifecycle.allowed_methods(state)
]


@pytest.mark.parametrize(
    "state,method", ILLEGAL, ids=lambda x: S.Name(x) if isinstance(x, int) else x
)
async def test_illegal_transition_is_failed_precondition_and_writes_nothing(nexus, state, method):
    a = nexus.a
    i = await in_state(a, state)
    before = await events_of(a, i.name)
    found = await expect_error(
        call(a, method, name=i.name, **args_for(method, 0)), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert found["ErrorInfo"].reason == "ILLEGAL_TRANSITION"
    current = S.Name(state).removeprefix("STATE_")
    assert found["ErrorInfo"].metadata["currentState"] == current
    (violation,) = found["PreconditionFailure"].violations
    assert violation.subject == i.name and current in violation.description
    assert await events_of(a, i.name) == before
    got = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=i.name), metadata=a.md
    )
    assert got == i


async def test_state_model_matches_the_domain_table(nexus):
    model = await nexus.a.interactions.GetStateModel(
        ispb.GetStateModelRequest(), metadata=nexus.a.md
    )
    assert list(model.final_states) == [S.STATE_COMPLETED]
    assert len(model.states) == 9
    rows = {(t.from_state, t.to_state, t.method) for t in model.transitions}
    assert rows == {(t.from_state, t.to_state, t.method) for t in lifecycle.TRANSITIONS}


async def test_a_full_chat(nexus):
    """The life of one chat, checking the fields each step sets."""
    a = nexus.a
    i = await create(a, channel="web-widget", customer_address="visitor-17")
    i = await call(a, "AutomateInteraction", name=i.name, bot="faq-bot")
    assert i.assigned_bot == "faq-bot"
    i = await call(
        a, "TransferInteraction", name=i.name, queue="support", reason="asked for a human"
    )
    assert (i.state, i.queue, i.assigned_bot) == (S.STATE_QUEUED, "support", "")
    i = await call(a, "OfferInteraction", name=i.name, agent="ann")
    i = await call(a, "DeclineInteraction", name=i.name, reason="on break")
    assert (i.state, i.assigned_agent) == (S.STATE_QUEUED, "")
    i = await call(a, "OfferInteraction", name=i.name, agent="bob")
    i = await call(a, "AcceptInteraction", name=i.name, agent="bob")
    assert (i.state, i.assigned_agent) == (S.STATE_ACTIVE, "bob")
    i = await call(a, "SnoozeInteraction", name=i.name, snooze_until=future_timestamp(2))
    assert i.HasField("snooze_until")
    i = await call(a, "ResumeInteraction", name=i.name)
    assert i.state == S.STATE_ACTIVE and not i.HasField("snooze_until")
    i = await call(a, "WrapUpInteraction", name=i.name)
    i = await call(
        a,
        "CompleteInteraction",
        name=i.name,
        reason=ipb.COMPLETION_REASON_RESOLVED,
        note="refund issued",
    )
    assert i.state == S.STATE_COMPLETED and i.completion_reason == ipb.COMPLETION_REASON_RESOLVED
    assert i.HasField("complete_time")
    events = await events_of(a, i.name)
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[-1].state_change.reason == "RESOLVED"


async def test_etag_on_lifecycle_call(nexus):
    a = nexus.a
    i = await create(a)
    stale = i.etag
    i = await call(a, "QueueInteraction", name=i.name, queue="q", etag=stale)
    found = await expect_error(
        call(a, "OfferInteraction", name=i.name, agent="x", etag=stale), grpc.StatusCode.ABORTED
    )
    assert found["ErrorInfo"].reason == "ETAG_MISMATCH"
    ok = await call(a, "OfferInteraction", name=i.name, agent="x", etag=i.etag)
    assert ok.state == S.STATE_OFFERED


async def test_accept_by_another_agent(nexus):
    a = nexus.a
    i = await in_state(a, S.STATE_OFFERED)
    found = await expect_error(
        call(a, "AcceptInteraction", name=i.name, agent="mallory"),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert found["ErrorInfo"].reason == "OFFERED_TO_ANOTHER_AGENT"
