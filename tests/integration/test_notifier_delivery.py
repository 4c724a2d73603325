"""Webhook delivery end to end: real server, real notifier, real HTTPS receiver on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json

import grpc
import pytest
from aiohttp import web
from google.protobuf import field_mask_pb2
from standardwebhooks.webhooks import Webhook as StdWebhook

from nexus.clock import FakeClock, SystemClock
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb
from nexus.workers import build

from helpers import db


@pytest.fixture
def config(config, notifier_config):
    return config.replace(notifier=notifier_config)


@pytest.fixture
def clock():
    # A little ahead of the server's real clock, so what the API schedules "now" is due.
    return FakeClock(SystemClock().now_us() + 60_000_000)


@pytest.fixture
async def notifier(config, clock):
    runtime = await build(config, clock)
    try:
        yield runtime.notifier
    finally:
        await runtime.close()


async def create_webhook(client, url, **fields) -> wpb.Webhook:
    return await client.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(webhook=wpb.Webhook(url=url, **fields)), metadata=client.md
    )


async def new_interaction(client, media=ipb.MEDIA_TYPE_CHAT, **fields) -> ipb.Interaction:
    return await client.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=media, **fields)),
        metadata=client.md,
    )


async def queue(client, name: str) -> ipb.Interaction:
    return await client.interactions.QueueInteraction(
        ispb.QueueInteractionRequest(name=name, queue="support"), metadata=client.md
    )


async def deliveries(client, webhook, **filters) -> list[dpb.Delivery]:
    resp = await client.webhooks.ListDeliveries(
        wspb.ListDeliveriesRequest(parent=webhook.name, page_size=1000, **filters),
        metadata=client.md,
    )
    return list(resp.deliveries)


async def attempts(client, delivery) -> list[dpb.DeliveryAttempt]:
    resp = await client.webhooks.ListDeliveryAttempts(
        wspb.ListDeliveryAttemptsRequest(parent=delivery.name), metadata=client.md
    )
    return list(resp.attempts)


def status(code: int, **headers: str):
    return lambda _: web.Response(status=code, headers=headers, text=f"answer {code}")


async def test_delivery_is_signed_and_verifiable(nexus, receiver, notifier):
    a = nexus.a
    hook = await create_webhook(
        a, receiver.url(), event_types=["interaction.*"], headers={"X-Team": "blue"}
    )
    created = await new_interaction(a)
    await queue(a, created.name)
    await notifier.run_until_idle()

    assert [json.loads(r.body)["type"] for r in receiver.received] == [
        "interaction.created",
        "interaction.state_changed",
    ]
    for got in receiver.received:
        doc = StdWebhook(hook.secret).verify(got.body, got.headers)
        assert doc["data"]["id"] == got.webhook_id
        assert got.headers["x-team"] == "blue"
        assert got.headers["content-type"] == "application/json"
        assert got.headers["user-agent"] == "nexus-webhooks/1"
        assert got.headers["accept-encoding"] == "identity"  # the attempt log keeps bodies as sent
        trace = got.headers["traceparent"].split("-")
        assert trace[0] == "00" and len(trace[1]) == 32
    first = json.loads(receiver.received[1].body)
    assert first["data"]["stateChange"]["toState"] == "STATE_QUEUED"
    assert first["data"]["interaction"] == created.name

    listed = await deliveries(a, hook)
    assert {d.status for d in listed} == {dpb.DELIVERY_STATUS_SUCCEEDED}
    log = await attempts(a, listed[0])
    assert [(x.status_code, x.error_class, x.response_body) for x in log] == [(200, "", b"thanks")]


async def test_rotated_secret_both_sign_during_grace(nexus, receiver, notifier):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    rotated = await a.webhooks.RotateWebhookSecret(
        wspb.RotateWebhookSecretRequest(name=hook.name), metadata=a.md
    )
    await new_interaction(a)
    await notifier.run_until_idle()
    (got,) = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    StdWebhook(hook.secret).verify(got.body, got.headers)
    StdWebhook(rotated.secret).verify(got.body, got.headers)


async def test_retries_follow_the_schedule_then_fail_and_recover(nexus, receiver, notifier, clock):
    a = nexus.a
    receiver.responder = status(500)
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await new_interaction(a)
    await notifier.run_until_idle()
    assert len(receiver.received) == 1  # immediately
    clock.advance(9)
    await notifier.run_until_idle()
    assert len(receiver.received) == 1  # the second attempt is due after 10 s
    clock.advance(1)
    await notifier.run_until_idle()
    assert len(receiver.received) == 2
    clock.advance(20)
    await notifier.run_until_idle()
    assert len(receiver.received) == 3
    clock.advance(3600)
    await notifier.run_until_idle()
    assert len(receiver.received) == 3  # the schedule has three attempts
    assert len({r.webhook_id for r in receiver.received}) == 1

    (failed,) = await deliveries(a, hook)
    assert failed.status == dpb.DELIVERY_STATUS_FAILED
    assert failed.attempt_count == 3 and failed.last_status_code == 500
    log = await attempts(a, failed)
    assert [x.status_code for x in log] == [500, 500, 500]
    assert [x.error_class for x in log] == ["http_status"] * 3
    assert log[0].next_attempt_time.ToMicroseconds() - log[0].attempt_time.ToMicroseconds() == (
        10_000_000
    )
    assert not log[-1].HasField("next_attempt_time")

    receiver.responder = status(204)
    start = failed.create_time
    resp = await a.webhooks.RecoverDeliveries(
        wspb.RecoverDeliveriesRequest(name=hook.name, start_time=start), metadata=a.md
    )
    assert resp.recovered_count == 1
    clock.advance(1)
    await notifier.run_until_idle()
    assert len(receiver.received) == 4
    assert receiver.received[-1].webhook_id == receiver.received[0].webhook_id
    (done,) = await deliveries(a, hook)
    assert done.status == dpb.DELIVERY_STATUS_SUCCEEDED and done.attempt_count == 4


async def test_redeliver_one_event(nexus, receiver, notifier, clock):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await new_interaction(a)
    await notifier.run_until_idle()
    (first,) = receiver.received
    delivery = await a.webhooks.RedeliverEvent(
        wspb.RedeliverEventRequest(name=hook.name, event_id=first.webhook_id), metadata=a.md
    )
    assert delivery.status == dpb.DELIVERY_STATUS_PENDING
    await notifier.run_until_idle()
    assert [r.webhook_id for r in receiver.received] == [first.webhook_id] * 2


async def test_an_interaction_is_delivered_in_order(nexus, receiver, notifier, clock):
    a = nexus.a
    failures = {"left": 1}

    def first_state_change_fails_once(got):
        doc = json.loads(got.body)
        if doc["type"] == "interaction.state_changed" and failures["left"]:
            failures["left"] -= 1
            return web.Response(status=503)
        return web.Response(status=200)

    receiver.responder = first_state_change_fails_once
    await create_webhook(a, receiver.url())
    slow = await new_interaction(a)
    await queue(a, slow.name)
    await a.interactions.CompleteInteraction(
        ispb.CompleteInteractionRequest(name=slow.name, reason=ipb.COMPLETION_REASON_RESOLVED),
        metadata=a.md,
    )
    other = await new_interaction(a)
    await notifier.run_until_idle()

    def kinds(name):
        out = []
        for r in receiver.received:
            doc = json.loads(r.body)
            if doc["data"].get("interaction") == name:
                out.append((int(doc["data"]["sequence"]), r.headers["webhook-id"]))
        return out

    # The queued event failed; the completion waits behind it, the other interaction does not.
    assert [s for s, _ in kinds(slow.name)] == [1, 2]
    assert [s for s, _ in kinds(other.name)] == [1]
    clock.advance(10)
    await notifier.run_until_idle()
    assert [s for s, _ in kinds(slow.name)] == [1, 2, 2, 3]


async def test_410_disables_and_reenabling_resumes(nexus, receiver, notifier, clock):
    a = nexus.a
    receiver.responder = lambda got: web.Response(status=410 if got.path == "/gone" else 200)
    gone = await create_webhook(a, receiver.url("/gone"), event_types=["interaction.created"])
    watcher = await create_webhook(a, receiver.url("/watch"), event_types=["webhook.disabled"])
    await new_interaction(a)
    await notifier.run_until_idle()
    assert len(receiver.at("/gone")) == 1
    got = await a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=gone.name), metadata=a.md)
    assert got.enabled is False and "410" in got.disabled_reason
    (notice,) = receiver.at("/watch")
    doc = StdWebhook(watcher.secret).verify(notice.body, notice.headers)
    assert doc["type"] == "webhook.disabled"
    assert doc["data"]["webhook"]["name"] == gone.name

    # While disabled, events are not fanned out to it; a failed delivery can be redelivered
    # and is held until the webhook is enabled again.
    receiver.responder = status(200)
    first_id = receiver.at("/gone")[0].webhook_id
    await a.webhooks.RedeliverEvent(
        wspb.RedeliverEventRequest(name=gone.name, event_id=first_id), metadata=a.md
    )
    await notifier.run_until_idle()
    assert len(receiver.at("/gone")) == 1
    await a.webhooks.UpdateWebhook(
        wspb.UpdateWebhookRequest(
            webhook=wpb.Webhook(name=gone.name, enabled=True),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        ),
        metadata=a.md,
    )
    await notifier.run_until_idle()
    assert [r.webhook_id for r in receiver.at("/gone")] == [first_id, first_id]


async def test_auto_disable_after_failing_for_the_period(nexus, receiver, notifier, clock):
    a = nexus.a
    receiver.responder = status(500)
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    # Failures far apart (more than half the period) are not "continuous": no disable.
    await new_interaction(a)
    await notifier.run_until_idle()
    clock.advance(7200)
    await notifier.run_until_idle()
    got = await a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=hook.name), metadata=a.md)
    assert got.enabled is True
    # Failures every 25 minutes for an hour (disable_after_s is 3600 in these tests) are.
    for _ in range(3):
        await new_interaction(a)
        await notifier.run_until_idle()
        clock.advance(1500)
        await notifier.run_until_idle()
    got = await a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=hook.name), metadata=a.md)
    assert got.enabled is False and "failed" in got.disabled_reason
    events = await nexus.a.events.ListEvents(
        espb.ListEventsRequest(event_types=["webhook.disabled"]), metadata=a.md
    )
    assert [e.webhook.name for e in events.events] == [hook.name]


async def test_retry_after_and_throttling(nexus, receiver, notifier, clock):
    a = nexus.a
    receiver.responder = status(503, **{"Retry-After": "15"})
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await new_interaction(a)
    await notifier.run_until_idle()
    (d,) = await deliveries(a, hook)
    (first,) = await attempts(a, d)
    wait = first.next_attempt_time.ToMicroseconds() - first.attempt_time.ToMicroseconds()
    assert wait == 15_000_000  # Retry-After (15 s) beats the schedule (10 s)
    receiver.responder = status(429)
    clock.advance(15)
    await notifier.run_until_idle()
    second = (await attempts(a, d))[-1]
    assert second.status_code == 429
    wait = second.next_attempt_time.ToMicroseconds() - second.attempt_time.ToMicroseconds()
    assert wait == 60_000_000  # the throttle floor


async def test_redirects_are_not_followed(nexus, receiver, notifier):
    a = nexus.a
    receiver.responder = lambda got: (
        web.Response(status=302, headers={"Location": "/elsewhere"})
        if got.path == "/hook"
        else web.Response(status=200)
    )
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await new_interaction(a)
    await notifier.run_until_idle()
    assert [r.path for r in receiver.received] == ["/hook"]
    (d,) = await deliveries(a, hook)
    (x,) = await attempts(a, d)
    assert x.status_code == 302 and x.error_class == "http_status"


async def test_test_webhook_reports_the_attempt(nexus, receiver):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    resp = await a.webhooks.TestWebhook(wspb.TestWebhookRequest(name=hook.name), metadata=a.md)
    assert resp.attempt.status_code == 200 and resp.attempt.trigger == "test"
    assert resp.delivery.status == dpb.DELIVERY_STATUS_SUCCEEDED
    (got,) = receiver.received
    doc = StdWebhook(hook.secret).verify(got.body, got.headers)
    assert doc["type"] == "webhook.ping" and doc["data"]["webhook"]["name"] == hook.name

    receiver.responder = status(500)
    resp = await a.webhooks.TestWebhook(wspb.TestWebhookRequest(name=hook.name), metadata=a.md)
    assert resp.attempt.status_code == 500 and resp.attempt.response_body == b"answer 500"
    assert resp.delivery.status == dpb.DELIVERY_STATUS_FAILED


async def test_genesys_profile(nexus, receiver, notifier):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), format=wpb.WEBHOOK_FORMAT_GENESYS)
    i = await new_interaction(a, ipb.MEDIA_TYPE_SMS, customer_address="+14155550100")
    await queue(a, i.name)
    await a.interactions.AcceptInteraction(
        ispb.AcceptInteractionRequest(name=i.name, agent="agent-7"), metadata=a.md
    )
    await a.interactions.TransferInteraction(
        ispb.TransferInteractionRequest(name=i.name, queue="billing"), metadata=a.md
    )
    await a.interactions.CompleteInteraction(
        ispb.CompleteInteractionRequest(name=i.name, reason=ipb.COMPLETION_REASON_RESOLVED),
        metadata=a.md,
    )
    await notifier.run_until_idle()
    kinds = []
    for got in receiver.received:
        expected = hmac.new(hook.secret.encode(), got.body, hashlib.sha1).hexdigest()
        assert got.headers["x-hub-signature"] == "sha1=" + expected
        assert len(got.headers["x-b3-traceid"]) == 32
        doc = json.loads(got.body)
        (entity,) = doc["data"]["entities"]
        assert entity["entity"]["id"] == i.name.split("/")[1]
        assert entity["entity"]["interactionSubtype"] == "SMS"
        kinds.append(entity["event"])
    # Queued twice (first routing and the transfer) but STARTED only once.
    assert kinds == ["STARTED", "FINISHED"]


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://localhost/hook",
    ],
)
async def test_ssrf_refused_at_create_and_update(nexus, url, config):
    # The server of this test allowlists loopback: use a core without the allowlist.
    core = nexus.running.core
    strict = config.notifier.__class__(in_process=False)
    core.config = config.replace(notifier=strict)
    a = nexus.a
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await create_webhook(a, url)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "webhook.url" in err.value.details()
    ok_hook = await create_webhook(a, "https://does-not-resolve.invalid/hook")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await a.webhooks.UpdateWebhook(
            wspb.UpdateWebhookRequest(webhook=wpb.Webhook(name=ok_hook.name, url=url)),
            metadata=a.md,
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_ssrf_refused_at_send_time(nexus, receiver, config, clock):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    strict = config.replace(
        notifier=config.notifier.__class__(
            in_process=False, ca_file=config.notifier.ca_file, retry_schedule_s=(0,)
        )
    )
    runtime = await build(strict, clock)
    try:
        await new_interaction(a)
        await runtime.notifier.run_until_idle()
    finally:
        await runtime.close()
    assert receiver.received == []
    (d,) = await deliveries(a, hook)
    (x,) = await attempts(a, d)
    assert x.error_class == "ssrf_refused" and "loopback" in x.error
    assert d.status == dpb.DELIVERY_STATUS_FAILED


async def test_filters_tenants_and_media(nexus, receiver, notifier):
    a, b = nexus.a, nexus.b
    await create_webhook(
        a, receiver.url("/sms"), media_types=[ipb.MEDIA_TYPE_SMS], event_types=["interaction.*"]
    )
    await create_webhook(b, receiver.url("/b"), event_types=["interaction.created"])
    await new_interaction(a)  # chat: not for /sms
    await new_interaction(a, ipb.MEDIA_TYPE_SMS, customer_address="+14155550100")
    await new_interaction(b)
    await notifier.run_until_idle()
    assert [
        json.loads(r.body)["data"]["interactionSnapshot"]["mediaType"] for r in receiver.at("/sms")
    ] == ["MEDIA_TYPE_SMS"]
    assert len(receiver.at("/b")) == 1


async def test_delivery_api_validation(nexus, receiver):
    a, b = nexus.a, nexus.b
    hook = await create_webhook(a, receiver.url())
    cases = [
        (a.webhooks.ListDeliveries, wspb.ListDeliveriesRequest(parent="nope"), "parent"),
        (
            a.webhooks.ListDeliveries,
            wspb.ListDeliveriesRequest(parent=hook.name, statuses=[9]),
            "statuses[0]",
        ),
        (
            a.webhooks.ListDeliveries,
            wspb.ListDeliveriesRequest(parent=hook.name, event_types=["nope"]),
            "event_types[0]",
        ),
        (
            a.webhooks.ListDeliveries,
            wspb.ListDeliveriesRequest(parent=hook.name, page_token="garbage"),
            "page_token",
        ),
        (a.webhooks.RedeliverEvent, wspb.RedeliverEventRequest(name=hook.name), "event_id"),
        (
            a.webhooks.RecoverDeliveries,
            wspb.RecoverDeliveriesRequest(name=hook.name),
            "start_time",
        ),
        (
            a.webhooks.ListDeliveryAttempts,
            wspb.ListDeliveryAttemptsRequest(parent=hook.name),
            "parent",
        ),
    ]
    for rpc, request, field in cases:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await rpc(request, metadata=a.md)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in err.value.details()
    for client, method, request in [
        (b, "ListDeliveries", wspb.ListDeliveriesRequest(parent=hook.name)),
        (b, "TestWebhook", wspb.TestWebhookRequest(name=hook.name)),
        (b, "RecoverDeliveries", wspb.RecoverDeliveriesRequest(name=hook.name, start_time={})),
        (a, "RedeliverEvent", wspb.RedeliverEventRequest(name=hook.name, event_id="evt_unknown")),
        (
            a,
            "ListDeliveryAttempts",
            wspb.ListDeliveryAttemptsRequest(parent=hook.name + "/deliveries/abc"),
        ),
    ]:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await getattr(client.webhooks, method)(request, metadata=client.md)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND, method
    assert receiver.received == []


async def test_list_deliveries_pages_and_filters(nexus, receiver, notifier):
    a = nexus.a
    receiver.responder = lambda got: web.Response(
        status=500 if json.loads(got.body)["type"] == "interaction.state_changed" else 200
    )
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.*"])
    for _ in range(3):
        i = await new_interaction(a)
        await queue(a, i.name)
    await notifier.run_until_idle()
    seen, token = [], ""
    while True:
        page = await a.webhooks.ListDeliveries(
            wspb.ListDeliveriesRequest(parent=hook.name, page_size=4, page_token=token),
            metadata=a.md,
        )
        seen.extend(page.deliveries)
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 6 and len({d.name for d in seen}) == 6
    pending = await deliveries(a, hook, statuses=[dpb.DELIVERY_STATUS_PENDING])
    assert [d.event_type for d in pending] == ["interaction.state_changed"] * 3
    created = await deliveries(a, hook, event_types=["interaction.created"])
    assert {d.status for d in created} == {dpb.DELIVERY_STATUS_SUCCEEDED} and len(created) == 3


async def test_traceparent_of_the_request_is_continued(nexus, receiver, notifier, clock):
    a = nexus.a
    receiver.responder = status(500)
    await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)),
        metadata=(*a.md, ("traceparent", caller)),
    )
    await new_interaction(a)  # no trace context: one is made up, fixed for the event
    await notifier.run_until_idle()
    clock.advance(10)
    await notifier.run_until_idle()
    by_event: dict[str, set[str]] = {}
    for got in receiver.received:
        parts = got.headers["traceparent"].split("-")
        by_event.setdefault(got.webhook_id, set()).add(parts[1])
    traces = sorted(by_event.values(), key=lambda t: "4bf9" not in min(t))
    assert len(receiver.received) == 4  # two events, two attempts each
    assert traces[0] == {"4bf92f3577b34da6a3ce929d0e0e4736"}
    assert len(traces[1]) == 1 and traces[1] != traces[0]


async def test_concurrent_writes_keep_their_own_trace_context(nexus):
    a = nexus.a
    traces = [f"00-{k:032x}-{k:016x}-01" for k in range(1, 9)]
    created = await asyncio.gather(
        *(
            a.interactions.CreateInteraction(
                ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                ),
                metadata=(*a.md, ("traceparent", t)),
            )
            for t in traces
        )
    )
    listed = await a.events.ListEvents(
        espb.ListEventsRequest(event_types=["interaction.created"]), metadata=a.md
    )
    by_interaction = {e.interaction: e.traceparent for e in listed.events}
    assert [by_interaction[i.name] for i in created] == traces


async def test_two_notifiers_share_the_work_without_duplicates(nexus, receiver, config, clock):
    a = nexus.a
    await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await asyncio.gather(*(new_interaction(a) for _ in range(200)))
    first, second = await build(config, clock), await build(config, clock)
    try:
        await asyncio.gather(first.notifier.run_until_idle(), second.notifier.run_until_idle())
    finally:
        await first.close()
        await second.close()
    ids = [r.webhook_id for r in receiver.received]
    assert len(ids) == 200 and len(set(ids)) == 200  # leases make claims exclusive


async def test_the_endpoint_cap_holds_across_notifier_processes(nexus, receiver, config, clock):
    """Two notifiers, each allowed 3 requests in flight to an endpoint: together they never
    have more than 3 open to it (the leases in the store are the count)."""
    a = nexus.a
    await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await asyncio.gather(*(new_interaction(a) for _ in range(30)))
    open_now, most = 0, 0

    async def slow(_):
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        await asyncio.sleep(0.05)
        open_now -= 1
        return web.Response(status=200)

    receiver.responder = slow
    capped = config.replace(notifier=dataclasses.replace(config.notifier, endpoint_concurrency=3))
    first, second = await build(capped, clock), await build(capped, clock)
    try:
        await asyncio.gather(first.notifier.run_until_idle(), second.notifier.run_until_idle())
    finally:
        await first.close()
        await second.close()
    assert len({r.webhook_id for r in receiver.received}) == 30
    assert most == 3, "the two notifiers together exceeded the endpoint's cap (or never met it)"


async def test_tls_is_verified_against_the_url_host(nexus, receiver, notifier):
    # The receiver's certificate names only "localhost": by IP the same server fails TLS
    # verification, while https://localhost (connected to the vetted 127.0.0.1) succeeds.
    a = nexus.a
    by_ip = await create_webhook(
        a, receiver.url(host="127.0.0.1"), event_types=["interaction.created"]
    )
    by_name = await create_webhook(a, receiver.url(), event_types=["interaction.created"])
    await new_interaction(a)
    await notifier.run_until_idle()
    (d,) = await deliveries(a, by_ip)
    (x,) = await attempts(a, d)
    assert x.error_class == "tls" and x.status_code == 0
    (ok,) = await deliveries(a, by_name)
    assert ok.status == dpb.DELIVERY_STATUS_SUCCEEDED
    assert len(receiver.received) == 1


async def test_without_subscribers_the_cursor_is_saved_once_a_second(
    nexus, receiver, config, clock
):
    """Nobody subscribes: the notifier moves past events without taking the write lock each
    round. After a restart it re-reads what it had not saved, and a webhook created since
    still gets no event older than itself."""
    a = nexus.a
    runtime = await build(config, clock)
    store = runtime.notifier.store
    try:
        await new_interaction(a)
        await runtime.work.run(runtime.notifier.fan_out)
        saved = await db(store.fanout_cursor)
        assert saved == await db(store.last_cursor)
        await new_interaction(a)
        await runtime.work.run(runtime.notifier.fan_out)
        assert await db(store.fanout_cursor) == saved, "written again within a second"
        clock.advance(1.5)
        await runtime.work.run(runtime.notifier.fan_out)
        assert await db(store.fanout_cursor) == await db(store.last_cursor) > saved
        await new_interaction(a)
        await runtime.work.run(runtime.notifier.fan_out)
        assert await db(store.fanout_cursor) < await db(store.last_cursor), (
            "moved past in memory only"
        )
    finally:
        await runtime.close()
    await asyncio.sleep(0.01)  # the webhook is younger than every event so far
    await create_webhook(a, receiver.url(), event_types=["interaction.*"])
    restarted = await build(config, clock)
    try:
        await restarted.notifier.run_until_idle()
        assert receiver.received == []
        made = await new_interaction(a)
        await restarted.notifier.run_until_idle()
        assert [json.loads(r.body)["data"]["interaction"] for r in receiver.received] == [made.name]
    finally:
        await restarted.close()


async def test_finished_deliveries_are_pruned_after_their_retention(
    nexus, receiver, notifier, clock, monkeypatch
):
    from nexus import app

    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.*"])
    for _ in range(3):
        await new_interaction(a)
    await notifier.run_until_idle()
    await new_interaction(a)
    await notifier.run_store(notifier.fan_out)  # its delivery is pending: never pruned
    assert len(await deliveries(a, hook)) == 4
    core = nexus.running.core
    assert await app.prune_deliveries(core, nexus.running.work) == 0, "within the 30-day default"
    monkeypatch.setattr(app, "PRUNE_CHUNK", 2)  # several short transactions
    monkeypatch.setattr(core, "clock", FakeClock(clock.now_us() + 31 * 24 * 3600 * 1_000_000))
    assert await app.prune_deliveries(core, nexus.running.work) == 3
    left = await deliveries(a, hook)
    assert [d.status for d in left] == [dpb.DELIVERY_STATUS_PENDING]


async def test_a_timer_event_is_delivered_like_any_other(nexus, receiver, notifier):
    a = nexus.a
    hook = await create_webhook(a, receiver.url(), event_types=["interaction.state_changed"])
    created = await new_interaction(a)
    await queue(a, created.name)
    offered = await a.interactions.OfferInteraction(
        ispb.OfferInteractionRequest(name=created.name, agent="ann"), metadata=a.md
    )
    core = nexus.running.core
    core.clock = FakeClock(SystemClock().now_us() + 31_000_000)  # the offer has run out
    await nexus.running.work.write(lambda: core.timers.fire_timers())
    await notifier.run_until_idle()
    timed = [
        (r, json.loads(r.body))
        for r in receiver.received
        if json.loads(r.body)["data"]["stateChange"].get("timer")
    ]
    assert len(timed) == 1
    got, body = timed[0]
    StdWebhook(hook.secret).verify(got.body, got.headers)
    assert body["data"]["actor"] == "system/timer"
    change = body["data"]["stateChange"]
    assert change["timerDueTime"] == offered.next_timer.due_time.ToJsonString()
    assert {k: v for k, v in change.items() if k != "timerDueTime"} == {
        "fromState": "STATE_OFFERED",
        "toState": "STATE_QUEUED",
        "method": "DeclineInteraction",
        "reason": "offer_timeout",
        "timer": "TIMER_OFFER_TIMEOUT",
    }
