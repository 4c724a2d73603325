"""The one egress HTTP client of nexus: aiohttp behind the SSRF guard.

aiohttp asks a resolver for the addresses of each *new* connection and connects to exactly
those, while TLS (SNI, certificate check) and the Host header use the URL's host name. The
resolver below vets every address it returns, so what is checked is what is connected to:
no second resolution. Literal IP hosts skip resolvers, so ``post`` vets them itself.
Connections are pooled and reused per endpoint; redirects are never followed.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from nexus.config import NotifierConfig
from nexus.notifier.ssrf import Guard, IPAddress, Refused, literal_ip

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


class VettingResolver(AbstractResolver):
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
    def __init__(self, config: NotifierConfig) -> None:
        self.config = config
        self.guard = Guard(config.allowlist)
        self._session: aiohttp.ClientSession | None = None
        self._targets: dict[str, tuple[URL, str, IPAddress | None]] = {}

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            cfg = self.config
            connector = aiohttp.TCPConnector(
                # The engine caps attempts per webhook; several webhooks on one host must not
                # queue behind each other here, where waiting would eat their timeout.
                limit=cfg.max_in_flight + 16,
                limit_per_host=0,
                use_dns_cache=False,
                resolver=VettingResolver(self.guard),
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
            )
        return self._session

    async def post(self, url: str, headers: dict[str, str], body: bytes) -> Outcome:
        """One attempt; never raises for what the network or the receiver does."""
        started = time.perf_counter()

        def done(**kw: Any) -> Outcome:
            return Outcome(latency_us=int((time.perf_counter() - started) * 1e6), **kw)

        try:
            target, host, ip = self._target(url)
            if ip is not None:
                self.guard.check(host, ip)
            # Set here rather than as session defaults and skip_auto_headers, which aiohttp
            # merges on every request. "identity": the attempt log keeps the body as sent.
            headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
            async with self._client().post(
                target, data=body, headers=headers, allow_redirects=False
            ) as resp:
                data = await resp.content.read(BODY_LIMIT)
                code = resp.status
                error_class = "" if 200 <= code < 300 else "http_status"
                return done(
                    status_code=code,
                    body=data,
                    error_class=error_class,
                    error=f"HTTP {code}" if error_class else "",
                    retry_after=resp.headers.get("Retry-After"),
                )
        except Refused as exc:
            return done(error_class="ssrf_refused", error=str(exc))
        except TimeoutError as exc:
            return done(error_class="timeout", error=str(exc) or "timed out")
        except aiohttp.ClientConnectorCertificateError as exc:
            return done(error_class="tls", error=str(exc))
        except aiohttp.ClientConnectorDNSError as exc:
            return done(error_class="dns", error=str(exc))
        except aiohttp.ClientConnectorError as exc:
            return done(error_class="connect", error=str(exc))
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            return done(error_class="protocol", error=f"{type(exc).__name__}: {exc}")

    def _target(self, url: str) -> tuple[URL, str, IPAddress | None]:
        """The parsed URL, its host and, if that is an IP literal, its address (cached per
        URL: parsing is a noticeable part of a request)."""
        found = self._targets.get(url)
        if found is None:
            if len(self._targets) > 10_000:
                self._targets.clear()
            host = urlsplit(url).hostname or ""
            found = self._targets[url] = (URL(url), host, literal_ip(host))
        return found

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
