"""The Node.js client (clients/node) against the live stack: its own ``node --test`` suite."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

NODE_DIR = Path(__file__).resolve().parents[2] / "clients" / "node"


def test_node_client_suite_passes_against_envoy(gateway):
    node = shutil.which("node")
    assert node, "Node.js 20+ is required for the client tests"
    assert (NODE_DIR / "node_modules" / "@grpc" / "grpc-js").is_dir(), (
        "run `npm ci` in clients/node (scripts/test does)"
    )
    env = {
        **os.environ,
        "NEXUS_ADDRESS": gateway.stack.address,
        "NEXUS_CA": gateway.ca,
        "NEXUS_API_KEY": gateway.key_a,
        "NODE_NO_WARNINGS": "1",
    }
    result = subprocess.run(
        [node, "--test", "test/"], cwd=NODE_DIR, env=env, capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 3" in result.stdout
