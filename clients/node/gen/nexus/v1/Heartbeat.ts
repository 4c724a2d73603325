// Original file: ../../proto/nexus/v1/event_service.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'cursor'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'cursor': (string);
}
