"""One trace from the caller to the webhook receiver, through the real Envoy.

The server and its notifier run in this process with the OpenTelemetry SDK's in-memory
exporter; Envoy exports its own spans over OTLP/HTTP to a collector stand-in here. The
chain checked, span by span: the caller's span (or none) → Envoy's → the server's span
of the RPC → the store transaction (whose context the event keeps) → the notifier's
delivery attempt → the ``traceparent`` the receiver got.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import ssl

import grpc
import httpx
import pytest
from aiohttp import web
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from nexus import tracing
from nexus.app import create_server
from nexus.config import Config
from nexus.gateway import certs
from nexus.gateway.process import free_port, healthz, start_envoy, start_server
from nexus.gateway.render import GatewaySettings, write
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc

from helpers import until

KEY = "nxs_tracing_test_key_0123456789"
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
DELIVERY = "webhook delivery"


class Collector:
    """An OTLP/HTTP traces endpoint: keeps every span it is sent, by span id."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[str, str, str, int]] = {}  # id -> trace, parent, name, kind
        self.port = free_port()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/traces"

    async def _export(self, request: web.Request) -> web.Response:
        sent = ExportTraceServiceRequest.FromString(await request.read())
        for resource in sent.resource_spans:
            for scope in resource.scope_spans:
                for s in scope.spans:
                    self.spans[s.span_id.hex()] = (
                        s.trace_id.hex(), s.parent_span_id.hex(), s.name, s.kind
                    )  # fmt: skip
        return web.Response(body=b"", content_type="application/x-protobuf")

    async def start(self) -> Collector:
        app = web.Application()
        app.router.add_post("/v1/traces", self._export)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    tracing.use(exporter)
    try:
        yield exporter
    finally:
        tracing.use(None)


def ids(span: ReadableSpan) -> tuple[str, str, str]:
    """trace id, span id, parent span id ('' for a root), as hex."""
    ctx = span.get_span_context()
    parent = f"{span.parent.span_id:016x}" if span.parent is not None else ""
    return f"{ctx.trace_id:032x}", f"{ctx.span_id:016x}", parent


async def test_one_trace_runs_from_the_caller_through_envoy_and_the_store_to_the_receiver(
    tmp_path, notifier_config, receiver, spans
):
    config = Config(
        listen="127.0.0.1:0",
        db=str(tmp_path / "nexus.db"),
        bootstrap_api_key=KEY,
        notifier=dataclasses.replace(notifier_config, in_process=True),
    )
    running = await create_server(config)
    collector = await Collector().start()
    dev = certs.ensure(tmp_path / "tls")
    https_port = free_port()
    settings = GatewaySettings(
        cert_chain=str(dev.cert),
        private_key=str(dev.key),
        upstream_port=running.port,
        https_port=https_port,
        host="127.0.0.1",
        admin_port=0,
        otlp_traces_endpoint=collector.url,
    )
    envoy = start_envoy(write(settings, tmp_path / "envoy.yaml"), tmp_path / "envoy.log")
    url = f"https://127.0.0.1:{https_port}"
    try:
        await until(lambda: healthz(f"{url}/healthz", str(dev.ca_cert)) == 200, blocking=True)
        verify = ssl.create_default_context(cafile=str(dev.ca_cert))
        async with httpx.AsyncClient(
            base_url=url, verify=verify, headers={"x-api-key": KEY}, timeout=10
        ) as http:
            hook = {"url": receiver.url(), "eventTypes": ["interaction.created"]}
            assert (await http.post("/v1/webhooks", json=hook)).status_code == 200
            body = {"mediaType": "MEDIA_TYPE_CHAT", "subject": "traced"}
            caller = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
            first = await http.post("/v1/interactions", json=body, headers={"traceparent": caller})
            second = await http.post("/v1/interactions", json=body)  # Envoy starts the trace
            assert first.status_code == second.status_code == 200
        await receiver.wait_for(lambda: len(receiver.at("/hook")) == 2)
        sent = [r.headers["traceparent"] for r in receiver.at("/hook")]
        by_trace = {tracing.trace_id(t): t.split("-")[2] for t in sent}
        assert CALLER_TRACE in by_trace, sent
        (envoy_trace,) = set(by_trace) - {CALLER_TRACE}

        # A delivery's span ends once its answer is judged, just after the receiver has it.
        await until(lambda: [s.name for s in spans.get_finished_spans()].count(DELIVERY) == 2)
        finished = spans.get_finished_spans()
        for trace, caller_span in ((CALLER_TRACE, CALLER_SPAN), (envoy_trace, "")):
            mine = {ids(s)[1]: s for s in finished if ids(s)[0] == trace}
            rpc = [s for s in mine.values() if s.name.endswith("/CreateInteraction")]
            assert len(rpc) == 1, [s.name for s in mine.values()]
            _, rpc_id, envoy_span = ids(rpc[0])
            assert rpc[0].kind == SpanKind.SERVER
            assert rpc[0].attributes["rpc.grpc.status_code"] == "OK"
            # Envoy's span is the RPC's parent, and the caller's span (if any) is Envoy's.
            await until(lambda s=envoy_span: s in collector.spans)  # Envoy exports every 5 s
            e_trace, e_parent, _, _ = collector.spans[envoy_span]
            assert (e_trace, e_parent) == (trace, caller_span)
            writes = [s for s in mine.values() if s.name == "nexus.store.write"]
            assert [ids(w)[2] for w in writes] == [rpc_id]
            (write_span,) = writes
            (delivery,) = [s for s in mine.values() if s.name == DELIVERY]
            assert delivery.kind == SpanKind.CLIENT
            # The event kept the transaction's context; the delivery continues it ...
            assert ids(delivery)[2] == ids(write_span)[1]
            assert delivery.attributes["http.response.status_code"] == 200
            # ... and the receiver was sent the delivery's own span as its parent.
            assert by_trace[trace] == ids(delivery)[1]
    finally:
        envoy.stop(10)
        await collector.stop()
        await running.stop(0)


