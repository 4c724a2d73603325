"""The store contract: what every backend's repository methods do, as the core and the
workers rely on it. Each test runs on SQLite and on PostgreSQL (NEXUS_TEST_BACKENDS
narrows them), on a fresh migrated database, in plain synchronous code (the PostgreSQL
store refuses to run statements on an event loop's thread)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Iterator, Sequence

import psycopg
import pytest
from google.protobuf.duration_pb2 import Duration

from nexus.store import open_store
from nexus.store.base import (
    AttemptRecord,
    DeliveryFilter,
    DeliveryRecord,
    DeliveryStatus,
    DueTimer,
    EventFilter,
    InteractionFilter,
    OutboxRecord,
    OutboxStatus,
    Principal,
    RememberedRequest,
    TenantRecord,
    TimerRow,
    TypingRecord,
    WebhookSecret,
)
from nexus.store.sql import SqlStore
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

from pg import pg_schema

BACKENDS = tuple(os.environ.get("NEXUS_TEST_BACKENDS", "sqlite,postgresql").split(","))
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.IntegrityError)

CHAT, EMAIL, SMS = ipb.MEDIA_TYPE_CHAT, ipb.MEDIA_TYPE_EMAIL, ipb.MEDIA_TYPE_SMS
PENDING, SUCCEEDED, FAILED = DeliveryStatus.PENDING, DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> Iterator[SqlStore]:
    """A freshly migrated store of one backend, closed afterwards."""
    if request.param == "sqlite":
        opened = open_store(tmp_path / "n.db")
        try:
            yield opened
        finally:
            opened.close()
        return
    with pg_schema() as url:
        opened = open_store(url)
        try:
            yield opened
        finally:
            opened.close()


# -- records -------------------------------------------------------------------------------


def new_tenant(store: SqlStore, name: str = "acme", now_us: int = 1) -> TenantRecord:
    with store.transaction():
        return store.create_tenant(name, now_us)


def interaction(
    interaction_id: str,
    create_us: int = 100,
    *,
    state: int = ipb.STATE_NEW,
    media_type: int = CHAT,
    channel: str = "",
    address: str = "",
    thread: str = "",
    unread: int = 0,
) -> ipb.Interaction:
    i = ipb.Interaction(
        name=f"interactions/{interaction_id}",
        state=state,
        media_type=media_type,
        channel=channel,
        customer_address=address,
        thread_id=thread,
        unread_count=unread,
        subject=f"subject of {interaction_id}",
    )
    i.attributes["crm"] = f"case-{interaction_id}"
    i.create_time.FromMicroseconds(create_us)
    i.update_time.FromMicroseconds(create_us)
    return i


def add_interactions(
    store: SqlStore,
    tenant_id: str,
    rows: Sequence[tuple[ipb.Interaction, TimerRow | None]],
) -> None:
    with store.transaction():
        for i, timer in rows:
            store.insert_interaction(tenant_id, i, timer)


def ids(interactions: Sequence[ipb.Interaction]) -> list[str]:
    return [i.name.rsplit("/", 1)[-1] for i in interactions]


def event(
    event_id: str, type_: str = "interaction.created", interaction_id: str = "", sequence: int = 0
) -> epb.Event:
    e = epb.Event(id=event_id, type=type_, sequence=sequence)
    if interaction_id:
        e.interaction = f"interactions/{interaction_id}"
    e.create_time.FromMicroseconds(1_000 + sequence)
    return e


def append(
    store: SqlStore, tenant_id: str, e: epb.Event, media_type: int = CHAT
) -> tuple[int, int]:
    """Appends in a transaction of its own: (global cursor, tenant position)."""
    with store.transaction():
        cursor = store.append_event(tenant_id, e, media_type)
    return cursor, e.cursor


def webhook(webhook_id: str, create_us: int = 10, enabled: bool | None = None) -> wpb.Webhook:
    w = wpb.Webhook(
        name=f"webhooks/{webhook_id}",
        url=f"https://hooks.example/{webhook_id}",
        event_types=["interaction.*"],
        secret="whsec_must_not_be_stored",
    )
    w.headers["x-team"] = "ops"
    if enabled is not None:
        w.enabled = enabled
    w.create_time.FromMicroseconds(create_us)
    return w


def delivery(
    delivery_id: str,
    tenant_id: str,
    cursor: int,
    e: epb.Event,
    *,
    due_us: int = 10,
    create_us: int = 10,
    webhook_id: str = "w1",
) -> DeliveryRecord:
    return DeliveryRecord(
        id=delivery_id,
        webhook_id=webhook_id,
        tenant_id=tenant_id,
        event_cursor=cursor,
        event_id=e.id,
        event_type=e.type,
        order_key=e.interaction.rsplit("/", 1)[-1] if e.interaction else "",
        status=PENDING,
        attempts=0,
        schedule_pos=0,
        next_attempt_time_us=due_us,
        last_status_code=0,
        create_time_us=create_us,
        update_time_us=create_us,
    )


def attempt(
    delivery_id: str, at_us: int, code: int = 200, next_us: int | None = None, error: str = ""
) -> AttemptRecord:
    return AttemptRecord(
        delivery_id=delivery_id,
        attempt_time_us=at_us,
        status_code=code,
        latency_us=1234,
        response_body=b"\x00ok\xff",
        error_class="http_status" if error else "",
        error=error,
        next_attempt_time_us=next_us,
        trigger="scheduled",
    )


def record(store: SqlStore, a: AttemptRecord, status: DeliveryStatus, now_us: int) -> None:
    with store.transaction():
        store.record_attempts([(a, status)], now_us)


def with_deliveries(
    store: SqlStore, specs: Sequence[tuple[str, str, int]]
) -> tuple[TenantRecord, dict[str, tuple[int, epb.Event]]]:
    """A tenant with webhook ``w1`` and one pending delivery per (delivery id, interaction id
    or '', due time), each of an event of its own, appended in the order given."""
    tenant = new_tenant(store)
    made: dict[str, tuple[int, epb.Event]] = {}
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w1"))
        rows = []
        for n, (delivery_id, interaction_id, due_us) in enumerate(specs):
            e = event(f"evt_{delivery_id}", "interaction.updated", interaction_id, n + 1)
            cursor = store.append_event(tenant.id, e, CHAT)
            made[delivery_id] = (cursor, e)
            rows.append(delivery(delivery_id, tenant.id, cursor, e, due_us=due_us, create_us=n))
        assert store.insert_deliveries(rows) == len(rows)
    return tenant, made


def claim(store: SqlStore, now_us: int, lease_until_us: int, limit: int = 100) -> list[str]:
    with store.transaction():
        claimed = store.claim_deliveries("w1", now_us, lease_until_us, limit)
    return [c.delivery.id for c in claimed]


def channel(
    channel_id: str,
    kind: int = cpb.CHANNEL_KIND_SMS,
    profile: int = cpb.CHANNEL_PROFILE_TWILIO,
    create_us: int = 10,
) -> cpb.Channel:
    c = cpb.Channel(
        name=f"channels/{channel_id}",
        kind=kind,
        profile=profile,
        display_name=f"channel {channel_id}",
        secret="chsec_must_not_be_stored",
    )
    c.provider.sender_id = "+15550001"
    c.provider.credentials = "in-the-resource-must-not-be-stored"
    c.create_time.FromMicroseconds(create_us)
    return c


# -- tenants and API keys -------------------------------------------------------------------


def test_tenants_are_found_by_id_or_name_and_listed_oldest_first(store):
    later = new_tenant(store, "later", 20)
    earlier = new_tenant(store, "earlier", 10)
    assert store.get_tenant(later.id) == later
    assert store.get_tenant("earlier") == earlier == TenantRecord(earlier.id, "earlier", 10)
    assert store.get_tenant("nobody") is None
    assert store.list_tenants() == [earlier, later]
    with pytest.raises(INTEGRITY_ERRORS), store.transaction():
        store.create_tenant("later", 30)
    assert store.list_tenants() == [earlier, later], "a refused name leaves nothing behind"


def test_api_keys_authenticate_their_tenant_and_are_listed_oldest_first(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    with store.transaction():
        second = store.create_api_key(acme.id, "ci", "h2" * 32, "nxs_22222222", 20)
        first = store.create_api_key(acme.id, "ops", "h1" * 32, "nxs_11111111", 10)
    assert first.revoke_time_us is None and first.prefix == "nxs_11111111"
    assert store.principal_for_key("h1" * 32) == Principal(acme.id, first.id, "ops")
    assert store.principal_for_key("h2" * 32) == Principal(acme.id, second.id, "ci")
    assert store.principal_for_key("unknown" * 9) is None
    assert store.list_api_keys(acme.id) == [first, second]
    assert store.list_api_keys(other.id) == []


@pytest.mark.parametrize("by", ["id", "prefix"])
def test_a_revoked_key_no_longer_authenticates(store, by):
    acme = new_tenant(store)
    with store.transaction():
        key = store.create_api_key(acme.id, "ops", "h" * 64, "nxs_abcdefgh", 10)
        kept = store.create_api_key(acme.id, "ci", "k" * 64, "nxs_zyxwvuts", 11)
    # Another process on the same database, one that never reuses a lookup.
    other = open_store(store.location, key_cache_s=0)
    try:
        assert other.principal_for_key("h" * 64) == Principal(acme.id, key.id, "ops")
        with store.transaction():
            assert store.revoke_api_key(key.id if by == "id" else key.prefix, 50)
        assert other.principal_for_key("h" * 64) is None
        assert store.principal_for_key("h" * 64) is None, "revoked through this store: at once"
        assert other.principal_for_key("k" * 64) == Principal(acme.id, kept.id, "ci")
        with store.transaction():
            assert not store.revoke_api_key(key.id, 60), "revoking twice changes nothing"
            assert not store.revoke_api_key("nxs_nosuchkey", 60)
        revoked, active = store.list_api_keys(acme.id)
        assert (revoked.id, revoked.revoke_time_us) == (key.id, 50)
        assert active.revoke_time_us is None
    finally:
        other.close()


# -- idempotency -----------------------------------------------------------------------------


def test_a_remembered_request_comes_back_byte_for_byte(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    response = bytes(range(256)) + b"\x00tail"
    with store.transaction():
        store.put_request(acme.id, "CreateInteraction", "req-1", "hash-1", response, 100)
    assert store.get_request(acme.id, "CreateInteraction", "req-1") == RememberedRequest(
        "hash-1", response, None, None
    )
    assert store.get_request(other.id, "CreateInteraction", "req-1") is None
    assert store.get_request(acme.id, "UpdateInteraction", "req-1") is None
    assert store.get_request(acme.id, "CreateInteraction", "req-2") is None
    with pytest.raises(INTEGRITY_ERRORS), store.transaction():
        store.put_request(acme.id, "CreateInteraction", "req-1", "hash-2", b"", 101)
    assert store.get_request(acme.id, "CreateInteraction", "req-1").request_hash == "hash-1"


def test_a_remembered_request_names_the_secret_it_handed_out_until_it_is_deleted(store):
    acme = new_tenant(store)
    with store.transaction():
        store.put_webhook(acme.id, webhook("w1"))
        secret_id = store.add_webhook_secret("w1", "whsec_1", 10)
        store.put_channel(acme.id, channel("c1"), "cred")
        channel_secret_id = store.add_channel_secret("c1", "chsec_1", 10)
        store.put_request(acme.id, "CreateWebhook", "r1", "h", b"resp", 10, secret_id)
        store.put_request(acme.id, "CreateChannel", "r2", "h", b"resp", 10, None, channel_secret_id)
    assert store.get_request(acme.id, "CreateWebhook", "r1").secret_id == secret_id
    assert store.get_request(acme.id, "CreateChannel", "r2").channel_secret_id == channel_secret_id
    with store.transaction():
        store.delete_webhook(acme.id, "w1")
        store.delete_channel(acme.id, "c1")
    # the responses stay (a retry must still be answered), the secrets are gone
    assert store.get_request(acme.id, "CreateWebhook", "r1") == RememberedRequest(
        "h", b"resp", None, None
    )
    assert store.get_request(acme.id, "CreateChannel", "r2") == RememberedRequest(
        "h", b"resp", None, None
    )


def test_requests_are_pruned_by_age(store):
    acme = new_tenant(store)
    with store.transaction():
        for n, at in enumerate((10, 20, 30)):
            store.put_request(acme.id, "M", f"r{n}", "h", b"x", at)
    with store.transaction():
        assert store.prune_requests(20) == 1
        assert store.prune_requests(20) == 0
    assert store.get_request(acme.id, "M", "r0") is None
    assert store.get_request(acme.id, "M", "r1") is not None
    assert store.get_request(acme.id, "M", "r2") is not None


# -- interactions ---------------------------------------------------------------------------


def test_an_interaction_reads_back_with_its_armed_timer(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    i = interaction("i1", 100, state=ipb.STATE_ACTIVE, channel="channels/c1", address="+1")
    add_interactions(store, acme.id, [(i, (ipb.TIMER_INACTIVE_AFTER, 100, 5_000))])
    got = store.get_interaction(acme.id, "i1")
    assert got.next_timer.timer == ipb.TIMER_INACTIVE_AFTER
    assert got.next_timer.due_time.ToMicroseconds() == 5_000
    got.ClearField("next_timer")
    assert got == i, "every field of the resource is kept"
    assert store.get_interaction(other.id, "i1") is None
    assert store.get_interaction(acme.id, "nope") is None

    i.state = ipb.STATE_WAITING
    i.unread_count = 2
    i.subject = "changed"
    with store.transaction():
        store.update_interaction(acme.id, i, (ipb.TIMER_COMPLETE_AFTER, 200, 9_000))
    got = store.get_interaction(acme.id, "i1")
    assert (got.state, got.unread_count, got.subject) == (ipb.STATE_WAITING, 2, "changed")
    assert (got.next_timer.timer, got.next_timer.due_time.ToMicroseconds()) == (
        ipb.TIMER_COMPLETE_AFTER,
        9_000,
    )

    # Armed but off (the policy has the timer off): no next_timer on read.
    with store.transaction():
        store.update_interaction(acme.id, i, (ipb.TIMER_COMPLETE_AFTER, 200, None))
    assert not store.get_interaction(acme.id, "i1").HasField("next_timer")

    # The row's timer wins over a next_timer carried in the stored message.
    i.next_timer.timer = ipb.TIMER_WRAP_UP_MAX
    i.next_timer.due_time.FromMicroseconds(1)
    with store.transaction():
        store.update_interaction(acme.id, i, None)
    assert not store.get_interaction(acme.id, "i1").HasField("next_timer")

    # Another tenant's update does not touch it.
    i.state = ipb.STATE_COMPLETED
    with store.transaction():
        store.update_interaction(other.id, i, None)
    assert store.get_interaction(acme.id, "i1").state == ipb.STATE_WAITING


def filter_fixture(store: SqlStore) -> TenantRecord:
    acme = new_tenant(store)
    add_interactions(
        store,
        acme.id,
        [
            (
                interaction("i1", 100, channel="channels/c1", address="+1"),
                (ipb.TIMER_INACTIVE_AFTER, 100, 1_000),
            ),
            (
                interaction(
                    "i2",
                    200,
                    state=ipb.STATE_ACTIVE,
                    channel="channels/c1",
                    address="+2",
                    unread=3,
                ),
                (ipb.TIMER_INACTIVE_AFTER, 200, 2_000),
            ),
            (
                interaction(
                    "i3",
                    300,
                    state=ipb.STATE_QUEUED,
                    media_type=EMAIL,
                    channel="channels/c2",
                    address="a@example.com",
                    unread=1,
                ),
                (ipb.TIMER_QUEUE_TIMEOUT, 300, 500),
            ),
            (interaction("i4", 400, state=ipb.STATE_COMPLETED, media_type=SMS, address="+1"), None),
            (
                interaction("i5", 500, state=ipb.STATE_WAITING, address="+1"),
                (ipb.TIMER_COMPLETE_AFTER, 500, None),
            ),
        ],
    )
    return acme


def short(flt: InteractionFilter | EventFilter) -> str:
    """The fields a filter sets, for a test id."""
    default = type(flt)()
    fields = dataclasses.fields(flt)
    set_ = [
        f"{f.name}={getattr(flt, f.name)}"
        for f in fields
        if getattr(flt, f.name) != getattr(default, f.name)
    ]
    return ",".join(set_) or "none"


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (InteractionFilter(), ["i1", "i2", "i3", "i4", "i5"]),
        (InteractionFilter(states=[ipb.STATE_ACTIVE, ipb.STATE_QUEUED]), ["i2", "i3"]),
        (InteractionFilter(media_type=CHAT), ["i1", "i2", "i5"]),
        (InteractionFilter(channel="channels/c1"), ["i1", "i2"]),
        (InteractionFilter(customer_address="+1"), ["i1", "i4", "i5"]),
        (InteractionFilter(read_status=ipb.READ_STATUS_READ), ["i1", "i4", "i5"]),
        (InteractionFilter(read_status=ipb.READ_STATUS_UNREAD), ["i2", "i3"]),
        (InteractionFilter(create_time_after_us=200, create_time_before_us=400), ["i2", "i3"]),
        (InteractionFilter(next_timer=ipb.TIMER_INACTIVE_AFTER), ["i1", "i2"]),
        (InteractionFilter(next_timer=ipb.TIMER_COMPLETE_AFTER), []),  # armed but off
        (InteractionFilter(next_timer_before_us=1_500), ["i1", "i3"]),
        (InteractionFilter(media_type=CHAT, read_status=ipb.READ_STATUS_READ), ["i1", "i5"]),
        (InteractionFilter(descending=True), ["i5", "i4", "i3", "i2", "i1"]),
        (InteractionFilter(customer_address="+1", descending=True), ["i5", "i4", "i1"]),
    ],
    ids=lambda v: short(v) if isinstance(v, InteractionFilter) else None,
)
def test_interactions_are_listed_by_filter(store, flt, expected):
    acme = filter_fixture(store)
    assert ids(store.list_interactions(acme.id, flt, None, 100)) == expected
    other = new_tenant(store, "other")
    assert store.list_interactions(other.id, flt, None, 100) == []


def test_listed_interactions_carry_their_next_timer(store):
    acme = filter_fixture(store)
    listed = {i.name: i for i in store.list_interactions(acme.id, InteractionFilter(), None, 100)}
    assert listed["interactions/i3"].next_timer.timer == ipb.TIMER_QUEUE_TIMEOUT
    assert listed["interactions/i3"].next_timer.due_time.ToMicroseconds() == 500
    assert not listed["interactions/i4"].HasField("next_timer")
    assert not listed["interactions/i5"].HasField("next_timer")


# ids whose byte order differs from insertion order and from a case-insensitive order
PAGED = [
    ("m", 300),
    ("B", 100),
    ("a", 100),
    ("Z", 200),
    ("_x", 100),
    ("b", 300),
    ("A1", 300),
    ("z", 200),
    ("c", 300),
]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("page_size", [1, 2, 4])
def test_keyset_pages_return_every_interaction_once_in_a_stable_order(store, descending, page_size):
    acme = new_tenant(store)
    add_interactions(store, acme.id, [(interaction(i, t), None) for i, t in PAGED])
    expected = [i for i, _ in sorted(PAGED, key=lambda p: (p[1], p[0]), reverse=descending)]
    flt = InteractionFilter(descending=descending)
    seen: list[str] = []
    after = None
    for _ in range(len(PAGED) + 2):
        page = store.list_interactions(acme.id, flt, after, page_size)
        seen.extend(ids(page))
        if len(page) < page_size:
            break
        last = page[-1]
        after = (last.create_time.ToMicroseconds(), ids([last])[0])
    assert seen == expected
    end = (dict(PAGED)[seen[-1]], seen[-1])
    assert store.list_interactions(acme.id, flt, end, page_size) == [], "nothing after the end"


def test_interactions_of_another_tenant_are_invisible(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    add_interactions(store, acme.id, [(interaction("i1", 100, address="+1"), None)])
    with store.transaction():
        store.put_participant(
            acme.id, "i1", ipb.Participant(name="interactions/i1/participants/p1")
        )
        store.put_message(acme.id, "i1", ipb.Message(name="interactions/i1/messages/m1", index=1))
        store.append_event(acme.id, event("e1", interaction_id="i1"), CHAT)
    assert store.list_interactions(other.id, InteractionFilter(), None, 10) == []
    assert store.get_participant(other.id, "i1", "p1") is None
    assert store.list_participants(other.id, "i1", None, 10) == []
    assert store.get_message(other.id, "i1", "m1") is None
    assert store.list_messages(other.id, "i1", 0, 10, False) == []
    assert store.list_events(other.id, 0, EventFilter(), 10).events == []
    assert store.get_event(other.id, "e1") is None
    assert store.open_interaction(other.id, "", "+1", "") is None


# -- participants and messages -------------------------------------------------------------


def participant(
    pid: str, name: str = "", role: int = ipb.PARTICIPANT_ROLE_AGENT
) -> ipb.Participant:
    p = ipb.Participant(
        name=f"interactions/i1/participants/{pid}", role=role, display_name=name or pid
    )
    p.join_time.FromMicroseconds(100)
    return p


def test_participants_are_upserted_and_paged_by_id(store):
    acme = new_tenant(store)
    add_interactions(store, acme.id, [(interaction("i1"), None), (interaction("i2"), None)])
    with store.transaction():
        for pid in ("p2", "p3", "p1"):
            store.put_participant(acme.id, "i1", participant(pid))
        store.put_participant(acme.id, "i2", participant("p9"))
    assert store.get_participant(acme.id, "i1", "p1") == participant("p1")
    assert store.get_participant(acme.id, "i1", "p9") is None
    assert [p.display_name for p in store.list_participants(acme.id, "i1", None, 2)] == [
        "p1",
        "p2",
    ]
    assert [p.display_name for p in store.list_participants(acme.id, "i1", "p2", 2)] == ["p3"]
    changed = participant("p1", "Ada Lovelace")
    changed.leave_time.FromMicroseconds(900)
    with store.transaction():
        store.put_participant(acme.id, "i1", changed)
    assert store.get_participant(acme.id, "i1", "p1") == changed
    assert len(store.list_participants(acme.id, "i1", None, 10)) == 3


def message(index: int, text: str = "", internal: bool = False) -> ipb.Message:
    m = ipb.Message(
        name=f"interactions/i1/messages/m{index}",
        index=index,
        sender="interactions/i1/participants/p1",
        direction=ipb.DIRECTION_INBOUND,
        text=text or f"text {index} ✓",
        internal=internal,
    )
    m.attachments.add(filename="a.png", content_type="image/png", uri="https://x/a.png")
    m.create_time.FromMicroseconds(100 + index)
    return m


def test_messages_are_upserted_and_paged_by_index(store):
    acme = new_tenant(store)
    add_interactions(store, acme.id, [(interaction("i1"), None), (interaction("i2"), None)])
    with store.transaction():
        for n in (3, 1, 5, 2, 4):
            store.put_message(acme.id, "i1", message(n, internal=n == 3))
        store.put_message(acme.id, "i2", ipb.Message(name="interactions/i2/messages/x", index=1))

    def listed(after: int, limit: int, exclude_internal: bool) -> list[int]:
        got = store.list_messages(acme.id, "i1", after, limit, exclude_internal)
        return [m.index for m in got]

    assert store.get_message(acme.id, "i1", "m3") == message(3, internal=True)
    assert store.get_message(acme.id, "i1", "x") is None
    assert listed(0, 10, False) == [1, 2, 3, 4, 5]
    assert listed(0, 10, True) == [1, 2, 4, 5]
    assert listed(2, 2, False) == [3, 4]
    assert listed(2, 2, True) == [4, 5]
    assert listed(5, 10, False) == []

    delivered = message(4, "text 4, delivered")
    delivered.delivery.state = ipb.MESSAGE_DELIVERY_STATE_DELIVERED
    with store.transaction():
        store.put_message(acme.id, "i1", delivered)
    assert store.get_message(acme.id, "i1", "m4") == delivered
    assert listed(0, 10, False) == [1, 2, 3, 4, 5]


# -- events ---------------------------------------------------------------------------------


def test_each_tenant_counts_its_own_positions_while_global_cursors_grow(store):
    a, b = new_tenant(store, "a"), new_tenant(store, "b")
    appended = [
        append(store, tenant.id, event(f"e{n}", sequence=n))
        for n, tenant in enumerate([a, b, a, a, b, a])
    ]
    cursors = [c for c, _ in appended]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    assert [p for _, p in appended] == [1, 1, 2, 3, 2, 4]
    assert store.tenant_cursor(a.id) == 4
    assert store.tenant_cursor(b.id) == 2
    assert store.tenant_cursor("no-such-tenant") == 0
    assert store.last_cursor() == cursors[-1]
    got = store.get_event(b.id, "e4")
    assert got is not None
    cursor, media_type, e = got
    assert (cursor, media_type, e.cursor, e.id) == (cursors[4], CHAT, 2, "e4")
    assert store.get_event(a.id, "e4") is None


def test_a_fresh_store_has_an_empty_log(store):
    acme = new_tenant(store)
    assert store.last_cursor() == 0
    assert store.tenant_cursor(acme.id) == 0
    page = store.list_events(acme.id, 0, EventFilter(), 10)
    assert (page.events, page.scanned_to) == ([], 0)
    assert list(store.iter_events(0, 10)) == []


def events_fixture(store: SqlStore) -> tuple[TenantRecord, TenantRecord]:
    a, b = new_tenant(store, "a"), new_tenant(store, "b")
    for n, (tenant, type_, iid) in enumerate(
        [
            (a, "interaction.created", "i1"),  # a:1
            (a, "message.created", "i1"),  # a:2
            (b, "message.created", "i9"),  # b:1
            (a, "participant.added", "i1"),  # a:3
            (a, "interaction.created", "i2"),  # a:4
            (a, "message.updated", "i2"),  # a:5
            (a, "webhook.created", ""),  # a:6
            (a, "messages.bogus", "i2"),  # a:7 (not of the message.* family)
        ]
    ):
        append(store, tenant.id, event(f"e{n}", type_, iid, n + 1), EMAIL if iid == "i2" else CHAT)
    return a, b


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), [1, 2, 3, 4, 5, 6, 7]),
        (EventFilter(event_types=["*"]), [1, 2, 3, 4, 5, 6, 7]),
        (EventFilter(event_types=["interaction.created"]), [1, 4]),
        (EventFilter(event_types=["message.*"]), [2, 5]),
        (EventFilter(event_types=["message.*", "webhook.created"]), [2, 5, 6]),
        (EventFilter(interaction_id="i1"), [1, 2, 3]),
        (EventFilter(event_types=["message.*"], interaction_id="i2"), [5]),
        (EventFilter(event_types=["no.such"]), []),
    ],
    ids=lambda v: short(v) if isinstance(v, EventFilter) else None,
)
def test_events_are_listed_by_type_and_interaction(store, flt, expected):
    a, _ = events_fixture(store)
    page = store.list_events(a.id, 0, flt, 100)
    assert [e.cursor for e in page.events] == expected
    assert page.scanned_to == 7, "a short page covers the whole log, matching or not"


def test_event_pages_resume_after_scanned_to(store):
    a, _ = events_fixture(store)
    first = store.list_events(a.id, 0, EventFilter(), 3)
    assert [e.cursor for e in first.events] == [1, 2, 3]
    assert first.scanned_to == 3
    second = store.list_events(a.id, first.scanned_to, EventFilter(), 3)
    assert [e.cursor for e in second.events] == [4, 5, 6]
    third = store.list_events(a.id, second.scanned_to, EventFilter(), 3)
    assert ([e.cursor for e in third.events], third.scanned_to) == ([7], 7)
    assert store.list_events(a.id, 7, EventFilter(), 3).scanned_to == 7
    assert store.list_events(a.id, 50, EventFilter(), 3).scanned_to == 50
    full = store.list_events(a.id, 0, EventFilter(event_types=["message.*"]), 1)
    assert ([e.cursor for e in full.events], full.scanned_to) == ([2], 2)
    e = first.events[1]
    assert (e.id, e.type, e.interaction, e.sequence) == (
        "e1",
        "message.created",
        "interactions/i1",
        2,
    )


def test_the_whole_log_is_read_in_global_order(store):
    a, b = events_fixture(store)
    rows = list(store.iter_events(0, 100))
    assert [e.id for _, _, _, e in rows] == [f"e{n}" for n in range(8)]
    assert [c for c, _, _, _ in rows] == sorted(c for c, _, _, _ in rows)
    assert [t for _, t, _, _ in rows] == [a.id, a.id, b.id, a.id, a.id, a.id, a.id, a.id]
    assert [e.cursor for _, _, _, e in rows] == [1, 2, 1, 3, 4, 5, 6, 7]
    assert [m for _, _, m, _ in rows] == [CHAT, CHAT, CHAT, CHAT, EMAIL, EMAIL, CHAT, EMAIL]
    after = rows[2][0]
    assert [e.id for _, _, _, e in store.iter_events(after, 2)] == ["e3", "e4"]
    assert list(store.iter_events(rows[-1][0], 10)) == []

    typed = list(store.iter_events_of_types(rows[0][0], rows[5][0], ["message.created"]))
    assert [(t, e.id, e.cursor) for _, t, _, e in typed] == [(a.id, "e1", 2), (b.id, "e2", 1)]
    typed = list(
        store.iter_events_of_types(
            0, store.last_cursor(), ["interaction.created", "message.updated"]
        )
    )
    assert [e.id for _, _, _, e in typed] == ["e0", "e4", "e5"]


def test_a_rolled_back_transaction_leaves_no_event(store):
    acme = new_tenant(store)
    before, _ = append(store, acme.id, event("e1"))
    with pytest.raises(RuntimeError), store.transaction():
        store.append_event(acme.id, event("gone"), CHAT)
        raise RuntimeError("boom")
    assert store.last_cursor() == before
    assert store.tenant_cursor(acme.id) == 1
    assert store.get_event(acme.id, "gone") is None
    cursor, position = append(store, acme.id, event("e2"))
    assert cursor > before
    assert position == 2, "the rolled-back position is taken again: no gap a reader waits on"
    assert [e.id for e in store.list_events(acme.id, 0, EventFilter(), 10).events] == ["e1", "e2"]


def test_a_rolled_back_savepoint_undoes_only_its_own_events(store):
    acme = new_tenant(store)
    with store.transaction():
        outer = store.append_event(acme.id, event("kept1"), CHAT)
        with pytest.raises(RuntimeError), store.transaction():
            store.append_event(acme.id, event("gone"), CHAT)
            raise RuntimeError("one request of the batch fails")
        last = store.append_event(acme.id, event("kept2"), CHAT)
    assert last > outer
    page = store.list_events(acme.id, 0, EventFilter(), 10)
    assert [(e.id, e.cursor) for e in page.events] == [("kept1", 1), ("kept2", 2)]
    assert store.last_cursor() == last


# -- webhooks and their secrets ---------------------------------------------------------------


def test_webhooks_are_stored_without_their_secret_and_listed_oldest_first(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    with store.transaction():
        store.put_webhook(acme.id, webhook("w2", 20))
        store.put_webhook(acme.id, webhook("w1", 10))
        store.put_webhook(acme.id, webhook("w3", 20, enabled=False))
        store.put_webhook(other.id, webhook("w9", 5))
    got = store.get_webhook(acme.id, "w1")
    expected = webhook("w1", 10)
    expected.ClearField("secret")
    assert got == expected
    assert store.get_webhook(other.id, "w1") is None
    listed = [w.name for w in store.list_webhooks(acme.id, None, 10)]
    assert listed == ["webhooks/w1", "webhooks/w2", "webhooks/w3"]
    assert [w.name for w in store.list_webhooks(acme.id, (10, "w1"), 10)] == listed[1:]
    assert [w.name for w in store.list_webhooks(acme.id, (20, "w2"), 1)] == ["webhooks/w3"]
    enabled = [(t, w.name) for t, w in store.enabled_webhooks()]
    assert enabled == [
        (other.id, "webhooks/w9"),
        (acme.id, "webhooks/w1"),
        (acme.id, "webhooks/w2"),
    ]

    changed = webhook("w1", 10)
    changed.description = "now described"
    with store.transaction():
        store.put_webhook(acme.id, changed)
        store.delete_webhook(other.id, "w2")  # not its webhook: nothing happens
        store.delete_webhook(acme.id, "w3")
    assert store.get_webhook(acme.id, "w1").description == "now described"
    assert store.get_webhook(acme.id, "w2") is not None
    assert store.get_webhook(acme.id, "w3") is None
    assert len(store.list_webhooks(acme.id, None, 10)) == 2


def test_webhook_secrets_rotate(store):
    acme = new_tenant(store)
    with store.transaction():
        store.put_webhook(acme.id, webhook("w1"))
        store.put_webhook(acme.id, webhook("w2"))
        s1 = store.add_webhook_secret("w1", "whsec_one", 10)
        s2 = store.add_webhook_secret("w1", "whsec_two", 20)
        other = store.add_webhook_secret("w2", "whsec_other", 15)
        s3 = store.add_webhook_secret("w1", "whsec_three", 30)
    assert s1 < s2 < other < s3
    assert store.signing_secret(s2, 25) == "whsec_two"
    assert store.signing_secret(10**9, 25) is None
    assert store.webhook_secrets("w1", 40) == [
        WebhookSecret("whsec_three", 30, None),
        WebhookSecret("whsec_two", 20, None),
        WebhookSecret("whsec_one", 10, None),
    ]

    with store.transaction():  # rotate to three: the others stop at 500
        store.expire_webhook_secrets("w1", "whsec_three", 500)
    assert [s.expire_time_us for s in store.webhook_secrets("w1", 40)] == [None, 500, 500]
    with store.transaction():  # a later expiry never extends one set earlier
        store.expire_webhook_secrets("w1", "whsec_three", 900)
    assert [s.expire_time_us for s in store.webhook_secrets("w1", 40)] == [None, 500, 500]
    with store.transaction():  # an earlier one shortens it
        store.expire_webhook_secrets("w1", "whsec_three", 300)
    assert [s.expire_time_us for s in store.webhook_secrets("w1", 40)] == [None, 300, 300]

    assert store.webhook_secrets("w1", 299) == [
        WebhookSecret("whsec_three", 30, None),
        WebhookSecret("whsec_two", 20, 300),
        WebhookSecret("whsec_one", 10, 300),
    ]
    assert store.webhook_secrets("w1", 300) == [WebhookSecret("whsec_three", 30, None)]
    assert store.signing_secret(s1, 299) == "whsec_one"
    assert store.signing_secret(s1, 300) is None
    assert store.signing_secret(s3, 10**12) == "whsec_three"
    assert store.webhook_secrets("w2", 10**12) == [WebhookSecret("whsec_other", 15, None)]

    with store.transaction():
        store.delete_webhook(acme.id, "w1")
    assert store.webhook_secrets("w1", 0) == []
    assert store.signing_secret(s3, 0) is None


# -- deliveries -------------------------------------------------------------------------------


def test_a_delivery_is_owed_once_per_webhook_and_event(store):
    tenant, made = with_deliveries(store, [("d1", "i1", 10)])
    cursor, e = made["d1"]
    with store.transaction():
        assert store.insert_deliveries([delivery("again", tenant.id, cursor, e)]) == 0
        store.put_webhook(tenant.id, webhook("w2"))
        other = delivery("for-w2", tenant.id, cursor, e, webhook_id="w2")
        assert store.insert_deliveries([other]) == 1
    assert store.get_delivery(tenant.id, "w1", "again") is None
    found = store.find_delivery("w1", cursor)
    assert found is not None and found.id == "d1"
    assert found == delivery("d1", tenant.id, cursor, e, create_us=0)
    assert store.find_delivery("w2", cursor).id == "for-w2"
    assert store.find_delivery("w1", cursor + 1000) is None


def test_claims_lease_due_deliveries_in_due_order(store):
    _, made = with_deliveries(
        store, [("d1", "", 30), ("d2", "", 10), ("d3", "", 20), ("d4", "", 500)]
    )
    assert store.has_due("w1", 100)
    with store.transaction():
        claimed = store.claim_deliveries("w1", 100, 1_000, 2)
    assert [c.delivery.id for c in claimed] == ["d2", "d3"]
    cursor, e = made["d2"]
    first = claimed[0]
    assert first.delivery.event_cursor == cursor and first.delivery.event_id == e.id
    assert first.media_type == CHAT
    sent = epb.Event.FromString(first.event_data)
    assert sent.cursor == 0, "the body says the tenant's position (tenant_cursor) instead"
    sent.cursor = e.cursor
    assert sent == e
    assert first.tenant_cursor == 2, "the position the tenant sees, not the global cursor"

    assert claim(store, 100, 1_000) == ["d1"], "leased ones are not handed out again"
    assert not store.has_due("w1", 499)
    assert claim(store, 499, 2_000) == [], "d4 is not due yet"
    assert claim(store, 999, 2_000) == ["d4"]
    assert not store.has_due("w1", 999)
    assert claim(store, 1_000, 3_000) == ["d2", "d3", "d1"], "their leases ran out"
    assert claim(store, 2_000, 3_000) == ["d4"]


def test_an_attempt_releases_the_lease(store):
    with_deliveries(store, [("d1", "", 10)])
    assert claim(store, 10, 10_000) == ["d1"]
    record(store, attempt("d1", 20, 503, next_us=50, error="503"), PENDING, 20)
    assert claim(store, 49, 10_000) == [], "not due before its retry time"
    assert claim(store, 50, 10_000) == ["d1"], "due again, though the old lease runs to 10,000"


def test_a_disabled_webhook_is_not_claimed_from(store):
    tenant, _ = with_deliveries(store, [("d1", "", 10)])
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w1", enabled=False))
    assert claim(store, 100, 1_000) == []
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w1", enabled=True))
    assert claim(store, 100, 1_000) == ["d1"]


def test_an_interactions_events_are_delivered_in_order(store):
    # e(d1) < e(d2) < … in the log; d2 is due before d1 but is a later event of i1.
    with_deliveries(store, [("d1", "i1", 10), ("d2", "i1", 5), ("d3", "", 20), ("d4", "i2", 15)])
    assert claim(store, 100, 200) == ["d1", "d4", "d3"]
    assert claim(store, 300, 400) == ["d1", "d4", "d3"], "d2 waits while d1 is pending"
    with store.transaction():
        store.record_attempts(
            [
                (attempt("d1", 300, 500, next_us=1_000, error="500"), PENDING),
                (attempt("d3", 300, 200), SUCCEEDED),
                (attempt("d4", 300, 200), SUCCEEDED),
            ],
            300,
        )
    assert claim(store, 500, 600) == [], "d1 is to be retried: d2 still waits"
    record(store, attempt("d1", 1_000, 200), SUCCEEDED, 1_000)
    assert claim(store, 1_000, 2_000) == ["d2"]


def test_figures_count_the_backlog_by_webhook_state_and_tenant(store):
    tenant, made = with_deliveries(store, [("d1", "i1", 10), ("d2", "i2", 10), ("d3", "", 10)])
    other = new_tenant(store, "other-center")
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w2", enabled=False))
        store.put_webhook(other.id, webhook("w3"))
        store.webhook_failing_since("w3", True, 700, 10**9)
        cursor, e = made["d3"]
        store.insert_deliveries(
            [delivery("d4", tenant.id, cursor, e, webhook_id="w2", create_us=3)]
        )
    record(store, attempt("d3", 20, 200), SUCCEEDED, 20)
    f = store.figures([tenant.id])
    assert f.last_cursor == max(c for c, _ in made.values())
    assert f.fanout_cursor == store.fanout_cursor()
    backlog = {k: (b.count, b.oldest_us) for k, b in f.pending.items()}
    assert backlog == {("healthy", tenant.id): (2, 0), ("disabled", tenant.id): (1, 3)}
    assert f.webhooks == {"healthy": 1, "disabled": 1, "failing": 1}
    assert [(x.webhook_id, x.enabled, x.failing_since_us) for x in f.endpoints] == [
        ("w1", True, None),
        ("w2", False, None),
    ], "only the tenants asked about, one by one"
    assert (f.outbox.count, f.outbox.oldest_us) == (0, None)
    assert f.timers_armed == {}


def test_attempts_are_recorded_on_their_delivery(store):
    tenant, _ = with_deliveries(store, [("d1", "i1", 10), ("d2", "i2", 10)])
    first = attempt("d1", 100, 500, next_us=200, error="HTTP 500")
    second = attempt("d1", 200, 200)
    record(store, first, PENDING, 101)
    d = store.get_delivery(tenant.id, "w1", "d1")
    assert (d.status, d.attempts, d.schedule_pos, d.next_attempt_time_us) == (PENDING, 1, 1, 200)
    assert (d.last_status_code, d.update_time_us) == (500, 101)
    with store.transaction():
        store.record_attempts([(second, SUCCEEDED), (attempt("d2", 200, 410), FAILED)], 201)
    d = store.get_delivery(tenant.id, "w1", "d1")
    assert (d.status, d.attempts, d.schedule_pos, d.last_status_code) == (SUCCEEDED, 2, 2, 200)
    assert d.next_attempt_time_us is None
    assert store.get_delivery(tenant.id, "w1", "d2").status == FAILED
    assert store.get_delivery("other-tenant", "w1", "d1") is None

    logged = store.list_attempts("d1", 0, 10)
    assert [a.id for a in logged] == sorted(a.id for a in logged)
    assert [dataclasses.replace(a, id=0) for a in logged] == [first, second]
    assert store.list_attempts("d1", logged[0].id, 10) == logged[1:]
    assert store.list_attempts("d1", 0, 1) == logged[:1]
    assert [a.status_code for a in store.list_attempts("d2", 0, 10)] == [410]


def test_deliveries_are_listed_newest_first_by_filter(store):
    tenant, _ = with_deliveries(store, [("d0", "i1", 10), ("d1", "i1", 10), ("d2", "", 10)])
    record(store, attempt("d1", 50, 410), FAILED, 50)

    def listed(flt: DeliveryFilter | None = None, after=None, limit: int = 10) -> list[str]:
        flt = flt or DeliveryFilter()
        return [d.id for d in store.list_deliveries(tenant.id, "w1", flt, after, limit)]

    assert listed() == ["d2", "d1", "d0"]
    assert listed(DeliveryFilter(statuses=[FAILED])) == ["d1"]
    assert listed(DeliveryFilter(statuses=[PENDING, FAILED])) == ["d2", "d1", "d0"]
    assert listed(DeliveryFilter(event_types=["interaction.updated"])) == ["d2", "d1", "d0"]
    assert listed(DeliveryFilter(event_types=["message.created"])) == []
    assert listed(DeliveryFilter(start_time_us=1, end_time_us=2)) == ["d1"]
    assert listed(after=(1, "d1")) == ["d0"]
    assert listed(limit=1) == ["d2"]
    assert store.list_deliveries("other", "w1", DeliveryFilter(), None, 10) == []


def test_failed_deliveries_are_requeued_with_a_fresh_schedule(store):
    tenant, _ = with_deliveries(store, [("d0", "", 10), ("d1", "", 10), ("d2", "", 10)])
    with store.transaction():
        store.record_attempts(
            [(attempt("d0", 50, 410), FAILED), (attempt("d2", 50, 410), FAILED)], 50
        )
        store.record_attempts([(attempt("d1", 50, 200), SUCCEEDED)], 50)
    assert sorted(store.failed_delivery_ids(tenant.id, "w1", 0, None)) == ["d0", "d2"]
    assert store.failed_delivery_ids(tenant.id, "w1", 1, None) == ["d2"]  # created at 0, 1, 2
    assert store.failed_delivery_ids(tenant.id, "w1", 0, 2) == ["d0"]
    assert store.failed_delivery_ids("other", "w1", 0, None) == []
    with store.transaction():
        assert store.requeue_deliveries(["d0", "d2", "no-such"], 700) == 2
    d = store.get_delivery(tenant.id, "w1", "d0")
    assert (d.status, d.schedule_pos, d.next_attempt_time_us, d.update_time_us) == (
        PENDING,
        0,
        700,
        700,
    )
    assert d.attempts == 1, "the attempts made so far still count"
    assert store.failed_delivery_ids(tenant.id, "w1", 0, None) == []
    assert claim(store, 700, 800) == ["d0", "d2"]


def test_only_finished_deliveries_are_pruned_with_their_attempts(store):
    tenant, _ = with_deliveries(
        store, [("d0", "", 10), ("d1", "", 10), ("d2", "", 10), ("d3", "", 10), ("d4", "", 10)]
    )
    record(store, attempt("d0", 100, 200), SUCCEEDED, 100)
    record(store, attempt("d1", 100, 410), FAILED, 100)
    record(store, attempt("d2", 100, 500, next_us=5_000), PENDING, 100)
    record(store, attempt("d3", 900, 200), SUCCEEDED, 900)
    with store.transaction():
        assert store.prune_deliveries(500, 1) == 1
        assert store.prune_deliveries(500, 10) == 1
        assert store.prune_deliveries(500, 10) == 0
    left = store.list_deliveries(tenant.id, "w1", DeliveryFilter(), None, 10)
    assert sorted(d.id for d in left) == ["d2", "d3", "d4"]
    assert store.list_attempts("d0", 0, 10) == []
    assert store.list_attempts("d1", 0, 10) == []
    assert len(store.list_attempts("d2", 0, 10)) == 1
    with store.transaction():
        assert store.prune_deliveries(10**12, 10) == 1, "d3 finished; d2 and d4 pending"


def test_the_failure_clock_of_a_webhook(store):
    tenant = new_tenant(store)
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w1"))

    def failing(failed: bool, now_us: int) -> int | None:
        with store.transaction():
            return store.webhook_failing_since("w1", failed, now_us, 50)

    assert failing(True, 100) == 100
    assert failing(True, 130) == 100, "within the gap: still the same run of failures"
    assert failing(True, 180) == 100
    assert failing(True, 231) == 231, "more than the gap after the last failure: afresh"
    assert failing(False, 240) is None
    assert failing(True, 250) == 250, "a success stopped the clock"
    with store.transaction():
        store.put_webhook(tenant.id, webhook("w1", enabled=False))
        store.put_webhook(tenant.id, webhook("w1", enabled=True))
    assert failing(True, 260) == 260, "re-enabling restarts the clock"
    with store.transaction():
        assert store.webhook_failing_since("no-such", True, 1, 50) is None


def test_the_fanout_cursor_never_moves_backwards(store):
    assert store.fanout_cursor() == 0
    with store.transaction():
        store.set_fanout_cursor(10)
    assert store.fanout_cursor() == 10
    with store.transaction():
        store.set_fanout_cursor(4)
    assert store.fanout_cursor() == 10
    with store.transaction():
        store.set_fanout_cursor(11)
    assert store.fanout_cursor() == 11


def test_a_delivery_can_be_leased_whatever_its_state(store):
    tenant, made = with_deliveries(store, [("d1", "i1", 10)])
    record(store, attempt("d1", 20, 200), SUCCEEDED, 20)
    with store.transaction():
        leased = store.lease_delivery(tenant.id, "w1", "d1", 5_000)
        assert store.lease_delivery("other", "w1", "d1", 5_000) is None
    assert leased is not None
    assert leased.delivery.status == SUCCEEDED
    assert epb.Event.FromString(leased.event_data).id == made["d1"][1].id
    assert leased.tenant_cursor == made["d1"][1].cursor == 1
    with store.transaction():
        assert store.is_first_queue("i1", 100)


# -- channels ---------------------------------------------------------------------------------


def test_channels_keep_their_credentials_apart(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    with store.transaction():
        store.put_channel(acme.id, channel("c2", create_us=20), "cred-2")
        store.put_channel(acme.id, channel("c1", create_us=10), "cred-1")
        email = channel("e1", cpb.CHANNEL_KIND_EMAIL, cpb.CHANNEL_PROFILE_SMTP, create_us=30)
        store.put_channel(acme.id, email, None)
        store.put_channel(other.id, channel("c9"), "cred-9")
    got = store.get_channel(acme.id, "c1")
    assert got.secret == "" and got.provider.credentials == ""
    assert got.provider.sender_id == "+15550001" and got.display_name == "channel c1"
    assert store.channel_credentials("c1") == "cred-1"
    assert store.channel_credentials("e1") == ""
    assert store.channel_credentials("nope") == ""
    assert store.get_channel(other.id, "c1") is None
    tenant_id, found = store.find_channel("c1")
    assert (tenant_id, found) == (acme.id, got)
    assert store.find_channel("nope") is None

    def listed(kind: int = 0, after=None, limit: int = 10) -> list[str]:
        return [c.name for c in store.list_channels(acme.id, kind, after, limit)]

    assert listed() == ["channels/c1", "channels/c2", "channels/e1"]
    assert listed(cpb.CHANNEL_KIND_SMS) == ["channels/c1", "channels/c2"]
    assert listed(after=(10, "c1"), limit=1) == ["channels/c2"]
    assert [(t, c.name) for t, c in store.email_channels()] == [(acme.id, "channels/e1")]

    renamed = channel("c1", create_us=10)
    renamed.display_name = "renamed"
    with store.transaction():
        store.put_channel(acme.id, renamed, None)
    assert store.get_channel(acme.id, "c1").display_name == "renamed"
    assert store.channel_credentials("c1") == "cred-1", "None keeps the stored credentials"
    with store.transaction():
        store.put_channel(acme.id, renamed, "cred-new")
    assert store.channel_credentials("c1") == "cred-new"
    with store.transaction():
        store.delete_channel(other.id, "c1")
        store.delete_channel(acme.id, "c2")
    assert listed() == ["channels/c1", "channels/e1"]


def test_channel_secrets_rotate(store):
    acme = new_tenant(store)
    with store.transaction():
        store.put_channel(acme.id, channel("c1"), "cred")
        s1 = store.add_channel_secret("c1", "one", 10)
        s2 = store.add_channel_secret("c1", "two", 20)
    assert s1 < s2
    assert store.channel_secrets("c1", 30) == ["two", "one"]
    assert store.channel_secret(s1, 30) == "one"
    with store.transaction():
        store.expire_channel_secrets("c1", "two", 100)
        store.expire_channel_secrets("c1", "two", 200)
    assert store.channel_secrets("c1", 99) == ["two", "one"]
    assert store.channel_secrets("c1", 100) == ["two"]
    assert store.channel_secret(s1, 100) is None
    assert store.channel_secret(s2, 10**12) == "two"
    with store.transaction():
        store.delete_channel(acme.id, "c1")
    assert store.channel_secrets("c1", 0) == []


def test_a_providers_message_id_is_recorded_once(store):
    acme = new_tenant(store)
    with store.transaction():
        assert store.put_channel_message("c1", 1, "SM1", acme.id, "i1", "m1")
        assert not store.put_channel_message("c1", 1, "SM1", acme.id, "i2", "m2")
        assert store.put_channel_message("c1", 2, "SM1", acme.id, "i3", "m3")
        assert store.put_channel_message("c2", 1, "SM1", acme.id, "i4", "m4")
    assert store.find_channel_message("c1", 1, "SM1") == ("i1", "m1")
    assert store.find_channel_message("c1", 2, "SM1") == ("i3", "m3")
    assert store.find_channel_message("c2", 1, "SM1") == ("i4", "m4")
    assert store.find_channel_message("c1", 1, "SM2") is None


def test_the_open_interaction_of_a_customer_or_thread(store):
    acme, other = new_tenant(store, "acme"), new_tenant(store, "other")
    add_interactions(
        store,
        acme.id,
        [
            (
                interaction(
                    "old", 100, state=ipb.STATE_ACTIVE, channel="channels/c1", address="+1"
                ),
                None,
            ),
            (
                interaction(
                    "done", 200, state=ipb.STATE_COMPLETED, channel="channels/c1", address="+1"
                ),
                None,
            ),
            (
                interaction(
                    "else", 300, state=ipb.STATE_ACTIVE, channel="channels/c2", address="+1"
                ),
                None,
            ),
            (
                interaction(
                    "t1",
                    150,
                    state=ipb.STATE_WAITING,
                    channel="channels/c1",
                    address="+2",
                    thread="th",
                ),
                None,
            ),
        ],
    )

    def found(channel_name: str, address: str, thread: str = "", tenant=acme) -> str | None:
        i = store.open_interaction(tenant.id, channel_name, address, thread)
        return ids([i])[0] if i else None

    assert found("channels/c1", "+1") == "old", "the completed one is newer but closed"
    assert found("channels/c2", "+1") == "else"
    assert found("channels/c1", "+3") is None
    assert found("channels/c1", "", "th") == "t1"
    assert found("channels/c2", "", "th") is None
    assert found("channels/c1", "+1", tenant=other) is None
    add_interactions(
        store,
        acme.id,
        [(interaction("new", 400, state=ipb.STATE_NEW, channel="channels/c1", address="+1"), None)],
    )
    assert found("channels/c1", "+1") == "new"


def outbox(message_id: str, channel_id: str, interaction_id: str, cursor: int, due_us: int):
    return OutboxRecord(message_id, "t", channel_id, interaction_id, cursor, 1, 0, 0, due_us)


def test_outbound_messages_are_claimed_in_order_per_interaction(store):
    rows = [
        outbox("m1", "c1", "i1", 1, 10),
        outbox("m2", "c1", "i1", 2, 5),
        outbox("m3", "c1", "i2", 3, 20),
        outbox("m4", "c2", "i3", 4, 1_000),
    ]
    with store.transaction():
        assert store.insert_outbox(rows, 1) == 4
        assert store.insert_outbox([outbox("m1", "c9", "i9", 9, 0)], 2) == 0
    assert store.due_outbox_channels(100) == ["c1"]
    assert store.due_outbox_channels(1_000) == ["c1", "c2"]
    assert store.due_outbox_channels(0) == []

    def claim_outbox(channel_id: str, now_us: int, until_us: int) -> list[str]:
        with store.transaction():
            return [r.message_id for r in store.claim_outbox(channel_id, now_us, until_us, 10)]

    with store.transaction():
        first = store.claim_outbox("c1", 100, 500, 10)
    assert first == [rows[0], rows[2]], "m2 waits for m1, the earlier message of i1"
    assert claim_outbox("c1", 200, 600) == [], "leased, or waiting for a leased one"
    with store.transaction():
        store.update_outbox("m1", OutboxStatus.SENT, 1, 1, None, 300)
    assert claim_outbox("c1", 300, 600) == ["m2"]
    with store.transaction():
        store.update_outbox("m2", OutboxStatus.FAILED, 3, 3, None, 310)
        store.update_outbox("m3", OutboxStatus.PENDING, 1, 1, 700, 320)
    assert claim_outbox("c1", 650, 900) == []
    assert claim_outbox("c1", 700, 900) == ["m3"]
    with store.transaction():
        assert store.prune_outbox(10**12, 10) == 2, "sent and failed ones; never pending"
        assert store.prune_outbox(10**12, 10) == 0
    assert claim_outbox("c2", 1_000, 2_000) == ["m4"]
    assert claim_outbox("c1", 900, 2_000) == ["m3"]


def test_the_channel_cursor_is_kept(store):
    assert store.channel_cursor() == 0
    with store.transaction():
        store.set_channel_cursor(42)
    assert store.channel_cursor() == 42
    with store.transaction():
        store.set_channel_cursor(43)
    assert store.channel_cursor() == 43


# -- typing -----------------------------------------------------------------------------------


def test_typing_indicators_start_renew_end_and_lapse(store):
    agent = ipb.PARTICIPANT_ROLE_AGENT
    customer = ipb.PARTICIPANT_ROLE_CUSTOMER
    assert store.next_typing_expiry() is None
    with store.transaction():
        assert store.put_typing(TypingRecord("i1", agent, "a", "t", 300))
        assert not store.put_typing(TypingRecord("i1", agent, "a", "t", 500)), "a renewal"
        assert store.put_typing(TypingRecord("i1", customer, "a", "t", 200))
        assert store.put_typing(TypingRecord("i1", agent, "b", "t", 100))
        assert store.put_typing(TypingRecord("i2", agent, "c", "t", 400))
    assert store.next_typing_expiry() == 100
    assert store.lapsed_typing(450, 10) == [
        TypingRecord("i1", agent, "b", "t", 100),
        TypingRecord("i1", customer, "a", "t", 200),
        TypingRecord("i2", agent, "c", "t", 400),
    ]
    assert store.lapsed_typing(450, 1) == [TypingRecord("i1", agent, "b", "t", 100)]
    with store.transaction():
        assert store.delete_typing("i1", customer, "a")
        assert not store.delete_typing("i1", customer, "a")
        assert sorted(store.end_typing("i1", agent, ["a", "b", "nobody"])) == ["a", "b"]
        assert store.end_typing("i1", agent, ["a"]) == []
    assert store.lapsed_typing(10**12, 10) == [TypingRecord("i2", agent, "c", "t", 400)]
    assert store.next_typing_expiry() == 400


# -- lifecycle timers ---------------------------------------------------------------------------


def test_due_timers_come_earliest_first(store):
    a, b = new_tenant(store, "a"), new_tenant(store, "b")
    add_interactions(
        store,
        a.id,
        [
            (interaction("i1"), (ipb.TIMER_INACTIVE_AFTER, 0, 300)),
            (interaction("i2"), (ipb.TIMER_QUEUE_TIMEOUT, 0, 100)),
            (interaction("i3"), (ipb.TIMER_COMPLETE_AFTER, 0, None)),
            (interaction("i4"), None),
        ],
    )
    assert store.next_timer_due() == 100
    add_interactions(store, b.id, [(interaction("i5"), (ipb.TIMER_SNOOZE_UNTIL, 50, 50))])
    assert store.next_timer_due() == 50
    assert store.due_timers(49, 10) == []
    assert store.due_timers(300, 10) == [
        DueTimer(b.id, "i5", ipb.TIMER_SNOOZE_UNTIL, 50),
        DueTimer(a.id, "i2", ipb.TIMER_QUEUE_TIMEOUT, 100),
        DueTimer(a.id, "i1", ipb.TIMER_INACTIVE_AFTER, 300),
    ]
    assert [t.interaction_id for t in store.due_timers(10**12, 2)] == ["i5", "i2"]
    i5 = store.get_interaction(b.id, "i5")
    with store.transaction():
        store.update_interaction(b.id, i5, None)
    assert store.next_timer_due() == 100


def test_a_fresh_store_has_no_timer_due(store):
    assert store.next_timer_due() is None
    assert store.due_timers(10**12, 10) == []


def timers_fixture(store: SqlStore) -> tuple[TenantRecord, TenantRecord]:
    a, b = new_tenant(store, "a"), new_tenant(store, "b")
    for tenant, prefix in ((a, "a"), (b, "b")):
        add_interactions(
            store,
            tenant.id,
            [
                (interaction(f"{prefix}1"), (ipb.TIMER_INACTIVE_AFTER, 100, 200)),
                (interaction(f"{prefix}2"), (ipb.TIMER_INACTIVE_AFTER, 150, None)),
                (interaction(f"{prefix}3"), (ipb.TIMER_COMPLETE_AFTER, 100, 300)),
                (
                    interaction(f"{prefix}4", media_type=EMAIL),
                    (ipb.TIMER_INACTIVE_AFTER, 100, 200),
                ),
                (interaction(f"{prefix}5"), (ipb.TIMER_SNOOZE_UNTIL, 900, 900)),
            ],
        )
    return a, b


def due_of(store: SqlStore, tenant: TenantRecord, interaction_id: str) -> int | None:
    i = store.get_interaction(tenant.id, interaction_id)
    return i.next_timer.due_time.ToMicroseconds() if i.HasField("next_timer") else None


def test_timers_are_rearmed_for_one_tenant(store):
    a, b = timers_fixture(store)
    with store.transaction():
        assert store.rearm_timers(a.id, CHAT, ipb.TIMER_INACTIVE_AFTER, 1_000) == 2
    assert [due_of(store, a, i) for i in ("a1", "a2", "a3", "a4")] == [1_100, 1_150, 300, 200]
    assert [due_of(store, b, i) for i in ("b1", "b2")] == [200, None], "another tenant's stay"
    with store.transaction():
        assert store.rearm_timers(a.id, CHAT, ipb.TIMER_INACTIVE_AFTER, 0) == 2
    assert [due_of(store, a, i) for i in ("a1", "a2")] == [None, None], "0 turns it off"
    assert store.get_interaction(a.id, "a1").next_timer.timer == ipb.TIMER_UNSPECIFIED
    with store.transaction():
        assert store.rearm_timers(a.id, CHAT, ipb.TIMER_SNOOZE_UNTIL, 0) == 1
    assert due_of(store, a, "a5") == 900, "a snooze is due at its own time"
    assert sorted(t.interaction_id for t in store.due_timers(250, 10)) == ["a4", "b1", "b4"]


def test_timers_are_rearmed_for_tenants_without_a_policy(store):
    a, b = timers_fixture(store)
    with store.transaction():
        store.put_timer_policy(a.id, CHAT, ipb.TimerPolicy(inactive_after=Duration(seconds=1)), 5)
        store.put_timer_policy(b.id, EMAIL, ipb.TimerPolicy(), 5)  # another media type
    with store.transaction():
        assert store.rearm_timers(None, CHAT, ipb.TIMER_INACTIVE_AFTER, 1_000) == 2
    assert [due_of(store, b, i) for i in ("b1", "b2", "b4")] == [1_100, 1_150, 200]
    assert [due_of(store, a, i) for i in ("a1", "a2")] == [200, None], "a has its own policy"


def test_timer_policies_are_kept_per_tenant_and_media_type(store):
    a, b = new_tenant(store, "a"), new_tenant(store, "b")
    chat = ipb.TimerPolicy(inactive_after=Duration(seconds=60), queue_timeout=Duration(seconds=5))
    email = ipb.TimerPolicy(complete_after=Duration(seconds=86_400))
    assert store.timer_policy(a.id, CHAT) is None
    assert store.timer_policies(a.id) == {}
    with store.transaction():
        store.put_timer_policy(a.id, CHAT, chat, 10)
        store.put_timer_policy(a.id, EMAIL, email, 11)
        store.put_timer_policy(b.id, EMAIL, email, 12)
    assert store.timer_policy(a.id, CHAT) == (chat, 10)
    assert store.timer_policy(b.id, CHAT) is None
    assert store.timer_policies(a.id) == {CHAT: (chat, 10), EMAIL: (email, 11)}
    assert store.tenants_with_policies(CHAT) == [a.id]
    assert sorted(store.tenants_with_policies(EMAIL)) == sorted([a.id, b.id])
    changed = ipb.TimerPolicy(inactive_after=Duration(seconds=120))
    with store.transaction():
        store.put_timer_policy(a.id, CHAT, changed, 20)
    assert store.timer_policy(a.id, CHAT) == (changed, 20)
    assert store.tenants_with_policies(SMS) == []


def test_the_timer_defaults_mark_round_trips(store):
    assert store.timer_defaults_mark() is None
    with store.transaction():
        store.set_timer_defaults_mark(2**62 + 7)
    assert store.timer_defaults_mark() == 2**62 + 7
    with store.transaction():
        store.set_timer_defaults_mark(3)
    assert store.timer_defaults_mark() == 3


# -- lifecycle ------------------------------------------------------------------------------


def test_migrating_again_does_nothing(store):
    version = store.schema_version()
    assert version > 0
    assert store.migrate() == []
    assert store.schema_version() == version


def test_the_page_token_key_outlives_a_reopen(store):
    key = store.page_token_key()
    assert isinstance(key, bytes) and len(key) == 32
    assert store.page_token_key() == key
    again = open_store(store.location)
    try:
        assert again.migrate() == []
        assert again.page_token_key() == key
    finally:
        again.close()
