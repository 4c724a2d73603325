# ruff: noqa: RUF001 -- non-ASCII text in many charsets is what these tests are about
"""The smtp profile's pure parts: thread tokens and Message-IDs (property-based), the
threading headers of a conversation's 1st, 2nd and 3rd message (RFC 5322 §3.6.4), subject
and reply-address tokens, reading inbound MIME, and every loop-avoidance rule."""

from __future__ import annotations

import hashlib
import hmac
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.channels.base import (
    AttachmentMeta,
    BadPayload,
    BadSignature,
    ChannelConfig,
    InboundRequest,
    Outbound,
)
from nexus.channels.smtp import (
    POLICY,
    MessageRef,
    SmtpProfile,
    build_message,
    clean_subject,
    format_message_id,
    html_to_text,
    inbound_from_mime,
    must_not_answer,
    parse_message_id,
    strip_quoted,
    subject_for,
    thread_from_token,
    thread_id_from_headers,
    thread_token,
)

DOMAIN = "nexus.test"
CHANNEL = ChannelConfig(
    name="channels/mail",
    kind=2,
    from_address="support@nexus.test",
    secrets=("new-secret", "old-secret"),
    smtp_host="mail.test",
)
IDS = st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)
THREAD_IDS = st.from_regex(r"[A-Za-z0-9_.:-]{1,128}", fullmatch=True)
# RFC 5322 §3.6.4 msg-id with dot-atom-text on both sides.
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
DOT_ATOM = rf"{ATEXT}(?:\.{ATEXT})*"
MSG_ID = re.compile(rf"<{DOT_ATOM}@{DOT_ATOM}>")


def outbound(
    n: int = 1, refs: tuple[str, ...] = (), thread: str = "0190abcd", **kw: object
) -> Outbound:
    values: dict = {
        "message": f"interactions/i1/messages/m{n}",
        "interaction": "interactions/i1",
        "channel": "channels/mail",
        "to": "customer@example.com",
        "text": "Hello",
        "subject": "Your order",
        "thread_id": thread,
        "references": refs,
    }
    values.update(kw)
    return Outbound(**values)


def parsed(msg: EmailMessage) -> EmailMessage:
    """The message as a receiver reads the bytes we send."""
    out = BytesParser(policy=policy.default).parsebytes(msg.as_bytes())
    assert isinstance(out, EmailMessage)
    return out


def mail(headers: dict[str, str] | None = None, body: str = "Hi there", **kw: str) -> bytes:
    """A customer's plain-text mail (headers override the defaults; None values drop)."""
    values = {
        "From": "Customer <customer@example.com>",
        "To": "support@nexus.test",
        "Subject": "Question",
        "Message-ID": "<c1@example.com>",
        "Date": "Mon, 01 Jan 2024 10:00:00 +0000",
    }
    values.update(headers or {})
    msg = EmailMessage()
    for name, value in values.items():
        if value is not None:
            msg[name] = value
    msg.set_content(body, **kw)
    return msg.as_bytes()


# -- thread tokens -----------------------------------------------------------------------


@given(st.text(min_size=1))
def test_thread_token_round_trips_any_text(thread_id: str) -> None:
    token = thread_token(thread_id)
    assert thread_from_token(token) == thread_id
    assert thread_from_token(token.upper()) == thread_id  # clients may case-fold
    assert re.fullmatch(r"[a-z0-9_-]+", token)


@given(THREAD_IDS)
def test_thread_token_is_safe_in_local_parts_and_ids(thread_id: str) -> None:
    token = thread_token(thread_id)
    assert re.fullmatch(ATEXT, token) and "." not in token


@given(st.text())
def test_thread_from_token_is_the_exact_inverse(text: str) -> None:
    thread_id = thread_from_token(text)
    if thread_id is not None:
        assert thread_token(thread_id) == text.lower()


def test_thread_token_of_nexus_ids_is_verbatim() -> None:
    assert thread_token("0190abcd0190abcd0190abcd0190abcd") == "0190abcd0190abcd0190abcd0190abcd"
    assert thread_token("") == ""
    assert thread_token("Case") != "case"  # upper case is not safe verbatim
    assert thread_from_token("_") is None
    assert thread_from_token("_1") is None  # not base32
    assert thread_from_token("") is None
    assert thread_from_token("_" + "mfrgg") is None  # "abc" encoded: canonical is verbatim


