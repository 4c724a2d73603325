"""The one egress HTTP client of nexus: aiohttp behind the SSRF guard.

Every address is vetted immediately before it is connected to, by the connector's
``socket_factory``: aiohappyeyeballs calls it with the very address it is about to connect
to, whether that came from the resolver or from a host that is an IP literal (which aiohttp
never resolves). Names are resolved once, by a resolver that vets all their addresses, so a
name with any refused address is refused as a whole and the addresses connected to are the
ones vetted: no second resolution. TLS (SNI, certificate check) and the Host header use the
URL's host. Connections are pooled per endpoint; redirects are never followed; proxies
from the environment are never used.
"""

from __future__ import annotations

import contextvars
import dataclasses
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import aiohttp
from aiohappyeyeballs import AddrInfoType
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from nexus.config import NotifierConfig
from nexus.egress import urls
from nexus.egress.guard import Guard, Lookup, Refused, address

BODY_LIMIT = 4096
USER_AGENT = "nexus-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    """What one HTTP attempt produced."""

    status_code: int = 0
    body: bytes = b""
    latency_us: int = 0
    error_class: str = ""
    error: str = ""
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error_class and 200 <= self.status_code < 300

    @property
    def timed_out(self) -> bool:
        return self.error_class == "timeout"


@dataclass
class _Attempt:
    """What the socket factory needs to know of the request it connects for."""

    host: str
    refused: list[Refused] = field(default_factory=list)


# Set by ``post`` in its own task; the connect tasks of aiohappyeyeballs start with a copy
# of that context, so the factory sees the attempt (its host, for the allowlist of names).
_attempt: contextvars.ContextVar[_Attempt | None] = contextvars.ContextVar(
    "nexus_egress_attempt", default=None
)


class RefusedAddress(OSError):
    """The socket factory's refusal: an OSError, which aiohappyeyeballs takes as this
    address failing, so it never connects to it."""


def vetting_socket_factory(guard: Guard) -> Callable[[AddrInfoType], socket.socket]:
    """aiohttp's ``socket_factory`` hook: the last check before ``connect``."""

    def factory(addr_info: AddrInfoType) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        attempt = _attempt.get()
        try:
            # Outside ``post`` only the address rules and the CIDR allowlist apply: closed.
            guard.check(attempt.host if attempt else "", address(str(sockaddr[0])))
        except Refused as exc:
            if attempt is not None:
                attempt.refused.append(exc)
            raise RefusedAddress(str(exc)) from exc
        return socket.socket(family=family, type=type_, proto=proto)

    return factory


