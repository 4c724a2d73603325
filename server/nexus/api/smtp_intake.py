"""E-mail in: the SMTP listener's mail, handed to the channels it is addressed to.

A recipient is taken when it is the from-address of an enabled SMTP channel, or its
plus-addressed form (``support+<thread>@example.com``, the Reply-To nexus sends). Each
accepted message becomes one inbound message of that channel, threaded by its headers
(``smtp.inbound_from_mime``); mail that must not be answered (auto-replies, bounces,
lists) is taken and dropped, so that the sender does not retry it.
"""

from __future__ import annotations

import functools
import logging

from nexus.channels import smtp
from nexus.channels.base import Parsed
from nexus.core import Core
from nexus.store import Work
from nexus.store.base import Principal
from nexus.v1 import channel_pb2 as cpb

log = logging.getLogger("nexus.channels.smtp")


def _mailbox(address: str) -> str:
    """``Local+tag@Domain`` -> ``local@domain``: the channel's address it reaches."""
    local, _, domain = address.strip().strip("<>").rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}".lower()


class SmtpIntake:
    def __init__(self, core: Core, work: Work) -> None:
        self.core = core
        self.work = work
        profile = core.profiles.get(cpb.CHANNEL_PROFILE_SMTP)
        self.domain = getattr(profile, "domain", "nexus.invalid")

    def _channels(self, address: str) -> list[tuple[str, cpb.Channel]]:
        wanted = _mailbox(address)
        return [
            (tenant_id, channel)
            for tenant_id, channel in self.core.store.email_channels()
            if _mailbox(channel.provider.from_address) == wanted
            and not (channel.HasField("enabled") and not channel.enabled)
        ]

    async def accepts(self, address: str) -> bool:
        return bool(await self.work.run(lambda: self._channels(address)))

    async def deliver(self, recipients: list[str], raw: bytes) -> None:
        found = await self.work.run(
            lambda: [(t, c) for r in recipients for t, c in self._channels(r)]
        )
        targets = {c.name: (t, c) for t, c in found}
        if not targets:
            raise LookupError("no channel receives mail for these recipients")
        for tenant_id, channel in targets.values():
            config = await self.work.run(
                functools.partial(self.core.channels.channel_config, tenant_id, channel)
            )
            inbound = smtp.inbound_from_mime(
                raw, self.domain, recipients, smtp.reply_domains(config)
            )
            if inbound is None:
                log.info("mail not taken as a customer message", extra={"channel": channel.name})
                continue
            await self.work.write(
                functools.partial(
                    self.core.channels.apply_provider_request,
                    Principal(tenant_id, "", channel.name),
                    channel,
                    Parsed(messages=[inbound]),
                )
            )
