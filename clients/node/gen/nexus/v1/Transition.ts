// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';
import type { Timer as _nexus_v1_Timer, Timer__Output as _nexus_v1_Timer__Output } from '../../nexus/v1/Timer';
import type { TimerDefault as _nexus_v1_TimerDefault, TimerDefault__Output as _nexus_v1_TimerDefault__Output } from '../../nexus/v1/TimerDefault';

export interface Transition {
  'fromState'?: (_nexus_v1_State);
  'toState'?: (_nexus_v1_State);
  'method'?: (string);
  'description'?: (string);
  'timer'?: (_nexus_v1_Timer);
  'timerDefaults'?: (_nexus_v1_TimerDefault)[];
}

export interface Transition__Output {
  'fromState': (_nexus_v1_State__Output);
  'toState': (_nexus_v1_State__Output);
  'method': (string);
  'description': (string);
  'timer': (_nexus_v1_Timer__Output);
  'timerDefaults': (_nexus_v1_TimerDefault__Output)[];
}
