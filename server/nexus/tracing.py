"""W3C trace context: the ``traceparent`` of the request being served, for the events it
causes (the notifier sends it on with their deliveries)."""

from __future__ import annotations

import contextvars
import re

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("traceparent", default="")


def trace_id(traceparent: str) -> str | None:
    """The trace id of a valid version-00 ``traceparent`` (not all zeros), else None."""
    m = _TRACEPARENT.match(traceparent.strip().lower()) if traceparent else None
    if m is None or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m.group(1)


def set_incoming(traceparent: str | None) -> None:
    """Remembers the caller's ``traceparent`` for this request (ignored when malformed)."""
    value = (traceparent or "").strip().lower()
    _current.set(value if trace_id(value) else "")


def current() -> str:
    return _current.get()
