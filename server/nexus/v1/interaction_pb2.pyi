import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Timer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIMER_UNSPECIFIED: _ClassVar[Timer]
    TIMER_INACTIVE_AFTER: _ClassVar[Timer]
    TIMER_COMPLETE_AFTER: _ClassVar[Timer]
    TIMER_OFFER_TIMEOUT: _ClassVar[Timer]
    TIMER_QUEUE_TIMEOUT: _ClassVar[Timer]
    TIMER_WRAP_UP_MAX: _ClassVar[Timer]
    TIMER_SNOOZE_UNTIL: _ClassVar[Timer]

class MessageDeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_DELIVERY_STATE_UNSPECIFIED: _ClassVar[MessageDeliveryState]
    MESSAGE_DELIVERY_STATE_ACCEPTED: _ClassVar[MessageDeliveryState]
    MESSAGE_DELIVERY_STATE_SENT: _ClassVar[MessageDeliveryState]
    MESSAGE_DELIVERY_STATE_DELIVERED: _ClassVar[MessageDeliveryState]
    MESSAGE_DELIVERY_STATE_READ: _ClassVar[MessageDeliveryState]
    MESSAGE_DELIVERY_STATE_FAILED: _ClassVar[MessageDeliveryState]

class MediaType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_TYPE_UNSPECIFIED: _ClassVar[MediaType]
    MEDIA_TYPE_CHAT: _ClassVar[MediaType]
    MEDIA_TYPE_EMAIL: _ClassVar[MediaType]
    MEDIA_TYPE_SMS: _ClassVar[MediaType]
    MEDIA_TYPE_THIRD_PARTY: _ClassVar[MediaType]

