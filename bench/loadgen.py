"""h2load as the benchmarks' load generator, and the bookkeeping around it.

h2load (Debian's ``nghttp2-client``) is written in C: one of its threads drives tens of
thousands of HTTP/2 requests a second, so on this 2-core machine it leaves the servers
the CPU a Python client would take. It speaks gRPC when given a body file holding the
5-byte gRPC prefix and the serialized request. It reports HTTP status codes but not
trailers, so whether a gRPC call succeeded (``grpc-status: 0``) is checked around it by
the benchmark (rows written, Envoy's access log, response bytes), never assumed.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.message import Message


def ensure_h2load() -> str:
    """Path of h2load, installing Debian's nghttp2-client first if it is missing."""
    found = shutil.which("h2load")
    if found:
        return found
    print("h2load not found: apt-get install -y nghttp2-client", file=sys.stderr, flush=True)
    install = ["apt-get", "install", "-y", "nghttp2-client"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    if subprocess.run(install, check=False, **quiet).returncode != 0:  # type: ignore[call-overload]
        subprocess.run(["apt-get", "update"], check=True, **quiet)  # type: ignore[call-overload]
        subprocess.run(install, check=True, **quiet)  # type: ignore[call-overload]
    found = shutil.which("h2load")
    if not found:
        raise SystemExit("h2load is still missing after installing nghttp2-client")
    return found


def grpc_frame(message: Message) -> bytes:
    """One gRPC length-prefixed message: uncompressed flag, 4-byte big-endian length, bytes."""
    payload = message.SerializeToString()
    return b"\0" + len(payload).to_bytes(4, "big") + payload


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pin(pid: int, cpus: set[int] | None) -> None:
    """Restricts every thread of ``pid`` (threads it starts later inherit it) to ``cpus``."""
    if not cpus:
        return
    for tid in os.listdir(f"/proc/{pid}/task"):
        os.sched_setaffinity(int(tid), cpus)


@dataclass(frozen=True)
class Target:
    """What h2load sends: one URL, one body (or none), headers; HTTP/2 unless ``h1``."""

    url: str
    headers: Sequence[str]
    body: Path | None = None
    h1: bool = False


@dataclass
class Run:
    """One h2load run as it reported itself, plus its CPU time and per-request latencies."""

    requests: int
    succeeded: int
    failed: int
    errored: int
    timeout: int
    status_2xx: int
    seconds: float
    data_bytes: int
    cpu_s: float
    latencies_us: list[int] = field(repr=False)
    output: str = field(repr=False)

    @property
    def rate(self) -> float:
        return self.succeeded / self.seconds

    def problems(self, expected: int) -> list[str]:
        """What is wrong with this run if every one of ``expected`` requests had to succeed."""
        wrong = []
        if not (self.requests == self.succeeded == self.status_2xx == expected):
            wrong.append(
                f"{expected} requests sent, h2load counted {self.succeeded} succeeded and "
                f"{self.status_2xx} 2xx"
            )
        if self.failed or self.errored or self.timeout:
            wrong.append(f"{self.failed} failed, {self.errored} errored, {self.timeout} timed out")
        return wrong


_FINISHED = re.compile(r"finished in ([\d.]+)(us|ms|s),")
_REQUESTS = re.compile(
    r"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, "
    r"(\d+) errored, (\d+) timeout"
)
_STATUS = re.compile(r"status codes: (\d+) 2xx")
_DATA = re.compile(r"traffic: .*?\((\d+)\) total, .*?\((\d+)\) headers .*?\((\d+)\) data")
_UNIT = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def h2load(
    binary: str,
    target: Target,
    *,
    requests: int = 0,
    duration: float = 0.0,
    clients: int,
    streams: int,
    log: Path,
    cpus: set[int] | None = None,
    extra_headers: Iterable[str] = (),
) -> Run:
    """Runs h2load once, either ``requests`` requests or for ``duration`` seconds."""
    cmd = [binary, "-t", "1", "-c", str(clients), "-m", str(streams), f"--log-file={log}"]
    cmd += ["-D", f"{round(duration * 1000)}ms"] if duration else ["-n", str(requests)]
    for header in (*target.headers, *extra_headers):
        cmd += ["-H", header]
    if target.body is not None:
        cmd += ["-d", str(target.body)]
    if target.h1:
        cmd.append("--h1")
    cmd.append(target.url)
    log.unlink(missing_ok=True)  # h2load appends to its log file
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    popen = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    output, _ = popen.communicate(timeout=600)
    # The servers are children too, but only h2load has been waited for in between.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if popen.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {popen.returncode}:\n{output}")
    finished, counts, status, traffic = (
        _FINISHED.search(output),
        _REQUESTS.search(output),
        _STATUS.search(output),
        _DATA.search(output),
    )
    if not (finished and counts and status and traffic):
        raise RuntimeError(f"could not read h2load's report:\n{output}")
    total, succeeded, failed, errored, timeout = (int(g) for g in counts.groups())
    # one line per request: start time, HTTP status, duration in µs
    latencies = [int(line.split("\t")[2]) for line in log.read_text().splitlines()]
    if len(latencies) != succeeded + failed:
        raise RuntimeError(f"h2load logged {len(latencies)} requests, reported {total}")
    return Run(
        requests=total,
        succeeded=succeeded,
        failed=failed,
        errored=errored,
        timeout=timeout,
        status_2xx=int(status[1]),
        seconds=float(finished[1]) * _UNIT[finished[2]],
        data_bytes=int(traffic[3]),
        cpu_s=cpu,
        latencies_us=latencies,
        output=output,
    )


def percentile(values: list[int], q: float) -> float:
    if len(values) < 2:
        return float(values[0]) if values else float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1]


def wait_for_line(proc: subprocess.Popen[str], pattern: re.Pattern[str], timeout: float) -> str:
    """Reads ``proc``'s stdout until a line matches; the match's first group."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if m := pattern.search(line):
            return m[1]
        if not line and proc.poll() is not None:
            break
    raise RuntimeError(f"{proc.args} did not report ready (exit code {proc.poll()})")
