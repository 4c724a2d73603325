"""PostgreSQL connections that died while idle (a restart, an administrator) are replaced
before the next unit of work uses them, so that unit does not fail."""

from __future__ import annotations

import time

import psycopg

from nexus.store import open_store

from pg import SERVER, pg_schema


def test_a_connection_killed_while_idle_is_replaced_before_use():
    with pg_schema() as url:
        store = open_store(url)
        try:
            with store.transaction():
                store.create_tenant("acme", 0)
            with store.bound() as conn:
                (pid,) = conn.execute("SELECT pg_backend_pid()").fetchone()
            with psycopg.connect(SERVER, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
                # The signal is asynchronous: wait until the backend is gone (it died idle).
                for _ in range(500):
                    row = admin.execute(
                        "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)
                    ).fetchone()
                    if row is None:
                        break
                    time.sleep(0.01)
            # The same thread, its connection dead: the next statement works all the same.
            with store.bound() as conn:
                (fresh,) = conn.execute("SELECT pg_backend_pid()").fetchone()
            assert fresh != pid
            assert [t.name for t in store.list_tenants()] == ["acme"]
        finally:
            store.close()
