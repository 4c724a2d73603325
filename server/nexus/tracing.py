"""Traces: W3C trace context through nexus, and OpenTelemetry spans when asked for.

The trace context of a request (the caller's ``traceparent``, or Envoy's when the caller
sent none) is kept with every event the request writes, and the notifier sends it on with
the event's deliveries: one trace runs from the request to the webhook receiver. That
much works always, at no cost.

Spans are made only when the standard OpenTelemetry variables ask for them:
``OTEL_TRACES_EXPORTER=otlp`` (or ``console``), or an ``OTEL_EXPORTER_OTLP_ENDPOINT`` /
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``; ``OTEL_SDK_DISABLED=true`` wins. Then the chain
is: the server's span for the RPC (child of the caller's), a span for each store
transaction it runs (the event keeps that span's context), and the notifier's span for
each delivery attempt (child of the event's), whose context is the ``traceparent`` the
receiver gets. ``OTEL_TRACES_SAMPLER`` (+ ``_ARG``) chooses which traces are recorded, as
the OpenTelemetry specification defines its values.

Spans are recorded here, not by the OpenTelemetry SDK: a span of the SDK cost about 25 µs
to start and end and 30-45 µs to encode, which with every call traced took a third of
the server's throughput; a span here costs a few microseconds, and a process of its own
encodes and sends them (``nexus.span_export``; docs/benchmarks.md, "Observability"). The
SDK's exporters still take them: ``use`` hands spans to any of its ``SpanExporter``s.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    from opentelemetry.sdk.trace.export import SpanExporter

    from nexus.span_export import Record

log = logging.getLogger("nexus")

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_incoming: contextvars.ContextVar[str] = contextvars.ContextVar("traceparent", default="")

# OTLP's numbering of span kinds and status codes.
INTERNAL, SERVER, CLIENT = 1, 2, 3
UNSET, ERROR = 0, 2


@dataclass(slots=True)
class Span:
    """One span: what OTLP carries of it."""

    name: str
    trace_id: int
    span_id: int
    parent_id: int
    remote_parent: bool
    sampled: bool
    kind: int = INTERNAL
    attributes: dict[str, str | int] = field(default_factory=dict)
    start_ns: int = 0
    end_ns: int = 0
    status: int = UNSET
    description: str = ""

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id:032x}-{self.span_id:016x}-{'01' if self.sampled else '00'}"

    def fail(self, description: str) -> None:
        self.status, self.description = ERROR, description

    def record(self) -> Record:
        """What goes to the exporting process (``nexus.span_export``)."""
        return (
            self.name, self.trace_id, self.span_id, self.parent_id, self.remote_parent,
            self.kind, self.start_ns, self.end_ns, self.status, self.description,
            self.attributes,
        )  # fmt: skip


Started: TypeAlias = "tuple[Span, contextvars.Token[Span | None]] | None"
"""A span and the token that made it current, until it ends; None: no span."""

_span: contextvars.ContextVar[Span | None] = contextvars.ContextVar("span", default=None)
_emit: Callable[[Span], None] | None = None
_sample: Callable[[int, bool | None], bool] = lambda trace, parent: True  # noqa: E731
_stop: Callable[[], None] | None = None


def _parsed(traceparent: str | None) -> re.Match[str] | None:
    """A valid version-00 ``traceparent`` (ids not all zeros), parsed; else None."""
    m = _TRACEPARENT.match(traceparent.strip().lower()) if traceparent else None
    if m is None or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m


def trace_id(traceparent: str) -> str | None:
    """The trace id of a valid ``traceparent``, else None."""
    m = _parsed(traceparent)
    return m.group(1) if m else None


def set_incoming(traceparent: str | None) -> str:
    """Remembers the caller's ``traceparent`` for this request and returns it, normalised
    (empty when there is none or it is malformed)."""
    m = _parsed(traceparent)
    value = m.group(0) if m else ""
    _incoming.set(value)
    return value


def current() -> str:
    """The trace context an event written now carries: the innermost span's when spans are
    made, else the caller's ``traceparent`` (empty when there is none)."""
    span = _span.get()
    return span.traceparent if span is not None else _incoming.get()


def enabled() -> bool:
    return _emit is not None


# -- spans -------------------------------------------------------------------------------


def _new(name: str, kind: int, parent: str | Span | None, attributes: dict[str, str | int]) -> Span:
    """A span under ``parent`` (a ``traceparent``, a span, or none: a new trace)."""
    if isinstance(parent, Span):
        trace, parent_id, remote, sampled = parent.trace_id, parent.span_id, False, parent.sampled
    elif m := _parsed(parent):
        trace, parent_id, remote = int(m.group(1), 16), int(m.group(2), 16), True
        sampled = _sample(trace, int(m.group(3), 16) & 1 == 1)
    else:
        trace, parent_id, remote = random.getrandbits(128) or 1, 0, False
        sampled = _sample(trace, None)
    span_id = random.getrandbits(64) or 1
    return Span(name, trace, span_id, parent_id, remote, sampled, kind, attributes, time.time_ns())


def _end(span: Span) -> None:
    if span.sampled and _emit is not None:
        span.end_ns = time.time_ns()
        _emit(span)


