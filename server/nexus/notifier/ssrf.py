"""The SSRF guard: which addresses a webhook may reach.

``refusal`` is pure. ``Guard`` adds the configured allowlist and resolution: at create or
update (bounded by a timeout) and at connect time, where the client connects to the very
addresses it vetted.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The URL's host is, or resolves to, an address webhooks may not reach."""


def refusal(ip: IPAddress) -> str | None:
    """Why a webhook may not connect to ``ip``, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            why = refusal(embedded)
            return f"{why} (embedded in {ip})" if why else None
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {ip}"
    return None


def literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class Guard:
    """Vets addresses against the rules and an allowlist of CIDRs and host names."""

    def __init__(self, allowlist: Iterable[str] = ()) -> None:
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.hosts: set[str] = set()
        for entry in allowlist:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.add(entry.lower().rstrip("."))

    def check(self, host: str, ip: IPAddress) -> None:
        """Raises Refused unless ``ip`` (an address of ``host``) may be reached."""
        if host.lower().rstrip(".") in self.hosts or any(ip in n for n in self.networks):
            return
        why = refusal(ip)
        if why:
            raise Refused(f"{host} refused: {why}")

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host``, each vetted; Refused if any is not allowed."""
        ip = literal_ip(host)
        if ip is not None:
            self.check(host, ip)
            return [ip]
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
        return self._vet(host, infos)

    def _vet(self, host: str, infos: list) -> list[IPAddress]:
        addresses = list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))
        if not addresses:
            raise OSError(f"{host} has no addresses")
        for ip in addresses:
            self.check(host, ip)
        return addresses

    def vet_literal(self, url: str) -> None:
        """Refused if the URL's host is an IP literal that may not be reached (no DNS)."""
        host = urlsplit(url).hostname or ""
        ip = literal_ip(host)
        if ip is not None:
            self.check(host, ip)

    async def vet_url(self, url: str, timeout_s: float) -> None:
        """Create/update check: Refused if the host is, or resolves to, a refused address.

        Resolution is bounded by ``timeout_s``; a host that does not resolve (yet) is
        accepted here and checked again at every connection.
        """
        parts = urlsplit(url)
        host = parts.hostname or ""
        if literal_ip(host) is not None:
            self.vet_literal(url)
            return
        try:
            async with asyncio.timeout(timeout_s):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, parts.port or 443, type=socket.SOCK_STREAM
                )
        except (OSError, TimeoutError, UnicodeError):
            return
        self._vet(host, infos)
