"""SMS conversations through the real Envoy, driven by the SMS gateway simulator of
``examples/sms_gateway`` (the code a user runs), and checked three ways: in the API, in
``WatchEvents`` (NDJSON over REST) and at a tenant's signed webhook.

nexus reaches the simulator's HTTPS endpoint only because the stack is configured as the
example's README tells a user to: loopback allowlisted in the egress SSRF guard and the
simulator's CA trusted (bundled here with the webhook receiver's CA).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import os
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook as StdWebhook

from examples.sms_gateway import Gateway, ensure_certs

CUSTOMER = "+15557654321"
AGENT = "agents/ann"
LOOPBACK = "127.0.0.1/32,::1/128"
Event = dict[str, Any]


class EventWatch:
    """``GET /v1/events:watch`` read in the background: every event, in stream order.

    Entering returns once the first heartbeat came, i.e. once the stream has caught up
    with the log, so every later change is bound to appear on it."""

    def __init__(self, url: str, ca: str, key: str) -> None:
        verify = ssl.create_default_context(cafile=ca)
        self._client = httpx.AsyncClient(
            base_url=url, verify=verify, headers={"x-api-key": key}, timeout=30
        )
        self.events: list[Event] = []
        self._live = asyncio.Event()
        self._arrived = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def _read(self) -> None:
        params = {"heartbeatInterval": "1s"}
        async with self._client.stream("GET", "/v1/events:watch", params=params) as stream:
            assert stream.status_code == 200, await stream.aread()
            async for line in stream.aiter_lines():
                if not line.strip():
                    continue
                item = json.loads(line)
                if "event" in item:
                    self.events.append(item["event"])
                    self._arrived.set()
                elif "heartbeat" in item:
                    self._live.set()

    async def __aenter__(self) -> EventWatch:
        self._task = asyncio.ensure_future(self._read())
        live = asyncio.ensure_future(self._live.wait())
        async with asyncio.timeout(10):
            await asyncio.wait({self._task, live}, return_when=asyncio.FIRST_COMPLETED)
        live.cancel()
        if self._task.done():
            self._task.result()  # the stream failed: raise why
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self._client.aclose()

    def of(self, interaction: str) -> list[Event]:
        return [e for e in self.events if e.get("interaction") == interaction]

    async def wait_for(self, what: str, predicate: Callable[[], bool], seconds: float = 20) -> None:
        """Until ``predicate()`` holds, checked on each event; fails if the stream ends, or
        after ``seconds`` saying ``what`` did not happen."""
        try:
            async with asyncio.timeout(seconds):
                while not predicate():
                    self._arrived.clear()
                    if predicate():
                        return
                    assert self._task is not None and not self._task.done(), "the stream ended"
                    await self._arrived.wait()
        except TimeoutError:
            raise AssertionError(
                f"{what}: not seen within {seconds}s; events: {types(self.events)}"
            ) from None


@pytest.fixture
def gateway_certs(tmp_path: Path):
    """The simulator's CA and certificate, made before nexus starts: nexus must trust it."""
    return ensure_certs(tmp_path / "sms-gateway")


@pytest.fixture
def stack(stack_factory, gateway_certs, ca_file, tmp_path):
    """nexus + Envoy configured as the example's README says: loopback allowed for egress,
    and the simulator's CA trusted, with the webhook receiver's CA in the same bundle."""
    bundle = tmp_path / "egress-ca.pem"
    bundle.write_text(gateway_certs.ca.read_text() + Path(ca_file).read_text())
    return stack_factory(
        server_env={"NEXUS_NOTIFIER_ALLOWLIST": LOOPBACK, "NEXUS_NOTIFIER_CA_FILE": str(bundle)}
    )


