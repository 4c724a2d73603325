# ruff: noqa: RUF001 -- look-alike characters are what these tests are about
"""The SSRF guard through the real server and notifier, with the allowlist off: hostile URL
forms are refused when a webhook is created or updated, and at send time (a row written
before URLs were normalised) the notifier connects to none of them.

The receiver here listens on 127.0.0.1 and ::1 with a certificate for those addresses too,
so that a notifier reaching it would be seen (a delivery, not a TLS error). Every hostile
form points at loopback: a broken guard would reach only this machine.
"""

from __future__ import annotations

import socket

import grpc
import pytest

from nexus.clock import FakeClock, SystemClock
from nexus.config import NotifierConfig
from nexus.egress.client import EgressClient
from nexus.egress.guard import system_lookup
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb
from nexus.workers import build

from helpers import db

# Names the test resolver knows, as /etc/hosts entries would; others ask the system.
HOSTS = {
    "loopback.test": ["127.0.0.1"],
    "loopback6.test": ["::1"],
    "both.test": ["127.0.0.1", "::1"],
    "public.test": ["93.184.216.34"],
}


async def table_lookup(host: str, port: int) -> list[str]:
    if host in HOSTS:
        return HOSTS[host]
    return await system_lookup(host, port)


# Every form of "this machine" a webhook URL may take; {p} is the receiver's port.
HOSTILE = [
    # IP literals in every notation
    "https://127.0.0.1:{p}/h",
    "https://127.0.0.2:{p}/h",
    "https://0.0.0.0:{p}/h",
    "https://2130706433:{p}/h",
    "https://0x7f000001:{p}/h",
    "https://017700000001:{p}/h",
    "https://0177.0.0.1:{p}/h",
    "https://0x7f.0.0.1:{p}/h",
    "https://0x7f.1:{p}/h",
    "https://127.1:{p}/h",
    "https://127.0.1:{p}/h",
    "https://[::1]:{p}/h",
    "https://[0:0:0:0:0:0:0:1]:{p}/h",
    "https://[::ffff:127.0.0.1]:{p}/h",
    "https://[::ffff:7f00:1]:{p}/h",
    "https://[::127.0.0.1]:{p}/h",
    "https://[::ffff:0:127.0.0.1]:{p}/h",
    "https://[64:ff9b::127.0.0.1]:{p}/h",
    "https://[2002:7f00:1::]:{p}/h",
    "https://[::1%25lo]:{p}/h",
    "https://[fe80::1%25lo]:{p}/h",
    # Unicode digit and dot forms
    "https://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11:{p}/h",
    "https://127\u30020\u30020\u30021:{p}/h",
    "https://127\uff610\uff610\uff611:{p}/h",
    "https://127\uff0e0\uff0e0\uff0e1:{p}/h",
    "https://127\u20240\u20240\u20241:{p}/h",
    "https://\u2460\u2461\u2466.0.0.1:{p}/h",
    "https://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3:{p}/h",
    "https://[::\uff46\uff46\uff46\uff46:127.0.0.1]:{p}/h",
    # Percent-encoding
    "https://%31%32%37.0.0.1:{p}/h",
    "https://127.0.0.%31:{p}/h",
    "https://loc%61lhost:{p}/h",
    # Trailing dots
    "https://127.0.0.1.:{p}/h",
    "https://localhost.:{p}/h",
    "https://loopback.test.:{p}/h",
    "https://localhost\u3002:{p}/h",
    # Userinfo tricks
    "https://evil@127.0.0.1:{p}/h",
    "https://public.test@127.0.0.1:{p}/h",
    "https://public.test:443@127.0.0.1:{p}/h",
    "https://127.0.0.1:{p}\\@public.test/h",
    "https://127.0.0.1\\@public.test:{p}/h",
    # Whitespace and control characters
    "https://127.0.0.1:{p}/h\r\nX-Injected: 1",
    "https://127.0.0.1:{p}/h\tx",
    "https://127.0.0.1:{p}/h x",
    " https://127.0.0.1:{p}/h",
    "https://127.0.0.1 :{p}/h",
    "https://loc\u200balhost:{p}/h",
    "https://loc\u00adalhost:{p}/h",
    # Names resolving to internal ranges
    "https://localhost:{p}/h",
    "https://LOCALHOST:{p}/h",
    "https://loopback.test:{p}/h",
    "https://loopback6.test:{p}/h",
    "https://both.test:{p}/h",
]


