"""Domain errors. The API layer maps each to a gRPC status with google.rpc details."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Violations:
    """Collects field violations so a request reports all of them at once."""

    items: list[FieldViolation] = field(default_factory=list)

    def add(self, field_path: str, description: str) -> None:
        self.items.append(FieldViolation(field_path, description))

    def raise_if_any(self, reason: str | None = None) -> None:
        if self.items:
            raise InvalidArgument(self.items, reason=reason)
