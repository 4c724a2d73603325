"""Property-based: random operation sequences against the real server keep the invariants.

- the state only changes along the transition table;
- every successful transition writes exactly one interaction.state_changed event;
- an interaction's event sequence numbers are 1, 2, 3, … without gaps;
- a failed request writes no event at all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.config import Config
from nexus.domain import lifecycle
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

from conftest import API_KEY
from helpers import ServerThread

MD = (("x-api-key", API_KEY),)


@pytest.fixture(scope="module")
def stubs(
    tmp_path_factory,
) -> Iterator[tuple[ispb_grpc.InteractionServiceStub, espb_grpc.EventServiceStub]]:
    db = tmp_path_factory.mktemp("props") / "nexus.db"
    server = ServerThread(Config(listen="127.0.0.1:0", db=str(db), bootstrap_api_key=API_KEY))
    channel = grpc.insecure_channel(f"127.0.0.1:{server.running.port}")
    try:
        yield ispb_grpc.InteractionServiceStub(channel), espb_grpc.EventServiceStub(channel)
    finally:
        channel.close()
        server.stop()


def snooze_ts():
    from google.protobuf.timestamp_pb2 import Timestamp

    ts = Timestamp()
    ts.FromMicroseconds(int((time.time() + 3600) * 1e6))
    return ts


agents = st.sampled_from(["", "ann", "bob"])
queues = st.sampled_from(["", "sales", "support"])
operations = st.one_of(
    st.tuples(st.just("QueueInteraction"), st.fixed_dictionaries({"queue": queues})),
    st.tuples(
        st.just("AutomateInteraction"), st.fixed_dictionaries({"bot": st.sampled_from(["", "bot"])})
    ),
    st.tuples(st.just("OfferInteraction"), st.fixed_dictionaries({"agent": agents})),
    st.tuples(st.just("AcceptInteraction"), st.fixed_dictionaries({"agent": agents})),
    st.tuples(st.just("DeclineInteraction"), st.just({})),
    st.tuples(
        st.just("TransferInteraction"), st.fixed_dictionaries({"queue": queues, "agent": agents})
    ),
    st.tuples(st.just("WaitInteraction"), st.just({})),
    st.tuples(st.just("ResumeInteraction"), st.just({})),
    st.tuples(st.just("SnoozeInteraction"), st.just({"snooze_until": "soon"})),
    st.tuples(st.just("WrapUpInteraction"), st.just({})),
    st.tuples(st.just("CompleteInteraction"), st.fixed_dictionaries({"reason": st.integers(0, 6)})),
    st.tuples(
        st.just("SendMessage"), st.fixed_dictionaries({"text": st.sampled_from(["", "hello"])})
    ),
    st.tuples(
        st.just("UpdateInteraction"), st.fixed_dictionaries({"priority": st.integers(-5, 105)})
    ),
)


def run(stub, name: str, op: str, args: dict):
    if op == "SendMessage":
        return stub.SendMessage(
            ispb.SendMessageRequest(
                parent=name, message=ipb.Message(direction=1, text=args["text"])
            ),
            metadata=MD,
        )
    if op == "UpdateInteraction":
        return stub.UpdateInteraction(
            ispb.UpdateInteractionRequest(
                interaction=ipb.Interaction(name=name, priority=args["priority"])
            ),
            metadata=MD,
        )
    args = {k: snooze_ts() if v == "soon" else v for k, v in args.items()}
    return getattr(stub, op)(getattr(ispb, f"{op}Request")(name=name, **args), metadata=MD)


def events_of(events_stub, name: str) -> list:
    return list(
        events_stub.ListEvents(
            espb.ListEventsRequest(interaction=name, page_size=1000), metadata=MD
        ).events
    )


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operations, min_size=1, max_size=25))
def test_random_operations_keep_the_invariants(stubs, ops):
    stub, events_stub = stubs
    current = stub.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=1)), metadata=MD
    )
    seen = events_of(events_stub, current.name)
    for op, args in ops:
        try:
            result = run(stub, current.name, op, args)
        except grpc.RpcError as err:
            assert err.code() in (
                grpc.StatusCode.FAILED_PRECONDITION,
                grpc.StatusCode.INVALID_ARGUMENT,
            ), err
            assert events_of(events_stub, current.name) == seen, "a failed request wrote an event"
            continue
        after = stub.GetInteraction(ispb.GetInteractionRequest(name=current.name), metadata=MD)
        now = events_of(events_stub, current.name)
        new = now[len(seen) :]
        assert now[: len(seen)] == seen
        changes = [e for e in new if e.type == "interaction.state_changed"]
        if op in lifecycle.METHODS:
            assert lifecycle.is_legal(current.state, after.state, op)
            assert len(changes) == 1 and len(new) == 1
            assert (changes[0].state_change.from_state, changes[0].state_change.to_state) == (
                current.state,
                after.state,
            )
            assert result.state == after.state
        elif op == "SendMessage" and current.state in (ipb.STATE_WAITING, ipb.STATE_SNOOZED):
            # A customer's message wakes a waiting or snoozed conversation (timers).
            assert [c.state_change.reason for c in changes] == ["customer_message"]
            assert (changes[0].state_change.from_state, after.state) == (
                current.state,
                changes[0].state_change.to_state,
            )
        else:
            assert not changes and after.state == current.state
        current, seen = after, now
        assert [e.sequence for e in seen] == list(range(1, len(seen) + 1))
        assert seen[-1].sequence == current.sequence
