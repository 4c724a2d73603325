"""Request bodies (pure): the Standard Webhooks envelope and the Genesys-compatible one."""

from __future__ import annotations

import hashlib
import json
import uuid
from json.encoder import encode_basestring

from nexus.domain import events as ev
from nexus.egress import protojson
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb

STARTED = "STARTED"
FINISHED = "FINISHED"

_PLATFORM_SUBTYPE = {
    ipb.THIRD_PARTY_PLATFORM_WHATSAPP: "WhatsApp",
    ipb.THIRD_PARTY_PLATFORM_FACEBOOK_PUBLIC: "FacebookPublic",
    ipb.THIRD_PARTY_PLATFORM_FACEBOOK_PRIVATE: "FacebookPrivate",
    ipb.THIRD_PARTY_PLATFORM_TWITTER_PUBLIC: "TwitterPublic",
    ipb.THIRD_PARTY_PLATFORM_TWITTER_PRIVATE: "TwitterPrivate",
}


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _compact(value: object) -> bytes:
    return _ENCODER.encode(value).encode()


def standard_body(event: epb.Event) -> bytes:
    """``{"type", "timestamp", "data"}``; ``data`` is the event's proto3 JSON, ``timestamp``
    its ``create_time`` to the microsecond (as ``datetime.isoformat`` writes it)."""
    ts = event.create_time
    micros = ts.nanos // 1000
    when = protojson.seconds_text(ts.seconds) + (f".{micros:06d}Z" if micros else "Z")
    return (
        f'{{"type":{encode_basestring(event.type)},"timestamp":"{when}",'
        f'"data":{protojson.dumps(event)}}}'
    ).encode()


def genesys_event(event: epb.Event, first_queue: bool) -> str | None:
    """STARTED when an interaction is first queued, FINISHED when it completes, else None."""
    if event.type != ev.INTERACTION_STATE_CHANGED:
        return None
    to_state = event.state_change.to_state
    if to_state == ipb.STATE_QUEUED and first_queue:
        return STARTED
    if to_state == ipb.STATE_COMPLETED:
        return FINISHED
    return None


def genesys_subtype(i: ipb.Interaction) -> str:
    if i.media_type == ipb.MEDIA_TYPE_SMS:
        return "SMS"
    if i.media_type == ipb.MEDIA_TYPE_THIRD_PARTY:
        return _PLATFORM_SUBTYPE.get(i.third_party_platform, i.custom_platform or "Custom")
    return "Outbound" if i.direction == ipb.DIRECTION_OUTBOUND else "InboundNew"


def genesys_body(event: epb.Event, kind: str | None, public_url: str) -> bytes:
    """``{operationId, data: {entities: [{event, entity: {...}}]}}`` for one interaction;
    with no ``kind`` (a ``webhook.ping`` from TestWebhook) the batch is empty."""
    if kind is None:
        return _compact({"operationId": operation_id(event.id), "data": {"entities": []}})
    i = event.interaction_snapshot
    interaction_id = i.name.rsplit("/", 1)[-1]
    media = "email" if i.media_type == ipb.MEDIA_TYPE_EMAIL else "chat"
    session = i.thread_id or interaction_id
    entity = {
        "id": interaction_id,
        "mediaType": media,
        "interactionSubtype": genesys_subtype(i),
        "selfUri": f"{public_url.rstrip('/')}/nexus/v3/chat/sessions/{session}/{interaction_id}",
    }
    return _compact(
        {
            "operationId": operation_id(event.id),
            "data": {"entities": [{"event": kind, "entity": entity}]},
        }
    )


def operation_id(event_id: str) -> str:
    """A UUID fixed by the event, so a retry carries the same ``operationId``."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "nexus:" + event_id))


def trace_id(event_id: str) -> str:
    """32 hex digits fixed by the event: every attempt of its deliveries shares the trace."""
    return hashlib.sha256(event_id.encode()).hexdigest()[:32]
