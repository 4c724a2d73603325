// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface RotateChannelSecretRequest {
  'name'?: (string);
  'gracePeriod'?: (_google_protobuf_Duration | null);
  'requestId'?: (string);
}

export interface RotateChannelSecretRequest__Output {
  'name': (string);
  'gracePeriod': (_google_protobuf_Duration__Output | null);
  'requestId': (string);
}
