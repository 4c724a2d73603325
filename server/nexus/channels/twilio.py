"""The ``twilio`` profile: Twilio Programmable Messaging (SMS, MMS, WhatsApp).

Inbound, Twilio posts form-encoded webhooks to ``/v1/channels/{c}/inbound/messages`` (a
customer's message) and ``…/inbound/status`` (a status callback for one of our messages),
each signed ``X-Twilio-Signature``: base64 HMAC-SHA1, keyed by the account's Auth Token,
over the URL Twilio called followed by every form parameter sorted by name. The signature
covers decoded parameters, not the raw body, so the body is decoded first and every
parameter is kept, unknown ones included: Twilio adds parameters without notice, and
dropping one would break the check (Twilio's error 57012).

Outbound, one message is one ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` with
HTTP Basic auth; the ``sid`` of the 201 answer is the key later status callbacks carry.
Nexus answers an inbound message with empty TwiML: replies go out through the API when an
agent or bot writes them, never synchronously in the webhook's answer.

Everything here is pure except ``send``, which only awaits the ``post`` it is given.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    BadSignature,
    ChannelConfig,
    HttpOutcome,
    Inbound,
    InboundRequest,
    Outbound,
    Parsed,
    Post,
    Receipt,
    ReceiptState,
    SendResult,
)

API_BASE = "https://api.twilio.com"
SIGNATURE_HEADER = "x-twilio-signature"
MAX_BODY_CHARS = 1600
"""Twilio's limit on ``Body``, inbound and outbound."""
MAX_MEDIA = 10
"""Twilio's limit on ``MediaUrl`` values of one message."""
MAX_ERROR_MESSAGE = 1024
"""``MessageDelivery.error_message`` holds at most this many characters."""

EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
FORM = "application/x-www-form-urlencoded"

_E164 = re.compile(r"\+[1-9][0-9]{1,14}\Z")
_SHORT_CODE = re.compile(r"[0-9]{5,6}\Z")
_MEDIA_URL = re.compile(r"MediaUrl([0-9]+)\Z")
_MEDIA_TYPE = re.compile(r"MediaContentType([0-9]+)\Z")
# A sid in a 2xx body that could not be read as JSON (see ``_sid_of``).
_SID_IN_TEXT = re.compile(rb'"sid"\s*:\s*"([A-Z]{2}[0-9a-fA-F]{32})"')

# MessageStatus -> the receipt it makes; None: a state nexus already knows (ACCEPTED is
# recorded when the API answers) or one Twilio only reports for inbound messages.
STATUS_STATES: dict[str, ReceiptState | None] = {
    "accepted": None,
    "scheduled": None,
    "queued": None,
    "sending": None,
    # Semantics not documented well enough to claim more than "still on its way".
    "partially_delivered": None,
    "receiving": None,
    "received": None,
    "sent": ReceiptState.SENT,
    "delivered": ReceiptState.DELIVERED,
    "read": ReceiptState.READ,
    "undelivered": ReceiptState.FAILED,
    "failed": ReceiptState.FAILED,
    "canceled": ReceiptState.FAILED,
}

# The delivery errors agents meet most; Twilio's explanation for each. Anything else is
# named by its code, which the agent can look up at twilio.com/docs/api/errors/{code}.
ERROR_MESSAGES: dict[str, str] = {
    "30001": "Queue overflow",
    "30002": "Account suspended",
    "30003": "Unreachable destination handset",
    "30004": "Message blocked",
    "30005": "Unknown destination handset",
    "30006": "Landline or unreachable carrier",
    "30007": "Message filtered",
    "30008": "Unknown error",
    "21211": "Invalid 'To' phone number",
    "21408": "Permission to send an SMS has not been enabled for the region",
    "21610": "Attempt to send to unsubscribed recipient",
    "21612": "The 'To' phone number is not currently reachable",
    "21614": "'To' number is not a valid mobile number",
    "63016": "Outside the WhatsApp 24-hour customer service window",
}


# -- signatures ---------------------------------------------------------------------------


