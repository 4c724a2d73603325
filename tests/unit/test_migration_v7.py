"""Migration 7 on a database written before timers: interactions already in a timed state
are armed, counting from their last change, and fire like new ones."""

from __future__ import annotations

from nexus.clock import FakeClock
from nexus.config import Config, TimerConfig
from nexus.core import Core
from nexus.store import migrations, open_store
from nexus.v1 import interaction_pb2 as ipb

S = ipb.State
T = ipb.Timer
US = 1_000_000
NOW = 1_800_000_000 * US


def old_row(i: ipb.Interaction) -> tuple:
    return (i.name.split("/")[1], "ta", i.state, i.media_type, 0, i.SerializeToString())


def test_migration_7_arms_what_was_waiting_for_a_timer(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(
        "nexus.store.sqlite.MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 6]
    )
    old = open_store(path)
    rows = []
    for n, state in enumerate([S.STATE_OFFERED, S.STATE_ACTIVE, S.STATE_SNOOZED, S.STATE_NEW]):
        i = ipb.Interaction(name=f"interactions/i{n}", state=state, media_type=ipb.MEDIA_TYPE_SMS)
        i.update_time.FromMicroseconds(NOW - 100 * US)
        if state == S.STATE_SNOOZED:
            i.snooze_until.FromMicroseconds(NOW + 3600 * US)
        rows.append(old_row(i))
    with old.transaction():
        old.conn.execute("INSERT INTO tenants (id, name, create_time) VALUES ('ta', 'a', 0)")
        old.conn.executemany(
            "INSERT INTO interactions (id, tenant_id, state, media_type, create_time, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    old.close()
    monkeypatch.undo()

    store = open_store(path)
    core = Core(store, Config(db=str(path), timers=TimerConfig(enabled=False)), FakeClock(NOW))
    assert core.timer_policies.rearm_all() > 0
    assert core.timer_policies.rearm_all() == 0  # the defaults did not change since: nothing to do
    offered, active, snoozed, new = (store.get_interaction("ta", f"i{n}") for n in range(4))
    assert (offered.next_timer.timer, offered.next_timer.due_time.ToMicroseconds()) == (
        T.TIMER_OFFER_TIMEOUT,
        NOW - 70 * US,
    )
    assert active.next_timer.due_time.ToMicroseconds() == NOW - 100 * US + 86400 * US
    assert snoozed.next_timer.due_time == snoozed.snooze_until
    assert not new.HasField("next_timer")
    assert core.timers.fire_timers() == 1  # the overdue offer
    assert store.get_interaction("ta", "i0").state == S.STATE_QUEUED
    store.close()
