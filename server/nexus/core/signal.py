"""Wakes WatchEvents streams when this process commits events."""

from __future__ import annotations

import asyncio
import contextlib


class LogSignal:
    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._taken = False

    def notify(self) -> None:
        # Nobody took the current event since the last notify: nobody is left to wake.
        # Saves an Event per request when a group commit notifies once per savepoint.
        if self._taken:
            self._event.set()
            self._event = asyncio.Event()
            self._taken = False

    def current(self) -> asyncio.Event:
        """Take this before reading the log, then wait on it: no wake-up is lost in between."""
        self._taken = True
        return self._event

    @staticmethod
    async def wait(event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)
