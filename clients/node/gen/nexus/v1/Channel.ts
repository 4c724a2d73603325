// Original file: ../../proto/nexus/v1/channel.proto

import type { ChannelKind as _nexus_v1_ChannelKind, ChannelKind__Output as _nexus_v1_ChannelKind__Output } from '../../nexus/v1/ChannelKind';
import type { ChannelProfile as _nexus_v1_ChannelProfile, ChannelProfile__Output as _nexus_v1_ChannelProfile__Output } from '../../nexus/v1/ChannelProfile';
import type { ProviderSettings as _nexus_v1_ProviderSettings, ProviderSettings__Output as _nexus_v1_ProviderSettings__Output } from '../../nexus/v1/ProviderSettings';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Channel {
  'name'?: (string);
  'kind'?: (_nexus_v1_ChannelKind);
  'displayName'?: (string);
  'profile'?: (_nexus_v1_ChannelProfile);
  'provider'?: (_nexus_v1_ProviderSettings | null);
  'outboundUrl'?: (string);
  'enabled'?: (boolean);
  'defaultQueue'?: (string);
  'bot'?: (string);
  'secret'?: (string);
  'inboundPath'?: (string);
  'supportsTyping'?: (boolean);
  'previousSecretExpireTime'?: (_google_protobuf_Timestamp | null);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'etag'?: (string);
  '_enabled'?: "enabled";
}

export interface Channel__Output {
  'name': (string);
  'kind': (_nexus_v1_ChannelKind__Output);
  'displayName': (string);
  'profile': (_nexus_v1_ChannelProfile__Output);
  'provider': (_nexus_v1_ProviderSettings__Output | null);
  'outboundUrl': (string);
  'enabled'?: (boolean);
  'defaultQueue': (string);
  'bot': (string);
  'secret': (string);
  'inboundPath': (string);
  'supportsTyping': (boolean);
  'previousSecretExpireTime': (_google_protobuf_Timestamp__Output | null);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'etag': (string);
  '_enabled'?: "enabled";
}
