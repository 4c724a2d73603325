"""The provider profiles by ``ChannelProfile``: the one place that picks an adapter."""

from __future__ import annotations

from nexus.channels.base import Profile
from nexus.config import Config
from nexus.egress.guard import Guard
from nexus.v1 import channel_pb2 as cpb


def profiles(config: Config) -> dict[int, Profile]:
    from nexus.channels.genesys_tpm import GenesysTpmProfile
    from nexus.channels.native import NativeProfile
    from nexus.channels.smtp import SmtpProfile
    from nexus.channels.twilio import TwilioProfile

    domain = config.notifier.public_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return {
        cpb.CHANNEL_PROFILE_NEXUS: NativeProfile(),
        cpb.CHANNEL_PROFILE_GENESYS_TPM: GenesysTpmProfile(),
        cpb.CHANNEL_PROFILE_TWILIO: TwilioProfile(),
        # SMTP is not HTTP, so it does not pass the egress client: the relay's host is
        # vetted by the same guard (and allowlist) before it is connected to.
        cpb.CHANNEL_PROFILE_SMTP: SmtpProfile(
            domain=domain or "nexus.invalid", guard=Guard(config.notifier.allowlist)
        ),
    }
