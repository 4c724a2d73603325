"""Who may call what: the roles of API keys, what a customer's chat session may do, and the
session token itself. Pure: no I/O (the token's keys and the clock are passed in).

Every RPC passes ``authorize`` (the role's methods) and, for a chat session, ``confine``
(the request is narrowed to the session's one interaction and to what a customer may
send), both called from the interceptor chain before the servicer runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

from nexus.domain.errors import (
    FieldViolation,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from nexus.v1 import access_pb2 as apb
from nexus.v1 import interaction_pb2 as ipb

ADMIN = apb.API_KEY_ROLE_ADMIN
AGENT = apb.API_KEY_ROLE_AGENT
WIDGET = apb.API_KEY_ROLE_WIDGET
ROLES: dict[int, str] = {ADMIN: "admin", AGENT: "agent", WIDGET: "widget"}
ROLE_BY_NAME = {name: role for role, name in ROLES.items()}

_I = "/nexus.v1.InteractionService/"
_E = "/nexus.v1.EventService/"
_A = "/nexus.v1.AccessService/"

GET_CALLER = _A + "GetCaller"
START_CHAT = _A + "StartChat"
REFRESH_CHAT = _A + "RefreshChatSession"

# The agent's desk: interactions (lifecycle, participants, transcript, typing), the state
# model, timer policies to read, the event log. Not: timer policy changes, webhooks,
# channels, keys. Listed (not "all but"), so that a new method is admin-only until added.
AGENT_METHODS = frozenset(
    [_I + m for m in (
        "CreateInteraction", "GetInteraction", "ListInteractions", "UpdateInteraction",
        "GetStateModel", "GetTimerPolicy", "ListTimerPolicies",
        "QueueInteraction", "AutomateInteraction", "OfferInteraction", "AcceptInteraction",
        "DeclineInteraction", "TransferInteraction", "WaitInteraction", "ResumeInteraction",
        "SnoozeInteraction", "WrapUpInteraction", "CompleteInteraction",
        "AddParticipant", "RemoveParticipant", "ListParticipants",
        "SendMessage", "GetMessage", "ListMessages", "MarkMessageRead", "SendTyping",
    )]
    + [_E + "ListEvents", _E + "WatchEvents", GET_CALLER]
)  # fmt: skip

WIDGET_KEY_METHODS = frozenset([START_CHAT, GET_CALLER])

# What a customer's session may call, and the request field that names the interaction
# (None: the method names none).
SESSION_METHODS: Mapping[str, str | None] = {
    _I + "GetInteraction": "name",
    _I + "SendMessage": "parent",
    _I + "GetMessage": "name",
    _I + "ListMessages": "parent",
    _I + "MarkMessageRead": "name",
    _I + "SendTyping": "name",
    _E + "WatchEvents": "interaction",
    GET_CALLER: None,
    REFRESH_CHAT: None,
}


@dataclass(frozen=True)
class Session:
    """A customer's chat session, as its token says."""

    tenant_id: str
    interaction_id: str
    customer: str
    """The customer's participant, ``interactions/{id}/participants/{id}``."""
    key_id: str
    """The widget key that started the chat."""
    origin: str
    """The web origin the chat was started from ('' when the request had none)."""
    expire_us: int


def role_name(role: int) -> str:
    return ROLES.get(role, "admin")


def authorize(method: str, role: int, session: Session | None) -> None:
    """Raises PERMISSION_DENIED unless the credential may call ``method``."""
    if session is not None:
        if method not in SESSION_METHODS:
            raise PermissionDenied(
                f"a chat session token cannot call {method.rsplit('/', 1)[-1]}",
                reason="SESSION_NOT_ALLOWED",
            )
        return
    if role == ADMIN or role == 0:
        return
    allowed = AGENT_METHODS if role == AGENT else WIDGET_KEY_METHODS
    if method not in allowed:
        raise PermissionDenied(
            f"an {role_name(role)} key cannot call {method.rsplit('/', 1)[-1]}",
            reason="ROLE_NOT_ALLOWED",
            role=role_name(role),
        )


def _interaction_of(name: str) -> str:
    """The interaction id a resource name is under ('' when it is not under one)."""
    parts = name.split("/")
    return parts[1] if len(parts) >= 2 and parts[0] == "interactions" else ""


