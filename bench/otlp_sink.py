"""A local OTLP/HTTP trace receiver for the benchmarks: answers every export, counts it.

It stands in for an OpenTelemetry collector, so that a server under test pays for the whole
export (encoding, the HTTP POST) and the benchmark can check that spans were exported at
all. Each request is parsed to count its spans by name, so that spans the server dropped
(a full export queue makes tracing look cheaper than it is) show up as missing.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest


class OtlpSink:
    """POST /v1/traces on 127.0.0.1 (a free port), answered 200 with an empty body."""

    def __init__(self) -> None:
        self.requests = 0
        self.bytes = 0
        self.spans: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self.port = self._http.server_address[1]
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/traces"

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def __enter__(self) -> OtlpSink:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _received(self, body: bytes) -> None:
        export = ExportTraceServiceRequest.FromString(body)
        names = Counter(
            span.name
            for resource in export.resource_spans
            for scope in resource.scope_spans
            for span in scope.spans
        )
        with self._lock:
            self.requests += 1
            self.bytes += len(body)
            self.spans.update(names)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # the exporter keeps its connection open

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                sink._received(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass  # one line per export on stderr would drown the benchmark's progress

        return Handler
