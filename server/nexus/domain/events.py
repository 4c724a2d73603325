"""Event types and how events are built from a change."""

from __future__ import annotations

from nexus.v1 import channel_pb2 as cpb
from nexus.v1 import event_pb2 as epb
from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import webhook_pb2 as wpb

INTERACTION_CREATED = "interaction.created"
INTERACTION_UPDATED = "interaction.updated"
INTERACTION_STATE_CHANGED = "interaction.state_changed"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_LEFT = "participant.left"
MESSAGE_CREATED = "message.created"
MESSAGE_READ = "message.read"
MESSAGE_SENT = "message.sent"
MESSAGE_DELIVERED = "message.delivered"
MESSAGE_FAILED = "message.failed"
TYPING_STARTED = "typing.started"
TYPING_STOPPED = "typing.stopped"
CHANNEL_CREATED = "channel.created"
CHANNEL_UPDATED = "channel.updated"
CHANNEL_DELETED = "channel.deleted"
CHANNEL_SECRET_ROTATED = "channel.secret_rotated"
WEBHOOK_CREATED = "webhook.created"
WEBHOOK_UPDATED = "webhook.updated"
WEBHOOK_DELETED = "webhook.deleted"
WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
WEBHOOK_DISABLED = "webhook.disabled"
WEBHOOK_PING = "webhook.ping"

EVENT_TYPES: tuple[str, ...] = (
    INTERACTION_CREATED,
    INTERACTION_UPDATED,
    INTERACTION_STATE_CHANGED,
    PARTICIPANT_JOINED,
    PARTICIPANT_LEFT,
    MESSAGE_CREATED,
    MESSAGE_READ,
    MESSAGE_SENT,
    MESSAGE_DELIVERED,
    MESSAGE_FAILED,
    TYPING_STARTED,
    TYPING_STOPPED,
    CHANNEL_CREATED,
    CHANNEL_UPDATED,
    CHANNEL_DELETED,
    CHANNEL_SECRET_ROTATED,
    WEBHOOK_CREATED,
    WEBHOOK_UPDATED,
    WEBHOOK_DELETED,
    WEBHOOK_SECRET_ROTATED,
    WEBHOOK_DISABLED,
    WEBHOOK_PING,
)
FAMILIES = frozenset(t.split(".", 1)[0] for t in EVENT_TYPES)
# Ephemeral events: no place in the interaction's sequence, no snapshot, and delivered to
# a webhook only when it names them (``*`` alone does not bring a stream of keystrokes).
EPHEMERAL = frozenset({TYPING_STARTED, TYPING_STOPPED})


def is_known_type_pattern(pattern: str) -> bool:
    """An exact event type, ``family.*`` or ``*``."""
    if pattern in EVENT_TYPES or pattern == "*":
        return True
    family, _, rest = pattern.partition(".")
    return rest == "*" and family in FAMILIES


def interaction_event(
    event_type: str,
    interaction: ipb.Interaction,
    *,
    actor: str,
    now_us: int,
    state_change: epb.StateChange | None = None,
    changed_fields: list[str] | None = None,
    message: ipb.Message | None = None,
    participant: ipb.Participant | None = None,
) -> epb.Event:
    """An event of an interaction.

    The caller sets ``id``, ``tenant``, ``sequence`` and the snapshot when it stores the
    interaction (the snapshot must show the interaction with that sequence).
    """
    event = epb.Event(
        type=event_type,
        interaction=interaction.name,
        subject=interaction.name,
        actor=actor,
    )
    event.create_time.FromMicroseconds(now_us)
    if state_change is not None:
        event.state_change.CopyFrom(state_change)
    if changed_fields:
        event.changed_fields.extend(changed_fields)
    if message is not None:
        event.message.CopyFrom(message)
        event.subject = message.name
    if participant is not None:
        event.participant.CopyFrom(participant)
        event.subject = participant.name
    return event


def webhook_event(
    event_type: str,
    webhook: wpb.Webhook,
    *,
    actor: str,
    now_us: int,
    changed_fields: list[str] | None = None,
) -> epb.Event:
    public = wpb.Webhook()
    public.CopyFrom(webhook)
    public.ClearField("secret")
    event = epb.Event(type=event_type, subject=webhook.name, actor=actor, webhook=public)
    event.create_time.FromMicroseconds(now_us)
    if changed_fields:
        event.changed_fields.extend(changed_fields)
    return event


def channel_event(
    event_type: str,
    channel: cpb.Channel,
    *,
    actor: str,
    now_us: int,
    changed_fields: list[str] | None = None,
) -> epb.Event:
    public = cpb.Channel()
    public.CopyFrom(channel)
    public.ClearField("secret")
    public.provider.ClearField("credentials")
    event = epb.Event(type=event_type, subject=channel.name, actor=actor, channel=public)
    event.create_time.FromMicroseconds(now_us)
    if changed_fields:
        event.changed_fields.extend(changed_fields)
    return event


def typing_event(
    interaction: str, typing: ipb.TypingIndicator, *, actor: str, now_us: int
) -> epb.Event:
    """``typing.started`` or ``typing.stopped``: ephemeral, sequence 0, no snapshot."""
    event = epb.Event(
        type=TYPING_STARTED if typing.active else TYPING_STOPPED,
        interaction=interaction,
        subject=typing.sender or interaction,
        actor=actor,
        typing=typing,
    )
    event.create_time.FromMicroseconds(now_us)
    return event
