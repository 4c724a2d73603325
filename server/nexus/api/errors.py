"""The one place where errors become gRPC statuses with google.rpc details."""

from __future__ import annotations

import grpc
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from nexus.domain.errors import DOMAIN, NexusError, pack, status_of


def to_status(exc: NexusError) -> grpc.Status:
    """A domain error as the gRPC status the caller gets (details in the trailers)."""
    return rpc_status.to_status(status_of(exc))


def internal_status(request_id: str) -> grpc.Status:
    """For failures that are ours: no internals, just an id to find the log line."""
    status = status_pb2.Status(
        code=code_pb2.INTERNAL,
        message=f"internal error; quote request id {request_id} when reporting it",
    )
    status.details.append(
        pack(
            error_details_pb2.ErrorInfo(
                reason="INTERNAL", domain=DOMAIN, metadata={"requestId": request_id}
            )
        )
    )
    status.details.append(pack(error_details_pb2.RequestInfo(request_id=request_id)))
    return rpc_status.to_status(status)