def start_rpc(method: str, traceparent: str | None) -> Started:
    """The server's span of an RPC, current until ``end_rpc``; None when tracing is off."""
    if _emit is None:
        return None
    service, _, name = method.strip("/").partition("/")
    attributes: dict[str, str | int] = {
        "rpc.system": "grpc",
        "rpc.service": service,
        "rpc.method": name,
    }
    span = _new(method.strip("/"), SERVER, traceparent, attributes)
    return span, _span.set(span)


def end_rpc(started: Started, code: str) -> None:
    if started is None:
        return
    span, token = started
    span.attributes["rpc.grpc.status_code"] = code
    if code != "OK":
        span.fail(code)
    with contextlib.suppress(ValueError):  # a stream's end may run in another context
        _span.reset(token)
    _end(span)


def start_child(name: str) -> Started:
    """A span of the current one, current until ``end_child``: only inside a recorded span
    (a store transaction of a traced call; the workers' own writes are not traced)."""
    parent = _span.get()
    if parent is None or not parent.sampled or _emit is None:
        return None
    span = _new(name, INTERNAL, parent, {})
    return span, _span.set(span)


def end_child(started: Started) -> None:
    if started is not None:
        span, token = started
        _span.reset(token)
        _end(span)


@contextlib.contextmanager
def delivery(
    name: str, event_traceparent: str, attributes: dict[str, str | int]
) -> Iterator[Span | None]:
    """The notifier's span of one attempt, a child of the event's trace context (None when
    tracing is off: the caller makes a ``traceparent`` of its own)."""
    if _emit is None:
        yield None
        return
    span = _new(name, CLIENT, event_traceparent, attributes)
    try:
        yield span
    finally:
        _end(span)


def log_trace_id(started: Started) -> str:
    """The trace id for a log line: the RPC span's, else the caller's (empty: none)."""
    if started is not None:
        return f"{started[0].trace_id:032x}"
    return trace_id(_incoming.get()) or ""


# -- turning spans on --------------------------------------------------------------------


def setup(service_name: str, env: Mapping[str, str] | None = None) -> bool:
    """Makes spans if the environment asks for an exporter; says whether it did. A process
    of its own (``nexus.span_export``) exports them."""
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
    for name in names:
        check_exporter(name, env)
    sample = sampler(env)  # a bad sampler is refused before anything starts
    from nexus.span_export import Forwarder

    forwarder = Forwarder(service_name, names)
    _turn_on(forwarder.add, forwarder.close, sample)
    log.info("tracing on", extra={"exporters": ",".join(names)})
    return True


def use(
    exporter: SpanExporter | None, sample: Callable[[int, bool | None], bool] | None = None
) -> None:
    """Hands every span, as it ends, to one of the SDK's exporters (None: no spans). Tests
    pass its in-memory exporter."""
    if exporter is None:
        _turn_on(None, None, None)
        return
    from nexus.span_export import readable

    def emit(span: Span) -> None:
        exporter.export([readable(span.record())])

    _turn_on(emit, exporter.shutdown, sample)


def _turn_on(
    emit: Callable[[Span], None] | None,
    stop: Callable[[], None] | None,
    sample: Callable[[int, bool | None], bool] | None,
) -> None:
    global _emit, _stop, _sample
    _emit, _stop = emit, stop
    _sample = sample or (lambda trace, parent: True if parent is None else parent)


def shutdown() -> None:
    """Exports what is left and stops making spans (at the end of the process)."""
    stop = _stop
    _turn_on(None, None, None)
    if stop is not None:
        stop()


def check_exporter(name: str, env: Mapping[str, str]) -> None:
    """Refuses an exporter nexus does not have, before anything starts."""
    if name not in ("otlp", "console"):
        raise ValueError(f"OTEL_TRACES_EXPORTER: {name!r} is not one of otlp, console, none")
    protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if name == "otlp" and protocol != "http/protobuf":
        raise ValueError(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol}: nexus exports OTLP over HTTP (http/protobuf)"
        )


_RATIO_BOUND = 2**64


def sampler(env: Mapping[str, str]) -> Callable[[int, bool | None], bool]:
    """``OTEL_TRACES_SAMPLER`` as the specification defines it: whether a span of a trace
    (and of a parent that was or was not sampled, or of none) is recorded. The ratio is
    decided on the trace id's low 64 bits, as the SDK's ``TraceIdRatioBased`` does."""
    name = env.get("OTEL_TRACES_SAMPLER", "parentbased_always_on").strip().lower()
    argument = env.get("OTEL_TRACES_SAMPLER_ARG", "1.0")
    try:
        ratio = min(max(float(argument), 0.0), 1.0)
    except ValueError:
        raise ValueError(f"OTEL_TRACES_SAMPLER_ARG={argument!r} is not a number") from None
    bound = round(ratio * (_RATIO_BOUND - 1))
    roots: dict[str, Callable[[int], bool]] = {
        "always_on": lambda trace: True,
        "always_off": lambda trace: False,
        "traceidratio": lambda trace: trace & (_RATIO_BOUND - 1) < bound,
    }
    base = name.removeprefix("parentbased_")
    if base not in roots:
        raise ValueError(f"OTEL_TRACES_SAMPLER={name!r}: not a sampler nexus knows")
    root = roots[base]
    if name.startswith("parentbased_"):
        return lambda trace, parent: root(trace) if parent is None else parent
    return lambda trace, parent: root(trace)
