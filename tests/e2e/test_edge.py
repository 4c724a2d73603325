"""Envoy as the edge: limits, timeouts, its own replies, CORS and port ownership.

Everything goes through a real Envoy over TLS; stacks with short rendered timeouts or
other origins are started by the tests that need them.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import httpx
import pytest

from nexus.gateway.process import Stack, healthz
from nexus.ports import PortInUse
from nexus.v1 import interaction_service_pb2 as ispb
from tests.e2e.conftest import KEY_A, Gateway, make_stack

ROOT = Path(__file__).parents[2]
HEADER_LIMIT = 16 * 1024  # envoy.yaml's header_limit filter


def client(stack: Stack, http2: bool, **headers: str) -> httpx.Client:
    assert stack.ca
    return httpx.Client(
        base_url=stack.url,
        verify=ssl.create_default_context(cafile=stack.ca),
        headers={"x-api-key": KEY_A, **headers},
        http2=http2,
        timeout=10,
    )


def assert_status_body(resp: httpx.Response, status: int, code: int, reason: str) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert body["code"] == code and body["message"]
    (info,) = [d for d in body["details"] if d["@type"].endswith("google.rpc.ErrorInfo")]
    assert (info["reason"], info["domain"]) == (reason, "nexus.dev")


@pytest.fixture(params=[False, True], ids=["http1.1", "http2"])
def http(request, gateway: Gateway) -> Iterator[httpx.Client]:
    with client(gateway.stack, http2=request.param) as c:
        c.get("/v1/stateModel").raise_for_status()
        assert c.get("/v1/stateModel").http_version == ("HTTP/2" if request.param else "HTTP/1.1")
        yield c


# --- header and URL limits -------------------------------------------------------------


def test_headers_just_under_the_limit_reach_the_server(http):
    resp = http.get("/v1/interactions", headers={"x-padding": "a" * (HEADER_LIMIT - 1024)})
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("where", ["header", "url"])
def test_headers_over_the_limit_are_431_with_a_status_body(http, where):
    big = "a" * (HEADER_LIMIT + 1024)
    if where == "header":
        resp = http.get("/v1/interactions", headers={"x-padding": big})
    else:
        resp = http.get("/v1/interactions", params={"pageToken": big})
    assert_status_body(resp, 431, 8, "HEADERS_TOO_LARGE")


def test_grpc_metadata_limit_agrees_with_envoy(gateway: Gateway):
    from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

    with gateway.channel() as channel:
        stub = ispb_grpc.InteractionServiceStub(channel)
        under = (("x-api-key", KEY_A), ("x-padding", "a" * (HEADER_LIMIT - 1024)))
        stub.ListInteractions(ispb.ListInteractionsRequest(), metadata=under, timeout=10)
        over = (("x-api-key", KEY_A), ("x-padding", "a" * (HEADER_LIMIT + 1024)))
        with pytest.raises(grpc.RpcError) as err:
            stub.ListInteractions(ispb.ListInteractionsRequest(), metadata=over, timeout=10)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "16 KiB" in err.value.details()


# --- Envoy's own replies -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/v1/events"),
        ("PUT", "/v1/interactions"),
        ("DELETE", "/v1/interactions/abc"),
        ("GET", "/v1/interactions/abc:queue"),
        ("PATCH", "/v1/webhooks/abc/deliveries?pageSize=1"),
    ],
)
def test_method_a_path_does_not_have_is_405(http, method, path):
    resp = http.request(method, path, content=b"{}" if method != "GET" else None)
    assert_status_body(resp, 405, 12, "METHOD_NOT_ALLOWED")


def test_unknown_path_is_404(http):
    assert_status_body(http.get("/v1/nowhere"), 404, 5, "UNKNOWN_METHOD")
    assert_status_body(http.post("/v1/interactions/a:explode", json={}), 404, 5, "UNKNOWN_METHOD")


def test_body_over_the_limit_is_413(http):
    resp = http.post("/v1/interactions", json={"subject": "x" * (2 * 1024 * 1024)})
    assert_status_body(resp, 413, 8, "REQUEST_TOO_LARGE")


def raw_tls(stack: Stack) -> ssl.SSLSocket:
    """An HTTP/1.1 TLS connection to Envoy, for requests httpx will not send."""
    assert stack.ca
    context = ssl.create_default_context(cafile=stack.ca)
    context.set_alpn_protocols(["http/1.1"])
    sock = socket.create_connection(("127.0.0.1", stack.https_port), timeout=30)
    return context.wrap_socket(sock, server_hostname="localhost")


def read_all(sock: ssl.SSLSocket) -> bytes:
    """Everything Envoy sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def parse_response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def test_http10_is_426_with_a_status_body(gateway: Gateway):
    with raw_tls(gateway.stack) as sock:
        sock.sendall(b"GET /v1/interactions HTTP/1.0\r\nx-api-key: " + KEY_A.encode() + b"\r\n\r\n")
        status, headers, body = parse_response(read_all(sock))
    assert status == 426 and headers["content-type"] == "application/json"
    error = json.loads(body)
    assert error["code"] == 9
    assert error["details"][0]["reason"] == "HTTP_VERSION_NOT_SUPPORTED"


