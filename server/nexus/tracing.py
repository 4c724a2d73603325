"""Traces: W3C trace context through nexus, and OpenTelemetry spans when asked for.

The trace context of a request (the caller's ``traceparent``, or Envoy's when the caller
sent none) is kept with every event the request writes, and the notifier sends it on with
the event's deliveries: one trace runs from the request to the webhook receiver. That
much works always, at no cost.

Spans are made only when the standard OpenTelemetry variables ask for them:
``OTEL_TRACES_EXPORTER=otlp`` (or ``console``), or an ``OTEL_EXPORTER_OTLP_ENDPOINT`` /
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``; ``OTEL_SDK_DISABLED=true`` wins. The SDK reads
the rest itself: ``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``,
``OTEL_TRACES_SAMPLER`` (+ ``_ARG``), the OTLP endpoint, headers and timeout. Export is
OTLP over HTTP (protobuf). Then the chain is: the server's span for the RPC (child of the
caller's), a span for each store transaction it runs (the event stores that span's
context), and the notifier's span for each delivery attempt (child of the event's), whose
context is the ``traceparent`` the receiver gets.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeAlias

    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

    Started: TypeAlias = tuple[Span, object] | None
    """An RPC's span and the context token that made it current; None: no span."""

log = logging.getLogger("nexus")

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("traceparent", default="")
_tracer: Tracer | None = None
_provider: TracerProvider | None = None


def trace_id(traceparent: str) -> str | None:
    """The trace id of a valid version-00 ``traceparent`` (not all zeros), else None."""
    m = _TRACEPARENT.match(traceparent.strip().lower()) if traceparent else None
    if m is None or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m.group(1)


def set_incoming(traceparent: str | None) -> None:
    """Remembers the caller's ``traceparent`` for this request (ignored when malformed)."""
    value = (traceparent or "").strip().lower()
    _current.set(value if trace_id(value) else "")


def current() -> str:
    """The trace context an event written now carries: the innermost span's when spans are
    made, else the caller's ``traceparent`` (empty when there is none)."""
    if _tracer is not None:
        from opentelemetry import trace

        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            return _format(ctx.trace_id, ctx.span_id, ctx.trace_flags)
    return _current.get()


def _format(trace: int, span: int, flags: int) -> str:
    return f"00-{trace:032x}-{span:016x}-{flags:02x}"


# -- turning spans on --------------------------------------------------------------------


def enabled() -> bool:
    return _tracer is not None


def setup(service_name: str, env: Mapping[str, str] | None = None) -> bool:
    """Makes spans if the environment asks for an exporter; says whether it did."""
    env = os.environ if env is None else env
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    names = [n.strip() for n in env.get("OTEL_TRACES_EXPORTER", "").split(",") if n.strip()]
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    if not names and endpoint:
        names = ["otlp"]
    names = [n for n in names if n != "none"]
    if not names:
        return False
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    for name in names:
        if name == "otlp":
            protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
            )
            if protocol != "http/protobuf":
                raise ValueError(
                    f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol}: nexus exports OTLP over HTTP"
                    " (http/protobuf)"
                )
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        elif name == "console":
            provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
        else:
            raise ValueError(f"OTEL_TRACES_EXPORTER: {name!r} is not one of otlp, console, none")
    use(provider)
    log.info("tracing on", extra={"exporters": ",".join(names)})
    return True


def use(provider: TracerProvider | None) -> None:
    """Makes spans with ``provider`` (None: none). Tests pass an in-memory exporter's."""
    global _tracer, _provider
    _provider = provider
    _tracer = provider.get_tracer("nexus") if provider is not None else None


def shutdown() -> None:
    """Exports what is buffered and stops making spans (at the end of the process)."""
    if _provider is not None:
        _provider.shutdown()
    use(None)


# -- spans -------------------------------------------------------------------------------


def _parent(traceparent: str | None) -> Any:
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    if not traceparent or trace_id(traceparent) is None:
        return None
    return TraceContextTextMapPropagator().extract({"traceparent": traceparent})


def start_rpc(method: str, traceparent: str | None) -> tuple[Span, object] | None:
    """The server's span of an RPC, current until ``end_rpc``; None when tracing is off."""
    if _tracer is None:
        return None
    from opentelemetry import context as otel_context
    from opentelemetry import trace

    service, _, name = method.strip("/").partition("/")
    span = _tracer.start_span(
        method.strip("/"),
        context=_parent(traceparent),
        kind=trace.SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
    )
    token = otel_context.attach(trace.set_span_in_context(span))
    return span, token


def end_rpc(started: tuple[Span, object] | None, code: str) -> None:
    if started is None:
        return
    from opentelemetry import context as otel_context
    from opentelemetry.trace import Status, StatusCode

    span, token = started
    span.set_attribute("rpc.grpc.status_code", code)
    if code not in ("OK",):
        span.set_status(Status(StatusCode.ERROR, code))
    with contextlib.suppress(ValueError):  # a stream's end may run in another context
        otel_context.detach(token)  # type: ignore[arg-type]
    span.end()


_NO_SPAN = contextlib.nullcontext()


def span(name: str, **attributes: Any) -> contextlib.AbstractContextManager[Any]:
    """A span of the current one, around a block (nothing when tracing is off)."""
    if _tracer is None:
        return _NO_SPAN
    return _tracer.start_as_current_span(name, attributes=attributes)


@contextlib.contextmanager
def delivery(
    name: str, event_traceparent: str, attributes: dict[str, Any]
) -> Iterator[tuple[Span | None, str | None]]:
    """The notifier's span of one attempt, a child of the event's trace context; yields it
    and the ``traceparent`` to send (None when tracing is off: the caller makes one)."""
    if _tracer is None:
        yield None, None
        return
    from opentelemetry import trace

    with _tracer.start_as_current_span(
        name,
        context=_parent(event_traceparent),
        kind=trace.SpanKind.CLIENT,
        attributes=attributes,
    ) as s:
        ctx = s.get_span_context()
        yield s, _format(ctx.trace_id, ctx.span_id, ctx.trace_flags)


def log_trace_id(started: tuple[Span, object] | None) -> str:
    """The trace id for a log line: the RPC span's, else the caller's (empty: none)."""
    if started is not None:
        return f"{started[0].get_span_context().trace_id:032x}"
    return trace_id(_current.get()) or ""


def error(description: str) -> Any:
    """An error status for a span."""
    from opentelemetry.trace import Status, StatusCode

    return Status(StatusCode.ERROR, description)
