"""Use cases of AccessService: API keys with roles, the caller's identity, and customers'
chat sessions (started with a widget key, acted on with a signed session token)."""

from __future__ import annotations

import dataclasses
import threading
import time

from nexus.core.base import Context, UseCases, generate_key, hash_key
from nexus.core.interactions import Interactions
from nexus.domain import access, lifecycle, tokens
from nexus.domain import validation as val
from nexus.domain.errors import (
    FailedPrecondition,
    NotFound,
    PreconditionViolation,
    Unauthenticated,
    Violations,
)
from nexus.store.base import ApiKeyRecord, Principal
from nexus.v1 import access_pb2 as apb
from nexus.v1 import access_service_pb2 as aspb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb

MAX_NAME = 200
MAX_SUBJECT = 500
KEYS_MAX_AGE_S = 60.0
"""How long the session signing keys read from the store are reused: a rotation made by
another process reaches this one within it (a token signed by an unknown key makes it
read them again at once)."""


def api_key_of(record: ApiKeyRecord) -> apb.ApiKey:
    key = apb.ApiKey(
        name=f"apiKeys/{record.id}",
        display_name=record.name,
        role=record.role,  # type: ignore[arg-type]
        allowed_origins=record.origins,
        prefix=record.prefix,
    )
    key.create_time.FromMicroseconds(record.create_time_us)
    if record.revoke_time_us is not None:
        key.revoke_time.FromMicroseconds(record.revoke_time_us)
    return key


