"""Input no RPC may answer with INTERNAL or UNKNOWN: out-of-range Timestamps and Durations,
forged page tokens, and bytes that are not a protobuf message."""

from __future__ import annotations

import asyncio
import logging

import grpc
import pytest
from google.protobuf import descriptor_pool, duration_pb2, message_factory, timestamp_pb2

from nexus.app import SERVICE_NAMES
from nexus.core import Core
from nexus.domain import tokens
from nexus.domain import validation as val
from nexus.store import open_store
from nexus.store.base import InteractionFilter
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_service_pb2 as wspb

from helpers import create, expect_error, violated_fields

TIMESTAMP, DURATION = "google.protobuf.Timestamp", "google.protobuf.Duration"


def _methods():
    pool = descriptor_pool.Default()
    for service in SERVICE_NAMES:
        for method in pool.FindServiceByName(service).methods:
            yield service, method


def _time_paths(descriptor, prefix=(), depth=0):
    """Paths to every singular Timestamp/Duration field of a request type (two levels)."""
    for f in descriptor.fields:
        target = f.message_type
        if target is None or f.is_repeated:
            continue
        if target.full_name in (TIMESTAMP, DURATION):
            yield (*prefix, f.name), target.full_name
        elif depth < 2:
            yield from _time_paths(target, (*prefix, f.name), depth + 1)


TIME_CASES = [
    pytest.param(service, method.name, path, kind, bad, id=f"{method.name}.{'.'.join(path)}-{n}")
    for service, method in _methods()
    for path, kind in _time_paths(method.input_type)
    for n, bad in enumerate(
        [(val.MAX_TIMESTAMP_S + 1, 0), (val.MIN_TIMESTAMP_S - 1, 0), (0, -1), (0, 10**9)]
        if kind == TIMESTAMP
        else [(val.MAX_DURATION_S + 1, 0), (1, -1), (0, 10**9)]
    )
]


def test_every_time_field_of_every_rpc_is_covered():
    """The table is built from the descriptors; the fields named in the issue are in it."""
    covered = {(c.values[1], ".".join(c.values[2])) for c in TIME_CASES}
    for expected in [
        ("SnoozeInteraction", "snooze_until"),
        ("ListInteractions", "create_time_after"),
        ("ListInteractions", "create_time_before"),
        ("ListDeliveries", "start_time"),
        ("RecoverDeliveries", "start_time"),
        ("RecoverDeliveries", "end_time"),
        ("RotateWebhookSecret", "grace_period"),
        ("WatchEvents", "heartbeat_interval"),
        ("CreateInteraction", "interaction.create_time"),
    ]:
        assert expected in covered


def _request(service: str, method: str, path: tuple[str, ...], kind: str, bad: tuple[int, int]):
    descriptor = descriptor_pool.Default().FindServiceByName(service).methods_by_name[method]
    request = message_factory.GetMessageClass(descriptor.input_type)()
    target = request
    for name in path[:-1]:
        target = getattr(target, name)
    value = timestamp_pb2.Timestamp() if kind == TIMESTAMP else duration_pb2.Duration()
    value.seconds, value.nanos = bad
    getattr(target, path[-1]).CopyFrom(value)
    return request, descriptor


@pytest.mark.parametrize(("service", "method", "path", "kind", "bad"), TIME_CASES)
async def test_out_of_range_time_is_invalid_argument(nexus, service, method, path, kind, bad):
    request, descriptor = _request(service, method, path, kind, bad)
    output = message_factory.GetMessageClass(descriptor.output_type)
    rpc = f"/{service}/{method}"
    if descriptor.server_streaming:
        call = nexus.a.channel.unary_stream(
            rpc,
            request_serializer=type(request).SerializeToString,
            response_deserializer=output.FromString,
        )(request, metadata=nexus.a.md, timeout=10)

        async def first():
            async for _ in call:
                pass

        found = await expect_error(first(), grpc.StatusCode.INVALID_ARGUMENT)
    else:
        stub = nexus.a.channel.unary_unary(
            rpc,
            request_serializer=type(request).SerializeToString,
            response_deserializer=output.FromString,
        )
        found = await expect_error(
            stub(request, metadata=nexus.a.md, timeout=10), grpc.StatusCode.INVALID_ARGUMENT
        )
    assert violated_fields(found) == [".".join(path)]


# -- page tokens -----------------------------------------------------------------------------