def signature(token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """Twilio's ``X-Twilio-Signature`` of a form POST to ``url``.

    ``params`` are the decoded form fields, repeats included: the string signed is the URL
    followed, for each name in sorted order, by name+value for each of its values in sorted
    order. Sorting by code point is sorting UTF-8 bytes, the order Twilio uses."""
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        grouped.setdefault(name, []).append(value)
    signed = [url]
    for name in sorted(grouped):
        signed.extend(name + value for value in sorted(grouped[name]))
    mac = hmac.new(token.encode("utf-8"), "".join(signed).encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def url_variants(url: str) -> list[str]:
    """``url`` and the same URL with its scheme's default port added or removed.

    Twilio signs some requests with ``:443`` in the host and some without (twilio-python
    checks both). The URL is otherwise kept byte for byte: re-encoding its query would
    change what was signed."""
    scheme, sep, rest = url.partition("://")
    default = {"https": "443", "http": "80"}.get(scheme.lower())
    if not sep or default is None:
        return [url]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    host, colon, port = authority.rpartition(":")
    if colon and "]" not in port:  # ``[::1]`` alone has a colon but no port
        if port != default:
            return [url]
        return [url, f"{scheme}://{host}{tail}"]
    return [url, f"{scheme}://{authority}:{default}{tail}"]


def form_params(body: bytes) -> list[tuple[str, str]]:
    """The fields of a form-encoded body, in order, repeats and empty values kept.

    Raises ``BadSignature`` for a body that is not strict UTF-8 form data: what Twilio signs
    are the decoded fields, and fields that cannot be decoded exactly cannot be checked.
    Strict: every field must have its ``=``, as Twilio writes them. The signed string has
    no separators, so a lenient reading would let ``a=b`` turn into ``a&b`` (fields ``a``
    and ``b``, both empty) under the same signature."""
    if not body:
        return []
    try:
        return parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=True,
            encoding="utf-8",
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        raise BadSignature(
            "the body is not UTF-8 form data; its signature cannot be checked"
        ) from None


def verify(token: str, urls: Sequence[str], params: Sequence[tuple[str, str]], given: str) -> bool:
    """Whether ``given`` is the signature of ``params`` posted to one of ``urls`` (each
    tried with and without its default port). Constant-time per comparison: which URL
    matched and how much of a wrong signature was right are not observable."""
    if not token or not given:
        return False
    given_bytes = given.strip().encode("utf-8")
    matched = False
    for url in urls:
        for candidate in url_variants(url):
            expected = signature(token, candidate, params).encode("ascii")
            matched |= hmac.compare_digest(expected, given_bytes)
    return matched


# -- status callbacks ---------------------------------------------------------------------


def receipt_state(message_status: str) -> ReceiptState | None:
    """The receipt a ``MessageStatus`` makes, or None for a state that makes none.

    Raises ``KeyError`` for a status Twilio has not documented: better refused and seen in
    Twilio's error log than silently dropped."""
    return STATUS_STATES[message_status.strip().lower()]


def error_message(error_code: str, channel_message: str = "") -> str:
    """What to tell an agent about a Twilio error code: Twilio's words for the common
    ones, else the channel's own explanation (WhatsApp's ``ChannelStatusMessage``), else
    the code itself."""
    if not error_code:
        return channel_message
    return ERROR_MESSAGES.get(error_code) or channel_message or f"Twilio error {error_code}"


def valid_address(address: str) -> bool:
    """E.164, ``whatsapp:`` + E.164, or a 5-6 digit short code: the senders an SMS/MMS or
    WhatsApp number receives from."""
    number = address.removeprefix("whatsapp:")
    return bool(_E164.match(number)) or (number == address and bool(_SHORT_CODE.match(number)))


# -- reading the form ---------------------------------------------------------------------


class _Form:
    """The verified fields, with the violations found while reading them."""

    def __init__(self, params: Sequence[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for name, value in params:
            self.values.setdefault(name, []).append(value)
        self.violations: list[tuple[str, str]] = []

    def one(self, name: str, *, required: bool = False) -> str:
        """The single value of ``name``; a field that names one thing may not repeat."""
        values = self.values.get(name, [])
        if len(values) > 1:
            self.violations.append((name, "must appear once"))
            return ""
        value = values[0] if values else ""
        if required and not value:
            self.violations.append((name, "is required"))
        return value

    def check(self) -> None:
        if self.violations:
            raise BadPayload(self.violations)


def _media(form: _Form) -> tuple[AttachmentMeta, ...]:
    urls: dict[int, str] = {}
    types: dict[int, str] = {}
    for name in form.values:
        if m := _MEDIA_URL.match(name):
            urls[int(m.group(1))] = form.one(name)
        elif m := _MEDIA_TYPE.match(name):
            types[int(m.group(1))] = form.one(name)
    num_media = form.one("NumMedia")
    if num_media:
        if not (num_media.isascii() and num_media.isdigit()):
            form.violations.append(("NumMedia", "must be a whole number"))
            return ()
        if int(num_media) != len(urls):
            form.violations.append(
                ("NumMedia", f"is {num_media} but {len(urls)} MediaUrl fields were sent")
            )
            return ()
    if sorted(urls) != list(range(len(urls))):
        form.violations.append(("MediaUrl", "MediaUrl fields must be numbered from 0 on"))
        return ()
    attachments = []
    for n in range(len(urls)):
        url = urls[n]
        if not url:
            form.violations.append((f"MediaUrl{n}", "must not be empty"))
            continue
        try:
            last = urlsplit(url).path.rstrip("/").rpartition("/")[2]
        except ValueError:  # e.g. an unclosed IPv6 literal
            form.violations.append((f"MediaUrl{n}", "must be a URL"))
            continue
        attachments.append(
            AttachmentMeta(
                filename=last or f"media-{n}",
                content_type=types.get(n) or "application/octet-stream",
                uri=url,
            )
        )
    return tuple(attachments)


def _inbound(form: _Form) -> Inbound:
    sid = form.one("MessageSid", required=True)
    sender = form.one("From", required=True)
    if sender and not valid_address(sender):
        form.violations.append(
            ("From", "must be an E.164 number, whatsapp:+E.164 or a 5-6 digit short code")
        )
    text = form.one("Body")
    if len(text) > MAX_BODY_CHARS:
        form.violations.append(("Body", f"must be at most {MAX_BODY_CHARS} characters"))
    display_name = form.one("ProfileName")
    attachments = _media(form)
    form.check()
    return Inbound(
        external_message_id=sid,
        customer_address=sender,
        text=text,
        display_name=display_name,
        attachments=attachments,
    )


def _receipt(form: _Form) -> Receipt | None:
    sid = form.one("MessageSid", required=True)
    status = form.one("MessageStatus", required=True)
    code = form.one("ErrorCode")
    channel_message = form.one("ChannelStatusMessage")
    state: ReceiptState | None = None
    if status:
        try:
            state = receipt_state(status)
        except KeyError:
            form.violations.append(("MessageStatus", f"unknown status {status[:64]!r}"))
    form.check()
    if state is None:
        return None
    if state is not ReceiptState.FAILED:
        return Receipt(state=state, provider_message_id=sid)
    if status.strip().lower() == "canceled":
        detail = "Canceled before it was sent"
    else:
        detail = error_message(code, channel_message)
    return Receipt(
        state=state,
        provider_message_id=sid,
        error_code=code,
        error_message=detail[:MAX_ERROR_MESSAGE],
    )


# -- sending ------------------------------------------------------------------------------


def messages_url(channel: ChannelConfig) -> str:
    base = (channel.outbound_url or API_BASE).rstrip("/")
    return f"{base}/2010-04-01/Accounts/{quote(channel.account_id, safe='')}/Messages.json"


def status_callback_url(channel: ChannelConfig) -> str:
    """Where Twilio reports what became of a message: this channel's ``status`` topic."""
    if not channel.public_url:
        return ""
    return f"{channel.public_url.rstrip('/')}/v1/{channel.name}/inbound/status"


def message_form(channel: ChannelConfig, item: Outbound) -> list[tuple[str, str]]:
    """The Messages API fields of one message. A sender id that is a Messaging Service
    (``MG…``) goes as ``MessagingServiceSid``: Twilio then picks the number."""
    sender = channel.sender_id
    fields = [("To", item.to)]
    if item.to.startswith("whatsapp:") and not sender.startswith(("MG", "whatsapp:")):
        sender = "whatsapp:" + sender  # Twilio routes by the prefix, on both ends
    if sender.startswith("MG"):
        fields.append(("MessagingServiceSid", sender))
    else:
        fields.append(("From", sender))
    if item.text:
        fields.append(("Body", item.text))
    fields.extend(("MediaUrl", a.uri) for a in item.attachments)
    if callback := status_callback_url(channel):
        fields.append(("StatusCallback", callback))
    return fields


def basic_auth(account_id: str, token: str) -> str:
    pair = f"{account_id}:{token}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _json_object(body: bytes) -> Mapping[str, object]:
    try:
        data = json.loads(body)
    except ValueError:  # includes UnicodeDecodeError
        return {}
    return data if isinstance(data, dict) else {}


def _sid_of(body: bytes) -> str:
    """The ``sid`` of a 2xx answer. The egress client keeps only the start of a body, and
    Twilio's keys come in alphabetical order: a long non-ASCII ``body`` echo can push the
    end out, so a body that is not whole JSON is searched for the field instead."""
    sid = _json_object(body).get("sid")
    if isinstance(sid, str) and sid:
        return sid
    found = _SID_IN_TEXT.search(body)
    return found.group(1).decode("ascii") if found else ""


def judge(outcome: HttpOutcome) -> SendResult:
    """What one Messages API answer means for the message: sent, worth retrying, or
    failed for good. Pure, so every branch is testable without a network."""
    return dataclasses.replace(
        _verdict(outcome),
        status_code=outcome.status_code,
        retry_after=outcome.retry_after,
        latency_us=outcome.latency_us,
    )


def _verdict(outcome: HttpOutcome) -> SendResult:
    if outcome.error_class == "ssrf_refused":
        # The configured URL may not be reached: retrying changes nothing.
        return SendResult(ok=False, error_code="ssrf_refused", error_message=outcome.error)
    if outcome.error_class and outcome.error_class != "http_status":
        # timeout, connect, dns, tls, protocol: the request may not have arrived.
        return SendResult(
            ok=False,
            retry=True,
            error_code=outcome.error_class,
            error_message=outcome.error[:MAX_ERROR_MESSAGE],
        )
    status = outcome.status_code
    if 200 <= status < 300:
        sid = _sid_of(outcome.body)
        if sid:
            return SendResult(ok=True, provider_message_id=sid)
        # Twilio took the message (a retry could send it twice) but its answer names no
        # sid, so no status callback could ever be matched to it.
        return SendResult(
            ok=False,
            error_code="no_sid",
            error_message=f"Twilio answered {status} without a message sid",
        )
    error = _json_object(outcome.body)
    code, text = error.get("code"), error.get("message")
    code_text = str(code) if isinstance(code, int | str) and str(code) else ""
    message_text = text if isinstance(text, str) else ""
    if status == 429:
        # Twilio's 20429: too many concurrent requests, nothing was processed.
        return SendResult(
            ok=False,
            retry=True,
            error_code=code_text or "20429",
            error_message=(message_text or "Too many requests")[:MAX_ERROR_MESSAGE],
        )
    return SendResult(
        ok=False,
        retry=status >= 500,
        error_code=code_text or f"http_{status}",
        error_message=(message_text or f"HTTP {status}")[:MAX_ERROR_MESSAGE],
    )


# -- the profile --------------------------------------------------------------------------


class TwilioProfile:
    """The ``twilio`` profile; stateless, so one instance serves every channel."""

    name = "twilio"
    supports_typing = False

    def parse(self, channel: ChannelConfig, request: InboundRequest) -> Parsed:
        """Checks the signature over every field, then reads a ``messages`` webhook into
        one ``Inbound`` or a ``status`` callback into at most one ``Receipt``."""
        params = form_params(request.body)
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not verify(channel.credentials, request.urls, params, given):
            raise BadSignature("X-Twilio-Signature does not match the channel's Auth Token")
        form = _Form(params)
        if channel.account_id:
            # A request signed by a token this channel trusts but for another account (a
            # token shared across subaccounts, a misrouted number) is not this channel's.
            account = form.values.get("AccountSid", [])
            if account != [channel.account_id]:
                raise BadSignature("AccountSid is not the channel's account")
        if request.topic == "messages":
            return Parsed(
                messages=(_inbound(form),),
                reply_content_type="text/xml",
                reply_body=EMPTY_TWIML,
            )
        if request.topic == "status":
            receipt = _receipt(form)
            return Parsed(
                receipts=(receipt,) if receipt else (),
                reply_content_type="text/plain",
                reply_body=b"",
            )
        raise BadPayload([("topic", f"must be messages or status, not {request.topic[:64]!r}")])

    async def send(
        self, channel: ChannelConfig, item: Outbound, post: Post, timeout_s: float
    ) -> SendResult:
        """One Messages API request for ``item``; a typing indicator is a no-op, as SMS
        has none."""
        if item.typing is not None:
            return SendResult(ok=True)
        if not channel.account_id or not channel.credentials:
            return SendResult(
                ok=False,
                error_code="config",
                error_message="the channel has no Twilio Account SID or Auth Token",
            )
        if len(item.attachments) > MAX_MEDIA:
            return SendResult(
                ok=False,
                error_code="media_limit",
                error_message=f"Twilio takes at most {MAX_MEDIA} media per message, "
                f"not {len(item.attachments)}",
            )
        headers = {
            "Authorization": basic_auth(channel.account_id, channel.credentials),
            "Content-Type": FORM,
            "Accept": "application/json",
        }
        body = urlencode(message_form(channel, item)).encode("ascii")
        outcome = await post(messages_url(channel), headers, body, timeout_s)
        return judge(outcome)
