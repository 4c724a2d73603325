// Original file: ../../proto/nexus/v1/event.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';

export interface StateChange {
  'fromState'?: (_nexus_v1_State);
  'toState'?: (_nexus_v1_State);
  'method'?: (string);
  'reason'?: (string);
}

export interface StateChange__Output {
  'fromState': (_nexus_v1_State__Output);
  'toState': (_nexus_v1_State__Output);
  'method': (string);
  'reason': (string);
}
