import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from nexus.v1 import interaction_pb2 as _interaction_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateInteractionRequest(_message.Message):
    __slots__ = ("interaction", "request_id", "actor")
    INTERACTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    interaction: _interaction_pb2.Interaction
    request_id: str
    actor: str
    def __init__(self, interaction: _Optional[_Union[_interaction_pb2.Interaction, _Mapping]] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class GetInteractionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListInteractionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "states", "media_type", "channel", "customer_address", "securebox", "read_status", "create_time_after", "create_time_before", "order_by", "thread_id", "next_timer", "next_timer_before")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SECUREBOX_FIELD_NUMBER: _ClassVar[int]
    READ_STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIMER_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIMER_BEFORE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    states: _containers.RepeatedScalarFieldContainer[_interaction_pb2.State]
    media_type: _interaction_pb2.MediaType
    channel: str
    customer_address: str
    securebox: str
    read_status: _interaction_pb2.ReadStatus
    create_time_after: _timestamp_pb2.Timestamp
    create_time_before: _timestamp_pb2.Timestamp
    order_by: str
    thread_id: str
    next_timer: _interaction_pb2.Timer
    next_timer_before: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., states: _Optional[_Iterable[_Union[_interaction_pb2.State, str]]] = ..., media_type: _Optional[_Union[_interaction_pb2.MediaType, str]] = ..., channel: _Optional[str] = ..., customer_address: _Optional[str] = ..., securebox: _Optional[str] = ..., read_status: _Optional[_Union[_interaction_pb2.ReadStatus, str]] = ..., create_time_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., order_by: _Optional[str] = ..., thread_id: _Optional[str] = ..., next_timer: _Optional[_Union[_interaction_pb2.Timer, str]] = ..., next_timer_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListInteractionsResponse(_message.Message):
    __slots__ = ("interactions", "next_page_token")
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    interactions: _containers.RepeatedCompositeFieldContainer[_interaction_pb2.Interaction]
    next_page_token: str
    def __init__(self, interactions: _Optional[_Iterable[_Union[_interaction_pb2.Interaction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateInteractionRequest(_message.Message):
    __slots__ = ("interaction", "update_mask", "request_id", "actor")
    INTERACTION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    interaction: _interaction_pb2.Interaction
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    actor: str
    def __init__(self, interaction: _Optional[_Union[_interaction_pb2.Interaction, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class GetStateModelRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StateModel(_message.Message):
    __slots__ = ("states", "final_states", "transitions")
    STATES_FIELD_NUMBER: _ClassVar[int]
    FINAL_STATES_FIELD_NUMBER: _ClassVar[int]
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedScalarFieldContainer[_interaction_pb2.State]
    final_states: _containers.RepeatedScalarFieldContainer[_interaction_pb2.State]
    transitions: _containers.RepeatedCompositeFieldContainer[Transition]
    def __init__(self, states: _Optional[_Iterable[_Union[_interaction_pb2.State, str]]] = ..., final_states: _Optional[_Iterable[_Union[_interaction_pb2.State, str]]] = ..., transitions: _Optional[_Iterable[_Union[Transition, _Mapping]]] = ...) -> None: ...

class Transition(_message.Message):
    __slots__ = ("from_state", "to_state", "method", "description", "timer", "timer_defaults")
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TIMER_FIELD_NUMBER: _ClassVar[int]
    TIMER_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    from_state: _interaction_pb2.State
    to_state: _interaction_pb2.State
    method: str
    description: str
    timer: _interaction_pb2.Timer
    timer_defaults: _containers.RepeatedCompositeFieldContainer[TimerDefault]
    def __init__(self, from_state: _Optional[_Union[_interaction_pb2.State, str]] = ..., to_state: _Optional[_Union[_interaction_pb2.State, str]] = ..., method: _Optional[str] = ..., description: _Optional[str] = ..., timer: _Optional[_Union[_interaction_pb2.Timer, str]] = ..., timer_defaults: _Optional[_Iterable[_Union[TimerDefault, _Mapping]]] = ...) -> None: ...

class TimerDefault(_message.Message):
    __slots__ = ("media_type", "after")
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    media_type: _interaction_pb2.MediaType
    after: _duration_pb2.Duration
    def __init__(self, media_type: _Optional[_Union[_interaction_pb2.MediaType, str]] = ..., after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetTimerPolicyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListTimerPoliciesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTimerPoliciesResponse(_message.Message):
    __slots__ = ("timer_policies",)
    TIMER_POLICIES_FIELD_NUMBER: _ClassVar[int]
    timer_policies: _containers.RepeatedCompositeFieldContainer[_interaction_pb2.TimerPolicy]
    def __init__(self, timer_policies: _Optional[_Iterable[_Union[_interaction_pb2.TimerPolicy, _Mapping]]] = ...) -> None: ...

class UpdateTimerPolicyRequest(_message.Message):
    __slots__ = ("timer_policy", "update_mask", "request_id")
    TIMER_POLICY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    timer_policy: _interaction_pb2.TimerPolicy
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, timer_policy: _Optional[_Union[_interaction_pb2.TimerPolicy, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class QueueInteractionRequest(_message.Message):
    __slots__ = ("name", "queue", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    queue: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., queue: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class AutomateInteractionRequest(_message.Message):
    __slots__ = ("name", "bot", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BOT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    bot: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., bot: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class OfferInteractionRequest(_message.Message):
    __slots__ = ("name", "agent", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AGENT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    agent: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., agent: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class AcceptInteractionRequest(_message.Message):
    __slots__ = ("name", "agent", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AGENT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    agent: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., agent: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class DeclineInteractionRequest(_message.Message):
    __slots__ = ("name", "reason", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class TransferInteractionRequest(_message.Message):
    __slots__ = ("name", "queue", "agent", "reason", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    AGENT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    queue: str
    agent: str
    reason: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., queue: _Optional[str] = ..., agent: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class WaitInteractionRequest(_message.Message):
    __slots__ = ("name", "reason", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class ResumeInteractionRequest(_message.Message):
    __slots__ = ("name", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class SnoozeInteractionRequest(_message.Message):
    __slots__ = ("name", "snooze_until", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SNOOZE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    snooze_until: _timestamp_pb2.Timestamp
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., snooze_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class WrapUpInteractionRequest(_message.Message):
    __slots__ = ("name", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class CompleteInteractionRequest(_message.Message):
    __slots__ = ("name", "reason", "note", "etag", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: _interaction_pb2.CompletionReason
    note: str
    etag: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[_Union[_interaction_pb2.CompletionReason, str]] = ..., note: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class AddParticipantRequest(_message.Message):
    __slots__ = ("parent", "participant", "request_id", "actor")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    participant: _interaction_pb2.Participant
    request_id: str
    actor: str
    def __init__(self, parent: _Optional[str] = ..., participant: _Optional[_Union[_interaction_pb2.Participant, _Mapping]] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class RemoveParticipantRequest(_message.Message):
    __slots__ = ("name", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class ListParticipantsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListParticipantsResponse(_message.Message):
    __slots__ = ("participants", "next_page_token")
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    participants: _containers.RepeatedCompositeFieldContainer[_interaction_pb2.Participant]
    next_page_token: str
    def __init__(self, participants: _Optional[_Iterable[_Union[_interaction_pb2.Participant, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SendMessageRequest(_message.Message):
    __slots__ = ("parent", "message", "request_id", "actor")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    message: _interaction_pb2.Message
    request_id: str
    actor: str
    def __init__(self, parent: _Optional[str] = ..., message: _Optional[_Union[_interaction_pb2.Message, _Mapping]] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class GetMessageRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListMessagesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "exclude_internal")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_INTERNAL_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    exclude_internal: bool
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., exclude_internal: _Optional[bool] = ...) -> None: ...

class ListMessagesResponse(_message.Message):
    __slots__ = ("messages", "next_page_token")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[_interaction_pb2.Message]
    next_page_token: str
    def __init__(self, messages: _Optional[_Iterable[_Union[_interaction_pb2.Message, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MarkMessageReadRequest(_message.Message):
    __slots__ = ("name", "request_id", "actor")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    actor: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class SendTypingRequest(_message.Message):
    __slots__ = ("name", "sender", "role", "active", "ttl")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    name: str
    sender: str
    role: _interaction_pb2.ParticipantRole
    active: bool
    ttl: _duration_pb2.Duration
    def __init__(self, name: _Optional[str] = ..., sender: _Optional[str] = ..., role: _Optional[_Union[_interaction_pb2.ParticipantRole, str]] = ..., active: _Optional[bool] = ..., ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...
