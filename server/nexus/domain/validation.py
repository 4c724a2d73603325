"""Field rules for every request. Each function collects all violations before raising."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message as ProtoMessage

from nexus.domain.errors import FieldViolation, InvalidArgument, Violations
from nexus.domain.events import is_known_type_pattern
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

MAX_PAGE_SIZE = 1000
MAX_TEXT = 32_768
MAX_ATTACHMENTS = 20
MAX_ATTRIBUTES = 64
MAX_ATTRIBUTE_VALUE = 4096
MAX_HEADERS = 20
MAX_EVENT_TYPES = 50
MAX_SNOOZE_S = 90 * 24 * 3600
MAX_GRACE_S = 7 * 24 * 3600

_REF = re.compile(r"^[^\x00-\x1f\x7f]{1,128}\Z")
_REQUEST_ID = re.compile(r"^[\x21-\x7e]{1,128}\Z")
_ATTR_KEY = re.compile(r"^[A-Za-z0-9_.\-:]{1,64}\Z")
_THREAD = re.compile(r"^[A-Za-z0-9_.\-:]{1,128}\Z")
_SECUREBOX = re.compile(r"^[A-Za-z0-9]{3,16}\Z")
_E164 = re.compile(r"^\+[1-9][0-9]{1,14}\Z")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+\Z")
_MIME = re.compile(r"^[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-]+\Z")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~\-]{1,64}\Z")
_RESERVED_HEADERS = {
    "host",
    "content-type",
    "content-length",
    "connection",
    "transfer-encoding",
    "user-agent",
    "traceparent",
    "x-hub-signature",
    "x-b3-traceid",
}

ALL_MEDIA_TYPES = [v for v in ipb.MediaType.values() if v]


def parse_name(value: str, field: str, *collections: str) -> list[str]:
    """Splits ``a/{id}/b/{id}`` into its ids, or raises a field violation on ``field``."""
    m = _name_pattern(collections).fullmatch(value)
    if m is None:
        pattern = "/".join(f"{c}/{{id}}" for c in collections)
        what = "required" if not value else f"must look like {pattern}"
        raise InvalidArgument([_fv(field, what)])
    return list(m.groups())


@functools.cache
def _name_pattern(collections: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("/".join(f"{re.escape(c)}/([a-z0-9]{{1,64}})" for c in collections))


def _fv(field: str, description: str) -> FieldViolation:
    return FieldViolation(field, description)


def page_size(value: int, default: int = 50, field: str = "page_size") -> int:
    if value < 0:
        raise InvalidArgument([_fv(field, "must not be negative")])
    return min(value or default, MAX_PAGE_SIZE)


def request_meta(v: Violations, request_id: str, actor: str = "") -> None:
    if request_id and not _REQUEST_ID.match(request_id):
        v.add("request_id", "1-128 printable ASCII characters without spaces")
    if actor and not _REF.match(actor):
        v.add("actor", "at most 128 characters, no control characters")


def ref(v: Violations, field: str, value: str, required: bool = False) -> None:
    """A reference to something outside nexus: a queue, agent or bot id."""
    if not value:
        if required:
            v.add(field, "required")
    elif not _REF.match(value):
        v.add(field, "at most 128 characters, no control characters")


def enum_value(v: Violations, field: str, enum, value: int, required: bool = False) -> None:
    if value == 0:
        if required:
            v.add(field, "required")
    elif value not in enum.DESCRIPTOR.values_by_number:
        v.add(field, f"unknown value {value}")


def new_interaction(i: ipb.Interaction, v: Violations) -> None:
    """Rules for CreateInteraction's ``interaction``."""
    p = "interaction."
    enum_value(v, p + "media_type", ipb.MediaType, i.media_type, required=True)
    enum_value(v, p + "direction", ipb.Direction, i.direction)
    third = i.media_type == ipb.MEDIA_TYPE_THIRD_PARTY
    if third:
        enum_value(
            v, p + "third_party_platform", ipb.ThirdPartyPlatform, i.third_party_platform, True
        )
    elif i.third_party_platform:
        v.add(p + "third_party_platform", "only for MEDIA_TYPE_THIRD_PARTY")
    if i.third_party_platform == ipb.THIRD_PARTY_PLATFORM_CUSTOM:
        if not i.custom_platform:
            v.add(p + "custom_platform", "required for THIRD_PARTY_PLATFORM_CUSTOM")
        elif not _ATTR_KEY.match(i.custom_platform):
            v.add(p + "custom_platform", "1-64 letters, digits, '_', '.', '-' or ':'")
    elif i.custom_platform:
        v.add(p + "custom_platform", "only for THIRD_PARTY_PLATFORM_CUSTOM")
    ref(v, p + "channel", i.channel)
    address = i.customer_address
    if i.media_type == ipb.MEDIA_TYPE_EMAIL:
        if not address:
            v.add(p + "customer_address", "required for MEDIA_TYPE_EMAIL")
        elif len(address) > 320 or not _EMAIL.match(address):
            v.add(p + "customer_address", "must be an e-mail address")
    elif i.media_type == ipb.MEDIA_TYPE_SMS:
        if not address:
            v.add(p + "customer_address", "required for MEDIA_TYPE_SMS")
        elif not _E164.match(address):
            v.add(p + "customer_address", "must be an E.164 number such as +14155550100")
    elif address and (len(address) > 320 or not _REF.match(address[:128])):
        v.add(p + "customer_address", "at most 320 characters, no control characters")
    if i.securebox:
        if i.media_type != ipb.MEDIA_TYPE_EMAIL:
            v.add(p + "securebox", "only for MEDIA_TYPE_EMAIL")
        elif not _SECUREBOX.match(i.securebox):
            v.add(p + "securebox", "3-16 letters or digits")
    if i.thread_id and not _THREAD.match(i.thread_id):
        v.add(p + "thread_id", "1-128 letters, digits, '_', '.', '-' or ':'")
    mutable_fields(i, v, {"priority", "subject", "attributes"})


