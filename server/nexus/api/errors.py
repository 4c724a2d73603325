"""The one place where errors become gRPC statuses with google.rpc details."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from nexus.domain.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NexusError,
    NotFound,
    Unauthenticated,
)

DOMAIN = "nexus.dev"

# Errors quote what the caller sent (a name, an event type, an etag). Bounded in UTF-8
# bytes, so that the status always fits in a client's default 16 KiB of trailers (the
# details go base64-encoded, the message percent-encoded): beyond that the caller would
# see RESOURCE_EXHAUSTED from its own library instead of the error.
MAX_MESSAGE = 1024
MAX_TEXT = 200
MAX_VIOLATIONS = 10  # the message says how many more there were

_CODES: list[tuple[type[NexusError], int]] = [
    (InvalidArgument, code_pb2.INVALID_ARGUMENT),
    (NotFound, code_pb2.NOT_FOUND),
    (FailedPrecondition, code_pb2.FAILED_PRECONDITION),
    (Aborted, code_pb2.ABORTED),
    (Unauthenticated, code_pb2.UNAUTHENTICATED),
]


def _pack(message) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    raw = text.encode()
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode(errors="ignore") + "…"


def to_status(exc: NexusError) -> grpc.Status:
    code = next((c for cls, c in _CODES if isinstance(exc, cls)), code_pb2.INVALID_ARGUMENT)
    status = status_pb2.Status(code=code, message=_clip(exc.message, MAX_MESSAGE))
    metadata = {k: _clip(v) for k, v in exc.metadata.items()}
    status.details.append(
        _pack(error_details_pb2.ErrorInfo(reason=exc.reason, domain=DOMAIN, metadata=metadata))
    )
    if isinstance(exc, InvalidArgument) and exc.violations:
        bad = error_details_pb2.BadRequest()
        for v in exc.violations[:MAX_VIOLATIONS]:
            bad.field_violations.add(field=_clip(v.field), description=_clip(v.description))
        status.details.append(_pack(bad))
    elif isinstance(exc, FailedPrecondition):
        pf = error_details_pb2.PreconditionFailure()
        for pv in exc.violations:
            pf.violations.add(type=pv.type, subject=pv.subject, description=pv.description)
        status.details.append(_pack(pf))
    elif isinstance(exc, NotFound):
        resource = error_details_pb2.ResourceInfo(resource_name=_clip(exc.resource))
        status.details.append(_pack(resource))
    return rpc_status.to_status(status)


def internal_status(request_id: str) -> grpc.Status:
    """For failures that are ours: no internals, just an id to find the log line."""
    status = status_pb2.Status(
        code=code_pb2.INTERNAL,
        message=f"internal error; quote request id {request_id} when reporting it",
    )
    status.details.append(
        _pack(
            error_details_pb2.ErrorInfo(
                reason="INTERNAL", domain=DOMAIN, metadata={"requestId": request_id}
            )
        )
    )
    status.details.append(_pack(error_details_pb2.RequestInfo(request_id=request_id)))
    return rpc_status.to_status(status)
