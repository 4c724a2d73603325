"""Domain errors. The API layer maps each to a gRPC status with google.rpc details."""

from __future__ import annotations

from dataclasses import dataclass, field

from google.protobuf import any_pb2
from google.protobuf.message import Message as ProtoMessage
from google.rpc import code_pb2, error_details_pb2, status_pb2


class NexusError(Exception):
    """Base of every error a caller can cause; ``reason`` is stable and UPPER_SNAKE."""

    reason = "ERROR"

    def __init__(self, message: str, *, reason: str | None = None, **metadata: str) -> None:
        super().__init__(message)
        self.message = message
        if reason:
            self.reason = reason
        self.metadata = {k: str(v) for k, v in metadata.items()}


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class InvalidArgument(NexusError):
    """One or more fields are invalid; every violation is listed."""

    reason = "INVALID_ARGUMENT"

    def __init__(
        self,
        violations: list[FieldViolation],
        *,
        reason: str | None = None,
        message: str | None = None,
    ) -> None:
        summary = "; ".join(f"{v.field}: {v.description}" for v in violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        super().__init__(message or f"invalid request: {summary}{more}", reason=reason)
        self.violations = violations


class MalformedRequest(InvalidArgument):
    """The request bytes are not a message of the RPC's request type."""

    reason = "MALFORMED_REQUEST"

    def __init__(self, type_name: str, problem: str) -> None:
        super().__init__([], message=f"request is not a valid {type_name}: {problem}")


class NotFound(NexusError):
    reason = "NOT_FOUND"

    def __init__(self, resource: str, *, reason: str = "NOT_FOUND") -> None:
        super().__init__(f"{resource} not found", reason=reason, resource=resource)
        self.resource = resource


@dataclass(frozen=True)
class PreconditionViolation:
    type: str
    subject: str
    description: str


class FailedPrecondition(NexusError):
    """The resource is not in a state that allows the call (e.g. an illegal transition)."""

    reason = "FAILED_PRECONDITION"

    def __init__(
        self,
        message: str,
        violations: list[PreconditionViolation],
        *,
        reason: str,
        **metadata: str,
    ) -> None:
        super().__init__(message, reason=reason, **metadata)
        self.violations = violations


class Aborted(NexusError):
    """A concurrency conflict, such as an etag mismatch; re-read and retry."""

    reason = "ABORTED"


class Unauthenticated(NexusError):
    reason = "UNAUTHENTICATED"


class PermissionDenied(NexusError):
    """The credential is valid but may not do this (its role, or the request's origin)."""

    reason = "PERMISSION_DENIED"


class Unavailable(NexusError):
    """The database could not be reached (or the connection broke): nothing was written
    unless the commit itself was cut off, which a retry with the same ``request_id``
    settles. Retry after a pause."""

    reason = "STORE_UNAVAILABLE"


@dataclass
class Violations:
    """Collects field violations so a request reports all of them at once."""

    items: list[FieldViolation] = field(default_factory=list)

    def add(self, field_path: str, description: str) -> None:
        self.items.append(FieldViolation(field_path, description))

    def raise_if_any(self, reason: str | None = None) -> None:
        if self.items:
            raise InvalidArgument(self.items, reason=reason)


# -- as google.rpc.Status ----------------------------------------------------------------

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
    (PermissionDenied, code_pb2.PERMISSION_DENIED),
    (Unavailable, code_pb2.UNAVAILABLE),
]


def pack(message: ProtoMessage) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    raw = text.encode()
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode(errors="ignore") + "…"


def status_of(exc: NexusError) -> status_pb2.Status:
    """The google.rpc.Status of a domain error: its code, message and details (ErrorInfo
    with the stable reason, and field violations, precondition failures or the resource).
    The one mapping: RPC errors and per-item errors of a batch both use it."""
    code = next((c for cls, c in _CODES if isinstance(exc, cls)), code_pb2.INVALID_ARGUMENT)
    status = status_pb2.Status(code=code, message=_clip(exc.message, MAX_MESSAGE))
    metadata = {k: _clip(v) for k, v in exc.metadata.items()}
    status.details.append(
        pack(error_details_pb2.ErrorInfo(reason=exc.reason, domain=DOMAIN, metadata=metadata))
    )
    if isinstance(exc, InvalidArgument) and exc.violations:
        bad = error_details_pb2.BadRequest()
        for v in exc.violations[:MAX_VIOLATIONS]:
            bad.field_violations.add(field=_clip(v.field), description=_clip(v.description))
        status.details.append(pack(bad))
    elif isinstance(exc, FailedPrecondition):
        pf = error_details_pb2.PreconditionFailure()
        for pv in exc.violations:
            pf.violations.add(type=pv.type, subject=pv.subject, description=pv.description)
        status.details.append(pack(pf))
    elif isinstance(exc, NotFound):
        resource = error_details_pb2.ResourceInfo(resource_name=_clip(exc.resource))
        status.details.append(pack(resource))
    return status