async def test_forged_page_token_is_invalid_page_token(nexus):
    a = nexus.a
    for _ in range(3):
        await create(a, channel="tokens")
    page = await a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(page_size=1, channel="tokens"), metadata=a.md
    )
    token = page.next_page_token
    payload, mac = token.split(".")
    for forged in [
        "garbage!",
        token[:-1],
        payload,
        f"{payload}.{'A' * len(mac)}",
        f"{payload}==.{mac}",
        "x" * 100_000,
    ]:
        found = await expect_error(
            a.interactions.ListInteractions(
                ispb.ListInteractionsRequest(page_size=1, channel="tokens", page_token=forged),
                metadata=a.md,
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert found["ErrorInfo"].reason == "INVALID_PAGE_TOKEN"
        assert violated_fields(found) == ["page_token"]
    # the real one still works, and for another filter it says so
    await a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(page_size=1, channel="tokens", page_token=token), metadata=a.md
    )
    found = await expect_error(
        a.interactions.ListInteractions(
            ispb.ListInteractionsRequest(page_size=1, channel="other", page_token=token),
            metadata=a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert found["ErrorInfo"].reason == "INVALID_PAGE_TOKEN"
    assert "changed since" in found["BadRequest"].field_violations[0].description


async def test_another_tenants_token_is_refused(nexus):
    for _ in range(2):
        await create(nexus.a)
    page = await nexus.a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(page_size=1), metadata=nexus.a.md
    )
    found = await expect_error(
        nexus.b.interactions.ListInteractions(
            ispb.ListInteractionsRequest(page_size=1, page_token=page.next_page_token),
            metadata=nexus.b.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert found["ErrorInfo"].reason == "INVALID_PAGE_TOKEN"


async def test_replicas_on_one_database_accept_each_others_tokens(nexus, config):
    """The key lives in the store: a second server process on the same file shares it."""
    for _ in range(3):
        await create(nexus.a, channel="replica")
    page = await nexus.a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(page_size=1, channel="replica"), metadata=nexus.a.md
    )

    def on_a_replica() -> object:
        store = open_store(config.db)
        try:
            replica = Core(store, config)
            tenant = replica.authenticate(nexus.a.api_key).tenant_id
            fp = tokens.fingerprint("interactions", tenant, InteractionFilter(channel="replica"))
            return replica.page_tokens.decode(page.next_page_token, fp, tokens.keyset)
        finally:
            store.close()

    assert await asyncio.to_thread(on_a_replica)


# -- bytes that are not a request ------------------------------------------------------------

INTERACTION_WITH = b"\x0a"  # CreateInteractionRequest.interaction, length-delimited


def _nested(inner: bytes) -> bytes:
    return INTERACTION_WITH + bytes([len(inner)]) + inner


MALFORMED = [
    ("GetInteraction", b"\x0a\x05ab", "truncated string"),
    ("GetInteraction", b"\x08\xff", "truncated varint"),
    ("GetInteraction", b"\x08" + b"\xff" * 10 + b"\x01", "varint longer than 10 bytes"),
    ("GetInteraction", b"\x0e\x00", "wire type 6"),
    ("GetInteraction", b"\x0c", "end of a group never started"),
    ("GetInteraction", b"\x0a\x02\xff\xfe", "invalid UTF-8 in a string"),
    ("CreateInteraction", _nested(b"r\x06\n\x01k\x12\x01\xff"), "map value with bad UTF-8"),
    ("CreateInteraction", _nested(b"r\x06\n\x01k\x12\x05v"), "map entry cut short"),
    ("CreateInteraction", _nested(b"r\x03\n\x05k"), "map key longer than its entry"),
]


def _raw_unary(nexus, method: str):
    service = "nexus.v1.InteractionService"
    return nexus.a.channel.unary_unary(
        f"/{service}/{method}", request_serializer=None, response_deserializer=None
    )


@pytest.mark.parametrize(("method", "raw", "what"), MALFORMED, ids=[m[2] for m in MALFORMED])
async def test_malformed_request_is_invalid_argument_logged_once(nexus, caplog, method, raw, what):
    caplog.set_level(logging.INFO)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _raw_unary(nexus, method)(raw, metadata=nexus.a.md, timeout=10)
    err = info.value
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, err.details()
    assert err.details().startswith(f"request is not a valid nexus.v1.{method}Request: ")
    for leak in ("DecodeError", "class", "Traceback", "Exception"):
        assert leak not in err.details()
    found = await expect_error(_raw_unary(nexus, method)(raw, metadata=nexus.a.md), err.code())
    assert found["ErrorInfo"].reason == "MALFORMED_REQUEST"
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "not a valid" in r.message
    ]
    assert len(warnings) == 2  # once per call
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_malformed_stream_request_is_invalid_argument(nexus):
    call = nexus.a.channel.unary_stream(
        "/nexus.v1.EventService/WatchEvents", request_serializer=None, response_deserializer=None
    )(b"\x08\xff", metadata=nexus.a.md, timeout=10)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for _ in call:
            pass
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert info.value.details().startswith("request is not a valid nexus.v1.WatchEventsRequest")


async def test_malformed_request_without_key_is_unauthenticated(nexus):
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _raw_unary(nexus, "GetInteraction")(b"\x08\xff", timeout=10)
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_wire_types_that_protobuf_tolerates_are_ordinary_requests(nexus):
    """A known field sent with another wire type is an unknown field to protobuf: the request
    parses, and validation answers as for any request."""
    found = await expect_error(
        _raw_unary(nexus, "GetInteraction")(b"\x08\x01", metadata=nexus.a.md, timeout=10),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["name"]


async def test_grace_period_far_out_of_range_is_a_field_violation(nexus):
    hook = await nexus.a.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(webhook={"url": "https://93.184.215.14/hook"}),
        metadata=nexus.a.md,
    )
    found = await expect_error(
        nexus.a.webhooks.RotateWebhookSecret(
            wspb.RotateWebhookSecretRequest(
                name=hook.name, grace_period=duration_pb2.Duration(seconds=10**15)
            ),
            metadata=nexus.a.md,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert violated_fields(found) == ["grace_period"]


# -- errors that quote the caller ----------------------------------------------------------


async def test_error_quoting_a_huge_value_still_reaches_the_caller(nexus):
    """Found by the fuzz: an error quoting a 70,000-character event type overflowed the
    client's 16 KiB trailer limit and arrived as RESOURCE_EXHAUSTED."""
    from nexus.v1 import event_service_pb2 as espb

    for event_types in (["x" * 70_000], ["🙂" * 300] * 500):
        found = await expect_error(
            nexus.a.events.ListEvents(
                espb.ListEventsRequest(event_types=event_types), metadata=nexus.a.md
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert violated_fields(found)[0] == "event_types[0]"
        assert len(found["BadRequest"].field_violations) <= 10
