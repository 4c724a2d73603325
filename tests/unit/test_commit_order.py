"""Event cursors become visible in cursor order on both backends: a transaction that took
a higher cursor cannot commit before one that took a lower cursor, whichever tenant, so a
reader that has passed cursor N never finds a new event below it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from nexus.store import open_store
from nexus.v1 import event_pb2 as epb

from pg import pg_schema

BACKENDS = tuple(os.environ.get("NEXUS_TEST_BACKENDS", "sqlite,postgresql").split(","))


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "n.db")
    else:
        with pg_schema() as url:
            yield url


def test_a_later_writer_waits_for_the_earlier_one_to_commit(location):
    first, second, reader = (open_store(location) for _ in range(3))
    try:
        with first.transaction():
            a = first.create_tenant("a", 0)
            b = first.create_tenant("b", 0)
        holding = threading.Event()
        release = threading.Event()

        def slow_writer() -> None:
            with first.transaction():
                first.append_event(a.id, epb.Event(id="evt_a", type="interaction.created"), 0)
                holding.set()
                release.wait(10)

        def quick_writer() -> None:
            with second.transaction():
                second.append_event(b.id, epb.Event(id="evt_b", type="interaction.created"), 0)

        slow = threading.Thread(target=slow_writer)
        slow.start()
        assert holding.wait(10)
        quick = threading.Thread(target=quick_writer)
        quick.start()
        quick.join(0.5)  # time enough to commit, were it allowed to
        assert quick.is_alive(), "the second writer committed while the first held its cursor"
        assert list(reader.iter_events(0, 10)) == [], "nothing is visible before the commit"
        release.set()
        slow.join(10)
        quick.join(10)
        seen = [(cursor, event.id) for cursor, _, _, event in reader.iter_events(0, 10)]
        assert [event_id for _, event_id in seen] == ["evt_a", "evt_b"]
        assert seen[0][0] < seen[1][0]
    finally:
        for store in (first, second, reader):
            store.close()
