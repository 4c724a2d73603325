import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import empty_pb2 as _empty_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.rpc import status_pb2 as _status_pb2
from nexus.v1 import channel_pb2 as _channel_pb2
from nexus.v1 import interaction_pb2 as _interaction_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateChannelRequest(_message.Message):
    __slots__ = ("channel", "request_id")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    channel: _channel_pb2.Channel
    request_id: str
    def __init__(self, channel: _Optional[_Union[_channel_pb2.Channel, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetChannelRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListChannelsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "kind")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    kind: _channel_pb2.ChannelKind
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kind: _Optional[_Union[_channel_pb2.ChannelKind, str]] = ...) -> None: ...

class ListChannelsResponse(_message.Message):
    __slots__ = ("channels", "next_page_token")
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedCompositeFieldContainer[_channel_pb2.Channel]
    next_page_token: str
    def __init__(self, channels: _Optional[_Iterable[_Union[_channel_pb2.Channel, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateChannelRequest(_message.Message):
    __slots__ = ("channel", "update_mask", "request_id")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    channel: _channel_pb2.Channel
    update_mask: _field_mask_pb2.FieldMask
    request_id: str
    def __init__(self, channel: _Optional[_Union[_channel_pb2.Channel, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class DeleteChannelRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class RotateChannelSecretRequest(_message.Message):
    __slots__ = ("name", "grace_period", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    GRACE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    grace_period: _duration_pb2.Duration
    request_id: str
    def __init__(self, name: _Optional[str] = ..., grace_period: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RotateChannelSecretResponse(_message.Message):
    __slots__ = ("channel", "secret", "previous_secret_expire_time")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_SECRET_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    channel: _channel_pb2.Channel
    secret: str
    previous_secret_expire_time: _timestamp_pb2.Timestamp
    def __init__(self, channel: _Optional[_Union[_channel_pb2.Channel, _Mapping]] = ..., secret: _Optional[str] = ..., previous_secret_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReceiveMessagesRequest(_message.Message):
    __slots__ = ("channel", "messages")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    channel: str
    messages: _containers.RepeatedCompositeFieldContainer[InboundMessage]
    def __init__(self, channel: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[InboundMessage, _Mapping]]] = ...) -> None: ...

class InboundMessage(_message.Message):
    __slots__ = ("external_message_id", "customer_address", "display_name", "thread_id", "text", "attachments", "provider_time", "subject")
    EXTERNAL_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TIME_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    external_message_id: str
    customer_address: str
    display_name: str
    thread_id: str
    text: str
    attachments: _containers.RepeatedCompositeFieldContainer[_interaction_pb2.Attachment]
    provider_time: _timestamp_pb2.Timestamp
    subject: str
    def __init__(self, external_message_id: _Optional[str] = ..., customer_address: _Optional[str] = ..., display_name: _Optional[str] = ..., thread_id: _Optional[str] = ..., text: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[_interaction_pb2.Attachment, _Mapping]]] = ..., provider_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subject: _Optional[str] = ...) -> None: ...

class ReceiveMessagesResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ReceivedMessage]
    def __init__(self, results: _Optional[_Iterable[_Union[ReceivedMessage, _Mapping]]] = ...) -> None: ...

class ReceivedMessage(_message.Message):
    __slots__ = ("message", "interaction", "duplicate", "error")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    message: _interaction_pb2.Message
    interaction: str
    duplicate: bool
    error: _status_pb2.Status
    def __init__(self, message: _Optional[_Union[_interaction_pb2.Message, _Mapping]] = ..., interaction: _Optional[str] = ..., duplicate: _Optional[bool] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...

class ReceiveReceiptsRequest(_message.Message):
    __slots__ = ("channel", "receipts")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    channel: str
    receipts: _containers.RepeatedCompositeFieldContainer[Receipt]
    def __init__(self, channel: _Optional[str] = ..., receipts: _Optional[_Iterable[_Union[Receipt, _Mapping]]] = ...) -> None: ...

class Receipt(_message.Message):
    __slots__ = ("message", "provider_message_id", "state", "error_code", "error_message", "provider_time")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TIME_FIELD_NUMBER: _ClassVar[int]
    message: str
    provider_message_id: str
    state: _interaction_pb2.MessageDeliveryState
    error_code: str
    error_message: str
    provider_time: _timestamp_pb2.Timestamp
    def __init__(self, message: _Optional[str] = ..., provider_message_id: _Optional[str] = ..., state: _Optional[_Union[_interaction_pb2.MessageDeliveryState, str]] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ..., provider_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReceiveReceiptsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ReceiptResult]
    def __init__(self, results: _Optional[_Iterable[_Union[ReceiptResult, _Mapping]]] = ...) -> None: ...

class ReceiptResult(_message.Message):
    __slots__ = ("message", "applied", "error")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    message: _interaction_pb2.Message
    applied: bool
    error: _status_pb2.Status
    def __init__(self, message: _Optional[_Union[_interaction_pb2.Message, _Mapping]] = ..., applied: _Optional[bool] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...

class ReceiveProviderRequestRequest(_message.Message):
    __slots__ = ("channel", "topic", "body")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    channel: str
    topic: str
    body: _httpbody_pb2.HttpBody
    def __init__(self, channel: _Optional[str] = ..., topic: _Optional[str] = ..., body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...
