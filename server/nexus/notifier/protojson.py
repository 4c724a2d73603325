"""Proto3 JSON of a message (pure): what ``json_format.MessageToDict`` returns, faster.

``MessageToDict`` decides how to print each field anew for every value; here that decision is
made once per field descriptor and kept, which makes encoding an event several times
cheaper (it is the largest item of a delivery's CPU time after HTTP). Anything this module
does not handle itself (well-known types other than ``Timestamp``, floats, extensions,
enums with JSON options, unknown values of closed enums) is printed by ``json_format``, so
the result is always the same as ``MessageToDict``'s with its default options.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from google.protobuf import descriptor_pool, json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

Convert = Callable[[Any], Any]

_TIMESTAMP = "google.protobuf.Timestamp"
_EPOCH = datetime(1970, 1, 1)
_SECONDS_MIN, _SECONDS_MAX = -62135596800, 253402300799  # 0001-01-01 to 9999-12-31
_INT64 = (FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64)
_INT32 = (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32)

# Per message type: its fields' (JSON name, converter), or None to use json_format.
_plans: dict[str, dict[FieldDescriptor, tuple[str, Convert]] | None] = {}


def _enum_options_exist() -> bool:
    """Whether enum values may carry a JSON name option (json_format honours it)."""
    try:
        descriptor_pool.Default().FindExtensionByName("pb.enumvalue.json")
    except KeyError:
        return False
    return True


_ENUM_JSON_OPTION = _enum_options_exist()


def to_dict(message: Message) -> Any:
    """``json_format.MessageToDict(message)``, with its default options."""
    desc = message.DESCRIPTOR
    try:
        plan = _plans[desc.full_name]
    except KeyError:
        plan = _plans[desc.full_name] = _plan(desc)
    if plan is None:
        return json_format.MessageToDict(message)
    js = {}
    for field, value in message.ListFields():
        step = plan.get(field)
        if step is None:  # not in the plan (an extension): let json_format print it all
            return json_format.MessageToDict(message)
        name, convert = step
        js[name] = convert(value)
    return js


def _timestamp(ts: Any) -> Any:
    """``Timestamp.ToJsonString()`` (RFC 3339, 0, 3, 6 or 9 fractional digits), faster."""
    seconds, nanos = ts.seconds, ts.nanos
    if not (_SECONDS_MIN <= seconds <= _SECONDS_MAX and 0 <= nanos < 1_000_000_000):
        return ts.ToJsonString()  # raises the error json_format raises
    text = (_EPOCH + timedelta(seconds=seconds)).isoformat()
    if not nanos:
        return text + "Z"
    if not nanos % 1_000_000:
        return f"{text}.{nanos // 1_000_000:03d}Z"
    if not nanos % 1000:
        return f"{text}.{nanos // 1000:06d}Z"
    return f"{text}.{nanos:09d}Z"


def _plan(desc: Descriptor) -> dict[FieldDescriptor, tuple[str, Convert]] | None:
    if desc.full_name.startswith("google.protobuf."):
        return None  # well-known types: the special JSON forms are json_format's
    plan: dict[FieldDescriptor, tuple[str, Convert]] = {}
    for field in desc.fields:
        convert = _field(field)
        if convert is None:
            return None
        plan[field] = (field.json_name, convert)
    return plan


def _field(field: FieldDescriptor) -> Convert | None:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        key_field = field.message_type.fields_by_name["key"]
        value = _single(field.message_type.fields_by_name["value"])
        if value is None:
            return None
        if key_field.cpp_type == FieldDescriptor.CPPTYPE_BOOL:
            return lambda m: {("true" if k else "false"): value(m[k]) for k in m}
        return lambda m: {str(k): value(m[k]) for k in m}
    one = _single(field)
    if one is None:
        return None
    if field.is_repeated:
        return lambda values: [one(v) for v in values]
    return one


def _single(field: FieldDescriptor) -> Convert | None:
    """How one value of ``field`` is printed, or None for what json_format must print."""
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_MESSAGE:
        if field.message_type.full_name == _TIMESTAMP:
            return _timestamp
        return to_dict
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        enum = field.enum_type
        if _ENUM_JSON_OPTION or enum.is_closed or enum.full_name == "google.protobuf.NullValue":
            return None
        names = {v.number: v.name for v in enum.values}
        return lambda n: names.get(n, n)  # an unknown value of an open enum stays a number
    if cpp == FieldDescriptor.CPPTYPE_STRING:
        if field.type == FieldDescriptor.TYPE_BYTES:
            return lambda b: base64.b64encode(b).decode("utf-8")
        return str
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return bool
    if cpp in _INT64:
        return str
    if cpp in _INT32:
        return int
    if cpp == FieldDescriptor.CPPTYPE_DOUBLE:
        return _double
    return None  # float: json_format prints the shortest form that round-trips


def _double(value: float) -> Any:
    if math.isinf(value):
        return "-Infinity" if value < 0 else "Infinity"
    if math.isnan(value):
        return "NaN"
    return value
