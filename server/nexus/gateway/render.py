"""Render the committed ``envoy.yaml`` with other ports, paths and limits.

The repository's ``envoy.yaml`` is the one deployable configuration; ``nexus up`` and the
tests load it and change only the values listed in :class:`GatewaySettings`, so the two
cannot drift apart.
"""

from __future__ import annotations

import copy
import importlib.resources
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

import nexus

# server/nexus/__init__.py -> repository root (editable install or source checkout).
REPO = Path(nexus.__file__).resolve().parents[2]


# Where envoy.yaml as committed expects the console's and widget's files (the Kubernetes
# manifests mount them there); rendering points these paths into ``web_root``.
DEPLOYED_WEB_ROOT = "/etc/nexus/web"


def web_root() -> Path:
    """The installed package's console and widget files (``nexus/web``, built by
    ``npm run build`` in clients/web)."""
    # A plain directory: Envoy opens the files by path, so nexus cannot run from a zip.
    return Path(str(importlib.resources.files("nexus") / "web"))


def repo_file(relative: str) -> Path:
    """A file of the source checkout that the running package needs (envoy.yaml, nexus.pb)."""
    path = REPO / relative
    if not path.is_file():
        raise FileNotFoundError(
            f"{relative} not found at {path}: the gateway tooling needs a source checkout "
            "installed with `pip install -e .` (or pass the file's path explicitly)"
        )
    return path


@dataclass(frozen=True)
class GatewaySettings:
    """What differs between deployments of the sidecar; everything else is envoy.yaml's."""

    cert_chain: str
    """PEM certificate chain the HTTPS listener presents."""

    private_key: str
    """PEM private key of that certificate."""

    upstream_port: int
    """Port of the nexus gRPC server (h2c)."""

    replica_ports: tuple[int, ...] = ()
    """Ports of further server replicas on ``upstream_host``: Envoy balances across all."""

    https_port: int = 443
    """Port of the HTTPS listener."""

    host: str = "0.0.0.0"
    """Address the HTTPS listener binds."""

    upstream_host: str = "127.0.0.1"
    """Host of the nexus gRPC server."""

    admin_port: int = 9901
    """Admin interface port, always on 127.0.0.1 (0 = any free port)."""

    descriptor: str = ""
    """Descriptor set for the JSON transcoder (default: the repository's gateway/nexus.pb)."""

    web_root: str = ""
    """Directory of the console's and widget's files (default: :func:`web_root`). A file it
    lacks (the web client not built) is answered 404, and the rest is served."""

    rate_limit_tokens: int | None = None
    """Token bucket size (burst) of the local rate limit; ``None`` keeps envoy.yaml's."""

    rate_limit_refill: tuple[int, str] | None = None
    """Tokens added per interval, e.g. ``(100, "1s")``; ``None`` keeps envoy.yaml's."""

    max_request_body_bytes: int | None = None
    """Largest request body before 413; ``None`` keeps envoy.yaml's."""

    cors_origins: tuple[str, ...] | None = None
    """Origins browsers may call from (``"*"``: any); ``None`` keeps envoy.yaml's (none)."""

    max_connections: int | None = None
    """Downstream connections Envoy accepts at once; ``None`` keeps envoy.yaml's."""

    tls_handshake_timeout_s: float | None = None
    """Time a client has to finish the TLS handshake; ``None`` keeps envoy.yaml's."""

    request_headers_timeout_s: float | None = None
    """Time a client has to send all request headers; ``None`` keeps envoy.yaml's."""

    request_timeout_s: float | None = None
    """Time a client has to send a whole request; ``None`` keeps envoy.yaml's."""

    idle_timeout_s: float | None = None
    """A connection with no stream open is closed after this; ``None`` keeps envoy.yaml's."""

    otlp_traces_endpoint: str | None = None
    """Where Envoy sends its spans, an ``http://host:port/path`` OTLP/HTTP traces URL, and
    then it samples every request; ``None`` keeps envoy.yaml's (a collector on
    127.0.0.1:4318, no request sampled: the trace context is still passed on)."""


def _seconds(value: float) -> str:
    return f"{value:g}s"


def cors_origin_matchers(origins: tuple[str, ...]) -> list[dict[str, Any]]:
    """Envoy's allow_origin_string_match for ``origins`` (``"*"`` allows any)."""
    if "*" in origins:
        return [{"safe_regex": {"regex": ".*"}}]
    return [{"exact": origin} for origin in origins]


def load_template(path: Path | None = None) -> dict[str, Any]:
    """The committed envoy.yaml as a dict."""
    data: dict[str, Any] = yaml.safe_load((path or repo_file("envoy.yaml")).read_text())
    return data