# -- Message-IDs -------------------------------------------------------------------------


@given(IDS, IDS, THREAD_IDS | st.just(""))
def test_message_id_round_trips(interaction: str, message: str, thread: str) -> None:
    ref = MessageRef(interaction, message, thread)
    value = format_message_id(ref, DOMAIN)
    assert MSG_ID.fullmatch(value)
    assert parse_message_id(value, DOMAIN) == ref
    assert parse_message_id(value, "NEXUS.test") == ref
    assert parse_message_id(value, "other.test") is None
    # and a receiver reads the header back as the very same id
    msg = EmailMessage(policy=POLICY)
    msg["Message-ID"] = value
    received = BytesParser(policy=policy.default).parsebytes(msg.as_bytes())
    assert str(received["Message-ID"]).strip() == value  # folding may put it on a new line


@given(st.text())
def test_parse_message_id_inverts_format(text: str) -> None:
    for candidate in (text, f"<m.{text}@{DOMAIN}>", f"<m.a.b.t.{text}@{DOMAIN}>"):
        ref = parse_message_id(candidate, DOMAIN)
        if ref is not None:
            assert parse_message_id(format_message_id(ref, DOMAIN), DOMAIN) == ref


@pytest.mark.parametrize(
    "value",
    [
        "<x.i.m@nexus.test>",
        "<m.i@nexus.test>",
        "<m.i.m.x.abc@nexus.test>",
        "<m.i.m.t.Ab!@nexus.test>",
        "<m.i.m.t.abc.d@nexus.test>",
        "<m.i.m@nexus.test.evil>",
        "m.i.m",
        "",
    ],
)
def test_foreign_message_ids_are_not_ours(value: str) -> None:
    assert parse_message_id(value, DOMAIN) is None


def test_message_id_for_names_the_message() -> None:
    profile = SmtpProfile(DOMAIN)
    assert profile.message_id_for(outbound(7)) == "<m.i1.m7.t.0190abcd@nexus.test>"
    assert profile.message_id_for(outbound(7, thread="")) == "<m.i1.m7@nexus.test>"
    with pytest.raises(ValueError):
        profile.message_id_for(outbound(message="not/a/message"))
    with pytest.raises(ValueError):
        SmtpProfile("bad domain")


# -- outbound headers --------------------------------------------------------------------


def test_a_conversation_threads_per_rfc_5322() -> None:
    profile = SmtpProfile(DOMAIN)
    first = parsed(build_message(CHANNEL, outbound(1), DOMAIN))
    m1 = profile.message_id_for(outbound(1))
    assert first["Message-ID"] == m1
    assert "In-Reply-To" not in first and "References" not in first
    assert first["Subject"] == "Your order [#0190abcd]"

    # The 2nd answers the 1st; the 3rd answers the customer's reply to the 2nd.
    second = parsed(build_message(CHANNEL, outbound(2, (m1,)), DOMAIN))
    m2 = profile.message_id_for(outbound(2))
    assert second["In-Reply-To"] == m1
    assert second["References"] == m1
    assert second["Subject"] == "Re: Your order [#0190abcd]"

    reply = "<r1@example.com>"
    third = parsed(
        build_message(CHANNEL, outbound(3, (m1, m2, reply), subject="RE: Your order"), DOMAIN)
    )
    assert third["In-Reply-To"] == reply
    assert str(third["References"]).split() == [m1, m2, reply]
    assert third["Subject"] == "RE: Your order [#0190abcd]"  # one prefix, one token
    assert len({first["Message-ID"], second["Message-ID"], third["Message-ID"]}) == 3


def test_long_reference_chains_fold_between_ids_only() -> None:
    refs = tuple(
        format_message_id(MessageRef(f"i{n}" * 20, f"m{n}" * 20, "T:" * 40), DOMAIN)
        for n in range(6)
    )
    raw = build_message(CHANNEL, outbound(9, refs), DOMAIN).as_bytes()
    assert b"=?" not in raw  # no encoded words: an id must stay an id
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert str(msg["References"]).split() == list(refs)
    assert msg["In-Reply-To"] == refs[-1]


