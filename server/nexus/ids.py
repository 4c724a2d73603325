"""Resource ids: 32 lowercase hex characters, time-ordered (48-bit milliseconds + 80 random bits)."""

from __future__ import annotations

import os
import time


def new_id(prefix: str = "") -> str:
    # bytes.hex() is several times cheaper than base32, and ids are made on every write
    return prefix + ((time.time_ns() // 1_000_000).to_bytes(6, "big") + os.urandom(10)).hex()
