"""Webhook URLs in the one form the egress client connects to.

``normalise`` is pure. It writes the host the way yarl (the URL library under aiohttp)
encodes it before connecting — UTS-46 IDNA processing with the ``idna`` package for a
non-ASCII host, lower case, IP literals compressed — and refuses what yarl or a resolver
could read in a different way than a reader of the URL would: whitespace and control
characters, userinfo, percent-encoded or trailing-dot hosts, IPv4 addresses in legacy
notations (``2130706433``, ``0177.0.0.1``, ``127.1``), zone ids. The stored URL is the
normalised one, so what was validated is what is connected to.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import idna
from yarl import URL

MAX_URL = 2048
MAX_HOST = 253

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
# WHATWG's "ends in a number": a host whose last label is numeric means an IPv4 address.
_NUMERIC_LABEL = re.compile(r"(?:[0-9]+|0x[0-9a-f]*)\Z")
_PORT = re.compile(r"[0-9]{1,5}\Z")


class BadUrl(ValueError):
    """The URL may not be a webhook's; the message is a stable field-violation text."""


@dataclass(frozen=True)
class Parsed:
    """A normalised URL and its parts."""

    url: str
    host: str
    """ASCII: a DNS name, a dotted-quad IPv4 address or a compressed IPv6 address (no
    brackets)."""
    port: int
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None


def _unsafe(c: str) -> bool:
    # Cc: controls (CR, LF, TAB, NUL...); Cf: invisible format characters, which IDNA
    # mapping would silently delete; Z*: every kind of space.
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def normalise(url: str) -> Parsed:
    """The URL as stored and connected to; BadUrl says why it may not be a webhook's."""
    if len(url) > MAX_URL:
        raise BadUrl(f"must be an absolute https URL of at most {MAX_URL} characters")
    if any(_unsafe(c) for c in url):
        raise BadUrl("must not contain whitespace or control characters")
    if "\\" in url:
        # Browsers read a backslash as '/', urllib as part of the host: ambiguous.
        raise BadUrl("must not contain a backslash")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() != "https":
        raise BadUrl(f"must be an absolute https URL of at most {MAX_URL} characters")
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "#" in tail:
        raise BadUrl("must not contain a fragment")
    if "@" in authority:
        raise BadUrl("must not contain credentials; use headers instead")
    host, port = _split_authority(authority)
    host, ip = _normal_host(host)
    written = f"[{host}]" if ip is not None and ip.version == 6 else host
    path = tail if tail.startswith("/") else "/" + tail
    normal = f"https://{written}{'' if port == 443 else f':{port}'}{path}"
    _check_agrees(normal, host)
    return Parsed(normal, host, port, ip)


def _split_authority(authority: str) -> tuple[str, int]:
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise BadUrl("the host is not a valid DNS name or IP address")
        host, rest = authority[: end + 1], authority[end + 1 :]
        if rest and not rest.startswith(":"):
            raise BadUrl("the host is not a valid DNS name or IP address")
        port_text = rest[1:] if rest else None
    else:
        host, colon, port_text_or_empty = authority.partition(":")
        port_text = port_text_or_empty if colon else None
    if port_text is None:
        return host, 443
    if not _PORT.match(port_text) or not 0 < int(port_text) < 65536:
        raise BadUrl("the port must be a number from 1 to 65535")
    return host, int(port_text)


def _normal_host(host: str) -> tuple[str, ipaddress.IPv4Address | ipaddress.IPv6Address | None]:
    if not host:
        raise BadUrl("must have a host")
    if "%" in host:
        raise BadUrl("the host must not be percent-encoded or carry a zone id")
    if host.startswith("["):
        try:
            ip6 = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise BadUrl("the host is not a valid DNS name or IP address") from None
        return ip6.compressed, ip6
    if host.isascii():
        name = host.lower()
    else:
        try:
            name = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise BadUrl("the host is not a valid internationalised domain name") from None
    if name.endswith("."):
        raise BadUrl("the host must not end with a dot")
    labels = name.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        try:
            ip4 = ipaddress.IPv4Address(name)
        except ValueError:
            raise BadUrl(
                "an IPv4 address must be written as four decimal numbers (a.b.c.d)"
            ) from None
        return str(ip4), ip4
    if len(name) > MAX_HOST or not all(_LABEL.match(label) for label in labels):
        raise BadUrl("the host is not a valid DNS name or IP address")
    return name, None


def _check_agrees(normal: str, host: str) -> None:
    """The client's URL library must read the normalised URL's host as written; a
    disagreement (a rule of one that the other lacks) is refused rather than guessed."""
    try:
        seen = URL(normal).raw_host
    except ValueError:
        seen = None
    if seen != host:
        raise BadUrl("the host is not a valid DNS name or IP address")
