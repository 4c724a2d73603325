"""``nexus store copy``: a whole installation moves between backends (SQLite to PostgreSQL
and back) with every id, cursor, secret and key intact, and the target goes on from there."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from google.protobuf.duration_pb2 import Duration

from nexus.store import open_store
from nexus.store.base import (
    AttemptRecord,
    DeliveryFilter,
    DeliveryRecord,
    DeliveryStatus,
    EventFilter,
    InteractionFilter,
    OutboxRecord,
    OutboxStatus,
    TenantRecord,
    TypingRecord,
)
from nexus.store.copy import TABLES, NotEmpty, copy_store
from nexus.store.sql import SqlStore
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

from pg import pg_schema

BACKENDS = tuple(os.environ.get("NEXUS_TEST_BACKENDS", "sqlite,postgresql").split(","))
needs_postgresql = pytest.mark.skipif(
    "postgresql" not in BACKENDS, reason="NEXUS_TEST_BACKENDS leaves PostgreSQL out"
)

NOW = 1_700_000_000_000_000
SEC = 1_000_000
CHAT, EMAIL = ipb.MEDIA_TYPE_CHAT, ipb.MEDIA_TYPE_EMAIL


# -- a realistic installation -----------------------------------------------------------------


@dataclass
class Installation:
    a: TenantRecord
    b: TenantRecord
    secret_ids: list[int]
    channel_secret_id: int
    deliveries: list[str]


def interaction(
    interaction_id: str, at: int, state: int, media_type: int = CHAT, **fields: object
) -> ipb.Interaction:
    i = ipb.Interaction(
        name=f"interactions/{interaction_id}",
        state=state,
        media_type=media_type,
        direction=ipb.DIRECTION_INBOUND,
        **fields,
    )
    i.attributes["order"] = f"#{interaction_id}"
    i.create_time.FromMicroseconds(at)
    i.update_time.FromMicroseconds(at + SEC)
    return i


def message(interaction_id: str, index: int, text: str, **fields: object) -> ipb.Message:
    m = ipb.Message(
        name=f"interactions/{interaction_id}/messages/m{index}", index=index, text=text, **fields
    )
    m.create_time.FromMicroseconds(NOW + index * SEC)
    return m


def participant(interaction_id: str, pid: str, role: int, name: str) -> ipb.Participant:
    p = ipb.Participant(
        name=f"interactions/{interaction_id}/participants/{pid}", role=role, display_name=name
    )
    p.join_time.FromMicroseconds(NOW)
    return p


def populate(store: SqlStore) -> Installation:
    """Two tenants with keys, interactions, transcripts, events, a webhook with two secrets
    and deliveries in every state, a channel with its credentials, secret, provider ids and
    outbound work, typing, a timer policy and remembered requests."""
    log: list[tuple[str, epb.Event, int]] = []

    def emit(tenant: TenantRecord, event_id: str, type_: str, iid: str, media: int) -> None:
        e = epb.Event(id=event_id, type=type_, tenant=f"tenants/{tenant.id}", sequence=len(log))
        if iid:
            e.interaction = f"interactions/{iid}"
        e.create_time.FromMicroseconds(NOW + len(log))
        cursor = store.append_event(tenant.id, e, media)
        log.append((tenant.id, e, cursor))

    with store.transaction():
        a = store.create_tenant("acme", NOW)
        b = store.create_tenant("globex", NOW + 1)
        store.create_api_key(a.id, "initial", "a1" * 32, "nxs_acme0001", NOW)
        store.create_api_key(a.id, "ci", "a2" * 32, "nxs_acme0002", NOW + 1)
        store.create_api_key(b.id, "initial", "b1" * 32, "nxs_globex01", NOW + 2)
        store.put_timer_policy(
            a.id, CHAT, ipb.TimerPolicy(inactive_after=Duration(seconds=300)), NOW
        )

        i1 = interaction(
            "i1", NOW, ipb.STATE_ACTIVE, channel="channels/c1", customer_address="+15551234"
        )
        i1.unread_count = 1
        store.insert_interaction(a.id, i1, (ipb.TIMER_INACTIVE_AFTER, NOW, NOW + 300 * SEC))
        store.insert_interaction(
            a.id, interaction("i2", NOW + 5, ipb.STATE_COMPLETED, EMAIL, subject="Refund"), None
        )
        store.insert_interaction(
            b.id,
            interaction("i3", NOW + 7, ipb.STATE_QUEUED, queue="sales"),
            (ipb.TIMER_QUEUE_TIMEOUT, NOW, NOW + 60 * SEC),
        )
        customer, agent = ipb.PARTICIPANT_ROLE_CUSTOMER, ipb.PARTICIPANT_ROLE_AGENT
        store.put_participant(a.id, "i1", participant("i1", "p1", customer, "Customer"))
        store.put_participant(a.id, "i1", participant("i1", "p2", agent, "Agent Smith"))
        store.put_participant(b.id, "i3", participant("i3", "p1", customer, "Someone"))
        store.put_message(a.id, "i1", message("i1", 1, "hello", direction=ipb.DIRECTION_INBOUND))
        store.put_message(a.id, "i1", message("i1", 2, "VIP customer", internal=True))
        reply = message("i1", 3, "how can I help?", direction=ipb.DIRECTION_OUTBOUND)
        reply.delivery.state = ipb.MESSAGE_DELIVERY_STATE_SENT
        reply.delivery.provider_message_id = "SM-out-1"
        store.put_message(a.id, "i1", reply)
        store.put_message(b.id, "i3", message("i3", 1, "hi ✓", direction=ipb.DIRECTION_INBOUND))

        for n, (tenant, type_, iid, media) in enumerate(
            [
                (a, "interaction.created", "i1", CHAT),
                (b, "interaction.created", "i3", CHAT),
                (a, "message.created", "i1", CHAT),
                (a, "participant.added", "i1", CHAT),
                (b, "message.created", "i3", CHAT),
                (a, "interaction.created", "i2", EMAIL),
                (a, "interaction.state_changed", "i2", EMAIL),
                (a, "message.created", "i1", CHAT),
            ]
        ):
            emit(tenant, f"evt_{n}", type_, iid, media)

        wa = wpb.Webhook(name="webhooks/wa", url="https://hooks.acme.test/nexus")
        wa.create_time.FromMicroseconds(NOW)
        store.put_webhook(a.id, wa)
        wb = wpb.Webhook(name="webhooks/wb", url="https://hooks.globex.test/", enabled=False)
        wb.create_time.FromMicroseconds(NOW + 1)
        store.put_webhook(b.id, wb)
        old_secret = store.add_webhook_secret("wa", "whsec_old", NOW)
        new_secret = store.add_webhook_secret("wa", "whsec_new", NOW + 10 * SEC)
        store.expire_webhook_secrets("wa", "whsec_new", NOW + 86_400 * SEC)
        store.add_webhook_secret("wb", "whsec_globex", NOW)

        deliveries = []
        for n, (tenant_id, e, cursor) in enumerate(log):
            if tenant_id != a.id:
                continue
            d = DeliveryRecord(
                id=f"dlv_{n}",
                webhook_id="wa",
                tenant_id=a.id,
                event_cursor=cursor,
                event_id=e.id,
                event_type=e.type,
                order_key=e.interaction.rsplit("/", 1)[-1],
                status=DeliveryStatus.PENDING,
                attempts=0,
                schedule_pos=0,
                next_attempt_time_us=NOW + n,
                last_status_code=0,
                create_time_us=NOW + n,
                update_time_us=NOW + n,
            )
            deliveries.append(d)
        store.insert_deliveries(deliveries)
        store.set_fanout_cursor(log[-1][2])

        def attempt(delivery_id: str, n: int, code: int, next_us: int | None) -> AttemptRecord:
            return AttemptRecord(
                delivery_id=delivery_id,
                attempt_time_us=NOW + n * SEC,
                status_code=code,
                latency_us=12_345 + n,
                response_body=f"status {code}".encode() + b"\x00\xff",
                error_class="" if code == 200 else "http_status",
                error="" if code == 200 else f"HTTP {code}",
                next_attempt_time_us=next_us,
                trigger="scheduled",
            )

        ids = [d.id for d in deliveries]
        S = DeliveryStatus
        store.record_attempts(
            [
                (attempt(ids[0], 1, 200, None), S.SUCCEEDED),
                (attempt(ids[1], 1, 503, NOW + 60 * SEC), S.PENDING),
                (attempt(ids[2], 1, 500, NOW + 2 * SEC), S.PENDING),
            ],
            NOW + SEC,
        )
        store.record_attempts([(attempt(ids[2], 2, 410, None), S.FAILED)], NOW + 2 * SEC)
        store.webhook_failing_since("wa", True, NOW + 2 * SEC, 3_600 * SEC)

        c1 = cpb.Channel(
            name="channels/c1",
            kind=cpb.CHANNEL_KIND_SMS,
            profile=cpb.CHANNEL_PROFILE_TWILIO,
            display_name="Support line",
        )
        c1.provider.sender_id = "+15550000"
        c1.provider.account_id = "AC123"
        c1.create_time.FromMicroseconds(NOW)
        store.put_channel(a.id, c1, "AC123:auth-token")
        channel_secret = store.add_channel_secret("c1", "chsec_1", NOW)
        store.put_channel_message("c1", ipb.DIRECTION_INBOUND, "SM-in-1", a.id, "i1", "m1")
        store.put_channel_message("c1", ipb.DIRECTION_OUTBOUND, "SM-out-1", a.id, "i1", "m3")
        store.insert_outbox(
            [
                OutboxRecord("m3", a.id, "c1", "i1", log[-1][2], 1, 0, 0, NOW),
                OutboxRecord("m9", a.id, "c1", "i1", log[2][2], 1, 0, 0, NOW),
            ],
            NOW,
        )
        store.update_outbox("m9", OutboxStatus.SENT, 1, 1, None, NOW + SEC)
        store.set_channel_cursor(log[-1][2])
        store.put_typing(TypingRecord("i1", ipb.PARTICIPANT_ROLE_AGENT, "p2", a.id, NOW + 5 * SEC))
        store.set_timer_defaults_mark(987_654_321)

        store.put_request(a.id, "CreateWebhook", "req-wh", "hash-1", b"\x08\x01", NOW, new_secret)
        store.put_request(
            a.id, "CreateChannel", "req-ch", "hash-2", b"\x12\x00", NOW, None, channel_secret
        )
        store.put_request(b.id, "CreateInteraction", "req-i", "hash-3", bytes(range(256)), NOW)

    with store.transaction():  # one more key, revoked
        store.revoke_api_key("nxs_acme0002", NOW + 3)
    store.page_token_key()
    return Installation(a, b, [old_secret, new_secret], channel_secret, ids)


# -- comparing two installations -----------------------------------------------------------------


def contents(store: SqlStore, table: str) -> list[tuple]:
    """Every row of a table, columns by name (the backends order them differently)."""
    rows = store.conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in rows.description]
    found = [
        dict(zip(names, (bytes(v) if isinstance(v, memoryview) else v for v in r), strict=True))
        for r in rows
    ]
    return sorted((tuple(sorted(row.items())) for row in found), key=repr)


def counts(store: SqlStore) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def assert_same_installation(source: SqlStore, target: SqlStore, inst: Installation) -> None:
    assert counts(target) == counts(source)
    for table in TABLES:
        assert contents(target, table) == contents(source, table), table
    assert target.last_cursor() == source.last_cursor() > 0
    assert target.page_token_key() == source.page_token_key(), "old page tokens keep working"
    a, b = inst.a, inst.b
    assert target.list_tenants() == source.list_tenants() == [a, b]
    for tenant in (a, b):
        assert target.tenant_cursor(tenant.id) == source.tenant_cursor(tenant.id) > 0
        mine = target.list_events(tenant.id, 0, EventFilter(), 100)
        theirs = source.list_events(tenant.id, 0, EventFilter(), 100)
        assert mine == theirs
        assert [e.cursor for e in mine.events] == list(range(1, len(mine.events) + 1))
        assert target.list_api_keys(tenant.id) == source.list_api_keys(tenant.id)
        assert target.timer_policies(tenant.id) == source.timer_policies(tenant.id)
    assert list(target.iter_events(0, 100)) == list(source.iter_events(0, 100))

    i1 = target.get_interaction(a.id, "i1")
    assert i1 == source.get_interaction(a.id, "i1")
    assert i1.next_timer.timer == ipb.TIMER_INACTIVE_AFTER
    assert i1.customer_address == "+15551234" and i1.attributes["order"] == "#i1"
    flt = InteractionFilter(next_timer_before_us=NOW + 3_600 * SEC)
    assert target.list_interactions(b.id, flt, None, 10) == source.list_interactions(
        b.id, flt, None, 10
    )
    reply = target.get_message(a.id, "i1", "m3")
    assert reply == source.get_message(a.id, "i1", "m3")
    assert reply.delivery.provider_message_id == "SM-out-1"
    assert target.list_messages(a.id, "i1", 0, 10, True) == source.list_messages(
        a.id, "i1", 0, 10, True
    )
    assert [m.index for m in target.list_messages(a.id, "i1", 0, 10, True)] == [1, 3]
    assert target.list_participants(a.id, "i1", None, 10) == source.list_participants(
        a.id, "i1", None, 10
    )

    secrets = target.webhook_secrets("wa", NOW + 20 * SEC)
    assert secrets == source.webhook_secrets("wa", NOW + 20 * SEC)
    assert [s.secret for s in secrets] == ["whsec_new", "whsec_old"]
    assert secrets[1].expire_time_us == NOW + 86_400 * SEC
    for secret_id in inst.secret_ids:
        assert target.signing_secret(secret_id, NOW) == source.signing_secret(secret_id, NOW)
    assert target.signing_secret(inst.secret_ids[1], NOW) == "whsec_new"
    assert target.channel_secret(inst.channel_secret_id, NOW) == "chsec_1"
    assert target.channel_credentials("c1") == "AC123:auth-token"
    assert target.get_channel(a.id, "c1") == source.get_channel(a.id, "c1")
    assert target.find_channel_message("c1", ipb.DIRECTION_OUTBOUND, "SM-out-1") == ("i1", "m3")
    remembered = target.get_request(a.id, "CreateWebhook", "req-wh")
    assert remembered == source.get_request(a.id, "CreateWebhook", "req-wh")
    assert remembered.secret_id == inst.secret_ids[1]
    assert target.get_request(b.id, "CreateInteraction", "req-i").response == bytes(range(256))

    statuses = set()
    for delivery_id in inst.deliveries:
        d = target.get_delivery(a.id, "wa", delivery_id)
        assert d == source.get_delivery(a.id, "wa", delivery_id)
        statuses.add(d.status)
        assert target.list_attempts(delivery_id, 0, 10) == source.list_attempts(delivery_id, 0, 10)
    assert statuses == {1, 2, 3}
    failed = target.list_attempts(inst.deliveries[2], 0, 10)
    assert [x.status_code for x in failed] == [500, 410]
    assert failed[0].response_body == b"status 500\x00\xff"
    listed = target.list_deliveries(a.id, "wa", DeliveryFilter(), None, 100)
    assert listed == source.list_deliveries(a.id, "wa", DeliveryFilter(), None, 100)

    assert target.fanout_cursor() == source.fanout_cursor() == source.last_cursor()
    assert target.channel_cursor() == source.channel_cursor() == source.last_cursor()
    assert target.timer_defaults_mark() == 987_654_321
    assert target.next_typing_expiry() == NOW + 5 * SEC
    assert target.next_timer_due() == source.next_timer_due() == NOW + 60 * SEC
    assert [(t, w.name) for t, w in target.enabled_webhooks()] == [(a.id, "webhooks/wa")]
    principal = target.principal_for_key("a1" * 32)
    assert principal == source.principal_for_key("a1" * 32)
    assert principal.tenant_id == a.id
    assert target.principal_for_key("a2" * 32) is None, "a revoked key stays revoked"


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def sqlite_source(tmp_path) -> Iterator[tuple[SqlStore, Installation]]:
    store = open_store(tmp_path / "source.db")
    try:
        yield store, populate(store)
    finally:
        store.close()


@pytest.fixture
def pg_store() -> Iterator[SqlStore]:
    with pg_schema() as url:
        store = open_store(url)
        try:
            yield store
        finally:
            store.close()


# -- the tests ------------------------------------------------------------------------------------


@needs_postgresql
def test_sqlite_to_postgresql_keeps_everything(sqlite_source, pg_store):
    source, inst = sqlite_source
    progress: list[tuple[str, int]] = []
    copied = copy_store(source, pg_store, lambda table, n: progress.append((table, n)))
    assert copied.counts == counts(source)
    assert [t for t, _ in progress] == list(TABLES)
    assert copied.last_cursor == source.last_cursor()
    assert_same_installation(source, pg_store, inst)


@needs_postgresql
def test_postgresql_hands_out_ids_after_the_copied_ones(sqlite_source, pg_store):
    source, inst = sqlite_source
    copy_store(source, pg_store)
    last = pg_store.last_cursor()
    position = pg_store.tenant_cursor(inst.a.id)

    def highest(table: str) -> int:
        return pg_store.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]

    max_secret, max_channel_secret = highest("webhook_secrets"), highest("channel_secrets")
    max_attempt = highest("delivery_attempts")
    assert (max_secret, max_channel_secret, max_attempt) == (3, 1, 4)
    with pg_store.transaction():
        e = epb.Event(id="evt_after_copy", type="interaction.updated")
        cursor = pg_store.append_event(inst.a.id, e, CHAT)
        secret_id = pg_store.add_webhook_secret("wa", "whsec_newer", NOW + 100 * SEC)
        channel_secret_id = pg_store.add_channel_secret("c1", "chsec_2", NOW + 100 * SEC)
        pg_store.record_attempts(
            [
                (
                    AttemptRecord(
                        inst.deliveries[1], NOW + 99 * SEC, 200, 1, b"", "", "", None, "manual"
                    ),
                    DeliveryStatus.SUCCEEDED,
                )
            ],
            NOW + 99 * SEC,
        )
    assert cursor == last + 1
    assert e.cursor == position + 1, "the tenant's positions go on where they were"
    assert secret_id == max_secret + 1
    assert channel_secret_id == max_channel_secret + 1
    assert pg_store.webhook_secrets("wa", NOW + 100 * SEC)[0].secret == "whsec_newer"
    attempts = pg_store.list_attempts(inst.deliveries[1], 0, 10)
    assert [x.trigger for x in attempts] == ["scheduled", "manual"]
    assert attempts[-1].id == max_attempt + 1
    page = pg_store.list_events(inst.a.id, position, EventFilter(), 10)
    assert [x.id for x in page.events] == ["evt_after_copy"]


@needs_postgresql
def test_postgresql_back_to_sqlite_keeps_everything(sqlite_source, pg_store, tmp_path):
    """Back again, into a freshly migrated SQLite database: the target a user gets from
    ``nexus migrate --db back.db`` (or ``nexus store copy --to back.db``)."""
    source, inst = sqlite_source
    copy_store(source, pg_store)
    back = open_store(tmp_path / "back.db")
    try:
        copied = copy_store(pg_store, back)
        assert copied.last_cursor == source.last_cursor()
        assert_same_installation(source, back, inst)
        with back.transaction():
            cursor = back.append_event(inst.b.id, epb.Event(id="evt_back", type="x"), CHAT)
            secret_id = back.add_webhook_secret("wb", "whsec_2", NOW)
        assert cursor == source.last_cursor() + 1
        assert secret_id == 4, "after the copied secrets 1, 2 and 3"
    finally:
        back.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_copying_into_a_database_in_use_is_refused_and_writes_nothing(
    sqlite_source, tmp_path, backend
):
    source, _ = sqlite_source

    def check(target: SqlStore) -> None:
        with target.transaction():
            target.create_tenant("already-here", NOW)
        key = target.page_token_key()
        before = {t: contents(target, t) for t in TABLES}
        with pytest.raises(NotEmpty):
            copy_store(source, target)
        assert {t: contents(target, t) for t in TABLES} == before
        assert [t.name for t in target.list_tenants()] == ["already-here"]
        again = open_store(target.location)
        try:
            assert again.page_token_key() == key
        finally:
            again.close()

    if backend == "sqlite":
        target = open_store(tmp_path / "target.db")
        try:
            check(target)
        finally:
            target.close()
        return
    with pg_schema() as url:
        target = open_store(url)
        try:
            check(target)
        finally:
            target.close()


@needs_postgresql
def test_the_store_copy_command(tmp_path):
    path: Path = tmp_path / "nexus.db"
    source = open_store(path)
    try:
        inst = populate(source)
        total = sum(counts(source).values())
        last = source.last_cursor()
    finally:
        source.close()
    with pg_schema() as url:
        command = [sys.executable, "-m", "nexus.cli", "store", "copy", "--from", str(path)]
        done = subprocess.run([*command, "--to", url], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout.splitlines() == [
            f"copied {total} rows; the event log ends at cursor {last} on both"
        ]
        assert re.search(r"^  events: 8$", done.stderr, re.M), done.stderr
        target = open_store(url)
        try:
            assert [t.name for t in target.list_tenants()] == ["acme", "globex"]
            assert target.tenant_cursor(inst.a.id) == 6
            assert target.last_cursor() == last
            again = subprocess.run(
                [*command, "--to", url], capture_output=True, text=True, timeout=60
            )
            assert again.returncode == 1, again.stdout + again.stderr
            assert "nothing was written" in again.stderr
            assert target.last_cursor() == last
        finally:
            target.close()