def mutable_fields(i: ipb.Interaction, v: Violations, paths: set[str]) -> None:
    p = "interaction."
    if "priority" in paths and not 0 <= i.priority <= 100:
        v.add(p + "priority", "must be between 0 and 100")
    if "subject" in paths and (len(i.subject) > 998 or "\n" in i.subject or "\r" in i.subject):
        v.add(p + "subject", "one line of at most 998 characters")
    if "attributes" in paths:
        attributes(v, p + "attributes", i.attributes)


def attributes(v: Violations, field: str, values) -> None:
    if len(values) > MAX_ATTRIBUTES:
        v.add(field, f"at most {MAX_ATTRIBUTES} entries")
    for key, value in values.items():
        if not _ATTR_KEY.match(key):
            v.add(f"{field}[{key!r}]", "keys are 1-64 letters, digits, '_', '.', '-' or ':'")
        elif len(value) > MAX_ATTRIBUTE_VALUE:
            v.add(f"{field}[{key!r}]", f"values are at most {MAX_ATTRIBUTE_VALUE} characters")


UPDATABLE_INTERACTION = ("priority", "subject", "attributes")
UPDATABLE_WEBHOOK = ("url", "description", "event_types", "media_types", "headers", "enabled")


def update_paths(
    mask_paths: list[str], populated: list[str], allowed: tuple[str, ...]
) -> list[str]:
    """AIP-134: ``*`` means every updatable field, no mask means the populated ones."""
    if not mask_paths:
        return [p for p in allowed if p in populated]
    if mask_paths == ["*"]:
        return list(allowed)
    bad = [p for p in mask_paths if p not in allowed]
    if bad:
        raise InvalidArgument(
            [
                _fv("update_mask", f"cannot update {p!r}; updatable: {', '.join(allowed)}")
                for p in bad
            ]
        )
    return list(dict.fromkeys(mask_paths))


