"""WatchEvents as newline-delimited JSON over plain HTTPS, delivered as events happen."""

from __future__ import annotations

import asyncio
import json
import ssl

import httpx


def test_watch_events_over_rest_delivers_events_as_they_happen(gateway, rest):
    created = rest.post(
        "/v1/interactions", json={"mediaType": "MEDIA_TYPE_EMAIL", "customerAddress": "a@b.example"}
    ).json()
    params = {"interaction": created["name"], "afterCursor": "0", "heartbeatInterval": "1s"}
    with (
        gateway.http(gateway.key_a) as watcher,
        watcher.stream("GET", "/v1/events:watch", params=params) as stream,
    ):
        assert stream.status_code == 200
        assert stream.headers["content-type"] == "application/json"
        lines = (json.loads(line) for line in stream.iter_lines() if line.strip())
        events = (item["event"] for item in lines if "event" in item)
        first = next(events)
        assert (first["type"], first["interaction"]) == ("interaction.created", created["name"])
        # The stream is open; a change made now must arrive on it.
        queued = rest.post(f"/v1/{created['name']}:queue", json={"queue": "queues/email"})
        assert queued.status_code == 200
        changed = next(events)
        assert changed["type"] == "interaction.state_changed"
        assert changed["stateChange"]["toState"] == "STATE_QUEUED"
        assert int(changed["cursor"]) > int(first["cursor"])


def test_watch_events_heartbeats_keep_an_idle_stream_alive(gateway):
    params = {"eventTypes": "webhook.disabled", "heartbeatInterval": "1s"}  # nothing will match
    with (
        gateway.http(gateway.key_a) as watcher,
        watcher.stream("GET", "/v1/events:watch", params=params) as stream,
    ):
        lines = (json.loads(line) for line in stream.iter_lines() if line.strip())
        beats = [next(lines) for _ in range(2)]
    assert all("heartbeat" in b for b in beats)


def test_watch_events_error_before_streaming_is_a_status_body(gateway):
    with gateway.http() as anonymous:
        resp = anonymous.get("/v1/events:watch")
    assert resp.status_code == 401
    assert resp.json()["code"] == 16


async def test_server_survives_many_watchers_disconnecting_at_once(gateway):
    """Regression: the access log read context.peer() after a cancelled stream had freed
    its call, and the server segfaulted (20 concurrent disconnects crashed it every time)."""

    async def watch_then_leave(client: httpx.AsyncClient) -> None:
        params = {"afterCursor": "0", "heartbeatInterval": "1s"}
        async with client.stream("GET", "/v1/events:watch", params=params) as stream:
            async for line in stream.aiter_lines():
                if line.strip():
                    return  # closing the connection mid-stream cancels the RPC

    with gateway.http(gateway.key_a) as rest:
        for _ in range(300):  # a backlog, so each stream is busy sending when it is cancelled
            assert rest.post("/v1/interactions", json={"mediaType": "MEDIA_TYPE_CHAT"}).is_success
    verify = ssl.create_default_context(cafile=gateway.ca)
    headers = {"x-api-key": gateway.key_a}
    for _ in range(3):
        clients = [
            httpx.AsyncClient(base_url=gateway.url, verify=verify, headers=headers, timeout=10)
            for _ in range(20)
        ]
        try:
            await asyncio.gather(*(watch_then_leave(c) for c in clients))
        finally:
            for c in clients:
                await c.aclose()
    assert gateway.stack.server is not None and gateway.stack.server.alive()
    with gateway.http(gateway.key_a) as rest:
        assert rest.get("/v1/stateModel").status_code == 200
