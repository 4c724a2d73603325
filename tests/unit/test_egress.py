# ruff: noqa: RUF001 -- look-alike characters are what these tests are about
"""Egress's pure parts: URL normalisation, the address rules, the guard's allowlist and
resolution (with a fixed table instead of DNS), and the socket factory's check."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from nexus.egress import urls
from nexus.egress.client import RefusedAddress, vetting_socket_factory
from nexus.egress.guard import Guard, Refused, refusal
from nexus.egress.urls import BadUrl, normalise

# -- normalisation -----------------------------------------------------------------------

# (written, stored): what a URL that may be a webhook's is stored (and connected to) as.
NORMALISED = [
    ("https://example.com/hook", "https://example.com/hook"),
    ("HTTPS://Example.COM/Hook?A=B", "https://example.com/Hook?A=B"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com?x=1", "https://example.com/?x=1"),
    ("https://example.com:443/h", "https://example.com/h"),
    ("https://example.com:0443/h", "https://example.com/h"),
    ("https://example.com:8443/h", "https://example.com:8443/h"),
    ("https://Bücher.example/h", "https://xn--bcher-kva.example/h"),
    ("https://ＥＸＡＭＰＬＥ。ｃｏｍ/h", "https://example.com/h"),
    ("https://r3---sn-abc.example.com/", "https://r3---sn-abc.example.com/"),
    ("https://8.8.8.8/h", "https://8.8.8.8/h"),
    ("https://[2606:4700:0::1111]:8443/h", "https://[2606:4700::1111]:8443/h"),
    ("https://example.com/über", "https://example.com/über"),
    # Normalised, then refused by the address rules (not by their form):
    ("https://１２７．０．０．１/h", "https://127.0.0.1/h"),
    ("https://127。0。0。1/h", "https://127.0.0.1/h"),
    ("https://127｡0｡0｡1/h", "https://127.0.0.1/h"),
    ("https://127．0．0．1/h", "https://127.0.0.1/h"),
    ("https://[::FFFF:127.0.0.1]/h", "https://[::ffff:7f00:1]/h"),
    ("https://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/h", "https://localhost/h"),
]


@pytest.mark.parametrize("written, stored", NORMALISED)
def test_normalised_form(written, stored):
    parsed = normalise(written)
    assert parsed.url == stored
    # What is stored is what the client's URL library connects to, and is a fixed point.
    assert URL(parsed.url).raw_host == parsed.host
    assert normalise(parsed.url) == parsed


# (URL, the stable description of the field violation)
REFUSED_FORMS = [
    ("http://example.com/", "must be an absolute https URL of at most 2048 characters"),
    ("ftp://example.com/", "must be an absolute https URL of at most 2048 characters"),
    ("https:example.com", "must be an absolute https URL of at most 2048 characters"),
    ("//example.com/", "must be an absolute https URL of at most 2048 characters"),
    ("https://example.com/" + "x" * 2100, "must be an absolute https URL of at most 2048"),
    ("https://", "must have a host"),
    ("https:///hook", "must have a host"),
    ("https://:8443/hook", "must have a host"),
    ("https://example.com/#frag", "must not contain a fragment"),
    ("https://evil@127.0.0.1/", "must not contain credentials"),
    ("https://user:pw@example.com/", "must not contain credentials"),
    ("https://example.com@127.0.0.1/", "must not contain credentials"),
    ("https://127.0.0.1\\@example.com/", "must not contain a backslash"),
    ("https://example.com\\@127.0.0.1/", "must not contain a backslash"),
    ("https://exa mple.com/", "must not contain whitespace or control characters"),
    (" https://example.com/", "must not contain whitespace or control characters"),
    ("https://example.com/ ", "must not contain whitespace or control characters"),
    ("https://example.com/\r\nX-Injected: 1", "must not contain whitespace"),
    ("https://example.com/a\tb", "must not contain whitespace or control characters"),
    ("https://example.com/\x00", "must not contain whitespace or control characters"),
    ("https://example.com/\x7f", "must not contain whitespace or control characters"),
    ("https://exam\u200bple.com/", "must not contain whitespace or control characters"),
    ("https://exam\u00adple.com/", "must not contain whitespace or control characters"),
    ("https://example.com\u2028/", "must not contain whitespace or control characters"),
    ("https://example\u3000com/", "must not contain whitespace or control characters"),
    ("https://example.com:0/", "the port must be a number from 1 to 65535"),
    ("https://example.com:65536/", "the port must be a number from 1 to 65535"),
    ("https://example.com:99999/", "the port must be a number from 1 to 65535"),
    ("https://example.com:/", "the port must be a number from 1 to 65535"),
    ("https://example.com:+443/", "the port must be a number from 1 to 65535"),
    ("https://example.com:８４４３/", "the port must be a number from 1 to 65535"),
    ("https://example.com:443:443/", "the port must be a number from 1 to 65535"),
    ("https://%31%32%37.0.0.1/", "the host must not be percent-encoded or carry a zone id"),
    ("https://ex%61mple.com/", "the host must not be percent-encoded or carry a zone id"),
    ("https://[fe80::1%25eth0]/", "the host must not be percent-encoded or carry a zone id"),
    ("https://[fe80::1%eth0]/", "the host must not be percent-encoded or carry a zone id"),
    ("https://example.com./", "the host must not end with a dot"),
    ("https://localhost./", "the host must not end with a dot"),
    ("https://127.0.0.1./", "the host must not end with a dot"),
    ("https://example.com。/", "the host must not end with a dot"),
    ("https://2130706433/", "an IPv4 address must be written as four decimal numbers"),
    ("https://0177.0.0.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://0x7f.0.0.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://0x7f.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://0x7f000001/", "an IPv4 address must be written as four decimal numbers"),
    ("https://017700000001/", "an IPv4 address must be written as four decimal numbers"),
    ("https://127.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://127.0.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://1.2.3.4.5/", "an IPv4 address must be written as four decimal numbers"),
    ("https://256.0.0.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://example.0x1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://１२७.0.0.1/", "an IPv4 address must be written as four decimal numbers"),
    ("https://[::1/", "the host is not a valid DNS name or IP address"),
    ("https://[::1]x/", "the host is not a valid DNS name or IP address"),
    ("https://[v1.fe]/", "the host is not a valid DNS name or IP address"),
    ("https://[127.0.0.1]/", "the host is not a valid DNS name or IP address"),
    ("https://under_score.example/", "the host is not a valid DNS name or IP address"),
    ("https://a..b.example/", "the host is not a valid DNS name or IP address"),
    ("https://-lead.example/", "the host is not a valid DNS name or IP address"),
    ("https://trail-.example/", "the host is not a valid DNS name or IP address"),
    ("https://" + "a" * 64 + ".example/", "the host is not a valid DNS name or IP address"),
    ("https://" + "a." * 127 + "example/", "the host is not a valid DNS name or IP address"),
    ("https://ex!ample.com/", "the host is not a valid DNS name or IP address"),
    ("https://a／b.example/", "the host is not a valid internationalised domain name"),
    ("https://⒈.example/", "the host is not a valid internationalised domain name"),
    ("https://bü_cher.example/", "the host is not a valid internationalised domain name"),
]


@pytest.mark.parametrize("url, why", REFUSED_FORMS)
def test_refused_forms(url, why):
    with pytest.raises(BadUrl) as err:
        normalise(url)
    assert str(err.value).startswith(why)


# Characters that change meaning under IDNA mapping or IP parsing, to reach far into both.
_TRICKY = st.sampled_from([*"0123456789abfx.-:[]%", "１", "７", "．", "。", "｡", "ß", "ü", "Ⓐ"])


@given(st.one_of(st.text(max_size=40), st.text(_TRICKY, max_size=24)))
def test_normalise_refuses_or_agrees_with_the_client(host):
    """Whatever the host, either it is refused, or the client's URL library reads the
    stored URL's host exactly as normalised (and normalising again changes nothing)."""
    try:
        parsed = normalise(f"https://{host}/x")
    except BadUrl:
        return
    assert URL(parsed.url).raw_host == parsed.host
    assert parsed.host.isascii()
    assert normalise(parsed.url) == parsed
    if parsed.ip is None:
        assert all(urls._LABEL.match(label) for label in parsed.host.split("."))