@pytest.fixture
def strict(config, ca_file) -> NotifierConfig:
    """The production default: no allowlist."""
    return NotifierConfig(in_process=False, ca_file=ca_file, retry_schedule_s=(0,))


@pytest.fixture
def core(nexus, config, strict):
    """The server's core, with the allowlist off and the test resolver."""
    core = nexus.running.core
    core.config = config.replace(notifier=strict)
    core.lookup = table_lookup
    return core


@pytest.fixture
async def receiver(ca):
    from webhook_receiver import Receiver

    r = await Receiver(ca, names=("localhost", "127.0.0.1", "::1")).start()
    await r.listen_also("::1")
    try:
        yield r
    finally:
        await r.stop()


@pytest.fixture
def clock():
    return FakeClock(SystemClock().now_us() + 60_000_000)


async def create(client, url: str) -> wpb.Webhook:
    return await client.webhooks.CreateWebhook(
        wspb.CreateWebhookRequest(
            webhook=wpb.Webhook(url=url, event_types=["interaction.created"])
        ),
        metadata=client.md,
    )


def violations(err: grpc.aio.AioRpcError) -> list[tuple[str, str]]:
    from google.rpc import error_details_pb2, status_pb2

    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad = error_details_pb2.BadRequest()
                    detail.Unpack(bad)
                    return [(v.field, v.description) for v in bad.field_violations]
    return []


def store_url(nexus, core, hook: wpb.Webhook, url: str) -> None:
    """Writes ``url`` into the row directly, as a row written before the fix would be."""
    store = nexus.running.store
    tenant = core.authenticate(nexus.a.api_key).tenant_id
    with store.transaction():
        row = store.get_webhook(tenant, hook.name.split("/")[1])
        assert row is not None
        row.url = url
        store.put_webhook(tenant, row)


async def send_once(nexus, config, strict, clock, hook) -> tuple[dpb.Delivery, dpb.DeliveryAttempt]:
    """Runs a notifier without the allowlist until the event is delivered or given up."""
    client = EgressClient(strict, lookup=table_lookup)
    return await deliver_once(
        nexus, await build(config.replace(notifier=strict), clock, client=client), hook
    )


async def deliver_once(nexus, runtime, hook) -> tuple[dpb.Delivery, dpb.DeliveryAttempt]:
    """Creates an interaction, lets ``runtime``'s notifier deliver its event to ``hook``
    (or give up), and returns that delivery and its one attempt."""
    a = nexus.a
    try:
        await a.interactions.CreateInteraction(
            ispb.CreateInteractionRequest(
                interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
            ),
            metadata=a.md,
        )
        await runtime.notifier.run_until_idle()
    finally:
        await runtime.close()
    (d,) = (
        await a.webhooks.ListDeliveries(wspb.ListDeliveriesRequest(parent=hook.name), metadata=a.md)
    ).deliveries
    (x,) = (
        await a.webhooks.ListDeliveryAttempts(
            wspb.ListDeliveryAttemptsRequest(parent=d.name), metadata=a.md
        )
    ).attempts
    return d, x


@pytest.mark.parametrize("template", HOSTILE)
async def test_hostile_url_refused_at_create_update_and_send(
    nexus, core, receiver, config, strict, clock, template
):
    url = template.format(p=receiver.port)
    a = nexus.a
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await create(a, url)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in violations(err.value)] == ["webhook.url"]

    hook = await create(a, f"https://public.test:{receiver.port}/h")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await a.webhooks.UpdateWebhook(
            wspb.UpdateWebhookRequest(webhook=wpb.Webhook(name=hook.name, url=url)),
            metadata=a.md,
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in violations(err.value)] == ["webhook.url"]

    await db(store_url, nexus, core, hook, url)
    d, x = await send_once(nexus, config, strict, clock, hook)
    assert receiver.received == []
    assert x.error_class == "ssrf_refused"
    assert d.status == dpb.DELIVERY_STATUS_FAILED