def test_references_are_bracketed_and_junk_is_dropped() -> None:
    msg = build_message(CHANNEL, outbound(2, ("a@b", "<c@d>", "x y@z", "<e<f>", "")), DOMAIN)
    assert str(msg["References"]) == "<a@b> <c@d>"
    assert msg["In-Reply-To"] == "<c@d>"


def test_from_reply_to_and_no_auto_submitted() -> None:
    msg = parsed(build_message(CHANNEL, outbound(sender_display_name="Ann Agent"), DOMAIN))
    assert msg["From"] == "Ann Agent <support@nexus.test>"
    assert msg["To"] == "customer@example.com"
    assert msg["Reply-To"] == "Ann Agent <support+0190abcd@nexus.test>"
    assert "Auto-Submitted" not in msg  # an agent's answer is a person's mail
    assert msg["Date"].datetime is not None
    part = msg.get_body(("plain",))
    assert part is not None and part.get_content().splitlines() == ["Hello"]
    assert part.get_content_charset() == "utf-8"


def test_reply_to_needs_a_thread_and_a_short_local_part() -> None:
    assert "Reply-To" not in build_message(CHANNEL, outbound(thread=""), DOMAIN)
    long = build_message(CHANNEL, outbound(thread="T" * 100), DOMAIN)
    assert "Reply-To" not in long  # local part over 64 octets: subject token still there
    assert "[#_" in str(long["Subject"])
    named = ChannelConfig(name="c", kind=2, from_address="Help Desk <help@nexus.test>")
    msg = build_message(named, outbound(), DOMAIN)
    assert msg["From"] == "Help Desk <help@nexus.test>"
    assert msg["Reply-To"] == "Help Desk <help+0190abcd@nexus.test>"


def test_subject_token_rules() -> None:
    assert subject_for(outbound(thread="")) == "Your order"
    assert subject_for(outbound(subject="Your order [#old] [#0190abcd]")) == (
        "Your order [#0190abcd]"
    )
    assert subject_for(outbound(subject="", refs=("<a@b>",), thread="")) == "Re:"
    assert subject_for(outbound(subject="AW: Frage", refs=("<a@b>",))) == "AW: Frage [#0190abcd]"
    assert subject_for(outbound(thread="Th:1")) == f"Your order [#{thread_token('Th:1')}]"


def test_no_header_injection_through_subject_or_name() -> None:
    item = outbound(subject="Hi\r\nBcc: evil@example.com", sender_display_name="A\nB")
    raw = build_message(CHANNEL, item, DOMAIN).as_bytes()
    assert b"\r\nBcc:" not in raw
    assert b"Subject: Hi Bcc: evil@example.com [#0190abcd]" in raw


def test_non_ascii_body_and_attachment_lines() -> None:
    item = outbound(
        text="Grüße — 你好",
        attachments=(
            AttachmentMeta("invoice.pdf", "application/pdf", "https://files.test/i.pdf", 10),
            AttachmentMeta("", "image/png", "https://files.test/p.png"),
        ),
    )
    raw = build_message(CHANNEL, item, DOMAIN).as_bytes()
    assert raw.isascii()  # quoted-printable: safe for relays without 8BITMIME
    body = parsed(build_message(CHANNEL, item, DOMAIN)).get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == (
        "Grüße — 你好\n\nAttachments:\n"
        "- invoice.pdf (application/pdf): https://files.test/i.pdf\n"
        "- attachment (image/png): https://files.test/p.png\n"
    )


@pytest.mark.parametrize("to", ["", "customer", "a b@example.com", "x@y\r\nBcc: z@w", "<a@b>"])
async def test_unsendable_items_fail_finally_without_connecting(to: str) -> None:
    result = await SmtpProfile(DOMAIN).send(CHANNEL, outbound(to=to), _no_post, 5.0)
    assert not result.ok and not result.retry
    assert result.error_code == "bad_message"


async def test_typing_is_a_no_op_and_missing_host_is_final() -> None:
    profile = SmtpProfile(DOMAIN)
    no_host = ChannelConfig(name="c", kind=2, from_address="support@nexus.test")
    assert (await profile.send(no_host, outbound(typing=True), _no_post, 5.0)).ok
    result = await profile.send(no_host, outbound(), _no_post, 5.0)
    assert (result.ok, result.retry, result.error_code) == (False, False, "no_smtp_host")
    assert profile.name == "smtp" and profile.supports_typing is False


