"""The SSRF guard: which addresses egress may reach.

``refusal`` is pure. ``Guard`` adds the configured allowlist and resolution: at create or
update (bounded by a timeout) and at connect time, where the client checks every address
immediately before it connects to it (see ``client``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

from nexus.egress.urls import BadUrl, Parsed, normalise

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Lookup = Callable[[str, int], Awaitable[list[str]]]
"""Resolves a host name to its addresses (as strings); the default asks the system."""

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The host is, or resolves to, an address egress may not reach."""


def refusal(ip: IPAddress) -> str | None:
    """Why egress may not connect to ``ip``, or None when it is a public address."""
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


def address(text: str) -> IPAddress:
    """An address as a socket reports it (an IPv6 one may carry ``%zone``)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


async def system_lookup(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [str(info[4][0]) for info in infos]


def _host_entry(entry: str) -> str:
    """An allowlisted name as URLs are normalised (``Bücher.corp`` is ``xn--bcher-kva.corp``)."""
    name = entry.strip().rstrip(".")
    try:
        return normalise(f"https://{name}/").host
    except BadUrl:
        return name.lower()


class Guard:
    """Vets addresses against the rules and an allowlist of CIDRs and host names.

    ``lookup`` is the one place names are resolved, here and in the client; tests give a
    fixed table (names that map to internal addresses) instead of editing /etc/hosts.
    """

    def __init__(self, allowlist: Iterable[str] = (), lookup: Lookup | None = None) -> None:
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.hosts: set[str] = set()
        self.lookup = lookup or system_lookup
        for entry in allowlist:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.add(_host_entry(entry))

    def check(self, host: str, ip: IPAddress) -> None:
        """Raises Refused unless ``ip`` (an address of ``host``) may be reached."""
        if host.lower().rstrip(".") in self.hosts or any(ip in n for n in self.networks):
            return
        why = refusal(ip)
        if why:
            raise Refused(f"{host} refused: {why}")

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of the name ``host``, each vetted; Refused if any is not allowed."""
        addresses = list(dict.fromkeys(address(a) for a in await self.lookup(host, port)))
        if not addresses:
            raise OSError(f"{host} has no addresses")
        for ip in addresses:
            self.check(host, ip)
        return addresses

    def vet_literal(self, parsed: Parsed) -> None:
        """Refused if the normalised URL's host is an IP literal that may not be reached."""
        if parsed.ip is not None:
            self.check(parsed.host, parsed.ip)

    async def vet(self, parsed: Parsed, timeout_s: float) -> None:
        """Create/update check of a normalised URL: Refused if its host is, or resolves to,
        a refused address.

        Resolution is bounded by ``timeout_s``; a name that does not resolve (yet) is
        accepted here and checked again at every connection.
        """
        if parsed.ip is not None:
            self.vet_literal(parsed)
            return
        try:
            async with asyncio.timeout(timeout_s):
                await self.resolve(parsed.host, parsed.port)
        except (OSError, TimeoutError, UnicodeError):
            return
