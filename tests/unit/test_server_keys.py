"""The page-token key lives in the store (migration 4): one per database, shared by every
process that opens it."""

from __future__ import annotations

from nexus.store import open_store


def test_every_opener_of_a_database_gets_the_same_key(tmp_path):
    path = tmp_path / "nexus.db"
    first, second = open_store(path), open_store(path)
    try:
        key = first.page_token_key()
        assert len(key) == 32
        assert second.page_token_key() == key
    finally:
        first.close()
        second.close()
    again = open_store(path)
    try:
        assert again.page_token_key() == key
    finally:
        again.close()


def test_databases_have_keys_of_their_own(tmp_path):
    a, b = open_store(tmp_path / "a.db"), open_store(tmp_path / "b.db")
    try:
        assert a.page_token_key() != b.page_token_key()
    finally:
        a.close()
        b.close()


def test_a_missing_key_is_made_again(tmp_path):
    store = open_store(tmp_path / "nexus.db")
    try:
        with store.transaction():
            store.conn.execute("DELETE FROM server_keys")
        key = store.page_token_key()
        assert len(key) == 32
        row = store.conn.execute("SELECT key FROM server_keys WHERE name = 'page_tokens'")
        assert bytes(row.fetchone()[0]) == key
    finally:
        store.close()
