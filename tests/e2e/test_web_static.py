"""The console and the widget's script as Envoy serves them, and the widget's CORS."""

from __future__ import annotations

import gzip
import random
import re
import ssl
import string
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nexus.gateway.process import Stack
from nexus.gateway.render import web_root
from nexus.v1 import interaction_service_pb2 as ispb
from tests.e2e.conftest import Gateway, Stubs

SHOP = "https://shop.example"  # a customer's website, in no operator's list
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def browser(stack: Stack, http2: bool) -> httpx.Client:
    """A client with no API key and no Accept-Encoding unless a request adds one."""
    assert stack.ca
    return httpx.Client(
        base_url=stack.url,
        verify=ssl.create_default_context(cafile=stack.ca),
        headers={"accept-encoding": "identity"},
        http2=http2,
        timeout=10,
    )


@pytest.fixture(params=[False, True], ids=["http1.1", "http2"])
def web(request, gateway: Gateway) -> Iterator[httpx.Client]:
    with browser(gateway.stack, request.param) as client:
        yield client


def built(file: str) -> bytes:
    path = web_root() / file
    if not path.is_file():
        pytest.skip(f"{file} is not built (npm run build in clients/web)")
    return path.read_bytes()


def test_console_page_comes_with_its_security_headers(web):
    page = built("console/index.html")
    for path in ("/console/", "/console/index.html"):
        resp = web.get(path)
        assert resp.status_code == 200
        assert resp.content == page
        headers = resp.headers
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "no-cache"
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
        assert headers["strict-transport-security"] == "max-age=31536000"
    head = web.head("/console/")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-security-policy"] == CSP


def test_console_script_is_javascript_and_gzipped_for_browsers_that_accept_it(web):
    script = built("console/console.js")
    plain = web.get("/console/console.js")
    assert plain.status_code == 200
    assert plain.headers["content-type"] == "text/javascript; charset=utf-8"
    assert plain.headers["x-content-type-options"] == "nosniff"
    assert "content-encoding" not in plain.headers
    assert plain.content == script
    with web.stream("GET", "/console/console.js", headers={"accept-encoding": "gzip"}) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in resp.headers["vary"].lower()
        raw = b"".join(resp.iter_raw())
    assert len(raw) < len(script)
    assert gzip.decompress(raw) == script


def test_widget_script_may_be_loaded_by_any_site(web):
    script = built("widget/widget.js")
    resp = web.get("/widget/widget.js", headers={"origin": SHOP, "accept-encoding": "gzip"})
    assert resp.status_code == 200
    assert resp.content == script  # httpx has decompressed it
    headers = resp.headers
    assert headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["cross-origin-resource-policy"] == "cross-origin"
    assert headers["access-control-allow-origin"] == "*"
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_console_without_slash_redirects_and_other_paths_are_not_found(web):
    resp = web.get("/console")
    assert resp.status_code == 301
    assert resp.headers["location"].endswith("/console/")
    for path in ("/console/nope", "/widget/nope.js"):
        resp = web.get(path)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"] == "text/plain"  # for a browser, not an API error
    resp = web.post("/console/", content=b"x")
    assert resp.status_code == 405
    assert resp.headers["allow"] == "GET, HEAD"


def preflight(client: httpx.Client, path: str) -> httpx.Response:
    return client.options(
        path,
        headers={
            "origin": SHOP,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type, x-grpc-web",
        },
    )


def test_widget_methods_answer_a_preflight_from_any_origin(web):
    """The session stack renders envoy.yaml's origins: none."""
    for path in (
        "/nexus.v1.AccessService/StartChat",
        "/nexus.v1.InteractionService/SendMessage",
        "/nexus.v1.EventService/WatchEvents",
    ):
        resp = preflight(web, path)
        assert resp.status_code == 200, path
        assert resp.headers["access-control-allow-origin"] == SHOP
        assert "authorization" in resp.headers["access-control-allow-headers"]
        assert "POST" in resp.headers["access-control-allow-methods"]
    for path in ("/nexus.v1.WebhookService/ListWebhooks", "/nexus.v1.AccessService/CreateApiKey"):
        assert "access-control-allow-origin" not in preflight(web, path).headers, path


def grpc_web(
    client: httpx.Client, path: str, key: str, body: bytes = b"", origin: str = SHOP
) -> httpx.Response:
    """A gRPC-Web call with a request message, as a browser on ``origin`` sends it."""
    auth = {"authorization": f"Bearer {key}"} if key.count(".") == 2 else {"x-api-key": key}
    return client.post(
        path,
        content=b"\x00" + len(body).to_bytes(4, "big") + body,
        headers={
            "origin": origin,
            "content-type": "application/grpc-web+proto",
            "x-grpc-web": "1",
            "accept-encoding": "gzip, deflate, br",  # as browsers send it
            **auth,
        },
    )


