"""A local stand-in of Twilio's Messages API (aiohttp + a trustme CA), for channel tests.

It answers ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` the way the real API
does for the checks that matter to a client: HTTP Basic auth with the account's sid and
token (401, code 20003), a form-encoded body, ``To`` (21604 missing, 21211 not E.164),
``From`` or ``MessagingServiceSid`` (21603), ``Body`` or ``MediaUrl`` (21602), ``Body`` of
at most 1600 characters (21617), at most 10 ``MediaUrl`` (21623) and a usable
``StatusCallback`` (21609). An accepted message gets a 201 with the documented JSON, keys in
alphabetical order as Twilio writes them, and is recorded. ``fail_next`` makes the next
requests fail (5xx, 429 with ``Retry-After``) so retries can be tested without sleeping.

Twilio's own client (``twilio.rest.Client`` with ``client.api.base_url`` set to ``url``)
talks to it, which is how the tests know it is faithful enough to test nexus against.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import trustme
from aiohttp import web

_E164 = re.compile(r"\+[1-9][0-9]{1,14}\Z")
_MESSAGING_SERVICE = re.compile(r"MG[0-9a-f]{32}\Z")
# The characters of the GSM 03.38 basic set that are also ASCII: the text one segment of
# 160 can carry. Anything else makes Twilio send UCS-2 (70 per segment).
_GSM = set(
    "@$\n\r !\"#%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
_API_VERSION = "2010-04-01"


@dataclass
class _Failure:
    status: int
    retry_after: str | None
    code: int
    message: str


_DEFAULT_FAILURES = {
    429: (20429, "Too Many Requests"),
    500: (20500, "Internal Server Error"),
    502: (20502, "Bad Gateway"),
    503: (20503, "Service Unavailable"),
}


def segments(body: str) -> int:
    """How many SMS segments Twilio bills ``body`` as (GSM-7 when it fits, else UCS-2)."""
    if not body:
        return 1
    single, part = (160, 153) if set(body) <= _GSM else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // part)


def error_body(status: int, code: int, message: str) -> dict[str, Any]:
    """Twilio's error JSON."""
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class TwilioStandin:
    """Twilio's Messages API for one account, on a free loopback port over HTTPS."""

    def __init__(
        self,
        ca: trustme.CA,
        account_sid: str = "AC" + "0" * 32,
        auth_token: str = "standin-auth-token",
        host: str = "127.0.0.1",
    ) -> None:
        self.ca = ca
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.host = host
        self.messages: list[dict[str, Any]] = []
        """Every accepted message: its form fields (``MediaUrl`` a list) and ``sid``."""
        self.requests = 0
        """Every request that reached the API, accepted or not."""
        self._failures: list[_Failure] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The API's base URL: what ``outbound_url`` or ``client.api.base_url`` is set to."""
        return f"https://{self.host}:{self.port}"

    def fail_next(
        self,
        count: int,
        status: int,
        *,
        retry_after: str | None = None,
        code: int | None = None,
        message: str = "",
    ) -> None:
        """Answers the next ``count`` requests with ``status`` and Twilio's error JSON,
        before looking at them (as an overloaded or failing API would)."""
        default_code, default_message = _DEFAULT_FAILURES.get(status, (20001, "Error"))
        failure = _Failure(status, retry_after, code or default_code, message or default_message)
        self._failures.extend([failure] * count)

    async def start(self) -> TwilioStandin:
        app = web.Application()
        app.router.add_post(
            f"/{_API_VERSION}/Accounts/{{account}}/Messages.json", self._create_message
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert("localhost", "127.0.0.1").configure_cert(ctx)
        site = web.TCPSite(self._runner, self.host, 0, ssl_context=ctx)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- the API ------------------------------------------------------------------------

    def _authenticated(self, request: web.Request) -> bool:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(user.encode(), self.account_sid.encode()) and (
            hmac.compare_digest(password.encode(), self.auth_token.encode())
        )

    @staticmethod
    def _error(status: int, code: int, message: str, **headers: str) -> web.Response:
        return web.json_response(error_body(status, code, message), status=status, headers=headers)

    async def _create_message(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self._failures:
            f = self._failures.pop(0)
            extra = {"Retry-After": f.retry_after} if f.retry_after is not None else {}
            return self._error(f.status, f.code, f.message, **extra)
        if not self._authenticated(request):
            return self._error(401, 20003, "Authenticate")
        account = request.match_info["account"]
        if account != self.account_sid:
            return self._error(
                404,
                20404,
                f"The requested resource /{_API_VERSION}/Accounts/{account}/Messages.json "
                "was not found",
            )
        if request.content_type != "application/x-www-form-urlencoded":
            return self._error(400, 20001, "Content-Type must be application/x-www-form-urlencoded")
        try:
            pairs = parse_qsl(
                (await request.read()).decode("utf-8"), keep_blank_values=True, errors="strict"
            )
        except (UnicodeDecodeError, ValueError):
            return self._error(400, 20001, "The request body is not UTF-8 form data")
        fields: dict[str, list[str]] = {}
        for name, value in pairs:
            fields.setdefault(name, []).append(value)
        problem = self._check(fields)
        if problem is not None:
            return self._error(400, *problem)
        return web.json_response(self._accept(fields), status=201)

    def _check(self, fields: dict[str, list[str]]) -> tuple[int, str] | None:
        """The first rule the request breaks, as Twilio's (code, message)."""

        def one(name: str) -> str:
            return fields.get(name, [""])[0]

        to = one("To")
        if not to:
            return 21604, "A 'To' phone number is required."
        if not _E164.match(to.removeprefix("whatsapp:")):
            return 21211, f"Invalid 'To' Phone Number: {to}"
        service = one("MessagingServiceSid")
        if not one("From") and not service:
            return 21603, "A 'From' phone number is required."
        if service and not _MESSAGING_SERVICE.match(service):
            return 21701, f"The Messaging Service Sid {service} is invalid."
        body, media = one("Body"), [m for m in fields.get("MediaUrl", []) if m]
        if not body and not media:
            return 21602, "Message body is required."
        if len(body) > 1600:
            return 21617, "The concatenated message body exceeds the 1600 character limit."
        if len(media) > 10:
            return 21623, "Number of media files exceeds allowed limit."
        callback = one("StatusCallback")
        if callback:
            parts = urlsplit(callback)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or "_" in parts.hostname
                or len(callback) > 4000
            ):
                return 21609, f"Invalid StatusCallback url: {callback}"
        return None

    def _accept(self, fields: dict[str, list[str]]) -> dict[str, Any]:
        sid = "SM" + secrets.token_hex(16)
        record: dict[str, Any] = {
            name: values if name == "MediaUrl" or len(values) > 1 else values[0]
            for name, values in fields.items()
        }
        record.setdefault("MediaUrl", [])
        record["sid"] = sid
        self.messages.append(record)
        now = format_datetime(datetime.now(UTC))
        body = record.get("Body", "")
        uri = f"/{_API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        answer = {
            "account_sid": self.account_sid,
            "api_version": _API_VERSION,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": record.get("From"),
            "messaging_service_sid": record.get("MessagingServiceSid"),
            "num_media": str(len(record["MediaUrl"])),
            "num_segments": str(segments(body)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if "MessagingServiceSid" in record else "queued",
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": record["To"],
            "uri": f"{uri}.json",
        }
        return dict(sorted(answer.items()))
