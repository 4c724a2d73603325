// Original file: ../../proto/nexus/v1/event_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListEventsRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  'eventTypes'?: (string)[];
  'interaction'?: (string);
  'afterCursor'?: (number | string | Long);
}

export interface ListEventsRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  'eventTypes': (string)[];
  'interaction': (string);
  'afterCursor': (string);
}
