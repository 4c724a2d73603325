"""A Twilio channel through the real Envoy: Twilio's own form posts, signed with Twilio's own
library, in and out of nexus, with a local stand-in of the Messages API.

Twilio signs the URL it called. nexus rebuilds it from ``NEXUS_NOTIFIER_PUBLIC_URL`` and
the path it was called on (or from the Host Envoy saw), so the public URL here is the
stack's own. That needs the HTTPS port before the stack starts, which ``make_stack`` (it
picks its own) cannot give: the stack is built here the same way, on a port chosen first.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import ssl
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import pytest
from twilio.request_validator import RequestValidator
from twilio_standin import TwilioStandin

from nexus.gateway.process import Stack

from helpers import scrape, total

API_KEY = "nxs_e2e_key_twilio_tenant_0123456789"
ACCOUNT_SID = "AC" + "5e2d" * 8
AUTH_TOKEN = secrets.token_hex(16)
SENDER = "+15550001111"
CUSTOMER = "+15557654321"
FORM = "application/x-www-form-urlencoded"
T = TypeVar("T")


@pytest.fixture
async def standin(ca) -> AsyncIterator[TwilioStandin]:
    api = await TwilioStandin(ca, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN).start()
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
def stack(tmp_path: Path, https_port: int, ca_file: str):
    """nexus + Envoy whose public URL is their own; egress may reach the stand-in on
    loopback and trusts its CA."""
    directory = tmp_path / "stack"
    public_url = f"https://127.0.0.1:{https_port}"
    stack = Stack(
        state_dir=directory,
        db=str(directory / "nexus.db"),
        api_key=API_KEY,
        https_port=https_port,
        server_env={
            "NEXUS_HEARTBEAT_S": "1",
            # The most the logs ever say: the test of secrets in logs reads them.
            "NEXUS_LOG_LEVEL": "DEBUG",
            "NEXUS_NOTIFIER_ALLOWLIST": "127.0.0.1/32,::1/128",
            "NEXUS_NOTIFIER_CA_FILE": ca_file,
            "NEXUS_NOTIFIER_PUBLIC_URL": public_url,
        },
    )
    stack.start()
    try:
        assert stack.url == public_url
        yield stack
    finally:
        stack.stop()


def https_client(stack: Stack, **headers: str) -> httpx.AsyncClient:
    verify = ssl.create_default_context(cafile=stack.ca)
    return httpx.AsyncClient(base_url=stack.url, verify=verify, headers=headers, timeout=10)


@pytest.fixture
async def tenant(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """The contact center's own calls: REST with its API key."""
    async with https_client(stack, **{"x-api-key": stack.api_key}) as client:
        yield client