def message(m: ipb.Message, v: Violations) -> None:
    p = "message."
    enum_value(v, p + "direction", ipb.Direction, m.direction, required=True)
    content(v, p, m.text, m.attachments)
    if m.external_id and not _REF.match(m.external_id):
        v.add(p + "external_id", "at most 128 characters, no control characters")


def content(v: Violations, p: str, text: str, attachments: Sequence[ipb.Attachment]) -> None:
    """What a message says: text and attachments (``p`` prefixes the field names)."""
    if len(text) > MAX_TEXT:
        v.add(p + "text", f"at most {MAX_TEXT} characters")
    if not text and not attachments:
        v.add(p + "text", "a message needs text or an attachment")
    if len(attachments) > MAX_ATTACHMENTS:
        v.add(p + "attachments", f"at most {MAX_ATTACHMENTS}")
    for n, a in enumerate(attachments):
        ap = f"{p}attachments[{n}]."
        if not a.filename or len(a.filename) > 255 or "/" in a.filename:
            v.add(ap + "filename", "1-255 characters without '/'")
        if not _MIME.match(a.content_type):
            v.add(ap + "content_type", "a MIME type such as image/png")
        if a.size_bytes < 0:
            v.add(ap + "size_bytes", "must not be negative")
        if not _https_url(a.uri):
            v.add(ap + "uri", "an https URL")


def participant(part: ipb.Participant, v: Violations) -> None:
    p = "participant."
    enum_value(v, p + "role", ipb.ParticipantRole, part.role, required=True)
    if len(part.display_name) > 256:
        v.add(p + "display_name", "at most 256 characters")
    if part.identity and not _REF.match(part.identity):
        v.add(p + "identity", "at most 128 characters, no control characters")


def _https_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and len(url) <= 2048


def webhook(w: wpb.Webhook, v: Violations, paths: set[str]) -> None:
    p = "webhook."
    if "url" in paths and not w.url:
        # The URL's form is the egress client's rule (nexus.egress.urls, applied by the use
        # case, which stores the normalised URL): it must match what is connected to.
        v.add(p + "url", "required")
    if "description" in paths and len(w.description) > 256:
        v.add(p + "description", "at most 256 characters")
    if "event_types" in paths:
        if len(w.event_types) > MAX_EVENT_TYPES:
            v.add(p + "event_types", f"at most {MAX_EVENT_TYPES}")
        for n, t in enumerate(w.event_types):
            if not is_known_type_pattern(t):
                v.add(f"{p}event_types[{n}]", f"unknown event type {t!r}")
    if "media_types" in paths:
        for n, mt in enumerate(w.media_types):
            enum_value(v, f"{p}media_types[{n}]", ipb.MediaType, mt, required=True)
    if "headers" in paths:
        if len(w.headers) > MAX_HEADERS:
            v.add(p + "headers", f"at most {MAX_HEADERS}")
        for name, value in w.headers.items():
            low = name.lower()
            if not _HEADER_NAME.match(name):
                v.add(f"{p}headers[{name!r}]", "not a valid HTTP header name")
            elif low in _RESERVED_HEADERS or low.startswith("webhook-"):
                v.add(f"{p}headers[{name!r}]", "reserved: nexus sets this header itself")
            elif len(value) > 1024 or any(c in value for c in "\r\n\x00"):
                v.add(f"{p}headers[{name!r}]", "values are one line of at most 1024 characters")
    enum_value(v, p + "format", wpb.WebhookFormat, w.format)


def event_type_filters(v: Violations, field: str, types) -> None:
    for n, t in enumerate(types):
        if not is_known_type_pattern(t):
            v.add(f"{field}[{n}]", f"unknown event type {t!r}")


def event_type_matches(patterns, event_type: str) -> bool:
    """Empty patterns match everything; ``family.*`` matches a family."""
    if not patterns:
        return True
    family = event_type.split(".", 1)[0]
    return any(p in (event_type, "*", f"{family}.*") for p in patterns)


# -- Timestamps and Durations, wherever they are in a request ----------------------------

