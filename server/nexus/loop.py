"""The event loop the server and the notifier run on.

uvloop, where it is installed, runs the asyncio machinery that grpc.aio drives for every
call (tasks, futures, callbacks, the selector) in C; on the RPC benchmark it serves about
a third more calls per second of CPU than the standard loop (docs/benchmarks.md).
``event_loop = "asyncio"`` keeps the standard one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("nexus")


def run(main: Coroutine[Any, Any, None], kind: str = "uvloop") -> None:
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.warning("uvloop is not installed; running on the standard asyncio loop")
        else:
            uvloop.run(main)
            return
    asyncio.run(main)