@dataclass
class Scene:
    agent: httpx.AsyncClient
    """The agent desktop: REST through Envoy with the tenant's API key."""
    watch: EventWatch
    gateway: Gateway
    receiver: Any
    hook: dict[str, Any]
    """The tenant's webhook (``message.*``, ``interaction.*``), with its secret."""
    channel: dict[str, Any]
    """The channel as CreateChannel answered it, with its secret."""

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        resp = await self.agent.request(method, path, json=body)
        assert resp.is_success, (method, path, resp.status_code, resp.text)
        return resp.json()

    async def webhook_events(self, interaction: str, count: int) -> list[dict[str, Any]]:
        """The first ``count`` deliveries of the interaction's events, in arrival order,
        each checked against the webhook's secret; a redelivery (same id) counts once."""

        def delivered() -> list[dict[str, Any]]:
            first: dict[str, dict[str, Any]] = {}
            for r in self.receiver.at("/hook"):
                first.setdefault(r.webhook_id, {"request": r, **json.loads(r.body)})
            return [d for d in first.values() if d["data"].get("interaction") == interaction]

        await self.receiver.wait_for(lambda: len(delivered()) >= count, seconds=20)
        got = delivered()
        for d in got:
            assert d["request"].webhook_id == d["data"]["id"]
            StdWebhook(self.hook["secret"]).verify(d["request"].body, d["request"].headers)
        return got

    async def check_webhook_matches_watch(self, interaction: str) -> None:
        """The webhook got the same interaction and message events as WatchEvents, in the
        same order (delivery is ordered per interaction)."""
        wanted = [
            e
            for e in self.watch.of(interaction)
            if e["type"].split(".")[0] in ("interaction", "message")
        ]
        got = await self.webhook_events(interaction, len(wanted))
        assert [(d["type"], d["data"]["id"]) for d in got] == [(e["type"], e["id"]) for e in wanted]


@pytest.fixture
async def scene(stack, gateway_certs, receiver) -> AsyncIterator[Scene]:
    """The watch started first, a webhook subscribed, and the simulator's channel registered."""
    verify = ssl.create_default_context(cafile=stack.ca)
    async with (
        httpx.AsyncClient(
            base_url=stack.url, verify=verify, headers={"x-api-key": stack.api_key}, timeout=10
        ) as agent,
        EventWatch(stack.url, stack.ca, stack.api_key) as watch,
        Gateway(
            stack.url, stack.api_key, nexus_ca=stack.ca, cert_dir=gateway_certs.ca.parent
        ) as gateway,
    ):
        resp = await agent.post(
            "/v1/webhooks",
            json={"url": receiver.url("/hook"), "eventTypes": ["message.*", "interaction.*"]},
        )
        assert resp.status_code == 200, resp.text
        channel = await gateway.register(default_queue="queues/sms")
        yield Scene(agent, watch, gateway, receiver, resp.json(), channel)


def types(events: list[Event]) -> list[str]:
    return [e["type"] for e in events]


def states(events: list[Event]) -> list[tuple[str, str]]:
    return [
        (e["stateChange"]["fromState"], e["stateChange"]["toState"])
        for e in events
        if e["type"] == "interaction.state_changed"
    ]


async def test_inbound_sms_is_queued_stored_once_and_announced(scene: Scene):
    s, gateway = scene, scene.gateway
    async with asyncio.timeout(60):
        assert s.channel["secret"].startswith("whsec_")
        assert (s.channel["kind"], s.channel["profile"]) == (
            "CHANNEL_KIND_SMS",
            "CHANNEL_PROFILE_NEXUS",
        )
        assert s.channel["outboundUrl"] == gateway.outbound_url
        # The gateway's answer is lost and it sends again at once: both copies race.
        results = await asyncio.gather(
            *(
                gateway.send_inbound(CUSTOMER, "Is my parcel coming?", message_id="SM1")
                for _ in "ab"
            )
        )
        assert sorted(r["duplicate"] for r in results) == [False, True]
        assert results[0]["message"] == results[1]["message"]
        name = results[0]["interaction"]
        assert results[1]["interaction"] == name
        i = await s.call("GET", f"/v1/{name}")
        assert (i["state"], i["queue"], i["channel"]) == (
            "STATE_QUEUED",
            "queues/sms",
            s.channel["name"],
        )
        assert (i["mediaType"], i["customerAddress"], i["messageCount"]) == (
            "MEDIA_TYPE_SMS",
            CUSTOMER,
            1,
        )
        listed = await s.call("GET", f"/v1/{name}/messages")
        assert [(m["externalId"], m["text"]) for m in listed["messages"]] == [
            ("SM1", "Is my parcel coming?")
        ]
        await s.watch.wait_for("the interaction's first events", lambda: len(s.watch.of(name)) >= 4)
        seen = s.watch.of(name)
        assert types(seen) == [
            "interaction.created",
            "participant.joined",
            "interaction.state_changed",
            "message.created",
        ]
        assert states(seen) == [("STATE_NEW", "STATE_QUEUED")]
        await s.check_webhook_matches_watch(name)


