import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from nexus.v1 import channel_pb2 as _channel_pb2
from nexus.v1 import interaction_pb2 as _interaction_pb2
from nexus.v1 import webhook_pb2 as _webhook_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Event(_message.Message):
    __slots__ = ("id", "type", "cursor", "tenant", "interaction", "sequence", "subject", "create_time", "actor", "state_change", "changed_fields", "interaction_snapshot", "traceparent", "message", "participant", "webhook", "typing", "channel")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    STATE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_FIELD_NUMBER: _ClassVar[int]
    TYPING_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    cursor: int
    tenant: str
    interaction: str
    sequence: int
    subject: str
    create_time: _timestamp_pb2.Timestamp
    actor: str
    state_change: StateChange
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    interaction_snapshot: _interaction_pb2.Interaction
    traceparent: str
    message: _interaction_pb2.Message
    participant: _interaction_pb2.Participant
    webhook: _webhook_pb2.Webhook
    typing: _interaction_pb2.TypingIndicator
    channel: _channel_pb2.Channel
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., cursor: _Optional[int] = ..., tenant: _Optional[str] = ..., interaction: _Optional[str] = ..., sequence: _Optional[int] = ..., subject: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., state_change: _Optional[_Union[StateChange, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ..., interaction_snapshot: _Optional[_Union[_interaction_pb2.Interaction, _Mapping]] = ..., traceparent: _Optional[str] = ..., message: _Optional[_Union[_interaction_pb2.Message, _Mapping]] = ..., participant: _Optional[_Union[_interaction_pb2.Participant, _Mapping]] = ..., webhook: _Optional[_Union[_webhook_pb2.Webhook, _Mapping]] = ..., typing: _Optional[_Union[_interaction_pb2.TypingIndicator, _Mapping]] = ..., channel: _Optional[_Union[_channel_pb2.Channel, _Mapping]] = ...) -> None: ...

class StateChange(_message.Message):
    __slots__ = ("from_state", "to_state", "method", "reason", "timer", "timer_due_time")
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TIMER_FIELD_NUMBER: _ClassVar[int]
    TIMER_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    from_state: _interaction_pb2.State
    to_state: _interaction_pb2.State
    method: str
    reason: str
    timer: _interaction_pb2.Timer
    timer_due_time: _timestamp_pb2.Timestamp
    def __init__(self, from_state: _Optional[_Union[_interaction_pb2.State, str]] = ..., to_state: _Optional[_Union[_interaction_pb2.State, str]] = ..., method: _Optional[str] = ..., reason: _Optional[str] = ..., timer: _Optional[_Union[_interaction_pb2.Timer, str]] = ..., timer_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
