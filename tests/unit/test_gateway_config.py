"""envoy.yaml as deployed, and the variants the gateway tooling renders from it."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest

from nexus.app import SERVICE_NAMES
from nexus.gateway import certs
from nexus.gateway.process import binary
from nexus.gateway.render import (
    GatewaySettings,
    load_template,
    otlp_traces_endpoint,
    render,
    write,
)
from nexus.v1 import (
    channel_service_pb2,
    event_service_pb2,
    interaction_service_pb2,
    webhook_service_pb2,
)


def named(items, name):
    return next(i for i in items if i["name"] == name)


def hcm(cfg):
    listener = named(cfg["static_resources"]["listeners"], "https")
    chain = listener["filter_chains"][0]
    manager = named(chain["filters"], "envoy.filters.network.http_connection_manager")
    return listener, chain, manager["typed_config"]


@pytest.fixture(scope="module")
def deployed():
    return load_template()


def test_listener_is_tls_443_with_h2_and_http11(deployed):
    listener, chain, _ = hcm(deployed)
    assert listener["address"]["socket_address"]["port_value"] == 443
    tls = chain["transport_socket"]["typed_config"]["common_tls_context"]
    assert tls["alpn_protocols"] == ["h2", "http/1.1"]
    assert tls["tls_params"]["tls_minimum_protocol_version"] == "TLSv1_2"


def test_transcoder_covers_every_service_and_rejects_unknowns(deployed):
    transcoder = named(hcm(deployed)[2]["http_filters"], "envoy.filters.http.grpc_json_transcoder")
    config = transcoder["typed_config"]
    assert sorted(config["services"]) == sorted(SERVICE_NAMES)
    assert config["convert_grpc_status"] is True
    assert config["print_options"]["stream_newline_delimited"] is True
    assert config["request_validation_options"] == {
        "reject_unknown_method": True,
        "reject_unknown_query_parameters": True,
    }


def test_every_server_stream_has_a_route_without_timeout(deployed):
    routes = hcm(deployed)[2]["route_config"]["virtual_hosts"][0]["routes"]
    streaming = [
        f"/{service.full_name}/{method.name}"
        for module in (interaction_service_pb2, webhook_service_pb2, event_service_pb2)
        for service in module.DESCRIPTOR.services_by_name.values()
        for method in service.methods
        if method.server_streaming
    ]
    assert streaming
    for path in streaming:
        route = next(r["route"] for r in routes if r["match"].get("path") == path)
        assert route["timeout"] == "0s"
        assert "grpc_timeout_header_max" in route["max_stream_duration"]


def test_admin_is_on_loopback(deployed):
    assert deployed["admin"]["address"]["socket_address"]["address"] == "127.0.0.1"


def test_render_changes_only_the_deployment_values(deployed, tmp_path):
    settings = GatewaySettings(
        cert_chain="/c.pem",
        private_key="/k.pem",
        upstream_port=6000,
        https_port=8443,
        host="127.0.0.1",
        admin_port=0,
        descriptor="/d.pb",
        rate_limit_tokens=5,
        rate_limit_refill=(2, "10s"),
        max_request_body_bytes=1000,
    )
    cfg = render(settings, deployed)
    listener, chain, manager = hcm(cfg)
    assert listener["address"]["socket_address"] == {"address": "127.0.0.1", "port_value": 8443}
    tls = chain["transport_socket"]["typed_config"]["common_tls_context"]
    assert tls["tls_certificates"][0]["certificate_chain"] == {"filename": "/c.pem"}
    filters = manager["http_filters"]
    bucket = named(filters, "envoy.filters.http.local_ratelimit")["typed_config"]["token_bucket"]
    assert bucket == {"max_tokens": 5, "tokens_per_fill": 2, "fill_interval": "10s"}
    buffer = named(filters, "envoy.filters.http.buffer")["typed_config"]
    assert buffer["max_request_bytes"] == 1000
    cluster = named(cfg["static_resources"]["clusters"], "nexus")
    endpoint = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]
    assert endpoint["address"]["socket_address"]["port_value"] == 6000
    # Everything else is the deployed file's.
    assert manager["route_config"] == hcm(deployed)[2]["route_config"]
    assert (
        cluster["health_checks"]
        == named(deployed["static_resources"]["clusters"], "nexus")["health_checks"]
    )


def test_envoy_samples_and_exports_only_when_a_collector_is_named(deployed):
    base = GatewaySettings(cert_chain="/c", private_key="/k", upstream_port=1)
    _, _, off = hcm(render(base, deployed))
    assert off["tracing"]["random_sampling"] == {"value": 0}  # context passed on, no spans
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector.local:4318/"}
    url = otlp_traces_endpoint(env)
    assert url == "http://collector.local:4318/v1/traces"
    cfg = render(GatewaySettings(cert_chain="/c", private_key="/k", upstream_port=1,
                                 otlp_traces_endpoint=url), deployed)  # fmt: skip
    _, _, on = hcm(cfg)
    assert on["tracing"]["random_sampling"] == {"value": 100}
    exporter = on["tracing"]["provider"]["typed_config"]["http_service"]["http_uri"]
    assert exporter["uri"] == url
    otlp = named(cfg["static_resources"]["clusters"], "otlp")
    address = otlp["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]["address"]
    assert address["socket_address"] == {"address": "collector.local", "port_value": 4318}
    with pytest.raises(ValueError, match="plain OTLP/HTTP"):
        render(dataclasses.replace(base, otlp_traces_endpoint="https://c:4318/v1/traces"))


def test_rendered_config_passes_envoy_validation(tmp_path):
    dev = certs.ensure(tmp_path / "tls")
    settings = GatewaySettings(str(dev.cert), str(dev.key), upstream_port=50051, https_port=8443)
    path = write(settings, tmp_path / "envoy.yaml")
    result = subprocess.run(
        [binary("envoy"), "--mode", "validate", "-c", str(path), "--disable-hot-restart"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dev_certificates_are_created_once(tmp_path):
    first = certs.ensure(tmp_path)
    pem = first.cert.read_bytes()
    assert certs.ensure(tmp_path).cert.read_bytes() == pem
    assert first.key.stat().st_mode & 0o777 == 0o600


def test_missing_repository_file_is_a_clear_error():
    from nexus.gateway.render import repo_file

    with pytest.raises(FileNotFoundError, match="source checkout"):
        repo_file("gateway/missing.pb")


def test_no_listener_shares_its_port(deployed):
    """Without SO_REUSEPORT a second Envoy on a taken port fails instead of splitting it."""
    for listener in deployed["static_resources"]["listeners"]:
        assert listener["enable_reuse_port"] is False


def test_slow_clients_and_connections_are_bounded(deployed):
    _, chain, manager = hcm(deployed)
    assert chain["transport_socket_connect_timeout"] == "10s"
    assert manager["request_headers_timeout"] == "10s"
    assert manager["request_timeout"] == "30s"
    assert manager["common_http_protocol_options"]["idle_timeout"] == "300s"
    (monitor,) = deployed["overload_manager"]["resource_monitors"]
    assert monitor["name"] == "envoy.resource_monitors.global_downstream_max_connections"
    assert monitor["typed_config"]["max_active_downstream_connections"] > 0


def test_deployed_config_allows_no_cors_origin(deployed):
    policy = hcm(deployed)[2]["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]
    cors = policy["envoy.filters.http.cors"]
    assert cors["allow_origin_string_match"] == []
    for header in ("grpc-status", "grpc-message", "x-request-id"):
        assert header in cors["expose_headers"]


def rest_methods() -> dict[str, set[str]]:
    """Every REST path of the protos (variables filled in) with the methods it has."""
    import re

    from google.api import annotations_pb2

    paths: dict[str, set[str]] = {}
    for module in (
        interaction_service_pb2,
        webhook_service_pb2,
        channel_service_pb2,
        event_service_pb2,
    ):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                rule = method.GetOptions().Extensions[annotations_pb2.http]
                verb = rule.WhichOneof("pattern")
                template = re.sub(r"\{[a-z_.]+=([^}]*)\}", r"\1", getattr(rule, verb))
                paths.setdefault(template.replace("*", "x1"), set()).add(verb.upper())
    return paths


def method_not_allowed_mappers(cfg) -> list[tuple[re.Pattern[str], set[str]]]:
    mappers = hcm(cfg)[2]["local_reply_config"]["mappers"]
    found = []
    for mapper in mappers:
        if mapper.get("status_code") != 405:
            continue
        (path,) = [
            f["header_filter"]["header"]
            for f in mapper["filter"]["and_filter"]["filters"]
            if f.get("header_filter", {}).get("header", {}).get("name") == ":path"
        ]
        (allow,) = [h["header"]["value"] for h in mapper["headers_to_add"]]
        regex = re.compile(path["string_match"]["safe_regex"]["regex"])
        found.append((regex, set(allow.split(", "))))
    return found


def test_405_mappers_cover_every_rest_path_with_its_methods(deployed):
    mappers = method_not_allowed_mappers(deployed)
    for path, methods in rest_methods().items():
        for suffix in ("", "?pageSize=1"):
            matching = [allow for regex, allow in mappers if regex.match(path + suffix)]
            assert matching == [methods], path
    for unknown in ("/v1/nowhere", "/v1/interactions/x1:explode", "/v1/webhooks/x1/y"):
        assert not any(regex.match(unknown) for regex, _ in mappers), unknown


def test_render_applies_cors_timeouts_and_connection_limit(deployed):
    settings = GatewaySettings(
        cert_chain="/c.pem",
        private_key="/k.pem",
        upstream_port=6000,
        cors_origins=("https://a.example",),
        max_connections=7,
        tls_handshake_timeout_s=1,
        request_headers_timeout_s=2,
        request_timeout_s=0.5,
        idle_timeout_s=3,
    )
    cfg = render(settings, deployed)
    _, chain, manager = hcm(cfg)
    assert chain["transport_socket_connect_timeout"] == "1s"
    assert (manager["request_headers_timeout"], manager["request_timeout"]) == ("2s", "0.5s")
    assert manager["common_http_protocol_options"]["idle_timeout"] == "3s"
    policy = manager["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]
    assert policy["envoy.filters.http.cors"]["allow_origin_string_match"] == [
        {"exact": "https://a.example"}
    ]
    monitor = cfg["overload_manager"]["resource_monitors"][0]["typed_config"]
    assert monitor["max_active_downstream_connections"] == 7
    any_origin = render(GatewaySettings("/c", "/k", 1, cors_origins=("*",)), deployed)
    policy = hcm(any_origin)[2]["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]
    assert policy["envoy.filters.http.cors"]["allow_origin_string_match"] == [
        {"safe_regex": {"regex": ".*"}}
    ]
