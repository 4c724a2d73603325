"""The benchmarks' baseline: a grpc.aio server on uvloop answering nexus's RPCs with fixed messages.

    .venv/bin/python bench/baseline_server.py --get F --create F --send F [--loop asyncio]

Each file holds a serialized message (an ``Interaction`` for ``--get`` and ``--create``, a
``Message`` for ``--send``), in practice nexus's own answers captured by the benchmark, so
both servers send the same bytes. Requests are parsed by the generated classes and the
pre-built message is serialized for every call, as nexus does; nothing else happens: this
is what grpc itself costs for nexus's messages. It also answers ``bench.Bare/Ping`` (empty
in, empty out) and the standard health service, so Envoy can front it with nexus's own
configuration. Runs on uvloop, the loop nexus runs on, unless ``--loop asyncio``. Prints
``baseline serving on HOST:PORT`` once it listens.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import grpc
import uvloop
from google.protobuf import empty_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.v1 import interaction_service_pb2_grpc as ispb_grpc


class Fixed(ispb_grpc.InteractionServiceServicer):
    def __init__(self, got: ipb.Interaction, created: ipb.Interaction, sent: ipb.Message):
        self.got, self.created, self.sent = got, created, sent

    async def GetInteraction(
        self, request: ispb.GetInteractionRequest, context: grpc.aio.ServicerContext
    ) -> ipb.Interaction:
        return self.got

    async def CreateInteraction(
        self, request: ispb.CreateInteractionRequest, context: grpc.aio.ServicerContext
    ) -> ipb.Interaction:
        return self.created

    async def SendMessage(
        self, request: ispb.SendMessageRequest, context: grpc.aio.ServicerContext
    ) -> ipb.Message:
        return self.sent


async def ping(request: empty_pb2.Empty, context: grpc.aio.ServicerContext) -> empty_pb2.Empty:
    return empty_pb2.Empty()


async def serve(listen: str, fixed: Fixed) -> None:
    server = grpc.aio.server()
    ispb_grpc.add_InteractionServiceServicer_to_server(fixed, server)
    bare = grpc.unary_unary_rpc_method_handler(
        ping,
        request_deserializer=empty_pb2.Empty.FromString,
        response_serializer=empty_pb2.Empty.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler("bench.Bare", {"Ping": bare})]
    )
    healthy = health.aio.HealthServicer()
    await healthy.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(healthy, server)
    port = server.add_insecure_port(listen)
    await server.start()
    print(f"baseline serving on {listen.rsplit(':', 1)[0]}:{port}", flush=True)
    await server.wait_for_termination()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    parser.add_argument("--get", type=Path, required=True, help="Interaction for GetInteraction")
    parser.add_argument("--create", type=Path, required=True, help="Interaction for Create…")
    parser.add_argument("--send", type=Path, required=True, help="Message for SendMessage")
    args = parser.parse_args()
    fixed = Fixed(
        ipb.Interaction.FromString(args.get.read_bytes()),
        ipb.Interaction.FromString(args.create.read_bytes()),
        ipb.Message.FromString(args.send.read_bytes()),
    )
    (uvloop.run if args.loop == "uvloop" else asyncio.run)(serve(args.listen, fixed))


if __name__ == "__main__":
    main()
