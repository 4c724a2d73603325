// Original file: ../../proto/nexus/v1/event_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Long } from '@grpc/proto-loader';

export interface WatchEventsRequest {
  'afterCursor'?: (number | string | Long);
  'eventTypes'?: (string)[];
  'interaction'?: (string);
  'heartbeatInterval'?: (_google_protobuf_Duration | null);
  '_afterCursor'?: "afterCursor";
}

export interface WatchEventsRequest__Output {
  'afterCursor'?: (string);
  'eventTypes': (string)[];
  'interaction': (string);
  'heartbeatInterval': (_google_protobuf_Duration__Output | null);
  '_afterCursor'?: "afterCursor";
}
