"""Resource ids: 26 lowercase base32 characters, time-ordered (like ULID)."""

from __future__ import annotations

import base64
import os
import time


def new_id(prefix: str = "") -> str:
    raw = (time.time_ns() // 1_000_000).to_bytes(6, "big") + os.urandom(10)
    return prefix + base64.b32encode(raw).decode().lower().rstrip("=")