# -- address rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "::ffff:0:7f00:1",  # IPv4-translated
        "64:ff9b::7f00:1",  # NAT64
        "64:ff9b:1::7f00:1",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2001::1",  # Teredo
        "2001:db8::1",
        "100::1",
    ],
)
def test_internal_addresses_are_refused(address):
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


@given(st.ip_addresses(v=4))
def test_ipv4_rule_and_its_mapped_form_agree(ip):
    mapped = ipaddress.IPv6Address("::ffff:" + str(ip))
    public = ip.is_global and not ip.is_multicast
    assert (refusal(ip) is None) == (refusal(mapped) is None) == public


def test_allowlist_by_cidr_and_host():
    guard = Guard(["10.1.0.0/16", "Hooks.Internal", "hooks.bücher.corp."])
    guard.check("x", ipaddress.ip_address("10.1.2.3"))
    guard.check("hooks.internal", ipaddress.ip_address("10.9.9.9"))
    guard.check("hooks.xn--bcher-kva.corp", ipaddress.ip_address("10.9.9.9"))
    with pytest.raises(Refused):
        guard.check("x", ipaddress.ip_address("10.2.0.1"))


# -- resolution --------------------------------------------------------------------------

TABLE = {
    "internal.example": ["10.0.0.5"],
    "loopback.example": ["127.0.0.1"],
    "mixed.example": ["93.184.216.34", "::1"],
    "public.example": ["93.184.216.34"],
}


