// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface RotateChannelSecretResponse {
  'channel'?: (_nexus_v1_Channel | null);
  'secret'?: (string);
  'previousSecretExpireTime'?: (_google_protobuf_Timestamp | null);
}

export interface RotateChannelSecretResponse__Output {
  'channel': (_nexus_v1_Channel__Output | null);
  'secret': (string);
  'previousSecretExpireTime': (_google_protobuf_Timestamp__Output | null);
}
