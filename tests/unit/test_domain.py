"""Pure helpers: page tokens, event-type patterns, update masks, config loading."""

from __future__ import annotations

import pytest

from nexus.config import load
from nexus.domain import validation as val
from nexus.domain.errors import InvalidArgument
from nexus.domain.events import EVENT_TYPES, is_known_type_pattern


def test_event_type_patterns():
    for t in EVENT_TYPES:
        assert is_known_type_pattern(t)
        assert val.event_type_matches([t], t)
        assert val.event_type_matches([t.split(".")[0] + ".*"], t)
    assert val.event_type_matches([], "message.read") and val.event_type_matches(
        ["*"], "message.read"
    )
    assert not val.event_type_matches(["interaction.*"], "message.read")
    for bad in ("interaction", "interaction.", "foo.*", "*.created", "message.deleted"):
        assert not is_known_type_pattern(bad)


def test_update_paths():
    allowed = ("a", "b", "c")
    assert val.update_paths([], ["b", "x"], allowed) == ["b"]
    assert val.update_paths(["*"], [], allowed) == ["a", "b", "c"]
    assert val.update_paths(["c", "c"], [], allowed) == ["c"]
    with pytest.raises(InvalidArgument):
        val.update_paths(["d"], [], allowed)


def test_resource_names():
    assert val.parse_name("interactions/abc/messages/0f", "name", "interactions", "messages") == [
        "abc",
        "0f",
    ]
    for bad in (
        "",
        "interactions/abc",
        "interactions/abc/messages/",
        "interactions/ABC/messages/1",
        "interactions/abc/messages/1\n",
        "interactions/abc/messages/1/x",
        "webhooks/abc/messages/1",
    ):
        with pytest.raises(InvalidArgument) as caught:
            val.parse_name(bad, "name", "interactions", "messages")
        assert caught.value.violations[0].field == "name"


def test_patterns_do_not_accept_a_trailing_newline():
    v = val.Violations()
    val.request_meta(v, "abc\n", actor="agent-1\n")
    val.ref(v, "queue", "support\n")
    assert [f.field for f in v.items] == ["request_id", "actor", "queue"]


def test_config_from_file_and_environment(tmp_path):
    path = tmp_path / "nexus.toml"
    path.write_text('db = "/data/n.db"\nheartbeat_s = 5.0\n[notifier]\nendpoint_concurrency = 4\n')
    cfg = load(path, env={"NEXUS_LISTEN": "0.0.0.0:9000", "NEXUS_HEARTBEAT_S": "2.5"})
    assert (cfg.db, cfg.listen, cfg.heartbeat_s) == ("/data/n.db", "0.0.0.0:9000", 2.5)
    assert cfg.notifier.endpoint_concurrency == 4
    with pytest.raises(ValueError):
        load(env={"NEXUS_MAX_MESSAGE_BYTES": "lots"})


def test_event_loop_setting_is_checked():
    assert load(env={}).event_loop == "uvloop"
    assert load(env={"NEXUS_EVENT_LOOP": "asyncio"}).event_loop == "asyncio"
    with pytest.raises(ValueError, match="event_loop"):
        load(env={"NEXUS_EVENT_LOOP": "trio"})