@pytest.fixture
async def twilio(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """Twilio's side: no API key, its signature is what authenticates it."""
    async with https_client(stack, **{"user-agent": "TwilioProxy/1.1"}) as client:
        yield client


async def call(client: httpx.AsyncClient, method: str, path: str, body: Any = None) -> Any:
    resp = await client.request(method, path, json=body)
    assert resp.is_success, (method, path, resp.status_code, resp.text)
    return resp.json()


async def eventually(what: str, probe: Callable[[], Awaitable[T | None]], seconds: float = 10) -> T:
    """``probe()``'s first truthy answer, asked every 50 ms for at most ``seconds``: a poll,
    because neither the stand-in nor a GET can say when something changes."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                if found := await probe():
                    return found
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"{what}: not within {seconds}s") from None


async def create_channel(tenant: httpx.AsyncClient, standin: TwilioStandin) -> dict[str, Any]:
    channel = await call(
        tenant,
        "POST",
        "/v1/channels",
        {
            "kind": "CHANNEL_KIND_SMS",
            "profile": "CHANNEL_PROFILE_TWILIO",
            "displayName": "Support line (Twilio)",
            "provider": {"senderId": SENDER, "accountId": ACCOUNT_SID, "credentials": AUTH_TOKEN},
            "outboundUrl": standin.url,
            "defaultQueue": "queues/sms",
        },
    )
    assert channel["inboundPath"] == f"/v1/{channel['name']}/inbound/messages"
    assert channel["provider"]["hasCredentials"] is True
    assert channel["provider"].get("credentials", "") == ""  # write-only
    return channel


def inbound_sms(body: str, sid: str | None = None) -> dict[str, str]:
    """The form Twilio posts for an incoming SMS (its documented parameters)."""
    sid = sid or "SM" + secrets.token_hex(16)
    return {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "94105",
        "SmsSid": sid,
        "FromState": "CA",
        "SmsStatus": "received",
        "FromCity": "SAN FRANCISCO",
        "Body": body,
        "FromCountry": "US",
        "To": SENDER,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": CUSTOMER,
        "ApiVersion": "2010-04-01",
    }


async def post_as_twilio(
    twilio: httpx.AsyncClient,
    url: str,
    params: dict[str, str],
    *,
    token: str = AUTH_TOKEN,
    signed: dict[str, str] | None = None,
    signed_url: str | None = None,
) -> httpx.Response:
    """POSTs ``params`` form-encoded to ``url`` with the ``X-Twilio-Signature`` Twilio's
    library computes (over ``signed``/``signed_url`` instead, to forge one)."""
    signature = RequestValidator(token).compute_signature(
        signed_url or url, signed if signed is not None else params
    )
    return await twilio.post(
        url,
        content=urlencode(params),
        headers={"content-type": FORM, "x-twilio-signature": signature},
    )


async def last_cursor(tenant: httpx.AsyncClient) -> int:
    """Where the tenant's event log ends: any write moves it."""
    events = await call(tenant, "GET", "/v1/events?pageSize=1000")
    return int(events["lastCursor"])


def assert_empty_twiml(resp: httpx.Response) -> None:
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/xml")
    assert "<Response></Response>" in resp.text
    root = ET.fromstring(resp.content)
    assert root.tag == "Response" and len(root) == 0  # no reply in the webhook's answer


async def test_twilio_inbound_is_verified_stored_once_and_answered_with_twiml(
    stack, tenant, twilio, standin
):
    async with asyncio.timeout(60):
        channel = await create_channel(tenant, standin)
        url = stack.url + channel["inboundPath"]
        params = inbound_sms("Hello, is anyone there?")

        first = await post_as_twilio(twilio, url, params)
        assert_empty_twiml(first)
        [i] = (await call(tenant, "GET", "/v1/interactions"))["interactions"]
        assert (i["state"], i["queue"], i["channel"]) == (
            "STATE_QUEUED",
            "queues/sms",
            channel["name"],
        )
        assert (i["mediaType"], i["customerAddress"]) == ("MEDIA_TYPE_SMS", CUSTOMER)
        stored = (await call(tenant, "GET", f"/v1/{i['name']}/messages"))["messages"]
        assert [(m["externalId"], m["text"], m["direction"]) for m in stored] == [
            (params["MessageSid"], "Hello, is anyone there?", "DIRECTION_INBOUND")
        ]

        # Twilio retries a webhook whose answer it did not get: the same request again.
        end = await last_cursor(tenant)
        assert_empty_twiml(await post_as_twilio(twilio, url, params))
        assert await last_cursor(tenant) == end  # nothing written

        # Forged or altered requests are refused with a google.rpc.Status, nothing stored.
        other = inbound_sms("Send me your password")
        forgeries = {
            "another token": await post_as_twilio(twilio, url, other, token="not-the-token"),
            "altered body": await post_as_twilio(
                twilio, url, {**other, "Body": "altered"}, signed=other
            ),
            "another URL": await post_as_twilio(
                twilio, url, other, signed_url=url.replace("/messages", "/status")
            ),
        }
        for why, resp in forgeries.items():
            assert resp.status_code == 401, (why, resp.status_code, resp.text)
            assert resp.headers["content-type"].startswith("application/json"), why
            status = resp.json()
            assert status["code"] == 16 and "signed" in status["message"], (why, status)
            reasons = [d.get("reason") for d in status.get("details", [])]
            assert "BAD_SIGNATURE" in reasons, (why, status)
        assert await last_cursor(tenant) == end
        again = (await call(tenant, "GET", "/v1/interactions"))["interactions"]
        assert [(x["name"], x["messageCount"]) for x in again] == [(i["name"], 1)]
        # The server counted one new message and one duplicate; forgeries are not messages.
        assert stack.server is not None
        figures = await asyncio.to_thread(scrape, f"{stack.server.admin}/metrics")
        inbound = "nexus_channel_inbound_messages_total"
        assert total(figures, inbound, profile="twilio", result="new") == 1
        assert total(figures, inbound, profile="twilio", result="duplicate") == 1


async def test_twilio_reply_goes_through_the_messages_api_and_a_status_callback_lands(
    stack, tenant, twilio, standin
):
    async with asyncio.timeout(60):
        channel = await create_channel(tenant, standin)
        params = inbound_sms("Where is my order?")
        assert_empty_twiml(await post_as_twilio(twilio, stack.url + channel["inboundPath"], params))
        [i] = (await call(tenant, "GET", "/v1/interactions"))["interactions"]
        await call(tenant, "POST", f"/v1/{i['name']}:accept", {"agent": "agents/ann"})
        text = "It ships tomorrow."
        reply = await call(
            tenant,
            "POST",
            f"/v1/{i['name']}/messages",
            {"direction": "DIRECTION_OUTBOUND", "text": text},
        )

        # The stand-in records only requests with the account's Basic auth and a valid form.
        async def taken() -> list[dict[str, Any]]:
            return standin.messages

        [sms] = await eventually("the reply at the Messages API", taken)
        assert standin.requests == 1
        callback = f"{stack.url}/v1/{channel['name']}/inbound/status"
        assert (sms["To"], sms["From"], sms["Body"], sms["StatusCallback"]) == (
            CUSTOMER,
            SENDER,
            text,
            callback,
        )

        async def delivery(state: str) -> dict[str, Any] | None:
            got = await call(tenant, "GET", f"/v1/{reply['name']}")
            return got["delivery"] if got["delivery"]["state"] == state else None

        sent = await eventually("SENT", lambda: delivery("MESSAGE_DELIVERY_STATE_SENT"))
        assert sent["providerMessageId"] == sms["sid"] and sent["attempts"] == 1

        # Twilio reports delivery to the callback URL it was given, signed for that URL.
        status = {
            "SmsSid": sms["sid"],
            "SmsStatus": "delivered",
            "MessageStatus": "delivered",
            "To": CUSTOMER,
            "MessageSid": sms["sid"],
            "AccountSid": ACCOUNT_SID,
            "From": SENDER,
            "ApiVersion": "2010-04-01",
            "RawDlrDoneDate": "2612061200",  # carrier extras are signed like the rest
        }
        resp = await post_as_twilio(twilio, callback, status)
        assert resp.status_code == 200, resp.text
        delivered = await delivery("MESSAGE_DELIVERY_STATE_DELIVERED")
        assert delivered is not None and delivered["deliverTime"], delivered
        assert delivered["providerMessageId"] == sms["sid"]
        assert stack.server is not None
        figures = await asyncio.to_thread(scrape, f"{stack.server.admin}/metrics")
        outbound = "nexus_channel_outbound_messages_total"
        assert total(figures, outbound, profile="twilio", state="sent") == 1
        assert total(figures, "nexus_channel_receipts_total", state="delivered") == 1


async def test_no_log_line_of_a_full_run_holds_a_key_a_secret_or_a_message_body(
    stack, tenant, twilio, standin, receiver
):
    """Keys, webhook and channel secrets, the provider's credentials and every message's
    text go through every process of the stack; none reaches a log line."""
    canary = secrets.token_hex(8)
    inbound, outbound = f"inbound words {canary}a", f"outbound words {canary}b"
    wrong_key = f"nxs_wrong_{canary}"
    async with asyncio.timeout(60):
        hook = await call(tenant, "POST", "/v1/webhooks", {"url": receiver.url()})
        rotated = await call(tenant, "POST", f"/v1/{hook['name']}:rotateSecret", {})
        channel = await create_channel(tenant, standin)
        channel_secret = await call(tenant, "POST", f"/v1/{channel['name']}:rotateSecret", {})
        params = inbound_sms(inbound)
        assert_empty_twiml(await post_as_twilio(twilio, stack.url + channel["inboundPath"], params))
        [i] = (await call(tenant, "GET", "/v1/interactions"))["interactions"]
        await call(tenant, "POST", f"/v1/{i['name']}:accept", {"agent": "agents/ann"})
        body = {"direction": "DIRECTION_OUTBOUND", "text": outbound}
        await call(tenant, "POST", f"/v1/{i['name']}/messages", body)
        async with https_client(stack, **{"x-api-key": wrong_key}) as stranger:
            assert (await stranger.get("/v1/interactions")).status_code == 401

        async def sent() -> list[dict[str, Any]]:
            return standin.messages

        await eventually("the reply at the Messages API", sent)
        await receiver.wait_for(lambda: any(outbound.encode() in r.body for r in receiver.received))
    await asyncio.to_thread(stack.stop)  # every line written and flushed

    logs = {p.name: p.read_text() for p in (stack.state_dir / "logs").iterdir()}
    secrets_used = {
        "the API key": API_KEY,
        "a rejected key": wrong_key,
        "the webhook secret": hook["secret"],
        "the rotated webhook secret": rotated["secret"],
        "the channel's secret": channel_secret["secret"],
        "the provider's auth token": AUTH_TOKEN,
        "a customer's message": inbound,
        "an agent's message": outbound,
        "a message's words": canary,
    }
    for what, value in secrets_used.items():
        for name, text in logs.items():
            assert value not in text, f"{what} is in {name}"
    # ... and the logs are there to be searched: a line per RPC and per delivery attempt,
    # with their trace ids.
    lines = [json.loads(x) for x in logs["nexus.log"].splitlines() if x.startswith("{")]
    rpcs = [x for x in lines if x["msg"] == "rpc"]
    attempts = [x for x in lines if x["msg"] == "delivery attempt"]
    assert rpcs and attempts
    assert all(x["trace_id"] and x["request_id"] and x["code"] for x in rpcs)
    assert all(x["trace_id"] and x["outcome"] == "success" for x in attempts)