def confine(method: str, request: Any, session: Session) -> None:
    """Narrows a session's request to its own interaction and to what a customer may do:
    another interaction is NOT_FOUND (as another tenant's is); a message is the
    customer's own, inbound and never internal; the transcript leaves internal notes out.
    Changes ``request`` in place."""
    field = SESSION_METHODS.get(method)
    if field is None:
        return
    own = f"interactions/{session.interaction_id}"
    value = getattr(request, field)
    if field == "interaction" and not value:
        setattr(request, field, own)
    elif _interaction_of(value) != session.interaction_id:
        raise NotFound(value or field)
    if method == _I + "SendMessage":
        request.message.direction = ipb.DIRECTION_INBOUND
        request.message.internal = False
        request.message.sender = session.customer
        request.actor = session.customer
    elif method == _I + "SendTyping":
        request.sender = session.customer
        request.role = ipb.PARTICIPANT_ROLE_CUSTOMER
    elif method == _I + "ListMessages":
        request.exclude_internal = True
    elif method == _I + "MarkMessageRead":
        request.actor = session.customer


# -- origins ---------------------------------------------------------------------------------

MAX_ORIGINS = 20


def normal_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` in lower case, as browsers send ``Origin``; None when
    ``origin`` is not one (a path, a query, credentials, another scheme)."""
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        return None
    default = {"https": 443, "http": 80}[parts.scheme]
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def check_origin(origins: tuple[str, ...], origin: str | None) -> None:
    """A widget key limited to ``origins`` admits only browsers on them."""
    if not origins:
        return
    if origin is None or normal_origin(origin) not in origins:
        raise PermissionDenied(
            f"this widget key is not allowed from origin {origin or '(none)'}",
            reason="ORIGIN_NOT_ALLOWED",
            origin=origin or "",
        )


# -- session tokens --------------------------------------------------------------------------

ISSUER = "nexus"
AUDIENCE = "nexus-chat"
ALGORITHM = "HS256"


def issue(session: Session, issued_us: int, kid: str, key: bytes) -> str:
    """A signed session token (JWT, HS256) naming the tenant, interaction and customer."""
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": session.interaction_id,
        "ten": session.tenant_id,
        "cus": session.customer,
        "key": session.key_id,
        "org": session.origin,
        "iat": issued_us // 1_000_000,
        "exp": session.expire_us // 1_000_000,
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})


def _bad(why: str) -> Unauthenticated:
    return Unauthenticated(f"the session token is not valid: {why}", reason="SESSION_INVALID")


def kid_of(token: str) -> str:
    """The id of the key a token says it was signed with (not yet verified)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise _bad("not a JWT") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _bad("no key id")
    return kid


def verify(token: str, key_for: Callable[[str], bytes | None], now_us: int) -> Session:
    """The session a token carries, if its signature, audience and lifetime hold; else
    UNAUTHENTICATED. ``key_for(kid)`` gives the signing key (None: unknown or retired)."""
    key = key_for(kid_of(token))
    if key is None:
        raise _bad("signed with an unknown or retired key")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            # expiry is checked below against nexus's clock, which tests can set
            options={"verify_exp": False, "verify_iat": False, "require": ["exp", "sub"]},
        )
    except jwt.InvalidTokenError as exc:
        raise _bad(str(exc) or type(exc).__name__) from exc
    try:
        session = Session(
            tenant_id=str(claims["ten"]),
            interaction_id=str(claims["sub"]),
            customer=str(claims["cus"]),
            key_id=str(claims["key"]),
            origin=str(claims.get("org", "")),
            expire_us=int(claims["exp"]) * 1_000_000,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad("claims missing") from exc
    if now_us >= session.expire_us:
        raise Unauthenticated("the session token has expired", reason="SESSION_EXPIRED")
    return session


def bearer(value: str) -> str:
    """The token of an ``authorization: Bearer <token>`` header."""
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "authorization must be 'Bearer <session token>'", reason="SESSION_INVALID"
        )
    return token.strip()


def origins_field(origins: list[str], field: str) -> tuple[tuple[str, ...], list[FieldViolation]]:
    """Allowed origins as stored (normalised, unique), or the violations of each bad one."""
    out: list[str] = []
    bad: list[FieldViolation] = []
    if len(origins) > MAX_ORIGINS:
        bad.append(FieldViolation(field, f"at most {MAX_ORIGINS} origins"))
    for i, o in enumerate(origins):
        n = normal_origin(o.strip())
        if n is None:
            bad.append(FieldViolation(f"{field}[{i}]", "must be an origin: https://host[:port]"))
        elif n not in out:
            out.append(n)
    return tuple(out), bad
