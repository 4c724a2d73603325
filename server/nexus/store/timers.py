"""Storage of lifecycle timers: the armed timer of each interaction (three columns
of its row, the due time indexed) and the tenants' timer policies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nexus.store.base import DueTimer
from nexus.store.connection import Connection
from nexus.v1 import interaction_pb2 as ipb

INTERACTION_COLUMNS = "data, timer, timer_due"
"""What a read of an interaction selects: ``interaction_of`` makes the resource of it."""


def interaction_of(row: Sequence[Any]) -> ipb.Interaction:
    """The stored interaction with ``next_timer`` as armed now (a policy change moves the
    due time in the row, not in the stored message)."""
    data, timer, due = row[0], row[1], row[2]
    i = ipb.Interaction.FromString(data)
    if due is None:
        i.ClearField("next_timer")
    else:
        i.next_timer.timer = timer
        i.next_timer.due_time.FromMicroseconds(due)
    return i


class TimersMixin:
    @property
    def conn(self) -> Connection:  # provided by the backend
        raise NotImplementedError

    def due_timers(self, now_us: int, limit: int) -> list[DueTimer]:
        rows = self.conn.execute(
            "SELECT tenant_id, id, timer, timer_due FROM interactions"
            " WHERE timer_due <= ? ORDER BY timer_due LIMIT ?",
            (now_us, limit),
        )
        return [DueTimer(*r) for r in rows]

    def next_timer_due(self) -> int | None:
        row = self.conn.execute(
            "SELECT min(timer_due) FROM interactions WHERE timer_due IS NOT NULL"
        ).fetchone()
        return row[0] if row else None

    def rearm_timers(
        self, tenant_id: str | None, media_type: int, timer: int, after_us: int
    ) -> int:
        due = "timer_since" if timer == ipb.TIMER_SNOOZE_UNTIL else "timer_since + ?"
        args: list[object] = [] if timer == ipb.TIMER_SNOOZE_UNTIL else [after_us]
        if timer != ipb.TIMER_SNOOZE_UNTIL and not after_us:
            due, args = "NULL", []
        if tenant_id is not None:
            where = "tenant_id = ?"
            args.append(tenant_id)
        else:
            where = "tenant_id NOT IN (SELECT tenant_id FROM timer_policies WHERE media_type = ?)"
            args.append(media_type)
        args += [media_type, timer]
        return self.conn.execute(
            f"UPDATE interactions SET timer_due = {due}"
            f" WHERE {where} AND media_type = ? AND timer = ?",
            args,
        ).rowcount

    def timer_policy(self, tenant_id: str, media_type: int) -> tuple[ipb.TimerPolicy, int] | None:
        row = self.conn.execute(
            "SELECT data, update_time FROM timer_policies WHERE tenant_id = ? AND media_type = ?",
            (tenant_id, media_type),
        ).fetchone()
        return (ipb.TimerPolicy.FromString(row[0]), row[1]) if row else None

    def timer_policies(self, tenant_id: str) -> dict[int, tuple[ipb.TimerPolicy, int]]:
        rows = self.conn.execute(
            "SELECT media_type, data, update_time FROM timer_policies WHERE tenant_id = ?",
            (tenant_id,),
        )
        return {m: (ipb.TimerPolicy.FromString(d), t) for m, d, t in rows}

    def put_timer_policy(
        self, tenant_id: str, media_type: int, policy: ipb.TimerPolicy, now_us: int
    ) -> None:
        self.conn.execute(
            "INSERT INTO timer_policies VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, media_type)"
            " DO UPDATE SET data = excluded.data, update_time = excluded.update_time",
            (tenant_id, media_type, policy.SerializeToString(), now_us),
        )

    def timer_defaults_mark(self) -> int | None:
        row = self.conn.execute(
            "SELECT value FROM notifier_state WHERE name = 'timer_defaults'"
        ).fetchone()
        return row[0] if row else None

    def set_timer_defaults_mark(self, mark: int) -> None:
        self.conn.execute(
            "INSERT INTO notifier_state VALUES ('timer_defaults', ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (mark,),
        )

    def tenants_with_policies(self, media_type: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT tenant_id FROM timer_policies WHERE media_type = ?", (media_type,)
        )
        return [r[0] for r in rows]
