"""An SMS gateway simulator: the aggregator between nexus and the phone network, on loopback.

A real SMS aggregator does two things for a contact center: it hands the texts customers
send to nexus, and it takes the agents' replies from nexus and reports what became of them.
This simulator does both over nexus's own channel protocol (the ``nexus`` profile), so a
developer can hold a whole SMS conversation on one machine, and the end-to-end tests drive
exactly the code a user runs:

* ``register()`` creates an SMS channel whose ``outbound_url`` is the simulator's own
  HTTPS endpoint, through Envoy's REST surface with the tenant's API key; nexus answers
  with the channel's signing secret, shown only then.
* ``send_inbound()`` posts a customer's text to ``/v1/channels/{id}/messages:receive``.
* nexus POSTs each reply to the simulator, signed the Standard Webhooks way with that
  secret; the simulator checks the signature (an unsigned or stale request is refused
  with 401), records the message in ``outbox`` and answers ``{"messageId": "gw-…"}``.
* ``receipt()`` reports DELIVERED, READ or FAILED to ``/v1/channels/{id}/receipts:receive``.

Only aiohttp (the HTTPS endpoint), httpx (the client of nexus) and the standard library are
needed to run it; generating its own certificate also needs ``cryptography``, which nexus
installs anyway. The signature check is written out here instead of importing a Standard
Webhooks library, so that the few lines a gateway needs are visible in one place.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

log = logging.getLogger("sms_gateway")

DEFAULT_SENDER = "+15550001234"
"""The gateway's own long code: the number customers text and replies come from."""
SIGNATURE_TOLERANCE_S = 300
"""How far ``webhook-timestamp`` may be from our clock, as Standard Webhooks recommends:
a captured request cannot be replayed later than this."""
RECEIPT_STATES = ("SENT", "DELIVERED", "READ", "FAILED")
NOT_FOUND = 5  # google.rpc.Code.NOT_FOUND


class BadSignature(Exception):
    """The request is not signed by nexus with a secret of this channel, or is too old."""


class NexusError(Exception):
    """nexus refused a request; ``status`` is the google.rpc.Status JSON it answered."""

    def __init__(self, http_status: int, status: Mapping[str, Any]) -> None:
        self.http_status = http_status
        self.status = dict(status)
        super().__init__(f"HTTP {http_status}: {status.get('message', status)}")


# -- Standard Webhooks --------------------------------------------------------------------


def verify_signature(
    channel_secrets: Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance_s: float = SIGNATURE_TOLERANCE_S,
) -> str:
    """Checks a Standard Webhooks ``v1`` signature and returns the ``webhook-id``.

    nexus signs ``{webhook-id}.{webhook-timestamp}.{body}`` with HMAC-SHA256 keyed by the
    base64 key inside ``whsec_…``, once per secret of the channel (during a rotation there
    are two), and sends the signatures space-separated. Any one matching a secret we hold is
    enough. The body must be the exact bytes received: re-serialised JSON would not match.
    """
    try:
        msg_id = headers["webhook-id"]
        timestamp = headers["webhook-timestamp"]
        given = headers["webhook-signature"]
    except KeyError as exc:
        raise BadSignature(f"missing header {exc.args[0]}") from None
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise BadSignature("webhook-timestamp is not a number") from None
    if abs((time.time() if now is None else now) - sent_at) > tolerance_s:
        raise BadSignature("webhook-timestamp is too far from now")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    # Bytes: compare_digest refuses str with non-ASCII characters, which a header may have.
    offered = [
        sig.encode()
        for version, _, sig in (p.partition(",") for p in given.split())
        if version == "v1"
    ]
    for secret in channel_secrets:
        try:
            key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            continue
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
        if any(hmac.compare_digest(expected, sig) for sig in offered):
            return msg_id
    raise BadSignature("no signature matches the channel's secret")


