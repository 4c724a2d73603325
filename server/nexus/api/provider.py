"""A provider's raw request as the profiles read it: the exact body, the headers, and the
URLs the provider may have signed."""

from __future__ import annotations

from collections.abc import Iterable

from nexus.channels.base import InboundRequest
from nexus.domain.errors import FieldViolation, InvalidArgument
from nexus.v1 import channel_service_pb2 as cspb

# gRPC's own and Envoy's routing metadata: not the provider's headers.
_NOT_HEADERS = ("grpc-", ":")


def inbound_request(
    r: cspb.ReceiveProviderRequestRequest,
    metadata: Iterable[tuple[str, str | bytes]],
    public_url: str,
) -> InboundRequest:
    """``public_url`` (configuration) is the first URL a provider may have signed: behind
    a load balancer the Host and scheme Envoy sees are not the ones the provider called.
    The path is the one the provider called, query included, as Envoy saw it
    (``x-envoy-original-path``; the transcoder rewrites ``:path`` to the gRPC method).
    """
    headers: dict[str, str] = {}
    for key, value in metadata:
        if key.startswith(_NOT_HEADERS) or isinstance(value, bytes):
            continue
        headers[key.lower()] = value
    own = f"/v1/{r.channel}/inbound/{r.topic}"
    path = headers.get("x-envoy-original-path") or own
    if path.split("?", 1)[0] != own:
        # The transcoder lets query parameters override path variables: the channel and
        # topic checked must be the ones in the path the provider signed.
        raise InvalidArgument(
            [FieldViolation("channel", "name the channel and topic in the path only")],
            reason="BAD_PROVIDER_PATH",
        )
    urls = [public_url.rstrip("/") + path] if public_url else []
    host = headers.get("x-nexus-original-host")  # set by envoy.yaml from :authority
    if host:
        scheme = headers.get("x-forwarded-proto", "https")
        seen = f"{scheme}://{host}{path}"
        if seen not in urls:
            urls.append(seen)
    return InboundRequest(
        topic=r.topic,
        urls=tuple(urls),
        headers=headers,
        content_type=r.body.content_type,
        body=r.body.data,
    )
