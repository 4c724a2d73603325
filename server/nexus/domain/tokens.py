"""Opaque page tokens: signed, and bound to the filter they were issued for.

A token is ``<payload>.<mac>``: the payload is base64url JSON of the position and the
filter's fingerprint, the mac is HMAC-SHA256 over the payload's text with a server key
(the store keeps it, so replicas sharing a database accept each other's tokens). The mac
covers the text rather than the decoded bytes, so a token that is re-encoded (padding,
other base64 alphabets) is refused like an altered one, and nothing is parsed until the
mac matches. What a verified payload holds is still checked against the shape of the
position the list expects: decoding fails only with INVALID_ARGUMENT, whatever the bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nexus.domain.errors import FieldViolation, InvalidArgument

T = TypeVar("T")

REASON = "INVALID_PAGE_TOKEN"
# Positions are two short values; a real token is about 150 characters.
MAX_TOKEN = 1024
_INT64 = 2**63
_MAC_CONTEXT = b"nexus page token v1\x00"


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


# -- shapes of positions: each returns the position or raises ValueError -------------------


def integer(value: Any) -> int:
    """A cursor, index or row id."""
    if type(value) is not int or not 0 <= value < _INT64:
        raise ValueError("not a position")
    return value


def identifier(value: Any) -> str:
    if type(value) is not str or not 0 < len(value) <= 128:
        raise ValueError("not a position")
    return value


def keyset(value: Any) -> tuple[int, str]:
    """A (create_time in µs, id) pair."""
    if type(value) is not list or len(value) != 2:
        raise ValueError("not a position")
    create_time, resource_id = value
    if type(create_time) is not int or not -_INT64 <= create_time < _INT64:
        raise ValueError("not a position")
    return create_time, identifier(resource_id)


class PageTokens:
    """Issues and checks the page tokens of every list, with one server key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a page token key needs at least 16 bytes")
        self._key = key

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._key, _MAC_CONTEXT + payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def encode(self, position: Any, filter_fingerprint: str) -> str:
        raw = json.dumps({"p": position, "f": filter_fingerprint}, separators=(",", ":"))
        payload = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        return f"{payload}.{self._mac(payload)}"

    def decode(
        self,
        token: str,
        filter_fingerprint: str,
        shape: Callable[[Any], T],
        field: str = "page_token",
    ) -> T | None:
        """The position in ``token`` (None for no token); INVALID_ARGUMENT
        ``INVALID_PAGE_TOKEN`` if this server did not issue it or the filter changed."""
        if not token:
            return None
        try:
            position, issued_for = self._verify(token)
            checked = shape(position)
        except (ValueError, TypeError, KeyError, RecursionError, UnicodeError):
            raise _invalid(field, "not a page token this API issued") from None
        if issued_for != filter_fingerprint:
            raise _invalid(field, "the other request fields changed since this token was issued")
        return checked

    def _verify(self, token: str) -> tuple[Any, Any]:
        if len(token) > MAX_TOKEN or not token.isascii():
            raise ValueError("not a token")
        payload, dot, mac = token.partition(".")
        if not dot or not hmac.compare_digest(mac, self._mac(payload)):
            raise ValueError("not signed by this server")
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except binascii.Error as exc:
            raise ValueError("not base64") from exc
        if type(data) is not dict or set(data) != {"p", "f"}:
            raise ValueError("not a token")
        return data["p"], data["f"]

    def split_page(
        self, rows: Sequence[T], size: int, key: Callable[[T], Any], filter_fingerprint: str
    ) -> tuple[list[T], str]:
        """Given up to ``size + 1`` rows, the page and the token for the next one ("" at the
        end). Fetching one row more than the page tells whether another page exists."""
        if len(rows) <= size:
            return list(rows), ""
        return list(rows[:size]), self.encode(key(rows[size - 1]), filter_fingerprint)


def _invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field, description)], reason=REASON)


def by_create_time(resource: Any) -> list[Any]:
    """The keyset position of a resource listed in (create_time, id) order."""
    return [resource.create_time.ToMicroseconds(), resource.name.rsplit("/", 1)[-1]]
