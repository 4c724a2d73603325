"""OpenAPI 3.0 document of the REST surface, derived from the descriptor set.

No maintained proto-to-OpenAPI generator installs here (grpc-gateway's and gnostic's are
Go programs; PyPI's ``protoc-gen-openapiv2`` only ships option protos), so this module
reads ``gateway/nexus.pb`` - the same file Envoy transcodes with - and applies the
``google.api.http`` rules and proto3 JSON mapping the way Envoy's transcoder does:
lowerCamel field names, 64-bit integers as strings, enums as names (or numbers), well-known types in
their JSON forms, unbound request fields as query parameters, errors as google.rpc.Status.
Called by ``scripts/gen_protos.py``; CI diffs its output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from google.api import annotations_pb2, field_behavior_pb2, http_pb2, resource_pb2
from google.protobuf import descriptor_pb2

F = descriptor_pb2.FieldDescriptorProto
PACKAGE = "nexus.v1"

# 64-bit integers travel as JSON strings; the transcoder accepts only their digits.
INT_PATTERN = r"^-?[0-9]+$"
UINT_PATTERN = r"^[0-9]+$"
# Resource ids the server issues and accepts (server/nexus/domain/validation.py).
ID_PATTERN = r"^[a-z0-9]{1,64}$"
# Path variables that are one plain segment (``{topic}``), not part of a resource name:
# what the server accepts of each (server/nexus/core/channels.py, MAX_TOPIC).
SEGMENT_PATTERNS = {".nexus.v1.ReceiveProviderRequestRequest.topic": r"^[a-z]{1,32}$"}
# Methods that take no API key: the request's own signature authenticates it
# (server/nexus/api/interceptors.py, SELF_AUTHENTICATED).
SELF_AUTHENTICATED = frozenset({".nexus.v1.ChannelService.ReceiveProviderRequest"})

HTTP_BODY = ".google.api.HttpBody"
# A google.api.HttpBody travels as raw bytes with its own content type, not as JSON: these
# are the types the providers post (Twilio's forms, Third-Party Messaging JSON, raw e-mail)
# and the ones the server answers in (TwiML, empty text, JSON).
RAW = {"type": "string", "format": "binary"}
HTTP_BODY_REQUEST_TYPES = (
    "application/x-www-form-urlencoded",
    "application/json",
    "message/rfc822",
)
HTTP_BODY_RESPONSE: dict[str, dict[str, Any]] = {
    "text/xml": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}},
    # The provider's own JSON (``{}``): any JSON value, not an HttpBody object.
    "application/json": {"schema": {}},
}

SCALARS: dict[int, dict[str, Any]] = {
    F.TYPE_STRING: {"type": "string"},
    F.TYPE_BYTES: {"type": "string", "format": "byte"},
    F.TYPE_BOOL: {"type": "boolean"},
    F.TYPE_INT32: {"type": "integer", "format": "int32"},
    F.TYPE_SINT32: {"type": "integer", "format": "int32"},
    F.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    F.TYPE_UINT32: {"type": "integer", "format": "int64", "minimum": 0},
    F.TYPE_FIXED32: {"type": "integer", "format": "int64", "minimum": 0},
    # proto3 JSON writes 64-bit integers as strings.
    F.TYPE_INT64: {"type": "string", "format": "int64", "pattern": INT_PATTERN},
    F.TYPE_SINT64: {"type": "string", "format": "int64", "pattern": INT_PATTERN},
    F.TYPE_SFIXED64: {"type": "string", "format": "int64", "pattern": INT_PATTERN},
    F.TYPE_UINT64: {"type": "string", "format": "uint64", "pattern": UINT_PATTERN},
    F.TYPE_FIXED64: {"type": "string", "format": "uint64", "pattern": UINT_PATTERN},
    F.TYPE_DOUBLE: {"type": "number", "format": "double"},
    F.TYPE_FLOAT: {"type": "number", "format": "float"},
}

WELL_KNOWN: dict[str, dict[str, Any]] = {
    ".google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    ".google.protobuf.Duration": {
        "type": "string",
        "pattern": r"^-?[0-9]+(\.[0-9]{1,9})?s$",
        "example": "30s",
    },
    ".google.protobuf.FieldMask": {
        "type": "string",
        "description": "Comma-separated field paths.",
        "example": "subject,priority",
    },
    ".google.protobuf.Empty": {"type": "object"},
    ".google.protobuf.Any": {
        "type": "object",
        "properties": {"@type": {"type": "string"}},
        "additionalProperties": True,
    },
    ".google.protobuf.Struct": {"type": "object", "additionalProperties": True},
    ".google.protobuf.Value": {},
}

METHODS = ("get", "put", "post", "delete", "patch")


def unwrap(comment: str) -> str:
    """Proto comments are wrapped at ~100 columns; OpenAPI renders paragraphs itself."""
    paragraphs = re.split(r"\n\s*\n", comment.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


class Model:
    """Messages, enums and comments of a FileDescriptorSet, by fully-qualified name."""

    def __init__(self, fds: descriptor_pb2.FileDescriptorSet) -> None:
        self.files = list(fds.file)
        self.messages: dict[str, descriptor_pb2.DescriptorProto] = {}
        self.enums: dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        self.comments: dict[str, str] = {}
        # google.api.resource patterns ("webhooks/{webhook}/deliveries/{delivery}"): they
        # name the path parameters of the templates that match them.
        self.patterns: list[str] = []
        for f in self.files:
            docs = {
                tuple(loc.path): unwrap(loc.leading_comments)
                for loc in f.source_code_info.location
                if loc.leading_comments
            }
            prefix = f".{f.package}"
            for i, m in enumerate(f.message_type):
                self._message(m, prefix, (4, i), docs)
            for i, e in enumerate(f.enum_type):
                self._enum(e, prefix, (5, i), docs)
            for si, s in enumerate(f.service):
                self.comments[f"{prefix}.{s.name}"] = docs.get((6, si), "")
                for mi, m in enumerate(s.method):
                    self.comments[f"{prefix}.{s.name}.{m.name}"] = docs.get((6, si, 2, mi), "")

    def _message(self, m, prefix: str, path: tuple[int, ...], docs) -> None:
        name = f"{prefix}.{m.name}"
        self.messages[name] = m
        self.comments[name] = docs.get(path, "")
        self.patterns += m.options.Extensions[resource_pb2.resource].pattern
        for i, field in enumerate(m.field):
            self.comments[f"{name}.{field.name}"] = docs.get((*path, 2, i), "")
        for i, nested in enumerate(m.nested_type):
            self._message(nested, name, (*path, 3, i), docs)
        for i, e in enumerate(m.enum_type):
            self._enum(e, name, (*path, 4, i), docs)

    def _enum(self, e, prefix: str, path: tuple[int, ...], docs) -> None:
        name = f"{prefix}.{e.name}"
        self.enums[name] = e
        self.comments[name] = docs.get(path, "")


def ref(type_name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{type_name.lstrip('.')}"}


def is_map(model: Model, field: descriptor_pb2.FieldDescriptorProto) -> bool:
    entry = model.messages.get(field.type_name)
    return bool(entry and entry.options.map_entry)


def enum_values(model: Model, enum: str, set_only: bool = False) -> dict[str, Any]:
    """An enum as the transcoder reads it: a value's name (what nexus writes) or its number
    (proto3 JSON accepts both). ``set_only``: without the zero value (``*_UNSPECIFIED``,
    which means "not set")."""
    values = [v for v in model.enums[enum].value if not (set_only and v.number == 0)]
    return {
        "oneOf": [
            {"type": "string", "enum": [v.name for v in values]},
            {"type": "integer", "enum": [v.number for v in values]},
        ]
    }


def value_schema(
    model: Model, field: descriptor_pb2.FieldDescriptorProto, must_be_set: bool = False
) -> dict[str, Any]:
    """``must_be_set``: the server refuses the zero value (a required field, a filter item)."""
    if field.type == F.TYPE_MESSAGE:
        return dict(WELL_KNOWN.get(field.type_name) or ref(field.type_name))
    if field.type == F.TYPE_ENUM:
        if must_be_set:
            return enum_values(model, field.type_name, set_only=True)
        return ref(field.type_name)
    schema = dict(SCALARS[field.type])
    if must_be_set and field.type == F.TYPE_STRING:
        schema["minLength"] = 1
    # Sizes and counts (page_size, max_attempts...) are never negative (validation.py).
    if field.name.endswith(("_size", "_count")) and schema.get("type") == "integer":
        schema["minimum"] = 0
    return schema


def field_schema(model: Model, owner: str, field: descriptor_pb2.FieldDescriptorProto) -> dict:
    if is_map(model, field):
        entry = model.messages[field.type_name]
        values = value_schema(model, entry.field[1])
        if "$ref" not in values:
            values["nullable"] = True  # the transcoder reads a null map value as the default
        schema: dict[str, Any] = {"type": "object", "additionalProperties": values}
    elif field.label == F.LABEL_REPEATED:
        # An item of a repeated enum (a filter: states, event types) must name a value.
        items = value_schema(model, field, field.type == F.TYPE_ENUM)
        if field.type not in (F.TYPE_ENUM, F.TYPE_MESSAGE):
            items["nullable"] = True  # the transcoder drops a null item of a scalar list
        schema = {"type": "array", "items": items}
    else:
        schema = value_schema(model, field, is_required(field))
    behaviors = list(field.options.Extensions[field_behavior_pb2.field_behavior])
    notes = [model.comments.get(f"{owner}.{field.name}", "")]
    if field_behavior_pb2.IMMUTABLE in behaviors:
        notes.append("Immutable: set on create only.")
    if field.HasField("oneof_index") and not field.proto3_optional:
        notes.append("At most one field of its oneof is set.")
    description = "\n\n".join(n for n in notes if n)
    wrap = description or field_behavior_pb2.OUTPUT_ONLY in behaviors or not is_required(field)
    if "$ref" in schema and wrap:
        schema = {"allOf": [schema]}  # OpenAPI 3.0 ignores siblings of $ref
    if description:
        schema["description"] = description
    if field_behavior_pb2.OUTPUT_ONLY in behaviors:
        schema["readOnly"] = True
    output_only = field_behavior_pb2.OUTPUT_ONLY in behaviors
    if not is_required(field) and not output_only:
        schema["nullable"] = True  # proto3 JSON reads null in a request as "not set"
    return schema


def is_required(field: descriptor_pb2.FieldDescriptorProto) -> bool:
    return (
        field_behavior_pb2.REQUIRED in field.options.Extensions[field_behavior_pb2.field_behavior]
    )


def message_schema(
    model: Model, name: str, skip: frozenset[str] = frozenset(), partial: bool = False
) -> dict:
    """The JSON object of message ``name``; ``partial``: no field required (a PATCH body)."""
    m = model.messages[name]
    props = {f.json_name: field_schema(model, name, f) for f in m.field if f.name not in skip}
    schema: dict[str, Any] = {"type": "object"}
    if model.comments.get(name):
        schema["description"] = model.comments[name]
    schema["properties"] = props
    required = [f.json_name for f in m.field if f.name not in skip and is_required(f)]
    if required and not partial:
        schema["required"] = required
    return schema


def enum_schema(model: Model, name: str) -> dict:
    schema: dict[str, Any] = {}
    if model.comments.get(name):
        schema["description"] = model.comments[name]
    schema.update(enum_values(model, name))
    return schema


def referenced(model: Model, roots: list[str]) -> list[str]:
    """Every message and enum reachable from ``roots``, in a stable order."""
    seen: dict[str, None] = {}
    stack = list(reversed(roots))
    while stack:
        name = stack.pop()
        if name in seen or name in WELL_KNOWN:
            continue
        seen[name] = None
        for f in model.messages[name].field if name in model.messages else []:
            if is_map(model, f):
                f = model.messages[f.type_name].field[1]
            if f.type in (F.TYPE_MESSAGE, F.TYPE_ENUM) and f.type_name not in seen:
                stack.append(f.type_name)
    return sorted(seen)


TEMPLATE_VAR = re.compile(r"\{([a-z_.]+)(?:=([^}]*))?\}")


RESOURCE_VAR = re.compile(r"\{([a-z_]+)\}")


def resource_pattern(patterns: list[str], template: str) -> str:
    """The google.api.resource pattern a path template's ``*`` segments stand for."""
    for pattern in patterns:
        if RESOURCE_VAR.sub("*", pattern) == template:
            return pattern
    raise ValueError(f"no google.api.resource pattern matches {template!r}")