class ThirdPartyPlatform(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    THIRD_PARTY_PLATFORM_UNSPECIFIED: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_WHATSAPP: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_FACEBOOK_PUBLIC: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_FACEBOOK_PRIVATE: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_TWITTER_PUBLIC: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_TWITTER_PRIVATE: _ClassVar[ThirdPartyPlatform]
    THIRD_PARTY_PLATFORM_CUSTOM: _ClassVar[ThirdPartyPlatform]

class Direction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIRECTION_UNSPECIFIED: _ClassVar[Direction]
    DIRECTION_INBOUND: _ClassVar[Direction]
    DIRECTION_OUTBOUND: _ClassVar[Direction]

class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATE_UNSPECIFIED: _ClassVar[State]
    STATE_NEW: _ClassVar[State]
    STATE_AUTOMATED: _ClassVar[State]
    STATE_QUEUED: _ClassVar[State]
    STATE_OFFERED: _ClassVar[State]
    STATE_ACTIVE: _ClassVar[State]
    STATE_WAITING: _ClassVar[State]
    STATE_SNOOZED: _ClassVar[State]
    STATE_WRAP_UP: _ClassVar[State]
    STATE_COMPLETED: _ClassVar[State]

class CompletionReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLETION_REASON_UNSPECIFIED: _ClassVar[CompletionReason]
    COMPLETION_REASON_RESOLVED: _ClassVar[CompletionReason]
    COMPLETION_REASON_ABANDONED: _ClassVar[CompletionReason]
    COMPLETION_REASON_EXPIRED: _ClassVar[CompletionReason]
    COMPLETION_REASON_CANCELLED: _ClassVar[CompletionReason]
    COMPLETION_REASON_TRANSFERRED_OUT: _ClassVar[CompletionReason]
    COMPLETION_REASON_FAILED: _ClassVar[CompletionReason]

class ParticipantRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTICIPANT_ROLE_UNSPECIFIED: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_CUSTOMER: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_AGENT: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_BOT: _ClassVar[ParticipantRole]
    PARTICIPANT_ROLE_SUPERVISOR: _ClassVar[ParticipantRole]

class ReadStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    READ_STATUS_UNSPECIFIED: _ClassVar[ReadStatus]
    READ_STATUS_READ: _ClassVar[ReadStatus]
    READ_STATUS_UNREAD: _ClassVar[ReadStatus]
TIMER_UNSPECIFIED: Timer
TIMER_INACTIVE_AFTER: Timer
TIMER_COMPLETE_AFTER: Timer
TIMER_OFFER_TIMEOUT: Timer
TIMER_QUEUE_TIMEOUT: Timer
TIMER_WRAP_UP_MAX: Timer
TIMER_SNOOZE_UNTIL: Timer
MESSAGE_DELIVERY_STATE_UNSPECIFIED: MessageDeliveryState
MESSAGE_DELIVERY_STATE_ACCEPTED: MessageDeliveryState
MESSAGE_DELIVERY_STATE_SENT: MessageDeliveryState
MESSAGE_DELIVERY_STATE_DELIVERED: MessageDeliveryState
MESSAGE_DELIVERY_STATE_READ: MessageDeliveryState
MESSAGE_DELIVERY_STATE_FAILED: MessageDeliveryState
MEDIA_TYPE_UNSPECIFIED: MediaType
MEDIA_TYPE_CHAT: MediaType
MEDIA_TYPE_EMAIL: MediaType
MEDIA_TYPE_SMS: MediaType
MEDIA_TYPE_THIRD_PARTY: MediaType
THIRD_PARTY_PLATFORM_UNSPECIFIED: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_WHATSAPP: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_FACEBOOK_PUBLIC: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_FACEBOOK_PRIVATE: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_TWITTER_PUBLIC: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_TWITTER_PRIVATE: ThirdPartyPlatform
THIRD_PARTY_PLATFORM_CUSTOM: ThirdPartyPlatform
DIRECTION_UNSPECIFIED: Direction
DIRECTION_INBOUND: Direction
DIRECTION_OUTBOUND: Direction
STATE_UNSPECIFIED: State
STATE_NEW: State
STATE_AUTOMATED: State
STATE_QUEUED: State
STATE_OFFERED: State
STATE_ACTIVE: State
STATE_WAITING: State
STATE_SNOOZED: State
STATE_WRAP_UP: State
STATE_COMPLETED: State
COMPLETION_REASON_UNSPECIFIED: CompletionReason
COMPLETION_REASON_RESOLVED: CompletionReason
COMPLETION_REASON_ABANDONED: CompletionReason
COMPLETION_REASON_EXPIRED: CompletionReason
COMPLETION_REASON_CANCELLED: CompletionReason
COMPLETION_REASON_TRANSFERRED_OUT: CompletionReason
COMPLETION_REASON_FAILED: CompletionReason
PARTICIPANT_ROLE_UNSPECIFIED: ParticipantRole
PARTICIPANT_ROLE_CUSTOMER: ParticipantRole
PARTICIPANT_ROLE_AGENT: ParticipantRole
PARTICIPANT_ROLE_BOT: ParticipantRole
PARTICIPANT_ROLE_SUPERVISOR: ParticipantRole
READ_STATUS_UNSPECIFIED: ReadStatus
READ_STATUS_READ: ReadStatus
READ_STATUS_UNREAD: ReadStatus

class Interaction(_message.Message):
    __slots__ = ("name", "media_type", "third_party_platform", "custom_platform", "direction", "state", "completion_reason", "channel", "customer_address", "securebox", "thread_id", "priority", "subject", "attributes", "queue", "assigned_agent", "assigned_bot", "snooze_until", "unread_count", "message_count", "sequence", "create_time", "update_time", "complete_time", "etag", "next_timer", "state_time", "last_message_time", "queue_time")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    THIRD_PARTY_PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PLATFORM_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_REASON_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SECUREBOX_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AGENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_BOT_FIELD_NUMBER: _ClassVar[int]
    SNOOZE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIMER_FIELD_NUMBER: _ClassVar[int]
    STATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_MESSAGE_TIME_FIELD_NUMBER: _ClassVar[int]
    QUEUE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    media_type: MediaType
    third_party_platform: ThirdPartyPlatform
    custom_platform: str
    direction: Direction
    state: State
    completion_reason: CompletionReason
    channel: str
    customer_address: str
    securebox: str
    thread_id: str
    priority: int
    subject: str
    attributes: _containers.ScalarMap[str, str]
    queue: str
    assigned_agent: str
    assigned_bot: str
    snooze_until: _timestamp_pb2.Timestamp
    unread_count: int
    message_count: int
    sequence: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    etag: str
    next_timer: NextTimer
    state_time: _timestamp_pb2.Timestamp
    last_message_time: _timestamp_pb2.Timestamp
    queue_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., media_type: _Optional[_Union[MediaType, str]] = ..., third_party_platform: _Optional[_Union[ThirdPartyPlatform, str]] = ..., custom_platform: _Optional[str] = ..., direction: _Optional[_Union[Direction, str]] = ..., state: _Optional[_Union[State, str]] = ..., completion_reason: _Optional[_Union[CompletionReason, str]] = ..., channel: _Optional[str] = ..., customer_address: _Optional[str] = ..., securebox: _Optional[str] = ..., thread_id: _Optional[str] = ..., priority: _Optional[int] = ..., subject: _Optional[str] = ..., attributes: _Optional[_Mapping[str, str]] = ..., queue: _Optional[str] = ..., assigned_agent: _Optional[str] = ..., assigned_bot: _Optional[str] = ..., snooze_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., unread_count: _Optional[int] = ..., message_count: _Optional[int] = ..., sequence: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., next_timer: _Optional[_Union[NextTimer, _Mapping]] = ..., state_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_message_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., queue_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NextTimer(_message.Message):
    __slots__ = ("timer", "due_time")
    TIMER_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    timer: Timer
    due_time: _timestamp_pb2.Timestamp
    def __init__(self, timer: _Optional[_Union[Timer, str]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TimerPolicy(_message.Message):
    __slots__ = ("name", "media_type", "inactive_after", "complete_after", "offer_timeout", "queue_timeout", "wrap_up_max", "default_fields", "update_time", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_AFTER_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AFTER_FIELD_NUMBER: _ClassVar[int]
    OFFER_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    QUEUE_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    WRAP_UP_MAX_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    media_type: MediaType
    inactive_after: _duration_pb2.Duration
    complete_after: _duration_pb2.Duration
    offer_timeout: _duration_pb2.Duration
    queue_timeout: _duration_pb2.Duration
    wrap_up_max: _duration_pb2.Duration
    default_fields: _containers.RepeatedScalarFieldContainer[str]
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., media_type: _Optional[_Union[MediaType, str]] = ..., inactive_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., complete_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., offer_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., queue_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., wrap_up_max: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., default_fields: _Optional[_Iterable[str]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class Participant(_message.Message):
    __slots__ = ("name", "role", "display_name", "identity", "join_time", "leave_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    JOIN_TIME_FIELD_NUMBER: _ClassVar[int]
    LEAVE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    role: ParticipantRole
    display_name: str
    identity: str
    join_time: _timestamp_pb2.Timestamp
    leave_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., role: _Optional[_Union[ParticipantRole, str]] = ..., display_name: _Optional[str] = ..., identity: _Optional[str] = ..., join_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., leave_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("name", "index", "sender", "direction", "text", "attachments", "internal", "external_id", "create_time", "read_time", "delivery")
    NAME_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    name: str
    index: int
    sender: str
    direction: Direction
    text: str
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    internal: bool
    external_id: str
    create_time: _timestamp_pb2.Timestamp
    read_time: _timestamp_pb2.Timestamp
    delivery: MessageDelivery
    def __init__(self, name: _Optional[str] = ..., index: _Optional[int] = ..., sender: _Optional[str] = ..., direction: _Optional[_Union[Direction, str]] = ..., text: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., internal: _Optional[bool] = ..., external_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivery: _Optional[_Union[MessageDelivery, _Mapping]] = ...) -> None: ...

class MessageDelivery(_message.Message):
    __slots__ = ("state", "provider_message_id", "error_code", "error_message", "attempts", "accept_time", "send_time", "deliver_time", "read_time", "fail_time")
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_TIME_FIELD_NUMBER: _ClassVar[int]
    SEND_TIME_FIELD_NUMBER: _ClassVar[int]
    DELIVER_TIME_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    FAIL_TIME_FIELD_NUMBER: _ClassVar[int]
    state: MessageDeliveryState
    provider_message_id: str
    error_code: str
    error_message: str
    attempts: int
    accept_time: _timestamp_pb2.Timestamp
    send_time: _timestamp_pb2.Timestamp
    deliver_time: _timestamp_pb2.Timestamp
    read_time: _timestamp_pb2.Timestamp
    fail_time: _timestamp_pb2.Timestamp
    def __init__(self, state: _Optional[_Union[MessageDeliveryState, str]] = ..., provider_message_id: _Optional[str] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ..., attempts: _Optional[int] = ..., accept_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., send_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deliver_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fail_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TypingIndicator(_message.Message):
    __slots__ = ("sender", "role", "active", "expire_time", "reason")
    SENDER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    sender: str
    role: ParticipantRole
    active: bool
    expire_time: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, sender: _Optional[str] = ..., role: _Optional[_Union[ParticipantRole, str]] = ..., active: _Optional[bool] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class Attachment(_message.Message):
    __slots__ = ("filename", "content_type", "size_bytes", "uri")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    URI_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content_type: str
    size_bytes: int
    uri: str
    def __init__(self, filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., uri: _Optional[str] = ...) -> None: ...
