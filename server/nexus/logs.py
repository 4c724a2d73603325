"""Structured (one JSON object per line) logging to stderr."""

from __future__ import annotations

import json
import logging
import sys

from nexus.domain.errors import Unavailable

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class TextFormatter(logging.Formatter):
    """For a terminal: the time, level, logger and message, then the fields as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={v}" for k, v in vars(record).items() if k not in _STANDARD)
        line = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')}.{int(record.msecs):03d}Z"
            f" {record.levelname:<7} {record.name}: {record.getMessage()}"
        )
        line = f"{line}  {fields}" if fields else line
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def setup(level: str = "INFO", fmt: str = "json") -> None:
    """Logs to stderr, one JSON object per line (``fmt="json"``) or as text."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logging.Formatter.converter = __import__("time").gmtime
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


class Retrying:
    """What a worker loop that retries says when a round fails: a database outage once as
    it begins and once as it ends (readiness and ``nexus_store_up`` tell the rest);
    anything else with its traceback, every time."""

    def __init__(self, log: logging.Logger, what: str) -> None:
        self.log, self.what, self.waiting = log, what, False

    def failed(self, exc: Exception) -> None:
        """Called from the ``except`` clause that caught ``exc``."""
        if not isinstance(exc, Unavailable):
            self.log.exception(f"{self.what} failed; retrying")
        elif not self.waiting:
            self.log.warning(f"{self.what} waits for the database", extra={"error": str(exc)})
            self.waiting = True

    def succeeded(self) -> None:
        if self.waiting:
            self.log.info(f"{self.what} resumed")
            self.waiting = False
