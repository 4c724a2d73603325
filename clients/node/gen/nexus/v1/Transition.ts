// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';

export interface Transition {
  'fromState'?: (_nexus_v1_State);
  'toState'?: (_nexus_v1_State);
  'method'?: (string);
  'description'?: (string);
}

export interface Transition__Output {
  'fromState': (_nexus_v1_State__Output);
  'toState': (_nexus_v1_State__Output);
  'method': (string);
  'description': (string);
}
