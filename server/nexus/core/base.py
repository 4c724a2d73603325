"""Shared machinery of the use cases: idempotency, event appending, auth."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from google.protobuf.message import Message as ProtoMessage

from nexus import tracing
from nexus.channels.base import Profile as ChannelProfileAdapter
from nexus.clock import Clock, SystemClock
from nexus.config import Config
from nexus.core.signal import LogSignal
from nexus.domain import access
from nexus.domain.errors import (
    Aborted,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
    Unauthenticated,
    Violations,
)
from nexus.domain.tokens import PageTokens
from nexus.domain.validation import MAX_GRACE_S
from nexus.egress import urls
from nexus.egress.guard import Guard, Lookup, Refused
from nexus.ids import new_id
from nexus.store.base import Principal, RememberedRequest, Store
from nexus.v1 import event_pb2 as epb
from nexus.v1.channel_pb2 import Channel
from nexus.v1.channel_service_pb2 import RotateChannelSecretRequest
from nexus.v1.interaction_pb2 import Interaction, TimerPolicy
from nexus.v1.webhook_pb2 import Webhook
from nexus.v1.webhook_service_pb2 import RotateWebhookSecretRequest

log = logging.getLogger("nexus.core")

R = TypeVar("R", bound=ProtoMessage)

KEY_PREFIX = "nxs_"


def hash_key(api_key: str) -> str:
    """Keys carry 256 random bits, so one SHA-256 is enough (no slow KDF needed)."""
    return hashlib.sha256(api_key.encode()).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class Context:
    """What every use case shares: the store, configuration, clock and commit signal, and
    the transaction helpers (idempotency, events, auth). One per process, passed to every
    group of use cases."""

    profiles: Mapping[int, ChannelProfileAdapter] = {}
    """The channel providers' adapters by ``ChannelProfile`` (set by the application)."""

    def __init__(
        self,
        store: Store,
        config: Config | None = None,
        clock: Clock | None = None,
        signal: LogSignal | None = None,
    ) -> None:
        self.store = store
        self.config = config or Config()
        self.clock = clock or SystemClock()
        self.signal = signal
        self.pending_notify = False
        self._page_tokens: PageTokens | None = None

    @property
    def page_tokens(self) -> PageTokens:
        """Signs and checks page tokens with the store's key (read once)."""
        if self._page_tokens is None:
            self._page_tokens = PageTokens(self.store.page_token_key())
        return self._page_tokens

    # -- auth -------------------------------------------------------------------------

    def authenticate(self, api_key: str | None, max_age_s: float | None = None) -> Principal:
        """The key's tenant; a cached answer is used if younger than ``max_age_s`` (default:
        the store's ``key_cache_s``)."""
        if not api_key:
            raise Unauthenticated("missing x-api-key metadata", reason="API_KEY_MISSING")
        principal = self.store.principal_for_key(hash_key(api_key), max_age_s)
        if principal is None:
            raise Unauthenticated("the API key is not valid", reason="API_KEY_INVALID")
        return principal

    def cached_principal(self, api_key: str | None) -> Principal | None:
        """The key's tenant if a recent lookup is cached (no I/O), else None."""
        return self.store.cached_principal(hash_key(api_key)) if api_key else None

    def create_key(
        self,
        tenant_id: str,
        name: str,
        api_key: str | None = None,
        role: int = access.ADMIN,
        origins: tuple[str, ...] = (),
    ) -> str:
        """Registers ``api_key`` (or a new one) for the tenant; returns the plaintext once."""
        api_key = api_key or generate_key()
        with self.store.transaction():
            self.store.create_api_key(
                tenant_id, name, hash_key(api_key), api_key[:12], self.clock.now_us(), role, origins
            )
        return api_key

    def bootstrap(self) -> str | None:
        """On an empty database: create the first tenant and a key, returned once.

        A key fixed in configuration is registered whenever it is unknown, so that a
        configured deployment always starts with a working key.
        """
        configured = self.config.bootstrap_api_key
        with self.store.transaction():
            empty = not self.store.list_tenants()
            known = bool(configured) and self.store.principal_for_key(hash_key(configured))
            if not empty and (not configured or known):
                return None
            tenant = self.store.get_tenant(self.config.bootstrap_tenant)
            if tenant is None:
                tenant = self.store.create_tenant(self.config.bootstrap_tenant, self.clock.now_us())
            return self.create_key(tenant.id, "bootstrap", configured or None)

    # -- transactions -----------------------------------------------------------------

    def idempotent(
        self,
        principal: Principal,
        method: str,
        request: ProtoMessage,
        request_id: str,
        response_type: type[R],
        work: Callable[[], R],
        issued: IssuedSecret | None = None,
    ) -> R:
        """Runs ``work`` in one transaction; a repeated ``request_id`` returns the first result.

        Only successes are remembered: a failed call writes nothing, so its retry runs again.
        A response that hands out a webhook secret (``work`` sets ``issued``) is remembered
        without it, by the secret's id: the request log holds no second plaintext copy, and
        a replay reads the secret back, as long as it still signs.
        """
        if not request_id:
            with self.store.transaction():
                result = work()
            self._after_commit()
            return result
        fingerprint = _request_hash(request)
        with self.store.transaction():
            prior = self.store.get_request(principal.tenant_id, method, request_id)
            if prior is not None:
                if prior.request_hash != fingerprint:
                    raise InvalidArgument(
                        [FieldViolation("request_id", "already used for a different request")],
                        reason="REQUEST_ID_REUSED",
                    )
                replayed = response_type.FromString(prior.response)
                if issued is not None:
                    self._restore_secret(replayed, prior, issued.channel)
                return replayed
            result = work()
            remembered = result
            if issued is not None:
                remembered = response_type()
                remembered.CopyFrom(result)
                remembered.ClearField("secret")
            self.store.put_request(
                principal.tenant_id,
                method,
                request_id,
                fingerprint,
                remembered.SerializeToString(),
                self.clock.now_us(),
                issued.secret_id if issued is not None and not issued.channel else None,
                issued.secret_id if issued is not None and issued.channel else None,
            )
        self._after_commit()
        return result

    def _restore_secret(
        self, response: ProtoMessage, prior: RememberedRequest, channel: bool
    ) -> None:
        secret = None
        now = self.clock.now_us()
        if channel and prior.channel_secret_id is not None:
            secret = self.store.channel_secret(prior.channel_secret_id, now)
        elif not channel and prior.secret_id is not None:
            secret = self.store.signing_secret(prior.secret_id, now)
        if secret is None:
            # Deleted with its owner, or expired after a later rotation: a secret that no
            # longer signs is of no use to the caller, so the replay says so instead.
            raise FailedPrecondition(
                "the secret this request handed out no longer signs (webhook or channel deleted, or"
                " rotated since and the grace period is over)",
                [PreconditionViolation("SECRET", "request_id", "the secret expired")],
                reason="SECRET_EXPIRED",
            )
        setattr(response, "secret", secret)  # noqa: B010 (both response types have one)

    def write(self, work: Callable[[], R]) -> R:
        with self.store.transaction():
            result = work()
        self._after_commit()
        return result

    def append(self, principal: Principal, event: epb.Event, media_type: int = 0) -> epb.Event:
        """Adds an event to the log inside the current transaction."""
        self.append_cursor(principal, event, media_type)
        return event

    def append_cursor(self, principal: Principal, event: epb.Event, media_type: int = 0) -> int:
        """Like ``append``; returns the event's global cursor, by which deliveries name it
        (``event.cursor`` is its position in the tenant's own log)."""
        event.id = "evt_" + new_id()
        event.tenant = f"tenants/{principal.tenant_id}"
        event.traceparent = tracing.current()
        cursor = self.store.append_event(principal.tenant_id, event, media_type)
        self.pending_notify = True
        return cursor

    def _after_commit(self) -> None:
        if self.pending_notify and self.signal is not None:
            self.signal.notify()
        self.pending_notify = False

    lookup: Lookup | None = None
    """How the create/update check resolves names (the system's resolver unless a test
    gives a table)."""

    def normal_url(self, url: str, field: str, v: Violations) -> str:
        """``url`` in the form the egress client connects to (the form stored and
        returned), or a violation on ``field`` if nexus may not send there. An IP literal
        host is vetted here; names by ``vet_url`` (no DNS inside a transaction)."""
        try:
            parsed = urls.normalise(url)
            Guard(self.config.notifier.allowlist, self.lookup).vet_literal(parsed)
        except (urls.BadUrl, Refused) as exc:
            v.add(field, str(exc))
            return url
        return parsed.url

    async def vet_url(self, url: str, field: str) -> None:
        """SSRF guard before the write: the normalised URL's host must not resolve to an
        internal address (unless allowlisted). Resolution is bounded by ``dns_timeout_s``;
        every connection checks again. A URL refused by its form is never resolved."""
        try:
            parsed = urls.normalise(url)
        except urls.BadUrl:
            return  # the use case's validation says why, with its other violations
        guard = Guard(self.config.notifier.allowlist, self.lookup)
        try:
            await guard.vet(parsed, self.config.notifier.dns_timeout_s)
        except Refused as exc:
            raise InvalidArgument([FieldViolation(field, str(exc))]) from exc

    def grace_period_us(
        self, req: RotateWebhookSecretRequest | RotateChannelSecretRequest, v: Violations
    ) -> int:
        """How long a rotated secret keeps working: the request's (0 to 7 days) or the
        configured default."""
        if not req.HasField("grace_period"):
            return int(self.config.secret_grace_s * 1_000_000)
        grace_us = req.grace_period.ToMicroseconds()
        if not 0 <= grace_us <= MAX_GRACE_S * 1_000_000:
            v.add("grace_period", "between 0s and 7 days")
        return grace_us

    def actor(self, principal: Principal, requested: str) -> str:
        return requested or f"apiKeys/{principal.key_id}"


@dataclass
class IssuedSecret:
    """Filled in by a use case that hands out a webhook or channel secret: its row's id."""

    secret_id: int | None = None
    channel: bool = False
    """A ``channel_secrets`` row rather than a ``webhook_secrets`` one."""


def check_etag(resource: Interaction | Webhook | Channel | TimerPolicy, etag: str) -> None:
    """AIP-154: a write that names an etag applies only to the version it names."""
    if etag and etag != resource.etag:
        raise Aborted(
            f"{resource.name} changed since etag {etag} (now {resource.etag})",
            reason="ETAG_MISMATCH",
            etag=resource.etag,
        )


def _request_hash(request: ProtoMessage) -> str:
    copy = type(request)()
    copy.CopyFrom(request)
    if "request_id" in copy.DESCRIPTOR.fields_by_name:
        copy.ClearField("request_id")
    return hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()


class UseCases:
    """A group of use cases of one resource, over the shared context (``ctx``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
