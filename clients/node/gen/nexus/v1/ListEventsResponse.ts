// Original file: ../../proto/nexus/v1/event_service.proto

import type { Event as _nexus_v1_Event, Event__Output as _nexus_v1_Event__Output } from '../../nexus/v1/Event';
import type { Long } from '@grpc/proto-loader';

export interface ListEventsResponse {
  'events'?: (_nexus_v1_Event)[];
  'nextPageToken'?: (string);
  'lastCursor'?: (number | string | Long);
}

export interface ListEventsResponse__Output {
  'events': (_nexus_v1_Event__Output)[];
  'nextPageToken': (string);
  'lastCursor': (string);
}
