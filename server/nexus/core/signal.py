"""Wakes WatchEvents streams when this process commits events."""

from __future__ import annotations

import asyncio
import contextlib


class LogSignal:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    def current(self) -> asyncio.Event:
        """Take this before reading the log, then wait on it: no wake-up is lost in between."""
        return self._event

    @staticmethod
    async def wait(event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)