def openapi_path(template: str, patterns: list[str]) -> tuple[str, dict[str, list[str]]]:
    """``/v1/{name=interactions/*}:queue`` -> ``/v1/interactions/{interaction}:queue``.

    The parameters are named after the resource pattern's variables
    (``webhooks/{webhook}/deliveries/{delivery}``). Also returns, per bound field, the
    path parameters that make up its value.
    """
    bound: dict[str, list[str]] = {}

    def expand(m: re.Match[str]) -> str:
        field, template_part = m[1], m[2] or "*"
        if "*" not in template_part:
            bound[field] = []
            return template_part
        if template_part == "*":  # one plain segment, e.g. ``{topic}``: not a resource name
            bound[field] = [field]
            return f"{{{field}}}"
        pattern = resource_pattern(patterns, template_part)
        bound[field] = RESOURCE_VAR.findall(pattern)
        return pattern

    return TEMPLATE_VAR.sub(expand, template), bound


def update_mask_schema(model: Model, message: str) -> dict[str, Any]:
    """updateMask of a PATCH: ``*`` or a comma-separated list of the updatable fields."""
    updatable = [
        f.json_name
        for f in model.messages[message].field
        if f.name not in {"name", "etag"}
        and not {field_behavior_pb2.OUTPUT_ONLY, field_behavior_pb2.IMMUTABLE}
        & set(f.options.Extensions[field_behavior_pb2.field_behavior])
    ]
    names = "|".join(updatable)
    return {
        "type": "string",
        "description": f"Comma-separated fields to update (`*`: all of them): {', '.join(updatable)}.",
        "pattern": f"^([*]|({names})(,({names}))*)$",
        "example": ",".join(updatable[:2]),
    }