async def _no_post(*args: object) -> object:
    raise AssertionError("smtp never posts")


# -- the signed raw-MIME post ------------------------------------------------------------


def signed(body: bytes, secret: str = "new-secret", **kw: str) -> InboundRequest:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    values = {
        "topic": "email",
        "content_type": "message/rfc822",
        "headers": {"x-nexus-signature": f"sha256={digest}"},
    }
    values.update(kw)
    return InboundRequest(urls=("https://contact.test/channels/mail/email",), body=body, **values)  # type: ignore[arg-type]


def test_parse_reads_a_signed_mime_post_under_any_current_secret() -> None:
    profile = SmtpProfile(DOMAIN)
    for secret in CHANNEL.secrets:
        out = profile.parse(CHANNEL, signed(mail(), secret))
        assert [m.customer_address for m in out.messages] == ["customer@example.com"]
    upper = signed(mail(), content_type="Message/RFC822; charset=utf-8")
    upper.headers["x-nexus-signature"] = upper.headers["x-nexus-signature"].upper()  # type: ignore[index]
    assert len(profile.parse(CHANNEL, upper).messages) == 1


@pytest.mark.parametrize(
    "request_",
    [
        signed(mail(), "stale-secret"),
        InboundRequest("email", (), {}, "message/rfc822", mail()),
        InboundRequest("email", (), {"x-nexus-signature": "md5=abc"}, "message/rfc822", mail()),
        InboundRequest("email", (), {"x-nexus-signature": "sha256="}, "message/rfc822", mail()),
    ],
)
def test_parse_refuses_what_the_channel_did_not_sign(request_: InboundRequest) -> None:
    with pytest.raises(BadSignature):
        SmtpProfile(DOMAIN).parse(CHANNEL, request_)
    with pytest.raises(BadSignature):  # a channel without secrets accepts nothing
        SmtpProfile(DOMAIN).parse(ChannelConfig(name="c", kind=2), signed(mail()))


def test_parse_refuses_other_formats() -> None:
    profile = SmtpProfile(DOMAIN)
    with pytest.raises(BadPayload) as err:
        profile.parse(CHANNEL, signed(mail(), topic="messages", content_type="application/json"))
    assert {f for f, _ in err.value.violations} == {"topic", "content_type"}
    with pytest.raises(BadPayload):
        profile.parse(CHANNEL, signed(b""))


def test_parse_of_an_auto_reply_stores_nothing() -> None:
    out = SmtpProfile(DOMAIN).parse(CHANNEL, signed(mail({"Auto-Submitted": "auto-replied"})))
    assert out.messages == ()
    assert out.reply_body == b"{}"


# -- reading inbound mail ----------------------------------------------------------------


def test_plain_mail() -> None:
    inbound = inbound_from_mime(
        mail({"From": '"Doe, Jane" <Jane.Doe@Example.COM>', "Subject": "Re: Fwd: Question"}),
        DOMAIN,
    )
    assert inbound is not None
    assert inbound.external_message_id == "<c1@example.com>"
    assert inbound.customer_address == "jane.doe@example.com"
    assert inbound.display_name == "Doe, Jane"
    assert inbound.subject == "Question"
    assert inbound.text == "Hi there"
    assert inbound.thread_id == ""
    assert inbound.attachments == ()
    assert inbound.provider_time_us == 1_704_103_200_000_000


def test_missing_message_id_is_the_hash_of_the_bytes() -> None:
    raw = mail({"Message-ID": None, "Date": None})  # type: ignore[dict-item]
    inbound = inbound_from_mime(raw, DOMAIN)
    assert inbound is not None
    assert inbound.external_message_id == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert inbound.provider_time_us is None


