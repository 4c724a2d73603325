"""The channel sender: hands agents' and bots' replies to the channels' providers.

A second consumer of the event log beside the webhook fan-out, built the same way: it
reads ``message.created`` events of outbound messages on channel interactions into an
outbox (one short transaction, its own cursor), claims due messages with a lease, sends
them through the one egress client (so through the SSRF guard), and records the outcome,
the message's delivery state and its event in one transaction. Retries follow the
notifier's schedule; an interaction's messages leave strictly in order (a message waits
while an earlier one of its interaction is owed). Typing indicators are forwarded once,
never retried, and only while they are fresh.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from nexus import metrics
from nexus.channels.base import AttachmentMeta, ChannelConfig, Outbound, Profile, SendResult
from nexus.clock import Clock
from nexus.config import NotifierConfig
from nexus.domain import events as ev
from nexus.egress.client import EgressClient
from nexus.egress.schedule import RetryPolicy, parse_retry_after
from nexus.notifier.engine import run_rounds
from nexus.store.base import OutboxRecord, OutboxStatus, SendOutcome, Store
from nexus.store.work import Run, inline
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb

_STATES = {OutboxStatus.SENT: "sent", OutboxStatus.PENDING: "retry", OutboxStatus.FAILED: "failed"}
log = logging.getLogger("nexus.channels")

# Records the outcomes of attempts (the core's ``record_sends``), in one transaction.
Recorder = Callable[[Sequence[SendOutcome]], None]
# The profile view of a channel, secrets included (the core's ``channel_config``).
Configurer = Callable[[str, cpb.Channel], ChannelConfig]

TYPING_ROLES = (ipb.PARTICIPANT_ROLE_AGENT, ipb.PARTICIPANT_ROLE_BOT)
# What the sender reads of the log; it moves past every other event without decoding it.
WANTED_EVENTS = (ev.MESSAGE_CREATED, ev.TYPING_STARTED, ev.TYPING_STOPPED)
T = TypeVar("T")
# Runs a use case in a write transaction: the server's group commit, or our own.
Write = Callable[[Callable[[], T]], Awaitable[T]]
# What is read of a provider's answer: enough for the id it gave the message after
# whatever it echoes first (a webhook answer is only logged, and capped lower).
PROVIDER_BODY_LIMIT = 256 * 1024


def tail(name: str) -> str:
    return name.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Job:
    record: OutboxRecord
    channel: cpb.Channel | None
    config: ChannelConfig | None
    item: Outbound | None


class ChannelSender:
    def __init__(
        self,
        store: Store,
        record: Recorder,
        configure: Configurer,
        profiles: Mapping[int, Profile],
        config: NotifierConfig,
        clock: Clock,
        client: EgressClient,
        rand: random.Random | None = None,
        write: Write | None = None,
        run: Run | None = None,
    ) -> None:
        self.store = store
        self.run_store: Run = run or inline
        """Runs the synchronous reads (``Work.run``): off the loop on PostgreSQL."""
        self.write: Write = write or self._write_here
        self.record = record
        self.configure = configure
        self.profiles = profiles
        self.config = config
        self.clock = clock
        self.client = client
        self.post = functools.partial(client.post, body_limit=PROVIDER_BODY_LIMIT)
        self.policy = RetryPolicy(
            config.retry_schedule_s, config.jitter, config.throttle_floor_s,
            config.retry_after_max_s,
        )  # fmt: skip
        self.rand = rand or random.Random()
        self._in_flight: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._results: list[SendOutcome] = []
        self._wake = asyncio.Event()

    async def _write_here(self, work: Callable[[], T]) -> T:
        """One write transaction of its own (tests); the application passes its group
        commit (``write``)."""

        def transact() -> T:
            with self.store.transaction():
                return work()

        return await self.run_store(transact)

    # -- steps --------------------------------------------------------------------------

    async def fan_out(self) -> int:
        """Turns new outbound messages of channel interactions into outbox rows, and starts
        forwarding fresh typing indicators; returns how many events it moved past."""
        last, done = await self.run_store(
            lambda: (self.store.last_cursor(), self.store.channel_cursor())
        )
        if last <= done:
            return 0
        now = self.clock.now_us()

        def work() -> tuple[list[tuple[str, epb.Event]], int]:
            # Read again inside the transaction: another sender may have moved it.
            after = self.store.channel_cursor()
            upto = min(last, after + self.config.fanout_batch)
            if upto <= after:
                return [], 0
            rows: list[OutboxRecord] = []
            typing: list[tuple[str, epb.Event]] = []
            for cursor, tenant_id, _, event in self.store.iter_events_of_types(
                after, upto, WANTED_EVENTS
            ):
                if event.type == ev.MESSAGE_CREATED:
                    i = event.interaction_snapshot
                    if event.message.HasField("delivery") and i.channel.startswith("channels/"):
                        rows.append(
                            OutboxRecord(
                                message_id=tail(event.message.name),
                                tenant_id=tenant_id,
                                channel_id=tail(i.channel),
                                interaction_id=tail(i.name),
                                event_cursor=cursor,
                                status=OutboxStatus.PENDING,
                                attempts=0,
                                schedule_pos=0,
                                next_attempt_time_us=now,
                            )
                        )
                elif event.typing.role in TYPING_ROLES:
                    typing.append((tenant_id, event))
            self.store.insert_outbox(rows, now)
            self.store.set_channel_cursor(upto)
            return typing, upto - after

        typing, moved = await self.write(work)
        if typing:
            sends = await self.run_store(lambda: [self._typing_send(t, e, now) for t, e in typing])
            for send in sends:
                if send is not None:
                    self._spawn(self._send_typing(*send))
        return moved

    def _typing_send(
        self, tenant_id: str, event: epb.Event, now_us: int
    ) -> tuple[Profile, ChannelConfig, Outbound] | None:
        """What forwarding a typing indicator sends, if it goes out at all."""
        t = event.typing
        if t.active and t.expire_time.ToMicroseconds() <= now_us:
            return None  # lapsed before we got to it: forwarding it now would mislead
        i = self.store.get_interaction(tenant_id, tail(event.interaction))
        if i is None or not i.channel.startswith("channels/"):
            return None
        channel = self.store.get_channel(tenant_id, tail(i.channel))
        if channel is None or not channel.supports_typing:
            return None
        if channel.HasField("enabled") and not channel.enabled:
            return None
        profile = self.profiles.get(channel.profile)
        if profile is None:
            return None
        item = Outbound(
            message="",
            interaction=i.name,
            channel=channel.name,
            to=i.customer_address,
            thread_id=i.thread_id,
            typing=t.active,
        )
        return profile, self.configure(tenant_id, channel), item

    async def _send_typing(self, profile: Profile, config: ChannelConfig, item: Outbound) -> None:
        result = await profile.send(config, item, self.post, self.config.channel_timeout_s)
        if not result.ok:  # never retried: a late "typing…" is worse than none
            log.info(
                "typing indicator not taken",
                extra={"channel": config.name, "error": result.error_message[:200]},
            )

    async def claim(self) -> list[Job]:
        """Leases due messages within each channel's cap and the total cap."""
        room = min(self.config.max_in_flight - len(self._tasks), self.config.claim_batch)
        if room <= 0:
            return []
        now = self.clock.now_us()
        cap = self.config.channel_concurrency
        # A read first: an idle sender takes no write lock.
        due = await self.run_store(lambda: self.store.due_outbox_channels(now))
        wanted = [(channel_id, cap - self._in_flight.get(channel_id, 0)) for channel_id in due]
        wanted = [(c, free) for c, free in wanted if free > 0]
        if not wanted:
            return []
        # The lease outlives the attempt it covers, whatever the two settings say.
        lease_s = max(self.config.lease_s, 2 * self.config.channel_timeout_s)
        lease_until = now + int(lease_s * 1_000_000)

        def work() -> list[OutboxRecord]:
            claimed: list[OutboxRecord] = []
            for channel_id, free in wanted:
                limit = min(free, room - len(claimed))
                if limit <= 0:
                    break
                claimed.extend(self.store.claim_outbox(channel_id, now, lease_until, limit))
            return claimed

        records = await self.write(work)
        for record in records:
            self._in_flight[record.channel_id] = self._in_flight.get(record.channel_id, 0) + 1
        # What sending needs is read after the claim committed (and once per channel).
        configs: dict[str, tuple[cpb.Channel | None, ChannelConfig | None]] = {}
        return await self.run_store(lambda: [self._job(record, configs) for record in records])

    def _job(
        self,
        record: OutboxRecord,
        configs: dict[str, tuple[cpb.Channel | None, ChannelConfig | None]],
    ) -> Job:
        if record.channel_id not in configs:
            found = self.store.get_channel(record.tenant_id, record.channel_id)
            configs[record.channel_id] = (
                found,
                self.configure(record.tenant_id, found) if found is not None else None,
            )
        channel, config = configs[record.channel_id]
        msg = self.store.get_message(record.tenant_id, record.interaction_id, record.message_id)
        i = self.store.get_interaction(record.tenant_id, record.interaction_id)
        if channel is None or config is None or msg is None or i is None:
            return Job(record, None, None, None)
        sender = ""
        if msg.sender:
            part = self.store.get_participant(
                record.tenant_id, record.interaction_id, tail(msg.sender)
            )
            sender = part.display_name if part is not None else ""
        item = Outbound(
            message=msg.name,
            interaction=i.name,
            channel=channel.name,
            to=i.customer_address,
            text=msg.text,
            attachments=tuple(
                AttachmentMeta(a.filename, a.content_type, a.uri, a.size_bytes)
                for a in msg.attachments
            ),
            thread_id=i.thread_id,
            subject=i.subject,
            sender_display_name=sender,
            create_time_us=msg.create_time.ToMicroseconds(),
            references=self._references(record, i),
        )
        return Job(record, channel, config, item)

    def _references(self, record: OutboxRecord, i: ipb.Interaction) -> tuple[str, ...]:
        """E-mail threading: the provider ids (Message-IDs) of the interaction's earlier
        messages that have one, oldest first."""
        if i.media_type != ipb.MEDIA_TYPE_EMAIL:
            return ()
        refs = []
        for m in self.store.list_messages(record.tenant_id, record.interaction_id, 0, 1000, True):
            if tail(m.name) == record.message_id:
                break
            ref = m.delivery.provider_message_id if m.HasField("delivery") else m.external_id
            if ref.startswith("<") and ref.endswith(">"):
                refs.append(ref)
        return tuple(refs)

    async def flush(self) -> int:
        results, self._results = self._results, []
        if results:
            await self.write(lambda: self.record(results))
        return len(results)

    # -- sending ------------------------------------------------------------------------

    async def attempt(self, job: Job) -> SendOutcome:
        r = job.record
        if job.channel is None or job.config is None or job.item is None:
            return self._outcome(r, SendResult(ok=False, error_code="channel_deleted",
                                               error_message="the channel no longer exists"))  # fmt: skip
        if job.channel.HasField("enabled") and not job.channel.enabled:
            result = SendResult(
                ok=False, retry=True, error_code="channel_disabled",
                error_message="the channel is disabled; the message waits for it",
            )  # fmt: skip
            return self._outcome(r, result)
        profile = self.profiles.get(job.channel.profile)
        if profile is None:
            return self._outcome(r, SendResult(ok=False, error_code="no_profile",
                                               error_message="no adapter for this profile"))  # fmt: skip
        result = await profile.send(job.config, job.item, self.post, self.config.channel_timeout_s)
        return self._outcome(r, result)

    def _outcome(self, r: OutboxRecord, result: SendResult) -> SendOutcome:
        """The message's next state after an attempt (pure but for the clock)."""
        attempts = r.attempts + 1
        if result.ok:
            return SendOutcome(
                r.message_id, r.interaction_id, r.tenant_id, OutboxStatus.SENT, attempts,
                r.schedule_pos, None, provider_message_id=result.provider_message_id,
            )  # fmt: skip
        delay = None
        if result.retry:
            now = self.clock.now_us()
            delay = self.policy.next_delay(
                r.schedule_pos + 1,
                result.status_code,
                result.error_code == "timeout",
                parse_retry_after(result.retry_after, now / 1e6),
                self.rand,
            )
        if delay is None:
            return SendOutcome(
                r.message_id, r.interaction_id, r.tenant_id, OutboxStatus.FAILED, attempts,
                r.schedule_pos, None, error_code=result.error_code or "failed",
                error_message=result.error_message,
            )  # fmt: skip
        return SendOutcome(
            r.message_id, r.interaction_id, r.tenant_id, OutboxStatus.PENDING, attempts,
            r.schedule_pos + 1, self.clock.now_us() + int(delay * 1_000_000),
            error_code=result.error_code, error_message=result.error_message,
        )  # fmt: skip

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, job: Job) -> None:
        try:
            # Await first: ``flush`` swaps the list while the attempt is in flight.
            outcome = await self.attempt(job)
            self._results.append(outcome)
            profile = metrics.profile_label(job.channel.profile if job.channel else 0)
            metrics.CHANNEL_OUTBOUND.labels(profile, _STATES[outcome.status]).inc()
        except Exception:  # a bug must not stop the loop; the lease brings the work back
            log.exception("channel send crashed", extra={"message": job.record.message_id})
        finally:
            channel_id = job.record.channel_id
            self._in_flight[channel_id] -= 1
            if not self._in_flight[channel_id]:
                del self._in_flight[channel_id]
            self._wake.set()

    async def step(self) -> bool:
        recorded = await self.flush()
        fanned = await self.fan_out()
        jobs = await self.claim()
        for job in jobs:
            self._spawn(self._send(job))
        return bool(recorded or fanned or jobs)

    def wake(self) -> None:
        self._wake.set()

    async def run(
        self, stop: asyncio.Event, wake: Callable[[], asyncio.Event] | None = None
    ) -> None:
        """Runs until ``stop`` is set, then lets in-flight sends finish (bounded)."""
        try:
            await run_rounds(self.step, self._wake, stop, wake, self.config, log)
        finally:
            await self.drain(self.config.shutdown_grace_s)

    async def drain(self, grace_s: float) -> None:
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace_s)
            for task in pending:
                task.cancel()
        await self.flush()

    async def run_until_idle(self, max_rounds: int = 10_000) -> None:
        """Works until nothing is due and nothing is in flight (tests)."""
        for _ in range(max_rounds):
            busy = await self.step()
            if self._tasks:
                await asyncio.wait(set(self._tasks))
                continue
            if not busy and not self._results:
                return
        raise RuntimeError("channel sender did not become idle")
