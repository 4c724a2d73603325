// Original file: ../../proto/nexus/v1/interaction.proto

import type { MediaType as _nexus_v1_MediaType, MediaType__Output as _nexus_v1_MediaType__Output } from '../../nexus/v1/MediaType';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface TimerPolicy {
  'name'?: (string);
  'mediaType'?: (_nexus_v1_MediaType);
  'inactiveAfter'?: (_google_protobuf_Duration | null);
  'completeAfter'?: (_google_protobuf_Duration | null);
  'offerTimeout'?: (_google_protobuf_Duration | null);
  'queueTimeout'?: (_google_protobuf_Duration | null);
  'wrapUpMax'?: (_google_protobuf_Duration | null);
  'defaultFields'?: (string)[];
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'etag'?: (string);
}

export interface TimerPolicy__Output {
  'name': (string);
  'mediaType': (_nexus_v1_MediaType__Output);
  'inactiveAfter': (_google_protobuf_Duration__Output | null);
  'completeAfter': (_google_protobuf_Duration__Output | null);
  'offerTimeout': (_google_protobuf_Duration__Output | null);
  'queueTimeout': (_google_protobuf_Duration__Output | null);
  'wrapUpMax': (_google_protobuf_Duration__Output | null);
  'defaultFields': (string)[];
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'etag': (string);
}
