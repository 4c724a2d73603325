"""gRPC over TLS through Envoy with the generated Python stubs, and gRPC-Web."""

from __future__ import annotations

import struct
import time

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb


def create(stubs) -> ipb.Interaction:
    return stubs.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(
            interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_SMS, customer_address="+15550100")
        ),
        metadata=stubs.md,
    )


def test_unary_calls(stubs):
    created = create(stubs)
    got = stubs.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=created.name), metadata=stubs.md
    )
    assert got == created
    queued = stubs.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=created.name, queue="queues/sms", etag=got.etag),
        metadata=stubs.md,
    )
    assert queued.state == ipb.STATE_QUEUED


def test_rich_error_details_survive_envoy(stubs):
    with pytest.raises(grpc.RpcError) as info:
        stubs.interactions.CreateInteraction(
            ispb.CreateInteractionRequest(interaction=ipb.Interaction()), metadata=stubs.md
        )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(info.value)
    assert status is not None
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details)
    assert bad.field_violations


def test_missing_key_is_unauthenticated(stubs):
    with pytest.raises(grpc.RpcError) as info:
        stubs.interactions.ListInteractions(ispb.ListInteractionsRequest())
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_watch_events_streams_while_they_happen(stubs):
    created = create(stubs)
    stream = stubs.events.WatchEvents(
        espb.WatchEventsRequest(after_cursor=0, interaction=created.name),
        metadata=stubs.md,
        timeout=30,
    )
    events = (r.event for r in stream if r.HasField("event"))
    try:
        assert next(events).type == "interaction.created"
        # Only now does the next change happen; the open stream must deliver it.
        stubs.interactions.AutomateInteraction(
            ispb.AutomateInteractionRequest(name=created.name, bot="bots/faq"), metadata=stubs.md
        )
        changed = next(events)
        assert changed.type == "interaction.state_changed"
        assert changed.state_change.to_state == ipb.STATE_AUTOMATED
    finally:
        stream.cancel()


def grpc_web_frame(message: bytes) -> bytes:
    return b"\x00" + struct.pack(">I", len(message)) + message


def parse_grpc_web(body: bytes) -> tuple[list[bytes], dict[str, str]]:
    messages, trailers = [], {}
    while len(body) >= 5:
        flag, length = body[0], struct.unpack(">I", body[1:5])[0]
        if len(body) < 5 + length:
            break  # a frame cut off by a reset stream
        payload, body = body[5 : 5 + length], body[5 + length :]
        if flag & 0x80:
            for line in payload.decode().strip().split("\r\n"):
                key, _, value = line.partition(":")
                trailers[key.strip().lower()] = value.strip()
        else:
            messages.append(payload)
    return messages, trailers


def test_grpc_web_call(gateway, stubs):
    created = create(stubs)
    request = ispb.GetInteractionRequest(name=created.name).SerializeToString()
    with gateway.http(gateway.key_a) as web:
        resp = web.post(
            "/nexus.v1.InteractionService/GetInteraction",
            content=grpc_web_frame(request),
            headers={
                "content-type": "application/grpc-web+proto",
                "x-grpc-web": "1",
            },
        )
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/grpc-web")
    # CORS for browsers: tests/e2e/test_edge.py (envoy.yaml allows no origin by default).
    messages, trailers = parse_grpc_web(resp.content)
    assert trailers["grpc-status"] == "0"
    assert ipb.Interaction.FromString(messages[0]) == created


def test_grpc_web_error_carries_status_details(gateway):
    request = ispb.GetInteractionRequest(name="interactions/nope").SerializeToString()
    with gateway.http(gateway.key_a) as web:
        resp = web.post(
            "/nexus.v1.InteractionService/GetInteraction",
            content=grpc_web_frame(request),
            headers={"content-type": "application/grpc-web+proto", "x-grpc-web": "1"},
        )
    # An error is trailers-only: grpc-status arrives as a response header.
    assert resp.headers["grpc-status"] == str(grpc.StatusCode.NOT_FOUND.value[0])
    assert resp.headers["grpc-status-details-bin"]


def test_grpc_timeout_header_is_honoured_on_streams(gateway):
    """A grpc-timeout ends a WatchEvents stream (the streaming route has no route timeout)."""
    quiet = espb.WatchEventsRequest(event_types=["webhook.disabled"])  # nothing will match
    request = quiet.SerializeToString()
    body = b""
    give_up = time.monotonic() + 20  # heartbeats would keep an unbounded stream open forever
    with (
        gateway.http(gateway.key_a) as web,
        web.stream(
            "POST",
            "/nexus.v1.EventService/WatchEvents",
            content=grpc_web_frame(request),
            headers={
                "content-type": "application/grpc-web+proto",
                "x-grpc-web": "1",
                "grpc-timeout": "1500m",
            },
        ) as resp,
    ):
        assert resp.status_code == 200
        reset = False
        try:
            for chunk in resp.iter_bytes():
                body += chunk
                assert time.monotonic() < give_up, "grpc-timeout was ignored"
        except httpx.RemoteProtocolError:
            reset = True  # Envoy's max_stream_duration fired before the server's deadline
    heartbeats, trailers = parse_grpc_web(body)
    assert heartbeats  # the stream was open and streaming before the deadline ended it
    assert reset or trailers["grpc-status"] == str(grpc.StatusCode.DEADLINE_EXCEEDED.value[0])
