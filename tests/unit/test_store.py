"""The SQLite store: schema, pragmas, migrations, the all-or-nothing transaction, leases."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from nexus.egress.deliverer import pending_delivery
from nexus.store import open_store
from nexus.store import sql as sql_store
from nexus.store.base import AttemptRecord, DeliveryStatus
from nexus.store.migrations import MIGRATIONS
from nexus.v1 import event_pb2 as epb
from nexus.v1 import webhook_pb2 as wpb


def test_migrations_run_once_and_are_safe_to_repeat(tmp_path):
    path = tmp_path / "n.db"
    first = open_store(path)
    assert first.schema_version() == MIGRATIONS[-1][0]
    assert first.migrate() == []
    first.close()
    again = open_store(path)
    assert again.migrate() == []
    rows = again.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert rows == len(MIGRATIONS)
    again.close()


def test_two_openers_migrate_concurrently_without_error(tmp_path):
    path = tmp_path / "n.db"
    a = open_store(path, migrate=False)
    b = open_store(path, migrate=False)
    assert a.migrate() and b.migrate() == []


def test_pragmas(tmp_path):
    store = open_store(tmp_path / "n.db")
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000


def test_a_failed_transaction_leaves_nothing(tmp_path):
    store = open_store(tmp_path / "n.db")
    with store.transaction():
        tenant = store.create_tenant("t", 1)
    with pytest.raises(RuntimeError), store.transaction():
        event = epb.Event(id="evt_1", type="interaction.created")
        store.append_event(tenant.id, event, 0)
        raise RuntimeError("boom")
    assert store.last_cursor() == 0
    with store.transaction():
        store.append_event(tenant.id, epb.Event(id="evt_2", type="interaction.created"), 0)
    assert store.last_cursor() == 1, "the rolled-back cursor was never visible"
    with store.transaction():
        store.conn.execute("DELETE FROM events")
        store.append_event(tenant.id, epb.Event(id="evt_3", type="interaction.created"), 0)
    assert store.last_cursor() == 2, "a committed cursor is never reused (AUTOINCREMENT)"


def test_foreign_keys_are_enforced(tmp_path):
    import sqlite3

    store = open_store(tmp_path / "n.db")
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.create_api_key("no-such-tenant", "k", "hash", "prefix", 0)


def test_key_lookups_are_reused_for_a_bounded_time(tmp_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(sql_store.time, "monotonic", lambda: now[0])
    server = open_store(tmp_path / "db", key_cache_s=1.0)
    cli = open_store(tmp_path / "db", key_cache_s=0)  # another process, e.g. `nexus keys`
    with server.transaction():
        tenant = server.create_tenant("acme", 1)
    with cli.transaction():
        key = cli.create_api_key(tenant.id, "k", "h" * 64, "nxs_12345678")
    # a key made elsewhere works at once: unknown keys are never remembered
    assert server.principal_for_key("h" * 64).key_id == key.id
    with cli.transaction():
        assert cli.revoke_api_key(key.id, 2)
    assert cli.principal_for_key("h" * 64) is None
    now[0] += 0.9
    assert server.principal_for_key("h" * 64) is not None  # revoked elsewhere: reused a while
    now[0] += 0.2
    assert server.principal_for_key("h" * 64) is None


def test_keys_revoked_through_the_same_store_stop_at_once(tmp_path):
    store = open_store(tmp_path / "db", key_cache_s=60)
    with store.transaction():
        tenant = store.create_tenant("acme", 1)
        key = store.create_api_key(tenant.id, "k", "h" * 64, "nxs_12345678")
    assert store.principal_for_key("h" * 64).key_id == key.id
    with store.transaction():
        assert store.revoke_api_key(key.id, 2)
    assert store.principal_for_key("h" * 64) is None


def test_a_group_is_committed_from_another_thread_and_readers_never_see_it_early(tmp_path):
    store = open_store(tmp_path / "db")
    store.begin_group()
    store.create_tenant("acme", 1)
    assert [t.name for t in store.list_tenants()] == ["acme"], "the writer sees its own writes"
    store.end_group()
    assert store.list_tenants() == [], "after end_group this thread reads committed data only"
    committer = threading.Thread(target=store.commit_group)
    committer.start()
    committer.join()
    assert [t.name for t in store.list_tenants()] == ["acme"]


def test_a_writer_waits_for_the_group_commit_in_flight(tmp_path):
    store = open_store(tmp_path / "db")
    store.begin_group()
    store.create_tenant("first", 1)
    store.end_group()
    order: list[str] = []

    def writer() -> None:
        with store.transaction():
            order.append("second began")
            store.create_tenant("second", 2)

    blocked = threading.Thread(target=writer)
    blocked.start()
    blocked.join(0.2)
    assert blocked.is_alive() and order == [], "a second transaction waits for the first"
    store.commit_group()
    blocked.join(5)
    assert order == ["second began"]
    assert [t.name for t in store.list_tenants()] == ["first", "second"]


def test_a_failed_group_keeps_nothing_and_frees_the_writer(tmp_path):
    store = open_store(tmp_path / "db")
    store.begin_group()
    store.create_tenant("gone", 1)
    store.rollback_group()
    with store.transaction():
        store.create_tenant("kept", 2)
    assert [t.name for t in store.list_tenants()] == ["kept"]


def test_reads_outside_a_transaction_cannot_write(tmp_path):
    store = open_store(tmp_path / "db")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM tenants")


def store_with_deliveries(path, n: int):
    """A store whose webhook ``w1`` has ``n`` pending deliveries, ``d0`` … (one event each)."""
    store = open_store(path)
    with store.transaction():
        tenant = store.create_tenant("t", 1)
        store.put_webhook(tenant.id, wpb.Webhook(name="webhooks/w1", url="https://x.test/"))
        rows = []
        for k in range(n):
            event = epb.Event(id=f"evt_{k}", type="interaction.created")
            event.interaction = f"interactions/i{k}"
            cursor = store.append_event(tenant.id, event, 0)
            rows.append(pending_delivery("w1", tenant.id, cursor, event, 10, f"d{k}"))
        store.insert_deliveries(rows)
    return store


def test_a_claimed_batch_is_leased_whole_until_its_lease_runs_out(tmp_path):
    store = store_with_deliveries(tmp_path / "n.db", 700)  # more than one statement's worth
    with store.transaction():
        claimed = store.claim_deliveries("w1", 100, 1_000, 1000)
    assert len(claimed) == 700
    with store.transaction():
        assert store.claim_deliveries("w1", 999, 2_000, 1000) == []
        assert not store.has_due("w1", 999)
    with store.transaction():  # the lease ran out (the claimer died): every one comes back
        again = store.claim_deliveries("w1", 1_000, 2_000, 1000)
    assert {c.delivery.id for c in again} == {c.delivery.id for c in claimed}


def test_finished_deliveries_are_pruned_with_their_attempts_pending_ones_never(tmp_path):
    store = store_with_deliveries(tmp_path / "n.db", 5)

    def attempt(delivery_id: str, at_us: int, status: DeliveryStatus) -> None:
        log = AttemptRecord(delivery_id, at_us, 200, 1, b"", "", "", None, "scheduled")
        with store.transaction():
            store.record_attempts([(log, status)], at_us)

    attempt("d0", 100, DeliveryStatus.SUCCEEDED)  # old, succeeded: goes
    attempt("d1", 100, DeliveryStatus.FAILED)  # old, failed for good: goes
    attempt("d2", 100, DeliveryStatus.PENDING)  # old but still to be retried: stays
    attempt("d3", 900, DeliveryStatus.SUCCEEDED)  # recent: stays
    # d4: never attempted, pending: stays
    with store.transaction():
        assert store.prune_deliveries(500, 1) == 1  # bounded per call
        assert store.prune_deliveries(500, 10) == 1
        assert store.prune_deliveries(500, 10) == 0
    left = store.conn.execute("SELECT id FROM deliveries ORDER BY id").fetchall()
    assert [r[0] for r in left] == ["d2", "d3", "d4"]
    attempts = store.conn.execute("SELECT DISTINCT delivery_id FROM delivery_attempts")
    assert sorted(r[0] for r in attempts) == ["d2", "d3"]
