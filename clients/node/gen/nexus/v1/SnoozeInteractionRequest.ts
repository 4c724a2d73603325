// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface SnoozeInteractionRequest {
  'name'?: (string);
  'snoozeUntil'?: (_google_protobuf_Timestamp | null);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface SnoozeInteractionRequest__Output {
  'name': (string);
  'snoozeUntil': (_google_protobuf_Timestamp__Output | null);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
