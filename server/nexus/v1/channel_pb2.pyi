import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ChannelKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_KIND_UNSPECIFIED: _ClassVar[ChannelKind]
    CHANNEL_KIND_SMS: _ClassVar[ChannelKind]
    CHANNEL_KIND_EMAIL: _ClassVar[ChannelKind]
    CHANNEL_KIND_WHATSAPP: _ClassVar[ChannelKind]
    CHANNEL_KIND_FACEBOOK: _ClassVar[ChannelKind]
    CHANNEL_KIND_TWITTER: _ClassVar[ChannelKind]
    CHANNEL_KIND_CUSTOM: _ClassVar[ChannelKind]

class ChannelProfile(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_PROFILE_UNSPECIFIED: _ClassVar[ChannelProfile]
    CHANNEL_PROFILE_NEXUS: _ClassVar[ChannelProfile]
    CHANNEL_PROFILE_GENESYS_TPM: _ClassVar[ChannelProfile]
    CHANNEL_PROFILE_TWILIO: _ClassVar[ChannelProfile]
    CHANNEL_PROFILE_SMTP: _ClassVar[ChannelProfile]
CHANNEL_KIND_UNSPECIFIED: ChannelKind
CHANNEL_KIND_SMS: ChannelKind
CHANNEL_KIND_EMAIL: ChannelKind
CHANNEL_KIND_WHATSAPP: ChannelKind
CHANNEL_KIND_FACEBOOK: ChannelKind
CHANNEL_KIND_TWITTER: ChannelKind
CHANNEL_KIND_CUSTOM: ChannelKind
CHANNEL_PROFILE_UNSPECIFIED: ChannelProfile
CHANNEL_PROFILE_NEXUS: ChannelProfile
CHANNEL_PROFILE_GENESYS_TPM: ChannelProfile
CHANNEL_PROFILE_TWILIO: ChannelProfile
CHANNEL_PROFILE_SMTP: ChannelProfile

class Channel(_message.Message):
    __slots__ = ("name", "kind", "display_name", "profile", "provider", "outbound_url", "enabled", "default_queue", "bot", "secret", "inbound_path", "supports_typing", "previous_secret_expire_time", "create_time", "update_time", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_URL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_QUEUE_FIELD_NUMBER: _ClassVar[int]
    BOT_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PATH_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_TYPING_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_SECRET_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: ChannelKind
    display_name: str
    profile: ChannelProfile
    provider: ProviderSettings
    outbound_url: str
    enabled: bool
    default_queue: str
    bot: str
    secret: str
    inbound_path: str
    supports_typing: bool
    previous_secret_expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[ChannelKind, str]] = ..., display_name: _Optional[str] = ..., profile: _Optional[_Union[ChannelProfile, str]] = ..., provider: _Optional[_Union[ProviderSettings, _Mapping]] = ..., outbound_url: _Optional[str] = ..., enabled: _Optional[bool] = ..., default_queue: _Optional[str] = ..., bot: _Optional[str] = ..., secret: _Optional[str] = ..., inbound_path: _Optional[str] = ..., supports_typing: _Optional[bool] = ..., previous_secret_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class ProviderSettings(_message.Message):
    __slots__ = ("sender_id", "from_address", "account_id", "credentials", "has_credentials", "smtp_host", "smtp_port", "smtp_starttls", "smtp_username")
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    HAS_CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    SMTP_HOST_FIELD_NUMBER: _ClassVar[int]
    SMTP_PORT_FIELD_NUMBER: _ClassVar[int]
    SMTP_STARTTLS_FIELD_NUMBER: _ClassVar[int]
    SMTP_USERNAME_FIELD_NUMBER: _ClassVar[int]
    sender_id: str
    from_address: str
    account_id: str
    credentials: str
    has_credentials: bool
    smtp_host: str
    smtp_port: int
    smtp_starttls: bool
    smtp_username: str
    def __init__(self, sender_id: _Optional[str] = ..., from_address: _Optional[str] = ..., account_id: _Optional[str] = ..., credentials: _Optional[str] = ..., has_credentials: _Optional[bool] = ..., smtp_host: _Optional[str] = ..., smtp_port: _Optional[int] = ..., smtp_starttls: _Optional[bool] = ..., smtp_username: _Optional[str] = ...) -> None: ...
