"""schemathesis over docs/openapi.yaml through the real Envoy, with every check.

A bounded run in CI (``NEXUS_SCHEMATHESIS_EXAMPLES`` examples per operation and phase,
5 by default, about 20 s); set it higher for a longer run, with pytest's ``--timeout``
raised to match (e.g. 150 examples: ``--timeout 1200``). The test prints the number of
requests and their status histogram, read from the run's HAR report.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import KEY_A

ROOT = Path(__file__).parents[2]

# A request the schema allows is not always one the server can accept: cross-field rules
# (a message needs text or an attachment, a time range must not be empty), the state
# machine (an illegal transition is FAILED_PRECONDITION, HTTP 400), an etag that does not
# match (409) and ids that do not exist (404) cannot be written in OpenAPI.
#
# Envoy's transcoder drops null items of a string list, even nested ones ([[null]]), before
# the server sees the request: so a body whose only flaw is such a list is a valid request
# by the time it arrives. Only CreateApiKey has a body that is otherwise complete with one
# list of strings and nothing else required, so only its negative check would report this.
# Every check is on (the config file's `[checks] enabled`, not `--checks all`, which would
# override the one operation's exception).
CONFIG = """
[checks]
enabled = true

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409"]

[[operations]]
include-operation-id = "AccessService_CreateApiKey"
checks.negative_data_rejection.enabled = false
"""


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(stack_factory, tmp_path):
    stack = stack_factory()
    assert stack.ca
    examples = os.environ.get("NEXUS_SCHEMATHESIS_EXAMPLES", "5")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    har = tmp_path / "run.har"
    # WatchEvents is a stream that lasts until the client leaves: schemathesis would wait
    # for its end. tests/e2e/test_streaming.py and test_edge.py cover it.
    cmd = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color"),
        *("run", str(ROOT / "docs" / "openapi.yaml"), "--url", stack.url),
        *("--max-examples", examples, "--seed", "8"),
        *("--exclude-operation-id", "EventService_WatchEvents", "--request-timeout", "10"),
        *("-H", f"x-api-key: {KEY_A}", "--tls-verify", stack.ca),
        *("--report", "har", "--report-har-path", str(har)),
    ]
    # cwd: schemathesis keeps a cache of crashes in ./.schemathesis, not in the checkout.
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    statuses = collections.Counter(
        entry["response"]["status"] for entry in json.loads(har.read_text())["log"]["entries"]
    )
    print(f"schemathesis: {sum(statuses.values())} requests, statuses {sorted(statuses.items())}")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    assert sum(statuses.values()) > 100
    assert not [s for s in statuses if s >= 500]
