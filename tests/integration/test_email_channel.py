"""An e-mail channel on a real server: mail in through nexus's SMTP listener, the agent's
reply out through a real SMTP relay (aiosmtpd), and the customer's answer back into the
same interaction by its threading headers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from nexus.clock import FakeClock, SystemClock
from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import channel_service_pb2 as cspb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb
from nexus.workers import build

D = ipb.MessageDeliveryState
SUPPORT = "support@shop.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """Records what the relay was given."""

    def __init__(self) -> None:
        self.mail: list[EmailMessage] = []
        self.arrived = asyncio.Event()
        self.loop = asyncio.get_running_loop()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content or b"")
        assert isinstance(msg, EmailMessage)
        self.mail.append(msg)
        self.loop.call_soon_threadsafe(self.arrived.set)
        return "250 queued"


@pytest.fixture
async def relay() -> AsyncIterator[tuple[Relay, int]]:
    handler = Relay()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def config(config, notifier_config, smtp_port):
    return config.replace(notifier=notifier_config, smtp_listen=f"127.0.0.1:{smtp_port}")


@pytest.fixture
async def sender(config):
    runtime = await build(config, FakeClock(SystemClock().now_us() + 60_000_000))
    try:
        yield runtime.channels
    finally:
        await runtime.close()


async def send_mail(port: int, msg: EmailMessage) -> None:
    await aiosmtplib.send(msg, hostname="127.0.0.1", port=port, start_tls=False)


def customer_mail(text: str, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Carla Customer <carla@mail.example>"
    msg["To"] = headers.pop("To", SUPPORT)
    msg["Subject"] = headers.pop("Subject", "My order has not arrived")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return msg


async def test_mail_in_reply_out_and_the_answer_threads_back(nexus, relay, smtp_port, sender):
    a = nexus.a
    recorder, relay_port = relay
    channel = await a.channels.CreateChannel(
        cspb.CreateChannelRequest(
            channel=cpb.Channel(
                kind=cpb.CHANNEL_KIND_EMAIL,
                profile=cpb.CHANNEL_PROFILE_SMTP,
                provider=cpb.ProviderSettings(
                    from_address=SUPPORT,
                    smtp_host="127.0.0.1",
                    smtp_port=relay_port,
                    smtp_starttls=False,
                ),
                default_queue="queues/email",
            )
        ),
        metadata=a.md,
    )
    first = customer_mail("Order 1234 is a week late.", Message_ID="<c1@mail.example>")
    await send_mail(smtp_port, first)
    listed = await a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(channel=channel.name), metadata=a.md
    )
    [interaction] = listed.interactions
    assert interaction.media_type == ipb.MEDIA_TYPE_EMAIL
    assert interaction.customer_address == "carla@mail.example"
    assert interaction.subject == "My order has not arrived"
    assert interaction.state == ipb.STATE_QUEUED and interaction.queue == "queues/email"

    reply = await a.interactions.SendMessage(
        ispb.SendMessageRequest(
            parent=interaction.name,
            message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text="It ships today."),
        ),
        metadata=a.md,
    )
    await sender.run_until_idle()
    async with asyncio.timeout(10):
        await recorder.arrived.wait()
    [sent] = recorder.mail
    assert sent["To"] == "carla@mail.example" and SUPPORT in sent["From"]
    assert sent["In-Reply-To"] == "<c1@mail.example>"
    assert "<c1@mail.example>" in sent["References"]
    assert sent.get_content().strip().startswith("It ships today.")
    stored = await a.interactions.GetMessage(ispb.GetMessageRequest(name=reply.name), metadata=a.md)
    assert stored.delivery.state == D.MESSAGE_DELIVERY_STATE_SENT
    assert stored.delivery.provider_message_id == sent["Message-ID"]

    # The customer answers the reply: same interaction, found by the headers.
    answer = customer_mail(
        "Thanks!",
        Subject="Re: " + str(sent["Subject"]),
        Message_ID="<c2@mail.example>",
        In_Reply_To=str(sent["Message-ID"]),
        References=f"<c1@mail.example> {sent['Message-ID']}",
    )
    await send_mail(smtp_port, answer)
    msgs = await a.interactions.ListMessages(
        ispb.ListMessagesRequest(parent=interaction.name), metadata=a.md
    )
    assert [m.text.strip() for m in msgs.messages] == [
        "Order 1234 is a week late.",
        "It ships today.",
        "Thanks!",
    ]
    # A retried delivery of the same mail is stored once; a new mail is a new thread.
    await send_mail(smtp_port, answer)
    await send_mail(smtp_port, customer_mail("Another question", Message_ID="<c3@mail.example>"))
    listed = await a.interactions.ListInteractions(
        ispb.ListInteractionsRequest(channel=channel.name), metadata=a.md
    )
    assert len(listed.interactions) == 2
    again = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=interaction.name), metadata=a.md
    )
    assert again.message_count == 3


async def test_mail_for_unknown_addresses_and_auto_replies(nexus, relay, smtp_port):
    a = nexus.a
    _, relay_port = relay
    await a.channels.CreateChannel(
        cspb.CreateChannelRequest(
            channel=cpb.Channel(
                kind=cpb.CHANNEL_KIND_EMAIL,
                profile=cpb.CHANNEL_PROFILE_SMTP,
                provider=cpb.ProviderSettings(
                    from_address=SUPPORT, smtp_host="127.0.0.1", smtp_port=relay_port
                ),
            )
        ),
        metadata=a.md,
    )
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
        await send_mail(smtp_port, customer_mail("hello?", To="nobody@shop.example"))
    await send_mail(smtp_port, customer_mail("I am away", Auto_Submitted="auto-replied"))
    listed = await a.interactions.ListInteractions(ispb.ListInteractionsRequest(), metadata=a.md)
    assert not listed.interactions