def test_encoded_words_in_subject_and_name() -> None:
    raw = (
        b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\r\n"
        b"To: support@nexus.test\r\nSubject: =?iso-8859-1?q?AW=3A_Gr=FC=DFe?=\r\n"
        b"Message-ID: <x@example.de>\r\n\r\nHallo\r\n"
    )
    inbound = inbound_from_mime(raw, DOMAIN)
    assert inbound is not None
    assert (inbound.display_name, inbound.subject, inbound.text) == (
        "Jürgen Müller",
        "Grüße",
        "Hallo",
    )


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-1", "Grüße aus Köln"),
        ("windows-1252", "“quoted” – €5"),
        ("koi8-r", "Привет"),
        ("shift_jis", "こんにちは"),
        ("utf-8", "你好 👋"),
    ],
)
def test_charsets(charset: str, text: str) -> None:
    raw = (
        f"From: c@example.com\r\nTo: support@nexus.test\r\nSubject: x\r\n"
        f"Content-Type: text/plain; charset={charset}\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + text.encode(charset)
    inbound = inbound_from_mime(raw, DOMAIN)
    assert inbound is not None and inbound.text == text


def test_undeclared_or_unknown_charsets_read_as_utf8() -> None:
    for content_type in ("text/plain", "text/plain; charset=us-ascii", "text/plain; charset=x-no"):
        raw = (
            f"From: c@example.com\r\nContent-Type: {content_type}\r\n\r\n".encode()
            + "Grüße".encode()
        )
        inbound = inbound_from_mime(raw, DOMAIN)
        assert inbound is not None and inbound.text == "Grüße"


def test_multipart_alternative_prefers_plain_text() -> None:
    msg = EmailMessage()
    msg["From"] = "c@example.com"
    msg["Subject"] = "Both"
    msg.set_content("The plain text")
    msg.add_alternative("<p>The <b>HTML</b></p>", subtype="html")
    inbound = inbound_from_mime(msg.as_bytes(), DOMAIN)
    assert inbound is not None
    assert inbound.text == "The plain text"
    assert inbound.attachments == ()  # the HTML alternative is not an attachment


def test_html_only_mail_is_stripped_of_tags() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<p>Hello &amp; welcome,</p><div>line&nbsp;two<br>line three</div>"
        "<script>alert(1)</script>"
        "<blockquote>the quoted earlier mail</blockquote></body></html>"
    )
    msg = EmailMessage()
    msg["From"] = "c@example.com"
    msg.set_content(html, subtype="html")
    inbound = inbound_from_mime(msg.as_bytes(), DOMAIN)
    assert inbound is not None
    assert inbound.text == "Hello & welcome,\n\nline two\nline three"
    assert html_to_text("plain") == "plain"


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("Thanks!\n\nOn Mon, Jan 1, 2024 at 9:00 AM Ann <a@b> wrote:\n> Hello\n> there", "Thanks!"),
        ("Thanks!\n\nOn Mon, Jan 1, 2024 at 9:00 AM Ann Agent\n<a@b> wrote:\n> Hello", "Thanks!"),
        ("> Hello\n> there\n\nBottom-posted answer", "Bottom-posted answer"),
        ("Sure.\n\n-----Original Message-----\nFrom: Ann\nHello", "Sure."),
        ("Sure.\n\n________________________________\nFrom: Ann\nHello", "Sure."),
        ("Answer one\n> quoted\nAnswer two", "Answer one\nAnswer two"),
        ("> only a quote", "> only a quote"),  # nothing new: keep all rather than nothing
        ("On my way!\nSee you", "On my way!\nSee you"),  # not an attribution
    ],
)
def test_quoted_replies_are_stripped(text: str, new: str) -> None:
    assert strip_quoted(text) == new
    inbound = inbound_from_mime(mail(body=text), DOMAIN)
    assert inbound is not None and inbound.text == new


