"""An SMS gateway simulator for nexus: see README.md, and ``gateway.py`` for the code."""

from .gateway import (
    BadSignature,
    Certs,
    Gateway,
    NexusError,
    OutboundSms,
    ensure_certs,
    verify_signature,
)

__all__ = [
    "BadSignature",
    "Certs",
    "Gateway",
    "NexusError",
    "OutboundSms",
    "ensure_certs",
    "verify_signature",
]
