"""OpenAPI 3.0 document of the REST surface, derived from the descriptor set.

No maintained proto-to-OpenAPI generator installs here (grpc-gateway's and gnostic's are
Go programs; PyPI's ``protoc-gen-openapiv2`` only ships option protos), so this module
reads ``gateway/nexus.pb`` - the same file Envoy transcodes with - and applies the
``google.api.http`` rules and proto3 JSON mapping the way Envoy's transcoder does:
lowerCamel field names, 64-bit integers as strings, enums as names, well-known types in
their JSON forms, unbound request fields as query parameters, errors as google.rpc.Status.
Called by ``scripts/gen_protos.py``; CI diffs its output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from google.api import annotations_pb2, field_behavior_pb2, http_pb2
from google.protobuf import descriptor_pb2

F = descriptor_pb2.FieldDescriptorProto
PACKAGE = "nexus.v1"

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
    F.TYPE_INT64: {"type": "string", "format": "int64"},
    F.TYPE_SINT64: {"type": "string", "format": "int64"},
    F.TYPE_SFIXED64: {"type": "string", "format": "int64"},
    F.TYPE_UINT64: {"type": "string", "format": "uint64"},
    F.TYPE_FIXED64: {"type": "string", "format": "uint64"},
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


def value_schema(model: Model, field: descriptor_pb2.FieldDescriptorProto) -> dict[str, Any]:
    if field.type == F.TYPE_MESSAGE:
        return dict(WELL_KNOWN.get(field.type_name) or ref(field.type_name))
    if field.type == F.TYPE_ENUM:
        return ref(field.type_name)
    return dict(SCALARS[field.type])


def field_schema(model: Model, owner: str, field: descriptor_pb2.FieldDescriptorProto) -> dict:
    if is_map(model, field):
        entry = model.messages[field.type_name]
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": value_schema(model, entry.field[1]),
        }
    elif field.label == F.LABEL_REPEATED:
        schema = {"type": "array", "items": value_schema(model, field)}
    else:
        schema = value_schema(model, field)
    behaviors = list(field.options.Extensions[field_behavior_pb2.field_behavior])
    notes = [model.comments.get(f"{owner}.{field.name}", "")]
    if field_behavior_pb2.IMMUTABLE in behaviors:
        notes.append("Immutable: set on create only.")
    if field.HasField("oneof_index") and not field.proto3_optional:
        notes.append("At most one field of its oneof is set.")
    description = "\n\n".join(n for n in notes if n)
    if "$ref" in schema and (description or field_behavior_pb2.OUTPUT_ONLY in behaviors):
        schema = {"allOf": [schema]}  # OpenAPI 3.0 ignores siblings of $ref
    if description:
        schema["description"] = description
    if field_behavior_pb2.OUTPUT_ONLY in behaviors:
        schema["readOnly"] = True
    return schema


def message_schema(model: Model, name: str, skip: frozenset[str] = frozenset()) -> dict:
    m = model.messages[name]
    props = {f.json_name: field_schema(model, name, f) for f in m.field if f.name not in skip}
    schema: dict[str, Any] = {"type": "object"}
    if model.comments.get(name):
        schema["description"] = model.comments[name]
    schema["properties"] = props
    required = [
        f.json_name
        for f in m.field
        if f.name not in skip
        and field_behavior_pb2.REQUIRED in f.options.Extensions[field_behavior_pb2.field_behavior]
    ]
    if required:
        schema["required"] = required
    return schema


def enum_schema(model: Model, name: str) -> dict:
    schema: dict[str, Any] = {"type": "string"}
    if model.comments.get(name):
        schema["description"] = model.comments[name]
    schema["enum"] = [v.name for v in model.enums[name].value]
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


def openapi_path(template: str) -> tuple[str, dict[str, list[str]]]:
    """``/v1/{name=interactions/*}:queue`` -> ``/v1/interactions/{interaction}:queue``.

    Also returns, per bound field, the path parameters that make up its value.
    """
    bound: dict[str, list[str]] = {}

    def expand(m: re.Match[str]) -> str:
        field, pattern = m[1], m[2] or "*"
        parts, params = [], []
        segments = pattern.split("/")
        for i, seg in enumerate(segments):
            if seg == "*":
                param = segments[i - 1].removesuffix("s") if i else field.split(".")[-1]
                parts.append(f"{{{param}}}")
                params.append(param)
            else:
                parts.append(seg)
        bound[field] = params
        return "/".join(parts)

    return TEMPLATE_VAR.sub(expand, template), bound


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
        param: dict[str, Any] = {"name": f.json_name, "in": "query"}
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
    path, bound = openapi_path(template)
    request, response = method.input_type, method.output_type
    params: list[dict[str, Any]] = []
    for field, names in bound.items():
        resource = "/".join(f"{n}s/{{{n}}}" for n in names)
        for name in names:
            params.append(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "description": f"Part of `{field}` (`{resource}`).",
                    "schema": {"type": "string"},
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
    if rule.body == "*":
        body = message_schema(model, request, frozenset(top_bound))
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    elif rule.body:
        field = next(f for f in model.messages[request].field if f.name == rule.body)
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": value_schema(model, field)}},
        }
        params += query_parameters(model, request, top_bound | {rule.body})
    else:
        params += query_parameters(model, request, top_bound)
    if params:
        op["parameters"] = params
    ok: dict[str, Any] = {"schema": WELL_KNOWN.get(response) or ref(response)}
    description = "OK"
    if method.server_streaming:
        description = (
            "A stream: one JSON object per line (newline-delimited JSON), written as "
            "each message arrives; the response stays open until the client closes it."
        )
    op["responses"] = {
        "200": {"description": description, "content": {"application/json": ok}},
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
