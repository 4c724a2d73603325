"""The shell examples of docs/deployment.md, run as written against a PostgreSQL schema of
their own ($PG) and a populated SQLite file (nexus.db) in the working directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_docs_examples import examples

from pg import pg_schema

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deployment.md"
BIN = Path(sys.executable).parent


def test_deployment_examples_run_as_written(tmp_path):
    blocks = examples(DOC)  # the bash blocks, minus those marked no-test
    assert len(blocks) >= 2
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    made = subprocess.run(
        ["nexus", "tenants", "create", "acme", "--create-db", "--db", "nexus.db"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with pg_schema() as url:
        script = "set -euo pipefail\n" + "\n".join(blocks)
        done = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env={**env, "PG": url},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "schema at version 3 (postgresql)" in done.stdout
    assert re.search(r"copied \d+ rows; the event log ends at cursor \d+ on both", done.stdout)