def path_resource(path: str, names: list[str]) -> str:
    """The resource name pattern a field's path parameters spell, e.g. ``interactions/{interaction}``."""
    if not names:
        return ""
    start = path.index(f"{{{names[0]}}}")
    start = path.rindex("/", 0, start - 1) + 1
    end = path.index(f"{{{names[-1]}}}") + len(names[-1]) + 2
    return path[start:end]


def lower_camel(path: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m[1].upper(), path)


def query_parameters(model: Model, request: str, exclude: set[str]) -> list[dict]:
    params = []
    for f in model.messages[request].field:
        if f.name in exclude or is_map(model, f):
            continue
        if f.type == F.TYPE_MESSAGE and f.type_name not in WELL_KNOWN:
            continue  # message-typed fields cannot be query parameters
        schema = field_schema(model, request, f)
        schema.pop("readOnly", None)
        schema.pop("nullable", None)  # a query string has no null
        param: dict[str, Any] = {"name": f.json_name, "in": "query"}
        if is_required(f):
            param["required"] = True
        if "description" in schema:
            param["description"] = schema.pop("description")
        param["schema"] = schema
        if f.label == F.LABEL_REPEATED:
            param["explode"] = True
        params.append(param)
    return params


def operation(model: Model, service: str, method, rule: http_pb2.HttpRule) -> tuple[str, str, dict]:
    verb = rule.WhichOneof("pattern")
    template = getattr(rule, verb) if verb in METHODS else rule.custom.path
    path, bound = openapi_path(template, model.patterns)
    request, response = method.input_type, method.output_type
    params: list[dict[str, Any]] = []
    plain = {m[1] for m in TEMPLATE_VAR.finditer(template) if (m[2] or "*") == "*"}
    for field, names in bound.items():
        if field in plain:
            # One plain segment: described by its own field, not as part of a resource name.
            key = f"{request}.{field}"
            schema: dict[str, Any] = {"type": "string", "minLength": 1}
            if key in SEGMENT_PATTERNS:
                schema = {"type": "string", "pattern": SEGMENT_PATTERNS[key]}
            param: dict[str, Any] = {"name": field, "in": "path", "required": True}
            if model.comments.get(key):
                param["description"] = model.comments[key]
            params.append({**param, "schema": schema})
            continue
        resource = path_resource(path, names)
        for name in names:
            params.append(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "description": f"Part of `{field}` (`{resource}`).",
                    "schema": {"type": "string", "pattern": ID_PATTERN},
                }
            )
    top_bound = {f.split(".")[0] for f in bound if "." not in f}
    op: dict[str, Any] = {
        "operationId": f"{service.split('.')[-1]}_{method.name}",
        "tags": [service.split(".")[-1]],
    }
    doc = model.comments.get(f"{service}.{method.name}", "")
    if doc:
        summary = re.split(r"(?<=\.)\s", doc, maxsplit=1)[0]
        op["summary"] = summary
        if summary != doc:
            op["description"] = doc
    # The transcoder reads an absent body as {}: a body is required only where the
    # server requires one of its fields.
    if rule.body == "*":
        body = message_schema(model, request, frozenset(top_bound))
        op["requestBody"] = {
            "required": "required" in body,
            "content": {"application/json": {"schema": body}},
        }
    elif rule.body:
        field = next(f for f in model.messages[request].field if f.name == rule.body)
        if field.type_name == HTTP_BODY:
            # The bytes as sent, whatever their type: the server reads the content type.
            content = {t: {"schema": dict(RAW)} for t in HTTP_BODY_REQUEST_TYPES}
        elif verb == "patch":
            # Only the fields named in updateMask are read, so none is required here; the
            # name comes from the path (a body "name" would override it).
            schema = message_schema(model, field.type_name, frozenset({"name"}), partial=True)
            content = {"application/json": {"schema": schema}}
        else:
            content = {"application/json": {"schema": value_schema(model, field)}}
        op["requestBody"] = {"required": is_required(field), "content": content}
        params += query_parameters(model, request, top_bound | {rule.body})
        if verb == "patch":
            for param in params:
                if param["name"] == "updateMask":
                    param.pop("description", None)
                    param["schema"] = update_mask_schema(model, field.type_name)
    else:
        params += query_parameters(model, request, top_bound)
    if params:
        op["parameters"] = params
    ok: dict[str, Any] = {"application/json": {"schema": WELL_KNOWN.get(response) or ref(response)}}
    description = "OK"
    if method.server_streaming:
        description = (
            "A stream: one JSON object per line (newline-delimited JSON), written as "
            "each message arrives; the response stays open until the client closes it."
        )
    if response == HTTP_BODY:
        ok = {t: dict(media) for t, media in HTTP_BODY_RESPONSE.items()}
        description = "The answer the provider expects, raw, in its own content type."
    if f"{service}.{method.name}" in SELF_AUTHENTICATED:
        op["security"] = []  # no API key: the provider's signature authenticates the request
    op["responses"] = {
        "200": {"description": description, "content": ok},
        "default": {
            "description": "An error: google.rpc.Status with details (HTTP status from the gRPC code).",
            "content": {"application/json": {"schema": ref(".google.rpc.Status")}},
        },
    }
    return path, verb if verb in METHODS else rule.custom.kind.lower(), op


