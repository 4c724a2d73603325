"""Firing due lifecycle timers: each one a transition of the lifecycle table, made by the
actor ``system/timer`` in the transaction that claims it."""

from __future__ import annotations

import dataclasses
import logging

from nexus import metrics
from nexus.core.base import Context, UseCases
from nexus.core.interactions import Interactions
from nexus.core.timers import TimerPolicies
from nexus.domain import lifecycle
from nexus.domain.errors import NexusError
from nexus.store.base import DueTimer, Principal

log = logging.getLogger("nexus.timers")


class Timers(UseCases):
    """The timer worker's use case: firing what is due."""

    def __init__(
        self, ctx: Context, interactions: Interactions, timer_policies: TimerPolicies
    ) -> None:
        super().__init__(ctx)
        self.interactions = interactions
        self.timer_policies = timer_policies

    def fire_timers(self, limit: int = 25) -> int:
        """Fires the timers due now, earliest first, at most ``limit``; returns how many
        were due (the worker calls again at once while that is ``limit``).

        Each is re-checked against the interaction as it is now: a person's call, a
        message or a policy change since it was armed has re-armed it, and a timer that is
        no longer due is stored with its new due time instead of firing."""

        def work() -> int:
            now = self.ctx.clock.now_us()
            due = self.ctx.store.due_timers(now, limit)
            for d in due:
                try:
                    with self.ctx.store.transaction():  # a savepoint: one failure stays its own
                        fired = self._fire(d, now)
                    if fired:
                        metrics.TIMERS_FIRED.labels(metrics.timer_label(d.timer)).inc()
                        metrics.TIMER_LAG.observe(max(0, now - d.due_us) / 1e6)
                except NexusError as exc:
                    # Not expected (the table allows every timed move); never retried in a
                    # loop: the timer is disarmed until the interaction changes again.
                    log.error(
                        "timer could not fire; disarmed",
                        extra={
                            "interaction": d.interaction_id,
                            "timer": d.timer,
                            "error": str(exc),
                        },
                    )
                    i = self.ctx.store.get_interaction(d.tenant_id, d.interaction_id)
                    if i is not None:
                        self.ctx.store.update_interaction(d.tenant_id, i, None)
            return len(due)

        return self.ctx.write(work)

    def _fire(self, d: DueTimer, now: int) -> bool:
        i = self.ctx.store.get_interaction(d.tenant_id, d.interaction_id)
        if i is None:
            return False
        armed = self.timer_policies.arm(d.tenant_id, i)
        if armed is None or armed.timer != d.timer or armed.due_us is None or armed.due_us > now:
            self.ctx.store.update_interaction(d.tenant_id, i, armed)  # stale: re-armed, or off
            return False
        p = Principal(d.tenant_id, "", "")
        timed = lifecycle.TIMED[armed.timer]
        cmd = timed.command
        if timed.spec is lifecycle.RESUME:
            cmd = dataclasses.replace(cmd, agent_left=self.interactions.agent_left(p, i))
        self.interactions.transit(
            p, i, timed.spec, cmd, lifecycle.TIMER_ACTOR, now, armed.timer, armed.due_us
        )
        return True