async def test_sms_conversation_through_the_gateway_simulator(scene: Scene):
    async with asyncio.timeout(90):
        await conversation(scene)


async def conversation(s: Scene) -> None:
    gateway, channel = s.gateway, s.channel

    # 1. The customer texts: an interaction opens, queued to the channel's default queue.
    first = await gateway.send_inbound(CUSTOMER, "Hi, my parcel has not arrived", message_id="SM1")
    assert first["duplicate"] is False
    name = first["interaction"]
    i = await s.call("GET", f"/v1/{name}")
    assert (i["state"], i["queue"], i["messageCount"]) == ("STATE_QUEUED", "queues/sms", 1)

    # 2. An agent accepts it and replies.
    accepted = await s.call("POST", f"/v1/{name}:accept", {"agent": AGENT})
    assert (accepted["state"], accepted["assignedAgent"]) == ("STATE_ACTIVE", AGENT)
    text = "Sorry about that! It left our depot this morning."
    reply = await s.call(
        "POST", f"/v1/{name}/messages", {"direction": "DIRECTION_OUTBOUND", "text": text}
    )
    assert reply["delivery"]["state"] == "MESSAGE_DELIVERY_STATE_ACCEPTED"

    # 3. The gateway takes it: signed with the channel's secret, addressed to the customer.
    [sms] = await gateway.wait_outbox(1, timeout_s=20)
    assert (sms.text, sms.to, sms.sender) == (text, CUSTOMER, gateway.sender_id)
    assert (sms.message, sms.interaction, sms.channel) == (reply["name"], name, channel["name"])
    assert sms.webhook_id == "msg_" + reply["name"].rsplit("/", 1)[1]
    StdWebhook(channel["secret"]).verify(sms.body, dict(sms.headers))  # the reference agrees
    assert sms.message_id.startswith("gw-")

    # 4. nexus records it SENT with the gateway's id, once it has the answer.
    await s.watch.wait_for(
        "message.sent of the reply", lambda: "message.sent" in types(s.watch.of(name)), 10
    )
    sent = await s.call("GET", f"/v1/{reply['name']}")
    assert sent["delivery"]["state"] == "MESSAGE_DELIVERY_STATE_SENT"
    assert sent["delivery"]["providerMessageId"] == sms.message_id
    assert sent["delivery"]["attempts"] == 1 and sent["delivery"]["sendTime"]

    # 5. The handset reports it delivered, then read; a late DELIVERED changes nothing.
    for state in ("DELIVERED", "READ"):
        result = await gateway.receipt(sms.message_id, state)
        assert result["applied"] is True
        assert result["message"]["delivery"]["state"] == f"MESSAGE_DELIVERY_STATE_{state}"
        got = await s.call("GET", f"/v1/{reply['name']}")
        assert got["delivery"]["state"] == f"MESSAGE_DELIVERY_STATE_{state}"
    assert got["delivery"]["deliverTime"] and got["delivery"]["readTime"]
    late = await gateway.receipt(sms.message_id, "DELIVERED")
    assert late["applied"] is False
    assert late["message"]["delivery"]["state"] == "MESSAGE_DELIVERY_STATE_READ"

    # 6. The customer answers, and the gateway's retry races its first try: the message
    # joins the same interaction, stored once, the copy reported as a duplicate.
    answers = await asyncio.gather(
        *(gateway.send_inbound(CUSTOMER, "Great, thanks!", message_id="SM2") for _ in "ab")
    )
    assert sorted(a["duplicate"] for a in answers) == [False, True]
    assert {a["interaction"] for a in answers} == {name}
    assert answers[0]["message"]["name"] == answers[1]["message"]["name"]
    i = await s.call("GET", f"/v1/{name}")
    assert (i["state"], i["messageCount"]) == ("STATE_ACTIVE", 3)
    listed = await s.call("GET", f"/v1/{name}/messages")
    assert [(m["direction"], m["externalId"], m["text"]) for m in listed["messages"]] == [
        ("DIRECTION_INBOUND", "SM1", "Hi, my parcel has not arrived"),
        ("DIRECTION_OUTBOUND", "", text),
        ("DIRECTION_INBOUND", "SM2", "Great, thanks!"),
    ]

    # 7. The agent completes it.
    done = await s.call("POST", f"/v1/{name}:complete", {"reason": "COMPLETION_REASON_RESOLVED"})
    assert (done["state"], done["completionReason"]) == (
        "STATE_COMPLETED",
        "COMPLETION_REASON_RESOLVED",
    )
    assert len(gateway.outbox) == 1  # one reply, one SMS

    # WatchEvents saw every step, in order, numbered without gaps.
    await s.watch.wait_for(
        "the completion", lambda: ("STATE_ACTIVE", "STATE_COMPLETED") in states(s.watch.of(name))
    )
    seen = s.watch.of(name)
    assert types(seen) == [
        "interaction.created",
        "participant.joined",
        "interaction.state_changed",
        "message.created",
        "interaction.state_changed",
        "message.created",
        "message.sent",
        "message.delivered",
        "message.read",
        "message.created",
        "interaction.state_changed",
    ]
    assert [int(e["sequence"]) for e in seen] == list(range(1, len(seen) + 1))
    assert states(seen) == [
        ("STATE_NEW", "STATE_QUEUED"),
        ("STATE_QUEUED", "STATE_ACTIVE"),
        ("STATE_ACTIVE", "STATE_COMPLETED"),
    ]
    journey = [
        (
            e["type"],
            e["message"]["delivery"]["state"],
            e["message"]["delivery"]["providerMessageId"],
        )
        for e in seen
        if e["type"] in ("message.sent", "message.delivered", "message.read")
    ]
    assert journey == [
        ("message.sent", "MESSAGE_DELIVERY_STATE_SENT", sms.message_id),
        ("message.delivered", "MESSAGE_DELIVERY_STATE_DELIVERED", sms.message_id),
        ("message.read", "MESSAGE_DELIVERY_STATE_READ", sms.message_id),
    ]

    # The tenant's webhook got the same events, signed, in the same order.
    await s.check_webhook_matches_watch(name)