# -- certificates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Certs:
    """PEM files: the CA nexus must trust (``NEXUS_NOTIFIER_CA_FILE``), and the gateway's
    own certificate and key, signed by that CA."""

    ca: Path
    cert: Path
    key: Path


def ensure_certs(directory: str | os.PathLike[str], days: int = 825) -> Certs:
    """A private CA and a server certificate for ``localhost``, ``127.0.0.1`` and ``::1``,
    created once in ``directory`` and reused afterwards: nexus is started trusting the CA
    file, so a new CA on every gateway start would break its trust."""
    folder = Path(directory)
    certs = Certs(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")
    if certs.ca.is_file() and certs.cert.is_file() and certs.key.is_file():
        return certs
    # Imported here: a gateway given its own certificate runs without ``cryptography``.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    start, end = now - dt.timedelta(minutes=5), now + dt.timedelta(days=days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SMS gateway simulator CA")])
    signs_certificates = x509.KeyUsage(
        digital_signature=True,
        key_cert_sign=True,
        crl_sign=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        encipher_only=False,
        decipher_only=False,
    )
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(signs_certificates, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ("127.0.0.1", "::1")]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(certs.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)
    certs.cert.write_bytes(cert.public_bytes(pem))
    certs.ca.write_bytes(ca_cert.public_bytes(pem))  # last: its presence means "complete"
    return certs


# -- the gateway --------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboundSms:
    """A reply nexus handed to the gateway (what a real one would send to the handset)."""

    message_id: str
    """The gateway's id of it, ``gw-…``: what nexus stores as ``provider_message_id``."""
    to: str
    sender: str
    text: str
    message: str
    """nexus's name of the message, ``interactions/{i}/messages/{m}``."""
    interaction: str
    channel: str
    webhook_id: str
    body: bytes
    """The request body exactly as received, and its headers (lower-case names)."""
    headers: Mapping[str, str]


def _now_rfc3339() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Gateway:
    """One SMS number connected to nexus as a channel of the ``nexus`` profile.

    ``async with Gateway(...) as gw`` (or ``start()``/``stop()``) runs its HTTPS endpoint
    and its client of nexus; ``register()`` or ``attach()`` binds it to a channel.
    """

    def __init__(
        self,
        nexus_url: str,
        api_key: str,
        *,
        nexus_ca: str | os.PathLike[str] | None = None,
        sender_id: str = DEFAULT_SENDER,
        host: str = "127.0.0.1",
        port: int = 0,
        cert_dir: str | os.PathLike[str] | None = None,
        cert: str | os.PathLike[str] | None = None,
        key: str | os.PathLike[str] | None = None,
        auto_receipts: tuple[float, float] | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        """``nexus_ca``: the CA of nexus's HTTPS certificate (``.nexus/tls/ca.crt`` for a
        development ``nexus up``), else the system's trust store. ``cert``/``key``: the
        gateway's own certificate; without them one is made in ``cert_dir``.
        ``auto_receipts``: seconds after taking a reply to report it DELIVERED, then READ
        (as a handset would); None leaves receipts to ``receipt()``."""
        if bool(cert) != bool(key):
            raise ValueError("cert and key go together")
        if not cert and cert_dir is None:
            raise ValueError("give cert and key, or cert_dir to create them in")
        self.nexus_url = nexus_url.rstrip("/")
        self.api_key = api_key
        self.nexus_ca = nexus_ca
        self.sender_id = sender_id
        self.host = host
        self.port = port
        self.cert_dir = cert_dir
        self.cert, self.key = cert, key
        self.auto_receipts = auto_receipts
        self.timeout_s = timeout_s
        self.channel = ""
        """The channel's name, ``channels/{id}``, once registered or attached."""
        self.secrets: list[str] = []
        """The channel's signing secrets (``whsec_…``): the current one, and the previous
        one while a rotation's grace period lasts."""
        self.outbox: list[OutboundSms] = []
        """Every reply taken, once each, in arrival order."""
        self.typing: list[dict[str, Any]] = []
        """Typing indicators nexus forwarded (an SMS handset cannot show them)."""
        self.on_outbound: Callable[[OutboundSms], None] | None = None
        self.on_receipt: Callable[[str, str], None] | None = None
        self._taken: dict[str, OutboundSms] = {}
        self._arrived = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._http: httpx.AsyncClient | None = None

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def outbound_url(self) -> str:
        """Where nexus POSTs replies: the channel's ``outbound_url`` (on loopback when the
        gateway listens on every address)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"https://{host}:{self.port}/sms"

    async def start(self) -> Gateway:
        if not self.cert:
            made = ensure_certs(self.cert_dir)  # type: ignore[arg-type]
            self.cert, self.key = made.cert, made.key
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(self.cert, self.key)
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post("/sms", self._take)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=tls)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        verify: ssl.SSLContext | bool = True
        if self.nexus_ca:
            verify = ssl.create_default_context(cafile=str(self.nexus_ca))
        self._http = httpx.AsyncClient(
            base_url=self.nexus_url,
            verify=verify,
            headers={"x-api-key": self.api_key},
            timeout=self.timeout_s,
        )
        return self

    async def stop(self) -> None:
        """Stops the endpoint and any pending automatic receipts, and closes the client."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Gateway:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    # -- calling nexus --------------------------------------------------------------------

    async def _call(self, method: str, path: str, body: object = None, **params: str) -> Any:
        assert self._http is not None, "start() the gateway first"
        resp = await self._http.request(method, path, json=body, params=params or None)
        try:
            data = resp.json()
        except ValueError:
            data = {"message": resp.text}
        if not resp.is_success:
            raise NexusError(resp.status_code, data if isinstance(data, dict) else {})
        return data

    async def register(
        self, *, display_name: str = "SMS gateway simulator", default_queue: str = "queues/sms"
    ) -> dict[str, Any]:
        """Creates the channel (kind SMS, profile NEXUS, our endpoint as outbound URL) and
        keeps its secret: nexus shows it this once."""
        channel = await self._call(
            "POST",
            "/v1/channels",
            {
                "kind": "CHANNEL_KIND_SMS",
                "profile": "CHANNEL_PROFILE_NEXUS",
                "displayName": display_name,
                "provider": {"senderId": self.sender_id},
                "outboundUrl": self.outbound_url,
                "defaultQueue": default_queue,
            },
        )
        self.channel, self.secrets = channel["name"], [channel["secret"]]
        return channel

    async def attach(self, name: str, secret: str) -> dict[str, Any]:
        """Uses a channel registered earlier (its secret saved then), pointing its outbound
        URL at this run's endpoint when it changed. ``NexusError`` (404) if it is gone."""
        channel = await self._call("GET", f"/v1/{name}")
        if channel.get("outboundUrl") != self.outbound_url:
            channel = await self._call(
                "PATCH",
                f"/v1/{name}",
                {"outboundUrl": self.outbound_url, "etag": channel["etag"]},
                updateMask="outboundUrl",
            )
        self.channel, self.secrets = name, [secret]
        return channel

    async def send_inbound(
        self,
        sender: str,
        text: str,
        *,
        message_id: str | None = None,
        thread_id: str = "",
        display_name: str = "",
    ) -> dict[str, Any]:
        """Hands nexus a customer's text; returns its result: ``message``, ``interaction``
        and ``duplicate``. ``message_id`` is the gateway's id of the SMS: sending the same
        one again (a retry after a lost answer) is answered as a duplicate, stored once."""
        item = {
            "externalMessageId": message_id or f"gw-in-{secrets.token_hex(8)}",
            "customerAddress": sender,
            "text": text,
            "threadId": thread_id,
            "displayName": display_name,
            "providerTime": _now_rfc3339(),
        }
        resp = await self._call(
            "POST", f"/v1/{self._bound()}/messages:receive", {"messages": [item]}
        )
        result = resp["results"][0]
        if result.get("error"):
            raise NexusError(200, result["error"])
        return result

    async def receipt(
        self,
        message_id: str,
        state: str,
        *,
        error_code: str = "",
        error_message: str = "",
        retry_for_s: float = 10.0,
    ) -> dict[str, Any]:
        """Reports what became of a reply (``DELIVERED``, ``READ``, ``FAILED`` or ``SENT``),
        naming it by the id we answered with; returns the result (``message``, ``applied``).

        nexus learns that id from our answer, and records it a moment later: a receipt
        sent at once can find no message yet (NOT_FOUND). Providers retry such callbacks,
        and so does this, with backoff, for at most ``retry_for_s``."""
        if state not in RECEIPT_STATES:
            raise ValueError(f"state must be one of {', '.join(RECEIPT_STATES)}")
        item = {
            "providerMessageId": message_id,
            "state": f"MESSAGE_DELIVERY_STATE_{state}",
            "errorCode": error_code,
            "errorMessage": error_message,
            "providerTime": _now_rfc3339(),
        }
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + retry_for_s, 0.05
        while True:
            resp = await self._call(
                "POST", f"/v1/{self._bound()}/receipts:receive", {"receipts": [item]}
            )
            result = resp["results"][0]
            error = result.get("error") or {}
            if not error.get("code"):
                if self.on_receipt is not None:
                    self.on_receipt(message_id, state)
                return result
            if error["code"] != NOT_FOUND or loop.time() + pause > deadline:
                raise NexusError(200, error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    def _bound(self) -> str:
        if not self.channel:
            raise RuntimeError("register() or attach() a channel first")
        return self.channel

    # -- taking replies -------------------------------------------------------------------

    async def wait_outbox(self, count: int, timeout_s: float = 30.0) -> list[OutboundSms]:
        """The first ``count`` replies, once that many have arrived (TimeoutError after
        ``timeout_s``)."""
        async with asyncio.timeout(timeout_s):
            while len(self.outbox) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.outbox[:count]

    async def _take(self, request: web.Request) -> web.Response:
        """nexus's POST of a reply or a typing indicator."""
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        try:
            webhook_id = verify_signature(self.secrets, headers, body)
        except BadSignature as exc:
            return web.json_response({"error": str(exc)}, status=401)
        try:
            payload = json.loads(body)
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if payload.get("type") == "typing":
            self.typing.append(payload)
            return web.json_response({})
        if payload.get("type") != "message":
            return web.json_response({"error": "unknown type"}, status=400)
        # nexus sends a message again when our answer was lost; the webhook-id stays the
        # same, so the customer gets one SMS and nexus the same id.
        taken = self._taken.get(webhook_id)
        if taken is None:
            taken = OutboundSms(
                message_id=f"gw-{secrets.token_hex(8)}",
                to=payload["to"],
                sender=payload["from"],
                text=payload["text"],
                message=payload["message"],
                interaction=payload["interaction"],
                channel=payload["channel"],
                webhook_id=webhook_id,
                body=body,
                headers=headers,
            )
            self._taken[webhook_id] = taken
            self.outbox.append(taken)
            self._arrived.set()
            if self.on_outbound is not None:
                self.on_outbound(taken)
            if self.auto_receipts is not None:
                self._spawn(self._handset(taken.message_id, *self.auto_receipts))
        return web.json_response({"messageId": taken.message_id})

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handset(self, message_id: str, deliver_after: float, read_after: float) -> None:
        """The customer's phone: the text arrives, then it is read."""
        try:
            await asyncio.sleep(deliver_after)
            await self.receipt(message_id, "DELIVERED")
            await asyncio.sleep(read_after)
            await self.receipt(message_id, "READ")
        except (NexusError, httpx.HTTPError) as exc:
            log.warning("receipt for %s not taken: %s", message_id, exc)