def grpc_status(resp: httpx.Response) -> str:
    """A gRPC-Web answer's status: in its headers (trailers-only) or its trailers frame."""
    if "grpc-status" in resp.headers:
        return resp.headers["grpc-status"]
    found = re.search(rb"grpc-status:(\d+)", resp.content)
    assert found, resp.content
    return found[1].decode()


def test_widget_calls_are_answered_per_key(web, gateway: Gateway):
    """The answer is readable from the origins the widget key (or the chat session) was
    admitted from, and from no other: its CORS is the key's."""
    from nexus.v1 import access_pb2 as apb
    from nexus.v1 import access_service_pb2 as aspb
    from nexus.v1 import access_service_pb2_grpc as aspb_grpc

    stub = aspb_grpc.AccessServiceStub(gateway.channel())
    md = (("x-api-key", gateway.key_a),)

    def widget_key(*origins: str) -> str:
        made = aspb.CreateApiKeyRequest(
            api_key=apb.ApiKey(role=apb.API_KEY_ROLE_WIDGET, allowed_origins=origins)
        )
        return stub.CreateApiKey(made, metadata=md, timeout=10).key

    start = aspb.StartChatRequest(customer_name="Ada").SerializeToString()
    ours = grpc_web(web, "/nexus.v1.AccessService/StartChat", widget_key(SHOP), start)
    assert ours.status_code == 200 and grpc_status(ours) == "0"
    assert ours.headers["access-control-allow-origin"] == SHOP
    assert "grpc-status-details-bin" in ours.headers["access-control-expose-headers"]
    assert "content-encoding" not in ours.headers  # API answers are never gzipped
    # another site's key: refused, and the refusal is not readable from here
    theirs = grpc_web(
        web, "/nexus.v1.AccessService/StartChat", widget_key("https://other.example"), start
    )
    assert grpc_status(theirs) == "7"
    assert "access-control-allow-origin" not in theirs.headers
    # the session: its answers are readable from its own origin
    chat = apb.ChatSession.FromString(ours.content[5 : 5 + int.from_bytes(ours.content[1:5])])
    get = ispb.GetInteractionRequest(name=chat.interaction.name).SerializeToString()
    mine = grpc_web(web, "/nexus.v1.InteractionService/GetInteraction", chat.token, get)
    assert mine.headers["access-control-allow-origin"] == SHOP
    elsewhere = grpc_web(
        web, "/nexus.v1.InteractionService/GetInteraction", chat.token, get, "https://x.example"
    )
    assert grpc_status(elsewhere) == "16"  # bound to the origin it started from
    # ...and that refusal is readable, so that the widget knows to start over
    assert elsewhere.headers["access-control-allow-origin"] == "https://x.example"
    # an admin key from a site on no operator's list: the API works, the browser cannot read
    admin = grpc_web(web, "/nexus.v1.InteractionService/ListMessages", gateway.key_a)
    assert grpc_status(admin) == "3"  # the server answered: no parent given
    assert "access-control-allow-origin" not in admin.headers


def test_api_still_answers(rest: httpx.Client, stubs: Stubs):
    resp = rest.get("/v1/interactions", params={"pageSize": 1}, headers={"accept-encoding": "gzip"})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert "content-encoding" not in resp.headers
    assert "interactions" in resp.json()
    created = stubs.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction={"media_type": "MEDIA_TYPE_CHAT"}),
        metadata=stubs.md,
    )
    got = stubs.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=created.name), metadata=stubs.md
    )
    assert got.name == created.name
    # REST of the widget's methods is transcoded and routed: the server answers (501
    # while it does not implement AccessService), not the transcoder (404).
    caller = rest.get("/v1/caller")
    assert caller.status_code in (200, 501), caller.text


def test_large_files_whole_and_a_missing_one_is_404(stack_factory, tmp_path: Path):
    """A 1.5 MiB script is served whole (plain and gzipped); a web root without the
    stylesheet answers 404 for it and serves the rest."""
    root = tmp_path / "web"
    (root / "console").mkdir(parents=True)
    (root / "widget").mkdir()
    rng = random.Random(13)
    script = "".join(rng.choices(string.ascii_letters + " ;\n", k=1536 * 1024)).encode()
    (root / "console/console.js").write_bytes(script)
    (root / "console/index.html").write_text("<!doctype html><title>t</title>")
    (root / "widget/widget.js").write_text("void 0;\n")
    stack = stack_factory(gateway_overrides={"web_root": str(root)})
    for http2 in (False, True):
        with browser(stack, http2) as client:
            assert client.get("/console/console.js").content == script
            gzipped = client.get("/console/console.js", headers={"accept-encoding": "gzip"})
            assert gzipped.headers["content-encoding"] == "gzip"
            assert gzipped.content == script
            missing = client.get("/console/console.css")
            assert missing.status_code == 404
            assert "not built" in missing.text
            assert client.get("/console/").status_code == 200