async def test_a_nexus_serve_process_exports_its_spans_over_otlp(tmp_path):
    """The way production runs: the OTEL_* variables turn spans on, and a process of the
    server's own sends them to the collector; what is left goes out at shutdown."""
    collector = await Collector().start()
    env = {
        "NEXUS_BOOTSTRAP_API_KEY": KEY,
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": collector.url,
        "OTEL_SERVICE_NAME": "nexus-under-test",
    }
    try:
        server, port = await asyncio.to_thread(
            start_server, str(tmp_path / "nexus.db"), "127.0.0.1:0", tmp_path / "nexus.log", env
        )
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = ispb_grpc.InteractionServiceStub(channel)
                caller = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
                request = ispb.CreateInteractionRequest(
                    interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)
                )
                await stub.CreateInteraction(
                    request, metadata=(("x-api-key", KEY), ("traceparent", caller))
                )
        finally:
            assert await asyncio.to_thread(server.stop, 20) == 0
        mine = {k: v for k, v in collector.spans.items() if v[0] == CALLER_TRACE}
        (rpc,) = [k for k, v in mine.items() if v[2].endswith("/CreateInteraction")]
        assert mine[rpc][1] == CALLER_SPAN and mine[rpc][3] == SpanKind.SERVER.value + 1
        assert [v[1] for v in mine.values() if v[2] == "nexus.store.write"] == [rpc]
    finally:
        await collector.stop()


def test_tracing_is_off_unless_the_standard_variables_ask_for_it(monkeypatch):
    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        monkeypatch.delenv(name)
    assert not tracing.setup("nexus-test", {})
    assert not tracing.setup("nexus-test", {"OTEL_TRACES_EXPORTER": "none"})
    on = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_SDK_DISABLED": "true"}
    assert not tracing.setup("nexus-test", on)
    with pytest.raises(ValueError, match="http/protobuf"):
        tracing.setup(
            "nexus-test", {**on, "OTEL_SDK_DISABLED": "", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}
        )
    try:
        assert tracing.setup("nexus-test", {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1"})
        assert tracing.enabled()
    finally:
        tracing.shutdown()
    assert not tracing.enabled()


@pytest.mark.parametrize(
    ("name", "argument", "root", "sampled_parent", "unsampled_parent"),
    [
        ("parentbased_always_on", "", True, True, False),  # the default
        ("always_on", "", True, True, True),
        ("always_off", "", False, False, False),
        ("parentbased_always_off", "", False, True, False),
        ("traceidratio", "0.5", None, None, None),
        ("parentbased_traceidratio", "0.5", None, True, False),
    ],
)
def test_the_standard_samplers(name, argument, root, sampled_parent, unsampled_parent):
    env = {"OTEL_TRACES_SAMPLER": name, "OTEL_TRACES_SAMPLER_ARG": argument or "1.0"}
    sample = tracing.sampler(env)
    low, high = 1, 2**64 - 2  # a trace id's low 64 bits decide a ratio, as in the SDK
    for trace in (low, high):
        expected = {low: True, high: False} if root is None else {low: root, high: root}
        assert sample(trace, None) == expected[trace]
        if sampled_parent is not None:
            assert sample(trace, True) is sampled_parent
            assert sample(trace, False) is unsampled_parent
    with pytest.raises(ValueError, match="not a sampler"):
        tracing.sampler({"OTEL_TRACES_SAMPLER": "jaeger_remote"})


def test_spans_that_cannot_be_handed_over_are_dropped_and_counted(monkeypatch, spans):
    from prometheus_client import REGISTRY

    from nexus import span_export

    monkeypatch.setattr(span_export, "MAX_WAITING", 2)
    forwarder = span_export.Forwarder.__new__(span_export.Forwarder)
    forwarder._waiting = []  # no child: only the hand-over is under test
    before = REGISTRY.get_sample_value("nexus_trace_spans_dropped_total") or 0
    started = tracing.start_rpc("/nexus.v1.InteractionService/GetInteraction", None)
    assert started is not None
    for _ in range(3):
        forwarder.add(started[0])
    assert len(forwarder._waiting) == 2
    assert REGISTRY.get_sample_value("nexus_trace_spans_dropped_total") == before + 1
    tracing.end_rpc(started, "OK")
