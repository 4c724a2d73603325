"""Every Timestamp and Duration anywhere in a request is checked against protobuf's range."""

from __future__ import annotations

import pytest
from google.protobuf import duration_pb2, timestamp_pb2
from hypothesis import given
from hypothesis import strategies as st

from nexus.domain import validation as val
from nexus.domain.errors import InvalidArgument
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_service_pb2 as wspb

MIN_S, MAX_S = val.MIN_TIMESTAMP_S, val.MAX_TIMESTAMP_S


def _fields(exc: InvalidArgument) -> list[str]:
    return [v.field for v in exc.violations]


@given(seconds=st.integers(-(2**63), 2**63 - 1), nanos=st.integers(-(2**31), 2**31 - 1))
def test_timestamp_range_matches_protobuf(seconds, nanos):
    """Accepted exactly when protobuf itself can convert the value."""
    request = ispb.SnoozeInteractionRequest(
        snooze_until=timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)
    )
    try:
        request.snooze_until.ToDatetime()
        representable = True
    except (ValueError, OverflowError):
        representable = False
    try:
        val.time_ranges(request)
        accepted = True
    except InvalidArgument as exc:
        assert _fields(exc) == ["snooze_until"]
        accepted = False
    assert accepted == representable


@pytest.mark.parametrize(
    ("seconds", "nanos", "ok"),
    [
        (MAX_S, 999_999_999, True),
        (MIN_S, 0, True),
        (MAX_S + 1, 0, False),
        (MIN_S - 1, 0, False),
        (0, -1, False),
        (0, 1_000_000_000, False),
    ],
)
def test_timestamp_edges(seconds, nanos, ok):
    request = ispb.ListInteractionsRequest(
        create_time_after=timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)
    )
    if ok:
        val.time_ranges(request)
    else:
        with pytest.raises(InvalidArgument):
            val.time_ranges(request)


@pytest.mark.parametrize(
    ("seconds", "nanos", "ok"),
    [
        (315_576_000_000, 999_999_999, True),
        (-315_576_000_000, -999_999_999, True),
        (315_576_000_001, 0, False),
        (-315_576_000_001, 0, False),
        (1, -1, False),
        (-1, 1, False),
        (0, -999_999_999, True),
        (0, 1_000_000_000, False),
    ],
)
def test_duration_edges(seconds, nanos, ok):
    request = wspb.RotateWebhookSecretRequest(
        grace_period=duration_pb2.Duration(seconds=seconds, nanos=nanos)
    )
    if ok:
        val.time_ranges(request)
    else:
        with pytest.raises(InvalidArgument) as info:
            val.time_ranges(request)
        assert _fields(info.value) == ["grace_period"]


def test_nested_and_several_fields_are_all_named():
    bad = timestamp_pb2.Timestamp(seconds=MAX_S + 1)
    request = ispb.CreateInteractionRequest(
        interaction=ipb.Interaction(create_time=bad, snooze_until=bad)
    )
    with pytest.raises(InvalidArgument) as info:
        val.time_ranges(request)
    assert sorted(_fields(info.value)) == ["interaction.create_time", "interaction.snooze_until"]


def test_unset_and_messages_without_times_pass():
    val.time_ranges(espb.WatchEventsRequest())
    val.time_ranges(ispb.GetInteractionRequest(name="interactions/x"))
    val.time_ranges(espb.WatchEventsRequest(heartbeat_interval=duration_pb2.Duration(seconds=5)))
