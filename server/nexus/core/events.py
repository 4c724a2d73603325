"""Use cases of EventService (ListEvents; WatchEvents streams in the servicer)."""

from __future__ import annotations

from nexus.core.base import CoreBase
from nexus.domain import tokens
from nexus.domain import validation as val
from nexus.domain.errors import FieldViolation, InvalidArgument, NotFound, Violations
from nexus.store.base import EventFilter, EventPage, Principal
from nexus.v1 import event_service_pb2 as espb

MAX_EVENT_PAGE = 1000


class EventsCore(CoreBase):
    def event_filter(self, p: Principal, event_types: list[str], interaction: str) -> EventFilter:
        v = Violations()
        val.event_type_filters(v, "event_types", event_types)
        v.raise_if_any()
        interaction_id = ""
        if interaction:
            (interaction_id,) = val.parse_name(interaction, "interaction", "interactions")
            # like every other RPC: another tenant's interaction does not exist
            if self.store.get_interaction(p.tenant_id, interaction_id) is None:
                raise NotFound(interaction)
        return EventFilter(event_types=tuple(event_types), interaction_id=interaction_id)

    def list_events(self, p: Principal, req: espb.ListEventsRequest) -> espb.ListEventsResponse:
        flt = self.event_filter(p, list(req.event_types), req.interaction)
        size = val.page_size(req.page_size, default=100)
        if req.after_cursor < 0:
            raise InvalidArgument([FieldViolation("after_cursor", "must not be negative")])
        fp = tokens.fingerprint("events", p.tenant_id, flt)
        position = self.page_tokens.decode(req.page_token, fp, tokens.integer)
        after = position if position is not None else req.after_cursor
        page = self.read_events(p, after, flt, size)
        resp = espb.ListEventsResponse(events=page.events, last_cursor=page.scanned_to)
        if len(page.events) == size:
            resp.next_page_token = self.page_tokens.encode(page.scanned_to, fp)
        return resp

    def read_events(self, p: Principal, after: int, flt: EventFilter, limit: int) -> EventPage:
        return self.store.list_events(p.tenant_id, after, flt, limit)

    def head_cursor(self) -> int:
        return self.store.last_cursor()
