// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateChannelRequest {
  'channel'?: (_nexus_v1_Channel | null);
  'updateMask'?: (_google_protobuf_FieldMask | null);
  'requestId'?: (string);
}

export interface UpdateChannelRequest__Output {
  'channel': (_nexus_v1_Channel__Output | null);
  'updateMask': (_google_protobuf_FieldMask__Output | null);
  'requestId': (string);
}