async def table_lookup(host: str, port: int) -> list[str]:
    try:
        return TABLE[host]
    except KeyError:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://１２７．０．０．１/x",
        "https://internal.example/x",
        "https://loopback.example:8443/x",
        "https://mixed.example/x",  # one refused address refuses the name
    ],
)
async def test_vet_refuses_literals_and_names(url):
    with pytest.raises(Refused):
        await Guard(lookup=table_lookup).vet(normalise(url), 2.0)


async def test_vet_accepts_public_and_unresolved_names():
    guard = Guard(lookup=table_lookup)
    await guard.vet(normalise("https://public.example/x"), 2.0)
    # A name that does not resolve is accepted now and checked at every connection.
    await guard.vet(normalise("https://does-not-exist.example/x"), 2.0)


async def test_vet_allows_what_the_allowlist_names():
    guard = Guard(["internal.example", "127.0.0.0/8"], lookup=table_lookup)
    await guard.vet(normalise("https://internal.example/x"), 2.0)
    await guard.vet(normalise("https://127.0.0.1/x"), 2.0)


async def test_system_lookup_refuses_localhost():
    with pytest.raises(Refused):
        await Guard().vet(normalise("https://localhost:8443/x"), 2.0)


def test_vet_literal_needs_no_dns():
    guard = Guard(lookup=table_lookup)
    guard.vet_literal(normalise("https://loopback.example/x"))  # a name: not checked here
    with pytest.raises(Refused):
        guard.vet_literal(normalise("https://[::ffff:10.0.0.1]/x"))


# -- the connect-time check --------------------------------------------------------------


@pytest.mark.parametrize(
    "family, sockaddr",
    [
        (socket.AF_INET, ("127.0.0.1", 443)),
        (socket.AF_INET, ("10.0.0.1", 443)),
        (socket.AF_INET6, ("::1", 443, 0, 0)),
        (socket.AF_INET6, ("::ffff:127.0.0.1", 443, 0, 0)),
        (socket.AF_INET6, ("fe80::1%1", 443, 0, 1)),
    ],
)
def test_socket_factory_refuses_before_a_socket_exists(family, sockaddr):
    factory = vetting_socket_factory(Guard())
    with pytest.raises(RefusedAddress):
        factory((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))


def test_socket_factory_opens_a_socket_for_an_allowed_address():
    factory = vetting_socket_factory(Guard(["127.0.0.0/8"]))
    sock = factory((socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", 1)))
    try:
        assert sock.family == socket.AF_INET
    finally:
        sock.close()


def test_documented_descriptions_are_the_ones_given():
    """docs/webhooks.md's table of refusals says what CreateWebhook answers."""
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
    section = doc.read_text().split("## SSRF guard")[1].split("\n## ")[0]
    documented = {
        line.rsplit("| `", 1)[1].split("`", 1)[0]
        for line in section.splitlines()
        if line.strip().startswith("|") and line.rstrip().endswith("|") and "| `" in line
    }
    given_ = set()
    for url, _ in REFUSED_FORMS:
        with pytest.raises(BadUrl) as err:
            normalise(url)
        given_.add(str(err.value))
    assert documented == given_


def test_egress_imports_nothing_above_it():
    """Egress sits below its users (core's TestWebhook, the notifier, channels): it may use
    the records of the store and the domain, never what uses it."""
    import ast
    from pathlib import Path

    above = ("core", "notifier", "api", "app", "workers", "channels", "gateway", "cli", "up")
    package = Path(urls.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                assert name.split(".")[:2] not in (["nexus", a] for a in above), (path, name)
