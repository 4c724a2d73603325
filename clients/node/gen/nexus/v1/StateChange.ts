// Original file: ../../proto/nexus/v1/event.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';
import type { Timer as _nexus_v1_Timer, Timer__Output as _nexus_v1_Timer__Output } from '../../nexus/v1/Timer';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface StateChange {
  'fromState'?: (_nexus_v1_State);
  'toState'?: (_nexus_v1_State);
  'method'?: (string);
  'reason'?: (string);
  'timer'?: (_nexus_v1_Timer);
  'timerDueTime'?: (_google_protobuf_Timestamp | null);
}

export interface StateChange__Output {
  'fromState': (_nexus_v1_State__Output);
  'toState': (_nexus_v1_State__Output);
  'method': (string);
  'reason': (string);
  'timer': (_nexus_v1_Timer__Output);
  'timerDueTime': (_google_protobuf_Timestamp__Output | null);
}
