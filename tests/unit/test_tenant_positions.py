"""Per-tenant event positions in the SQLite store: dense, never reused, read without gaps."""

from __future__ import annotations

import threading

from nexus.store import open_store
from nexus.store.base import EventFilter
from nexus.v1 import event_pb2 as epb


def _append(store, tenant_id: str, event_id: str) -> None:
    with store.transaction():
        store.append_event(tenant_id, epb.Event(id=event_id, type="interaction.created"), 0)


def test_positions_are_never_reused(tmp_path):
    store = open_store(tmp_path / "n.db")
    with store.transaction():
        tenant = store.create_tenant("t", 1)
    _append(store, tenant.id, "evt_1")
    _append(store, tenant.id, "evt_2")
    with store.transaction():
        store.conn.execute("DELETE FROM events WHERE id = 'evt_2'")
    _append(store, tenant.id, "evt_3")
    (event,) = store.list_events(tenant.id, 1, EventFilter(), 10).events
    assert (event.id, event.cursor) == ("evt_3", 3)


def test_a_reader_sees_every_position_once_while_two_writers_race(tmp_path):
    """Two stores on one file (as two processes are) append to one tenant at once; a reader
    following the log after its last position sees 1, 2, 3… with nothing skipped."""
    path = tmp_path / "n.db"
    reader = open_store(path)
    with reader.transaction():
        tenant = reader.create_tenant("t", 1)
        other = reader.create_tenant("other", 1)
    per_writer = 150

    def write(name: str) -> None:
        store = open_store(path, migrate=False)
        try:
            for n in range(per_writer):
                _append(store, tenant.id if n % 3 else other.id, f"evt_{name}_{n}")
        finally:
            store.close()

    writers = [threading.Thread(target=write, args=(name,)) for name in "xy"]
    for w in writers:
        w.start()
    seen: list[int] = []
    position = 0
    while True:
        done = not any(w.is_alive() for w in writers)  # before the read: it sees all
        page = reader.list_events(tenant.id, position, EventFilter(), 7)
        seen.extend(e.cursor for e in page.events)
        position = page.scanned_to
        if done and not page.events:
            break
    for w in writers:
        w.join()
    expected = sum(1 for n in range(per_writer) if n % 3) * 2
    assert seen == list(range(1, expected + 1))
