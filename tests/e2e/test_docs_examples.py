"""The shell examples of README.md, docs/api.md and docs/channels.md, pasted into bash against
a live ``nexus up``.

The examples run in order, one bash per document, as a reader pastes them: later ones use
the variables and ids that earlier ones kept. The test changes only what must differ here:
the ports (free ones instead of 8443 and 50051), and the webhook host (a name that resolves
locally, allowlisted, with delivery off, since tests reach nothing but loopback). Blocks
fenced as ```` ```bash no-test ```` are skipped (starting the server itself, calling a
provider's own API). Streams, which last until Ctrl-C, are ended by a timeout; ending that
way is their success. Channel examples need no provider: what a provider would post they
post themselves, signed, and outbound sends wait for a notifier that does not run here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nexus.gateway.process import free_port
from tests.e2e.up_process import Up

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "docs" / "api.md", ROOT / "docs" / "channels.md"]
FENCE = re.compile(r"^```(?P<lang>\S*)(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
STREAM = re.compile(r"events:watch|EventService/WatchEvents")
# A google.rpc.Status printed as a REST response body, which starts a line: an error (code 0
# is OK). A status nested in a body (a per-item error of ReceiveMessages) is not one.
ERROR_BODY = re.compile(r'^\{"code":\s*[1-9]\d*,\s*"message"', re.M)
STREAM_SECONDS = 3


def examples(doc: Path) -> list[str]:
    """The bash/sh blocks of ``doc``, minus those marked ``no-test``."""
    return [
        m["body"]
        for m in FENCE.finditer(doc.read_text())
        if m["lang"] in ("bash", "sh") and "no-test" not in m["info"]
    ]


def bounded(line: str) -> str:
    """A streaming command run until a timeout, which counts as success (exit 124)."""
    return (
        f"__stream=$(cat <<'NEXUS_STREAM'\n{line}\nNEXUS_STREAM\n)\n"
        f'__rc=0; timeout {STREAM_SECONDS} bash -c "$(declare -f)\n$__stream" || __rc=$?\n'
        '[ "$__rc" = 0 ] || [ "$__rc" = 124 ]\n'
    )


def script(doc: Path, https_port: int, grpc_port: int) -> str:
    out = [
        "set -eo pipefail",
        "set -a",  # variables reach the bash that runs a stream
        "trap 'echo \"FAILED: $BASH_COMMAND\" >&2' ERR",
    ]
    for i, body in enumerate(examples(doc), 1):
        body = body.replace("8443", str(https_port)).replace("50051", str(grpc_port))
        body = body.replace("crm.example.com", "localhost")
        out.append(f"echo '## {doc.name} example {i}' | tee /dev/stderr")
        joined = body.replace("\\\n", " ")  # one line per command, for the stream check
        out += [bounded(line) if STREAM.search(line) else line for line in joined.splitlines()]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """``nexus up`` on free ports in a fresh directory that has the venv as ``.venv``."""
    cwd = tmp_path_factory.mktemp("docs")
    (cwd / ".venv").symlink_to(Path(sys.executable).parent.parent)
    grpc_port = free_port()
    env = {
        "NEXUS_NOTIFIER_IN_PROCESS": "false",
        "NEXUS_NOTIFIER_ALLOWLIST": "localhost,127.0.0.0/8,::1/128",
        "NEXUS_HEARTBEAT_S": "1",
    }
    up = Up(cwd, free_port(), grpc_listen=f"127.0.0.1:{grpc_port}", env=env)
    https_port = int(up.value(r"nexus is up at https://[^:]+:(\d+)"))
    try:
        yield cwd, https_port, grpc_port
    finally:
        assert up.stop() == 0


def test_documents_have_examples_and_few_are_skipped():
    assert all(examples(doc) for doc in DOCS)
    for doc in DOCS:
        skipped = [m for m in FENCE.finditer(doc.read_text()) if "no-test" in m["info"]]
        assert len(skipped) <= 2, doc.name


def run(doc: Path, live) -> subprocess.CompletedProcess[str]:
    cwd, https_port, grpc_port = live
    text = script(doc, https_port, grpc_port)
    return subprocess.run(
        ["bash", "-c", text], cwd=cwd, capture_output=True, text=True, timeout=240
    )


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_shell_examples_run_as_written(doc, live):
    done = run(doc, live)
    report = f"stdout:\n{done.stdout[-4000:]}\nstderr:\n{done.stderr[-4000:]}"
    assert done.returncode == 0, report
    assert not ERROR_BODY.search(done.stdout), report
    assert done.stdout.count(f"## {doc.name} example") == len(examples(doc))


def test_a_wrong_example_would_be_caught(live, tmp_path):
    """The checks above can fail: an error body over REST, an error status over gRPC."""
    prelude = examples(DOCS[1])[0]
    rest = tmp_path / "rest.md"
    rest.write_text(f"```bash\n{prelude}c $N/v1/interactions/nope\n```\n")
    assert ERROR_BODY.search(run(rest, live).stdout)
    grpc = tmp_path / "grpc.md"
    grpc.write_text(
        f'```sh\n{prelude}g -d \'{{"name": "x"}}\' $G nexus.v1.InteractionService/GetInteraction\n```\n'
    )
    assert run(grpc, live).returncode != 0