def build(descriptor: Path) -> dict[str, Any]:
    fds = descriptor_pb2.FileDescriptorSet.FromString(descriptor.read_bytes())
    model = Model(fds)
    paths: dict[str, dict[str, Any]] = {}
    roots = [".google.rpc.Status"]
    tags = []
    for f in model.files:
        if f.package != PACKAGE:
            continue
        for s in f.service:
            service = f".{f.package}.{s.name}"
            tags.append({"name": s.name, "description": model.comments.get(service) or s.name})
            for m in s.method:
                rule = m.options.Extensions[annotations_pb2.http]
                for r in [rule, *rule.additional_bindings]:
                    if not r.WhichOneof("pattern"):
                        continue
                    path, verb, op = operation(model, service, m, r)
                    paths.setdefault(path, {})[verb] = op
                roots += [m.input_type, m.output_type]
    schemas = {}
    for name in referenced(model, roots):
        key = name.lstrip(".")
        if name in model.enums:
            schemas[key] = enum_schema(model, name)
        else:
            schemas[key] = message_schema(model, name)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "nexus Digital Channels API",
            "version": "v1",
            "description": (
                "REST/JSON surface of nexus, served by Envoy's gRPC-JSON transcoder from the "
                "nexus.v1 protos. Generated by scripts/gen_openapi.py; do not edit."
            ),
        },
        "servers": [{"url": "https://localhost"}],
        "security": [{"apiKey": []}],
        "tags": sorted(tags, key=lambda t: t["name"]),
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
            "schemas": schemas,
        },
    }


def write(descriptor: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(build(descriptor), sort_keys=False, width=100, allow_unicode=True)
    out.write_text(
        "# Generated by scripts/gen_openapi.py from gateway/nexus.pb. Do not edit.\n" + text
    )