def test_attachment_metadata() -> None:
    msg = EmailMessage()
    msg["From"] = "c@example.com"
    msg["Message-ID"] = "<a@example.com>"
    msg.set_content("See attached")
    msg.add_related(b"\x89PNG" + b"\0" * 96, "image", "png", cid="<logo@example.com>")
    msg.add_attachment(b"%PDF-1.7" + b"x" * 1000, "application", "pdf", filename="invoice.pdf")
    msg.add_attachment("a,b\n1,2\n", subtype="csv", filename="data.csv")
    forwarded = EmailMessage()
    forwarded["From"] = "other@example.com"
    forwarded.set_content("Forwarded body")
    msg.add_attachment(forwarded)
    inbound = inbound_from_mime(msg.as_bytes(), DOMAIN)
    assert inbound is not None
    assert inbound.text == "See attached"
    by_type = {a.content_type: a for a in inbound.attachments}
    assert set(by_type) == {"image/png", "application/pdf", "text/csv", "message/rfc822"}
    assert by_type["image/png"].uri == "cid:logo@example.com"
    assert by_type["image/png"].size_bytes == 100
    pdf = by_type["application/pdf"]
    assert (pdf.filename, pdf.size_bytes) == ("invoice.pdf", 1008)
    assert re.fullmatch(r"mime:\d+", pdf.uri)
    assert by_type["text/csv"].filename == "data.csv"
    assert by_type["message/rfc822"].size_bytes > 0
    # mime:<n> names the n-th part, depth first from the root (0)
    parts = list(BytesParser(policy=policy.default).parsebytes(msg.as_bytes()).walk())
    assert parts[int(pdf.uri.split(":")[1])].get_filename() == "invoice.pdf"
    assert len({a.uri for a in inbound.attachments}) == 4


# -- thread recovery ---------------------------------------------------------------------

OURS_A = format_message_id(MessageRef("i1", "m1", "thread-a"), DOMAIN)
OURS_B = format_message_id(MessageRef("i1", "m2", "Thread:B"), DOMAIN)
OURS_NO_THREAD = format_message_id(MessageRef("i1", "m3"), DOMAIN)
FOREIGN = "<m.i9.m9.t.thread-x@elsewhere.test>"


@pytest.mark.parametrize(
    ("kw", "thread"),
    [
        ({"in_reply_to": OURS_A, "references": OURS_B}, "thread-a"),
        ({"references": f"{OURS_B} {OURS_A} <c@example.com>"}, "thread-a"),  # newest first
        ({"in_reply_to": FOREIGN, "references": f"{OURS_B} {FOREIGN}"}, "Thread:B"),
        ({"in_reply_to": OURS_NO_THREAD, "subject": "Re: x [#thread-c]"}, "thread-c"),
        ({"in_reply_to": "<a@b>", "recipients": ["support+thread-d@nexus.test"]}, "thread-d"),
        ({"recipients": ["SUPPORT+Thread-D@NEXUS.TEST"]}, "thread-d"),
        ({"recipients": ["bob+thread-e@gmail.test"], "subject": "x [#thread-f]"}, "thread-f"),
        (
            {"recipients": ["help+thread-h@example.test"], "reply_domains": ["Example.TEST"]},
            "thread-h",
        ),
        ({"recipients": ["help+thread-h@example.test"]}, ""),
        ({"recipients": ["support+@nexus.test"], "subject": "[#a] and [#thread-g]"}, "thread-g"),
        ({"subject": "Re: no token [#Bad!]"}, ""),
        ({}, ""),
    ],
)
def test_thread_recovery_order(kw: dict, thread: str) -> None:
    assert thread_id_from_headers(DOMAIN, **kw) == thread


def test_a_reply_to_our_mail_recovers_its_thread() -> None:
    sent = build_message(CHANNEL, outbound(1, thread="Case:42.1"), DOMAIN)
    # A client that keeps the headers, one that drops them, one that keeps only the subject.
    headers = {
        "In-Reply-To": str(sent["Message-ID"]),
        "References": str(sent["Message-ID"]),
        "Subject": f"Re: {sent['Subject']}",
        "To": str(sent["Reply-To"]),
    }
    for drop in ((), ("In-Reply-To", "References"), ("In-Reply-To", "References", "To")):
        reply = inbound_from_mime(mail({k: v for k, v in headers.items() if k not in drop}), DOMAIN)
        assert reply is not None
        assert reply.thread_id == "Case:42.1"
        assert reply.subject == "Your order"
    envelope_only = inbound_from_mime(
        mail({"To": "someone@example.com"}),
        DOMAIN,
        recipients=[str(sent["Reply-To"].addresses[0].addr_spec)],
    )
    assert envelope_only is not None and envelope_only.thread_id == "Case:42.1"

    # The from address at another domain than the Message-IDs': the channel names it.
    other = ChannelConfig(name="c", kind=2, from_address="help@example.test", secrets=("k",))
    theirs = build_message(other, outbound(1, thread="Case:42.1"), DOMAIN)
    raw = mail({"To": str(theirs["Reply-To"]), "Subject": "no token"})
    assert SmtpProfile(DOMAIN).parse(other, signed(raw, "k")).messages[0].thread_id == "Case:42.1"
    unplaced = inbound_from_mime(raw, DOMAIN)  # without the channel: not our domain
    assert unplaced is not None and unplaced.thread_id == ""


