"""Group commit: writes share a transaction, yet each succeeds or fails on its own."""

from __future__ import annotations

import asyncio
import threading

import pytest

from nexus.store import open_store
from nexus.store.group_commit import GroupCommit as WriteBatcher


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "b.db")
    yield s
    s.close()


def tenant_names(store) -> list[str]:
    return [t.name for t in store.list_tenants()]


def creates_tenant(store, name: str):
    """A write: creates tenant ``name`` in its own (nested) transaction."""

    def work() -> str:
        with store.transaction():
            store.create_tenant(name, 0)
        return name

    return work


async def test_a_failing_write_rolls_back_alone(store):
    batcher = WriteBatcher(store)

    def half_then_fail() -> None:
        with store.transaction():
            store.create_tenant("half", 0)
            raise ValueError("caller's mistake")

    results = await asyncio.gather(
        batcher.run(creates_tenant(store, "a")),
        batcher.run(half_then_fail),
        batcher.run(creates_tenant(store, "b")),
        return_exceptions=True,
    )
    assert results[0] == "a" and results[2] == "b"
    assert isinstance(results[1], ValueError)
    assert sorted(tenant_names(store)) == ["a", "b"]
    assert batcher.batches == 1 and batcher.writes == 3


async def test_results_are_released_only_after_commit(store, tmp_path):
    batcher = WriteBatcher(store)
    other = open_store(tmp_path / "b.db")  # another connection sees only committed data

    def work() -> int:
        with store.transaction():
            store.create_tenant("t", 0)
        return len(other.list_tenants())

    seen_inside = await batcher.run(work)
    assert seen_inside == 0, "not visible to others before the commit"
    assert [t.name for t in other.list_tenants()] == ["t"], "committed when the caller is answered"
    other.close()


async def test_a_failed_commit_fails_every_write_of_the_batch(store):
    batcher = WriteBatcher(store)

    def work() -> str:
        with store.transaction():
            store.create_tenant("x", 0)
            # leave the transaction unfinishable: COMMIT will fail with a deferred constraint
            store.conn.execute("PRAGMA defer_foreign_keys = ON")
            store.conn.execute(
                "INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, create_time)"
                " VALUES ('k', 'missing', 'n', 'h', 'p', 0)"
            )
        return "done"

    with pytest.raises(Exception, match="FOREIGN KEY"):
        await batcher.run(work)
    assert tenant_names(store) == []


async def test_the_loop_serves_while_a_batch_commits(store, monkeypatch):
    """COMMIT runs on another thread: the event loop goes on, and the writes that arrive
    meanwhile form the next batch; nobody is answered before their own commit."""
    batcher = WriteBatcher(store)
    commit = store.commit_group
    committing, release = threading.Event(), threading.Event()

    def held_commit() -> None:
        committing.set()
        assert release.wait(10)
        commit()

    monkeypatch.setattr(store, "commit_group", held_commit)
    first = asyncio.ensure_future(batcher.run(creates_tenant(store, "a")))
    assert await asyncio.to_thread(committing.wait, 5)
    # the commit is held on its thread, and the loop still runs this coroutine
    second = asyncio.ensure_future(batcher.run(creates_tenant(store, "b")))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not first.done() and not second.done()
    assert tenant_names(store) == [], "readers see nothing before the commit"
    release.set()
    assert await first == "a"
    assert await second == "b"
    assert sorted(tenant_names(store)) == ["a", "b"]
    assert batcher.batches == 2
    batcher.close()


async def test_on_postgresql_a_failing_write_rolls_back_alone_and_nesting_holds():
    """The same on PostgreSQL, where the batch runs on the committer's thread and each
    write's savepoint is released with the next one: a failure deep inside one write
    undoes that write only, at every depth."""
    from nexus.store.work import PostgresWork

    from pg import pg_schema

    with pg_schema() as url:
        pg = await asyncio.to_thread(open_store, url)
        work = PostgresWork(pg)
        try:

            def nested_then_fail() -> None:
                with pg.transaction():
                    pg.create_tenant("outer", 0)
                    with pg.transaction():
                        pg.create_tenant("inner", 0)
                    raise ValueError("caller's mistake")

            def nested_inner_fails() -> str:
                with pg.transaction():
                    pg.create_tenant("kept", 0)
                    with pg.transaction():
                        try:
                            with pg.transaction():
                                pg.create_tenant("dropped", 0)
                                raise ValueError("inner only")
                        except ValueError:
                            pass
                return "kept"

            results = await asyncio.gather(
                work.write(creates_tenant(pg, "a")),
                work.write(nested_then_fail),
                work.write(nested_inner_fails),
                work.write(creates_tenant(pg, "b")),
                return_exceptions=True,
            )
            assert results[0] == "a" and results[2] == "kept" and results[3] == "b"
            assert isinstance(results[1], ValueError)
            names = await work.run(lambda: tenant_names(pg))
            assert sorted(names) == ["a", "b", "kept"]
        finally:
            await work.close()
            pg.close()
