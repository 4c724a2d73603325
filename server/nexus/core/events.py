"""Use cases of EventService: ListEvents, and the WatchEvents stream.

Cursors are positions in the tenant's own log (1, 2, 3… per tenant, see
``SqliteStore.append_event``): they say nothing about other tenants' volume.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator

from nexus.core.base import UseCases
from nexus.core.signal import LogSignal
from nexus.domain import tokens
from nexus.domain import validation as val
from nexus.domain.errors import (
    FieldViolation,
    InvalidArgument,
    NotFound,
    Unauthenticated,
    Violations,
)
from nexus.store.base import EventFilter, EventPage, Principal
from nexus.store.work import Run
from nexus.v1 import event_service_pb2 as espb

MAX_EVENT_PAGE = 1000
WATCH_PAGE = 500


class Events(UseCases):
    def event_filter(self, p: Principal, event_types: list[str], interaction: str) -> EventFilter:
        v = Violations()
        val.event_type_filters(v, "event_types", event_types)
        v.raise_if_any()
        interaction_id = ""
        if interaction:
            (interaction_id,) = val.parse_name(interaction, "interaction", "interactions")
            # like every other RPC: another tenant's interaction does not exist
            if self.ctx.store.get_interaction(p.tenant_id, interaction_id) is None:
                raise NotFound(interaction)
        return EventFilter(event_types=tuple(event_types), interaction_id=interaction_id)

    def list_events(self, p: Principal, req: espb.ListEventsRequest) -> espb.ListEventsResponse:
        flt = self.event_filter(p, list(req.event_types), req.interaction)
        size = val.page_size(req.page_size, default=100)
        self._check_after(p, req.after_cursor)
        fp = tokens.fingerprint("events", p.tenant_id, flt)
        position = self.ctx.page_tokens.decode(req.page_token, fp, tokens.integer)
        after = position if position is not None else req.after_cursor
        page = self.read_events(p, after, flt, size)
        resp = espb.ListEventsResponse(events=page.events, last_cursor=page.scanned_to)
        if len(page.events) == size:
            resp.next_page_token = self.ctx.page_tokens.encode(page.scanned_to, fp)
        return resp

    def read_events(self, p: Principal, after: int, flt: EventFilter, limit: int) -> EventPage:
        return self.ctx.store.list_events(p.tenant_id, after, flt, limit)

    def _check_after(self, p: Principal, after: int) -> None:
        """A cursor the tenant cannot have seen is refused, not waited for: reading after it
        would skip the events up to it (a cursor from before schema 5 counted every tenant's
        events)."""
        if after < 0:
            raise InvalidArgument([FieldViolation("after_cursor", "must not be negative")])
        if after > 0 and after > (end := self.head_cursor(p)):
            raise InvalidArgument(
                [FieldViolation("after_cursor", f"beyond the end of this tenant's log ({end})")]
            )

    def head_cursor(self, p: Principal) -> int:
        """Where the tenant's log ends now: a watch without ``after_cursor`` starts here."""
        return self.ctx.store.tenant_cursor(p.tenant_id)

    async def watch(
        self,
        p: Principal,
        api_key: str | None,
        req: espb.WatchEventsRequest,
        heartbeat_s: float,
        poll_s: float,
        run: Run,
    ) -> AsyncIterator[espb.WatchEventsResponse]:
        """Reads the log from a cursor and then follows it; heartbeats carry the position.

        The first heartbeat goes out as soon as the stream has caught up with the log (at
        once for a watch from now), so a client sees the stream is live; then one after
        every ``heartbeat`` of idleness. The key is checked again while the stream lives,
        so a revoked key ends it with UNAUTHENTICATED within ``key_cache_s``.
        """
        flt = await run(
            functools.partial(self.event_filter, p, list(req.event_types), req.interaction)
        )
        heartbeat = heartbeat_s
        if req.HasField("heartbeat_interval"):
            heartbeat = req.heartbeat_interval.ToMicroseconds() / 1e6
            if not 1 <= heartbeat <= 300:
                raise InvalidArgument([FieldViolation("heartbeat_interval", "from 1s to 300s")])
        if req.HasField("after_cursor"):
            await run(lambda: self._check_after(p, req.after_cursor))
            position = req.after_cursor
        else:
            position = await run(lambda: self.head_cursor(p))
        # A revocation in another process reaches this process's key cache within its age
        # limit; checking every half of key_cache_s with answers at most that old ends the
        # stream within key_cache_s of the revocation. (Without a cache: every poll.)
        cache_s = self.ctx.config.key_cache_s
        check_s = cache_s / 2 if cache_s > 0 else poll_s
        loop = asyncio.get_running_loop()
        next_check = loop.time() + check_s

        # A chat session's token was checked when the stream opened and is not checked
        # again: the widget refreshes it while the stream runs.
        customer = p.session is not None

        async def recheck_when_due() -> float:
            """The time now, after checking the key again if that is due."""
            nonlocal next_check
            now = loop.time()
            if now >= next_check and not customer:
                await run(lambda: self._recheck(api_key, check_s))
                next_check = now + check_s
            return now

        idle_since = loop.time()
        caught_up = False  # the first time it is, a heartbeat goes out at once
        while True:
            wake = self.ctx.signal.current() if self.ctx.signal else asyncio.Event()
            page = await run(functools.partial(self.read_events, p, position, flt, WATCH_PAGE))
            position = page.scanned_to
            for event in page.events:
                await recheck_when_due()  # a busy stream too
                if customer and event.message.internal:
                    continue  # a customer's chat session never sees an internal note
                yield espb.WatchEventsResponse(event=event)
            now = await recheck_when_due()
            if page.events:
                idle_since = now
                continue
            if not caught_up or now - idle_since >= heartbeat:
                yield espb.WatchEventsResponse(heartbeat=espb.Heartbeat(cursor=position))
                idle_since = now = loop.time()
                caught_up = True
            until = min(idle_since + heartbeat, now + poll_s, next_check) - now
            # Writes in this process wake us at once; other processes are seen by polling.
            await LogSignal.wait(wake, max(until, 0))

    def _recheck(self, api_key: str | None, max_age_s: float) -> None:
        try:
            self.ctx.authenticate(api_key, max_age_s)
        except Unauthenticated as exc:
            raise Unauthenticated(
                "the API key of this stream is no longer valid", reason=exc.reason
            ) from exc
