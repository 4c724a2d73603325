"""WatchEvents as newline-delimited JSON over plain HTTPS, delivered as events happen."""

from __future__ import annotations

import json


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
    params = {"interaction": "interactions/quiet", "heartbeatInterval": "1s"}
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