async def test_the_simulator_takes_only_what_its_channel_signed(gateway_certs):
    """The simulator's own Standard Webhooks check, against the reference library's
    signatures: what nexus signs is taken once per webhook-id, anything else is refused.
    (No nexus needed: the secret is set as ``register()`` would.)"""
    secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()
    verify = ssl.create_default_context(cafile=str(gateway_certs.ca))
    async with (
        Gateway("https://nexus.invalid", "unused", cert_dir=gateway_certs.ca.parent) as gateway,
        httpx.AsyncClient(verify=verify, timeout=10) as nexus,
    ):
        gateway.channel, gateway.secrets = "channels/c1", [secret]
        body = json.dumps(
            {
                "type": "message",
                "channel": "channels/c1",
                "interaction": "interactions/i1",
                "message": "interactions/i1/messages/m1",
                "to": CUSTOMER,
                "from": gateway.sender_id,
                "threadId": "",
                "text": "hello",
                "attachments": [],
                "senderDisplayName": "",
                "createTime": "2026-01-02T03:04:05Z",
            }
        ).encode()

        async def post(
            key: str, *, at: dt.datetime | None = None, data: bytes = body
        ) -> httpx.Response:
            when = at or dt.datetime.now(dt.UTC)
            headers = {
                "content-type": "application/json",
                "webhook-id": "msg_m1",
                "webhook-timestamp": str(int(when.timestamp())),
                "webhook-signature": StdWebhook(key).sign("msg_m1", when, body),
            }
            return await nexus.post(gateway.outbound_url, content=data, headers=headers)

        other = "whsec_" + base64.b64encode(os.urandom(24)).decode()
        stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
        refused = [
            await post(other),
            await post(secret, at=stale),
            await post(secret, data=body.replace(b"hello", b"hullo")),
        ]
        assert [r.status_code for r in refused] == [401, 401, 401]
        assert gateway.outbox == []
        taken = await post(secret)
        assert taken.status_code == 200, taken.text
        message_id = taken.json()["messageId"]
        [sms] = gateway.outbox
        assert (sms.message_id, sms.text, sms.to) == (message_id, "hello", CUSTOMER)
        # nexus's retry (same webhook-id) gets the same id and sends no second SMS.
        again = await post(secret)
        assert again.json() == {"messageId": message_id} and len(gateway.outbox) == 1