class Access(UseCases):
    def __init__(self, ctx: Context, interactions: Interactions) -> None:
        super().__init__(ctx)
        self.interactions = interactions
        self._keys: list[tuple[str, bytes]] = []
        self._keys_read = -KEYS_MAX_AGE_S
        self._keys_lock = threading.Lock()

    # -- who is calling ---------------------------------------------------------------

    def caller(self, p: Principal) -> apb.Caller:
        session = p.session
        return apb.Caller(
            tenant=f"tenants/{p.tenant_id}",
            api_key=f"apiKeys/{p.key_id}",
            role=p.role,  # type: ignore[arg-type]
            interaction=f"interactions/{session.interaction_id}" if session else "",
        )

    # -- API keys ---------------------------------------------------------------------

    def create_key(self, p: Principal, req: aspb.CreateApiKeyRequest) -> apb.ApiKey:
        src = req.api_key
        v = Violations()
        if not req.HasField("api_key"):
            v.add("api_key", "required")
        if len(src.display_name) > MAX_NAME:
            v.add("api_key.display_name", f"at most {MAX_NAME} characters")
        role = src.role
        if role not in access.ROLES:  # unset too: an admin key is asked for, never assumed
            v.add("api_key.role", "required: API_KEY_ROLE_ADMIN, _AGENT or _WIDGET")
        origins, bad = access.origins_field(list(src.allowed_origins), "api_key.allowed_origins")
        v.items.extend(bad)
        if origins and role != access.WIDGET:
            v.add("api_key.allowed_origins", "only a widget key is limited to origins")
        val.request_meta(v, req.request_id, "")
        v.raise_if_any()
        plaintext = generate_key()
        made: list[apb.ApiKey] = []

        def work() -> apb.ApiKey:
            record = self.ctx.store.create_api_key(
                p.tenant_id,
                src.display_name or access.role_name(role),
                hash_key(plaintext),
                plaintext[:12],
                self.ctx.clock.now_us(),
                role,
                origins,
            )
            made.append(api_key_of(record))
            return made[0]

        key = self.ctx.idempotent(p, "CreateApiKey", req, req.request_id, apb.ApiKey, work)
        if made:  # not a replay: the one time the key is shown (it is not remembered)
            key.key = plaintext
        return key

    def _record(self, p: Principal, name: str) -> ApiKeyRecord:
        (key_id,) = val.parse_name(name, "name", "apiKeys")
        record = self.ctx.store.get_api_key(p.tenant_id, key_id)
        if record is None:
            raise NotFound(name)
        return record

    def get_key(self, p: Principal, req: aspb.GetApiKeyRequest) -> apb.ApiKey:
        return api_key_of(self._record(p, req.name))

    def list_keys(self, p: Principal, req: aspb.ListApiKeysRequest) -> aspb.ListApiKeysResponse:
        size = val.page_size(req.page_size)
        fp = tokens.fingerprint("apiKeys", p.tenant_id, req.show_revoked)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.integer) or 0
        records = [
            r
            for r in self.ctx.store.list_api_keys(p.tenant_id)
            if req.show_revoked or r.revoke_time_us is None
        ]
        # a position is an index in the (create_time, id) order, which only grows at its end
        rows = list(enumerate(records, start=1))[after : after + size + 1]
        page, token = self.ctx.page_tokens.split_page(rows, size, lambda r: r[0], fp)
        return aspb.ListApiKeysResponse(
            api_keys=[api_key_of(r) for _, r in page], next_page_token=token
        )

    def revoke_key(self, p: Principal, req: aspb.RevokeApiKeyRequest) -> apb.ApiKey:
        record = self._record(p, req.name)
        if record.id == p.key_id:
            raise FailedPrecondition(
                "a key cannot revoke itself: sign in with another admin key",
                [PreconditionViolation("KEY", req.name, "the key this call authenticated with")],
                reason="OWN_KEY",
            )
        if record.revoke_time_us is None:  # revoking it again changes nothing
            now = self.ctx.clock.now_us()
            self.ctx.store.revoke_api_key(record.id, now, p.tenant_id)
            record = dataclasses.replace(record, revoke_time_us=now)
        return api_key_of(record)

    # -- chat sessions ----------------------------------------------------------------

    def start_chat(
        self, p: Principal, req: aspb.StartChatRequest, origin: str | None
    ) -> apb.ChatSession:
        v = Violations()
        name = req.customer_name.strip()
        if not name:
            v.add("customer_name", "required")
        elif len(name) > MAX_NAME:
            v.add("customer_name", f"at most {MAX_NAME} characters")
        if len(req.subject) > MAX_SUBJECT:
            v.add("subject", f"at most {MAX_SUBJECT} characters")
        now = self.ctx.clock.now_us()
        queue = None
        if req.queue:
            queue = lifecycle.QUEUE.command(ispb.QueueInteractionRequest(queue=req.queue))
            lifecycle.QUEUE.validate(queue, now, v)
        val.request_meta(v, req.request_id, "")
        v.raise_if_any()
        actor = self.ctx.actor(p, "")

        def work() -> apb.ChatSession:
            now = self.ctx.clock.now_us()
            # the chat's own events come after this cursor: a watch from it misses none
            head = self.ctx.store.tenant_cursor(p.tenant_id)
            src = ipb.Interaction(
                media_type=ipb.MEDIA_TYPE_CHAT,
                subject=req.subject,
                attributes={"customer_name": name},  # what a board shows for a web chat
            )
            i = self.interactions.insert(p, src, actor, now)
            customer = ipb.Participant(role=ipb.PARTICIPANT_ROLE_CUSTOMER, display_name=name)
            part = self.interactions.join(p, i, customer, actor, now)
            if queue is not None:
                i = self.interactions.transit(p, i, lifecycle.QUEUE, queue, actor, now)
            return apb.ChatSession(interaction=i, customer=part.name, cursor=head)

        chat = self.ctx.idempotent(p, "StartChat", req, req.request_id, apb.ChatSession, work)
        origin = (access.normal_origin(origin) or "") if origin else ""
        return self._issue(chat, p.tenant_id, p.key_id, origin)

    def refresh_chat(self, p: Principal) -> apb.ChatSession:
        s = p.session
        if s is None:  # authorize() lets only a session call this
            raise Unauthenticated("a chat session token is required", reason="SESSION_INVALID")
        key = self.ctx.store.get_api_key(s.tenant_id, s.key_id)
        if key is None or key.revoke_time_us is not None:
            raise Unauthenticated(
                "the widget key that started this chat has been revoked", reason="KEY_REVOKED"
            )
        i = self.interactions.load(p, s.interaction_id, f"interactions/{s.interaction_id}")
        chat = apb.ChatSession(
            interaction=i, customer=s.customer, cursor=self.ctx.store.tenant_cursor(s.tenant_id)
        )
        return self._issue(chat, s.tenant_id, s.key_id, s.origin)

    def _issue(
        self, chat: apb.ChatSession, tenant_id: str, key_id: str, origin: str
    ) -> apb.ChatSession:
        """Signs a token for ``chat`` (its interaction, as its customer) and sets it."""
        now = self.ctx.clock.now_us()
        expire = now + int(self.ctx.config.chat_session_ttl_s * 1_000_000)
        expire -= expire % 1_000_000  # the token says it in whole seconds
        (interaction_id,) = val.parse_name(chat.interaction.name, "name", "interactions")
        session = access.Session(tenant_id, interaction_id, chat.customer, key_id, origin, expire)
        kid, key = self.signing_keys()[0]
        chat.token = access.issue(session, now, kid, key)
        chat.expire_time.FromMicroseconds(expire)
        return chat

    # -- session tokens ---------------------------------------------------------------

    def signing_keys(self, fresh: bool = False) -> list[tuple[str, bytes]]:
        """The session keys, newest (the one that signs) first; read again from the store
        when older than KEYS_MAX_AGE_S or when ``fresh``."""
        with self._keys_lock:
            if fresh or time.monotonic() - self._keys_read > KEYS_MAX_AGE_S:
                self._keys = self.ctx.store.session_keys()
                self._keys_read = time.monotonic()
            return self._keys

    def keys_known(self, token: str) -> bool:
        """True when the token's key is in memory, so ``session`` reads nothing."""
        try:
            kid = access.kid_of(token)
        except Unauthenticated:
            return True  # refused without any key
        fresh = time.monotonic() - self._keys_read <= KEYS_MAX_AGE_S
        return fresh and any(k == kid for k, _ in self._keys)

    def session(self, token: str, origin: str | None) -> Principal:
        """The principal of a chat session's token; UNAUTHENTICATED when it is forged,
        expired, signed by a retired key, or used from another web origin."""

        def key_for(kid: str) -> bytes | None:
            """The key of ``kid``; an unknown one makes the keys be read again, once."""
            key = dict(self.signing_keys()).get(kid)
            return key if key is not None else dict(self.signing_keys(fresh=True)).get(kid)

        s = access.verify(token, key_for, self.ctx.clock.now_us())
        if s.origin and origin and access.normal_origin(origin) != s.origin:
            raise Unauthenticated(
                "this chat session belongs to another web origin", reason="SESSION_ORIGIN"
            )
        return Principal(s.tenant_id, s.key_id, "chat session", access.WIDGET, (), s)
