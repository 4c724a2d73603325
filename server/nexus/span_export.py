"""Span export in a process of its own: the serving process hands its finished spans over a
pipe; a child (``python -m nexus.span_export``) encodes them as OTLP and sends them.

Why a process: encoding spans is Python work, about 15-30 µs a span. In the serving
process it took the interpreter lock from the event loop (docs/benchmarks.md,
"Observability"); handing a span over costs a few microseconds, and the child's work runs
on another core.

The hand-over never blocks the server: spans wait in a bounded list that a thread writes
to the pipe twice a second, and what does not fit (a child that cannot keep up, or died)
is dropped and counted (``nexus_trace_spans_dropped_total``). The child sends what it
has when the pipe closes, then exits.

The child speaks OTLP/HTTP with protobuf bodies, configured by the standard variables:
``OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT``, ``_HEADERS``, ``_TIMEOUT``, ``_COMPRESSION``
(``gzip``) and ``_CERTIFICATE``; the resource from ``OTEL_SERVICE_NAME`` and
``OTEL_RESOURCE_ATTRIBUTES``. A failed export is retried (429, 502, 503, 504, or no
answer) three times with backoff, then dropped with a log line.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from nexus import metrics

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import ReadableSpan

log = logging.getLogger("nexus.tracing")

FLUSH_S = 0.5
MAX_WAITING = 50_000
"""Spans kept for the child at most; more are dropped (and counted)."""
BATCH = 512
"""Spans per OTLP request, the SDK's default."""
_LENGTH = struct.Struct(">I")

# A span on the pipe: name, trace id, span id, parent span id (0: none), whether the parent
# is remote, kind, start and end (ns), status and its description, attributes.
Record = tuple[str, int, int, int, bool, int, int, int, int, str, dict[str, Any]]


class Finished(Protocol):
    """A finished span (``nexus.tracing.Span``)."""

    def record(self) -> Record: ...


def readable(r: Record, resource: Any = None) -> ReadableSpan:
    """A span as the OpenTelemetry SDK's exporters take it."""
    from opentelemetry.sdk.trace import ReadableSpan
    from opentelemetry.sdk.util.instrumentation import InstrumentationScope
    from opentelemetry.trace import SpanContext, SpanKind, Status, StatusCode, TraceFlags

    name, trace, span_id, parent_id, remote, kind, start, end, status, why, attrs = r
    flags = TraceFlags(TraceFlags.SAMPLED)
    parent = SpanContext(trace, parent_id, remote, flags) if parent_id else None
    return ReadableSpan(
        name,
        context=SpanContext(trace, span_id, False, flags),
        parent=parent,
        resource=resource,
        attributes=attrs,
        kind=SpanKind(kind - 1),  # the SDK counts from 0, OTLP from 1
        status=Status(StatusCode(status), why or None),
        start_time=start,
        end_time=end,
        instrumentation_scope=InstrumentationScope("nexus"),
    )


class Forwarder:
    """Hands finished spans to the exporting child process."""

    def __init__(self, service_name: str, exporters: Sequence[str]) -> None:
        self._child = subprocess.Popen(
            [sys.executable, "-m", "nexus.span_export", service_name, *exporters],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        self._waiting: list[Finished] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="nexus-span-export", daemon=True)
        self._thread.start()

    def add(self, span: Finished) -> None:
        if len(self._waiting) >= MAX_WAITING:
            metrics.SPANS_DROPPED.inc()
            return
        self._waiting.append(span)  # list.append is atomic: no lock on the serving path

    def _take(self) -> list[Finished]:
        with self._lock:
            taken, self._waiting = self._waiting, []
        return taken

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(FLUSH_S)
            self._send(self._take())

    def _send(self, spans: list[Finished]) -> None:
        if not spans:
            return
        stdin = self._child.stdin
        try:
            assert stdin is not None
            data = pickle.dumps([s.record() for s in spans], pickle.HIGHEST_PROTOCOL)
            stdin.write(_LENGTH.pack(len(data)) + data)
            stdin.flush()
        except (OSError, ValueError):  # the child is gone: nothing can send them
            metrics.SPANS_DROPPED.inc(len(spans))

    def close(self) -> None:
        """Sends what is left, closes the pipe and waits for the child to export it."""
        self._closed = True
        self._wake.set()
        self._thread.join(5)
        self._send(self._take())
        if self._child.stdin is not None:
            self._child.stdin.close()
        try:
            self._child.wait(15)
        except subprocess.TimeoutExpired:
            self._child.kill()


