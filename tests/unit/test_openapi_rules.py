"""docs/openapi.yaml says what the server does: names, required parts, updatable fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nexus.domain.validation import UPDATABLE_INTERACTION, UPDATABLE_WEBHOOK

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(DOC.read_text())


def test_path_parameters_are_named_after_resource_patterns(spec):
    assert "/v1/webhooks/{webhook}/deliveries/{delivery}/attempts" in spec["paths"]
    assert "/v1/interactions/{interaction}/participants/{participant}:remove" in spec["paths"]
    for path, item in spec["paths"].items():
        assert "{deliverie}" not in path
        for op in item.values():
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"\{([a-z_]+)\}", path)), path


def test_bodies_are_required_only_where_the_server_requires_a_field(spec):
    paths = spec["paths"]
    create = paths["/v1/interactions"]["post"]["requestBody"]
    assert create["required"] is True
    assert create["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/nexus.v1.Interaction"
    }
    assert spec["components"]["schemas"]["nexus.v1.Interaction"]["required"] == ["mediaType"]
    # An absent body is {} to the transcoder: queueing needs a queue, accepting nothing.
    assert paths["/v1/interactions/{interaction}:queue"]["post"]["requestBody"]["required"]
    assert not paths["/v1/interactions/{interaction}:accept"]["post"]["requestBody"]["required"]


@pytest.mark.parametrize(
    ("path", "updatable"),
    [
        ("/v1/interactions/{interaction}", UPDATABLE_INTERACTION),
        ("/v1/webhooks/{webhook}", UPDATABLE_WEBHOOK),
    ],
)
def test_patch_bodies_are_partial_and_masks_name_the_updatable_fields(spec, path, updatable):
    op = spec["paths"][path]["patch"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert "required" not in body and "name" not in body["properties"]
    (mask,) = [p for p in op["parameters"] if p["name"] == "updateMask"]
    pattern = re.compile(mask["schema"]["pattern"])
    camel = [re.sub(r"_([a-z])", lambda m: m[1].upper(), f) for f in updatable]
    assert pattern.match(",".join(camel)) and pattern.match("*")
    assert not pattern.match("name") and not pattern.match("etag")


def test_required_enums_exclude_unspecified_and_int64_is_digits(spec):
    message = spec["components"]["schemas"]["nexus.v1.Message"]["properties"]
    names, numbers = message["direction"]["oneOf"]
    assert "DIRECTION_UNSPECIFIED" not in names["enum"] and "DIRECTION_INBOUND" in names["enum"]
    assert 0 not in numbers["enum"] and 1 in numbers["enum"]  # proto3 JSON takes numbers too
    interaction = spec["components"]["schemas"]["nexus.v1.Interaction"]["properties"]
    assert re.compile(interaction["sequence"]["pattern"]).match("12")
    assert not re.compile(interaction["sequence"]["pattern"]).match("")
