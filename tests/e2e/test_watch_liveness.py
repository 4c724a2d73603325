"""Through Envoy: a watch shows life at once, and ends when the CLI revokes its key."""

from __future__ import annotations

import json
import subprocess
import sys

import grpc
import pytest
from google.protobuf import duration_pb2

from nexus.v1 import event_service_pb2 as espb
from nexus.v1 import event_service_pb2_grpc as espb_grpc

from .conftest import create_tenant

QUIET = duration_pb2.Duration(seconds=300)  # no heartbeat is due during these tests
CURL = ("curl", "-sS", "-N", "-v", "--http2", "--max-time", "60")
NEXUS = (sys.executable, "-m", "nexus.cli")


def test_first_heartbeat_comes_at_once_over_grpc_and_ndjson(gateway):
    with gateway.channel() as channel:
        stream = espb_grpc.EventServiceStub(channel).WatchEvents(
            espb.WatchEventsRequest(heartbeat_interval=QUIET),
            metadata=(("x-api-key", gateway.key_a),),
            timeout=60,
        )
        assert next(stream).HasField("heartbeat")
        stream.cancel()
    # The client's read timeout (10 s) is far below the interval: the line came at once.
    with (
        gateway.http(gateway.key_a) as watcher,
        watcher.stream("GET", "/v1/events:watch", params={"heartbeatInterval": "300s"}) as quiet,
    ):
        assert "heartbeat" in json.loads(next(quiet.iter_lines()))
    with (
        gateway.http(gateway.key_a) as watcher,
        watcher.stream("GET", "/v1/events:watch", params={"heartbeatInterval": "1s"}) as ticking,
    ):
        lines = (json.loads(line) for line in ticking.iter_lines() if line.strip())
        # Events of earlier tests' interactions (a timer firing) may come in between.
        beats = (line for line in lines if "heartbeat" in line)
        assert all(next(beats) for _ in range(3))


def test_watches_end_unauthenticated_when_the_cli_revokes_their_key(gateway):
    key = create_tenant(gateway.stack.db, "revoked-watchers")
    params = {"heartbeatInterval": "300s"}
    # curl over HTTP/2 shows the trailers that end the stream (HTTP/1.1 has none to show).
    watch_url = f"{gateway.url}/v1/events:watch?heartbeatInterval=300s"
    curl = subprocess.Popen(
        [*CURL, "--cacert", gateway.ca, "-H", f"x-api-key: {key}", watch_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with (
            gateway.channel() as channel,
            gateway.http(key) as watcher,
            watcher.stream("GET", "/v1/events:watch", params=params) as ndjson,
        ):
            stream = espb_grpc.EventServiceStub(channel).WatchEvents(
                espb.WatchEventsRequest(heartbeat_interval=QUIET),
                metadata=(("x-api-key", key),),
                timeout=60,  # far beyond key_cache_s (1 s): a stream that never ends fails
            )
            assert next(stream).HasField("heartbeat")
            lines = ndjson.iter_lines()
            assert "heartbeat" in json.loads(next(lines))
            assert curl.stdout is not None and "heartbeat" in curl.stdout.readline()

            subprocess.run(
                [*NEXUS, "keys", "revoke", key[:12], "--db", gateway.stack.db],
                check=True,
                capture_output=True,
            )

            with pytest.raises(grpc.RpcError) as info:
                for _ in stream:
                    pass
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
            # NDJSON: the stream ends (within the client's 10 s read timeout, or this raises)
            assert list(lines) == []
        _, verbose = curl.communicate(timeout=60)
        assert curl.returncode == 0, verbose  # ended by the server, not by --max-time
        assert "< grpc-status: 16" in verbose
        # and reconnecting says why, as a google.rpc.Status body
        with gateway.http(key) as again:
            refused = again.get("/v1/events:watch", params=params)
        assert refused.status_code == 401
        assert refused.json()["code"] == 16
    finally:
        curl.kill()
        curl.wait()
