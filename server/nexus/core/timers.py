"""Lifecycle timers: the tenants' timer policies, arming a timer with every change of an
interaction, and firing due timers as transitions of the one lifecycle table.

A timer is claimed by the transaction that fires it: the worker selects due rows and
applies their transitions in one write transaction, so SQLite's write lock (PostgreSQL:
the row lock of ``FOR UPDATE SKIP LOCKED``) is the claim and its term is the transaction.
A process killed mid-way leaves nothing claimed and nothing half-applied; another process
that reaches the same row afterwards finds it re-armed (or disarmed) and does not fire it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from nexus.config import TimerConfig
from nexus.core.base import UseCases, check_etag
from nexus.domain import timers
from nexus.domain import validation as val
from nexus.domain.errors import InvalidArgument, Violations
from nexus.domain.timers import Armed, Durations
from nexus.store.base import Principal
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

log = logging.getLogger("nexus.timers")

US = 1_000_000
MEDIA_TYPES = tuple(timers.MEDIA_NAMES)


def default_durations(config: TimerConfig) -> dict[int, Durations]:
    """The deployment's defaults per media type, checked like a tenant's policy."""
    per_media = {
        ipb.MEDIA_TYPE_CHAT: (config.chat_inactive_after_s, config.chat_complete_after_s),
        ipb.MEDIA_TYPE_EMAIL: (config.email_inactive_after_s, config.email_complete_after_s),
        ipb.MEDIA_TYPE_SMS: (config.sms_inactive_after_s, config.sms_complete_after_s),
        ipb.MEDIA_TYPE_THIRD_PARTY: (
            config.third_party_inactive_after_s,
            config.third_party_complete_after_s,
        ),
    }
    out: dict[int, Durations] = {}
    for media, (inactive, complete) in per_media.items():
        d = Durations(
            inactive_after=round(inactive * US),
            complete_after=round(complete * US),
            offer_timeout=round(config.offer_timeout_s * US),
            queue_timeout=round(config.queue_timeout_s * US),
            wrap_up_max=round(config.wrap_up_max_s * US),
        )
        timers.check_durations(d, f"[timers] of {timers.MEDIA_NAMES[media]}")
        out[media] = d
    return out


def defaults_mark(defaults: dict[int, Durations]) -> int:
    """A stable 63-bit fingerprint of the defaults (fits an SQLite integer)."""
    text = repr(sorted((m, dataclasses.astuple(d)) for m, d in defaults.items()))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1


class TimerPolicies(UseCases):
    """The timer policies of tenants, and arming the timers they set."""

    _defaults: dict[int, Durations] | None = None
    _durations: dict[tuple[str, int], Durations] | None = None
    _durations_serial = -1

    @property
    def timer_defaults(self) -> dict[int, Durations]:
        if self._defaults is None:
            self._defaults = default_durations(self.ctx.config.timers)
        return self._defaults

    def durations(self, tenant_id: str, media_type: int) -> Durations:
        """The tenant's durations for the media type, read inside the caller's write
        transaction. Every change of an interaction arms a timer, so what was read is kept
        for the rest of the transaction (nobody else writes meanwhile)."""
        serial = self.ctx.store.write_serial
        if self._durations is None or self._durations_serial != serial:
            self._durations, self._durations_serial = {}, serial
        key = (tenant_id, media_type)
        found = self._durations.get(key)
        if found is None:
            defaults = self.timer_defaults.get(media_type)
            if defaults is None:  # an interaction never has another media type; be safe
                defaults = self.timer_defaults[ipb.MEDIA_TYPE_CHAT]
            own, _ = self._own(tenant_id, media_type)
            found = self._durations[key] = timers.effective(defaults, own)
        return found

    def _own(self, tenant_id: str, media: int) -> tuple[ipb.TimerPolicy | None, int]:
        """The tenant's own policy (only the fields it set) and when it set it (0: never)."""
        found = self.ctx.store.timer_policy(tenant_id, media)
        return found if found is not None else (None, 0)

    def arm(self, tenant_id: str, i: ipb.Interaction) -> Armed | None:
        """The timer the interaction arms as it is now, shown on it as ``next_timer``."""
        clock = timers.clock_of(i)
        # Only a state that arms a timer needs the tenant's durations.
        armed = (
            None if clock is None else timers.armed(clock, self.durations(tenant_id, i.media_type))
        )
        timers.show(i, armed)
        return armed

    # -- TimerPolicy ---------------------------------------------------------------------

    def _media_of(self, name: str, field: str) -> int:
        """``timerPolicies/{media}`` → the media type, or INVALID_ARGUMENT naming ``field``."""
        media = name.removeprefix("timerPolicies/") if name.startswith("timerPolicies/") else None
        if media in timers.MEDIA_IDS:
            return timers.MEDIA_IDS[media]
        known = ", ".join(f"timerPolicies/{m}" for m in timers.MEDIA_IDS)
        if not name:
            what = "required"
        elif media is None:
            what = f"must look like timerPolicies/{{media}}: one of {known}"
        else:
            what = f"unknown media type {media[:64]!r}: one of {known}"
        raise InvalidArgument([val.FieldViolation(field, what)], reason="UNKNOWN_MEDIA_TYPE")

    def get_timer_policy(self, p: Principal, req: ispb.GetTimerPolicyRequest) -> ipb.TimerPolicy:
        media = self._media_of(req.name, "name")
        return timers.resource(media, self.timer_defaults[media], *self._own(p.tenant_id, media))

    def list_timer_policies(
        self, p: Principal, req: ispb.ListTimerPoliciesRequest
    ) -> ispb.ListTimerPoliciesResponse:
        own = self.ctx.store.timer_policies(p.tenant_id)
        return ispb.ListTimerPoliciesResponse(
            timer_policies=[
                timers.resource(m, self.timer_defaults[m], *own.get(m, (None, 0)))
                for m in MEDIA_TYPES
            ]
        )

    def update_timer_policy(
        self, p: Principal, req: ispb.UpdateTimerPolicyRequest
    ) -> ipb.TimerPolicy:
        src = req.timer_policy
        media = self._media_of(src.name, "timer_policy.name")
        populated = [f.name for f, _ in src.ListFields()]
        paths = val.update_paths(list(req.update_mask.paths), populated, timers.POLICY_FIELDS)
        v = Violations()
        timers.check_policy(src, paths, v)
        val.request_meta(v, req.request_id)
        v.raise_if_any()

        def work() -> ipb.TimerPolicy:
            own, set_us = self._own(p.tenant_id, media)
            current = timers.resource(media, self.timer_defaults[media], own, set_us)
            check_etag(current, src.etag)
            before = timers.effective(self.timer_defaults[media], own)
            merged = ipb.TimerPolicy()
            if own is not None:
                merged.CopyFrom(own)
            for path in paths:
                if src.HasField(path):
                    getattr(merged, path).CopyFrom(getattr(src, path))
                else:
                    merged.ClearField(path)
            if merged == (own or ipb.TimerPolicy()):
                return current  # nothing changes: no write, same etag
            now = max(self.ctx.clock.now_us(), set_us + 1)  # a new etag
            self.ctx.store.put_timer_policy(p.tenant_id, media, merged, now)
            self._durations = None  # read again, in this transaction too
            after = timers.effective(self.timer_defaults[media], merged)
            for timer, field in timers.POLICY_FIELD.items():
                if getattr(before, field) != getattr(after, field):
                    self.ctx.store.rearm_timers(p.tenant_id, media, timer, after.of(timer))
            return timers.resource(media, self.timer_defaults[media], merged, now)

        return self.ctx.idempotent(
            p, "UpdateTimerPolicy", req, req.request_id, ipb.TimerPolicy, work
        )

    def rearm_all(self) -> int:
        """At start: due times follow the configured defaults, which may have changed since
        the timers were armed (tenants' own policies re-arm when they change). Only when
        they did change: the store keeps a fingerprint of the defaults last applied."""
        mark = defaults_mark(self.timer_defaults)
        changed = 0
        with self.ctx.store.transaction():
            if self.ctx.store.timer_defaults_mark() == mark:
                return 0
            self.ctx.store.set_timer_defaults_mark(mark)
            # A snooze is due at its own time, whatever the policy: nothing to re-arm.
            for media, d in self.timer_defaults.items():
                for timer in timers.POLICY_FIELD:
                    changed += self.ctx.store.rearm_timers(None, media, timer, d.of(timer))
                for tenant_id in self.ctx.store.tenants_with_policies(media):
                    mine = timers.effective(d, self._own(tenant_id, media)[0])
                    for timer in timers.POLICY_FIELD:
                        changed += self.ctx.store.rearm_timers(
                            tenant_id, media, timer, mine.of(timer)
                        )
        return changed

    def next_timer_due_us(self) -> int | None:
        return self.ctx.store.next_timer_due()
