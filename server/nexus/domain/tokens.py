"""Opaque page tokens that remember the filter they were issued for."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nexus.domain.errors import FieldViolation, InvalidArgument

T = TypeVar("T")


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def encode(position: Any, filter_fingerprint: str) -> str:
    raw = json.dumps({"p": position, "f": filter_fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, filter_fingerprint: str, field: str = "page_token") -> Any:
    """The position stored in ``token``; INVALID_ARGUMENT if it is corrupt or the filter changed."""
    if not token:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        position, issued_for = data["p"], data["f"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument([FieldViolation(field, "not a token this API issued")]) from exc
    if issued_for != filter_fingerprint:
        raise InvalidArgument(
            [FieldViolation(field, "the other request fields changed since this token was issued")]
        )
    return position


def split_page(
    rows: Sequence[T], size: int, key: Callable[[T], Any], filter_fingerprint: str
) -> tuple[list[T], str]:
    """Given up to ``size + 1`` rows, the page and the token for the next one ("" at the end).

    Fetching one row more than the page tells whether another page exists.
    """
    if len(rows) <= size:
        return list(rows), ""
    return list(rows[:size]), encode(key(rows[size - 1]), filter_fingerprint)


def by_create_time(resource: Any) -> list[Any]:
    """The keyset position of a resource listed in (create_time, id) order."""
    return [resource.create_time.ToMicroseconds(), resource.name.rsplit("/", 1)[-1]]
