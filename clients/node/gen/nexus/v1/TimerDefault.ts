// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { MediaType as _nexus_v1_MediaType, MediaType__Output as _nexus_v1_MediaType__Output } from '../../nexus/v1/MediaType';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface TimerDefault {
  'mediaType'?: (_nexus_v1_MediaType);
  'after'?: (_google_protobuf_Duration | null);
}

export interface TimerDefault__Output {
  'mediaType': (_nexus_v1_MediaType__Output);
  'after': (_google_protobuf_Duration__Output | null);
}
