// Original file: ../../proto/nexus/v1/event_service.proto

import type { Event as _nexus_v1_Event, Event__Output as _nexus_v1_Event__Output } from '../../nexus/v1/Event';
import type { Heartbeat as _nexus_v1_Heartbeat, Heartbeat__Output as _nexus_v1_Heartbeat__Output } from '../../nexus/v1/Heartbeat';

export interface WatchEventsResponse {
  'event'?: (_nexus_v1_Event | null);
  'heartbeat'?: (_nexus_v1_Heartbeat | null);
  'item'?: "event"|"heartbeat";
}

export interface WatchEventsResponse__Output {
  'event'?: (_nexus_v1_Event__Output | null);
  'heartbeat'?: (_nexus_v1_Heartbeat__Output | null);
  'item'?: "event"|"heartbeat";
}
