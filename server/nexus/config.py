"""The one typed configuration object, read from a TOML file and ``NEXUS_*`` variables."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Config:
    """Settings of the server and the notifier. Environment variables override the file."""

    listen: str = "127.0.0.1:50051"
    """host:port the gRPC server binds (``NEXUS_LISTEN``)."""

    db: str = "nexus.db"
    """Path of the SQLite database file (``NEXUS_DB``)."""

    bootstrap_api_key: str = ""
    """Key given to the default tenant on the first start; generated when empty
    (``NEXUS_BOOTSTRAP_API_KEY``)."""

    bootstrap_tenant: str = "default"
    """Name of the tenant created on the first start (``NEXUS_BOOTSTRAP_TENANT``)."""

    grace_period_s: float = 10.0
    """How long shutdown waits for in-flight RPCs (``NEXUS_GRACE_PERIOD_S``)."""

    max_message_bytes: int = 4 * 1024 * 1024
    """Largest gRPC message accepted or sent (``NEXUS_MAX_MESSAGE_BYTES``)."""

    heartbeat_s: float = 15.0
    """Default WatchEvents heartbeat interval (``NEXUS_HEARTBEAT_S``)."""

    watch_poll_s: float = 1.0
    """How often WatchEvents looks for events written by other processes (``NEXUS_WATCH_POLL_S``)."""

    secret_grace_s: float = 24 * 3600.0
    """Default time a rotated webhook secret keeps signing (``NEXUS_SECRET_GRACE_S``)."""

    request_id_ttl_s: float = 24 * 3600.0
    """How long a ``request_id`` is remembered for retries (``NEXUS_REQUEST_ID_TTL_S``)."""

    log_level: str = "INFO"
    """Logging level (``NEXUS_LOG_LEVEL``)."""

    extra: dict[str, Any] = field(default_factory=dict)
    """Sections of the file that other components read (e.g. ``[notifier]``)."""

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)


def load(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> Config:
    """Reads the file (``NEXUS_CONFIG`` when no path is given), then the environment."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    path = path or env.get("NEXUS_CONFIG")
    if path:
        data = tomllib.loads(Path(path).read_text())
        for key, value in data.items():
            (extra if isinstance(value, dict) else values)[key] = value
    fields = {f.name: f for f in dataclasses.fields(Config) if f.name != "extra"}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
    for name, f in fields.items():
        raw = env.get(f"NEXUS_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(raw, f.default)
    return Config(**values, extra=extra)


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
