"""The ``nexus`` command as a user meets it: a database it cannot use or a port in use gives
one line that says what is wrong and what to do, and exit code 2; the tenant and key
commands name their database and never create an empty one unasked; ``--config`` works
before and after the command name."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nexus.gateway.process import free_port


def nexus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "nexus.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=cwd)


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a failed command (``using database …`` aside)."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = [x for x in done.stderr.splitlines() if x and not x.startswith("using database ")]
    assert len(lines) == 1, done.stderr
    return lines[0]


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Read-only even for root, which ignores permission bits: the immutable attribute."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        if os.geteuid() == 0:
            pytest.skip(f"chattr +i not possible here, and root writes past chmod: {done.stderr!r}")
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        path.chmod(0o755 if path.is_dir() else 0o644)


def existing_db(path: Path) -> Path:
    assert nexus("migrate", "--db", str(path)).returncode == 0
    for extra in path.parent.glob(path.name + "-*"):  # -wal, -shm: as after a clean stop
        extra.unlink()
    return path


@contextlib.contextmanager
def bad_database(kind: str, tmp: Path) -> Iterator[tuple[Path, str]]:
    """A database path that cannot be used, and the words the error must contain."""
    if kind == "directory":
        (tmp / "db").mkdir()
        yield tmp / "db", "it is a directory"
    elif kind == "parent is a file":
        (tmp / "file").write_text("x")
        yield tmp / "file" / "nexus.db", f"{tmp / 'file'} is a file, not a directory"
    elif kind == "not a database":
        (tmp / "notes.db").write_text("these are not the pages of a database\n" * 200)
        yield tmp / "notes.db", "the file is not a SQLite database"
    elif kind == "read-only file":
        db = existing_db(tmp / "nexus.db")
        with immutable(db):
            yield db, "the file is read-only"
    elif kind == "read-only directory":
        (tmp / "ro").mkdir()
        with immutable(tmp / "ro"):
            yield tmp / "ro" / "nexus.db", f"the directory {tmp / 'ro'} is read-only"
    else:
        raise AssertionError(kind)


KINDS = ["directory", "parent is a file", "not a database", "read-only file", "read-only directory"]
COMMANDS = {
    "serve": ["serve", "--listen", "127.0.0.1:0"],
    "notifier": ["notifier"],
    "up": ["up", "--grpc-listen", "127.0.0.1:0"],  # --https-port and --state-dir added below
    "tenants create": ["tenants", "create", "acme", "--create-db"],
    "keys list": ["keys", "list", "--tenant", "acme"],
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_that_cannot_be_used_gives_one_line_and_exit_2(command, kind, tmp_path):
    args = list(COMMANDS[command])
    if command == "up":
        args += ["--https-port", str(free_port()), "--state-dir", str(tmp_path / "state")]
    with bad_database(kind, tmp_path) as (db, problem):
        line = one_line_error(nexus(*args, "--db", str(db)))
    assert line.startswith(f"nexus {command}: ")
    if command == "keys list" and not db.exists():
        assert f"no database at {db}" in line  # it would not create one anyway
    else:
        assert f"cannot open the database {db}: {problem}" in line
    assert "--db" in line  # what to do


def test_serve_on_a_port_in_use_names_the_process_holding_it(tmp_path):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = nexus("serve", "--listen", f"127.0.0.1:{port}", "--db", str(tmp_path / "n.db"))
    line = one_line_error(done)
    assert f"gRPC port {port} on 127.0.0.1 is already in use by pid {os.getpid()} (" in line
    assert "--listen" in line


@pytest.mark.parametrize(
    ("command", "variable"),
    [("serve", "NEXUS_ADMIN_LISTEN"), ("notifier", "NEXUS_NOTIFIER_ADMIN_LISTEN")],
)
def test_an_admin_port_in_use_names_the_process_holding_it(
    tmp_path, monkeypatch, command, variable
):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        monkeypatch.setenv(variable, f"127.0.0.1:{port}")
        args = ["--listen", "127.0.0.1:0"] if command == "serve" else []
        done = nexus(command, *args, "--db", str(tmp_path / "n.db"))
    line = one_line_error(done)
    assert f"admin port {port} on 127.0.0.1 is already in use by pid {os.getpid()} (" in line
    assert variable in line


def test_tenant_and_key_commands_name_their_database_and_create_none_unasked(tmp_path):
    db = tmp_path / "nexus.db"
    for args in (
        ["tenants", "list"],
        ["keys", "create", "--tenant", "acme"],
        ["tenants", "create", "acme"],
    ):
        done = nexus(*args, cwd=tmp_path)  # no --db: nexus.db of the current directory
        assert f"using database {db}" in done.stderr
        line = one_line_error(done)
        assert f"no database at {db}" in line and "--create-db" in line
        assert not db.exists()

    created = nexus("tenants", "create", "acme", "--create-db", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert f"using database {db}" in created.stderr
    assert "API key: nxs_" in created.stdout
    listed = nexus("tenants", "list", "--db", str(db))
    assert listed.returncode == 0 and "\tacme" in listed.stdout
    assert f"using database {db}" in listed.stderr


ALL_COMMANDS = [
    ["serve", "--listen", "127.0.0.1:0"],
    ["notifier"],
    ["up", "--grpc-listen", "127.0.0.1:0"],
    ["migrate"],
    ["tenants", "create", "acme"],
    ["tenants", "list"],
    ["keys", "create", "--tenant", "acme"],
    ["keys", "revoke", "nxs_abc"],
    ["keys", "list", "--tenant", "acme"],
]


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("args", ALL_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_config_is_read_before_or_after_the_command_name(args, where, tmp_path):
    (tmp_path / "db-dir").mkdir()  # a db nothing can open: the error shows the file was read
    config = tmp_path / "nexus.toml"
    config.write_text(f'db = "{tmp_path / "db-dir"}"\n')
    if args[0] == "up":
        args = [*args, "--https-port", str(free_port()), "--state-dir", str(tmp_path / "s")]
    given = ["--config", str(config)]
    done = nexus(*(given + args if where == "before" else args + given), cwd=tmp_path)
    assert f"cannot open the database {tmp_path / 'db-dir'}: it is a directory" in (
        one_line_error(done)
    )