class VettingResolver(AbstractResolver):
    """Resolves a name once and vets every one of its addresses."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = await self.guard.resolve(host, port)
        return [
            ResolveResult(
                hostname=host,
                host=str(ip),
                port=port,
                family=socket.AF_INET6 if ip.version == 6 else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for ip in addresses
        ]

    async def close(self) -> None:
        return None


def ssl_context(ca_file: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(ca_file)
    return ctx


class EgressClient:
    def __init__(self, config: NotifierConfig, lookup: Lookup | None = None) -> None:
        self.config = config
        self.guard = Guard(config.allowlist, lookup)
        self._session: aiohttp.ClientSession | None = None
        self._targets: dict[str, tuple[URL, str]] = {}

    def session(self) -> aiohttp.ClientSession:
        """The pooled aiohttp session: every connection it opens passes the guard."""
        if self._session is None:
            cfg = self.config
            connector = aiohttp.TCPConnector(
                # The engine caps attempts per webhook; several webhooks on one host must not
                # queue behind each other here, where waiting would eat their timeout.
                limit=cfg.max_in_flight + 16,
                limit_per_host=0,
                use_dns_cache=False,
                resolver=VettingResolver(self.guard),
                socket_factory=vetting_socket_factory(self.guard),
                ssl=ssl_context(cfg.ca_file),
                keepalive_timeout=30,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(
                    total=cfg.timeout_s, sock_connect=cfg.connect_timeout_s
                ),
                auto_decompress=False,
                # Egress needs no cookies; the jar would be consulted on every request.
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,  # a proxy from the environment would be a second way out
            )
        return self._session

    async def post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        timeout_s: float | None = None,
        body_limit: int = BODY_LIMIT,
    ) -> Outcome:
        """One attempt; never raises for what the network or the receiver does.

        ``timeout_s`` bounds this attempt instead of the configured ``timeout_s`` (channel
        providers get 10 s, webhooks their own setting). ``body_limit`` caps what is read of
        the answer: a webhook's is only logged, a provider's carries the id it gave the
        message (Twilio's ``sid`` comes after its echo of the text)."""
        started = time.perf_counter()
        attempt: _Attempt | None = None
        try:
            target, host = self._target(url)
        except urls.BadUrl as exc:  # e.g. a row stored before URLs were normalised
            outcome = Outcome(error_class="ssrf_refused", error=f"URL refused: {exc}")
        except ValueError as exc:  # yarl cannot read it: nothing is connected to
            outcome = Outcome(error_class="protocol", error=f"{type(exc).__name__}: {exc}")
        else:
            attempt = _Attempt(host)
            token = _attempt.set(attempt)
            try:
                outcome = await self._send(target, headers, body, timeout_s, body_limit)
            finally:
                _attempt.reset(token)
        if attempt is not None and attempt.refused and not outcome.ok:
            # The refusal alone: what other addresses answered is none of the tenant's.
            outcome = Outcome(error_class="ssrf_refused", error=str(attempt.refused[0]))
        latency_us = int((time.perf_counter() - started) * 1e6)
        return dataclasses.replace(outcome, latency_us=latency_us)

    async def _send(
        self,
        target: URL,
        headers: Mapping[str, str],
        body: bytes,
        timeout_s: float | None,
        body_limit: int = BODY_LIMIT,
    ) -> Outcome:
        timeout = None
        if timeout_s is not None:
            connect = min(self.config.connect_timeout_s, timeout_s)
            timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=connect)
        try:
            # Set here rather than as session defaults and skip_auto_headers, which aiohttp
            # merges on every request. "identity": the attempt log keeps the body as sent.
            headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
            async with self.session().post(
                target, data=body, headers=headers, allow_redirects=False, timeout=timeout
            ) as resp:
                data = await resp.content.read(body_limit)
                code = resp.status
                error_class = "" if 200 <= code < 300 else "http_status"
                return Outcome(
                    status_code=code,
                    body=data,
                    error_class=error_class,
                    error=f"HTTP {code}" if error_class else "",
                    retry_after=resp.headers.get("Retry-After"),
                )
        except Refused as exc:  # from the resolver: a name with a refused address
            return Outcome(error_class="ssrf_refused", error=str(exc))
        except TimeoutError as exc:
            return Outcome(error_class="timeout", error=str(exc) or "timed out")
        except aiohttp.ClientConnectorCertificateError as exc:
            return Outcome(error_class="tls", error=str(exc))
        except aiohttp.ClientConnectorDNSError as exc:
            return Outcome(error_class="dns", error=str(exc))
        except aiohttp.ClientConnectorError as exc:
            return Outcome(error_class="connect", error=str(exc))
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            return Outcome(error_class="protocol", error=f"{type(exc).__name__}: {exc}")

    def _target(self, url: str) -> tuple[URL, str]:
        """The URL in normal form, parsed, and its host (cached per URL: parsing is a
        noticeable part of a request). Stored URLs are normal already; normalising again
        holds rows written before they were to the same rules."""
        found = self._targets.get(url)
        if found is None:
            if len(self._targets) > 10_000:
                self._targets.clear()
            parsed = urls.normalise(url)
            found = self._targets[url] = (URL(parsed.url), parsed.host)
        return found

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