def test_clean_subject() -> None:
    assert clean_subject("Re: RE: Fwd: FW: AW: WG: SV: Re[2]: Re(3): Hello [#abc]") == "Hello"
    assert clean_subject("Rechnung: offen") == "Rechnung: offen"
    assert clean_subject("  ") == ""


# -- loop avoidance ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated"},
        {"Auto-Submitted": "auto-notified; owner-email=x@y"},
        {"Auto-Submitted": "Auto-Replied (vacation)"},
        {"Precedence": "bulk"},
        {"Precedence": "list"},
        {"Precedence": "JUNK"},
        {"List-Id": "<news.example.com>"},
        {"List-Unsubscribe": "<mailto:unsub@example.com>"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "yes"},
        {"Return-Path": "<>"},
        {"Return-Path": "< >"},
        {"Message-ID": OURS_A},  # our own mail came back
        {"From": None},
        {"From": "undisclosed-recipients:;"},
    ],
)
def test_mail_that_must_not_be_answered(headers: dict[str, str]) -> None:
    assert inbound_from_mime(mail(headers), DOMAIN) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "no"},
        {"Auto-Submitted": "No ; comment"},
        {"Precedence": "first-class"},
        {"X-Auto-Response-Suppress": "All"},  # a request, not a marker of automatic mail
        {"Return-Path": "<customer@example.com>"},
        {"Message-ID": FOREIGN},
    ],
)
def test_mail_that_is_a_customers(headers: dict[str, str]) -> None:
    assert inbound_from_mime(mail(headers), DOMAIN) is not None


def test_delivery_status_notifications_are_dropped() -> None:
    raw = (
        b"From: MAILER-DAEMON@example.com\r\nTo: support@nexus.test\r\n"
        b"Subject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.com\r\n\r\n"
        b"Final-Recipient: rfc822; gone@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--b--\r\n"
    )
    assert inbound_from_mime(raw, DOMAIN) is None
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert must_not_answer(msg, DOMAIN) == "delivery or disposition report"


# -- robustness --------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    (
        *("<", ">", "@", '"', "\\", "(", ")", ",", ";", ":", "=", "?", ".", " ", "a", "0", "é"),
        *("=?utf-8?q?", "=?x?b?", "?=", "[#", "]", "multipart/mixed", "text/html"),
        *("; boundary=b", "; charset=", "x-bad", "base64", "attachment", "; filename="),
        "\r\n ",
    )
)
_HEADERS = st.sampled_from(
    (
        *("From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Date"),
        *("Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Return-Path"),
    )
)
_FIELDS = st.lists(st.tuples(_HEADERS, st.lists(_TOKENS, max_size=10).map("".join)), max_size=6)


def _render(fields: list[tuple[str, str]], body: bytes) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode() for k, v in fields) + b"\r\n" + body


@settings(max_examples=300, deadline=None)
@given(_FIELDS, st.lists(st.tuples(_FIELDS, st.binary(max_size=30)), max_size=3))
def test_a_strangers_mail_never_breaks_reading(
    fields: list[tuple[str, str]], parts: list[tuple[list[tuple[str, str]], bytes]]
) -> None:
    """Malformed headers (the stock parser raises on some addresses) and MIME trees read
    as a message or as None, never as an exception."""
    raw = _render([*fields, ("Content-Type", "multipart/mixed; boundary=b")], b"")
    raw += b"".join(b"--b\r\n" + _render(f, body) + b"\r\n" for f, body in parts)
    for candidate in (raw, _render(fields, b"text")):
        inbound_from_mime(candidate, DOMAIN)
    assert inbound_from_mime(b"From: <\r\n\r\nx", DOMAIN) is None
