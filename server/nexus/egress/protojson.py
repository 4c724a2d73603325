"""Compact proto3 JSON of a message (pure), written straight to text, faster.

``dumps(m)`` is ``json.dumps(json_format.MessageToDict(m), separators=(",", ":"),
ensure_ascii=False)``, character for character. ``MessageToDict`` decides how to print each
field anew for every value and builds dicts that are then encoded; here that decision is
made once per field descriptor and each value is written as JSON text at once, which makes
encoding an event several times cheaper (it was the largest item of a delivery's CPU time
after HTTP). What this module does not print itself (well-known types other than
``Timestamp``, floats, extensions, enums with JSON options, closed enums) it leaves to
``json_format``, so the output is always the same.
"""

from __future__ import annotations

import base64
import functools
import json
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from json.encoder import encode_basestring
from typing import Any

from google.protobuf import descriptor_pool, json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

Write = Callable[[Any], str]

_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_TIMESTAMP = "google.protobuf.Timestamp"
_EPOCH = datetime(1970, 1, 1)
_SECONDS_MIN, _SECONDS_MAX = -62135596800, 253402300799  # 0001-01-01 to 9999-12-31
_INT64 = (FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64)
_INT32 = (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32)

# Per message type: each field's '"jsonName":' and writer, or None to use json_format.
_plans: dict[str, dict[FieldDescriptor, tuple[str, Write]] | None] = {}


def _enum_options_exist() -> bool:
    """Whether enum values may carry a JSON name option (json_format honours it)."""
    try:
        descriptor_pool.Default().FindExtensionByName("pb.enumvalue.json")
    except KeyError:
        return False
    return True


_ENUM_JSON_OPTION = _enum_options_exist()


def dumps(message: Message) -> str:
    """The compact JSON text of ``json_format.MessageToDict(message)`` (default options)."""
    desc = message.DESCRIPTOR
    try:
        plan = _plans[desc.full_name]
    except KeyError:
        plan = _plans[desc.full_name] = _plan(desc)
    if plan is None:
        return _generic(message)
    parts = []
    for field, value in message.ListFields():
        step = plan.get(field)
        if step is None:  # not in the plan (an extension): let json_format print it all
            return _generic(message)
        parts.append(step[0] + step[1](value))
    return "{" + ",".join(parts) + "}"


def _generic(message: Message) -> str:
    return _ENCODER.encode(json_format.MessageToDict(message))


@functools.lru_cache(maxsize=64)
def seconds_text(seconds: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` of Unix ``seconds`` in UTC (cached: an event's timestamps, and
    consecutive events, mostly fall in the same second)."""
    return (_EPOCH + timedelta(seconds=seconds)).isoformat()


def _timestamp(ts: Any) -> str:
    """``Timestamp.ToJsonString()`` (0, 3, 6 or 9 fractional digits), quoted."""
    seconds, nanos = ts.seconds, ts.nanos
    if not (_SECONDS_MIN <= seconds <= _SECONDS_MAX and 0 <= nanos < 1_000_000_000):
        return f'"{ts.ToJsonString()}"'  # out of range: raises ValueError as json_format does
    text = seconds_text(seconds)
    if not nanos:
        return f'"{text}Z"'
    if not nanos % 1_000_000:
        return f'"{text}.{nanos // 1_000_000:03d}Z"'
    if not nanos % 1000:
        return f'"{text}.{nanos // 1000:06d}Z"'
    return f'"{text}.{nanos:09d}Z"'


def _plan(desc: Descriptor) -> dict[FieldDescriptor, tuple[str, Write]] | None:
    if desc.full_name.startswith("google.protobuf."):
        return None  # well-known types: the special JSON forms are json_format's
    plan: dict[FieldDescriptor, tuple[str, Write]] = {}
    for field in desc.fields:
        write = _field(field)
        if write is None:
            return None
        plan[field] = (encode_basestring(field.json_name) + ":", write)
    return plan


def _field(field: FieldDescriptor) -> Write | None:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        key_field = field.message_type.fields_by_name["key"]
        value = _single(field.message_type.fields_by_name["value"])
        if value is None or key_field.cpp_type == FieldDescriptor.CPPTYPE_BOOL:
            return None  # bool keys are written "true"/"false": json_format does it
        return lambda m: (
            "{" + ",".join(encode_basestring(str(k)) + ":" + value(m[k]) for k in m) + "}"
        )
    one = _single(field)
    if one is None:
        return None
    if field.is_repeated:
        return lambda values: "[" + ",".join([one(v) for v in values]) + "]"
    return one


def _single(field: FieldDescriptor) -> Write | None:
    """How one value of ``field`` is written, or None for what json_format must print."""
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_MESSAGE:
        if field.message_type.full_name == _TIMESTAMP:
            return _timestamp
        return dumps
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        enum = field.enum_type
        if _ENUM_JSON_OPTION or enum.is_closed or enum.full_name == "google.protobuf.NullValue":
            return None
        names = {v.number: f'"{v.name}"' for v in enum.values}
        return lambda n: names.get(n) or str(n)  # an unknown value of an open enum: its number
    if cpp == FieldDescriptor.CPPTYPE_STRING:
        if field.type == FieldDescriptor.TYPE_BYTES:
            return lambda b: '"' + base64.b64encode(b).decode("ascii") + '"'
        return encode_basestring
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return lambda b: "true" if b else "false"
    if cpp in _INT64:
        return lambda n: f'"{n}"'
    if cpp in _INT32:
        return int.__repr__
    if cpp == FieldDescriptor.CPPTYPE_DOUBLE:
        return _double
    return None  # float: json_format prints the shortest form that round-trips


def _double(value: float) -> str:
    if math.isinf(value):
        return '"-Infinity"' if value < 0 else '"Infinity"'
    if math.isnan(value):
        return '"NaN"'
    return float.__repr__(value)
