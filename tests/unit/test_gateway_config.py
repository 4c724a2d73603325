"""envoy.yaml as deployed, and the variants the gateway tooling renders from it."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from google.protobuf import descriptor_pb2

from nexus.app import SERVICE_NAMES
from nexus.gateway import certs
from nexus.gateway.process import binary
from nexus.gateway.render import (
    DEPLOYED_WEB_ROOT,
    REPO,
    GatewaySettings,
    load_template,
    otlp_traces_endpoint,
    render,
    web_file_routes,
    web_root,
    write,
)
from nexus.v1 import (
    access_service_pb2,
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


def built_web(directory: Path, files=("console/index.html", "console/console.js",
              "console/console.css", "widget/widget.js")) -> Path:  # fmt: skip
    """A web root in ``directory`` with ``files``."""
    for file in files:
        (directory / file).parent.mkdir(parents=True, exist_ok=True)
        (directory / file).write_text(f"/* {file} */")
    return directory


def test_listener_is_tls_443_with_h2_and_http11(deployed):
    listener, chain, _ = hcm(deployed)
    assert listener["address"]["socket_address"]["port_value"] == 443
    tls = chain["transport_socket"]["typed_config"]["common_tls_context"]
    assert tls["alpn_protocols"] == ["h2", "http/1.1"]
    assert tls["tls_params"]["tls_minimum_protocol_version"] == "TLSv1_2"


def descriptor_methods() -> set[str]:
    """Every ``/package.Service/Method`` of the transcoder's descriptor set."""
    files = descriptor_pb2.FileDescriptorSet.FromString((REPO / "gateway/nexus.pb").read_bytes())
    return {
        f"/{file.package}.{service.name}/{method.name}"
        for file in files.file
        for service in file.service
        for method in service.method
    }


def test_transcoder_covers_every_service_and_rejects_unknowns(deployed):
    transcoder = named(hcm(deployed)[2]["http_filters"], "envoy.filters.http.grpc_json_transcoder")
    config = transcoder["typed_config"]
    services = {path.split("/")[1] for path in descriptor_methods()}
    assert sorted(config["services"]) == sorted(services)
    assert set(SERVICE_NAMES) <= services
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
        web_root=str(built_web(tmp_path)),
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
    # Everything else is the deployed file's (the web files' paths aside, tested below).
    assert without_web_files(manager) == without_web_files(hcm(deployed)[2])
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
        access_service_pb2,
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


# --- the console, the widget and their CORS ----------------------------------------------

# What the chat widget calls from customers' pages (gRPC-Web), with a session token.
WIDGET_METHODS = [
    "/nexus.v1.AccessService/StartChat",
    "/nexus.v1.AccessService/RefreshChatSession",
    "/nexus.v1.AccessService/GetCaller",
    *(
        f"/nexus.v1.InteractionService/{name}"
        for name in (
            "GetInteraction",
            "SendMessage",
            "GetMessage",
            "ListMessages",
            "MarkMessageRead",
            "SendTyping",
        )
    ),
    "/nexus.v1.EventService/WatchEvents",
]
CONSOLE_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "strict-transport-security": "max-age=31536000",
}
ANY_ORIGIN = [{"safe_regex": {"regex": ".*"}}]


def routes_of(cfg) -> list[dict]:
    return hcm(cfg)[2]["route_config"]["virtual_hosts"][0]["routes"]


def route_for(cfg, path: str, method: str = "POST") -> dict:
    """The route Envoy picks for ``method path``: the first that matches (path, prefix, a
    full-match regex; headers: only the :method regex envoy.yaml uses)."""
    for route in routes_of(cfg):
        match = route["match"]
        if "path" in match:
            hit = path == match["path"]
        elif "prefix" in match:
            hit = path.startswith(match["prefix"])
        else:
            hit = re.fullmatch(match["safe_regex"]["regex"], path) is not None
        for header in match.get("headers", []):
            assert header["name"] == ":method", header
            hit = hit and re.fullmatch(header["string_match"]["safe_regex"]["regex"], method)
        if hit:
            return route
    raise AssertionError(f"no route for {method} {path}")


def response_headers(route) -> dict[str, str]:
    return {h["header"]["key"]: h["header"]["value"] for h in route["response_headers_to_add"]}


