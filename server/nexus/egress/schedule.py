"""When to try again (pure): the retry schedule, jitter, ``Retry-After`` and its bounds."""

from __future__ import annotations

import email.utils
import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    schedule_s: Sequence[float]
    """Delay before attempt n (0-based) measured from attempt n-1; its length is the limit."""
    jitter: float = 0.2
    throttle_floor_s: float = 60.0
    retry_after_max_s: float = 6 * 3600.0

    def next_delay(
        self,
        next_pos: int,
        status_code: int = 0,
        timed_out: bool = False,
        retry_after_s: float | None = None,
        rand: random.Random | None = None,
    ) -> float | None:
        """Seconds until attempt ``next_pos``, or None when the schedule is used up.

        A 429 or 503 with ``Retry-After`` waits that long, but at least the scheduled delay
        and at most ``retry_after_max_s``; a timeout or a 429 waits at least
        ``throttle_floor_s``.
        """
        if next_pos >= len(self.schedule_s):
            return None
        delay = jittered(self.schedule_s[next_pos], self.jitter, rand)
        if status_code in (429, 503) and retry_after_s is not None:
            delay = max(delay, min(retry_after_s, self.retry_after_max_s))
        if timed_out or status_code == 429:
            delay = max(delay, self.throttle_floor_s)
        return delay


def jittered(delay: float, jitter: float, rand: random.Random | None = None) -> float:
    """``delay`` times a uniform factor in [1 - jitter, 1 + jitter]."""
    if delay <= 0 or jitter <= 0:
        return max(delay, 0.0)
    r = (rand or random).uniform(1 - jitter, 1 + jitter)
    return delay * r


def parse_retry_after(value: str | None, now_s: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date); None if
    absent or malformed. A date in the past means 0."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now_s)