# google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
MIN_TIMESTAMP_S = -62_135_596_800
MAX_TIMESTAMP_S = 253_402_300_799
# google.protobuf.Duration: about ±10,000 years.
MAX_DURATION_S = 315_576_000_000
_NANOS = 1_000_000_000
_TIMESTAMP = "google.protobuf.Timestamp"
_DURATION = "google.protobuf.Duration"


def time_ranges(request: ProtoMessage) -> None:
    """Every Timestamp and Duration anywhere in ``request`` is one protobuf can represent.

    The interceptor chain runs this on each request before its servicer, so no RPC (a
    new one included) reaches ``ToDatetime``/``ToMicroseconds`` with a value they reject.
    """
    found: list[FieldViolation] = []
    _walk_times(request, "", found)
    if found:
        raise InvalidArgument(found)


def has_times(descriptor: Descriptor) -> bool:
    """Whether messages of this type can hold a Timestamp or Duration at all."""
    return bool(_time_fields(descriptor))


def _walk_times(msg: ProtoMessage, prefix: str, found: list[FieldViolation]) -> None:
    for name, shape, kind in _time_fields(msg.DESCRIPTOR):
        if shape == _SINGLE:
            if msg.HasField(name):
                _check_time(getattr(msg, name), kind, prefix + name, found)
        elif shape == _MAP:
            for key, item in getattr(msg, name).items():
                _check_time(item, kind, f"{prefix}{name}[{key!r}]", found)
        else:
            for n, item in enumerate(getattr(msg, name)):
                _check_time(item, kind, f"{prefix}{name}[{n}]", found)


def _check_time(msg: ProtoMessage, kind: str, path: str, found: list[FieldViolation]) -> None:
    if kind == _TIMESTAMP:
        if not MIN_TIMESTAMP_S <= msg.seconds <= MAX_TIMESTAMP_S:
            found.append(_fv(path, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"))
        elif not 0 <= msg.nanos < _NANOS:
            found.append(_fv(path, "nanos must be between 0 and 999999999"))
    elif kind == _DURATION:
        seconds, nanos = msg.seconds, msg.nanos
        if not -MAX_DURATION_S <= seconds <= MAX_DURATION_S:
            found.append(_fv(path, f"must be at most {MAX_DURATION_S} seconds either way"))
        elif not -_NANOS < nanos < _NANOS or (seconds and nanos and (seconds < 0) != (nanos < 0)):
            found.append(_fv(path, "nanos must be within ±999999999 and have the sign of seconds"))
    else:
        _walk_times(msg, path + ".", found)


def _is_map(f: FieldDescriptor) -> bool:
    return f.message_type is not None and f.message_type.GetOptions().map_entry


_SINGLE, _REPEATED, _MAP = "single", "repeated", "map"


@functools.cache
def _time_fields(descriptor: Descriptor) -> tuple[tuple[str, str, str], ...]:
    """The fields of a message type through which a Timestamp or Duration can be reached:
    (name, single/repeated/map, the type it holds: a Timestamp, a Duration or a message to
    walk into). Worked out once per type; the walk then costs about a µs a request."""
    found = []
    for f in descriptor.fields:
        target = f.message_type
        if target is None:
            continue
        shape = _REPEATED if f.is_repeated else _SINGLE
        if _is_map(f):
            shape, target = _MAP, target.fields_by_name["value"].message_type
            if target is None:
                continue
        if _reaches_time(target, frozenset()):
            found.append((f.name, shape, target.full_name))
    return tuple(found)


def _reaches_time(descriptor: Descriptor, seen: frozenset[str]) -> bool:
    if descriptor.full_name in (_TIMESTAMP, _DURATION):
        return True
    if descriptor.full_name in seen:
        return False  # a cycle: this path adds nothing the type's own fields do not
    seen = seen | {descriptor.full_name}
    for f in descriptor.fields:
        target = f.message_type
        if target is not None and _is_map(f):
            target = target.fields_by_name["value"].message_type
        if target is not None and _reaches_time(target, seen):
            return True
    return False
