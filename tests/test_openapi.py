"""The checked-in OpenAPI document is valid and covers every HTTP rule of the protos."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from google.api import annotations_pb2
from openapi_spec_validator import validate

from nexus.v1 import (
    access_service_pb2,
    channel_service_pb2,
    event_service_pb2,
    interaction_service_pb2,
    webhook_service_pb2,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(DOC.read_text())


def test_document_is_valid_openapi(spec):
    validate(spec)


def test_every_rpc_has_an_operation(spec):
    operations = {
        op["operationId"] for methods in spec["paths"].values() for op in methods.values()
    }
    expected = set()
    for module in (
        interaction_service_pb2,
        webhook_service_pb2,
        channel_service_pb2,
        event_service_pb2,
        access_service_pb2,
    ):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                assert method.GetOptions().HasExtension(annotations_pb2.http), method.full_name
                expected.add(f"{service.name}_{method.name}")
    assert operations == expected


def test_json_names_and_64_bit_integers_follow_proto3_json(spec):
    interaction = spec["components"]["schemas"]["nexus.v1.Interaction"]["properties"]
    assert "mediaType" in interaction and "media_type" not in interaction
    assert interaction["sequence"]["type"] == "string"  # int64 is a JSON string
    assert interaction["createTime"] == {"type": "string", "format": "date-time", "readOnly": True}


def test_errors_are_google_rpc_status(spec):
    status = spec["components"]["schemas"]["google.rpc.Status"]["properties"]
    assert set(status) == {"code", "message", "details"}
