"""Signatures of outbound requests (pure): Standard Webhooks ``v1`` and the Genesys
``X-Hub-Signature``, for webhooks and channel providers alike."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

SECRET_PREFIX = "whsec_"


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret: the base64 after the prefix, decoded."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign_v1(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,`` + base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}``."""
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def signature_header(keys: Sequence[bytes], msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: one signature per valid key, space-separated."""
    return " ".join(sign_v1(k, msg_id, timestamp, body) for k in keys)


def hub_signature(secret: str, body: bytes) -> str:
    """``X-Hub-Signature``: ``sha1=`` + hex HMAC-SHA1 of the body, keyed by the secret text."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