def test_http11_codec_limit_is_431_with_a_status_body(gateway: Gateway):
    """Beyond even the codec's limit (96 KiB) HTTP/1.1 still gets the JSON 431."""
    with raw_tls(gateway.stack) as sock:
        padding = b"a" * (100 * 1024)
        sock.sendall(
            b"GET /v1/interactions HTTP/1.1\r\nhost: x\r\nx-padding: " + padding + b"\r\n\r\n"
        )
        status, headers, body = parse_response(read_all(sock))
    assert status == 431 and headers["content-type"] == "application/json"
    assert json.loads(body)["details"][0]["reason"] == "HEADERS_TOO_LARGE"


# --- slow clients, idle connections, streams ---------------------------------------------

SHORT = {
    "tls_handshake_timeout_s": 1,
    "request_headers_timeout_s": 1,
    "request_timeout_s": 2,
    "idle_timeout_s": 1,
}


@pytest.fixture(scope="module")
def impatient(tmp_path_factory) -> Iterator[Stack]:
    """A stack whose edge timeouts are a second or two."""
    stack = make_stack(tmp_path_factory.mktemp("impatient"), gateway_overrides=SHORT)
    yield stack
    stack.stop()


def test_client_that_never_finishes_the_tls_handshake_is_cut_off(impatient):
    with socket.create_connection(("127.0.0.1", impatient.https_port), timeout=30) as sock:
        sock.sendall(b"\x16\x03\x01")  # the start of a ClientHello, and nothing more
        assert sock.recv(1024) == b""  # Envoy closed it (a timeout here would raise)


def test_slowloris_partial_headers_are_cut_off(impatient):
    with raw_tls(impatient) as sock:
        sock.sendall(b"GET /v1/interactions HTTP/1.1\r\nhost: x\r\nx-api-key: ")
        raw = read_all(sock)  # returns once Envoy closes; the socket timeout is 30 s
    if raw:  # Envoy may say why before closing
        assert parse_response(raw)[0] == 408


def test_idle_connection_is_closed(impatient):
    with raw_tls(impatient) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        raw = read_all(sock)  # one response, then the keep-alive connection idles out
    assert raw.startswith(b"HTTP/1.1 200")


def test_watch_stream_outlives_the_request_timeout(impatient):
    request_timeout = SHORT["request_timeout_s"]
    with client(impatient, http2=False) as c:
        params = {"eventTypes": "webhook.disabled", "heartbeatInterval": "1s"}
        with c.stream("GET", "/v1/events:watch", params=params) as stream:
            assert stream.status_code == 200
            started = time.monotonic()
            beats = 0
            for line in stream.iter_lines():
                if line.strip():
                    assert "heartbeat" in json.loads(line)
                    beats += 1
                if time.monotonic() - started > 2 * request_timeout:
                    break
    assert beats >= 2


def test_grpc_watch_outlives_the_request_timeout(impatient):
    from nexus.v1 import event_service_pb2 as espb
    from nexus.v1 import event_service_pb2_grpc as espb_grpc

    assert impatient.ca
    creds = grpc.ssl_channel_credentials(Path(impatient.ca).read_bytes())
    with grpc.secure_channel(impatient.address, creds) as channel:
        stream = espb_grpc.EventServiceStub(channel).WatchEvents(
            espb.WatchEventsRequest(event_types=["webhook.disabled"]),
            metadata=(("x-api-key", KEY_A),),
        )
        started = time.monotonic()
        for response in stream:
            assert response.HasField("heartbeat")
            if time.monotonic() - started > 2 * SHORT["request_timeout_s"]:
                break
        stream.cancel()


def test_grpc_web_watch_outlives_the_request_timeout(impatient):
    from nexus.v1 import event_service_pb2 as espb
    from tests.e2e.test_grpc import grpc_web_frame

    request = espb.WatchEventsRequest(event_types=["webhook.disabled"]).SerializeToString()
    headers = {"content-type": "application/grpc-web+proto", "x-grpc-web": "1"}
    with (
        client(impatient, http2=False) as c,
        c.stream(
            "POST",
            "/nexus.v1.EventService/WatchEvents",
            content=grpc_web_frame(request),
            headers=headers,
        ) as stream,
    ):
        assert stream.status_code == 200
        started = time.monotonic()
        received = 0
        for chunk in stream.iter_bytes():
            received += len(chunk)  # heartbeat frames, one a second
            if time.monotonic() - started > 2 * SHORT["request_timeout_s"]:
                break
    assert received > 0