def _named(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for item in items:
        if item.get("name") == name:
            return item
    raise KeyError(f"envoy.yaml has no entry named {name!r}")


def render(settings: GatewaySettings, template: dict[str, Any] | None = None) -> dict[str, Any]:
    """envoy.yaml with ``settings`` applied."""
    cfg = copy.deepcopy(template if template is not None else load_template())
    cfg["admin"]["address"]["socket_address"].update(
        address="127.0.0.1", port_value=settings.admin_port
    )

    resources = cfg["static_resources"]
    listener = _named(resources["listeners"], "https")
    listener["address"]["socket_address"].update(
        address=settings.host, port_value=settings.https_port
    )
    chain = listener["filter_chains"][0]
    if settings.tls_handshake_timeout_s is not None:
        chain["transport_socket_connect_timeout"] = _seconds(settings.tls_handshake_timeout_s)
    tls = chain["transport_socket"]["typed_config"]["common_tls_context"]
    tls["tls_certificates"] = [
        {
            "certificate_chain": {"filename": settings.cert_chain},
            "private_key": {"filename": settings.private_key},
        }
    ]
    hcm = _named(chain["filters"], "envoy.filters.network.http_connection_manager")["typed_config"]
    for key, value in (
        ("request_headers_timeout", settings.request_headers_timeout_s),
        ("request_timeout", settings.request_timeout_s),
    ):
        if value is not None:
            hcm[key] = _seconds(value)
    if settings.idle_timeout_s is not None:
        hcm["common_http_protocol_options"]["idle_timeout"] = _seconds(settings.idle_timeout_s)
    if settings.cors_origins is not None:
        vhost = hcm["route_config"]["virtual_hosts"][0]
        policy = vhost["typed_per_filter_config"]["envoy.filters.http.cors"]
        policy["allow_origin_string_match"] = cors_origin_matchers(settings.cors_origins)
    _serve_web_files(hcm, Path(settings.web_root) if settings.web_root else web_root())
    filters = hcm["http_filters"]
    transcoder = _named(filters, "envoy.filters.http.grpc_json_transcoder")["typed_config"]
    transcoder["proto_descriptor"] = settings.descriptor or str(repo_file("gateway/nexus.pb"))
    if settings.max_request_body_bytes is not None:
        buffer = _named(filters, "envoy.filters.http.buffer")["typed_config"]
        buffer["max_request_bytes"] = settings.max_request_body_bytes
    bucket = _named(filters, "envoy.filters.http.local_ratelimit")["typed_config"]["token_bucket"]
    if settings.rate_limit_tokens is not None:
        bucket["max_tokens"] = settings.rate_limit_tokens
    if settings.rate_limit_refill is not None:
        tokens, interval = settings.rate_limit_refill
        bucket.update(tokens_per_fill=tokens, fill_interval=interval)

    if settings.max_connections is not None:
        monitor = _named(
            cfg["overload_manager"]["resource_monitors"],
            "envoy.resource_monitors.global_downstream_max_connections",
        )
        monitor["typed_config"]["max_active_downstream_connections"] = settings.max_connections

    if settings.otlp_traces_endpoint is not None:
        _trace_to(hcm, resources, settings.otlp_traces_endpoint)

    cluster = _named(resources["clusters"], "nexus")
    endpoints = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"]
    template_endpoint = endpoints[0]
    endpoints.clear()
    for port in (settings.upstream_port, *settings.replica_ports):
        endpoint = copy.deepcopy(template_endpoint)
        endpoint["endpoint"]["address"]["socket_address"].update(
            address=settings.upstream_host, port_value=port
        )
        endpoints.append(endpoint)
    return cfg


def web_file_routes(hcm: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The routes that answer with a file of the console or widget."""
    for vhost in hcm["route_config"]["virtual_hosts"]:
        for route in vhost["routes"]:
            filename = route.get("direct_response", {}).get("body", {}).get("filename")
            if filename is not None:
                yield route


def _serve_web_files(hcm: dict[str, Any], root: Path) -> None:
    for route in web_file_routes(hcm):
        response = route["direct_response"]
        relative = Path(response["body"]["filename"]).relative_to(DEPLOYED_WEB_ROOT)
        path = root / relative
        if path.is_file():
            response["body"] = {"filename": str(path)}
            continue
        # Envoy would refuse to start on a missing file. Without the web client built the
        # API still works, and the file's path says why it is empty.
        response.update(
            status=404,
            body={"inline_string": f"{relative} is not built (npm run build in clients/web)\n"},
        )
        route.pop("response_headers_to_add", None)


def otlp_traces_endpoint(env: Mapping[str, str]) -> str | None:
    """The OTLP/HTTP traces URL the standard variables name, if any (as the SDK reads
    them: the signal's own URL as is, the general one with ``/v1/traces`` added)."""
    if url := env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        return url
    if url := env.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return url.rstrip("/") + "/v1/traces"
    return None


def _trace_to(hcm: dict[str, Any], resources: dict[str, Any], url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"Envoy sends its spans over plain OTLP/HTTP: {url!r} is not http://host")
    hcm["tracing"]["random_sampling"] = {"value": 100}  # a collector takes them: every request
    exporter = hcm["tracing"]["provider"]["typed_config"]["http_service"]["http_uri"]
    exporter["uri"] = url
    otlp = _named(resources["clusters"], "otlp")
    address = otlp["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]["address"]
    address["socket_address"].update(address=parts.hostname, port_value=parts.port or 80)


def write(settings: GatewaySettings, path: Path) -> Path:
    """Renders into ``path`` (created with its parents) and returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(render(settings), sort_keys=False))
    return path