async def test_test_webhook_is_guarded_too(nexus, core, receiver):
    """TestWebhook sends from the server process: the same client, the same guard."""
    a = nexus.a
    hook = await create(a, f"https://public.test:{receiver.port}/h")
    for host in ("127.0.0.1", "[::1]", "\uff11\uff12\uff17\u3002\uff10\u3002\uff10\u3002\uff11"):
        await db(store_url, nexus, core, hook, f"https://{host}:{receiver.port}/h")
        got = await a.webhooks.TestWebhook(wspb.TestWebhookRequest(name=hook.name), metadata=a.md)
        assert got.attempt.error_class == "ssrf_refused"
    assert receiver.received == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_refusal_does_not_tell_whether_a_port_is_open(
    nexus, core, receiver, config, strict, clock
):
    a = nexus.a
    errors = []
    for port in (receiver.port, closed_port()):
        hook = await create(a, f"https://public.test:{port}/h")
        await db(store_url, nexus, core, hook, f"https://127.0.0.1:{port}/h")
        _, x = await send_once(nexus, config, strict, clock, hook)
        assert x.error_class == "ssrf_refused"
        assert str(port) not in x.error
        errors.append(x.error)
        await a.webhooks.DeleteWebhook(wspb.DeleteWebhookRequest(name=hook.name), metadata=a.md)
    open_error, closed_error = errors
    assert open_error == closed_error == "127.0.0.1 refused: loopback address 127.0.0.1"


async def test_allowed_address_keeps_its_connect_error(nexus, config, notifier_config, clock):
    """With loopback allowlisted, a closed port is a connect error that says so."""
    nexus.running.core.config = config.replace(notifier=notifier_config)
    a = nexus.a
    port = closed_port()
    hook = await create(a, f"https://127.0.0.1:{port}/h")
    _, x = await deliver_once(
        nexus, await build(config.replace(notifier=notifier_config), clock), hook
    )
    assert x.error_class == "connect"
    assert f"127.0.0.1:{port}" in x.error and "Connect call failed" in x.error


@pytest.mark.parametrize(
    "written, stored",
    [
        ("HTTPS://Public.TEST:{p}/Hook?A=1", "https://public.test:{p}/Hook?A=1"),
        ("https://ｐｕｂｌｉｃ。ｔｅｓｔ:{p}/h", "https://public.test:{p}/h"),
        ("https://public.test", "https://public.test/"),
    ],
)
async def test_create_and_update_store_the_normalised_url(nexus, core, receiver, written, stored):
    a = nexus.a
    written, stored = (u.format(p=receiver.port) for u in (written, stored))
    hook = await create(a, written)
    assert hook.url == stored
    got = await a.webhooks.GetWebhook(wspb.GetWebhookRequest(name=hook.name), metadata=a.md)
    assert got.url == stored
    other = await create(a, "https://public.test/other")
    updated = await a.webhooks.UpdateWebhook(
        wspb.UpdateWebhookRequest(webhook=wpb.Webhook(name=other.name, url=written)),
        metadata=a.md,
    )
    assert updated.url == stored


async def test_refused_scheme_is_never_resolved(nexus, core):
    """No DNS for a URL refused by its form: the test resolver would see the name."""
    seen: list[str] = []

    async def recording(host: str, port: int) -> list[str]:
        seen.append(host)
        return await table_lookup(host, port)

    core.lookup = recording
    a = nexus.a
    for url in ("http://loopback.test/h", "https://loopback.test./h", "ftp://loopback.test/"):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await create(a, url)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert seen == []
    with pytest.raises(grpc.aio.AioRpcError):
        await create(a, "https://loopback.test/h")
    assert seen == ["loopback.test"]


async def test_refusal_is_a_stable_field_violation(nexus, core):
    a = nexus.a
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await create(a, "https://0177.0.0.1/h")
    assert violations(err.value) == [
        ("webhook.url", "an IPv4 address must be written as four decimal numbers (a.b.c.d)")
    ]
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await create(a, "https://loopback.test/h")
    assert violations(err.value) == [
        ("webhook.url", "loopback.test refused: loopback address 127.0.0.1")
    ]


@pytest.mark.parametrize("template", HOSTILE)
async def test_the_connector_alone_refuses_what_the_normaliser_would(receiver, strict, template):
    """Defence in depth: the client's session (its resolver and socket factory), given the
    raw URL without normalisation, still connects to none of these."""
    import aiohttp

    from nexus.egress.client import RefusedAddress
    from nexus.egress.guard import Refused

    client = EgressClient(strict, lookup=table_lookup)
    try:
        with pytest.raises((aiohttp.ClientError, Refused, ValueError)) as err:
            async with client.session().post(template.format(p=receiver.port), data=b"{}"):
                pass
    finally:
        await client.close()
    if isinstance(err.value, aiohttp.ClientConnectorError):
        # Refused at the connect, or a name that does not resolve at all.
        dns = isinstance(err.value, aiohttp.ClientConnectorDNSError)
        assert dns or isinstance(err.value.os_error, RefusedAddress)
    assert receiver.received == []