def route_cors(route) -> dict | None:
    """The route's own CORS policy, if it has one (not the virtual host's)."""
    cors = route.get("typed_per_filter_config", {}).get("envoy.filters.http.cors")
    if cors is None or cors["@type"].endswith(".FilterConfig"):  # a static file: CORS off
        return None
    return cors


def without_web_files(manager) -> dict:
    """The route configuration with the files' paths blanked."""
    copy = yaml.safe_load(yaml.safe_dump(manager["route_config"]))
    for route in web_file_routes({"route_config": copy}):
        route["direct_response"]["body"]["filename"] = "…"
    return copy


def test_every_widget_method_exists_and_its_preflight_allows_any_origin(deployed):
    """A preflight carries no key: it is answered for any origin. The call is answered
    by the server per key (and by the operator's origins, the virtual host's policy)."""
    assert set(WIDGET_METHODS) <= descriptor_methods()
    vhost_cors = hcm(deployed)[2]["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]
    vhost_cors = vhost_cors["envoy.filters.http.cors"]
    for path in WIDGET_METHODS:
        cors = route_cors(route_for(deployed, path, "OPTIONS"))
        assert cors is not None, path
        assert cors["allow_origin_string_match"] == ANY_ORIGIN
        for key in ("allow_methods", "allow_headers", "expose_headers", "max_age"):
            assert cors[key] == vhost_cors[key], (path, key)
        call = route_for(deployed, path, "POST")
        assert route_cors(call) is None, path
        assert call["route"]["cluster"] == "nexus"
    # Everything else about those routes is as before: unary calls have 60 s, and the
    # stream no timeout but the client's grpc-timeout.
    unary = route_for(deployed, "/nexus.v1.InteractionService/SendMessage")["route"]
    assert unary == route_for(deployed, "/nexus.v1.WebhookService/ListWebhooks")["route"]
    assert unary["timeout"] == "60s"
    watch = route_for(deployed, "/nexus.v1.EventService/WatchEvents")["route"]
    assert watch["timeout"] == "0s"
    assert watch["max_stream_duration"] == {"grpc_timeout_header_max": "0s"}


def test_other_methods_keep_the_operators_origins(deployed):
    widget = set(WIDGET_METHODS)
    others = sorted(descriptor_methods() - widget)
    assert "/nexus.v1.AccessService/CreateApiKey" in others
    for path in others:
        assert route_cors(route_for(deployed, path)) is None, path
    for path in ("/v1/chats:start", "/v1/interactions", "/v1/caller"):  # REST, untranscoded
        assert route_cors(route_for(deployed, path, "OPTIONS")) is None, path


def test_the_session_token_header_is_allowed_everywhere(deployed):
    vhost = hcm(deployed)[2]["route_config"]["virtual_hosts"][0]
    policies = [vhost["typed_per_filter_config"]["envoy.filters.http.cors"]]
    policies += [cors for r in routes_of(deployed) if (cors := route_cors(r)) is not None]
    for policy in policies:
        allowed = [h.strip() for h in policy["allow_headers"].split(",")]
        assert {"authorization", "x-api-key", "content-type", "x-grpc-web"} <= set(allowed)


def test_console_and_widget_files_are_served_with_their_headers(deployed):
    files = {
        "/console/": ("console/index.html", "text/html; charset=utf-8"),
        "/console/index.html": ("console/index.html", "text/html; charset=utf-8"),
        "/console/console.js": ("console/console.js", "text/javascript; charset=utf-8"),
        "/console/console.css": ("console/console.css", "text/css; charset=utf-8"),
        "/widget/widget.js": ("widget/widget.js", "text/javascript; charset=utf-8"),
    }
    for path, (file, content_type) in files.items():
        for method in ("GET", "HEAD"):
            route = route_for(deployed, path, method)
            assert route["direct_response"] == {
                "status": 200,
                "body": {"filename": f"{DEPLOYED_WEB_ROOT}/{file}"},
            }
            headers = response_headers(route)
            assert headers["content-type"] == content_type
            # Envoy's answer, not the transcoder's 404 for a path that is no method.
            filters = route["typed_per_filter_config"]
            assert filters["envoy.filters.http.grpc_json_transcoder"]["disabled"] is True
            if path.startswith("/console/"):
                assert headers.items() >= CONSOLE_HEADERS.items(), path
                assert headers["cache-control"] == "no-cache"
        assert route_for(deployed, path, "POST")["direct_response"]["status"] == 405
    widget = response_headers(route_for(deployed, "/widget/widget.js", "GET"))
    assert widget["cross-origin-resource-policy"] == "cross-origin"
    assert widget["cache-control"] == "public, max-age=300"
    assert widget["x-content-type-options"] == "nosniff"
    assert widget["referrer-policy"] == "no-referrer"
    redirect = route_for(deployed, "/console", "GET")["redirect"]
    assert redirect["path_redirect"] == "/console/"
    for path in ("/console/nope", "/widget/other.js", "/console/console.js.map"):
        assert route_for(deployed, path, "GET")["direct_response"]["status"] == 404, path
    limit = hcm(deployed)[2]["route_config"]["max_direct_response_body_size_bytes"]
    assert limit >= 2 * 1024 * 1024  # the console's script may be about 1 MiB


def test_web_file_paths_are_marked_rendered():
    lines = (REPO / "envoy.yaml").read_text().splitlines()
    marked = [line for line in lines if "filename: " + DEPLOYED_WEB_ROOT in line]
    assert len(marked) == 4
    assert all(line.endswith("# rendered: web files") for line in marked)


def test_render_serves_the_installed_packages_files(deployed, tmp_path):
    cfg = render(GatewaySettings("/c", "/k", 1), deployed)
    root = web_root()
    assert root == Path(__file__).resolve().parents[2] / "server" / "nexus" / "web"
    for route in web_file_routes(hcm(cfg)[2]):
        filename = Path(route["direct_response"]["body"]["filename"])
        assert filename.is_relative_to(root) and filename.is_file(), filename
    # Another directory, without a stylesheet: that path says it is not built, the rest
    # is served.
    built_web(tmp_path, ("console/index.html", "console/console.js", "widget/widget.js"))
    cfg = render(GatewaySettings("/c", "/k", 1, web_root=str(tmp_path)), deployed)
    assert route_for(cfg, "/console/console.js", "GET")["direct_response"]["body"] == {
        "filename": str(tmp_path / "console/console.js")
    }
    missing = route_for(cfg, "/console/console.css", "GET")
    assert missing["direct_response"]["status"] == 404
    assert "npm run build" in missing["direct_response"]["body"]["inline_string"]
    assert "response_headers_to_add" not in missing
    assert response_headers(route_for(cfg, "/console/", "GET"))["x-frame-options"] == "DENY"
    # Rendering changes its own copy only.
    assert route_for(deployed, "/console/console.css", "GET")["direct_response"]["status"] == 200


def test_only_the_web_files_are_gzipped(deployed):
    compressor = named(hcm(deployed)[2]["http_filters"], "envoy.filters.http.compressor")
    config = compressor["typed_config"]
    common = config["response_direction_config"]["common_config"]
    types = {m["exact"] for m in common["content_type_matcher"]}
    assert types == {"text/html", "text/css", "text/javascript", "application/javascript"}
    assert "request_direction_config" not in config  # requests are never compressed
    assert config["compressor_library"]["name"] == "gzip"


def test_kubernetes_envoy_finds_the_web_files(deployed):
    """deploy/kubernetes: the sidecar reads them from a volume the nexus image fills."""
    documents = yaml.safe_load_all((REPO / "deploy/kubernetes/server.yaml").read_text())
    server = next(d for d in documents if d["kind"] == "Deployment")
    pod = server["spec"]["template"]["spec"]
    envoy = named(pod["containers"], "envoy")
    (mount,) = [m for m in envoy["volumeMounts"] if m["mountPath"] == DEPLOYED_WEB_ROOT]
    assert mount["readOnly"] is True
    volume = named(pod["volumes"], mount["name"])
    assert "emptyDir" in volume
    (filler,) = [
        c
        for c in pod["initContainers"]
        if any(m["name"] == mount["name"] for m in c["volumeMounts"])
    ]
    assert filler["image"] == named(pod["containers"], "nexus")["image"]
    assert 'files("nexus") / "web"' in filler["command"][-1]
    for route in web_file_routes(hcm(deployed)[2]):
        assert route["direct_response"]["body"]["filename"].startswith(DEPLOYED_WEB_ROOT + "/")