def test_unary_calls_still_work_under_short_timeouts(impatient):
    with client(impatient, http2=True) as c:
        assert c.get("/v1/interactions").status_code == 200


def test_connections_beyond_the_limit_are_refused(stack_factory):
    stack = stack_factory(gateway_overrides={"max_connections": 2})
    held = [raw_tls(stack) for _ in range(2)]
    try:
        # Envoy accepts and at once closes it: the handshake or the first read fails.
        with pytest.raises(OSError), raw_tls(stack) as third:
            third.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            if not third.recv(1024):
                raise ConnectionResetError("closed by Envoy")
        for sock in held:  # the admitted connections keep working
            sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    finally:
        for sock in held:
            sock.close()


# --- CORS --------------------------------------------------------------------------------

ORIGIN = "https://app.example"


def rest_paths() -> list[tuple[str, str]]:
    """Every (method, path) of docs/openapi.yaml with its parameters filled in."""
    import yaml

    spec = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "x", path))
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "delete"}
    ]


@pytest.fixture(scope="module")
def browser_stack(tmp_path_factory) -> Iterator[Stack]:
    stack = make_stack(tmp_path_factory.mktemp("cors"), cors_origins=(ORIGIN,))
    yield stack
    stack.stop()


@pytest.mark.parametrize("http2", [False, True], ids=["http1.1", "http2"])
def test_preflight_is_answered_on_every_rest_path(browser_stack, http2):
    paths = rest_paths()
    assert len(paths) > 30
    with client(browser_stack, http2=http2) as c:
        for method, path in paths:
            resp = c.options(
                path,
                headers={
                    "origin": ORIGIN,
                    "access-control-request-method": method,
                    "access-control-request-headers": "content-type, x-api-key",
                },
            )
            assert resp.status_code == 200, (method, path, resp.text)
            assert resp.headers["access-control-allow-origin"] == ORIGIN
            assert method in resp.headers["access-control-allow-methods"]
            assert "x-api-key" in resp.headers["access-control-allow-headers"]


def test_rest_and_error_responses_carry_the_cors_headers(browser_stack):
    with client(browser_stack, http2=True, origin=ORIGIN) as c:
        for resp in (c.get("/v1/interactions"), c.get("/v1/interactions/missing")):
            assert resp.headers["access-control-allow-origin"] == ORIGIN
            exposed = resp.headers["access-control-expose-headers"]
            for header in ("grpc-status", "grpc-message", "x-request-id"):
                assert header in exposed


def test_grpc_web_preflight_is_answered(browser_stack):
    with client(browser_stack, http2=False) as c:
        resp = c.options(
            "/nexus.v1.InteractionService/ListInteractions",
            headers={
                "origin": ORIGIN,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type, x-grpc-web, x-api-key",
            },
        )
    assert resp.status_code == 200
    assert resp.headers["access-control-allow-origin"] == ORIGIN


def test_other_origins_are_not_allowed(browser_stack):
    with client(browser_stack, http2=True, origin="https://evil.example") as c:
        assert "access-control-allow-origin" not in c.get("/v1/interactions").headers


def test_deployed_config_allows_no_origin(http):
    """envoy.yaml as committed (the session stack renders no origins) allows none."""
    resp = http.get("/v1/interactions", headers={"origin": ORIGIN})
    assert resp.status_code == 200
    assert "access-control-allow-origin" not in resp.headers


# --- one process per port ----------------------------------------------------------------


def test_second_envoy_on_a_taken_port_fails_and_the_first_keeps_serving(stack_factory, tmp_path):
    first = stack_factory()
    second = Stack(
        state_dir=tmp_path / "second",
        db=str(tmp_path / "second.db"),
        api_key=KEY_A,
        https_port=first.https_port,
    )
    with pytest.raises(PortInUse, match=f"HTTPS port {first.https_port} .* in use by pid"):
        second.start(timeout=30)
    assert second.dead() is not None or not second.children
    assert "Address already in use" in (tmp_path / "second" / "logs" / "envoy.log").read_text()
    assert first.ca
    assert healthz(f"{first.url}/healthz", first.ca) == 200
    with client(first, http2=True) as c:
        assert c.get("/v1/interactions").status_code == 200


# --- unknown JSON body fields -------------------------------------------------------------


def test_unknown_json_body_fields_are_ignored_as_docs_say(http):
    """docs/api.md: the transcoder drops them (no Envoy option refuses them)."""
    resp = http.post("/v1/interactions", json={"mediaType": "MEDIA_TYPE_CHAT", "colour": "blue"})
    assert resp.status_code == 200, resp.text
    assert "colour" not in resp.json()
    unknown_query = http.get("/v1/interactions", params={"colour": "blue"})
    assert_status_body(unknown_query, 400, 3, "MALFORMED_REQUEST")