# -- the child ---------------------------------------------------------------------------


class OtlpHttp:
    """POSTs batches of spans as OTLP/HTTP protobuf, configured by the OTEL_* variables."""

    def __init__(self, service_name: str, env: Mapping[str, str]) -> None:
        from opentelemetry.sdk.resources import Resource

        def setting(name: str, default: str = "") -> str:
            return env.get(f"OTEL_EXPORTER_OTLP_TRACES_{name}") or env.get(
                f"OTEL_EXPORTER_OTLP_{name}", default
            )

        self.url = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or (
            setting("ENDPOINT", "http://localhost:4318").rstrip("/") + "/v1/traces"
        )
        self.headers = {"Content-Type": "application/x-protobuf"}
        for pair in filter(None, (p.strip() for p in setting("HEADERS").split(","))):
            key, _, value = pair.partition("=")
            self.headers[urllib.parse.unquote(key.strip())] = urllib.parse.unquote(value.strip())
        self.timeout_s = float(setting("TIMEOUT", "10000")) / 1000
        self.gzip = setting("COMPRESSION", "none").strip().lower() == "gzip"
        if self.gzip:
            self.headers["Content-Encoding"] = "gzip"
        ca = setting("CERTIFICATE")
        self.tls = ssl.create_default_context(cafile=ca or None)
        self.resource = Resource.create({"service.name": service_name}).attributes

    def encode(self, records: list[Record]) -> bytes:
        """One ExportTraceServiceRequest, built with the OTLP protobuf classes."""
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
        )

        request = ExportTraceServiceRequest()
        resource_spans = request.resource_spans.add()
        _attributes(resource_spans.resource.attributes, self.resource)
        scope_spans = resource_spans.scope_spans.add()
        scope_spans.scope.name = "nexus"
        for name, trace, span_id, parent, remote, kind, start, end, status, why, attrs in records:
            s = scope_spans.spans.add()
            s.trace_id = trace.to_bytes(16, "big")
            s.span_id = span_id.to_bytes(8, "big")
            if parent:
                s.parent_span_id = parent.to_bytes(8, "big")
            s.name, s.kind = name, kind
            s.start_time_unix_nano, s.end_time_unix_nano = start, end
            s.flags = 0x100 | (0x200 if remote else 0)  # whether the parent is remote
            _attributes(s.attributes, attrs)
            if status:
                s.status.code, s.status.message = status, why
        return request.SerializeToString()

    def export(self, records: list[Record]) -> None:
        body = self.encode(records)
        if self.gzip:
            body = gzip.compress(body)
        problem = ""
        for attempt in range(4):
            if attempt:
                time.sleep(2 ** (attempt - 1))
            request = urllib.request.Request(self.url, body, self.headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s, context=self.tls):
                    return
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}"
                if exc.code not in (429, 502, 503, 504):
                    break
            except OSError as exc:
                problem = f"{type(exc).__name__}: {exc}"
        log.warning(
            "span export failed; spans dropped", extra={"spans": len(records), "error": problem}
        )


def _attributes(target: Any, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        kv = target.add()
        kv.key = key
        if isinstance(value, bool):
            kv.value.bool_value = value
        elif isinstance(value, int):
            kv.value.int_value = value
        elif isinstance(value, float):
            kv.value.double_value = value
        else:
            kv.value.string_value = str(value)


def child(service_name: str, names: list[str]) -> None:
    """Reads batches of spans from stdin until it closes, exporting each."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    otlp = OtlpHttp(service_name, os.environ) if "otlp" in names else None
    console = None
    if "console" in names:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        console = ConsoleSpanExporter(out=sys.stderr)
        resource = Resource.create({"service.name": service_name})
    source = sys.stdin.buffer
    while header := source.read(_LENGTH.size):
        (size,) = _LENGTH.unpack(header)
        records: list[Record] = pickle.loads(source.read(size))
        for n in range(0, len(records), BATCH):
            batch = records[n : n + BATCH]
            if otlp is not None:
                otlp.export(batch)
            if console is not None:
                console.export([readable(r, resource) for r in batch])


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2:])
